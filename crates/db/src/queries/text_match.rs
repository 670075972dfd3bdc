//! Case-insensitive substring matching that behaves the same on SQLite and PostgreSQL.

use sea_orm::ColumnTrait;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};

/// `lower(column) LIKE '%needle%'`, with the needle's own `%`, `_` and `\` taken literally.
/// (PostgreSQL's LIKE is case-sensitive and SQLite's only folds ASCII, so both sides are
/// lowered; SQLite's lower() still leaves non-ASCII letters as they are.)
pub(crate) fn contains_ignoring_case<C: ColumnTrait>(column: C, needle: &str) -> Expr {
    let escaped: String = needle
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect();
    Expr::expr(Func::lower(Expr::col(column)))
        .like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}
