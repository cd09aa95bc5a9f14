//! Small char-safe helpers shared by the parsers in this module.
//!
//! Every function takes byte positions and never panics: a position that is
//! out of range or not on a `char` boundary simply yields "nothing there".

/// Horizontal white space allowed inside a timestamp: space, tab and the
/// no-break / thin spaces that pasted text often carries.
pub(crate) fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

/// A letter, digit or `_` (what a regex `\w` matches, roughly).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// An ASCII letter, digit or `_`: what `(?-u:\b)` treats as a word byte.
pub(crate) fn is_ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// An ASCII word boundary at byte `at` of `text` (`(?-u:\b)`): a word byte
/// ([`is_ascii_word`]) on one side only.
pub(crate) fn ascii_word_boundary(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let before = at > 0 && bytes.get(at - 1).copied().is_some_and(is_ascii_word);
    let after = bytes.get(at).copied().is_some_and(is_ascii_word);
    before != after
}

/// The char starting at byte `pos`, if `pos` is a char boundary inside `text`.
pub(crate) fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// The char ending at byte `pos`, if `pos` is a char boundary of `text`.
pub(crate) fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// The ASCII byte at `pos`, or 0 past the end.
pub(crate) fn byte_at(text: &str, pos: usize) -> u8 {
    text.as_bytes().get(pos).copied().unwrap_or(0)
}

/// Skips at most `max` horizontal spaces starting at `pos`.
pub(crate) fn skip_hspace(text: &str, pos: usize, max: usize) -> usize {
    let mut p = pos;
    for _ in 0..max {
        match char_at(text, p) {
            Some(c) if is_hspace(c) => p += c.len_utf8(),
            _ => break,
        }
    }
    p
}

/// The run of ASCII digits starting at `pos`: `(length in bytes, value)`.
/// The value saturates instead of overflowing.
pub(crate) fn digits_at(text: &str, pos: usize) -> (usize, u64) {
    let bytes = text.as_bytes();
    let mut len = 0;
    let mut value: u64 = 0;
    while let Some(b) = bytes.get(pos + len) {
        if !b.is_ascii_digit() {
            break;
        }
        value = value.saturating_mul(10).saturating_add(u64::from(b - b'0'));
        len += 1;
    }
    (len, value)
}

/// The run of ASCII letters starting at `pos` (empty past the end).
pub(crate) fn letters_at(text: &str, pos: usize) -> &str {
    let bytes = text.as_bytes();
    let mut end = pos;
    while bytes.get(end).is_some_and(u8::is_ascii_alphabetic) {
        end += 1;
    }
    // `pos..end` holds only ASCII letters, so both ends are char boundaries
    // whenever `pos` is; `get` covers the other cases.
    text.get(pos..end).unwrap_or("")
}

/// The smallest char boundary `>= pos` (clamped to the text).
pub(crate) fn ceil_boundary(text: &str, pos: usize) -> usize {
    let mut p = pos.min(text.len());
    while !text.is_char_boundary(p) {
        p += 1;
    }
    p
}

/// The start of a look-behind window of about `width` bytes ending at `end`,
/// never before `floor`, on a char boundary.
pub(crate) fn window_start(text: &str, floor: usize, end: usize, width: usize) -> usize {
    ceil_boundary(text, end.saturating_sub(width).max(floor).min(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_are_char_safe() {
        let s = "•\u{a0}10";
        assert_eq!(char_at(s, 1), None); // inside `•`
        assert_eq!(char_at(s, 0), Some('•'));
        assert_eq!(char_before(s, 3), Some('•'));
        assert_eq!(char_before(s, 2), None);
        assert_eq!(skip_hspace(s, 3, 3), 5);
        assert_eq!(digits_at(s, 5), (2, 10));
        assert_eq!(digits_at(s, 99), (0, 0));
        assert_eq!(byte_at(s, 99), 0);
        assert_eq!(ceil_boundary(s, 2), 3);
        assert_eq!(ceil_boundary(s, 99), s.len());
        assert_eq!(window_start(s, 0, 5, 3), 3);
        assert_eq!(letters_at("abc1", 0), "abc");
        assert_eq!(letters_at("abc", 7), "");
    }

    #[test]
    fn digit_values_saturate() {
        let long = "9".repeat(40);
        assert_eq!(digits_at(&long, 0), (40, u64::MAX));
    }
}
