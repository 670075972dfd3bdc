//! GraphQL over HTTP: POST with a JSON body (single or batched), GET for queries only.
//! Requests are refused before execution, with a GraphQL error body, when they are too large,
//! not JSON, malformed, over the batch limit, a mutation over GET, or carry a dead token.

use std::net::SocketAddr;

use async_graphql::ParseRequestError;
use async_graphql::http::{MultipartOptions, parse_query_string, receive_batch_body};
use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{BatchRequest, BatchResponse, Request as GqlRequest};
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use praxis_api::errors::{ensure_codes, error_response};
use praxis_api::{Batches, MAX_BATCH, RequestContext};
use praxis_core::ErrorCode;
use praxis_service::Viewer;

use crate::state::AppState;

fn json_response(status: StatusCode, body: &impl serde::Serialize) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    (
        status,
        [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")],
        bytes,
    )
        .into_response()
}

pub(crate) fn refuse(status: StatusCode, code: ErrorCode, message: &str) -> Response {
    json_response(status, &error_response(code, message))
}

/// The viewer named by the Authorization header; no header means anonymous.
pub(crate) async fn viewer_from(state: &AppState, headers: &HeaderMap) -> Result<Viewer, Response> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(Viewer::Anonymous);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let Some(token) = token else {
        return Err(refuse(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            "send the access token as `Authorization: Bearer <token>`",
        ));
    };
    state
        .praxis
        .authenticate(token)
        .await
        .map_err(|e| refuse(StatusCode::UNAUTHORIZED, e.code(), &e.to_string()))
}

async fn execute(
    state: &AppState,
    viewer: Viewer,
    client: Option<String>,
    request: GqlRequest,
) -> async_graphql::Response {
    let batches = Batches::default();
    let context =
        RequestContext::for_request(state.praxis.clone(), viewer, client, &batches.spawner());
    ensure_codes(batches.run(state.schema.execute(request.data(context))).await)
}

pub async fn post(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(kind) = body_kind(&headers) else {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BadUserInput,
            "send GraphQL requests with `Content-Type: application/json` (or multipart/form-data to upload a file)",
        );
    };
    let limit = match kind {
        BodyKind::Json => state.max_body_bytes,
        BodyKind::Multipart(_) => state.max_attachment_bytes + state.max_body_bytes,
    };
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        let message = format!("the request body is larger than {limit} bytes");
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BadUserInput, &message);
    };
    let batch = match kind {
        BodyKind::Json => match serde_json::from_slice::<BatchRequest>(&bytes) {
            Ok(batch) => batch,
            Err(e) => {
                let message = format!("the request body is not a GraphQL request in JSON: {e}");
                return refuse(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, &message);
            }
        },
        BodyKind::Multipart(content_type) => {
            // A form can be posted across sites without a preflight; requiring the bearer token
            // (which a form cannot set) keeps uploads safe from cross-site request forgery.
            if !headers.contains_key(header::AUTHORIZATION) {
                return refuse(
                    StatusCode::UNAUTHORIZED,
                    ErrorCode::Unauthenticated,
                    "sign in to upload files",
                );
            }
            match multipart(&content_type, bytes, state.max_attachment_bytes).await {
                Ok(batch) => batch,
                Err(response) => return response,
            }
        }
    };
    let viewer = match viewer_from(&state, &headers).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let client = Some(peer.ip().to_string());
    match batch {
        BatchRequest::Single(mut request) => {
            state.documents.prepare(&mut request);
            json_response(StatusCode::OK, &execute(&state, viewer, client, request).await)
        }
        BatchRequest::Batch(requests) => {
            if requests.is_empty() || requests.len() > MAX_BATCH {
                let message = format!("send between 1 and {MAX_BATCH} operations in one batch");
                return refuse(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, &message);
            }
            let mut responses = Vec::with_capacity(requests.len());
            for mut request in requests {
                state.documents.prepare(&mut request);
                responses.push(execute(&state, viewer.clone(), client.clone(), request).await);
            }
            json_response(StatusCode::OK, &BatchResponse::Batch(responses))
        }
    }
}

enum BodyKind {
    Json,
    Multipart(String),
}

fn body_kind(headers: &HeaderMap) -> Option<BodyKind> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = content_type.split(';').next()?.trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Some(BodyKind::Json),
        "multipart/form-data" => Some(BodyKind::Multipart(content_type.to_owned())),
        _ => None,
    }
}

/// Reads a GraphQL multipart request (one file at most).
async fn multipart(
    content_type: &str,
    bytes: axum::body::Bytes,
    max_file: usize,
) -> Result<BatchRequest, Response> {
    let options = MultipartOptions::default().max_file_size(max_file).max_num_files(1);
    receive_batch_body(Some(content_type), futures_util::io::Cursor::new(bytes), options)
        .await
        .map_err(|e| match e {
            ParseRequestError::PayloadTooLarge => {
                let message =
                    format!("the file is larger than the limit of {} MB", max_file / (1024 * 1024));
                refuse(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BadUserInput, &message)
            }
            other => {
                let message = format!("the upload is not a GraphQL multipart request: {other}");
                refuse(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, &message)
            }
        })
}

/// Whether a document contains anything but queries (GET must not change state). One that does
/// not parse is left for execution to report.
fn has_non_query(request: &mut GqlRequest) -> bool {
    let Ok(document) = request.parsed_query() else {
        return false;
    };
    match &document.operations {
        DocumentOperations::Single(op) => op.node.ty != OperationType::Query,
        DocumentOperations::Multiple(ops) => {
            ops.values().any(|op| op.node.ty != OperationType::Query)
        }
    }
}

pub async fn get(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let mut request = match parse_query_string(uri.query().unwrap_or_default()) {
        Ok(request) => request,
        Err(e) => {
            let message = format!("the query string is not a GraphQL request: {e}");
            return refuse(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, &message);
        }
    };
    state.documents.prepare(&mut request);
    if has_non_query(&mut request) {
        return refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::BadUserInput,
            "only queries may be sent with GET; send mutations with POST",
        );
    }
    let viewer = match viewer_from(&state, &headers).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    json_response(
        StatusCode::OK,
        &execute(&state, viewer, Some(peer.ip().to_string()), request).await,
    )
}
