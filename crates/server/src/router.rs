//! The HTTP routes and the layers around them: tracing and security headers.

use async_graphql::http::GraphiQLSource;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use sea_orm::ConnectionTrait as _;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;
use crate::{graphql_http, ws};

/// Strict by default: no inline script, nothing framed, nothing from elsewhere.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn build(state: AppState, production: bool, tls: bool) -> Router {
    let mut router = Router::new()
        .route("/graphql", get(graphql_http::get).post(graphql_http::post))
        .route("/graphql/ws", get(ws::upgrade))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz));
    if !production {
        router = router.route("/graphiql", get(graphiql));
    }
    let mut router = router
        .fallback(|| async { (StatusCode::NOT_FOUND, "not found") })
        .with_state(state)
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::REFERRER_POLICY, "no-referrer"))
        .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"));
    if tls {
        router = router.layer(header_layer(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ));
    }
    router.layer(TraceLayer::new_for_http())
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Ready when the database answers.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state
        .praxis
        .database()
        .conn
        .execute_unprepared("SELECT 1")
        .await
    {
        Ok(_) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// The GraphiQL explorer, in development only. It loads its scripts from a CDN, so it carries
/// its own, looser policy.
async fn graphiql() -> impl IntoResponse {
    let page = GraphiQLSource::build()
        .endpoint("/graphql")
        .subscription_endpoint("/graphql/ws")
        .finish();
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self' 'unsafe-inline' https:; connect-src 'self' ws: wss:",
        )],
        Html(page),
    )
}
