//! The knowledge library: create_document, update_document, submit_document, review_document,
//! archive_document, verify_document. Every transition is recorded with who, when and why.

use anyhow::Context as _;
use chrono::{Datelike as _, Utc};
use praxis_core::ids::new_id;
use praxis_core::limits::{DESCRIPTION_MAX_CHARS, DOCUMENT_BODY_MAX_CHARS};
use praxis_core::policy::Actor;
use praxis_core::types::{DocumentKind, DocumentStatus, Pillar};
use praxis_core::workflow::{self, Action};
use praxis_core::{Error, Result, taxonomy, validate};
use praxis_db::entities::{document, document_event, document_term};
use praxis_db::outbox::{self, Entity, Op};
use praxis_db::queries::documents::{self, COUNTRY, PILLAR, PRIORITY_ACTION, THEME};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::viewer::Viewer;
use crate::{Praxis, markdown};

/// Most countries, themes or priority actions one document may carry.
const TERMS_MAX: usize = 50;
const SECTION_MAX_CHARS: usize = 10_000;
const URL_MAX_CHARS: usize = 2_000;

/// The good-practice template. Stored as JSON; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Sections {
    pub context: Option<String>,
    pub what_was_done: Option<String>,
    pub results: Option<String>,
    pub lessons_learned: Option<String>,
    pub enabling_factors: Option<String>,
    pub challenges: Option<String>,
    pub sustainability: Option<String>,
    pub resources: Option<String>,
}

impl Sections {
    fn fields_mut(&mut self) -> [(&'static str, &mut Option<String>); 8] {
        [
            ("context", &mut self.context),
            ("whatWasDone", &mut self.what_was_done),
            ("results", &mut self.results),
            ("lessonsLearned", &mut self.lessons_learned),
            ("enablingFactors", &mut self.enabling_factors),
            ("challenges", &mut self.challenges),
            ("sustainability", &mut self.sustainability),
            ("resources", &mut self.resources),
        ]
    }

    fn validated(mut self) -> Result<Option<Self>> {
        let mut any = false;
        for (name, value) in self.fields_mut() {
            *value = match value.take().filter(|v| !v.trim().is_empty()) {
                Some(text) => Some(validate::text_block(
                    &format!("sections.{name}"),
                    &text,
                    SECTION_MAX_CHARS,
                )?),
                None => None,
            };
            any |= value.is_some();
        }
        Ok(any.then_some(self))
    }

    /// The sections' texts in template order.
    pub fn texts(self) -> [Option<String>; 8] {
        [
            self.context,
            self.what_was_done,
            self.results,
            self.lessons_learned,
            self.enabling_factors,
            self.challenges,
            self.sustainability,
            self.resources,
        ]
    }

    /// Reads the stored JSON; None if absent.
    pub fn from_stored(json: Option<&str>) -> Option<Self> {
        json.and_then(|j| serde_json::from_str(j).ok())
    }
}

/// A document as its author writes it.
#[derive(Debug, Clone)]
pub struct DocumentInput {
    pub title: String,
    pub kind: DocumentKind,
    pub summary: String,
    pub body: Option<String>,
    pub sections: Option<Sections>,
    pub language: String,
    pub countries: Vec<String>,
    pub pillars: Vec<Pillar>,
    pub priority_actions: Vec<String>,
    pub themes: Vec<String>,
    pub year: Option<i32>,
    pub organization_id: Option<Uuid>,
    pub source_url: Option<String>,
    pub translation_of: Option<Uuid>,
}

/// The input after validation, ready to store.
pub(crate) struct ValidDocument {
    title: String,
    kind: DocumentKind,
    summary: String,
    body: Option<String>,
    sections: Option<Sections>,
    language: String,
    terms: Vec<(&'static str, String)>,
    year: Option<i32>,
    organization_id: Option<Uuid>,
    source_url: Option<String>,
    translation_of: Option<Uuid>,
}

fn dedupe(values: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    for value in values {
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen
}

fn bounded(field: &str, values: Vec<String>) -> Result<Vec<String>> {
    if values.len() > TERMS_MAX {
        return Err(Error::bad_input(
            field,
            format!("use at most {TERMS_MAX} values in `{field}`"),
        ));
    }
    Ok(dedupe(values))
}

impl Praxis {
    /// Validates everything before anything is written.
    pub(crate) async fn validate_document(
        &self,
        viewer: &Viewer,
        own_id: Option<Uuid>,
        input: DocumentInput,
    ) -> Result<ValidDocument> {
        let taxonomy = &self.taxonomy;
        let title = validate::title(&input.title)?;
        let summary = validate::text_block("summary", &input.summary, DESCRIPTION_MAX_CHARS)?;
        let body = match input.body.filter(|b| !b.trim().is_empty()) {
            Some(body) => Some(validate::text_block("body", &body, DOCUMENT_BODY_MAX_CHARS)?),
            None => None,
        };
        let sections = match input.sections {
            Some(sections) => sections.validated()?,
            None => None,
        };
        let language = taxonomy.check_language("language", &input.language)?;
        let mut terms: Vec<(&'static str, String)> = Vec::new();
        let countries = input
            .countries
            .iter()
            .map(|c| taxonomy::country("countries", c))
            .collect::<Result<Vec<_>>>()?;
        terms.extend(bounded("countries", countries)?.into_iter().map(|c| (COUNTRY, c)));
        let pillars = input.pillars.iter().map(|p| p.as_str().to_owned()).collect();
        terms.extend(bounded("pillars", pillars)?.into_iter().map(|p| (PILLAR, p)));
        let actions = input
            .priority_actions
            .iter()
            .map(|a| taxonomy.check_priority_action("priorityActions", a))
            .collect::<Result<Vec<_>>>()?;
        terms
            .extend(bounded("priorityActions", actions)?.into_iter().map(|a| (PRIORITY_ACTION, a)));
        let themes = input
            .themes
            .iter()
            .map(|t| taxonomy.check_theme("themes", t))
            .collect::<Result<Vec<_>>>()?;
        terms.extend(bounded("themes", themes)?.into_iter().map(|t| (THEME, t)));
        if let Some(year) = input.year {
            validate::year("year", year, Utc::now().year())?;
        }
        let source_url =
            match input.source_url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()) {
                Some(url) => {
                    let well_formed = (url.starts_with("https://") || url.starts_with("http://"))
                        && url.len() <= URL_MAX_CHARS
                        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
                    if !well_formed {
                        return Err(Error::bad_input(
                            "sourceUrl",
                            "`sourceUrl` must be an http or https address, without spaces or \
                             control characters",
                        ));
                    }
                    Some(url)
                }
                None => None,
            };
        if let Some(id) = input.organization_id {
            let found = praxis_db::queries::organizations::by_ids(&self.db.conn, &[id])
                .await
                .context("find organization")?;
            if found.is_empty() {
                return Err(Error::bad_input(
                    "organizationId",
                    "`organizationId` is not a known organization",
                ));
            }
        }
        let translation_of = match input.translation_of {
            Some(target) => Some(self.translation_root(viewer, own_id, target, &language).await?),
            None => None,
        };
        Ok(ValidDocument {
            title,
            kind: input.kind,
            summary,
            body,
            sections,
            language,
            terms,
            year: input.year,
            organization_id: input.organization_id,
            source_url,
            translation_of,
        })
    }

    /// The original a translation should point at: the target, or the target's own original,
    /// so a translation group is one original and its translations.
    async fn translation_root(
        &self,
        viewer: &Viewer,
        own_id: Option<Uuid>,
        target: Uuid,
        language: &str,
    ) -> Result<Uuid> {
        if Some(target) == own_id {
            return Err(Error::bad_input(
                "translationOf",
                "a document cannot be a translation of itself",
            ));
        }
        let original = documents::find_readable(&self.db.conn, &viewer.reader(), target)
            .await
            .context("find original")?
            .ok_or_else(|| {
                Error::bad_input("translationOf", "`translationOf` must be a document you can read")
            })?;
        let root = original.translation_of.unwrap_or(original.id);
        if Some(root) == own_id {
            return Err(Error::bad_input(
                "translationOf",
                "a document cannot be a translation of its own translation",
            ));
        }
        if original.language == language {
            return Err(Error::bad_input(
                "translationOf",
                "a translation must be in another language than its original",
            ));
        }
        Ok(root)
    }

    #[tracing::instrument(skip_all)]
    pub async fn create_document(
        &self,
        viewer: &Viewer,
        input: DocumentInput,
    ) -> Result<document::Model> {
        let actor = *viewer.actor()?;
        let valid = self.validate_document(viewer, None, input).await?;
        let now = praxis_db::now();
        let txn = self.db.conn.begin().await.context("begin create document")?;
        let document = document::ActiveModel {
            id: Set(new_id()),
            author_id: Set(actor.user_id),
            status: Set(DocumentStatus::Draft.as_str().to_owned()),
            created_at: Set(now),
            listed_at: Set(now),
            submitted_at: Set(None),
            published_at: Set(None),
            last_verified_at: Set(None),
            ..Default::default()
        };
        let document = store(&txn, document, valid, now, true).await?;
        record_event(&txn, document.id, DocumentStatus::Draft, &actor, None).await?;
        self.commit_for_search(txn, "commit create document").await?;
        tracing::info!(document_id = %document.id, "document created");
        Ok(document)
    }

    #[tracing::instrument(skip_all, fields(%id))]
    pub async fn update_document(
        &self,
        viewer: &Viewer,
        id: Uuid,
        input: DocumentInput,
    ) -> Result<document::Model> {
        let actor = *viewer.actor()?;
        let existing = self.readable_document(viewer, id).await?;
        let status = status_of(&existing)?;
        if !workflow::may_edit(&actor, existing.author_id, status) {
            return Err(Error::forbidden(match status {
                DocumentStatus::Submitted => {
                    "this document is waiting for review; it can be edited again if changes are requested"
                }
                _ => "you cannot edit this document in its current state",
            }));
        }
        let valid = self.validate_document(viewer, Some(id), input).await?;
        let txn = self.db.conn.begin().await.context("begin update document")?;
        let document = store(&txn, existing.into(), valid, praxis_db::now(), false).await?;
        self.commit_for_search(txn, "commit update document").await?;
        Ok(document)
    }

    pub async fn submit_document(&self, viewer: &Viewer, id: Uuid) -> Result<document::Model> {
        self.transition(viewer, id, Action::Submit, None).await
    }

    pub async fn review_document(
        &self,
        viewer: &Viewer,
        id: Uuid,
        decision: Action,
        comment: Option<String>,
    ) -> Result<document::Model> {
        self.transition(viewer, id, decision, comment).await
    }

    pub async fn archive_document(
        &self,
        viewer: &Viewer,
        id: Uuid,
        reason: Option<String>,
    ) -> Result<document::Model> {
        self.transition(viewer, id, Action::Archive, reason).await
    }

    pub async fn verify_document(&self, viewer: &Viewer, id: Uuid) -> Result<document::Model> {
        self.transition(viewer, id, Action::Verify, None).await
    }

    async fn readable_document(&self, viewer: &Viewer, id: Uuid) -> Result<document::Model> {
        documents::find_readable(&self.db.conn, &viewer.reader(), id)
            .await
            .context("find document")?
            .ok_or_else(|| Error::not_found("document"))
    }

    #[tracing::instrument(skip(self, viewer, comment))]
    async fn transition(
        &self,
        viewer: &Viewer,
        id: Uuid,
        action: Action,
        comment: Option<String>,
    ) -> Result<document::Model> {
        let actor = *viewer.actor()?;
        let existing = self.readable_document(viewer, id).await?;
        if !workflow::may(&actor, action, existing.author_id) {
            return Err(Error::forbidden(match action {
                Action::Submit => "only the author can submit this document",
                _ => "only moderators can review, archive or verify documents",
            }));
        }
        let from = status_of(&existing)?;
        let to = workflow::transition(from, action)?;
        let comment = comment.filter(|c| !c.trim().is_empty());
        let comment = match comment {
            Some(c) => Some(validate::text_block("comment", &c, DESCRIPTION_MAX_CHARS)?),
            None if workflow::needs_comment(action) => {
                return Err(Error::bad_input(
                    "comment",
                    "say what the author should change, or why it is declined",
                ));
            }
            None => None,
        };
        let now = praxis_db::now();
        let txn = self.db.conn.begin().await.context("begin transition")?;
        let mut active: document::ActiveModel = existing.clone().into();
        active.status = Set(to.as_str().to_owned());
        match action {
            Action::Submit => active.submitted_at = Set(Some(now)),
            Action::Publish => {
                if existing.published_at.is_none() {
                    active.published_at = Set(Some(now));
                }
                active.listed_at = Set(now);
                active.last_verified_at = Set(Some(now));
            }
            Action::Verify => active.last_verified_at = Set(Some(now)),
            Action::RequestChanges | Action::Reject | Action::Archive => {}
        }
        let document = active.update(&txn).await.context("update document status")?;
        record_event(&txn, document.id, to, &actor, comment).await?;
        outbox::record(&txn, Entity::Document, document.id, Op::Upsert).await.context("outbox")?;
        self.commit_for_search(txn, "commit transition").await?;
        tracing::info!(document_id = %document.id, status = %to, "document transition");
        Ok(document)
    }
}

fn status_of(document: &document::Model) -> Result<DocumentStatus> {
    DocumentStatus::parse(&document.status).ok_or_else(|| {
        Error::Internal(anyhow::anyhow!("document {} has unknown status", document.id))
    })
}

/// Writes the validated fields and replaces the document's terms.
pub(crate) async fn store<C: ConnectionTrait>(
    db: &C,
    mut active: document::ActiveModel,
    valid: ValidDocument,
    now: chrono::DateTime<Utc>,
    is_new: bool,
) -> Result<document::Model> {
    active.title = Set(valid.title);
    active.kind = Set(valid.kind.as_str().to_owned());
    active.summary = Set(valid.summary);
    active.body_html = Set(valid.body.as_deref().map(markdown::render));
    active.body = Set(valid.body);
    active.sections = Set(valid
        .sections
        .map(|s| serde_json::to_string(&s))
        .transpose()
        .context("encode sections")?);
    active.language = Set(valid.language);
    active.year = Set(valid.year);
    active.organization_id = Set(valid.organization_id);
    active.source_url = Set(valid.source_url);
    active.translation_of = Set(valid.translation_of);
    active.updated_at = Set(now);
    let document = if is_new {
        active.insert(db).await.context("insert document")?
    } else {
        active.update(db).await.context("update document")?
    };
    document_term::Entity::delete_many()
        .filter(document_term::Column::DocumentId.eq(document.id))
        .exec(db)
        .await
        .context("clear terms")?;
    if !valid.terms.is_empty() {
        document_term::Entity::insert_many(valid.terms.into_iter().map(|(facet, value)| {
            document_term::ActiveModel {
                document_id: Set(document.id),
                facet: Set(facet.to_owned()),
                value: Set(value),
            }
        }))
        .exec(db)
        .await
        .context("insert terms")?;
    }
    outbox::record(db, Entity::Document, document.id, Op::Upsert).await.context("outbox")?;
    Ok(document)
}

pub(crate) async fn record_event<C: ConnectionTrait>(
    db: &C,
    document_id: Uuid,
    status: DocumentStatus,
    actor: &Actor,
    comment: Option<String>,
) -> Result<()> {
    document_event::ActiveModel {
        id: Set(new_id()),
        document_id: Set(document_id),
        status: Set(status.as_str().to_owned()),
        actor_id: Set(actor.user_id),
        at: Set(praxis_db::now()),
        comment: Set(comment),
    }
    .insert(db)
    .await
    .context("record document event")?;
    Ok(())
}
