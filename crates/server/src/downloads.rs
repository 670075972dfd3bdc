//! GET /attachments/{id}: the file, if the caller may read its document. Served as a download
//! in a sandbox, so an uploaded file can never run as a page of this site.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use praxis_core::ErrorCode;
use praxis_core::ids::{GlobalId, NodeKind};

use crate::graphql_http::{refuse, viewer_from};
use crate::state::AppState;

pub async fn attachment(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let viewer = match viewer_from(&state, &headers).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let not_found = || refuse(StatusCode::NOT_FOUND, ErrorCode::NotFound, "attachment not found");
    let Ok(id) = GlobalId::decode_as("id", &id, NodeKind::Attachment) else { return not_found() };
    let (attachment, path) = match state.praxis.attachment_for_download(&viewer, id).await {
        Ok(found) => found,
        Err(e) if e.code() == ErrorCode::NotFound => return not_found(),
        Err(e) => {
            tracing::error!(error = ?e, "attachment lookup failed");
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "the file could not be read; try again later",
            );
        }
    };
    let content = match tokio::fs::read(&path).await {
        Ok(content) => content,
        Err(e) => {
            tracing::error!(error = %e, attachment_id = %attachment.id, "attachment file missing");
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "the file could not be read; try again later",
            );
        }
    };
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        utf8_percent_encode(&attachment.filename, NON_ALPHANUMERIC)
    );
    let mut response = content.into_response();
    let headers = response.headers_mut();
    let content_type = HeaderValue::from_str(&attachment.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, content_type);
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}
