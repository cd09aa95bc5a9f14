//! Small helpers shared by the rule families.

use super::Context;
use crate::outline::{Line, LineKind};
use std::ops::Range;

/// Where a document-level diagnostic (a missing section) points: the first
/// line of the postmortem, or an empty span at 0 for an empty file.
pub fn document_span(ctx: &Context) -> Range<usize> {
    ctx.outline.lines.first().map_or(0..0, |l| l.span.clone())
}

/// Maps a byte range in `line.text` (plain text) to the source: the same
/// characters found inside the line's source span, or the whole line span.
pub fn source_span(ctx: &Context, line: &Line, in_text: Range<usize>) -> Range<usize> {
    let Some(needle) = line.text.get(in_text) else {
        return line.span.clone();
    };
    let needle = needle.trim();
    let raw = ctx.source.get(line.span.clone()).unwrap_or("");
    match (needle.is_empty(), raw.find(needle)) {
        (false, Some(pos)) => line.span.start + pos..line.span.start + pos + needle.len(),
        _ => line.span.clone(),
    }
}

/// The text of a line's label: what comes before its first colon that is
/// not between two digits (`Root Cause: the disk` → `Root Cause`).
pub fn label_of(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    // Every line is asked: a vectorised search for the colons.
    memchr::memchr_iter(b':', bytes)
        .find(|&i| {
            let digit_before = i > 0 && bytes[i - 1].is_ascii_digit();
            let digit_after = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            !(digit_before && digit_after)
        })
        .map(|i| &text[..i])
}

pub(super) use crate::line_ends::line_start;

/// The value of the first key of `keys` in the YAML front matter: written
/// on its key's line (`summary: Dashboards were stale ...`, unquoted and
/// trimmed), or a block scalar's indented lines after it (`summary: |`),
/// from the first to the last. `None` when there is no such key or its
/// value is empty. Keys compare in ASCII lower case, with `_`, `-` and
/// spaces dropped (`customer_impact` is `customerimpact`). A line-level
/// read of `key: value` pairs, as `duration:` is read for PM201.
pub fn front_matter_field<'s>(ctx: &Context<'s>, keys: &[&str]) -> Option<&'s str> {
    let range = ctx.outline.front_matter.clone()?;
    let text: &'s str = ctx.source.get(range)?;
    // Each line with the byte offset just after it.
    let mut offset = 0;
    let lines: Vec<(&'s str, usize)> = text
        .split_inclusive('\n')
        .map(|l| {
            offset += l.len();
            (l.trim_end_matches(['\n', '\r']), offset)
        })
        .collect();
    for (k, &(line, _)) in lines.iter().enumerate() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        // The key without `_`, `-` and spaces, in ASCII lower case, compared
        // with each wanted key without allocating.
        let folded = || {
            key.bytes()
                .filter(|b| !matches!(b, b'_' | b'-' | b' ' | b'\t'))
                .map(|b| b.to_ascii_lowercase())
        };
        if !keys.iter().any(|k| folded().eq(k.bytes())) {
            continue;
        }
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if !value.starts_with(['|', '>']) {
            if value.is_empty() {
                continue;
            }
            return Some(value);
        }
        // A block scalar: the indented lines after the key, as one span.
        let block_start = lines[k].1;
        let block_end = lines[k + 1..]
            .iter()
            .take_while(|(l, _)| l.starts_with([' ', '\t']) || l.trim().is_empty())
            .last()
            .map_or(block_start, |&(_, end)| end);
        let block = text[block_start..block_end].trim();
        if !block.is_empty() {
            return Some(block);
        }
    }
    None
}

/// Front-matter keys that hold the postmortem's summary.
pub const SUMMARY_KEYS: &[&str] = &["summary", "description", "tldr", "synopsis", "overview"];

/// The lines of the summary sections followed by the preamble's lines (indexes).
pub fn summary_and_preamble(ctx: &Context) -> Vec<usize> {
    let mut out: Vec<usize> = ctx
        .outline
        .sections_named(crate::sections::ids::SUMMARY)
        .flat_map(|s| s.content.iter().copied())
        .collect();
    out.extend(ctx.outline.preamble.iter().copied());
    out
}

/// How much of each of two wrapped lines [`wrapped_pairs`] joins: a length
/// or range and the words before it that make it the outage's fit in it,
/// and so does an impact phrase (`20% of` / `requests failed`).
pub const WRAP_REACH: usize = 64;

/// Two lines of one paragraph or list item joined at a soft line break (a
/// hard wrap at 80 columns): the end of the first and the start of the next.
pub struct Wrap {
    /// Index of the first line.
    pub line: usize,
    /// Where the joined part of the first line starts, in its text.
    pub tail_start: usize,
    /// The first line's part, one space, the next line's part.
    pub text: String,
}

/// Each line of `indexes` whose next line continues its paragraph or list
/// item, joined to it ([`Wrap`]: at most [`WRAP_REACH`] bytes of each side),
/// when a digit stands near the break (a length or range split there holds
/// one).
pub fn wrapped_pairs<'a>(
    lines: &'a [Line],
    indexes: &'a [usize],
) -> impl Iterator<Item = Wrap> + 'a {
    indexes.iter().filter_map(move |&a| {
        let (first, next) = (lines.get(a)?, lines.get(a + 1)?);
        // A list item's wrapped lines are paragraph lines of its block.
        let wraps = matches!(first.kind, LineKind::Paragraph | LineKind::ListItem { .. })
            && next.kind == LineKind::Paragraph
            && next.block == first.block
            && !next.first_in_block;
        if !wraps {
            return None;
        }
        let mut tail_start = first.text.len().saturating_sub(WRAP_REACH);
        while !first.text.is_char_boundary(tail_start) {
            tail_start += 1;
        }
        let mut head_end = next.text.len().min(WRAP_REACH);
        while !next.text.is_char_boundary(head_end) {
            head_end -= 1;
        }
        let (tail, head) = (&first.text[tail_start..], &next.text[..head_end]);
        let digit = |t: &str| t.bytes().any(|b| b.is_ascii_digit());
        (digit(tail) || digit(head)).then(|| Wrap {
            line: a,
            tail_start,
            text: format!("{tail} {head}"),
        })
    })
}

/// Test support: checks that `pre_check` holds on every text of `texts` that
/// `full` (the regex it stands in front of) matches; returns how many
/// matched, for the caller to require enough of them.
#[cfg(test)]
pub(crate) fn pre_check_holds(
    texts: impl Iterator<Item = String>,
    full: &regex::Regex,
    pre_check: impl Fn(&str) -> bool,
) -> usize {
    let mut matched = 0;
    for text in texts {
        if full.is_match(&text) {
            matched += 1;
            assert!(pre_check(&text), "{text:?}");
        }
    }
    matched
}

/// Test support: the diagnostics of `source` linted as `x.md` with the
/// default config and options.
#[cfg(test)]
pub(crate) fn lint_default(source: &str) -> Vec<crate::diagnostic::Diagnostic> {
    crate::lint(
        source,
        std::path::Path::new("x.md"),
        &crate::config::Config::default(),
        &crate::LintOptions::default(),
    )
}

/// Test support: `count` pseudo-random texts of up to `max_tokens - 1` tokens
/// from `tokens` (xorshift64 from `seed`, so runs repeat), joined by a space or
/// nothing. Used to check the rules' cheap pre-checks against their regexes.
#[cfg(test)]
pub(crate) fn token_texts(
    seed: u64,
    tokens: &'static [&'static str],
    max_tokens: u64,
    count: usize,
) -> impl Iterator<Item = String> {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count).map(move |_| {
        let n = (next() % max_tokens) as usize;
        let picked: Vec<&str> = (0..n)
            .map(|_| tokens[(next() % tokens.len() as u64) as usize])
            .collect();
        picked.join(if next() % 3 == 0 { "" } else { " " })
    })
}
