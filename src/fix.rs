//! Safe fixes: building them (skeleton sections, moving a glued heading) and
//! applying them to a text.
//!
//! A fix only inserts text: every character of the original is still there,
//! in order, afterwards ([`keeps_original`]), and fixing a fixed text again
//! changes nothing. Offsets are byte offsets into the source (0-based).

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
