//! Full-text search over threads, posts and documents: a tantivy index with named analyzers for
//! the region's languages, one writer that applies batches of changes and records how far it has
//! come, and a searcher that runs the viewer's readable scope inside the query. This crate knows
//! nothing of the database: it takes `IndexDoc`s and returns ids, scores and snippets.

mod analyzers;
mod doc;
mod fields;
mod home;
mod index;
mod language;
mod query;
mod scorings;
mod search;
mod snippets;
mod spelling;
mod stems;
mod together;
mod writing;

pub use analyzers::{SEA_BIGRAMS, WORDS, WORDS_ENGLISH, WORDS_FOLDED, segment_all, segment_words};
pub use doc::{Change, DocKey, DocKind, IndexDoc};
pub use home::IndexHome;
pub use index::SearchIndex;
pub use query::QueryError;
pub use search::{
    DocumentScope, Facet, Hit, Order, Place, Scope, SearchError, SearchFilters, SearchRequest,
    SearchResults,
};
