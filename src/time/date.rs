//! Calendar dates written next to a time: `October 7, 2023`, `Oct 7`,
//! `Thursday, May 9, 2024`, `15th May 2023`, `15th of May, 2023`,
//! `2023-10-07`, `2023/10/07`, `05/04/23`, `07-10-2023`, `07.10.2023`.

use std::ops::Range;
use std::sync::LazyLock;

use super::clock::clock_at;
use super::matcher::{self, Class, Grammar, Groups, Match, Node, lit, opt, spaces};
use super::scan::{byte_at, skip_hspace, window_start};
use super::{Date, DateOrder};

/// Capture groups of the date grammar. The form is told by which groups
/// took part: `M1 D1 Y1` (month first), `D2 M2 Y2` (day first), `IY IM ID`
/// (ISO with `-`), `JY JM JD` (ISO with `/`), `SA SB SC` (`a/b/yy`), `HA HB HC`
/// (`a-b-yyyy`), `DA DB DC` (`a.b.yyyy`, always day first); `Join` is the
/// joiner between a date and the time after it, `Date` the date after a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
enum G {
    M1,
    D1,
    Y1,
    D2,
    M2,
    Y2,
    IY,
    IM,
    ID,
    JY,
    JM,
    JD,
    SA,
    SB,
    SC,
    HA,
    HB,
    HC,
    DA,
    DB,
    DC,
    Join,
    Date,
}

/// Weekday names, longest first where one starts another (the grammar
/// tries them in this order).
pub(super) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tues",
    "tue",
    "wed",
    "thurs",
    "thur",
    "thu",
    "fri",
    "sat",
    "sun",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
];

fn group(g: G, node: Node) -> Node {
    Node::Group(g as usize, Box::new(node))
}

fn digits(n: usize, m: usize) -> Node {
    Node::Repeat(Class::DIGIT, n, m)
}

/// `(?:19|20)[0-9]{2}`
fn year4() -> Node {
    Node::Seq(vec![Node::alt(vec![lit("19"), lit("20")]), digits(2, 2)])
}

/// A month word, a word boundary, and an optional `.`.
fn month() -> Node {
    Node::Seq(vec![Node::words(MONTHS), Node::WordBoundary, opt(lit("."))])
}

/// `(?:<weekday>\.?,?<space>+)?`
fn weekday_prefix() -> Node {
    opt(Node::Seq(vec![
        Node::words(WEEKDAYS),
        opt(lit(".")),
        opt(lit(",")),
        spaces(1, usize::MAX),
    ]))
}

/// `st`, `nd`, `rd`, `th`, or nothing.
fn ordinal() -> Node {
    opt(Node::words(&["st", "nd", "rd", "th"]))
}

/// `(?:,?<space>*<year>\b)?`, the year in group `g`.
fn year_after(g: G) -> Node {
    opt(Node::Seq(vec![
        opt(lit(",")),
        spaces(0, usize::MAX),
        group(g, year4()),
        Node::WordBoundary,
    ]))
}

/// The date forms, tried in this order (see the module documentation):
/// `October 7, 2023`, `7th of October 2023`, `2023-10-07`, `2023/10/07`,
/// `10/07/23`, `07-10-2023`, `07.10.2023`. As a regex:
///
/// ```text
/// {wd}(?P<m1>{month}){H}*(?P<d1>[0-9]{1,2}){ord}\b(?:,?{H}*(?P<y1>{y4})\b)?
/// | {wd}(?:(?i:the){H}+)?(?P<d2>[0-9]{1,2}){ord}(?:{H}+(?i:of))?{H}*(?P<m2>{month})(?:,?{H}*(?P<y2>{y4})\b)?
/// | (?P<iy>{y4})-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})
/// | (?P<jy>{y4})/(?P<jm>[0-9]{1,2})/(?P<jd>[0-9]{1,2})
/// | (?P<sa>[0-9]{1,2})/(?P<sb>[0-9]{1,2})/(?P<sc>[0-9]{4}|[0-9]{2})
/// | (?P<ha>[0-9]{1,2})-(?P<hb>[0-9]{1,2})-(?P<hc>{y4})
/// | (?P<da>[0-9]{1,2})\.(?P<db>[0-9]{1,2})\.(?P<dc>{y4})
/// ```
fn date_forms() -> Node {
    // Three numbers in groups `a`, `b`, `c`, joined by `sep`.
    let numeric = |sep: &'static str, [a, b, c]: [(G, Node); 3]| {
        Node::Seq(vec![
            group(a.0, a.1),
            lit(sep),
            group(b.0, b.1),
            lit(sep),
            group(c.0, c.1),
        ])
    };
    Node::alt(vec![
        Node::Seq(vec![
            weekday_prefix(),
            group(G::M1, month()),
            spaces(0, usize::MAX),
            group(G::D1, digits(1, 2)),
            ordinal(),
            Node::WordBoundary,
            year_after(G::Y1),
        ]),
        Node::Seq(vec![
            weekday_prefix(),
            opt(Node::Seq(vec![
                Node::words(&["the"]),
                spaces(1, usize::MAX),
            ])),
            group(G::D2, digits(1, 2)),
            ordinal(),
            opt(Node::Seq(vec![spaces(1, usize::MAX), Node::words(&["of"])])),
            spaces(0, usize::MAX),
            group(G::M2, month()),
            year_after(G::Y2),
        ]),
        numeric(
            "-",
            [
                (G::IY, year4()),
                (G::IM, digits(1, 2)),
                (G::ID, digits(1, 2)),
            ],
        ),
        numeric(
            "/",
            [
                (G::JY, year4()),
                (G::JM, digits(1, 2)),
                (G::JD, digits(1, 2)),
            ],
        ),
        numeric(
            "/",
            [
                (G::SA, digits(1, 2)),
                (G::SB, digits(1, 2)),
                (G::SC, Node::alt(vec![digits(4, 4), digits(2, 2)])),
            ],
        ),
        numeric(
            "-",
            [
                (G::HA, digits(1, 2)),
                (G::HB, digits(1, 2)),
                (G::HC, year4()),
            ],
        ),
        numeric(
            ".",
            [
                (G::DA, digits(1, 2)),
                (G::DB, digits(1, 2)),
                (G::DC, year4()),
            ],
        ),
    ])
}

/// A date that ends, with its joiner (`, `, ` at `, `T`, ` @ `, ` ~`, `: `,
/// ` - `), right where the text ends:
/// `\b(?:<date>)(?P<join>T|(?:\*\*|__)?(?:{H}*,{H}*|{H}*:{H}+|{H}+[-–—]{H}+|{H}+)(?:(?i:at){H}+|@{H}*)?(?:\*\*|__)?(?:~{H}*)?)$`
static DATE_BEFORE: LazyLock<Grammar> = LazyLock::new(|| {
    Grammar::new(Node::Seq(vec![
        Node::WordBoundary,
        date_forms(),
        group(G::Join, joiner()),
        Node::End,
    ]))
});

/// [`DATE_BEFORE`]'s joiner alone, running to the end of the text.
static JOINER_TO_END: LazyLock<Grammar> =
    LazyLock::new(|| Grammar::new(Node::Seq(vec![joiner(), Node::End])));

/// The joiner between a date and the time after it:
/// `T|(?:\*\*|__)?(?:{H}*,{H}*|{H}*:{H}+|{H}+[-–—]{H}+|{H}+)(?:(?i:at){H}+|@{H}*)?(?:\*\*|__)?(?:~{H}*)?`.
/// A `~` marks an approximate time (`04-03-2026 ~14:18`): the date is still
/// its date. A colon or a spaced dash may join them too (`February 15,
/// 2024: 7:56am`, `24-10-2024 - 08:15`).
fn joiner() -> Node {
    let emphasis = || opt(Node::alt(vec![lit("**"), lit("__")]));
    Node::alt(vec![
        lit("T"),
        Node::Seq(vec![
            emphasis(),
            comma_or_space_or(vec![
                Node::Seq(vec![spaces(0, usize::MAX), lit(":"), spaces(1, usize::MAX)]),
                Node::Seq(vec![
                    spaces(1, usize::MAX),
                    Node::alt(vec![lit("-"), lit("–"), lit("—")]),
                    spaces(1, usize::MAX),
                ]),
            ]),
            opt(Node::alt(vec![
                Node::Seq(vec![Node::words(&["at"]), spaces(1, usize::MAX)]),
                Node::Seq(vec![lit("@"), spaces(0, usize::MAX)]),
            ])),
            emphasis(),
            opt(Node::Seq(vec![lit("~"), spaces(0, usize::MAX)])),
        ]),
    ])
}

/// Whether a date and its joiner may end `hay` (a necessary condition for
/// [`DATE_BEFORE`], checked before its search): some end of `hay` is a
/// whole joiner, and the text before that joiner ends like a date form
/// ends: in a digit (a day, a year, a numeric date), in an ordinal after a
/// digit (`7th`), or in a month word, with or without a `.`. Text with a
/// non-ASCII character among its last bytes may spell a month with `ſ`
/// (`(?i)` reads it as `s`) and is not ruled out.
fn may_end_in_date(hay: &str) -> bool {
    let mut e = hay.len();
    // A joiner holds only these characters.
    while let Some(c) = hay[..e].chars().next_back().filter(|c| {
        matches!(
            c,
            'T' | 't'
                | 'A'
                | 'a'
                | '*'
                | '_'
                | ','
                | '@'
                | '~'
                | ':'
                | '-'
                | '–'
                | '—'
                | ' '
                | '\t'
                | '\u{a0}'
                | '\u{202f}'
        )
    }) {
        e -= c.len_utf8();
        if ends_like_date(&hay[..e]) && matcher::match_at(&JOINER_TO_END, hay, e).is_some() {
            return true;
        }
    }
    false
}

/// Whether `text` ends like a date form can (see [`may_end_in_date`]).
fn ends_like_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes[bytes.len().saturating_sub(12)..]
        .iter()
        .any(|b| !b.is_ascii())
    {
        return true;
    }
    let text = text.strip_suffix('.').unwrap_or(text);
    let letters = text.len()
        - text
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    let run = &text[text.len() - letters..];
    let before_run = text[..text.len() - letters].bytes().next_back();
    if letters == 0 {
        // Only a month ends with `.`; a digit ends the other forms.
        return !bytes.ends_with(b".") && before_run.is_some_and(|b| b.is_ascii_digit());
    }
    // `run` is ASCII letters; the suffixes are lower case.
    let ends_with = |suffix: &str| {
        run.len() >= suffix.len() && run[run.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    let ordinal = ["st", "nd", "rd", "th"].iter().any(|o| ends_with(o))
        && text[..text.len() - 2]
            .bytes()
            .next_back()
            .is_some_and(|b| b.is_ascii_digit());
    ordinal || MONTHS.iter().any(|m| ends_with(m))
}

/// `{H}*,{H}*|{H}+`
fn comma_or_space() -> Node {
    comma_or_space_or(Vec::new())
}

/// `{H}*,{H}*|<others>|{H}+`: [`comma_or_space`] with other separators
/// tried between its two.
fn comma_or_space_or(others: Vec<Node>) -> Node {
    let mut alternatives = vec![Node::Seq(vec![
        spaces(0, usize::MAX),
        lit(","),
        spaces(0, usize::MAX),
    ])];
    alternatives.extend(others);
    alternatives.push(spaces(1, usize::MAX));
    Node::alt(alternatives)
}

/// A date starting right after a time: `, <date>`, ` on <date>`, ` <date>`:
/// `^(?:{H}*,{H}*|{H}+)(?:(?i:on){H}+)?(?P<date><date>)`
static DATE_AFTER: LazyLock<Grammar> = LazyLock::new(|| {
    Grammar::new(Node::Seq(vec![
        comma_or_space(),
        opt(Node::Seq(vec![Node::words(&["on"]), spaces(1, usize::MAX)])),
        group(G::Date, date_forms()),
    ]))
});

/// A date that ends at a word boundary (see [`leading_date`]): `^(?:<date>)\b`
static LEADING_DATE: LazyLock<Grammar> =
    LazyLock::new(|| Grammar::new(Node::Seq(vec![date_forms(), Node::WordBoundary])));

/// A whole date and nothing else (see [`date_line`]): `^(?:<date>)$`
static DATE_LINE: LazyLock<Grammar> =
    LazyLock::new(|| Grammar::new(Node::Seq(vec![date_forms(), Node::End])));

/// The groups of a match of the date grammar, over the text it was matched in.
struct Captures<'t> {
    text: &'t str,
    groups: Groups,
}

impl<'t> Captures<'t> {
    fn new(text: &'t str, m: &Match) -> Self {
        Captures {
            text,
            groups: m.groups,
        }
    }

    /// The text of group `g`, if it took part in the match.
    fn get(&self, g: G) -> Option<&'t str> {
        let (start, end) = self.groups[g as usize]?;
        self.text.get(start..end)
    }
}

/// How many bytes before a clock are searched for its date.
const DATE_WINDOW: usize = 80;

/// Month number from a month word (`Oct`, `october`, `Sept.`).
fn month_number(word: &str) -> Option<u8> {
    let prefix = word.trim_end_matches('.').get(..3)?;
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let index = months.iter().position(|m| m.eq_ignore_ascii_case(prefix))?;
    u8::try_from(index + 1).ok()
}

/// Whether `word` is a month's name or its abbreviation (`March`, `mar`,
/// `Sept.`; [`MONTHS`]), in any ASCII case.
pub(crate) fn is_month_name(word: &str) -> bool {
    super::scan::is_any_of(word.trim_end_matches('.'), MONTHS)
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (Feb has 29 when the year is unknown).
fn days_in_month(year: Option<i32>, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_none_or(is_leap) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A validated date.
fn make_date(year: Option<i32>, month: u64, day: u64) -> Option<Date> {
    let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    let day = u8::try_from(day).ok()?;
    (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
}

/// Reads a year group: four digits, or two read as 20xx.
fn year_of(text: &str) -> Option<i32> {
    let value: i32 = text.parse().ok()?;
    Some(if text.len() == 2 { 2000 + value } else { value })
}

/// Month and day from two numbers `a/b` under `order` (see [`DateOrder`]).
fn month_day(a: u64, b: u64, order: DateOrder) -> (u64, u64) {
    match order {
        DateOrder::Mdy if a > 12 && b <= 12 => (b, a),
        DateOrder::Mdy => (a, b),
        DateOrder::Dmy if b > 12 && a <= 12 => (a, b),
        DateOrder::Dmy => (b, a),
    }
}

/// Interprets the captures of [`date_pattern`].
fn date_from(caps: &Captures<'_>, order: DateOrder) -> Option<Date> {
    let num = |g: G| caps.get(g).and_then(|m| m.parse::<u64>().ok());
    let year = |g: G| caps.get(g).and_then(year_of);
    let month_word = |g: G| {
        let word = caps.get(g)?;
        // Lower-case `may` is far more often the verb.
        if word == "may" {
            return None;
        }
        month_number(word).map(u64::from)
    };
    if caps.get(G::M1).is_some() {
        return make_date(year(G::Y1), month_word(G::M1)?, num(G::D1)?);
    }
    if caps.get(G::M2).is_some() {
        return make_date(year(G::Y2), month_word(G::M2)?, num(G::D2)?);
    }
    if caps.get(G::IY).is_some() {
        return make_date(year(G::IY), num(G::IM)?, num(G::ID)?);
    }
    if caps.get(G::JY).is_some() {
        return make_date(year(G::JY), num(G::JM)?, num(G::JD)?);
    }
    if caps.get(G::SA).is_some() {
        let (month, day) = month_day(num(G::SA)?, num(G::SB)?, order);
        return make_date(year(G::SC), month, day);
    }
    if caps.get(G::HA).is_some() {
        let (month, day) = month_day(num(G::HA)?, num(G::HB)?, order);
        return make_date(year(G::HC), month, day);
    }
    if caps.get(G::DA).is_some() {
        return make_date(year(G::DC), num(G::DB)?, num(G::DA)?);
    }
    None
}

/// The date written right before a clock starting at `clock_start`, looking no
/// further back than `floor`: returns the date and where it starts.
pub(crate) fn date_before(
    text: &str,
    floor: usize,
    clock_start: usize,
    order: DateOrder,
) -> Option<(Date, usize)> {
    let hay = text.get(..clock_start)?;
    let from = window_start(text, floor, clock_start, DATE_WINDOW);
    // What the regex needs, checked first: the joiner's last char right
    // before the clock, and a digit (every date form has one) in the window.
    let joiner_end = hay.chars().next_back().is_some_and(|c| {
        matches!(
            c,
            'T' | '*' | '_' | '@' | '~' | ',' | '\t' | ' ' | '\u{a0}' | '\u{202f}'
        )
    });
    if !joiner_end
        || !hay.as_bytes()[from..].iter().any(u8::is_ascii_digit)
        || !may_end_in_date(hay)
    {
        return None;
    }
    let found = matcher::find_from(&DATE_BEFORE, hay, from)?;
    let caps = Captures::new(hay, &found);
    // A `T` joiner only follows an ISO date.
    if caps.get(G::Join) == Some("T") && caps.get(G::IY).is_none() {
        return None;
    }
    Some((date_from(&caps, order)?, found.start))
}

/// The date written right after a timestamp ending at `pos` (`10:00 AM on
/// October 7`, `12:00 9th Nov 2022`): returns the date and where it ends.
/// A date that is itself followed by a time belongs to that time instead.
pub(crate) fn date_after(text: &str, pos: usize, order: DateOrder) -> Option<(Date, usize)> {
    let rest = text.get(pos..)?;
    // What the regex needs, checked first: a space or comma, then (after any
    // more of them) a digit or the first letter of `on`, `the`, a weekday or
    // a month (`ſ` is an `s` to `(?i)`).
    let lead = rest.len()
        - rest
            .trim_start_matches([',', '\t', ' ', '\u{a0}', '\u{202f}'])
            .len();
    let starts_date = rest[lead..].chars().next().is_some_and(|c| {
        c.is_ascii_digit()
            || matches!(
                c.to_ascii_lowercase(),
                'm' | 't' | 'w' | 'f' | 's' | 'j' | 'a' | 'o' | 'n' | 'd'
            )
            || c == 'ſ'
    });
    if lead == 0 || !starts_date {
        return None;
    }
    let found = matcher::match_at(&DATE_AFTER, rest, 0)?;
    let caps = Captures::new(rest, &found);
    let (_, date_end) = caps.groups[G::Date as usize]?;
    let end = pos + date_end;
    if byte_at(text, end).is_ascii_digit() {
        return None;
    }
    let date = date_from(&caps, order)?;
    // Followed by `, 10:00` / ` at 10:00`? Then it is the next time's date.
    let mut p = skip_hspace(text, end, 2);
    if byte_at(text, p) == b',' {
        p = skip_hspace(text, p + 1, 2);
    }
    let word = super::scan::letters_at(text, p);
    if word.eq_ignore_ascii_case("at") {
        p = skip_hspace(text, p + 2, 2);
    }
    if p > end && clock_at(text, p).is_some() {
        return None;
    }
    Some((date, end))
}

/// A whole date and nothing else, as written on a line of its own between
/// timeline entries (`_4/24/23_`, `**October 7, 2023**`, `Day 2 - Oct 8:`):
/// surrounding emphasis, bullets, `#`, `-` and a trailing colon are ignored.
/// Returns `None` when the text holds anything but a date (a time included).
pub fn date_line(text: &str, order: DateOrder) -> Option<Date> {
    let t = text.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '_' | '#' | '-' | '•' | ':' | '`')
    });
    // Every date form holds an ASCII digit and none holds a colon: most
    // timeline entries (`10:05 UTC: ...`) are ruled out without the regex.
    if t.contains(':') || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let found = matcher::match_at(&DATE_LINE, t, 0)?;
    date_from(&Captures::new(t, &found), order)
}

/// Whether `word` starts as every month's and weekday's name (and `the`)
/// does, in any ASCII case: their first three letters, checked before the
/// lists (most words fail at once).
fn names_a_day_prefix(word: &[u8]) -> bool {
    word.len() >= 3
        && matches!(
            [word[0] | 0x20, word[1] | 0x20, word[2] | 0x20],
            [b'j', b'a', b'n']
                | [b'f', b'e', b'b']
                | [b'm', b'a', b'r' | b'y']
                | [b'a', b'p' | b'u', b'r' | b'g']
                | [b'j', b'u', b'n' | b'l']
                | [b's', b'e', b'p']
                | [b'o', b'c', b't']
                | [b'n', b'o', b'v']
                | [b'd', b'e', b'c']
                | [b'm', b'o', b'n']
                | [b't', b'u', b'e']
                | [b'w', b'e', b'd']
                | [b't', b'h', b'u' | b'e']
                | [b'f', b'r', b'i']
                | [b's', b'a', b't']
                | [b's', b'u', b'n']
        )
}

/// The date that `text` begins with, after the white space, bullets,
/// emphasis, brackets and emoji that [`super::leading_timestamp`] skips too,
/// ending at a word boundary: `04/23/2023 - A researcher reported ...`,
/// `September 28th (Evening): ...`, `2024-01-16: ...`. Returns the date and
/// its byte range in `text`. A time written after the date is not read: a
/// caller asks only about text in which no timestamp was found.
pub fn leading_date(text: &str, order: DateOrder) -> Option<(Date, Range<usize>)> {
    let start = text
        .char_indices()
        .find(|&(_, c)| !super::stamp::is_line_decoration(c))
        .map(|(i, _)| i)?;
    // Every date form starts with a digit or a word: a month, a weekday or `the`.
    let first = byte_at(text, start);
    if first.is_ascii_alphabetic() {
        // A word the grammar reads as a month or weekday is one of these
        // (whole: `month()` ends in a word boundary); `the` must come
        // before a day's number (`the 7th of Oct`).
        let word = super::scan::letters_at(text, start);
        let after_the = || {
            text[start + word.len()..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
        };
        let may_start = names_a_day_prefix(word.as_bytes())
            && (super::scan::is_any_of(word, MONTHS)
                || super::scan::is_any_of(word, WEEKDAYS)
                || (word.eq_ignore_ascii_case("the") && after_the()));
        if !may_start {
            return None;
        }
    } else if !first.is_ascii_digit() {
        return None;
    }
    let found = match matcher::match_at(&LEADING_DATE, text, start) {
        Some(found) => found,
        // A weekday before a numeric date (`Wednesday, 2018-08-22`), which
        // the date forms do not hold: the date after it.
        None => {
            let word = super::scan::letters_at(text, start);
            if !super::scan::is_any_of(word, WEEKDAYS) {
                return None;
            }
            let rest = &text[start + word.len()..];
            let skipped = rest.len() - rest.trim_start_matches([',', '.', ' ']).len();
            let at = start + word.len() + skipped;
            if skipped == 0 || !byte_at(text, at).is_ascii_digit() {
                return None;
            }
            let found = matcher::match_at(&LEADING_DATE, text, at)?;
            let date = date_from(&Captures::new(text, &found), order)?;
            return Some((date, start..found.end));
        }
    };
    let date = date_from(&Captures::new(text, &found), order)?;
    Some((date, found.start..found.end))
}

/// Days since 1970-01-01 of a civil (proleptic Gregorian) date; a date
/// without a year is counted in the year 2000 (a leap year, so Feb 29 works).
/// Only differences between two day numbers are meaningful to callers.
pub fn civil_day_number(date: Date) -> i64 {
    let year = i64::from(date.year.unwrap_or(2000));
    let month = i64::from(date.month);
    let day = i64::from(date.day);
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// Every group with its name in the regexes below.
    const GROUP_NAMES: [(G, &str); 23] = [
        (G::M1, "m1"),
        (G::D1, "d1"),
        (G::Y1, "y1"),
        (G::D2, "d2"),
        (G::M2, "m2"),
        (G::Y2, "y2"),
        (G::IY, "iy"),
        (G::IM, "im"),
        (G::ID, "id"),
        (G::JY, "jy"),
        (G::JM, "jm"),
        (G::JD, "jd"),
        (G::SA, "sa"),
        (G::SB, "sb"),
        (G::SC, "sc"),
        (G::HA, "ha"),
        (G::HB, "hb"),
        (G::HC, "hc"),
        (G::DA, "da"),
        (G::DB, "db"),
        (G::DC, "dc"),
        (G::Join, "join"),
        (G::Date, "date"),
    ];

    /// The grammars' specification: the regexes they replaced.
    const H: &str = r"[\t \x{a0}\x{202f}]";

    fn date_pattern() -> String {
        let weekday = r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?";
        let month = r"(?i:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?-u:\b)\.?";
        let ord = r"(?i:st|nd|rd|th)?";
        let y4 = r"(?:19|20)[0-9]{2}";
        let wd = format!(r"(?:{weekday},?{H}+)?");
        [
            format!(
                r"{wd}(?P<m1>{month}){H}*(?P<d1>[0-9]{{1,2}}){ord}(?-u:\b)(?:,?{H}*(?P<y1>{y4})(?-u:\b))?"
            ),
            format!(
                r"{wd}(?:(?i:the){H}+)?(?P<d2>[0-9]{{1,2}}){ord}(?:{H}+(?i:of))?{H}*(?P<m2>{month})(?:,?{H}*(?P<y2>{y4})(?-u:\b))?"
            ),
            format!(r"(?P<iy>{y4})-(?P<im>[0-9]{{1,2}})-(?P<id>[0-9]{{1,2}})"),
            format!(r"(?P<jy>{y4})/(?P<jm>[0-9]{{1,2}})/(?P<jd>[0-9]{{1,2}})"),
            r"(?P<sa>[0-9]{1,2})/(?P<sb>[0-9]{1,2})/(?P<sc>[0-9]{4}|[0-9]{2})".to_string(),
            format!(r"(?P<ha>[0-9]{{1,2}})-(?P<hb>[0-9]{{1,2}})-(?P<hc>{y4})"),
            format!(r"(?P<da>[0-9]{{1,2}})\.(?P<db>[0-9]{{1,2}})\.(?P<dc>{y4})"),
        ]
        .join("|")
    }

    fn spec_before() -> Regex {
        let join = format!(
            r"(?:T|(?:\*\*|__)?(?:{H}*,{H}*|{H}*:{H}+|{H}+[-–—]{H}+|{H}+)(?:(?i:at){H}+|@{H}*)?(?:\*\*|__)?(?:~{H}*)?)"
        );
        Regex::new(&format!(r"(?-u:\b)(?:{})(?P<join>{join})$", date_pattern()))
            .expect("date-before regex")
    }

    fn spec_after() -> Regex {
        Regex::new(&format!(
            r"^(?:{H}*,{H}*|{H}+)(?:(?i:on){H}+)?(?P<date>{})",
            date_pattern()
        ))
        .expect("date-after regex")
    }

    fn spec_line() -> Regex {
        Regex::new(&format!(r"^(?:{})$", date_pattern())).expect("date-line regex")
    }

    /// A regex match in the grammar's shape, to compare the two.
    fn as_match(caps: Option<regex::Captures<'_>>) -> Option<Match> {
        let caps = caps?;
        let whole = caps.get(0)?;
        let mut groups: Groups = [None; matcher::MAX_GROUPS];
        for (g, name) in GROUP_NAMES {
            groups[g as usize] = caps.name(name).map(|m| (m.start(), m.end()));
        }
        Some(Match {
            start: whole.start(),
            end: whole.end(),
            groups,
        })
    }

    /// Pieces of dates, joiners and look-alikes, including the characters
    /// `(?i)` folds to ASCII letters (`ſ`, the Kelvin sign) and every space
    /// the grammar knows.
    const DATE_TOKENS: &[&str] = &[
        "October",
        "oct",
        "OCT.",
        "Sept",
        "ſept",
        "ſep.",
        "May",
        "may",
        "june",
        "Jun",
        "dec",
        "Thursday",
        "thu",
        "Thurs.",
        "ſat",
        "Sun",
        "mon",
        "the",
        "The",
        "of",
        "OF",
        "on",
        "On",
        "at",
        "AT",
        "T",
        "t",
        "@",
        "~",
        "–",
        "—",
        "**",
        "__",
        "*",
        "_",
        ",",
        ".",
        "-",
        "/",
        ":",
        " ",
        "  ",
        "\t",
        "\u{a0}",
        "\u{202f}",
        "\u{2009}",
        "7",
        "07",
        "12",
        "31",
        "2023",
        "1999",
        "23",
        "123",
        "2023-10-07",
        "05/04/23",
        "st",
        "nd",
        "rd",
        "TH",
        "ſt",
        "\u{212a}",
        "k",
        "x",
        "é",
        "10:00",
        "7th",
        "1st",
        "9.9",
        "_x",
    ];

    /// `may_end_in_date` holds wherever [`DATE_BEFORE`] matches, and rules
    /// out most texts that only end in a joiner.
    #[test]
    fn date_end_pre_check_never_hides_a_match() {
        let (mut matched, mut ruled_out) = (0, 0);
        for text in crate::rules::util::token_texts(0x2545_F491_4F6C_DD1D, DATE_TOKENS, 9, 150_000)
        {
            let found = matcher::find_from(&DATE_BEFORE, &text, 0).is_some();
            let may = may_end_in_date(&text);
            assert!(may || !found, "{text:?}");
            matched += usize::from(found);
            ruled_out += usize::from(!may);
        }
        assert!(matched > 400 && ruled_out > 10_000, "{matched} {ruled_out}");
    }

    #[test]
    fn grammars_agree_with_their_regexes() {
        let (before, after, line) = (spec_before(), spec_after(), spec_line());
        let mut matched = [0; 3];
        for text in crate::rules::util::token_texts(0x9e37_79b9_7f4a_7c15, DATE_TOKENS, 9, 60_000) {
            for from in (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .step_by(3)
            {
                let want = as_match(before.captures_at(&text, from));
                let got = matcher::find_from(&DATE_BEFORE, &text, from);
                assert_eq!(got, want, "before {text:?} from {from}");
                matched[0] += usize::from(got.is_some());
            }
            // A date after a time starts with a space or comma.
            for rest in [text.clone(), format!(" {text}")] {
                let got = matcher::match_at(&DATE_AFTER, &rest, 0);
                assert_eq!(got, as_match(after.captures(&rest)), "after {rest:?}");
                matched[1] += usize::from(got.is_some());
            }
            let got = matcher::match_at(&DATE_LINE, &text, 0);
            assert_eq!(got, as_match(line.captures(&text)), "line {text:?}");
            matched[2] += usize::from(got.is_some());
        }
        // The texts reach every grammar's matches, not only its misses.
        assert!(matched.iter().all(|&n| n > 400), "{matched:?}");
    }

    #[test]
    fn date_lines() {
        let d = |y, m, d| {
            Some(Date {
                year: y,
                month: m,
                day: d,
            })
        };
        assert_eq!(date_line("_4/24/23_", DateOrder::Mdy), d(Some(2023), 4, 24));
        assert_eq!(
            date_line("**October 7, 2023**", DateOrder::Mdy),
            d(Some(2023), 10, 7)
        );
        assert_eq!(date_line("Oct 8:", DateOrder::Mdy), d(None, 10, 8));
        assert_eq!(date_line("Oct 8 10:00", DateOrder::Mdy), None);
        assert_eq!(date_line("The outage", DateOrder::Mdy), None);
    }

    fn d(year: Option<i32>, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    /// [`leading_date`]'s check of the first word never rules out a date
    /// its grammar would find.
    #[test]
    fn leading_date_pre_check_never_hides_a_date() {
        const TOKENS: &[&str] = &[
            "Oct", "October", "oct.", "Sept", "Septic", "May", "Maybe", "Dec", "Declared", "Thu",
            "Thursday", "Thurs", "the", "The", "of", "7", "7th", "28", "2024", "-", "/", ".", ",",
            " ", "\n", "*", "•", "🚨", "é", "x", "at",
        ];
        let weekday = Regex::new(&format!(r"(?i)^(?:{})[,. ]+[0-9]", WEEKDAYS.join("|"))).unwrap();
        let mut found = 0;
        for text in crate::rules::util::token_texts(0x6c65_6164_6461_7465, TOKENS, 7, 40_000) {
            // The grammar at the first char no decoration, or (when it finds
            // nothing there) after a weekday and `,`, `.` or spaces.
            let spec = text
                .char_indices()
                .find(|&(_, c)| !super::super::stamp::is_line_decoration(c))
                .and_then(|(start, _)| {
                    matcher::match_at(&LEADING_DATE, &text, start).or_else(|| {
                        let m = weekday.find(&text[start..])?;
                        matcher::match_at(&LEADING_DATE, &text, start + m.end() - 1)
                    })
                })
                .and_then(|m| date_from(&Captures::new(&text, &m), DateOrder::Mdy));
            let got = leading_date(&text, DateOrder::Mdy).map(|(date, _)| date);
            assert_eq!(got, spec, "{text:?}");
            found += usize::from(spec.is_some());
        }
        assert!(found > 500, "only {found} dates: the test proves little");
    }

    #[test]
    fn leading_dates() {
        use DateOrder::{Dmy, Mdy};
        type Case = (&'static str, DateOrder, Option<(Date, &'static str)>);
        let cases: &[Case] = &[
            (
                "04/23/2023 - A researcher reported it",
                Mdy,
                Some((d(Some(2023), 4, 23), "04/23/2023")),
            ),
            (
                "04/05/2023 - Dates read day first",
                Dmy,
                Some((d(Some(2023), 5, 4), "04/05/2023")),
            ),
            (
                "02-26-2024 - Block validation failed",
                Mdy,
                Some((d(Some(2024), 2, 26), "02-26-2024")),
            ),
            (
                "**2024-03-04**: fix merged",
                Mdy,
                Some((d(Some(2024), 3, 4), "2024-03-04")),
            ),
            (
                "    * September 28th (Afternoon): escalated",
                Mdy,
                Some((d(None, 9, 28), "September 28th")),
            ),
            (
                "🚨 Oct 8, 2023 - paged",
                Mdy,
                Some((d(Some(2023), 10, 8), "Oct 8, 2023")),
            ),
            ("2024-03-04", Mdy, Some((d(Some(2024), 3, 4), "2024-03-04"))),
            // Not a whole date at the start, or not at a word's end.
            ("11/03/202 - Version 1.6.1 released", Mdy, None),
            ("2024-03-04x - typo", Mdy, None),
            ("On 2024-03-04 the fix shipped", Mdy, None),
            ("2023 was a hard year", Mdy, None),
            ("Version 1.6.1 released", Mdy, None),
            ("13/13/2023 - no such month", Mdy, None),
            ("", Mdy, None),
        ];
        for (text, order, want) in cases {
            let got = leading_date(text, *order).map(|(date, span)| (date, &text[span]));
            assert_eq!(got, *want, "{text:?}");
        }
    }

    /// Date before a clock written at the end of `text` (the `@` marks it).
    fn before(text: &str, order: DateOrder) -> Option<(Date, &str)> {
        let at = text.find('@').unwrap_or(text.len());
        let text = &text[..at];
        date_before(text, 0, text.len(), order).map(|(date, s)| (date, &text[s..]))
    }

    #[test]
    fn dates_before_a_time() {
        use DateOrder::{Dmy, Mdy};
        let y = Some;
        let cases: &[(&str, DateOrder, Date, &str)] = &[
            (
                "October 7, 2023, ",
                Mdy,
                d(y(2023), 10, 7),
                "October 7, 2023, ",
            ),
            ("Oct 7 ", Mdy, d(None, 10, 7), "Oct 7 "),
            // An approximate time (`~14:18`) keeps its date; so does a time
            // after a colon or a spaced dash.
            (
                "February 15, 2024: ",
                Mdy,
                d(y(2024), 2, 15),
                "February 15, 2024: ",
            ),
            ("24-10-2024 - ", Dmy, d(y(2024), 10, 24), "24-10-2024 - "),
            ("Oct 7 – ", Mdy, d(None, 10, 7), "Oct 7 – "),
            ("04-03-2026 ~", Dmy, d(y(2026), 3, 4), "04-03-2026 ~"),
            ("**Oct 7** ~ ", Mdy, d(None, 10, 7), "Oct 7** ~ "),
            ("Oct. 7, ", Mdy, d(None, 10, 7), "Oct. 7, "),
            (
                "see June 9, 2024, ",
                Mdy,
                d(y(2024), 6, 9),
                "June 9, 2024, ",
            ),
            ("15th May 2023 ", Mdy, d(y(2023), 5, 15), "15th May 2023 "),
            (
                "15th May, 2023 at ",
                Mdy,
                d(y(2023), 5, 15),
                "15th May, 2023 at ",
            ),
            (
                "15th of May 2023 ",
                Mdy,
                d(y(2023), 5, 15),
                "15th of May 2023 ",
            ),
            ("12 april 2023 ", Mdy, d(y(2023), 4, 12), "12 april 2023 "),
            ("Oct 22rd 2022 ", Mdy, d(y(2022), 10, 22), "Oct 22rd 2022 "),
            (
                "February 1st, 2023, ",
                Mdy,
                d(y(2023), 2, 1),
                "February 1st, 2023, ",
            ),
            (
                "Thursday, May 9, 2024, ",
                Mdy,
                d(y(2024), 5, 9),
                "Thursday, May 9, 2024, ",
            ),
            ("Sept 30, 2023 ", Mdy, d(y(2023), 9, 30), "Sept 30, 2023 "),
            (
                "May 12, 2024, at ",
                Mdy,
                d(y(2024), 5, 12),
                "May 12, 2024, at ",
            ),
            ("2023-10-07T", Mdy, d(y(2023), 10, 7), "2023-10-07T"),
            ("2023-10-07 ", Mdy, d(y(2023), 10, 7), "2023-10-07 "),
            ("2023-11-12, ", Mdy, d(y(2023), 11, 12), "2023-11-12, "),
            ("2023/10/07 ", Mdy, d(y(2023), 10, 7), "2023/10/07 "),
            ("05/04/23 ", Mdy, d(y(2023), 5, 4), "05/04/23 "),
            ("05/04/23 ", Dmy, d(y(2023), 4, 5), "05/04/23 "),
            ("25/04/2023 ", Mdy, d(y(2023), 4, 25), "25/04/2023 "),
            ("04/25/2023 ", Dmy, d(y(2023), 4, 25), "04/25/2023 "),
            ("07-10-2023 ", Dmy, d(y(2023), 10, 7), "07-10-2023 "),
            ("07.10.2023 ", Mdy, d(y(2023), 10, 7), "07.10.2023 "),
            (
                "**October 7, 2023** ",
                Mdy,
                d(y(2023), 10, 7),
                "October 7, 2023** ",
            ),
            ("Feb 29 ", Mdy, d(None, 2, 29), "Feb 29 "),
            ("Feb 29, 2024 ", Mdy, d(y(2024), 2, 29), "Feb 29, 2024 "),
        ];
        for &(text, order, date, span) in cases {
            assert_eq!(before(text, order), Some((date, span)), "{text:?}");
        }
    }

    #[test]
    fn not_dates_before_a_time() {
        let cases = [
            "",
            "at ",
            "version 1.2.3 ",
            "Oct 2023 ",
            "Oct 32 ",
            "Feb 30 ",
            "Feb 29, 2023 ",
            "13/13/2023 ",
            "2023-13-01 ",
            "we may 5 ",
            // A dash joins a date to its time only with space on both sides.
            "October 7, 2023 -",
            "October 7, 2023-",
            "Oct 7T",
            "October 7, 2023",
            "X2023-10-07 ",
            "9.9.99 ",
            "🚨 ",
        ];
        for text in cases {
            assert_eq!(before(text, DateOrder::Mdy), None, "{text:?}");
        }
    }

    #[test]
    fn date_window_respects_floor_and_boundaries() {
        let text = "October 7, 2023, 10:00";
        let clock = text.find("10:00").unwrap_or(0);
        assert_eq!(date_before(text, 1, clock, DateOrder::Mdy), None);
        // A floor inside a multi-byte char is moved forward safely.
        let text = "é7 Oct 7 10:00";
        let clock = text.find("10:00").unwrap_or(0);
        assert_eq!(
            date_before(text, 1, clock, DateOrder::Mdy),
            Some((d(None, 10, 7), 4))
        );
    }

    #[test]
    fn dates_after_a_time() {
        let y = Some;
        let cases: &[(&str, Option<(Date, &str)>)] = &[
            (" on October 7", Some((d(None, 10, 7), " on October 7"))),
            (
                " on October 7, 2023.",
                Some((d(y(2023), 10, 7), " on October 7, 2023")),
            ),
            (
                " 12 april 2023 ",
                Some((d(y(2023), 4, 12), " 12 april 2023")),
            ),
            (" 9th Nov 2022:", Some((d(y(2022), 11, 9), " 9th Nov 2022"))),
            (", 2023-10-07", Some((d(y(2023), 10, 7), ", 2023-10-07"))),
            // The next time's date.
            (" - October 7, 2023, 11:30 AM", None),
            (", October 8, 2023, 01:00", None),
            (", October 8 at 01:00", None),
            (" to May 11, 2024, 1:00 AM", None),
            (" users", None),
            (" 5 users", None),
            ("", None),
        ];
        for (text, want) in cases {
            let got = date_after(text, 0, DateOrder::Mdy).map(|(date, end)| (date, &text[..end]));
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn day_numbers() {
        assert_eq!(civil_day_number(d(Some(1970), 1, 1)), 0);
        assert_eq!(civil_day_number(d(Some(2000), 3, 1)), 11_017);
        assert_eq!(civil_day_number(d(Some(2023), 10, 7)), 19_637);
        let diff = civil_day_number(d(Some(2024), 3, 1)) - civil_day_number(d(Some(2024), 2, 28));
        assert_eq!(diff, 2);
        let diff = civil_day_number(d(Some(2024), 1, 1)) - civil_day_number(d(Some(2023), 12, 31));
        assert_eq!(diff, 1);
        assert_eq!(
            civil_day_number(d(None, 2, 29)) + 1,
            civil_day_number(d(None, 3, 1))
        );
        assert_eq!(civil_day_number(d(Some(-1), 1, 1)), -719_893);
    }

    /// A weekday before a numeric date is read with it; a weekday alone, or
    /// glued to a number, is no date.
    #[test]
    fn leading_weekday_before_a_numeric_date() {
        let (date, span) =
            leading_date("Wednesday, 2018-08-22 - reported", DateOrder::Mdy).unwrap();
        assert_eq!((date.year, date.month, date.day), (Some(2018), 8, 22));
        assert_eq!(span, 0..21);
        assert!(leading_date("Thu 2024-03-07: fix", DateOrder::Mdy).is_some());
        assert!(leading_date("Wednesday, the team met", DateOrder::Mdy).is_none());
        assert!(leading_date("Wednesday2018-08-22", DateOrder::Mdy).is_none());
    }
}
