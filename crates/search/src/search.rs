//! Searching: the user's query, the filters and the viewer's readable scope in one tantivy
//! query, so totals, facets and snippets only ever count what the viewer may read.

use std::cmp::Reverse;
use std::ops::Bound;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tantivy::collector::{Collector, Count, FacetCollector, FacetCounts, TopDocs};
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
    TermSetQuery,
};
use tantivy::schema::{Facet as TantivyFacet, Field, IndexRecordOption};
use tantivy::{DocAddress, Score, Searcher, SegmentReader, TantivyDocument, Term};
use uuid::Uuid;

use crate::doc::DocKind;
use crate::fields::facet;
use crate::index::SearchIndex;
use crate::query::{self, QueryError, UserQuery};
use crate::scorings::{Recording, Replaying, Scoring, contents_of};
use crate::snippets::PageSnippets;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
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
    /// The years the year facet counts hits under (`IndexDoc::year`).
    pub years: Vec<i32>,
    /// When a hit was dated (`IndexDoc::created`), from and to (both included).
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub text: String,
    pub filters: SearchFilters,
    pub scope: Scope,
    pub order: Order,
    /// The place of the last hit of the page before: this page starts after it.
    pub after: Option<Place>,
    pub limit: usize,
    /// Whether to count hits per facet value: a pass over every hit, and one more for each facet
    /// the search filters on; skipped when not wanted.
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
    /// Where the hit stands in the order asked for: a next page starts after it.
    pub place: Place,
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
    /// Whether more hits follow this page's.
    pub more: bool,
    /// The place of the page's last hit: where the next page starts, even if the service's
    /// recheck holds that hit back.
    pub end: Option<Place>,
    /// Every hit in scope, on all pages.
    pub total: usize,
    pub facets: Vec<Facet>,
}

/// Where a hit stands in a search's order: by relevance (or, newest first, by the milliseconds
/// of its creation), then by a number drawn from its id, which puts hits of equal relevance or
/// age in the same order on every search, however the index's segments are merged meanwhile.
///
/// A place also says which order it is in, how many hits come before it and, by relevance, how
/// its search's first page was scored. A next page starts after the place of the last hit
/// before it, rather than at a count of hits: it neither repeats nor skips a hit when others are
/// added or removed meanwhile above it.
/// - Newest first, the place is enough, since no change moves it. (A document published
///   meanwhile is listed from then, above the pages still to read: it is not repeated, and the
///   reader finds it at the top.)
/// - By relevance, every score may have moved with the words indexed since the page before, so
///   the next page is scored as the first page was, while that is kept (`Scorings`): a hit not
///   changed since keeps its relevance (see `coarse`). Once it is not kept, the page starts at
///   the count.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Place {
    pub order: Order,
    pub before: usize,
    /// By relevance, the token of the first page's scoring.
    #[serde(default)]
    pub scoring: Option<u64>,
    #[serde(with = "exact")]
    pub sort: f64,
    pub tie: u64,
}

/// A number as its bits: the decimal a float is written as in JSON need not read back as the
/// same float, and a page whose start is read back a little off repeats the hit it starts after.
mod exact {
    use serde::{Deserialize as _, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(number: &f64, to: S) -> Result<S::Ok, S::Error> {
        to.serialize_u64(number.to_bits())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<f64, D::Error> {
        u64::deserialize(from).map(f64::from_bits)
    }
}

impl Place {
    /// The number that orders a hit among equals: the random half of its id (a version 7 id
    /// begins with the time it was made, which hits imported together share).
    pub(crate) fn tie_of(id: Uuid) -> u64 {
        id.as_u64_pair().1
    }

    /// The order of places, first first: the greatest key.
    fn key(self) -> (f64, Reverse<u64>) {
        (self.sort, Reverse(self.tie))
    }
}

/// A hit's key in the collector, which keeps the greatest: a hit at or before the page's start
/// is kept below every other, to be dropped.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Ranked {
    on_page: bool,
    key: (f64, Reverse<u64>),
}

impl Ranked {
    fn of(sort: f64, tie: u64, after: Option<Place>) -> Self {
        let key = (sort, Reverse(tie));
        Self { on_page: after.is_none_or(|after| key < after.key()), key }
    }

    fn place(self, order: Order, before: usize, scoring: Option<u64>) -> Place {
        Place { order, before, scoring, sort: self.key.0, tie: self.key.1.0 }
    }
}

/// What a search found, before its snippets are written.
struct Found {
    searcher: Searcher,
    user_query: Arc<UserQuery>,
    total: usize,
    facets: Vec<Facet>,
    docs: Vec<FoundDoc>,
    more: bool,
    end: Option<Place>,
}

/// Where a page starts, and the kept scoring it is read with, with its token.
struct Start {
    kept: Option<(u64, Arc<Scoring>)>,
    /// The place the page starts after; without one, it skips `skip` hits.
    after: Option<Place>,
    skip: usize,
}

struct FoundDoc {
    kind: DocKind,
    id: Uuid,
    score: f32,
    place: Place,
    doc: TantivyDocument,
}

/// The facet dimensions reported, in order.
const FACETS: [&str; 8] =
    ["kind", "space", "country", "pillar", "documentKind", "language", "tag", "year"];
const FACET_VALUES_MAX: usize = 30;

/// A filter's clause, with the facet it filters on and the values chosen there (none for dates).
struct FilterClause {
    facet: Option<(&'static str, Vec<String>)>,
    query: Box<dyn Query>,
}

impl FilterClause {
    fn facet_name(&self) -> Option<&'static str> {
        self.facet.as_ref().map(|(dimension, _)| *dimension)
    }
}

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

    fn filter_queries(&self, filters: &SearchFilters) -> Vec<FilterClause> {
        let f = &self.fields;
        let mut clauses = Vec::new();
        let lists: [(&'static str, Field, Vec<String>); 7] = [
            ("kind", f.kind, filters.kinds.iter().map(|k| k.as_str().to_owned()).collect()),
            ("space", f.space, filters.spaces.iter().map(Uuid::to_string).collect()),
            ("tag", f.tag, filters.tags.clone()),
            ("country", f.country, filters.countries.clone()),
            ("pillar", f.pillar, filters.pillars.clone()),
            ("documentKind", f.document_kind, filters.document_kinds.clone()),
            ("language", f.language, filters.languages.clone()),
        ];
        for (dimension, field, values) in lists {
            if !values.is_empty() {
                let query = any_of(field, values.clone());
                clauses.push(FilterClause { facet: Some((dimension, values)), query });
            }
        }
        if !filters.years.is_empty() {
            // By the facet a hit is counted under, so a year's count and its filter agree.
            let years: Vec<String> = filters.years.iter().map(i32::to_string).collect();
            let terms = years.iter().map(|year| Term::from_facet(f.facets, &facet("year", year)));
            let query = Box::new(TermSetQuery::new(terms));
            clauses.push(FilterClause { facet: Some(("year", years)), query });
        }
        if filters.from.is_some() || filters.to.is_some() {
            let bound = |t: Option<DateTime<Utc>>| match t {
                Some(t) => Bound::Included(Term::from_field_i64(f.created, t.timestamp_millis())),
                None => Bound::Unbounded,
            };
            let query = Box::new(RangeQuery::new(bound(filters.from), bound(filters.to)));
            clauses.push(FilterClause { facet: None, query });
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
        let contents = contents_of(&searcher);
        let Start { kept, after, skip } = self.start(request, contents);
        let user_query = match &kept {
            Some((_, scoring)) => Arc::clone(&scoring.query),
            None => Arc::new(query::build(&searcher, f, self.index.tokenizers(), &request.text)?),
        };
        let base: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, user_query.query.box_clone()),
            filter(self.scope_query(&request.scope)),
        ];
        let filters = self.filter_queries(&request.filters);
        let chosen = |dimension: &str| {
            filters.iter().find_map(|clause| clause.facet.as_ref().filter(|(d, _)| *d == dimension))
        };
        let mut clauses: Vec<_> = base.iter().map(|(occur, q)| (*occur, q.box_clone())).collect();
        clauses.extend(filters.iter().map(|clause| filter(clause.query.box_clone())));
        let full = BooleanQuery::new(clauses);

        // The facets no filter is on are counted in the pass that finds the page.
        let counted_in_pass: Vec<&'static str> =
            FACETS.into_iter().filter(|dimension| chosen(dimension).is_none()).collect();
        let facets = request.facets.then(|| facet_collector(&counted_in_pass));
        // One hit more than the page, to tell whether another page follows.
        let wanted = request.limit + 1;
        let order = request.order;
        let offset = if after.is_some() { 0 } else { skip };
        let top = ranked_top(wanted, offset, order, after);
        // Scored with the kept statistics, or else with the live index's, noted by relevance to
        // be kept.
        let replaying = kept
            .as_ref()
            .map(|(_, scoring)| Replaying { statistics: &scoring.statistics, live: &searcher });
        let recording =
            (order == Order::Relevance && kept.is_none()).then(|| Recording::of(&searcher));
        let statistics: &dyn Bm25StatisticsProvider = match (&replaying, &recording) {
            (Some(replaying), _) => replaying,
            (None, Some(recording)) => recording,
            (None, None) => &searcher,
        };
        let (total, counts, top): (usize, _, Vec<(Ranked, DocAddress)>) = searcher
            .search_with_statistics_provider(&full, &(Count, facets, top), statistics)
            .map_err(SearchError::internal)?;
        let mut facets: Vec<Facet> = match counts {
            Some(counts) => counted_in_pass.iter().map(|dim| facet_of(&counts, dim, &[])).collect(),
            None => Vec::new(),
        };
        if request.facets {
            for (dimension, values) in FACETS.into_iter().filter_map(chosen) {
                let counted = count_filtered(&searcher, (*dimension, values), &base, &filters);
                facets.push(counted.map_err(SearchError::internal)?);
            }
            facets.sort_by_key(|facet| FACETS.iter().position(|d| *d == facet.field));
        }
        let mut top: Vec<_> = top.into_iter().filter(|(ranked, _)| ranked.on_page).collect();
        let more = top.len() > request.limit;
        top.truncate(request.limit);
        // The pages after a page by relevance are scored as its first page was. (A page of none
        // has no place to carry the scoring.)
        let scoring = match (&kept, recording) {
            _ if !more || top.is_empty() => None,
            (Some((token, _)), _) => Some(*token),
            (None, Some(recording)) => Some(self.scorings.keep(Scoring {
                contents,
                text: request.text.clone(),
                query: Arc::clone(&user_query),
                statistics: recording.into_statistics(),
            })),
            (None, None) => None,
        };
        let places: Vec<Place> = top
            .iter()
            .enumerate()
            // A client may send back a cursor with any count in it.
            .map(|(at, (ranked, _))| ranked.place(order, skip.saturating_add(at), scoring))
            .collect();

        let mut docs = Vec::with_capacity(top.len());
        for (place, (_, address)) in places.iter().zip(top) {
            let doc: TantivyDocument = searcher.doc(address).map_err(SearchError::internal)?;
            if let Some((kind, id)) = text_of(&doc, f.key).and_then(parse_key) {
                // The relevance a hit's place is ordered by: none when ordered by age.
                let score = if order == Order::Relevance { place.sort as f32 } else { 0.0 };
                docs.push(FoundDoc { kind, id, score, place: *place, doc });
            }
        }
        Ok(Found {
            searcher,
            user_query,
            total,
            facets,
            docs,
            more,
            // A page of none (first: 0) ends where it started.
            end: places.last().copied().or(request.after),
        })
    }

    /// Where a page starts: after the last hit's place where no change moved it, else at its
    /// count (see `Place`). By relevance, also the scoring kept for it: its first page's, or one
    /// of the same text on the same contents of the index, which a search would record again.
    fn start(&self, request: &SearchRequest, contents: u64) -> Start {
        let skip = request.after.map_or(0, |after| after.before.saturating_add(1));
        if request.order == Order::Newest {
            return Start { kept: None, after: request.after, skip };
        }
        let of_cursor = request.after.and_then(|after| {
            let token = after.scoring.filter(|_| after.order == Order::Relevance)?;
            Some((after, (token, self.scorings.get(token, &request.text)?)))
        });
        match of_cursor {
            Some((after, kept)) => Start { kept: Some(kept), after: Some(after), skip },
            None => {
                let kept = self.scorings.of_search(contents, &request.text);
                Start { kept, after: None, skip }
            }
        }
    }

    /// The second part of a search: titles and, when `wanted`, snippets of the hits found.
    fn with_snippets(&self, found: Found, wanted: bool) -> Result<SearchResults, SearchError> {
        let f = &self.fields;
        let Found { searcher, user_query, total, facets, docs, more, end } = found;
        let mut snippets = wanted
            .then(|| PageSnippets::new(&searcher, &user_query, f.title, f.body))
            .transpose()
            .map_err(SearchError::internal)?;
        let mut hits = Vec::with_capacity(docs.len());
        for FoundDoc { kind, id, score, place, doc } in docs {
            let body = text_of(&doc, f.body.words).unwrap_or_default();
            let title = text_of(&doc, f.title.words).unwrap_or_default();
            let snippet = snippets
                .as_mut()
                .map(|snippets| snippets.of(title, body))
                .transpose()
                .map_err(SearchError::internal)?;
            let language = text_of(&doc, f.written_in).map(str::to_owned);
            hits.push(Hit { kind, id, score, place, title: title.to_owned(), snippet, language });
        }

        Ok(SearchResults { hits, more, end, total, facets })
    }
}

/// Hits per value of a facet the search filters on, counted without that facet's own filter
/// (the others still apply): its other values stay on offer, each with its hits under the other
/// filters, so choosing one does not hide the rest. A chosen value's count is its hits among the
/// search's, as the other facets count. Scores are not needed, so none are computed.
fn count_filtered(
    searcher: &Searcher,
    (dimension, chosen): (&'static str, &[String]),
    base: &[(Occur, Box<dyn Query>)],
    filters: &[FilterClause],
) -> tantivy::Result<Facet> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        base.iter().map(|(occur, query)| (*occur, query.box_clone())).collect();
    let others = filters.iter().filter(|clause| clause.facet_name() != Some(dimension));
    clauses.extend(others.map(|clause| filter(clause.query.box_clone())));
    let counts = searcher.search(&BooleanQuery::new(clauses), &facet_collector(&[dimension]))?;
    Ok(facet_of(&counts, dimension, chosen))
}

/// A collector of hits per value of each of `dimensions`.
fn facet_collector(dimensions: &[&'static str]) -> FacetCollector {
    let mut collector = FacetCollector::for_field("facets");
    for dimension in dimensions {
        collector.add_facet(TantivyFacet::from_path([*dimension]));
    }
    collector
}

/// A dimension's most frequent values, as counted, and the `chosen` ones however few their hits:
/// a value filtered on is shown as chosen, with its count.
fn facet_of(counts: &FacetCounts, dimension: &'static str, chosen: &[String]) -> Facet {
    let mut values: Vec<(String, u64)> = counts
        .get(&format!("/{dimension}"))
        .map(|(facet, count)| {
            (facet.to_path().last().map(|s| (*s).to_owned()).unwrap_or_default(), count)
        })
        .collect();
    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut at = 0;
    values.retain(|(value, _)| {
        at += 1;
        at <= FACET_VALUES_MAX || chosen.contains(value)
    });
    Facet { field: dimension, values }
}

/// The collector of a page's hits, from `offset` or after `after`, each keyed by its place in
/// `order`.
fn ranked_top(
    limit: usize,
    offset: usize,
    order: Order,
    after: Option<Place>,
) -> impl Collector<Fruit = Vec<(Ranked, DocAddress)>> {
    TopDocs::with_limit(limit).and_offset(offset).tweak_score(move |segment: &SegmentReader| {
        let columns = segment.fast_fields();
        let rank = columns.f64("rank").ok().map(|c| c.first_or_default_col(1.0));
        let created = columns.i64("created").ok().map(|c| c.first_or_default_col(0));
        let tie = columns.u64("tie").ok().map(|c| c.first_or_default_col(0));
        move |doc, score: Score| {
            let sort = match order {
                Order::Relevance => {
                    f64::from(coarse(score * rank.as_ref().map_or(1.0, |r| r.get_val(doc) as f32)))
                }
                Order::Newest => created.as_ref().map_or(0, |c| c.get_val(doc)) as f64,
            };
            Ranked::of(sort, tie.as_ref().map_or(0, |t| t.get_val(doc)), after)
        }
    })
}

/// Relevance as pages are ordered by: its 12 leading bits. tantivy adds the scores of a query's
/// required words in an order each segment sets, so a hit's relevance may differ in its last bit
/// once segments merge. Cut to this grain, it almost never does (only where the difference
/// crosses from one grain to the next, about once in 2,000 such hits), so the order of hits and
/// the place a next page starts after stay put. Hits of the same grain rank by their tie.
fn coarse(relevance: Score) -> Score {
    const DROPPED_BITS: u32 = f32::MANTISSA_DIGITS - 1 - 12;
    Score::from_bits(relevance.to_bits() & !((1 << DROPPED_BITS) - 1))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevance_is_ordered_by_its_leading_bits_alone() {
        let score: Score = 1.234_567;
        let next_bit = Score::from_bits(score.to_bits() + 1);
        assert_eq!(coarse(score), coarse(next_bit), "a last bit's difference is none");
        assert!(coarse(score) < coarse(score * 1.001), "a tenth of a percent is one");
        assert!(coarse(score) <= score && score - coarse(score) < score / 4096.0);
    }
}
