//! Byte offsets → 1-based line and column.

/// A 1-based line and column; the column counts Unicode scalar values (chars).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Line starts of a text, for converting byte offsets.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` (lines end at `\n`; a `\r` before it belongs to the line's end).
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        // Every report indexes its whole file: a vectorised search.
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// The position of a byte offset (clamped to the text; an offset inside a
    /// character counts from that character's start; a leading byte-order
    /// mark takes no column).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let mut column = self.text[self.starts[line]..offset].chars().count() + 1;
        // A UTF-8 byte-order mark is not a column: editors do not show it.
        if line == 0 && offset >= 3 && self.text.starts_with('\u{feff}') {
            column -= 1;
        }
        Position {
            line: line + 1,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_char_columns() {
        let text = "ab\r\n🔥x\ny";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(4), Position { line: 2, column: 1 });
        assert_eq!(idx.position(8), Position { line: 2, column: 2 });
        assert_eq!(idx.position(5), Position { line: 2, column: 1 });
        assert_eq!(idx.position(text.len()), Position { line: 3, column: 2 });
    }
}
