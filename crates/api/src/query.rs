//! Read operations. Every lookup goes through the visibility predicate (in the query functions
//! or the viewer-bound loaders), so an object the viewer may not read is simply absent.

use async_graphql::{Context, ID, InputObject, Object, Result};
use praxis_core::ids::{GlobalId, NodeKind};
use praxis_core::limits::PAGE_MAX;
use praxis_core::{Error, validate};
use praxis_db::queries::spaces;
use praxis_db::queries::threads::ThreadFilter as DbThreadFilter;
use uuid::Uuid;

use crate::connection::{
    SpaceConnection, ThreadConnection, connection, page_complexity, page_request, wants_total,
};
use crate::context::{RequestContext, request};
use crate::enums::{ThreadKind, ThreadOrder};
use crate::errors::{DbResult as _, GqlResult as _, to_graphql};
use crate::types::{Node, Organization, Post, Space, Thread, User, thread};

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
            id.map(|id| GlobalId::decode_as(field, &id, kind))
                .transpose()
        };
        Ok(DbThreadFilter {
            space_id: decode("filter.spaceId", self.space_id, NodeKind::Space)?,
            kind: self
                .kind
                .map(|k| praxis_core::types::ThreadKind::from(k).as_str()),
            tag: self.tag.map(|t| t.trim().to_lowercase()),
            author_id: decode("filter.authorId", self.author_id, NodeKind::User)?,
        })
    }
}

/// Loads any node the viewer may read, by its decoded id.
async fn load_node(rc: &RequestContext, id: GlobalId) -> Result<Option<Node>> {
    let l = &rc.loaders;
    Ok(match id.kind {
        NodeKind::User => l
            .users
            .load_one(id.id)
            .await
            .gql()?
            .map(|m| Node::User(User::from(m))),
        NodeKind::Organization => l
            .organizations
            .load_one(id.id)
            .await
            .gql()?
            .map(|m| Node::Organization(Organization(m))),
        NodeKind::Space => l
            .spaces
            .load_one(id.id)
            .await
            .gql()?
            .map(|m| Node::Space(Space(m))),
        NodeKind::Thread => l
            .threads
            .load_one(id.id)
            .await
            .gql()?
            .map(|m| Node::Thread(Thread(m))),
        NodeKind::Post => l
            .posts
            .load_one(id.id)
            .await
            .gql()?
            .map(|m| Node::Post(Post(m))),
    })
}

#[Object]
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
        Ok(request(ctx)?
            .viewer
            .signed_in()
            .map(|s| User::from(s.user.clone())))
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
        let page = spaces::list_readable(db, &reader, &page_request)
            .await
            .db("list spaces")?;
        let total = if wants_total(ctx) {
            Some(
                spaces::count_readable(db, &reader)
                    .await
                    .db("count spaces")?,
            )
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
        Ok(request(ctx)?
            .loaders
            .threads
            .load_one(id)
            .await
            .gql()?
            .map(Thread))
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
        thread::list(
            ctx,
            filter,
            order_by.unwrap_or_default(),
            first,
            after.as_deref(),
        )
        .await
    }

    /// The server's Markdown renderer and sanitizer, for previews: the same HTML a post would get.
    async fn render_markdown(&self, body: String) -> Result<String> {
        let body = validate::body(&body).gql()?;
        Ok(praxis_service::markdown::render(&body))
    }
}
