//! Timeline rules: PM101 (timeline-out-of-order), PM102
//! (timeline-entry-missing-timestamp), PM103 (timeline-without-timestamps),
//! PM104 (timezone-missing).
//! Catalogue entries: `rules/PM101-timeline-out-of-order.toml` … `rules/PM104-timezone-missing.toml`.
//!
//! In a timeline section an entry is a list item (nested items belong to
//! their parent, unless the parent has no timestamp and its children do), a
//! table body row, or a paragraph line that begins with a timestamp or a
//! bullet glyph. Its timestamp is the first time of day in it.

use super::Context;
use super::util::{source_span, summary_and_preamble};
use crate::diagnostic::Diagnostic;
use crate::outline::{LineKind, Section};
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
}

impl Entry {
    fn new(line: usize, timestamp: Option<Timestamp>) -> Self {
        Entry {
            line,
            timestamp,
            date_mark: None,
        }
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
    time::find_timestamp(&text.replace(" | ", ",  "), order)
}

/// A timestamp the line starts with, also after an approximation mark (`~9:00 AM`).
fn leading(text: &str, order: DateOrder) -> Option<Timestamp> {
    let trimmed = text.trim_start_matches(['~', '≈']);
    let skipped = text.len() - trimmed.len();
    time::leading_timestamp(trimmed, order).map(|mut t| {
        t.span = t.span.start + skipped..t.span.end + skipped;
        t
    })
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let order = ctx.config.date_order();
    // Whether the summary or preamble names a time zone: the same for every
    // timeline section, so found at most once.
    let mut summary_zone: Option<bool> = None;
    for section in ctx.outline.sections_named(ids::TIMELINE) {
        let entries = entries(ctx, section, order);
        let timed = entries.iter().filter(|e| e.timestamp.is_some()).count();
        let heading = ctx.outline.heading_of(section);
        if timed == 0 {
            let has_text = section.content.iter().any(|&l| {
                let text = &ctx.outline.lines[l].text;
                !text.trim().is_empty() && !crate::fix::is_placeholder(text)
            });
            if has_text {
                out.push(
                    Diagnostic::new("PM103", heading.span.clone(), "timeline has no timestamped entries")
                        .with_help("write one entry per line or list item, each starting with its time (`- 10:05 UTC: ...`)"),
                );
            }
            continue;
        }
        for e in entries
            .iter()
            .filter(|e| e.timestamp.is_none() && e.date_mark.is_none())
        {
            let line = &ctx.outline.lines[e.line];
            out.push(
                Diagnostic::new("PM102", line.span.clone(), "timeline entry has no timestamp")
                    .with_help("start the entry with the time it happened, or fold it into the entry before it"),
            );
        }
        out_of_order(ctx, &entries, out);
        timezone(ctx, section, &entries, &mut summary_zone, out);
    }
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
    // At most one entry per candidate line.
    let mut out = Vec::with_capacity(candidates.len());
    let mut k = 0;
    while k < candidates.len() {
        let l = candidates[k];
        let line = &lines[l];
        k += 1;
        if is_zone_note(&line.text) {
            continue;
        }
        if let Some(date) = time::date_line(&line.text, order) {
            out.push(Entry {
                line: l,
                timestamp: None,
                date_mark: Some(date),
            });
            continue;
        }
        if ctx.outline.heading_at[l].is_some() {
            continue;
        }
        match line.kind {
            LineKind::ListItem { depth } if Some(depth) == min_depth => {
                let timestamp = time::find_timestamp(&line.text, order);
                // Children of an untimed item that carry times are the real
                // entries (read only for an untimed item).
                if timestamp.is_none() {
                    let timed_children: Vec<Entry> = candidates[k..]
                        .iter()
                        .copied()
                        .take_while(|&c| matches!(lines[c].kind, LineKind::ListItem { depth: d } if d > depth))
                        .filter(|&c| matches!(lines[c].kind, LineKind::ListItem { depth: d } if d == depth + 1))
                        .map(|c| Entry::new(c, time::find_timestamp(&lines[c].text, order)))
                        .collect();
                    if timed_children.iter().any(|e| e.timestamp.is_some()) {
                        out.extend(timed_children);
                        continue;
                    }
                }
                out.push(Entry::new(l, timestamp));
            }
            LineKind::TableRow { header: false } => {
                out.push(Entry::new(l, row_timestamp(&line.text, order)))
            }
            LineKind::Paragraph | LineKind::Code | LineKind::Html | LineKind::HtmlAtx { .. } => {
                if let Some(ts) = leading(&line.text, order) {
                    out.push(Entry::new(l, Some(ts)));
                } else if starts_with_bullet(&line.text) {
                    out.push(Entry::new(l, time::find_timestamp(&line.text, order)));
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether a timeline line only says which time zone the entries are in
/// (`Timezone: PST`, `**Time zone:** UTC`, `All times in UTC`): no entry.
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
fn out_of_order(ctx: &Context, entries: &[Entry], out: &mut Vec<Diagnostic>) {
    let rollover = ctx.config.timeline.rollover_hours;
    let mut prev: Option<(&Entry, Timestamp)> = None;
    let mut last_date = None;
    for e in entries {
        if let Some(date) = e.date_mark {
            last_date = Some(date);
            continue;
        }
        let Some(ts) = &e.timestamp else { continue };
        let mut effective = ts.clone();
        if effective.date.is_none() {
            effective.date = last_date;
        } else {
            last_date = effective.date;
        }
        if let Some((p, p_ts)) = &prev {
            // Both dates written on the entries themselves: the date decides,
            // so no backward step is taken for the clock passing midnight.
            let own_dates =
                ts.date.is_some() && p.timestamp.as_ref().is_some_and(|t| t.date.is_some());
            let rollover = if own_dates { 24 } else { rollover };
            // A date on only one of the two marks a change of day that cannot be checked.
            let comparable = effective.date.is_some() == p_ts.date.is_some();
            if comparable && time::is_backward(p_ts, &effective, rollover) {
                let line = &ctx.outline.lines[e.line];
                let p_line = &ctx.outline.lines[p.line];
                let p_span = source_span(
                    ctx,
                    p_line,
                    p.timestamp.as_ref().map_or(0..0, |t| t.span.clone()),
                );
                let this = written(line, ts);
                let before = p
                    .timestamp
                    .as_ref()
                    .map_or(String::new(), |t| written(p_line, t));
                out.push(
                    Diagnostic::new(
                        "PM101",
                        source_span(ctx, line, ts.span.clone()),
                        format!("timeline entry at {this} is earlier than the entry before it ({before})"),
                    )
                    .with_label(p_span, "previous entry")
                    .with_help("check the time (AM/PM, hour, date) or move the entry to its place"),
                );
            }
        }
        prev = Some((e, effective));
    }
}

fn written(line: &crate::outline::Line, ts: &Timestamp) -> String {
    line.text
        .get(ts.span.clone())
        .unwrap_or("?")
        .trim()
        .replace(" | ", " ")
}

/// PM104: timestamps but no time zone in the timeline, its heading, the
/// summary (its heading included) or the preamble.
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
    let heading = ctx.outline.heading_of(section);
    let heading_text = ctx.source.get(heading.span.clone()).unwrap_or("");
    let lines = &ctx.outline.lines;
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
        });
    if mentioned {
        return;
    }
    let Some(first) = entries.iter().find(|e| e.timestamp.is_some()) else {
        return;
    };
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

#[cfg(test)]
mod tests {
    use super::is_zone_note;

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
}
