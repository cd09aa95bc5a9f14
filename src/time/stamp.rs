//! Timestamps: a time of day with the date written before or after it and the
//! zone written after it (`October 7, 2023, 10:00 AM (UTC)`,
//! `2023-10-07T10:00:00Z`, `00:07 PST`, `10:00 AM on October 7`).

use super::clock::{Clock, clock_at};
use super::date::{date_after, date_before};
use super::scan::{char_at, is_any_of, letters_at, next_digit};
use super::zone::zone_after;
use super::{DateOrder, Timestamp, Zone};
use std::ops::Range;

/// How far after the start of a line [`leading_timestamp`] looks for the
/// clock (room for `Wednesday, September 27th, 2023, at `).
const LEADING_REACH: usize = 96;

/// The clock starting at `clock_start` with the zone written right after it,
/// and where the two end; `None` when there is no time of day there
/// (`10:00abc` is none). What a timestamp is before its dates are read.
fn clock_and_zone(text: &str, clock_start: usize) -> Option<(Clock, Option<Zone>, usize)> {
    let clock = clock_at(text, clock_start)?;
    match zone_after(text, clock.end, clock.has_seconds) {
        Some((zone, zone_end)) => Some((clock, Some(zone), zone_end)),
        None if char_at(text, clock.end).is_some_and(char::is_alphanumeric) => None,
        None => {
            let end = clock.end;
            Some((clock, None, end))
        }
    }
}

/// Whether a timestamp's clock may start at `digit` (a digit of `bytes`):
/// not inside a longer number.
fn starts_number(bytes: &[u8], digit: usize) -> bool {
    digit == 0 || !bytes[digit - 1].is_ascii_digit()
}

/// The timestamp whose clock starts at `clock_start`; any date before it is
/// looked for no earlier than `floor`.
fn timestamp_at(
    text: &str,
    floor: usize,
    clock_start: usize,
    order: DateOrder,
) -> Option<Timestamp> {
    let (clock, zone, mut end) = clock_and_zone(text, clock_start)?;
    let (mut date, start) = match date_before(text, floor, clock.start, order) {
        Some((date, start)) => (Some(date), start),
        None => (None, clock.start),
    };
    let mut zone = zone;
    if date.is_none()
        && let Some((after, after_end)) = date_after(text, end, order)
    {
        date = Some(after);
        end = after_end;
        // A zone after the date (`02:40 on 5 March CET`) when none follows
        // the clock.
        if zone.is_none()
            && let Some((after_zone, zone_end)) = zone_after(text, end, clock.has_seconds)
        {
            zone = Some(after_zone);
            end = zone_end;
        }
    }
    Some(Timestamp {
        date,
        seconds: clock.seconds,
        zone,
        span: start..end,
    })
}

/// The first timestamp whose clock starts at or after `from` and before
/// `limit`; its date is looked for no earlier than `from`.
pub(crate) fn next_timestamp(
    text: &str,
    from: usize,
    order: DateOrder,
    limit: usize,
) -> Option<Timestamp> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(digit) = next_digit(bytes, i, limit) {
        // ASCII digits never occur inside a multi-byte char, so a digit's
        // offset is a char boundary.
        if starts_number(bytes, digit)
            && let Some(ts) = timestamp_at(text, from, digit, order)
        {
            return Some(ts);
        }
        i = digit + 1;
    }
    None
}

/// Iterator over the timestamps of a text, in order, without overlaps.
/// Created by [`timestamps`].
#[derive(Debug, Clone)]
pub struct Timestamps<'a> {
    text: &'a str,
    order: DateOrder,
    pos: usize,
}

impl Iterator for Timestamps<'_> {
    type Item = Timestamp;

    fn next(&mut self) -> Option<Timestamp> {
        let ts = next_timestamp(self.text, self.pos, self.order, usize::MAX);
        match &ts {
            Some(ts) => self.pos = ts.span.end,
            None => self.pos = self.text.len(),
        }
        ts
    }
}

/// Every timestamp in `text`, left to right (each as [`find_timestamp`]
/// would read it; a date is only taken from text after the previous
/// timestamp). Linear in the length of `text`.
pub fn timestamps(text: &str, order: DateOrder) -> Timestamps<'_> {
    Timestamps {
        text,
        order,
        pos: 0,
    }
}

/// Whether a timestamp of `text` has a zone: what
/// `timestamps(text, order).any(|t| t.zone.is_some())` answers, without
/// reading the dates that cannot change it. A timestamp's zone is read
/// after its clock alone; its dates only decide where the next timestamp is
/// looked for (after a date written after the clock, which counts only when
/// no date is written before it), so a date before the clock is read only
/// when one follows it. Checked against the iterator on random texts.
pub(crate) fn any_zoned(text: &str, order: DateOrder) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while let Some(digit) = next_digit(bytes, i, usize::MAX) {
        i = digit + 1;
        // As `next_timestamp` and `timestamp_at`, from `from`.
        if !starts_number(bytes, digit) {
            continue;
        }
        let Some((clock, zone, mut end)) = clock_and_zone(text, digit) else {
            continue;
        };
        if zone.is_some() {
            return true;
        }
        // A timestamp without a zone: the next is looked for after it.
        if let Some((_, after_end)) = date_after(text, end, order)
            && date_before(text, from, clock.start, order).is_none()
        {
            if zone_after(text, after_end, clock.has_seconds).is_some() {
                return true;
            }
            end = after_end;
        }
        from = end;
        i = end;
    }
    false
}

/// The first time of day in `text`, with the date written right before it
/// (`October 7, 2023, 10:00 AM`, `2023-10-07T10:00`, `15th May, 2023 at
/// 03:19`) or right after it (`10:00 AM on October 7`), and the zone written
/// right after it (`PST`, `(UTC)`, `UTC+1`, `+02:00`, `Z`,
/// `Pacific Standard Time (PST)`). `span` covers date, time and zone.
/// `order` decides all-numeric dates such as `05/04/23`.
pub fn find_timestamp(text: &str, order: DateOrder) -> Option<Timestamp> {
    timestamps(text, order).next()
}

/// Chars skipped before a leading timestamp: white space, bullets (`•`, `▪`,
/// `–`, `-`, `*`, `+`, ``, `·`, `◦`, `>`), emphasis (`*`, `_`), opening
/// brackets (`[`, `(`) and any other non-ASCII symbol such as an emoji.
pub(super) fn is_line_decoration(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '-' | '*' | '_' | '>' | '[' | '(' | '+')
        || (!c.is_ascii() && !c.is_alphanumeric())
}

/// Where the text of a line starts, past [`is_line_decoration`] chars.
fn content_start(text: &str) -> Option<usize> {
    text.char_indices()
        .find(|&(_, c)| !is_line_decoration(c))
        .map(|(i, _)| i)
}

/// Whether `text` is a weekday name (`Monday`, `Mon`, `Mon.`) followed only
/// by commas and spaces.
fn is_weekday_prefix(text: &str) -> bool {
    let word = letters_at(text, 0);
    is_any_of(word, super::date::WEEKDAYS)
        && text[word.len()..]
            .chars()
            .all(|c| c == ',' || c == '.' || c.is_whitespace())
}

/// A timestamp that `text` begins with, after skipping leading white space,
/// bullets, emphasis markers, opening brackets and emoji (list numbers such
/// as `1.` are not skipped). The date, if any, comes first (`October 7,
/// 2023, 10:00 AM: …`, `2023-10-07 10:00`, `15th May 2023 03:19`); a bare
/// weekday before the clock (`Monday 10:00`) is allowed and left out of the
/// span. `None` when the text does not start with a time of day.
pub fn leading_timestamp(text: &str, order: DateOrder) -> Option<Timestamp> {
    let start = content_start(text)?;
    let ts = next_timestamp(text, start, order, start.saturating_add(LEADING_REACH))?;
    if ts.span.start == start {
        return Some(ts);
    }
    let between = text.get(start..ts.span.start)?;
    (char_at(text, start).is_some_and(|c| c.is_ascii_alphabetic()) && is_weekday_prefix(between))
        .then_some(ts)
}

/// The time a line starts with, as a timeline entry or a time heading
/// says it: a [`leading_timestamp`], also after an approximation mark
/// (`~9:00 AM`) or `At` / `On` (`At 12:05 AM: ...`, `On May 21, 2020,
/// 12:00 AM: ...`), or `noon` / `midnight` as its first word
/// ([`leading_word_clock`]). The span is in `text`.
pub fn leading_time(text: &str, order: DateOrder) -> Option<Timestamp> {
    let trimmed = text.trim_start_matches(['~', '≈']);
    let trimmed = ["at ", "on "]
        .iter()
        .find_map(|w| {
            trimmed
                .get(..w.len())
                .filter(|head| head.eq_ignore_ascii_case(w))
                .map(|_| trimmed[w.len()..].trim_start())
        })
        .unwrap_or(trimmed);
    let skipped = text.len() - trimmed.len();
    let found = leading_timestamp(trimmed, order).or_else(|| leading_word_clock(trimmed));
    found.map(|mut t| {
        t.span = t.span.start + skipped..t.span.end + skipped;
        t
    })
}

/// `noon` or `midnight` (`12 noon` too, in any case) as the first word of
/// `text` after bullets, emphasis and other decoration (as in
/// [`leading_timestamp`]), with the zone written after
/// it (`Noon UTC:`): a timeline entry's time said in a word. 12:00 or 00:00,
/// no date. `None` when `text` does not start so.
pub fn leading_word_clock(text: &str) -> Option<Timestamp> {
    let start = content_start(text)?;
    let mut word_at = start;
    if text[start..].starts_with("12") {
        word_at = start + 2 + (text[start + 2..].len() - text[start + 2..].trim_start().len());
        if word_at == start + 2 {
            return None;
        }
    }
    let word = letters_at(text, word_at);
    let seconds = if word.eq_ignore_ascii_case("noon") {
        12 * 3_600
    } else if word.eq_ignore_ascii_case("midnight") {
        0
    } else {
        return None;
    };
    let end = word_at + word.len();
    if text[end..].starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let (zone, end) = match super::zone::zone_after(text, end, false) {
        Some((zone, zone_end)) => (Some(zone), zone_end),
        None => (None, end),
    };
    Some(Timestamp {
        date: None,
        seconds,
        zone,
        span: start..end,
    })
}

/// The day of the week `text` begins with (after bullets, emphasis and
/// other decoration), Monday 0 to Sunday 6, and whether that name is all
/// the text holds (punctuation and markup aside): `Sun 14:00 UTC — retry`
/// gives `(6, false)`, `**Monday**` gives `(0, true)`.
pub fn leading_weekday(text: &str) -> Option<(u8, bool)> {
    let start = content_start(text)?;
    let word = letters_at(text, start);
    let day = weekday_number(word)?;
    let alone = text[start + word.len()..]
        .chars()
        .all(|c| !c.is_alphanumeric());
    Some((day, alone))
}

/// The day of the week `word` names (`Monday`, `mon`, `Thurs`, any ASCII
/// case), Monday 0 to Sunday 6; `None` for any other word.
pub(crate) fn weekday_number(word: &str) -> Option<u8> {
    if !is_any_of(word, super::date::WEEKDAYS) {
        return None;
    }
    const ORDER: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let day = ORDER
        .iter()
        .position(|d| word.get(..3).is_some_and(|w| w.eq_ignore_ascii_case(d)))?;
    u8::try_from(day).ok()
}

/// A time relative to the incident's start that `text` begins with (after
/// bullets, emphasis and other decoration): `T+0`, `T+20m`, `T + 1h30m`,
/// `T-5 min`, `T+01:15`, `+00:15`, `+2h`. Returns the offset in seconds
/// (negative before the start) and the byte range of the mark in `text`.
/// A bare `+` needs a unit or a clock-like `H:MM` (`+5` alone is not one);
/// `T±` takes a bare number as minutes. `None` when `text` does not start
/// with one.
pub fn leading_relative(text: &str) -> Option<(i64, Range<usize>)> {
    let start = text
        .char_indices()
        .find(|&(_, c)| !is_line_decoration(c) || c == '+')
        .map(|(i, _)| i)?;
    let bytes = text.as_bytes();
    let mut p = start;
    let t_form = matches!(bytes.get(p), Some(b'T' | b't'));
    if t_form {
        p += 1;
        while bytes.get(p) == Some(&b' ') {
            p += 1;
        }
    }
    // A minus may be typeset: `T−35m` (U+2212) or an en dash; with blanks
    // after it, a unit or a clock must follow the number (`T – 35m`; not
    // `T – 2 engineers joined`, a dash).
    let typeset = (text[p..].starts_with('\u{2212}') || text[p..].starts_with('\u{2013}')) && {
        let after = &text[p + 3..];
        let number = after.trim_start_matches(' ');
        let digits = number.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0
            && (number.len() == after.len()
                || matches!(
                    number.as_bytes().get(digits),
                    Some(b'm' | b'h' | b's' | b'd' | b':')
                ))
    };
    let (sign, sign_len): (i64, usize) = match bytes.get(p) {
        Some(b'+') => (1, 1),
        Some(b'-') if t_form => (-1, 1),
        _ if t_form && typeset => (-1, 3),
        _ => return None,
    };
    p += sign_len;
    while t_form && bytes.get(p) == Some(&b' ') {
        p += 1;
    }
    let number = |at: usize| {
        let len = bytes[at.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        (len > 0 && len <= 4).then(|| {
            let value: i64 = text[at..at + len].parse().unwrap_or(0);
            (value, at + len)
        })
    };
    let (first, mut end) = number(p)?;
    let mut seconds;
    let clock_minutes = (bytes.get(end) == Some(&b':'))
        .then(|| number(end + 1).filter(|&(m, e)| e == end + 3 && m < 60))
        .flatten();
    if let Some((minutes, e)) = clock_minutes {
        // `H:MM` or `H:MM:SS`.
        seconds = first * 3_600 + minutes * 60;
        end = e;
        if bytes.get(end) == Some(&b':')
            && let Some((secs, e)) = number(end + 1).filter(|&(s, e)| e == end + 3 && s < 60)
        {
            seconds += secs;
            end = e;
        }
    } else {
        // Numbers with units (`1h30m`, `20 min`), or a bare number after `T`.
        seconds = 0;
        let mut value = first;
        let mut any_unit = false;
        loop {
            let mut q = end;
            while bytes.get(q) == Some(&b' ') {
                q += 1;
            }
            let word = letters_at(text, q);
            // The unit words of lengths (`m`, `min`, `hours`, `Stunden`, …).
            let Some((unit, _, _)) = super::length::unit(word) else {
                break;
            };
            seconds += value * unit as i64;
            any_unit = true;
            end = q + word.len();
            match number(end) {
                Some((v, e)) => {
                    value = v;
                    end = e;
                }
                None => break,
            }
        }
        if !any_unit {
            if !t_form {
                return None;
            }
            seconds = first * 60;
        }
    }
    // The mark ends at a word's end: `T+20minutes` is read whole, `+2hosts`
    // is not a mark.
    if text[end..].starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    Some((sign * seconds, start..end))
}

/// The span of the timestamp (time of day with its date and zone, as
/// [`timestamps`] finds it) or of the calendar date that holds byte `at` of
/// `text`: a number there is part of a date or time, not a count. A date
/// without a time counts when it ends (before white space or a comma) at
/// the end of the word at `at` or of one of the two words after it (`4 May
/// 2023`, `May 4`, `August 8, 2017,`). Byte offsets, 0-based, half-open;
/// `None` when `at` is in neither.
pub fn date_or_time_at(text: &str, at: usize, order: DateOrder) -> Option<Range<usize>> {
    if let Some(t) = timestamps(text, order)
        .take_while(|t| t.span.start <= at)
        .find(|t| t.span.contains(&at))
    {
        return Some(t.span);
    }
    let mut from = at;
    for _ in 0..3 {
        let word_end = from + text.get(from..)?.find(char::is_whitespace)?;
        let joiner_end = text[word_end..]
            .char_indices()
            .find(|&(_, c)| !matches!(c, ' ' | '\t' | '\u{a0}' | '\u{202f}'))
            .map_or(text.len(), |(i, _)| word_end + i);
        if let Some((_, start)) = date_before(text, 0, joiner_end, order)
            && start <= at
        {
            return Some(start..word_end);
        }
        from = joiner_end;
    }
    None
}

impl super::Timestamp {
    /// The time converted to UTC, in seconds from midnight UTC of the written
    /// day (so it may be negative or reach past 86_400: `23:00 PST` is
    /// 111_600). `None` unless the zone is a known offset.
    pub fn utc_seconds(&self) -> Option<i64> {
        let offset = self.zone.as_ref()?.offset_minutes()?;
        Some(i64::from(self.seconds) - i64::from(offset) * 60)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Date, Zone};
    use super::*;

    const fn hms(h: u32, m: u32, s: u32) -> u32 {
        h * 3600 + m * 60 + s
    }

    fn date(year: Option<i32>, month: u8, day: u8) -> Option<Date> {
        Some(Date { year, month, day })
    }

    fn z(minutes: i32) -> Option<Zone> {
        Some(Zone::Offset(minutes))
    }

    /// Expected: seconds, date, zone, spanned text.
    type Want<'a> = (u32, Option<Date>, Option<Zone>, &'a str);

    fn check(found: Option<Timestamp>, text: &str, want: &Want<'_>) {
        let Some(ts) = found else {
            panic!("no timestamp in {text:?}");
        };
        assert_eq!(ts.seconds, want.0, "seconds of {text:?}");
        assert_eq!(ts.date, want.1, "date of {text:?}");
        assert_eq!(ts.zone, want.2, "zone of {text:?}");
        assert_eq!(text.get(ts.span.clone()), Some(want.3), "span of {text:?}");
    }

    #[test]
    fn finds_timestamps() {
        let y = Some;
        let cases: Vec<(&str, Want<'_>)> = vec![
            ("00:07", (hms(0, 7, 0), None, None, "00:07")),
            ("at 9:05 we", (hms(9, 5, 0), None, None, "9:05")),
            ("03:19:45", (hms(3, 19, 45), None, None, "03:19:45")),
            ("10:00 AM", (hms(10, 0, 0), None, None, "10:00 AM")),
            ("10:00am", (hms(10, 0, 0), None, None, "10:00am")),
            ("at 10 a.m. the", (hms(10, 0, 0), None, None, "10 a.m.")),
            ("10 AM", (hms(10, 0, 0), None, None, "10 AM")),
            ("10am", (hms(10, 0, 0), None, None, "10am")),
            ("14:15pm", (hms(14, 15, 0), None, None, "14:15pm")),
            ("12:00 PM", (43_200, None, None, "12:00 PM")),
            ("12:30 PM", (45_000, None, None, "12:30 PM")),
            ("12:30 AM", (1_800, None, None, "12:30 AM")),
            ("12 AM", (0, None, None, "12 AM")),
            (
                "10:00 AM (UTC)",
                (hms(10, 0, 0), None, z(0), "10:00 AM (UTC)"),
            ),
            ("00:07 PST", (hms(0, 7, 0), None, z(-480), "00:07 PST")),
            ("14:00 UTC+1", (hms(14, 0, 0), None, z(60), "14:00 UTC+1")),
            ("[14:00]", (hms(14, 0, 0), None, None, "14:00")),
            ("2100hrs", (hms(21, 0, 0), None, None, "2100hrs")),
            ("2100 hrs", (hms(21, 0, 0), None, None, "2100 hrs")),
            ("2115hrs WAT:", (hms(21, 15, 0), None, z(60), "2115hrs WAT")),
            ("14h30", (hms(14, 30, 0), None, None, "14h30")),
            ("10:00 M", (hms(10, 0, 0), None, None, "10:00 M")),
            ("start : 3:AM", (hms(3, 0, 0), None, None, "3:AM")),
            ("end : 5:PM.", (hms(17, 0, 0), None, None, "5:PM")),
            (
                "Start: T08:19:34+0100",
                (hms(8, 19, 34), None, z(60), "08:19:34+0100"),
            ),
            (
                "3:45pm(GMT + 1 (WAT)) -",
                (hms(15, 45, 0), None, z(60), "3:45pm(GMT + 1 (WAT))"),
            ),
            (
                "11:26-am-GMT until",
                (hms(11, 26, 0), None, z(0), "11:26-am-GMT"),
            ),
            (
                "2023-10-07T10:00:00Z",
                (
                    hms(10, 0, 0),
                    date(y(2023), 10, 7),
                    z(0),
                    "2023-10-07T10:00:00Z",
                ),
            ),
            (
                "- **2026-03-04 ~14:18 UTC** – payload ran",
                (
                    hms(14, 18, 0),
                    date(y(2026), 3, 4),
                    z(0),
                    "2026-03-04 ~14:18 UTC",
                ),
            ),
            (
                "2023-10-07T10:00:00.123-05:00 x",
                (
                    hms(10, 0, 0),
                    date(y(2023), 10, 7),
                    z(-300),
                    "2023-10-07T10:00:00.123-05:00",
                ),
            ),
            (
                "2023-10-07 10:00",
                (
                    hms(10, 0, 0),
                    date(y(2023), 10, 7),
                    None,
                    "2023-10-07 10:00",
                ),
            ),
            (
                "October 7, 2023, 10:00 AM",
                (
                    hms(10, 0, 0),
                    date(y(2023), 10, 7),
                    None,
                    "October 7, 2023, 10:00 AM",
                ),
            ),
            (
                "Oct 7 10:00",
                (hms(10, 0, 0), date(None, 10, 7), None, "Oct 7 10:00"),
            ),
            (
                "15th May 2023 03:19",
                (
                    hms(3, 19, 0),
                    date(y(2023), 5, 15),
                    None,
                    "15th May 2023 03:19",
                ),
            ),
            (
                "15th May, 2023 at 03:19",
                (
                    hms(3, 19, 0),
                    date(y(2023), 5, 15),
                    None,
                    "15th May, 2023 at 03:19",
                ),
            ),
            (
                "05/04/23 10:00",
                (hms(10, 0, 0), date(y(2023), 5, 4), None, "05/04/23 10:00"),
            ),
            (
                "2023/10/07 10:00:00 [crit]",
                (
                    hms(10, 0, 0),
                    date(y(2023), 10, 7),
                    None,
                    "2023/10/07 10:00:00",
                ),
            ),
            (
                "10:00 AM on October 7",
                (
                    hms(10, 0, 0),
                    date(None, 10, 7),
                    None,
                    "10:00 AM on October 7",
                ),
            ),
            (
                "02:40 on 5 March CET (2 hours)",
                (
                    hms(2, 40, 0),
                    date(None, 3, 5),
                    z(60),
                    "02:40 on 5 March CET",
                ),
            ),
            (
                "10:00 PST 12 april 2023 the",
                (
                    hms(10, 0, 0),
                    date(y(2023), 4, 12),
                    z(-480),
                    "10:00 PST 12 april 2023",
                ),
            ),
            (
                "June 9, 2024, 12:15 PM (UTC): x",
                (
                    hms(12, 15, 0),
                    date(y(2024), 6, 9),
                    z(0),
                    "June 9, 2024, 12:15 PM (UTC)",
                ),
            ),
            (
                "Thursday, May 9, 2024, 17:30 PST - Friday",
                (
                    hms(17, 30, 0),
                    date(y(2024), 5, 9),
                    z(-480),
                    "Thursday, May 9, 2024, 17:30 PST",
                ),
            ),
            (
                "from approximately 00:07 Pacific Standard Time (PST) to",
                (
                    hms(0, 7, 0),
                    None,
                    z(-480),
                    "00:07 Pacific Standard Time (PST)",
                ),
            ),
            (
                "at (Pacific Standard Time (PST)) 10:00 (Pacific Standard Time (PST))",
                (
                    hms(10, 0, 0),
                    None,
                    z(-480),
                    "10:00 (Pacific Standard Time (PST))",
                ),
            ),
            (
                "14:11 East African Time (EAT), it",
                (
                    hms(14, 11, 0),
                    None,
                    z(180),
                    "14:11 East African Time (EAT)",
                ),
            ),
            (
                "12:45 PM West African Time",
                (hms(12, 45, 0), None, z(60), "12:45 PM West African Time"),
            ),
            (
                "9:00 AM GMT+01:00",
                (hms(9, 0, 0), None, z(60), "9:00 AM GMT+01:00"),
            ),
            ("10:00+02:00", (hms(10, 0, 0), None, z(120), "10:00+02:00")),
            ("10:00Z", (hms(10, 0, 0), None, z(0), "10:00Z")),
            ("•\t10:00 AM: …", (hms(10, 0, 0), None, None, "10:00 AM")),
            (
                "🚨 **10:05 AM (UTC):** alert",
                (hms(10, 5, 0), None, z(0), "10:05 AM (UTC)"),
            ),
            (
                "–\u{a0}9:05\u{a0}PM — x",
                (hms(21, 5, 0), None, None, "9:05\u{a0}PM"),
            ),
            (
                "v2:10 then 3:1 then 11:20",
                (hms(11, 20, 0), None, None, "11:20"),
            ),
            (
                "127.0.0.1:8080 and localhost:3000 at 09:30",
                (hms(9, 30, 0), None, None, "09:30"),
            ),
        ];
        for (text, want) in &cases {
            check(find_timestamp(text, DateOrder::Mdy), text, want);
        }
    }

    #[test]
    fn numeric_date_order() {
        let ts = find_timestamp("05/04/23 10:00", DateOrder::Dmy);
        assert_eq!(ts.and_then(|t| t.date), date(Some(2023), 4, 5));
        let ts = find_timestamp("25/04/23 10:00", DateOrder::Mdy);
        assert_eq!(ts.and_then(|t| t.date), date(Some(2023), 4, 25));
    }

    #[test]
    fn no_timestamp() {
        let cases = [
            "",
            "25:00",
            "10:75",
            "15.25",
            "12: 30 pm",
            "1.2.3",
            "v2:10",
            "3:1",
            "99.9%",
            "127.0.0.1:8080",
            "localhost:3000",
            "http://x:80",
            "10",
            "1:1",
            "4:3",
            "2:00:00:00",
            "123:456",
            "10:00abc",
            "see RFC 1234",
            "🚨🚨🚨",
            "UTC-05:00",
        ];
        for text in cases {
            assert_eq!(find_timestamp(text, DateOrder::Mdy), None, "{text:?}");
        }
    }

    #[test]
    fn dates_or_times_around_a_number() {
        fn at<'a>(text: &'a str, needle: &str) -> Option<&'a str> {
            let i = text.find(needle).expect("needle");
            date_or_time_at(text, i, DateOrder::Mdy).map(|r| &text[r])
        }
        assert_eq!(at("On 4 May 2023 users", "2023"), Some("4 May 2023"));
        assert_eq!(at("On 4 May users", "4"), Some("4 May"));
        assert_eq!(
            at("On August 8, 2017, a user", "2017"),
            Some("August 8, 2017,")
        );
        assert_eq!(at("at 10:15 UTC users", "15"), Some("10:15 UTC"));
        assert_eq!(at("by 08:40 GMT-5, requests", "5,"), Some("08:40 GMT-5"));
        assert_eq!(at("2023 users", "2023"), None);
        assert_eq!(at("May 4 and 30 users", "30"), None);
        assert_eq!(at("ends 2023", "2023"), None);
    }

    #[test]
    fn iterates_all_timestamps() {
        let text = "10:00 PST to 11:00, then 2023-10-07 12:00Z and 1:1.";
        let got: Vec<u32> = timestamps(text, DateOrder::Mdy)
            .map(|t| t.seconds)
            .collect();
        assert_eq!(got, vec![hms(10, 0, 0), hms(11, 0, 0), hms(12, 0, 0)]);
        assert_eq!(timestamps("", DateOrder::Mdy).count(), 0);
    }

    #[test]
    fn leading_timestamps() {
        let y = Some;
        let cases: Vec<(&str, Want<'_>)> = vec![
            (
                "October 7, 2023, 10:00 AM: alert",
                (
                    hms(10, 0, 0),
                    date(y(2023), 10, 7),
                    None,
                    "October 7, 2023, 10:00 AM",
                ),
            ),
            (
                "2023-10-07 10:00 deploy",
                (
                    hms(10, 0, 0),
                    date(y(2023), 10, 7),
                    None,
                    "2023-10-07 10:00",
                ),
            ),
            (
                "June 9, 2024, 12:15 PM (UTC): x",
                (
                    hms(12, 15, 0),
                    date(y(2024), 6, 9),
                    z(0),
                    "June 9, 2024, 12:15 PM (UTC)",
                ),
            ),
            (
                "15th May 2023 03:19 x",
                (
                    hms(3, 19, 0),
                    date(y(2023), 5, 15),
                    None,
                    "15th May 2023 03:19",
                ),
            ),
            (
                "Oct 7 10:00 x",
                (hms(10, 0, 0), date(None, 10, 7), None, "Oct 7 10:00"),
            ),
            ("  - 10:00 x", (hms(10, 0, 0), None, None, "10:00")),
            ("• 10:00 x", (hms(10, 0, 0), None, None, "10:00")),
            ("▪ 10:00 x", (hms(10, 0, 0), None, None, "10:00")),
            ("– 10:00 x", (hms(10, 0, 0), None, None, "10:00")),
            ("* 10:00 x", (hms(10, 0, 0), None, None, "10:00")),
            ("\u{f0a7}\t10:00 x", (hms(10, 0, 0), None, None, "10:00")),
            ("· 10:00 x", (hms(10, 0, 0), None, None, "10:00")),
            ("◦ 10:00 x", (hms(10, 0, 0), None, None, "10:00")),
            ("> 10:00 x", (hms(10, 0, 0), None, None, "10:00")),
            ("**10:00**: x", (hms(10, 0, 0), None, None, "10:00")),
            ("__10:00__ x", (hms(10, 0, 0), None, None, "10:00")),
            ("[14:00] x", (hms(14, 0, 0), None, None, "14:00")),
            ("(14:00) x", (hms(14, 0, 0), None, None, "14:00")),
            (
                "- **[10:00 AM]** x",
                (hms(10, 0, 0), None, None, "10:00 AM"),
            ),
            ("•\t10:00 AM: …", (hms(10, 0, 0), None, None, "10:00 AM")),
            (
                "🚨 **10:05 AM (UTC):** x",
                (hms(10, 5, 0), None, z(0), "10:05 AM (UTC)"),
            ),
            ("Monday 10:00 x", (hms(10, 0, 0), None, None, "10:00")),
            ("Mon, 10:00 x", (hms(10, 0, 0), None, None, "10:00")),
            (
                "2100hrs WAT: x",
                (hms(21, 0, 0), None, z(60), "2100hrs WAT"),
            ),
        ];
        for (text, want) in &cases {
            check(leading_timestamp(text, DateOrder::Mdy), text, want);
        }
    }

    #[test]
    fn no_leading_timestamp() {
        let cases = [
            "",
            "   ",
            "1. 10:00 deploy",
            "Deploy at 10:00",
            "# 10:00",
            "At 10:00 we deployed",
            "October 7, 2023: outage",
            "Monday we deployed at 10:00",
            "10",
            "3:1 ratio",
            "🚨",
            "•",
        ];
        for text in cases {
            assert_eq!(leading_timestamp(text, DateOrder::Mdy), None, "{text:?}");
        }
    }

    #[test]
    fn weekdays() {
        assert_eq!(leading_weekday("- Sun 14:00 UTC — retry"), Some((6, false)));
        assert_eq!(leading_weekday("**Monday**"), Some((0, true)));
        assert_eq!(leading_weekday("Thurs., 10:00"), Some((3, false)));
        assert_eq!(leading_weekday("Sundays are quiet"), None);
        assert_eq!(leading_weekday("Summary"), None);
    }

    /// Times relative to the start: `T±` with a unit, a clock or a bare
    /// number (minutes); `+` with a unit or a clock.
    #[test]
    fn relative_times() {
        fn rel(text: &str) -> Option<(i64, &str)> {
            leading_relative(text).map(|(s, span)| (s, &text[span]))
        }
        assert_eq!(rel("T+0 alert"), Some((0, "T+0")));
        assert_eq!(rel("T+0: alert"), Some((0, "T+0")));
        assert_eq!(rel("**T+20m**: paged"), Some((1_200, "T+20m")));
        assert_eq!(rel("T + 1h30m fixed"), Some((5_400, "T + 1h30m")));
        assert_eq!(rel("T-5 min: deploy"), Some((-300, "T-5 min")));
        assert_eq!(rel("**T\u{2212}35m** — x"), Some((-2_100, "T\u{2212}35m")));
        assert_eq!(rel("T \u{2013}2m: x"), Some((-120, "T \u{2013}2m")));
        assert_eq!(rel("T \u{2013} 35m: x"), Some((-2_100, "T \u{2013} 35m")));
        assert_eq!(rel("t+01:15:30 x"), Some((4_530, "t+01:15:30")));
        assert_eq!(rel("- +00:15 paged"), Some((900, "+00:15")));
        assert_eq!(rel("+2h rollback"), Some((7_200, "+2h")));
        assert_eq!(rel("[T+20minutes] x"), Some((1_200, "T+20minutes")));
        for text in [
            "+5 hosts added",
            "+2hosts",
            "T-shirt",
            "\u{2212}5m",
            "T \u{2013} 2 engineers joined",
            "Timeline",
            "-5m",
            "T+",
            "+1:5 x",
            "10:00 T+5m",
            "T+99999m",
        ] {
            assert_eq!(rel(text), None, "{text:?}");
        }
    }

    /// `noon` and `midnight` as an entry's first word, with a zone after.
    #[test]
    fn word_clocks() {
        fn clock(text: &str) -> Option<(u32, Option<Zone>, &str)> {
            leading_word_clock(text).map(|t| (t.seconds, t.zone, &text[t.span]))
        }
        assert_eq!(clock("- noon: b"), Some((hms(12, 0, 0), None, "noon")));
        assert_eq!(
            clock("**12 Noon** b"),
            Some((hms(12, 0, 0), None, "12 Noon"))
        );
        assert_eq!(
            clock("Midnight UTC: b"),
            Some((0, Some(Zone::Offset(0)), "Midnight UTC"))
        );
        for text in [
            "Noonish: lunch",
            "12:00 noon",
            "at noon",
            "120 noon",
            "midnights",
        ] {
            assert_eq!(clock(text), None, "{text:?}");
        }
    }

    #[test]
    fn utc_seconds() {
        let ts = |text: &str| find_timestamp(text, DateOrder::Mdy).and_then(|t| t.utc_seconds());
        assert_eq!(ts("03:00 PST"), Some(i64::from(hms(11, 0, 0))));
        assert_eq!(ts("23:00 PST"), Some(111_600));
        assert_eq!(ts("01:00 IST"), Some(3600 - 330 * 60));
        assert_eq!(ts("10:00 UTC"), Some(36_000));
        assert_eq!(ts("10:00"), None);
        assert_eq!(ts("10:00 PT"), None);
    }

    #[test]
    fn huge_and_odd_inputs_do_not_panic() {
        let long_digits = "1".repeat(200_000);
        assert_eq!(find_timestamp(&long_digits, DateOrder::Mdy), None);
        let many = "1:1 ".repeat(50_000);
        assert_eq!(timestamps(&many, DateOrder::Mdy).count(), 0);
        let emoji = "🚨•\u{a0}–".repeat(50_000);
        assert_eq!(leading_timestamp(&emoji, DateOrder::Mdy), None);
        let dense = "10:00 ".repeat(20_000);
        assert_eq!(timestamps(&dense, DateOrder::Mdy).count(), 20_000);
        for text in [
            "é10:00",
            "10:00é",
            "10:00 (",
            "10:00 (UTC",
            "Oct 7,",
            "2023-10-07T",
            "12:3",
        ] {
            let _ = find_timestamp(text, DateOrder::Dmy);
            let _ = leading_timestamp(text, DateOrder::Dmy);
        }
    }
}
