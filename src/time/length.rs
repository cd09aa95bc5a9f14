//! Outage lengths: `3 hours`, `90min`, `1h30m`, `1 hour and 30 minutes`,
//! `2.5 hours`, `4hrs: 40mins: 13secs`, `two hours`, `half an hour`, and
//! clock-style lengths `04:40:13` / `4:40`.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::Length;
use super::clock::meridiem_at;
use super::scan::{
    byte_at, char_at, char_before, digits_at, is_any_of, is_ascii_word, is_hspace, is_word_char,
    letters_at, packed, skip_hspace,
};
use super::zone::zone_after;

/// Where a length may start: a digit at a word start, or a number word,
/// `a`/`an`, or `half`.
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:[0-9]|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|an?|half)(?-u:\b))",
    )
    .expect("length candidate regex")
});

/// Fixed-point scale of numbers: values are held in millionths.
const SCALE: u64 = 1_000_000;

const ONES: &[(&str, u64)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
];

const TEENS: &[(&str, u64)] = &[
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];

const TENS: &[(&str, u64)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// How a number was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumKind {
    /// `90`, `2.5`: `digits` integer digits, `decimal` when a fraction follows.
    Digits { digits: usize, decimal: bool },
    /// `two`, `forty-five`.
    Word,
    /// `a`, `an`.
    Article,
    /// `half an`, `half a`.
    Half,
}

/// A number: value in millionths, end, kind.
fn number_at(text: &str, pos: usize) -> Option<(u64, usize, NumKind)> {
    let (len, int) = digits_at(text, pos);
    if len > 0 {
        if len > 12 {
            return None;
        }
        let mut value = int.saturating_mul(SCALE);
        let mut end = pos + len;
        let mut decimal = false;
        if byte_at(text, end) == b'.' && byte_at(text, end + 1).is_ascii_digit() {
            let (flen, _) = digits_at(text, end + 1);
            let mut scale = SCALE / 10;
            for b in text.as_bytes()[end + 1..end + 1 + flen].iter().take(6) {
                value = value.saturating_add(u64::from(b - b'0') * scale);
                scale /= 10;
            }
            end += 1 + flen;
            decimal = true;
        }
        return Some((
            value,
            end,
            NumKind::Digits {
                digits: len,
                decimal,
            },
        ));
    }
    // Case-insensitive lookups without lower-casing copies: a candidate is
    // tried at every `a` and `an` of a summary.
    let word = letters_at(text, pos);
    let end = pos + word.len();
    let lookup = |table: &[(&str, u64)], w: &str| {
        table
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(w))
            .map(|(_, value)| *value)
    };
    if let Some(value) = lookup(ONES, word).or_else(|| lookup(TEENS, word)) {
        return Some((value * SCALE, end, NumKind::Word));
    }
    if let Some(tens) = lookup(TENS, word) {
        // forty-five, forty five
        if matches!(byte_at(text, end), b'-' | b' ') {
            let next = letters_at(text, end + 1);
            if let Some(ones) = lookup(ONES, next) {
                return Some(((tens + ones) * SCALE, end + 1 + next.len(), NumKind::Word));
            }
        }
        return Some((tens * SCALE, end, NumKind::Word));
    }
    if word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an") {
        return Some((SCALE, end, NumKind::Article));
    }
    if word.eq_ignore_ascii_case("half") {
        let p = skip_hspace(text, end, 2);
        let article = letters_at(text, p);
        if p > end && (article.eq_ignore_ascii_case("a") || article.eq_ignore_ascii_case("an")) {
            return Some((SCALE / 2, p + article.len(), NumKind::Half));
        }
    }
    None
}

/// `and a half` at `pos` (after spaces): returns its end.
fn and_a_half(text: &str, pos: usize) -> Option<usize> {
    let mut p = pos;
    for word in ["and", "a", "half"] {
        let q = skip_hspace(text, p, 2);
        if q == p {
            return None;
        }
        let w = letters_at(text, q);
        if !w.eq_ignore_ascii_case(word) {
            return None;
        }
        p = q + w.len();
    }
    Some(p)
}

/// A unit word: seconds per unit, rank (days 4 … seconds 1), single letter?
/// English, Spanish (`minutos`, `horas`, `segundos`, `dias`; `días`
/// with its accent is not read) and German (`Minuten`, `Stunden`,
/// `Sekunden`; `Tage` is not read: `t` starts no other unit).
pub(crate) fn unit(word: &str) -> Option<(u64, u8, bool)> {
    // Lower-cased on the stack: no unit is longer than `segundos`.
    let mut buf = [0u8; 8];
    let lower = buf.get_mut(..word.len())?;
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    Some(match &*lower {
        b"day" | b"days" | b"dia" | b"dias" => (86_400, 4, false),
        b"d" => (86_400, 4, true),
        b"hour" | b"hours" | b"hr" | b"hrs" | b"hora" | b"horas" | b"stunde" | b"stunden" => {
            (3_600, 3, false)
        }
        b"h" => (3_600, 3, true),
        b"minute" | b"minutes" | b"min" | b"mins" | b"minuto" | b"minutos" | b"minuten" => {
            (60, 2, false)
        }
        b"m" => (60, 2, true),
        b"second" | b"seconds" | b"sec" | b"secs" | b"segundo" | b"segundos" | b"sekunde"
        | b"sekunden" => (1, 1, false),
        b"s" => (1, 1, true),
        _ => return None,
    })
}

/// One part of a length (`3 hours`, `1h`, `half an hour`).
#[derive(Debug, Clone, Copy)]
struct Part {
    seconds: u64,
    rank: u8,
    end: usize,
    /// A glued single-letter unit followed by a digit (`1h30m`): the next
    /// part must follow or this is not a length (`14h30` is a time).
    needs_more: bool,
    /// Its unit is a single letter (`2 h`, `1h`): only such a part may be
    /// followed by a spaced `m` or `s` (`1 h 30 m`, not `2 hours and 30 m
    /// users`).
    letter_unit: bool,
}

/// Reads one part at `pos`; `prev` is the part before it in the same
/// length (`None` for a length's first part).
fn part_at(text: &str, pos: usize, prev: Option<&Part>) -> Option<Part> {
    let first = prev.is_none();
    let (mut value, num_end, kind) = number_at(text, pos)?;
    let mut p = num_end;
    let integral = !matches!(kind, NumKind::Digits { decimal: true, .. } | NumKind::Half);
    if integral && let Some(e) = and_a_half(text, p) {
        value = value.saturating_add(SCALE / 2);
        p = e;
    }
    // Separator between number and unit.
    let glued = p == num_end && !matches!(kind, NumKind::Article | NumKind::Half);
    let q = if byte_at(text, p) == b'-' {
        p + 1
    } else {
        skip_hspace(text, p, 2)
    };
    let is_digits = matches!(kind, NumKind::Digits { .. });
    if q == p && !is_digits {
        return None; // `twohours`
    }
    let word = letters_at(text, q);
    let (per_unit, rank, single) = unit(word)?;
    let mut end = q + word.len();
    // A single letter after one space, ending its word: `2 h`, `1 h 30
    // min`, `1 h 30 m` (`m` and `s` only after a single-letter unit: `5 m`
    // alone is metres or millions, and so is `2 hours and 30 m users`).
    let spaced = single
        && is_digits
        && q == p + 1
        && byte_at(text, p) == b' '
        && !char_at(text, q + word.len()).is_some_and(char::is_alphanumeric);
    if single {
        // Single lower-case letters glued to digits: `2d`, `1h`, `30m`; `s`
        // never first (`500s`); `2M` is two million.
        let glued_ok = glued && q == p;
        let spaced_ok = spaced
            && glued
            && match prev {
                None => rank == 3,
                Some(prev) => prev.letter_unit,
            };
        if !(is_digits && (glued_ok || spaced_ok))
            || (first && rank == 1)
            || word.bytes().any(|b| b.is_ascii_uppercase())
        {
            return None;
        }
    }
    if matches!(kind, NumKind::Article | NumKind::Half) && (single || rank == 1) {
        return None; // `a second look`
    }
    if first
        && let NumKind::Digits {
            digits: 4,
            decimal: false,
        } = kind
        && rank == 3
        && value / SCALE % 100 <= 59
        && value / SCALE / 100 <= 23
    {
        return None; // `2100hrs`, `1400 hours`: a time
    }
    if q == p + 1 && byte_at(text, p) == b'-' {
        // `24-hour clock` is a notation, not a length.
        let next = letters_at(text, skip_hspace(text, q + word.len(), 1));
        if is_any_of(next, &["clock", "format", "notation", "time"]) {
            return None;
        }
    }
    // `14h30` and `14 h 30` are times: a single letter followed by a
    // number needs the next part (`1h30m`, `1 h 30 min`). A glued `d` always
    // does (`2d 6h`, `1d4h`): alone it is too often something else (`a 2d
    // array`, `3d-secure`, a commit `72d`, `retention of 30d`).
    let needs_more = single
        && (rank == 4
            || byte_at(text, end).is_ascii_digit()
            || (spaced && byte_at(text, skip_hspace(text, end, 2)).is_ascii_digit()));
    if !needs_more && char_at(text, end).is_some_and(is_word_char) {
        return None;
    }
    let mut seconds = value.saturating_mul(per_unit) / SCALE;
    // `an hour and a half`
    if matches!(kind, NumKind::Article)
        && let Some(e) = and_a_half(text, end)
    {
        seconds = seconds.saturating_add(per_unit / 2);
        end = e;
    }
    Some(Part {
        seconds,
        rank,
        end,
        needs_more,
        letter_unit: single,
    })
}

/// Skips a separator between the parts of a compound length: spaces, and at
/// most one of `,`, `:`, `&`, `+`, `and` (Spanish `y`).
fn part_separator(text: &str, pos: usize) -> usize {
    let mut p = skip_hspace(text, pos, 2);
    if matches!(byte_at(text, p), b',' | b':' | b'&' | b'+') {
        p = skip_hspace(text, p + 1, 2);
    }
    let word = letters_at(text, p);
    if word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("y") {
        let after = p + word.len();
        let q = skip_hspace(text, after, 2);
        if q > after {
            p = q;
        }
    }
    p
}

/// Whether a length may start at `pos` given the text before it.
fn left_ok(text: &str, pos: usize) -> bool {
    let Some(c) = char_before(text, pos) else {
        return true;
    };
    let digit_before = || char_before(text, pos - c.len_utf8()).is_some_and(|d| d.is_ascii_digit());
    match c {
        '.' | ',' | ':' | '-' => !digit_before(), // 2.5, 1,440, 10:30, 3-5
        '/' | '$' | '#' => false,
        _ => true,
    }
}

/// Frequency words before `a`/`an` (`once a day`).
fn frequency_before(text: &str, pos: usize) -> bool {
    let before = text.get(..pos).unwrap_or("").trim_end();
    let word = before
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    ["once", "twice", "thrice", "times", "per"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

/// A whole length starting at `pos`: total seconds and end.
fn length_at(text: &str, pos: usize) -> Option<(u64, usize)> {
    if !left_ok(text, pos) {
        return None;
    }
    let first = part_at(text, pos, None)?;
    if byte_at(text, pos).is_ascii_alphabetic()
        && letters_at(text, pos).len() <= 2
        && frequency_before(text, pos)
    {
        return None;
    }
    let mut total = first.seconds;
    let mut last = first;
    loop {
        let p = part_separator(text, last.end);
        match part_at(text, p, Some(&last)) {
            Some(next)
                if next.rank < last.rank
                    // After a glued `d`, hours (`2d 6h`; `7d: 2.1s` is a
                    // window and a latency).
                    && (!(last.rank == 4 && last.letter_unit) || next.rank == 3)
                    && matches!(
                        number_at(text, p),
                        Some((_, _, NumKind::Digits { .. } | NumKind::Word))
                    ) =>
            {
                total = total.saturating_add(next.seconds);
                last = next;
            }
            _ if last.needs_more => return None,
            _ => break,
        }
    }
    Some((total, last.end))
}

/// The first definite outage length stated in `text`: `3 hours`,
/// `120 minutes`, `2 hrs`, `45 mins`, `90min`, `30m`, `4h`, `1h30m`,
/// `1h 30m`, `1 hour and 30 minutes`, `2.5 hours`, `4hrs: 40mins: 13secs`,
/// `two hours`, `forty-five minutes`, `an hour`, `half an hour`,
/// `one and a half hours`, `an hour and a half`, `30 seconds`, `3 days`.
/// Not lengths: `a few hours`, `several minutes`, `3-5 minutes`, `24/7`,
/// `500s` (status codes), `2100hrs` (a time), `once a day`, `a second`.
/// Context such as `later` or `every` is left to the caller.
/// `seconds` is rounded down; `span` covers every part of a compound length.
pub fn find_length(text: &str) -> Option<Length> {
    if !may_state_length(text) {
        return None;
    }
    first_length(text)
}

/// [`find_length`] without its pre-check.
fn first_length(text: &str) -> Option<Length> {
    let at = |start: usize| {
        length_at(text, start).map(|(seconds, end)| Length {
            seconds,
            span: start..end,
        })
    };
    // `(?i)` gives `s` and `k` non-ASCII forms (`ſ`, `K`): only then is the
    // regex needed; otherwise the candidates are found by a byte scan.
    if super::matcher::has_ascii_case_fold(text) {
        CANDIDATE.find_iter(text).find_map(|m| at(m.start()))
    } else {
        candidates(text).find_map(at)
    }
}

/// Whether `text` may state a length (a necessary condition for
/// [`find_length`], checked first because summaries are searched line by
/// line): every length ends in a unit. Either a unit word ([`unit`]: each
/// holds one of [`UNIT_STARTS`] in some ASCII case, from its
/// first letter) right after a digit, `-` or horizontal space, a single
/// lower-case `d`, `h` or `m` glued to a digit (a single `s` never comes first),
/// or a lower-case `h` ending its word one space after a digit (`2 h`).
///
/// ASCII text (most lines) is read in one pass of bytes; other text by
/// [`may_state_length_by_search`], which it equals.
fn may_state_length(text: &str) -> bool {
    if !text.is_ascii() {
        return may_state_length_by_search(text);
    }
    let bytes = text.as_bytes();
    let unit_at = |at: usize| {
        let rest = &bytes[at..];
        let starts = |u: &[u8]| rest.len() >= u.len() && rest[..u.len()].eq_ignore_ascii_case(u);
        // The first letter picks the few words of [`UNIT_STARTS`] to compare
        // (most pairs that get here are a space and an `s`).
        match rest[0].to_ascii_lowercase() {
            b'd' => starts(b"day") || starts(b"dia"),
            b'h' => starts(b"hour") || starts(b"hr") || starts(b"hor") || spaced_h(bytes, at),
            b'm' => starts(b"min"),
            b's' => starts(b"sec") || starts(b"seg") || starts(b"stund") || starts(b"sekund"),
            _ => false,
        }
    };
    // Each pair of bytes is first judged by its classes with no branch (a
    // branch per byte mispredicts on prose); the rare pair that may start a
    // length is then checked in full.
    bytes.windows(2).enumerate().any(|(i, pair)| {
        let (b, next) = (
            BYTE_CLASS[usize::from(pair[0])],
            BYTE_CLASS[usize::from(pair[1])],
        );
        ((b & (DIGIT | SEPARATOR) != 0) & (next & UNIT_FIRST != 0))
            && ((b & DIGIT != 0 && next & GLUED_UNIT != 0) || unit_at(i + 1))
    })
}

/// Whether byte `at` of `bytes` is a lower-case `h` ending a word, after
/// one space and a digit (`2 h`, `1 h 30 min`): the one single-letter unit
/// that may stand apart from its number as a length's first part.
fn spaced_h(bytes: &[u8], at: usize) -> bool {
    bytes[at] == b'h'
        && at >= 2
        && bytes[at - 1] == b' '
        && bytes[at - 2].is_ascii_digit()
        && bytes.get(at + 1).is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// [`BYTE_CLASS`] bits: an ASCII digit.
const DIGIT: u8 = 1;
/// [`BYTE_CLASS`] bits: `-`, space or tab (may come before a unit word).
const SEPARATOR: u8 = 2;
/// [`BYTE_CLASS`] bits: the first letter of a word of [`UNIT_STARTS`]
/// (`d`, `h`, `m`, `s`), in either case.
const UNIT_FIRST: u8 = 4;
/// [`BYTE_CLASS`] bits: `d`, `h` or `m` (a unit glued to a digit, `2d`,
/// `2h`, `30m`).
const GLUED_UNIT: u8 = 8;

/// The class bits of each byte, for [`may_state_length`].
static BYTE_CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = b'0';
    while b <= b'9' {
        class[b as usize] = DIGIT;
        b += 1;
    }
    class[b'-' as usize] = SEPARATOR;
    class[b' ' as usize] = SEPARATOR;
    class[b'\t' as usize] = SEPARATOR;
    let mut u = 0;
    while u < UNIT_STARTS.len() {
        let first = UNIT_STARTS[u].as_bytes()[0];
        class[first as usize] = UNIT_FIRST;
        class[first.to_ascii_uppercase() as usize] = UNIT_FIRST;
        u += 1;
    }
    class[b'd' as usize] |= GLUED_UNIT;
    class[b'h' as usize] |= GLUED_UNIT;
    class[b'm' as usize] |= GLUED_UNIT;
    class
};

/// What every unit word ([`unit`]) holds from its first letter, in some
/// ASCII case. [`may_state_length`] compares them by first letter, in a
/// `match` that lists the same words (a test checks the two agree).
const UNIT_STARTS: [&str; 10] = [
    "day", "hour", "hr", "min", "sec", "hor", "seg", "dia", "stund", "sekund",
];

/// [`may_state_length`] for any text: a search for the unit words.
fn may_state_length_by_search(text: &str) -> bool {
    static UNITS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(UNIT_STARTS)
            .expect("ten plain words")
    });
    let bytes = text.as_bytes();
    bytes
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'd' | b'h' | b'm'))
        || memchr::memchr_iter(b'h', bytes).any(|at| spaced_h(bytes, at))
        // No unit holds another's start, so the usual search (which can use
        // a prefilter) finds every place an overlapping one would.
        || UNITS.find_iter(text).any(|unit| {
            char_before(text, unit.start())
                .is_some_and(|c| c.is_ascii_digit() || c == '-' || is_hspace(c))
        })
}

/// Number words [`CANDIDATE`] accepts, with `a`, `an` and `half`.
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "a",
    "an",
    "half",
];

/// Whether `word` is one of [`NUMBER_WORDS`] in some ASCII case (as
/// `NUMBER_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))`): lower-cased,
/// packed into a number ([`packed`]) and looked up in the sorted list, since
/// most words of a summary pass the first-letter test before it.
fn is_number_word(word: &str) -> bool {
    static SORTED: LazyLock<Vec<u128>> = LazyLock::new(|| {
        let mut words: Vec<u128> = NUMBER_WORDS
            .iter()
            .map(|w| packed(w.as_bytes(), false).expect("a short number word"))
            .collect();
        words.sort_unstable();
        words
    });
    packed(word.as_bytes(), true).is_some_and(|w| SORTED.binary_search(&w).is_ok())
}

/// The starts of [`CANDIDATE`]'s matches in `text`, in order, for text
/// without `ſ` or `K`: an ASCII digit, or a number word, each starting at an
/// ASCII word boundary; a number word must also end at one, so it is a whole
/// run of `[0-9A-Za-z_]`. Matches do not overlap: a digit match ends after
/// the digit, a word match after the word.
fn candidates(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let word = |i: usize| bytes.get(i).copied().is_some_and(is_ascii_word);
    let mut p = 0;
    std::iter::from_fn(move || {
        while p < bytes.len() {
            let start = p;
            let boundary = start == 0 || !word(start - 1);
            let b = bytes[start];
            if boundary && b.is_ascii_digit() {
                p = start + 1;
                return Some(start);
            }
            if boundary && b.is_ascii_alphabetic() {
                let mut end = start;
                while word(end) {
                    end += 1;
                }
                let run = &text[start..end];
                // Number words start with one of these letters and have at most 9.
                let maybe = run.len() <= 9
                    && matches!(
                        b | 0x20,
                        b'o' | b't' | b'f' | b's' | b'e' | b'n' | b'a' | b'h'
                    );
                p = end; // no word boundary inside the run
                if maybe && is_number_word(run) {
                    return Some(start);
                }
                continue;
            }
            p = start + 1;
        }
        None
    })
}

/// The first bare clock-style length in `text`: `h:mm:ss` (`04:40:13`,
/// `[04:40:13]`) or `h:mm` (`4:40`), with 1–3 hour digits and two-digit
/// minutes and seconds (both up to 59). Meant for the value after a
/// "Duration" label, so clocks that are plainly times of day are skipped:
/// those followed by am/pm or a zone, and either end of a range
/// (`21:45 to 23:28`).
pub fn parse_clock_length(text: &str) -> Option<Length> {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()))
        .find_map(|i| clock_length_at(text, i))
}

/// A clock-style length whose first digit is at `start`.
fn clock_length_at(text: &str, start: usize) -> Option<Length> {
    if char_before(text, start).is_some_and(|c| is_word_char(c) || matches!(c, '.' | ':' | '/')) {
        return None;
    }
    let (hlen, hours) = digits_at(text, start);
    let mut end = start + hlen;
    if !(1..=3).contains(&hlen) || byte_at(text, end) != b':' {
        return None;
    }
    let (mlen, minutes) = digits_at(text, end + 1);
    if mlen != 2 || minutes > 59 {
        return None;
    }
    end += 3;
    let mut seconds = 0;
    if byte_at(text, end) == b':' {
        let (slen, s) = digits_at(text, end + 1);
        if slen != 2 || s > 59 {
            return None;
        }
        seconds = s;
        end += 3;
    }
    if byte_at(text, end) == b':' && byte_at(text, end + 1).is_ascii_digit() {
        return None;
    }
    if char_at(text, end).is_some_and(is_word_char)
        || (byte_at(text, end) == b'.' && byte_at(text, end + 1).is_ascii_digit())
    {
        return None;
    }
    if meridiem_at(text, end).is_some() || zone_after(text, end, true).is_some() {
        return None;
    }
    if range_connector_after(text, end) || range_connector_before(text, start) {
        return None;
    }
    Some(Length {
        seconds: hours * 3600 + minutes * 60 + seconds,
        span: start..end,
    })
}

/// `to`, `-`, `–`, `—`, `until`, `till`, `through` followed by a digit.
fn range_connector_after(text: &str, pos: usize) -> bool {
    let p = skip_hspace(text, pos, 2);
    let q = match char_at(text, p) {
        Some(c @ ('-' | '\u{2013}' | '\u{2014}')) => p + c.len_utf8(),
        Some(c) if c.is_ascii_alphabetic() => {
            let word = letters_at(text, p);
            if !is_any_of(word, &["to", "until", "till", "through"]) {
                return false;
            }
            p + word.len()
        }
        _ => return false,
    };
    byte_at(text, skip_hspace(text, q, 2)).is_ascii_digit()
}

/// A digit, then a range connector, right before `pos`.
fn range_connector_before(text: &str, pos: usize) -> bool {
    let before = text.get(..pos).unwrap_or("").trim_end();
    let before = before
        .strip_suffix(['-', '\u{2013}', '\u{2014}'])
        .or_else(|| {
            ["to", "until", "till", "through"].iter().find_map(|w| {
                let stem = before.strip_suffix(w)?;
                (!stem.ends_with(|c: char| c.is_ascii_alphabetic())).then_some(stem)
            })
        });
    before.is_some_and(|b| {
        let b = b.trim_end();
        let tail = b.get(b.len().saturating_sub(2)..).unwrap_or("");
        b.ends_with(|c: char| c.is_ascii_digit())
            || tail.eq_ignore_ascii_case("am")
            || tail.eq_ignore_ascii_case("pm")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte scan finds exactly the regex's candidate starts.
    #[test]
    fn length_pre_check_never_hides_a_length() {
        const TOKENS: &[&str] = &[
            "1", "12", "2.5", "90", "one", "Two", "forty", "five", "a", "an", "half", "and",
            "hour", "Hours", "HR", "hrs", "h", "m", "s", "min", "Minutes", "sec", "Seconds", "day",
            "DAYS", "minor", "through", "admin", "-", " ", "  ", "\t", "\u{a0}", "\u{2009}",
            "\u{202f}", ",", ":", "&", "+", "x", "é", "ſ", "\u{212a}", "clock", "once", "per",
            "later", " h", " m", " s",
        ];
        let mut found = 0;
        for text in crate::rules::util::token_texts(0x5DEE_CE66_D1CE_4E5B, TOKENS, 9, 40_000) {
            if first_length(&text).is_some() {
                found += 1;
                assert!(may_state_length(&text), "{text:?}");
            }
        }
        assert!(
            found > 2_000,
            "only {found} lengths: the test proves little"
        );
        assert!(!may_state_length("we went through the admin panel"));
        assert!(may_state_length("for 2 HOURS"));
    }

    /// The byte pass over ASCII text answers as the search does.
    #[test]
    fn length_pre_check_byte_pass_is_the_search() {
        const TOKENS: &[&str] = &[
            "1", "9", "h", "m", "s", "d", "H", "M", "S", "D", "day", "DAY", "Hour", "hr", "HR",
            "min", "MIN", "sec", "Sec", "da", "ho", "mi", "se", "hou", "-", " ", "\t", "x", "é",
            "\u{a0}", "\u{2009}", "a", "y", "r", "n", "c", "\n", "seg", "dia", "hor", "Stund",
            "stun", "SEKUND", "seku", "u", "d", " h", "h ",
        ];
        let (mut ascii, mut stated) = (0, 0);
        for text in crate::rules::util::token_texts(0x3C6E_F372_FE94_F82B, TOKENS, 6, 40_000) {
            let want = may_state_length_by_search(&text);
            assert_eq!(may_state_length(&text), want, "{text:?}");
            ascii += usize::from(text.is_ascii());
            stated += usize::from(want && text.is_ascii());
        }
        assert!(
            ascii > 5_000 && stated > 2_000 && stated < ascii,
            "{ascii} ASCII texts, {stated} pass: the test proves little"
        );
    }

    #[test]
    fn number_words_in_any_case() {
        let linear = |w: &str| NUMBER_WORDS.iter().any(|n| n.eq_ignore_ascii_case(w));
        let mut found = 0;
        for word in NUMBER_WORDS {
            for form in [
                word.to_string(),
                word.to_ascii_uppercase(),
                format!("{}{}", word[..1].to_ascii_uppercase(), &word[1..]),
            ] {
                assert!(is_number_word(&form), "{form}");
                found += 1;
            }
            for other in [
                format!("{word}s"),
                format!("x{word}"),
                word[1..].to_string(),
            ] {
                assert_eq!(is_number_word(&other), linear(&other), "{other}");
            }
        }
        assert_eq!(found, 3 * NUMBER_WORDS.len());
        for other in ["", "the", "seventeens", "nineteenth", "halves", "o", "A1"] {
            assert_eq!(is_number_word(other), linear(other), "{other}");
        }
        assert!(!is_number_word("seventeens") && is_number_word("SEVENTEEN"));
    }

    #[test]
    fn candidates_are_the_regex_matches() {
        const TOKENS: &[&str] = &[
            "1",
            "12",
            "2.5",
            "one",
            "ONE",
            "Two",
            "twenty",
            "seventeen",
            "a",
            "an",
            "A",
            "half",
            "ha",
            "lf",
            "x",
            "_",
            "-",
            " ",
            "\t",
            "é",
            "🔥",
            "ß",
            "Ｏ",
            ":",
            "h",
            "m",
            "hours",
            "oneself",
            "an1",
            "ten_",
            "é1",
            "\u{a0}",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let count = (next() % 8) as usize;
            let text: String = (0..count)
                .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
                .collect::<Vec<_>>()
                .join(if next() % 2 == 0 { "" } else { " " });
            let want: Vec<usize> = CANDIDATE.find_iter(&text).map(|m| m.start()).collect();
            let got: Vec<usize> = candidates(&text).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    fn length(text: &str) -> Option<(u64, &str)> {
        find_length(text).map(|l| (l.seconds, &text[l.span]))
    }

    #[test]
    fn lengths() {
        let cases: &[(&str, u64, &str)] = &[
            ("3 hours", 10_800, "3 hours"),
            ("lasted 120 minutes.", 7_200, "120 minutes"),
            ("2 hrs", 7_200, "2 hrs"),
            ("45 mins", 2_700, "45 mins"),
            ("90min", 5_400, "90min"),
            ("30m outage", 1_800, "30m"),
            ("4h |", 14_400, "4h"),
            ("1h30m", 5_400, "1h30m"),
            ("1h 30m", 5_400, "1h 30m"),
            ("3h 45m |", 13_500, "3h 45m"),
            ("1m30s", 90, "1m30s"),
            ("Duration: 2d 6h, from", 194_400, "2d 6h"),
            ("1d4h", 100_800, "1d4h"),
            ("1 hour and 30 minutes", 5_400, "1 hour and 30 minutes"),
            ("1 hour 30 minutes", 5_400, "1 hour 30 minutes"),
            ("(3 hours, 30 minutes)", 12_600, "3 hours, 30 minutes"),
            ("5 hours 26 minutes", 19_560, "5 hours 26 minutes"),
            ("2.5 hours", 9_000, "2.5 hours"),
            ("(7.5 hours)", 27_000, "7.5 hours"),
            ("1.5 hrs", 5_400, "1.5 hrs"),
            ("4hrs: 40mins: 13secs", 16_813, "4hrs: 40mins: 13secs"),
            ("two hours", 7_200, "two hours"),
            ("Two Hours", 7_200, "Two Hours"),
            ("forty-five minutes", 2_700, "forty-five minutes"),
            ("El incidente duró 15 minutos.", 900, "15 minutos"),
            (
                "una caída de 2 horas y 30 minutos",
                9_000,
                "2 horas y 30 minutos",
            ),
            ("45 segundos", 45, "45 segundos"),
            ("(90 Minuten)", 5_400, "90 Minuten"),
            ("dauerte 2 Stunden", 7_200, "2 Stunden"),
            ("30 Sekunden", 30, "30 Sekunden"),
            ("3 dias", 259_200, "3 dias"),
            ("forty five minutes", 2_700, "forty five minutes"),
            ("ninety minutes", 5_400, "ninety minutes"),
            ("twelve hours", 43_200, "twelve hours"),
            ("an hour", 3_600, "an hour"),
            ("about an hour.", 3_600, "an hour"),
            ("half an hour", 1_800, "half an hour"),
            ("one and a half hours", 5_400, "one and a half hours"),
            ("2 and a half hours", 9_000, "2 and a half hours"),
            ("an hour and a half", 5_400, "an hour and a half"),
            ("30 seconds", 30, "30 seconds"),
            ("3 days", 259_200, "3 days"),
            ("a day", 86_400, "a day"),
            ("a 5-minute blip", 300, "5-minute"),
            ("5 minutes later", 300, "5 minutes"),
            ("every 5 minutes", 300, "5 minutes"),
            ("2400 hours", 8_640_000, "2400 hours"),
            ("a 10-day period", 864_000, "10-day"),
            ("took 2 HRS", 7_200, "2 HRS"),
            ("•\t2 hours 🚨", 7_200, "2 hours"),
            ("a few hours, then 3 hours", 10_800, "3 hours"),
            ("3 hours 30", 10_800, "3 hours"),
            ("2 hours 3 days", 7_200, "2 hours"),
            ("lasted 2 h.", 7_200, "2 h"),
            ("Duration: 1 h 30 min, from", 5_400, "1 h 30 min"),
            ("2 h 15 min", 8_100, "2 h 15 min"),
            ("1 h 30 m", 5_400, "1 h 30 m"),
            ("1h 30 m", 5_400, "1h 30 m"),
            ("lasted 2 hours and 30 m users", 7_200, "2 hours"),
        ];
        for &(text, seconds, span) in cases {
            assert_eq!(length(text), Some((seconds, span)), "{text:?}");
        }
    }

    #[test]
    fn not_lengths() {
        let cases = [
            "",
            "a few hours",
            "several minutes",
            "a couple of hours",
            "24/7",
            "24/7 support",
            "a 3D model",
            "a 2d array",
            "3d-secure checks failed",
            "lasted 2d.",
            "reverted commit 72d.",
            "The 2d, 3d and 4d tiles",
            "p99 over 7d: 2.1s",
            "2 d",
            "on the 2nd",
            "500s and 503s",
            "2100hrs",
            "0830HRS",
            "1400 hours (WAT)",
            "1000 hours",
            "in 24-hour clock",
            "12-hour format",
            "once a day",
            "twice an hour",
            "a second look",
            "a m",
            "3-5 minutes",
            "10:30 minutes",
            "hours",
            "twohours",
            "14h30",
            "5 minutesx",
            "2M users",
            "🚨 hours",
            "the hour",
            "5 m users",
            "at 14 h 30",
            "2  h",
            "2 H",
            "2 hx",
            "20 s",
            "2 h30s",
        ];
        for text in cases {
            assert_eq!(length(text), None, "{text:?}");
        }
    }

    #[test]
    fn clock_lengths() {
        let cases: &[(&str, Option<(u64, &str)>)] = &[
            ("04:40:13", Some((16_813, "04:40:13"))),
            ("[04:40:13]", Some((16_813, "04:40:13"))),
            ("Duration: 4:40", Some((16_800, "4:40"))),
            ("**Duration:** 01:10:00 (approx)", Some((4_200, "01:10:00"))),
            ("49:30", Some((178_200, "49:30"))),
            ("10:00 AM", None),
            ("10:00 UTC", None),
            ("21:45 to 23:28 UTC (103 minutes)", None),
            ("14:00-17:00", None),
            ("3:1", None),
            ("1:2:3", None),
            ("2:00:00:00", None),
            ("127.0.0.1:8080", None),
            ("4:60", None),
            ("4:40:60", None),
            ("1234:00", None),
            ("", None),
            ("v4:40", None),
        ];
        for (text, want) in cases {
            let got = parse_clock_length(text).map(|l| (l.seconds, &text[l.span]));
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn huge_inputs() {
        let text = "a ".repeat(200_000);
        assert_eq!(find_length(&text), None);
        let text = format!("{}9 hours", "9".repeat(100));
        assert_eq!(find_length(&text), None);
        let text = "1:1 ".repeat(100_000);
        assert_eq!(parse_clock_length(&text), None);
    }
}
