//! Byte offsets ↔ LSP positions.
//!
//! An LSP position is a 0-based line and a 0-based character offset within
//! that line, counted in the code units of the negotiated position encoding
//! (LSP 3.17 §Position, §PositionEncodingKind): UTF-16 code units by default,
//! UTF-8 bytes when both sides agree on `utf-8`. Lines end at `\n`, `\r\n` or
//! a lone `\r` (LSP 3.17 §Text Documents); a position's character never
//! points into a line's terminator.

use lsp_types::{Position, PositionEncodingKind, Range};

/// The unit that [`Position::character`] counts (LSP 3.17 §PositionEncodingKind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 code units (bytes): `"utf-8"`.
    Utf8,
    /// UTF-16 code units: `"utf-16"`, the protocol's default and the only
    /// encoding every client must support.
    #[default]
    Utf16,
}

impl Encoding {
    /// Picks the encoding from the client's `general.positionEncodings`
    /// (LSP 3.17 §ClientCapabilities): UTF-8 when offered, else UTF-16 (also
    /// when the client sends no list, as the spec requires).
    pub fn negotiate(offered: &[PositionEncodingKind]) -> Encoding {
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    /// The kind sent back in `ServerCapabilities.positionEncoding`.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    /// How many code units `text` has in this encoding.
    pub fn len(self, text: &str) -> usize {
        match self {
            Encoding::Utf8 => text.len(),
            Encoding::Utf16 => text.chars().map(char::len_utf16).sum(),
        }
    }
}

/// Line starts and line-content ends of a text, for converting offsets.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// `lines[i]`: byte range of line `i`'s content (terminator excluded).
    lines: Vec<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`: lines end at `\n`, `\r\n` or a lone `\r`.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut lines = Vec::new();
        let mut start = 0;
        for next in crate::line_ends::starts_in(text, 0, text.len()) {
            // The line's content ends before its `\n`, `\r\n` or lone `\r`.
            let crlf = bytes[next - 1] == b'\n' && next >= 2 && bytes[next - 2] == b'\r';
            lines.push((start, next - 1 - usize::from(crlf)));
            start = next;
        }
        lines.push((start, text.len()));
        LineIndex { text, lines }
    }

    /// The LSP position of byte `offset` (clamped to the text; an offset
    /// inside a character counts from that character's start, one inside a
    /// line terminator from the line's end).
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.partition_point(|&(s, _)| s <= offset) - 1;
        let (start, end) = self.lines[line];
        let character = encoding.len(&self.text[start..offset.min(end)]);
        Position::new(line as u32, character as u32)
    }

    /// The LSP range of a byte range.
    pub fn range(&self, span: std::ops::Range<usize>, encoding: Encoding) -> Range {
        Range::new(
            self.position(span.start, encoding),
            self.position(span.end.max(span.start), encoding),
        )
    }

    /// The byte offset of an LSP position. As the spec asks, a line past the
    /// last means the end of the text and a character past the line's end
    /// means the line's end (before its terminator); a character inside a
    /// UTF-16 surrogate pair or a UTF-8 sequence counts from that character's start.
    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        let Some(&(start, end)) = self.lines.get(position.line as usize) else {
            return self.text.len();
        };
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            let next = units
                + match encoding {
                    Encoding::Utf8 => c.len_utf8(),
                    Encoding::Utf16 => c.len_utf16(),
                };
            if next > wanted {
                return start + i;
            }
            units = next;
        }
        end
    }

    /// How many lines the text has (an empty text, or one ending in a
    /// terminator, has an empty last line).
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    /// Every char boundary converts to a position and back to itself.
    fn round_trips(text: &str) {
        let idx = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let at_terminator = matches!(text.as_bytes().get(i.wrapping_sub(1)), Some(b'\r'))
                    && text.as_bytes().get(i) == Some(&b'\n');
                if at_terminator {
                    continue; // between \r and \n: maps to the line's end
                }
                let p = idx.position(i, enc);
                assert_eq!(idx.offset(p, enc), i, "{enc:?} offset {i} in {text:?}");
            }
        }
    }

    #[test]
    fn negotiation_prefers_utf8_else_utf16() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(&[K::UTF16, K::UTF8]), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(&[K::UTF16]), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(&[K::UTF32]), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(&[]), Encoding::Utf16);
    }

    #[test]
    fn emoji_before_the_diagnostic() {
        // 🔥 is 4 bytes, 2 UTF-16 units; 👩‍💻 is 👩 + ZWJ + 💻: 11 bytes, 5 units.
        let text = "🔥 outage 👩‍💻 on-call: 10:00 UTC\n";
        let at = text.find("10:00").unwrap();
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(at, Encoding::Utf8), pos(0, at as u32));
        assert_eq!(at, 4 + 8 + 11 + 10);
        assert_eq!(idx.position(at, Encoding::Utf16), pos(0, 2 + 8 + 5 + 10));
        assert_eq!(idx.offset(pos(0, 25), Encoding::Utf16), at);
        round_trips(text);
    }

    #[test]
    fn non_latin_text_before_the_diagnostic() {
        // 日本語: 3 chars × 3 bytes, 1 unit each; ру́сский: 8 chars (a combining
        // acute accent included) of 2 bytes, 1 unit each.
        let text = "# 日本語\nру́сский PM\n";
        let idx = LineIndex::new(text);
        let pm = text.find("PM").unwrap();
        assert_eq!(idx.position(pm, Encoding::Utf16), pos(1, 9));
        assert_eq!(idx.position(pm, Encoding::Utf8), pos(1, 17));
        assert_eq!(idx.offset(pos(1, 9), Encoding::Utf16), pm);
        assert_eq!(idx.offset(pos(1, 17), Encoding::Utf8), pm);
        assert_eq!(
            idx.position(text.find('本').unwrap(), Encoding::Utf16),
            pos(0, 3)
        );
        round_trips(text);
    }

    #[test]
    fn crlf_and_lone_cr_lines() {
        let text = "a🔥\r\nb\rc\n\r\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 5);
        assert_eq!(
            idx.position(text.find('b').unwrap(), Encoding::Utf16),
            pos(1, 0)
        );
        assert_eq!(
            idx.position(text.find('c').unwrap(), Encoding::Utf16),
            pos(2, 0)
        );
        assert_eq!(
            idx.position(text.find('d').unwrap(), Encoding::Utf16),
            pos(4, 0)
        );
        // The end of line 0's content, and the offset between \r and \n.
        assert_eq!(idx.position(5, Encoding::Utf16), pos(0, 3));
        assert_eq!(idx.position(6, Encoding::Utf16), pos(0, 3));
        assert_eq!(idx.position(6, Encoding::Utf8), pos(0, 5));
        round_trips(text);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\r\n🔥x\n";
        let idx = LineIndex::new(text);
        // Past the line's end: the line's end, before its terminator.
        assert_eq!(idx.offset(pos(0, 99), Encoding::Utf16), 2);
        // Past the last line: the end of the text.
        assert_eq!(idx.offset(pos(9, 0), Encoding::Utf16), text.len());
        // Inside the surrogate pair of 🔥: the emoji's start.
        assert_eq!(idx.offset(pos(1, 1), Encoding::Utf16), 4);
        // Inside 🔥's UTF-8 bytes: the emoji's start.
        assert_eq!(idx.offset(pos(1, 2), Encoding::Utf8), 4);
        assert_eq!(idx.offset(pos(1, 2), Encoding::Utf16), 8);
        // Offsets past the text, or inside a character.
        assert_eq!(idx.position(999, Encoding::Utf16), pos(2, 0));
        assert_eq!(idx.position(6, Encoding::Utf16), pos(1, 0));
    }

    #[test]
    fn empty_text() {
        let idx = LineIndex::new("");
        assert_eq!(idx.position(0, Encoding::Utf16), pos(0, 0));
        assert_eq!(idx.offset(pos(0, 5), Encoding::Utf8), 0);
        assert_eq!(
            idx.range(0..0, Encoding::Utf16),
            Range::new(pos(0, 0), pos(0, 0))
        );
    }
}
