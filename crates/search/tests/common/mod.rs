//! What the in-memory index tests share: documents, scopes and requests.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::Utc;
use praxis_search::{
    Change, DocKey, DocKind, DocumentScope, Hit, IndexDoc, Order, Scope, SearchFilters,
    SearchIndex, SearchRequest,
};
use uuid::Uuid;

pub fn doc(kind: DocKind, title: &str, body: &str) -> IndexDoc {
    IndexDoc {
        key: DocKey { kind, id: Uuid::now_v7() },
        title: title.to_owned(),
        body: body.to_owned(),
        language: None,
        thread_text: None,
        space: None,
        status: None,
        document_author: None,
        tags: Vec::new(),
        countries: Vec::new(),
        pillars: Vec::new(),
        document_kind: None,
        created: Utc::now(),
        year: None,
        rank: 1.0,
    }
}

pub fn in_space(mut d: IndexDoc, space: Uuid) -> IndexDoc {
    d.space = Some(space);
    d
}

pub fn in_language(mut d: IndexDoc, language: &str) -> IndexDoc {
    d.language = Some(language.to_owned());
    d
}

/// A post in `space`, written in `language`.
pub fn post_in(space: Uuid, language: &str, title: &str, body: &str) -> IndexDoc {
    in_language(in_space(doc(DocKind::Post, title, body), space), language)
}

pub fn published(mut d: IndexDoc) -> IndexDoc {
    d.status = Some("PUBLISHED".into());
    d
}

pub fn index_of(docs: &[IndexDoc]) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    let changes: Vec<Change> = docs.iter().cloned().map(|d| Change::Upsert(Box::new(d))).collect();
    index.apply(&changes, Some("1")).unwrap();
    index
}

pub fn everything(spaces: &[Uuid]) -> Scope {
    Scope { spaces: spaces.to_vec(), documents: DocumentScope::All }
}

pub fn request(text: &str, scope: Scope) -> SearchRequest {
    SearchRequest {
        text: text.into(),
        filters: SearchFilters::default(),
        scope,
        order: Order::Relevance,
        after: None,
        limit: 20,
        facets: true,
        snippets: true,
    }
}

/// A long text with `passage` deep inside it, between 2,000 repeats of `before` and of `after`:
/// far past the stretch a snippet generator looks at first.
pub fn deep_inside(before: &str, passage: &str, after: &str) -> String {
    format!("{} {passage} {}", before.repeat(2000), after.repeat(2000))
}

/// The snippet of a hit of a search that asked for snippets.
pub fn snippet_of(hit: &Hit) -> &str {
    hit.snippet.as_deref().unwrap()
}

/// The snippet of a post holding `body` alone in its index, searched for `query`.
pub fn snippet_of_one(body: &str, query: &str) -> String {
    let space = Uuid::now_v7();
    let index = index_of(&[in_space(doc(DocKind::Post, "Only", body), space)]);
    let hits = index.search(&request(query, everything(&[space]))).unwrap().hits;
    snippet_of(&hits[0]).to_owned()
}

pub fn titles(index: &SearchIndex, req: &SearchRequest) -> Vec<String> {
    index.search(req).unwrap().hits.into_iter().map(|h| h.title).collect()
}
