//! British and American spellings of one English word: "organise" and "organize", "labour" and
//! "labor", "centre" and "center", "programme" and "program". The English stemmer stems the two
//! apart, so a reader writing one would miss a report written the other way, and the region
//! writes both (ASEAN texts mostly the British, the UN's the American).

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

/// The American spelling of a lowercase English word spelled the British way, or `None` when
/// it has none.
pub(crate) fn american_spelling(word: &str) -> Option<String> {
    if !word.is_ascii() {
        return None;
    }
    ize_spelling(word).or_else(|| or_spelling(word)).or_else(|| listed_spelling(word))
}

/// The -ize (or -yze) spelling of a word spelled -ise (or -yse).
fn ize_spelling(word: &str) -> Option<String> {
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

/// Endings written -our- in British English and -or- in American: every form of a family, or
/// the family would be split ("behaviour" taken as "behavior" but "behavioural" left as it is).
/// No ending is the end of another, so the one a word ends with is the only one it can.
const OUR_ENDINGS: [(&str, &str); 20] = [
    ("ouritism", "oritism"),
    ("ourhoods", "orhoods"),
    ("ourhood", "orhood"),
    ("ourally", "orally"),
    ("ourites", "orites"),
    ("ourable", "orable"),
    ("ourably", "orably"),
    ("ourless", "orless"),
    ("ourists", "orists"),
    ("ourist", "orist"),
    ("ourite", "orite"),
    ("ourers", "orers"),
    ("ouring", "oring"),
    ("ourful", "orful"),
    ("oural", "oral"),
    ("oured", "ored"),
    ("ourer", "orer"),
    ("ourly", "orly"),
    ("ours", "ors"),
    ("our", "or"),
];

/// Words in -our everywhere, and any word that ends with one ("contour"), with the -our ending
/// restored. Shorter ones ("four", "hour", "your") have too short a base to be taken.
const ALWAYS_OUR: &[&str] = &[
    "amour",
    "devour",
    "flour",
    "glamour",
    "jour",
    "pour",
    "scour",
    "tour",
    "troubadour",
    "velour",
];

/// The -or spelling of a word spelled -our ("labour", "behaviours", "favourite", "honourable").
fn or_spelling(word: &str) -> Option<String> {
    let (british, american) = OUR_ENDINGS.iter().find(|(british, _)| word.ends_with(british))?;
    let base = &word[..word.len() - british.len()];
    takes_or_spelling(base).then(|| format!("{base}{american}"))
}

/// Whether a word with `base` before its -our or -or ending may be spelled either way: not
/// "hour" (too short a base), nor the words in -our everywhere (`ALWAYS_OUR`).
fn takes_or_spelling(base: &str) -> bool {
    let plain = format!("{base}our");
    base.len() >= 2 && !ALWAYS_OUR.iter().any(|always| plain.ends_with(always))
}

/// Words spelled -re in British English and -er in American, by what goes before the -re:
/// centre, fibre, metre, theatre, calibre, sombre, spectre, lustre, sabre, meagre. Not a rule:
/// "acre", "genre" and "massacre" are -re everywhere. Not "litre": "liter" is stemmed as
/// "literal" and "literate" are.
const RE_BASES: [&str; 10] =
    ["cent", "fib", "met", "theat", "calib", "somb", "spect", "lust", "sab", "meag"];

/// The forms of an -re word and of its -er spelling.
const RE_FORMS: [(&str, &str); 4] =
    [("re", "er"), ("res", "ers"), ("red", "ered"), ("ring", "ering")];

/// Single words spelled apart, and the forms of them that are spelled apart too.
const WORDS: [(&str, &str); 11] = [
    ("programme", "program"),
    ("programmes", "programs"),
    ("defence", "defense"),
    ("defences", "defenses"),
    ("defenceless", "defenseless"),
    ("offence", "offense"),
    ("offences", "offenses"),
    ("licence", "license"),
    ("licences", "licenses"),
    ("pretence", "pretense"),
    ("pretences", "pretenses"),
];

/// The American spelling of an -re word ("centre", "kilometres", "centred") or of one of
/// `WORDS` ("programme", "self-defence" as its last word).
/// Every English word indexed is looked up here: nothing is allocated unless it is one.
fn listed_spelling(word: &str) -> Option<String> {
    for (british, american) in RE_FORMS {
        if let Some(stem) = word.strip_suffix(british)
            && RE_BASES.iter().any(|base| stem.ends_with(base))
        {
            return Some(format!("{stem}{american}"));
        }
    }
    let (british, american) = WORDS.iter().find(|(british, _)| word.ends_with(british))?;
    Some(format!("{}{american}", &word[..word.len() - british.len()]))
}

/// Whether a word with `base` before its -ise or -ize ending may be spelled either way: not
/// "rise" or "cruise" (too short a base), nor "likewise" (not a verb's ending).
fn takes_either_spelling(base: &str) -> bool {
    base.len() >= SHORTEST_BASE && !base.ends_with('w')
}

/// The other spelling of a word being typed that may be on its way to an -ise or -ize ending
/// ("organis" and "organiz", "analys" and "analyz"), or to an -our or -or one ("colourl" and
/// "colorl"), or `None`. A word being typed is matched as a prefix of the words as written, so
/// without it "organis" would find "organised" but not "organized" until the word was finished.
/// Words that keep their -ise everywhere ("compromis") or end in -or everywhere ("sector") get
/// one too: its completions are the words the index holds, and no such word is.
pub(crate) fn other_prefix_spelling(prefix: &str) -> Option<String> {
    if !prefix.is_ascii() {
        return None;
    }
    ize_prefix(prefix).or_else(|| our_prefix(prefix))
}

/// The other spelling of `prefix` on its way to an -ise or -ize ending.
fn ize_prefix(prefix: &str) -> Option<String> {
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

/// The other spelling of `prefix` on its way to an -our or -or ending: with the "u" after the
/// "o" of the ending added, or taken away.
fn our_prefix(prefix: &str) -> Option<String> {
    (2..prefix.len()).rev().find_map(|at| {
        let (base, typed) = prefix.split_at(at);
        let british = typed.starts_with("our")
            && OUR_ENDINGS.iter().any(|(british, _)| british.starts_with(typed));
        let american = typed.starts_with("or")
            && OUR_ENDINGS.iter().any(|(_, american)| american.starts_with(typed));
        if !(british || american) || !takes_or_spelling(base) {
            return None;
        }
        Some(if british {
            format!("{base}o{}", &typed[2..])
        } else {
            format!("{base}ou{}", &typed[1..])
        })
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
            ("color", "colour"),
            ("colorl", "colourl"),
            ("colour", "color"),
            ("favouri", "favori"),
            ("labore", "laboure"),
        ] {
            assert_eq!(other_prefix_spelling(typed).as_deref(), Some(other), "{typed}");
        }
        for typed in [
            "organ",
            "organi",
            "rise",
            "likewis",
            "organisms",
            "analyst",
            "phân",
            "for",
            "pour",
            "tour",
            "contour",
            "colo",
        ] {
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
    fn british_our_re_and_listed_words_take_the_american_spelling() {
        for (british, american) in [
            ("labour", "labor"),
            ("labourers", "laborers"),
            ("behaviours", "behaviors"),
            ("favourite", "favorite"),
            ("honourable", "honorable"),
            ("neighbouring", "neighboring"),
            ("odour", "odor"),
            ("colourful", "colorful"),
            ("behavioural", "behavioral"),
            ("neighbourhoods", "neighborhoods"),
            ("favouritism", "favoritism"),
            ("centre", "center"),
            ("epicentres", "epicenters"),
            ("centred", "centered"),
            ("kilometres", "kilometers"),
            ("theatre", "theater"),
            ("programme", "program"),
            ("programmes", "programs"),
            ("defence", "defense"),
            ("offences", "offenses"),
            ("organised", "organized"),
        ] {
            assert_eq!(american_spelling(british).as_deref(), Some(american), "{british}");
        }
        for word in [
            "four",
            "hour",
            "hours",
            "your",
            "yours",
            "our",
            "tour",
            "detour",
            "contours",
            "flour",
            "glamour",
            "devoured",
            "troubadour",
            "downpour",
            "outpouring",
            "tourists",
            "hourly",
            "litre",
            "acre",
            "genre",
            "massacres",
            "program",
            "labor",
            "center",
            "defense",
            "fence",
            "sentences",
            "hélicoptère",
        ] {
            assert_eq!(american_spelling(word), None, "{word}");
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
