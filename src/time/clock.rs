//! Times of day: `00:07`, `03:19:45`, `10:00 AM`, `10 a.m.`, `2100hrs`, `14h30`.
//!
//! [`clock_at`] reads one clock at a given digit. It is deliberately strict so
//! that ratios (`3:1`), versions (`1.2.3`), addresses (`127.0.0.1:8080`,
//! `localhost:3000`) and decimals (`15.25`) are not taken for times.

use super::scan::{
    byte_at, char_at, char_before, digits_at, is_any_of, is_hspace, is_word_char, letters_at,
    skip_hspace,
};

/// A time of day read from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clock {
    /// Byte offset of the first digit.
    pub start: usize,
    /// Byte offset just past the clock, including any am/pm or `hrs` suffix.
    pub end: usize,
    /// Seconds since midnight, 0..86_400, after applying am/pm.
    pub seconds: u32,
    /// Whether seconds were written (`03:19:45`); ISO-style clocks may then
    /// carry a glued negative offset (`10:00:00-05:00`).
    pub has_seconds: bool,
}

/// An am/pm marker after a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meridiem {
    Am,
    Pm,
    /// A lone `M` (`10:00 M`): a typo, read as no meridiem.
    Typo,
}

/// Reads a meridiem at `pos`: `AM`, `am`, `a.m.`, `A.M.`, `pm`, … either glued
/// (`10am`), after one or two spaces (`10 AM`), or after a glued hyphen
/// (`12:30-pm`); or a lone `a` or `p` glued to a clock's minutes (`1:05p`).
/// Must end at a word boundary. Returns the marker and its end.
pub(crate) fn meridiem_at(text: &str, pos: usize) -> Option<(Meridiem, usize)> {
    let mut p = skip_hspace(text, pos, 2);
    if p == pos && byte_at(text, p) == b'-' {
        p += 1;
    }
    let first = byte_at(text, p);
    let kind = match first {
        b'a' | b'A' => Meridiem::Am,
        b'p' | b'P' => Meridiem::Pm,
        b'M' if p > pos && !is_word_char(char_at(text, p + 1).unwrap_or(' ')) => {
            return Some((Meridiem::Typo, p + 1));
        }
        _ => return None,
    };
    let mut q = p + 1;
    let dotted = byte_at(text, q) == b'.';
    if dotted {
        q += 1;
    }
    if !matches!(byte_at(text, q), b'm' | b'M') {
        // A lone `a` or `p` glued to a clock's minutes (`11:40a`, `1:05p`,
        // `1:05P`), as some logs and chat tools write them.
        let after_minutes = pos >= 3
            && text.as_bytes()[pos - 3] == b':'
            && text.as_bytes()[pos - 2..pos].iter().all(u8::is_ascii_digit);
        // (A `.` after it ends the sentence: `until 1:05p.`)
        let lone = p == pos && after_minutes && !char_at(text, p + 1).is_some_and(is_word_char);
        return lone.then_some((kind, p + 1));
    }
    q += 1;
    if dotted && byte_at(text, q) == b'.' {
        q += 1;
    }
    if char_at(text, q).is_some_and(is_word_char) {
        return None;
    }
    Some((kind, q))
}

/// Applies a meridiem to an hour: 1..=12 are converted (12 AM is midnight,
/// 12 PM noon); any other hour is already on the 24-hour clock and wins
/// (`14:15pm` is 14:15).
fn apply_meridiem(hour: u64, meridiem: Option<Meridiem>) -> u64 {
    match meridiem {
        Some(Meridiem::Am) if (1..=12).contains(&hour) => hour % 12,
        Some(Meridiem::Pm) if (1..=12).contains(&hour) => hour % 12 + 12,
        _ => hour,
    }
}

/// Whether a clock may start at `start` given what comes before it: not
/// inside a word, number, version, address or path, and not the offset of
/// `UTC-05:00`. A `T` is fine after a date (`2023-10-07T10:00`).
fn left_ok(text: &str, start: usize) -> bool {
    let Some(c) = char_before(text, start) else {
        return true;
    };
    match c {
        // `2023-10-07T10:00`, and an ISO time with no date (`T08:19:34+0100`).
        'T' => char_before(text, start - 1).is_none_or(|d| d.is_ascii_digit() || !is_word_char(d)),
        // `:emoji:10:00` is fine, `1:2:30` and `::1:22` are not.
        ':' => char_before(text, start - 1).is_some_and(|d| d.is_ascii_alphabetic()),
        '.' | '/' | '\\' | '+' | '$' | '#' | '%' | '^' | '&' | '=' => false,
        '-' | '\u{2212}' => !after_utc(text, start - c.len_utf8()),
        '_' => true, // __10:00__ (emphasis)
        c => !is_word_char(c),
    }
}

/// Whether `UTC`/`GMT` (and at most one space) ends at `pos`.
fn after_utc(text: &str, pos: usize) -> bool {
    let mut p = pos;
    if let Some(c) = char_before(text, p)
        && is_hspace(c)
    {
        p -= c.len_utf8();
    }
    let before = text.get(..p).unwrap_or("");
    before.ends_with("UTC") || before.ends_with("GMT")
}

/// Consumes an optional `hrs`/`hr`/`h` suffix (glued or after one space).
fn hours_suffix(text: &str, pos: usize) -> Option<usize> {
    let p = skip_hspace(text, pos, 1);
    let word = letters_at(text, p);
    let ok = is_any_of(word, &["hrs", "hr", "h"]);
    (ok && !char_at(text, p + word.len()).is_some_and(is_word_char)).then_some(p + word.len())
}

/// Reads a clock whose first digit is at `start` (which must be the first
/// digit of its run). Accepted shapes:
/// - `H:MM`, `HH:MM`, `HH:MM:SS` (fraction allowed after seconds), with an
///   optional meridiem or `hrs` suffix; minutes and seconds are exactly two
///   digits; `HH:MM:SS:..` (a fourth group) is rejected;
/// - `HHMM hrs` / `HHMMhrs` / `HHMMh` / `HHMM hours` (military), and
///   `HHMMZ` (the `Z` left to the zone);
/// - `HHhMM` (`14h30`, two-digit hour);
/// - `H am`, `Ham`, `H a.m.`, `H:AM` with the hour in 1..=12.
pub(crate) fn clock_at(text: &str, start: usize) -> Option<Clock> {
    if !byte_at(text, start).is_ascii_digit() || !left_ok(text, start) {
        return None;
    }
    let (len, value) = digits_at(text, start);
    let after = start + len;
    let clock = |hour: u64, minute: u64, second: u64, end: usize, has_seconds: bool| {
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        Some(Clock {
            start,
            end,
            seconds: u32::try_from(hour * 3600 + minute * 60 + second).ok()?,
            has_seconds,
        })
    };

    // H:MM, HH:MM, HH:MM:SS
    if (1..=2).contains(&len) && byte_at(text, after) == b':' {
        let (mlen, minute) = digits_at(text, after + 1);
        // `3:AM`: an hour and a colon glued to its meridiem.
        if mlen == 0
            && (1..=12).contains(&value)
            && matches!(byte_at(text, after + 1), b'a' | b'A' | b'p' | b'P')
            && let Some((meridiem @ (Meridiem::Am | Meridiem::Pm), end)) =
                meridiem_at(text, after + 1)
        {
            return clock(apply_meridiem(value, Some(meridiem)), 0, 0, end, false);
        }
        if mlen != 2 {
            return None;
        }
        let mut end = after + 3;
        let mut second = None;
        if byte_at(text, end) == b':' {
            let (slen, s) = digits_at(text, end + 1);
            match slen {
                0 => {}
                2 => {
                    second = Some(s);
                    end += 3;
                }
                _ => return None,
            }
        }
        if byte_at(text, end) == b':' && byte_at(text, end + 1).is_ascii_digit() {
            return None; // 2:00:00:00
        }
        if byte_at(text, end) == b'.' && byte_at(text, end + 1).is_ascii_digit() {
            second?; // a fraction needs seconds: `12:30.5` is not a time
            end += 1 + digits_at(text, end + 1).0;
        }
        if value > 23 || minute > 59 {
            return None;
        }
        let mut meridiem = None;
        if let Some((m, e)) = meridiem_at(text, end) {
            meridiem = Some(m);
            end = e;
        } else if let Some(e) = hours_suffix(text, end) {
            end = e;
        }
        let hour = apply_meridiem(value, meridiem);
        return clock(hour, minute, second.unwrap_or(0), end, second.is_some());
    }

    // 2100hrs, 2100 hrs, 0830HRS, 1400 hours; 0955Z (the `Z`, UTC, is the
    // zone after the clock)
    if len == 4 {
        if byte_at(text, after) == b'Z' && !char_at(text, after + 1).is_some_and(is_word_char) {
            return clock(value / 100, value % 100, 0, after, false);
        }
        let end = hours_suffix(text, after).or_else(|| {
            let p = skip_hspace(text, after, 1);
            let word = letters_at(text, p);
            (p > after && word.eq_ignore_ascii_case("hours")).then_some(p + word.len())
        })?;
        return clock(value / 100, value % 100, 0, end, false);
    }

    // 14h30
    if len == 2 && byte_at(text, after) == b'h' {
        let (mlen, minute) = digits_at(text, after + 1);
        let end = after + 1 + mlen;
        if mlen == 2 && !char_at(text, end).is_some_and(is_word_char) {
            // `14h30 min` is a length, not a time.
            let p = skip_hspace(text, end, 1);
            let unit = letters_at(text, p)
                .bytes()
                .next()
                .map(|b| b.to_ascii_lowercase());
            if !matches!(unit, Some(b'm' | b's')) {
                return clock(value, minute, 0, end, false);
            }
        }
        return None;
    }

    // 10 AM, 10am, 10 a.m.
    if (1..=2).contains(&len) && (1..=12).contains(&value) {
        let (meridiem, end) = meridiem_at(text, after)?;
        if meridiem == Meridiem::Typo {
            return None;
        }
        return clock(apply_meridiem(value, Some(meridiem)), 0, 0, end, false);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first clock in `text` (trying every digit-run start).
    fn first_clock(text: &str) -> Option<(u32, &str)> {
        let bytes = text.as_bytes();
        (0..bytes.len())
            .filter(|&i| bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()))
            .find_map(|i| clock_at(text, i))
            .map(|c| (c.seconds, &text[c.start..c.end]))
    }

    const fn hms(h: u32, m: u32, s: u32) -> u32 {
        h * 3600 + m * 60 + s
    }

    #[test]
    fn accepted_clocks() {
        let cases: &[(&str, u32, &str)] = &[
            ("00:07", hms(0, 7, 0), "00:07"),
            ("9:05", hms(9, 5, 0), "9:05"),
            ("03:19:45", hms(3, 19, 45), "03:19:45"),
            ("10:00 AM", hms(10, 0, 0), "10:00 AM"),
            ("10:00am", hms(10, 0, 0), "10:00am"),
            ("10:00 A.M. sharp", hms(10, 0, 0), "10:00 A.M."),
            ("10 a.m.", hms(10, 0, 0), "10 a.m."),
            ("10 AM", hms(10, 0, 0), "10 AM"),
            ("10am", hms(10, 0, 0), "10am"),
            ("10pm", hms(22, 0, 0), "10pm"),
            ("1:05 p.m", hms(13, 5, 0), "1:05 p.m"),
            ("14:15pm", hms(14, 15, 0), "14:15pm"),
            ("12:00 PM", 43_200, "12:00 PM"),
            ("12:30 PM", 45_000, "12:30 PM"),
            ("12:30 AM", hms(0, 30, 0), "12:30 AM"),
            ("12 AM", 0, "12 AM"),
            ("00:30 AM", hms(0, 30, 0), "00:30 AM"),
            ("12:30-pm", hms(12, 30, 0), "12:30-pm"),
            ("5:30pm – Co", hms(17, 30, 0), "5:30pm"),
            ("10:00 AM.", hms(10, 0, 0), "10:00 AM"),
            ("10:00\u{a0}PM", hms(22, 0, 0), "10:00\u{a0}PM"),
            ("[14:00]", hms(14, 0, 0), "14:00"),
            ("2100hrs", hms(21, 0, 0), "2100hrs"),
            ("2100 hrs", hms(21, 0, 0), "2100 hrs"),
            ("1400 hours (WAT)", hms(14, 0, 0), "1400 hours"),
            ("0830HRS |", hms(8, 30, 0), "0830HRS"),
            ("14:00hrs", hms(14, 0, 0), "14:00hrs"),
            ("14h30", hms(14, 30, 0), "14h30"),
            ("1:05p b", hms(13, 5, 0), "1:05p"),
            ("until 1:05p. We", hms(13, 5, 0), "1:05p"),
            ("1:05P: recovered", hms(13, 5, 0), "1:05P"),
            ("11:40a: paged", hms(11, 40, 0), "11:40a"),
            ("11:40 a deploy", hms(11, 40, 0), "11:40"),
            ("11:40ab", hms(11, 40, 0), "11:40"),
            ("0955Z: paged", hms(9, 55, 0), "0955"),
            ("10:00 M", hms(10, 0, 0), "10:00 M"),
            ("23:59:59", hms(23, 59, 59), "23:59:59"),
            ("10:20:30.123456Z", hms(10, 20, 30), "10:20:30.123456"),
            ("2023-10-07T10:00:00Z", hms(10, 0, 0), "10:00:00"),
            ("at 9:05, then", hms(9, 5, 0), "9:05"),
            ("14:00-17:00", hms(14, 0, 0), "14:00"),
            (":small_orange_diamond:16:15 GMT", hms(16, 15, 0), "16:15"),
            ("•\t10:00 AM: …", hms(10, 0, 0), "10:00 AM"),
        ];
        for &(text, seconds, span) in cases {
            assert_eq!(first_clock(text), Some((seconds, span)), "{text:?}");
        }
    }

    #[test]
    fn rejected_clocks() {
        let cases = [
            "3:Apple",
            "13:PM",
            "3:M",
            "AT08:00",
            "25:00",
            "10:75",
            "24:00",
            "15.25",
            "12: 30 pm",
            "1.2.3",
            "v2:10",
            "3:1",
            "1:1",
            "4:3",
            "16:9",
            "99.9%",
            "127.0.0.1:8080",
            "10.0.0.1:22",
            "localhost:3000",
            "http://x:80",
            "10",
            "2:00:00:00",
            "123:45",
            "12:345",
            "12:30.5",
            "10:5",
            "0 am",
            "13 pm",
            "10 amazing",
            "1000",
            "2500hrs",
            "0975Z",
            "0955Zulu",
            "10p",
            "2400 hours",
            "1400hours",
            "1h30m",
            "14h30m",
            "14h30 min",
            "UTC-05:00",
            "GMT+01:00",
            "T+10:00",
            "a12:00",
            "10 M",
            "1/10:00",
            "fe80::1:22",
            "1:2:30",
        ];
        for text in cases {
            assert_eq!(first_clock(text), None, "{text:?}");
        }
    }

    #[test]
    fn meridiem_forms() {
        assert_eq!(meridiem_at(" AM", 0), Some((Meridiem::Am, 3)));
        assert_eq!(meridiem_at("p.m.", 0), Some((Meridiem::Pm, 4)));
        assert_eq!(meridiem_at(" M:", 0), Some((Meridiem::Typo, 2)));
        assert_eq!(meridiem_at("M", 0), None);
        assert_eq!(meridiem_at(" amp", 0), None);
        assert_eq!(meridiem_at("", 0), None);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            ":",
            "1:",
            "1:2",
            "12:3é",
            "9:59é",
            "🚨1",
            "1\u{a0}",
            "99999999999999999999999:00",
        ] {
            for i in 0..=text.len() {
                let _ = clock_at(text, i);
            }
        }
    }
}
