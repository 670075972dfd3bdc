//! Which of the language-specific analyses a text is indexed with. A library document declares
//! its language; a forum post does not, so it is analyzed as the language it reads as.

/// The language-specific analyses of one text, beside the analyses every text gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Analyses {
    /// `words_english`: English stems.
    pub english: bool,
    /// `words_indonesian`: Indonesian and Malay roots.
    pub indonesian: bool,
}

impl Analyses {
    /// The analyses of a text in the language with the BCP 47 tag `declared`, or, when it
    /// declares none, in the language `title` and `body` read as.
    pub fn of(declared: Option<&str>, title: &str, body: &str) -> Self {
        match declared {
            Some(tag) => Self::of_tag(tag),
            None => Self::read_from(title, body),
        }
    }

    fn of_tag(tag: &str) -> Self {
        Self {
            english: is_language(tag, "en"),
            indonesian: is_language(tag, "id") || is_language(tag, "ms"),
        }
    }

    /// A text that is not clearly in another language is taken for English, the community's
    /// common language: stems cost a text in another language little, and missing them would
    /// cost an English post every search by another form of its words. Of the 10 to 120
    /// character sentences of the first 3,000 UN statements, whatlang took fewer than one in ten
    /// thousand reliably for another language, and called most of the short ones unreliable
    /// rather than wrong.
    fn read_from(title: &str, body: &str) -> Self {
        let text = format!("{title}\n{body}");
        match whatlang::detect(&text).filter(whatlang::Info::is_reliable).map(|info| info.lang()) {
            // whatlang knows no Malay: it reads Malay as Indonesian, whose roots Malay shares.
            Some(whatlang::Lang::Ind) => Self { english: false, indonesian: true },
            Some(lang) if lang != whatlang::Lang::Eng => Self { english: false, indonesian: false },
            _ => Self { english: true, indonesian: false },
        }
    }
}

/// Whether the BCP 47 tag `tag` is of `language` ("en", "en-GB").
fn is_language(tag: &str, language: &str) -> bool {
    tag.strip_prefix(language).is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

#[cfg(test)]
mod tests {
    use super::Analyses;

    const ENGLISH: Analyses = Analyses { english: true, indonesian: false };
    const INDONESIAN: Analyses = Analyses { english: false, indonesian: true };
    const NEITHER: Analyses = Analyses { english: false, indonesian: false };

    #[test]
    fn a_declared_language_is_taken_as_declared() {
        assert_eq!(Analyses::of(Some("en-GB"), "", ""), ENGLISH);
        assert_eq!(Analyses::of(Some("ms"), "", ""), INDONESIAN);
        assert_eq!(Analyses::of(Some("vi"), "", ""), NEITHER);
        // A tag is matched by its subtags, not its letters.
        assert_eq!(Analyses::of(Some("eng"), "", ""), NEITHER);
        // Even where the text reads as another language: the author knows best.
        let indonesian = "Perdamaian dan keamanan bagi perempuan di seluruh wilayah";
        assert_eq!(Analyses::of(Some("en"), "", indonesian), ENGLISH);
    }

    #[test]
    fn an_undeclared_text_is_analyzed_as_the_language_it_reads_as() {
        let post = |title, body| Analyses::of(None, title, body);
        assert_eq!(
            post("Pelajaran dari Aceh", "Perempuan memimpin upaya perdamaian di desa mereka."),
            INDONESIAN
        );
        assert_eq!(
            post("", "Wanita memainkan peranan penting dalam mendamaikan masyarakat setempat."),
            INDONESIAN,
            "Malay"
        );
        assert_eq!(
            post("", "Phụ nữ đóng vai trò quan trọng trong việc xây dựng hòa bình."),
            NEITHER
        );
        assert_eq!(
            post("Youth councils", "Young women led the councils that mediated the dispute."),
            ENGLISH
        );
    }

    #[test]
    fn an_undeclared_text_too_short_to_tell_is_taken_for_english() {
        assert_eq!(Analyses::of(None, "", "Terima kasih"), ENGLISH);
        assert_eq!(Analyses::of(None, "", ""), ENGLISH);
    }
}
