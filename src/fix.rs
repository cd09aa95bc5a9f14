//! Safe fixes: building them (skeleton sections, moving a glued heading) and
//! applying them to a text.
//!
//! A fix only inserts text: every character of the original is still there,
//! in order, afterwards ([`keeps_original`]), and fixing a fixed text again
//! changes nothing: `--fix` lints and applies fixes again until no fix applies
//! ([`fix_until_stable`]). Offsets are byte offsets into the source (0-based).

use crate::diagnostic::{Diagnostic, Fix};
use crate::outline::{HeadingStyle, Outline, PSEUDO_LEVEL};

/// The line ending a postmortem uses: `"\r\n"` when it has any CRLF, else `"\n"`.
pub fn line_ending(source: &str) -> &'static str {
    if source.contains("\r\n") {
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
        if h.level < PSEUDO_LEVEL
            && matches!(
                h.style,
                HeadingStyle::Atx | HeadingStyle::Setext | HeadingStyle::Html
            )
        {
            counts[h.level as usize] += 1;
        }
    }
    let best = (1..=6)
        .max_by_key(|&l| (counts[l], std::cmp::Reverse(l)))
        .unwrap_or(2);
    if counts[best] == 0 { 2 } else { best as u8 }
}

/// Whether a content line is a placeholder left by a skeleton (`TODO: …`):
/// it does not count as a section's content.
pub fn is_placeholder(text: &str) -> bool {
    text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '>' | '-'))
        .starts_with("TODO")
}

/// The placeholder line a skeleton section gets.
pub fn placeholder(name: &str) -> String {
    format!("TODO: write the {name} section.")
}

/// An insertion at `offset` of a new section: heading `#`×`level` `name` and
/// a placeholder line, with blank lines around it in the file's line ending.
/// `offset` is moved back to the start of its line if it is inside one.
pub fn insert_section(source: &str, offset: usize, level: u8, name: &str) -> Fix {
    let eol = line_ending(source);
    let mut at = offset.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    if at < source.len() {
        at = source[..at].rfind('\n').map_or(0, |i| i + 1);
    }
    let before = &source[..at];
    let mut text = String::new();
    if !before.is_empty() {
        if !before.ends_with('\n') {
            text.push_str(eol);
        }
        if !(before.ends_with("\n\n") || before.ends_with("\n\r\n")) {
            text.push_str(eol);
        }
    }
    text.push_str(&"#".repeat(level.clamp(1, 6) as usize));
    text.push(' ');
    text.push_str(name);
    text.push_str(eol);
    text.push_str(eol);
    text.push_str(&placeholder(name));
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
    let mut fixes: Vec<(usize, &Fix)> = diagnostics
        .iter()
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
}

/// Applies the fixes of `diagnostics` (those of `source`) to `source`, lints
/// the result with `lint`, and repeats while a pass applies a fix, at most
/// [`MAX_FIX_PASSES`] times. One fix can change the Markdown around it so
/// that another becomes possible: a heading inserted before a line indented
/// by four spaces makes that line an indented code block, and a glued
/// heading that an inline code span hid in it is then found and fixable.
/// Running `--fix` again must change nothing, so `--fix` goes on until no
/// fix applies, as ruff's does. Every pass only inserts text.
pub fn fix_until_stable(
    source: &str,
    diagnostics: &[Diagnostic],
    lint: impl Fn(&str) -> Vec<Diagnostic>,
) -> Fixed {
    let (mut text, mut applied) = apply_pass(source, diagnostics);
    if applied == 0 {
        return Fixed {
            text,
            applied,
            passes: 0,
            diagnostics: None,
        };
    }
    let mut passes = 1;
    let mut current = lint(&text);
    while passes < MAX_FIX_PASSES {
        let (next, n) = apply_pass(&text, &current);
        if n == 0 || next == text {
            break;
        }
        text = next;
        applied += n;
        passes += 1;
        current = lint(&text);
    }
    Fixed {
        text,
        applied,
        passes,
        diagnostics: Some(current),
    }
}

/// One pass of [`fix_until_stable`]: the fixes that move a glued heading to
/// its own line (PM007) when there are any, else every fix. A moved heading
/// can be a section that was missing, or change how the lines after it read,
/// so skeletons for missing sections go in only once no glued heading is
/// left (else a section found later would get a skeleton too).
fn apply_pass(source: &str, diagnostics: &[Diagnostic]) -> (String, usize) {
    let moves_heading = |d: &Diagnostic| d.code == "PM007" && d.fix.is_some();
    if diagnostics.iter().any(moves_heading) {
        let moves: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| moves_heading(d))
            .cloned()
            .collect();
        apply(source, &moves)
    } else {
        apply(source, diagnostics)
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
    }
}
