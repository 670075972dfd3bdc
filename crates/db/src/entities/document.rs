//! The `documents` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    pub kind: String,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub body: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub body_html: Option<String>,
    /// JSON object of the template sections.
    #[sea_orm(column_type = "Text", nullable)]
    pub sections: Option<String>,
    pub language: String,
    pub year: Option<i32>,
    pub organization_id: Option<Uuid>,
    pub author_id: Uuid,
    pub source_url: Option<String>,
    pub translation_of: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
    pub last_verified_at: Option<DateTimeUtc>,
    pub listed_at: DateTimeUtc,
    /// SHA-256 (hex) of the import record the document came from; `None` if not imported.
    pub import_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
