//! The `organizations` table.

use sea_orm::ActiveValue;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub actor_type: String,
    pub country: Option<String>,
    pub verified: bool,
    pub created_at: DateTimeUtc,
    /// The name folded for matching (praxis_core::fold), kept in step on every save.
    pub search_key: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C>(mut self, _db: &C, _insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        if let ActiveValue::Set(name) = &self.name {
            self.search_key = ActiveValue::Set(praxis_core::fold::search_key(name));
        }
        Ok(self)
    }
}
