//! The WPS taxonomy. Countries are ISO 3166-1 alpha-2 codes, with the ASEAN member states first.

use isocountry::CountryCode;

use crate::{Error, Result};

/// The 11 ASEAN member states (Timor-Leste joined on 26 October 2025), in the order the
/// ASEAN Secretariat lists them.
pub const ASEAN_MEMBER_STATES: [&str; 11] = [
    "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN",
];

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
    fn rejects_unknown_codes() {
        assert!(country("country", "XX").is_err());
        assert!(country("country", "Thailand").is_err());
    }
}
