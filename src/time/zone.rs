//! Time zones and UTC offsets written after a time: `PST`, `UTC+1`,
//! `GMT+01:00`, `+02:00`, `Z`, `(UTC)`, `Pacific Standard Time (PST)`,
//! `East African Time (EAT)`, `Kigali time`.

use std::collections::HashMap;
use std::sync::LazyLock;

#[cfg(test)]
use regex::Regex;

use super::scan::{
    ascii_word_boundary, byte_at, char_at, digits_at, is_any_of, is_ascii_word, is_hspace,
    is_word_char, letters_at, next_upper, packed, skip_hspace,
};
use super::{DateOrder, Zone};

/// One zone abbreviation: name, offset in minutes east (None when it depends
/// on daylight saving or is ambiguous), and whether [`mentions_zone`] counts it
/// anywhere in prose (short words that are also common acronyms only count
/// right after a time).
const ABBREVIATIONS: &[(&str, Option<i32>, bool)] = &[
    ("UTC", Some(0), true),
    ("GMT", Some(0), true),
    ("PST", Some(-480), true),
    ("PDT", Some(-420), true),
    ("MST", Some(-420), true),
    ("MDT", Some(-360), true),
    ("CST", Some(-360), true),
    ("CDT", Some(-300), true),
    ("EST", Some(-300), true),
    ("EDT", Some(-240), true),
    ("AKST", Some(-540), true),
    ("AKDT", Some(-480), true),
    ("HST", Some(-600), true),
    ("BRT", Some(-180), true),
    ("WET", Some(0), true),
    ("CET", Some(60), true),
    ("CEST", Some(120), true),
    // Central European (Summer) Time, in German.
    ("MEZ", Some(60), true),
    ("MESZ", Some(120), true),
    ("EET", Some(120), true),
    ("EEST", Some(180), true),
    ("BST", Some(60), true),
    ("WAT", Some(60), true),
    ("CAT", Some(120), true),
    ("EAT", Some(180), true),
    ("SAST", Some(120), true),
    ("MSK", Some(180), false), // also AWS Managed Kafka
    ("IST", Some(330), true),
    ("PKT", Some(300), true),
    ("SGT", Some(480), true),
    ("HKT", Some(480), true),
    ("AWST", Some(480), true),
    ("JST", Some(540), true),
    ("KST", Some(540), true),
    ("ACST", Some(570), true),
    ("AEST", Some(600), true),
    ("AEDT", Some(660), true),
    ("NZST", Some(720), true),
    ("NZDT", Some(780), true),
    ("WIB", None, true),
    ("PT", None, true),
    ("ET", None, true),
    // Acronyms too common in prose to count on their own.
    ("CT", None, false),
    ("MT", None, false),
    ("AST", None, false),
    ("WEST", Some(60), false),
    ("ICT", Some(420), false),
    ("GST", Some(240), false),
    ("NPT", Some(345), false),
    ("ART", Some(-180), false),
    ("WITA", Some(480), false),
    ("WIT", Some(540), false),
];

/// Long zone names (matched with the first letter upper case and the rest in
/// any case, any run of spaces between words) and their offsets in minutes
/// east (None when it depends on daylight saving).
const LONG_NAMES: &[(&str, Option<i32>)] = &[
    ("Coordinated Universal Time", Some(0)),
    ("Universal Coordinated Time", Some(0)),
    ("Greenwich Mean Time", Some(0)),
    ("Pacific Standard Time", Some(-480)),
    ("Pacific Daylight Time", Some(-420)),
    ("Pacific Time", None),
    ("Mountain Standard Time", Some(-420)),
    ("Mountain Daylight Time", Some(-360)),
    ("Mountain Time", None),
    ("Central Standard Time", Some(-360)),
    ("Central Daylight Time", Some(-300)),
    ("Central Time", None),
    ("Eastern Standard Time", Some(-300)),
    ("Eastern Daylight Time", Some(-240)),
    ("Eastern Time", None),
    ("Western European Time", Some(0)),
    ("Central European Time", Some(60)),
    ("Central European Summer Time", Some(120)),
    ("Eastern European Time", Some(120)),
    ("Eastern European Summer Time", Some(180)),
    ("British Summer Time", Some(60)),
    ("West Africa Time", Some(60)),
    ("West African Time", Some(60)),
    ("Central Africa Time", Some(120)),
    ("Central African Time", Some(120)),
    ("East Africa Time", Some(180)),
    ("East African Time", Some(180)),
    ("South Africa Standard Time", Some(120)),
    ("South African Standard Time", Some(120)),
    ("South Africa Time", Some(120)),
    ("South African Time", Some(120)),
    ("India Standard Time", Some(330)),
    ("Indian Standard Time", Some(330)),
    ("Japan Standard Time", Some(540)),
    ("China Standard Time", Some(480)),
    ("Singapore Time", Some(480)),
    ("Australian Eastern Standard Time", Some(600)),
    ("Australian Eastern Daylight Time", Some(660)),
    ("Kigali Time", Some(120)),
    ("Nairobi Time", Some(180)),
    ("Kampala Time", Some(180)),
    ("Lagos Time", Some(60)),
    ("Accra Time", Some(0)),
    ("Johannesburg Time", Some(120)),
];

/// Upper-case words of 3–4 letters ending in `T` that look like a zone after a
/// time but are ordinary words.
const NOT_ZONES: &[&str] = &[
    "ACT", "BUT", "CUT", "DONT", "EDIT", "EXIT", "FAST", "FIRST", "GET", "GOT", "HIT", "HOST",
    "HOT", "JUST", "LAST", "LET", "LIST", "LOT", "MOST", "NEXT", "NET", "NOT", "OUT", "PORT",
    "POST", "PUT", "REST", "ROOT", "SENT", "SET", "TEST", "TEXT", "WAIT", "WENT", "BEST", "LOST",
];

#[cfg(test)]
/// Regex fragment for a long name: `Pacific Standard Time` →
/// `P(?i:acific\s+standard\s+time)`.
fn long_name_pattern(name: &str) -> String {
    let mut chars = name.chars();
    let first = chars.next().map(String::from).unwrap_or_default();
    let rest: Vec<String> = chars
        .as_str()
        .split(' ')
        .map(regex::escape)
        .collect::<Vec<_>>();
    format!(
        "{}(?i:{})",
        regex::escape(&first),
        rest.join(r"[\t \x{a0}\x{202f}]+")
    )
}

#[cfg(test)]
/// Alternation of all long names, longest first.
fn long_names_alternation() -> String {
    let mut names: Vec<&str> = LONG_NAMES.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names
        .iter()
        .map(|n| long_name_pattern(n))
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
fn abbreviations_alternation(only_mentions: bool) -> String {
    let mut names: Vec<&str> = ABBREVIATIONS
        .iter()
        .filter(|(_, _, mention)| *mention || !only_mentions)
        .map(|(n, _, _)| *n)
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.join("|")
}

/// A zone word at the start of the haystack: long name or abbreviation.
/// Kept as the specification of [`zone_word_by_names`], which the tests
/// check against it (compiling it costs about 2 ms).
#[cfg(test)]
static ZONE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:(?P<long>{})|(?P<abbr>{})|(?P<other>[A-Z]{{2,3}}T))(?-u:\b)",
        long_names_alternation(),
        abbreviations_alternation(false)
    ))
    .expect("zone word regex")
});

/// Any zone named in prose, as a whole word. Kept as the specification of
/// [`names_zone`], which the tests check against it; compiling it costs about
/// 4 ms, most of a one-file run, so the linter never does.
#[cfg(test)]
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:{}|{})(?-u:\b)",
        long_names_alternation(),
        abbreviations_alternation(true)
    ))
    .expect("zone mention regex")
});

/// Whether `pattern` (ASCII letters and single spaces) matches `text` at byte
/// `at`, as `long_name_pattern` reads it: the first letter exactly, the
/// other letters in any case (`(?i)`: `s` also matches `ſ`, `k` also the
/// Kelvin sign), each space as a run of tabs, spaces, no-break spaces or
/// narrow no-break spaces. Returns the end of the match.
fn long_name_at(text: &str, at: usize, pattern: &str) -> Option<usize> {
    let bytes = pattern.as_bytes();
    if text.as_bytes().get(at) != bytes.first() {
        return None;
    }
    let mut chars = text.get(at + 1..)?.char_indices().peekable();
    let mut end = at + 1;
    for &p in &bytes[1..] {
        if p == b' ' {
            let mut run = 0;
            while let Some(&(i, c)) = chars.peek() {
                if !matches!(c, '\t' | ' ' | '\u{a0}' | '\u{202f}') {
                    break;
                }
                run += 1;
                end = at + 1 + i + c.len_utf8();
                chars.next();
            }
            if run == 0 {
                return None;
            }
            continue;
        }
        let (i, c) = chars.next()?;
        let same = c.eq_ignore_ascii_case(&char::from(p))
            || (p.eq_ignore_ascii_case(&b's') && c == '\u{17f}')
            || (p.eq_ignore_ascii_case(&b'k') && c == '\u{212a}');
        if !same {
            return None;
        }
        end = at + 1 + i + c.len_utf8();
    }
    Some(end)
}

/// Whether `text` names a zone as a whole word: an abbreviation counted in
/// prose (exact case) or a long name. The same answer as the `MENTION`
/// regex (`(?-u:\b)(?:long names|abbreviations)(?-u:\b)`), found by
/// trying the names that start with the upper-case ASCII letter at each
/// word start (every name starts with one and ends with a letter).
fn names_zone(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    // Each upper-case ASCII letter in turn (every name starts with one),
    // found eight bytes at a time: prose has few.
    while let Some(at) = next_upper(bytes, from) {
        from = at + 1;
        // Only a word start (after a non-word byte) can start a name.
        if at > 0 && is_ascii_word(bytes[at - 1]) {
            continue;
        }
        // The run of word bytes from here is the only way an abbreviation
        // (upper-case letters, ending at a word boundary) can match.
        let end = at
            + bytes[at..]
                .iter()
                .take_while(|&&b| is_ascii_word(b))
                .count();
        let word = &bytes[at..end];
        let ends_word = |end: usize| ascii_word_boundary(text, end);
        if packed(word, false).is_some_and(|w| MENTIONED.binary_search(&w).is_ok())
            || NAMES_BY_LETTER.0[usize::from(bytes[at] - b'A')]
                .iter()
                .any(|name| long_name_at(text, at, name).is_some_and(ends_word))
        {
            return true;
        }
        // No word starts inside this one.
        from = end;
    }
    false
}

/// The abbreviations [`names_zone`] counts in prose, packed ([`packed`]) and
/// sorted.
static MENTIONED: LazyLock<Vec<u128>> = LazyLock::new(|| {
    let mut abbreviations: Vec<u128> = ABBREVIATIONS
        .iter()
        .filter(|(_, _, mention)| *mention)
        .map(|(name, _, _)| packed(name.as_bytes(), false).expect("a short abbreviation"))
        .collect();
    abbreviations.sort_unstable();
    abbreviations
});

/// Long names keyed by lower-case words joined with single spaces.
static LONG_OFFSETS: LazyLock<HashMap<String, Option<i32>>> = LazyLock::new(|| {
    LONG_NAMES
        .iter()
        .map(|(name, offset)| (name.to_lowercase(), *offset))
        .collect()
});

/// Whether `name` is a zone abbreviation pmlint knows (`"PST"`, `"ICT"`,
/// case-sensitive), those too common in prose for [`mentions_zone`]
/// included, or a long name (`"East Africa Time"`, any case).
pub fn is_zone_name(name: &str) -> bool {
    ABBREVIATIONS.iter().any(|(n, _, _)| *n == name)
        || LONG_OFFSETS.contains_key(&name.to_lowercase())
}

/// The offset in minutes east of a zone abbreviation (`"PST"` → -480,
/// case-sensitive) or long name (`"east africa time"` → 180, any case).
/// `None` when pmlint does not know the name or its offset depends on
/// daylight saving (`"PT"`, `"Eastern Time"`).
pub fn zone_offset(name: &str) -> Option<i32> {
    if let Some((_, offset, _)) = ABBREVIATIONS.iter().find(|(n, _, _)| *n == name) {
        return *offset;
    }
    let key = name.split_whitespace().collect::<Vec<_>>().join(" ");
    LONG_OFFSETS.get(&key.to_lowercase()).copied().flatten()
}

/// The standard-time offset (minutes east) of a North American zone named
/// without saying whether daylight saving applies (`PT`, `ET`, `Pacific
/// Time`, `eastern time`): not the zone's offset, which depends on the date,
/// but one that gives the right difference between two such zones (both on
/// standard time or both on daylight time), which is all that ordering two
/// timestamps needs (`12:02 PM ET` is before `9:10 AM PT`).
pub(crate) fn generic_offset(name: &str) -> Option<i32> {
    let mut words = name.split_whitespace();
    let region = words.next()?;
    let named = match (words.next(), words.next()) {
        (None, _) => true,
        (Some(time), None) => time.eq_ignore_ascii_case("time"),
        _ => false,
    };
    let is = |a: &str, b: &str| region.eq_ignore_ascii_case(a) || region.eq_ignore_ascii_case(b);
    if !named {
        None
    } else if is("pt", "pacific") {
        Some(-480)
    } else if is("mt", "mountain") {
        Some(-420)
    } else if is("ct", "central") {
        Some(-360)
    } else if is("et", "eastern") {
        Some(-300)
    } else {
        None
    }
}

/// Whether `text` names a time zone in a way [`mentions_zone`] does not: a
/// zone of the tz database (`Europe/London`, `US/Pacific`, `America/New_York`),
/// or a note on the times naming a North American region (`all times
/// Pacific`, `All times are Eastern.`, `times in Central`).
pub fn notes_zone(text: &str) -> bool {
    const AREAS: &[&str] = &[
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
        "US",
        "Canada",
        "Etc",
    ];
    let bytes = text.as_bytes();
    let tz_name = memchr::memchr_iter(b'/', bytes).any(|i| {
        // After the last byte that is not an ASCII letter (the last byte of
        // a multi-byte char is one, so this is a char boundary).
        let area_start = bytes[..i]
            .iter()
            .rposition(|b| !b.is_ascii_alphabetic())
            .map_or(0, |j| j + 1);
        AREAS.contains(&&text[area_start..i])
            && bytes.get(i + 1).is_some_and(u8::is_ascii_uppercase)
    });
    if tz_name {
        return true;
    }
    // A note holds `times`, in some case: its `m` found by a vectorised
    // search (most lines have no `times`).
    let times = memchr::memchr2_iter(b'm', b'M', bytes).any(|i| {
        i >= 2
            && bytes
                .get(i - 2..i + 3)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"times"))
    });
    if !times {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .any(|w| matches!(w, ["all", "times"] | ["times", "are" | "in"]))
        && words.iter().any(|w| {
            matches!(
                *w,
                "pacific" | "mountain" | "central" | "eastern" | "alaska" | "hawaii"
            )
        })
}

fn is_sign(c: char) -> bool {
    matches!(c, '+' | '-' | '\u{2212}')
}

fn sign_value(c: char) -> i32 {
    if c == '+' { 1 } else { -1 }
}

/// Whether what follows `pos` looks like a time or a length, not the rest of
/// an offset (`UTC - 11:00`, `UTC +1 hour`, `GMT + 1 PM`).
fn looks_like_time_after(text: &str, pos: usize) -> bool {
    if matches!(byte_at(text, pos), b':' | b'.') && byte_at(text, pos + 1).is_ascii_digit() {
        return true;
    }
    if super::clock::meridiem_at(text, pos).is_some() {
        return true;
    }
    let p = skip_hspace(text, pos, 2);
    let word = letters_at(text, p);
    is_any_of(
        word,
        &[
            "h", "hr", "hrs", "hour", "hours", "min", "mins", "minute", "minutes",
        ],
    )
}

/// Reads the offset after `UTC`/`GMT` at `pos`: `+1`, `-5`, `+01:00`, `+0530`,
/// `+5:30`, also `GMT + 1`. Returns minutes east and the end.
fn utc_offset_at(text: &str, pos: usize) -> Option<(i32, usize)> {
    let p = skip_hspace(text, pos, 1);
    let sign = char_at(text, p).filter(|&c| is_sign(c))?;
    let q = skip_hspace(text, p + sign.len_utf8(), 1);
    let spaced = p != pos || q != p + sign.len_utf8();
    let (len, value) = digits_at(text, q);
    let (hours, mut minutes, mut end) = match len {
        1 | 2 => (value, 0, q + len),
        3 | 4 => (value / 100, value % 100, q + len),
        _ => return None,
    };
    if len <= 2 && byte_at(text, end) == b':' {
        let (mlen, m) = digits_at(text, end + 1);
        match mlen {
            0 => {}
            2 if !spaced => {
                minutes = m;
                end += 3;
            }
            // `UTC - 11:00` is a range to 11:00, not UTC-11.
            _ => return None,
        }
    }
    if hours > 14 || minutes > 59 || byte_at(text, end).is_ascii_digit() {
        return None;
    }
    if byte_at(text, end) == b':' && byte_at(text, end + 1).is_ascii_digit() {
        return None;
    }
    if spaced && (len > 2 || looks_like_time_after(text, end)) {
        return None;
    }
    let total = i32::try_from(hours * 60 + minutes).ok()?;
    Some((sign_value(sign) * total, end))
}

/// Reads a bare offset at `pos`: `+02:00`, `+0200`, `-05:00`, `-0500`.
/// `colon_minus` allows `-hh:mm` (only safe when it cannot be a range end).
fn bare_offset_at(text: &str, pos: usize, colon_minus: bool) -> Option<(i32, usize)> {
    let sign = char_at(text, pos).filter(|&c| is_sign(c))?;
    let q = pos + sign.len_utf8();
    let (len, value) = digits_at(text, q);
    let (hours, minutes, end) = match len {
        4 => (value / 100, value % 100, q + 4),
        2 if byte_at(text, q + 2) == b':' && (sign == '+' || colon_minus) => {
            let (mlen, m) = digits_at(text, q + 3);
            if mlen != 2 {
                return None;
            }
            (value, m, q + 5)
        }
        _ => return None,
    };
    if hours > 14 || minutes > 59 || word_or_group_follows(text, end) {
        return None;
    }
    let total = i32::try_from(hours * 60 + minutes).ok()?;
    Some((sign_value(sign) * total, end))
}

/// Whether a word char or a further `:dd` group follows `pos`.
fn word_or_group_follows(text: &str, pos: usize) -> bool {
    char_at(text, pos).is_some_and(is_word_char)
        || (byte_at(text, pos) == b':' && byte_at(text, pos + 1).is_ascii_digit())
}

/// A zone at exactly `pos` (no leading space): a zone word with its optional
/// offset, or a `+hh:mm` offset; then an optional parenthesised zone that
/// restates it (`Pacific Standard Time (PST)`, `EAT (UTC+3)`).
fn zone_core(text: &str, pos: usize, nested: bool) -> Option<(Zone, usize)> {
    let (mut zone, mut end) = zone_word_at(text, pos)
        .or_else(|| bare_offset_at(text, pos, true).map(|(m, e)| (Zone::Offset(m), e)))?;
    if nested {
        return Some((zone, end));
    }
    let p = skip_hspace(text, end, 2);
    if byte_at(text, p) == b'(' {
        let q = skip_hspace(text, p + 1, 2);
        if let Some((inner, inner_end)) = zone_core(text, q, true) {
            let close = skip_hspace(text, inner_end, 2);
            if byte_at(text, close) == b')' {
                end = close + 1;
                if zone.offset_minutes().is_none() && inner.offset_minutes().is_some() {
                    zone = inner;
                }
            }
        }
    }
    Some((zone, end))
}

/// Which alternative of [`ZONE_WORD`] matched, and the text it matched.
#[derive(Debug, Clone, Copy)]
enum ZoneWord<'t> {
    Long(&'t str),
    Abbr(&'t str),
    Other(&'t str),
}

/// Names by their first letter (`A` = 0; every name starts with an
/// upper-case ASCII letter, which the tests check for each).
type ByLetter = [Vec<&'static str>; 26];

/// The long names and the abbreviations by first letter, each bucket longest
/// first (the order `ZONE_WORD` tries them in): at a position only the names
/// starting with its letter can match.
static NAMES_BY_LETTER: LazyLock<(ByLetter, ByLetter)> = LazyLock::new(|| {
    let index = |names: &mut dyn Iterator<Item = &'static str>| {
        let mut names: Vec<&str> = names.collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let mut by: ByLetter = Default::default();
        for name in names {
            if let Some(bucket) = name
                .bytes()
                .next()
                .and_then(|b| b.checked_sub(b'A'))
                .and_then(|i| by.get_mut(usize::from(i)))
            {
                bucket.push(name);
            }
        }
        by
    };
    (
        index(&mut LONG_NAMES.iter().map(|(n, _)| *n)),
        index(&mut ABBREVIATIONS.iter().map(|(n, _, _)| *n)),
    )
});

/// What `ZONE_WORD` (a regex kept in the tests) matches at `pos` (its
/// leftmost-first answer, found by trying its alternatives in its order): a
/// long name (longest
/// first, any case, any run of spaces between words), an abbreviation
/// (longest first, exact), or `[A-Z]{2,3}T`; each followed by an ASCII word
/// boundary.
fn zone_word_by_names(text: &str, pos: usize) -> Option<(ZoneWord<'_>, usize)> {
    let bytes = text.as_bytes();
    let boundary = |end: usize| ascii_word_boundary(text, end);
    let letter = usize::from(bytes.get(pos)?.checked_sub(b'A')?);
    let (long, abbreviations) = &*NAMES_BY_LETTER;
    let (long, abbreviations) = (long.get(letter)?, abbreviations.get(letter)?);
    if let Some(end) = long
        .iter()
        .filter_map(|name| long_name_at(text, pos, name))
        .find(|&end| boundary(end))
    {
        return Some((ZoneWord::Long(&text[pos..end]), end));
    }
    if let Some(name) = abbreviations
        .iter()
        .find(|name| bytes[pos..].starts_with(name.as_bytes()) && boundary(pos + name.len()))
    {
        return Some((ZoneWord::Abbr(name), pos + name.len()));
    }
    (2..=3).rev().find_map(|n| {
        let end = pos + n + 1;
        let word = bytes.get(pos..end)?;
        (word[..n].iter().all(u8::is_ascii_uppercase) && word[n] == b'T' && boundary(end))
            .then(|| (ZoneWord::Other(&text[pos..end]), end))
    })
}

/// A zone word at exactly `pos`, with the offset that may follow it.
fn zone_word_at(text: &str, pos: usize) -> Option<(Zone, usize)> {
    // Every zone word (long name, abbreviation, `[A-Z]{2,3}T`) starts with an
    // upper-case ASCII letter.
    if !byte_at(text, pos).is_ascii_uppercase() {
        return None;
    }
    let (word, end) = zone_word_by_names(text, pos)?;
    if let ZoneWord::Long(written) = word {
        return Some(match zone_offset(written) {
            Some(minutes) => (Zone::Offset(minutes), end),
            None => (Zone::Named(written.to_string()), end),
        });
    }
    if let ZoneWord::Abbr(name) = word {
        if name == "UTC" || name == "GMT" {
            return Some(match utc_offset_at(text, end) {
                Some((minutes, e)) => (Zone::Offset(minutes), e),
                None => (Zone::Offset(0), end),
            });
        }
        // `SAST+2`, `EAT+3`: a restated offset; the name decides.
        let end = match char_at(text, end).filter(|&c| is_sign(c)) {
            Some(sign) => {
                let (len, _) = digits_at(text, end + sign.len_utf8());
                let e = end + sign.len_utf8() + len;
                if (1..=2).contains(&len) && !word_or_group_follows(text, e) {
                    e
                } else {
                    end
                }
            }
            None => end,
        };
        return Some(match zone_offset(name) {
            Some(minutes) => (Zone::Offset(minutes), end),
            None => (Zone::Named(name.to_string()), end),
        });
    }
    let ZoneWord::Other(other) = word else {
        return None;
    };
    if NOT_ZONES.contains(&other) {
        return None;
    }
    Some((Zone::Named(other.to_string()), end))
}

/// Reads the zone written right after a clock that ends at `pos`. Returns the
/// zone and the end of everything consumed (closing parenthesis included).
///
/// Glued: `10:00Z`, `10:00+02:00`, `10:00UTC`, `3:45pm(GMT + 1)`,
/// `11:26-am-GMT` (a name after a hyphen), and `10:00:00-05:00` (a glued
/// `-hh:mm` only after a clock with seconds, since `14:00-17:00` is a range).
/// After spaces: `PST`, `UTC+1`, `GMT + 1`, `+0200`, `-0500`, `(UTC)`,
/// `(GMT+01:00)`, `Pacific Standard Time (PST)`, and `, UTC` when a `)`
/// follows (`(9:00 AM - 11:00 AM, UTC)`).
pub(crate) fn zone_after(text: &str, pos: usize, has_seconds: bool) -> Option<(Zone, usize)> {
    let first = char_at(text, pos)?;
    if first == 'Z' {
        return (!char_at(text, pos + 1).is_some_and(is_word_char))
            .then_some((Zone::Offset(0), pos + 1));
    }
    // A zone name after a glued hyphen (`11:26-am-GMT`).
    if first == '-' && byte_at(text, pos + 1).is_ascii_uppercase() {
        return zone_core(text, pos + 1, false);
    }
    if is_sign(first) {
        return bare_offset_at(text, pos, first == '+' || has_seconds)
            .map(|(m, e)| (Zone::Offset(m), e));
    }
    if first.is_ascii_uppercase() {
        return zone_core(text, pos, false);
    }
    let p = skip_hspace(text, pos, 2);
    let at = char_at(text, p)?;
    // Glued, only a bracket or a comma (`3:45pm(GMT + 1)`, `10:00,UTC)`).
    if p == pos && !matches!(at, ',' | '(') {
        return None;
    }
    match at {
        '(' => {
            let q = skip_hspace(text, p + 1, 2);
            let (zone, end) = zone_core(text, q, false)?;
            let close = skip_hspace(text, end, 2);
            if byte_at(text, close) == b')' {
                Some((zone, close + 1))
            } else {
                Some((zone, end))
            }
        }
        ',' => {
            let q = skip_hspace(text, p + 1, 2);
            let (zone, end) = zone_core(text, q, false)?;
            (byte_at(text, skip_hspace(text, end, 2)) == b')').then_some((zone, end))
        }
        '+' => bare_offset_at(text, p, true).map(|(m, e)| (Zone::Offset(m), e)),
        c if is_sign(c) => {
            // ` -0500` only: ` -05:00` may be the end of a range.
            bare_offset_at(text, p, false).map(|(m, e)| (Zone::Offset(m), e))
        }
        c if is_hspace(c) => None,
        _ => zone_core(text, p, false),
    }
}

/// Whether `text`'s first line ends with a time zone or UTC offset alone in
/// parentheses (then only white space, `:`, `*`, `_` or an ATX heading's
/// closing `#`s; a setext heading's underline is the next line):
/// `Timeline (CT)`, `(MSK)`,
/// `(+05:30)`, `(UTC+5:30)`, zones [`mentions_zone`] does not take in prose,
/// where `CT` or `MSK` may be an acronym. For a timeline's heading, where
/// such a group says what the times are in; not for a title, which may
/// spell out an acronym (`Goods and Services Tax (GST)`).
pub fn ends_with_zone_in_parentheses(text: &str) -> bool {
    let first_line = text.split('\n').next().unwrap_or("");
    let trimmed = first_line
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '*' | '_' | '#'));
    let Some(inside) = trimmed.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inside.rfind('(') else {
        return false;
    };
    let q = skip_hspace(inside, open + 1, 2);
    zone_core(inside, q, true).is_some_and(|(_, end)| skip_hspace(inside, end, 2) == inside.len())
}

/// Whether `text` names a time zone or UTC offset anywhere: a zone
/// abbreviation as an upper-case whole word (`UTC`, `PST`, `EAT`, `UTC+1`…;
/// acronyms common in prose such as `ICT` or `GST` only count right after a
/// time), a long name (`Pacific Standard Time`, `East Africa Time`,
/// `Eastern time`, `Kigali time`), or a zone glued to or written after a
/// time (`10:00Z`, `10:00 +02:00`, `08:00 GWT`).
pub fn mentions_zone(text: &str) -> bool {
    names_zone(text) || super::stamp::any_zoned(text, DateOrder::Mdy)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zone alone in parentheses at a heading's end; not one among words.
    #[test]
    fn zones_in_parentheses() {
        for text in [
            "Timeline (CT)",
            "Timeline (MSK)",
            "Timeline ( +05:30 )",
            "Timeline (UTC+5:30):",
            "**Timeline (IST)**",
            "Timeline (CT)\n-------------",
            "### Timeline (CT) ###",
        ] {
            assert!(ends_with_zone_in_parentheses(text), "{text:?}");
            assert!(
                !ends_with_zone_in_parentheses(&text.replace(['(', ')'], "")),
                "{text:?}"
            );
        }
        for text in [
            "Timeline (CT scans)",
            "Timeline (MSK cluster)",
            "Timeline (+05)",
            "Timeline (CT) of the outage",
            "(",
            "(CT",
            ")",
            "é)",
        ] {
            assert!(!ends_with_zone_in_parentheses(text), "{text:?}");
        }
    }

    /// A tz-database name after a multi-byte char (a fuzz find: the area's
    /// start was taken inside the `“`).
    #[test]
    fn notes_zone_after_multibyte_chars() {
        assert!(!notes_zone("“/a”"));
        assert!(!notes_zone("file.phpp ENOENT”. x/Y"));
        assert!(notes_zone("“Europe/London"));
        assert!(notes_zone("é US/Pacific"));
    }

    fn z(minutes: i32) -> Option<Zone> {
        Some(Zone::Offset(minutes))
    }

    fn named(name: &str) -> Option<Zone> {
        Some(Zone::Named(name.to_string()))
    }

    /// Pieces of zone names and what surrounds them in text.
    const ZONE_TOKENS: &[&str] = &[
        "UTC",
        "GMT",
        "PST",
        "EAT",
        "MSK",
        "ICT",
        "PT",
        "ET",
        "CT",
        "WITA",
        "WIT",
        "AKST",
        "Pacific",
        "Standard",
        "standard",
        "Time",
        "TIME",
        "time",
        "Central",
        "European",
        "Summer",
        "East",
        "Africa",
        "African",
        "Kigali",
        "Nairobi",
        "Coordinated",
        "Universal",
        "ſtandard",
        "\u{212a}igali",
        "\u{a0}",
        "\u{202f}",
        "\t",
        "  ",
        "_",
        "9",
        "é",
        "-",
        ".",
        "(",
        ")",
        ":",
        "x",
        "S",
        "s",
        "T",
        "10:00",
    ];

    /// `zone_word_by_names` gives the `ZONE_WORD` regex's answer (which
    /// alternative, and where it ends) at every upper-case letter.
    #[test]
    fn zone_words_are_the_regex() {
        // The index by first letter holds every name.
        let names = LONG_NAMES.iter().map(|(n, _)| *n);
        for name in names.chain(ABBREVIATIONS.iter().map(|(n, _, _)| *n)) {
            assert!(name.as_bytes()[0].is_ascii_uppercase(), "{name}");
        }
        let mut matched = 0;
        for text in crate::rules::util::token_texts(0x3C6E_F372_FE94_F82B, ZONE_TOKENS, 7, 40_000) {
            for pos in (0..text.len()).filter(|&p| text.as_bytes()[p].is_ascii_uppercase()) {
                let want = ZONE_WORD.captures(&text[pos..]).map(|c| {
                    let end = pos + c.get(0).map_or(0, |m| m.end());
                    let kind = if c.name("long").is_some() {
                        0
                    } else if c.name("abbr").is_some() {
                        1
                    } else {
                        2
                    };
                    (kind, end)
                });
                let got = zone_word_by_names(&text, pos).map(|(word, end)| {
                    let kind = match word {
                        ZoneWord::Long(_) => 0,
                        ZoneWord::Abbr(_) => 1,
                        ZoneWord::Other(_) => 2,
                    };
                    (kind, end)
                });
                assert_eq!(got, want, "{text:?} at {pos}");
                matched += usize::from(got.is_some());
            }
        }
        assert!(
            matched > 5_000,
            "only {matched} zone words: the test proves little"
        );
    }

    /// `names_zone` gives the `MENTION` regex's answer: on hand-picked
    /// texts (case, `ſ` and the Kelvin sign, the four kinds of space, word
    /// boundaries at digits, `_` and non-ASCII letters) and on random texts
    /// built from pieces of zone names.
    #[test]
    fn names_zone_is_the_mention_regex() {
        let picked = [
            "UTC",
            "at 10:00 UTC.",
            "UTCs",
            "_UTC",
            "UTC_",
            "9UTC",
            "éUTC",
            "UTCé",
            "MSK",
            "ICT",
            "Pacific Standard Time",
            "pacific standard time",
            "Pacific  STANDARD\ttime",
            "Pacific\u{a0}Time",
            "Pacific\u{202f}Time",
            "Pacific\u{2003}Time",
            "Pacific Time2",
            "Pacific Timex",
            "xPacific Time",
            "Pacific ſtandard Time",
            "Pacific \u{17f}tandard Time",
            "Kigali Time",
            "\u{212a}igali Time",
            "Nairobi TIME",
            "Eastern European Summer Time",
            "Eastern European",
            "Central Africa Time",
            "Central Time",
            "(EAT)",
            "EATS",
            "PT-1",
            "SAST.",
            "",
            "T",
            "Time",
        ];
        // Every name, alone and in a sentence, as the index must find it.
        let every_name = ABBREVIATIONS
            .iter()
            .map(|(name, _, _)| *name)
            .chain(LONG_NAMES.iter().map(|(name, _)| *name));
        for name in every_name {
            for text in [name.to_string(), format!("at 10:00 {name}, then")] {
                assert_eq!(names_zone(&text), MENTION.is_match(&text), "{text:?}");
            }
        }
        for text in picked {
            assert_eq!(names_zone(text), MENTION.is_match(text), "{text:?}");
        }
        let mut matched = 0;
        for text in crate::rules::util::token_texts(0x9E37_79B9_7F4A_7C15, ZONE_TOKENS, 7, 40_000) {
            let expected = MENTION.is_match(&text);
            matched += usize::from(expected);
            assert_eq!(names_zone(&text), expected, "{text:?}");
        }
        assert!(
            matched > 1_000,
            "only {matched} matches: the test proves little"
        );
    }

    /// Zone after a clock that ends right before `text`, and what it consumed.
    fn after(text: &str) -> Option<(Zone, &str)> {
        zone_after(text, 0, false).map(|(zone, end)| (zone, &text[..end]))
    }

    #[test]
    fn zones_after_a_time() {
        let cases: &[(&str, Option<Zone>, &str)] = &[
            (" UTC", z(0), " UTC"),
            (" MEZ", z(60), " MEZ"),
            (" MESZ,", z(120), " MESZ"),
            (" (UTC):", z(0), " (UTC)"),
            (" ( UTC ) x", z(0), " ( UTC )"),
            ("Z", z(0), "Z"),
            ("Z.", z(0), "Z"),
            (" PST", z(-480), " PST"),
            (" PDT", z(-420), " PDT"),
            (" MST", z(-420), " MST"),
            (" MDT", z(-360), " MDT"),
            (" CST", z(-360), " CST"),
            (" CDT", z(-300), " CDT"),
            (" EST", z(-300), " EST"),
            (" EDT", z(-240), " EDT"),
            (" CET", z(60), " CET"),
            (" CEST", z(120), " CEST"),
            (" EET", z(120), " EET"),
            (" EEST", z(180), " EEST"),
            (" WAT", z(60), " WAT"),
            (" CAT", z(120), " CAT"),
            (" EAT:", z(180), " EAT"),
            (" IST", z(330), " IST"),
            (" JST", z(540), " JST"),
            (" AEST", z(600), " AEST"),
            (" BST", z(60), " BST"),
            (" GMT", z(0), " GMT"),
            (" SAST", z(120), " SAST"),
            (" (SAST+2)", z(120), " (SAST+2)"),
            (" UTC+1", z(60), " UTC+1"),
            (" UTC-5)", z(-300), " UTC-5"),
            (" (UTC-5)", z(-300), " (UTC-5)"),
            (" UTC+0", z(0), " UTC+0"),
            (" UTC+05:30", z(330), " UTC+05:30"),
            (" UTC+0530", z(330), " UTC+0530"),
            (" GMT+01:00", z(60), " GMT+01:00"),
            (" (GMT+03:00)", z(180), " (GMT+03:00)"),
            (" GMT+9 -", z(540), " GMT+9"),
            (" GMT + 1", z(60), " GMT + 1"),
            (" GMT +1:", z(60), " GMT +1"),
            ("+02:00", z(120), "+02:00"),
            (" +02:00", z(120), " +02:00"),
            ("+0200", z(120), "+0200"),
            (" -0500", z(-300), " -0500"),
            ("UTC", z(0), "UTC"),
            (
                " (Pacific Standard Time (PST))",
                z(-480),
                " (Pacific Standard Time (PST))",
            ),
            (
                " Pacific Standard Time (PST) to",
                z(-480),
                " Pacific Standard Time (PST)",
            ),
            (
                " East African Time (EAT), it",
                z(180),
                " East African Time (EAT)",
            ),
            (" West African Time", z(60), " West African Time"),
            (" West Africa Time", z(60), " West Africa Time"),
            (
                " Coordinated Universal Time",
                z(0),
                " Coordinated Universal Time",
            ),
            (" Eastern time, the", named("Eastern time"), " Eastern time"),
            (" Eastern Standard Time", z(-300), " Eastern Standard Time"),
            (" Pacific Time,", named("Pacific Time"), " Pacific Time"),
            (" (Kigali Time):", z(120), " (Kigali Time)"),
            (" (Kigali time)", z(120), " (Kigali time)"),
            (" PT", named("PT"), " PT"),
            (" WIB", named("WIB"), " WIB"),
            (" GWT** =>", named("GWT"), " GWT"),
            (" EAT (UTC+3)", z(180), " EAT (UTC+3)"),
            (" PT (UTC-7)", z(-420), " PT (UTC-7)"),
            (", UTC)", z(0), ", UTC"),
        ];
        for (text, zone, consumed) in cases {
            let got = after(text);
            assert_eq!(got.as_ref().map(|g| g.0.clone()), zone.clone(), "{text:?}");
            assert_eq!(got.map(|g| g.1), Some(*consumed), "{text:?}");
        }
    }

    #[test]
    fn not_zones_after_a_time() {
        let cases = [
            "",
            " ",
            " utc",
            " Utc",
            " NOT",
            " pst",
            "-11:00",
            " - 11:00",
            " -05:00",
            ", UTC and",
            " Z",
            "Zulu",
            "  \tUTC",
            " (Oct 22)",
            " +2",
            "+02:00:00",
            " IT team",
            " ALERT",
            " Est.",
        ];
        for text in cases {
            assert_eq!(after(text), None, "{text:?}");
        }
        // A clock with seconds may carry a glued `-hh:mm`.
        assert_eq!(zone_after("-05:00", 0, true), Some((Zone::Offset(-300), 6)));
    }

    #[test]
    fn utc_offset_is_not_a_following_time() {
        // `UTC - 11:00` is a range, so only `UTC` is the zone.
        assert_eq!(after(" UTC - 11:00"), Some((Zone::Offset(0), " UTC")));
        assert_eq!(after(" UTC -11:30 AM"), Some((Zone::Offset(0), " UTC")));
        assert_eq!(after(" UTC + 1 hour"), Some((Zone::Offset(0), " UTC")));
        assert_eq!(after(" UTC+15"), Some((Zone::Offset(0), " UTC")));
        assert_eq!(
            after(" UTC-11:00"),
            Some((Zone::Offset(-660), " UTC-11:00"))
        );
    }

    #[test]
    fn known_offsets() {
        let cases: &[(&str, Option<i32>)] = &[
            ("UTC", Some(0)),
            ("PST", Some(-480)),
            ("IST", Some(330)),
            ("east africa time", Some(180)),
            ("Pacific  Standard Time", Some(-480)),
            ("PT", None),
            ("WIB", None),
            ("Eastern Time", None),
            ("pst", None),
            ("XYZ", None),
        ];
        for (name, offset) in cases {
            assert_eq!(zone_offset(name), *offset, "{name:?}");
        }
    }

    #[test]
    fn mentions() {
        let yes = [
            "All times are in UTC.",
            "at 10:00 PST",
            "UTC+1",
            "(GMT+01:00)",
            "10:00Z",
            "2023-10-07T10:00:00Z",
            "at 10:00 +02:00",
            "Times are Pacific Standard Time.",
            "East Africa Time",
            "West African Time",
            "Coordinated Universal Time",
            "Eastern Time",
            "in Kigali time",
            "CAT",
            "10:00 ICT",
            "08:00 GWT",
            "EAT",
            "WIB",
            "•\tbetween 10:00 and 11:00 EAT 🚨",
            "from 10:45 to 12:15 SAST",
            "01:00 AM to 02:30 AM (SAST)",
            "all times SAST",
        ];
        for text in yes {
            assert!(mentions_zone(text), "{text:?}");
        }
        let no = [
            "",
            "The cat sat on the mat.",
            "Est. cost",
            "utc",
            "UTCOFFSET",
            "Z",
            "Zone Z",
            "at 10:00 AM",
            "the ICT department",
            "GST invoice",
            "east of here at 10:00",
            "MY_UTC_VAR",
            "pacific standard time",
        ];
        for text in no {
            assert!(!mentions_zone(text), "{text:?}");
        }
    }

    /// Zones of the tz database, and notes naming a North American region.
    #[test]
    fn zone_notes() {
        for text in [
            "## Timeline (Europe/London)",
            "times in America/New_York",
            "(US/Pacific)",
            "(all times Pacific)",
            "All times are Eastern.",
            "Times in Central, approximate",
        ] {
            assert!(notes_zone(text), "{text:?}");
        }
        for text in [
            "deployed service/Foo",
            "the Central database failed",
            "Pacific/ocean",
            "and/Or",
            "all times were approximate",
            "",
        ] {
            assert!(!notes_zone(text), "{text:?}");
        }
        assert_eq!(generic_offset("PT"), Some(-480));
        assert_eq!(generic_offset("Eastern  time"), Some(-300));
        assert_eq!(generic_offset("PST"), None);
        assert_eq!(generic_offset("Pacific Standard Time"), None);
    }
}
