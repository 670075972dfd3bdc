//! The HTTP routes and the layers around them: tracing and security headers.

use async_graphql::http::GraphiQLSource;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use sea_orm::ConnectionTrait as _;
use std::path::{Path, PathBuf};

use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;
use crate::{downloads, exports, graphql_http, ws};

/// Strict by default: no inline script, nothing framed, nothing from elsewhere.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn build(state: AppState, production: bool, tls: bool, web_dir: &Path) -> Router {
    // JSON, CSV and Atom shrink several times over, which matters on slow mobile networks.
    // (No cookie carries a credential, so a compressed response cannot be made to leak one.)
    // Attachments are sent as stored: PDFs and office files are compressed already.
    let compressed = Router::new()
        .route("/graphql", get(graphql_http::get).post(graphql_http::post))
        .route("/export/documents.csv", get(exports::csv))
        .route("/export/documents.json", get(exports::json))
        .route("/feeds/documents.atom", get(exports::atom))
        .layer(CompressionLayer::new());
    let mut router = compressed
        .route("/graphql/ws", get(ws::upgrade))
        .route("/attachments/{id}", get(downloads::attachment))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz));
    if !production {
        router = router.route("/graphiql", get(graphiql));
    }
    let router = if web_dir.join("index.html").is_file() {
        router.fallback_service(web_app(web_dir))
    } else {
        router.fallback(|| async { (StatusCode::NOT_FOUND, "not found") })
    };
    let mut router = router
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

/// The built web app: files as they are, and index.html for every other path, so the app's own
/// routes (such as /threads/abc) load it too. Hashed assets may be cached for good. The build
/// writes Brotli and gzip copies beside each file, sent to browsers that accept them.
fn web_app(dir: &Path) -> Router {
    let index = ServeFile::new(dir.join("index.html")).precompressed_br().precompressed_gzip();
    let static_dir = |dir: PathBuf| ServeDir::new(dir).precompressed_br().precompressed_gzip();
    let assets = Router::new().nest_service("/assets", static_dir(dir.join("assets"))).layer(
        SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ),
    );
    Router::new()
        .merge(assets)
        .fallback_service(static_dir(dir.to_path_buf()).fallback(index))
        .layer(header_layer(header::CACHE_CONTROL, "no-cache"))
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Ready when the database answers.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.praxis.database().conn.execute_unprepared("SELECT 1").await {
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
    let page =
        GraphiQLSource::build().endpoint("/graphql").subscription_endpoint("/graphql/ws").finish();
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self' 'unsafe-inline' https:; connect-src 'self' ws: wss:",
        )],
        Html(page),
    )
}
