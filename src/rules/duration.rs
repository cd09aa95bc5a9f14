//! Duration rules: PM201 (missing-duration), PM202 (duration-mismatch).
//! Catalogue entries: `rules/PM201-missing-duration.toml`, `rules/PM202-duration-mismatch.toml`.
//!
//! A duration is stated as a length (`3 hours`) or a range (`from 10:00 to
//! 11:30`, or labelled start and end times) in the summary, the preamble, the
//! Impact section, a `Duration` line anywhere, the line after a bare `Duration` label or
//! heading, or the YAML front matter (`duration`, or `start` and `end` keys).
//! For PM201 only, the first and last days of an outage told by the day
//! count too (see [`day_range_stated`]). A length or range a hard wrap
//! splits over two lines of one paragraph or list item is found too (see
//! [`wrapped_pairs`]).

use super::Context;
use super::util::{Wrap, document_span, source_span, summary_and_preamble, wrapped_pairs};
use crate::catalogue;
use crate::diagnostic::Diagnostic;
use crate::outline::{Line, LineKind, normalize_heading};
use crate::sections::ids;
use crate::time::matcher::{self, Class, Grammar, Node, Pattern, lit, opt};
use crate::time::{self, DateOrder, Length, TimeRange, Timestamp};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A `Duration` label at the start of a line (`Duration:`, `**Total
/// downtime**:`, `Impact: outage duration`), as a regex (Unicode classes):
/// the specification [`duration_label_grammar`] is tested against.
#[cfg(test)]
const DURATION_LABEL_PATTERN: &str = r"(?i)^\W*(?:[^:\n]{0,30}:\W*)?(?:(?:total|outage|incident|downtime)\s+)?(?:duration|downtime)\b[^:\n]{0,30}?(?::|$)";

/// [`DURATION_LABEL_PATTERN`] as a grammar. `not_word`, `space` and
/// `boundary` are its `\W`, `\s` and `\b`: their ASCII forms for ASCII
/// text, their Unicode forms (read by regex-syntax) for other text. The
/// lazy `[^:\n]{0,30}?` before `(?::|$)` ends where a greedy one does (it
/// cannot pass a colon, and `$` is only the end); `{0,30}` counts chars, as
/// the regex does. The label words hold no `s` or `k`, the only ASCII
/// letters `(?i)` gives other forms. Compiling the regex cost about 2 ms,
/// most of a one-file run.
fn duration_label_grammar(not_word: Class, space: Class, boundary: Node) -> Grammar {
    let not_word = || Node::Repeat(not_word, 0, usize::MAX);
    let label_text = || Node::Repeat(Class::NOT_COLON_OR_NEWLINE, 0, 30);
    Grammar::new(Node::Seq(vec![
        not_word(),
        opt(Node::Seq(vec![label_text(), lit(":"), not_word()])),
        opt(Node::Seq(vec![
            Node::words(&["total", "outage", "incident", "downtime"]),
            Node::Repeat(space, 1, usize::MAX),
        ])),
        Node::words(&["duration", "downtime"]),
        boundary,
        label_text(),
        Node::alt(vec![lit(":"), Node::End]),
    ]))
}

/// [`duration_label_grammar`] for ASCII text.
static DURATION_LABEL_ASCII: LazyLock<Grammar> = LazyLock::new(|| {
    duration_label_grammar(
        Class::ASCII_NOT_WORD,
        Class::ASCII_SPACE,
        Node::WordBoundary,
    )
});

/// [`duration_label_grammar`] for text with other characters.
static DURATION_LABEL_UNICODE: LazyLock<Grammar> = LazyLock::new(|| {
    duration_label_grammar(
        Class::unicode(r"\W"),
        Class::unicode(r"\s"),
        Node::unicode_boundary(),
    )
});

/// Where the `Duration` label at the start of `text` ends, if it has one.
fn duration_label_end(text: &str) -> Option<usize> {
    let grammar = if text.is_ascii() {
        &DURATION_LABEL_ASCII
    } else {
        &DURATION_LABEL_UNICODE
    };
    matcher::match_at(grammar, text, 0).map(|m| m.end)
}
/// What may follow a start or end label before its time: `: `, ` - `, `**:** `,
/// ` at `, ` on `, ` around `, ` approximately `.
const LABEL_TAIL: &str =
    r"(?:\s*\**\s*[:\-–]\s*\**|\s+(?:at|on|by|around|about|approximately|approx\.?|roughly|~))*\s*";

/// A start label and its tail (`Start time: `, `began at `, `will begin at `,
/// `Time of outage - `).
static START_LABEL: Pattern = Pattern::new(
    || {
        label_grammar(vec![
            Node::Seq(vec![
                Node::words(&["start"]),
                opt(Node::words(&["ed"])),
                opt(Node::Seq(vec![space(1), Node::words(&["time"])])),
            ]),
            Node::words(&["began", "begun", "beginning", "begins", "begin"]),
            Node::Seq(vec![
                Node::words(&["outage"]),
                space(1),
                Node::words(&["start"]),
                opt(Node::words(&["ed"])),
            ]),
            Node::Seq(vec![
                Node::words(&["time"]),
                space(1),
                Node::words(&["of"]),
                space(1),
                Node::words(&["outage", "incident"]),
            ]),
        ])
    },
    || {
        Regex::new(&format!(
            r"(?i)\b(?:start(?:ed)?(?:\s+time)?|began|begun|beginning|begins?|outage\s+start(?:ed)?|time\s+of\s+(?:outage|incident)){LABEL_TAIL}"
        ))
        .expect("valid regex")
    },
);

/// An end label and its tail (`End time: `, `resolved by `, `Mitigated - `).
static END_LABEL: Pattern = Pattern::new(
    || {
        label_grammar(vec![
            Node::Seq(vec![
                Node::words(&["end"]),
                opt(Node::words(&["ed"])),
                opt(Node::Seq(vec![space(1), Node::words(&["time"])])),
            ]),
            Node::words(&["resolved", "restored", "recovered", "fixed", "mitigated"]),
            Node::Seq(vec![
                Node::words(&["resolution"]),
                space(1),
                Node::words(&["time"]),
            ]),
        ])
    },
    || {
        Regex::new(&format!(
            r"(?i)\b(?:end(?:ed)?(?:\s+time)?|resolved|restored|recovered|fixed|mitigated|resolution\s+time){LABEL_TAIL}"
        ))
        .expect("valid regex")
    },
);

/// `\s{min,}`: Unicode white space, as regex-syntax reads `\s`.
fn space(min: usize) -> Node {
    static SPACE: LazyLock<Class> = LazyLock::new(|| Class::unicode(r"\s"));
    Node::Repeat(*SPACE, min, usize::MAX)
}

/// `(?i)\b(?:<labels>){LABEL_TAIL}` as a grammar.
fn label_grammar(labels: Vec<Node>) -> Grammar {
    let stars = || Node::Repeat(Class::ascii(matcher::ascii_set(b"*")), 0, usize::MAX);
    let tail = Node::Seq(vec![
        Node::star(Node::alt(vec![
            Node::Seq(vec![
                space(0),
                stars(),
                space(0),
                Node::Repeat(Class::ascii_and(matcher::ascii_set(b":-"), &['–']), 1, 1),
                space(0),
                stars(),
            ]),
            Node::Seq(vec![
                space(1),
                Node::alt(vec![
                    Node::words(&["at", "on", "by", "around", "about", "approximately"]),
                    Node::Seq(vec![Node::words(&["approx"]), opt(lit("."))]),
                    Node::words(&["roughly"]),
                    lit("~"),
                ]),
            ]),
        ])),
        space(0),
    ]);
    Grammar::new(Node::Seq(vec![
        Node::unicode_boundary(),
        Node::alt(labels),
        tail,
    ]))
}

/// What, right before a length, makes it the outage's length: `lasted 3 hours`,
/// `down for about 2 hours`, `a duration of 45 minutes`, `spanning 120 minutes`;
/// in Spanish `duró 2 horas`, `Duración: 3 horas`, `durante unos 40 minutos`;
/// in German `Dauer: 90 Minuten`, `dauerte 2 Stunden`.
static LENGTH_BEFORE: Pattern = Pattern::new(
    || {
        Grammar::new(Node::Seq(vec![
            Node::alt(vec![
                Node::words(&[
                    "lasted", "lasting", "last", "for", "duration", "downtime", "outage",
                ]),
                Node::Seq(vec![
                    Node::words(&["span"]),
                    opt(Node::words(&["ning", "ned"])),
                ]),
                Node::words(&["spanned"]),
                Node::Seq(vec![
                    Node::words(&["total"]),
                    opt(Node::words(&["ling", "ing"])),
                ]),
                Node::words(&[
                    "took",
                    "persisted",
                    "unavailable",
                    "durante",
                    "dauerte",
                    "dauer",
                ]),
                // `duró`, `duración` (`(?i)` folds `ó` and `Ó` together).
                Node::Seq(vec![
                    Node::words(&["dur"]),
                    Node::alt(vec![
                        Node::alt(vec![lit("ó"), lit("Ó")]),
                        Node::Seq(vec![
                            Node::words(&["aci"]),
                            Node::alt(vec![lit("ó"), lit("Ó")]),
                            Node::words(&["n"]),
                        ]),
                    ]),
                ]),
            ]),
            Node::star(Node::Seq(vec![
                space(1),
                Node::alt(vec![
                    Node::words(&[
                        "of",
                        "was",
                        "is",
                        "about",
                        "approximately",
                        "roughly",
                        "nearly",
                        "almost",
                        "over",
                        "around",
                        "exactly",
                        "just",
                        "de",
                        "unos",
                        "unas",
                        "aproximadamente",
                        "casi",
                    ]),
                    Node::Seq(vec![
                        Node::words(&["a"]),
                        space(1),
                        Node::words(&["total"]),
                        space(1),
                        Node::words(&["of"]),
                    ]),
                    lit("~"),
                ]),
            ])),
            Node::Repeat(Class::unicode(r"[\s:~]"), 0, usize::MAX),
            Node::End,
        ]))
    },
    || {
        Regex::new(r"(?i)(?:lasted|lasting|last|for|duration|downtime|outage|span(?:ning|ned)?|spanned|total(?:ling|ing)?|took|persisted|unavailable|durante|dauerte|dauer|dur(?:ó|ación))(?:\s+(?:of|was|is|about|approximately|roughly|nearly|almost|over|around|exactly|just|de|unos|unas|aproximadamente|casi|a\s+total\s+of|~))*[\s:~]*$")
            .expect("valid regex")
    },
);

/// What, right after a length, makes it the outage's length: `a 3-hour outage`.
static LENGTH_AFTER: Pattern = Pattern::new(
    || {
        Grammar::new(Node::Seq(vec![
            Node::Repeat(Class::unicode(r"[\s-]"), 0, usize::MAX),
            opt(Node::Seq(vec![Node::words(&["long"]), space(1)])),
            Node::alt(vec![
                Node::words(&[
                    "outage",
                    "downtime",
                    "disruption",
                    "interruption",
                    "incident",
                ]),
                Node::Seq(vec![
                    Node::words(&["service"]),
                    space(1),
                    Node::words(&["outage"]),
                ]),
            ]),
        ]))
    },
    || {
        Regex::new(r"(?i)^[\s-]*(?:long\s+)?(?:outage|downtime|disruption|interruption|incident|service\s+outage)")
            .expect("valid regex")
    },
);

/// Whether a length is that of the range right before it: `before` (the
/// text before the length, less a rounding word but not a bound such as
/// `under`: [`approximation_start`])
/// ends with a range and an opening parenthesis (`from 10:00 to 10:30 UTC
/// (3 hours)`, `(about 3 hours)`), or with a range and a comma when
/// `after` (the text after it) says `in total` (`from 10:00 to 10:30 UTC, 3
/// hours in total`).
fn follows_range(before: &str, after: &str, order: DateOrder) -> bool {
    let before = before[..approximation_start(before, false).unwrap_or(before.len())].trim_end();
    let pre = match before.strip_suffix('(') {
        Some(pre) => pre,
        None => match before.strip_suffix(',') {
            Some(pre)
                if after
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("in total") =>
            {
                pre
            }
            _ => return false,
        },
    };
    let pre = pre.trim_end();
    ranges_in(pre, order).any(|r| r.span.end == pre.len())
}

/// What several ranges stated before a length add up to, in seconds, read
/// from the length's text before it and, for a length on a line, the two
/// lines before it of the same paragraph or list item; `None` with fewer
/// than two ranges. A length after `from 10:00 to 10:45 and from 11:00 to
/// 11:20, 65 minutes in total` may be both ranges'. (Ranges that overlap
/// are added as they are: the time they cover together could as well be a
/// maintenance window's around the outage.)
fn total_before(lines: &[Line], place: &Place, end: usize, order: DateOrder) -> Option<i64> {
    let mut ranges = Vec::new();
    if let Place::Line(i) = *place {
        for k in i.saturating_sub(2)..i {
            if lines[k].block == lines[i].block {
                ranges.extend(ranges_in(&lines[k].text, order));
            }
        }
    }
    ranges.extend(ranges_in(&place.text(lines)[..end], order));
    (ranges.len() >= 2).then(|| ranges.iter().map(TimeRange::seconds).sum())
}

/// A stated length or range, with where it is (a line index, or the front matter).
struct Found<T> {
    value: T,
    span: Range<usize>,
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let order = ctx.config.date_order();
    let lines = &ctx.outline.lines;
    // Duration lines: labelled lines anywhere, and the first line after a bare label or heading.
    let mut duration_lines = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let is_heading = ctx.outline.heading_at[i].is_some();
        // The label needs `duration` or `downtime`, in any case: `(?i)` gives
        // their letters no other forms than ASCII ones (only `k` and `s` have).
        let named = names_duration(&line.text);
        let labelled = named.then(|| duration_label_end(&line.text)).flatten();
        // Normalising only lower-cases and splits words: a normalised
        // `duration` needs the ASCII letters in the text.
        let bare_heading = is_heading
            && named
            && crate::sections::contains_words(&normalize_heading(&line.text), "duration");
        // A table with a duration column (`| Users | Incident Duration |`):
        // its first row states the length.
        if named
            && line.kind == (LineKind::TableRow { header: true })
            && lines
                .get(i + 1)
                .is_some_and(|row| row.kind == LineKind::TableRow { header: false })
        {
            duration_lines.push(i + 1);
            continue;
        }
        if let Some(m) = labelled {
            duration_lines.push(i);
            if (line.text[m..].trim().is_empty() || bare_heading)
                && let Some(next) = (i + 1..lines.len()).find(|&j| !lines[j].text.trim().is_empty())
            {
                duration_lines.push(next);
            }
        } else if bare_heading
            && let Some(next) = (i + 1..lines.len()).find(|&j| !lines[j].text.trim().is_empty())
        {
            duration_lines.push(next);
        }
    }
    let mut summary = summary_and_preamble(ctx);
    // The Impact section too: templates (Atlassian's) say how long users
    // were affected there (`Checkout was unavailable for 47 minutes`).
    summary.extend(
        ctx.outline
            .sections_named(ids::IMPACT)
            .flat_map(|s| s.content.iter().copied()),
    );

    // Lengths first. PM201 needs to know whether any length is stated, PM202
    // the first one stated as the outage's: on a duration line any length,
    // in the summary one with `lasted`, `a 3-hour outage` around it.
    let mut length: Option<Found<Length>> = None;
    // Where the length was found: its span is a range of this place's text.
    let mut place: Option<Place> = None;
    let mut any_length = false;
    for &i in &duration_lines {
        let line = &lines[i];
        // A bare clock length (`04:40:13`) only before any start–end range
        // written on the line (`Duration: 01:30:00, from 10:00 to 11:30`;
        // a clock after it is a time: `(detected at 10:05)`).
        let found = time::find_length(&line.text).or_else(|| {
            time::parse_clock_length(&line.text).filter(|l| {
                time::find_range(&line.text, order).is_none_or(|r| l.span.end <= r.start.span.start)
            })
        });
        if let Some(l) = found {
            any_length = true;
            length = Some(Found {
                span: source_span(ctx, line, l.span.clone()),
                value: l,
            });
            place = Some(Place::Line(i));
            break; // later lengths change nothing
        }
    }
    // The outage's length in a text of the summary: one with `lasted`, `a
    // 3-hour outage` around it.
    let outage_length = |text: &str| {
        let l = time::find_length(text)?;
        let before = &text[..l.span.start];
        let after = &text[l.span.end..];
        let outage = (LENGTH_BEFORE.find_from(before, 0).is_some()
            || LENGTH_AFTER.find_at_start(after).is_some()
            || follows_range(before, after, order))
            && !measures_something_else(after);
        Some((l, outage))
    };
    if length.is_none() {
        for &i in &summary {
            let line = &lines[i];
            let Some((l, outage)) = outage_length(&line.text)
                .or_else(|| resolution_clock_length(&line.text).map(|l| (l, true)))
            else {
                continue;
            };
            any_length = any_length || outage || states_length(&line.text, &l.span);
            if outage {
                let (l, at) = match across_wrap(lines, i, &l) {
                    // Read whole, it times something else (`lasted 1 hour` /
                    // `and 30 minutes later ...`), as it would on one line.
                    Some((l, Place::Wrap(wrap)))
                        if measures_something_else(&wrap.text[l.span.end..]) =>
                    {
                        continue;
                    }
                    Some(found) => found,
                    None => (l, Place::Line(i)),
                };
                length = Some(Found {
                    span: at.source_span(ctx, l.span.clone()),
                    value: l,
                });
                place = Some(at);
                break; // later lengths change nothing
            }
        }
    }
    // A length a hard wrap splits (`lasted about 2` / `hours`): looked for
    // across two lines only when none is found on one.
    if length.is_none() {
        for wrap in wrapped_pairs(lines, &summary) {
            if let Some((l, outage)) = outage_length(&wrap.text) {
                any_length = any_length || outage || states_length(&wrap.text, &l.span);
                if outage {
                    length = Some(Found {
                        span: joined_span(ctx, &wrap, l.span.clone()),
                        value: l,
                    });
                    place = Some(Place::Wrap(wrap));
                    break;
                }
            }
        }
    }
    // A range matters only to PM201 when no length is stated, and to PM202
    // when a length is taken as the outage's: with only other lengths in the
    // summary neither rule can fire, so no range is searched for.
    let range = if length.is_some() || !any_length {
        duration_lines
            .iter()
            .chain(&summary)
            .find_map(|&i| {
                let line = &lines[i];
                time::find_range(&line.text, order).map(|r| Found {
                    span: source_span(ctx, line, r.span.clone()),
                    value: r,
                })
            })
            .or_else(|| {
                let candidates: Vec<usize> =
                    summary.iter().chain(&duration_lines).copied().collect();
                labelled_range(ctx, &candidates, order)
                    .or_else(|| {
                        // A range a hard wrap splits (`from 14:02` / `to 15:20 UTC`).
                        wrapped_pairs(lines, &candidates).find_map(|wrap| {
                            time::find_range(&wrap.text, order).map(|r| Found {
                                span: joined_span(ctx, &wrap, r.span.clone()),
                                value: r,
                            })
                        })
                    })
                    .or_else(|| table_range(ctx, &candidates, order))
            })
    } else {
        None
    };
    if !any_length
        && range.is_none()
        && !front_matter(ctx, order)
        && !front_matter_summary_states_duration(ctx, order)
        && !day_range_stated(ctx, &duration_lines, &summary, order)
    {
        let span = ctx.outline.sections_named(ids::SUMMARY).next().map_or_else(
            || document_span(ctx),
            |s| ctx.outline.heading_of(s).span.clone(),
        );
        out.push(
            Diagnostic::new("PM201", span, "no outage duration stated")
                .with_help("state how long the outage lasted in the summary, e.g. `Duration: 90 minutes (10:00–11:30 UTC)`"),
        );
        return;
    }
    let Some((l, place)) = length.zip(place) else {
        return;
    };
    // A range tied to the length on its line is the one it measures
    // (`lasted 45 minutes, from 06:10 to 06:55`, `from 02:35 to 03:10 (35
    // minutes)`); else the first range found. (With no range found, the
    // length's line, one of those searched, holds none.)
    let own = range
        .as_ref()
        .and_then(|_| tied_range(place.text(lines), &l.value.span, order))
        .map(|r| Found {
            span: place.source_span(ctx, r.span.clone()),
            value: r,
        });
    let alone = own.is_some();
    // A range whose days are unknown (`from 10:00 to Tuesday 11:00`) states
    // the outage's times for PM201, but has no length to compare.
    if let Some(r) = own
        .or(range)
        .filter(|r| r.value.days != time::WeekdayDays::Unknown)
    {
        let stated = l.value.seconds as i64;
        let between = r.value.seconds();
        // A length said to be rounded (`about an hour`, `~2 hours`) may be
        // off by a quarter of the range; any other by a tenth of it (the
        // catalogue's `tolerance-*` parameters).
        let tolerance = &*TOLERANCE;
        let percent = if is_approximate(ctx.source.get(..l.span.start).unwrap_or("")) {
            tolerance.percent_rounded
        } else {
            tolerance.percent
        };
        let mismatched = |between: i64| {
            let diff = (stated - between).abs();
            diff > tolerance.minutes * 60 && diff * 100 > percent * between
        };
        // The first range, when none is tied to the length, may time
        // something else (`the nightly reindex ran from 01:00 to 05:00`): a
        // length that agrees with any other range stated where the first was
        // looked for is the outage's.
        let agrees = |r: &TimeRange| {
            let between = r.seconds();
            r.days != time::WeekdayDays::Unknown && between > 0 && !mismatched(between)
        };
        // A total after several ranges may be theirs.
        let total_agrees = || {
            total_before(lines, &place, l.value.span.start, order)
                .is_some_and(|total| total > 0 && !mismatched(total))
        };
        if between > 0
            && mismatched(between)
            && (alone || !any_range(ctx, &duration_lines, &summary, order, agrees))
            && !total_agrees()
        {
            out.push(
                Diagnostic::new(
                    "PM202",
                    l.span,
                    format!(
                        "stated outage length ({} minutes) does not match its start and end times ({} minutes)",
                        minutes(stated),
                        minutes(between)
                    ),
                )
                .with_label(r.span, format!("this range is {} minutes", minutes(between)))
                .with_help("correct the length or the start and end times so that they agree"),
            );
        }
    }
}

/// Where a length was found: a line (its index), or two lines a hard wrap
/// splits ([`Wrap`]).
enum Place {
    Line(usize),
    Wrap(Wrap),
}

impl Place {
    /// The text the length's span is a range of.
    fn text<'a>(&'a self, lines: &'a [Line]) -> &'a str {
        match self {
            Place::Line(i) => &lines[*i].text,
            Place::Wrap(wrap) => &wrap.text,
        }
    }

    /// The source span (byte offsets) of `span`, a range of [`Place::text`].
    fn source_span(&self, ctx: &Context, span: Range<usize>) -> Range<usize> {
        match self {
            Place::Line(i) => source_span(ctx, &ctx.outline.lines[*i], span),
            Place::Wrap(wrap) => joined_span(ctx, wrap, span),
        }
    }
}

/// The length `l` of line `i` read on across a hard wrap when the line ends
/// within it (`(1 hour 45` / `minutes)` is 105 minutes, not 60; `lasted 1
/// hour` / `and 45 minutes`): a length of the joined text ([`wrapped_pairs`])
/// that starts where `l` does and ends on the next line. `None` when what
/// follows `l` on its line is more than a few bytes or ends a clause.
fn across_wrap(lines: &[Line], i: usize, l: &Length) -> Option<(Length, Place)> {
    let text = &lines[i].text;
    let rest = text[l.span.end..].trim();
    if rest.len() > 12 || rest.contains(['.', ',', ';', ':', ')', '(', '!', '?']) {
        return None;
    }
    let wrap = wrapped_pairs(lines, std::slice::from_ref(&i)).next()?;
    let start = l.span.start.checked_sub(wrap.tail_start)?;
    let tail = text.len() - wrap.tail_start;
    let joined = time::find_length(&wrap.text[start..])?;
    (joined.span.start == 0 && start + joined.span.end > tail).then(|| {
        let span = start..start + joined.span.end;
        (
            Length {
                seconds: joined.seconds,
                span,
            },
            Place::Wrap(wrap),
        )
    })
}

/// The time range of `text` the length at `length` (byte offsets) is tied
/// to: one right before it with only spaces, punctuation and a rounding word
/// between (`from 02:35 to 03:10 UTC (about 35 minutes)`, `10:00–10:30, 30
/// minutes in total`), or one right after it with only those and an opener
/// (`lasted 45 minutes, from 06:10 to 06:55`, `for 70 minutes (09:12–09:52)`).
fn tied_range(text: &str, length: &Range<usize>, order: DateOrder) -> Option<TimeRange> {
    let punctuation = |c: char| c.is_whitespace() || matches!(c, '(' | ',' | '-' | '–' | '—' | ':');
    // Where a range right before the length may end: before a rounding word.
    let before_end = approximation_start(&text[..length.start], false).unwrap_or(length.start);
    ranges_in(text, order).find(|r| {
        if r.span.end <= before_end {
            text[r.span.end..before_end]
                .trim_matches(punctuation)
                .is_empty()
        } else if r.span.start >= length.end {
            let words = text[length.end..r.span.start].trim_matches(punctuation);
            words.is_empty() || time::OPENERS.iter().any(|o| o.eq_ignore_ascii_case(words))
        } else {
            false
        }
    })
}

/// Whether `wanted` holds for any time range stated on `duration_lines` or
/// `summary` (line indexes; every range of a line, not only its first:
/// [`ranges_in`]), across a hard wrap between two of them, or by labelled
/// start and end times ([`labelled_range`]). Searched only after the first
/// range disagrees with a stated length, so its cost is paid by few files.
fn any_range(
    ctx: &Context,
    duration_lines: &[usize],
    summary: &[usize],
    order: DateOrder,
    wanted: impl Fn(&TimeRange) -> bool,
) -> bool {
    let lines = &ctx.outline.lines;
    let candidates: Vec<usize> = duration_lines.iter().chain(summary).copied().collect();
    candidates
        .iter()
        .any(|&i| ranges_in(&lines[i].text, order).any(|r| wanted(&r)))
        || wrapped_pairs(lines, &candidates)
            .any(|wrap| ranges_in(&wrap.text, order).any(|r| wanted(&r)))
        || labelled_range(ctx, &candidates, order).is_some_and(|r| wanted(&r.value))
}

/// How many ranges [`ranges_in`] gives at most.
const MAX_RANGES: usize = 8;

/// Every time range of `text` (at most [`MAX_RANGES`]), left to right, its
/// spans ranges of `text`:
/// [`time::find_range`] again after the end of each one found (a range with
/// a bare end before a range written in full on the same line is not among
/// them).
fn ranges_in(text: &str, order: DateOrder) -> impl Iterator<Item = TimeRange> + '_ {
    let mut pos = 0;
    // Each search may read to the text's end (for a range written in full
    // before taking one with a bare end): a bounded number of them keeps
    // the whole linear.
    let mut searches = 0;
    std::iter::from_fn(move || {
        searches += 1;
        if searches > MAX_RANGES {
            return None;
        }
        let mut r = time::find_range(text.get(pos..)?, order)?;
        for span in [&mut r.span, &mut r.start.span, &mut r.end.span] {
            *span = pos + span.start..pos + span.end;
        }
        pos = r.span.end.max(pos + 1);
        Some(r)
    })
}

/// How far PM202 lets a stated length and its range differ: by at most
/// `minutes`, or by at most `percent` of the range (`percent_rounded` for a
/// length said to be rounded). From the catalogue's `tolerance-minutes`,
/// `tolerance-percent` and `tolerance-percent-rounded` (5, 10 and 25 when
/// absent).
struct Tolerance {
    minutes: i64,
    percent: i64,
    percent_rounded: i64,
}

static TOLERANCE: LazyLock<Tolerance> = LazyLock::new(|| {
    let rule = catalogue::get("PM202");
    let get = |key: &str, default: i64| rule.and_then(|r| r.integer(key)).unwrap_or(default);
    Tolerance {
        minutes: get("tolerance-minutes", 5),
        percent: get("tolerance-percent", 10),
        percent_rounded: get("tolerance-percent-rounded", 25),
    }
});

/// Whether [`START_LABEL`] can match `text` (a necessary condition): each of
/// its labels holds `start`, `beg` or `time` in some case, which `(?i)` reads
/// ASCII-only but for `s` (also `ſ`).
fn may_label_start(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    text.contains('ſ') || ["start", "beg", "time"].iter().any(|w| lower.contains(w))
}

/// Whether `text` contains `duration` or `downtime` in any ASCII case.
fn names_duration(text: &str) -> bool {
    // Every line of every file is searched: a vectorised search for the `d`s.
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'd', b'D', bytes).any(|i| {
        bytes.get(i + 1..i + 8).is_some_and(|rest| {
            rest.eq_ignore_ascii_case(b"uration") || rest.eq_ignore_ascii_case(b"owntime")
        })
    })
}

/// A clock-style length after a time-to-resolve label at the start of
/// `text` (`TTR: 1:12`, `Time to resolve — 1:12`, `**Time to recovery
/// (TTR):** 0:47`): the outage's length, read as on a `Duration` line
/// ([`time::parse_clock_length`]). Its span is a range of `text`.
fn resolution_clock_length(text: &str) -> Option<Length> {
    const LABELS: &[&str] = &[
        "ttr",
        "mttr",
        "time to resolve",
        "time to resolution",
        "time to recover",
        "time to recovery",
        "time to restore",
        "time to mitigate",
        "time to mitigation",
        "time to repair",
    ];
    let start = text.find(|c: char| c.is_alphanumeric())?;
    let rest = &text[start..];
    // Every summary line without a length comes here: each label starts
    // with `tt`, `mt` or `ti`.
    let &[a, b, ..] = rest.as_bytes() else {
        return None;
    };
    if !matches!(
        (a.to_ascii_lowercase(), b.to_ascii_lowercase()),
        (b't', b't') | (b'm', b't') | (b't', b'i')
    ) {
        return None;
    }
    let label = LABELS.iter().find(|l| {
        rest.get(..l.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(l))
            && !rest[l.len()..].starts_with(|c: char| c.is_alphanumeric())
    })?;
    let mut after = rest[label.len()..].trim_start();
    // `(TTR)` after the words.
    if let Some(close) = after.strip_prefix('(').and_then(|a| a.find(')')) {
        after = after[close + 2..].trim_start();
    }
    let after = after.trim_start_matches(['*', '_']);
    let value = after
        .strip_prefix([':', '-', '–', '—', '='])?
        .trim_start_matches(['*', '_', ' ', '\t', '\u{a0}']);
    let at = text.len() - value.len();
    let l = time::parse_clock_length(value)?;
    // The clock must be the value itself, not a time later in a sentence.
    (l.span.start == 0).then(|| Length {
        seconds: l.seconds,
        span: at + l.span.start..at + l.span.end,
    })
}

fn minutes(seconds: i64) -> String {
    let m = seconds as f64 / 60.0;
    if (m - m.round()).abs() < 0.05 {
        format!("{}", m.round() as i64)
    } else {
        format!("{m:.1}")
    }
}

/// Labelled start and end times (`Start Time: 10:45 AM` … `End Time: 1:30 PM`,
/// `began at 14:02 … resolved by 15:10`) in the given lines, as a range.
fn labelled_range(
    ctx: &Context,
    candidates: &[usize],
    order: DateOrder,
) -> Option<Found<TimeRange>> {
    let lines = &ctx.outline.lines;
    let mut start: Option<(usize, Timestamp)> = None;
    let mut end: Option<(usize, Timestamp)> = None;
    for &i in candidates {
        let text = &lines[i].text;
        if start.is_none() && may_label_start(text) {
            start = labelled_time(text, &START_LABEL, order)
                .map(|t| (i, t))
                .or_else(|| time_on_next_line(lines, i, &START_LABEL, order));
        }
        if let Some((si, st)) = &start {
            let from = if *si == i { st.span.end } else { 0 };
            if end.is_none() {
                end = text
                    .get(from..)
                    .and_then(|rest| labelled_time(rest, &END_LABEL, order))
                    .map(|mut t| {
                        t.span = t.span.start + from..t.span.end + from;
                        (i, t)
                    })
                    .or_else(|| {
                        (*si <= i)
                            .then(|| time_on_next_line(lines, i, &END_LABEL, order))
                            .flatten()
                    });
            }
        }
        if start.is_some() && end.is_some() {
            break;
        }
    }
    let ((si, s), (ei, e)) = (start?, end?);
    let s_span = source_span(ctx, &lines[si], s.span.clone());
    let e_span = source_span(ctx, &lines[ei], e.span.clone());
    let span = s_span.start.min(e_span.start)..s_span.end.max(e_span.end);
    let span = if si == ei { span } else { s_span };
    // Weekday names before both times give the days between them (`Start:
    // Monday 22:00 UTC` … `End: Wednesday 09:00 UTC`).
    let days = time::weekday_days(
        time::weekday_before(&lines[si].text, s.span.start),
        time::weekday_before(&lines[ei].text, e.span.start),
        s.date.is_some() || e.date.is_some(),
    );
    Some(Found {
        value: TimeRange {
            span: s.span.start..e.span.end,
            start: s,
            end: e,
            days,
        },
        span,
    })
}

/// The start and end times in the one row of a table whose header names a
/// start column and an end column (`| Date | Start (UTC) | End (UTC) |` over
/// `| 2023-09-19 | 15:20 | 18:05 |`; `Started` … `Resolved`), as Jira and
/// Confluence exports state an outage; `candidates` are line indexes, the
/// header row among them. A table of several rows (by region, by phase)
/// states no one outage. The end column is the first headed `End`,
/// `Ended`, `Resolved`, `Recovered` or `Restored`, else `Mitigated`.
fn table_range(ctx: &Context, candidates: &[usize], order: DateOrder) -> Option<Found<TimeRange>> {
    let lines = &ctx.outline.lines;
    candidates.iter().find_map(|&i| {
        let header = &lines[i];
        if header.kind != (LineKind::TableRow { header: true }) {
            return None;
        }
        let body = |k: usize| {
            lines
                .get(k)
                .filter(|r| r.kind == LineKind::TableRow { header: false })
        };
        let row = body(i + 1)?;
        if body(i + 2).is_some() {
            return None;
        }
        let heads: Vec<String> = crate::outline::cell_ranges(&header.text)
            .map(|c| normalize_heading(&header.text[c]))
            .collect();
        let column = |words: &[&str]| {
            heads
                .iter()
                .position(|h| h.split(' ').next().is_some_and(|w| words.contains(&w)))
        };
        let start_col = column(&["start", "started", "began", "begin"])?;
        let end_col = column(&["end", "ended", "resolved", "recovered", "restored"])
            .or_else(|| column(&["mitigated"]))?;
        let row_cells: Vec<Range<usize>> = crate::outline::cell_ranges(&row.text).collect();
        let time_in = |col: usize| {
            let cell = row_cells.get(col)?.clone();
            let mut t = time::find_timestamp(&row.text[cell.clone()], order)?;
            t.span = t.span.start + cell.start..t.span.end + cell.start;
            Some(t)
        };
        let (s, e) = (time_in(start_col)?, time_in(end_col)?);
        let days = time::weekday_days(None, None, s.date.is_some() || e.date.is_some());
        let both = s.span.start.min(e.span.start)..s.span.end.max(e.span.end);
        let span = source_span(ctx, row, both.clone());
        Some(Found {
            value: TimeRange {
                span: both,
                start: s,
                end: e,
                days,
            },
            span,
        })
    })
}

/// Whether the outage's first and last days are stated, for an outage told by
/// the day: two dates joined as a range's times are (`to`, `until`, a dash,
/// …: [`time::connector_len`]) on a Duration line (`Duration: September 28th to September 29th, 2023`)
/// or anywhere in one of the summary's first lines (`On 29 April 2022 - 30 April 2022, ...`); or a
/// line starting with a start label and one starting with an end label, each
/// label followed by a date (`Start: Wednesday, 2018-08-22` … `End: Thursday,
/// 2018-08-23`). Counts for PM201 only: days cannot be checked against a
/// stated length (PM202).
fn day_range_stated(
    ctx: &Context,
    duration_lines: &[usize],
    summary: &[usize],
    order: DateOrder,
) -> bool {
    let lines = &ctx.outline.lines;
    // On a Duration line, or anywhere in a sentence of the summary's first
    // lines (`On 29 April 2022 - 30 April 2022 a typo ...`), where it says
    // when it happened: a long preamble is not searched through.
    let first_summary_lines = summary
        .iter()
        .filter(|&&i| !lines[i].text.trim().is_empty())
        .take(DAY_RANGE_LINES);
    if duration_lines
        .iter()
        .chain(first_summary_lines)
        .any(|&i| dates_joined_in(&lines[i].text, order))
    {
        return true;
    }
    // A label at the start of the line: its first letter is the label's
    // (`start`, `began`, `outage start`, `time of outage`; `end`, `resolved`,
    // `restored`, `fixed`, `mitigated`), checked before the label's search.
    let dated_label = |text: &str, label: &Pattern, firsts: &[u8]| {
        let first = text.bytes().find(u8::is_ascii_alphanumeric);
        first.is_some_and(|b| firsts.contains(&b.to_ascii_lowercase()))
            && label.find_from(text, 0).is_some_and(|m| {
                text[..m.start].chars().all(|c| !c.is_alphanumeric())
                    && time::leading_date(&text[m.end..], order).is_some()
            })
    };
    let candidates = || {
        summary
            .iter()
            .chain(duration_lines)
            .map(|&i| &*lines[i].text)
    };
    candidates().any(|t| dated_label(t, &START_LABEL, b"sbot"))
        && candidates().any(|t| dated_label(t, &END_LABEL, b"erfm"))
}

/// Whether `text`, whose first length is at `first` (byte offsets), states
/// how long something lasted: that length or one of the next few (up to
/// [`MAX_RANGES`] in all) is not a setting ([`is_setting`]): `requests timed
/// out after 30 seconds for 2 hours` does.
fn states_length(text: &str, first: &Range<usize>) -> bool {
    let mut span = first.clone();
    // A bounded number of searches, each of which may read to the end.
    for _ in 0..MAX_RANGES {
        if !is_setting(text, &span) {
            return true;
        }
        let Some(next) = text.get(span.end..).and_then(time::find_length) else {
            return false;
        };
        span = span.end + next.span.start..span.end + next.span.end;
    }
    false
}

/// Whether the length at `span` of `text` is a setting or a spacing, not
/// how long something lasted: a timeout, a cache lifetime, a time budget,
/// a period or a gap between events (`requests timed out after 30 seconds`,
/// `entries expire after 5 minutes`, `a budget (about 30 seconds)`, `a
/// limited time (approximately 28 seconds)`, `runs every 5 minutes`, `a 10
/// minute gap between blocks`, `a 30-second timeout`, `a TTL of 2 hours`).
/// Such a length states no outage duration for PM201. Only words of the
/// length's own clause are read: the words before it as far as a
/// punctuation mark other than an opening parenthesis, the word right
/// after it only when spaces alone stand between.
fn is_setting(text: &str, span: &Range<usize>) -> bool {
    /// Words that make the length after them a setting.
    const BEFORE: &[&str] = &[
        "every",
        "budget",
        "timeout",
        "ttl",
        "interval",
        "intervals",
        "cadence",
        "retention",
        "lifetime",
    ];
    /// A word and a preposition after it that make the length after them a
    /// setting (`expire after`, `a TTL of`, `set the timeout to`).
    const BEFORE_PREPOSITION: &[(&str, &[&str])] = &[
        (
            "after",
            &["expire", "expires", "expired", "expiring", "timeout", "ttl"],
        ),
        ("in", &["expire", "expires", "expiring"]),
        (
            "of",
            &[
                "timeout",
                "ttl",
                "interval",
                "budget",
                "retention",
                "limit",
                "expiry",
                "expiration",
                "lifetime",
            ],
        ),
        ("to", &["timeout", "ttl", "interval", "limit"]),
    ];
    /// Words that make the length before them a setting.
    const AFTER: &[&str] = &[
        "gap",
        "gaps",
        "timeout",
        "timeouts",
        "ttl",
        "interval",
        "intervals",
        "apart",
        "cadence",
        "cache",
        "expiry",
        "lifetime",
        "retention",
        "budget",
        "limit",
        "poll",
        "polling",
        "heartbeat",
    ];
    /// Words passed over before the length.
    const SKIPPED: &[&str] = &[
        "a",
        "an",
        "the",
        "about",
        "approximately",
        "approx",
        "roughly",
        "around",
        "nearly",
        "almost",
        "some",
        "circa",
        "exactly",
        "just",
    ];
    // The words before the length, nearest first, lower-cased, while only
    // spaces and opening parentheses stand between them.
    let mut rest = &text[..span.start];
    let mut before = std::iter::from_fn(|| {
        rest = rest.trim_end_matches(|c: char| c.is_whitespace() || c == '(');
        let start = rest
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric())
            .last()
            .map(|(at, _)| at)?;
        let word = rest[start..].to_lowercase();
        rest = &rest[..start];
        Some(word)
    })
    .skip_while(|w| SKIPPED.contains(&w.as_str()));
    let setting_before = match before.next() {
        Some(w) if BEFORE.contains(&w.as_str()) => true,
        Some(w) if w == "time" => before.next().as_deref() == Some("limited"),
        Some(w) => BEFORE_PREPOSITION
            .iter()
            .find(|(preposition, _)| *preposition == w)
            .is_some_and(|(preposition, words)| {
                let word = before.next();
                words.contains(&word.as_deref().unwrap_or(""))
                    // `timed out after`, `times out after`.
                    || (*preposition == "after"
                        && word.as_deref() == Some("out")
                        && before
                            .next()
                            .is_some_and(|w| matches!(w.as_str(), "timed" | "times" | "time")))
            }),
        None => false,
    };
    // `an error budget (about 30 minutes of downtime)`: the downtime's length.
    let of_outage = || {
        let mut after = text[span.end..]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty());
        after.next().is_some_and(|w| w.eq_ignore_ascii_case("of"))
            && after
                .next()
                .is_some_and(|w| OUTAGE_WORDS.contains(&w.to_ascii_lowercase().as_str()))
    };
    if setting_before {
        return !of_outage();
    }
    // `10 minutes apart`, `a 30-second timeout`; not `apart from`, nor a
    // setting's outage (`a 20-minute cache outage`, `a 2-hour heartbeat
    // failure`).
    let after = text[span.end..].trim_start_matches([' ', '\t', '\u{a0}']);
    let mut words = after.split(|c: char| !c.is_alphanumeric());
    let first = words.next().unwrap_or("").to_lowercase();
    let next: Vec<String> = words
        .filter(|w| !w.is_empty())
        .take(2)
        .map(str::to_lowercase)
        .collect();
    AFTER.contains(&first.as_str())
        && !(first == "apart" && next.first().is_some_and(|w| w == "from"))
        && !next.iter().any(|w| OUTAGE_WORDS.contains(&w.as_str()))
}

/// Words for an outage: within two words after a setting's word, that word
/// names what failed (`a cache outage`, `a cache cluster outage`).
const OUTAGE_WORDS: &[&str] = &[
    "outage",
    "outages",
    "failure",
    "failures",
    "incident",
    "disruption",
    "downtime",
    "crash",
];

/// Whether the text after a length says it measures another span than the
/// outage: the time to detect or find it (`It took 12 minutes to detect`),
/// to work through what it left behind (`the backlog took 2 hours to
/// drain`), or a time before or after something (`live for 3 hours before
/// traffic peaked`, `10 minutes later`, `for 3 hours afterwards`).
fn measures_something_else(after: &str) -> bool {
    let mut words = after
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase);
    match words.next().as_deref() {
        Some(
            "before" | "after" | "later" | "earlier" | "ago" | "prior" | "into" | "afterwards"
            | "afterward" | "beforehand",
        ) => true,
        Some("to") => matches!(
            words.next().as_deref(),
            Some(
                "detect"
                    | "notice"
                    | "identify"
                    | "diagnose"
                    | "acknowledge"
                    | "respond"
                    | "escalate"
                    | "page"
                    | "find"
                    | "discover"
                    | "triage"
                    | "investigate"
                    | "spot"
                    | "alert"
                    | "drain"
                    | "clear"
                    | "catch"
                    | "process"
                    | "reprocess"
                    | "replay"
                    | "backfill"
            )
        ),
        _ => false,
    }
}

/// Whether `before` (the text before a length) ends in a word saying the
/// length is rounded: `about`, `approximately`, `approx.`, `around`,
/// `roughly`, `nearly`, `almost`, `some`, `over`, `under`, `circa`, `~`, `≈`.
fn is_approximate(before: &str) -> bool {
    approximation_start(before, true).is_some()
}

/// Where the rounding word [`is_approximate`] finds at the end of `before`
/// starts (a byte offset of `before`); `over` and `under`, which bound a
/// length rather than round it, only with `bounds`.
fn approximation_start(before: &str, bounds: bool) -> Option<usize> {
    let trimmed = before.trim_end();
    if let Some(rest) = trimmed.strip_suffix(['~', '≈']) {
        return Some(rest.len());
    }
    let start = trimmed
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |i| {
            i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = trimmed[start..].trim_end_matches('.').to_ascii_lowercase();
    let rounding = matches!(
        word.as_str(),
        "about"
            | "approximately"
            | "approx"
            | "around"
            | "roughly"
            | "nearly"
            | "almost"
            | "some"
            | "circa"
            | "ca"
            | "estimated"
    ) || (bounds && matches!(word.as_str(), "over" | "under"));
    rounding.then_some(start)
}

/// The source span of `in_joined`, a range of `wrap`'s text: from where it
/// starts (on either line) to where it ends.
fn joined_span(ctx: &Context, wrap: &Wrap, in_joined: Range<usize>) -> Range<usize> {
    let lines = &ctx.outline.lines;
    let (a, shift) = (wrap.line, wrap.tail_start);
    let split = lines[a].text.len() - shift;
    let second = split + 1;
    let on_first = |r: Range<usize>| source_span(ctx, &lines[a], r.start + shift..r.end + shift);
    let on_second =
        |r: Range<usize>| source_span(ctx, &lines[a + 1], r.start - second..r.end - second);
    let (start, end) = (in_joined.start, in_joined.end.min(wrap.text.len()));
    let from = if start < split {
        on_first(start..end.min(split)).start
    } else {
        on_second(start.max(second)..end.max(second)).start
    };
    let to = if end > second {
        on_second(start.max(second)..end).end
    } else {
        on_first(start..end.min(split)).end
    };
    from..to.max(from)
}

/// How many of the summary's first non-blank lines [`day_range_stated`]
/// searches for two dates joined as a range.
const DAY_RANGE_LINES: usize = 8;

/// Whether two dates joined by a range's connector ([`time::connector_len`]:
/// ` to `, ` - `, ` – `, ` until `, ` through `, …, after a space) stand
/// anywhere in `text` (`On 29 April 2022 - 30 April 2022 a typo ...`): from
/// each place a connector may start (one vectorised search for each of its
/// first words and symbols), a date ending right before it (starting within
/// 32 bytes) and one starting right after it.
fn dates_joined_in(text: &str, order: DateOrder) -> bool {
    // Where a connector may start: one space, then a word or a dash, `~` or
    // an arrow (`-` also starts `--` and `->`).
    static CONNECTORS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
        [
            " to ",
            " until ",
            " till ",
            " through ",
            " thru ",
            " -",
            " \u{2013}",
            " \u{2014}",
            " \u{2192}",
            " ~",
        ]
        .iter()
        .map(|c| memchr::memmem::Finder::new(c.as_bytes()))
        .collect()
    });
    let bytes = text.as_bytes();
    CONNECTORS.iter().any(|finder| {
        finder.find_iter(bytes).any(|at| {
            // The range grammar's connector decides; the list only finds
            // where one may start.
            let Some(n) = time::connector_len(&text[at..]) else {
                return false;
            };
            let after = &text[at + n..];
            if time::leading_date(after, order).is_none() {
                return false;
            }
            let mut from = at.saturating_sub(32);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            word_starts(&text[from..at]).any(|w| {
                let start = from + w;
                time::leading_date(&text[start..], order).is_some_and(|(_, r)| start + r.end == at)
            })
        })
    })
}

/// Byte offsets of the words of `text` that may begin a date: a digit or a
/// letter after anything else (or at the start).
fn word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut prev_alnum = false;
    text.char_indices().filter_map(move |(i, c)| {
        let alnum = c.is_alphanumeric();
        let start = alnum && !prev_alnum;
        prev_alnum = alnum;
        start.then_some(i)
    })
}

/// For a line that is only a label (`* Start-time:` with the time on the
/// line below): the time near the start of the next line
/// ([`time_near_start`]), with that line's index.
fn time_on_next_line(
    lines: &[crate::outline::Line],
    i: usize,
    label: &Pattern,
    order: DateOrder,
) -> Option<(usize, Timestamp)> {
    // A label line: short, ending in a colon (`Start-time:`, `**Outage
    // start:**`), holding the label.
    let text = &lines[i].text;
    let bare = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    if !bare.ends_with(':')
        || crate::outline::surely_more_words(bare, 4)
        || label.find_from(bare, 0).is_none()
    {
        return None;
    }
    let next = lines.get(i + 1)?;
    time_near_start(&next.text, order).map(|t| (i + 1, t))
}

/// The time `text` starts with, or one within its first 24 bytes (after an
/// odd date: `06/May/2022 2:17 PM`).
fn time_near_start(text: &str, order: DateOrder) -> Option<Timestamp> {
    time::leading_timestamp(text, order)
        .or_else(|| time::find_timestamp(text, order).filter(|t| t.span.start <= 24))
}

/// The first timestamp right after a label match (within the label's reach).
fn labelled_time(text: &str, label: &Pattern, order: DateOrder) -> Option<Timestamp> {
    let mut from = 0;
    // Each label match in turn, as `Regex::find_iter` (a match takes at least a word).
    while let Some(m) = label.find_from(text, from) {
        from = m.end;
        let rest = &text[m.end..];
        // The time right after the label, or within a few words of it (after an odd date).
        if let Some(mut t) = time_near_start(rest, order) {
            t.span = t.span.start + m.end..t.span.end + m.end;
            return Some(t);
        }
    }
    None
}

/// Whether a summary kept in the front matter (`summary: Dashboards were
/// stale for 1h 40m ...`) states a length or a range.
fn front_matter_summary_states_duration(ctx: &Context, order: DateOrder) -> bool {
    super::util::front_matter_field(ctx, super::util::SUMMARY_KEYS).is_some_and(|text| {
        time::find_length(text).is_some() || time::find_range(text, order).is_some()
    })
}

/// Whether the YAML front matter states a duration: a `duration` key with a
/// length, or `start` and `end` keys with times.
fn front_matter(ctx: &Context, order: DateOrder) -> bool {
    let Some(range) = &ctx.outline.front_matter else {
        return false;
    };
    front_matter_states_duration(ctx.source.get(range.clone()).unwrap_or(""), order)
}

/// A `key: value` line of front matter (the key in group 1, the value in 2).
static FRONT_MATTER_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?im)^\s*([a-z_ -]+?)\s*:\s*(.+?)\s*$").expect("valid regex"));

/// [`front_matter`] for the front matter's text.
fn front_matter_states_duration(text: &str, order: DateOrder) -> bool {
    let mut times = FrontMatterTimes::default();
    for m in FRONT_MATTER_KEY.find_iter(text) {
        // Only a key naming a duration, a start or an end counts. Such a key
        // is ASCII letters and separators (`(?i)` lets in `ſ` and the Kelvin
        // sign, which lower-case to no key's letters), so the match, folded
        // as the key is, holds the key and so one of its stems: checked
        // before the captures, which cost about 15 times the search.
        let folded: String = m
            .as_str()
            .chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if !KEY_STEMS.iter().any(|stem| folded.contains(stem)) {
            continue;
        }
        // The match starting where this one starts is this one.
        let Some(c) = FRONT_MATTER_KEY.captures_at(text, m.start()) else {
            continue;
        };
        if times.read(&c, order) {
            return true;
        }
    }
    times.start && times.end
}

/// Front-matter keys (lower case, without `_`, `-` or spaces) stating the
/// outage's length.
const DURATION_KEYS: &[&str] = &["duration", "outageduration", "downtime"];
/// Front-matter keys stating when the outage started.
const START_KEYS: &[&str] = &["start", "starttime", "started", "startedat", "begin"];
/// Front-matter keys stating when the outage ended.
const END_KEYS: &[&str] = &[
    "end",
    "endtime",
    "ended",
    "endedat",
    "resolved",
    "resolvedat",
];
/// Words every one of those keys holds one of (the test checks it): fewer
/// searches than the keys themselves.
const KEY_STEMS: &[&str] = &["duration", "downtime", "start", "begin", "end", "resolved"];

/// What a front matter's key lines have stated so far.
#[derive(Default)]
struct FrontMatterTimes {
    /// A start key with a time.
    start: bool,
    /// An end key with a time.
    end: bool,
}

impl FrontMatterTimes {
    /// Reads one key line ([`FRONT_MATTER_KEY`]'s captures): whether it
    /// states a duration; a start or an end time is noted.
    fn read(&mut self, c: &regex::Captures<'_>, order: DateOrder) -> bool {
        let key = c[1].to_lowercase().replace(['_', '-', ' '], "");
        let value = c[2].trim_matches(['"', '\'']);
        let key = key.as_str();
        if DURATION_KEYS.contains(&key) {
            return time::find_length(value).is_some() || time::parse_clock_length(value).is_some();
        }
        if START_KEYS.contains(&key) {
            self.start |= time::find_timestamp(value, order).is_some();
        } else if END_KEYS.contains(&key) {
            self.end |= time::find_timestamp(value, order).is_some();
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `code` fires on a postmortem whose summary is `summary`.
    fn fires(code: &str, summary: &str) -> bool {
        let source = format!("# T\n\n## Summary\n\n{summary}\n");
        crate::rules::util::lint_default(&source)
            .iter()
            .any(|d| d.code == code)
    }

    /// Whether PM201 fires on a postmortem whose summary is `summary`.
    fn pm201(summary: &str) -> bool {
        fires("PM201", summary)
    }

    /// Whether PM202 fires on a postmortem whose summary is `summary`.
    fn pm202(summary: &str) -> bool {
        fires("PM202", summary)
    }

    /// A length in parentheses right after a range, or `in total` after
    /// it, is the outage's, checked against the range; another length in
    /// parentheses is not.
    #[test]
    fn length_in_parentheses_after_a_range() {
        assert!(pm202(
            "From 10:00 to 10:30 UTC (3 hours), all users were affected."
        ));
        assert!(pm202(
            "From 10:00 to 10:30 UTC ( 180 minutes ), all users were affected."
        ));
        assert!(pm202(
            "All users were affected from 10:00 to 10:30 UTC, 3 hours in total."
        ));
        assert!(!pm202(
            "From 10:00 to 10:30 UTC (30 minutes), all users were affected."
        ));
        assert!(!pm202(
            "From 10:00 to 10:30 UTC (3 hours after the deploy), all users failed."
        ));
        assert!(!pm202(
            "At 10:00 UTC (3 hours after the deploy) 5% of requests failed."
        ));
        assert!(!pm202(
            "From 13:00 to 13:45 UTC 20% of requests failed. Engineers spent 6 hours in total on the review."
        ));
    }

    /// Spanish ranges: `de … a …`, `desde … hasta …`, `entre … y …`, with
    /// or without `las`; `a` and `y` join a range only after their opener.
    #[test]
    fn spanish_ranges() {
        assert!(!pm201("De las 13:00 a las 13:45 UTC el pago falló."));
        assert!(!pm201("De 13:00 a 13:45 UTC el pago falló."));
        assert!(!pm201("Desde las 13:00 hasta las 13:45 UTC el pago falló."));
        assert!(!pm201("Entre las 13:00 y las 13:45 UTC el pago falló."));
        assert!(pm202(
            "Entre las 13:00 y las 13:45 UTC (3 horas) el pago falló."
        ));
        assert!(pm201("At 13:00 a deploy broke it; at 13:45 y fixed it."));
        assert!(pm201("A las 13:00 y las 13:45 UTC hubo alertas."));
        // A length said in Spanish is compared with the range.
        assert!(pm202("Duró 2 horas, de 10:00 a 11:30."));
        assert!(pm202("DURÓ 2 horas, de 10:00 a 11:30."));
        assert!(pm202("Duración: 3 horas, desde las 10:00 hasta las 11:30."));
        assert!(pm202(
            "Falló durante unas 3 horas, entre las 10:00 y las 11:30."
        ));
        assert!(!pm202("Duró 90 minutos, de 10:00 a 11:30."));
        assert!(!pm202(
            "La caída duró aproximadamente 90 minutos, de 10:00 a 11:30."
        ));
    }

    /// A summary kept in the front matter may state the duration.
    #[test]
    fn a_front_matter_summary_may_state_the_duration() {
        let pm201 = |summary: &str| {
            let source =
                format!("---\ntitle: T\nsummary: {summary}\n---\n\n## Timeline\n- 10:00 UTC a\n");
            crate::rules::util::lint_default(&source)
                .iter()
                .any(|d| d.code == "PM201")
        };
        assert!(!pm201("Dashboards were stale for 1h 40m."));
        assert!(!pm201("Dashboards were stale from 10:00 to 11:40 UTC."));
        assert!(pm201("Dashboards were stale."));
    }

    /// A range with a bare hour or `noon`/`midnight` at one end states the
    /// duration, and is compared with a stated length.
    #[test]
    fn bare_hours_and_words_in_ranges() {
        assert!(!pm201("Checkout failed between 9 and 10 am PT."));
        assert!(!pm201("Checkout failed from noon to 3 pm PT."));
        assert!(!pm201("Checkout failed from 11:30 PM until midnight ET."));
        assert!(!pm201("From 4pm to 6 GMT, the servers returned errors."));
        assert!(pm201("We scaled from 10:00 to 6 replicas."));
    }

    /// A clock-style length on a Duration line with a range is compared
    /// with it.
    #[test]
    fn clock_length_beside_a_range() {
        assert!(pm202("Duration: 03:15:00, from 10:00 to 11:00 UTC"));
        assert!(!pm202("Duration: 01:00:00, from 10:00 to 11:00 UTC"));
        assert!(!pm201("Duration: 10:00 - 11:30 UTC"));
        assert!(!pm202("Duration: 10:00 - 11:30 UTC"));
        assert!(!pm202(
            "Duration: from 10:00 to 11:30 UTC (detected at 10:05)."
        ));
    }

    /// Weekday names at both ends of a range, or before labelled start
    /// and end times, give the days between them.
    #[test]
    fn weekday_ranges() {
        assert!(!pm201(
            "From Monday 22:00 UTC to Wednesday 09:00 UTC 60% of deploys failed."
        ));
        assert!(!pm201(
            "Between Monday 22:00 and Wednesday 09:00 UTC, all users were affected."
        ));
        let labelled = |length: &str| {
            pm202(&format!(
                "Start: Monday 22:00 UTC\nEnd: Wednesday 09:00 UTC\nDuration: {length}"
            ))
        };
        assert!(!labelled("35 hours"));
        assert!(labelled("11 hours"));
        assert!(pm202(
            "The outage lasted 2 hours, from Mon 22:00 to Wed 00:00 UTC."
        ));
        // A weekday at one end only: a range, its length unknown.
        assert!(!pm201(
            "From 10:00 UTC to Tuesday 11:00 UTC uploads failed for 30% of users."
        ));
        assert!(!pm202(
            "The outage lasted 35 hours, from Monday, May 6 22:00 to Wednesday 09:00 UTC."
        ));
        assert!(!pm202(
            "The outage lasted 2 hours, from 22:00 to Wednesday 09:00 UTC."
        ));
        assert!(!pm202(
            "The outage lasted 2 hours, from Mon 22:00 to Tue 00:00 UTC."
        ));
    }

    /// `h` apart from its number: `2 h`, `1 h 30 min`.
    #[test]
    fn spaced_hour_letter() {
        assert!(!pm201("The outage lasted 2 h. 20% of users were affected."));
        assert!(!pm202("Duration: 1 h 30 min, from 10:00 to 11:30 UTC."));
        assert!(pm202("Duration: 1 h, from 10:00 to 12:30 UTC."));
        assert!(pm202("The outage lasted 1 hour, from noon to 3 pm PT."));
        assert!(!pm202("The outage lasted 3 hours, from noon to 3 pm PT."));
        assert!(pm201("We moved the 9 to 10 am standup."));
    }

    /// German ranges (`von … bis …`) and lengths (`Dauer: 90 Minuten`,
    /// `dauerte 2 Stunden`).
    #[test]
    fn german_ranges_and_lengths() {
        assert!(!pm201(
            "Von 13:10 bis 14:40 MEZ erhielten alle Nutzer Fehler."
        ));
        assert!(!pm201("Der Ausfall dauerte 45 Minuten."));
        assert!(!pm202(
            "Von 13:10 bis 14:40 MEZ (90 Minuten) erhielten alle Nutzer Fehler."
        ));
        assert!(pm202(
            "Von 13:10 bis 14:40 MEZ (2 Stunden) erhielten alle Nutzer Fehler."
        ));
        assert!(pm202("Dauer: 3 Stunden, von 10:00 bis 11:30 Uhr."));
        assert!(pm201("Um 13:10 und 14:40 gab es Alarme."));
    }

    /// A start or end label alone on its line, with its time on the next.
    #[test]
    fn label_lines_with_the_time_below() {
        assert!(!pm201("* Start-time:\n10:00 UTC\n* End-time:\n11:30 UTC"));
        assert!(!pm201("Start time:\n\n10:00 UTC\n\nEnd time:\n\n11:30 UTC"));
        assert!(!pm201(
            "* Start-time:\n06/May/2022 2:17 PM (GMT) End-time: 06/May/2022 3:07 PM (GMT)"
        ));
        // Not a label line: a sentence, and a label with no time below.
        assert!(pm201(
            "We did not know when the outage started, or when it ended:\n10:00 UTC"
        ));
        assert!(pm201("Start time:\nunknown\nEnd time:\n11:30 UTC"));
        // The range is the outage's: checked against a stated length.
        let source = "# T\n\n## Summary\n\nThe outage lasted 3 hours.\n\nStart time:\n10:00 UTC\n\nEnd time:\n11:00 UTC\n";
        assert!(
            crate::rules::util::lint_default(source)
                .iter()
                .any(|d| d.code == "PM202")
        );
    }

    /// A length or range that a hard wrap splits over two lines of one
    /// paragraph or list item counts; over two items or paragraphs it does not.
    #[test]
    fn a_hard_wrap_does_not_hide_a_duration() {
        // Long lines: only their ends near the break are joined.
        let long = "The checkout service, which every storefront in every region calls";
        assert!(!pm201(&format!(
            "{long} for each order, was unavailable from 14:02\nto 15:20 UTC, {long} again."
        )));
        assert!(!pm201("Checkout was unavailable from 14:02\nto 15:20 UTC."));
        assert!(!pm201("Checkout was down for about 2\nhours."));
        assert!(!pm201("- Checkout was down from 14:02\n  to 15:20 UTC."));
        assert!(pm201("- Checkout was down from 14:02\n- to 15:20 UTC."));
        assert!(pm201("Checkout was down from 14:02\n\nto 15:20 UTC."));
        // The wrapped range is checked against the stated length; its span
        // runs from the start on one line to the end on the next.
        let source =
            "# T\n\n## Summary\n\nThe outage lasted 30 minutes, from 14:02\nto 15:20 UTC.\n";
        let d = crate::rules::util::lint_default(source)
            .into_iter()
            .find(|d| d.code == "PM202")
            .expect("PM202");
        assert_eq!(&source[d.labels[0].span.clone()], "14:02\nto 15:20 UTC");
    }

    /// A length that measures another span is not the outage's; a rounded
    /// one may be off by a quarter.
    #[test]
    fn lengths_checked_against_the_range() {
        assert!(!pm202(
            "Checkout was down from 14:02 to 14:49 UTC. It took 12 minutes to detect and 35 minutes to mitigate."
        ));
        assert!(!pm202(
            "The release had been live for 3 hours before traffic peaked; checkout failed from 14:02 to 14:49 UTC."
        ));
        assert!(!pm202(
            "Checkout failed from 14:02 to 14:49 UTC, and the backlog took 2 hours to drain."
        ));
        assert!(!pm202(
            "Checkout failed from 14:02 to 14:49 UTC; the error budget burned for 3 hours afterwards."
        ));
        assert!(pm202(
            "The outage lasted 12 minutes, from 14:02 to 14:49 UTC."
        ));
        assert!(!pm202("Down for ~2 hours (14:02–16:20 UTC)."));
        assert!(!pm202("Down for about an hour, from 14:02 to 15:20 UTC."));
        assert!(pm202("Down for about an hour, from 14:02 to 15:40 UTC."));
        assert!(pm202("Down for an hour, from 14:02 to 15:20 UTC."));
    }

    /// The first range may time something else than the outage (a job, a
    /// maintenance window): a length agreeing with any range stated is not
    /// reported; one agreeing with none is, against the first.
    #[test]
    fn a_length_is_checked_against_every_range() {
        let window = "The nightly reindex ran from 01:00 to 05:00 UTC as usual.";
        assert!(!pm202(&format!(
            "{window} The outage lasted 45 minutes, from 06:10 to 06:55 UTC."
        )));
        // Two ranges on one line, the outage's second.
        assert!(!pm202(
            "Maintenance ran from 01:00 to 05:00 UTC; the outage lasted 45 minutes, from 06:10 to 06:55 UTC."
        ));
        // Across a hard wrap, and by labelled start and end times.
        assert!(!pm202(&format!(
            "{window}\nThe outage lasted 45 minutes, from 06:10\nto 06:55 UTC."
        )));
        assert!(!pm202(&format!(
            "{window}\n\nDuration: 45 minutes\n\nStart: 06:10 UTC\n\nEnd: 06:55 UTC"
        )));
        // A length agreeing with no range.
        assert!(pm202(&format!(
            "{window} The outage lasted 3 hours, from 06:10 to 06:55 UTC."
        )));
        assert!(pm202(
            "Maintenance ran from 01:00 to 05:00 UTC; the outage lasted 2 hours, from 06:10 to 06:55 UTC."
        ));
    }

    /// A timeout, a cache lifetime, a budget, a period or a gap between
    /// events states no outage duration (PM201); a length said with the
    /// same words but of how long something lasted does.
    #[test]
    fn settings_state_no_duration() {
        for summary in [
            "Each worker has a budget (about 30 seconds) to finish a batch.",
            "Cache entries expire after 5 minutes.",
            "Requests timed out after 30 seconds.",
            "The reconciler runs every 5 minutes.",
            "Farmers have a limited time (approximately 28 seconds) to create a block.",
            "Blocks arrived with a 10 minute gap between them.",
            "The client hit its 30 second timeout.",
            "A TTL of 2 hours kept the bad record cached.",
            "Sessions expire in 5 minutes.",
            "A timeout of 30 seconds was too short.",
            "Health checks ran 10 seconds apart.",
        ] {
            assert!(pm201(summary), "{summary}");
        }
        for summary in [
            "Service was restored after 45 minutes.",
            "Checkout recovered in 20 minutes.",
            "Users could not log in for 2 hours.",
            "Requests timed out after 30 seconds for 2 hours.",
            "Cache entries expire after 5 minutes, so stale prices showed for 3 hours.",
            // Setting words of another clause or sentence.
            "Checkout recovered in 20 minutes; cache nodes were rebuilt afterwards.",
            "Errors stopped after 40 minutes. Old sessions had to be refreshed.",
            "Requests to the API timed out. After 2 hours a rollback fixed it.",
            "Errors stopped after 40 minutes (cache warmed).",
            "Within 2 hours, timeouts had stopped.",
            // Setting words that set nothing here.
            "The team sorted it out in 40 minutes.",
            "Latency was back under the limit in 25 minutes.",
            "Service was restored after 20 minutes apart from the EU region.",
            "Checkout recovered in 20 minutes - cache nodes were rebuilt afterwards.",
            "A 20-minute cache outage broke checkout.",
            "A 2-hour heartbeat failure hid the problem.",
            "It burned the error budget (about 30 minutes of downtime).",
            "A 20-minute cache cluster outage broke checkout.",
        ] {
            assert!(!pm201(summary), "{summary}");
        }
    }

    /// PM202's message for a postmortem whose summary is `summary`, if it
    /// fires.
    fn pm202_message(summary: &str) -> Option<String> {
        let source = format!("# T\n\n## Summary\n\n{summary}\n");
        crate::rules::util::lint_default(&source)
            .into_iter()
            .find(|d| d.code == "PM202")
            .map(|d| d.message)
    }

    /// A range tied to the length on its line (right after it, or right
    /// before it as the first range of its sentence) is the one it measures,
    /// wherever the first range of the summary is; a length in parentheses
    /// after a range is that range's also when rounded.
    #[test]
    fn a_length_measures_the_range_on_its_line() {
        let message = pm202_message(
            "The deploy window ran from 09:00 to 09:30 UTC. The outage lasted 70 minutes, from 09:12 to 09:52 UTC.",
        );
        assert!(message.is_some_and(|m| m.contains("(40 minutes)")));
        let window = "Maintenance ran from 02:00 to 04:00 UTC.";
        // The window is 2 hours, which the wrong length would agree with.
        assert!(pm202(&format!(
            "{window} Checkout failed from 02:35 to 03:10 UTC (2 hours)."
        )));
        assert!(!pm202(&format!(
            "{window} Checkout failed from 02:35 to 03:10 UTC (35 minutes)."
        )));
        assert!(pm202(
            "From 10:00 to 11:30 UTC (about 2 hours) all users were affected."
        ));
        assert!(pm202(
            "From 10:00 to 11:30 UTC (~3 hours) all users were affected."
        ));
        assert!(!pm202(
            "From 10:00 to 11:30 UTC (about 90 minutes) all users were affected."
        ));
        // A total after two ranges may be theirs (also across sentences or a
        // hard wrap); a length in parentheses that fits neither the range
        // before it nor their total is reported.
        assert!(!pm202(
            "Checkout failed from 10:00 to 10:45 a.m. ET and again from 11:00 to 11:20 a.m. ET (about 65 minutes)."
        ));
        assert!(!pm202(
            "Checkout failed from 14:00 to 14:45 UTC. It failed again from 15:00 to 15:20 UTC, 65 minutes in total."
        ));
        assert!(!pm202(
            "Checkout failed from 10:00 to 10:45 UTC\nand from 11:00 to 11:20 UTC (65 minutes)."
        ));

        assert!(!pm202(
            "Checkout failed from 10:00 to 10:45 UTC and from 11:00 to 11:20 UTC, 65 minutes in total."
        ));
        assert!(!pm202(
            "Checkout failed from 10:00 to 10:45 UTC and from 11:00 to 11:20 UTC (about 65 minutes)."
        ));
        assert!(pm202(
            "Checkout failed from 10:00 to 10:45 UTC and from 11:00 to 11:20 UTC (about 30 minutes)."
        ));
        assert!(pm202(
            "A deploy ran 09:00-09:20 UTC, then checkout failed from 10:00 to 10:45 UTC (2 hours)."
        ));
        // A bound is no rounding: `under 1 hour` is true of 45 minutes.
        assert!(!pm202(
            "From 10:00 to 10:45 UTC (under 1 hour) all users were affected."
        ));
        // A range on the length's line but not tied to it is one range among
        // the others: no report when any agrees.
        assert!(!pm202(
            "Checkout was down from 10:13 to 11:00 UTC. It was unavailable for 47 minutes; the retry queue then drained from 11:00 to 13:00 UTC."
        ));
        assert!(!pm202(
            "From 10:00 to 10:50 UTC the API was down for 50 minutes, then from 10:50 to 12:30 UTC it was slow."
        ));
        assert!(!pm202(
            "A deploy ran from 09:00 to 09:05 UTC and the outage lasted 2 hours, until 11:05 UTC. Impact window: 09:05 to 11:05 UTC."
        ));
    }

    /// Each search of [`ranges_in`] may read to the text's end: it stops
    /// after [`MAX_RANGES`] of them.
    #[test]
    fn ranges_in_is_bounded() {
        let text = "from 10:00 to 10:05, ".repeat(3 * MAX_RANGES);
        assert_eq!(ranges_in(&text, DateOrder::Mdy).count(), MAX_RANGES);
        let spans: Vec<_> = ranges_in(
            "from 10:00 to 10:05 and from 11:00 to 11:30",
            DateOrder::Mdy,
        )
        .map(|r| r.seconds())
        .collect();
        assert_eq!(spans, [300, 1_800]);
    }

    /// A length that a hard wrap splits after its start is read whole, not
    /// as the part on the first line.
    #[test]
    fn a_length_reads_on_across_a_hard_wrap() {
        let range = "Checkout failed from 22:50 to 00:35 UTC.";
        assert!(!pm202(&format!("{range} It lasted 1 hour 45\nminutes.")));
        assert!(!pm202(&format!(
            "{range} It lasted 1 hour\nand 45 minutes."
        )));
        assert!(!pm202(
            "Checkout failed from 22:50 to 00:35 UTC (1 hour 45\nminutes)."
        ));
        let message = pm202_message(&format!("{range} It lasted 1 hour\nand 5 minutes."));
        assert!(message.is_some_and(|m| m.contains("(65 minutes)")));
        // Read whole, a length that times something else is not the outage's,
        // as on one line.
        assert!(!pm202(&format!(
            "{range} It lasted 1 hour\nand 30 minutes later the review began."
        )));
        assert!(!pm202(&format!(
            "{range} It lasted 1 hour and 30 minutes later the review began."
        )));
        // A length that ends its clause is not read on.
        let message = pm202_message(&format!(
            "{range} It lasted 1 hour.\n45 minutes later we wrote this."
        ));
        assert!(message.is_some_and(|m| m.contains("(60 minutes)")));
    }

    /// A clock-style length after a time-to-resolve label states the
    /// outage's duration, and is compared with its range.
    #[test]
    fn time_to_resolve_labels() {
        for summary in [
            "TTR: 1:12",
            "Time to resolve — 1:12",
            "**Time to recovery (TTR):** 0:47",
            "- MTTR = 1:05:00",
        ] {
            assert!(!pm201(summary), "{summary}");
        }
        // Not another measure, nor a time of day later in a sentence.
        assert!(pm201("Time to detect: 0:05"));
        assert!(pm201("TTR: we restarted at 10:15 UTC"));
        assert!(!pm202(
            "TTR: 1:12. Checkout failed from 10:00 to 11:12 UTC."
        ));
        assert!(pm202("TTR: 1:12. Checkout failed from 10:00 to 10:30 UTC."));
    }

    /// The tolerance is a share of the range, as the catalogue says: more
    /// than 5 minutes and more than 10 percent of the range's length (25
    /// for a rounded length) is a mismatch.
    #[test]
    fn the_tolerance_is_a_share_of_the_range() {
        let summary = |length: &str| format!("Duration: {length}, from 10:00 to 11:30 UTC.");
        assert!(
            pm202(&summary("about 2 hours")),
            "30 minutes is a third of 90"
        );
        assert!(pm202(&summary("100 minutes")), "10 minutes is over 10 %");
        assert!(!pm202(&summary("99 minutes")), "9 minutes is 10 %");
        assert!(pm202(&summary("80 minutes")));
        assert!(!pm202(&summary("81 minutes")));
        assert!(
            !pm202(&summary("about 110 minutes")),
            "20 minutes is under 25 %"
        );
        assert_eq!(
            (
                TOLERANCE.minutes,
                TOLERANCE.percent,
                TOLERANCE.percent_rounded
            ),
            (5, 10, 25),
            "read from rules/PM202-duration-mismatch.toml"
        );
    }

    /// The Impact section may say how long users were affected.
    #[test]
    fn the_impact_section_may_state_the_duration() {
        let source = "# T\n\n## Summary\n\nA bad deploy broke checkout.\n\n## Impact\n\nCheckout was unavailable for 47 minutes.\n";
        assert!(
            !crate::rules::util::lint_default(source)
                .iter()
                .any(|d| d.code == "PM201")
        );
    }

    /// An outage told by the day: two dates on a Duration line, or start and
    /// end labels each with a date, state it; one date, or dates with no
    /// start and end, do not.
    #[test]
    fn days_state_the_duration() {
        assert!(!pm201(
            "* Duration: September 28th to September 29th, 2023."
        ));
        assert!(!pm201("Duration: 2024-03-04 - 2024-03-06"));
        assert!(!pm201(
            "Start: Wednesday, 2018-08-22\nEnd: Thursday, 2018-08-23"
        ));
        assert!(pm201("Duration: September 28th, 2023."));
        assert!(pm201("Start: Wednesday, 2018-08-22"));
        assert!(pm201(
            "Reported on 2018-08-22 and fixed in a release on 2018-08-23."
        ));
        // In a summary sentence, the range may stand anywhere.
        assert!(!pm201(
            "On 29 April 2022 - 30 April 2022 a typo took the site down."
        ));
        assert!(!pm201(
            "From August 3rd to August 5th 05:00 GMT, builds failed."
        ));
        assert!(pm201("On 29 April 2022 a typo took the site down."));
        assert!(pm201("Found on 2022-04-29 - fixed on 2022-04-30."));
        assert!(pm201("Version 2 to 3 broke the site."));
    }

    /// [`front_matter_states_duration`] as it was written first: the
    /// captures of every key line.
    fn front_matter_by_captures(text: &str, order: DateOrder) -> bool {
        let mut times = FrontMatterTimes::default();
        for c in FRONT_MATTER_KEY.captures_iter(text) {
            if times.read(&c, order) {
                return true;
            }
        }
        times.start && times.end
    }

    #[test]
    fn every_front_matter_key_holds_a_stem() {
        for key in [DURATION_KEYS, START_KEYS, END_KEYS].concat() {
            assert!(KEY_STEMS.iter().any(|s| key.contains(s)), "{key}");
        }
    }

    /// Skipping the key lines that cannot count changes no answer, with
    /// keys spelt in any case, with separators, `ſ` and the Kelvin sign,
    /// values on the next line and blank lines between.
    #[test]
    fn front_matter_skips_only_keys_that_cannot_count() {
        const TOKENS: &[&str] = &[
            "start: 10:00\n",
            "Start_Time: '2024-03-01 14:30 UTC'\n",
            "ſtart: 10:00\n",
            "started at : 9am\n",
            "end: 11:30\n",
            "END-time: \"2024-03-01 16:00 UTC\"\n",
            "resolved:\n  12:15\n",
            "begin\n: 08:00\n",
            "duration: 2 hours\n",
            "Outage Duration: 90 minutes\n",
            "down time: 01:30:00\n",
            "weekend: 10:00\n",
            "title: Outage at 10:00\n",
            "\n",
            "  \n",
            "start",
            "end",
            "duration",
            "Kelvin",
            ":",
            ": ",
            "\t",
            "2 hours",
            "10:00",
            "_",
            "-",
        ];
        let texts = crate::rules::util::token_texts(0xF00D_FACE_1234, TOKENS, 10, 30_000);
        let (mut yes, mut no) = (0, 0);
        for text in texts {
            for order in [DateOrder::Mdy, DateOrder::Dmy] {
                let want = front_matter_by_captures(&text, order);
                assert_eq!(front_matter_states_duration(&text, order), want, "{text:?}");
                yes += usize::from(want);
                no += usize::from(!want);
            }
        }
        assert!(yes > 2_000 && no > 2_000, "{yes} yes, {no} no");
    }

    /// On text with non-ASCII characters (letters, digits and marks that are
    /// word characters, spaces, symbols, `ſ` and the Kelvin sign) the
    /// Unicode duration-label grammar ends where the regex does.
    #[test]
    fn unicode_duration_label_grammar_is_the_regex() {
        const TOKENS: &[&str] = &[
            "Duration",
            "DOWNTIME",
            "downtime",
            "durations",
            "total",
            "outage",
            "Incident",
            "impact",
            ":",
            "：",
            "**",
            "-",
            "—",
            " ",
            "\u{a0}",
            "\u{2003}",
            "\u{3000}",
            "\n",
            "\t",
            "é",
            "Dauer",
            "日本",
            "٣",
            "\u{301}",
            "_",
            "‿",
            "🔥",
            "⏱",
            "ſ",
            "\u{212a}",
            "İ",
            "ı",
            "x",
            "10:00",
            "(",
            "Outage Duration",
            "total\u{a0}downtime",
            "Duración",
            "a label of thirty chars or so…",
        ];
        let regex = Regex::new(DURATION_LABEL_PATTERN).expect("valid regex");
        let (mut matched, mut other) = (0, 0);
        for text in crate::rules::util::token_texts(0x51E3_0C7A_92B4_D6F8, TOKENS, 8, 60_000) {
            let want = regex.find(&text).map(|m| m.end());
            assert_eq!(duration_label_end(&text), want, "{text:?}");
            matched += usize::from(want.is_some());
            other += usize::from(want.is_some() && !text.is_ascii());
        }
        assert!(
            matched > 2_000 && other > 1_000,
            "only {matched} labels, {other} of them non-ASCII: the test proves little"
        );
    }

    /// On ASCII text the duration-label grammar ends where the regex does.
    #[test]
    fn duration_label_grammar_is_the_regex() {
        const TOKENS: &[&str] = &[
            "Duration",
            "duration",
            "DOWNTIME",
            "downtime",
            "durations",
            "total",
            "Total",
            "outage",
            "incident",
            "Incident",
            "impact",
            ":",
            "**",
            "*",
            "-",
            "#",
            " ",
            "  ",
            "\t",
            "\n",
            "\x0b",
            "\r",
            "x",
            "3 hours",
            "10:00",
            "_",
            "Outage Duration",
            "The total outage duration was",
            "a fairly long label text here",
            "(",
            ")",
        ];
        let regex = Regex::new(DURATION_LABEL_PATTERN).expect("valid regex");
        let mut matched = 0;
        for text in crate::rules::util::token_texts(0x7A3C_19E5_0B2D_4F61, TOKENS, 8, 40_000) {
            let want = regex.find(&text).map(|m| m.end());
            let got = matcher::match_at(&DURATION_LABEL_ASCII, &text, 0).map(|m| m.end);
            assert_eq!(got, want, "{text:?}");
            matched += usize::from(got.is_some());
        }
        assert!(
            matched > 2_000,
            "only {matched} labels: the test proves little"
        );
    }

    /// Pieces of start and end labels, lengths and their context, and what
    /// surrounds them, for the random texts of the tests below.
    const LABEL_TOKENS: &[&str] = &[
        "start",
        "Started",
        "START TIME",
        "began",
        "Begun",
        "beginning",
        "begin",
        "Begins",
        "outage start",
        "time of outage",
        "Time of Incident",
        "ſtart",
        "end",
        "ended",
        "End Time",
        "resolved",
        "RESTORED",
        "recovered",
        "fixed",
        "mitigated",
        "resolution time",
        "lasted",
        "lasting",
        "last",
        "for",
        "duration",
        "downtime",
        "outage",
        "span",
        "spanning",
        "spanned",
        "total",
        "totalling",
        "took",
        "persisted",
        "unavailable",
        "duró",
        "DURÓ",
        "Duración",
        "durante",
        "dur",
        "Dauer",
        "dauerte",
        "de",
        "unos",
        "aproximadamente",
        "of",
        "was",
        "is",
        "about",
        "approximately",
        "approx",
        "approx.",
        "roughly",
        "nearly",
        "over",
        "just",
        "a total of",
        "a",
        "~",
        "long",
        "disruption",
        "incident",
        "service outage",
        "at",
        "on",
        "by",
        "around",
        ":",
        "**",
        "*",
        " ",
        "  ",
        "\t",
        "\u{a0}",
        "\u{2003}",
        "-",
        "–",
        "—",
        "10:00",
        "3 hours",
        "the",
        "restart",
        "x",
        "é",
        "_",
        "9",
        "\u{212a}",
        "ſ",
        "\n",
    ];

    /// Each label and length pattern's grammar finds what its regex finds:
    /// every match in turn for the labels (as `find_iter`), the first match
    /// for the lengths, on texts with Unicode spaces, `ſ`, the Kelvin sign
    /// and non-ASCII letters at word boundaries.
    #[test]
    fn label_and_length_grammars_are_their_regexes() {
        let mut found = [0; 4];
        for text in crate::rules::util::token_texts(0x5EED_0F1A_B3C4_D2E1, LABEL_TOKENS, 8, 40_000)
        {
            for (i, label) in [&START_LABEL, &END_LABEL].into_iter().enumerate() {
                let want: Vec<_> = label.regex().find_iter(&text).map(|m| m.range()).collect();
                let mut got = Vec::new();
                let mut from = 0;
                while let Some(m) = label.grammar_find_from(&text, from) {
                    from = m.end;
                    got.push(m);
                }
                assert_eq!(got, want, "{text:?}");
                found[i] += usize::from(!got.is_empty());
            }
            let before = LENGTH_BEFORE.grammar_find_from(&text, 0);
            assert_eq!(
                before,
                LENGTH_BEFORE.regex().find(&text).map(|m| m.range()),
                "{text:?}"
            );
            let after = LENGTH_AFTER.grammar_find_at_start(&text);
            assert_eq!(
                after,
                LENGTH_AFTER.regex().find(&text).map(|m| m.range()),
                "{text:?}"
            );
            found[2] += usize::from(before.is_some());
            found[3] += usize::from(after.is_some());
        }
        assert!(found.iter().all(|&n| n > 1_000), "matches: {found:?}");
    }

    /// A text with as many repetition steps as the grammar takes runs in a
    /// 1 MiB thread stack (a repetition recurses once per iteration; rayon's
    /// threads have 2 MiB), and the pattern gives one with more to the regex.
    #[test]
    fn repetitions_stay_within_a_small_stack() {
        let worst = format!("lasted{}", " of".repeat(matcher::STAR_STEP_LIMIT));
        let grammar = LENGTH_BEFORE.grammar();
        assert_eq!(grammar.star_steps(&worst), matcher::STAR_STEP_LIMIT);
        let more = format!("{worst} of");
        let found = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || {
                [
                    LENGTH_BEFORE.grammar_find_from(&worst, 0),
                    LENGTH_BEFORE.find_from(&more, 0),
                ]
            })
            .expect("spawn")
            .join()
            .expect("no stack overflow");
        assert_eq!(found, [Some(0..6 + 3 * 128), Some(0..6 + 3 * 129)]);
    }

    /// `may_label_start` is a necessary condition: wherever the regex matches, it holds.
    #[test]
    fn start_label_pre_check_never_hides_a_match() {
        let texts = crate::rules::util::token_texts(0x1234_5678_9ABC_DEF1, LABEL_TOKENS, 6, 10_000);
        let matched =
            crate::rules::util::pre_check_holds(texts, START_LABEL.regex(), may_label_start);
        assert!(matched > 100, "only {matched} matches");
        assert!(!may_label_start("restored by 17:57 UTC"));
        assert!(!names_duration("the outage lasted"));
        assert!(!names_duration("durat ion, down time, d"));
        assert!(names_duration("durationless"));
        assert!(names_duration("Total DOWNTIME: 3 hours"));
        assert!(names_duration("DuRaTiOn"));
    }
}
