//! Read operations. Every lookup goes through the visibility predicate (in the query functions
//! or the viewer-bound loaders), so an object the viewer may not read is simply absent.

use async_graphql::{Context, ID, InputObject, Object, Result};
use praxis_core::ids::{GlobalId, NodeKind};
use praxis_core::limits::PAGE_MAX;
use praxis_core::{Error, validate};
use praxis_db::entities::document::Model as DocumentModel;
use praxis_db::queries::documents::DocumentCursor;
use praxis_db::queries::threads::ThreadFilter as DbThreadFilter;
use praxis_db::queries::{documents, spaces};
use praxis_service::{DocumentFilterInput, SearchInput};

use crate::connection::{PageInfo, encode_cursor};
use crate::types::search::{
    Facet, FacetValue, SearchConnection, SearchEdge, SearchFilter, SearchHit, SearchOrder,
};
use uuid::Uuid;

use crate::connection::{
    DocumentConnection, SpaceConnection, ThreadConnection, connection, page_complexity,
    page_request, wants_total,
};
use crate::context::{RequestContext, request};
use crate::enums::{DocumentKind, DocumentOrder, DocumentStatus, Pillar, ThreadKind, ThreadOrder};
use crate::errors::{DbResult as _, GqlResult as _, to_graphql};
use crate::types::{
    Attachment, Document, Node, Organization, Post, Space, Taxonomy, Thread, User, document, thread,
};

/// Deepest hit a search by relevance pages to.
const MAX_SEARCH_DEPTH: usize = 10_000;

pub struct QueryRoot;

#[derive(InputObject, Default)]
pub struct ThreadFilter {
    pub space_id: Option<ID>,
    pub kind: Option<ThreadKind>,
    pub tag: Option<String>,
    pub author_id: Option<ID>,
}

impl ThreadFilter {
    fn decode(self) -> praxis_core::Result<DbThreadFilter> {
        let decode = |field: &str, id: Option<ID>, kind| {
            id.map(|id| GlobalId::decode_as(field, &id, kind)).transpose()
        };
        Ok(DbThreadFilter {
            space_id: decode("filter.spaceId", self.space_id, NodeKind::Space)?,
            kind: self.kind.map(|k| praxis_core::types::ThreadKind::from(k).as_str()),
            tag: self.tag.map(|t| t.trim().to_lowercase()),
            author_id: decode("filter.authorId", self.author_id, NodeKind::User)?,
            cites_document: None,
        })
    }
}

#[derive(InputObject, Default)]
pub struct DocumentFilter {
    pub kind: Option<DocumentKind>,
    pub status: Option<DocumentStatus>,
    pub country: Option<String>,
    pub pillar: Option<Pillar>,
    pub priority_action: Option<String>,
    pub theme: Option<String>,
    pub language: Option<String>,
    pub author_id: Option<ID>,
}

impl DocumentFilter {
    fn into_input(self) -> DocumentFilterInput {
        DocumentFilterInput {
            kind: self.kind.map(|k| praxis_core::types::DocumentKind::from(k).as_str().to_owned()),
            status: self
                .status
                .map(|s| praxis_core::types::DocumentStatus::from(s).as_str().to_owned()),
            country: self.country,
            pillar: self.pillar.map(|p| praxis_core::types::Pillar::from(p).as_str().to_owned()),
            priority_action: self.priority_action,
            theme: self.theme,
            language: self.language,
            author_id: self.author_id.map(|id| id.0),
        }
    }
}

/// Loads any node the viewer may read, by its decoded id.
async fn load_node(rc: &RequestContext, id: GlobalId) -> Result<Option<Node>> {
    let l = &rc.loaders;
    Ok(match id.kind {
        NodeKind::User => l.users.load_one(id.id).await.gql()?.map(|m| Node::User(User::from(m))),
        NodeKind::Organization => l
            .organizations
            .load_one(id.id)
            .await
            .gql()?
            .map(|m| Node::Organization(Organization(m))),
        NodeKind::Space => l.spaces.load_one(id.id).await.gql()?.map(|m| Node::Space(Space(m))),
        NodeKind::Thread => l.threads.load_one(id.id).await.gql()?.map(|m| Node::Thread(Thread(m))),
        NodeKind::Post => l.posts.load_one(id.id).await.gql()?.map(|m| Node::Post(Post(m))),
        NodeKind::Document => {
            l.documents.load_one(id.id).await.gql()?.map(|m| Node::Document(Document(m)))
        }
        NodeKind::Attachment => {
            l.attachment.load_one(id.id).await.gql()?.map(|m| Node::Attachment(Attachment(m)))
        }
    })
}

#[Object(name = "Query")]
impl QueryRoot {
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        let id = GlobalId::decode("id", &id).gql()?;
        load_node(request(ctx)?, id).await
    }

    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> Result<Vec<Option<Node>>> {
        if ids.len() > PAGE_MAX {
            return Err(to_graphql(&Error::bad_input(
                "ids",
                format!("ask for at most {PAGE_MAX} ids at once"),
            )));
        }
        let rc = request(ctx)?;
        let decoded = ids
            .iter()
            .map(|id| GlobalId::decode("ids", id))
            .collect::<Result<Vec<_>, _>>()
            .gql()?;
        // Loads run concurrently, so each loader batches its share into one statement.
        futures_util::future::try_join_all(decoded.into_iter().map(|id| load_node(rc, id))).await
    }

    /// The signed-in user, or null.
    async fn viewer(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        Ok(request(ctx)?.viewer.signed_in().map(|s| User::from(s.user.clone())))
    }

    /// Organisations whose name contains `search` (at least 2 characters), verified first: the
    /// sign-up and profile forms' picker. Anonymous callers see verified organisations only.
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        search: String,
        #[graphql(validator(minimum = 1, maximum = 20))] first: Option<i32>,
    ) -> Result<Vec<Organization>> {
        let rc = request(ctx)?;
        let found = rc.praxis.find_organizations(&rc.viewer, &search, limit(first)).await.gql()?;
        Ok(found.into_iter().map(Organization).collect())
    }

    /// Admins and space moderators: people whose display name contains `search` (admins also
    /// by exact email), to add them to a space.
    async fn users(
        &self,
        ctx: &Context<'_>,
        search: String,
        #[graphql(validator(minimum = 1, maximum = 20))] first: Option<i32>,
    ) -> Result<Vec<User>> {
        let rc = request(ctx)?;
        let found = rc.praxis.find_users(&rc.viewer, &search, limit(first)).await.gql()?;
        Ok(found.into_iter().map(User::from).collect())
    }

    #[graphql(complexity = "page_complexity(first, child_complexity)")]
    async fn spaces(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<SpaceConnection> {
        let rc = request(ctx)?;
        let page_request = page_request::<Uuid>(first, after.as_deref()).gql()?;
        let reader = rc.viewer.reader();
        let db = &rc.praxis.database().conn;
        let page = spaces::list_readable(db, &reader, &page_request).await.db("list spaces")?;
        let total = if wants_total(ctx) {
            Some(spaces::count_readable(db, &reader).await.db("count spaces")?)
        } else {
            None
        };
        Ok(connection(page, page_request.after.is_some(), total, |s| s.id, Space).into())
    }

    async fn space(&self, ctx: &Context<'_>, slug: String) -> Result<Option<Space>> {
        let rc = request(ctx)?;
        let found = spaces::find_readable_by_slug(
            &rc.praxis.database().conn,
            &rc.viewer.reader(),
            slug.trim(),
        )
        .await
        .db("find space")?;
        Ok(found.map(Space))
    }

    async fn thread(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Thread>> {
        let id = GlobalId::decode_as("id", &id, NodeKind::Thread).gql()?;
        Ok(request(ctx)?.loaders.threads.load_one(id).await.gql()?.map(Thread))
    }

    #[graphql(complexity = "page_complexity(first, child_complexity)")]
    async fn threads(
        &self,
        ctx: &Context<'_>,
        filter: Option<ThreadFilter>,
        #[graphql(default_with = "Some(ThreadOrder::LatestActivity)")] order_by: Option<
            ThreadOrder,
        >,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<ThreadConnection> {
        let filter = filter.unwrap_or_default().decode().gql()?;
        thread::list(ctx, filter, order_by.unwrap_or_default(), first, after.as_deref()).await
    }

    #[graphql(complexity = "page_complexity(first, child_complexity)")]
    async fn documents(
        &self,
        ctx: &Context<'_>,
        filter: Option<DocumentFilter>,
        #[graphql(default_with = "Some(DocumentOrder::Newest)")] order_by: Option<DocumentOrder>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<DocumentConnection> {
        let input = filter.unwrap_or_default().into_input();
        let filter = request(ctx)?.praxis.document_filter(input, "filter.").gql()?;
        document::list(ctx, filter, order_by.unwrap_or_default(), first, after.as_deref()).await
    }

    async fn document(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Document>> {
        let id = GlobalId::decode_as("id", &id, NodeKind::Document).gql()?;
        Ok(request(ctx)?.loaders.documents.load_one(id).await.gql()?.map(Document))
    }

    /// Moderators: SUBMITTED documents, oldest first.
    #[graphql(complexity = "page_complexity(first, child_complexity)")]
    async fn review_queue(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<DocumentConnection> {
        let rc = require_moderator(ctx)?;
        let page_request = page_request::<DocumentCursor>(first, after.as_deref()).gql()?;
        let listed = documents::review_queue(&rc.praxis.database().conn, &page_request)
            .await
            .db("review queue")?;
        Ok(oldest_first(listed, &page_request, |d| d.submitted_at))
    }

    /// Moderators: published documents not verified within the configured period.
    #[graphql(complexity = "page_complexity(first, child_complexity)")]
    async fn documents_needing_review(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<DocumentConnection> {
        let rc = require_moderator(ctx)?;
        let page_request = page_request::<DocumentCursor>(first, after.as_deref()).gql()?;
        let cutoff = rc.praxis.review_cutoff();
        let listed = documents::needing_review(&rc.praxis.database().conn, cutoff, &page_request)
            .await
            .db("documents needing review")?;
        Ok(oldest_first(listed, &page_request, |d| d.last_verified_at))
    }

    /// Full-text search over threads, posts and documents the viewer may read.
    #[graphql(complexity = "page_complexity(first, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        query: String,
        filter: Option<SearchFilter>,
        #[graphql(default_with = "Some(SearchOrder::Relevance)")] order_by: Option<SearchOrder>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<SearchConnection> {
        let rc = request(ctx)?;
        let page = page_request::<praxis_search::Place>(first, after.as_deref()).gql()?;
        let filters = filter.unwrap_or_default().decode(&rc.praxis).gql()?;
        let order = match order_by.unwrap_or_default() {
            SearchOrder::Relevance => praxis_search::Order::Relevance,
            SearchOrder::Newest => praxis_search::Order::Newest,
        };
        // A page by relevance counts its way down to its start once its first page's scoring is
        // no longer kept (newest first always starts at a place).
        let too_deep = |place: praxis_search::Place| {
            order == praxis_search::Order::Relevance && place.before >= MAX_SEARCH_DEPTH - 1
        };
        if let Some(after) = page.after {
            let problem = if too_deep(after) {
                Some("narrow the search instead of paging this far")
            } else if after.order != order {
                Some(
                    "`after` is a cursor of this search in another order; start again from the first page",
                )
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(to_graphql(&Error::bad_input("after", problem)));
            }
        }
        let limit = usize::try_from(page.first).unwrap_or(PAGE_MAX);
        // Counting per facet value is a pass over every hit: only when the query asks for it.
        let facets = ctx.look_ahead().field("facets").exists();
        // Writing snippets can be more than half of a search's time: only when asked for.
        let snippets = ctx.look_ahead().field("edges").field("node").field("snippet").exists();
        let had_cursor = page.after.is_some();
        let input =
            SearchInput { text: query, filters, order, after: page.after, limit, facets, snippets };
        let outcome = rc.praxis.search(&rc.viewer, input).await.gql()?;
        let total = outcome.total;
        let edges: Vec<SearchEdge> = outcome
            .hits
            .into_iter()
            .map(|hit| SearchEdge { cursor: encode_cursor(&hit.place), node: SearchHit(hit) })
            .collect();
        let page_info = PageInfo {
            has_next_page: outcome.more && !outcome.end.is_some_and(too_deep),
            has_previous_page: had_cursor,
            start_cursor: edges.first().map(|e| e.cursor.clone()),
            end_cursor: outcome.end.map(|end| encode_cursor(&end)),
        };
        let facets = outcome
            .facets
            .into_iter()
            .map(|f| Facet {
                field: f.field.to_owned(),
                values: f
                    .values
                    .into_iter()
                    .map(|(value, count)| FacetValue {
                        value: facet_value(f.field, value),
                        count: i32::try_from(count).unwrap_or(i32::MAX),
                    })
                    .collect(),
            })
            .collect();
        Ok(SearchConnection {
            edges,
            page_info,
            total_count: i32::try_from(total).unwrap_or(i32::MAX),
            facets,
            took_ms: outcome.took_ms,
        })
    }

    async fn taxonomy(&self, ctx: &Context<'_>) -> Result<Taxonomy> {
        Ok(Taxonomy::from(request(ctx)?.praxis.taxonomy()))
    }

    /// The server's Markdown renderer and sanitizer, for previews: the same HTML a post would get.
    async fn render_markdown(&self, body: String) -> Result<String> {
        let body = validate::body(&body).gql()?;
        Ok(praxis_service::markdown::render(&body))
    }
}

/// A facet value as the API speaks it: spaces by the ids that `filter.spaceIds` takes.
fn facet_value(field: &str, value: String) -> String {
    match (field, Uuid::parse_str(&value)) {
        ("space", Ok(space)) => crate::types::global_id(NodeKind::Space, space).to_string(),
        _ => value,
    }
}

/// A validated `first` of a plain list (the validator keeps it positive).
fn limit(first: Option<i32>) -> Option<u64> {
    first.and_then(|n| u64::try_from(n).ok())
}

/// A moderators' list paged by one timestamp, oldest first, with its total.
fn oldest_first(
    (page, total): (praxis_db::Page<DocumentModel>, u64),
    request: &praxis_db::PageRequest<DocumentCursor>,
    at: fn(&DocumentModel) -> Option<chrono::DateTime<chrono::Utc>>,
) -> DocumentConnection {
    let cursor = |d: &DocumentModel| DocumentCursor { at: at(d), title: None, id: d.id };
    connection(page, request.after.is_some(), Some(total), cursor, Document).into()
}

/// The request context of a moderator, or FORBIDDEN (UNAUTHENTICATED when signed out).
fn require_moderator<'a>(ctx: &Context<'a>) -> Result<&'a RequestContext> {
    let rc = request(ctx)?;
    let actor = rc.viewer.actor().gql()?;
    if !actor.role.moderates() {
        return Err(to_graphql(&Error::forbidden("only moderators can see the review lists")));
    }
    Ok(rc)
}
