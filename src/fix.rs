//! Safe fixes: building them (skeleton sections, moving a glued heading) and
//! applying them to a text.
//!
//! A fix only inserts text: every character of the original is still there,
//! in order, afterwards ([`keeps_original`]), and fixing a fixed text again
//! changes nothing: `--fix` lints and applies fixes again until no fix applies
//! ([`fix_until_stable`]). Offsets are byte offsets into the source (0-based).

use crate::diagnostic::{Diagnostic, Fix};
use crate::outline::{CELL_SEPARATOR, Outline, PSEUDO_LEVEL};

/// The line ending a postmortem uses: `"\r\n"` when it has any CRLF, else
/// `"\n"`, also for old Mac files, whose lines end in lone `\r`s:
/// pulldown-cmark ends an HTML comment block only at `\n`
/// ([`crate::line_ends::old_mac_line_ends`]), and the editor's "disable for this
/// file" comment must end at its line.
pub fn line_ending(source: &str) -> &'static str {
    // A vectorised search: the whole source is read when it has no CRLF.
    if memchr::memmem::find(source.as_bytes(), b"\r\n").is_some() {
        "\r\n"
    } else {
        "\n"
    }
}

/// The `#` level the postmortem uses for its section headings: the most
/// common level among `#`, setext and HTML headings that open a section
/// (ties go to the lower number); 2 when it has none.
pub fn section_level(outline: &Outline) -> u8 {
    let mut counts = [0usize; 7];
    for s in &outline.sections {
        let h = &outline.headings[s.heading];
        if h.level < PSEUDO_LEVEL && h.style.is_titled() {
            counts[h.level as usize] += 1;
        }
    }
    let best = (1..=6)
        .max_by_key(|&l| (counts[l], std::cmp::Reverse(l)))
        .unwrap_or(2);
    if counts[best] == 0 { 2 } else { best as u8 }
}

/// Whether a content line is a placeholder, which does not count as a
/// section's content: a skeleton's `TODO: …`; a word that stands for text not
/// written yet (`TBD`, `TBC`, `N/A`, `...`, `To be determined`); a template's
/// hint in brackets (`[Describe the root cause here]`, `<owner>`) or its
/// variable in double braces (`{{ root_cause }}`); or a
/// table row (cells joined by ` | `) whose every cell is one of these or
/// empty.
pub fn is_placeholder(text: &str) -> bool {
    // A row's empty cells at its end leave ` |` (`TBD |` for `| TBD | |`).
    if text.contains(CELL_SEPARATOR) || text.ends_with(" |") {
        return text
            .split(CELL_SEPARATOR)
            .map(|cell| cell.trim_matches(|c: char| c == '|' || c.is_whitespace()))
            .all(|cell| cell.is_empty() || is_placeholder_text(cell));
    }
    is_placeholder_text(text)
}

/// Whether every letter and digit of `text` is inside `[…]` or `<…>` (`[Time]:
/// [Event 1]`, `<owner>`, an empty check box `[ ]`), with at least one group.
fn only_bracketed(text: &str) -> bool {
    let mut depth = 0usize;
    let mut groups = 0;
    for c in text.chars() {
        match c {
            '[' | '<' => depth += 1,
            ']' | '>' if depth > 0 => {
                depth -= 1;
                groups += usize::from(depth == 0);
            }
            c if c.is_alphanumeric() && depth == 0 => return false,
            _ => {}
        }
    }
    groups > 0 && depth == 0
}

/// [`is_placeholder`] for one line or table cell.
fn is_placeholder_text(text: &str) -> bool {
    let bare =
        text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '>' | '-'));
    // A task list's check box before the text (`[ ] TBD`, `[x] TODO`).
    if let Some(rest) = ["[ ] ", "[x] ", "[X] "]
        .iter()
        .find_map(|b| bare.strip_prefix(b))
        .filter(|rest| !rest.trim().is_empty())
    {
        return is_placeholder_text(rest);
    }
    if bare.starts_with("TODO") {
        return true;
    }
    let bare = bare.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    if (bare.starts_with('[') || bare.starts_with('<')) && only_bracketed(bare) {
        return true;
    }
    // A template's variable (`{{ root_cause }}`, Jinja, Mustache, Go).
    if bare.starts_with("{{") && bare.ends_with("}}") && !bare[2..bare.len() - 2].contains("}}") {
        return true;
    }
    // The longest word placeholder is `to be determined`.
    if bare.len() > 20 {
        return false;
    }
    // Dots alone (`...`, `…`), or a word for text not written yet.
    if !bare.is_empty() && bare.chars().all(|c| matches!(c, '.' | '…')) {
        return true;
    }
    let word = bare.trim_end_matches('.').to_ascii_lowercase();
    matches!(
        word.as_str(),
        "tbd"
            | "tbc"
            | "tba"
            | "n/a"
            | "xxx"
            | "to be determined"
            | "to be added"
            | "to be confirmed"
            | "to be written"
    )
}

/// The placeholder line a skeleton section gets.
pub fn placeholder(name: &str) -> String {
    let mut text = String::new();
    write_placeholder(&mut text, name);
    text
}

/// Appends [`placeholder`]'s text for `name` to `text`.
fn write_placeholder(text: &mut String, name: &str) {
    text.push_str("TODO: write the ");
    text.push_str(name);
    text.push_str(" section.");
}

/// An insertion at `offset` of a new section: heading `#`×`level` `name` and
/// a placeholder line, with blank lines around it in the file's line ending.
/// `offset` is moved back to the start of its line if it is inside one.
pub fn insert_section(source: &str, offset: usize, level: u8, name: &str) -> Fix {
    insert_section_at(source, offset, level, name, false)
}

/// [`insert_section`] right before a heading glued to the end of a sentence
/// (`...timeouts.Root Cause`, at `offset`): the line is broken there, so the
/// sentence stays in its section and the glued heading starts a line after
/// the new section. Applied alone (an editor's quick fix), it leaves no text
/// in the wrong section.
pub fn insert_section_before_glued(source: &str, offset: usize, level: u8, name: &str) -> Fix {
    insert_section_at(source, offset, level, name, true)
}

fn insert_section_at(source: &str, offset: usize, level: u8, name: &str, mid_line: bool) -> Fix {
    let eol = line_ending(source);
    let mut at = offset.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    if at < source.len() && !mid_line {
        at = source[..at].rfind('\n').map_or(0, |i| i + 1);
    }
    let before = &source[..at];
    // Room for the whole insertion: up to five line endings of two bytes,
    // six `#`, the name twice and the placeholder's other words.
    let mut text = String::with_capacity(2 * name.len() + 48);
    if !before.is_empty() {
        if !before.ends_with('\n') {
            text.push_str(eol);
        }
        if !(before.ends_with("\n\n") || before.ends_with("\n\r\n")) {
            text.push_str(eol);
        }
    }
    text.extend(std::iter::repeat_n('#', level.clamp(1, 6) as usize));
    text.push(' ');
    text.push_str(name);
    text.push_str(eol);
    text.push_str(eol);
    write_placeholder(&mut text, name);
    text.push_str(eol);
    if at < source.len() {
        text.push_str(eol);
    }
    Fix {
        span: at..at,
        replacement: text,
    }
}

/// The fixes of `diagnostics` that apply to `source`, in the order they are
/// applied: by position (fixes at one offset in diagnostic order), skipping
/// any that overlaps an earlier one or does not fall on char boundaries.
pub fn applicable<'d>(source: &str, diagnostics: &'d [Diagnostic]) -> Vec<&'d Fix> {
    applicable_of(source, diagnostics.iter())
}

/// [`applicable`] over some of a text's diagnostics.
fn applicable_of<'d>(
    source: &str,
    diagnostics: impl Iterator<Item = &'d Diagnostic>,
) -> Vec<&'d Fix> {
    let mut fixes: Vec<(usize, &Fix)> = diagnostics
        .enumerate()
        .filter_map(|(i, d)| d.fix.as_ref().map(|f| (i, f)))
        .collect();
    fixes.sort_by_key(|(i, f)| (f.span.start, f.span.end, *i));
    let mut pos = 0;
    let mut out = Vec::new();
    for (_, fix) in fixes {
        let fits = fix.span.start >= pos
            && fix.span.end <= source.len()
            && source.is_char_boundary(fix.span.start)
            && source.is_char_boundary(fix.span.end);
        if fits {
            pos = fix.span.end;
            out.push(fix);
        }
    }
    out
}

/// Applies the [`applicable`] fixes of `diagnostics` to `source`. Returns
/// the new text and how many fixes were applied.
pub fn apply(source: &str, diagnostics: &[Diagnostic]) -> (String, usize) {
    let fixes = applicable(source, diagnostics);
    (splice(source, &fixes), fixes.len())
}

/// The most lint → fix passes [`fix_until_stable`] makes. ruff's `--fix`
/// also repeats until nothing changes (up to 100 passes); pmlint's fixes
/// only insert headings, so more than two passes is already rare.
pub const MAX_FIX_PASSES: usize = 10;

/// What [`fix_until_stable`] made of a text.
#[derive(Debug)]
pub struct Fixed {
    /// The text with every pass's fixes applied (the source when none applied).
    pub text: String,
    /// Fixes applied, over all passes.
    pub applied: usize,
    /// Passes that applied at least one fix (0 to [`MAX_FIX_PASSES`]).
    pub passes: usize,
    /// The diagnostics of [`Fixed::text`]; `None` when no fix applied (then
    /// they are the ones passed in).
    pub diagnostics: Option<Vec<Diagnostic>>,
    /// Every pass's fixes as one set of insertions into the source (empty
    /// spans, by offset, one per offset): [`splice`] of the source with them
    /// gives [`Fixed::text`]. What an editor applies for "fix all". `None`
    /// if a fix replaced text (pmlint's fixes only insert).
    pub edits: Option<Vec<Fix>>,
}

/// Where an offset into a text fixed in passes falls, relative to the source.
/// Ordered with every `Inserted` after every `Source`: [`compose`] changes
/// the latest place first, so the inserted texts are extended before new
/// insertions shift their indexes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// Into the source, at this byte offset, before any insertion there.
    Source(usize),
    /// Into the text of insertion `i` (of the list), at this byte offset.
    Inserted(usize, usize),
}

/// Adds one pass's insertions (offsets into the text the earlier
/// `insertions` made of the source) to `insertions` (offsets into the
/// source, ascending, one per offset). `None` if a fix replaces text.
fn compose(insertions: &mut Vec<(usize, String)>, pass: &[&Fix]) -> Option<()> {
    let mut placed: Vec<(Place, &str)> = Vec::with_capacity(pass.len());
    for fix in pass {
        if !fix.span.is_empty() {
            return None;
        }
        let at = fix.span.start;
        // Walk the fixed text: source chunks and inserted texts in turn.
        let mut shift = 0;
        let mut place = None;
        for (i, (offset, text)) in insertions.iter().enumerate() {
            let start = offset + shift;
            if at < start {
                place = Some(Place::Source(at - shift));
                break;
            }
            if at <= start + text.len() {
                place = Some(Place::Inserted(i, at - start));
                break;
            }
            shift += text.len();
        }
        let place = place.unwrap_or(Place::Source(at - shift));
        placed.push((place, &fix.replacement));
    }
    // Latest place first, so earlier places stay where they are; fixes at
    // one place go in the order given (the sort is stable).
    placed.sort_by_key(|(place, _)| std::cmp::Reverse(*place));
    for group in placed.chunk_by(|a, b| a.0 == b.0) {
        let text: String = group.iter().map(|(_, t)| *t).collect();
        match group[0].0 {
            Place::Inserted(i, within) => insertions[i].1.insert_str(within, &text),
            Place::Source(offset) => {
                let i = insertions.partition_point(|(o, _)| *o < offset);
                insertions.insert(i, (offset, text));
            }
        }
    }
    Some(())
}

/// Drops every fix from `diagnostics` of `source` when its lines end in lone
/// `\r`s ([`crate::line_ends::old_mac_line_ends`]), which
/// [`fix_until_stable`] refuses to fix, so that no caller (the command line,
/// the editor) offers one. Returns whether a fix was dropped; the source is
/// read only when a diagnostic offers one.
pub fn withhold_fixes(source: &str, diagnostics: &mut [Diagnostic]) -> bool {
    let withheld =
        diagnostics.iter().any(|d| d.fix.is_some()) && crate::line_ends::old_mac_line_ends(source);
    if withheld {
        for d in diagnostics {
            d.fix = None;
        }
    }
    withheld
}

/// Applies the fixes of `diagnostics` (those of `source`) to `source`, lints
/// the result with `lint`, and repeats while a pass applies a fix, at most
/// [`MAX_FIX_PASSES`] times. One fix can change the Markdown around it so
/// that another becomes possible: a heading inserted before a line indented
/// by four spaces makes that line an indented code block, and a glued
/// heading that an inline code span hid in it is then found and fixable.
/// Running `--fix` again must change nothing, so `--fix` goes on until no
/// fix applies, as ruff's does. Every pass only inserts text.
///
/// A source whose lines end in lone `\r`s is not fixed (no fix applies):
/// pulldown-cmark reads it only in part ([`crate::line_ends::old_mac_line_ends`]).
pub fn fix_until_stable(
    source: &str,
    diagnostics: &[Diagnostic],
    lint: impl Fn(&str) -> Vec<Diagnostic>,
) -> Fixed {
    if crate::line_ends::old_mac_line_ends(source) {
        return Fixed {
            text: source.to_owned(),
            applied: 0,
            passes: 0,
            diagnostics: None,
            edits: Some(Vec::new()),
        };
    }
    let mut insertions = Some(Vec::new());
    // Each skeleton applied so far, by its diagnostic's code and message (the
    // section's name): one that comes back after it was applied did not add
    // its section, and applying it again would only repeat it (a heading
    // that names no section: ruff stops such loops too). Other fixes move a
    // heading at a place; two alike are two places.
    let mut done: Vec<(&'static str, String)> = Vec::new();
    let is_skeleton = |d: &Diagnostic| crate::rules::MISSING_CODES.contains(&d.code);
    let mut pass = |text: &str, diagnostics: &[Diagnostic]| {
        let fresh: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| {
                !(is_skeleton(d) && done.iter().any(|(c, m)| *c == d.code && *m == d.message))
            })
            .collect();
        let fixes = pass_fixes(text, &fresh);
        for d in fresh.iter().filter(|d| is_skeleton(d)) {
            if d.fix
                .as_ref()
                .is_some_and(|f| fixes.iter().any(|&x| std::ptr::eq(x, f)))
            {
                done.push((d.code, d.message.clone()));
            }
        }
        insertions = insertions.take().and_then(|mut ins| {
            compose(&mut ins, &fixes)?;
            Some(ins)
        });
        (splice(text, &fixes), fixes.len())
    };
    let (mut text, mut applied) = pass(source, diagnostics);
    if applied == 0 {
        return Fixed {
            text,
            applied,
            passes: 0,
            diagnostics: None,
            edits: Some(Vec::new()),
        };
    }
    let mut passes = 1;
    let mut current = lint(&text);
    while passes < MAX_FIX_PASSES {
        let (next, n) = pass(&text, &current);
        if n == 0 || next == text {
            break;
        }
        text = next;
        applied += n;
        passes += 1;
        current = lint(&text);
    }
    let edits = insertions.map(|ins| {
        ins.into_iter()
            .map(|(offset, replacement)| Fix {
                span: offset..offset,
                replacement,
            })
            .collect()
    });
    Fixed {
        text,
        applied,
        passes,
        diagnostics: Some(current),
        edits,
    }
}

/// One pass of [`fix_until_stable`]: the fixes that move a heading to a
/// line of its own (PM007, glued; PM009, in an HTML block) when there are
/// any, else every fix. A moved heading can be a section that was missing,
/// and ends the HTML block it was in, so the lines after it are read as
/// Markdown and may hold a heading of their own: skeletons for missing
/// sections go in only once no heading is left to move (else a section
/// found later would get a skeleton too).
fn pass_fixes<'d>(source: &str, diagnostics: &[&'d Diagnostic]) -> Vec<&'d Fix> {
    let moves_heading = |d: &&Diagnostic| matches!(d.code, "PM007" | "PM009") && d.fix.is_some();
    let all = diagnostics.iter().copied();
    if diagnostics.iter().any(moves_heading) {
        applicable_of(source, all.filter(moves_heading))
    } else {
        applicable_of(source, all)
    }
}

/// `source` with `fixes` applied: in order, none overlapping another, each
/// on char boundaries (as [`applicable`] gives them).
pub fn splice(source: &str, fixes: &[&Fix]) -> String {
    let mut out = String::with_capacity(source.len() + 64);
    let mut pos = 0;
    for fix in fixes {
        out.push_str(&source[pos..fix.span.start]);
        out.push_str(&fix.replacement);
        pos = fix.span.end;
    }
    out.push_str(&source[pos..]);
    out
}

/// Whether every character of `original` is still in `fixed`, in order
/// (`original` is a subsequence of `fixed`).
pub fn keeps_original(original: &str, fixed: &str) -> bool {
    let mut rest = fixed.chars();
    original.chars().all(|c| rest.any(|f| f == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fixes are dropped only from a text of old Mac line ends, and only
    /// they say so.
    #[test]
    fn withhold_fixes_for_lone_crs() {
        let offered = || {
            vec![
                Diagnostic::new("PM002", 0..1, "missing")
                    .with_fix(insert_section("# a\r", 4, 2, "Timeline")),
            ]
        };
        let mut d = offered();
        assert!(withhold_fixes("# a\rtext\r", &mut d));
        assert!(d[0].fix.is_none());
        let mut d = offered();
        assert!(!withhold_fixes("# a\ntext\r\n", &mut d));
        assert!(d[0].fix.is_some());
        let mut none = vec![Diagnostic::new("PM002", 0..1, "missing")];
        assert!(!withhold_fixes("# a\rtext\r", &mut none), "no fix to drop");
    }

    #[test]
    fn passes_compose_into_insertions_into_the_source() {
        let fix = |at: usize, text: &str| Fix {
            span: at..at,
            replacement: text.into(),
        };
        let source = "0123456789";
        let one = [fix(5, "abc")];
        let one: Vec<&Fix> = one.iter().collect();
        let mut insertions = Vec::new();
        compose(&mut insertions, &one).unwrap();
        let after_one = splice(source, &one);
        assert_eq!(after_one, "01234abc56789");
        // Offsets into `after_one`: in the source before the insertion, at
        // its start, inside it, at its end, and at the end of the text.
        let two = [
            fix(2, "X"),
            fix(5, "W"),
            fix(6, "Y"),
            fix(8, "V"),
            fix(13, "Z"),
        ];
        let two: Vec<&Fix> = two.iter().collect();
        compose(&mut insertions, &two).unwrap();
        let want: Vec<(usize, String)> = [(2, "X"), (5, "WaYbcV"), (10, "Z")]
            .map(|(o, t)| (o, t.to_string()))
            .to_vec();
        assert_eq!(insertions, want);
        let edits: Vec<Fix> = insertions.iter().map(|(o, t)| fix(*o, t)).collect();
        let edits: Vec<&Fix> = edits.iter().collect();
        assert_eq!(splice(source, &edits), splice(&after_one, &two));
        // A fix that replaces text has no such form.
        let replace = Fix {
            span: 0..1,
            replacement: "r".into(),
        };
        assert!(compose(&mut insertions, &[&replace]).is_none());
    }

    #[test]
    fn insert_section_adds_blank_lines_and_keeps_crlf() {
        let src = "# T\n\n## Timeline\nx\n";
        let f = insert_section(src, 5, 2, "Issue Summary");
        assert_eq!(
            f.replacement,
            "## Issue Summary\n\nTODO: write the Issue Summary section.\n\n"
        );
        let src = "# T\r\ntext";
        let f = insert_section(src, src.len(), 2, "Timeline");
        assert_eq!(
            f.replacement,
            "\r\n\r\n## Timeline\r\n\r\nTODO: write the Timeline section.\r\n"
        );
    }

    #[test]
    fn keeps_original_is_a_subsequence_test() {
        assert!(keeps_original("abc", "a-b-c"));
        assert!(!keeps_original("abc", "acb"));
        assert!(keeps_original("", ""));
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("TODO: write the Timeline section."));
        assert!(is_placeholder("*TODO*"));
        assert!(!is_placeholder("Todo list of tasks"));
        for text in [
            "TBD",
            "tbd.",
            "N/A",
            "...",
            "…",
            "To be determined.",
            "[Describe the root cause here]",
            "[Time]: [Event 1]",
            "[ ]",
            "*[Owner]*",
            "<cause>",
            "TODO: action | TODO: owner | TODO: YYYY-MM-DD",
            "TBD |  | N/A",
            "[ ] TBD",
            "[x] TODO",
            "[ ] To be determined",
            "{{ root_cause }}",
            "{{.Summary}}",
            "TBD |  |  |",
            "N/A |",
        ] {
            assert!(is_placeholder(text), "{text:?}");
        }
        for text in [
            "The disk filled up.",
            "[1] The disk filled up.",
            "[see logs] the disk filled [up]",
            "None of the alerts fired.",
            "Add an alert | ops | 2025-01-31",
            "TBD | ops | 2025-01-31",
            "[ ] Add an alert on disk usage",
            "[ ] TBD: owner of the runbook fix",
            "{{ a }} and {{ b }}",
            "{\"error\": \"disk full\"}",
            "{{",
            "1 | Add an alert |  |",
            "TBD | 3 |",
            "1 |  |  |",
            "4521 |  |  |",
        ] {
            assert!(!is_placeholder(text), "{text:?}");
        }
    }
}
