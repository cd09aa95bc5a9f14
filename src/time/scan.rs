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

/// Whether `word` is one of `list` (lower-case ASCII words) in some ASCII
/// case, without a lower-cased copy.
pub(crate) fn is_any_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// `word` as one number, its bytes from the most significant down (ASCII
/// letters lower-cased when `lower`), so that a sorted list of such numbers
/// answers a lookup by integer comparisons, not by `memcmp` calls. `None`
/// when `word` is longer than 16 bytes. Words without a zero byte give
/// distinct numbers, ordered as the words are.
pub(crate) fn packed(word: &[u8], lower: bool) -> Option<u128> {
    if word.len() > 16 {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (b, &w) in bytes.iter_mut().zip(word) {
        *b = if lower { w.to_ascii_lowercase() } else { w };
    }
    Some(u128::from_be_bytes(bytes))
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

/// The first ASCII digit in `bytes[from..stop]` (`stop` clamped to the
/// length), as a byte offset into `bytes`. Every timestamp search starts at
/// the digits of long summary lines, so eight bytes are tested at a time:
/// in each byte's low seven bits, adding 0x50 sets the top bit from `0` up
/// and adding 0x46 from `:` up (no sum carries into the next byte), and the
/// byte's own top bit rules out non-ASCII bytes.
pub(crate) fn next_digit(bytes: &[u8], from: usize, stop: usize) -> Option<usize> {
    next_in_range::<b'0', b'9'>(bytes, from, stop)
}

/// The first ASCII upper-case letter in `bytes[from..]`, as [`next_digit`]
/// finds digits.
pub(crate) fn next_upper(bytes: &[u8], from: usize) -> Option<usize> {
    next_in_range::<b'A', b'Z'>(bytes, from, bytes.len())
}

/// The first byte from `LO` to `HI` (ASCII, `LO` above 0) in
/// `bytes[from..stop]`, eight bytes at a time (see [`next_digit`]).
fn next_in_range<const LO: u8, const HI: u8>(
    bytes: &[u8],
    from: usize,
    stop: usize,
) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let stop = stop.min(bytes.len());
    let mut i = from;
    while i + 8 <= stop {
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let w = u64::from_le_bytes(word);
        let low = w & !HIGH;
        let from_lo = low.wrapping_add(ONES * (0x80 - u64::from(LO)));
        let past_hi = low.wrapping_add(ONES * (0x80 - u64::from(HI) - 1));
        let found = from_lo & !past_hi & !w & HIGH;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    (i..stop).find(|&j| (LO..=HI).contains(&bytes[j]))
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

    /// Packed words compare as the words do, equal only when the words are
    /// (lower-cased first when asked), and longer words have no number.
    #[test]
    fn packed_words_keep_order_and_identity() {
        let words = [
            "",
            "a",
            "A",
            "ab",
            "abc",
            "b",
            "UTC",
            "utc",
            "UTCX",
            "seventeen",
            "zzzzzzzzzzzzzzzz",
        ];
        for x in words {
            for y in words {
                let (px, py) = (packed(x.as_bytes(), false), packed(y.as_bytes(), false));
                assert_eq!(px.cmp(&py), x.cmp(y), "{x:?} {y:?}");
                let (lx, ly) = (packed(x.as_bytes(), true), packed(y.as_bytes(), true));
                assert_eq!(lx == ly, x.eq_ignore_ascii_case(y), "{x:?} {y:?}");
            }
        }
        assert_eq!(packed(b"seventeen-letters", false), None);
    }

    /// `next_digit` is the byte-by-byte search, for every start and stop in
    /// texts of digits, their neighbours `/` and `:`, ASCII letters and
    /// multi-byte chars whose bytes' low seven bits look like digits or
    /// their neighbours (`°` is C2 B0, `¹` C2 B9, `º` C2 BA, `¯` C2 AF).
    #[test]
    fn next_digit_is_the_byte_search() {
        const TOKENS: &[&str] = &[
            "0", "9", "5", "/", ":", "a", "\x7f", "é", "₀", "°", "¹", "º", "¯", "12",
        ];
        for text in crate::rules::util::token_texts(0x2545_f491_4f6c_dd1d, TOKENS, 40, 20_000) {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() {
                for stop in [
                    from,
                    bytes.len(),
                    bytes.len() + 3,
                    (from + 9).min(bytes.len()),
                ] {
                    let want = (from..stop.min(bytes.len())).find(|&j| bytes[j].is_ascii_digit());
                    assert_eq!(
                        next_digit(bytes, from, stop),
                        want,
                        "{text:?} {from} {stop}"
                    );
                }
            }
        }
    }

    /// `next_upper` is the byte-by-byte search, with the neighbours of `A`
    /// and `Z` (`@`, `[`), lower case, and multi-byte chars whose bytes' low
    /// seven bits look like capitals (`Á` is C3 81, `ÿ` C3 BF, `Ł` C5 81).
    #[test]
    fn next_upper_is_the_byte_search() {
        const TOKENS: &[&str] = &[
            "A", "Z", "M", "@", "[", "a", "z", "`", "{", "Á", "ÿ", "Ł", "é", " ", "UTC",
        ];
        let mut found = 0;
        for text in crate::rules::util::token_texts(0x51a7_e0f1_cafe_d00d, TOKENS, 40, 20_000) {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() {
                let want = (from..bytes.len()).find(|&j| bytes[j].is_ascii_uppercase());
                found += usize::from(want.is_some());
                assert_eq!(next_upper(bytes, from), want, "{text:?} {from}");
            }
        }
        assert!(found > 10_000, "only {found} found");
    }

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
