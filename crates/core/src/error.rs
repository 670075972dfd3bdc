//! The one error vocabulary. Domain code returns [`Error`]; only the API layer turns its code into
//! `extensions.code`, and internal causes are logged there, never sent to the client.

use std::fmt;

/// What kind of failure a caller is looking at, and so what they can do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    RateLimited,
    Internal,
}

impl ErrorCode {
    /// The wire name used in GraphQL `extensions.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::Conflict => "CONFLICT",
            Self::RateLimited => "RATE_LIMITED",
            Self::Internal => "INTERNAL",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A failure the caller caused or may learn about; its message is safe to show.
    #[error("{message}")]
    Domain {
        code: ErrorCode,
        message: String,
        /// The input field at fault, for BAD_USER_INPUT.
        field: Option<String>,
    },
    /// Anything else. Logged with its context; the client only ever sees INTERNAL.
    /// Its Display says nothing of the cause, so no path can leak it by accident.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Domain { code, .. } => *code,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Domain { field, .. } => field.as_deref(),
            Self::Internal(_) => None,
        }
    }

    fn domain(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Domain { code, message: message.into(), field: None }
    }

    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Domain {
            code: ErrorCode::BadUserInput,
            message: message.into(),
            field: Some(field.into()),
        }
    }

    /// The same answer for "does not exist" and "you may not see it", so hidden things stay hidden.
    pub fn not_found(what: &str) -> Self {
        Self::domain(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::domain(ErrorCode::Forbidden, message)
    }

    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::domain(ErrorCode::Unauthenticated, message)
    }

    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Domain {
            code: ErrorCode::Conflict,
            message: message.into(),
            field: Some(field.into()),
        }
    }

    pub fn rate_limited(message: impl Into<String>) -> Self {
        Self::domain(ErrorCode::RateLimited, message)
    }

    /// The caller must sign in first.
    pub fn sign_in_required() -> Self {
        Self::unauthenticated("sign in to do this")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_carry_the_internal_code_and_no_field() {
        let err = Error::from(anyhow::anyhow!("disk on fire"));
        assert_eq!(err.code(), ErrorCode::Internal);
        assert_eq!(err.field(), None);
    }

    #[test]
    fn input_errors_name_their_field() {
        let err = Error::bad_input("title", "too long");
        assert_eq!(err.code().as_str(), "BAD_USER_INPUT");
        assert_eq!(err.field(), Some("title"));
        assert_eq!(err.to_string(), "too long");
    }
}
