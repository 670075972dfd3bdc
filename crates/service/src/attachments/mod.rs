//! Files attached to library documents: upload_attachment, delete_attachment, and the lookup
//! behind the download endpoint. Types are told from the content, never the name; files are
//! stored once by content hash; text is extracted from PDF, DOCX and ODT so search can index
//! a report's full text.

mod detect;
mod extract;
mod store;

use std::path::PathBuf;

use anyhow::Context as _;
use praxis_core::ids::new_id;
use praxis_core::types::DocumentStatus;
use praxis_core::workflow;
use praxis_core::{Error, Result};
use praxis_db::entities::attachment;
use praxis_db::outbox::{self, Entity, Op};
use praxis_db::queries::documents;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, TransactionTrait};
use uuid::Uuid;

pub use detect::FileKind;

use crate::Praxis;
use crate::viewer::Viewer;

/// Where files live and how large they may be.
#[derive(Debug, Clone)]
pub struct AttachmentSettings {
    pub dir: PathBuf,
    pub max_bytes: usize,
}

const FILENAME_MAX_CHARS: usize = 200;

/// The name as the uploader's system gave it, without any path, control characters or excess.
fn clean_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String =
        base.chars().filter(|c| !c.is_control()).take(FILENAME_MAX_CHARS).collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "attachment".to_owned()
    } else {
        cleaned
    }
}

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

impl Praxis {
    /// Attaches a file to a document the viewer may edit.
    #[tracing::instrument(skip(self, viewer, filename, content), fields(size = content.len()))]
    pub async fn upload_attachment(
        &self,
        viewer: &Viewer,
        document_id: Uuid,
        filename: &str,
        content: Vec<u8>,
    ) -> Result<attachment::Model> {
        let actor = *viewer.actor()?;
        let document = documents::find_readable(&self.db.conn, &viewer.reader(), document_id)
            .await
            .context("find document")?
            .ok_or_else(|| Error::not_found("document"))?;
        let status = DocumentStatus::parse(&document.status).unwrap_or(DocumentStatus::Archived);
        if !workflow::may_edit(&actor, document.author_id, status) {
            return Err(Error::forbidden("you can attach files only to documents you may edit"));
        }
        let limit = self.attachments.max_bytes;
        if content.len() > limit {
            return Err(Error::bad_input(
                "file",
                format!(
                    "the file is {}; the limit is {}",
                    megabytes(content.len()),
                    megabytes(limit)
                ),
            ));
        }
        let kind = detect::sniff(&content).ok_or_else(|| {
            Error::bad_input("file", "upload a PDF, Word (DOCX), OpenDocument (ODT), plain-text or image (PNG, JPEG, WebP, GIF) file")
        })?;
        let (content, text) = tokio::task::spawn_blocking(move || {
            let text = extract::text(kind, &content);
            (content, text)
        })
        .await
        .context("text extraction task")?;
        let text = text?;
        let stored = store::save(&self.attachments.dir, &content).await?;
        let row = attachment::ActiveModel {
            id: Set(new_id()),
            document_id: Set(document.id),
            filename: Set(clean_filename(filename)),
            content_type: Set(kind.content_type().to_owned()),
            size: Set(i64::try_from(content.len()).unwrap_or(i64::MAX)),
            sha256: Set(stored),
            extracted_text: Set(text),
            uploaded_by: Set(actor.user_id),
            created_at: Set(praxis_db::now()),
        };
        let txn = self.db.conn.begin().await.context("begin upload")?;
        let attachment = row.insert(&txn).await.context("insert attachment")?;
        outbox::record(&txn, Entity::Document, document.id, Op::Upsert).await.context("outbox")?;
        self.commit_for_search(txn, "commit upload").await?;
        tracing::info!(attachment_id = %attachment.id, content_type = %attachment.content_type, "attachment stored");
        Ok(attachment)
    }

    /// Removes an attachment from a document the viewer may edit; the file goes when no
    /// attachment uses it any more.
    pub async fn delete_attachment(&self, viewer: &Viewer, id: Uuid) -> Result<bool> {
        let actor = *viewer.actor()?;
        let attachment = self.readable_attachment(viewer, id).await?;
        let document = documents::find(&self.db.conn, attachment.document_id)
            .await
            .context("find document")?
            .ok_or_else(|| Error::not_found("attachment"))?;
        let status = DocumentStatus::parse(&document.status).unwrap_or(DocumentStatus::Archived);
        if !workflow::may_edit(&actor, document.author_id, status) {
            return Err(Error::forbidden("you can remove files only from documents you may edit"));
        }
        let txn = self.db.conn.begin().await.context("begin delete attachment")?;
        attachment::Entity::delete_by_id(id).exec(&txn).await.context("delete attachment")?;
        outbox::record(&txn, Entity::Document, document.id, Op::Upsert).await.context("outbox")?;
        self.commit_for_search(txn, "commit delete attachment").await?;
        store::remove_if_unused(&self.db.conn, &self.attachments.dir, &attachment.sha256).await?;
        Ok(true)
    }

    /// An attachment whose document the viewer may read, with the path of its file.
    pub async fn attachment_for_download(
        &self,
        viewer: &Viewer,
        id: Uuid,
    ) -> Result<(attachment::Model, PathBuf)> {
        let attachment = self.readable_attachment(viewer, id).await?;
        let path = store::path_of(&self.attachments.dir, &attachment.sha256)?;
        Ok((attachment, path))
    }

    async fn readable_attachment(&self, viewer: &Viewer, id: Uuid) -> Result<attachment::Model> {
        documents::readable_attachments(&self.db.conn, &viewer.reader(), &[id])
            .await
            .context("find attachment")?
            .pop()
            .ok_or_else(|| Error::not_found("attachment"))
    }
}

#[cfg(test)]
mod tests {
    use super::clean_filename;

    #[test]
    fn filenames_lose_paths_and_control_characters() {
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("C:\\Users\\mai\\báo cáo.pdf"), "báo cáo.pdf");
        assert_eq!(clean_filename("evil\u{0}\n.pdf"), "evil.pdf");
        assert_eq!(clean_filename(".."), "attachment");
        assert_eq!(clean_filename(""), "attachment");
    }
}
