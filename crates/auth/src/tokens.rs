//! Short-lived access tokens: HS256 JWTs with the algorithm pinned and every claim required and
//! checked (jsonwebtoken's defaults check only `exp`, with a minute of leeway).

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Access tokens live 15 minutes; the client refreshes them silently.
pub const ACCESS_TOKEN_MINUTES: i64 = 15;
const TOKEN_TYPE: &str = "access";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    sub: Uuid,
    sid: Uuid,
    typ: String,
    iat: i64,
    nbf: i64,
    exp: i64,
}

/// Who a valid access token speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessGrant {
    pub user_id: Uuid,
    pub session_id: Uuid,
}

#[derive(Debug, thiserror::Error)]
#[error("the access token is invalid or expired")]
pub struct InvalidToken;

pub struct AccessTokens {
    issuer: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl AccessTokens {
    /// `secret` is the signing key (at least 32 bytes); `issuer` is this deployment's public URL,
    /// used as both issuer and audience.
    pub fn new(secret: &[u8], issuer: &str) -> anyhow::Result<Self> {
        anyhow::ensure!(secret.len() >= 32, "the token signing key must be at least 32 bytes");
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[issuer]);
        validation.set_required_spec_claims(&["iss", "aud", "sub", "iat", "nbf", "exp"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = 5;
        Ok(Self {
            issuer: issuer.to_owned(),
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        })
    }

    /// A signed token for `grant`, and when it expires.
    pub fn issue(
        &self,
        grant: AccessGrant,
        now: DateTime<Utc>,
    ) -> anyhow::Result<(String, DateTime<Utc>)> {
        let expires_at = now + Duration::minutes(ACCESS_TOKEN_MINUTES);
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.issuer.clone(),
            sub: grant.user_id,
            sid: grant.session_id,
            typ: TOKEN_TYPE.to_owned(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok((token, expires_at))
    }

    pub fn verify(&self, token: &str) -> Result<AccessGrant, InvalidToken> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|_| InvalidToken)?;
        if data.claims.typ != TOKEN_TYPE {
            return Err(InvalidToken);
        }
        Ok(AccessGrant { user_id: data.claims.sub, session_id: data.claims.sid })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn grant() -> AccessGrant {
        AccessGrant { user_id: Uuid::now_v7(), session_id: Uuid::now_v7() }
    }

    #[test]
    fn a_fresh_token_verifies() -> anyhow::Result<()> {
        let tokens = AccessTokens::new(KEY, "https://praxis.test")?;
        let g = grant();
        let (token, _) = tokens.issue(g, Utc::now())?;
        assert_eq!(tokens.verify(&token).ok(), Some(g));
        Ok(())
    }

    #[test]
    fn expired_tokens_fail() -> anyhow::Result<()> {
        let tokens = AccessTokens::new(KEY, "https://praxis.test")?;
        let (token, _) = tokens.issue(grant(), Utc::now() - Duration::minutes(20))?;
        assert!(tokens.verify(&token).is_err());
        Ok(())
    }

    #[test]
    fn tokens_from_another_issuer_or_key_fail() -> anyhow::Result<()> {
        let ours = AccessTokens::new(KEY, "https://praxis.test")?;
        let other_issuer = AccessTokens::new(KEY, "https://elsewhere.test")?;
        let other_key =
            AccessTokens::new(b"another-key-another-key-another-k", "https://praxis.test")?;
        let (a, _) = other_issuer.issue(grant(), Utc::now())?;
        let (b, _) = other_key.issue(grant(), Utc::now())?;
        assert!(ours.verify(&a).is_err());
        assert!(ours.verify(&b).is_err());
        Ok(())
    }

    #[test]
    fn unsigned_tokens_fail() -> anyhow::Result<()> {
        let tokens = AccessTokens::new(KEY, "https://praxis.test")?;
        let (token, _) = tokens.issue(grant(), Utc::now())?;
        // Swap the header for {"alg":"none"} and drop the signature.
        let payload = token.split('.').nth(1).unwrap_or_default();
        let forged = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
        assert!(tokens.verify(&forged).is_err());
        Ok(())
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(AccessTokens::new(b"short", "https://praxis.test").is_err());
    }
}
