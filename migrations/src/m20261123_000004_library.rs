//! The knowledge library: documents with their taxonomy terms, workflow events, attachments, and
//! the threads that cite them.

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
                    .table("documents")
                    .col(pk_uuid("id"))
                    .col(string("title"))
                    .col(string("kind"))
                    .col(string("status"))
                    .col(text("summary"))
                    .col(text_null("body"))
                    .col(text_null("body_html"))
                    // The good-practice template's sections, as a JSON object of optional strings.
                    .col(text_null("sections"))
                    .col(string("language"))
                    .col(integer_null("year"))
                    .col(uuid_null("organization_id"))
                    .col(uuid("author_id"))
                    .col(string_null("source_url"))
                    .col(uuid_null("translation_of"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("submitted_at"))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .col(timestamp_with_time_zone_null("last_verified_at"))
                    // When the document appeared: its creation, then its publication. Never null,
                    // so "newest first" pages the same way on SQLite and PostgreSQL.
                    .col(timestamp_with_time_zone("listed_at"))
                    .foreign_key(&mut references(
                        "documents",
                        "author_id",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut references(
                        "documents",
                        "organization_id",
                        "organizations",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut references(
                        "documents",
                        "translation_of",
                        "documents",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_documents_listed", &["listed_at", "id"][..]),
            ("idx_documents_status_submitted", &["status", "submitted_at"][..]),
            ("idx_documents_status_verified", &["status", "last_verified_at"][..]),
            ("idx_documents_author", &["author_id"][..]),
            ("idx_documents_translation_of", &["translation_of"][..]),
        ] {
            manager.create_index(index("documents", name, columns)).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("document_terms")
                    .col(uuid("document_id"))
                    // country | pillar | priority_action | theme
                    .col(string("facet"))
                    .col(string("value"))
                    .primary_key(Index::create().col("document_id").col("facet").col("value"))
                    .foreign_key(&mut references(
                        "document_terms",
                        "document_id",
                        "documents",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "document_terms",
                "idx_document_terms_value",
                &["facet", "value", "document_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("document_events")
                    .col(pk_uuid("id"))
                    .col(uuid("document_id"))
                    .col(string("status"))
                    .col(uuid("actor_id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(text_null("comment"))
                    .foreign_key(&mut references(
                        "document_events",
                        "document_id",
                        "documents",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "document_events",
                        "actor_id",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "document_events",
                "idx_document_events_document",
                &["document_id", "at"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("thread_documents")
                    .col(uuid("thread_id"))
                    .col(uuid("document_id"))
                    .primary_key(Index::create().col("thread_id").col("document_id"))
                    .foreign_key(&mut references(
                        "thread_documents",
                        "thread_id",
                        "threads",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "thread_documents",
                        "document_id",
                        "documents",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "thread_documents",
                "idx_thread_documents_document",
                &["document_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("attachments")
                    .col(pk_uuid("id"))
                    .col(uuid("document_id"))
                    .col(string("filename"))
                    .col(string("content_type"))
                    .col(big_integer("size"))
                    .col(string("sha256"))
                    .col(text_null("extracted_text"))
                    .col(uuid("uploaded_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut references(
                        "attachments",
                        "document_id",
                        "documents",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "attachments",
                        "uploaded_by",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("attachments", "idx_attachments_document", &["document_id"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in
            ["attachments", "thread_documents", "document_events", "document_terms", "documents"]
        {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
