//! Generated import files, on the database the suite runs on: whatever a line holds, the batch is
//! imported but for the lines it refuses, each with its number and a reason; a line that is a
//! whole, well-formed record is never refused; and a refused line writes nothing.

use praxis_core::types::Role;
use praxis_db::entities::document;
use praxis_service::ImportReport;
use praxis_tests::TestApp;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{TestCaseError, TestRunner};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Map, Value, json};

/// The fields of an import record.
const FIELDS: &[&str] = &[
    "title",
    "kind",
    "summary",
    "body",
    "sections",
    "language",
    "countries",
    "pillars",
    "priorityActions",
    "themes",
    "year",
    "organizationId",
    "sourceUrl",
    "translationOf",
    "status",
    "publishedAt",
];

/// Titles and texts of the region's languages, as a record may well hold them.
const TITLES: &[&str] = &[
    "Women mediators in Mindanao",
    "Bài học kinh nghiệm về hòa giải",
    "บทเรียนจากศูนย์พักพิง",
    "Perempuan, perdamaian dan keamanan",
];
const TEXTS: &[&str] = &["Lessons from shelters", "ศูนย์พักพิง\n\nR&D <b>notes</b>", "Hòa giải"];

/// A record every check accepts: any of them is imported (or, seen before, skipped).
fn whole_record() -> impl Strategy<Value = Map<String, Value>> {
    let published = prop_oneof![
        Just(json!({})),
        Just(json!({ "status": "DRAFT" })),
        Just(json!({ "status": "PUBLISHED" })),
        Just(json!({ "status": "PUBLISHED", "publishedAt": "2019-09-24T10:00:00Z" })),
        Just(json!({ "status": "ARCHIVED", "publishedAt": "1995-09-04T00:00:00+07:00" })),
    ];
    (
        select(TITLES),
        // Keeps whole records mostly new, so that most are imported rather than skipped.
        any::<u32>(),
        select(&["REPORT", "STATEMENT", "GOOD_PRACTICE", "TOOLKIT", " policy "][..]),
        select(TEXTS),
        proptest::option::of(select(TEXTS)),
        select(&["en", "vi", "th", "id", "tl", "km"][..]),
        proptest::sample::subsequence(&["TH", "VN", "ID", "PH", "TL", "KH", "LA", "MM"][..], 0..4),
        proptest::sample::subsequence(&["PROTECTION", "PARTICIPATION", "PREVENTION"][..], 0..3),
        proptest::option::of(1945..=2025i32),
        published,
    )
        .prop_map(
            |(title, n, kind, summary, body, language, countries, pillars, year, published)| {
                let mut record = json!({
                    "title": format!("{title} {n}"), "kind": kind, "summary": summary,
                    "language": language, "countries": countries, "pillars": pillars,
                    "themes": ["peacekeeping"], "sourceUrl": "https://example.org/report.pdf",
                });
                if let Some(body) = body {
                    record["body"] = json!(body);
                }
                if let Some(year) = year {
                    record["year"] = json!(year);
                }
                let mut record = record.as_object().cloned().unwrap_or_default();
                record.extend(published.as_object().cloned().unwrap_or_default());
                record
            },
        )
}

/// Characters a copy from another program can slip into a text; NUL twice, as it is the one
/// PostgreSQL cannot store.
const SLIPPED_IN: &[char] = &['\u{0}', '\u{0}', '\u{7}', '\u{1b}', '\u{202e}', '\u{feff}'];

/// What a careless export or a hostile file puts in a field.
fn any_value() -> impl Strategy<Value = Value> {
    let texts = select(
        &[
            "",
            "   ",
            "a\u{0}b",
            "https://example.org/\u{0}",
            "\u{7}bell",
            "two\nlines",
            "\u{202e}reversed",
            "🕊️",
            "<script>alert(1)</script>",
            "javascript:alert(1)",
            "ZZZ",
            "PUBLISHED",
            "ARCHIVED",
            "SUBMITTED",
            "2999-09-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2019-13-01T00:00:00Z",
            "RG9jdW1lbnQ6MQ",
        ][..],
    )
    .prop_map(|text| json!(text));
    prop_oneof![
        texts,
        any::<String>().prop_map(Value::String),
        // Either side of the limits of a title, a summary and a body.
        (1..4usize, select(&["x", "ร้าน", "\u{0}"][..]))
            .prop_map(|(k, unit)| json!(unit.repeat(k * 50_000))),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        Just(json!(null)),
        Just(json!(true)),
        Just(json!(["TH", 1, null])),
        Just(json!({ "context": "a\u{0}", "unknown": 1 })),
    ]
}

/// One line of an import file, and whether it is a whole record (and so must not be refused).
fn line() -> impl Strategy<Value = (String, bool)> {
    let changed = (whole_record(), prop::collection::vec((select(FIELDS), any_value()), 1..3))
        .prop_map(|(mut record, changes)| {
            record.extend(changes.into_iter().map(|(field, value)| (field.to_owned(), value)));
            (Value::Object(record).to_string(), false)
        });
    // A character slipped into one of a whole record's texts: PostgreSQL cannot store NUL, and
    // one in a link once failed the whole batch there.
    let slipped_in = (whole_record(), any::<Index>(), select(SLIPPED_IN), any::<Index>()).prop_map(
        |(mut record, field, slipped, at)| {
            let mut texts: Vec<&mut String> = record
                .values_mut()
                .filter_map(|value| match value {
                    Value::String(text) => Some(text),
                    _ => None,
                })
                .collect();
            let count = texts.len();
            let text = &mut texts[field.index(count)];
            let places: Vec<usize> =
                text.char_indices().map(|(at, _)| at).chain([text.len()]).collect();
            text.insert(places[at.index(places.len())], slipped);
            (Value::Object(record).to_string(), false)
        },
    );
    let lacking = (whole_record(), select(FIELDS)).prop_map(|(mut record, field)| {
        record.remove(field);
        (Value::Object(record).to_string(), false)
    });
    let unknown_field = whole_record().prop_map(|mut record| {
        record.insert("author".to_owned(), json!("someone"));
        (Value::Object(record).to_string(), false)
    });
    let not_a_record =
        select(
            &[
                "{ not json",
                "null",
                "[]",
                "1e400",
                "\"a record\"",
                "{\"title\": \"\\ud800\"}",
                "{}",
            ][..],
        )
        .prop_map(|text| (text.to_owned(), false));
    // Nesting past the 128 levels serde_json reads.
    let deep = (1..300usize).prop_map(|depth| ("[".repeat(depth) + &"]".repeat(depth), false));
    prop_oneof![
        3 => whole_record().prop_map(|record| (Value::Object(record).to_string(), true)),
        3 => changed,
        3 => slipped_in,
        1 => lacking,
        1 => unknown_field,
        1 => not_a_record,
        1 => deep,
    ]
}

async fn documents_stored(app: &TestApp) -> u64 {
    document::Entity::find().count(&app.server.praxis.database().conn).await.unwrap()
}

/// Imports `lines` as one batch and checks what became of each.
async fn imports(
    app: &TestApp,
    as_admin: &praxis_service::Viewer,
    lines: &[(String, bool)],
) -> Result<(), TestCaseError> {
    let before = documents_stored(app).await;
    let numbered: Vec<(usize, String)> =
        lines.iter().enumerate().map(|(at, (text, _))| (at + 1, text.clone())).collect();
    let report: ImportReport = app
        .server
        .praxis
        .import_documents(as_admin, numbered)
        .await
        .map_err(|e| TestCaseError::fail(format!("the batch failed as a whole: {e:?}")))?;
    let refused: Vec<usize> = report.failures.iter().map(|f| f.line).collect();
    let in_order_once = refused.windows(2).all(|pair| pair[0] < pair[1]);
    prop_assert!(
        in_order_once && refused.iter().all(|&n| (1..=lines.len()).contains(&n)),
        "{refused:?}"
    );
    for failure in &report.failures {
        let (text, whole) = &lines[failure.line - 1];
        prop_assert!(!whole, "a whole record was refused: {text}: {}", failure.message);
        prop_assert!(!failure.message.trim().is_empty(), "line {}: no reason given", failure.line);
    }
    let imported = lines.len().checked_sub(refused.len() + report.already_imported);
    prop_assert!(imported.is_some(), "more lines refused or skipped than sent: {report:?}");
    let after = documents_stored(app).await;
    let stored = before + imported.unwrap_or_default() as u64;
    prop_assert_eq!(after, stored, "what was imported is what was stored");
    Ok(())
}

/// A plain test with its own runtime: proptest's runner is not async, and each case blocks on it.
#[test]
fn any_import_line_is_imported_or_refused_with_its_number() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let app = runtime.block_on(TestApp::spawn());
    let admin = runtime.block_on(app.user(Role::Admin));
    let as_admin = runtime.block_on(app.server.praxis.viewer_by_email(&admin.email)).unwrap();
    // A failing case is kept in tests/tests/proptest-regressions/import_lines.txt and tried first
    // on later runs, as `proptest!` does.
    let config = ProptestConfig { source_file: Some(file!()), ..ProptestConfig::with_cases(96) };
    let batches = prop::collection::vec(line(), 1..6);
    let outcome = TestRunner::new(config)
        .run(&batches, |lines| runtime.block_on(imports(&app, &as_admin, &lines)));
    if let Err(e) = outcome {
        panic!("{e}");
    }
    runtime.block_on(app.stop());
}
