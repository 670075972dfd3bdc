//! What language a text is indexed as. A library document declares its language; a forum post
//! does not, so it is taken for the language it reads as: filed under it for the language filter
//! and facet, and analyzed as it.

/// The language a text is filed under, if any, and the analyses it gets for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Language<'a> {
    /// The BCP 47 tag the text is filed under: the declared one, or the one it reads as where
    /// that can be told.
    pub tag: Option<&'a str>,
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
    /// none, the language `title` and `body` read as.
    pub fn of(declared: Option<&'a str>, title: &str, body: &str) -> Self {
        match declared {
            Some(tag) => Self { tag: Some(tag), analyses: Analyses::of_tag(tag) },
            None => Self::read_from(title, body),
        }
    }

    /// A text that is not clearly in another language is analyzed as English, the community's
    /// common language: stems cost a text in another language little, and missing them would
    /// cost an English post every search by another form of its words. It is filed under a
    /// language only when it reads clearly as one, so a short post is filed under none. Of the
    /// 10 to 120 character sentences of the first 3,000 UN statements, whatlang took fewer than
    /// one in ten thousand reliably for another language, and called most of the short ones
    /// unreliable rather than wrong.
    fn read_from(title: &str, body: &str) -> Self {
        let text = format!("{title}\n{body}");
        let reading =
            whatlang::detect(&text).filter(whatlang::Info::is_reliable).map(|info| info.lang());
        let analyses = match reading {
            // whatlang knows no Malay: it reads Malay as Indonesian, whose roots Malay shares.
            Some(whatlang::Lang::Ind) => Analyses { english: false, indonesian: true },
            Some(lang) if lang != whatlang::Lang::Eng => Analyses::NONE,
            _ => Analyses { english: true, indonesian: false },
        };
        Self { tag: reading.and_then(tag_of), analyses }
    }
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

/// The tag of a language of the region as whatlang reads it. Indonesian has none: whatlang reads
/// Malay as Indonesian too, and a Malay post filed under Indonesian would be missing where its
/// readers filter for Malay. (Lao and Tetun whatlang does not read at all.)
fn tag_of(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang;
    Some(match lang {
        Lang::Eng => "en",
        Lang::Vie => "vi",
        Lang::Tha => "th",
        Lang::Khm => "km",
        Lang::Mya => "my",
        Lang::Tgl => "tl",
        _ => return None,
    })
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

    fn language(tag: Option<&str>, analyses: Analyses) -> Language<'_> {
        Language { tag, analyses }
    }

    #[test]
    fn a_declared_language_is_taken_as_declared() {
        assert_eq!(Language::of(Some("en-GB"), "", ""), language(Some("en-GB"), ENGLISH));
        assert_eq!(Language::of(Some("ms"), "", ""), language(Some("ms"), INDONESIAN));
        assert_eq!(Language::of(Some("vi"), "", ""), language(Some("vi"), Analyses::NONE));
        // A tag is matched by its subtags, not its letters.
        assert_eq!(Language::of(Some("eng"), "", "").analyses, Analyses::NONE);
        // Even where the text reads as another language: the author knows best.
        let indonesian = "Perdamaian dan keamanan bagi perempuan di seluruh wilayah";
        assert_eq!(Language::of(Some("en"), "", indonesian), language(Some("en"), ENGLISH));
    }

    #[test]
    fn an_undeclared_text_is_taken_for_the_language_it_reads_as() {
        let post = |title, body| Language::of(None, title, body);
        assert_eq!(
            post("Pelajaran dari Aceh", "Perempuan memimpin upaya perdamaian di desa mereka."),
            language(None, INDONESIAN),
            "Indonesian: analyzed as such, filed under no language"
        );
        assert_eq!(
            post("", "Wanita memainkan peranan penting dalam mendamaikan masyarakat setempat."),
            language(None, INDONESIAN),
            "Malay, which whatlang cannot tell from Indonesian"
        );
        assert_eq!(
            post("", "Phụ nữ đóng vai trò quan trọng trong việc xây dựng hòa bình."),
            language(Some("vi"), Analyses::NONE)
        );
        assert_eq!(
            post("", "ผู้หญิงมีบทบาทสำคัญในการสร้างสันติภาพในชุมชนของตน"),
            language(Some("th"), Analyses::NONE)
        );
        assert_eq!(
            post("Youth councils", "Young women led the councils that mediated the dispute."),
            language(Some("en"), ENGLISH)
        );
    }

    #[test]
    fn an_undeclared_text_too_short_to_tell_is_analyzed_as_english_and_filed_under_none() {
        assert_eq!(Language::of(None, "", "Terima kasih"), language(None, ENGLISH));
        assert_eq!(Language::of(None, "", ""), language(None, ENGLISH));
    }
}
