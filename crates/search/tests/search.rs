//! The index end to end, in memory: what is found, what is hidden, how it ranks, and how it reads.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{TimeZone as _, Utc};
use common::{
    deep_inside, doc, everything, in_language, in_space, index_of, post_in, published, request,
    snippet_of, snippet_of_one, titles,
};
use praxis_search::{
    Change, DocKind, DocumentScope, IndexDoc, IndexHome, Order, Place, Scope, SearchIndex,
    SearchRequest, SearchResults,
};
use uuid::Uuid;

/// The file beside an index that says how its documents were indexed.
const CONTENT_VERSION_FILE: &str = "praxis-content-version";

#[test]
fn words_phrases_exclusions_or_typos_and_prefixes() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(doc(DocKind::Thread, "Women mediators", "Women in peace processes"), space),
        in_space(
            doc(DocKind::Thread, "Process notes", "The peace talks stalled; women were absent"),
            space,
        ),
        in_space(doc(DocKind::Thread, "Trafficking", "Cross-border trafficking routes"), space),
    ]);
    let scope = || everything(&[space]);
    assert_eq!(titles(&index, &request("\"peace processes\"", scope())), ["Women mediators"]);
    assert_eq!(titles(&index, &request("women -mediators", scope())), ["Process notes"]);
    assert_eq!(titles(&index, &request("mediators OR trafficking", scope())).len(), 2);
    assert_eq!(
        titles(&index, &request("trafficing ", scope())),
        ["Trafficking"],
        "one typo in a long word"
    );
    assert_eq!(
        titles(&index, &request("traff", scope())),
        ["Trafficking"],
        "the last word is a prefix"
    );
    assert!(
        titles(&index, &request("traff ", scope())).is_empty(),
        "a finished short word is exact"
    );
    assert_eq!(
        titles(&index, &request("cross-border t", scope())),
        ["Trafficking"],
        "a last letter being typed finds what the words before it find"
    );
    assert!(titles(&index, &request("cross-border t ", scope())).is_empty(), "typed: a word");
    assert!(
        titles(&index, &request("C#", scope())).is_empty(),
        "\"c\" as indexed, too short a prefix however long as typed"
    );
}

#[test]
fn a_last_letter_ranks_the_hits_that_hold_it_first() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(doc(DocKind::Thread, "Hepatitis clinics", "Clinics for displaced women"), space),
        in_space(doc(DocKind::Thread, "Hepatitis C clinics", "Clinics for displaced women"), space),
        in_space(doc(DocKind::Thread, "C", "A reply of one letter"), space),
    ]);
    let scope = || everything(&[space]);
    assert_eq!(
        titles(&index, &request("hepatitis c", scope())),
        ["Hepatitis C clinics", "Hepatitis clinics"]
    );
    assert_eq!(titles(&index, &request("hepatitis c ", scope())), ["Hepatitis C clinics"]);
    assert_eq!(
        titles(&index, &request("🕊️ c", scope())),
        ["C", "Hepatitis C clinics"],
        "beside nothing that can be looked up, the letter is what is sought"
    );
}

#[test]
fn the_scope_hides_everything_the_viewer_may_not_read_even_from_counts_and_facets() {
    let public = Uuid::now_v7();
    let private = Uuid::now_v7();
    let author = Uuid::now_v7();
    let mut draft = doc(DocKind::Document, "Shelter budget draft", "shelter funding");
    draft.status = Some("DRAFT".into());
    draft.document_author = Some(author);
    draft.countries = vec!["MM".into()];
    let index = index_of(&[
        in_space(doc(DocKind::Thread, "Shelter network", "shelter locations"), public),
        in_space(doc(DocKind::Thread, "Secret shelter addresses", "shelter addresses"), private),
        published(doc(DocKind::Document, "Shelter standards", "shelter standards")),
        draft,
    ]);
    let outsider =
        Scope { spaces: vec![public], documents: DocumentScope::PublishedOr(Some(Uuid::now_v7())) };
    let results = index.search(&request("shelter", outsider)).unwrap();
    assert_eq!(results.total, 2);
    let seen: Vec<&str> = results.hits.iter().map(|h| h.title.as_str()).collect();
    assert!(!seen.contains(&"Secret shelter addresses") && !seen.contains(&"Shelter budget draft"));
    let countries = results.facets.iter().find(|f| f.field == "country").unwrap();
    assert!(
        countries.values.is_empty(),
        "the draft's country must not show in facets: {countries:?}"
    );
    let spaces = results.facets.iter().find(|f| f.field == "space").unwrap();
    assert_eq!(spaces.values, vec![(public.to_string(), 1)]);

    let the_author =
        Scope { spaces: vec![public], documents: DocumentScope::PublishedOr(Some(author)) };
    assert_eq!(index.search(&request("shelter", the_author)).unwrap().total, 3);
    assert_eq!(index.search(&request("shelter", everything(&[public, private]))).unwrap().total, 4);
}

#[test]
fn vietnamese_is_found_with_and_without_tone_marks_exact_first() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(doc(DocKind::Thread, "Con dê", "Nuôi con dê ở vùng cao"), space),
        in_space(doc(DocKind::Thread, "Con dế", "Con dế kêu ban đêm"), space),
    ]);
    assert_eq!(titles(&index, &request("con dế ", everything(&[space])))[0], "Con dế");
    assert_eq!(titles(&index, &request("con dê ", everything(&[space])))[0], "Con dê");
    assert_eq!(
        titles(&index, &request("con de ", everything(&[space]))).len(),
        2,
        "without tones both match"
    );
    let hits = index.search(&request("nuoi ", everything(&[space]))).unwrap().hits;
    let snippet = snippet_of(&hits[0]);
    assert!(snippet.contains("<mark>Nuôi</mark>"), "marked as written: {snippet}");
}

#[test]
fn a_word_typed_with_its_tone_marks_marks_only_itself_where_the_text_holds_it() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(doc(DocKind::Thread, "Kế hoạch", "Cập nhật kế hoạch ở cấp tỉnh"), space),
        in_space(doc(DocKind::Thread, "Tin", "Tàu cập bến"), space),
    ]);
    let hits = index.search(&request("cấp ", everything(&[space]))).unwrap().hits;
    let snippets: Vec<&str> = hits.iter().map(snippet_of).collect();
    // "Cập" folds to the same letters as "cấp", but is another word.
    assert_eq!(snippets[0], "Cập nhật kế hoạch ở <mark>cấp</mark> tỉnh");
    // A text found only without the tone marks shows what it was found by.
    assert_eq!(snippets[1], "Tàu <mark>cập</mark> bến");
    // Decided word by word: "tinh" is marked for "tỉnh", which the text does not hold.
    let hits = index.search(&request("cấp tỉnh ", everything(&[space]))).unwrap().hits;
    assert_eq!(snippet_of(&hits[0]), "Cập nhật kế hoạch ở <mark>cấp</mark> <mark>tỉnh</mark>");
    let index = index_of(&[in_space(doc(DocKind::Thread, "Tin", "Ở cấp tinh"), space)]);
    let hits = index.search(&request("cấp tỉnh ", everything(&[space]))).unwrap().hits;
    assert_eq!(snippet_of(&hits[0]), "Ở <mark>cấp</mark> <mark>tinh</mark>");
}

#[test]
fn a_word_typed_without_its_diacritics_is_marked_deep_inside_a_long_text() {
    let space = Uuid::now_v7();
    let long = deep_inside(
        "Nông dân trở lại ruộng và chợ mở cửa. ",
        "Hội phụ nữ phát chăn ấm cho các gia đình.",
        "Cuộc họp kết thúc lúc năm giờ. ",
    );
    let index = index_of(&[post_in(space, "vi", "Mùa đông", &long)]);
    let hits = index.search(&request("phat chan ", everything(&[space]))).unwrap().hits;
    let snippet = snippet_of(&hits[0]);
    assert!(snippet.contains("<mark>phát</mark> <mark>chăn</mark> ấm"), "{snippet}");
}

#[test]
fn a_word_written_either_of_two_ways_finds_the_other_exactly() {
    let space = Uuid::now_v7();
    let long =
        deep_inside("Cuộc họp bắt đầu. ", "Dự án thuỷ lợi giúp phụ nữ.", "Cuộc họp kết thúc. ");
    let index = index_of(&[
        post_in(
            space,
            "vi",
            "Hòa giải",
            "Vai trò của phụ nữ trong hòa giải xung đột tại địa phương",
        ),
        post_in(space, "vi", "Hóa giải", "hóa giải"),
        post_in(space, "vi", "Thuỷ lợi", &long),
        post_in(space, "en", "Curly", "Women\u{2019}s groups met in the village hall."),
        post_in(space, "vi", "Toàn", "toàn thể cộng đồng"),
    ]);
    let scope = || everything(&[space]);
    // "hoà", with the tone mark on its "a" as newer texts place it, is "hòa" exactly: the text
    // that has it comes before the shorter one with "hóa" ("chemistry"), which only the search
    // without tone marks finds.
    let hits = index.search(&request("hoà giải", scope())).unwrap().hits;
    let found: Vec<&str> = hits.iter().map(|hit| hit.title.as_str()).collect();
    assert_eq!(found, ["Hòa giải", "Hóa giải"]);
    assert!(snippet_of(&hits[0]).contains("<mark>hòa</mark> <mark>giải</mark>"));
    // Deep inside a long text, found as written the other way.
    let hits = index.search(&request("thủy lợi", scope())).unwrap().hits;
    let snippet = snippet_of(&hits[0]);
    assert!(snippet.contains("<mark>thuỷ</mark> <mark>lợi</mark>"), "{snippet}");
    // A straight apostrophe finds a curly one, as a phrase too.
    let hits = index.search(&request("\"women's groups\"", scope())).unwrap().hits;
    assert_eq!(
        snippet_of(&hits[0]),
        "<mark>Women\u{2019}s</mark> <mark>groups</mark> met in the village hall."
    );
    // "toà" being typed, taken as "tòa", is still on its way to "toàn" as typed.
    assert_eq!(titles(&index, &request("toà", scope())), ["Toàn"]);
}

#[test]
fn a_word_being_typed_with_its_tone_marks_is_completed_as_typed() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(doc(DocKind::Thread, "Phụ nữ", "Hội phụ nữ xã họp"), space),
        in_space(doc(DocKind::Thread, "Nước", "Nguồn nước sạch cho xã"), space),
        in_space(doc(DocKind::Thread, "Number", "A case number for the xã"), space),
        in_space(doc(DocKind::Thread, "Không dấu", "Hoi phu nu xa hop"), space),
    ]);
    let found = |query: &str| {
        let mut titles = titles(&index, &request(query, everything(&[space])));
        titles.sort();
        titles
    };
    // "Women" being typed: not "water" (nước) or "number", which only start with its letters.
    assert_eq!(found("nữ"), ["Không dấu", "Phụ nữ"]);
    assert_eq!(found("xã phụ nữ"), ["Không dấu", "Phụ nữ"]);
    // Without tone marks, on its way to words with them.
    assert_eq!(found("nu"), ["Không dấu", "Number", "Nước", "Phụ nữ"]);
    let hits = index.search(&request("xã phụ nữ", everything(&[space]))).unwrap().hits;
    let snippets: Vec<&str> = hits.iter().map(snippet_of).collect();
    assert!(
        snippets.contains(&"Hội <mark>phụ</mark> <mark>nữ</mark> <mark>xã</mark> họp"),
        "{snippets:?}"
    );
}

#[test]
fn indonesian_and_malay_words_find_their_other_forms() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        post_in(space, "id", "Forum Aceh", "Perempuan berperan dalam proses perdamaian di Aceh."),
        post_in(space, "ms", "Bengkel Sabah", "Wanita dalam pembinaan keamanan komuniti."),
        post_in(space, "en", "Peace talks", "Women in the peace process."),
    ]);
    let scope = || everything(&[space]);
    assert_eq!(titles(&index, &request("damai ", scope())), ["Forum Aceh"], "perdamaian → damai");
    assert_eq!(titles(&index, &request("berdamai ", scope())), ["Forum Aceh"]);
    assert_eq!(titles(&index, &request("aman ", scope())), ["Bengkel Sabah"], "keamanan → aman");
    assert_eq!(titles(&index, &request("peran ", scope())), ["Forum Aceh"], "berperan → peran");
}

#[test]
fn a_post_that_declares_no_language_is_analyzed_as_the_language_it_reads_as() {
    let space = Uuid::now_v7();
    // Forum posts, unlike library documents, declare no language.
    let post = |title, body| in_space(doc(DocKind::Post, title, body), space);
    let index = index_of(&[
        post("Pelajaran dari Aceh", "Para ibu mendamaikan kedua desa setelah konflik panjang."),
        post(
            "Bengkel Sabah",
            "Wanita memainkan peranan penting dalam pembinaan keamanan komuniti.",
        ),
        post("Youth councils", "Young women led the councils that mediated the dispute."),
        // Too short to tell: taken for English.
        post("Thanks", "Councils helped."),
    ]);
    let scope = || everything(&[space]);
    let results = index.search(&request("damai ", scope())).unwrap();
    let found: Vec<_> = results.hits.iter().map(|h| (h.title.as_str(), snippet_of(h))).collect();
    assert_eq!(
        found,
        [(
            "Pelajaran dari Aceh",
            "Para ibu <mark>mendamaikan</mark> kedua desa setelah konflik panjang."
        )],
        "Indonesian, by its root"
    );
    assert_eq!(titles(&index, &request("aman ", scope())), ["Bengkel Sabah"], "Malay, by its root");
    let mut english = titles(&index, &request("council ", scope()));
    english.sort();
    assert_eq!(english, ["Thanks", "Youth councils"], "English, by its stem");
}

#[test]
fn a_post_that_declares_no_language_is_filed_under_the_language_it_reads_as() {
    let space = Uuid::now_v7();
    let post = |title, body| in_space(doc(DocKind::Post, title, body), space);
    let index = index_of(&[
        post("Hòa giải ở cơ sở", "Phụ nữ tham gia tổ hòa giải ở thôn bản và xã của họ."),
        post(
            "Village mediation",
            "Women joined the mediation teams of their villages and settled most land disputes \
             before they reached the courts.",
        ),
        // Indonesian or Malay: whatlang cannot tell which, so it is filed under both.
        post("Mediasi desa", "Perempuan memimpin upaya perdamaian di desa mereka."),
        // Too short to tell.
        post("Mediation", "Thanks!"),
        in_language(post("Mediation notes", "Notes from the session."), "en"),
    ]);
    let mut req = request("mediation OR mediasi OR hòa ", everything(&[space]));
    let results = index.search(&req).unwrap();
    assert_eq!(results.total, 5);
    let mut said: Vec<_> =
        results.hits.iter().map(|h| (h.title.as_str(), h.language.as_deref())).collect();
    said.sort();
    assert_eq!(
        said,
        [
            ("Hòa giải ở cơ sở", Some("vi")),
            ("Mediasi desa", Some("id")),
            ("Mediation", None),
            ("Mediation notes", Some("en")),
            ("Village mediation", Some("en")),
        ],
        "each hit says the language its own text is in"
    );
    let languages = results.facets.iter().find(|f| f.field == "language").unwrap();
    let counted = |code: &str, count| (code.to_owned(), count);
    assert_eq!(
        languages.values,
        [counted("en", 2), counted("id", 1), counted("ms", 1), counted("vi", 1)]
    );

    req.filters.languages = vec!["vi".to_owned()];
    assert_eq!(titles(&index, &req), ["Hòa giải ở cơ sở"]);
    req.filters.languages = vec!["ms".to_owned()];
    assert_eq!(titles(&index, &req), ["Mediasi desa"]);
    req.filters.languages = vec!["en".to_owned()];
    let mut english = titles(&index, &req);
    english.sort();
    assert_eq!(english, ["Mediation notes", "Village mediation"]);
}

#[test]
fn thai_words_are_found_inside_unsegmented_text() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(doc(DocKind::Post, "รีวิว", "ร้านอาหารนี้อร่อยมาก"), space),
        in_space(doc(DocKind::Post, "อื่น", "วันนี้อากาศดี"), space),
    ]);
    assert_eq!(titles(&index, &request("ร้าน ", everything(&[space]))), ["รีวิว"]);
}

#[test]
fn thai_words_typed_together_find_texts_that_hold_them_apart_those_side_by_side_first() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(doc(DocKind::Post, "apart", "ผู้หญิงมีบทบาทสำคัญในกระบวนการสันติภาพ"), space),
        in_space(doc(DocKind::Post, "side by side", "เครือข่ายผู้หญิงสันติภาพจัดประชุม"), space),
        in_space(doc(DocKind::Post, "one of them", "ผู้หญิงในชุมชน"), space),
        in_space(doc(DocKind::Post, "peace in pieces", "ภาพถ่ายของความสงบและสันติสุข"), space),
    ]);
    // "Women" and "peace", typed without a space, as Thai is written.
    let typed = request("ผู้หญิงสันติภาพ ", everything(&[space]));
    assert_eq!(titles(&index, &typed), ["side by side", "apart"]);
    let quoted = request("\"ผู้หญิงสันติภาพ\"", everything(&[space]));
    assert_eq!(titles(&index, &quoted), ["side by side"], "quoted, a phrase");
    let typing = request("ผู้หญิงสันติภาพ", everything(&[space]));
    assert_eq!(titles(&index, &typing), ["side by side", "apart"], "while typing");
    // Excluded, the run is the phrase: texts holding its words apart are not excluded.
    let mut excluded = titles(&index, &request("ผู้หญิง -ผู้หญิงสันติภาพ ", everything(&[space])));
    excluded.sort();
    assert_eq!(excluded, ["apart", "one of them"]);
    // "Peace" alone is segmented as "สันติ" and "ภาพ", but texts hold it whole: one word.
    let peace = request("สันติภาพ ", everything(&[space]));
    assert_eq!(titles(&index, &peace), ["side by side", "apart"]);
    let marked = index.search(&typed).unwrap();
    let apart = snippet_of(&marked.hits[1]);
    assert!(apart.contains("<mark>ผู้หญิง</mark>"), "{apart}");
    assert!(apart.contains("<mark>สันติภาพ</mark>"), "{apart}");
}

#[test]
fn words_of_scripts_written_without_spaces_are_marked_whole() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(doc(DocKind::Post, "th", "ผู้หญิงมีบทบาทสำคัญในกระบวนการสันติภาพของชุมชน"), space),
        in_space(doc(DocKind::Post, "lo", "ແມ່ຍິງມີບົດບາດສຳຄັນໃນຂະບວນການສັນຕິພາບ"), space),
        in_space(doc(DocKind::Post, "km", "ស្ត្រីដើរតួនាទីសំខាន់ក្នុងការការពារសន្តិភាព"), space),
    ]);
    // Each is cut finer when segmented alone than inside the text ("กระบวนการ", process, into
    // "กระบวน" and "การ"); snippets marked none of it, or only a piece.
    for word in ["สันติภาพ", "ชุมชน", "กระบวนการ", "ສຳຄັນ", "ສັນຕິພາບ", "ការពារ", "សន្តិភាព"]
    {
        let results = index.search(&request(&format!("{word} "), everything(&[space]))).unwrap();
        let [hit] = results.hits.as_slice() else { panic!("{word}: {:?}", results.hits) };
        let snippet = snippet_of(hit);
        assert!(snippet.contains(&format!("<mark>{word}</mark>")), "{word}: {snippet}");
    }
}

#[test]
fn a_thai_word_of_several_segments_is_marked_whole() {
    let space = Uuid::now_v7();
    let index = index_of(&[in_space(
        doc(DocKind::Post, "บทบาท", "บทบาทของผู้หญิงในการเฝ้าระวังความขัดแย้ง"),
        space,
    )]);
    let hits = index.search(&request("ผู้หญิง", everything(&[space]))).unwrap().hits;
    let snippet = snippet_of(&hits[0]);
    assert!(snippet.contains("ของ<mark>ผู้หญิง</mark>ใน"), "{snippet}");
}

#[test]
fn a_thai_word_of_several_segments_is_not_marked_in_pieces_inside_other_words() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(doc(DocKind::Post, "both", "ผู้สูงอายุและผู้หญิงในชุมชน"), space),
        in_space(doc(DocKind::Post, "apart", "ผู้สูงอายุและเด็กหญิงในชุมชน"), space),
    ]);
    // "The elderly and women in the community": ผู้ ("one who") of ผู้สูงอายุ is no part of
    // ผู้หญิง ("woman"), typed as a word, as a phrase, or being typed.
    for query in ["ผู้หญิง ", "\"ผู้หญิง\"", "ผู้หญิง"] {
        let hits = index.search(&request(query, everything(&[space]))).unwrap().hits;
        let snippet = snippet_of(&hits[0]);
        assert_eq!(snippet, "ผู้สูงอายุและ<mark>ผู้หญิง</mark>ในชุมชน", "{query}");
    }
    // In a long text, the snippet is where the words stand together, though "leaders" (ผู้นำ)
    // and "people" (ผู้คน), and many more parts of theirs, come first.
    let long = format!(
        "ผู้นำชุมชนและผู้คนในหมู่บ้าน {} ผู้หญิงเป็นผู้ไกล่เกลี่ยข้อพิพาท {}",
        "การประชุมเริ่มต้นด้วยการกล่าวต้อนรับผู้นำ ".repeat(30),
        "ผู้คนกลับบ้านผู้นำกลับบ้าน ".repeat(30)
    );
    let index_long = index_of(&[in_space(doc(DocKind::Post, "long", &long), space)]);
    let hits = index_long.search(&request("ผู้หญิง ", everything(&[space]))).unwrap().hits;
    let snippet = snippet_of(&hits[0]);
    assert!(snippet.contains("<mark>ผู้หญิง</mark>เป็นผู้ไกล่เกลี่ย"), "{snippet}");
    assert!(!snippet.contains("<mark>ผู้</mark>"), "{snippet}");
    // Held only apart, its words are what the text was found by, and stay marked.
    let hits = index.search(&request("ผู้หญิง ", everything(&[space]))).unwrap().hits;
    let [_, apart] = hits.as_slice() else { panic!("{hits:?}") };
    let apart = snippet_of(apart);
    assert!(apart.contains("<mark>ผู้</mark>สูงอายุ"), "{apart}");
    assert!(apart.contains("เด็ก<mark>หญิง</mark>"), "{apart}");
}

#[test]
fn a_thai_word_the_segmenter_cuts_otherwise_on_its_own_is_marked_whole() {
    let space = Uuid::now_v7();
    let meeting = doc(DocKind::Post, "meeting", "การประชุมจัดขึ้นที่กรุงเทพมหานครเมื่อวานนี้");
    let index = index_of(&[in_space(meeting.clone(), space)]);
    for query in ["กรุงเทพมหานคร ", "\"กรุงเทพมหานคร\"", "กรุงเทพมหานคร"]
    {
        let hits = index.search(&request(query, everything(&[space]))).unwrap().hits;
        assert_eq!(hits.len(), 1, "{query}");
        let snippet = snippet_of(&hits[0]);
        assert!(snippet.contains("ที่<mark>กรุงเทพมหานคร</mark>เมื่อ"), "{query}: {snippet}");
    }
    // A text with the word alone puts กรุงเทพมหาน among the words of the index, and another
    // sentence cuts it กรุง | เทพมหานคร: it is still marked whole wherever it stands.
    let index = index_of(&[
        in_space(meeting, space),
        in_space(
            doc(DocKind::Thread, "กรุงเทพมหานคร", "ข่าวจากเมืองหลวงเรื่องการประชุมของเครือข่ายสตรี"),
            space,
        ),
        in_space(
            doc(
                DocKind::Post,
                "network",
                "เครือข่ายสตรีในกรุงเทพมหานครและเชียงใหม่จัดกิจกรรมเพื่อสันติภาพ ผู้หญิงหลายร้อยคนเข้าร่วม",
            ),
            space,
        ),
    ]);
    for query in ["กรุงเทพมหานคร ", "\"กรุงเทพมหานคร\""]
    {
        let hits = index.search(&request(query, everything(&[space]))).unwrap().hits;
        assert_eq!(hits.len(), 3, "{query}");
        for hit in &hits {
            let snippet = snippet_of(hit);
            assert!(snippet.contains("<mark>กรุงเทพมหานคร</mark>"), "{query}: {snippet}");
        }
    }
    // Being typed, its last piece (คร) is on its way to other words (ครอบครัว, "family"), but
    // where the text shows it whole, it was typed there.
    let family = doc(DocKind::Post, "family", "ครอบครัวของฉันย้ายไปกรุงเทพมหานครเมื่อปีที่แล้ว");
    let index = index_of(&[in_space(family, space)]);
    let hits = index.search(&request("กรุงเทพมหานคร", everything(&[space]))).unwrap().hits;
    assert_eq!(snippet_of(&hits[0]), "ครอบครัวของฉันย้ายไป<mark>กรุงเทพมหานคร</mark>เมื่อปีที่แล้ว");
}

#[test]
fn a_thai_word_found_inside_another_is_marked_there() {
    let space = Uuid::now_v7();
    let long = deep_inside(
        "การประชุมเริ่มต้นด้วยการกล่าวต้อนรับ ",
        "เราสร้างสันติภาพในชุมชน & หมู่บ้าน",
        "การประชุมปิดลงในช่วงเย็น ",
    );
    let index = index_of(&[
        in_space(doc(DocKind::Post, "short", "สันติภาพในชุมชนของเรา"), space),
        in_space(doc(DocKind::Post, "long", &long), space),
    ]);
    // ภาพ ("picture") is found inside สันติภาพ ("peace"), which the text is segmented into
    // whole, by its pairs of letters.
    let hits = index.search(&request("ภาพ ", everything(&[space]))).unwrap().hits;
    let snippets: Vec<(&str, &str)> =
        hits.iter().map(|hit| (hit.title.as_str(), snippet_of(hit))).collect();
    assert!(snippets.contains(&("short", "สันติ<mark>ภาพ</mark>ในชุมชนของเรา")), "{snippets:?}");
    let (_, long) = snippets.iter().find(|(title, _)| *title == "long").unwrap();
    assert!(long.contains("เราสร้างสันติ<mark>ภาพ</mark>ในชุมชน &amp; หมู่บ้าน"), "{long}");
    assert!(long.starts_with('\u{2026}') && long.ends_with('\u{2026}'), "{long}");
}

#[test]
fn a_thai_word_parted_by_a_zero_width_space_is_found_and_marked_whole() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(doc(DocKind::Post, "whole", "สันติภาพในชุมชนของเรา"), space),
        in_space(
            doc(DocKind::Post, "parted", "สันติ\u{200B}ภาพในหมู่บ้าน และผู้\u{200B}หญิง ผู้เข้าร่วม"),
            space,
        ),
    ]);
    // Written with a zero-width space, as some editors part Thai words, "peace" is no word the
    // segmenter finds, but its pairs of letters are there.
    let mut found = titles(&index, &request("สันติภาพ ", everything(&[space])));
    found.sort();
    assert_eq!(found, ["parted", "whole"]);
    let hits = index.search(&request("สันติภาพ ", everything(&[space]))).unwrap().hits;
    let parted = hits.iter().find(|hit| hit.title == "parted").map(snippet_of);
    assert!(parted.is_some_and(|s| s.starts_with("<mark>สันติ\u{200B}ภาพ</mark>ใน")), "{parted:?}");
    let hits = index.search(&request("ผู้หญิง ", everything(&[space]))).unwrap().hits;
    let snippet = snippet_of(&hits[0]);
    assert!(snippet.contains("<mark>ผู้\u{200B}หญิง</mark>"), "{snippet}");
    assert!(snippet.contains(" ผู้เข้าร่วม"), "ผู้ of the participants is no part of it: {snippet}");
}

#[test]
fn a_thai_snippet_is_as_long_to_read_as_an_english_one() {
    let space = Uuid::now_v7();
    let thai = deep_inside(
        "การประชุมเริ่มต้นด้วยการกล่าวต้อนรับ ",
        "ผู้หญิงเป็นผู้ไกล่เกลี่ยข้อพิพาทในหมู่บ้าน",
        "การประชุมปิดลงในช่วงเย็น ",
    );
    let english = deep_inside(
        "The meeting opened with words of welcome. ",
        "Women mediated the dispute in the village.",
        "The meeting closed in the evening. ",
    );
    let index =
        index_of(&[post_in(space, "th", "ยาว", &thai), post_in(space, "en", "Long", &english)]);
    let shown = |query: &str| {
        let hits = index.search(&request(query, everything(&[space]))).unwrap().hits;
        let snippet = snippet_of(&hits[0]).replace("<mark>", "").replace("</mark>", "");
        snippet.chars().count()
    };
    let (thai, english) = (shown("ไกล่เกลี่ย "), shown("mediated "));
    assert!(thai * 4 >= english * 3, "{thai} characters of Thai against {english} of English");
}

#[test]
fn snippets_mark_matches_over_escaped_text() {
    let space = Uuid::now_v7();
    let index = index_of(&[in_space(
        doc(DocKind::Post, "Markup", "<script>alert(1)</script> women & peace"),
        space,
    )]);
    let hits = index.search(&request("women ", everything(&[space]))).unwrap().hits;
    let snippet = snippet_of(&hits[0]);
    assert!(snippet.contains("<mark>women</mark>"), "{snippet}");
    assert!(snippet.contains("&lt;script&gt;"), "{snippet}");
    assert!(!snippet.contains("<script>"));
}

#[test]
fn a_snippet_shows_the_match_deep_inside_a_long_text() {
    let space = Uuid::now_v7();
    let long = deep_inside(
        "Opening remarks on procedure. ",
        "The delegation of Timor-Leste spoke of Mediation by women in Dili.",
        "Closing remarks on the agenda. ",
    );
    // A second long text right after: the analyzers' segmentation cache must not mix them up.
    let other = "Peacekeeping budgets and logistics. ".repeat(300);
    let index = index_of(&[
        in_space(doc(DocKind::Post, "Long statement", &long), space),
        in_space(doc(DocKind::Post, "Budget statement", &other), space),
    ]);
    let results = index.search(&request("mediation dili", everything(&[space]))).unwrap();
    assert_eq!(results.total, 1);
    let snippet = snippet_of(&results.hits[0]);
    assert!(snippet.contains("<mark>Mediation</mark>"), "{snippet}");
    assert!(snippet.contains("<mark>Dili</mark>"), "{snippet}");
    assert!(snippet.chars().count() < 300, "a passage, not the text: {snippet}");
    assert_eq!(titles(&index, &request("logistics ", everything(&[space]))), ["Budget statement"]);
}

#[test]
fn a_search_for_several_words_shows_them_where_they_stand_together() {
    let space = Uuid::now_v7();
    // A lone "clinic" a little before the two words stand together: the snippet opens on them.
    let together = format!(
        "{} {} The old clinic closed. {} The Lambda clinic in Hanoi serves women. {}",
        "The clinic opened early. ".repeat(40),
        "Budget notes. ".repeat(40),
        "Budget lines for the nurses, the drivers and the cleaners were set for the year ahead, \
         after a long debate in the council.",
        "Closing remarks. ".repeat(40),
    );
    let apart = format!(
        "{} {} Lambda is a letter and a road. {}",
        "A clinic of the province. ".repeat(40),
        "Budget notes. ".repeat(40),
        "Closing remarks. ".repeat(40),
    );
    let vietnamese = format!(
        "{} Phụ nữ tham gia hòa giải ở cơ sở. {} Hòa bình bền vững cần phụ nữ ở mọi cấp. {}",
        "Ngân sách của tỉnh. ".repeat(40),
        "Ngân sách của tỉnh. ".repeat(20),
        "Ngân sách của tỉnh. ".repeat(20),
    );
    let index = index_of(&[
        in_space(doc(DocKind::Post, "Together", &together), space),
        in_space(doc(DocKind::Post, "Apart", &apart), space),
        in_space(in_language(doc(DocKind::Post, "Hòa bình", &vietnamese), "vi"), space),
        // So that "clinics" is a word of the index, sought as typed rather than with a typo.
        in_space(doc(DocKind::Post, "Mobile", "Mobile clinics"), space),
    ]);
    let snippets = |query: &str| -> Vec<(String, String)> {
        let hits = index.search(&request(query, everything(&[space]))).unwrap().hits;
        hits.iter().map(|hit| (hit.title.clone(), snippet_of(hit).to_owned())).collect()
    };
    // Typed whole, in another order, being typed, with a typo, and beside an alternative: a
    // place holding both alternatives of an OR holds one of the words sought, not two.
    let queries = ["lambda clinic ", "clinic lambda ", "lambda clin", "lamda clinic "];
    for query in queries.into_iter().chain(["lambda OR road clinic "]) {
        let found = snippets(query);
        assert_eq!(found.len(), 2, "{query}: {found:?}");
        for (title, snippet) in &found {
            if title == "Together" {
                let shown = "<mark>Lambda</mark> <mark>clinic</mark> in Hanoi serves women.";
                assert!(snippet.contains(shown), "{query}: {snippet}");
            } else {
                // Nowhere together: the first match is shown, as for one word.
                assert!(snippet.starts_with("A <mark>clinic</mark> of"), "{query}: {snippet}");
            }
            let shown = snippet.replace("<mark>", "").replace("</mark>", "");
            assert!(shown.chars().count() < 300, "a passage, not the text: {snippet}");
        }
    }
    // A match by stem is a word too: a lone "Lambda" further on holds no more than it.
    let found = snippets("lambda clinics ");
    let apart = found.iter().find(|(title, _)| title == "Apart").expect("found by its stem");
    assert!(apart.1.starts_with("A <mark>clinic</mark> of"), "{found:?}");
    let found = snippets("phụ nữ hòa bình ");
    assert_eq!(found.len(), 1, "{found:?}");
    let shown = "<mark>Hòa</mark> <mark>bình</mark> bền vững cần <mark>phụ</mark> <mark>nữ</mark>";
    assert!(found[0].1.contains(shown), "{found:?}");
}

#[test]
fn the_spellings_of_a_word_being_typed_are_one_word() {
    let text = format!(
        "{} The groups organised a march. {} Groups organized and organised it. {}",
        "Budget notes. ".repeat(40),
        "Budget notes. ".repeat(40),
        "Closing remarks. ".repeat(40),
    );
    let snippet = snippet_of_one(&text, "organis");
    assert!(snippet.contains("The groups <mark>organised</mark> a march."), "{snippet}");
}

#[test]
fn a_word_that_is_another_words_stem_is_a_word_of_its_own() {
    let text = format!(
        "{} {} The right to vote, and the rights of women. {}",
        "The rights of the province. ".repeat(40),
        "Budget notes. ".repeat(40),
        "Closing remarks. ".repeat(40),
    );
    // "right", the stem of "rights", is also the second word sought.
    let snippet = snippet_of_one(&text, "rights right ");
    let shown = "The <mark>right</mark> to vote, and the <mark>rights</mark> of women.";
    assert!(snippet.contains(shown), "{snippet}");
}

#[test]
fn words_found_by_their_stem_are_marked_too_even_deep_inside_a_long_text() {
    let space = Uuid::now_v7();
    let long = deep_inside(
        "Opening remarks on procedure. ",
        "The districts Flooded twice, and the helpline ran all night.",
        "Closing remarks on the agenda. ",
    );
    let index = index_of(&[
        in_space(doc(DocKind::Post, "Short", "Our helpline during the flooding"), space),
        in_space(doc(DocKind::Post, "Long", &long), space),
    ]);
    let results = index.search(&request("floods helpline", everything(&[space]))).unwrap();
    assert_eq!(results.total, 2);
    let snippets: Vec<&str> = results.hits.iter().map(snippet_of).collect();
    assert!(snippets.iter().any(|s| s.contains("<mark>flooding</mark>")), "{snippets:?}");
    let long = snippets.iter().find(|s| s.contains("districts")).expect("the long text's passage");
    assert!(long.contains("<mark>Flooded</mark>"), "{long}");
    assert!(long.contains("<mark>helpline</mark>"), "{long}");
    // Found by its stem alone, far from the text's opening.
    let results = index.search(&request("floods ", everything(&[space]))).unwrap();
    let snippets: Vec<&str> = results.hits.iter().map(snippet_of).collect();
    assert!(snippets.iter().any(|s| s.contains("districts <mark>Flooded</mark>")), "{snippets:?}");
    // Only the stem's words: another word that starts the same is left alone.
    let index =
        index_of(&[in_space(doc(DocKind::Post, "Plain", "A floodplain, then floods"), space)]);
    let hits = index.search(&request("flooded ", everything(&[space]))).unwrap().hits;
    assert_eq!(snippet_of(&hits[0]), "A floodplain, then <mark>floods</mark>");
}

#[test]
fn a_phrase_being_typed_finds_as_it_goes() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(doc(DocKind::Thread, "Notes", "Women in peace processes"), space),
        in_space(doc(DocKind::Thread, "Talks", "Peace talks, then processes"), space),
        in_space(doc(DocKind::Thread, "Other", "Peace talks"), space),
    ]);
    let scope = || everything(&[space]);
    // Its quotation mark not closed yet, its last word is a word being typed beside it.
    let mut typing = titles(&index, &request("\"peace proc", scope()));
    typing.sort();
    assert_eq!(typing, ["Notes", "Talks"]);
    assert_eq!(titles(&index, &request("\"peace processes\"", scope())), ["Notes"]);
}

#[test]
fn a_phrase_is_shown_and_marked_where_it_stands_not_its_words_elsewhere() {
    let space = Uuid::now_v7();
    let short = "Women and peace: notes on security and the women, peace and security agenda";
    let long = format!(
        "{} {} The Council adopted the Women, Peace and Security agenda in 2000. {}",
        "Peace and development go together for women. ".repeat(40),
        "Security and stability were discussed at length. ".repeat(40),
        "Closing remarks and thanks. ".repeat(40),
    );
    let index = index_of(&[
        in_space(doc(DocKind::Post, "Short", short), space),
        in_space(doc(DocKind::Post, "Long", &long), space),
    ]);
    let snippets = |query: &str| -> Vec<(String, String)> {
        let hits = index.search(&request(query, everything(&[space]))).unwrap().hits;
        hits.iter().map(|hit| (hit.title.clone(), snippet_of(hit).to_owned())).collect()
    };
    let found = snippets("\"women, peace and security\"");
    assert_eq!(found.len(), 2, "{found:?}");
    for (title, snippet) in &found {
        let phrase = if title == "Short" {
            "<mark>women</mark>, <mark>peace</mark> <mark>and</mark> <mark>security</mark>"
        } else {
            "<mark>Women</mark>, <mark>Peace</mark> <mark>and</mark> <mark>Security</mark>"
        };
        assert!(snippet.contains(phrase), "{title}: {snippet}");
        assert_eq!(snippet.matches("<mark>").count(), 4, "only the phrase: {title}: {snippet}");
    }
    // A word also sought on its own stays marked wherever it stands; so does one beside it.
    let found = snippets("\"peace and security\" women agenda");
    let (_, short) = found.iter().find(|(title, _)| title == "Short").unwrap();
    assert_eq!(
        short,
        "<mark>Women</mark> and peace: notes on security and the <mark>women</mark>, \
         <mark>peace</mark> <mark>and</mark> <mark>security</mark> <mark>agenda</mark>"
    );
    // "women's" is one word, as the analysis cuts it.
    let apostrophe = index_of(&[in_space(
        doc(DocKind::Post, "Groups", "Women's health came first. Then women's groups met."),
        space,
    )]);
    let hits = apostrophe.search(&request("\"women's groups\"", everything(&[space]))).unwrap();
    assert_eq!(
        snippet_of(&hits.hits[0]),
        "Women&#x27;s health came first. Then <mark>women&#x27;s</mark> <mark>groups</mark> met."
    );
    // A word the analysis cuts in two is sought as such a phrase.
    let hyphen = index_of(&[in_space(
        doc(DocKind::Post, "Hyphen", "Keeping the peace needs peace-keeping missions."),
        space,
    )]);
    let hits = hyphen.search(&request("peace-keeping ", everything(&[space]))).unwrap().hits;
    assert_eq!(
        snippet_of(&hits[0]),
        "Keeping the peace needs <mark>peace</mark>-<mark>keeping</mark> missions."
    );
}

#[test]
fn british_and_american_spellings_find_each_other_and_are_marked() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(
            doc(DocKind::Post, "Unions", "Women organized the dockworkers of the port"),
            space,
        ),
        in_space(doc(DocKind::Post, "Budgets", "The budget was analysed line by line"), space),
        in_space(doc(DocKind::Post, "Shelters", "A crisis centre for migrant labour"), space),
        in_space(doc(DocKind::Post, "Songs", "Their favourite colourless tune"), space),
        // The American words are known, so no typo stands for the British ones.
        in_space(doc(DocKind::Post, "Paints", "My favorite colorless paint"), space),
    ]);
    let search = |text: &str| index.search(&request(text, everything(&[space]))).unwrap().hits;
    let organising = search("organising ");
    assert_eq!(organising.len(), 1);
    assert_eq!(
        snippet_of(&organising[0]),
        "Women <mark>organized</mark> the dockworkers of the port"
    );
    let analyzing = search("analyzing ");
    assert_eq!(analyzing.len(), 1);
    assert_eq!(snippet_of(&analyzing[0]), "The budget was <mark>analysed</mark> line by line");
    let american = search("labor center ");
    assert_eq!(american.len(), 1);
    assert_eq!(
        snippet_of(&american[0]),
        "A crisis <mark>centre</mark> for migrant <mark>labour</mark>"
    );
    let hits = search("favorite colorless ");
    let marked: Vec<&str> = hits.iter().map(snippet_of).collect();
    let british = "Their <mark>favourite</mark> <mark>colourless</mark> tune";
    assert!(marked.contains(&british), "{marked:?}");
    // While the word is being typed, before its ending shows which spelling it takes.
    let typing = search("organis");
    assert_eq!(typing.len(), 1, "organis");
    assert_eq!(snippet_of(&typing[0]), "Women <mark>organized</mark> the dockworkers of the port");
    let typing: Vec<String> = search("colorl").into_iter().map(|hit| hit.title).collect();
    assert!(typing.contains(&"Songs".to_owned()), "colorl: {typing:?}");
    let typing = search("analyz");
    assert_eq!(typing.len(), 1, "analyz");
    assert_eq!(snippet_of(&typing[0]), "The budget was <mark>analysed</mark> line by line");
}

#[test]
fn indonesian_words_found_by_their_root_are_marked_too_even_deep_inside_a_long_text() {
    let space = Uuid::now_v7();
    let long = deep_inside(
        "Rapat dibuka dengan doa. ",
        "Para ibu mendamaikan kedua desa itu.",
        "Rapat ditutup pada sore hari. ",
    );
    let index = index_of(&[
        post_in(space, "id", "Pendek", "Di tengah keramaian pasar, perdamaian dirayakan."),
        post_in(space, "id", "Panjang", &long),
    ]);
    let results = index.search(&request("damai ", everything(&[space]))).unwrap();
    assert_eq!(results.total, 2);
    let snippets: Vec<&str> = results.hits.iter().map(snippet_of).collect();
    // Another word that holds the same letters has its own root (ramai), and is left alone.
    assert!(
        snippets.contains(&"Di tengah keramaian pasar, <mark>perdamaian</mark> dirayakan."),
        "{snippets:?}"
    );
    assert!(
        snippets.iter().any(|s| s.contains("ibu <mark>mendamaikan</mark> kedua")),
        "{snippets:?}"
    );
}

#[test]
fn an_excluded_word_is_not_marked_where_another_language_holds_it() {
    let space = Uuid::now_v7();
    // English stems are indexed for English text only, so "-floods" excludes the English post
    // and not the Vietnamese one, whose "flooded" is none of the words sought.
    let index = index_of(&[
        post_in(
            space,
            "vi",
            "Đường dây nóng",
            "The helpline stayed open while the districts flooded.",
        ),
        post_in(space, "en", "Helpline", "The helpline stayed open while the districts flooded."),
    ]);
    let results = index.search(&request("helpline -floods", everything(&[space]))).unwrap();
    assert_eq!(results.total, 1);
    assert_eq!(
        snippet_of(&results.hits[0]),
        "The <mark>helpline</mark> stayed open while the districts flooded."
    );
}

#[test]
fn a_search_that_asks_for_no_snippets_finds_the_same_hits_and_writes_none() {
    let space = Uuid::now_v7();
    let index = index_of(&[
        in_space(doc(DocKind::Thread, "Women mediators", "Women in peace processes"), space),
        in_space(doc(DocKind::Post, "Peace talks", "The peace talks stalled"), space),
    ]);
    let with = index.search(&request("peace ", everything(&[space]))).unwrap();
    let without = index
        .search(&SearchRequest { snippets: false, ..request("peace ", everything(&[space])) })
        .unwrap();
    let found = |results: &SearchResults| -> Vec<(Uuid, String)> {
        results.hits.iter().map(|hit| (hit.id, hit.title.clone())).collect()
    };
    assert_eq!(with.hits.len(), 2);
    assert_eq!(found(&without), found(&with));
    assert_eq!((without.total, &without.facets), (with.total, &with.facets));
    assert!(with.hits.iter().all(|hit| hit.snippet.is_some()));
    assert!(without.hits.iter().all(|hit| hit.snippet.is_none()));
}

#[test]
fn a_snippet_skips_the_query_word_inside_longer_words() {
    let space = Uuid::now_v7();
    let text = format!(
        "Peacekeeping mandates were renewed. {} Women joined the PEACE talks in Mindanao.",
        "Budget lines were reviewed. ".repeat(100)
    );
    let index = index_of(&[in_space(doc(DocKind::Post, "Mandates", &text), space)]);
    let results = index.search(&request("peace ", everything(&[space]))).unwrap();
    let snippet = snippet_of(&results.hits[0]);
    assert!(snippet.contains("<mark>PEACE</mark> talks"), "{snippet}");
}

#[test]
fn words_being_typed_or_mistyped_are_marked_as_the_words_they_matched() {
    let space = Uuid::now_v7();
    let text = format!(
        "{} Online harassment of Peacebuilders in Aceh was documented by Mediators.",
        "Budget lines were reviewed. ".repeat(100)
    );
    let index = index_of(&[in_space(doc(DocKind::Post, "Field notes", &text), space)]);
    let snippet = |query: &str| {
        let results = index.search(&request(query, everything(&[space]))).unwrap();
        assert_eq!(results.total, 1, "{query}");
        snippet_of(&results.hits[0]).to_owned()
    };
    // The last word, still being typed, marks the word it starts.
    let typing = snippet("harassment peacebuil");
    assert!(typing.contains("<mark>Peacebuilders</mark>"), "{typing}");
    assert!(typing.contains("<mark>harassment</mark>"), "{typing}");
    // A word with a typo marks the word it was taken for.
    let typo = snippet("mediatros harassment");
    assert!(typo.contains("<mark>Mediators</mark>"), "{typo}");
}

#[test]
fn facets_are_counted_only_when_asked_for() {
    let space = Uuid::now_v7();
    let index = index_of(&[in_space(doc(DocKind::Post, "Mediation", "women mediators"), space)]);
    let mut req = request("mediators ", everything(&[space]));
    let counted = index.search(&req).unwrap();
    let kinds = counted.facets.iter().find(|f| f.field == "kind").unwrap();
    assert_eq!(kinds.values, [("post".to_owned(), 1)]);
    req.facets = false;
    let uncounted = index.search(&req).unwrap();
    assert!(uncounted.facets.is_empty());
    assert_eq!((uncounted.total, uncounted.hits.len()), (1, 1));
}

#[test]
fn a_filtered_facet_still_offers_its_other_values_counted_under_the_other_filters() {
    let space = Uuid::now_v7();
    let report = |title: &str, country: &str, kind: &str| {
        let mut d = published(doc(DocKind::Document, title, "ceasefire monitoring"));
        (d.countries, d.document_kind) = (vec![country.into()], Some(kind.into()));
        d
    };
    let mut draft = report("Draft from Cambodia", "KH", "REPORT");
    draft.status = Some("DRAFT".into());
    let index = index_of(&[
        report("Thai report", "TH", "REPORT"),
        report("Thai statement", "TH", "STATEMENT"),
        report("Viet report", "VN", "REPORT"),
        report("Philippine statement", "PH", "STATEMENT"),
        draft,
        in_space(doc(DocKind::Thread, "Monitoring notes", "ceasefire monitoring"), space),
    ]);
    let facet = |results: &SearchResults, field: &str| {
        let mut values = results.facets.iter().find(|f| f.field == field).unwrap().values.clone();
        values.sort();
        values
    };
    let counted = |values: &[(&str, u64)]| -> Vec<(String, u64)> {
        values.iter().map(|(value, n)| ((*value).to_owned(), *n)).collect()
    };
    let outsider = || Scope { spaces: vec![space], documents: DocumentScope::PublishedOr(None) };

    let mut req = request("ceasefire", outsider());
    req.filters.countries = vec!["TH".into()];
    let thai = index.search(&req).unwrap();
    assert_eq!(thai.total, 2);
    assert_eq!(
        facet(&thai, "country"),
        counted(&[("PH", 1), ("TH", 2), ("VN", 1)]),
        "the other countries stay on offer; the draft's does not show"
    );
    assert_eq!(
        facet(&thai, "documentKind"),
        counted(&[("REPORT", 1), ("STATEMENT", 1)]),
        "an unfiltered facet counts the search's hits"
    );
    assert_eq!(facet(&thai, "kind"), counted(&[("document", 2)]));

    req.filters.document_kinds = vec!["REPORT".into()];
    let thai_reports = index.search(&req).unwrap();
    assert_eq!(thai_reports.total, 1);
    assert_eq!(
        facet(&thai_reports, "country"),
        counted(&[("TH", 1), ("VN", 1)]),
        "counted under the other filters: reports only"
    );
    assert_eq!(
        facet(&thai_reports, "documentKind"),
        counted(&[("REPORT", 1), ("STATEMENT", 1)]),
        "counted under the other filters: Thai only"
    );
    let names: Vec<&str> = thai_reports.facets.iter().map(|f| f.field).collect();
    assert_eq!(
        names,
        ["kind", "space", "country", "pillar", "documentKind", "language", "tag", "year"]
    );
}

#[test]
fn a_chosen_value_stays_in_its_facet_however_few_its_hits() {
    let space = Uuid::now_v7();
    let tagged = |tag: String| {
        let mut d = in_space(doc(DocKind::Thread, "Ceasefire", "ceasefire monitoring"), space);
        d.tags = vec![tag];
        d
    };
    // Thirty-one tags of two threads each, then the chosen one, of one: the 32nd by count.
    let mut docs: Vec<IndexDoc> =
        (0..31).flat_map(|i| [0, 1].map(|_| tagged(format!("a{i:02}")))).collect();
    docs.push(tagged("zz".into()));
    let index = index_of(&docs);
    let mut req = request("ceasefire", everything(&[space]));
    req.filters.tags = vec!["zz".into()];
    let results = index.search(&req).unwrap();
    assert_eq!(results.total, 1);
    let tags = &results.facets.iter().find(|f| f.field == "tag").unwrap().values;
    assert_eq!(tags.len(), 31, "the 30 most frequent, and the chosen one");
    assert_eq!(tags.last(), Some(&("zz".to_owned(), 1)));
}

#[test]
fn a_document_counts_under_its_own_year_and_other_items_under_their_creation() {
    let space = Uuid::now_v7();
    let mut report = published(doc(DocKind::Document, "Flood report", "evacuation drills"));
    report.year = Some(2019);
    let thread = in_space(doc(DocKind::Thread, "Drills", "evacuation drills"), space);
    let this_year = thread.created.format("%Y").to_string();
    let index = index_of(&[report, thread]);
    let results = index.search(&request("evacuation ", everything(&[space]))).unwrap();
    let years = results.facets.iter().find(|f| f.field == "year").unwrap();
    let mut expected = vec![("2019".to_owned(), 1), (this_year, 1)];
    expected.sort();
    let mut counted = years.values.clone();
    counted.sort();
    assert_eq!(counted, expected);
}

#[test]
fn filters_order_and_ranking() {
    let space = Uuid::now_v7();
    let mut old = published(doc(DocKind::Document, "Peace report 1999", "peace"));
    old.created = Utc.with_ymd_and_hms(1999, 1, 1, 0, 0, 0).unwrap();
    old.countries = vec!["TH".into()];
    let mut practice = published(doc(DocKind::Document, "Good practice on peace", "peace"));
    practice.rank = 2.0;
    practice.countries = vec!["VN".into()];
    let plain = in_space(doc(DocKind::Post, "Plain post on peace", "peace"), space);
    let index = index_of(&[old, practice, plain]);
    let scope = || everything(&[space]);
    assert_eq!(
        titles(&index, &request("peace ", scope()))[0],
        "Good practice on peace",
        "rank boosts good practices"
    );
    let mut newest = request("peace ", scope());
    newest.order = Order::Newest;
    assert_eq!(titles(&index, &newest).last().map(String::as_str), Some("Peace report 1999"));
    let mut only_th = request("peace ", scope());
    only_th.filters.countries = vec!["TH".into()];
    assert_eq!(titles(&index, &only_th), ["Peace report 1999"]);
    let mut recent = request("peace ", scope());
    recent.filters.from = Some(Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap());
    assert_eq!(index.search(&recent).unwrap().total, 2);
    let mut posts = request("peace ", scope());
    posts.filters.kinds = vec![DocKind::Post];
    assert_eq!(titles(&index, &posts), ["Plain post on peace"]);
}

#[test]
fn updates_replace_deletes_remove_and_the_payload_remembers_progress() {
    let dir = tempfile::tempdir().unwrap();
    let space = Uuid::now_v7();
    let mut thread = in_space(doc(DocKind::Thread, "Old title", "body"), space);
    // What the index says it has applied is what a process opening it afresh reads on disk.
    let on_disk = || SearchIndex::open(dir.path()).unwrap().watermark();
    {
        let index = SearchIndex::open(dir.path()).unwrap();
        assert_eq!(index.watermark(), None);
        index.apply(&[Change::Upsert(Box::new(thread.clone()))], Some("7")).unwrap();
        assert_eq!(index.watermark().as_deref(), Some("7"));
        thread.title = "New title".into();
        index.apply(&[Change::Upsert(Box::new(thread.clone()))], Some("81:9")).unwrap();
        assert_eq!(titles(&index, &request("title ", everything(&[space]))), ["New title"]);
    }
    let reopened = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(reopened.watermark().as_deref(), Some("81:9"));
    reopened.apply(&[Change::Delete(thread.key)], None).unwrap();
    assert_eq!(reopened.watermark(), None, "a commit without one reads as not filled");
    assert_eq!(reopened.num_docs(), 0);
    reopened.apply(&[Change::Upsert(Box::new(thread.clone()))], Some("81:11")).unwrap();
    assert_eq!((reopened.watermark(), on_disk()), (Some("81:11".into()), Some("81:11".into())));
    reopened.clear().unwrap();
    assert_eq!((reopened.watermark(), reopened.num_docs()), (None, 0));
    assert_eq!(on_disk(), None);
}

#[test]
fn an_index_from_an_earlier_version_is_replaced_by_an_empty_generation_to_refill() {
    let dir = tempfile::tempdir().unwrap();
    let home = IndexHome::new(dir.path());
    let old = home.path_of(&home.current_name());
    std::fs::create_dir_all(&old).unwrap();
    let mut schema = tantivy::schema::Schema::builder();
    schema.add_text_field("title_words_folded", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(&old, schema.build()).unwrap();
    // Stamped as a current index is, so that only its fields make it outdated.
    let current = tempfile::tempdir().unwrap();
    drop(SearchIndex::open(current.path()).unwrap());
    std::fs::copy(current.path().join(CONTENT_VERSION_FILE), old.join(CONTENT_VERSION_FILE))
        .unwrap();
    assert!(SearchIndex::is_outdated(&old));

    let (name, index) = home.open_live().unwrap();
    assert_eq!(home.current_name(), name, "the new generation is the live one");
    assert_eq!((index.watermark(), index.num_docs()), (None, 0), "to refill from the start");
    assert!(!old.exists(), "the outdated generation is removed");
    drop(index);
    let (again, _) = home.open_live().unwrap();
    assert_eq!(again, name, "a current index is kept as it is");
}

#[test]
fn an_index_whose_documents_were_indexed_another_way_is_replaced_to_refill() {
    let dir = tempfile::tempdir().unwrap();
    let home = IndexHome::new(dir.path());
    let (first, index) = home.open_live().unwrap();
    drop(index);
    let live = home.path_of(&first);
    assert!(!SearchIndex::is_outdated(&live), "a new index is written the current way");

    // Both have the fields of today's schema: only the stamp of how documents were indexed tells
    // them from a current index.
    let stamp = live.join(CONTENT_VERSION_FILE);
    std::fs::write(&stamp, "0").unwrap();
    assert!(SearchIndex::is_outdated(&live), "written by a version that indexed otherwise");
    std::fs::remove_file(&stamp).unwrap();
    assert!(SearchIndex::is_outdated(&live), "written before the way was recorded");
    drop(SearchIndex::open(&live).unwrap());
    assert!(!stamp.exists(), "opening an existing index does not vouch for how it was written");

    let (second, index) = home.open_live().unwrap();
    assert_ne!(second, first, "a new generation replaces it");
    assert_eq!((index.watermark(), index.num_docs()), (None, 0), "to refill");
    assert!(!live.exists(), "the outdated generation is removed");
}

/// The titles of every page of `text` in `order`, 2 hits a page, with `between` run after each
/// page is read.
fn paged(index: &SearchIndex, text: &str, order: Order, mut between: impl FnMut()) -> Vec<String> {
    let mut titles = Vec::new();
    let mut after = None;
    for _ in 0..20 {
        let page = SearchRequest { order, after, limit: 2, ..request(text, everything(&[])) };
        let results = index.search(&page).unwrap();
        titles.extend(results.hits.iter().map(|hit| hit.title.clone()));
        if !results.more {
            return titles;
        }
        after = results.end;
        between();
    }
    panic!("pages without end: {titles:?}");
}

fn kestrel(n: usize, minutes_ago: i64) -> IndexDoc {
    let mut d = doc(DocKind::Document, &format!("Kestrel {n}"), "kestrel survey notes");
    d.created = Utc::now() - chrono::Duration::minutes(minutes_ago);
    d
}

fn upsert(index: &SearchIndex, d: IndexDoc) {
    index.apply(&[Change::Upsert(Box::new(d))], None).unwrap();
}

#[test]
fn a_next_page_newest_first_neither_repeats_nor_skips_a_hit_when_others_are_indexed_meanwhile() {
    // Five hits written a minute apart, then one in each of two segments of their own.
    let originals: Vec<IndexDoc> = (1..=5).map(|n| kestrel(n, 60 - n as i64)).collect();
    let index = index_of(&originals);
    let before = paged(&index, "kestrel", Order::Newest, || ());
    assert_eq!(before, ["Kestrel 5", "Kestrel 4", "Kestrel 3", "Kestrel 2", "Kestrel 1"]);
    let mut added = 0;
    let during = paged(&index, "kestrel", Order::Newest, || {
        added += 1;
        upsert(&index, kestrel(100 + added, 0));
    });
    assert_eq!(during, before, "the newer hits came in above the pages still to read");
}

#[test]
fn a_next_page_newest_first_takes_hits_of_one_time_in_the_order_of_their_tie() {
    // Imported together: one creation time, in five segments.
    let index = SearchIndex::in_memory().unwrap();
    let at = Utc::now();
    for n in 1..=5 {
        let mut d = kestrel(n, 0);
        d.created = at;
        upsert(&index, d);
    }
    let mut pages = paged(&index, "kestrel", Order::Newest, || ());
    assert_eq!(pages.len(), 5, "{pages:?}");
    pages.sort();
    pages.dedup();
    assert_eq!(pages.len(), 5, "each once: {pages:?}");
}

#[test]
fn pages_by_relevance_list_what_one_page_does_across_segments() {
    // The same text in five segments: equal scores.
    let index = SearchIndex::in_memory().unwrap();
    for n in 1..=5 {
        upsert(&index, kestrel(n, 0));
    }
    let pages = paged(&index, "kestrel", Order::Relevance, || ());
    let all = SearchRequest { limit: 5, ..request("kestrel", everything(&[])) };
    let at_once: Vec<String> =
        index.search(&all).unwrap().hits.into_iter().map(|h| h.title).collect();
    assert_eq!(pages, at_once, "pages of 2 list what one page of 5 does");
}

/// Hits of "kestrel" that rank in the order of `n`: the longer a body, the lower its relevance.
fn ranked_kestrel(n: usize) -> IndexDoc {
    doc(DocKind::Document, &format!("Kestrel {n}"), &format!("kestrel{}", " notes".repeat(n)))
}

#[test]
fn a_next_page_by_relevance_neither_repeats_nor_skips_a_hit_when_others_are_indexed_meanwhile() {
    let index = index_of(&(1..=5).map(ranked_kestrel).collect::<Vec<_>>());
    let before = paged(&index, "kestrel", Order::Relevance, || ());
    assert_eq!(before, ["Kestrel 1", "Kestrel 2", "Kestrel 3", "Kestrel 4", "Kestrel 5"]);
    // Each new hit ranks second, above the pages still to read, and moves every score: its words
    // change the statistics.
    let mut added = 0;
    let during = paged(&index, "kestrel", Order::Relevance, || {
        added += 1;
        let title = format!("Kestrel new {added}");
        upsert(&index, doc(DocKind::Document, &title, "kestrel kestrel kestrel"));
    });
    assert_eq!(during, before, "the pages still to read are ordered as the first was");
    let mut now = paged(&index, "kestrel", Order::Relevance, || ());
    now[1..3].sort();
    assert_eq!(now[..4], ["Kestrel 1", "Kestrel new 1", "Kestrel new 2", "Kestrel 2"], "{now:?}");
}

#[test]
fn a_next_page_by_relevance_shows_hits_as_they_are_now_and_none_taken_out_since() {
    let originals: Vec<IndexDoc> = (1..=5).map(ranked_kestrel).collect();
    let index = index_of(&originals);
    let mut changed = false;
    let pages = paged(&index, "kestrel", Order::Relevance, || {
        if std::mem::replace(&mut changed, true) {
            return;
        }
        // After the first page: the first hit deleted (a count would then skip the third), the
        // fourth edited, the fifth edited so that the search no longer finds it.
        index.apply(&[Change::Delete(originals[0].key)], None).unwrap();
        upsert(&index, IndexDoc { title: "Kestrel 4, revised".into(), ..originals[3].clone() });
        upsert(
            &index,
            IndexDoc { title: "Falcon".into(), body: "falcon".into(), ..originals[4].clone() },
        );
    });
    assert_eq!(pages, ["Kestrel 1", "Kestrel 2", "Kestrel 3", "Kestrel 4, revised"]);
}

#[test]
fn searches_of_one_text_on_an_unchanged_index_share_their_scoring_and_a_change_makes_another() {
    let index = index_of(&(1..=5).map(ranked_kestrel).collect::<Vec<_>>());
    let page = SearchRequest { limit: 2, ..request("kestrel", everything(&[])) };
    let scoring = |index: &SearchIndex| index.search(&page).unwrap().end.and_then(|e| e.scoring);
    let first = scoring(&index);
    assert!(first.is_some(), "a page with more after it keeps its scoring");
    assert_eq!(scoring(&index), first);
    upsert(&index, ranked_kestrel(6));
    let second = scoring(&index);
    assert!(second.is_some() && second != first, "{first:?} {second:?}");
    let all = SearchRequest { limit: 10, ..request("kestrel", everything(&[])) };
    assert_eq!(index.search(&all).unwrap().end.and_then(|e| e.scoring), None, "nothing more");
    let newest = SearchRequest { order: Order::Newest, ..page };
    assert_eq!(index.search(&newest).unwrap().end.and_then(|e| e.scoring), None, "by age");
}

#[test]
fn a_next_page_whose_scoring_is_not_kept_starts_at_its_count() {
    let index = index_of(&(1..=5).map(ranked_kestrel).collect::<Vec<_>>());
    let page = SearchRequest { limit: 2, ..request("kestrel", everything(&[])) };
    let end = index.search(&page).unwrap().end.unwrap();
    // A hit that ranks first, indexed before the next page: a count repeats the last hit.
    upsert(&index, doc(DocKind::Document, "Kestrel kestrel", "kestrel kestrel"));
    let token = end.scoring.unwrap();
    let next = |after, text: &str| {
        let next = SearchRequest { after: Some(after), limit: 2, ..request(text, everything(&[])) };
        index.search(&next).unwrap().hits.into_iter().map(|h| h.title).collect::<Vec<_>>()
    };
    assert_eq!(next(end, "kestrel"), ["Kestrel 3", "Kestrel 4"], "kept");
    let unknown = Place { scoring: Some(token ^ 1), ..end };
    assert_eq!(next(unknown, "kestrel"), ["Kestrel 2", "Kestrel 3"], "not kept: by count");
    assert_eq!(next(end, "kestrel "), ["Kestrel 2", "Kestrel 3"], "another text: by count");
}

#[test]
fn a_prefix_stands_for_the_first_words_of_the_whole_index_whatever_its_segments() {
    // Fifty words that start with "pa" in one segment, and a later one in a segment of its own,
    // whose own first words would take it in: what is found would change as segments merge.
    let first: Vec<IndexDoc> = (0..50)
        .map(|n| doc(DocKind::Document, &format!("Doc {n}"), &format!("pa{n:02}")))
        .collect();
    let index = index_of(&first);
    upsert(&index, doc(DocKind::Document, "Late", "pa99"));
    // And one of the fifty in a segment of its own as well.
    upsert(&index, doc(DocKind::Document, "Both", "pa10 pa99"));
    let found = titles(&index, &SearchRequest { limit: 60, ..request("pa", everything(&[])) });
    assert_eq!(found.len(), 51, "{found:?}");
    assert!(found.iter().any(|title| title == "Both"), "{found:?}");
    assert!(!found.iter().any(|title| title == "Late"), "{found:?}");
}
