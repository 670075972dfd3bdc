//! GraphQL over HTTP: POST with a JSON body (single or batched), GET for queries only.
//! Requests are refused before execution, with a GraphQL error body, when they are too large,
//! not JSON, malformed, over the batch limit, a mutation over GET, or carry a dead token.

use std::net::SocketAddr;

use async_graphql::http::parse_query_string;
use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{BatchRequest, BatchResponse, Request as GqlRequest};
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use praxis_api::errors::{ensure_codes, error_response};
use praxis_api::{MAX_BATCH, RequestContext};
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

fn refuse(status: StatusCode, code: ErrorCode, message: &str) -> Response {
    json_response(status, &error_response(code, message))
}

/// The viewer named by the Authorization header; no header means anonymous.
async fn viewer_from(state: &AppState, headers: &HeaderMap) -> Result<Viewer, Response> {
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
    let context = RequestContext::new(state.praxis.clone(), viewer, client);
    ensure_codes(state.schema.execute(request.data(context)).await)
}

pub async fn post(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let is_json =
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
            v.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        });
    if !is_json {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BadUserInput,
            "send GraphQL requests with `Content-Type: application/json`",
        );
    }
    let Ok(bytes) = axum::body::to_bytes(body, state.max_body_bytes).await else {
        let message = format!("the request body is larger than {} bytes", state.max_body_bytes);
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BadUserInput, &message);
    };
    let batch: BatchRequest = match serde_json::from_slice(&bytes) {
        Ok(batch) => batch,
        Err(e) => {
            let message = format!("the request body is not a GraphQL request in JSON: {e}");
            return refuse(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, &message);
        }
    };
    let viewer = match viewer_from(&state, &headers).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let client = Some(peer.ip().to_string());
    match batch {
        BatchRequest::Single(request) => {
            json_response(StatusCode::OK, &execute(&state, viewer, client, request).await)
        }
        BatchRequest::Batch(requests) => {
            if requests.is_empty() || requests.len() > MAX_BATCH {
                let message = format!("send between 1 and {MAX_BATCH} operations in one batch");
                return refuse(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, &message);
            }
            let mut responses = Vec::with_capacity(requests.len());
            for request in requests {
                responses.push(execute(&state, viewer.clone(), client.clone(), request).await);
            }
            json_response(StatusCode::OK, &BatchResponse::Batch(responses))
        }
    }
}

/// Whether a document contains anything but queries (GET must not change state).
fn has_non_query(request: &GqlRequest) -> bool {
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
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
    let request = match parse_query_string(uri.query().unwrap_or_default()) {
        Ok(request) => request,
        Err(e) => {
            let message = format!("the query string is not a GraphQL request: {e}");
            return refuse(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, &message);
        }
    };
    if has_non_query(&request) {
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
