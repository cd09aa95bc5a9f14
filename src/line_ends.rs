//! Line ends in a source text: `\n`, `\r\n` (one line end) or a lone `\r`
//! (old Mac files), as CommonMark 0.31 §2.1 and LSP 3.17 count them.
//! Offsets are byte offsets into the text (0-based).

/// The byte offsets where a line starts after a line end in
/// `text[from..to]`, in order (`from` and `to` are clamped to the text).
/// A `\r` at `to - 1` is looked past to tell a lone one from a `\r\n`.
pub fn starts_in(text: &str, from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let to = to.min(bytes.len());
    let from = from.min(to);
    // Every report indexes its whole file: a vectorised search.
    memchr::memchr2_iter(b'\n', b'\r', &bytes[from..to]).filter_map(move |i| {
        let at = from + i;
        (bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n')).then_some(at + 1)
    })
}

/// Whether `text` ends its lines the old Mac way, in lone `\r`s: more of
/// its line ends are lone `\r`s than `\n`s. pulldown-cmark 0.13 ends fenced
/// code and HTML blocks only at `\n` (its issue #1106), so such a text is
/// read only in part, and fixing it is refused: a section inserted after an
/// open fence would not be read, and be inserted again. (A stray `\r` in a
/// text of `\n` line ends, a progress bar's in a log, changes nothing.)
pub fn old_mac_line_ends(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr(b'\r', bytes).is_some() && {
        let lone = memchr::memchr_iter(b'\r', bytes)
            .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
            .count();
        lone > memchr::memchr_iter(b'\n', bytes).count()
    }
}

/// The start of the line holding byte `at` (clamped to the text).
pub fn line_start(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    // A `\r` right before `at`'s `\n` is that line end's first half.
    let end = if at > 0 && bytes[at - 1] == b'\r' && bytes.get(at) == Some(&b'\n') {
        at - 1
    } else {
        at
    };
    bytes[..end]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1)
}

/// The end of the line holding byte `at` (clamped to the text): the offset
/// of its line end (`\n`, `\r\n` or a lone `\r`), or the text's length.
pub fn line_end(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    memchr::memchr2(b'\n', b'\r', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i)
}

/// The start of the line after the one holding byte `at`, or the text's
/// length when that line is the last.
pub fn next_line_start(text: &str, at: usize) -> usize {
    starts_in(text, at, text.len()).next().unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_line_end() {
        let text = "a\rb\r\nc\n\rd";
        let starts: Vec<usize> = starts_in(text, 0, text.len()).collect();
        assert_eq!(starts, [2, 5, 7, 8]);
        // `\r` then `\n` is one end, even when a range ends between them.
        assert_eq!(starts_in(text, 0, 4).collect::<Vec<_>>(), [2]);
        assert_eq!(starts_in(text, 4, 99).collect::<Vec<_>>(), [5, 7, 8]);
        assert_eq!(line_start(text, 4), 2);
        assert_eq!(line_start(text, 5), 5);
        assert_eq!(line_start(text, 99), 8);
        assert_eq!(line_end(text, 0), 1);
        assert_eq!(line_end(text, 2), 3);
        assert_eq!(line_end(text, 9), text.len());
        assert_eq!(line_end(text, 99), text.len());
        assert_eq!(next_line_start(text, 0), 2);
        assert_eq!(next_line_start(text, 2), 5);
        assert_eq!(next_line_start(text, 8), text.len());
        assert!(old_mac_line_ends("a\rb\r") && old_mac_line_ends("a\r"));
        assert!(!old_mac_line_ends(text) && !old_mac_line_ends("a\r\nb\r\n"));
        assert!(!old_mac_line_ends("a\nb") && !old_mac_line_ends("log\rbar\n"));
        assert!(old_mac_line_ends("a\rb\rc\n"));
    }
}
