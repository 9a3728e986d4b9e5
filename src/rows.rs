//! Tables of rows (atom → matchers, pattern → atoms, literal → regexes) in two allocations each:
//! the built-in packs have tens of thousands of short rows, and one allocation per row was a
//! measurable share of a `Linter`'s start-up.

/// A table of rows in two allocations, not one per row: row `i` is
/// `items[starts[i]..starts[i + 1]]`.
#[derive(Debug)]
pub(crate) struct Rows<T> {
    starts: Vec<usize>,
    items: Vec<T>,
}

impl<T> Default for Rows<T> {
    fn default() -> Self {
        Rows {
            starts: vec![0],
            items: Vec::new(),
        }
    }
}

impl<T: Copy> Rows<T> {
    /// Rows `0..n` of `(row, item)` pairs, each row's items in the pairs' order.
    pub(crate) fn from_pairs(n: usize, pairs: impl IntoIterator<Item = (usize, T)>) -> Rows<T> {
        let pairs: Vec<(usize, T)> = pairs.into_iter().collect();
        let mut starts = vec![0; n + 1];
        for &(row, _) in &pairs {
            starts[row + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        // Placed by a cursor per row (a counting sort): linear, and stable.
        let mut next = starts.clone();
        let mut items = match pairs.first() {
            Some(&(_, first)) => vec![first; pairs.len()],
            None => Vec::new(),
        };
        for (row, item) in pairs {
            items[next[row]] = item;
            next[row] += 1;
        }
        Rows { starts, items }
    }

    pub(crate) fn push_row(&mut self, row: &[T]) {
        self.items.extend_from_slice(row);
        self.starts.push(self.items.len());
    }

    /// Row `i`, if there is one.
    pub(crate) fn get(&self, i: usize) -> Option<&[T]> {
        let (&from, &to) = (self.starts.get(i)?, self.starts.get(i + 1)?);
        Some(&self.items[from..to])
    }
}

impl<T> std::ops::Index<usize> for Rows<T> {
    type Output = [T];

    fn index(&self, i: usize) -> &[T] {
        &self.items[self.starts[i]..self.starts[i + 1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_hold_each_rows_items_in_pair_order_and_empty_rows_too() {
        let rows = Rows::from_pairs(4, [(2, 'a'), (0, 'b'), (2, 'c'), (0, 'd')]);
        assert_eq!(&rows[0], ['b', 'd']);
        assert!(rows[1].is_empty() && rows[3].is_empty());
        assert_eq!(&rows[2], ['a', 'c']);
        assert_eq!(rows.get(4), None);
        let mut pushed = Rows::default();
        pushed.push_row(&rows[2]);
        assert_eq!(pushed.get(0), Some(&['a', 'c'][..]));
    }
}
