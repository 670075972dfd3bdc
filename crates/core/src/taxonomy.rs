//! The WPS taxonomy: pillars, RPA priority actions, countries (ISO 3166-1 alpha-2, the ASEAN member
//! states first), actor types, document kinds, themes and languages. Priority actions, themes and
//! languages have defaults here and a deployment adds its own in praxis.toml.

use isocountry::CountryCode;
use serde::{Deserialize, Serialize};

use crate::types::{ActorType, DocumentKind, Pillar};
use crate::{Error, Result, validate};

/// A code and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub code: String,
    pub label: String,
}

fn entries(pairs: &[(&str, &str)]) -> Vec<Entry> {
    pairs
        .iter()
        .map(|(code, label)| Entry { code: (*code).to_owned(), label: (*label).to_owned() })
        .collect()
}

/// What a deployment adds to the defaults (the `[taxonomy]` table of praxis.toml).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TaxonomyExtension {
    pub priority_actions: Vec<Entry>,
    pub themes: Vec<Entry>,
    pub languages: Vec<Entry>,
}

/// The taxonomy in force: the defaults plus the deployment's extension.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    priority_actions: Vec<Entry>,
    themes: Vec<Entry>,
    languages: Vec<Entry>,
}

const DEFAULT_PRIORITY_ACTIONS: [(&str, &str); 2] = [
    (
        "2.2.6",
        "A regional community of practice sharing good practices and lessons learned across the pillars",
    ),
    ("3.1.4", "Regular communication channels and virtual meetings among WPS actors"),
];

const DEFAULT_THEMES: [(&str, &str); 14] = [
    ("peacekeeping", "Peacekeeping"),
    ("climate-security", "Climate and security"),
    ("technology-and-cyber", "Technology and cyber"),
    ("preventing-violent-extremism", "Preventing violent extremism"),
    ("disaster-response", "Disaster response"),
    ("trafficking", "Trafficking in persons"),
    ("displacement", "Displacement"),
    ("gbv", "Gender-based violence"),
    ("mediation", "Mediation and peace processes"),
    ("youth", "Youth"),
    ("disability-inclusion", "Disability inclusion"),
    ("indigenous-women", "Indigenous women"),
    ("nap-financing", "Financing national action plans"),
    ("early-warning", "Early warning"),
];

/// Languages of the region, named in themselves.
const DEFAULT_LANGUAGES: [(&str, &str); 10] = [
    ("en", "English"),
    ("vi", "Tiếng Việt"),
    ("th", "ไทย"),
    ("id", "Bahasa Indonesia"),
    ("ms", "Bahasa Melayu"),
    ("tl", "Tagalog"),
    ("km", "ខ្មែរ"),
    ("lo", "ລາວ"),
    ("my", "မြန်မာ"),
    ("tet", "Tetun"),
];

fn is_priority_action_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

fn merge(defaults: Vec<Entry>, extra: Vec<Entry>) -> Vec<Entry> {
    let mut merged = defaults;
    for entry in extra {
        match merged.iter_mut().find(|e| e.code == entry.code) {
            Some(existing) => existing.label = entry.label,
            None => merged.push(entry),
        }
    }
    merged
}

impl Default for Taxonomy {
    fn default() -> Self {
        Self {
            priority_actions: entries(&DEFAULT_PRIORITY_ACTIONS),
            themes: entries(&DEFAULT_THEMES),
            languages: entries(&DEFAULT_LANGUAGES),
        }
    }
}

impl Taxonomy {
    /// The defaults extended by a deployment; refuses malformed codes so a typo in praxis.toml
    /// stops the server instead of silently accepting nonsense.
    pub fn extended(extension: TaxonomyExtension) -> std::result::Result<Self, String> {
        for entry in &extension.priority_actions {
            if !is_priority_action_code(&entry.code) {
                return Err(format!("priority action `{}` is not a code like 2.2.6", entry.code));
            }
        }
        for entry in &extension.themes {
            validate::slug(&entry.code).map_err(|_| {
                format!("theme `{}` is not a lowercase-hyphenated code", entry.code)
            })?;
        }
        let mut languages = Vec::new();
        for entry in extension.languages {
            let code = validate::language_tag("languages", &entry.code)
                .map_err(|_| format!("language `{}` is not a BCP 47 tag", entry.code))?;
            languages.push(Entry { code, label: entry.label });
        }
        let defaults = Self::default();
        Ok(Self {
            priority_actions: merge(defaults.priority_actions, extension.priority_actions),
            themes: merge(defaults.themes, extension.themes),
            languages: merge(defaults.languages, languages),
        })
    }

    pub fn priority_actions(&self) -> &[Entry] {
        &self.priority_actions
    }

    pub fn themes(&self) -> &[Entry] {
        &self.themes
    }

    pub fn languages(&self) -> &[Entry] {
        &self.languages
    }

    pub fn pillars(&self) -> Vec<Entry> {
        Pillar::ALL
            .iter()
            .map(|p| Entry { code: p.as_str().to_owned(), label: pillar_label(*p).to_owned() })
            .collect()
    }

    pub fn actor_types(&self) -> Vec<Entry> {
        ActorType::ALL
            .iter()
            .map(|a| Entry { code: a.as_str().to_owned(), label: actor_type_label(*a).to_owned() })
            .collect()
    }

    pub fn document_kinds(&self) -> Vec<Entry> {
        DocumentKind::ALL
            .iter()
            .map(|k| Entry { code: k.as_str().to_owned(), label: sentence(k.as_str()) })
            .collect()
    }

    /// Every country, the ASEAN member states first, then the rest by name.
    pub fn countries(&self) -> Vec<Entry> {
        let mut rest: Vec<Entry> = CountryCode::iter()
            .filter(|c| !ASEAN_MEMBER_STATES.contains(&c.alpha2()))
            .map(|c| Entry { code: c.alpha2().to_owned(), label: c.name().to_owned() })
            .collect();
        rest.sort_by(|a, b| a.label.cmp(&b.label));
        ASEAN_MEMBER_STATES
            .iter()
            .filter_map(|code| {
                country_name(code)
                    .map(|name| Entry { code: (*code).to_owned(), label: name.to_owned() })
            })
            .chain(rest)
            .collect()
    }

    pub fn check_priority_action(&self, field: &str, raw: &str) -> Result<String> {
        find(&self.priority_actions, raw.trim()).ok_or_else(|| {
            Error::bad_input(
                field,
                format!(
                    "`{raw}` is not a priority action of the regional plan (see the taxonomy query)"
                ),
            )
        })
    }

    pub fn check_theme(&self, field: &str, raw: &str) -> Result<String> {
        let code = raw.trim().to_lowercase();
        find(&self.themes, &code).ok_or_else(|| {
            Error::bad_input(
                field,
                format!("`{raw}` is not one of the themes (see the taxonomy query)"),
            )
        })
    }

    pub fn check_language(&self, field: &str, raw: &str) -> Result<String> {
        let code = validate::language_tag(field, raw)?;
        find(&self.languages, &code).ok_or_else(|| {
            Error::bad_input(
                field,
                format!("`{raw}` is not one of the library's languages (see the taxonomy query)"),
            )
        })
    }
}

fn find(list: &[Entry], code: &str) -> Option<String> {
    list.iter().find(|e| e.code == code).map(|e| e.code.clone())
}

fn pillar_label(pillar: Pillar) -> &'static str {
    match pillar {
        Pillar::Protection => "Protection",
        Pillar::Participation => "Participation",
        Pillar::Prevention => "Prevention",
        Pillar::ReliefAndRecovery => "Relief and recovery",
    }
}

fn actor_type_label(actor: ActorType) -> &'static str {
    match actor {
        ActorType::Government => "Government",
        ActorType::SecuritySector => "Security sector",
        ActorType::Cso => "Civil society organisation",
        ActorType::Academia => "Academia",
        ActorType::Media => "Media",
        ActorType::UnAgency => "UN agency",
        ActorType::AseanBody => "ASEAN body",
        ActorType::PrivateSector => "Private sector",
        ActorType::DevelopmentPartner => "Development partner",
        ActorType::Other => "Other",
    }
}

/// `UN_AGENCY` -> `Un agency`: a readable default label for enum codes.
fn sentence(code: &str) -> String {
    let lower = code.replace('_', " ").to_lowercase();
    let mut chars = lower.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The 11 ASEAN member states (Timor-Leste joined on 26 October 2025), in the order the
/// ASEAN Secretariat lists them.
pub const ASEAN_MEMBER_STATES: [&str; 11] =
    ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"];

/// Normalizes and checks a country code; alpha-3 codes (as importers receive them) map to alpha-2.
pub fn country(field: &str, raw: &str) -> Result<String> {
    let code = raw.trim().to_ascii_uppercase();
    let found = match code.len() {
        2 => CountryCode::for_alpha2(&code).ok(),
        3 => CountryCode::for_alpha3(&code).ok(),
        _ => None,
    };
    found.map(|c| c.alpha2().to_owned()).ok_or_else(|| {
        Error::bad_input(
            field,
            format!("`{raw}` is not an ISO 3166-1 country code (for example TH or VN)"),
        )
    })
}

/// The English name of a country code, for labels.
pub fn country_name(alpha2: &str) -> Option<&'static str> {
    CountryCode::for_alpha2(alpha2).ok().map(|c| c.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asean_member_is_a_known_country() {
        for code in ASEAN_MEMBER_STATES {
            assert_eq!(country("country", code).ok().as_deref(), Some(code));
            assert!(country_name(code).is_some(), "{code}");
        }
    }

    #[test]
    fn accepts_lowercase_and_alpha3() {
        assert_eq!(country("c", " vn ").ok().as_deref(), Some("VN"));
        assert_eq!(country("c", "THA").ok().as_deref(), Some("TH"));
    }

    #[test]
    fn countries_list_asean_first() {
        let countries = Taxonomy::default().countries();
        let first: Vec<&str> = countries.iter().take(11).map(|c| c.code.as_str()).collect();
        assert_eq!(first, ASEAN_MEMBER_STATES);
        assert!(countries.len() > 200);
    }

    #[test]
    fn a_deployment_extends_and_relabels() {
        let extension = TaxonomyExtension {
            priority_actions: vec![Entry { code: "1.1.1".into(), label: "Custom".into() }],
            themes: vec![Entry { code: "gbv".into(), label: "GBV".into() }],
            languages: vec![Entry { code: "zh-Hant".into(), label: "中文".into() }],
        };
        let taxonomy = Taxonomy::extended(extension).unwrap_or_default();
        assert_eq!(taxonomy.check_priority_action("p", "1.1.1").ok().as_deref(), Some("1.1.1"));
        assert_eq!(taxonomy.themes().iter().filter(|t| t.code == "gbv").count(), 1);
        assert!(taxonomy.check_language("language", "zh-Hant").is_ok());
        assert!(taxonomy.check_priority_action("p", "9.9.9").is_err());
        assert!(taxonomy.check_theme("t", "unknown-theme").is_err());
        assert!(taxonomy.check_language("l", "de").is_err());
    }

    #[test]
    fn malformed_extensions_are_refused() {
        let bad = TaxonomyExtension {
            priority_actions: vec![Entry { code: "2.2".into(), label: "x".into() }],
            ..Default::default()
        };
        assert!(Taxonomy::extended(bad).is_err());
    }

    #[test]
    fn rejects_unknown_codes() {
        assert!(country("country", "XX").is_err());
        assert!(country("country", "Thailand").is_err());
    }
}
