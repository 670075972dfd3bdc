//! Keyset pagination: a page of rows after a cursor, fetched with one extra row to learn whether
//! another page follows.

/// What the caller asked for: `first` rows after the position `after` (decoded by the caller).
#[derive(Debug, Clone)]
pub struct PageRequest<C> {
    pub first: u64,
    pub after: Option<C>,
}

#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// Builds a page from up to `first + 1` fetched rows.
    pub fn from_overfetch(mut rows: Vec<T>, first: u64) -> Self {
        let limit = usize::try_from(first).unwrap_or(usize::MAX);
        let has_next_page = rows.len() > limit;
        rows.truncate(limit);
        Page { items: rows, has_next_page }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overfetch_tells_whether_more_follow() {
        let page = Page::from_overfetch(vec![1, 2, 3], 2);
        assert_eq!(page.items, vec![1, 2]);
        assert!(page.has_next_page);
        let last = Page::from_overfetch(vec![1, 2], 2);
        assert!(!last.has_next_page);
    }
}
