//! Timestamps, time zones, dates, outage lengths and time ranges.
//!
//! Pure functions over `&str`. Every span is a byte range into the string
//! that was passed in: 0-based, half-open (`start..end`), always on `char`
//! boundaries. No function here panics, whatever the input, and all of them
//! run in time roughly linear in the length of the input.
//!
//! Layout:
//! - `clock` — time of day (`10:00 AM`, `03:19:45`, `2100hrs`);
//! - `zone` — zones and UTC offsets (`PST`, `UTC+1`, `(GMT+01:00)`, `Z`);
//! - `date` — calendar dates (`October 7, 2023`, `2023-10-07`, `05/04/23`);
//! - `matcher` — the small backtracking matcher the date grammar runs on;
//! - `stamp` — date + time + zone together ([`find_timestamp`], [`timestamps`]);
//! - `length` — outage lengths (`3 hours`, `1h30m`, `04:40:13`);
//! - `range` — start–end pairs ([`find_range`], [`is_backward`]).

use std::ops::Range;

mod clock;
mod date;
mod length;
pub(crate) mod matcher;
mod range;
mod scan;
mod stamp;
mod zone;

pub(crate) use date::is_month_name;
pub use date::{civil_day_number, date_line, leading_date};
pub use length::{find_length, parse_clock_length};
pub(crate) use range::OPENERS;
pub use range::{compare_dates, connector_len, days_between, find_range, is_backward, meridiem};
pub(crate) use range::{weekday_before, weekday_days};
pub(crate) use stamp::weekday_number;
pub use stamp::{
    Timestamps, date_or_time_at, find_timestamp, leading_relative, leading_time, leading_timestamp,
    leading_weekday, leading_word_clock, timestamps,
};
pub use zone::{
    ends_with_zone_in_parentheses, is_zone_name, mentions_zone, notes_zone, zone_offset,
};

/// How to read an all-numeric date such as `05/04/23`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Month first (`05/04/23` is May 4th) unless the first number is over 12.
    #[default]
    Mdy,
    /// Day first (`05/04/23` is April 5th) unless the second number is over 12.
    Dmy,
}

/// A calendar date. `year` is absent when the text gave none (`Oct 7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Full year (`2023`; two-digit years are read as 20xx), if written.
    pub year: Option<i32>,
    /// 1..=12
    pub month: u8,
    /// 1..=31 (always a valid day of `month`; Feb 29 is allowed when the year is absent)
    pub day: u8,
}

/// A time zone as written next to a timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Zone {
    /// A known zone: its offset from UTC in minutes east (UTC = 0, PST = -480, IST = 330).
    Offset(i32),
    /// A zone name pmlint does not know the offset of (as written, e.g. `"WIB"`).
    Named(String),
}

impl Zone {
    /// The offset from UTC in minutes east, when the zone is a known [`Zone::Offset`].
    pub fn offset_minutes(&self) -> Option<i32> {
        match self {
            Zone::Offset(minutes) => Some(*minutes),
            Zone::Named(_) => None,
        }
    }
}

/// A time of day found in text, with the date and zone written beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    /// The date written right before the time (`October 7, 2023, 10:00`) or
    /// right after it (`10:00 AM on October 7`), if any.
    pub date: Option<Date>,
    /// Seconds since midnight on the clock as written (not converted to UTC), 0..86_400.
    pub seconds: u32,
    /// The zone written right after the time (`10:00 PST`, `10:00 AM (UTC)`, `10:00Z`), if any.
    pub zone: Option<Zone>,
    /// Byte range of the whole timestamp (date, time and zone) in the input.
    pub span: Range<usize>,
}

/// An outage length such as `3 hours` or `4hrs: 40mins: 13secs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Length {
    /// The length in whole seconds.
    pub seconds: u64,
    /// Byte range in the input.
    pub span: Range<usize>,
}

/// A start–end pair such as `from 10:00 to 11:30`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeRange {
    /// The start. When only the end has a zone (`10:00 AM - 11:30 AM (UTC)`),
    /// [`find_range`] copies that zone here; `start.span` still covers only
    /// what is written at the start.
    pub start: Timestamp,
    /// The end, exactly as written.
    pub end: Timestamp,
    /// Byte range from the start timestamp to the end timestamp.
    pub span: Range<usize>,
    /// What weekday names before its ends say of the days it spans.
    pub days: WeekdayDays,
}

/// What weekday names before a range's two ends say of the days between
/// them ([`TimeRange::days`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekdayDays {
    /// No weekday is named.
    Unnamed,
    /// Both ends name one and no date is written: whole days from the
    /// start's day to the end's, 0 to 6 (`Monday 22:00 to Wednesday 09:00
    /// UTC`: 2). See [`TimeRange::seconds`].
    Known(u8),
    /// One end names a weekday and the other does not, or a date stands at
    /// either end (`from 10:00 to Tuesday 11:00`): a range is stated but its
    /// length is not known (no calendar is consulted);
    /// [`TimeRange::seconds`] reads it as if no weekday were written.
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens that sit on the edges of the parsers.
    const TOKENS: &[&str] = &[
        "10",
        ":",
        "00",
        "0",
        "5",
        "12",
        "23",
        "59",
        "2023",
        "-",
        "–",
        "—",
        "/",
        ".",
        ",",
        " ",
        "\t",
        "\u{a0}",
        "•",
        "🚨",
        "é",
        "AM",
        "pm",
        "a.m.",
        "M",
        "Z",
        "T",
        "UTC",
        "GMT",
        "+",
        "PST",
        "(",
        ")",
        "[",
        "]",
        "*",
        "_",
        "Oct",
        "October",
        "7th",
        "May",
        "on",
        "at",
        "to",
        "and",
        "between",
        "approximately",
        "End time:",
        "hours",
        "h",
        "m",
        "s",
        "min",
        "hrs",
        "a",
        "an",
        "half",
        "one",
        "forty-five",
        "and a half",
        "Pacific Standard Time",
        "East",
        "Africa",
        "Time",
        "2023-10-07",
        "05/04/23",
        "v",
        "127.0.0.1",
        "%",
        "\u{f0a7}",
    ];

    /// A tiny deterministic generator (xorshift), so the test needs no crates.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    fn check_span(text: &str, span: &Range<usize>) {
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{text:?} {span:?}"
        );
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }

    #[test]
    fn random_token_soup_keeps_invariants() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..4_000 {
            let count = (next(&mut state) % 14) as usize;
            let text: String = (0..count)
                .map(|_| TOKENS[(next(&mut state) % TOKENS.len() as u64) as usize])
                .collect();
            for order in [DateOrder::Mdy, DateOrder::Dmy] {
                for ts in timestamps(&text, order)
                    .chain(leading_timestamp(&text, order))
                    .chain(find_timestamp(&text, order))
                {
                    check_span(&text, &ts.span);
                    assert!(ts.seconds < 86_400, "{text:?}");
                    if let Some(date) = ts.date {
                        assert!((1..=12).contains(&date.month) && (1..=31).contains(&date.day));
                    }
                }
                if let Some(range) = find_range(&text, order) {
                    check_span(&text, &range.span);
                    let _ = range.seconds();
                    let _ = is_backward(&range.start, &range.end, 6);
                }
            }
            if let Some(length) = find_length(&text) {
                check_span(&text, &length.span);
            }
            if let Some(length) = parse_clock_length(&text) {
                check_span(&text, &length.span);
            }
            let _ = mentions_zone(&text);
        }
    }

    /// `stamp::any_zoned` answers as the timestamps it stands for, on texts
    /// of clocks, dates before and after them, zones and the words between.
    #[test]
    fn any_zoned_is_any_timestamp_with_a_zone() {
        const PIECES: &[&str] = &[
            "10:00",
            "9:30",
            "10:00:00",
            "23:59:59",
            "7",
            "2023",
            "2023-10-07",
            "T",
            "10/07/2023",
            "07.10.23",
            "Oct",
            "October 7",
            "7th",
            "May 4,",
            "on",
            "at",
            ",",
            "UTC",
            "(UTC)",
            "PST",
            "Z",
            "+02:00",
            "-05:00",
            "GMT+1",
            "am",
            "PM",
            "h",
            "hrs",
            "abc",
            "-",
            "–",
            "to",
            ":",
            " ",
            "Pacific Standard Time",
            "ICT",
            "10.07",
            "9.30",
            "4/5",
            "on 10.07",
        ];
        let mut zoned = 0;
        for text in crate::rules::util::token_texts(0x2D1B_5A3F_77C0_E941, PIECES, 9, 60_000) {
            for order in [DateOrder::Mdy, DateOrder::Dmy] {
                let expected = timestamps(&text, order).any(|t| t.zone.is_some());
                assert_eq!(
                    stamp::any_zoned(&text, order),
                    expected,
                    "{text:?} {order:?}"
                );
                zoned += usize::from(expected);
            }
        }
        // Both answers are common in the texts tried.
        assert!((5_000..110_000).contains(&zoned), "{zoned}");
    }
}
