//! Start–end pairs (`from 10:00 to 11:30`, `10:00 AM - 11:30 AM (UTC)`),
//! their length, and the order of two timestamps.

use std::cmp::Ordering;
use std::sync::LazyLock;

use super::date::civil_day_number;
use super::matcher::{self, Grammar, Node, lit, opt, spaces};
use super::stamp::next_timestamp;
use super::{Date, DateOrder, TimeRange, Timestamp, WeekdayDays};

/// The connector's group holding its word (`to`, `and`, ...).
const WORD: usize = 0;

/// Words allowed between a connector and the end time:
/// `(?i:approximately|approx\.?|about|around|roughly|circa|ca\.)`, then
/// space; or `~` and optional space.
fn approximately() -> Node {
    Node::alt(vec![
        Node::Seq(vec![
            Node::alt(vec![
                Node::words(&["approximately"]),
                Node::Seq(vec![Node::words(&["approx"]), opt(lit("."))]),
                Node::words(&["about", "around", "roughly", "circa"]),
                Node::Seq(vec![Node::words(&["ca"]), lit(".")]),
            ]),
            spaces(1, usize::MAX),
        ]),
        Node::Seq(vec![lit("~"), spaces(0, usize::MAX)]),
    ])
}

/// What may join the start and the end: a dash, `~`, `→`, `to`, `till`,
/// `until`, `through`, Spanish `hasta`, German `bis`, `and` (only after `between`; in
/// Spanish `y` after `entre`, `a` after `de`), or `, End time:`; then
/// optionally `approximately`/`~` and `on` (before a date) or Spanish
/// `las`/`la` (before a time). As a regex (`{H}`: [`spaces`]):
///
/// ```text
/// ^(?:{H}*(?:-{1,2}|\x{2013}|\x{2014}|~|\x{2192}|->){H}*
///   |{H}+(?P<word>(?i:to|till|til|until|through|thru|and|hasta|a|y|bis)){H}+
///   |[,;.]?{H}*(?:\*\*)?(?i:end(?:{H}+time)?)(?:\*\*)?{H}*:(?:\*\*)?{H}*)
/// (?:<approximately>)?(?:(?i:on|las|la){H}+)?
/// ```
static CONNECTOR: LazyLock<Grammar> = LazyLock::new(|| {
    let any = || spaces(0, usize::MAX);
    let symbol = Node::alt(vec![
        Node::Seq(vec![lit("-"), opt(lit("-"))]),
        lit("\u{2013}"),
        lit("\u{2014}"),
        lit("~"),
        lit("\u{2192}"),
        lit("->"),
    ]);
    let word = Node::words(&[
        "to", "till", "til", "until", "through", "thru", "and", "hasta", "a", "y", "bis",
    ]);
    let bold = || opt(lit("**"));
    let end_label = Node::Seq(vec![
        opt(Node::alt(vec![lit(","), lit(";"), lit(".")])),
        any(),
        bold(),
        Node::words(&["end"]),
        opt(Node::Seq(vec![
            spaces(1, usize::MAX),
            Node::words(&["time"]),
        ])),
        bold(),
        any(),
        lit(":"),
        bold(),
        any(),
    ]);
    Grammar::new(Node::Seq(vec![
        Node::alt(vec![
            Node::Seq(vec![any(), symbol, any()]),
            Node::Seq(vec![
                spaces(1, usize::MAX),
                Node::Group(WORD, Box::new(word)),
                spaces(1, usize::MAX),
            ]),
            end_label,
        ]),
        opt(approximately()),
        opt(Node::Seq(vec![
            Node::words(&["on", "las", "la"]),
            spaces(1, usize::MAX),
        ])),
    ]))
});

/// What opens a range whose connector is `and` or, in Spanish, `y` or `a`
/// ([`needs_opener`]): `between`, `entre`, `de` or `desde` (then optionally
/// `the hours of`, `las`/`la`, and an approximation word) right before the
/// start time:
/// `(?i)\b(?:between|entre|desde|de){H}+(?:the{H}+(?:hours|times){H}+of{H}+)?(?:las?{H}+)?(?:<approximately>)?$`.
static BETWEEN: LazyLock<Grammar> = LazyLock::new(|| {
    Grammar::new(Node::Seq(vec![
        Node::WordBoundary,
        Node::words(&["between", "entre", "desde", "de"]),
        spaces(1, usize::MAX),
        opt(Node::Seq(vec![
            Node::words(&["the"]),
            spaces(1, usize::MAX),
            Node::words(&["hours", "times"]),
            spaces(1, usize::MAX),
            Node::words(&["of"]),
            spaces(1, usize::MAX),
        ])),
        opt(Node::Seq(vec![
            Node::words(&["las", "la"]),
            spaces(1, usize::MAX),
        ])),
        opt(approximately()),
        Node::End,
    ]))
});

/// The length of the range connector `text` starts with (what joins a
/// range's start and end in [`find_range`]:
/// ` to `, ` - `, ` until `, ` hasta `, …), if any; a bare ` and ` (` y `,
/// ` a `) joins a range only after `between` (`entre`, `de`), which is not
/// looked for here, so it is not one.
pub fn connector_len(text: &str) -> Option<usize> {
    let m = matcher::match_at(&CONNECTOR, text, 0)?;
    (!needs_opener(text, &m)).then_some(m.end)
}

/// Whether a connector match in `text` is a word that joins a range only
/// after an opener ([`BETWEEN`]): `and` (`between 10:00 and 11:00`), and in
/// Spanish `y` (`entre las 13:00 y las 13:45`) and `a` (`de 13:00 a 13:45`).
fn needs_opener(text: &str, m: &matcher::Match) -> bool {
    m.groups[WORD]
        .and_then(|(s, e)| text.get(s..e))
        .is_some_and(|w| ["and", "y", "a"].iter().any(|o| w.eq_ignore_ascii_case(o)))
}

/// How far after a connector the end's clock may start (room for a date).
const END_REACH: usize = 96;

/// The range starting with timestamp `start`, if a connector and an end
/// timestamp follow it directly, or `until` and a clause ending in the end
/// ([`until_clause`]).
fn range_from(text: &str, start: &Timestamp, order: DateOrder) -> Option<TimeRange> {
    joined_range(text, start, order).or_else(|| until_clause(text, start, order))
}

/// Words that may stand in the clause of [`until_clause`] (at most).
const CLAUSE_WORDS: usize = 8;

/// Words of an [`until_clause`] that end an outage (one must stand in it);
/// not words that may end a responder's step (`deployed`, `back`, `up`,
/// `online`: `until the engineer woke up at`).
const RECOVERY_WORDS: &[&str] = &[
    "restored",
    "resolved",
    "recovered",
    "fixed",
    "mitigated",
    "reverted",
    "rollback",
    "rolled",
    "renewed",
    "restarted",
    "redeployed",
    "replaced",
    "repaired",
    "cleared",
    "drained",
    "healthy",
    "normal",
    "stabilised",
    "stabilized",
    "ended",
    "stopped",
    "subsided",
    "disabled",
    "failover",
    "rebooted",
    "flushed",
    "rotated",
    "landed",
    "patched",
    "resumed",
    "removed",
    "returned",
    "finished",
    "applied",
];

/// A range whose end follows a clause: `from` before the start, then
/// `until` or `till` (a comma before it allowed), at most [`CLAUSE_WORDS`]
/// words without digits or punctuation, one of them telling of a recovery
/// ([`RECOVERY_WORDS`]: not `until the on-call engineer was paged at`), then
/// `at`, `by` or `around` and the end: `from 13:42 UTC until service was
/// restored at 14:29 UTC`, `from 02:14 UTC on 29 June 2024, until the
/// leader caught up at 05:31 UTC`.
fn until_clause(text: &str, start: &Timestamp, order: DateOrder) -> Option<TimeRange> {
    let start_weekday = weekday_word_before(text, start.span.start);
    let (_, opener) = word_before(text, start_weekday.map_or(start.span.start, |(_, at)| at))?;
    if !opener.eq_ignore_ascii_case("from") {
        return None;
    }
    let blanks = |at: usize| {
        let rest = text.get(at..).unwrap_or("");
        at + rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len()
    };
    let mut pos = start.span.end + usize::from(text[start.span.end..].starts_with(','));
    let mut words = 0;
    let mut recovery = false;
    let mut last = "";
    let mut connector = true;
    loop {
        let word_start = blanks(pos);
        if word_start == pos {
            return None;
        }
        let rest = &text[word_start..];
        let word_end = word_start + rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &text[word_start..word_end];
        if connector {
            one_of(word, &["until", "till"])?;
            connector = false;
        } else if one_of(word, &["at", "by", "around"]).is_some() && recovery {
            let at = blanks(word_end);
            let end = next_timestamp(text, at, order, at.saturating_add(END_REACH))
                .filter(|end| end.span.start == at && at > word_end)?;
            let days = weekday_days(
                start_weekday.map(|(day, _)| day),
                None,
                start.date.is_some() || end.date.is_some(),
            );
            let start = in_end_half(text, start, &end, days);
            return Some(TimeRange::joined(start, end, days));
        } else {
            words += 1;
            // `caught up`, not `caught the spike`; `failed over`, not `took over`.
            recovery = recovery
                || one_of(word, RECOVERY_WORDS).is_some()
                || (word.eq_ignore_ascii_case("up") && last.eq_ignore_ascii_case("caught"))
                || (word.eq_ignore_ascii_case("over") && last.eq_ignore_ascii_case("failed"));
            last = word;
            let plain = word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'));
            if !plain || words > CLAUSE_WORDS {
                return None;
            }
        }
        pos = word_end;
    }
}

/// The range starting with timestamp `start`, if a connector and an end
/// timestamp follow it directly.
fn joined_range(text: &str, start: &Timestamp, order: DateOrder) -> Option<TimeRange> {
    let rest = text.get(start.span.end..)?;
    // A start in parentheses, the time before it in another zone (`16:50
    // PDT (23:50 UTC) until 01:30 UTC`): the connector follows the `)`.
    let closed = text[..start.span.start].ends_with('(') && rest.starts_with(')');
    let connector = matcher::match_at(&CONNECTOR, rest, usize::from(closed))?;
    let start_weekday = weekday_word_before(text, start.span.start);
    if needs_opener(rest, &connector) {
        // `between` comes before the start's weekday name, if any.
        let hay = text.get(..start_weekday.map_or(start.span.start, |(_, at)| at))?;
        let from = super::scan::window_start(text, 0, start.span.start, 40);
        matcher::find_from(&BETWEEN, hay, from)?;
    }
    let connector_end = start.span.end + connector.end;
    let end_from = |at: usize| {
        next_timestamp(text, at, order, at.saturating_add(END_REACH))
            .filter(|end| end.span.start == at)
    };
    // The end may follow a weekday name (`Monday 22:00 to Wednesday 09:00`;
    // one before a date, `Friday, May 10, 01:00`, is the date's).
    let (end, end_weekday) = match end_from(connector_end) {
        Some(end) => (end, None),
        None => {
            let (day, after) = weekday_at(text, connector_end)?;
            (end_from(after)?, Some(day))
        }
    };
    let days = weekday_days(
        start_weekday.map(|(day, _)| day),
        end_weekday,
        start.date.is_some() || end.date.is_some(),
    );
    // A start in parentheses is in its own zone: an end without one may be
    // in the zone before the parentheses (`09:00 PST (17:00 UTC) to 10:30`).
    if closed && end.zone.is_none() {
        return None;
    }
    let start = in_end_half(text, start, &end, days);
    Some(TimeRange::joined(start, end, days))
}

/// `start` read in the half of the day the range's `end` names (AM or PM),
/// when only the end names one and the start's hour is from 1 to 12: `from
/// 2:02 to 3:31 PM` starts at 14:02. As for a bare hour
/// ([`bare_start_before`]), the other half is taken when the end's would
/// put the start after the end (`from 11:30 to 1:15 PM` starts at 11:30
/// AM, `from 11:00 to 1:00 AM` at 23:00). Not when the ends may be on
/// different days (different dates, `Mar 4 11:00 to Mar 5 1:00 AM`, or
/// `days` naming different weekdays, `Monday 10:00 to Wednesday 9:00 AM`)
/// or in different zones (`09:05 UTC to 3:40 AM PDT`): the halves of the
/// two clocks cannot be compared. Nor when the start's hour has a leading
/// zero and the end's has none (`from 06:00 to 7:00 PM`): that is a 24-hour
/// clock (`from 08:15 to 09:45 PM` pads both, and is 90 minutes).
fn in_end_half(text: &str, start: &Timestamp, end: &Timestamp, days: WeekdayDays) -> Timestamp {
    let mut start = start.clone();
    let hour = start.seconds / 3_600;
    let same_day = (start.date.is_none() || end.date.is_none() || start.date == end.date)
        && matches!(days, WeekdayDays::Unnamed | WeekdayDays::Known(0));
    let same_zone = start.zone.is_none() || start.zone == end.zone;
    // `06:00` before `7:00 PM` is written on a 24-hour clock: its hour's
    // leading zero, which the end's has not (`08:15 to 09:45 PM` pads both).
    let padded = |ts: &Timestamp| {
        let written = text.get(ts.span.clone()).unwrap_or("");
        written.find(':').is_some_and(|colon| {
            let hour = written[..colon]
                .rsplit(|c: char| !c.is_ascii_digit())
                .next();
            hour.is_some_and(|h| h.len() == 2 && h.starts_with('0'))
        })
    };
    let leading_zero = padded(&start) && !padded(end);
    if same_day
        && same_zone
        && !leading_zero
        && (1..=12).contains(&hour)
        && meridiem(text, &start).is_none()
        && let Some(pm) = meridiem(text, end)
    {
        start.seconds = start_in_half(start.seconds, pm, end.seconds);
    }
    start
}

/// Half a day, in seconds.
const HALF_DAY: u32 = 12 * 3_600;

/// `seconds` (from midnight, a clock read without AM or PM) in the AM
/// (`pm` false) or PM half of the day: 2:02 in the PM half is 14:02.
fn in_half(seconds: u32, pm: bool) -> u32 {
    seconds % HALF_DAY + if pm { HALF_DAY } else { 0 }
}

/// A range's start at `seconds` without AM or PM, before an end at
/// `end_seconds` in the half `pm` names: in the end's half, or in the other
/// when that would put it after the end (`from 11 to 1 pm` starts at 11 AM).
fn start_in_half(seconds: u32, pm: bool, end_seconds: u32) -> u32 {
    let start = in_half(seconds, pm);
    if start > end_seconds {
        (start + HALF_DAY) % 86_400
    } else {
        start
    }
}

/// A weekday name at byte `pos` of `text` (`Wednesday`, `Wed`, `Wed.`),
/// then an optional comma and at least one space: the day (Monday 0) and
/// where what follows starts.
fn weekday_at(text: &str, pos: usize) -> Option<(u8, usize)> {
    let word = super::scan::letters_at(text, pos);
    let day = super::stamp::weekday_number(word)?;
    let rest = &text[pos + word.len()..];
    let rest = rest.strip_prefix(['.', ',']).unwrap_or(rest);
    let after = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    (after.len() < rest.len()).then(|| (day, text.len() - after.len()))
}

/// The weekday name right before byte `pos` of `text`, past spaces and one
/// comma (`Monday 22:00`, `Mon, 22:00`): the day, Monday 0.
pub(crate) fn weekday_before(text: &str, pos: usize) -> Option<u8> {
    weekday_word_before(text, pos).map(|(day, _)| day)
}

/// [`weekday_before`], with where the weekday's name starts.
fn weekday_word_before(text: &str, pos: usize) -> Option<(u8, usize)> {
    let before = text.get(..pos)?.trim_end_matches([' ', '\t', '\u{a0}']);
    if before.len() == pos {
        return None;
    }
    let before = before.strip_suffix([',', '.']).unwrap_or(before);
    let (at, word) = word_before(before, before.len())?;
    Some((super::stamp::weekday_number(word)?, at))
}

/// What the weekdays named before a range's `start` and `end` (Monday 0)
/// say of its days, `dated` when either end has a date: a weekday at only
/// one end, or beside a date (`from Monday, May 6 22:00 to Wednesday
/// 09:00`), leaves them unknown without a calendar.
pub(crate) fn weekday_days(start: Option<u8>, end: Option<u8>, dated: bool) -> WeekdayDays {
    match (start, end) {
        (None, None) => WeekdayDays::Unnamed,
        (Some(start), Some(end)) if !dated => WeekdayDays::Known((end + 7 - start) % 7),
        _ => WeekdayDays::Unknown,
    }
}

/// The first start–end pair in `text`: two timestamps joined by `to`,
/// `till`, `until`, `through`, `-`, `–`, `—`, `~`, `→`, `and` (after
/// `between`) or `, End time:`, with optionally `approximately`, `about`,
/// `around`, `roughly`, `~` and `on` between the connector and the end:
/// `from 10:00 to 11:30`, `10:00 AM - 11:30 AM (UTC)`, `14:00-17:00`,
/// `between 14:00 and 17:00`, `between the hours of 14:00 and 17:00`,
/// `00:07 PST to 01:17 PST`,
/// `October 7, 2023, 10:00 AM - October 7, 2023, 11:30 AM`,
/// `from 9:00 AM EAT through 10:00 AM EAT`. When only the end carries a
/// zone, the start gets it too (see [`TimeRange::start`]).
///
/// One end may also be a bare hour or a word, after an opener (`from`,
/// `between`, Spanish `de`/`entre`/`desde`, German `von`): `between 9 and
/// 10 am PT`, `from 9 to 10:30 am`, `from noon to 3 pm`, `from 11:30 PM
/// until midnight` (read by `bare_start_before` and `word_end_after`).
///
/// A start in parentheses, the same time in another zone as the time before
/// it, starts a range when the connector follows its `)` (`16:50 PDT (23:50
/// UTC) until 01:30 UTC` runs from 23:50 UTC).
///
/// A range written in full wins over one with a bare end anywhere in the
/// text (`Traffic peaks from 9 to 11 am; the outage ran from 10:05 to 10:50
/// am` gives the second).
pub fn find_range(text: &str, order: DateOrder) -> Option<TimeRange> {
    let mut pos = 0;
    let mut bare = None;
    while let Some(start) = next_timestamp(text, pos, order, usize::MAX) {
        if let Some(range) = range_from(text, &start, order) {
            return Some(range);
        }
        if bare.is_none() {
            bare = bare_start_before(text, &start).or_else(|| word_end_after(text, &start));
        }
        pos = start.span.end;
    }
    bare
}

/// Words that open a range whose start may be a bare hour or a word.
pub(crate) const OPENERS: &[&str] = &["from", "between", "de", "entre", "desde", "von"];

/// Connector words a bare end or start may be joined by (`and`, `y` and `a`
/// only after their own openers, see [`paired_opener`]).
const BARE_CONNECTORS: &[&str] = &[
    "to", "till", "til", "until", "through", "thru", "and", "bis", "hasta", "y", "a",
];

/// The openers a connector needs, when only some will do: `between … and`,
/// `entre … y`, `de … a`.
fn paired_opener(connector: &str) -> Option<&'static [&'static str]> {
    match connector {
        "and" => Some(&["between"]),
        "y" => Some(&["entre"]),
        "a" => Some(&["de", "desde"]),
        _ => None,
    }
}

/// The entry of `list` (lower case) that `word` is, in any ASCII case.
fn one_of(word: &str, list: &[&'static str]) -> Option<&'static str> {
    list.iter().copied().find(|w| w.eq_ignore_ascii_case(word))
}

/// The word before byte `end` of `text`, after white space (`None` at the
/// start or after other characters): its start and the word.
fn word_before(text: &str, end: usize) -> Option<(usize, &str)> {
    let before = text[..end].trim_end_matches([' ', '\t', '\u{a0}']);
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    Some((start, &before[start..]))
}

/// Whether timestamp `ts` (a span of `text`) says AM or PM right after its
/// clock (`10 am`, `10:30 P.M. EST`): `Some(true)` for PM; `None` for a
/// 24-hour clock.
pub fn meridiem(text: &str, ts: &Timestamp) -> Option<bool> {
    let written = text.get(ts.span.clone())?;
    let bytes = written.as_bytes();
    // The first marker right after a number (the clock's; a date's numbers
    // are followed by `-`, `/` or a space and a digit, never by one).
    (1..bytes.len())
        .filter(|&i| bytes[i - 1].is_ascii_digit() && !bytes[i].is_ascii_digit())
        .find_map(|i| match super::clock::meridiem_at(written, i)?.0 {
            super::clock::Meridiem::Am => Some(false),
            super::clock::Meridiem::Pm => Some(true),
            super::clock::Meridiem::Typo => None,
        })
}

/// A range whose start, before the timestamp `end`, is a bare hour (`9`,
/// 1 to 12) or `noon`/`midnight`, joined to it by a dash or a connector
/// word, after an opener ([`OPENERS`]; see [`paired_opener`]):
/// `between 9 and 10 am PT`, `from 9 to 10:30 am`, `from noon to 3 pm`. A
/// bare hour takes the end's AM or PM, or the other half when that would
/// put it after the end (`from 11 to 1 pm` starts at 11 AM); an end
/// without AM or PM leaves a bare hour unread. The start takes the end's
/// zone.
fn bare_start_before(text: &str, end: &Timestamp) -> Option<TimeRange> {
    // The connector right before the end.
    let before = text[..end.span.start].trim_end_matches([' ', '\t', '\u{a0}']);
    let (connector_start, word) = match before.char_indices().next_back()? {
        (i, '-' | '\u{2013}' | '\u{2014}') => (i, None),
        _ => {
            let (i, w) = word_before(text, before.len())?;
            if before.len() == end.span.start {
                return None; // no space between the word and the end
            }
            (i, Some(one_of(w, BARE_CONNECTORS)?))
        }
    };
    let (start_at, first) = word_before(text, connector_start)?;
    let (opener_at, opener) = word_before(text, start_at)?;
    let opener = one_of(opener, OPENERS)?;
    if word
        .and_then(paired_opener)
        .is_some_and(|openers| !openers.contains(&opener))
        || text[..opener_at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let seconds = match first {
        w if w.eq_ignore_ascii_case("noon") => 12 * 3_600,
        w if w.eq_ignore_ascii_case("midnight") => 0,
        digits if digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()) => {
            let hour: u32 = digits.parse().ok()?;
            if !(1..=12).contains(&hour) {
                return None;
            }
            start_in_half(hour * 3_600, meridiem(text, end)?, end.seconds)
        }
        _ => return None,
    };
    let start = Timestamp {
        date: end.date,
        seconds,
        zone: None, // the end's (TimeRange::joined)
        span: start_at..start_at + first.len(),
    };
    Some(TimeRange::joined(start, end.clone(), WeekdayDays::Unnamed))
}

/// A range whose end, after the timestamp `start`, is `noon`, `midnight`
/// or a bare hour, joined to it by a dash or a connector word, with an
/// opener before the start ([`OPENERS`]; see [`paired_opener`]): `from
/// 11:30 PM until midnight`, `from 9:00 to noon`, `from 4pm to 6 GMT`,
/// `between 14:00 and 16 UTC`.
///
/// A bare hour must end the sentence or clause (`.`, `,`, `;`, `)`, the
/// end of the text) or be followed by a zone, which it then takes (`to 6
/// users` is no time). After a start with AM or PM it is an hour from 1
/// to 12 in the same half of the day, or in the other half when that
/// would put it at or before the start (`from 11 am to 1` ends at 1 PM);
/// after a start without AM or PM, an hour from 0 to 23 after the start's
/// (`from 11:15 to 1` is no range: 1 PM or 1 AM?).
fn word_end_after(text: &str, start: &Timestamp) -> Option<TimeRange> {
    let (opener_at, opener) = word_before(text, start.span.start)?;
    let opener = one_of(opener, OPENERS)?;
    if text[..opener_at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let rest = &text[start.span.end..];
    let after = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    let after = match after.chars().next()? {
        '-' | '\u{2013}' | '\u{2014}' => after[after.chars().next()?.len_utf8()..].trim_start(),
        _ => {
            let word_len = after
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(after.len());
            let connector = one_of(&after[..word_len], BARE_CONNECTORS)?;
            if after.len() == rest.len()
                || paired_opener(connector).is_some_and(|openers| !openers.contains(&opener))
            {
                return None;
            }
            let next = &after[word_len..];
            let trimmed = next.trim_start_matches([' ', '\t', '\u{a0}']);
            if trimmed.len() == next.len() {
                return None;
            }
            trimmed
        }
    };
    let word_len = after
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(after.len());
    let word = &after[..word_len];
    let end_at = text.len() - after.len();
    let (seconds, zone, end_end) = if word.eq_ignore_ascii_case("noon") {
        (12 * 3_600, start.zone.clone(), end_at + word_len)
    } else if word.eq_ignore_ascii_case("midnight") {
        (0, start.zone.clone(), end_at + word_len)
    } else {
        bare_end_hour(text, start, end_at, word)?
    };
    let end = Timestamp {
        date: None,
        seconds,
        zone,
        span: end_at..end_end,
    };
    Some(TimeRange::joined(start.clone(), end, WeekdayDays::Unnamed))
}

/// A bare hour `digits` at byte `at` of `text` as the end of a range from
/// `start` (see [`word_end_after`]): its seconds after midnight, its zone
/// (written after it, else the start's) and where it ends (after the zone).
fn bare_end_hour(
    text: &str,
    start: &Timestamp,
    at: usize,
    digits: &str,
) -> Option<(u32, Option<super::Zone>, usize)> {
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hour: u32 = digits.parse().ok()?;
    let seconds = match meridiem(text, start) {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return None;
            }
            // In the start's half, or the other when that would put it at
            // or before the start (`from 11 am to 1` ends at 1 PM).
            let end = in_half(hour * 3_600, pm);
            if end <= start.seconds {
                (end + HALF_DAY) % 86_400
            } else {
                end
            }
        }
        // After a clock without AM or PM, an hour later the same day
        // (`from 14:00 to 16 UTC`); `from 11:15 to 1` may mean 1 PM.
        None if hour <= 23 && hour * 3_600 > start.seconds => hour * 3_600,
        None => return None,
    };
    let digits_end = at + digits.len();
    let spaced = text[digits_end..].trim_start_matches([' ', '\t', '\u{a0}']);
    let zone_at = text.len() - spaced.len();
    if zone_at > digits_end
        && let Some((zone, zone_end)) = super::zone::zone_after(text, zone_at, false)
    {
        return Some((seconds, Some(zone), zone_end));
    }
    // No zone: the hour ends a clause (`from 4pm to 6.`, `to 6, when ...`).
    let ends_clause = match text[digits_end..].chars().next() {
        None => true,
        Some('.' | ',' | ';' | ')') => text[digits_end + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace),
        Some(_) => false,
    };
    ends_clause.then(|| (seconds, start.zone.clone(), digits_end))
}

/// Day numbers of two dates where a missing year is taken from the other
/// date (or 2000 when both lack one); an end without a year that would fall
/// before the start is moved to the next year (`Dec 31 – Jan 1`).
fn day_numbers(start: Date, end: Date) -> (i64, i64) {
    let year = start.year.or(end.year).unwrap_or(2000);
    let s = Date {
        year: Some(start.year.unwrap_or(year)),
        ..start
    };
    let mut e = Date {
        year: Some(end.year.unwrap_or(year)),
        ..end
    };
    if end.year.is_none() && (e.month, e.day) < (s.month, s.day) {
        e.year = e.year.map(|y| y + 1);
    }
    (civil_day_number(s), civil_day_number(e))
}

/// Offsets (minutes east) to put both ends in UTC: used when both zones are
/// known offsets, or one is and the other side has no zone at all.
fn offsets(a: &Timestamp, b: &Timestamp) -> Option<(i64, i64)> {
    let oa = a.zone.as_ref().map(super::Zone::offset_minutes);
    let ob = b.zone.as_ref().map(super::Zone::offset_minutes);
    let pair = match (oa, ob) {
        (Some(Some(x)), Some(Some(y))) => (x, y),
        (Some(Some(x)), None) => (x, x),
        (None, Some(Some(y))) => (y, y),
        _ => return None,
    };
    Some((i64::from(pair.0), i64::from(pair.1)))
}

impl TimeRange {
    /// The range from `start` to `end` as written in one text: its span
    /// runs from the start's to the end's, and a start without a zone takes
    /// the end's (`10:00 AM - 11:30 AM (UTC)`).
    fn joined(mut start: Timestamp, end: Timestamp, days: WeekdayDays) -> TimeRange {
        if start.zone.is_none() {
            start.zone.clone_from(&end.zone);
        }
        let span = start.span.start..end.span.end;
        TimeRange {
            start,
            end,
            span,
            days,
        }
    }

    /// Length of the range, end − start, in seconds.
    ///
    /// - Dates count when the start has one (an end without a date is on the
    ///   start's date; a missing year is the other side's year).
    /// - Both ends are converted to UTC when both zones are known offsets; a
    ///   zone on only one side applies to both.
    /// - Without dates (or when the end's date was inherited), an end before
    ///   the start means the outage ran past midnight: 24 h are added
    ///   (`23:30 to 00:15` is 2_700), unless [`TimeRange::days`] gives the
    ///   days between them (`Monday 22:00 to Wednesday 09:00` is 126_000).
    ///
    /// May be negative when written dates put the end before the start.
    pub fn seconds(&self) -> i64 {
        let (so, eo) = offsets(&self.start, &self.end).unwrap_or((0, 0));
        let start = i64::from(self.start.seconds) - so * 60;
        let end = i64::from(self.end.seconds) - eo * 60;
        match self.start.date {
            Some(start_date) => {
                let inherited = self.end.date.is_none();
                let end_date = self.end.date.unwrap_or(start_date);
                let (sd, ed) = day_numbers(start_date, end_date);
                let diff = (ed - sd) * 86_400 + end - start;
                if inherited && diff < 0 {
                    diff + 86_400
                } else {
                    diff
                }
            }
            None => match self.days {
                WeekdayDays::Known(days @ 1..) => i64::from(days) * 86_400 + end - start,
                _ => (end - start).rem_euclid(86_400),
            },
        }
    }
}

/// Orders two dates as [`days_between`] places them: `Greater` when `a` is
/// after `b`. The year only counts when both have one (`Oct 8` and
/// `2023-10-09` are ordered by month and day, `Dec 31` before `Jan 1`).
pub fn compare_dates(a: Date, b: Date) -> Ordering {
    0.cmp(&days_between(a, b))
}

/// The days from date `a` to date `b`, negative when `b` is earlier. The
/// year only counts when both have one. Without it, a step back of more than
/// 300 days is read as the year passing between the two, as a step back of
/// the clock is read as midnight passing: `Dec 31` then `Jan 1` is one day
/// later. A step forward stays one (`Jan 12` then `Nov 30` is 322 days
/// later, as a timeline from a bug's release to its report may run).
pub fn days_between(a: Date, b: Date) -> i64 {
    if a.year.is_some() && b.year.is_some() {
        return civil_day_number(b) - civil_day_number(a);
    }
    // Both in one leap year (2000, which holds Feb 29): 366 days.
    let day = |d: Date| civil_day_number(Date { year: None, ..d });
    let step = day(b) - day(a);
    if step < -300 { step + 366 } else { step }
}

/// Whether `next` is earlier than `prev` (a timeline going backwards).
///
/// - When both have a date and the dates differ, the dates decide; with
///   both zones known offsets, the instants do (`2024-03-03T00:10+01:00`
///   is before `2024-03-02T23:40Z`).
/// - Otherwise the times decide: in UTC when both zones are known offsets,
///   shifted by their standard-time offsets when both are North American
///   zones named without daylight saving (`ET`, `PT`, `Pacific Time`), else
///   as written on the clock. Equal times are not backward.
/// - A backward step of more than `rollover_hours` hours (with equal or no
///   dates) is read as the clock passing midnight: not backward
///   (`23:50` → `00:10` with 6 h).
pub fn is_backward(prev: &Timestamp, next: &Timestamp, rollover_hours: u32) -> bool {
    if let (Some(p), Some(n)) = (prev.date, next.date) {
        let dates = compare_dates(p, n);
        // Instants in UTC seconds, when the zones say them and the dates are
        // comparable as days (both with a year, or both without).
        let instants = match (prev.utc_seconds(), next.utc_seconds()) {
            (Some(ps), Some(ns)) if p.year.is_some() == n.year.is_some() => {
                Some((ps, days_between(p, n) * 86_400 + ns))
            }
            _ => None,
        };
        match (dates, instants) {
            (Ordering::Equal, _) => {}
            (_, Some((p_at, n_at))) => return n_at < p_at,
            (Ordering::Less, None) => return false,
            (Ordering::Greater, None) => return true,
        }
    }
    let generic = |t: &Timestamp| match &t.zone {
        Some(super::Zone::Named(name)) => super::zone::generic_offset(name),
        _ => None,
    };
    let (p, n) = match (prev.utc_seconds(), next.utc_seconds()) {
        (Some(p), Some(n)) => (p, n),
        // `12:02 PM ET` then `9:10 AM PT`: their difference is known.
        _ => match (generic(prev), generic(next)) {
            (Some(a), Some(b)) => (
                i64::from(prev.seconds) - i64::from(a) * 60,
                i64::from(next.seconds) - i64::from(b) * 60,
            ),
            _ => (i64::from(prev.seconds), i64::from(next.seconds)),
        },
    };
    n < p && p - n <= i64::from(rollover_hours) * 3_600
}

#[cfg(test)]
mod tests {
    use super::super::{Zone, find_timestamp};
    use super::*;

    /// Days between dates: by the calendar with both years, else across the
    /// new year when the step would be more than 300 days.
    #[test]
    fn days_between_dates() {
        let d = |year, month, day| Date { year, month, day };
        assert_eq!(days_between(d(Some(2023), 12, 31), d(Some(2024), 1, 1)), 1);
        assert_eq!(
            days_between(d(Some(2024), 1, 1), d(Some(2024), 12, 31)),
            365
        );
        assert_eq!(days_between(d(None, 12, 31), d(None, 1, 1)), 1);
        assert_eq!(days_between(d(None, 1, 1), d(None, 12, 31)), 365);
        assert_eq!(days_between(d(None, 1, 12), d(None, 11, 30)), 323);
        assert_eq!(days_between(d(None, 12, 20), d(Some(2024), 1, 3)), 14);
        assert_eq!(days_between(d(None, 9, 29), d(None, 9, 28)), -1);
        assert_eq!(days_between(d(None, 1, 10), d(None, 8, 20)), 223);
        assert_eq!(
            compare_dates(d(None, 12, 31), d(None, 1, 1)),
            Ordering::Less
        );
        assert_eq!(
            compare_dates(d(None, 3, 5), d(None, 2, 1)),
            Ordering::Greater
        );
    }
    use regex::Regex;

    /// The grammars' specification: the regexes they replaced.
    const H: &str = r"[\t \x{a0}\x{202f}]";
    const APPROX: &str = r"(?i:approximately|approx\.?|about|around|roughly|circa|ca\.)";

    fn spec_connector() -> Regex {
        let symbol = r"-{1,2}|\x{2013}|\x{2014}|~|\x{2192}|->";
        let word = r"(?i:to|till|til|until|through|thru|and|hasta|a|y|bis)";
        let end_label = r"[,;.]?{H}*(?:\*\*)?(?i:end(?:{H}+time)?)(?:\*\*)?{H}*:(?:\*\*)?{H}*"
            .replace("{H}", H);
        Regex::new(&format!(
            r"^(?:{H}*(?:{symbol}){H}*|{H}+(?P<word>{word}){H}+|{end_label})(?:{APPROX}{H}+|~{H}*)?(?:(?i:on|las|la){H}+)?"
        ))
        .expect("range connector regex")
    }

    fn spec_between() -> Regex {
        Regex::new(&format!(
            r"(?i)(?-u:\b)(?:between|entre|desde|de){H}+(?:the{H}+(?:hours|times){H}+of{H}+)?(?:las?{H}+)?(?:{APPROX}{H}+|~{H}*)?$"
        ))
        .expect("between regex")
    }

    /// The connector and `between` grammars give their regexes' answers
    /// (the whole match, and the connector's word) on random texts.
    #[test]
    fn grammars_agree_with_their_regexes() {
        const TOKENS: &[&str] = &[
            "-",
            "--",
            "->",
            "\u{2013}",
            "\u{2014}",
            "~",
            "\u{2192}",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            "\u{202f}",
            "\u{2009}",
            "to",
            "TO",
            "till",
            "til",
            "until",
            "through",
            "thru",
            "and",
            "And",
            "end",
            "End",
            "time",
            "TIME",
            ":",
            "**",
            ",",
            ";",
            ".",
            "approximately",
            "approx",
            "approx.",
            "about",
            "around",
            "roughly",
            "circa",
            "ca.",
            "ca",
            "on",
            "ON",
            "between",
            "Between",
            "entre",
            "de",
            "Desde",
            "hasta",
            "bis",
            "BIS",
            "a",
            "Y",
            "las",
            "la",
            "the",
            "hours",
            "Times",
            "of",
            "the hours of",
            "10:00",
            "x",
            "é",
            "ſ",
            "\u{212a}",
        ];
        let (connector, between) = (spec_connector(), spec_between());
        let mut matched = [0; 2];
        for text in crate::rules::util::token_texts(0x2F69_3A1B_C7D5_0E83, TOKENS, 8, 40_000) {
            for rest in [text.clone(), format!(" {text}")] {
                let want = connector.captures(&rest).map(|c| {
                    let word = c.name("word").map(|m| (m.start(), m.end()));
                    (c.get(0).map_or(0, |m| m.end()), word)
                });
                let got = matcher::match_at(&CONNECTOR, &rest, 0).map(|m| (m.end, m.groups[WORD]));
                assert_eq!(got, want, "connector {rest:?}");
                matched[0] += usize::from(got.is_some());
            }
            for from in (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .step_by(4)
            {
                let want = between.find_at(&text, from).map(|m| (m.start(), m.end()));
                let got = matcher::find_from(&BETWEEN, &text, from).map(|m| (m.start, m.end));
                assert_eq!(got, want, "between {text:?} from {from}");
                matched[1] += usize::from(got.is_some());
            }
        }
        assert!(matched.iter().all(|&n| n > 300), "{matched:?}");
    }

    fn range(text: &str) -> Option<(i64, &str, &str, &str)> {
        find_range(text, DateOrder::Mdy).map(|r| {
            (
                r.seconds(),
                &text[r.span.clone()],
                &text[r.start.span.clone()],
                &text[r.end.span.clone()],
            )
        })
    }

    /// `from` a start `until` a clause that ends `at` the end (a user's
    /// review): at most eight plain words between.
    #[test]
    fn an_end_after_a_clause() {
        for (text, seconds, end) in [
            (
                "down from 13:42 UTC until service was restored at 14:29 UTC.",
                2_820,
                "14:29 UTC",
            ),
            (
                "from 02:14 UTC on 29 June 2024, until the pool's leader caught up at 05:31 UTC",
                11_820,
                "05:31 UTC",
            ),
            (
                "from 11:50 PM till the rollback by 1:05 AM",
                4_500,
                "1:05 AM",
            ),
        ] {
            let r = find_range(text, DateOrder::Mdy).expect(text);
            assert_eq!(
                (r.seconds(), &text[r.end.span.clone()]),
                (seconds, end),
                "{text}"
            );
        }
        for text in [
            // No `from`, a clause with digits or punctuation, nine words,
            // no clause at all, a word other than `at`, `by`, `around`.
            "at 13:42 UTC until the fix at 14:29 UTC",
            "from 13:42 UTC until 3 retries failed at 14:29 UTC",
            "from 13:42 UTC until the fix, deployed at 14:29 UTC",
            "from 13:42 UTC until we were told by the vendor team that it was fixed at 14:29 UTC",
            "from 13:42 UTC until at 14:29 UTC",
            "from 13:42 UTC until the fix on 14:29 UTC",
            "from 10:00 UTC until the on-call engineer was paged at 10:05 UTC",
            "from 10:00 UTC until the team met at 10:30 UTC",
            "from 10:00 UTC until the secondary on-call took over at 10:05 UTC",
        ] {
            assert!(find_range(text, DateOrder::Mdy).is_none(), "{text}");
        }
    }

    /// A start in parentheses after the same time in another zone starts
    /// the range when the connector follows its `)`.
    #[test]
    fn a_start_in_parentheses() {
        let text = "from 16:50 PDT (23:50 UTC) until 01:30 UTC, 1h 40m in total";
        let r = find_range(text, DateOrder::Mdy).expect("a range");
        assert_eq!(r.seconds(), 6_000);
        assert_eq!(&text[r.span.clone()], "23:50 UTC) until 01:30 UTC");
        assert_eq!(&text[r.start.span.clone()], "23:50 UTC");
        // An end without a zone may be in the zone before the parentheses.
        assert!(find_range("down from 09:00 PST (17:00 UTC) to 10:30", DateOrder::Mdy).is_none());
        // A closing parenthesis without its opening one ends no start.
        assert!(find_range("the error (code 500 at 23:50) until 01:30", DateOrder::Mdy).is_none());
    }

    /// Weekday names before both ends give the days between them; before
    /// only one, or with dates, they change nothing.
    #[test]
    fn weekday_names_at_both_ends() {
        let cases: &[(&str, i64, &str)] = &[
            (
                "From Monday 22:00 UTC to Wednesday 09:00 UTC",
                126_000,
                "22:00 UTC to Wednesday 09:00 UTC",
            ),
            (
                "between Mon, 22:00 and Tue, 01:00 UTC",
                10_800,
                "22:00 and Tue, 01:00 UTC",
            ),
            (
                "from Sunday 23:00 to Monday 01:00",
                7_200,
                "23:00 to Monday 01:00",
            ),
            (
                "from Friday 10:00 to Friday 11:00",
                3_600,
                "10:00 to Friday 11:00",
            ),
            (
                "from Monday 10:00 to Tuesday 11:00",
                90_000,
                "10:00 to Tuesday 11:00",
            ),
        ];
        for &(text, seconds, span) in cases {
            let got = range(text).unwrap_or_else(|| panic!("no range in {text:?}"));
            assert_eq!((got.0, got.1), (seconds, span), "{text:?}");
        }
        // Only one end's weekday, or a date at the other: a range whose
        // days are unknown.
        for text in [
            "from 22:00 to Wednesday 09:00",
            "from Monday, May 6 22:00 to Wednesday 09:00 UTC",
            "From Monday 10:00 UTC to 11:00 UTC",
        ] {
            let r = find_range(text, DateOrder::Mdy).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(r.days, WeekdayDays::Unknown, "{text:?}");
        }
        for text in ["from Monday 10:00 to Tuesday 11:00", "from 10:00 to 11:00"] {
            let r = find_range(text, DateOrder::Mdy).unwrap_or_else(|| panic!("{text:?}"));
            assert_ne!(r.days, WeekdayDays::Unknown, "{text:?}");
        }
        assert_eq!(weekday_days(Some(4), Some(0), false), WeekdayDays::Known(3));
        assert_eq!(weekday_days(Some(4), Some(0), true), WeekdayDays::Unknown);
        assert_eq!(weekday_days(None, Some(0), false), WeekdayDays::Unknown);
        assert_eq!(weekday_days(None, None, true), WeekdayDays::Unnamed);
        assert_eq!(range("and Monday 10:00 to 11:00").map(|r| r.0), Some(3_600));
    }

    /// A start without AM or PM before an end with one is in the end's half
    /// of the day, or the other half when that would put it after the end;
    /// a start in 24-hour time, on another date or weekday, or in another
    /// zone is read as written.
    #[test]
    fn start_takes_the_ends_half_of_the_day() {
        for (text, seconds) in [
            ("from 2:02 to 3:31 PM ET", 5_340),
            ("from 10:00 to 11:30 PM", 5_400),
            ("from 11:30 to 1:15 PM", 6_300),
            ("from 12:30 to 1:15 PM", 2_700),
            ("from 12:30 to 1:15 AM", 2_700),
            ("from 11:00 to 1:00 AM", 7_200),
            ("from 9:15 to 3:30 PM", 22_500),
            ("from 13:00 to 3:00 PM", 7_200),
            ("from 2:02 PM to 3:31 PM", 5_340),
            ("from 2:02 to 3:31", 5_340),
            ("from Mar 4 11:00 to Mar 5 1:00 AM UTC", 50_400),
            ("from 09:05 UTC to 3:40 AM PDT", 5_700),
            ("from Monday 10:00 to Wednesday 9:00 AM UTC", 169_200),
            ("from Monday 2:00 to Monday 3:00 PM UTC", 3_600),
            ("from 06:00 to 7:00 PM UTC", 46_800),
            ("from 08:15 to 09:45 PM", 5_400),
            ("from 2024-03-05 06:00 to 7:00 PM UTC", 46_800),
        ] {
            assert_eq!(range(text).map(|r| r.0), Some(seconds), "{text:?}");
        }
    }

    /// One end a bare hour or `noon`/`midnight`, after an opener: the hour
    /// takes the end's AM or PM (the other half when that would put it
    /// after the end); without an opener, or without AM/PM for a bare
    /// hour, there is no range.
    #[test]
    fn bare_hours_and_words_as_ends() {
        let cases: &[(&str, i64, &str)] = &[
            ("between 9 and 10 am PT", 3_600, "9 and 10 am PT"),
            ("from 9 to 10:30 am", 5_400, "9 to 10:30 am"),
            ("from 11 to 1 pm", 7_200, "11 to 1 pm"),
            ("from 9 - 11 p.m. EST", 7_200, "9 - 11 p.m. EST"),
            ("from noon to 3 pm PT", 10_800, "noon to 3 pm PT"),
            ("entre 9 y 10 am", 3_600, "9 y 10 am"),
            (
                "from 11:30 PM until midnight ET",
                1_800,
                "11:30 PM until midnight",
            ),
            ("from 9:00 to noon", 10_800, "9:00 to noon"),
            ("From 22:00 - midnight", 7_200, "22:00 - midnight"),
            (
                "between 11:30 PM and midnight",
                1_800,
                "11:30 PM and midnight",
            ),
            ("From 4pm to 6 GMT, servers failed", 7_200, "4pm to 6 GMT"),
            ("from 11 am to 1", 7_200, "11 am to 1"),
            ("from 11 pm to 1 ET.", 7_200, "11 pm to 1 ET"),
            ("from 9:15 AM until 10, when", 2_700, "9:15 AM until 10"),
            ("between 14:00 and 16 UTC", 7_200, "14:00 and 16 UTC"),
            ("von 13:10 bis 15.", 6_600, "13:10 bis 15"),
        ];
        for &(text, seconds, span) in cases {
            let got = range(text).unwrap_or_else(|| panic!("no range in {text:?}"));
            assert_eq!((got.0, got.1), (seconds, span), "{text:?}");
        }
        for text in [
            "see step 3 - 10:00 AM alert",
            "we had 9 to 10 am standups",
            "between 9 and 10:00",
            "from 13 to 14 pm",
            "from 9 and 10 am",
            "aufrom 9 to 10 am",
            "at 11:30 PM until midnight",
            "from 11:30 PM until midnights",
            "from 11:30 PM and midnight",
            "from 10:00 to 6 users",
            "from 10:00 to 6x",
            "from 4 pm to 13 GMT",
            "from 14:00 to 24 UTC",
            "from 4pm and 6 GMT",
            "at 4pm to 6 GMT",
            "from 4pm to 600.",
            "from 4pm to 6.5 GB",
            "from 11:15 to 1 ET",
            "from 10:00 to 2 PT",
        ] {
            assert_eq!(range(text), None, "{text:?}");
        }
        // A range written in full wins over an earlier one with a bare end.
        let both = "Traffic peaks from 9 to 11 am PT. The outage ran from 10:05 to 10:50 am PT.";
        assert_eq!(range(both).map(|r| r.1), Some("10:05 to 10:50 am PT"));
    }

    #[test]
    fn ranges_and_lengths() {
        let pst = "from approximately 00:07 Pacific Standard Time (PST) to approximately 01:17 Pacific Standard Time (PST)";
        let cases: &[(&str, i64, &str, &str)] = &[
            ("from 10:00 to 11:30", 5_400, "10:00 to 11:30", "11:30"),
            (
                pst,
                4_200,
                "00:07 Pacific Standard Time (PST) to approximately 01:17 Pacific Standard Time (PST)",
                "01:17 Pacific Standard Time (PST)",
            ),
            (
                "10:00 AM - 11:30 AM (UTC)",
                5_400,
                "10:00 AM - 11:30 AM (UTC)",
                "11:30 AM (UTC)",
            ),
            (
                "10:00 AM – 11:30 AM",
                5_400,
                "10:00 AM – 11:30 AM",
                "11:30 AM",
            ),
            ("10:00—11:30", 5_400, "10:00—11:30", "11:30"),
            (
                "00:07 PST to 01:17 PST",
                4_200,
                "00:07 PST to 01:17 PST",
                "01:17 PST",
            ),
            (
                "October 7, 2023, 10:00 AM - October 7, 2023, 11:30 AM",
                5_400,
                "October 7, 2023, 10:00 AM - October 7, 2023, 11:30 AM",
                "October 7, 2023, 11:30 AM",
            ),
            (
                "between 14:00 and 17:00",
                10_800,
                "14:00 and 17:00",
                "17:00",
            ),
            (
                "between approximately 14:00 and 17:00",
                10_800,
                "14:00 and 17:00",
                "17:00",
            ),
            (
                "Between the hours of 13:00:00 and 17:35:08 the page failed",
                16_508,
                "13:00:00 and 17:35:08",
                "17:35:08",
            ),
            ("14:00-17:00", 10_800, "14:00-17:00", "17:00"),
            (
                "from 11:00 AM to 1:00 PM (WAT)",
                7_200,
                "11:00 AM to 1:00 PM (WAT)",
                "1:00 PM (WAT)",
            ),
            (
                "10:00 AM until 12:30 PM",
                9_000,
                "10:00 AM until 12:30 PM",
                "12:30 PM",
            ),
            (
                "from 9:00 AM EAT through 10:00 AM EAT",
                3_600,
                "9:00 AM EAT through 10:00 AM EAT",
                "10:00 AM EAT",
            ),
            ("23:30 to 00:15", 2_700, "23:30 to 00:15", "00:15"),
            (
                "from 10:00 AM to 12:00 PM WAT (West African Time).",
                7_200,
                "10:00 AM to 12:00 PM WAT (West African Time)",
                "12:00 PM WAT (West African Time)",
            ),
            (
                "3 hours, from 14:00 to 17:00 (UTC)",
                10_800,
                "14:00 to 17:00 (UTC)",
                "17:00 (UTC)",
            ),
            ("10:00 till 10:45", 2_700, "10:00 till 10:45", "10:45"),
            ("10:00 ~ 10:45", 2_700, "10:00 ~ 10:45", "10:45"),
            ("10:00 to ~10:45", 2_700, "10:00 to ~10:45", "10:45"),
            (
                "10:00 UTC to 12:00 CET",
                3_600,
                "10:00 UTC to 12:00 CET",
                "12:00 CET",
            ),
            (
                "23:00 PST to 08:00 UTC",
                3_600,
                "23:00 PST to 08:00 UTC",
                "08:00 UTC",
            ),
            (
                "Oct 22rd 2022 9:00 AM (EAT), End time: Oct 22rd 2022 10:00 AM",
                3_600,
                "Oct 22rd 2022 9:00 AM (EAT), End time: Oct 22rd 2022 10:00 AM",
                "Oct 22rd 2022 10:00 AM",
            ),
            (
                "Thursday, May 9, 2024, 17:30 PST - Friday, May 10, 2024, 01:00 PST (7.5 hours)",
                27_000,
                "Thursday, May 9, 2024, 17:30 PST - Friday, May 10, 2024, 01:00 PST",
                "Friday, May 10, 2024, 01:00 PST",
            ),
            (
                "from May 10, 2024, 3:00 PM to May 11, 2024, 1:00 AM (UTC).",
                36_000,
                "May 10, 2024, 3:00 PM to May 11, 2024, 1:00 AM (UTC)",
                "May 11, 2024, 1:00 AM (UTC)",
            ),
            (
                "2023-11-12, 22:00 PST - 23:00 PST (1 hour)",
                3_600,
                "2023-11-12, 22:00 PST - 23:00 PST",
                "23:00 PST",
            ),
            (
                "Oct 7 23:30 to 00:15",
                2_700,
                "Oct 7 23:30 to 00:15",
                "00:15",
            ),
            (
                "10:00 AM to May 12, 2024, at 12:00 PM (UTC+0).",
                7_200,
                "10:00 AM to May 12, 2024, at 12:00 PM (UTC+0)",
                "May 12, 2024, at 12:00 PM (UTC+0)",
            ),
            (
                "Duration: 2 hours (9:00 AM - 11:00 AM, UTC)",
                7_200,
                "9:00 AM - 11:00 AM, UTC",
                "11:00 AM, UTC",
            ),
            (
                "Dec 31, 23:00 to Jan 1, 01:00",
                7_200,
                "Dec 31, 23:00 to Jan 1, 01:00",
                "Jan 1, 01:00",
            ),
            (
                "10:00 AM to 11:00 AM on October 7",
                3_600,
                "10:00 AM to 11:00 AM on October 7",
                "11:00 AM on October 7",
            ),
            (
                "•\t10:00 AM – 10:30 AM 🚨",
                1_800,
                "10:00 AM – 10:30 AM",
                "10:30 AM",
            ),
            (
                "at 9:00, then from 10:00 to 11:00",
                3_600,
                "10:00 to 11:00",
                "11:00",
            ),
        ];
        for &(text, seconds, span, end) in cases {
            assert_eq!(
                range(text).map(|r| (r.0, r.1, r.3)),
                Some((seconds, span, end)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn start_inherits_the_end_zone() {
        let r = find_range("10:00 AM - 11:30 AM (UTC)", DateOrder::Mdy);
        let start = r.map(|r| (r.start.zone, r.start.span));
        assert_eq!(start, Some((Some(Zone::Offset(0)), 0..8)));
    }

    #[test]
    fn not_ranges() {
        let cases = [
            "",
            "10:00 and 11:00",
            "at 10:00 to the moon",
            "10:00 - Issue detected",
            "12:00 CAT — *Issue detected via high database latency",
            "10:00, 11:00",
            "14:00 - 🚨 Issue detected: Mo",
            "10:00 to 5 people",
            "3:1 to 4:3",
        ];
        for text in cases {
            assert_eq!(range(text), None, "{text:?}");
        }
    }

    #[test]
    fn seconds_with_named_zones_ignores_them() {
        let r = find_range("10:00 PT to 11:00 UTC", DateOrder::Mdy);
        assert_eq!(r.map(|r| r.seconds()), Some(3_600));
    }

    fn ts(text: &str) -> Timestamp {
        find_timestamp(text, DateOrder::Mdy).unwrap_or(Timestamp {
            date: None,
            seconds: 0,
            zone: None,
            span: 0..0,
        })
    }

    #[test]
    fn backward_steps() {
        let cases: &[(&str, &str, u32, bool)] = &[
            ("23:50", "00:10", 6, false),
            ("10:00", "09:00", 6, true),
            ("10:00", "10:00", 6, false),
            ("10:00", "11:00", 6, false),
            ("10:00", "04:00", 6, true),
            ("10:00", "03:59", 6, false),
            ("10:00", "02:00", 6, false),
            ("2023-10-07 23:00", "2023-10-08 01:00", 6, false),
            ("2023-10-08 01:00", "2023-10-07 23:00", 6, true),
            ("Oct 8 01:00", "2023-10-07 23:00", 6, true),
            ("2023-10-07 10:00", "2023-10-07 09:00", 6, true),
            ("2023-10-07 23:50", "2023-10-07 00:10", 6, false),
            ("10:00 UTC", "03:00 PST", 6, false),
            ("11:00 UTC", "03:00 PST", 6, false),
            ("11:30 UTC", "03:00 PST", 6, true),
            ("10:00 UTC", "09:00 PT", 6, true),
            // Two North American zones without daylight saving said: their
            // difference is known (12:02 ET is 9:02 PT).
            ("12:02 PM ET", "9:10 AM PT", 6, false),
            ("12:02 PM ET", "8:10 AM PT", 6, true),
            ("9:10 AM Pacific Time", "12:15 PM ET", 6, false),
            ("9:10 AM Pacific Time", "12:05 PM ET", 6, true),
            ("10:00 AM", "9:59 AM", 1, true),
            ("10:00 PM", "9:00 AM", 14, true),
            ("10:00 PM", "9:00 AM", 6, false),
            ("10:00", "09:00", 0, false),
            // Dates that differ, with zones known: the instants decide
            // (00:10+01:00 on the 3rd is 23:10 UTC on the 2nd).
            (
                "2024-03-03T00:10:00+01:00",
                "2024-03-02T23:40:00Z",
                6,
                false,
            ),
            ("2024-03-02T23:30:00Z", "2024-03-03T00:10:00+01:00", 6, true),
            (
                "2024-03-02T23:30:00Z",
                "2024-03-03T00:40:00+01:00",
                6,
                false,
            ),
            ("Mar 3 00:10 CET", "Mar 2 23:40 UTC", 6, false),
            // One zone unknown, or a year on one date only: the dates decide.
            ("2024-03-03 00:10 CET", "2024-03-02 23:40", 6, true),
            ("2024-03-03 00:10 CET", "Mar 2 23:40 UTC", 6, true),
        ];
        for &(prev, next, hours, want) in cases {
            assert_eq!(
                is_backward(&ts(prev), &ts(next), hours),
                want,
                "{prev} -> {next}"
            );
        }
    }

    #[test]
    fn huge_inputs() {
        let text = "10:00 to x ".repeat(50_000);
        assert_eq!(find_range(&text, DateOrder::Mdy), None);
        let text = "🚨 – ".repeat(100_000);
        assert_eq!(find_range(&text, DateOrder::Mdy), None);
    }
}
