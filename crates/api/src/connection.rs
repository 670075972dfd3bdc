//! Relay connections: page arguments (with `first` capped), opaque cursors, and the generic
//! connection and edge types.

use async_graphql::{Context, SimpleObject};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use praxis_core::limits::{PAGE_DEFAULT, PAGE_MAX};
use praxis_core::{Error, Result};
use praxis_db::{Page, PageRequest};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::nul_characters::holds_nul;
use crate::types::{Document, Post, Space, Thread};

#[derive(SimpleObject, Debug, Clone, Default)]
pub struct PageInfo {
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub start_cursor: Option<String>,
    pub end_cursor: Option<String>,
}

/// A page of nodes with their cursors, before it takes its GraphQL connection type.
pub struct Paged<N> {
    pub edges: Vec<(String, N)>,
    pub page_info: PageInfo,
    pub total_count: i32,
}

/// Declares a Relay connection type and its edge type for one node type.
macro_rules! connection_type {
    ($connection:ident, $edge:ident, $node:ty) => {
        #[derive(SimpleObject)]
        pub struct $edge {
            pub cursor: String,
            pub node: $node,
        }

        #[derive(SimpleObject)]
        pub struct $connection {
            pub edges: Vec<$edge>,
            pub page_info: PageInfo,
            pub total_count: i32,
        }

        impl From<Paged<$node>> for $connection {
            fn from(paged: Paged<$node>) -> Self {
                Self {
                    edges: paged
                        .edges
                        .into_iter()
                        .map(|(cursor, node)| $edge { cursor, node })
                        .collect(),
                    page_info: paged.page_info,
                    total_count: paged.total_count,
                }
            }
        }
    };
}

connection_type!(SpaceConnection, SpaceEdge, Space);
connection_type!(ThreadConnection, ThreadEdge, Thread);
connection_type!(PostConnection, PostEdge, Post);
connection_type!(DocumentConnection, DocumentEdge, Document);

pub fn encode_cursor<C: Serialize>(position: &C) -> String {
    // Serializing plain ids and timestamps cannot fail; an empty cursor would only restart paging.
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(position).unwrap_or_default())
}

fn decode_cursor<C: DeserializeOwned>(raw: &str) -> Result<C> {
    URL_SAFE_NO_PAD
        .decode(raw)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<async_graphql::Value>(&bytes).ok())
        // Only a forged cursor holds NUL, and PostgreSQL cannot compare a title with it.
        .filter(|position| !holds_nul(position))
        .and_then(|position| async_graphql::from_value(position).ok())
        .ok_or_else(|| {
            Error::bad_input(
                "after",
                "`after` is not a cursor from this list; start again from the first page",
            )
        })
}

/// Validates `first` (0 to 100, default 20) and decodes `after`.
pub fn page_request<C: DeserializeOwned>(
    first: Option<i32>,
    after: Option<&str>,
) -> Result<PageRequest<C>> {
    let first = match first {
        None => PAGE_DEFAULT,
        Some(n) => usize::try_from(n).ok().filter(|n| *n <= PAGE_MAX).ok_or_else(|| {
            Error::bad_input("first", format!("`first` must be between 0 and {PAGE_MAX}"))
        })?,
    };
    let after = after.map(decode_cursor).transpose()?;
    Ok(PageRequest { first: first as u64, after })
}

/// Whether the client asked for `totalCount`, so the count query runs only when needed.
pub fn wants_total(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

/// Builds a connection from a page of rows, a cursor per row and a node per row.
pub fn connection<R, N, C: Serialize>(
    page: Page<R>,
    had_cursor: bool,
    total: Option<u64>,
    cursor_of: impl Fn(&R) -> C,
    node_of: impl Fn(R) -> N,
) -> Paged<N> {
    let edges: Vec<(String, N)> =
        page.items.into_iter().map(|row| (encode_cursor(&cursor_of(&row)), node_of(row))).collect();
    let page_info = PageInfo {
        has_next_page: page.has_next_page,
        has_previous_page: had_cursor,
        start_cursor: edges.first().map(|e| e.0.clone()),
        end_cursor: edges.last().map(|e| e.0.clone()),
    };
    let total_count = total.map_or(0, |t| i32::try_from(t).unwrap_or(i32::MAX));
    Paged { edges, page_info, total_count }
}

/// The complexity of a connection field: its page size times the cost of one node.
pub fn page_complexity(first: Option<i32>, child: usize) -> usize {
    let size = first.map_or(PAGE_DEFAULT, |n| usize::try_from(n).unwrap_or(0).min(PAGE_MAX));
    size.max(1) * child + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_is_capped_and_defaults() {
        assert_eq!(page_request::<u64>(None, None).map(|p| p.first).ok(), Some(20));
        assert_eq!(page_request::<u64>(Some(100), None).map(|p| p.first).ok(), Some(100));
        for bad in [101, -1] {
            let err = page_request::<u64>(Some(bad), None).err();
            assert_eq!(err.as_ref().and_then(|e| e.field()), Some("first"));
        }
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = encode_cursor(&42u64);
        assert_eq!(page_request::<u64>(None, Some(&cursor)).ok().and_then(|p| p.after), Some(42));
        let err = page_request::<u64>(None, Some("%%%")).err();
        assert_eq!(err.as_ref().and_then(|e| e.field()), Some("after"));
    }
}
