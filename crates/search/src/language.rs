//! What language a text is indexed as. A library document declares its language. A forum post
//! does not: where it reads clearly as one of the region's languages, it is filed under that
//! language for the language filter and facet (a reply too short to tell, under its thread's),
//! and it is analyzed as English unless it reads clearly as another language.

use crate::analyzers::is_lao_script;

/// The languages a text is filed under, the language it is written in and the analyses it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Language<'a> {
    /// Language codes for the filter and facet: the declared one; for a text that declares none,
    /// those it reads as, which may be none, and for a short reply its thread's (see `unclear`).
    pub filed_under: Vec<&'a str>,
    /// The language the text itself is in, for a reader's `lang` (a screen reader's voice): the
    /// declared tag, or the first code the text's own reading gives; `None` where it cannot be
    /// told from the text alone.
    pub written_in: Option<&'a str>,
    pub analyses: Analyses,
}

/// The language-specific analyses of one text, beside the analyses every text gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Analyses {
    /// `words_english`: English stems.
    pub english: bool,
    /// `words_indonesian`: Indonesian and Malay roots.
    pub indonesian: bool,
}

impl<'a> Language<'a> {
    /// The language of a text that declares the BCP 47 tag `declared`, or, when it declares
    /// none, the language `title` and `body` read as; for a reply too short to tell, it is filed
    /// under the language `thread`, the start of its thread, reads as.
    pub fn of(declared: Option<&'a str>, title: &str, body: &str, thread: Option<&str>) -> Self {
        match declared {
            Some(tag) => Self {
                filed_under: vec![tag],
                written_in: Some(tag),
                analyses: Analyses::of_tag(tag),
            },
            None => match Reading::of(&format!("{title}\n{body}")) {
                Some(reading) => Self::read_as(reading),
                None => Self::unclear(thread.and_then(Reading::of)),
            },
        }
    }

    fn read_as(reading: Reading) -> Self {
        Self {
            filed_under: reading.codes.to_vec(),
            written_in: reading.codes.first().copied(),
            analyses: reading.analyses,
        }
    }

    /// A text that is not clearly in another language is analyzed as English, the community's
    /// common language: stems cost a text in another language little, and missing them would
    /// cost an English post every search by another form of its words. It is filed under a
    /// language only when it reads clearly as one, so a short post is filed under none. Of the
    /// 10 to 120 character sentences of the first 3,000 UN statements, whatlang took fewer than
    /// one in ten thousand reliably for another language, and called most of the short ones
    /// unreliable rather than wrong.
    ///
    /// A short reply is filed under the language its thread's start reads as, and gets its
    /// Indonesian roots: a reader filtering for the discussion's language should see "Terima
    /// kasih" in an Indonesian thread. It was filed under no language before, so no filter loses
    /// it. Its text is not said to be in that language, though: an English aside in an
    /// Indonesian thread is common here, and a screen reader would read it in the wrong voice.
    /// whatlang's unsure guesses of short texts cannot tell the two apart (it guessed Slovenian
    /// for "Terima kasih" and Vietnamese for "Thanks!").
    fn unclear(thread: Option<Reading>) -> Self {
        Self {
            filed_under: thread.map_or(&[][..], |t| t.codes).to_vec(),
            written_in: None,
            analyses: Analyses {
                english: true,
                indonesian: thread.is_some_and(|t| t.analyses.indonesian),
            },
        }
    }
}

/// What a text that declares no language clearly reads as.
#[derive(Debug, Clone, Copy)]
struct Reading {
    /// The codes of the region's languages it is filed under: none for a language from outside
    /// the region.
    codes: &'static [&'static str],
    analyses: Analyses,
}

impl Reading {
    /// Lao by its script, at any length: whatlang knows neither the language nor its script,
    /// and in the region that script writes Lao alone. Otherwise what whatlang is sure of.
    fn of(text: &str) -> Option<Self> {
        let (lao, letters) = lao_letters(text);
        if lao * 2 > letters {
            return Some(Self { codes: &["lo"], analyses: Analyses::NONE });
        }
        let lang = whatlang::detect(text).filter(whatlang::Info::is_reliable)?.lang();
        let analyses = match lang {
            // whatlang knows no Malay: it reads Malay as Indonesian, whose roots Malay shares.
            whatlang::Lang::Ind => Analyses { english: false, indonesian: true },
            whatlang::Lang::Eng => Analyses { english: true, indonesian: false },
            _ => Analyses::NONE,
        };
        Some(Self { codes: filing_of(lang), analyses })
    }
}

/// How many of the letters of `text` are Lao, and how many letters it has (vowel signs count).
/// Acronyms and web addresses are left out: a Lao title of a few words may cite more of them
/// ("ASEAN WPS", a report's address) than it has Lao letters. (So is a word in capitals: a
/// shouted English line beside a Lao name reads as Lao.) web/src/lib/lang.ts counts alike.
fn lao_letters(text: &str) -> (usize, usize) {
    text.split_whitespace()
        .map(before_address)
        .flat_map(|token| token.split(|c: char| !c.is_alphabetic()))
        .filter(|word| !is_acronym(word))
        .flat_map(str::chars)
        .fold((0, 0), |(lao, letters), c| (lao + usize::from(is_lao_script(c)), letters + 1))
}

/// What of `token` comes before a web address in it: "ເບິ່ງ:" of "ເບິ່ງ:https://example.org".
fn before_address(token: &str) -> &str {
    match token.find("://") {
        Some(at) => token[..at].trim_end_matches(|c: char| c.is_ascii_alphabetic()),
        None => token,
    }
}

/// A word of two or more capital Latin letters: CEDAW, UN.
fn is_acronym(word: &str) -> bool {
    word.len() >= 2 && word.bytes().all(|b| b.is_ascii_uppercase())
}

impl Analyses {
    const NONE: Self = Self { english: false, indonesian: false };

    fn of_tag(tag: &str) -> Self {
        Self {
            english: is_language(tag, "en"),
            indonesian: is_language(tag, "id") || is_language(tag, "ms"),
        }
    }
}

/// The codes of the region's languages that whatlang's reading `lang` files a text under.
/// whatlang knows no Lao (read by its script instead) and no Tetun.
fn filing_of(lang: whatlang::Lang) -> &'static [&'static str] {
    use whatlang::Lang;
    match lang {
        Lang::Eng => &["en"],
        Lang::Vie => &["vi"],
        Lang::Tha => &["th"],
        Lang::Khm => &["km"],
        Lang::Mya => &["my"],
        Lang::Tgl => &["tl"],
        // whatlang reads Malay as Indonesian too. Filed under both, a post is found by the
        // readers of either, who read each other's language; filed under one, it would be
        // missing for the readers of the other.
        Lang::Ind => &["id", "ms"],
        _ => &[],
    }
}

/// Whether the BCP 47 tag `tag` is of `language` ("en", "en-GB").
fn is_language(tag: &str, language: &str) -> bool {
    tag.strip_prefix(language).is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

#[cfg(test)]
mod tests {
    use super::{Analyses, Language};

    const ENGLISH: Analyses = Analyses { english: true, indonesian: false };
    const INDONESIAN: Analyses = Analyses { english: false, indonesian: true };

    /// A text read as, or declared in, the first of `filed_under`.
    fn language<'a>(filed_under: &[&'a str], analyses: Analyses) -> Language<'a> {
        Language {
            filed_under: filed_under.to_vec(),
            written_in: filed_under.first().copied(),
            analyses,
        }
    }

    /// A text that could not be read, filed under `filed_under` all the same.
    fn unread<'a>(filed_under: &[&'a str], analyses: Analyses) -> Language<'a> {
        Language { filed_under: filed_under.to_vec(), written_in: None, analyses }
    }

    #[test]
    fn a_declared_language_is_taken_as_declared() {
        assert_eq!(Language::of(Some("en-GB"), "", "", None), language(&["en-GB"], ENGLISH));
        assert_eq!(Language::of(Some("ms"), "", "", None), language(&["ms"], INDONESIAN));
        assert_eq!(Language::of(Some("vi"), "", "", None), language(&["vi"], Analyses::NONE));
        // A tag is matched by its subtags, not its letters.
        assert_eq!(Language::of(Some("eng"), "", "", None).analyses, Analyses::NONE);
        // Even where the text reads as another language: the author knows best.
        let indonesian = "Perdamaian dan keamanan bagi perempuan di seluruh wilayah";
        assert_eq!(Language::of(Some("en"), "", indonesian, None), language(&["en"], ENGLISH));
    }

    #[test]
    fn an_undeclared_text_is_taken_for_the_language_it_reads_as() {
        let post = |title, body| Language::of(None, title, body, None);
        assert_eq!(
            post("Pelajaran dari Aceh", "Perempuan memimpin upaya perdamaian di desa mereka."),
            language(&["id", "ms"], INDONESIAN)
        );
        assert_eq!(
            post("", "Wanita memainkan peranan penting dalam mendamaikan masyarakat setempat."),
            language(&["id", "ms"], INDONESIAN),
            "Malay, which whatlang cannot tell from Indonesian"
        );
        assert_eq!(
            post("", "Phụ nữ đóng vai trò quan trọng trong việc xây dựng hòa bình."),
            language(&["vi"], Analyses::NONE)
        );
        assert_eq!(
            post("", "ผู้หญิงมีบทบาทสำคัญในการสร้างสันติภาพในชุมชนของตน"),
            language(&["th"], Analyses::NONE)
        );
        assert_eq!(
            post("Youth councils", "Young women led the councils that mediated the dispute."),
            language(&["en"], ENGLISH)
        );
        assert_eq!(
            post(
                "Pagbuo ng kapayapaan sa barangay",
                "Pinangunahan ng mga kababaihan ang pag-aayos ng mga alitan sa lupa sa barangay."
            ),
            language(&["tl"], Analyses::NONE)
        );
        assert_eq!(
            post("", "Tinulungan ng mga kabataan na itala ang bawat kaso ng alitan sa komunidad."),
            language(&["tl"], Analyses::NONE)
        );
    }

    #[test]
    fn lao_which_whatlang_does_not_know_is_read_by_its_script() {
        let post = |body| Language::of(None, "", body, None);
        // With the Latin names a post would cite.
        let lao = "ແມ່ຍິງມີບົດບາດສຳຄັນໃນການສ້າງສັນຕິພາບ ແລະ ຄວາມໝັ້ນຄົງ ຕາມ CEDAW ແລະ UN Women";
        assert_eq!(post(lao), language(&["lo"], Analyses::NONE));
        // A script tells at any length: "thank you".
        assert_eq!(post("ຂອບໃຈ"), language(&["lo"], Analyses::NONE));
        // A title of a few Lao words beside more letters of acronyms.
        assert_eq!(post("ກອງປະຊຸມ ASEAN WPS Forum 2024"), language(&["lo"], Analyses::NONE));
        // Nor beside the address of a report.
        let link = "ອ່ານບົດລາຍງານເຕັມ https://example.org/women-peace-and-security-in-asean";
        assert_eq!(post(link), language(&["lo"], Analyses::NONE));
        assert_eq!(post("ເບິ່ງ:https://example.org/women-peace-and-security"), post("ເບິ່ງ"));
        // A short English post that names a place in Lao script is not Lao.
        assert!(!post("Meeting in ວຽງຈັນ next week").filed_under.contains(&"lo"));
        // A word of Lao in an English post does not make it Lao.
        let english = "The women of Champasak (ຈຳປາສັກ) led the mediation of land disputes.";
        assert_eq!(post(english), language(&["en"], ENGLISH));
        // A reply too short to tell, in a Lao thread.
        assert_eq!(Language::of(None, "", "OK!", Some(lao)), unread(&["lo"], ENGLISH));
    }

    #[test]
    fn an_undeclared_text_too_short_to_tell_is_analyzed_as_english_and_filed_under_none() {
        assert_eq!(Language::of(None, "", "Terima kasih", None), language(&[], ENGLISH));
        assert_eq!(Language::of(None, "", "", None), language(&[], ENGLISH));
    }

    #[test]
    fn a_reply_too_short_to_tell_is_filed_under_its_threads_language_but_not_said_to_be_in_it() {
        let reply = |body, thread| Language::of(None, "", body, Some(thread));
        let indonesian = "Pelajaran dari Aceh\nPerempuan memimpin upaya perdamaian di desa mereka.";
        let vietnamese = "Hòa giải ở cơ sở\nPhụ nữ tham gia tổ hòa giải ở thôn bản và xã của họ.";
        let both = Analyses { english: true, indonesian: true };
        assert_eq!(reply("Terima kasih", indonesian), unread(&["id", "ms"], both));
        // An English aside in a Vietnamese discussion: filed with it, not read out as Vietnamese.
        assert_eq!(reply("Thanks!", vietnamese), unread(&["vi"], ENGLISH));
        // A reply that reads as a language of its own keeps it.
        let english = "Young women led the councils that mediated the dispute in our district.";
        assert_eq!(reply(english, vietnamese), language(&["en"], ENGLISH));
        // A thread too short to tell either: filed under none.
        assert_eq!(reply("Thanks!", "Mediasi"), unread(&[], ENGLISH));
    }

    /// Texts of the region that whatlang may misread: a post filed under a language it is not
    /// in would show where readers of that language filter for it.
    #[test]
    fn a_text_whatlang_cannot_read_is_not_filed_under_another_language() {
        let filed = |body| Language::of(None, "", body, None).filed_under;
        // Vietnamese typed without tone marks, as on many phone keyboards.
        let toneless = "Phu nu dong vai tro quan trong trong viec xay dung hoa binh o dia phuong";
        assert!(matches!(filed(toneless)[..], [] | ["vi"]), "{:?}", filed(toneless));
        // Tetun, which whatlang has no model of.
        let tetun = "Feto sira iha papel importante iha prosesu dame no seguransa iha komunidade";
        assert_eq!(filed(tetun), Vec::<&str>::new(), "Tetun");
    }
}
