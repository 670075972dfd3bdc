//! Whatever a person types into the search box, and whatever they write in a post, the index
//! takes it: a text is indexed whatever its script or marks, and a search answers with hits or
//! with a mistake in the query to mend, never with a panic or an internal error. Its snippets are
//! escaped HTML whose only tags are whole, unnested `<mark>`s.
//!
//! The inputs are generated: the region's words (whole, cut short, or run together), the
//! query's own marks (quotation marks, minus signs, OR) and what a keyboard or a paste slips in
//! (combining marks, zero-width characters, other spaces, emoji, symbols, any character at all).
mod common;

use common::{
    deep_inside, doc, everything, in_language, in_space, index_of, published, request, snippet_of,
};
use praxis_search::{DocKind, IndexDoc, Order, Place, SearchError, SearchIndex, SearchResults};
use proptest::char::range;
use proptest::prelude::*;
use proptest::sample::select;
use uuid::Uuid;

/// Words of the community's languages, each as a person would type it.
const WORDS: &[&str] = &[
    "women",
    "peace",
    "security",
    "peacekeeping",
    "organisation",
    "organization",
    "U.N.",
    "1325",
    "phụ nữ",
    "hòa bình",
    "hoà",
    "an ninh",
    "bạo lực",
    "bão",
    "ผู้หญิง",
    "สันติภาพ",
    "ความมั่นคง",
    "กรุงเทพมหานคร",
    "perempuan",
    "perdamaian",
    "kekerasan",
    "keras",
    "kababaihan",
    "kapayapaan",
    "ស្ត្រី",
    "សន្តិភាព",
    "ແມ່ຍິງ",
    "ສັນຕິພາບ",
    "အမျိုးသမီး",
    "ငြိမ်းချမ်းရေး",
    "Zoé",
    "ΟΔΟΣ",
];

/// The marks the query language gives a meaning to, and marks that only look like them.
const MARKS: &[&str] = &[
    "\"", "-", "\u{2013}", "\u{2212}", "OR", "or", "*", "(", ")", ":", "^", "~", "\\", "'", "+",
    "&&", "||", "!", "<mark>", "</mark>", "&amp;", "<", ">", "&", "\u{201c}", "\u{201d}",
];

/// What may stand between two pieces: nothing, spaces of several kinds (a plain one most often,
/// hence its repeats), line breaks.
const GAPS: &[&str] =
    &["", " ", " ", " ", "  ", "\t", "\n", "\u{a0}", "\u{3000}", "\u{200b}", "\u{2028}"];

/// One character of a range that a keyboard or a paste is likely to bring in.
fn unusual_char() -> impl Strategy<Value = char> {
    prop_oneof![
        // Combining marks (Vietnamese tones among them), alone or after anything.
        range('\u{300}', '\u{36f}'),
        // Thai, Lao, Khmer and Burmese letters, vowel signs and tone marks.
        range('\u{e01}', '\u{e5b}'),
        range('\u{e81}', '\u{edf}'),
        range('\u{1780}', '\u{17f9}'),
        range('\u{1000}', '\u{109f}'),
        // Zero-width space, joiners, direction marks; the byte-order mark.
        range('\u{200b}', '\u{200f}'),
        Just('\u{feff}'),
        // Emoji, and a skin tone that modifies the one before it.
        range('\u{1f600}', '\u{1f64f}'),
        Just('\u{1f3fd}'),
        // Letters that change length when lowercased or normalized.
        select(vec!['İ', 'ẞ', 'Ω', 'ﬁ', 'Å', 'Σ', 'ς', 'ǅ']),
        any::<char>(),
    ]
}

/// A word of `WORDS` cut after some of its characters: a word still being typed.
fn word_cut_short() -> impl Strategy<Value = String> {
    (select(WORDS), any::<prop::sample::Index>()).prop_map(|(word, at)| {
        let chars: Vec<char> = word.chars().collect();
        chars[..at.index(chars.len() + 1)].iter().collect()
    })
}

/// A piece of a query or text: mostly words, as people type them; sometimes the query's marks,
/// or something a keyboard or a paste slipped in.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(WORDS).prop_map(str::to_owned),
        3 => word_cut_short(),
        3 => select(MARKS).prop_map(str::to_owned),
        1 => unusual_char().prop_map(String::from),
        1 => prop::collection::vec(unusual_char(), 1..6).prop_map(String::from_iter),
    ]
}

/// A run of pieces with gaps between them (or none: words run together).
fn text(pieces: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), select(GAPS)), pieces).prop_map(|parts| {
        parts.into_iter().flat_map(|(piece, gap)| [piece, gap.to_owned()]).collect()
    })
}

/// A query: mostly a few pieces, as searches are, which then often find something to mark;
/// sometimes a long run, which rarely does.
fn query() -> impl Strategy<Value = String> {
    prop_oneof![3 => text(1..4), 1 => text(0..14)]
}

/// A text in one of the two ways the index meets one: a published library document, which
/// declares its language, or a forum post in a space, which declares none.
fn filed(d: IndexDoc, language: Option<&str>) -> IndexDoc {
    match language {
        Some(tag) => published(in_language(d, tag)),
        None => in_space(d, SPACE),
    }
}

const SPACE: Uuid = Uuid::from_u128(7);

/// The community the generated searches run against: a text in each of the region's languages,
/// one long enough that its passage lies deep inside, and one for each word of `WORDS` alone.
fn community() -> SearchIndex {
    let mut docs = vec![
        filed(
            doc(DocKind::Document, "Women, peace and security", "Women lead peacekeeping."),
            Some("en"),
        ),
        filed(doc(DocKind::Post, "Phụ nữ và hòa bình", "An ninh cho phụ nữ, không bạo lực."), None),
        filed(doc(DocKind::Document, "Hoà bình", "Bão và hòa bình ở miền Trung."), Some("vi")),
        filed(doc(DocKind::Post, "ผู้หญิงกับสันติภาพ", "ความมั่นคงของผู้หญิงในกรุงเทพมหานคร"), None),
        filed(
            doc(DocKind::Document, "Perempuan dan perdamaian", "Kekerasan itu keras."),
            Some("id"),
        ),
        filed(doc(DocKind::Post, "Notes <draft>", "Women & peace: <b>security</b> > war"), None),
        filed(doc(DocKind::Thread, "Kababaihan", "Kapayapaan para sa kababaihan."), None),
        filed(doc(DocKind::Document, "ស្ត្រី និង សន្តិភាព", "សន្តិភាពសម្រាប់ស្ត្រី"), Some("km")),
        filed(doc(DocKind::Document, "ແມ່ຍິງ", "ສັນຕິພາບສຳລັບແມ່ຍິງ"), Some("lo")),
        filed(doc(DocKind::Document, "အမျိုးသမီး", "ငြိမ်းချမ်းရေးအတွက်အမျိုးသမီး"), Some("my")),
        filed(
            doc(
                DocKind::Document,
                "A long report",
                &deep_inside("Peace talks resumed. ", "Women's security first.", "U.N. ZOÉ. "),
            ),
            Some("en"),
        ),
    ];
    docs.extend(WORDS.iter().map(|word| filed(doc(DocKind::Post, word, word), None)));
    index_of(&docs)
}

thread_local! {
    /// Built once for each test's thread: it is the same for every case.
    static COMMUNITY: SearchIndex = community();
}

/// Checks that `html` is escaped text whose only tags are whole `<mark>`s, none inside another,
/// and whose every `&` starts a character reference.
fn assert_marked_up(html: &str) {
    let mut open = false;
    let mut rest = html;
    while let Some(at) = rest.find(['<', '>', '&']) {
        let tag = &rest[at..];
        if tag.starts_with("<mark>") && !open {
            open = true;
            rest = &tag["<mark>".len()..];
        } else if tag.starts_with("</mark>") && open {
            open = false;
            rest = &tag["</mark>".len()..];
        } else if let Some(reference) = tag.strip_prefix('&').filter(|r| is_reference(r)) {
            rest = reference;
        } else {
            panic!("a stray {:?} in the snippet {html:?}", &tag[..1]);
        }
    }
    assert!(!open, "a <mark> left open in the snippet {html:?}");
}

/// Whether `text` starts with the rest of a character reference: a name or a number, and `;`.
fn is_reference(text: &str) -> bool {
    let name = text.strip_prefix("#x").or_else(|| text.strip_prefix('#')).unwrap_or(text);
    let length = name.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name.len());
    length > 0 && name[length..].starts_with(';')
}

/// Searches `text` in each order, with every text in scope, a page of two at a time, the first
/// page and the next: each answers, or says what is wrong with the query.
fn answers(index: &SearchIndex, text: &str) -> Result<(), TestCaseError> {
    for order in [Order::Relevance, Order::Newest] {
        let Some(first) = page(index, text, order, None)? else { return Ok(()) };
        if first.more {
            page(index, text, order, first.end)?;
        }
    }
    Ok(())
}

/// One page of `text` in `order` after `after`, its snippets checked; `None` when the query was
/// refused, with a reason.
fn page(
    index: &SearchIndex,
    text: &str,
    order: Order,
    after: Option<Place>,
) -> Result<Option<SearchResults>, TestCaseError> {
    let mut asked = request(text, everything(&[SPACE]));
    asked.order = order;
    asked.limit = 2;
    asked.after = after;
    match index.search(&asked) {
        Ok(results) => {
            well_formed(&results);
            Ok(Some(results))
        }
        Err(SearchError::Query(mistake)) => {
            prop_assert!(!mistake.to_string().is_empty());
            Ok(None)
        }
        Err(internal) => Err(TestCaseError::fail(format!("{text:?} after {after:?}: {internal}"))),
    }
}

fn well_formed(results: &SearchResults) {
    for hit in &results.hits {
        assert_marked_up(snippet_of(hit));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_query_is_answered_or_refused_with_a_reason(query in query()) {
        COMMUNITY.with(|index| answers(index, &query))?;
    }
}

/// The deepest a page by relevance may start: the API refuses a cursor deeper than this
/// (`MAX_SEARCH_DEPTH` in crates/api/src/query.rs) before the search sees it.
const DEEPEST: usize = 10_000;

/// A cursor as a client may send it back: one the server wrote, or one made up or tampered
/// with (the API reads any that decodes). Its sort key may be any float, NaN and infinities too.
fn any_place(order: Order) -> impl Strategy<Value = Place> {
    let before = match order {
        Order::Relevance => (0..DEEPEST - 1).boxed(),
        Order::Newest => {
            prop_oneof![any::<usize>(), Just(usize::MAX), Just(usize::MAX - 1)].boxed()
        }
    };
    let sort = prop_oneof![
        any::<u64>().prop_map(f64::from_bits),
        select(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 0.0, f64::MAX, 1.0]),
    ];
    (before, any::<Option<u64>>(), sort, any::<u64>())
        .prop_map(move |(before, scoring, sort, tie)| Place { order, before, scoring, sort, tie })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_cursor_is_answered_or_refused_with_a_reason(
        query in query(),
        after in prop_oneof![any_place(Order::Relevance), any_place(Order::Newest)],
    ) {
        COMMUNITY.with(|index| page(index, &query, after.order, Some(after)).map(drop))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn any_text_is_indexed_and_any_stretch_of_it_searched(
        title in text(0..6),
        body in text(0..40),
        (language, kind) in prop_oneof![
            select(vec!["en", "vi", "th", "id", "ms", "tl", "km", "lo", "my", "en-GB", "zz"])
                .prop_map(|tag| (Some(tag), DocKind::Document)),
            select(vec![DocKind::Thread, DocKind::Post]).prop_map(|kind| (None, kind)),
        ],
        start in any::<prop::sample::Index>(),
        length in 0..40usize,
    ) {
        let index = index_of(&[filed(doc(kind, &title, &body), language)]);
        prop_assert_eq!(index.num_docs(), 1);
        // A stretch of what was written, searched as typed, from any character to any other.
        let chars: Vec<char> = body.chars().collect();
        let from = start.index(chars.len() + 1);
        let stretch: String = chars[from..(from + length).min(chars.len())].iter().collect();
        answers(&index, &stretch)?;
        answers(&index, &title)?;
    }
}
