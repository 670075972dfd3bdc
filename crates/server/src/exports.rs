//! Document lists for reports to ASEAN bodies (CSV and JSON) and an Atom feed of newly published
//! documents. The filter is DocumentFilter's fields as query parameters; the caller sees only
//! what they may read, exactly as in GraphQL.

use atom_syndication::{Category, Entry, Feed, Link, Person, Text};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use praxis_core::ErrorCode;
use praxis_core::types::DocumentStatus;
use praxis_service::{DocumentFilterInput, DocumentRow};

use crate::graphql_http::{refuse, viewer_from};
use crate::state::AppState;

/// Most rows one export returns.
const EXPORT_LIMIT: u64 = 10_000;
/// Entries in the feed.
const FEED_LIMIT: u64 = 50;

/// The readable documents for the request's filter, or the response that refuses it.
async fn rows(
    state: &AppState,
    headers: &HeaderMap,
    query: Result<Query<DocumentFilterInput>, QueryRejection>,
    published_only: bool,
    limit: u64,
) -> Result<Vec<DocumentRow>, Response> {
    let Query(mut input) = query.map_err(|e| {
        refuse(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadUserInput,
            &format!("the filter parameters are not valid: {e}"),
        )
    })?;
    if published_only {
        input.status = Some(DocumentStatus::Published.as_str().to_owned());
    }
    let viewer = viewer_from(state, headers).await?;
    let filter = state
        .praxis
        .document_filter(input, "")
        .map_err(|e| refuse(StatusCode::BAD_REQUEST, e.code(), &e.to_string()))?;
    state.praxis.export_documents(&viewer, &filter, limit).await.map_err(|e| {
        tracing::error!(error = ?e, "export failed");
        refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "the export failed; try again later",
        )
    })
}

fn attachment_response(content_type: &'static str, filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

pub async fn csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<DocumentFilterInput>, QueryRejection>,
) -> Response {
    let rows = match rows(&state, &headers, query, false, EXPORT_LIMIT).await {
        Ok(rows) => rows,
        Err(response) => return response,
    };
    match to_csv(&rows) {
        Ok(body) => attachment_response("text/csv; charset=utf-8", "documents.csv", body),
        Err(e) => {
            tracing::error!(error = %e, "writing csv");
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "the export failed; try again later",
            )
        }
    }
}

fn to_csv(rows: &[DocumentRow]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "id",
        "title",
        "kind",
        "status",
        "summary",
        "language",
        "countries",
        "pillars",
        "priority_actions",
        "themes",
        "year",
        "organization",
        "author",
        "source_url",
        "published_at",
        "updated_at",
    ])?;
    for row in rows {
        writer.write_record([
            row.id.as_str(),
            &row.title,
            &row.kind,
            &row.status,
            &row.summary,
            &row.language,
            &row.countries.join(";"),
            &row.pillars.join(";"),
            &row.priority_actions.join(";"),
            &row.themes.join(";"),
            &row.year.map(|y| y.to_string()).unwrap_or_default(),
            row.organization.as_deref().unwrap_or_default(),
            &row.author,
            row.source_url.as_deref().unwrap_or_default(),
            &row.published_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            &row.updated_at.to_rfc3339(),
        ])?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

pub async fn json(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<DocumentFilterInput>, QueryRejection>,
) -> Response {
    match rows(&state, &headers, query, false, EXPORT_LIMIT).await {
        Ok(rows) => {
            let body = serde_json::to_vec_pretty(&rows).unwrap_or_default();
            attachment_response("application/json", "documents.json", body)
        }
        Err(response) => response,
    }
}

pub async fn atom(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<DocumentFilterInput>, QueryRejection>,
) -> Response {
    let rows = match rows(&state, &headers, query, true, FEED_LIMIT).await {
        Ok(rows) => rows,
        Err(response) => return response,
    };
    let base = state.public_url.trim_end_matches('/');
    let entries: Vec<Entry> = rows.iter().map(|row| entry(base, row)).collect();
    let updated = rows.iter().map(|r| r.listed_at).max().unwrap_or_else(chrono::Utc::now);
    let feed = Feed {
        id: format!("{base}/feeds/documents.atom"),
        title: Text::plain("Praxis library: newly published documents"),
        updated: updated.into(),
        links: vec![Link { href: format!("{base}/library"), ..Default::default() }],
        entries,
        ..Default::default()
    };
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], feed.to_string())
        .into_response()
}

fn entry(base: &str, row: &DocumentRow) -> Entry {
    let link = format!("{base}/library/{}", row.id);
    let categories = row
        .pillars
        .iter()
        .chain(&row.themes)
        .chain(&row.countries)
        .map(|term| Category { term: term.clone(), ..Default::default() })
        .collect();
    Entry {
        id: link.clone(),
        title: Text::plain(row.title.clone()),
        updated: row.listed_at.into(),
        published: row.published_at.map(Into::into),
        authors: vec![Person { name: row.author.clone(), ..Default::default() }],
        summary: Some(Text::plain(row.summary.clone())),
        links: vec![Link { href: link, ..Default::default() }],
        categories,
        ..Default::default()
    }
}
