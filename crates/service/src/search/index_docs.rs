//! Turning outbox rows into index changes: each changed thread, post or document is read back
//! from the database as it now is, so a change applied twice or late is still right.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use anyhow::Context as _;
use praxis_core::Result;
use praxis_core::types::{DocumentKind, DocumentStatus};
use praxis_db::entities::{attachment, document, document_term, outbox, post, thread, thread_tag};
use praxis_db::outbox::Entity;
use praxis_db::queries::documents::{COUNTRY, PILLAR};
use praxis_db::queries::posts;
use praxis_search::{Change, DocKey, DocKind, IndexDoc};
use sea_orm::{ColumnTrait, ConnectionTrait, DerivePartialModel, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::markdown;

/// How much more a hit counts, by what it is.
const THREAD_RANK: f64 = 1.2;
const ACCEPTED_ANSWER_RANK: f64 = 1.5;
const PUBLISHED_PRACTICE_RANK: f64 = 1.5;
const PUBLISHED_DOCUMENT_RANK: f64 = 1.2;

/// How much of a thread's opening post a reply takes along, for telling the language of a reply
/// too short to tell by itself: a few sentences are plenty, and a batch of replies to one long
/// post would otherwise copy all of it for each. So a reply follows the language its thread's
/// start reads as, which for a long post that changes language may not be the thread's own.
const THREAD_TEXT_CHARS: usize = 1_000;

fn ids_of(rows: &[outbox::Model], entity: Entity) -> BTreeSet<Uuid> {
    rows.iter().filter(|r| r.entity == entity.as_str()).map(|r| r.entity_id).collect()
}

pub async fn changes_for<C: ConnectionTrait>(
    db: &C,
    rows: &[outbox::Model],
) -> Result<Vec<Change>> {
    let mut thread_ids = ids_of(rows, Entity::Thread);
    let post_ids = ids_of(rows, Entity::Post);
    let document_ids = ids_of(rows, Entity::Document);
    let mut changes = Vec::new();

    let changed_posts: Vec<ChangedPost> = post::Entity::find()
        .filter(post::Column::Id.is_in(post_ids.iter().copied()))
        .into_partial_model()
        .all(db)
        .await
        .context("load changed posts")?;
    for id in post_ids.iter().filter(|id| !changed_posts.iter().any(|p| p.id == **id)) {
        changes.push(Change::Delete(DocKey { kind: DocKind::Post, id: *id }));
    }
    let mut replies = Vec::new();
    // Each thread's opening post, read once however many of its replies the batch holds (an
    // edited opening post brings all of them).
    let mut openings: HashMap<Uuid, Option<Opening>> = HashMap::new();
    for post in changed_posts {
        let key = DocKey { kind: DocKind::Post, id: post.id };
        let opening = opening_of(db, &mut openings, post.thread_id).await?;
        if opening.is_some_and(|o| o.id == post.id) {
            // The opening post is the thread's body: reindex the thread instead.
            thread_ids.insert(post.thread_id);
            changes.push(Change::Delete(key));
        } else if post.deleted_at.is_some() {
            changes.push(Change::Delete(key));
        } else {
            replies.push(post);
        }
    }

    let reply_threads: BTreeSet<Uuid> = replies.iter().map(|p| p.thread_id).collect();
    let all_thread_ids: Vec<Uuid> = thread_ids.iter().chain(&reply_threads).copied().collect();
    let threads: HashMap<Uuid, thread::Model> = thread::Entity::find()
        .filter(thread::Column::Id.is_in(all_thread_ids.iter().copied()))
        .all(db)
        .await
        .context("load changed threads")?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let mut tags: HashMap<Uuid, Vec<String>> = HashMap::new();
    for row in thread_tag::Entity::find()
        .filter(thread_tag::Column::ThreadId.is_in(thread_ids.iter().copied()))
        .all(db)
        .await
        .context("load tags")?
    {
        tags.entry(row.thread_id).or_default().push(row.tag);
    }
    for id in &thread_ids {
        let key = DocKey { kind: DocKind::Thread, id: *id };
        let Some(thread) = threads.get(id) else {
            changes.push(Change::Delete(key));
            continue;
        };
        let body = live(opening_of(db, &mut openings, thread.id).await?)
            .map(|p| markdown::plain_text(&p.body))
            .unwrap_or_default();
        changes.push(Change::Upsert(Box::new(IndexDoc {
            key,
            title: thread.title.clone(),
            body,
            language: None,
            thread_text: None,
            space: Some(thread.space_id),
            status: None,
            document_author: None,
            tags: tags.remove(id).unwrap_or_default(),
            countries: Vec::new(),
            pillars: Vec::new(),
            document_kind: None,
            created: thread.created_at,
            year: None,
            rank: THREAD_RANK,
        })));
    }
    // What each reply takes along of its thread, made once per thread.
    let mut starts: HashMap<Uuid, String> = HashMap::new();
    for reply in replies {
        let Some(thread) = threads.get(&reply.thread_id) else { continue };
        let thread_text = starts.entry(thread.id).or_insert_with(|| {
            let opening = live(openings.get(&thread.id).and_then(Option::as_ref));
            let start = opening.map(|o| thread_start(&o.body)).unwrap_or_default();
            format!("{}\n{start}", thread.title)
        });
        let accepted = thread.accepted_post_id == Some(reply.id);
        changes.push(Change::Upsert(Box::new(IndexDoc {
            key: DocKey { kind: DocKind::Post, id: reply.id },
            // A reply has no title of its own. Searched by its thread's, every reply would
            // match the thread's words and show them as its own; the API names the thread.
            title: String::new(),
            body: markdown::plain_text(&reply.body),
            language: None,
            thread_text: Some(thread_text.clone()),
            space: Some(thread.space_id),
            status: None,
            document_author: None,
            tags: Vec::new(),
            countries: Vec::new(),
            pillars: Vec::new(),
            document_kind: None,
            created: reply.created_at,
            year: None,
            rank: if accepted { ACCEPTED_ANSWER_RANK } else { 1.0 },
        })));
    }
    changes.extend(document_changes(db, &document_ids).await?);
    Ok(changes)
}

/// The start of a thread that its replies take along: the text of its opening post, whose
/// Markdown `body` is given, up to `THREAD_TEXT_CHARS`.
pub(crate) fn thread_start(body: &str) -> String {
    markdown::plain_text(body).chars().take(THREAD_TEXT_CHARS).collect()
}

/// What the index takes of a changed post. Not its rendered HTML, as large again as its text: an
/// edited opening post brings every reply of its thread into the batches that follow.
#[derive(DerivePartialModel)]
#[sea_orm(entity = "post::Entity")]
struct ChangedPost {
    id: Uuid,
    thread_id: Uuid,
    body: String,
    created_at: chrono::DateTime<chrono::Utc>,
    deleted_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What the index takes of an opening post: not its rendered HTML, which `openings` would
/// otherwise hold, as large again as the text, for the whole batch.
#[derive(DerivePartialModel)]
#[sea_orm(entity = "post::Entity")]
struct Opening {
    id: Uuid,
    body: String,
    deleted_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The opening post of `thread_id`, read at most once per batch into `openings`.
async fn opening_of<'a, C: ConnectionTrait>(
    db: &C,
    openings: &'a mut HashMap<Uuid, Option<Opening>>,
    thread_id: Uuid,
) -> Result<Option<&'a Opening>> {
    if let Entry::Vacant(slot) = openings.entry(thread_id) {
        slot.insert(posts::opening_post(db, thread_id).await.context("find opening post")?);
    }
    Ok(openings.get(&thread_id).and_then(Option::as_ref))
}

/// An opening post that is not deleted.
fn live(opening: Option<&Opening>) -> Option<&Opening> {
    opening.filter(|o| o.deleted_at.is_none())
}

/// What the index takes of a library document's row. Not its rendered HTML: that is as large as
/// the text again, and the indexer reads whole batches of documents at once.
#[derive(DerivePartialModel)]
#[sea_orm(entity = "document::Entity")]
struct IndexedDocument {
    id: Uuid,
    title: String,
    kind: String,
    status: String,
    summary: String,
    body: Option<String>,
    sections: Option<String>,
    language: String,
    author_id: Uuid,
    listed_at: chrono::DateTime<chrono::Utc>,
    year: Option<i32>,
}

/// Index documents for library documents, with their terms and attachments' text.
pub async fn document_changes<C: ConnectionTrait>(
    db: &C,
    ids: &BTreeSet<Uuid>,
) -> Result<Vec<Change>> {
    let found: Vec<IndexedDocument> = document::Entity::find()
        .filter(document::Column::Id.is_in(ids.iter().copied()))
        .into_partial_model()
        .all(db)
        .await
        .context("load changed documents")?;
    let mut terms: HashMap<(Uuid, String), Vec<String>> = HashMap::new();
    for term in document_term::Entity::find()
        .filter(document_term::Column::DocumentId.is_in(ids.iter().copied()))
        .all(db)
        .await
        .context("load document terms")?
    {
        terms.entry((term.document_id, term.facet)).or_default().push(term.value);
    }
    let mut texts: HashMap<Uuid, Vec<String>> = HashMap::new();
    for file in attachment::Entity::find()
        .filter(attachment::Column::DocumentId.is_in(ids.iter().copied()))
        .all(db)
        .await
        .context("load attachment texts")?
    {
        if let Some(text) = file.extracted_text {
            texts.entry(file.document_id).or_default().push(text);
        }
    }
    let mut changes: Vec<Change> = ids
        .iter()
        .filter(|id| !found.iter().any(|d| d.id == **id))
        .map(|id| Change::Delete(DocKey { kind: DocKind::Document, id: *id }))
        .collect();
    for d in found {
        let mut take = |facet: &str| terms.remove(&(d.id, facet.to_owned())).unwrap_or_default();
        let countries = take(COUNTRY);
        let pillars = take(PILLAR);
        let themes = take(praxis_db::queries::documents::THEME);
        let published = d.status == DocumentStatus::Published.as_str();
        let practice = [DocumentKind::GoodPractice.as_str(), DocumentKind::LessonLearned.as_str()]
            .contains(&d.kind.as_str());
        let rank = match (published, practice) {
            (true, true) => PUBLISHED_PRACTICE_RANK,
            (true, false) => PUBLISHED_DOCUMENT_RANK,
            _ => 1.0,
        };
        let sections = crate::Sections::from_stored(d.sections.as_deref()).unwrap_or_default();
        let body: Vec<String> = [Some(d.summary), d.body.as_deref().map(markdown::plain_text)]
            .into_iter()
            .chain(sections.texts())
            .flatten()
            .chain(texts.remove(&d.id).unwrap_or_default())
            .collect();
        changes.push(Change::Upsert(Box::new(IndexDoc {
            key: DocKey { kind: DocKind::Document, id: d.id },
            title: d.title,
            body: body.join("\n\n"),
            language: Some(d.language),
            thread_text: None,
            space: None,
            status: Some(d.status),
            document_author: Some(d.author_id),
            tags: themes,
            countries,
            pillars,
            document_kind: Some(d.kind),
            created: d.listed_at,
            year: d.year,
            rank,
        })));
    }
    Ok(changes)
}
