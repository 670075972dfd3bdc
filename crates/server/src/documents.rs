//! Parsed GraphQL documents, kept by their text. Clients send the same few documents over and
//! over with different variables (the web app's are fixed at build time), and parsing one took
//! 16 µs for a one-line search and 69 µs for the web app's search page, against about 1 µs to
//! copy a parsed one (release build, this machine). Only parsing is skipped: every request is
//! still validated, limited and executed on its own.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use async_graphql::Request;
use async_graphql::parser::types::ExecutableDocument;
use lru::LruCache;

/// Distinct documents kept: far more than the web app sends.
const KEPT: NonZeroUsize = NonZeroUsize::new(256).expect("not zero");
/// Longer documents are parsed each time, so a few large ones cannot hold much memory.
const LONGEST_KEPT: usize = 16 * 1024;

pub struct DocumentCache {
    parsed: Mutex<LruCache<String, ExecutableDocument>>,
}

impl Default for DocumentCache {
    fn default() -> Self {
        Self { parsed: Mutex::new(LruCache::new(KEPT)) }
    }
}

impl DocumentCache {
    /// Gives `request` its parsed document: a copy of the one kept for the same text, or parsed
    /// now and kept. A document that does not parse is left for execution to report.
    pub fn prepare(&self, request: &mut Request) {
        if request.query.len() > LONGEST_KEPT {
            return;
        }
        let kept = self.parsed.lock().ok().and_then(|mut kept| kept.get(&request.query).cloned());
        if let Some(document) = kept {
            request.set_parsed_query(document);
            return;
        }
        // Parsed outside the lock, so other requests are not held up meanwhile.
        let Ok(document) = request.parsed_query().cloned() else {
            return;
        };
        if let Ok(mut kept) = self.parsed.lock() {
            kept.put(request.query.clone(), document);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(cache: &DocumentCache) -> usize {
        cache.parsed.lock().map_or(0, |kept| kept.len())
    }

    #[test]
    fn a_document_is_parsed_once_and_its_copy_given_to_later_requests() {
        let cache = DocumentCache::default();
        let text = "query Hits($q: String!) { search(query: $q) { totalCount } }";
        let mut first = Request::new(text);
        cache.prepare(&mut first);
        assert_eq!(kept(&cache), 1);
        let mut second = Request::new(text);
        cache.prepare(&mut second);
        assert_eq!(kept(&cache), 1);
        let expected = first.parsed_query().map(|d| format!("{d:?}")).expect("parses");
        // The second request was handed the kept document: its query text is not parsed again.
        second.query = "this text would not parse".to_owned();
        let given = second.parsed_query().map(|d| format!("{d:?}")).expect("was given one");
        assert_eq!(given, expected);
    }

    #[test]
    fn documents_that_do_not_parse_or_are_long_are_not_kept() {
        let cache = DocumentCache::default();
        let mut broken = Request::new("{ search(query: ");
        cache.prepare(&mut broken);
        assert!(broken.parsed_query().is_err(), "left for execution to report");
        let long = format!("{{ __typename {} }}", " ".repeat(LONGEST_KEPT));
        cache.prepare(&mut Request::new(long));
        assert_eq!(kept(&cache), 0);
    }
}
