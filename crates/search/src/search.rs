//! Searching: the user's query, the filters and the viewer's readable scope in one tantivy
//! query, so totals, facets and snippets only ever count what the viewer may read.

use std::ops::Bound;

use chrono::{DateTime, Utc};
use tantivy::collector::{Count, FacetCollector, FacetCounts, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Facet as TantivyFacet, Field, IndexRecordOption};
use tantivy::{
    DocAddress, Order as TantivyOrder, Score, Searcher, SegmentReader, TantivyDocument, Term,
};
use uuid::Uuid;

use crate::doc::DocKind;
use crate::index::SearchIndex;
use crate::query::{self, QueryError, UserQuery};
use crate::snippets::PageSnippets;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    #[default]
    Relevance,
    Newest,
}

/// What the viewer may read: computed by the service with the database's visibility predicate.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Spaces whose threads and posts the viewer may read.
    pub spaces: Vec<Uuid>,
    pub documents: DocumentScope,
}

#[derive(Debug, Clone)]
pub enum DocumentScope {
    /// Moderators review every document.
    All,
    /// Published documents, and the viewer's own at any stage.
    PublishedOr(Option<Uuid>),
}

#[derive(Debug, Clone, Default)]
pub struct SearchFilters {
    pub kinds: Vec<DocKind>,
    pub spaces: Vec<Uuid>,
    pub tags: Vec<String>,
    pub countries: Vec<String>,
    pub pillars: Vec<String>,
    pub document_kinds: Vec<String>,
    pub languages: Vec<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub text: String,
    pub filters: SearchFilters,
    pub scope: Scope,
    pub order: Order,
    pub offset: usize,
    pub limit: usize,
    /// Whether to count hits per facet value: a pass over every hit, skipped when not wanted.
    pub facets: bool,
    /// Whether to write each hit's snippet (finding the passage, analysing it): on the UN
    /// statements, over half of a one-word or phrase search's time. Skipped when not wanted.
    pub snippets: bool,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: DocKind,
    pub id: Uuid,
    pub score: f32,
    pub title: String,
    /// HTML-escaped text with the matched words in `<mark>`; `None` when none was asked for.
    pub snippet: Option<String>,
    /// The language the hit's own text is in: a document's declared one, or the first code a
    /// thread's or post's reading gives; `None` where its text alone cannot tell.
    pub language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub field: &'static str,
    pub values: Vec<(String, u64)>,
}

#[derive(Debug, Clone)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Every hit in scope, on all pages.
    pub total: usize,
    pub facets: Vec<Facet>,
}

/// What a search found, before its snippets are written.
struct Found {
    searcher: Searcher,
    user_query: UserQuery,
    total: usize,
    facet_counts: Option<FacetCounts>,
    docs: Vec<FoundDoc>,
}

struct FoundDoc {
    kind: DocKind,
    id: Uuid,
    score: f32,
    doc: TantivyDocument,
}

/// The facet dimensions reported, in order.
const FACETS: [&str; 8] =
    ["kind", "space", "country", "pillar", "documentKind", "language", "tag", "year"];
const FACET_VALUES_MAX: usize = 30;

fn filter(query: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    // Filters decide membership, not relevance.
    (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
}

fn any_of(field: Field, values: impl IntoIterator<Item = String>) -> Box<dyn Query> {
    Box::new(TermSetQuery::new(values.into_iter().map(|v| Term::from_field_text(field, &v))))
}

fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
}

impl SearchIndex {
    fn scope_query(&self, scope: &Scope) -> Box<dyn Query> {
        let f = &self.fields;
        let mut readable: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Should, any_of(f.space, scope.spaces.iter().map(Uuid::to_string)))];
        match scope.documents {
            DocumentScope::All => {
                readable.push((Occur::Should, term(f.kind, DocKind::Document.as_str())))
            }
            DocumentScope::PublishedOr(author) => {
                readable.push((Occur::Should, term(f.status, "PUBLISHED")));
                if let Some(author) = author {
                    readable.push((Occur::Should, term(f.document_author, &author.to_string())));
                }
            }
        }
        Box::new(BooleanQuery::new(readable))
    }

    fn filter_queries(&self, filters: &SearchFilters) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.fields;
        let mut clauses = Vec::new();
        let lists: [(Field, Vec<String>); 7] = [
            (f.kind, filters.kinds.iter().map(|k| k.as_str().to_owned()).collect()),
            (f.space, filters.spaces.iter().map(Uuid::to_string).collect()),
            (f.tag, filters.tags.clone()),
            (f.country, filters.countries.clone()),
            (f.pillar, filters.pillars.clone()),
            (f.document_kind, filters.document_kinds.clone()),
            (f.language, filters.languages.clone()),
        ];
        for (field, values) in lists {
            if !values.is_empty() {
                clauses.push(filter(any_of(field, values)));
            }
        }
        if filters.from.is_some() || filters.to.is_some() {
            let bound = |t: Option<DateTime<Utc>>| match t {
                Some(t) => Bound::Included(Term::from_field_i64(f.created, t.timestamp_millis())),
                None => Bound::Unbounded,
            };
            clauses.push(filter(Box::new(RangeQuery::new(bound(filters.from), bound(filters.to)))));
        }
        clauses
    }

    /// Runs a search on the calling thread: CPU work, mostly about a millisecond, that never
    /// waits on anything but the index's files.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.with_snippets(self.find(request)?, request.snippets)
    }

    /// The first part of a search: the hits on the requested page, the total and the facets.
    fn find(&self, request: &SearchRequest) -> Result<Found, SearchError> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let user_query = query::build(&searcher, f, self.index.tokenizers(), &request.text)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, user_query.query.box_clone())];
        clauses.push(filter(self.scope_query(&request.scope)));
        clauses.extend(self.filter_queries(&request.filters));
        let full = BooleanQuery::new(clauses);

        let facets = request.facets.then(|| {
            let mut facets = FacetCollector::for_field("facets");
            for dimension in FACETS {
                facets.add_facet(TantivyFacet::from_path([dimension]));
            }
            facets
        });
        let limit = request.limit.max(1);
        let (total, facet_counts, addresses): (usize, _, Vec<(f32, DocAddress)>) = match request
            .order
        {
            Order::Relevance => {
                let top = TopDocs::with_limit(limit).and_offset(request.offset).tweak_score(
                    move |segment: &SegmentReader| {
                        let rank = segment
                            .fast_fields()
                            .f64("rank")
                            .ok()
                            .map(|c| c.first_or_default_col(1.0));
                        move |doc, score: Score| match &rank {
                            Some(rank) => score * rank.get_val(doc) as f32,
                            None => score,
                        }
                    },
                );
                searcher.search(&full, &(Count, facets, top)).map_err(SearchError::internal)?
            }
            Order::Newest => {
                let top = TopDocs::with_limit(limit)
                    .and_offset(request.offset)
                    .order_by_fast_field::<i64>("created", TantivyOrder::Desc);
                let (count, facets, docs) =
                    searcher.search(&full, &(Count, facets, top)).map_err(SearchError::internal)?;
                (count, facets, docs.into_iter().map(|(_, address)| (0.0, address)).collect())
            }
        };

        let mut docs = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let doc: TantivyDocument = searcher.doc(address).map_err(SearchError::internal)?;
            if let Some((kind, id)) = text_of(&doc, f.key).and_then(parse_key) {
                docs.push(FoundDoc { kind, id, score, doc });
            }
        }
        Ok(Found { searcher, user_query, total, facet_counts, docs })
    }

    /// The second part of a search: titles and, when `wanted`, snippets of the hits found.
    fn with_snippets(&self, found: Found, wanted: bool) -> Result<SearchResults, SearchError> {
        let f = &self.fields;
        let Found { searcher, user_query, total, facet_counts, docs } = found;
        let mut snippets = wanted
            .then(|| PageSnippets::new(&searcher, &user_query, f.title, f.body))
            .transpose()
            .map_err(SearchError::internal)?;
        let mut hits = Vec::with_capacity(docs.len());
        for FoundDoc { kind, id, score, doc } in docs {
            let body = text_of(&doc, f.body.words).unwrap_or_default();
            let title = text_of(&doc, f.title.words).unwrap_or_default();
            let snippet = snippets
                .as_mut()
                .map(|snippets| snippets.of(title, body))
                .transpose()
                .map_err(SearchError::internal)?;
            let language = text_of(&doc, f.written_in).map(str::to_owned);
            hits.push(Hit { kind, id, score, title: title.to_owned(), snippet, language });
        }

        let Some(facet_counts) = facet_counts else {
            return Ok(SearchResults { hits, total, facets: Vec::new() });
        };
        let facets = FACETS
            .iter()
            .map(|dimension| {
                let mut values: Vec<(String, u64)> = facet_counts
                    .get(&format!("/{dimension}"))
                    .map(|(facet, count)| {
                        (facet.to_path().last().map(|s| (*s).to_owned()).unwrap_or_default(), count)
                    })
                    .collect();
                values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                values.truncate(FACET_VALUES_MAX);
                Facet { field: dimension, values }
            })
            .collect();
        Ok(SearchResults { hits, total, facets })
    }
}

fn text_of(doc: &TantivyDocument, field: Field) -> Option<&str> {
    use tantivy::schema::document::Value as _;
    doc.get_first(field).and_then(|v| v.as_str())
}

fn parse_key(key: &str) -> Option<(DocKind, Uuid)> {
    let (kind, id) = key.split_once(':')?;
    Some((DocKind::parse(kind)?, Uuid::parse_str(id).ok()?))
}

/// Why a search failed: the query (the caller's to fix) or the index (ours).
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("search index error: {0}")]
    Internal(String),
}

impl SearchError {
    fn internal(e: impl std::fmt::Display) -> Self {
        SearchError::Internal(e.to_string())
    }
}
