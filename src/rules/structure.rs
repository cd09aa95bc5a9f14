//! Structure rules: PM007 (glued-heading), PM008 (accidental-code-block),
//! PM009 (heading-in-paragraph).
//! Catalogue entries: `rules/PM007-glued-heading.toml`, `rules/PM008-accidental-code-block.toml`,
//! `rules/PM009-heading-in-paragraph.toml`.

use super::Context;
use super::util::line_start;
use crate::diagnostic::Diagnostic;
use crate::outline::{HeadingStyle, LineKind};
use crate::time;

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // The fix's line ending and `#` level are the document's: found once
    // (each reads the whole text or outline), on the first glued heading.
    let mut glue_fix: Option<(&str, String)> = None;
    let (mut glued_scan, mut html_scan) = (FollowScan::default(), FollowScan::default());
    for h in &ctx.outline.headings {
        if h.names.is_empty() {
            continue;
        }
        if h.style == HeadingStyle::Glued {
            // Fix: a blank line and `## ` before the title (only inserts text).
            let (eol, hashes) = glue_fix.get_or_insert_with(|| {
                (
                    crate::fix::line_ending(ctx.source),
                    "#".repeat(crate::fix::section_level(ctx.outline) as usize),
                )
            });
            // A title glued with its own `#`s (`resolved.## Root Cause`)
            // keeps them: only the blank line goes before it.
            let own_hashes = ctx.source.as_bytes().get(h.span.start) == Some(&b'#');
            let fix = crate::diagnostic::Fix {
                span: h.span.start..h.span.start,
                replacement: if own_hashes {
                    format!("{eol}{eol}")
                } else {
                    format!("{eol}{eol}{hashes} ")
                },
            };
            let mut d = Diagnostic::new(
                "PM007",
                h.span.clone(),
                format!(
                    "heading \"{}\" is glued to the end of a sentence",
                    display(ctx, &h.span)
                ),
            )
            .with_help("put it on its own line, after a blank line, as a heading (`## ...`)");
            // Only where the title was found in the source: when markup hid
            // it, the span is the whole line, and `## ` before it would make
            // the whole sentence the heading.
            if ctx
                .outline
                .lines
                .get(h.line)
                .is_some_and(|l| h.span.start > l.span.start)
                && heading_fix_keeps_what_follows(ctx.source, h.span.start, false, &mut glued_scan)
            {
                d = d.with_fix(fix);
            }
            out.push(d);
        } else if h.in_paragraph
            // A heading in an indented code block is PM008's: the block, not
            // a missing blank line, hides it.
            && ctx.outline.lines.get(h.line).is_some_and(|l| l.kind != LineKind::Code)
        {
            let in_html = matches!(
                ctx.outline.lines.get(h.line).map(|l| l.kind),
                Some(LineKind::HtmlAtx { .. })
            );
            let (place, help) = if in_html {
                (
                    "an HTML block",
                    "put a blank line before it: the HTML block above runs to the next blank line and shows it as text",
                )
            } else {
                (
                    "a paragraph",
                    "put a blank line before it, or make it a `##` heading",
                )
            };
            let mut d = Diagnostic::new(
                "PM009",
                h.span.clone(),
                format!("heading \"{}\" is inside {place}", display(ctx, &h.span)),
            )
            .with_help(help);
            if in_html
                && heading_fix_keeps_what_follows(ctx.source, h.span.start, true, &mut html_scan)
            {
                // Fix: a blank line before the heading's line ends the HTML
                // block there (only inserts text). Not for a paragraph: a
                // plain line may be a sentence that only looks like a title.
                let line_start = line_start(ctx.source, h.span.start);
                d = d.with_fix(crate::diagnostic::Fix {
                    span: line_start..line_start,
                    replacement: crate::fix::line_ending(ctx.source).to_owned(),
                });
            }
            out.push(d);
        }
    }
    accidental_code_blocks(ctx, out);
}

/// Whether a fix that starts a heading at `at` (on a line of its own) leaves
/// the text after it reading as it did. The lines after the heading's line,
/// up to the next blank line, were part of its paragraph (lazy continuation
/// lines) or its HTML block (`html`, shown as they are); after a heading
/// they start a block of their own, so none may be indented by four or more
/// columns (it would turn into a code block) and, after an HTML block, none
/// may be a fence (it would open a code block that swallows the rest). A
/// heading in a block quote is not moved at all: it would split the quote.
/// `scan` keeps the last scan's reach, so that many headings in one
/// paragraph read its lines once.
fn heading_fix_keeps_what_follows(
    source: &str,
    at: usize,
    html: bool,
    scan: &mut FollowScan,
) -> bool {
    let line_start = line_start(source, at);
    if source[line_start..at].trim_start().starts_with('>') {
        return false;
    }
    let from = crate::line_ends::next_line_start(source, at);
    // The last scan covered `from` and found no offending line before it.
    if let Some((start, stop, offender)) = scan.last
        && (start..=stop).contains(&from)
        && offender.is_none_or(|x| x >= from)
    {
        return offender.is_none();
    }
    let mut pos = from;
    let mut offender = None;
    for line in source[from..].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            break;
        }
        let mut column = 0;
        for c in content.chars() {
            match c {
                ' ' => column += 1,
                '\t' => column += 4 - column % 4,
                _ => break,
            }
        }
        let text = content.trim_start();
        if column >= 4 || (html && (text.starts_with("```") || text.starts_with("~~~"))) {
            offender = Some(pos);
            break;
        }
        pos += line.len();
    }
    scan.last = Some((from, pos, offender));
    offender.is_none()
}

/// The reach of [`heading_fix_keeps_what_follows`]'s last scan: (where it
/// started, where it stopped, the offending line's start if it found one),
/// byte offsets.
#[derive(Default)]
struct FollowScan {
    last: Option<(usize, usize, Option<usize>)>,
}

/// Each indented code block of the outline: its lines (a range of indexes
/// into [`crate::outline::Outline::lines`]; blank lines inside it start new
/// `block` numbers but it stays one code block in the source) and whether
/// it reads as prose, timeline entries or headings rather than code or a
/// log (more than half its lines do): PM008's judgement, which the
/// timeline rules share to skip a log shown as code.
pub(super) fn code_blocks(ctx: &Context) -> Vec<(std::ops::Range<usize>, bool)> {
    let lines = &ctx.outline.lines;
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].kind != LineKind::Code {
            i += 1;
            continue;
        }
        let block = code_block_at(ctx, i);
        i = block.0.end;
        out.push(block);
    }
    out
}

/// Whether code lines read as prose (their block is one PM008 reports) or
/// as code or a log, each block judged once ([`code_block_at`]) however many
/// of its lines are asked about, in any order.
pub(super) struct CodeProse<'c, 's> {
    ctx: &'c Context<'s>,
    /// The last block judged: its lines and whether it reads as prose.
    last: Option<(std::ops::Range<usize>, bool)>,
}

impl<'c, 's> CodeProse<'c, 's> {
    pub(super) fn new(ctx: &'c Context<'s>) -> Self {
        CodeProse { ctx, last: None }
    }

    /// Whether the block of code line `line` reads as prose.
    pub(super) fn reads_as_prose(&mut self, line: usize) -> bool {
        match &self.last {
            Some((range, prose)) if range.contains(&line) => *prose,
            _ => {
                let (range, prose) = code_block_at(self.ctx, line);
                self.last = Some((range, prose));
                prose
            }
        }
    }
}

/// The indented code block holding code line `line` (an index into the
/// outline's lines), as [`code_blocks`] gives it.
fn code_block_at(ctx: &Context, line: usize) -> (std::ops::Range<usize>, bool) {
    let lines = &ctx.outline.lines;
    // The `>`s of block quotes before a line's text on its line.
    let quote_depth = |l: usize| {
        let start = lines[l].span.start;
        ctx.source[line_start(ctx.source, start)..start]
            .matches('>')
            .count()
    };
    let joined = |a: usize, b: usize| {
        lines[a].kind == LineKind::Code
            && lines[b].kind == LineKind::Code
            && ctx
                .source
                .get(lines[a].span.end..lines[b].span.start)
                // Line breaks and indentation, and in a block quote its `>`s
                // (both lines in the same quote).
                .is_some_and(|gap| {
                    gap.chars().all(char::is_whitespace)
                        || (gap.chars().all(|c| c.is_whitespace() || c == '>')
                            && quote_depth(a) == quote_depth(b))
                })
    };
    let mut start = line;
    while start > 0 && joined(start - 1, start) {
        start -= 1;
    }
    let mut end = line;
    while end + 1 < lines.len() && joined(end, end + 1) {
        end += 1;
    }
    let block = &lines[start..=end];
    // A line that continues a prose line's sentence (`...climbing on the`
    // then `main dashboard.`) is prose too, and so is a heading (`Summary
    // of outage` centred with spaces, `Root Cause:` over its text).
    let mut prose = 0;
    let mut continues = false;
    for (k, l) in block.iter().enumerate() {
        let this = is_prose(&l.text)
            || (continues && is_wordy(&l.text))
            || ctx.outline.heading_at[start + k].is_some();
        prose += usize::from(this);
        continues = this && !l.text.trim_end().ends_with(['.', '?', '!', ':']);
    }
    (start..end + 1, prose * 2 > block.len())
}

/// PM008: indented code blocks whose lines are mostly prose, timeline entries
/// or headings ([`code_blocks`]).
fn accidental_code_blocks(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lines = &ctx.outline.lines;
    for (range, prose) in code_blocks(ctx) {
        let block = &lines[range];
        if prose {
            let span = block[0].span.start..block[block.len() - 1].span.end;
            let line_start = line_start(ctx.source, span.start);
            let indent = &ctx.source[line_start..span.start];
            // As written before the block's first line (a list's or a block
            // quote's markers in front of it: no count).
            let how = if !indent.chars().all(|c| c == ' ' || c == '\t') {
                "four or more spaces".to_owned()
            } else if indent.contains('\t') {
                "a tab".to_owned()
            } else {
                format!("{} spaces", indent.len())
            };
            out.push(
                Diagnostic::new(
                    "PM008",
                    span,
                    format!("prose indented by {how} renders as a code block"),
                )
                .with_help("remove the indentation, or fence real code or logs with ```"),
            );
        }
    }
}

/// Punctuation that marks code or a log rather than prose.
const CODE_CHARS: &str = "{}[]<>=;$|\\/_()\"";

/// (letters, visible chars, code chars) of a line.
fn char_counts(text: &str) -> (usize, usize, usize) {
    text.chars().fold((0, 0, 0), |(letters, visible, code), c| {
        (
            letters + usize::from(c.is_alphabetic()),
            visible + usize::from(!c.is_whitespace()),
            code + usize::from(CODE_CHARS.contains(c)),
        )
    })
}

/// Whether a line is mostly letters (at least 70 % of its visible chars)
/// and free of code punctuation: the end of a wrapped sentence.
fn is_wordy(text: &str) -> bool {
    let (letters, visible, code) = char_counts(text);
    visible > 0 && letters * 10 >= visible * 7 && code == 0
}

/// Whether a line reads as prose or a timeline entry rather than code or a log.
fn is_prose(text: &str) -> bool {
    if time::leading_timestamp(text, Default::default()).is_some()
        && text.split_whitespace().count() >= 3
    {
        return !is_log_line(text);
    }
    let (letters, visible, code_chars) = char_counts(text);
    let visible = visible.max(1);
    text.split_whitespace().count() >= 4 && letters * 10 >= visible * 7 && code_chars * 20 < visible
}

/// Whether a timestamped line is a log's, meant to render as code: it holds
/// a log level in capitals as a word (`ERROR`, `WARN`, `INFO`, …), a level
/// in any case as a whole bracket or after a colon in it (nginx's
/// `[error]`, Apache's `[php7:error]`),
/// a syslog program tag (`systemd[1]:`) or a `key=value` pair
/// (`2024-03-05 14:03:11 UTC ERROR pool exhausted (max=4)`).
fn is_log_line(text: &str) -> bool {
    const LEVELS: &[&str] = &[
        "ERROR", "ERR", "WARN", "WARNING", "INFO", "DEBUG", "TRACE", "FATAL", "CRITICAL", "NOTICE",
        "CRIT",
    ];
    fn words(t: &str) -> impl Iterator<Item = &str> {
        t.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
    }
    words(text).any(|w| LEVELS.contains(&w))
        || text.split('[').skip(1).any(|group| {
            let inside = group.split_once(']').map_or("", |(inside, _)| inside);
            // The whole bracket is the level, or ends with it after a colon
            // (`[error]`, `[php7:error]`; not `[Alert]` or `[billing error]`).
            let level = inside.rsplit(':').next().unwrap_or("");
            (!inside.contains(' ') && LEVELS.iter().any(|l| l.eq_ignore_ascii_case(level)))
                // `systemd[1]:`, `sshd[4242]:` right after a name.
                || (!inside.is_empty()
                    && inside.bytes().all(|b| b.is_ascii_digit())
                    && group[inside.len() + 1..].starts_with(':'))
        })
        || text.split_whitespace().any(|w| {
            w.split_once('=').is_some_and(|(key, value)| {
                let key = key.trim_start_matches(|c: char| !c.is_alphanumeric());
                !key.is_empty()
                    && !value.is_empty()
                    && key.chars().all(|c| c.is_alphanumeric() || c == '_')
            })
        })
}

/// The heading's text as written, on one line, for messages.
fn display(ctx: &Context, span: &std::ops::Range<usize>) -> String {
    let raw = ctx.source.get(span.clone()).unwrap_or("");
    let trimmed: String = raw
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '#' | '`'))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    trimmed.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A timestamped line is a timeline entry (prose) unless it reads as a
    /// log's: a log level in capitals, or a `key=value` pair.
    #[test]
    fn log_lines_are_not_prose() {
        assert!(is_prose("14:03 UTC - the on-call engineer was paged"));
        assert!(!is_prose(
            "2024-03-05 14:03:11 UTC ERROR pool exhausted (max=4), waiting for connection"
        ));
        assert!(!is_prose("14:03:12 WARN retrying request to the pool"));
        assert!(!is_prose(
            "14:03:12 upstream timed out, status=504 retries=3"
        ));
        assert!(is_prose(
            "14:05 UTC - the error rate fell; we kept watching"
        ));
        // nginx, Apache and syslog lines, whose levels are in lower case.
        assert!(!is_prose(
            "2024/05/01 10:00:01 [error] 1234#0: *1 connect() failed (111: Connection refused)"
        ));
        assert!(!is_prose(
            "[Wed May 01 10:00:01.123 2024] [php7:error] [pid 42] PHP Fatal error: memory"
        ));
        assert!(!is_prose(
            "May  1 10:00:03 web-01 systemd[1]: mysql.service: Main process exited, code killed"
        ));
        // Brackets without a level, and a level word in prose, are prose.
        assert!(is_prose(
            "14:05 UTC - the [billing] team saw the error rate fall"
        ));
        assert!(is_prose(
            "13:00 UTC - PagerDuty ALERT fired for the checkout service"
        ));
        assert!(is_prose(
            "13:05 UTC - [Alert] acknowledged by the on-call engineer"
        ));
        assert!(is_prose(
            "13:05 UTC - the [billing error] page was shown to everyone"
        ));
    }

    /// An indented block in a block quote is one block, reported once.
    #[test]
    fn code_block_in_a_block_quote_is_one() {
        let source = "## Root Cause\n> Vendor said:\n>\n>     The disk firmware has a known bug that\n>     corrupts the write cache on power loss.\n";
        let found: Vec<_> = crate::rules::util::lint_default(source)
            .into_iter()
            .filter(|d| d.code == "PM008")
            .map(|d| d.span)
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(source[found[0].clone()].ends_with("power loss."));
        // A code block before a quote's prose block is another block.
        let source = "## Root Cause\n\n    {\"disk\": \"full\", \"errors\": [1, 2]}\n\n>     The vendor said the disk firmware has a known bug that corrupts the\n>     write cache on power loss.\n";
        let found: Vec<_> = crate::rules::util::lint_default(source)
            .into_iter()
            .filter(|d| d.code == "PM008")
            .map(|d| &source[d.span])
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("The vendor"), "{found:?}");
    }
}
