//! A small backtracking matcher for grammars written as data: the date forms
//! of `date.rs`, the range connectors of `range.rs`, and the duration label
//! of PM201 (for ASCII text).
//!
//! Why not the `regex` crate: compiling the date patterns (about 12 M
//! instructions, several milliseconds) was most of a one-file run, and a
//! pre-commit hook or an editor save pays it every time. A grammar of a few
//! dozen nodes needs no compilation.
//!
//! Semantics are those of a regex with leftmost-first matching (the `regex`
//! crate's default, which is what a backtracking engine finds): alternatives
//! are tried in order, repetitions and options are greedy, and the first way
//! to finish wins. Words are matched case-insensitively as `(?i)` matches
//! ASCII letters, Unicode simple case folding included: `s` also matches
//! `ſ` (U+017F) and `k` the Kelvin sign (U+212A), the only non-ASCII
//! characters that fold to ASCII letters. `date.rs` keeps the equivalent
//! regexes in its tests and checks the two agree, group by group.
//!
//! Positions are byte offsets into the text, 0-based; a span is `start..end`.
//! Work is bounded: each grammar here has a fixed depth and every repetition
//! advances, so a match attempt at one position costs at most a few thousand
//! steps.

use super::scan::is_ascii_word;

/// The largest number of capture groups a grammar may use.
pub(crate) const MAX_GROUPS: usize = 24;

/// Captured spans, by group number: `None` when the group did not take part.
pub(crate) type Groups = [Option<(usize, usize)>; MAX_GROUPS];

/// One node of a grammar.
pub(crate) enum Node {
    /// An ASCII word boundary (`(?-u:\b)`): `[0-9A-Za-z_]` on one side only.
    WordBoundary,
    /// The end of the text (`$`).
    End,
    /// A literal, matched byte for byte.
    Lit(&'static str),
    /// Words tried in order, each case-insensitively (`(?i:may|june)`).
    /// Built by [`Node::words`].
    Words(Words),
    /// From `min` to `max` characters of a class, greedy (`[0-9]{1,2}`, `[ \t]*`).
    Repeat(Class, usize, usize),
    /// Alternatives tried in order (`a|b`), each with what it may start
    /// with (built by [`Node::alt`]).
    Alt(Vec<(Node, First)>),
    /// A sequence.
    Seq(Vec<Node>),
    /// Zero or one, greedy (`x?`), with what the one may start with (built
    /// by [`Node::opt`]).
    Opt(Box<Node>, First),
    /// A capture group, by number (below [`MAX_GROUPS`]).
    Group(usize, Box<Node>),
}

/// Words in lower case, with a mask of their first letters (bit `n` for the
/// `n`th letter of the alphabet) to rule most positions out at once.
pub(crate) struct Words {
    list: &'static [&'static str],
    first: u32,
}

/// What a match of a node may start with: an alternative or an option whose
/// first byte cannot be there is not tried.
pub(crate) struct First {
    /// Bit `b` of the 256: a match may start with byte `b`.
    bytes: [u64; 4],
    /// The node may match the empty string (then it is always tried).
    nullable: bool,
}

impl First {
    fn of(node: &Node) -> First {
        let mut first = [false; 256];
        let nullable = first_bytes(node, &mut first);
        let mut bytes = [0u64; 4];
        for (b, _) in first.iter().enumerate().filter(|(_, on)| **on) {
            bytes[b / 64] |= 1 << (b % 64);
        }
        First { bytes, nullable }
    }

    /// Whether a match may start at `at` of `text`.
    fn admits(&self, text: &str, at: usize) -> bool {
        self.nullable
            || text
                .as_bytes()
                .get(at)
                .is_some_and(|&b| self.bytes[usize::from(b / 64)] & (1 << (b % 64)) != 0)
    }
}

impl Node {
    /// Alternatives tried in order (`a|b`).
    pub(crate) fn alt(alternatives: Vec<Node>) -> Node {
        Node::Alt(
            alternatives
                .into_iter()
                .map(|alt| {
                    let first = First::of(&alt);
                    (alt, first)
                })
                .collect(),
        )
    }

    /// Zero or one, greedy (`x?`).
    pub(crate) fn opt(inner: Node) -> Node {
        let first = First::of(&inner);
        Node::Opt(Box::new(inner), first)
    }

    /// Words matched as `(?i:w1|w2|...)`: `list` is in lower case, ASCII
    /// letters only, none empty.
    pub(crate) fn words(list: &'static [&'static str]) -> Node {
        let first = list
            .iter()
            .filter_map(|w| w.bytes().next())
            .fold(0, |mask, b| mask | letter_bit(b));
        Node::Words(Words { list, first })
    }
}

/// The bit of an ASCII letter in a [`Words`] mask (either case), or 0.
fn letter_bit(b: u8) -> u32 {
    let lower = b.to_ascii_lowercase();
    if lower.is_ascii_lowercase() {
        1 << (lower - b'a')
    } else {
        0
    }
}

/// A literal (`Node::Lit`).
pub(crate) fn lit(text: &'static str) -> Node {
    Node::Lit(text)
}

/// Zero or one (`Node::opt`).
pub(crate) fn opt(node: Node) -> Node {
    Node::opt(node)
}

/// `min` to `max` horizontal spaces ([`Class::Space`]; `usize::MAX`: no limit).
pub(crate) fn spaces(min: usize, max: usize) -> Node {
    Node::Repeat(Class::Space, min, max)
}

/// A set of characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// `[0-9]`
    Digit,
    /// Horizontal space inside a date or range: `[\t \x{a0}\x{202f}]`.
    Space,
    /// An ASCII character that is not a word character: what `\W` matches
    /// in ASCII text.
    AsciiNotWord,
    /// ASCII white space, what `\s` matches in ASCII text: `[\t\n\x0B\x0C\r ]`.
    AsciiSpace,
    /// Anything but `:` and a line feed: `[^:\n]`.
    NotColonOrNewline,
}

impl Class {
    fn contains(self, c: char) -> bool {
        match self {
            Class::Digit => c.is_ascii_digit(),
            Class::Space => matches!(c, '\t' | ' ' | '\u{a0}' | '\u{202f}'),
            Class::AsciiNotWord => c.is_ascii() && !is_ascii_word(c as u8),
            Class::AsciiSpace => matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' '),
            Class::NotColonOrNewline => c != ':' && c != '\n',
        }
    }

    /// The first UTF-8 bytes of the class's members.
    fn first_bytes(self) -> &'static [u8] {
        match self {
            Class::Digit => b"0123456789",
            // `\u{a0}` is C2 A0, `\u{202f}` is E2 80 AF.
            Class::Space => &[b'\t', b' ', 0xc2, 0xe2],
            Class::AsciiNotWord => &ASCII_NOT_WORD,
            Class::AsciiSpace => b"\t\n\x0b\x0c\r ",
            // Every byte that starts a character, but `:` and `\n`.
            Class::NotColonOrNewline => &NOT_COLON_OR_NEWLINE,
        }
    }
}

/// The ASCII bytes that are not word bytes.
const ASCII_NOT_WORD: [u8; 65] = {
    let mut out = [0; 65];
    let (mut b, mut n) = (0u8, 0);
    while b < 0x80 {
        if !(b.is_ascii_alphanumeric() || b == b'_') {
            out[n] = b;
            n += 1;
        }
        b += 1;
    }
    out
};

/// The bytes that start a UTF-8 character, but `:` and `\n`.
const NOT_COLON_OR_NEWLINE: [u8; 177] = {
    let mut out = [0; 177];
    let (mut b, mut n) = (0u16, 0);
    while b < 0x100 {
        let byte = b as u8;
        let starts_char = byte < 0x80 || (byte >= 0xc2 && byte <= 0xf4);
        if starts_char && byte != b':' && byte != b'\n' {
            out[n] = byte;
            n += 1;
        }
        b += 1;
    }
    out
};

/// A grammar with the bytes a match of it can start with.
pub(crate) struct Grammar {
    root: Node,
    /// `first[b]`: a match may start with byte `b` (for a search's quick skip).
    first: [bool; 256],
    /// A match may be empty (then every position is tried).
    nullable: bool,
    /// The grammar starts with a word boundary (checked before an attempt).
    boundary_first: bool,
}

impl Grammar {
    pub(crate) fn new(root: Node) -> Self {
        let mut first = [false; 256];
        let nullable = first_bytes(&root, &mut first);
        let boundary_first = match &root {
            Node::Seq(nodes) => matches!(nodes.first(), Some(Node::WordBoundary)),
            _ => false,
        };
        Grammar {
            root,
            first,
            nullable,
            boundary_first,
        }
    }
}

/// Adds the bytes a match of `n` may start with to `first`; returns whether
/// `n` may match the empty string (then what follows it may start a match).
fn first_bytes(n: &Node, first: &mut [bool; 256]) -> bool {
    match n {
        Node::WordBoundary | Node::End => true,
        Node::Lit(lit) => match lit.as_bytes().first() {
            Some(&b) => {
                first[usize::from(b)] = true;
                false
            }
            None => true,
        },
        Node::Words(words) => {
            let mut nullable = false;
            for word in words.list {
                match word.as_bytes().first() {
                    Some(&b) => {
                        for c in [b.to_ascii_lowercase(), b.to_ascii_uppercase()] {
                            first[usize::from(c)] = true;
                        }
                        // The first bytes of `ſ` and the Kelvin sign.
                        if b == b's' {
                            first[usize::from("ſ".as_bytes()[0])] = true;
                        }
                        if b == b'k' {
                            first[usize::from("\u{212a}".as_bytes()[0])] = true;
                        }
                    }
                    None => nullable = true,
                }
            }
            nullable
        }
        Node::Repeat(class, min, _) => {
            for &b in class.first_bytes() {
                first[usize::from(b)] = true;
            }
            *min == 0
        }
        Node::Alt(alternatives) => {
            // Every alternative adds its bytes: no short-circuit.
            let mut nullable = false;
            for (alt, _) in alternatives {
                nullable |= first_bytes(alt, first);
            }
            nullable
        }
        Node::Seq(nodes) => nodes.iter().all(|n| first_bytes(n, first)),
        Node::Opt(inner, _) => {
            first_bytes(inner, first);
            true
        }
        Node::Group(_, inner) => first_bytes(inner, first),
    }
}

/// A successful match: the whole span and the groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    pub groups: Groups,
}

/// What to do once a node has matched up to a position: `true` ends the search.
type Next<'k> = &'k mut dyn FnMut(usize, &mut Groups) -> bool;

/// Matches `grammar` starting exactly at byte `start` of `text` (which may
/// look behind `start` for a word boundary). Returns the first match in
/// leftmost-first order, or `None` (also when `start` is not a char boundary).
pub(crate) fn match_at(grammar: &Grammar, text: &str, start: usize) -> Option<Match> {
    let mut groups: Groups = [None; MAX_GROUPS];
    attempt(grammar, text, start, &mut groups).map(|end| Match { start, end, groups })
}

/// One match attempt at `start`: its end, with `groups` set. `groups` must be
/// all `None` on entry, and is left so when there is no match (a failed path
/// restores every group it set).
fn attempt(grammar: &Grammar, text: &str, start: usize, groups: &mut Groups) -> Option<usize> {
    if !text.is_char_boundary(start) {
        return None;
    }
    let mut end = None;
    let found = node(&grammar.root, text, start, groups, &mut |at, _| {
        end = Some(at);
        true
    });
    end.filter(|_| found)
}

/// The leftmost match of `grammar` starting at or after byte `from` of
/// `text` (as `Regex::captures_at`).
pub(crate) fn find_from(grammar: &Grammar, text: &str, from: usize) -> Option<Match> {
    let bytes = text.as_bytes();
    let mut groups: Groups = [None; MAX_GROUPS];
    (from..=text.len())
        .filter(|&start| {
            (grammar.nullable
                || bytes
                    .get(start)
                    .is_some_and(|&b| grammar.first[usize::from(b)]))
                && (!grammar.boundary_first || word_boundary(text, start))
        })
        .find_map(|start| {
            attempt(grammar, text, start, &mut groups).map(|end| Match { start, end, groups })
        })
}

fn node(n: &Node, text: &str, at: usize, groups: &mut Groups, next: Next<'_>) -> bool {
    match n {
        Node::WordBoundary => word_boundary(text, at) && next(at, groups),
        Node::End => at == text.len() && next(at, groups),
        Node::Lit(lit) => {
            text.as_bytes()[at..].starts_with(lit.as_bytes()) && next(at + lit.len(), groups)
        }
        Node::Words(words) => {
            // Non-ASCII bytes may start `ſ` or the Kelvin sign: no quick answer.
            let b = text.as_bytes().get(at).copied().unwrap_or(0);
            let lower = b.to_ascii_lowercase();
            (b >= 0x80 || words.first & letter_bit(b) != 0)
                && words
                    .list
                    .iter()
                    .filter(|word| b >= 0x80 || word.as_bytes()[0] == lower)
                    .any(|word| word_at(text, at, word).is_some_and(|end| next(end, groups)))
        }
        Node::Repeat(class, min, max) => {
            let mut end = at;
            let mut count = 0;
            for c in text[at..].chars().take(*max) {
                if !class.contains(c) {
                    break;
                }
                end += c.len_utf8();
                count += 1;
            }
            // Greedy: the longest run first, then one character less.
            loop {
                if count < *min {
                    return false;
                }
                if next(end, groups) {
                    return true;
                }
                match text[at..end].chars().next_back() {
                    Some(c) => end -= c.len_utf8(),
                    None => return false,
                }
                count -= 1;
            }
        }
        Node::Alt(alternatives) => alternatives
            .iter()
            .any(|(alt, first)| first.admits(text, at) && node(alt, text, at, groups, &mut *next)),
        Node::Seq(nodes) => seq(nodes, text, at, groups, next),
        Node::Opt(inner, first) => {
            (first.admits(text, at) && node(inner, text, at, groups, &mut *next))
                || next(at, groups)
        }
        Node::Group(index, inner) => {
            let index = *index;
            let saved = groups[index];
            let found = node(inner, text, at, groups, &mut |end, groups| {
                let before = groups[index];
                groups[index] = Some((at, end));
                next(end, groups) || {
                    groups[index] = before;
                    false
                }
            });
            if !found {
                groups[index] = saved;
            }
            found
        }
    }
}

/// An ASCII word boundary at `at`: `[0-9A-Za-z_]` on one side only.
fn word_boundary(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let before = at > 0 && bytes.get(at - 1).copied().is_some_and(is_ascii_word);
    let after = bytes.get(at).copied().is_some_and(is_ascii_word);
    before != after
}

fn seq(nodes: &[Node], text: &str, at: usize, groups: &mut Groups, next: Next<'_>) -> bool {
    match nodes.split_first() {
        None => next(at, groups),
        Some((first, rest)) => node(first, text, at, groups, &mut |end, groups| {
            seq(rest, text, end, groups, &mut *next)
        }),
    }
}

/// Where `word` (lower case) ends if it is written at `at`, in any case.
fn word_at(text: &str, at: usize, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut p = at;
    for &w in word.as_bytes() {
        let b = *bytes.get(p)?;
        if b.eq_ignore_ascii_case(&w) {
            p += 1;
        } else if w == b's' && bytes[p..].starts_with("ſ".as_bytes()) {
            p += 'ſ'.len_utf8();
        } else if w == b'k' && bytes[p..].starts_with("\u{212a}".as_bytes()) {
            p += '\u{212a}'.len_utf8();
        } else {
            return None;
        }
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGIT: Class = Class::Digit;

    #[test]
    fn class_first_bytes_cover_every_member() {
        for class in [
            Class::Digit,
            Class::Space,
            Class::AsciiNotWord,
            Class::AsciiSpace,
            Class::NotColonOrNewline,
        ] {
            for c in (0..=0x10_ffff).filter_map(char::from_u32) {
                let mut buf = [0; 4];
                let first = c.encode_utf8(&mut buf).as_bytes()[0];
                if class.contains(c) {
                    assert!(class.first_bytes().contains(&first), "{class:?} {c:?}");
                }
            }
        }
    }

    #[test]
    fn leftmost_first_order() {
        // `(?P<0>[0-9]{1,2})(?:st)?` on `12st`: greedy digits, then the suffix.
        let g = Grammar::new(Node::Seq(vec![
            Node::Group(0, Box::new(Node::Repeat(DIGIT, 1, 2))),
            Node::opt(Node::words(&["st"])),
        ]));
        let m = match_at(&g, "12st", 0).expect("match");
        assert_eq!((m.end, m.groups[0]), (4, Some((0, 2))));
        // Backtracking into a repetition: `[0-9]{1,2}2$` on `12`.
        let g = Grammar::new(Node::Seq(vec![
            Node::Group(0, Box::new(Node::Repeat(DIGIT, 1, 2))),
            Node::Lit("2"),
            Node::End,
        ]));
        let m = match_at(&g, "12", 0).expect("match");
        assert_eq!(m.groups[0], Some((0, 1)));
        // A group of a failed alternative is cleared.
        let g = Grammar::new(Node::alt(vec![
            Node::Seq(vec![
                Node::Group(1, Box::new(Node::Lit("1"))),
                Node::Lit("x"),
            ]),
            Node::Group(2, Box::new(Node::Lit("1"))),
        ]));
        let m = match_at(&g, "1y", 0).expect("match");
        assert_eq!((m.groups[1], m.groups[2]), (None, Some((0, 1))));
    }

    #[test]
    fn words_fold_case_as_unicode_does() {
        assert_eq!(word_at("SEPT", 0, "sept"), Some(4));
        assert_eq!(word_at("ſept", 0, "sept"), Some(5));
        assert_eq!(word_at("\u{212a}", 0, "k"), Some(3));
        assert_eq!(word_at("se", 0, "sept"), None);
        assert_eq!(word_at("é", 0, "e"), None);
    }

    #[test]
    fn search_respects_boundaries_and_char_starts() {
        let g = Grammar::new(Node::Seq(vec![
            Node::WordBoundary,
            Node::Lit("7"),
            Node::End,
        ]));
        assert_eq!(find_from(&g, "a7 é7", 0).map(|m| m.start), Some(5));
        assert_eq!(match_at(&g, "é7", 1), None);
    }
}
