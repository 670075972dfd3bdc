//! British and American spellings of one English word: "organise" and "organize", "analysed"
//! and "analyzed". The English stemmer stems the two apart, so a reader writing one would miss
//! a report written the other way, and the region writes both (ASEAN texts mostly the British,
//! the UN's the -ize).

/// Endings written with -is- or -ys- in British English and -iz- or -yz- in American. No ending
/// is the end of another, so the one a word ends with is the only one it can.
const ENDINGS: [(&str, &str); 18] = [
    ("isational", "izational"),
    ("isations", "izations"),
    ("isation", "ization"),
    ("isement", "izement"),
    ("isingly", "izingly"),
    ("isable", "izable"),
    ("ysers", "yzers"),
    ("isers", "izers"),
    ("ysing", "yzing"),
    ("ising", "izing"),
    ("ysed", "yzed"),
    ("ised", "ized"),
    ("yser", "yzer"),
    ("iser", "izer"),
    ("yses", "yzes"),
    ("ises", "izes"),
    ("yse", "yze"),
    ("ise", "ize"),
];

/// Letters a word must have before its -ise: shorter ones ("rise", "noise", "praise",
/// "cruise") are -ise words everywhere.
const SHORTEST_BASE: usize = 4;

/// Words spelled -ise in American English too, and any word ending with one ("uncompromising"),
/// with the -ise ending restored: their forms are left as they are, so "revise" still meets
/// "revision" and "precise" "precisely".
const ALWAYS_ISE: &[&str] = &[
    "advertise",
    "appraise",
    "apprise",
    "chastise",
    "circumcise",
    "comprise",
    "compromise",
    "concise",
    "demise",
    "despise",
    "devise",
    "disenfranchise",
    "disguise",
    "enfranchise",
    "enterprise",
    "excise",
    "exercise",
    "expertise",
    "franchise",
    "improvise",
    "incise",
    "merchandise",
    "mortise",
    "paradise",
    "porpoise",
    "precise",
    "premise",
    "promise",
    "reprise",
    "revise",
    "supervise",
    "surmise",
    "surprise",
    "televise",
    "tortoise",
    "treatise",
];

/// The -ize (or -yze) spelling of a lowercase English word spelled -ise (or -yse), or `None`
/// when it has none.
pub(crate) fn ize_spelling(word: &str) -> Option<String> {
    if !word.is_ascii() {
        return None;
    }
    let (british, american) = ENDINGS.iter().find(|(british, _)| word.ends_with(british))?;
    let base = &word[..word.len() - british.len()];
    if !takes_either_spelling(base) {
        return None;
    }
    // The word's -ise (or -yse) form, to look up among the words spelled so everywhere.
    let vowel = &british[..1];
    let plain = format!("{base}{vowel}se");
    if ALWAYS_ISE.iter().any(|always| plain.ends_with(always)) {
        return None;
    }
    Some(format!("{base}{american}"))
}

/// Whether a word with `base` before its -ise or -ize ending may be spelled either way: not
/// "rise" or "cruise" (too short a base), nor "likewise" (not a verb's ending).
fn takes_either_spelling(base: &str) -> bool {
    base.len() >= SHORTEST_BASE && !base.ends_with('w')
}

/// The other spelling of a word being typed that may be on its way to an -ise or -ize ending
/// ("organis" and "organiz", "analys" and "analyz"), or `None`. A word being typed is matched as
/// a prefix of the words as written, so without it "organis" would find "organised" but not
/// "organized" until the word was finished. Words that keep their -ise everywhere ("compromis")
/// get one too: its completions are the words the index holds, and no such word is.
pub(crate) fn other_prefix_spelling(prefix: &str) -> Option<String> {
    if !prefix.is_ascii() {
        return None;
    }
    let bytes = prefix.as_bytes();
    // Where the ending's -is- or -iz- may start: the base before it as `ize_spelling` takes it,
    // and what follows it the start of an ending in the same spelling.
    (SHORTEST_BASE..bytes.len().saturating_sub(1)).rev().find_map(|at| {
        let (vowel, consonant) = (bytes[at], bytes[at + 1]);
        let typed = &prefix[at..];
        let spelled = |(british, american): &(&str, &str)| match consonant {
            b's' => british.starts_with(typed),
            b'z' => american.starts_with(typed),
            _ => false,
        };
        let base = &prefix[..at];
        let either = matches!(vowel, b'i' | b'y') && takes_either_spelling(base);
        if !either || !ENDINGS.iter().any(spelled) {
            return None;
        }
        let other = if consonant == b's' { 'z' } else { 's' };
        Some(format!("{base}{}{other}{}", vowel as char, &prefix[at + 2..]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_being_typed_gets_its_other_spelling() {
        for (typed, other) in [
            ("organis", "organiz"),
            ("organiz", "organis"),
            ("organisa", "organiza"),
            ("organizatio", "organisatio"),
            ("mobilisin", "mobilizin"),
            ("analys", "analyz"),
            ("analyze", "analyse"),
            ("prioritis", "prioritiz"),
        ] {
            assert_eq!(other_prefix_spelling(typed).as_deref(), Some(other), "{typed}");
        }
        for typed in ["organ", "organi", "rise", "likewis", "organisms", "analyst", "phân"] {
            assert_eq!(other_prefix_spelling(typed), None, "{typed}");
        }
    }

    #[test]
    fn british_forms_take_the_american_spelling() {
        for (british, american) in [
            ("organise", "organize"),
            ("organised", "organized"),
            ("organising", "organizing"),
            ("organisations", "organizations"),
            ("mobilises", "mobilizes"),
            ("prioritisation", "prioritization"),
            ("analyse", "analyze"),
            ("analysed", "analyzed"),
            ("paralysing", "paralyzing"),
            ("organiser", "organizer"),
        ] {
            assert_eq!(ize_spelling(british).as_deref(), Some(american), "{british}");
        }
    }

    #[test]
    fn words_that_are_ise_everywhere_stay_as_they_are() {
        for word in [
            "rise",
            "noise",
            "praise",
            "cruise",
            "otherwise",
            "likewise",
            "exercise",
            "exercising",
            "revised",
            "promising",
            "surprised",
            "precise",
            "enterprises",
            "appraised",
            "uncompromising",
            "unsurprisingly",
            "imprecise",
            "advertisement",
        ] {
            assert_eq!(ize_spelling(word), None, "{word}");
        }
    }
}
