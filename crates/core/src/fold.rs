//! Text folded for matching names as people type them: lowercase, without accents or tone marks,
//! so "dang" and "ĐẶNG" both find "Đặng Thị Hạnh".
//!
//! The database keeps this form beside each name, because SQLite's own lower() only folds ASCII
//! and neither database folds Vietnamese tone marks.

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

pub fn search_key(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        // Vietnamese Đ is a letter of its own, not D with a mark.
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect::<String>()
        .nfc()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_tone_marks_and_case_are_folded() {
        assert_eq!(search_key("Đặng Thị Hạnh"), "dang thi hanh");
        assert_eq!(search_key("Ủy ban Quốc gia"), "uy ban quoc gia");
        assert_eq!(search_key("ASEAN Women's Network"), "asean women's network");
        assert_eq!(search_key("İstanbul"), "istanbul");
    }

    #[test]
    fn scripts_without_case_match_themselves() {
        assert_eq!(search_key("เครือข่ายสตรี"), search_key("เครือข่ายสตรี"));
        assert!(!search_key("เครือข่ายสตรี").is_empty());
    }
}
