//! Spaces and their members, threads and tags, posts with revisions, reactions.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::{index, references};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("spaces")
                    .col(pk_uuid("id"))
                    .col(string_uniq("slug"))
                    .col(string("name"))
                    .col(text_null("description"))
                    .col(string("visibility"))
                    .col(string("posting_policy"))
                    .col(uuid("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut references(
                        "spaces",
                        "created_by",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("space_members")
                    .col(uuid("space_id"))
                    .col(uuid("user_id"))
                    .col(string("role"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("space_id").col("user_id"))
                    .foreign_key(&mut references(
                        "space_members",
                        "space_id",
                        "spaces",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "space_members",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("space_members", "idx_space_members_user", &["user_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("threads")
                    .col(pk_uuid("id"))
                    .col(uuid("space_id"))
                    .col(uuid("author_id"))
                    .col(string("title"))
                    .col(string("kind"))
                    .col(boolean("pinned").default(false))
                    .col(boolean("locked").default(false))
                    // No foreign key: posts reference threads, and a cycle would complicate deletes.
                    .col(uuid_null("accepted_post_id"))
                    .col(integer("reply_count").default(0))
                    .col(timestamp_with_time_zone("last_activity_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut references(
                        "threads",
                        "space_id",
                        "spaces",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "threads",
                        "author_id",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "threads",
                "idx_threads_space_activity",
                &["space_id", "last_activity_at"],
            ))
            .await?;
        manager
            .create_index(index("threads", "idx_threads_activity", &["last_activity_at"]))
            .await?;
        manager.create_index(index("threads", "idx_threads_author", &["author_id"])).await?;
        manager
            .create_table(
                Table::create()
                    .table("thread_tags")
                    .col(uuid("thread_id"))
                    .col(string("tag"))
                    .primary_key(Index::create().col("thread_id").col("tag"))
                    .foreign_key(&mut references(
                        "thread_tags",
                        "thread_id",
                        "threads",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("thread_tags", "idx_thread_tags_tag", &["tag"])).await?;
        manager
            .create_table(
                Table::create()
                    .table("posts")
                    .col(pk_uuid("id"))
                    .col(uuid("thread_id"))
                    .col(uuid("author_id"))
                    .col(text("body"))
                    .col(text("body_html"))
                    .col(uuid_null("reply_to_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("edited_at"))
                    .col(timestamp_with_time_zone_null("deleted_at"))
                    .foreign_key(&mut references(
                        "posts",
                        "thread_id",
                        "threads",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "posts",
                        "author_id",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut references(
                        "posts",
                        "reply_to_id",
                        "posts",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("posts", "idx_posts_thread", &["thread_id", "id"])).await?;
        manager
            .create_table(
                Table::create()
                    .table("post_revisions")
                    .col(pk_uuid("id"))
                    .col(uuid("post_id"))
                    .col(text("body"))
                    .col(uuid("editor_id"))
                    .col(timestamp_with_time_zone("edited_at"))
                    .foreign_key(&mut references(
                        "post_revisions",
                        "post_id",
                        "posts",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "post_revisions",
                        "editor_id",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("post_revisions", "idx_post_revisions_post", &["post_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("reactions")
                    .col(uuid("post_id"))
                    .col(uuid("user_id"))
                    .col(string("kind"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("post_id").col("user_id").col("kind"))
                    .foreign_key(&mut references(
                        "reactions",
                        "post_id",
                        "posts",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "reactions",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "reactions",
            "post_revisions",
            "posts",
            "thread_tags",
            "threads",
            "space_members",
            "spaces",
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
