use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Union};
use chrono::{DateTime, Datelike as _, Utc};
use praxis_core::ids::{GlobalId, NodeKind};
use praxis_core::{Result, taxonomy};
use praxis_search::{DocKind, SearchFilters};

use super::{Document, Post, Thread};
use crate::context::request;
use crate::enums::{DocumentKind, Pillar};
use crate::errors::{GqlResult as _, to_graphql};

#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKind {
    Thread,
    Post,
    Document,
}

#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchOrder {
    #[default]
    Relevance,
    Newest,
}

#[derive(InputObject, Default)]
pub struct SearchFilter {
    pub kinds: Option<Vec<SearchKind>>,
    pub space_ids: Option<Vec<ID>>,
    pub tags: Option<Vec<String>>,
    pub countries: Option<Vec<String>>,
    pub pillars: Option<Vec<Pillar>>,
    pub document_kinds: Option<Vec<DocumentKind>>,
    /// Language codes from the taxonomy. A document counts under the language it declares; a
    /// thread or post, which declares none, under the language it reads as where that can be
    /// told (not short posts, though a short reply counts under its thread's language; Lao is told
    /// by its script at any length), and under both id and ms when it reads as either.
    pub languages: Option<Vec<String>>,
    /// Years, as the year facet counts hits: a library document under the year it declares (a
    /// 2025 report published in 2026 is a 2025 report), else the year it was last published in
    /// the library; a thread or post under the year it was written.
    pub years: Option<Vec<i32>>,
    /// Hits dated at or after this time: a thread or post by when it was written, a document by
    /// when it was last published in the library (by when it was created until then).
    pub from: Option<DateTime<Utc>>,
    /// Hits dated at or before this time.
    pub to: Option<DateTime<Utc>>,
}

impl SearchFilter {
    /// Checks ids and codes; a typo is an error that names the field, not an empty result.
    pub fn decode(self, praxis: &praxis_service::Praxis) -> Result<SearchFilters> {
        if let (Some(from), Some(to)) = (self.from, self.to)
            && to < from
        {
            return Err(praxis_core::Error::bad_input(
                "filter.to",
                "`to` is before `from`, so nothing could match: swap them",
            ));
        }
        let kinds = self
            .kinds
            .unwrap_or_default()
            .into_iter()
            .map(|k| match k {
                SearchKind::Thread => DocKind::Thread,
                SearchKind::Post => DocKind::Post,
                SearchKind::Document => DocKind::Document,
            })
            .collect();
        let spaces = self
            .space_ids
            .unwrap_or_default()
            .iter()
            .map(|id| GlobalId::decode_as("filter.spaceIds", id, NodeKind::Space))
            .collect::<Result<_>>()?;
        let countries = self
            .countries
            .unwrap_or_default()
            .iter()
            .map(|c| taxonomy::country("filter.countries", c))
            .collect::<Result<_>>()?;
        let languages = self
            .languages
            .unwrap_or_default()
            .iter()
            .map(|l| praxis.taxonomy().check_language("filter.languages", l))
            .collect::<Result<_>>()?;
        Ok(SearchFilters {
            kinds,
            spaces,
            tags: self.tags.unwrap_or_default().iter().map(|t| t.trim().to_lowercase()).collect(),
            countries,
            pillars: self
                .pillars
                .unwrap_or_default()
                .into_iter()
                .map(|p| praxis_core::types::Pillar::from(p).as_str().to_owned())
                .collect(),
            document_kinds: self
                .document_kinds
                .unwrap_or_default()
                .into_iter()
                .map(|k| praxis_core::types::DocumentKind::from(k).as_str().to_owned())
                .collect(),
            languages,
            years: self
                .years
                .unwrap_or_default()
                .into_iter()
                .map(|year| praxis_core::validate::year("filter.years", year, Utc::now().year()))
                .collect::<Result<_>>()?,
            from: self.from,
            to: self.to,
        })
    }
}

// One value per hit, built and dropped within a response: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Union)]
pub enum SearchTarget {
    Thread(Thread),
    Post(Post),
    Document(Document),
}

pub struct SearchHit(pub praxis_service::SearchHit);

#[Object]
impl SearchHit {
    /// Loaded only when asked for: the title and snippet come from the index.
    async fn node(&self, ctx: &Context<'_>) -> async_graphql::Result<SearchTarget> {
        let loaders = &request(ctx)?.loaders;
        let id = self.0.id;
        let found = match self.0.kind {
            DocKind::Thread => {
                loaders.threads.load_one(id).await.gql()?.map(|t| SearchTarget::Thread(Thread(t)))
            }
            DocKind::Post => {
                loaders.posts.load_one(id).await.gql()?.map(|p| SearchTarget::Post(Post(p)))
            }
            DocKind::Document => loaders
                .documents
                .load_one(id)
                .await
                .gql()?
                .map(|d| SearchTarget::Document(Document(d))),
        };
        found.ok_or_else(|| to_graphql(&praxis_core::Error::not_found("search hit")))
    }

    async fn score(&self) -> f64 {
        f64::from(self.0.score)
    }

    /// The hit's title; a reply's is its thread's title (a reply is not found by it).
    async fn title(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        if self.0.kind == DocKind::Post && self.0.title.is_empty() {
            let loaders = &request(ctx)?.loaders;
            if let Some(post) = loaders.posts.load_one(self.0.id).await.gql()?
                && let Some(thread) = loaders.threads.load_one(post.thread_id).await.gql()?
            {
                return Ok(thread.title);
            }
        }
        Ok(self.0.title.clone())
    }

    /// The BCP 47 tag of the language the hit's text is in, for a client's `lang` attribute: a
    /// document's declared language; for a thread or post, the language its own text reads as
    /// (id for Indonesian or Malay, which cannot be told apart), or null where that cannot be
    /// told, as for short posts (Lao is told by its script at any length).
    async fn language(&self) -> Option<&str> {
        self.0.language.as_deref()
    }

    /// HTML-escaped text with the matched terms wrapped in <mark>.
    async fn snippet(&self) -> async_graphql::Result<&str> {
        // The search writes snippets whenever the query selects this field, by any alias or
        // fragment; a hit without one here would be that look-ahead failing, not the caller.
        self.0.snippet.as_deref().ok_or_else(|| {
            to_graphql(&praxis_core::Error::Internal(anyhow::anyhow!(
                "a search hit's snippet was selected but not written"
            )))
        })
    }
}

#[derive(SimpleObject)]
pub struct FacetValue {
    pub value: String,
    pub count: i32,
}

#[derive(SimpleObject)]
pub struct Facet {
    pub field: String,
    pub values: Vec<FacetValue>,
}

#[derive(SimpleObject)]
pub struct SearchEdge {
    pub cursor: String,
    pub node: SearchHit,
}

#[derive(SimpleObject)]
pub struct SearchConnection {
    pub edges: Vec<SearchEdge>,
    pub page_info: crate::connection::PageInfo,
    /// Hits the viewer may read, all pages together.
    pub total_count: i32,
    /// Counts per kind, space, country, pillar, documentKind, language, tag and year over all hits.
    /// A facet the search filters on is counted under the other filters only, so its values not
    /// chosen stay on offer, each with its hits under those filters.
    pub facets: Vec<Facet>,
    pub took_ms: f64,
}
