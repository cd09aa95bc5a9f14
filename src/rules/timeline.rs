//! Timeline rules: PM101 (timeline-out-of-order), PM102
//! (timeline-entry-missing-timestamp), PM103 (timeline-without-timestamps),
//! PM104 (timezone-missing).
//! Catalogue entries: `rules/PM101-timeline-out-of-order.toml` … `rules/PM104-timezone-missing.toml`.
//!
//! In a timeline section an entry is a list item (nested items belong to
//! their parent, unless the parent has no timestamp and its children do), a
//! table body row, or a paragraph line that begins with a timestamp (also
//! after `~`, `At` or `On`), a bullet glyph or a date. Its timestamp is the
//! first time of day in it; an entry with no time of day that starts with a
//! date (a timeline kept by the day) is stamped with that date.
//!
//! Not entries: a zone note (`All times UTC`), a note (`**Note:** ...`), and
//! an untimed list item followed by a paragraph of its own that gives a time
//! (its label). An untimed entry right after one that is only a time
//! (`- 15:30 UTC`, `- Issue Detected: 15:30 UTC`) is that time's text, not
//! reported by PM102.

use super::Context;
use super::util::{source_span, summary_and_preamble};
use crate::diagnostic::Diagnostic;
use crate::outline::{CELL_SEPARATOR, LineKind, Section};
use crate::sections::ids;
use crate::time::{self, DateOrder, Timestamp};

/// Bullet glyphs that start a timeline entry written as a plain line.
const BULLETS: &[char] = &[
    '•', '▪', '–', '—', '‣', '◦', '·', '●', '○', '■', '□', '➢', '➤', '→', '\u{f0a7}', '\u{f0b7}',
    '-', '*', '+',
];

/// One timeline entry, or a line that only gives the date of the entries after it.
struct Entry {
    /// Index into the outline's lines.
    line: usize,
    /// Its timestamp, if it has one (span relative to the line's text).
    timestamp: Option<Timestamp>,
    /// For a date line (`_4/24/23_`, `**October 8**`): the date it sets. Not an entry.
    date_mark: Option<time::Date>,
    /// For an entry with no time of day that starts with a date (`04/23/2023 -
    /// A researcher reported ...`, a timeline kept by the day): the date and
    /// its span in the line's text. It sets the date of the entries after it.
    dated: Option<(time::Date, std::ops::Range<usize>)>,
    /// For an entry timed relative to the incident's start (`T+20m`,
    /// `+00:15`), with no time of day or date: the offset in seconds and
    /// its span in the line's text ([`time::leading_relative`]). Ordered
    /// only against other such entries; needs no time zone.
    relative: Option<(i64, std::ops::Range<usize>)>,
}

impl Entry {
    fn new(line: usize, timestamp: Option<Timestamp>) -> Self {
        Entry {
            line,
            timestamp,
            date_mark: None,
            dated: None,
            relative: None,
        }
    }

    /// An entry of `text` (line `line`) with `timestamp`, or with the date it
    /// starts with when it has none, or else the relative time it starts with.
    fn of(line: usize, text: &str, timestamp: Option<Timestamp>, order: DateOrder) -> Self {
        let dated = match &timestamp {
            Some(_) => None,
            None => time::leading_date(text, order),
        };
        let relative = match (&timestamp, &dated) {
            (None, None) => time::leading_relative(text),
            _ => None,
        };
        Entry {
            dated,
            relative,
            ..Entry::new(line, timestamp)
        }
    }

    /// Whether it says when it happened: a timestamp, a date for a timeline
    /// kept by the day, or a time relative to the start.
    fn is_stamped(&self) -> bool {
        self.timestamp.is_some() || self.dated.is_some() || self.relative.is_some()
    }
}

/// Whether a plain line starts with one of [`BULLETS`]. The ASCII ones
/// (`-`, `*`, `+`) are list markers only before white space, as in Markdown:
/// `**Note …**` starts with emphasis, not a bullet.
fn starts_with_bullet(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    match chars.next() {
        Some('-' | '*' | '+') => chars.next().is_some_and(char::is_whitespace),
        Some(c) => BULLETS.contains(&c),
        None => false,
    }
}

/// The first timestamp of a table row: cells are joined by ` | `, read here as
/// `,  ` (same length) so that a date cell and a time cell make one timestamp.
fn row_timestamp(text: &str, order: DateOrder) -> Option<Timestamp> {
    time::find_timestamp(&text.replace(CELL_SEPARATOR, ",  "), order)
}

/// Whether a table row (cells joined by ` | `) has two or more cells and
/// each is a time and nothing else (`10:00 | 04:30 UTC`).
fn only_times(row: &str, order: DateOrder) -> bool {
    // An event's row has text after its time: most rows fail at once.
    let second = row.split(CELL_SEPARATOR).nth(1).map(str::trim_start);
    if !second.is_some_and(|c| c.starts_with(|c: char| c.is_ascii_digit())) {
        return false;
    }
    let mut cells = 0;
    row.split(CELL_SEPARATOR)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .all(|cell| {
            cells += 1;
            time::leading_timestamp(cell, order)
                .is_some_and(|t| t.span.start == 0 && t.span.end == cell.len())
        })
        && cells >= 2
}

/// An entry's timestamp: the first in its text, else `noon` or `midnight`
/// as its first word ([`time::leading_word_clock`]).
fn entry_stamp(text: &str, order: DateOrder) -> Option<Timestamp> {
    time::find_timestamp(text, order).or_else(|| time::leading_word_clock(text))
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let order = ctx.config.date_order();
    // Whether the summary or preamble names a time zone: the same for every
    // timeline section, so found at most once.
    let mut summary_zone: Option<bool> = None;
    let timelines: Vec<&Section> = ctx.outline.sections_named(ids::TIMELINE).collect();
    for (k, section) in timelines.iter().copied().enumerate() {
        let entries = entries(ctx, section, order);
        let timed = entries.iter().filter(|e| e.is_stamped()).count();
        let heading = ctx.outline.heading_of(section);
        if timed == 0 {
            if timelines
                .get(k + 1)
                .is_some_and(|next| gathers(ctx, section, next))
            {
                continue;
            }
            // A log shown as indented code is no more a timeline's text
            // than a fenced one (whose lines are not read at all); nor is a
            // table's header row or a row of empty cells (a skeleton's
            // table, which PM005 reports), or a note of the time zone.
            let mut code = super::structure::CodeProse::new(ctx);
            let has_text = section.content.iter().any(|&l| {
                let line = &ctx.outline.lines[l];
                !line.text.trim().is_empty()
                    && !crate::fix::is_placeholder(&line.text)
                    && (line.kind != LineKind::Code || code.reads_as_prose(l))
                    && line.kind != (LineKind::TableRow { header: true })
                    && !is_zone_note_alone(&line.text)
            });
            if has_text {
                out.push(
                    Diagnostic::new("PM103", heading.span.clone(), "timeline has no timestamped entries")
                        .with_help("write one entry per line or list item, each starting with its time (`- 10:05 UTC: ...`)"),
                );
            }
            continue;
        }
        for (i, e) in entries.iter().enumerate() {
            if e.is_stamped() || e.date_mark.is_some() {
                continue;
            }
            // What happened at a time written alone on the line before
            // (`- November 10, 2023, 15:30 UTC` then `- Detected through
            // monitoring alerts`): that entry's text.
            if i > 0
                && is_bare_stamp(
                    &ctx.outline.lines[entries[i - 1].line].text,
                    &entries[i - 1],
                )
            {
                continue;
            }
            let line = &ctx.outline.lines[e.line];
            out.push(
                Diagnostic::new("PM102", line.span.clone(), "timeline entry has no timestamp")
                    .with_help("start the entry with the time it happened, or fold it into the entry before it"),
            );
        }
        // Sub-headings that are neither entries nor date lines, and tell no
        // date or time (`### Detection`, `### Customer-facing timeline`),
        // start parts of their own.
        let parts: Vec<usize> = section
            .subheadings
            .iter()
            .map(|&h| ctx.outline.headings[h].line)
            .filter(|l| entries.binary_search_by_key(l, |e| e.line).is_err())
            .filter(|&l| !may_tell_when(&ctx.outline.lines[l].text))
            .collect();
        out_of_order(ctx, &entries, &parts, out);
        timezone(ctx, section, &entries, &mut summary_zone, out);
    }
}

/// Whether the next Timeline section, `next`, starts under `section`'s
/// heading, before the next heading of its level or higher: the heading
/// gathers timelines (`## Incident Timeline` over one `**Timeline:**` per
/// incident), and its own text introduces them.
fn gathers(ctx: &Context, section: &Section, next: &Section) -> bool {
    let headings = &ctx.outline.headings;
    let level = headings[section.heading].level;
    headings
        .get(section.heading + 1..=next.heading)
        .is_some_and(|between| between.iter().all(|h| h.level > level))
}

/// Whether a timeline section is kept by time headings: one of its
/// sub-headings starts with a time (`#### 00:20`, `### Noon — alert`).
pub(super) fn kept_by_time_headings(ctx: &Context, section: &Section, order: DateOrder) -> bool {
    section.subheadings.iter().any(|&h| {
        let line = ctx.outline.headings[h].line;
        time::leading_time(&ctx.outline.lines[line].text, order).is_some()
    })
}

/// The entries of one timeline section.
fn entries(ctx: &Context, section: &Section, order: DateOrder) -> Vec<Entry> {
    let lines = &ctx.outline.lines;
    let min_depth = section
        .content
        .iter()
        .filter_map(|&l| match lines[l].kind {
            LineKind::ListItem { depth } => Some(depth),
            _ => None,
        })
        .min();
    // Content lines and the lines of sub-headings (which may carry dates), in order.
    let mut candidates: Vec<usize> =
        Vec::with_capacity(section.content.len() + section.subheadings.len());
    candidates.extend_from_slice(&section.content);
    candidates.extend(
        section
            .subheadings
            .iter()
            .map(|&h| ctx.outline.headings[h].line),
    );
    candidates.sort_unstable();
    candidates.dedup();
    // A timeline kept by time headings (`#### 00:20` over bullets of what
    // happened then): its timed sub-headings are entries, and its lines
    // with no time of their own are their details, not untimed entries.
    let by_headings = kept_by_time_headings(ctx, section, order);
    // At most one entry per candidate line.
    let mut out = Vec::with_capacity(candidates.len());
    // A line of an indented code block that reads as code or a log
    // (`10:01:05 ERROR pool exhausted`), not as timeline entries indented by
    // mistake (PM008's), is no entry.
    let mut code = super::structure::CodeProse::new(ctx);
    let mut k = 0;
    while k < candidates.len() {
        let l = candidates[k];
        let line = &lines[l];
        k += 1;
        if is_zone_note(&line.text) || is_note(&line.text) {
            continue;
        }
        if line.kind == LineKind::Code && !code.reads_as_prose(l) {
            continue;
        }
        if let Some(date) = time::date_line(&line.text, order) {
            out.push(Entry {
                date_mark: Some(date),
                ..Entry::new(l, None)
            });
            continue;
        }
        if ctx.outline.heading_at[l].is_some() {
            if by_headings && let Some(ts) = time::leading_time(&line.text, order) {
                out.push(Entry::new(l, Some(ts)));
            }
            continue;
        }
        if by_headings && time::find_timestamp(&line.text, order).is_none() {
            continue;
        }
        match line.kind {
            LineKind::ListItem { depth } if Some(depth) == min_depth => {
                let timestamp = entry_stamp(&line.text, order);
                // Children of an untimed item that carry times are the real
                // entries (read only for an untimed item).
                if timestamp.is_none() {
                    let timed_children: Vec<Entry> = candidates[k..]
                        .iter()
                        .copied()
                        .take_while(|&c| matches!(lines[c].kind, LineKind::ListItem { depth: d } if d > depth))
                        .filter(|&c| matches!(lines[c].kind, LineKind::ListItem { depth: d } if d == depth + 1))
                        .filter(|&c| !is_zone_note(&lines[c].text) && !is_note(&lines[c].text))
                        .map(|c| Entry::of(c, &lines[c].text, entry_stamp(&lines[c].text, order), order))
                        .collect();
                    if timed_children.iter().any(Entry::is_stamped) {
                        out.extend(timed_children);
                        continue;
                    }
                    // A label over timed paragraphs (`- Resolution` then
                    // `21:45 UTC - The hotfix is deployed.`, or `* when was
                    // the issue detected:` then an indented `2:17 PM`).
                    if labels_timed_paragraph(lines, candidates.get(k).copied(), order) {
                        continue;
                    }
                    // A day's mark alone (`- Day 2`, `- **Monday**`) over
                    // the entries after it: [`DayMarks`] reads it as a
                    // change of day.
                    if is_day_mark_alone(&line.text) {
                        continue;
                    }
                }
                out.push(Entry::of(l, &line.text, timestamp, order));
            }
            // A row of times only (`| 10:00 | 04:30 |` under `| IST | UTC |`)
            // converts between zones: no event, no entry.
            LineKind::TableRow { header: false } if only_times(&line.text, order) => {}
            // A row with no text in any cell (a screenshot of the entry
            // above, `![error graph](errors.png)`, whose alt text is not
            // read; or an empty row): no event, no entry.
            LineKind::TableRow { header: false } if line.text.trim().is_empty() => {}
            LineKind::TableRow { header: false } => {
                let timestamp = row_timestamp(&line.text, order);
                out.push(Entry::of(l, &line.text, timestamp, order))
            }
            LineKind::Paragraph | LineKind::Code | LineKind::Html | LineKind::HtmlAtx { .. } => {
                if let Some(ts) = time::leading_time(&line.text, order) {
                    out.push(Entry::new(l, Some(ts)));
                } else if starts_with_bullet(&line.text) && !is_day_mark_alone(&line.text) {
                    let timestamp = time::find_timestamp(&line.text, order);
                    out.push(Entry::of(l, &line.text, timestamp, order));
                } else if let Some(dated) = time::leading_date(&line.text, order)
                    .filter(|_| time::find_timestamp(&line.text, order).is_none())
                {
                    out.push(Entry {
                        dated: Some(dated),
                        ..Entry::new(l, None)
                    });
                } else if let Some(relative) = time::leading_relative(&line.text) {
                    out.push(Entry {
                        relative: Some(relative),
                        ..Entry::new(l, None)
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether `entry` (of line text `text`) is only its timestamp: nothing but
/// a label before it (`Issue Detected:`), punctuation, markup and words in
/// parentheses (`(Nairobi)`) around it.
fn is_bare_stamp(text: &str, entry: &Entry) -> bool {
    let Some(ts) = &entry.timestamp else {
        return false;
    };
    let (Some(before), Some(after)) = (text.get(..ts.span.start), text.get(ts.span.end..)) else {
        return false;
    };
    let before = before.rsplit_once(':').map_or(before, |(_, rest)| rest);
    let after = crate::outline::outside_parens(after);
    [before, &after]
        .iter()
        .all(|part| !part.chars().any(char::is_alphanumeric))
}

/// Whether line `next` (the line after an untimed list item) starts a
/// paragraph of its own that gives a time: the item is then that
/// paragraph's label, not an entry.
fn labels_timed_paragraph(
    lines: &[crate::outline::Line],
    next: Option<usize>,
    order: DateOrder,
) -> bool {
    next.map(|n| &lines[n]).is_some_and(|n| {
        matches!(
            n.kind,
            LineKind::Paragraph | LineKind::Code | LineKind::Html
        ) && n.first_in_block
            && time::find_timestamp(&n.text, order).is_some()
    })
}

/// Whether a timeline line is a note about the timeline (`**Note:** the
/// status page was not updated`, `NB: times are approximate`), not an event.
fn is_note(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '_' | '(' | '-' | '+' | '•')
    });
    ["note", "nb"].iter().any(|word| {
        t.get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
            && t[word.len()..]
                .trim_start_matches(['*', '_', ' '])
                .starts_with(':')
    })
}

/// Whether a timeline line is a note of the time zone and nothing more: one
/// short sentence ([`is_zone_note`]; `(all times in UTC)`, `All times are
/// EAT.`), at most eight words, with nothing after it. Such a line is no
/// content of the timeline (PM005, PM103), as a note in its heading is not.
pub(super) fn is_zone_note_alone(text: &str) -> bool {
    let body =
        text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ')' | '*' | '_'));
    is_zone_note(text)
        && !body.contains(['.', ';', '!', '?', ','])
        && text.split_whitespace().count() <= 8
}

/// Whether a timeline line starts by saying which time zone the entries
/// are in (`Timezone: PST`, `**Time zone:** UTC`, `All times in UTC`): no
/// entry.
fn is_zone_note(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '('));
    let starts = |word: &str| {
        t.get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    (starts("all times") || starts("timezone") || starts("time zone"))
        && time::leading_timestamp(t, DateOrder::default()).is_none()
        && time::mentions_zone(t)
}

/// PM101: an entry earlier than the timed entry before it. Dates are
/// inherited from earlier entries; see [`time::is_backward`] for the rest.
/// An entry with only a date (a timeline kept by the day) is earlier when
/// its date is before the date of the stamped entry before it.
///
/// A change of day said in words between two entries or on the later one
/// (`Next day, 09:00 UTC`, `09:00 UTC (+1 day)`, a `**Day 2**` line) makes
/// any step back not backward. A step back of more than the rollover hours
/// (read as midnight passing) is reported after all when it is an AM/PM
/// slip ([`slipped`]): `11:50 AM`, `12:05 AM`, `12:10 PM` is not two days.
fn out_of_order(ctx: &Context, entries: &[Entry], parts: &[usize], out: &mut Vec<Diagnostic>) {
    let rollover = ctx.config.timeline.rollover_hours;
    let mut prev: Option<(&Entry, Timestamp)> = None;
    let mut last_date = None;
    let mut days = DayMarks {
        read_to: entries.first().map_or(0, |e| e.line),
        highest: 1,
    };
    // The last step back read as midnight passing: (the entry before it and
    // its stamp, the entry), for the entry after it to confirm or refute.
    let mut rolled: Option<(&Entry, Timestamp, &Entry)> = None;
    // The last stamped entry with a date (its own or inherited): the entry,
    // the date and the span of its stamp in the line's text.
    let mut prev_day: Option<(&Entry, time::Date, std::ops::Range<usize>)> = None;
    // The next date line after each entry, built when first needed.
    let mut marks: Option<Vec<Option<time::Date>>> = None;
    // The last entry timed relative to the start, its offset and span.
    let mut prev_relative: Option<(&Entry, i64, std::ops::Range<usize>)> = None;
    let mut next_part = 0;
    // Set at a part's start, until its first timed entry: that entry is
    // compared with the one before only when both are written with dates.
    let mut fresh_part = false;
    for (k, e) in entries.iter().enumerate() {
        let crossed = parts[next_part..].partition_point(|&p| p < e.line);
        if crossed > 0 {
            next_part += crossed;
            fresh_part = true;
            (rolled, prev_relative) = (None, None);
        }
        if let Some(date) = e.date_mark {
            last_date = Some(date);
            continue;
        }
        if let Some((date, span)) = &e.dated {
            if let Some((p, p_date, p_span)) = &prev_day
                && time::compare_dates(*p_date, *date) == std::cmp::Ordering::Greater
            {
                out.push(backward(ctx, (e, span), (p, p_span), true));
            }
            last_date = Some(*date);
            prev_day = Some((e, *date, span.clone()));
            continue;
        }
        if let Some((offset, span)) = &e.relative {
            if let Some((p, p_offset, p_span)) = &prev_relative
                && offset < p_offset
            {
                out.push(backward(ctx, (e, span), (p, p_span), false));
            }
            prev_relative = Some((e, *offset, span.clone()));
            continue;
        }
        let Some(ts) = &e.timestamp else { continue };
        let mut effective = ts.clone();
        if effective.date.is_none() {
            effective.date = last_date;
        } else {
            last_date = effective.date;
        }
        // Set when the entry is reported against a dated entry before it
        // (not again against the timed entry before that).
        let mut reported = false;
        if let Some(date) = effective.date {
            // Checked against a dated entry only when that is the last stamped one.
            if let Some((p, p_date, p_span)) = &prev_day
                && prev.as_ref().is_none_or(|(t, _)| t.line < p.line)
                && time::compare_dates(*p_date, date) == std::cmp::Ordering::Greater
            {
                let dates = (Some(date), Some(*p_date));
                out.push(backward_on(ctx, (e, &ts.span), (p, p_span), false, dates));
                reported = true;
            }
            prev_day = Some((e, date, ts.span.clone()));
        }
        if let Some((p, p_ts)) = prev.as_ref().filter(|_| !reported) {
            // Both dates written on the entries themselves: the date decides,
            // so no backward step is taken for the clock passing midnight.
            let own_dates =
                ts.date.is_some() && p.timestamp.as_ref().is_some_and(|t| t.date.is_some());
            let rollover = if own_dates { 24 } else { rollover };
            // A date on only one of the two marks a change of day that cannot be
            // checked; a new part's clock is its own, unless both dates are written.
            let comparable =
                effective.date.is_some() == p_ts.date.is_some() && (!fresh_part || own_dates);
            // Read only for a step back (most entries go forward).
            // Entries that start with the names of two different days
            // (`Sun 14:00`, then `Mon 09:05`) are on two days.
            let weekdays =
                |entry: &Entry| time::leading_weekday(&ctx.outline.lines[entry.line].text);
            let mut new_day = || {
                matches!((weekdays(p), weekdays(e)), (Some((a, _)), Some((b, _))) if a != b)
                    || days.changed(ctx, p.line, e.line)
            };
            // A step back read as midnight passing, under a date line whose
            // next date line is the day after, with more than half a day
            // between the two entries across midnight (`16:00` then `09:00`
            // under `### 2024-03-04`, then `### 2024-03-05`): the entry
            // would be under the next date line, so the step is a real one.
            // A short pass (`23:50` then `00:10`) is left to midnight.
            let mut contradicted = || {
                let across =
                    (i64::from(effective.seconds) - i64::from(p_ts.seconds)).rem_euclid(86_400);
                across > 12 * 3_600
                    && ts.date.is_none()
                    && p.timestamp.as_ref().is_some_and(|t| t.date.is_none())
                    && effective.date.is_some_and(|d| {
                        let marks = marks.get_or_insert_with(|| next_marks(entries));
                        marks[k].is_some_and(|next| time::days_between(d, next) == 1)
                    })
            };
            let steps_back = time::is_backward(p_ts, &effective, rollover)
                || (time::is_backward(p_ts, &effective, 24) && contradicted());
            if comparable && steps_back && !new_day() {
                let p_span = p.timestamp.as_ref().map_or(0..0, |t| t.span.clone());
                let dates = (effective.date, p_ts.date);
                out.push(backward_on(ctx, (e, &ts.span), (p, &p_span), false, dates));
            }
            // An AM/PM slip: the entry before was read as past midnight, and
            // this one is back within the hours after the one before that.
            if let Some((a, a_ts, b)) = rolled.take()
                && slipped(&a_ts, p_ts, &effective, rollover, twelve_pm(ctx, b))
                && !new_day()
            {
                let a_span = a.timestamp.as_ref().map_or(0..0, |t| t.span.clone());
                let b_span = b.timestamp.as_ref().map_or(0..0, |t| t.span.clone());
                out.push(backward(ctx, (b, &b_span), (a, &a_span), false));
            }
            if comparable
                && effective.date.is_none()
                && p_ts.date.is_none()
                && !time::is_backward(p_ts, &effective, rollover)
                && time::is_backward(p_ts, &effective, 24)
                && !new_day()
            {
                rolled = Some((p, p_ts.clone(), e));
            }
        }
        prev = Some((e, effective));
        fresh_part = false;
    }
}

/// Whether a heading's text may tell a date or a time, read or not as a
/// date line or a time: a weekday's name (`### Tuesday`); a month's name
/// with a digit (`### March 5 (UTC)`); digits joined by `:`, `.`, `/` or `-`
/// (`### 2024-03-05 (Tue)`, `### 03/05`, `### 10.40 restart`); `Day` before
/// a number (`### Day 2`); a time (`### Around 10am`) or a time relative to
/// the start (`### T+40m`). Not `### us-east-1`, `### Phase 2`, `### June
/// (database)`, `### What we may have missed`.
fn may_tell_when(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let digit = text.bytes().any(|b| b.is_ascii_digit());
    let joined_digits = text.as_bytes().windows(3).any(|w| {
        w[0].is_ascii_digit() && matches!(w[1], b':' | b'.' | b'/' | b'-') && w[2].is_ascii_digit()
    });
    words.iter().any(|w| time::weekday_number(w).is_some())
        || (digit && words.iter().any(|w| time::is_month_name(w)))
        || joined_digits
        || words
            .windows(2)
            .any(|w| w[0].eq_ignore_ascii_case("day") && w[1].bytes().all(|b| b.is_ascii_digit()))
        || (digit
            && (time::find_timestamp(text, DateOrder::default()).is_some()
                || time::leading_relative(text).is_some()))
}

/// For each entry, the date of the first date line ([`Entry::date_mark`])
/// after it. Built at the first step back that needs it (rare), in one pass.
fn next_marks(entries: &[Entry]) -> Vec<Option<time::Date>> {
    let mut next = vec![None; entries.len()];
    let mut seen = None;
    for (k, e) in entries.iter().enumerate().rev() {
        next[k] = seen;
        if e.date_mark.is_some() {
            seen = e.date_mark;
        }
    }
    next
}

/// Whether entry `e`'s time is written `12:xx PM`: noon's hour, which is
/// often written for the hour after midnight (`12:10 PM` for `12:10 AM`).
fn twelve_pm(ctx: &Context, e: &Entry) -> bool {
    e.timestamp.as_ref().is_some_and(|t| {
        (12 * 3_600..13 * 3_600).contains(&t.seconds)
            && time::meridiem(&ctx.outline.lines[e.line].text, t) == Some(true)
    })
}

/// Whether `b`, read as past midnight after `a`, was an AM/PM slip: `c`
/// (after `b`) is within `rollover_hours` after `a` on the clock, and
/// `b` moved by 12 hours falls between `a` and `c`; all three without dates
/// and on one clock (the same zone or none). `c` may be past midnight too
/// only when `b` is written `12:xx PM` (`b_twelve_pm`): `11:50 PM`, `12:10
/// PM`, `12:30 AM` is a slip, but `20:00`, `09:00`, `01:00` is three days.
/// `22:00`, `09:00`, `23:30` is two days; `11:50 AM`, `12:05 AM`, `12:10 PM`
/// is a slip.
fn slipped(
    a: &Timestamp,
    b: &Timestamp,
    c: &Timestamp,
    rollover_hours: u32,
    b_twelve_pm: bool,
) -> bool {
    let same_zone = a.zone == b.zone && b.zone == c.zone;
    let undated = a.date.is_none() && b.date.is_none() && c.date.is_none();
    let flipped = (b.seconds + 12 * 3_600) % 86_400;
    // Seconds forward from `a` on the clock, across midnight if need be.
    let after_a = |t: u32| (t + 86_400 - a.seconds) % 86_400;
    same_zone
        && undated
        && (c.seconds >= a.seconds || b_twelve_pm)
        && after_a(c.seconds) < rollover_hours * 3_600
        && after_a(flipped) <= after_a(c.seconds)
}

/// Changes of day said in words in a timeline's lines: `next day`,
/// `following day`, `the day after`, `next morning`, `+1 day`, `(+1)`, and
/// `Day N` numbers. Read only when a step back is found; each line up to the
/// entry before it is read once in all.
struct DayMarks {
    /// Lines before this one have been read for their `Day N`.
    read_to: usize,
    /// The highest `Day N` read so far (at least 1).
    highest: u32,
}

impl DayMarks {
    /// Whether the lines after the entry on line `prev` up to the one on
    /// line `line` say the day changed: a mark in words, or a `Day N` above
    /// every one before (and above 1).
    fn changed(&mut self, ctx: &Context, prev: usize, line: usize) -> bool {
        let lines = &ctx.outline.lines;
        let text = |l: usize| lines.get(l).map_or("", |l| l.text.as_ref());
        for l in self.read_to..=prev {
            if let (_, Some(n)) = day_change(text(l)) {
                self.highest = self.highest.max(n);
            }
        }
        self.read_to = self.read_to.max(prev + 1);
        let before = self.highest;
        (prev + 1..=line).any(|l| {
            let (words, day) = day_change(text(l));
            words || day.is_some_and(|n| n > before)
        })
    }
}

/// Whether `text` is only a mark of the day, its punctuation and emphasis
/// aside: `Day 2`, `**Day 3:**`, `Monday`, `(Tue)`.
fn is_day_mark_alone(text: &str) -> bool {
    let core = text.trim_matches(|c: char| !c.is_alphanumeric());
    // `Wednesday`, the longest mark, has nine letters.
    if core.len() > 9 {
        return false;
    }
    let day_number = core
        .get(..4)
        .is_some_and(|w| w.eq_ignore_ascii_case("day "))
        && core.len() <= 7
        && core[4..].trim_start().bytes().all(|b| b.is_ascii_digit());
    day_number || time::leading_weekday(core).is_some_and(|(_, alone)| alone)
}

/// Whether `text` says the day changed (`next day`, `+1 day`, …), and the
/// number of a `Day N` in it.
fn day_change(text: &str) -> (bool, Option<u32>) {
    // Every mark holds `day`, `(+1)` or `morning`, in some case: lines
    // without their rarest letters (`y`, `+`, `g`) are passed over at once.
    let bytes = text.as_bytes();
    let ends_with_at = |end: usize, word: &[u8]| {
        end + 1 >= word.len() && bytes[end + 1 - word.len()..=end].eq_ignore_ascii_case(word)
    };
    let cue = memchr::memchr2_iter(b'y', b'Y', bytes).any(|i| ends_with_at(i, b"day"))
        || memchr::memchr(b'+', bytes).is_some()
        || memchr::memchr2_iter(b'g', b'G', bytes).any(|i| ends_with_at(i, b"morning"));
    if !cue {
        return (false, None);
    }
    let lower = text.to_ascii_lowercase();
    let words = [
        "next day",
        "following day",
        "the day after",
        "next morning",
        "+1 day",
        "(+1)",
    ]
    .iter()
    .any(|m| lower.contains(m))
        // A line that is only a day's name (`**Monday**`).
        || time::leading_weekday(text).is_some_and(|(_, alone)| alone);
    let day = lower.match_indices("day ").find_map(|(i, _)| {
        let before_ok = lower[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let digits: String = lower[i + 4..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        before_ok.then(|| digits.parse::<u32>().ok()).flatten()
    });
    (words, day)
}

/// PM101's diagnostic: entry `this` is earlier than entry `before`, each
/// given with the span of its stamp in its line's text. `by_date`: `this`
/// has only a date (a timeline kept by the day).
fn backward(
    ctx: &Context,
    this: (&Entry, &std::ops::Range<usize>),
    before: (&Entry, &std::ops::Range<usize>),
    by_date: bool,
) -> Diagnostic {
    backward_on(ctx, this, before, by_date, (None, None))
}

/// [`backward`], with the dates the two entries have from the lines before
/// them (a `### 2024-05-02` heading, a `Day 2` line): each is said after its
/// stamp when the stamp itself has no date, so that the message shows what
/// was compared (`10:00 UTC on 1 May 2024` after `09:00 UTC on 2 May 2024`).
fn backward_on(
    ctx: &Context,
    this: (&Entry, &std::ops::Range<usize>),
    before: (&Entry, &std::ops::Range<usize>),
    by_date: bool,
    dates: (Option<time::Date>, Option<time::Date>),
) -> Diagnostic {
    let (line, p_line) = (
        &ctx.outline.lines[this.0.line],
        &ctx.outline.lines[before.0.line],
    );
    // The date an entry inherits, when its stamp has none of its own.
    let inherited = |e: &Entry, date: Option<time::Date>| {
        date.filter(|_| e.timestamp.as_ref().is_some_and(|t| t.date.is_none()))
            .map_or(String::new(), |d| format!(" on {}", day_label(d)))
    };
    let (this_on, before_on) = (inherited(this.0, dates.0), inherited(before.0, dates.1));
    let (at, help) = if by_date {
        ("on", "check the date or move the entry to its place")
    } else {
        (
            "at",
            "check the time (AM/PM, hour, date) or move the entry to its place",
        )
    };
    Diagnostic::new(
        "PM101",
        source_span(ctx, line, this.1.clone()),
        format!(
            "timeline entry {at} {}{this_on} is earlier than the entry before it ({}{before_on})",
            written(line, this.1),
            written(p_line, before.1)
        ),
    )
    .with_label(source_span(ctx, p_line, before.1.clone()), "previous entry")
    .with_help(help)
}

/// A date for a message: `2 May 2024`, or `2 May` when no year is known.
fn day_label(d: time::Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS[usize::from(d.month.clamp(1, 12)) - 1];
    match d.year {
        Some(y) => format!("{} {month} {y}", d.day),
        None => format!("{} {month}", d.day),
    }
}

/// The text of a stamp (`span` in the line's text), a table row's cell
/// separators read as spaces.
fn written(line: &crate::outline::Line, span: &std::ops::Range<usize>) -> String {
    line.text
        .get(span.clone())
        .unwrap_or("?")
        .trim()
        .replace(CELL_SEPARATOR, " ")
}

/// PM104: timestamps but no time zone in the timeline, its heading, the
/// summary (its heading included), the preamble, the title or the front
/// matter's `timezone:` (`time_zone:`, `tz:`) key.
fn timezone(
    ctx: &Context,
    section: &Section,
    entries: &[Entry],
    summary_zone: &mut Option<bool>,
    out: &mut Vec<Diagnostic>,
) {
    if entries
        .iter()
        .any(|e| e.timestamp.as_ref().is_some_and(|t| t.zone.is_some()))
    {
        return;
    }
    // Entries with only a date (a timeline kept by the day) need no zone.
    let Some(first) = entries.iter().find(|e| e.timestamp.is_some()) else {
        return;
    };
    let heading = ctx.outline.heading_of(section);
    let heading_text = ctx.source.get(heading.span.clone()).unwrap_or("");
    let lines = &ctx.outline.lines;
    // Notes that name a zone only in words (`all times Pacific`) are read
    // last, when nothing else names one.
    let mentioned = time::mentions_zone(heading_text)
        || section
            .content
            .iter()
            .any(|&l| time::mentions_zone(&lines[l].text))
        || *summary_zone.get_or_insert_with(|| {
            ctx.outline
                .sections_named(ids::SUMMARY)
                .filter_map(|s| ctx.source.get(ctx.outline.heading_of(s).span.clone()))
                .any(time::mentions_zone)
                || summary_and_preamble(ctx)
                    .iter()
                    .any(|&l| time::mentions_zone(&lines[l].text))
                || title_names_zone(ctx)
                || summary_and_preamble(ctx)
                    .iter()
                    .any(|&l| time::notes_zone(&lines[l].text))
                // A tool's export may keep it in the front matter
                // (`timezone: UTC`, `time_zone: Europe/Berlin`, `tz: PST`).
                || super::util::front_matter_field(ctx, &["timezone", "tz"]).is_some_and(|zone| {
                    time::mentions_zone(zone)
                        || time::notes_zone(zone)
                        || time::is_zone_name(&zone.trim().to_ascii_uppercase())
                })
        })
        || time::notes_zone(heading_text)
        || time::ends_with_zone_in_parentheses(heading_text)
        || section
            .content
            .iter()
            .any(|&l| time::notes_zone(&lines[l].text));
    if mentioned {
        return;
    }
    let line = &lines[first.line];
    let ts = first.timestamp.as_ref().expect("timed entry");
    out.push(
        Diagnostic::new(
            "PM104",
            source_span(ctx, line, ts.span.clone()),
            "timeline timestamps have no time zone",
        )
        .with_label(heading.span.clone(), "no time zone in this timeline")
        .with_help("name the zone once, e.g. `## Timeline (all times UTC)`, or on each entry"),
    );
}

/// Whether the postmortem's title (its first heading, of level 1, naming no
/// section) names a time zone: `# Outage on 3 May (all times CET)`.
fn title_names_zone(ctx: &Context) -> bool {
    ctx.outline.headings.first().is_some_and(|h| {
        h.level == 1
            && h.names.is_empty()
            && ctx
                .source
                .get(h.span.clone())
                .is_some_and(|t| time::mentions_zone(t) || time::notes_zone(t))
    })
}

#[cfg(test)]
mod tests {
    use super::is_zone_note;

    /// (code, line, column) of the timeline diagnostics for a timeline of `entries`.
    fn timeline_codes(entries: &str) -> Vec<(&'static str, usize, usize)> {
        let source = format!("# T\n\n## Timeline (all times UTC)\n\n{entries}");
        let index = crate::render::LineIndex::new(&source);
        crate::rules::util::lint_default(&source)
            .into_iter()
            .filter(|d| d.code.starts_with("PM10"))
            .map(|d| {
                let at = index.position(d.span.start);
                (d.code, at.line, at.column)
            })
            .collect()
    }

    /// The PM101–PM104 codes reported for a postmortem whose timeline has
    /// `heading` (`Timeline (UTC)`) over `body`.
    fn pm10_codes(heading: &str, body: &str) -> Vec<&'static str> {
        let source = format!("# T\n\n## {heading}\n\n{body}");
        crate::rules::util::lint_default(&source)
            .into_iter()
            .filter(|d| d.code.starts_with("PM10"))
            .map(|d| d.code)
            .collect()
    }

    /// A timeline kept by time headings: the headings are its entries (in
    /// order or not), and the untimed lines under them are details.
    #[test]
    fn time_headings_are_entries() {
        let codes = |body: &str| pm10_codes("Timeline (UTC)", body);
        let ordered = "### 10:00 UTC - alert fires\nThe pager went off.\n\n### 10:40 UTC - rollback\n- reverted the deploy\n- watched the graphs\n";
        assert_eq!(codes(ordered), Vec::<&str>::new());
        let backward = "#### 10:40:\n- rollback\n\n#### 10:00:\n- alert fires\n";
        assert_eq!(codes(backward), ["PM101"]);
        // Without time headings, untimed items are still reported.
        assert_eq!(codes("- 10:00: alert\n- watched the graphs\n"), ["PM102"]);
    }

    /// Each part of a timeline under a sub-heading that is neither an entry
    /// nor a date line (`### Detection`, `### Customer-facing`) is its own
    /// sequence; entries within a part are still compared, and so are
    /// entries under time headings and date lines.
    #[test]
    fn sub_headings_start_sequences_of_their_own() {
        let codes = |body: &str| pm10_codes("Timeline (UTC)", body);
        let parts = "### Detection\n- 10:00 deploy\n- 10:05 alert\n\n### Mitigation\n- 10:02 canary errors seen\n- 10:20 rollback\n";
        assert_eq!(codes(parts), Vec::<&str>::new());
        let within =
            "### Detection\n- 10:05 alert\n- 10:00 deploy\n\n### Mitigation\n- 10:20 rollback\n";
        assert_eq!(codes(within), ["PM101"]);
        // Without the sub-headings, one sequence.
        assert_eq!(
            codes("- 10:00 deploy\n- 10:05 alert\n- 10:02 canary\n"),
            ["PM101"]
        );
        // Date lines are no parts: the dates still order the entries.
        let dated = "### 2024-03-05\n- 10:00 alert\n\n### 2024-03-04\n- 11:00 deploy\n";
        assert_eq!(codes(dated), ["PM101"]);
        // Nor are headings that tell a date or time without being read as one.
        let told = "### March 5, 2024 (UTC)\n- 10:00 alert\n- 10:30 restart\n\n### March 4, 2024 (UTC)\n- 09:00 deploy\n";
        assert_eq!(codes(told), ["PM101"]);
        for (first, second) in [("Day 2", "Day 1"), ("T+40m", "T+10m"), ("03/05", "03/04")] {
            let body = format!(
                "### {first}\n- 10:00 alert\n- 10:30 restart\n\n### {second}\n- 09:00 deploy\n"
            );
            assert_eq!(codes(&body), ["PM101"], "{body}");
        }
        // Parallel tracks named with digits or a month's name are parts.
        for (first, second) in [
            ("us-east-1", "eu-west-1"),
            ("Phase 1", "Phase 2"),
            ("June (database)", "What we may have missed"),
        ] {
            let body = format!(
                "### {first}\n- 10:00 alert\n- 10:30 restart\n\n### {second}\n- 10:04 failover\n"
            );
            assert_eq!(codes(&body), Vec::<&str>::new(), "{body}");
        }
        // Entries with dates of their own are compared across parts.
        let own_dates = "### Escalation\n- 2024-03-05 10:00 alert\n- 2024-03-05 10:10 paged\n\n### Broker work\n- 2024-03-05 09:20 restart\n";
        assert_eq!(codes(own_dates), ["PM101"]);
    }

    /// Under a date line, a step back of more than half a day across
    /// midnight is out of order when the next date line is the day after;
    /// a short pass of midnight, or a later date line two days on, is not.
    #[test]
    fn a_step_back_under_a_date_line() {
        let codes = |first: &str, second: &str, next_day: &str| -> Vec<&'static str> {
            let source = format!(
                "# T\n\n## Timeline (UTC)\n\n### 2024-03-04\n- {first} a\n- {second} b\n### {next_day}\n- 13:00 c\n"
            );
            crate::rules::util::lint_default(&source)
                .into_iter()
                .filter(|d| d.code.starts_with("PM10"))
                .map(|d| d.code)
                .collect()
        };
        assert_eq!(codes("16:00", "09:00", "2024-03-05"), ["PM101"]);
        assert_eq!(codes("23:50", "00:10", "2024-03-05"), Vec::<&str>::new());
        assert_eq!(codes("16:00", "09:00", "2024-03-06"), Vec::<&str>::new());
    }

    /// Entries timed relative to the start (`T+20m`, `+00:15`) are stamped
    /// (no PM102, PM103), need no zone (no PM104), and are ordered among
    /// themselves, not against times of day.
    #[test]
    fn relative_entries() {
        let codes = |body: &str| pm10_codes("Timeline", body);
        assert_eq!(
            codes("- T+0: alert\n- T+20m: paged\n- T+1h: fixed\n"),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes("- +00:00 alert\n- +00:15 paged\n"),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes("- T+0: alert\n- T+20m: paged\n- T+10m: rollback\n"),
            ["PM101"]
        );
        assert_eq!(
            codes("- T+0 (10:00 UTC): alert\n- T+20m: paged\n- T+45m: fixed\n"),
            Vec::<&str>::new()
        );
        assert_eq!(codes("- +5 hosts added\n- T-shirt ordered\n"), ["PM103"]);
    }

    /// Days named by weekday: entries that start with two different days'
    /// names, or a line holding only a day's name between them, are on two
    /// days; the same day's name twice is one day.
    #[test]
    fn weekday_names_change_the_day() {
        let codes = |body: &str| pm10_codes("Timeline (UTC)", body);
        assert_eq!(
            codes("- Sun 14:00 retry fails\n- Mon 09:05 finance reports\n"),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes("**Sunday**\n\n- 14:00 retry fails\n\n**Monday**\n\n- 09:05 finance reports\n"),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes("- Sun 14:00 retry fails\n- Sun 09:05 finance reports\n"),
            ["PM101"]
        );
        assert_eq!(
            codes("- 14:00 retry fails on Sunday\n- 09:05 finance reports\n"),
            ["PM101"]
        );
    }

    /// A table of times only (a conversion between zones) under the
    /// timeline holds no entries; a table of times and events does.
    #[test]
    fn a_conversion_table_is_no_timeline() {
        let codes = |body: &str| pm10_codes("Timeline (UTC)", body);
        let entries = "- 10:00 a\n- 10:10 b\n\n";
        assert_eq!(
            codes(&format!(
                "{entries}| IST | UTC |\n|---|---|\n| 10:00 | 04:30 |\n"
            )),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes("| Time | Event |\n|---|---|\n| 10:00 | a |\n| 09:00 | b |\n"),
            ["PM101"]
        );
    }

    /// A timeline holding only a skeleton's table (a header row over empty
    /// rows) or a note of its time zone is empty (PM005), not a timeline
    /// without timestamps (PM103).
    #[test]
    fn skeleton_tables_and_zone_notes_are_empty_timelines() {
        let codes = |body: &str| -> Vec<&'static str> {
            crate::rules::util::lint_default(&format!(
                "# T\n\n## Timeline\n\n{body}\n\n## Root Cause\n\nA full disk.\n"
            ))
            .iter()
            .filter(|d| matches!(d.code, "PM005" | "PM103"))
            .map(|d| d.code)
            .collect()
        };
        assert_eq!(
            codes("| Time | Event |\n|---|---|\n| | |\n| | |"),
            ["PM005"]
        );
        assert_eq!(codes("> (all times in UTC)"), ["PM005"]);
        assert_eq!(
            codes("All times in UTC.\n\nWe looked into it for a while."),
            ["PM103"]
        );
        assert_eq!(
            codes("All times in UTC. The on-call engineer restarted the gateway."),
            ["PM103"]
        );
        assert_eq!(
            codes("All times in UTC, we restarted the gateway after the alert and it recovered"),
            ["PM103"]
        );
    }

    /// A table row with no text in its cells (a screenshot between rows,
    /// whose alt text is not read) is no entry: no PM102.
    #[test]
    fn an_image_row_in_a_timeline_table_is_no_entry() {
        let codes = |row: &str| {
            pm10_codes(
                "Timeline (UTC)",
                &format!(
                    "| Time | Event |\n|---|---|\n| 10:00 | alert |\n{row}\n| 10:20 | fixed |\n"
                ),
            )
        };
        assert_eq!(codes("![error graph](errors.png)"), Vec::<&str>::new());
        assert_eq!(codes("| | |"), Vec::<&str>::new());
        assert_eq!(codes("| later | on-call paged |"), ["PM102"]);
    }

    /// `noon` and `midnight` are an entry's time: no PM102, and ordered.
    #[test]
    fn noon_and_midnight_entries() {
        let codes = |body: &str| pm10_codes("Timeline (PT)", body);
        assert_eq!(
            codes("- 11:40 am: a\n- noon: b\n- 12:30 pm: c\n"),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes("- 11:40 am: a\n- 12:30 pm: c\n- Noon: b\n"),
            ["PM101"]
        );
        assert_eq!(
            codes("- 11:40 pm: a\n- midnight: b\n- 12:30 am: c\n"),
            Vec::<&str>::new()
        );
        assert_eq!(codes("- 11:40 am: a\n- Noonish we ate\n"), ["PM102"]);
    }

    /// A zone in the summary covers the timeline, also when it is a zone of
    /// the tz database or a note naming a North American region (as the
    /// catalogue says); a region's name in prose does not.
    #[test]
    fn a_zone_in_the_summary() {
        let pm104 = |note: &str| {
            let source = format!(
                "## Issue Summary\n\nFor an hour 20% of users failed. {note}\n\n## Timeline\n\n- 10:00: alert\n- 10:30: fixed\n"
            );
            crate::rules::util::lint_default(&source)
                .iter()
                .any(|d| d.code == "PM104")
        };
        assert!(!pm104("All times UTC."));
        assert!(!pm104("All times Europe/London."));
        assert!(!pm104("Times in US/Pacific."));
        assert!(!pm104("All times are Pacific."));
        assert!(pm104("Pacific customers could not pay."));
        assert!(pm104(""));
    }

    /// A time zone in the title covers the timeline; a title without one,
    /// or a zone in a later heading that is not the timeline's, does not.
    #[test]
    fn a_zone_in_the_title() {
        let pm104 = |title: &str| {
            let source = format!("{title}\n\n## Timeline\n\n- 10:00: alert\n- 10:30: fixed\n");
            crate::rules::util::lint_default(&source)
                .iter()
                .any(|d| d.code == "PM104")
        };
        assert!(!pm104("# Outage on 3 May (all times CET)"));
        assert!(!pm104("# Outage on 3 May, 10:00-10:30 UTC"));
        assert!(pm104("# Outage on 3 May"));
        assert!(pm104("# Outage\n\n## Notes (UTC)"));
    }

    /// PM101's message says the dates an entry takes from the lines before
    /// it, and not a date its stamp already shows.
    #[test]
    fn a_step_back_says_the_inherited_dates() {
        let message = |entries: &str| {
            let source = format!("# T\n\n## Timeline\n\n{entries}");
            crate::rules::util::lint_default(&source)
                .into_iter()
                .find(|d| d.code == "PM101")
                .map(|d| d.message)
        };
        assert_eq!(
            message("### 2024-05-02\n\n- 09:00 UTC: a\n\n### 2024-05-01\n\n- 10:00 UTC: b\n")
                .as_deref(),
            Some(
                "timeline entry at 10:00 UTC on 1 May 2024 is earlier than the entry before it (09:00 UTC on 2 May 2024)"
            )
        );
        assert_eq!(
            message("- 2024-05-02 09:00 UTC: a\n- 2024-05-01 10:00 UTC: b\n").as_deref(),
            Some(
                "timeline entry at 2024-05-01 10:00 UTC is earlier than the entry before it (2024-05-02 09:00 UTC)"
            )
        );
        assert_eq!(
            message("- 10:00 UTC: a\n- 09:00 UTC: b\n").as_deref(),
            Some("timeline entry at 09:00 UTC is earlier than the entry before it (10:00 UTC)")
        );
    }

    /// A change of day said in words is not a step back; a step read as
    /// midnight passing that the next entry undoes is an AM/PM slip.
    #[test]
    fn days_said_in_words_and_am_pm_slips() {
        for ok in [
            "- 14:02: a\n- Next day, 09:00: b\n",
            "- 14:02: a\n- 09:00 (+1 day): b\n",
            "**Day 1**\n\n- 14:02: a\n\n**Day 2**\n\n- 09:00: b\n",
            "- 23:00: a\n- 01:00: b\n- 02:00: c\n",
            "- 22:00: a\n- 09:00: b\n- 23:30: c\n",
            // A day's mark as a list item of its own is no untimed entry.
            "- 22:10: a\n- 23:50: b\n- Day 2\n- 21:30: c\n",
            "- 22:10: a\n- 23:50: b\n- **Day 2:**\n- 21:30: c\n",
            "- 22:10: a\n- 23:50: b\n- Tuesday\n- 21:30: c\n",
        ] {
            assert_eq!(timeline_codes(ok), [], "{ok:?}");
        }
        // Entries nested under a day's mark are read.
        assert_eq!(
            timeline_codes("- Day 1\n  - 22:10: a\n  - 21:00: b\n- Day 2\n  - 09:00: c\n"),
            [("PM101", 7, 5)]
        );
        assert_eq!(
            timeline_codes("- **Monday**\n  - 22:10: a\n  - b\n"),
            [("PM102", 7, 3)]
        );
        // Words around `Day 2` make it an entry.
        assert_eq!(
            timeline_codes("- 22:10: a\n- Day 2 of the freeze\n- 23:30: c\n"),
            [("PM102", 6, 1)]
        );
        // Within one day of the words, the order still counts.
        assert_eq!(
            timeline_codes("**Day 2**\n\n- 09:00: b\n- 08:00: c\n"),
            [("PM101", 8, 3)]
        );
        assert_eq!(
            timeline_codes("- 14:02: a\n- 09:00: b\n"),
            [("PM101", 6, 3)]
        );
        // `12:05 AM` between `11:50 AM` and `12:10 PM` is the slip.
        assert_eq!(
            timeline_codes("- 11:50 AM: alert\n- 12:05 AM: paged\n- 12:10 PM: fixed\n"),
            [("PM101", 6, 3)]
        );
        // And its mirror: `12:10 PM` between `11:50 PM` and `12:30 AM`.
        assert_eq!(
            timeline_codes("- 11:50 PM: alert\n- 12:10 PM: paged\n- 12:30 AM: fixed\n"),
            [("PM101", 6, 3)]
        );
        // Passing midnight in order is no slip, nor is a timeline of three
        // days on a 24-hour clock or with a middle entry not at 12 PM.
        assert_eq!(
            timeline_codes("- 22:00: a\n- 23:30: b\n- 00:15: c\n- 01:00: d\n"),
            []
        );
        assert_eq!(timeline_codes("- 20:00: a\n- 09:00: b\n- 01:00: c\n"), []);
        assert_eq!(
            timeline_codes("- 11:00 PM: a\n- 2:00 PM: b\n- 3:00 AM: c\n"),
            []
        );
    }

    /// A timeline kept by the day: entries that start with a date are
    /// stamped (no PM102, PM103 or PM104), and their dates are ordered.
    #[test]
    fn entries_stamped_by_their_date() {
        let days = "- 2024-03-04 - reported\n- 2024-03-06 - reproduced\n- 2024-03-11 - released\n";
        assert_eq!(timeline_codes(days), []);
        // Paragraph lines and table rows too.
        assert_eq!(
            timeline_codes("04/23/2023 - reported\n\n05/03/2023 - released\n"),
            []
        );
        assert_eq!(
            timeline_codes(
                "| Date | Event |\n|---|---|\n| 2024-03-04 | reported |\n| 2024-03-11 | released |\n"
            ),
            []
        );
        // An entry with neither a time nor a date is still reported.
        assert_eq!(
            timeline_codes("- 2024-03-04 - reported\n- a fix was merged\n"),
            [("PM102", 6, 1)]
        );
        // Backwards by a day.
        assert_eq!(
            timeline_codes("- 2024-03-06 - reproduced\n- 2024-03-04 - reported\n"),
            [("PM101", 6, 3)]
        );
        // A time with its own date before a dated entry: reported once.
        assert_eq!(
            timeline_codes(
                "- 2024-03-04 10:00: alert\n- 2024-03-06: filed\n- 2024-03-05 09:00: fix\n- 2024-03-05: again\n"
            ),
            [("PM101", 7, 3)]
        );
        // A dated entry before a timed one on a later day, and a time that
        // takes the dated entry's day: in order.
        assert_eq!(
            timeline_codes("- 2024-03-04 23:00: alert\n- 2024-03-05 - escalated\n- 01:00: fixed\n"),
            []
        );
        // A date with no year is ordered by month and day.
        assert_eq!(
            timeline_codes("- September 29th: fixed\n- September 28th (Evening): escalated\n"),
            [("PM101", 6, 3)]
        );
    }

    /// Without a year, December then January is the new year, not a step
    /// back; January then December stays a step forward (a long timeline).
    #[test]
    fn dates_without_a_year_pass_the_new_year() {
        assert_eq!(
            timeline_codes("- Dec 31 23:52: alert\n- Jan 1 00:05: workers added\n"),
            []
        );
        assert_eq!(timeline_codes("- 31 Dec: reported\n- 2 Jan: fixed\n"), []);
        assert_eq!(
            timeline_codes("- Jan 12 09:00: change ships\n- Nov 30 14:00: bug reported\n"),
            []
        );
        assert_eq!(
            timeline_codes("- Mar 5 10:00: alert\n- Feb 1 09:00: deploy\n"),
            [("PM101", 6, 3)]
        );
    }

    /// A `timezone:` key in the front matter names the zone.
    #[test]
    fn zone_in_front_matter() {
        let pm104 = |front: &str| {
            crate::rules::util::lint_default(&format!(
                "---\n{front}\n---\n\n## Timeline\n- 07:00: deploy\n- 07:45: fixed\n"
            ))
            .iter()
            .any(|d| d.code == "PM104")
        };
        assert!(!pm104("timezone: UTC"));
        assert!(!pm104("time_zone: Europe/Berlin"));
        assert!(!pm104("tz: PST"));
        assert!(!pm104("timezone: GST"));
        assert!(!pm104("timezone: utc"));
        assert!(!pm104("timezone: \"East Africa Time\""));
        assert!(pm104("author: ops"));
        assert!(pm104("timezone: TBD"));
    }

    #[test]
    fn zone_notes() {
        for text in [
            "Timezone: PST",
            "Time zone: UTC",
            "**Time Zone:** CET",
            "All times in UTC",
            "(all times are EAT)",
        ] {
            assert!(is_zone_note(text), "{text}");
        }
        for text in [
            "10:00 UTC: alert",
            "Timezone: not recorded",
            "All times were approximate",
            "Alerts fired at 10:00 UTC",
            "Time zone confusion delayed the fix",
        ] {
            assert!(!is_zone_note(text), "{text}");
        }
    }

    /// A list item over timed paragraphs is their label, and an untimed
    /// entry after a time written alone is that time's text: neither is
    /// reported. Untimed events stay reported.
    #[test]
    fn labels_and_bare_times_are_not_untimed_entries() {
        // A one-item list between timed paragraphs, and an item whose own
        // paragraph (after a blank line) gives the time.
        let phases = "10:00 - alert\n\n- Resolution and monitoring\n\n10:45 - fix deployed\n";
        assert_eq!(timeline_codes(phases), []);
        let inner = "* when was it detected:\n\n  10:00 an alert fired\n\n* what was done\n\n  10:20 a restart\n";
        assert_eq!(timeline_codes(inner), []);
        // An untimed item before a timed item is an entry.
        assert_eq!(
            timeline_codes("- 10:00 alert\n- a fix was merged\n- 10:45 fixed\n"),
            [("PM102", 6, 1)]
        );
        // A lazy continuation line is not a paragraph of its own.
        assert_eq!(
            timeline_codes("- 10:00 alert\n- a fix was merged\nat 10:20 by the team\n"),
            [("PM102", 6, 1)]
        );
        // A time written alone, with a label or a place: the next entry is its text.
        let bare = "- Detection:\n  - 10:00 (Nairobi)\n  - Alerts on response times.\n  - Paged the on-call.\n";
        assert_eq!(timeline_codes(bare), [("PM102", 8, 3)]);
        assert_eq!(
            timeline_codes("- Issue Detected: 10:00\n- Detected By: an alert\n- 10:30 fixed\n"),
            []
        );
        // A time with text after it is an entry of its own.
        assert_eq!(
            timeline_codes("- 10:00 alert fired\n- an engineer looked\n"),
            [("PM102", 6, 1)]
        );
    }

    /// Notes are not entries; `At` and `On` may come before a paragraph line's time.
    #[test]
    fn notes_and_at_or_on_before_the_time() {
        assert_eq!(
            timeline_codes(
                "- 10:00 alert\n- **Note:** the status page was not updated\n- NB: approximate\n"
            ),
            []
        );
        // `Notes on the fix` is not a note label.
        assert_eq!(
            timeline_codes("- 10:00 alert\n- Notes on the fix were lost\n"),
            [("PM102", 6, 1)]
        );
        assert_eq!(
            timeline_codes("At 10:05: site down\n\nOn May 21, 2020, 10:30: site up\n"),
            []
        );
        // Without them, a paragraph with a time in it is no entry: nothing stamped.
        assert_eq!(
            timeline_codes("Then at 10:05 the site went down\n"),
            [("PM103", 3, 1)]
        );
        // Out of order with the prefix read.
        assert_eq!(
            timeline_codes("At 10:05: site down\n\nAt 09:30: site up\n"),
            [("PM101", 7, 4)]
        );
    }

    /// A timeline heading over one timeline per incident is not itself a
    /// timeline without timestamps; one with only prose under it is.
    #[test]
    fn heading_gathering_timelines() {
        let src = |inner: &str| {
            format!(
                "# T\n\n## Incident Timeline\n\nTwo incidents.\n\n### Incident one\n\n{inner}\n## Root Cause\n\nDisk.\n"
            )
        };
        let codes = |source: &str| -> Vec<&'static str> {
            crate::rules::util::lint_default(source)
                .into_iter()
                .map(|d| d.code)
                .filter(|c| c.starts_with("PM10"))
                .collect()
        };
        assert_eq!(
            codes(&src("**Timeline:**\n- 10:00 UTC: down\n- 10:30 UTC: up\n")),
            Vec::<&str>::new()
        );
        assert_eq!(codes(&src("We looked into it for a while.\n")), ["PM103"]);
    }
}
