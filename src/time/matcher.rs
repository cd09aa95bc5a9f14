//! A small backtracking matcher for grammars written as data: the date forms
//! of `date.rs`, the range connectors of `range.rs`, PM201's duration label,
//! PM007's glued title and PM301's stated quantity.
//!
//! Why not the `regex` crate: compiling a pattern with Unicode classes costs
//! 2–5 ms (the date patterns about 12 M instructions), most of a one-file
//! run, and a pre-commit hook or an editor save pays it every time. A grammar
//! of a few dozen nodes needs no compilation.
//!
//! Semantics are those of a regex with leftmost-first matching (the `regex`
//! crate's default, which is what a backtracking engine finds): alternatives
//! are tried in order, repetitions and options are greedy, and the first way
//! to finish wins. Words are matched case-insensitively as `(?i)` matches
//! ASCII letters, Unicode simple case folding included: `s` also matches
//! `ſ` (U+017F) and `k` the Kelvin sign (U+212A), the only non-ASCII
//! characters that fold to ASCII letters. Each user keeps the regex its
//! grammar stands for in its tests and checks the two agree.
//!
//! A grammar is compiled once, when it is built, into a flat program of
//! instructions ([`Inst`]) that one loop runs with an explicit stack of the
//! ways not taken: no recursion and no closure per node.
//!
//! Positions are byte offsets into the text, 0-based; a span is `start..end`.
//! Work is bounded: each grammar here has a fixed depth and every repetition
//! advances, so a match attempt at one position costs at most a few thousand
//! steps.

use super::scan::ascii_word_boundary;
use std::ops::Range;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    /// Zero or more, greedy (`(?:x)*`), with what one may start with (built
    /// by [`Node::star`]). Each round leaves a way back on the backtracking
    /// stack: a text where more than [`STAR_STEP_LIMIT`] rounds could start
    /// goes to the regex instead (see [`Pattern`]).
    Star(Box<Node>, First),
    /// A Unicode word boundary (`\b`): a character of the class (built by
    /// [`Node::unicode_boundary`] as regex-syntax reads `\w`) on one side only.
    UnicodeBoundary(Class),
}

/// The most places a [`Node::Star`]'s iterations may start in a text the
/// grammar is run on ([`Grammar::star_steps`]); [`Pattern`] gives texts with
/// more to the regex (a line with that many spaces is rare). Each round
/// leaves a frame on the backtracking stack (on the heap, so no thread stack
/// is at risk); past this many, the regex's search, linear in the text, is
/// the safer bound on the work.
pub(crate) const STAR_STEP_LIMIT: usize = 128;

/// Words in lower case, with a mask of their first letters (bit `n` for the
/// `n`th letter of the alphabet) to rule most positions out at once.
#[derive(Clone)]
pub(crate) struct Words {
    list: Vec<&'static str>,
    first: u32,
}

/// What a match of a node may start with: an alternative or an option whose
/// first byte cannot be there is not tried.
#[derive(Clone, Copy)]
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

    /// Adds `other`'s bytes.
    fn add(&mut self, other: &First) {
        for (mine, theirs) in self.bytes.iter_mut().zip(other.bytes) {
            *mine |= theirs;
        }
    }

    /// Whether a match may start with byte `b`.
    fn has(&self, b: u8) -> bool {
        self.bytes[usize::from(b / 64)] & (1 << (b % 64)) != 0
    }

    /// Whether a match may start at `at` of `text`.
    fn admits(&self, text: &str, at: usize) -> bool {
        self.nullable || text.as_bytes().get(at).is_some_and(|&b| self.has(b))
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

    /// Zero or more, greedy (`(?:x)*`).
    ///
    /// # Panics
    /// If `inner` may match the empty string (a bug in a grammar).
    pub(crate) fn star(inner: Node) -> Node {
        let first = First::of(&inner);
        assert!(
            !first.nullable,
            "a repeated node must not match the empty string"
        );
        Node::Star(Box::new(inner), first)
    }

    /// A Unicode word boundary (`\b` outside `(?-u)`).
    pub(crate) fn unicode_boundary() -> Node {
        static WORD: LazyLock<Class> = LazyLock::new(|| Class::unicode(r"\w"));
        Node::UnicodeBoundary(*WORD)
    }

    /// Words matched as `(?i:w1|w2|...)`: `list` is in lower case, ASCII
    /// letters only, none empty.
    pub(crate) fn words(list: &[&'static str]) -> Node {
        let first = list
            .iter()
            .filter_map(|w| w.bytes().next())
            .fold(0, |mask, b| mask | letter_bit(b));
        Node::Words(Words {
            list: list.to_vec(),
            first,
        })
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

/// Non-ASCII characters postmortems often hold that are not letters, digits
/// or word characters (`\p{L}`, `\d`, `\w`), and of which only U+00A0 is
/// white space (`\s`): in text of ASCII and these, Unicode classes are
/// their ASCII forms, so a grammar can stand in for a regex using them.
pub(crate) const PUNCTUATION: &[char] = &['’', '‘', '“', '”', '—', '–', '…', '•', '→', '\u{a0}'];

/// Whether `text` holds only ASCII and [`PUNCTUATION`].
pub(crate) fn plain_text(text: &str) -> bool {
    text.is_ascii()
        || text
            .chars()
            .all(|c| c.is_ascii() || PUNCTUATION.contains(&c))
}

/// Whether `text` holds `ſ` (U+017F) or the Kelvin sign (U+212A), the only
/// non-ASCII characters `(?i)` matches ASCII letters with (`s`, `k`): a
/// vectorised ASCII test first, since most texts are ASCII.
pub(crate) fn has_ascii_case_fold(text: &str) -> bool {
    !text.is_ascii() && text.contains(['ſ', '\u{212a}'])
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
    Node::Repeat(Class::SPACE, min, max)
}

/// A set of characters: ASCII ones by a bit mask, and either no other,
/// every other, or the listed ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Class {
    /// Bit `b`: the ASCII character `b` is in the set.
    ascii: u128,
    other: Other,
}

/// The non-ASCII members of a [`Class`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Other {
    None,
    All,
    These(&'static [char]),
    /// Inclusive ranges, sorted and disjoint (see [`Class::unicode`]).
    Ranges(&'static [(char, char)]),
}

/// The bit mask of the ASCII bytes in `bytes`.
pub(crate) const fn ascii_set(bytes: &[u8]) -> u128 {
    let mut mask = 0u128;
    let mut i = 0;
    while i < bytes.len() {
        mask |= 1 << bytes[i];
        i += 1;
    }
    mask
}

/// The bit mask of the ASCII bytes from `first` to `last`.
pub(crate) const fn ascii_range(first: u8, last: u8) -> u128 {
    let mut mask = 0u128;
    let mut b = first;
    while b <= last {
        mask |= 1 << b;
        b += 1;
    }
    mask
}

/// ASCII letters.
const LETTERS: u128 = ascii_range(b'a', b'z') | ascii_range(b'A', b'Z');
/// ASCII word bytes: `[0-9A-Za-z_]`.
const WORD: u128 = LETTERS | ascii_range(b'0', b'9') | ascii_set(b"_");

impl Class {
    /// `[0-9]`
    pub(crate) const DIGIT: Class = Class::ascii(ascii_range(b'0', b'9'));
    /// Horizontal space inside a date or range: `[\t \x{a0}\x{202f}]`.
    pub(crate) const SPACE: Class = Class {
        ascii: ascii_set(b"\t "),
        other: Other::These(&['\u{a0}', '\u{202f}']),
    };
    /// An ASCII character that is not a word character: what `\W` matches
    /// in ASCII text.
    pub(crate) const ASCII_NOT_WORD: Class = Class::ascii(!WORD);
    /// ASCII white space, what `\s` matches in ASCII text: `[\t\n\x0B\x0C\r ]`.
    pub(crate) const ASCII_SPACE: Class = Class::ascii(ascii_set(b"\t\n\x0b\x0c\r "));
    /// Anything but `:` and a line feed: `[^:\n]`.
    pub(crate) const NOT_COLON_OR_NEWLINE: Class = Class {
        ascii: !ascii_set(b":\n"),
        other: Other::All,
    };

    /// ASCII characters only: those whose bits are set in `mask` (bit 127 and
    /// below; higher bits are ignored).
    pub(crate) const fn ascii(mask: u128) -> Class {
        Class {
            ascii: mask,
            other: Other::None,
        }
    }

    /// The ASCII characters of `mask` and the non-ASCII `other` chars.
    pub(crate) const fn ascii_and(mask: u128, other: &'static [char]) -> Class {
        Class {
            ascii: mask,
            other: Other::These(other),
        }
    }

    /// ASCII letters, with the bytes of `extra` and the non-ASCII `other` chars.
    pub(crate) const fn letters_and(extra: &[u8], other: &'static [char]) -> Class {
        Class {
            ascii: LETTERS | ascii_set(extra),
            other: Other::These(other),
        }
    }

    /// The characters of a regex character class (`[\p{L}'’-]`, `\p{Lu}`),
    /// as the regex crate's own parser (regex-syntax) reads it, so a grammar
    /// using Unicode classes means what its regex means, without compiling
    /// one: reading `\p{L}` is a table lookup, about 1 % of compiling a
    /// regex that uses it. The ranges are leaked into a `'static` slice:
    /// read each class once per grammar (or once per process) and copy it.
    ///
    /// # Panics
    /// If `pattern` is not a character class (a bug in a grammar).
    pub(crate) fn unicode(pattern: &str) -> Class {
        use regex_syntax::hir::{self, HirKind};
        let hir = regex_syntax::parse(pattern).expect("a valid class");
        let HirKind::Class(hir::Class::Unicode(class)) = hir.kind() else {
            panic!("not a Unicode character class: {pattern}");
        };
        let mut ascii = 0u128;
        let mut other = Vec::new();
        for r in class.ranges() {
            let (start, end) = (u32::from(r.start()), u32::from(r.end()));
            if start < 0x80 {
                ascii |= ascii_range(start as u8, end.min(0x7f) as u8);
            }
            if end >= 0x80 {
                let from = char::from_u32(start.max(0x80)).expect("a char");
                other.push((from, r.end()));
            }
        }
        Class {
            ascii,
            other: Other::Ranges(Vec::leak(other)),
        }
    }

    fn contains(self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii & (1 << (c as u32)) != 0;
        }
        match self.other {
            Other::None => false,
            Other::All => true,
            Other::These(chars) => chars.contains(&c),
            Other::Ranges(ranges) => ranges
                .binary_search_by(|&(lo, hi)| {
                    if hi < c {
                        std::cmp::Ordering::Less
                    } else if lo > c {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .is_ok(),
        }
    }

    /// Marks the first UTF-8 bytes of the class's members in `first`.
    fn first_bytes(self, first: &mut [bool; 256]) {
        for b in 0..0x80u8 {
            if self.ascii & (1 << b) != 0 {
                first[usize::from(b)] = true;
            }
        }
        match self.other {
            Other::None => {}
            // Every byte that starts a multi-byte character.
            Other::All => first[0xc2..=0xf4].iter_mut().for_each(|b| *b = true),
            Other::These(chars) => {
                for c in chars {
                    let mut buf = [0; 4];
                    first[usize::from(c.encode_utf8(&mut buf).as_bytes()[0])] = true;
                }
            }
            // A UTF-8 lead byte grows with the code point: every lead byte
            // from the first char's to the last char's.
            Other::Ranges(ranges) => {
                let lead = |c: char| {
                    let mut buf = [0; 4];
                    usize::from(c.encode_utf8(&mut buf).as_bytes()[0])
                };
                for &(lo, hi) in ranges {
                    first[lead(lo)..=lead(hi)]
                        .iter_mut()
                        .for_each(|b| *b = true);
                }
            }
        }
    }
}

/// A grammar compiled to a program ([`Inst`]), with the bytes a match of
/// it can start with.
pub(crate) struct Grammar {
    program: Vec<Inst>,
    /// What a match may start with (for a search's quick skip).
    first: First,
    /// The grammar starts with a word boundary (checked before an attempt).
    boundary_first: bool,
    /// What an iteration of any of its [`Node::Star`]s may start with.
    star_first: Option<First>,
}

impl Grammar {
    pub(crate) fn new(root: Node) -> Self {
        let first = First::of(&root);
        let boundary_first = match &root {
            Node::Seq(nodes) => matches!(nodes.first(), Some(Node::WordBoundary)),
            _ => false,
        };
        let mut star_first = None;
        stars_first(&root, &mut star_first);
        let mut program = Vec::new();
        compile(&root, &mut program);
        program.push(Inst::Match);
        Grammar {
            program,
            first,
            boundary_first,
            star_first,
        }
    }

    /// How many places in `text` an iteration of a [`Node::Star`] may start
    /// at (bytes its first-byte set admits): a bound on the iterations, so
    /// on the backtracking stack, of a match attempt. 0 without a star.
    pub(crate) fn star_steps(&self, text: &str) -> usize {
        self.star_first
            .as_ref()
            .map_or(0, |f| text.bytes().filter(|&b| f.has(b)).count())
    }
}

/// Adds to `acc` what an iteration of each [`Node::Star`] under `n` may start with.
fn stars_first(n: &Node, acc: &mut Option<First>) {
    match n {
        Node::Star(inner, first) => {
            acc.get_or_insert(First {
                bytes: [0; 4],
                nullable: false,
            })
            .add(first);
            stars_first(inner, acc);
        }
        Node::Alt(alternatives) => alternatives.iter().for_each(|(a, _)| stars_first(a, acc)),
        Node::Seq(nodes) => nodes.iter().for_each(|n| stars_first(n, acc)),
        Node::Opt(inner, _) | Node::Group(_, inner) => stars_first(inner, acc),
        Node::WordBoundary
        | Node::End
        | Node::Lit(_)
        | Node::Words(_)
        | Node::Repeat(..)
        | Node::UnicodeBoundary(_) => {}
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
            for word in &words.list {
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
            class.first_bytes(first);
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
        Node::Opt(inner, _) | Node::Star(inner, _) => {
            first_bytes(inner, first);
            true
        }
        Node::Group(_, inner) => first_bytes(inner, first),
        Node::UnicodeBoundary(_) => true,
    }
}

/// A successful match: the whole span and the groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    pub groups: Groups,
}

/// Uses of a [`Pattern`] after which a process compiles its regex: matching
/// with the regex crate's engines is faster than backtracking, and compiling
/// (0.2–0.7 ms) pays for itself over about this many texts. A one-file run
/// (a pre-commit hook, an editor save) rarely gets there.
const REGEX_AFTER_USES: usize = 100;

/// A grammar with a [`Node::Star`] and the regex it stands for, which find
/// the same matches (each user tests that): the grammar for a process's
/// first [`REGEX_AFTER_USES`] texts, the regex (compiled then) after those,
/// and for any text where the grammar's repetitions may take more than
/// [`STAR_STEP_LIMIT`] steps. Both are built on first use.
pub(crate) struct Pattern {
    grammar: LazyLock<Grammar>,
    regex: LazyLock<regex::Regex>,
    uses: AtomicUsize,
}

impl Pattern {
    /// `grammar` and `regex` build the two forms; the regex is the
    /// specification.
    pub(crate) const fn new(grammar: fn() -> Grammar, regex: fn() -> regex::Regex) -> Pattern {
        Pattern {
            grammar: LazyLock::new(grammar),
            regex: LazyLock::new(regex),
            uses: AtomicUsize::new(0),
        }
    }

    /// Whether `text` goes to the grammar (else to the regex).
    fn grammar_for(&self, text: &str) -> Option<&Grammar> {
        let early = self.uses.load(Ordering::Relaxed) < REGEX_AFTER_USES;
        if early {
            self.uses.fetch_add(1, Ordering::Relaxed);
        }
        (early && self.grammar.star_steps(text) <= STAR_STEP_LIMIT).then(|| &*self.grammar)
    }

    /// The leftmost match starting at or after byte `from` (as
    /// `Regex::find_at`), as a byte range of `text`.
    pub(crate) fn find_from(&self, text: &str, from: usize) -> Option<Range<usize>> {
        match self.grammar_for(text) {
            Some(grammar) => find_from(grammar, text, from).map(|m| m.start..m.end),
            None => self.regex.find_at(text, from).map(|m| m.range()),
        }
    }

    /// The match starting at byte 0, for a pattern whose regex starts with
    /// `^` (the grammar is only tried there).
    pub(crate) fn find_at_start(&self, text: &str) -> Option<Range<usize>> {
        match self.grammar_for(text) {
            Some(grammar) => match_at(grammar, text, 0).map(|m| m.start..m.end),
            None => self.regex.find(text).map(|m| m.range()),
        }
    }

    /// The regex, for tests that compare the two forms.
    #[cfg(test)]
    pub(crate) fn regex(&self) -> &regex::Regex {
        &self.regex
    }

    /// The grammar, for tests.
    #[cfg(test)]
    pub(crate) fn grammar(&self) -> &Grammar {
        &self.grammar
    }

    /// [`Pattern::find_from`] by the grammar alone, for tests.
    #[cfg(test)]
    pub(crate) fn grammar_find_from(&self, text: &str, from: usize) -> Option<Range<usize>> {
        find_from(&self.grammar, text, from).map(|m| m.start..m.end)
    }

    /// [`Pattern::find_at_start`] by the grammar alone, for tests.
    #[cfg(test)]
    pub(crate) fn grammar_find_at_start(&self, text: &str) -> Option<Range<usize>> {
        match_at(&self.grammar, text, 0).map(|m| m.start..m.end)
    }
}

/// One instruction of a compiled grammar. A program runs from instruction
/// 0 at a start position; the instructions that may go two ways ([`Inst::Try`],
/// a run of [`Inst::Repeat`], a list of [`Inst::Words`]) take the first way
/// and leave the others on a stack of [`Frame`]s, which a failed step goes
/// back to, latest first: the leftmost-first order of a backtracking regex.
enum Inst {
    /// The match is complete.
    Match,
    /// A step that never matches (an alternation of nothing).
    Fail,
    /// An ASCII word boundary.
    WordBoundary,
    /// The end of the text.
    End,
    /// These bytes.
    Lit(&'static [u8]),
    /// One of these words, tried in order.
    Words(Words),
    /// From `min` to `max` characters of a class, longest first.
    Repeat(Class, usize, usize),
    /// When a match may start here (`first`), the next instruction, and
    /// `else_pc` when that fails; otherwise `else_pc` at once. An
    /// alternative that is not the last, an option, a repetition's next round.
    Try { first: First, else_pc: usize },
    /// Fails unless a match may start here: the last alternative.
    Check(First),
    /// Goes on at this instruction.
    Jmp(usize),
    /// A capture group starts here.
    GroupStart(usize),
    /// A capture group ends here.
    GroupEnd(usize),
    /// A Unicode word boundary for this word class.
    UnicodeBoundary(Class),
}

/// Appends the program for `n` to `program` (see [`Inst`]); the program for
/// a node goes on at the instruction right after its own.
fn compile(n: &Node, program: &mut Vec<Inst>) {
    match n {
        Node::WordBoundary => program.push(Inst::WordBoundary),
        Node::End => program.push(Inst::End),
        Node::Lit(lit) => program.push(Inst::Lit(lit.as_bytes())),
        Node::Words(words) => program.push(Inst::Words(words.clone())),
        Node::Repeat(class, min, max) => program.push(Inst::Repeat(*class, *min, *max)),
        Node::Alt(alternatives) => {
            let Some(((last, last_first), others)) = alternatives.split_last() else {
                program.push(Inst::Fail);
                return;
            };
            // Each alternative but the last ends in a jump past the others.
            let to_end: Vec<usize> = others
                .iter()
                .map(|(alt, first)| tried(program, *first, alt, Some(Inst::Jmp(0))))
                .collect();
            program.push(Inst::Check(*last_first));
            compile(last, program);
            let end = program.len();
            for at in to_end {
                patch(program, at, end);
            }
        }
        Node::Seq(nodes) => nodes.iter().for_each(|n| compile(n, program)),
        Node::Opt(inner, first) => {
            tried(program, *first, inner, None);
        }
        Node::Group(index, inner) => {
            program.push(Inst::GroupStart(*index));
            compile(inner, program);
            program.push(Inst::GroupEnd(*index));
        }
        // `inner` never matches the empty string (`Node::star`), so every
        // round advances and the loop ends.
        Node::Star(inner, first) => {
            let again = program.len();
            tried(program, *first, inner, Some(Inst::Jmp(again)));
        }
        Node::UnicodeBoundary(class) => program.push(Inst::UnicodeBoundary(*class)),
    }
}

/// Appends a [`Inst::Try`] with `first`, the program for `inner`, and
/// `last` if given (a jump); the `Try` goes on after all of them when
/// `inner` cannot start or fails. Returns where `last` is (to patch it).
fn tried(program: &mut Vec<Inst>, first: First, inner: &Node, last: Option<Inst>) -> usize {
    let try_at = program.len();
    program.push(Inst::Try { first, else_pc: 0 });
    compile(inner, program);
    let last_at = program.len();
    program.extend(last);
    let next = program.len();
    patch(program, try_at, next);
    last_at
}

/// Sets the target of the [`Inst::Try`] or [`Inst::Jmp`] at `at`, once known.
fn patch(program: &mut [Inst], at: usize, target: usize) {
    match &mut program[at] {
        Inst::Try { else_pc, .. } => *else_pc = target,
        Inst::Jmp(to) => *to = target,
        _ => unreachable!("only a Try or a Jmp is patched"),
    }
}

/// A way not yet taken, or a capture to undo, on the backtracking stack.
#[derive(Clone, Copy)]
enum Frame {
    /// Go on at instruction `pc`, position `at`.
    Resume { pc: usize, at: usize },
    /// A run of a [`Inst::Repeat`] from `at` to `end` of `count` characters:
    /// one character shorter, then instruction `pc`, while `count > min`.
    Shorter {
        pc: usize,
        at: usize,
        end: usize,
        count: usize,
        min: usize,
    },
    /// The [`Inst::Words`] at `pc` at position `at`, from its word `next` on.
    Word { pc: usize, at: usize, next: usize },
    /// Undo a capture: group `index` was `old`.
    Group {
        index: usize,
        old: Option<(usize, usize)>,
    },
    /// Undo a group's start: group `index` started at `old`.
    Start { index: usize, old: usize },
}

thread_local! {
    /// The backtracking stack, kept between match attempts.
    static STACK: std::cell::RefCell<Vec<Frame>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Matches `grammar` starting exactly at byte `start` of `text` (which may
/// look behind `start` for a word boundary). Returns the first match in
/// leftmost-first order, or `None` (also when `start` is not a char boundary).
pub(crate) fn match_at(grammar: &Grammar, text: &str, start: usize) -> Option<Match> {
    // The one start; the first bytes it skips by cannot start a match.
    find_starting_in(grammar, text, start..start.saturating_add(1))
}

/// The leftmost match of `grammar` starting at or after byte `from` of
/// `text` (as `Regex::captures_at`).
pub(crate) fn find_from(grammar: &Grammar, text: &str, from: usize) -> Option<Match> {
    find_starting_in(grammar, text, from..text.len() + 1)
}

/// The leftmost match of `grammar` in `text` that starts at a byte of
/// `starts` (a range of byte offsets, clamped to `0..=text.len()`); the
/// match may end anywhere after.
pub(crate) fn find_starting_in(
    grammar: &Grammar,
    text: &str,
    starts: Range<usize>,
) -> Option<Match> {
    STACK.with(|stack| {
        // A matcher never calls a matcher, so the stack is free here; a
        // fresh one keeps a (never expected) nested use correct.
        let mut borrowed = stack.try_borrow_mut();
        let mut fresh = Vec::new();
        let stack = match borrowed.as_deref_mut() {
            Ok(stack) => stack,
            Err(_) => &mut fresh,
        };
        let mut groups: Groups = [None; MAX_GROUPS];
        (starts.start..starts.end.min(text.len() + 1))
            .filter(|&start| {
                grammar.first.admits(text, start)
                    && (!grammar.boundary_first || ascii_word_boundary(text, start))
                    && text.is_char_boundary(start)
            })
            .find_map(|start| {
                run(&grammar.program, text, start, &mut groups, stack).map(|end| Match {
                    start,
                    end,
                    groups,
                })
            })
    })
}

/// Runs `program` on `text` from byte `start` (a char boundary): the end of
/// the first match in leftmost-first order, with `groups` set. `groups` must
/// be all `None` on entry, and is left so when there is no match (every
/// capture of a failed way is undone).
fn run(
    program: &[Inst],
    text: &str,
    start: usize,
    groups: &mut Groups,
    stack: &mut Vec<Frame>,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut starts = [0usize; MAX_GROUPS];
    stack.clear();
    let (mut pc, mut at) = (0, start);
    loop {
        // Each arm either moves on (`pc`, `at`) or fails (`false`).
        let moved = match &program[pc] {
            Inst::Match => return Some(at),
            Inst::Fail => false,
            Inst::WordBoundary => {
                pc += 1;
                ascii_word_boundary(text, at)
            }
            Inst::End => {
                pc += 1;
                at == text.len()
            }
            Inst::Lit(lit) => {
                let matched = bytes[at..].starts_with(lit);
                pc += 1;
                at += lit.len();
                matched
            }
            Inst::Words(words) => match next_word(words, text, at, 0) {
                Some((index, end)) => {
                    stack.push(Frame::Word {
                        pc,
                        at,
                        next: index + 1,
                    });
                    pc += 1;
                    at = end;
                    true
                }
                None => false,
            },
            Inst::Repeat(class, min, max) => {
                let (end, count) = run_of(*class, text, at, *max);
                if count > *min {
                    stack.push(Frame::Shorter {
                        pc: pc + 1,
                        at,
                        end,
                        count,
                        min: *min,
                    });
                }
                pc += 1;
                at = end;
                count >= *min
            }
            Inst::Try { first, else_pc } => {
                if first.admits(text, at) {
                    stack.push(Frame::Resume { pc: *else_pc, at });
                    pc += 1;
                } else {
                    pc = *else_pc;
                }
                true
            }
            Inst::Check(first) => {
                pc += 1;
                first.admits(text, at)
            }
            Inst::Jmp(to) => {
                pc = *to;
                true
            }
            Inst::GroupStart(index) => {
                stack.push(Frame::Start {
                    index: *index,
                    old: starts[*index],
                });
                starts[*index] = at;
                pc += 1;
                true
            }
            Inst::GroupEnd(index) => {
                stack.push(Frame::Group {
                    index: *index,
                    old: groups[*index],
                });
                groups[*index] = Some((starts[*index], at));
                pc += 1;
                true
            }
            Inst::UnicodeBoundary(word) => {
                let is_word = |c: Option<char>| c.is_some_and(|c| word.contains(c));
                pc += 1;
                is_word(text[..at].chars().next_back()) != is_word(text[at..].chars().next())
            }
        };
        if moved {
            continue;
        }
        // Back to the latest way not taken, undoing captures on the way.
        loop {
            match stack.pop()? {
                Frame::Resume { pc: p, at: a } => {
                    (pc, at) = (p, a);
                    break;
                }
                Frame::Shorter {
                    pc: p,
                    at: a,
                    end,
                    count,
                    min,
                } => {
                    let shorter = end - text[a..end].chars().next_back().map_or(0, char::len_utf8);
                    if count - 1 > min {
                        stack.push(Frame::Shorter {
                            pc: p,
                            at: a,
                            end: shorter,
                            count: count - 1,
                            min,
                        });
                    }
                    (pc, at) = (p, shorter);
                    break;
                }
                Frame::Word { pc: p, at: a, next } => {
                    let Inst::Words(words) = &program[p] else {
                        unreachable!("a word frame points at its words")
                    };
                    if let Some((index, end)) = next_word(words, text, a, next) {
                        stack.push(Frame::Word {
                            pc: p,
                            at: a,
                            next: index + 1,
                        });
                        (pc, at) = (p + 1, end);
                        break;
                    }
                }
                Frame::Group { index, old } => groups[index] = old,
                Frame::Start { index, old } => starts[index] = old,
            }
        }
    }
}

/// The first of `words` from index `from` on written at `at` (in any case):
/// its index and where it ends.
fn next_word(words: &Words, text: &str, at: usize, from: usize) -> Option<(usize, usize)> {
    // Non-ASCII bytes may start `ſ` or the Kelvin sign: no quick answer.
    let b = text.as_bytes().get(at).copied().unwrap_or(0);
    if b < 0x80 && words.first & letter_bit(b) == 0 {
        return None;
    }
    let lower = b.to_ascii_lowercase();
    words
        .list
        .iter()
        .enumerate()
        .skip(from)
        .filter(|(_, word)| b >= 0x80 || word.as_bytes()[0] == lower)
        .find_map(|(index, word)| word_at(text, at, word).map(|end| (index, end)))
}

/// The longest run of at most `max` characters of `class` from `at`: where
/// it ends and how many characters it holds.
fn run_of(class: Class, text: &str, at: usize, max: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut end, mut count) = (at, 0);
    while count < max {
        match bytes.get(end) {
            Some(&b) if b < 0x80 => {
                if class.ascii & (1 << b) == 0 {
                    break;
                }
                end += 1;
            }
            Some(_) => {
                let c = text[end..].chars().next().expect("a char starts here");
                if !class.contains(c) {
                    break;
                }
                end += c.len_utf8();
            }
            None => break,
        }
        count += 1;
    }
    (end, count)
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

    const DIGIT: Class = Class::DIGIT;

    /// A class read by [`Class::unicode`] holds what the regex crate's
    /// class holds, for every char, and its first bytes admit every member.
    #[test]
    fn unicode_classes_are_the_regex_classes() {
        for pattern in [r"\p{L}", r"\p{Lu}", r"[\p{L}'’&/-]", r"[^\p{L}\d]"] {
            let class = Class::unicode(pattern);
            let regex = regex::Regex::new(&format!("^{pattern}$")).expect("valid regex");
            let mut first = [false; 256];
            class.first_bytes(&mut first);
            let mut members = 0;
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                let member = regex.is_match(c.encode_utf8(&mut [0; 4]));
                assert_eq!(class.contains(c), member, "{pattern} {c:?}");
                if member {
                    members += 1;
                    assert!(first[usize::from(c.encode_utf8(&mut [0; 4]).as_bytes()[0])]);
                }
            }
            assert!(members > 1_000, "{pattern}: {members} members");
        }
    }

    /// What [`PUNCTUATION`] says of its characters, asked of the regex crate.
    #[test]
    fn punctuation_is_no_letter_digit_or_word() {
        let is = |pattern: &str, c: char| {
            regex::Regex::new(pattern)
                .expect("valid regex")
                .is_match(&c.to_string())
        };
        for &c in PUNCTUATION {
            assert!(!is(r"\p{L}", c) && !is(r"\d", c) && !is(r"\w", c), "{c:?}");
            assert_eq!(is(r"\s", c), c == '\u{a0}', "{c:?}");
            assert!(!is(r"(?i)[a-z]", c), "{c:?}");
        }
    }

    #[test]
    fn classes_are_what_they_say() {
        let every = || (0..=0x10_ffff).filter_map(char::from_u32);
        let same = |class: Class, spec: &dyn Fn(char) -> bool| {
            let mut first = [false; 256];
            class.first_bytes(&mut first);
            for c in every() {
                assert_eq!(class.contains(c), spec(c), "{class:?} {c:?}");
                let mut buf = [0; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                if spec(c) {
                    assert!(first[usize::from(lead)], "{class:?} {c:?}");
                }
            }
        };
        same(Class::DIGIT, &|c| c.is_ascii_digit());
        same(Class::SPACE, &|c| {
            matches!(c, '\t' | ' ' | '\u{a0}' | '\u{202f}')
        });
        same(Class::ASCII_NOT_WORD, &|c| {
            c.is_ascii() && !(c.is_ascii_alphanumeric() || c == '_')
        });
        same(Class::ASCII_SPACE, &|c| {
            matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ')
        });
        same(Class::NOT_COLON_OR_NEWLINE, &|c| c != ':' && c != '\n');
        same(Class::letters_and(b"'-", &['’']), &|c| {
            c.is_ascii_alphabetic() || matches!(c, '\'' | '-' | '’')
        });
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
    fn case_folds_to_ascii_letters_are_found() {
        for (text, has) in [
            ("plain ASCII", false),
            ("café — naïve", false),
            ("ſeconds", true),
            ("5 \u{212a}", true),
            ("", false),
        ] {
            assert_eq!(has_ascii_case_fold(text), has, "{text:?}");
        }
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
