//! Property tests for the time module (`pmlint::time`), with proptest.
//!
//! - Generated timestamps (24-hour and 12-hour clocks, with or without a
//!   zone and a date, inside text) parse to the minute they were written at.
//! - Every timestamp the parser accepts, in any text, re-renders to a
//!   canonical form (`2023-10-07 10:00 UTC+05:30`) that parses back to the
//!   same minute, date and zone.
//! - 12 AM/PM: `12:xx AM` is `0:xx`, `12:xx PM` is `12:xx`, `1`–`11 PM` add 12 h.
//! - `is_backward` is a total preorder on same-zone, same-date values within
//!   the rollover window (never backward both ways; transitive), agrees with
//!   UTC order across known zones, lets dates decide, and reads long steps
//!   back as midnight passing.
//! - `find_range(..).seconds()` is end − start modulo 24 h for generated ranges.
//!
//! Case counts stay at proptest's default (256) so `cargo test` stays fast.

use pmlint::time::{self, Date, DateOrder, Timestamp, Zone};
use proptest::prelude::*;
use proptest::sample::select;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const LONG_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Zones as written after a clock, and their offsets (minutes east).
const ZONES: &[(&str, i32)] = &[
    (" UTC", 0),
    (" GMT", 0),
    (" (UTC)", 0),
    (" PST", -480),
    (" EDT", -240),
    (" IST", 330),
    (" EAT", 180),
    (" JST", 540),
    (" NZDT", 780),
    (" UTC+1", 60),
    (" UTC-5", -300),
    (" UTC+05:30", 330),
    (" GMT+01:00", 60),
    (" (GMT+01:00)", 60),
    (" +0200", 120),
    (" Pacific Standard Time (PST)", -480),
    ("Z", 0),
];

/// Text that may stand before a timestamp (a bullet, a word, emphasis).
const PREFIXES: &[&str] = &["", "- ", "* ", "• ", "at ", "**", "1. ", "The page at "];
/// Text that may follow it.
const SUFFIXES: &[&str] = &[
    "",
    ": alerts fire",
    " the API failed",
    ".",
    "** —",
    ", then",
];

/// Days in `month` (1-based) of `year` (a leap year when absent, so Feb 29 is allowed).
fn days_in(year: Option<i32>, month: u8) -> u8 {
    match month {
        2 => {
            let leap = year.is_none_or(|y| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
            if leap { 29 } else { 28 }
        }
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A valid date, with or without a year.
fn date_strategy() -> impl Strategy<Value = Date> {
    (prop::option::of(2000i32..2040), 1u8..=12, 1u8..=31).prop_map(|(year, month, day)| Date {
        year,
        month,
        day: day.min(days_in(year, month)),
    })
}

/// A date written before a clock, in one of several styles (the style
/// index picks one; styles that need a year fall back when there is none).
fn written_date(date: Date, style: usize) -> String {
    let (m, d) = (usize::from(date.month - 1), date.day);
    match (date.year, style % 4) {
        (Some(y), 0) => format!("{y}-{:02}-{d:02} ", date.month),
        (Some(y), 1) => format!("{} {d}, {y}, ", LONG_MONTHS[m]),
        (Some(y), 2) => format!("{d} {} {y} ", MONTHS[m]),
        (Some(y), _) => format!("{y}/{:02}/{d:02} ", date.month),
        (None, s) if s % 2 == 0 => format!("{} {d} ", MONTHS[m]),
        (None, _) => format!("{} {d}, ", LONG_MONTHS[m]),
    }
}

/// The canonical rendering of a timestamp, to the minute:
/// `2023-10-07 10:00 UTC+05:30`, `Oct 7 10:00 PST`, `10:00`.
///
/// Written years are read in 1900–2099 in every form but `a/b/yyyy`, which
/// takes any four digits (`05/04/2312`): such a year is rendered that way,
/// in `order`.
fn render(ts: &Timestamp, order: DateOrder) -> String {
    let mut out = String::new();
    if let Some(date) = ts.date {
        match date.year {
            Some(y) if !(1900..2100).contains(&y) => {
                let (a, b) = match order {
                    DateOrder::Mdy => (date.month, date.day),
                    DateOrder::Dmy => (date.day, date.month),
                };
                out.push_str(&format!("{a:02}/{b:02}/{y:04} "));
            }
            Some(y) => out.push_str(&format!("{y:04}-{:02}-{:02} ", date.month, date.day)),
            None => out.push_str(&format!(
                "{} {} ",
                MONTHS[usize::from(date.month - 1)],
                date.day
            )),
        }
    }
    let minutes = ts.seconds / 60;
    out.push_str(&format!("{:02}:{:02}", minutes / 60, minutes % 60));
    match &ts.zone {
        None => {}
        Some(Zone::Offset(0)) => out.push_str(" UTC"),
        Some(Zone::Offset(m)) => {
            let sign = if *m < 0 { '-' } else { '+' };
            let a = m.unsigned_abs();
            out.push_str(&format!(" UTC{sign}{:02}:{:02}", a / 60, a % 60));
        }
        Some(Zone::Named(name)) => {
            out.push(' ');
            out.push_str(name);
        }
    }
    out
}

fn ts(seconds: u32, date: Option<Date>, zone: Option<Zone>) -> Timestamp {
    Timestamp {
        date,
        seconds,
        zone,
        span: 0..0,
    }
}

/// Parses `text`'s first timestamp (month-first dates).
fn first(text: &str) -> Option<Timestamp> {
    time::find_timestamp(text, DateOrder::Mdy)
}

/// The meridiem spellings pmlint reads: (written, is PM).
const MERIDIEMS: &[(&str, bool)] = &[
    (" AM", false),
    (" am", false),
    ("am", false),
    (" a.m.", false),
    (" A.M.", false),
    (" PM", true),
    (" pm", true),
    ("pm", true),
    (" p.m.", true),
    ("-pm", true),
];

/// Tokens for free text in which timestamps are looked for: pieces of
/// clocks, dates and zones, and whole ones.
const TOKENS: &[&str] = &[
    "10",
    ":",
    "00",
    "0",
    "5",
    "7",
    "12",
    "23",
    "59",
    "2023",
    "-",
    "–",
    "/",
    ".",
    ",",
    "\t",
    "\u{a0}",
    "•",
    "AM",
    "pm",
    "a.m.",
    "Z",
    "T",
    "UTC",
    "GMT",
    "+",
    "+0530",
    "PST",
    "IST",
    "EAT",
    "WIB",
    "GWT",
    "Pacific Standard Time",
    "Eastern time",
    "(",
    ")",
    "*",
    "**",
    "Oct",
    "October",
    "7th",
    "May",
    "Feb 29",
    "on",
    "at",
    "to",
    "hrs",
    "h",
    "2023-10-07",
    "2023-10-07T",
    "05/04/23",
    "7/4/2312",
    "31.12.2023",
    "10:00",
    "09:15",
    "12:30",
    "23:59:59",
    "0930",
    "2100hrs",
    "10 AM",
    "12:05 a.m.",
    "14:00 UTC+1",
    "(GMT+01:00)",
    "x",
];

/// What joins the start and the end of a generated range (`between … and …` aside).
const CONNECTORS: &[&str] = &[
    " to ",
    " - ",
    " – ",
    "–",
    "-",
    " until ",
    " through ",
    " ~ ",
];

/// What joins two tokens: mostly a space.
const JOINS: &[&str] = &["", " ", " ", " ", ", ", ": ", " on ", "\n"];

proptest! {
    /// `H:MM` / `HH:MM` / `HH:MM:SS` on the 24-hour clock, with an optional
    /// date before and zone after, inside text: the parser reads that minute
    /// (and second), that date and that zone.
    #[test]
    fn written_24h_timestamps_parse_to_their_minute(
        hour in 0u32..24,
        minute in 0u32..60,
        second in prop::option::of(0u32..60),
        pad in any::<bool>(),
        zone in prop::option::of(select(ZONES)),
        date in prop::option::of(date_strategy()),
        date_style in 0usize..4,
        prefix in select(PREFIXES),
        suffix in select(SUFFIXES),
    ) {
        let mut stamp = date.map(|d| written_date(d, date_style)).unwrap_or_default();
        let clock = if pad {
            format!("{hour:02}:{minute:02}")
        } else {
            format!("{hour}:{minute:02}")
        };
        stamp.push_str(&clock);
        if let Some(s) = second {
            stamp.push_str(&format!(":{s:02}"));
        }
        if let Some((z, _)) = zone {
            stamp.push_str(z);
        }
        let text = format!("{prefix}{stamp}{suffix}");
        let found = first(&text);
        prop_assert!(found.is_some(), "no timestamp in {:?}", text);
        let found = found.unwrap();
        let want = hour * 3600 + minute * 60 + second.unwrap_or(0);
        prop_assert_eq!(found.seconds, want, "{:?}", text);
        prop_assert_eq!(found.date, date, "{:?}", text);
        let offset = found.zone.and_then(|z| z.offset_minutes());
        prop_assert_eq!(offset, zone.map(|z| z.1), "{:?}", text);
        prop_assert_eq!(&text[found.span.clone()], stamp.as_str());
    }

    /// `H:MM AM/PM` (hours 1–12, every meridiem spelling), with an optional
    /// zone: the parser reads the 24-hour minute.
    #[test]
    fn written_12h_timestamps_parse_to_their_minute(
        hour in 1u32..=12,
        minute in prop::option::of(0u32..60),
        meridiem in select(MERIDIEMS),
        zone in prop::option::of(select(&ZONES[..ZONES.len() - 1])),
        prefix in select(PREFIXES),
        suffix in select(SUFFIXES),
    ) {
        let (word, pm) = meridiem;
        let clock = match minute {
            Some(m) => format!("{hour}:{m:02}"),
            None => hour.to_string(),
        };
        let stamp = format!("{clock}{word}{}", zone.map_or("", |z| z.0));
        let text = format!("{prefix}{stamp}{suffix}");
        let found = first(&text);
        prop_assert!(found.is_some(), "no timestamp in {:?}", text);
        let found = found.unwrap();
        let h24 = hour % 12 + if pm { 12 } else { 0 };
        prop_assert_eq!(found.seconds, h24 * 3600 + minute.unwrap_or(0) * 60, "{:?}", text);
        let offset = found.zone.and_then(|z| z.offset_minutes());
        prop_assert_eq!(offset, zone.map(|z| z.1), "{:?}", text);
        prop_assert_eq!(&text[found.span.clone()], stamp.as_str());
    }

    /// 12 AM/PM round trips: `12:xx AM` is 0:xx, `12:xx PM` is 12:xx, and
    /// `h:xx PM` for h in 1..=11 is (h + 12):xx; `h:xx AM` is h:xx. Each
    /// re-rendered on the 24-hour clock parses back to the same minute.
    #[test]
    fn twelve_hour_clock_round_trips(hour in 1u32..=12, minute in 0u32..60, pm in any::<bool>()) {
        let text = format!("{hour}:{minute:02} {}", if pm { "PM" } else { "AM" });
        let found = first(&text).expect("a 12-hour clock parses");
        let want_hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
        prop_assert_eq!(found.seconds, want_hour * 3600 + minute * 60, "{:?}", text);
        let again = first(&render(&found, DateOrder::Mdy)).expect("the rendering parses");
        prop_assert_eq!(again.seconds, found.seconds);
        // And back to the 12-hour clock: the same minute.
        let h = found.seconds / 3600;
        let h12 = if h.is_multiple_of(12) { 12 } else { h % 12 };
        let back = format!("{h12}:{minute:02} {}", if h >= 12 { "PM" } else { "AM" });
        prop_assert_eq!(back, text);
    }

    /// Every timestamp the parser accepts in any text (token soup, both date
    /// orders) re-renders to a canonical form that parses back, whole, to the
    /// same minute, date and zone.
    #[test]
    fn accepted_timestamps_re_render_to_the_same_minute(
        tokens in prop::collection::vec((select(TOKENS), select(JOINS)), 0..16),
        dmy in any::<bool>(),
    ) {
        let text: String = tokens.iter().flat_map(|(t, j)| [*t, *j]).collect();
        let order = if dmy { DateOrder::Dmy } else { DateOrder::Mdy };
        for found in time::timestamps(&text, order) {
            let canonical = render(&found, order);
            let again = time::find_timestamp(&canonical, order);
            prop_assert!(again.is_some(), "{:?} from {:?} does not parse", canonical, text);
            let again = again.unwrap();
            let minutes = (again.seconds / 60, found.seconds / 60);
            prop_assert_eq!(minutes.0, minutes.1, "{:?} from {:?}", canonical, text);
            prop_assert_eq!(again.date, found.date, "{:?} from {:?}", canonical, text);
            prop_assert_eq!(&again.zone, &found.zone, "{:?} from {:?}", canonical, text);
            prop_assert_eq!(again.span, 0..canonical.len(), "{:?} from {:?}", canonical, text);
        }
    }

    /// On values with one zone and one date, `is_backward` is a total
    /// preorder within the rollover window: reflexive (never backward to
    /// itself), total (never backward both ways), transitive on sorted
    /// triples, and it agrees with the order of the seconds.
    #[test]
    fn is_backward_is_a_total_preorder_within_the_rollover(
        mut secs in prop::collection::vec(0u32..86_400, 3),
        rollover in 1u32..=23,
        zone in prop::option::of(select(ZONES)),
        date in prop::option::of(date_strategy()),
    ) {
        secs.sort_unstable();
        let zone = zone.map(|(_, m)| Zone::Offset(m));
        let v: Vec<Timestamp> = secs.iter().map(|&s| ts(s, date, zone.clone())).collect();
        let window = rollover * 3600;
        let bw = |a: &Timestamp, b: &Timestamp| time::is_backward(a, b, rollover);
        for a in &v {
            prop_assert!(!bw(a, a));
            for b in &v {
                prop_assert!(!(bw(a, b) && bw(b, a)), "backward both ways: {:?} {:?}", a, b);
                let (lo, hi) = if a.seconds <= b.seconds { (a, b) } else { (b, a) };
                // Forwards is never backward; within the window, backwards is.
                prop_assert!(!bw(lo, hi));
                let within = lo.seconds < hi.seconds && hi.seconds - lo.seconds <= window;
                prop_assert_eq!(bw(hi, lo), within);
            }
        }
        let (x, y, z) = (&v[0], &v[1], &v[2]);
        if z.seconds - x.seconds <= window {
            if bw(z, y) && bw(y, x) {
                prop_assert!(bw(z, x), "not transitive: {:?} {:?} {:?}", x, y, z);
            }
            if !bw(x, y) && !bw(y, z) {
                prop_assert!(!bw(x, z));
            }
        }
        // Past the window, a backward step is midnight passing.
        if z.seconds - x.seconds > window {
            prop_assert!(!bw(z, x));
        }
    }

    /// Across known zones (same date), `is_backward` follows UTC: `next` is
    /// backward exactly when it is earlier in UTC by at most the rollover.
    #[test]
    fn is_backward_follows_utc_across_zones(
        a in 0u32..86_400,
        b in 0u32..86_400,
        za in select(ZONES),
        zb in select(ZONES),
        rollover in 1u32..=23,
    ) {
        let prev = ts(a, None, Some(Zone::Offset(za.1)));
        let next = ts(b, None, Some(Zone::Offset(zb.1)));
        let (p, n) = (
            i64::from(a) - i64::from(za.1) * 60,
            i64::from(b) - i64::from(zb.1) * 60,
        );
        prop_assert_eq!(
            time::is_backward(&prev, &next, rollover),
            n < p && p - n <= i64::from(rollover) * 3600
        );
    }

    /// When both values have dates and the dates differ, the dates decide,
    /// whatever the clocks say. Without years, a step back of more than 300
    /// days is the year passing (PM101's catalogue entry: `Dec 31` then `Jan
    /// 1` is the next day), so it is a step forward.
    #[test]
    fn is_backward_lets_different_dates_decide(
        d1 in date_strategy(),
        d2 in date_strategy(),
        a in 0u32..86_400,
        b in 0u32..86_400,
        rollover in 1u32..=23,
    ) {
        // Both with a year, or both without, so the dates are comparable.
        let d2 = Date { year: d1.year.and(d2.year.or(Some(2020))), ..d2 };
        let d2 = Date { day: d2.day.min(days_in(d2.year, d2.month)), ..d2 };
        prop_assume!(d1 != d2);
        let key = |d: Date| (d.year, d.month, d.day);
        let prev = ts(a, Some(d1), None);
        let next = ts(b, Some(d2), None);
        let backward = if d1.year.is_some() {
            key(d2) < key(d1)
        } else {
            // Day of a leap year (Feb 29 allowed without a year).
            const BEFORE: [i64; 12] = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335];
            let day = |d: Date| BEFORE[usize::from(d.month) - 1] + i64::from(d.day);
            let step = day(d2) - day(d1);
            (-300..0).contains(&step)
        };
        prop_assert_eq!(time::is_backward(&prev, &next, rollover), backward);
    }

    /// Generated ranges (`from 10:00 to 11:30`, `10:00 AM - 11:30 AM (UTC)`,
    /// `between 22:00 and 01:00`, ...): `find_range` finds both ends and its
    /// `seconds()` is end − start modulo 24 h (in UTC when the zones differ).
    #[test]
    fn find_range_seconds_is_end_minus_start_mod_a_day(
        start in (0u32..24, 0u32..60),
        end in (0u32..24, 0u32..60),
        connector in select(CONNECTORS),
        between in any::<bool>(),
        twelve in any::<bool>(),
        zones in (0usize..4, select(&ZONES[..ZONES.len() - 1]), select(&ZONES[..ZONES.len() - 1])),
    ) {
        let clock = |(h, m): (u32, u32)| {
            if twelve {
                let h12 = if h.is_multiple_of(12) { 12 } else { h % 12 };
                format!("{h12}:{m:02} {}", if h >= 12 { "PM" } else { "AM" })
            } else {
                format!("{h:02}:{m:02}")
            }
        };
        // Zones: none, on the end only, the same on both, or each its own.
        let (zs, ze) = match zones.0 {
            0 => (None, None),
            1 => (None, Some(zones.1)),
            2 => (Some(zones.1), Some(zones.1)),
            _ => (Some(zones.1), Some(zones.2)),
        };
        let s = format!("{}{}", clock(start), zs.map_or("", |z| z.0));
        let e = format!("{}{}", clock(end), ze.map_or("", |z| z.0));
        // `10:00 UTC-11:30` is UTC−11:30 (a glued offset), not a range:
        // glue the dash only where no `UTC`/`GMT` ends the start.
        let connector = if connector == "-" && (s.ends_with("UTC") || s.ends_with("GMT")) {
            " - "
        } else {
            connector
        };
        let text = if between {
            format!("The API was down between {s} and {e}, then recovered.")
        } else {
            format!("The API was down from {s}{connector}{e}, then recovered.")
        };
        let range = time::find_range(&text, DateOrder::Mdy);
        prop_assert!(range.is_some(), "no range in {:?}", text);
        let range = range.unwrap();
        prop_assert_eq!(&text[range.start.span.clone()], s.as_str());
        prop_assert_eq!(&text[range.end.span.clone()], e.as_str());
        let offset = |z: Option<(&str, i32)>| i64::from(z.map_or(0, |z| z.1));
        // A zone on one side only applies to both.
        let (so, eo) = match (zs, ze) {
            (Some(a), Some(b)) => (offset(Some(a)), offset(Some(b))),
            (None, Some(b)) => (offset(Some(b)), offset(Some(b))),
            _ => (0, 0),
        };
        let s_sec = i64::from(start.0 * 3600 + start.1 * 60) - so * 60;
        let e_sec = i64::from(end.0 * 3600 + end.1 * 60) - eo * 60;
        prop_assert_eq!(range.seconds(), (e_sec - s_sec).rem_euclid(86_400), "{:?}", text);
    }
}
