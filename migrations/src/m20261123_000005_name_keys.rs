//! A folded copy of each person's and organisation's name (lowercase, without accents or tone
//! marks), for the pickers' "name contains" search: SQLite's lower() folds only ASCII.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::FromQueryResult;
use sea_orm_migration::sea_orm::prelude::Uuid;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(FromQueryResult)]
struct Named {
    id: Uuid,
    name: String,
}

/// Adds `search_key` to `table` and fills it from `name_column` of the rows already there.
async fn add_key(
    manager: &SchemaManager<'_>,
    table: &'static str,
    name_column: &'static str,
) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter().table(table).add_column(string("search_key").default("")).to_owned(),
        )
        .await?;
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let select = Query::select()
        .expr_as(Expr::col("id"), "id")
        .expr_as(Expr::col(name_column), "name")
        .from(table)
        .to_owned();
    let rows = Named::find_by_statement(backend.build(&select)).all(db).await?;
    for row in rows {
        let update = Query::update()
            .table(table)
            .value("search_key", praxis_core::fold::search_key(&row.name))
            .and_where(Expr::col("id").eq(row.id))
            .to_owned();
        db.execute_raw(backend.build(&update)).await?;
    }
    manager
        .create_index(
            Index::create()
                .name(format!("idx_{table}_search_key"))
                .table(table)
                .col("search_key")
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_key(manager, "users", "display_name").await?;
        add_key(manager, "organizations", "name").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["users", "organizations"] {
            manager
                .alter_table(Table::alter().table(table).drop_column("search_key").to_owned())
                .await?;
        }
        Ok(())
    }
}
