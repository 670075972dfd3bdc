//! A fixed set of queries with the result each must put first. It guards the ranking rules:
//! titles weigh more than bodies, published good practices and accepted answers rank above plain
//! posts, the form of a word as typed ranks above its other forms, and tone marks as typed rank
//! above their folded look-alikes. When a change to the analyzers, fields or weights breaks one
//! rule, this test names the queries that moved.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{doc, everything, in_language, in_space, index_of, published, request, titles};
use praxis_search::{DocKind, IndexDoc};
use uuid::Uuid;

/// The multipliers the service gives published good practices, accepted answers and
/// published documents (crates/service/src/search/index_docs.rs).
const PRACTICE: f64 = 1.5;
const ACCEPTED: f64 = 1.5;
const DOCUMENT: f64 = 1.2;

fn ranked(mut d: IndexDoc, rank: f64) -> IndexDoc {
    d.rank = rank;
    d
}

fn library(space: Uuid) -> Vec<IndexDoc> {
    let document = |title: &str, body: &str| published(doc(DocKind::Document, title, body));
    let post = |title: &str, body: &str| in_space(doc(DocKind::Post, title, body), space);
    vec![
        ranked(
            document(
                "Mediation handbook for women negotiators",
                "A practical guide to preparing delegations and running consultations.",
            ),
            DOCUMENT,
        ),
        ranked(
            document(
                "Annual report 2023",
                "The secretariat held consultations on budgets, staffing, mediation and \
                 logistics across the region during the year.",
            ),
            DOCUMENT,
        ),
        ranked(
            document(
                "Village early-warning committees",
                "Women-led committees ran flood drills before the monsoon.",
            ),
            PRACTICE,
        ),
        post("Re: drills", "Our committee ran flood drills before the monsoon as well."),
        ranked(
            post(
                "Answer: quarterly figures",
                "The ministry publishes shelter occupancy each quarter.",
            ),
            ACCEPTED,
        ),
        post("Reply: quarterly figures", "The ministry publishes shelter occupancy each quarter."),
        post("Border crossings", "Women trafficked across the border need legal aid."),
        post("Legal aid clinics", "Clinics supporting survivors of trafficking across the border."),
        in_language(post("Ứng phó bão lũ", "Kinh nghiệm sơ tán khi có bão ở miền Trung."), "vi"),
        in_language(
            post("Phòng chống bạo lực", "Nhóm phụ nữ hỗ trợ nạn nhân bạo lực gia đình."),
            "vi",
        ),
    ]
}

/// (query, the title it must put first, the rule it guards).
const EXPECTED: [(&str, &str, &str); 9] = [
    (
        "mediation ",
        "Mediation handbook for women negotiators",
        "a title match outranks a body match",
    ),
    ("monsoon ", "Village early-warning committees", "a published good practice outranks a post"),
    ("\"flood drills\"", "Village early-warning committees", "the same for a phrase"),
    ("shelter occupancy ", "Answer: quarterly figures", "an accepted answer outranks a reply"),
    ("trafficking ", "Legal aid clinics", "the word as typed outranks its other forms"),
    ("trafficked ", "Border crossings", "the word as typed outranks its other forms"),
    ("bão ", "Ứng phó bão lũ", "tone marks as typed outrank a folded look-alike"),
    ("bạo lực ", "Phòng chống bạo lực", "tone marks as typed outrank a folded look-alike"),
    ("sơ tán ", "Ứng phó bão lũ", "Vietnamese words are found in Vietnamese text"),
];

#[test]
fn each_query_puts_its_expected_result_first() {
    let space = Uuid::now_v7();
    let index = index_of(&library(space));
    let moved: Vec<String> = EXPECTED
        .iter()
        .filter_map(|(query, first, rule)| {
            let found = titles(&index, &request(query, everything(&[space])));
            (found.first().map(String::as_str) != Some(*first))
                .then(|| format!("{query:?}: expected {first:?} first ({rule}), got {found:?}"))
        })
        .collect();
    assert!(moved.is_empty(), "ranking regressed:\n{}", moved.join("\n"));
}

#[test]
fn a_query_without_tone_marks_finds_every_look_alike() {
    let space = Uuid::now_v7();
    let index = index_of(&library(space));
    let mut found = titles(&index, &request("bao ", everything(&[space])));
    found.sort();
    assert_eq!(found, ["Phòng chống bạo lực", "Ứng phó bão lũ"]);
}
