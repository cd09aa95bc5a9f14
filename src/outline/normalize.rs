//! Heading text normalisation and the small text tests heading detection uses.

use crate::time::matcher::{self, Class, Grammar, Node, Pattern, lit, opt};

/// Leading numbering of a normalised heading (`1.`, `2.3 `, `iv.`, `step 2:`).
/// The regex (`\s`, `\d`: Unicode white space and digits) is the
/// specification; the grammar, with the same classes read by regex-syntax,
/// runs where [`Pattern`] gives it the text, so a one-file run compiles no
/// regex for headings (0.45 ms; most headings are numbered).
static NUMBERING: Pattern = Pattern::new(numbering_grammar, || {
    regex::Regex::new(
        r"^(?:(?:step|phase|part|section|stage)\s+\d+\s*[:.)-]?\s*|\d+(?:\.\d+)*\s*[.):-]?\s+|\d+(?:\.\d+)*\s*[.):-]\s*|[ivx]+[.)]\s+|[a-h][.)]\s+)",
    )
    .expect("valid regex")
});

fn numbering_grammar() -> Grammar {
    let space = Class::unicode(r"\s");
    let digit = Class::unicode(r"\d");
    let digits = || Node::Repeat(digit, 1, usize::MAX);
    let spaces = |min| Node::Repeat(space, min, usize::MAX);
    let one_of = |set: &[u8]| Node::Repeat(Class::ascii(matcher::ascii_set(set)), 1, 1);
    // `\d+(?:\.\d+)*`
    let number = || {
        Node::Seq(vec![
            digits(),
            Node::star(Node::Seq(vec![lit("."), digits()])),
        ])
    };
    Grammar::new(Node::alt(vec![
        Node::Seq(vec![
            Node::alt(
                ["step", "phase", "part", "section", "stage"]
                    .into_iter()
                    .map(lit)
                    .collect(),
            ),
            spaces(1),
            digits(),
            spaces(0),
            opt(one_of(b":.)-")),
            spaces(0),
        ]),
        Node::Seq(vec![number(), spaces(0), opt(one_of(b".):-")), spaces(1)]),
        Node::Seq(vec![number(), spaces(0), one_of(b".):-"), spaces(0)]),
        Node::Seq(vec![
            Node::Repeat(Class::ascii(matcher::ascii_set(b"ivx")), 1, usize::MAX),
            one_of(b".)"),
            spaces(1),
        ]),
        Node::Seq(vec![
            Node::Repeat(Class::ascii(matcher::ascii_range(b'a', b'h')), 1, 1),
            one_of(b".)"),
            spaces(1),
        ]),
    ]))
}

/// Punctuation [`normalize_heading`] keeps (everything else but letters,
/// digits and `&` becomes a space).
/// Punctuation normalising keeps: `-;:'’/()?!.,"`.
const fn is_kept(c: char) -> bool {
    matches!(
        c,
        '-' | ';' | ':' | '\'' | '’' | '/' | '(' | ')' | '?' | '!' | '.' | ',' | '"'
    )
}

/// Whether [`NUMBERING`] can match normalised text `s` (a necessary
/// condition, checked without the regex): `s` starts with a digit, with
/// `step`, `phase`, `part`, `section` or `stage` and a space (normalised
/// white space is one space), or with a run of `i`, `v`, `x` or one of
/// `a`–`h`, then `.` or `)`.
fn may_be_numbered(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if first.is_ascii_digit() || !first.is_ascii() {
        return true; // `\d` also matches digits of other scripts
    }
    if ["step ", "phase ", "part ", "section ", "stage "]
        .iter()
        .any(|w| s.starts_with(w))
    {
        return true;
    }
    let roman = b
        .iter()
        .take_while(|c| matches!(c, b'i' | b'v' | b'x'))
        .count();
    let letter = usize::from(matches!(first, b'a'..=b'h'));
    [roman, letter]
        .iter()
        .any(|&n| n > 0 && matches!(b.get(n), Some(b'.' | b')')))
}

/// Normalises heading text for section matching: drops emoji, symbols and
/// leftover Markdown markup (`*`, `_`, `` ` ``, `#`), reads `&` as `and`,
/// folds case and white space, removes leading numbering (`1.`, `2.3`, `IV.`,
/// `Step 2:`) and trailing `:`, `;` and `.`.
///
/// The input is the heading's plain text (link text kept, images and inline
/// HTML already removed by the outline builder).
pub fn normalize_heading(text: &str) -> String {
    let out = if text.is_ascii() {
        fold_ascii(text)
    } else {
        fold_chars(text)
    };
    cut_to(out, |mut s| {
        // Numbering may repeat ("1. Step 2: ..."): strip up to twice. Every
        // numbering starts with a digit or one of these letters.
        for _ in 0..2 {
            if may_be_numbered(s)
                && let Some(m) = NUMBERING.find_at_start(s)
            {
                s = &s[m.end..];
            }
        }
        s.trim_matches(|c: char| c == ':' || c == ';' || c.is_whitespace() || c == '.')
            .trim_start_matches(['(', '-'])
            .trim()
    })
}

/// The first step of [`normalize_heading`], for any text: each char mapped
/// (letters and digits lower-cased, kept punctuation kept, `&` read as
/// `and`, everything else a space), white space runs folded to one space,
/// none at the start.
fn fold_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut space = false;
    let mut push = |out: &mut String, c: char| {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    };
    for c in text.chars() {
        if c == '&' {
            for a in " and ".chars() {
                push(&mut out, a);
            }
        } else if c.is_ascii_alphanumeric() {
            push(&mut out, c.to_ascii_lowercase());
        } else if c.is_alphanumeric() || is_kept(c) {
            for l in c.to_lowercase() {
                push(&mut out, l);
            }
        } else {
            push(&mut out, ' ');
        }
    }
    out
}

/// [`fold_chars`] for ASCII text (most headings), a byte at a time: what
/// each byte becomes is looked up in [`ASCII_FOLD`].
fn fold_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut space = false;
    for &b in text.as_bytes() {
        match ASCII_FOLD[usize::from(b)] {
            b' ' => space = !out.is_empty(),
            b'&' => {
                // ` and `
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str("and");
                space = true;
            }
            to => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(char::from(to));
            }
        }
    }
    out
}

/// What [`fold_chars`] makes of each ASCII byte: a letter or digit
/// lower-cased, kept punctuation itself, `&` itself (read as ` and `), any
/// other byte a space. Bytes 128 and up are never looked up.
static ASCII_FOLD: [u8; 256] = {
    let mut fold = [b' '; 256];
    let mut b = 0u8;
    while b < 128 {
        if b.is_ascii_alphanumeric() {
            fold[b as usize] = b.to_ascii_lowercase();
        } else if is_kept(b as char) || b == b'&' {
            fold[b as usize] = b;
        }
        b += 1;
    }
    fold
};

/// `text` cut down, in place (no copy), to the part of it that `keep`
/// returns: a slice of its argument, such as `str::trim` gives. (Were it
/// not one, a copy of what it returns is given.)
pub(super) fn cut_to(mut text: String, keep: impl FnOnce(&str) -> &str) -> String {
    let kept = keep(&text);
    let start = (kept.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    if start > text.len() || kept.len() > text.len() - start {
        return kept.to_owned();
    }
    let end = start + kept.len();
    text.truncate(end);
    text.drain(..start);
    text
}

/// Whether `word_count(&normalize_heading(text)) > max` is certain, checked
/// cheaply, without normalising: when `text` has more than `max` words
/// holding a letter or digit, or more than `max + 4` when the text may start
/// with numbering. Normalising never joins two words and keeps every letter
/// and digit; it only splits words, and drops numbering (at most four words,
/// `Step 2: 1.` … twice), which needs the normalised text to start with a
/// digit or one of the letters numbering starts with.
pub fn surely_more_words(text: &str, max: usize) -> bool {
    // The first character normalising keeps, lower-cased (`&` becomes `and`).
    let first = text
        .chars()
        .find(|&c| c == '&' || c.is_alphanumeric() || is_kept(c))
        .map(|c| if c == '&' { 'a' } else { c });
    let numbered = first.is_some_and(|c| {
        !c.is_ascii() || {
            let b = c.to_ascii_lowercase() as u8;
            b.is_ascii_digit() || b"abcdefghipsvx".contains(&b)
        }
    });
    let slack = if numbered { 4 } else { 0 };
    more_words_than(text, max + slack)
}

/// Whether `text` has more than `n` white-space-separated words holding a
/// letter or digit (as `split_whitespace` and `char::is_alphanumeric` read
/// them). Most lines are ASCII: read 16 bytes at a time, where
/// `char::is_whitespace` is `[ \t\n\x0B\x0C\r]` and `is_alphanumeric` is
/// `[0-9A-Za-z]`, up to the answer (long lines have it in their first
/// words) or the first 16 bytes holding a non-ASCII one (then by chars).
fn more_words_than(text: &str, n: usize) -> bool {
    let mut count = 0;
    let mut has_alnum = false;
    for chunk in text.as_bytes().chunks(16) {
        if !chunk.is_ascii() {
            // The answer is the same in any reading (Unicode white space is
            // not ASCII): read the text again by chars.
            return text
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .nth(n)
                .is_some();
        }
        // No branch on the byte's class (white space comes at random in
        // prose): a word is counted at the white space that ends it.
        for &b in chunk {
            let class = WORD_CLASS[usize::from(b)];
            let space = class == WHITE_SPACE;
            count += usize::from(space & has_alnum);
            has_alnum = !space & (has_alnum | (class == ALPHANUMERIC));
        }
        if count > n {
            return true;
        }
    }
    count + usize::from(has_alnum) > n
}

/// [`WORD_CLASS`]: `char::is_whitespace` for an ASCII byte.
const WHITE_SPACE: u8 = 1;
/// [`WORD_CLASS`]: `[0-9A-Za-z]`.
const ALPHANUMERIC: u8 = 2;

/// What [`more_words_than`] reads in each ASCII byte ([`WHITE_SPACE`],
/// [`ALPHANUMERIC`] or 0); bytes 128 and up are never looked up.
static WORD_CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0u8;
    while b < 128 {
        if is_ascii_whitespace_char(b) {
            class[b as usize] = WHITE_SPACE;
        } else if b.is_ascii_alphanumeric() {
            class[b as usize] = ALPHANUMERIC;
        }
        b += 1;
    }
    class
};

/// Number of words in a normalised text (as `split_whitespace` counts them;
/// ASCII text is read byte by byte).
pub fn word_count(normalised: &str) -> usize {
    if !normalised.is_ascii() {
        return normalised.split_whitespace().count();
    }
    let mut count = 0;
    let mut in_word = false;
    for &b in normalised.as_bytes() {
        let space = is_ascii_whitespace_char(b);
        count += usize::from(!space && !in_word);
        in_word = !space;
    }
    count
}

/// `char::is_whitespace` for an ASCII byte: `[ \t\n\x0B\x0C\r]` (unlike
/// `u8::is_ascii_whitespace`, which leaves out `\x0B`).
const fn is_ascii_whitespace_char(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Strips trailing emphasis markers and white space (`**Root Cause:**` → `**Root Cause:`).
fn trim_end_markup(text: &str) -> &str {
    text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`'))
}

/// Whether the text ends like a sentence or a list: in `.`, `?`, `!` or `,`
/// (after trailing emphasis markers), which disqualifies it as a heading.
pub fn ends_like_sentence(text: &str) -> bool {
    trim_end_markup(text).ends_with(['.', '?', '!', ','])
}

/// Whether the text ends in `?` (after trailing emphasis markers).
pub fn is_question(text: &str) -> bool {
    trim_end_markup(text).ends_with('?')
}

/// `text` with every parenthesised part (`(all times UTC)`) replaced by a
/// space; an unclosed `(` runs to the end. Borrowed when there is none.
pub fn outside_parens(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('(') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => {
                if depth == 0 {
                    out.push(' ');
                }
                depth += 1;
            }
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether a normalised text ends in a word a title does not end in: an
/// article, a preposition, a conjunction or a verb that leads into a list
/// (`our recommendations are to`, `the steps taken were`).
pub fn ends_in_function_word(normalised: &str) -> bool {
    const WORDS: &[&str] = &[
        "a", "an", "and", "are", "as", "be", "by", "for", "include", "includes", "is", "of", "or",
        "the", "to", "was", "were", "with",
    ];
    let trimmed = normalised.trim_end_matches(|c: char| !c.is_alphanumeric());
    let last = trimmed
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    WORDS.contains(&last)
}

/// Whether the text ends in a colon (after trailing emphasis markers).
pub fn ends_with_colon(text: &str) -> bool {
    trim_end_markup(text).ends_with([':', '：'])
}

/// Whether a normalised text is a field (`root cause: the disk filled up`):
/// it has a colon, not between two digits, with text after it.
pub fn is_field(normalised: &str) -> bool {
    let bytes = normalised.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b':' {
            continue;
        }
        let digit_before = i > 0 && bytes[i - 1].is_ascii_digit();
        let digit_after = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if digit_before && digit_after {
            continue;
        }
        if !normalised[i + 1..].trim().is_empty() {
            return true;
        }
    }
    false
}

/// Whether the text is written in capitals (every letter upper case) or in
/// title case (every word of four or more letters starts with a capital).
pub fn is_title_or_caps(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    if letters.peek().is_none() {
        return false;
    }
    if letters.all(|c| !c.is_lowercase()) {
        return true;
    }
    text.split_whitespace().all(|word| {
        let mut w = word.chars().filter(|c| c.is_alphabetic());
        // Fewer than four letters, or the first is upper-case.
        w.next()
            .is_none_or(|first| first.is_uppercase() || w.take(3).count() < 3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_real_heading_shapes() {
        let cases = [
            ("`Issue Summary:`", "issue summary"),
            ("Root Cause & Resolution", "root cause and resolution"),
            ("1. Timeline", "timeline"),
            ("IV. Root Cause", "root cause"),
            ("Step 2: Timeline", "timeline"),
            ("🕒 Timeline of Events:", "timeline of events"),
            ("**Root Cause:**", "root cause"),
            ("  TIMELINE  ", "timeline"),
            ("2.1 Root cause;", "root cause"),
            ("Timeline (all times UTC)", "timeline (all times utc)"),
            ("", ""),
            ("🔥", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_heading(input), want, "{input:?}");
        }
    }

    /// The byte fold of ASCII text gives what the char fold gives, for
    /// every ASCII byte: letters of both cases, digits, kept punctuation,
    /// `&`, markup, white space and control bytes, at the start, the end
    /// and in runs.
    #[test]
    fn ascii_fold_is_the_char_fold() {
        let mut all: Vec<String> = (0u8..128).map(|b| char::from(b).to_string()).collect();
        all.extend(["&", "&&", " & ", "Root", "CAUSE", "a&b", "  ", "**"].map(String::from));
        let tokens: &'static [&'static str] =
            Vec::leak(all.into_iter().map(|t| &*String::leak(t)).collect());
        let mut changed = 0;
        for text in crate::rules::util::token_texts(0x6A09_E667_F3BC_C909, tokens, 12, 60_000) {
            assert!(text.is_ascii());
            let want = fold_chars(&text);
            assert_eq!(fold_ascii(&text), want, "{text:?}");
            changed += usize::from(want != text);
        }
        assert!(
            changed > 50_000,
            "only {changed} texts changed: the test proves little"
        );
        assert_eq!(fold_ascii("a&b"), "a and b");
        assert_eq!(fold_ascii("&X"), "and x");
    }

    /// `may_be_numbered` holds wherever `NUMBERING` matches a normalised
    /// text, and the grammar finds what the regex finds (on normalised and
    /// raw texts).
    #[test]
    fn numbering_pre_check_never_hides_a_match() {
        const TOKENS: &[&str] = &[
            "Step", "step", "phase", "Part", "section", "stage", "1", "2.3", "10", "IV", "iv", "x",
            "a", "h", "i", "s", "ix", "b)", "c.", ".", ")", ":", "-", "&", "(", "'", "’", "Root",
            "Cause", "timeline", "**", "`", "#", "\t", "\u{b}", "\u{c}", "\r", "  ", "\u{a0}", "٣",
            "é", "🔥", "_", "1.2.3", "4.", "5)", "6:", "7-", "8 ", "ii)", "h.", "i.", "٣.",
            "\u{2003}",
        ];
        let mut numbered = 0;
        let texts = crate::rules::util::token_texts(0xD1B5_4A32_D192_ED03, TOKENS, 10, 100_000);
        for text in texts {
            let normalised = normalize_heading(&text);
            let mut s = normalised.as_str();
            let regex = |s: &str| NUMBERING.regex().find(s).map(|m| m.range());
            assert_eq!(
                NUMBERING.grammar_find_at_start(&text),
                regex(&text),
                "{text:?}"
            );
            for _ in 0..2 {
                let found = NUMBERING.grammar_find_at_start(s);
                assert_eq!(found, regex(s), "{s:?}");
                if let Some(m) = found {
                    numbered += 1;
                    assert!(may_be_numbered(s), "{s:?}");
                    s = &s[m.end..];
                }
            }
        }
        assert!(
            numbered > 1_000,
            "only {numbered} numbered: the test proves little"
        );
    }

    /// [`more_words_than`] and [`word_count`] count as `split_whitespace`
    /// does, on ASCII text and on text whose non-ASCII characters (letters,
    /// digits, Unicode white space, symbols) come anywhere.
    #[test]
    fn word_counting_reads_ascii_as_split_whitespace() {
        const TOKENS: &[&str] = &[
            "a", "Root", "9", "-", "**", "&", " ", "  ", "\t", "\n", "\u{b}", "\u{c}", "\r",
            "\u{1c}", "\u{1f}", "\u{7f}", "_", ".", "x1", "a", "Root", " ", "é", "\u{a0}",
            "\u{2003}", "•", "٣",
        ];
        let mut more = 0;
        for text in crate::rules::util::token_texts(0x00DD_BA11_5EED, TOKENS, 30, 40_000) {
            let words = text
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            assert_eq!(
                word_count(&text),
                text.split_whitespace().count(),
                "{text:?}"
            );
            for n in 0..8 {
                assert_eq!(more_words_than(&text, n), words > n, "{text:?} {n}");
                more += usize::from(words > n);
            }
        }
        assert!(more > 10_000, "only {more}");
    }

    #[test]
    fn cut_to_keeps_the_slice_in_place() {
        let text = String::from("  Root Cause:  ");
        let capacity = text.capacity();
        let cut = cut_to(text, str::trim);
        assert_eq!(cut, "Root Cause:");
        assert_eq!(cut.capacity(), capacity, "cut in place, not copied");
        assert_eq!(cut_to("é x é".into(), |s| &s[2..5]), " x ");
        assert_eq!(cut_to("abc".into(), |s| &s[3..]), "");
        assert_eq!(cut_to(String::new(), str::trim), "");
        // Not a slice of the text: a copy of what `keep` gave.
        assert_eq!(cut_to("abc".into(), |_| "other"), "other");
    }

    #[test]
    fn fields_and_endings() {
        assert!(is_field("root cause: the disk filled up"));
        assert!(!is_field("timeline:"));
        assert!(!is_field("timeline 10:00 to 11:00"));
        assert!(ends_like_sentence("The end."));
        assert!(ends_like_sentence("**Timeline.**"));
        assert!(!ends_like_sentence("**Timeline:**"));
        assert!(ends_with_colon("**Root Cause:**"));
    }

    #[test]
    fn title_case_and_capitals() {
        assert!(is_title_or_caps("ISSUE SYNOPSIS"));
        assert!(is_title_or_caps("The Root Cause"));
        assert!(is_title_or_caps("Root Cause and Resolution"));
        assert!(!is_title_or_caps("the root cause was"));
        assert!(!is_title_or_caps("123"));
    }

    /// `is_title_or_caps` as first written, with vectors of letters: the
    /// specification the allocation-free form is tested against.
    fn title_or_caps_spec(text: &str) -> bool {
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.is_empty() {
            return false;
        }
        if letters.iter().all(|c| !c.is_lowercase()) {
            return true;
        }
        text.split_whitespace().all(|word| {
            let w: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
            w.len() < 4 || w[0].is_uppercase()
        })
    }

    #[test]
    fn title_case_test_is_its_specification() {
        const TOKENS: &[&str] = &[
            "a", "B", "cd", "Ef", "ghi", "Jkl", "mnop", "QRST", "Uvwxy", "é", "É", "ß", "ǅ", "1",
            "2a", "-", "'", " ", "  ", "\t", "\u{a0}", ":", "日本", "x9y",
        ];
        let (mut yes, mut no) = (0, 0);
        for text in crate::rules::util::token_texts(0x7F4A_7C15_9E37_79B9, TOKENS, 8, 40_000) {
            let want = title_or_caps_spec(&text);
            assert_eq!(is_title_or_caps(&text), want, "{text:?}");
            yes += usize::from(want);
            no += usize::from(!want);
        }
        assert!(
            yes > 2_000 && no > 2_000,
            "{yes} yes, {no} no: the test proves little"
        );
    }
}
