//! "Name contains" matching that behaves the same on SQLite and PostgreSQL, on the folded
//! `search_key` columns (see praxis_core::fold).

use sea_orm::ColumnTrait;
use sea_orm::sea_query::{Expr, LikeExpr};

/// `key_column LIKE '%folded needle%'`, with the needle's own `%`, `_` and `\` taken literally.
pub(crate) fn key_contains<C: ColumnTrait>(key_column: C, needle: &str) -> Expr {
    let escaped: String = praxis_core::fold::search_key(needle)
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect();
    key_column.like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}
