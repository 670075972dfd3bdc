//! Domain errors to GraphQL errors. Every error leaves with `extensions.code`; input errors also
//! carry `extensions.field`; internal causes are logged here and never sent.

use async_graphql::{ErrorExtensions as _, Response, ServerError};
use praxis_core::{Error, ErrorCode};

const INTERNAL_MESSAGE: &str = "something went wrong on our side; please try again later";

pub fn to_graphql(err: &Error) -> async_graphql::Error {
    if let Error::Internal(cause) = err {
        tracing::error!(error = ?cause, "internal error");
    }
    let message = match err.code() {
        ErrorCode::Internal => INTERNAL_MESSAGE.to_owned(),
        _ => err.to_string(),
    };
    let code = err.code().as_str();
    let field = err.field().map(str::to_owned);
    async_graphql::Error::new(message).extend_with(|_, ext| {
        ext.set("code", code);
        if let Some(field) = &field {
            ext.set("field", field.as_str());
        }
    })
}

/// `?` for service results inside resolvers.
pub trait GqlResult<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for Result<T, Error> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| to_graphql(&e))
    }
}

impl<T> GqlResult<T> for Result<T, std::sync::Arc<Error>> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| to_graphql(&e))
    }
}

/// `?` for database results inside resolvers: any failure is INTERNAL, logged with `what`.
pub trait DbResult<T> {
    fn db(self, what: &'static str) -> async_graphql::Result<T>;
}

impl<T> DbResult<T> for Result<T, sea_orm::DbErr> {
    fn db(self, what: &'static str) -> async_graphql::Result<T> {
        self.map_err(|e| to_graphql(&Error::Internal(anyhow::Error::new(e).context(what))))
    }
}

/// An error of the request as a whole, with its code, and the field of an input error.
pub(crate) fn request_error(code: ErrorCode, message: &str, field: Option<&str>) -> ServerError {
    let mut error = ServerError::new(message, None);
    let ext = error.extensions.get_or_insert_with(Default::default);
    ext.set("code", code.as_str());
    if let Some(field) = field {
        ext.set("field", field);
    }
    error
}

/// A standalone error response (for requests refused before execution).
pub fn error_response(code: ErrorCode, message: &str) -> Response {
    Response::from_errors(vec![request_error(code, message, None)])
}

/// Errors raised by the GraphQL engine itself (syntax, validation, limits, argument types) have
/// no code; they are all about the request's shape, so they are BAD_USER_INPUT.
pub fn ensure_codes(mut response: Response) -> Response {
    for error in &mut response.errors {
        let ext = error.extensions.get_or_insert_with(Default::default);
        if ext.get("code").is_none() {
            ext.set("code", ErrorCode::BadUserInput.as_str());
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extension(err: &async_graphql::Error, key: &str) -> Option<String> {
        err.extensions.as_ref()?.get(key).map(|v| v.to_string().trim_matches('"').to_owned())
    }

    #[test]
    fn every_code_maps_to_its_wire_name() {
        let cases = [
            (Error::not_found("thread"), "NOT_FOUND"),
            (Error::forbidden("no"), "FORBIDDEN"),
            (Error::unauthenticated("who?"), "UNAUTHENTICATED"),
            (Error::conflict("email", "taken"), "CONFLICT"),
            (Error::rate_limited("slow down"), "RATE_LIMITED"),
            (Error::bad_input("title", "empty"), "BAD_USER_INPUT"),
        ];
        for (err, code) in cases {
            assert_eq!(extension(&to_graphql(&err), "code").as_deref(), Some(code));
        }
    }

    #[test]
    fn input_errors_name_the_field() {
        let err = to_graphql(&Error::bad_input("title", "empty"));
        assert_eq!(extension(&err, "field").as_deref(), Some("title"));
    }

    #[test]
    fn internal_errors_reveal_nothing() {
        let err =
            to_graphql(&Error::Internal(anyhow::anyhow!("SELECT * FROM users failed at db.rs:42")));
        assert_eq!(extension(&err, "code").as_deref(), Some("INTERNAL"));
        assert!(!err.message.contains("SELECT"));
        assert!(!err.message.contains("db.rs"));
    }
}
