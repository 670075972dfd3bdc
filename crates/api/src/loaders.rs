//! Batch loaders of one request or WebSocket connection: every author, space, thread, post, tag list, reaction summary and
//! revision list a page needs is fetched in one statement per kind, whatever the page size.
//! Loaders of readable rows are bound to the viewer and go through the visibility predicate.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::dataloader::{CacheFactory, DataLoader, HashMapCache, Loader, NoCache};
use futures_util::future::BoxFuture;
use praxis_core::Error;
use praxis_core::types::{ReactionKind, SpaceRole};
use praxis_db::Reader;
use praxis_db::entities::{
    attachment, document, document_event, organization, post, post_revision, space, thread, user,
};
use praxis_db::queries::{documents, organizations, posts, reactions, spaces, threads, users};
use praxis_service::Praxis;
use uuid::Uuid;

use crate::batches::BatchSpawner;

/// Loader errors are shared by every waiting resolver, hence the Arc.
type Shared<T> = Result<T, Arc<Error>>;
type LoadFn<K, V> = Box<dyn Fn(Vec<K>) -> BoxFuture<'static, Shared<HashMap<K, V>>> + Send + Sync>;

/// A loader made from a batch function.
pub struct Batch<K, V>(LoadFn<K, V>);

impl<K, V> Loader<K> for Batch<K, V>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
{
    type Value = V;
    type Error = Arc<Error>;

    async fn load(&self, keys: &[K]) -> Shared<HashMap<K, V>> {
        (self.0)(keys.to_vec()).await
    }
}

/// The reactions of one post, per kind, with whether the viewer gave each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionSummary {
    pub kind: ReactionKind,
    pub count: i64,
    pub viewer_reacted: bool,
}

type Cached<K, V> = DataLoader<Batch<K, V>, HashMapCache>;
/// A loader that reads again each time, for rows a mutation may change within the request.
type Fresh<K, V> = DataLoader<Batch<K, V>, NoCache>;

pub struct Loaders {
    pub users: Cached<Uuid, user::Model>,
    pub organizations: Cached<Uuid, organization::Model>,
    pub spaces: Cached<Uuid, space::Model>,
    pub threads: Cached<Uuid, thread::Model>,
    pub posts: Cached<Uuid, post::Model>,
    pub tags: Cached<Uuid, Vec<String>>,
    pub reactions: Cached<Uuid, Vec<ReactionSummary>>,
    pub revisions: Cached<Uuid, Vec<post_revision::Model>>,
    /// The viewer's role in each space, None where they are not a member (remembered too).
    pub memberships: Cached<Uuid, Option<SpaceRole>>,
    /// Readable documents without their long text, which `document_texts` reads where shown.
    pub documents: Cached<Uuid, document::Model>,
    /// Not cached: two mutations of one request may change a document's text in turn.
    pub document_texts: Fresh<Uuid, documents::DocumentText>,
    /// A document's taxonomy terms as (facet, value).
    pub document_terms: Cached<Uuid, Vec<(String, String)>>,
    pub document_events: Cached<Uuid, Vec<document_event::Model>>,
    pub attachments: Cached<Uuid, Vec<attachment::Model>>,
    /// Attachments by their own id, when their document is readable.
    pub attachment: Cached<Uuid, attachment::Model>,
    /// The readable documents each thread cites.
    pub cited_documents: Cached<Uuid, Vec<document::Model>>,
}

/// Empty lists for `keys`, so that the loader's cache also remembers which have none (without
/// an entry, a key asked for again in a later wave is read again).
fn lists_for<V>(keys: &[Uuid]) -> HashMap<Uuid, Vec<V>> {
    keys.iter().map(|key| (*key, Vec::new())).collect()
}

/// Groups rows under the `keys` they belong to, keeping their order.
fn grouped<V>(keys: &[Uuid], rows: Vec<V>, key: impl Fn(&V) -> Uuid) -> HashMap<Uuid, Vec<V>> {
    let mut groups = lists_for(keys);
    for row in rows {
        groups.entry(key(&row)).or_default().push(row);
    }
    groups
}

fn internal(err: sea_orm::DbErr, what: &'static str) -> Arc<Error> {
    Arc::new(Error::Internal(anyhow::Error::new(err).context(what)))
}

/// Whether a set of loaders may answer a key again from what it read before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// For one request: a key asked for again in a later resolver wave costs no statement.
    WithinRequest,
    /// For a WebSocket connection, which lives for many operations and events: each reads
    /// afresh, so an edited post arrives with its reactions and revisions as they are now.
    Never,
}

/// Builds the loaders of one request or connection.
struct Build<'a> {
    praxis: &'a Arc<Praxis>,
    spawner: &'a BatchSpawner,
    reuse: Reuse,
}

impl Build<'_> {
    /// A loader of `fetch`, which receives the shared application and the keys, that keeps what
    /// it read as `reuse` allows.
    fn cached<K, V, F, Fut>(&self, fetch: F) -> Cached<K, V>
    where
        K: Send + Sync + Hash + Eq + Clone + 'static,
        V: Send + Sync + Clone + 'static,
        F: Fn(Arc<Praxis>, Vec<K>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Shared<HashMap<K, V>>> + Send + 'static,
    {
        let loader = self.loader(HashMapCache::default(), fetch);
        loader.enable_all_cache(self.reuse == Reuse::WithinRequest);
        loader
    }

    /// A loader of `fetch` with its own cache (`NoCache`: it reads again each time).
    fn loader<K, V, C, F, Fut>(&self, cache: C, fetch: F) -> DataLoader<Batch<K, V>, C>
    where
        K: Send + Sync + Hash + Eq + Clone + 'static,
        V: Send + Sync + Clone + 'static,
        C: CacheFactory,
        F: Fn(Arc<Praxis>, Vec<K>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Shared<HashMap<K, V>>> + Send + 'static,
    {
        let praxis = self.praxis.clone();
        let load: LoadFn<K, V> = Box::new(move |keys| Box::pin(fetch(praxis.clone(), keys)));
        let spawner = self.spawner.clone();
        // A batch starts once its request has asked for every key it can (`batches`), so it
        // need not wait for more.
        DataLoader::with_cache(Batch(load), move |batch| spawner.spawn(batch), cache)
            .delay(Duration::ZERO)
    }
}

fn by_id<V>(rows: Vec<V>, id: impl Fn(&V) -> Uuid) -> HashMap<Uuid, V> {
    rows.into_iter().map(|row| (id(&row), row)).collect()
}

impl Loaders {
    pub fn new(praxis: Arc<Praxis>, reader: Reader, spawner: &BatchSpawner, reuse: Reuse) -> Self {
        let build = Build { praxis: &praxis, spawner, reuse };
        Self {
            users: build.cached(|p, ids| async move {
                let rows = users::by_ids(&p.database().conn, &ids)
                    .await
                    .map_err(|e| internal(e, "load users"))?;
                Ok(by_id(rows, |u| u.id))
            }),
            organizations: build.cached(|p, ids| async move {
                let rows = organizations::by_ids(&p.database().conn, &ids)
                    .await
                    .map_err(|e| internal(e, "load organizations"))?;
                Ok(by_id(rows, |o| o.id))
            }),
            spaces: build.cached(move |p, ids| async move {
                let rows = spaces::readable_by_ids(&p.database().conn, &reader, &ids)
                    .await
                    .map_err(|e| internal(e, "load spaces"))?;
                Ok(by_id(rows, |s| s.id))
            }),
            threads: build.cached(move |p, ids| async move {
                let rows = threads::readable_by_ids(&p.database().conn, &reader, &ids)
                    .await
                    .map_err(|e| internal(e, "load threads"))?;
                Ok(by_id(rows, |t| t.id))
            }),
            posts: build.cached(move |p, ids| async move {
                let rows = posts::readable_by_ids(&p.database().conn, &reader, &ids)
                    .await
                    .map_err(|e| internal(e, "load posts"))?;
                Ok(by_id(rows, |p| p.id))
            }),
            tags: build.cached(|p, ids: Vec<Uuid>| async move {
                let rows = threads::tags_of(&p.database().conn, &ids)
                    .await
                    .map_err(|e| internal(e, "load tags"))?;
                let mut tags = lists_for(&ids);
                for row in rows {
                    tags.entry(row.thread_id).or_default().push(row.tag);
                }
                Ok(tags)
            }),
            reactions: build.cached(move |p, ids: Vec<Uuid>| async move {
                let db = &p.database().conn;
                let counts =
                    reactions::counts(db, &ids).await.map_err(|e| internal(e, "load reactions"))?;
                let given = match reader.user_id() {
                    Some(user_id) => reactions::given_by(db, user_id, &ids)
                        .await
                        .map_err(|e| internal(e, "load own reactions"))?,
                    None => Vec::new(),
                };
                let mut summaries = lists_for(&ids);
                for (post_id, kind, count) in counts {
                    let Some(kind) = ReactionKind::parse(&kind) else {
                        continue;
                    };
                    let viewer_reacted =
                        given.iter().any(|(p, k)| *p == post_id && k == kind.as_str());
                    summaries.entry(post_id).or_default().push(ReactionSummary {
                        kind,
                        count,
                        viewer_reacted,
                    });
                }
                for list in summaries.values_mut() {
                    list.sort_by_key(|s| ReactionKind::ALL.iter().position(|k| *k == s.kind));
                }
                Ok(summaries)
            }),
            revisions: build.cached(|p, ids: Vec<Uuid>| async move {
                let rows = posts::revisions_of(&p.database().conn, &ids)
                    .await
                    .map_err(|e| internal(e, "load revisions"))?;
                Ok(grouped(&ids, rows, |r| r.post_id))
            }),
            memberships: build.cached(move |p, ids: Vec<Uuid>| async move {
                let mut roles: HashMap<Uuid, Option<SpaceRole>> =
                    ids.iter().map(|id| (*id, None)).collect();
                let Some(user_id) = reader.user_id() else {
                    return Ok(roles);
                };
                let rows = spaces::memberships_of(&p.database().conn, user_id, &ids)
                    .await
                    .map_err(|e| internal(e, "load memberships"))?;
                for membership in rows {
                    roles.insert(membership.space_id, SpaceRole::parse(&membership.role));
                }
                Ok(roles)
            }),
            documents: build.cached(move |p, ids| async move {
                let rows = documents::readable_listings_by_ids(&p.database().conn, &reader, &ids)
                    .await
                    .map_err(|e| internal(e, "load documents"))?;
                Ok(by_id(rows, |d| d.id))
            }),
            document_texts: build.loader(NoCache, |p, ids: Vec<Uuid>| async move {
                let rows = documents::texts_of(&p.database().conn, &ids)
                    .await
                    .map_err(|e| internal(e, "load document texts"))?;
                Ok(by_id(rows, |t| t.id))
            }),
            document_terms: build.cached(|p, ids: Vec<Uuid>| async move {
                let rows = documents::terms_of(&p.database().conn, &ids)
                    .await
                    .map_err(|e| internal(e, "load document terms"))?;
                let mut terms = lists_for(&ids);
                for row in rows {
                    terms.entry(row.document_id).or_default().push((row.facet, row.value));
                }
                Ok(terms)
            }),
            document_events: build.cached(|p, ids: Vec<Uuid>| async move {
                let rows = documents::events_of(&p.database().conn, &ids)
                    .await
                    .map_err(|e| internal(e, "load document events"))?;
                Ok(grouped(&ids, rows, |e| e.document_id))
            }),
            attachments: build.cached(|p, ids: Vec<Uuid>| async move {
                let rows = documents::attachments_of(&p.database().conn, &ids)
                    .await
                    .map_err(|e| internal(e, "load attachments"))?;
                Ok(grouped(&ids, rows, |a| a.document_id))
            }),
            attachment: build.cached(move |p, ids| async move {
                let rows = documents::readable_attachments(&p.database().conn, &reader, &ids)
                    .await
                    .map_err(|e| internal(e, "load attachment"))?;
                Ok(by_id(rows, |a| a.id))
            }),
            cited_documents: build.cached(move |p, ids: Vec<Uuid>| async move {
                let rows = documents::cited_by_threads(&p.database().conn, &reader, &ids)
                    .await
                    .map_err(|e| internal(e, "load cited documents"))?;
                let mut cited = lists_for(&ids);
                for (thread_id, document) in rows {
                    cited.entry(thread_id).or_default().push(document);
                }
                Ok(cited)
            }),
        }
    }
}
