//! Validation of user input. Each function returns the normalized value or a BAD_USER_INPUT error
//! that names the field and says what to fix.

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use crate::limits::*;
use crate::{Error, Result};

/// NFC-normalizes and trims, so visually equal text compares equal.
fn normalize(raw: &str) -> String {
    raw.nfc().collect::<String>().trim().to_owned()
}

fn has_control_chars(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// Not blank, and at most `max` characters (characters, not bytes: Thai takes three bytes each).
fn check_length(field: &str, text: &str, max: usize) -> Result<()> {
    let len = text.chars().count();
    if text.trim().is_empty() {
        return Err(Error::bad_input(field, format!("`{field}` must not be empty")));
    }
    if len > max {
        return Err(Error::bad_input(
            field,
            format!("`{field}` is {len} characters long; the limit is {max}"),
        ));
    }
    Ok(())
}

/// A single line of text (titles, names) between 1 and `max` characters.
pub fn single_line(field: &str, raw: &str, max: usize) -> Result<String> {
    let text = normalize(raw);
    check_length(field, &text, max)?;
    if has_control_chars(&text) {
        return Err(Error::bad_input(field, format!("`{field}` must be a single line of text")));
    }
    Ok(text)
}

/// Multi-line text such as a post body or description: not blank, at most `max` characters.
pub fn text_block(field: &str, raw: &str, max: usize) -> Result<String> {
    let text: String = raw.nfc().collect();
    check_length(field, &text, max)?;
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(Error::bad_input(field, format!("`{field}` contains control characters")));
    }
    Ok(text)
}

pub fn title(raw: &str) -> Result<String> {
    single_line("title", raw, TITLE_MAX_CHARS)
}

pub fn body(raw: &str) -> Result<String> {
    text_block("body", raw, BODY_MAX_CHARS)
}

pub fn display_name(raw: &str) -> Result<String> {
    single_line("displayName", raw, DISPLAY_NAME_MAX_CHARS)
}

/// An email address, lowercased so that sign-in does not depend on case.
pub fn email(raw: &str) -> Result<String> {
    let email = raw.trim().to_lowercase();
    if email.chars().count() > EMAIL_MAX_CHARS
        || !email_address::EmailAddress::is_valid(&email)
        || !email.rsplit_once('@').is_some_and(|(_, domain)| domain.contains('.'))
    {
        return Err(Error::bad_input("email", "enter an email address such as name@example.org"));
    }
    Ok(email)
}

/// A password: long enough, not one of the commonest, not guessable from the account itself.
pub fn password(raw: &str, user_inputs: &[&str]) -> Result<()> {
    let len = raw.chars().count();
    if len < PASSWORD_MIN_CHARS {
        return Err(Error::bad_input(
            "password",
            format!(
                "use at least {PASSWORD_MIN_CHARS} characters; a few unrelated words work well"
            ),
        ));
    }
    if len > PASSWORD_MAX_CHARS {
        return Err(Error::bad_input(
            "password",
            format!("use at most {PASSWORD_MAX_CHARS} characters"),
        ));
    }
    let strength = zxcvbn::zxcvbn(raw, user_inputs);
    if u8::from(strength.score()) < 3 {
        return Err(Error::bad_input(
            "password",
            "this password is too common or easy to guess; add unrelated words",
        ));
    }
    Ok(())
}

/// The first year a library document can be of: the UN's, and the first of the statements.
pub const FIRST_YEAR: i32 = 1945;

/// A year a document can be of, or be filed under: from `FIRST_YEAR` to the year after
/// `this_year` (a report can be dated ahead of its publication).
pub fn year(field: &str, year: i32, this_year: i32) -> Result<i32> {
    if !(FIRST_YEAR..=this_year + 1).contains(&year) {
        return Err(Error::bad_input(
            field,
            format!("`{field}` must be between {FIRST_YEAR} and {}; {year} is not", this_year + 1),
        ));
    }
    Ok(year)
}

/// A space's address: lowercase letters, digits and single hyphens.
pub fn slug(raw: &str) -> Result<String> {
    let slug = raw.trim().to_owned();
    let len = slug.chars().count();
    let well_formed =
        slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !slug.starts_with('-')
            && !slug.ends_with('-')
            && !slug.contains("--");
    if !(SLUG_MIN_CHARS..=SLUG_MAX_CHARS).contains(&len) || !well_formed {
        return Err(Error::bad_input(
            "slug",
            format!(
                "use {SLUG_MIN_CHARS} to {SLUG_MAX_CHARS} lowercase letters, digits and single hyphens, like `gender-and-climate`"
            ),
        ));
    }
    Ok(slug)
}

/// Thread tags: lowercased, de-duplicated, letters, digits and hyphens in any script.
pub fn tags(raw: &[String]) -> Result<Vec<String>> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw {
        let tag = normalize(tag).to_lowercase();
        let len = tag.chars().count();
        // Combining marks count as letters: Thai, Khmer and Vietnamese words are full of them.
        let allowed = |c: char| c.is_alphanumeric() || c == '-' || is_combining_mark(c);
        if len == 0 || len > TAG_MAX_CHARS || !tag.chars().all(allowed) {
            return Err(Error::bad_input(
                "tags",
                format!(
                    "each tag is 1 to {TAG_MAX_CHARS} letters, digits or hyphens: `{tag}` is not"
                ),
            ));
        }
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > TAGS_MAX {
        return Err(Error::bad_input("tags", format!("use at most {TAGS_MAX} tags")));
    }
    Ok(tags)
}

/// A BCP 47 language tag, in its canonical form (`vi`, `th`, `pt-BR`).
pub fn language_tag(field: &str, raw: &str) -> Result<String> {
    raw.trim()
        .parse::<unic_langid::LanguageIdentifier>()
        .ok()
        .filter(|id| id.language.as_str() != "und")
        .map(|id| id.to_string())
        .ok_or_else(|| {
            Error::bad_input(field, format!("`{raw}` is not a language tag such as en, vi or th"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of<T>(result: Result<T>) -> Option<String> {
        result.err().and_then(|e| e.field().map(str::to_owned))
    }

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(title("  Lessons from Aceh  ").ok().as_deref(), Some("Lessons from Aceh"));
        assert_eq!(field_of(title("   ")), Some("title".into()));
        assert!(title(&"a".repeat(TITLE_MAX_CHARS)).is_ok());
        assert!(title(&"a".repeat(TITLE_MAX_CHARS + 1)).is_err());
        assert!(title("two\nlines").is_err());
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        // Thai takes three bytes a character; a full-length Thai title must still fit.
        assert!(title(&"ก".repeat(TITLE_MAX_CHARS)).is_ok());
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(email(" Mai@Example.ORG ").ok().as_deref(), Some("mai@example.org"));
        for bad in ["", "mai", "mai@", "@example.org", "mai@example", "a b@example.org"] {
            assert_eq!(field_of(email(bad)), Some("email".into()), "{bad}");
        }
    }

    #[test]
    fn passwords_must_be_long_and_uncommon() {
        assert!(password("short", &[]).is_err());
        assert!(password("password1234", &[]).is_err());
        assert!(password("aaaaaaaaaaaaaaaa", &[]).is_err());
        assert!(password("mai@example.org1", &["mai@example.org"]).is_err());
        assert!(password("lantern-orchid-Mekong-47", &[]).is_ok());
    }

    #[test]
    fn slugs_are_url_safe() {
        assert!(slug("wps-protection").is_ok());
        for bad in ["ab", "Has-Caps", "-lead", "trail-", "dou--ble", "sp ace", "ไทย"] {
            assert!(slug(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tags_are_normalized_and_deduplicated() {
        let raw = vec!["GBV".to_owned(), "gbv".to_owned(), "การคุ้มครอง".to_owned()];
        assert_eq!(tags(&raw).ok(), Some(vec!["gbv".to_owned(), "การคุ้มครอง".to_owned()]));
        assert!(tags(&["two words".to_owned()]).is_err());
        assert!(tags(&(0..=TAGS_MAX).map(|i| format!("t{i}")).collect::<Vec<_>>()).is_err());
    }

    #[test]
    fn language_tags_are_canonical() {
        assert_eq!(language_tag("locale", "VI").ok().as_deref(), Some("vi"));
        assert_eq!(language_tag("locale", "pt-br").ok().as_deref(), Some("pt-BR"));
        assert!(language_tag("locale", "not a tag").is_err());
    }
}
