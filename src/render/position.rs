//! Byte offsets → 1-based line and column.

/// A 1-based line and column; the column counts Unicode scalar values (chars).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in chars (Unicode scalar values) from the line's start.
    pub column: usize,
}

/// Line starts of a text, for converting byte offsets.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` (lines end at `\n`, `\r\n` or a lone `\r`:
    /// [`crate::line_ends`]).
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(crate::line_ends::starts_in(text, 0, text.len()));
        LineIndex { text, starts }
    }

    /// The indexed text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Byte offsets of the line starts: 0, then one after each line end.
    pub fn starts(&self) -> &[usize] {
        &self.starts
    }

    /// The position of a byte offset (clamped to the text; an offset inside a
    /// character counts from that character's start; a leading byte-order
    /// mark takes no column).
    pub fn position(&self, offset: usize) -> Position {
        let offset = char_start(self.text, offset);
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        position_on_line(self.text, line, self.starts[line], offset)
    }
}

/// `offset` clamped to `text` and moved back to the start of its character.
fn char_start(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The position of char boundary `offset` on 0-based line `line`, which
/// starts at byte `line_start`.
fn position_on_line(text: &str, line: usize, line_start: usize, offset: usize) -> Position {
    let mut column = text[line_start..offset].chars().count() + 1;
    // A UTF-8 byte-order mark is not a column: editors do not show it.
    if line == 0 && offset >= 3 && text.starts_with('\u{feff}') {
        column -= 1;
    }
    Position {
        line: line + 1,
        column,
    }
}

/// Positions of byte offsets asked for in increasing order, found by reading
/// the text only as far as the last one (a file's few diagnostics need not
/// index the whole file). The same positions as [`LineIndex::position`]; an
/// offset before the previous one starts the reading over.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    text: &'a str,
    /// Where the reading has got to, with the 0-based line there and its start.
    at: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Self {
        Cursor {
            text,
            at: 0,
            line: 0,
            line_start: 0,
        }
    }

    /// The 1-based line and column of byte `offset` (clamped, as
    /// [`LineIndex::position`] does).
    pub fn position(&mut self, offset: usize) -> Position {
        let offset = char_start(self.text, offset);
        if offset < self.at {
            *self = Cursor::new(self.text);
        }
        for start in crate::line_ends::starts_in(self.text, self.at, offset) {
            self.line += 1;
            self.line_start = start;
        }
        self.at = offset;
        position_on_line(self.text, self.line, self.line_start, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cursor gives [`LineIndex`]'s positions, for offsets in order,
    /// repeated, out of order and inside characters.
    #[test]
    fn cursor_positions_are_the_index_positions() {
        let text = "\u{feff}ab\r\n🔥x\n\ny\u{e9}z\r\r\n";
        let index = LineIndex::new(text);
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        offsets.extend([7, 3, 3, 0, text.len(), 5, 12]);
        let mut cursor = Cursor::new(text);
        for &offset in &offsets {
            assert_eq!(cursor.position(offset), index.position(offset), "{offset}");
        }
        for offset in offsets.iter().rev() {
            assert_eq!(
                cursor.position(*offset),
                index.position(*offset),
                "{offset}"
            );
        }
    }

    /// A lone `\r` ends a line (old Mac files); `\r\n` ends one line.
    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "a\rb\r\nc\r\rd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.starts(), [0, 2, 5, 7, 8]);
        assert_eq!(idx.position(2), Position { line: 2, column: 1 });
        assert_eq!(idx.position(4), Position { line: 2, column: 3 });
        assert_eq!(idx.position(8), Position { line: 5, column: 1 });
        let mut cursor = Cursor::new(text);
        for offset in 0..=text.len() {
            assert_eq!(cursor.position(offset), idx.position(offset), "{offset}");
        }
    }

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
