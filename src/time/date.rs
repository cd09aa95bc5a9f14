//! Calendar dates written next to a time: `October 7, 2023`, `Oct 7`,
//! `Thursday, May 9, 2024`, `15th May 2023`, `15th of May, 2023`,
//! `2023-10-07`, `2023/10/07`, `05/04/23`, `07-10-2023`, `07.10.2023`.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::clock::clock_at;
use super::scan::{byte_at, skip_hspace, window_start};
use super::{Date, DateOrder};

/// Horizontal space inside a date.
const H: &str = r"[\t \x{a0}\x{202f}]";

/// The date alternatives. Group names carry the form: `m1 d1 y1` (month
/// first), `d2 m2 y2` (day first), `iy im id` (ISO with `-`), `jy jm jd`
/// (ISO with `/`), `sa sb sc` (`a/b/yy`), `ha hb hc` (`a-b-yyyy`), `da db dc`
/// (`a.b.yyyy`, always day first).
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

/// A date that ends, with its joiner (`, `, ` at `, `T`, ` @ `), right where
/// the haystack ends.
static DATE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    let join = format!(r"(?:T|(?:\*\*|__)?(?:{H}*,{H}*|{H}+)(?:(?i:at){H}+|@{H}*)?(?:\*\*|__)?)");
    Regex::new(&format!(r"(?-u:\b)(?:{})(?P<join>{join})$", date_pattern()))
        .expect("date-before regex")
});

/// A date starting right after a time: `, <date>`, ` on <date>`, ` <date>`.
static DATE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:{H}*,{H}*|{H}+)(?:(?i:on){H}+)?(?P<date>{})",
        date_pattern()
    ))
    .expect("date-after regex")
});

/// A whole date and nothing else (see [`date_line`]).
static DATE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(?:{})$", date_pattern())).expect("date-line regex"));

/// How many bytes before a clock are searched for its date.
const DATE_WINDOW: usize = 80;

/// Month number from a month word (`Oct`, `october`, `Sept.`).
fn month_number(word: &str) -> Option<u8> {
    let lower = word.trim_end_matches('.').to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let index = months.iter().position(|m| *m == prefix)?;
    u8::try_from(index + 1).ok()
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
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u64>().ok());
    let year = |name: &str| caps.name(name).and_then(|m| year_of(m.as_str()));
    let month_word = |name: &str| {
        let word = caps.name(name)?.as_str();
        // Lower-case `may` is far more often the verb.
        if word == "may" {
            return None;
        }
        month_number(word).map(u64::from)
    };
    if caps.name("m1").is_some() {
        return make_date(year("y1"), month_word("m1")?, num("d1")?);
    }
    if caps.name("m2").is_some() {
        return make_date(year("y2"), month_word("m2")?, num("d2")?);
    }
    if caps.name("iy").is_some() {
        return make_date(year("iy"), num("im")?, num("id")?);
    }
    if caps.name("jy").is_some() {
        return make_date(year("jy"), num("jm")?, num("jd")?);
    }
    if caps.name("sa").is_some() {
        let (month, day) = month_day(num("sa")?, num("sb")?, order);
        return make_date(year("sc"), month, day);
    }
    if caps.name("ha").is_some() {
        let (month, day) = month_day(num("ha")?, num("hb")?, order);
        return make_date(year("hc"), month, day);
    }
    if caps.name("da").is_some() {
        return make_date(year("dc"), num("db")?, num("da")?);
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
            'T' | '*' | '_' | '@' | ',' | '\t' | ' ' | '\u{a0}' | '\u{202f}'
        )
    });
    if !joiner_end || !hay.as_bytes()[from..].iter().any(u8::is_ascii_digit) {
        return None;
    }
    let caps = DATE_BEFORE.captures_at(hay, from)?;
    let whole = caps.get(0)?;
    // A `T` joiner only follows an ISO date.
    let join = caps.name("join").map_or("", |m| m.as_str());
    if join == "T" && caps.name("iy").is_none() {
        return None;
    }
    Some((date_from(&caps, order)?, whole.start()))
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
    let caps = DATE_AFTER.captures(rest)?;
    let date_match = caps.name("date")?;
    let end = pos + date_match.end();
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
    let caps = DATE_LINE.captures(t)?;
    date_from(&caps, order)
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
            "October 7, 2023 - ",
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
}
