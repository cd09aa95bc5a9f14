//! Section rules: PM001–PM004 and PM010 (a required section is missing),
//! PM005 (empty-section), PM006 (duplicate-section).
//! Catalogue entries: `rules/PM001-missing-summary.toml` … `rules/PM010-missing-required-section.toml`.

use super::Context;
use super::util::{document_span, label_of, line_start};
use crate::diagnostic::Diagnostic;
use crate::outline::{
    HeadingStyle, LineKind, ends_with_colon, normalize_heading, surely_more_words, word_count,
};
use crate::sections::SectionSet;

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    missing(ctx, out);
    empty(ctx, out);
    duplicates(ctx, out);
}

/// The codes of a missing required section, whose fix is a skeleton.
pub const MISSING_CODES: &[&str] = &["PM001", "PM002", "PM003", "PM004", "PM010"];

/// The sections that a paragraph before the first section stands for: one
/// under no heading but the document's title (one heading naming no
/// section), not in a block quote, that starts with a label naming one
/// section alone, two words or more after it on its line, no placeholder
/// (`TBD`, `Unknown`, `still under investigation`) and no template's
/// instruction (`write one paragraph …`): the Google SRE book's example
/// postmortem writes its sections so (`**Summary:** Search was down for 66
/// minutes`, `**Root Causes:** a file descriptor leak`). Never the
/// Timeline, whose entries a one-line field cannot hold. Read once per
/// postmortem, when a required section is missing.
fn labelled_in_preamble(ctx: &Context) -> SectionSet {
    let headings = &ctx.outline.headings;
    // At most one heading before the line, the title, naming no section.
    let under_title_only = |i: usize| {
        headings
            .first()
            .is_none_or(|h| i < h.line || h.names.is_empty())
            && headings.get(1).is_none_or(|h| i < h.line)
    };
    let mut set = SectionSet::EMPTY;
    for &i in &ctx.outline.preamble {
        let line = &ctx.outline.lines[i];
        if !(line.first_in_block && line.kind == LineKind::Paragraph && under_title_only(i)) {
            continue;
        }
        let Some(label) = label_of(&line.text) else {
            continue;
        };
        let text = normalize_heading(label);
        let value = line.text[label.len() + 1..].trim();
        let first = value
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        let words = value.split_whitespace().count();
        let names = ctx.catalogue.named_by(&text);
        if words >= 2
            && !crate::fix::is_placeholder(value)
            && !NOT_YET_KNOWN.contains(&first.as_str())
            // `See ticket.`, `Not determined.`, `None yet.`
            && (words > 3 || !matches!(first.as_str(), "see" | "not" | "none"))
            && word_count(&text) <= 4
            && names.0.count_ones() == 1
            && !names.contains(crate::sections::ids::TIMELINE)
            // Not in a block quote (read last: the line's start is searched for).
            && !ctx.source[line_start(ctx.source, line.span.start)..line.span.start].contains('>')
        {
            set.0 |= names.0;
        }
    }
    set
}

/// First words of a field's value that leave the section unwritten: not yet
/// known (`Unknown`, `still under investigation`, `pending review`), or a
/// template's instruction (`write one paragraph …`, `describe …`).
const NOT_YET_KNOWN: &[&str] = &[
    "unknown",
    "still",
    "under",
    "pending",
    "investigating",
    "tbd",
    "write",
    "describe",
    "explain",
    "summarise",
    "summarize",
];

/// PM001–PM004, PM010: no heading names a required section.
fn missing(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // Read once, on the first missing section, for all of them.
    let mut mentions: Option<Vec<Mention>> = None;
    let mut labelled: Option<SectionSet> = None;
    for id in ctx.catalogue.required() {
        if ctx.outline.has_heading_for(id) {
            continue;
        }
        // A tool's export may keep the summary in the front matter
        // (`summary: Dashboards were stale for all tenants ...`).
        if id == crate::sections::ids::SUMMARY
            && super::util::front_matter_field(ctx, super::util::SUMMARY_KEYS).is_some()
        {
            continue;
        }
        if labelled
            .get_or_insert_with(|| labelled_in_preamble(ctx))
            .contains(id)
        {
            continue;
        }
        let def = &ctx.catalogue.defs[id];
        let code = def.missing_code.unwrap_or("PM010");
        let mut names: Vec<&str> = def.keywords.iter().map(String::as_str).take(8).collect();
        if def.keywords.len() > 8 {
            names.push("…");
        }
        let message = if code == "PM010" {
            format!("required section \"{}\" is missing", def.name)
        } else {
            format!("missing \"{}\" section", def.name)
        };
        let mut d = Diagnostic::new(code, document_span(ctx), message);
        // A heading for it inside a code block: the block is what to fix,
        // and a skeleton would make a second section.
        if let Some((span, help)) = named_in_code_block(ctx, id) {
            out.push(d.with_help(help).with_label(
                span,
                format!("\"{}\" is named here, inside a code block", def.name),
            ));
            continue;
        }
        // A skeleton's heading must name the section, or `--fix` would add
        // one on every pass: keywords set in `pmlint.toml` may leave out
        // the section's display name.
        let Some(heading) = ctx.catalogue.skeleton_heading(id) else {
            out.push(
                d.with_help("no heading can name this section: give it keywords in `pmlint.toml`"),
            );
            continue;
        };
        d = d.with_help(format!(
            "add a heading for it (e.g. `## {heading}`); accepted names contain: {}",
            names.join(", ")
        ));
        let point = insertion_point(ctx, id);
        let level = crate::fix::section_level(ctx.outline);
        let before_glued = ctx.outline.sections.iter().any(|s| {
            s.span.start == point && ctx.outline.heading_of(s).style == HeadingStyle::Glued
        });
        d.fix = Some(if before_glued {
            crate::fix::insert_section_before_glued(ctx.source, point, level, heading)
        } else {
            let offset = paragraph_start(ctx, point);
            let offset = outside_marked_html(ctx.source, offset, in_html_line(ctx, offset));
            crate::fix::insert_section(ctx.source, offset, level, heading)
        });
        let mentions = mentions.get_or_insert_with(|| section_mentions(ctx));
        if let Some((span, how)) = named_elsewhere(ctx, mentions, id) {
            d = d.with_label(
                span,
                format!(
                    "\"{}\" is named here, but {how}, not as a heading",
                    def.name
                ),
            );
        }
        out.push(d);
    }
}

/// When the text ends inside a block that would swallow what follows (an
/// unclosed code fence or HTML comment), the first skeleton at the end closes
/// it. Only the first: the ones after it follow it, and a second fence line
/// would open a new block. What the end is inside is read with the other
/// fixes in place: a skeleton inserted before a list item's lazy line ends
/// the list item there, and a comment open in the item is then open at the
/// top.
///
/// `diagnostics` are those that remain after `--select`/`--ignore` and
/// suppressions (see [`super::finish_fixes`]): a closer on a skeleton that is
/// then dropped (`pmlint-disable-file PM001`) would close nothing.
pub(super) fn close_end(source: &str, diagnostics: &mut [Diagnostic]) {
    let end = source.len();
    let skeleton_at_end = |d: &Diagnostic| {
        MISSING_CODES.contains(&d.code) && d.fix.as_ref().is_some_and(|f| f.span.start == end)
    };
    if !diagnostics.iter().any(skeleton_at_end) {
        return;
    }
    let before_end: Vec<_> = crate::fix::applicable(source, diagnostics)
        .into_iter()
        .filter(|f| f.span.start < end)
        .collect();
    let Some(closer) = end_closer(&crate::fix::splice(source, &before_end)) else {
        return;
    };
    let Some(fix) = diagnostics
        .iter_mut()
        .find(|d| skeleton_at_end(d))
        .and_then(|d| d.fix.as_mut())
    else {
        return;
    };
    let eol = crate::fix::line_ending(source);
    let sep = if source.ends_with('\n') { "" } else { eol };
    let heading = fix.replacement.trim_start_matches(['\r', '\n']);
    fix.replacement = format!("{sep}{closer}{eol}{eol}{heading}");
}

/// `d`'s fix as an editor applies a quick fix: alone, without the other
/// diagnostics' fixes. [`close_end`] gives the line closing an unclosed block
/// only to the first skeleton at the end, since the others follow it when all
/// are applied (`--fix`, fix-all); applied alone, a later one would land
/// inside the block. So a skeleton at the end is made again here and closes
/// what `source` itself ends in. Any other fix is returned as it is.
pub(crate) fn lone_fix(source: &str, d: &Diagnostic) -> Option<crate::diagnostic::Fix> {
    let fix = d.fix.as_ref()?;
    if !(MISSING_CODES.contains(&d.code) && fix.span.start == source.len()) {
        return Some(fix.clone());
    }
    // The skeleton's heading line (after any closer, which never starts
    // with `#`): `#`×level, one space and the section's name as written (a
    // custom name may itself start with `#` or hold spaces), as
    // `insert_section` wrote it.
    let Some((hashes, name)) = fix
        .replacement
        .lines()
        .find(|l| l.starts_with('#'))
        .and_then(|l| l.split_once(' '))
    else {
        return Some(fix.clone());
    };
    let level = hashes.len();
    let mut alone = Diagnostic::new(d.code, d.span.clone(), String::new()).with_fix(
        crate::fix::insert_section(source, source.len(), level as u8, name),
    );
    close_end(source, std::slice::from_mut(&mut alone));
    alone.fix
}

/// The line that must close the block `source` ends in before a skeleton
/// can follow it: the fence of an unclosed fenced code block (unclosed as
/// pulldown-cmark reads it: no line after its content),
/// or the end marker of an unclosed HTML block that only ends at one (see
/// [`html_end_marker`]). `None` when there is none, or when the block is in a
/// list item, block quote or footnote: the skeleton's heading ends those and
/// their blocks, and a closing line would instead open a new block.
fn end_closer(source: &str) -> Option<String> {
    use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
    // Vectorised searches: the whole source is read when it has no fence.
    let bytes = source.as_bytes();
    let may_fence = memchr::memmem::find(bytes, b"```").is_some()
        || memchr::memmem::find(bytes, b"~~~").is_some();
    if !may_fence && !may_hold_marked_html(source) {
        return None;
    }
    let mut depth = 0usize;
    let mut closer = None;
    // A top-level fenced code block being read: (its range, its fence, where its content ends).
    let mut fenced: Option<(std::ops::Range<usize>, String, usize)> = None;
    for (event, range) in crate::outline::events(source) {
        match event {
            Event::Start(Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1);
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                closer = None;
                let block = &source[range.clone()];
                let first = block.trim_start();
                let marker = first.chars().next().unwrap_or('`');
                let fence: String = first.chars().take_while(|&c| c == marker).collect();
                let opener_end = block.find('\n').map_or(range.end, |i| range.start + i + 1);
                fenced = (depth == 0).then_some((range, fence, opener_end));
            }
            Event::Text(_) => {
                if let Some((_, _, content_end)) = &mut fenced {
                    *content_end = range.end.max(*content_end);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                // Closed when a line (the closing fence) follows the content.
                if let Some((block, fence, content_end)) = fenced.take() {
                    let rest = source.get(content_end..block.end).unwrap_or("");
                    closer = rest.trim().is_empty().then_some(fence);
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                let block = source.get(range).unwrap_or("").trim_start();
                // Other HTML blocks end at a blank line, which a skeleton starts with.
                closer = html_end_marker(block).filter(|end| depth == 0 && !block.contains(end));
            }
            Event::Start(_) if depth == 0 => closer = None,
            _ => {}
        }
    }
    closer
}

/// `offset` (the start of a heading's line), moved back to the start of its
/// paragraph when the heading is a later line of a paragraph that, first in
/// a block, would read as something else (`text\n0) Root cause:` is one
/// paragraph, but `0) Root cause:` alone is an ordered list item, and
/// `Summary|` before `|-` a table), or whose lines before it would (a
/// heading whose emphasis closes on a later line): a skeleton inserted right
/// before it would turn it into that.
fn paragraph_start(ctx: &Context, offset: usize) -> usize {
    use pulldown_cmark::{Event, Tag};
    if offset >= ctx.source.len() {
        return offset; // nothing follows a skeleton at the end
    }
    // A section starts where its heading's text does: after any indentation.
    let start = line_start(ctx.source, offset);
    let line_start = |l: &crate::outline::Line| line_start(ctx.source, l.span.start);
    let lines = &ctx.outline.lines;
    let Some(index) = lines.iter().position(|l| line_start(l) == start) else {
        // A heading on a later source line of one outline line (inline HTML
        // or a code span that runs over a line break: `s<!x\n->.Timeline`):
        // cut there, the markup would end early. Go before that line.
        return match lines
            .iter()
            .find(|l| l.span.start < start && start < l.span.end)
        {
            Some(l) => paragraph_start(ctx, line_start(l)),
            None => offset,
        };
    };
    let line = &lines[index];
    // Read from its line on, the rest of the text must keep its headings: a
    // skeleton ends with a blank line, so what follows it is read as a fresh
    // start. Emphasis opened on the line before (`*x\nRoot Cause:*`) makes a
    // bold heading only there; a list item's lazy line followed by `0)`
    // (`- d\n`Cause\n0)\n`x`) is a heading only inside the item: at the top,
    // `0)` cannot end its paragraph and a code span then runs over it; and a
    // heading indented into an item (`-\n\t# Cause`) is, at the top, an
    // indented code block.
    let same_rest = || {
        let rest = crate::outline::Outline::new(&ctx.source[start..], ctx.catalogue);
        let after = ctx.outline.headings.iter().filter(|h| h.line >= index);
        rest.headings
            .iter()
            .map(|h| h.names)
            .eq(after.map(|h| h.names))
    };
    if line.first_in_block {
        // Only a line that does not start at the margin can be inside a
        // list item or block quote; the check reads the rest of the text.
        let at_margin = !ctx.source[start..].starts_with([' ', '\t', '>']);
        return if at_margin || same_rest() {
            offset
        } else {
            top_level_block_start(ctx.source, offset)
        };
    }
    // From the heading's line to the end of its paragraph, and the line
    // after (`Summary|` then `|-` is a table; `text` then `-` a setext
    // heading, which a later line of a list item's paragraph cannot be).
    let line_end = |from: usize| {
        ctx.source[from..]
            .find('\n')
            .map_or(ctx.source.len(), |i| from + i + 1)
    };
    let block_end = lines
        .iter()
        .filter(|l| l.block == line.block)
        .map(|l| l.span.end)
        .max()
        .unwrap_or(offset)
        .clamp(offset, ctx.source.len());
    let end = line_end(line_end(block_end));
    let alone =
        pulldown_cmark::Parser::new_ext(&ctx.source[start..end], crate::outline::parser_options())
            .find(|e| matches!(e, Event::Start(t) if !matches!(t, Tag::BlockQuote(_))));
    let block_start = lines
        .iter()
        .filter(|l| l.block == line.block)
        .map(line_start)
        .min()
        .unwrap_or(offset);
    // And the paragraph's lines before it, cut off there, must keep their
    // headings: emphasis closed on this line (`*Cause:c\nSummary*`) makes a
    // bold heading of the line before only with it.
    let same_before = || {
        let before: Vec<_> = (0..index)
            .filter(|&i| lines[i].block == line.block)
            .filter_map(|i| ctx.outline.heading_at[i])
            .map(|h| ctx.outline.headings[h].names)
            .collect();
        let cut = crate::outline::Outline::new(&ctx.source[block_start..start], ctx.catalogue);
        cut.headings.iter().map(|h| h.names).eq(before)
    };
    if matches!(alone, Some(Event::Start(Tag::Paragraph))) && same_rest() && same_before() {
        return offset;
    }
    block_start
}

/// The start of the line where the top-level block (a list, a block quote,
/// ...) holding byte `at` starts: a skeleton there leaves the block as it
/// was, since a blank line ends the skeleton.
fn top_level_block_start(source: &str, at: usize) -> usize {
    let mut depth = 0usize;
    for (event, range) in crate::outline::events(source) {
        match event {
            pulldown_cmark::Event::Start(_) => {
                if depth == 0 && range.contains(&at) {
                    return line_start(source, range.start);
                }
                depth += 1;
            }
            pulldown_cmark::Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    line_start(source, at)
}

/// Whether `offset` is on a source line holding a line of an HTML block.
fn in_html_line(ctx: &Context, offset: usize) -> bool {
    let here = line_start(ctx.source, offset);
    ctx.outline.lines.iter().any(|l| {
        matches!(
            l.kind,
            LineKind::Html
                | LineKind::HtmlAtx { .. }
                | LineKind::HtmlHeading { .. }
                | LineKind::HtmlStrong
        ) && line_start(ctx.source, l.span.start) == here
    })
}

/// `offset` (the start of a heading's line), moved back to the start of the
/// line where an HTML block begins when it falls inside one that only ends at
/// a marker (see [`html_end_marker`]; a heading such as `<h2>` can stand in
/// it), or inside any HTML block when `in_html` (the line at `offset` is one
/// of an HTML block's): a skeleton inserted there would be part of the block,
/// or its blank lines would end the block and leave the rest of it to be
/// read as something else (`<h>` then `x<h2>Cause</h2>`: the second line is
/// HTML only in the block).
fn outside_marked_html(source: &str, offset: usize, in_html: bool) -> usize {
    use pulldown_cmark::{Event, Tag};
    if offset >= source.len() || !(in_html || may_hold_marked_html(source)) {
        return offset;
    }
    for (event, range) in crate::outline::events(source) {
        if range.start >= offset {
            break;
        }
        if let Event::Start(Tag::HtmlBlock) = event
            && offset < range.end
            && (in_html || html_end_marker(source[range.clone()].trim_start()).is_some())
        {
            return line_start(source, range.start);
        }
    }
    offset
}

/// The tags of CommonMark HTML block 1, which ends at its own end tag.
const RAW_TAGS: [&str; 4] = ["script", "pre", "style", "textarea"];

/// Whether `source` may hold an HTML block that only ends at a marker: a
/// quick check before parsing.
fn may_hold_marked_html(source: &str) -> bool {
    // `<!`, `<?`, or `<` and a raw tag's name in any ASCII case.
    let bytes = source.as_bytes();
    memchr::memchr_iter(b'<', bytes).any(|i| {
        let rest = &bytes[i + 1..];
        matches!(rest.first(), Some(b'!' | b'?'))
            || RAW_TAGS.iter().any(|t| {
                rest.get(..t.len())
                    .is_some_and(|n| n.eq_ignore_ascii_case(t.as_bytes()))
            })
    })
}

/// The end marker of an HTML block (its text from the `<`) that blank lines
/// do not end, as pulldown-cmark reads CommonMark HTML blocks 1–5: `</pre>`
/// (`<script`, `<pre`, `<style`, `<textarea`: their own end tag), `-->`
/// (`<!--`), `?>` (`<?`), `]]>` (`<![CDATA[`), `>` (`<!` and a letter). A
/// line holding it (case-sensitive) ends the block. `None` for other blocks.
fn html_end_marker(block: &str) -> Option<String> {
    let raw = RAW_TAGS.iter().find(|t| {
        block.starts_with('<')
            && block
                .get(1..=t.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(t))
            && block[1 + t.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_ascii_whitespace() || c == '>')
    });
    let end = if let Some(t) = raw {
        return Some(format!("</{t}>"));
    } else if block.starts_with("<!--") {
        "-->"
    } else if block.starts_with("<?") {
        "?>"
    } else if block.starts_with("<![CDATA[") {
        "]]>"
    } else if block.starts_with("<!") && block[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        ">"
    } else {
        return None;
    };
    Some(end.to_string())
}

/// Where a skeleton for missing section `id` goes (byte offset): after the
/// nearest present section before it in the usual order (Summary, Timeline,
/// Root Cause, Corrective Measures), else before the first of the sections
/// after it in that order to stand in the text, else at the end of the
/// postmortem (custom sections always go there).
fn insertion_point(ctx: &Context, id: usize) -> usize {
    use crate::sections::ids::CORRECTIVE;
    let end = ctx.source.len();
    if id > CORRECTIVE {
        return end;
    }
    for before in (0..id).rev() {
        if let Some(s) = ctx.outline.sections_named(before).last() {
            return s.span.end;
        }
    }
    // Before the earliest of the sections after it in that order, wherever
    // it stands (`## Root Cause` before `## Timeline`: a Summary goes first).
    (id + 1..=CORRECTIVE)
        .filter_map(|after| ctx.outline.sections_named(after).next())
        .map(|s| s.span.start)
        .min()
        .unwrap_or(end)
}

/// A line that is not a heading but names known sections: as a list item
/// (`2. Timeline`) or with a field label (`Root Cause: the disk filled up`).
struct Mention {
    /// Index into the outline's lines.
    line: usize,
    /// The sections the whole list item names (empty for other lines).
    as_item: SectionSet,
    /// The sections the line's label names.
    as_label: SectionSet,
}

/// Every [`Mention`], in document order.
fn section_mentions(ctx: &Context) -> Vec<Mention> {
    let mut out = Vec::new();
    for (i, line) in ctx.outline.lines.iter().enumerate() {
        if ctx.outline.heading_at[i].is_some() {
            continue;
        }
        let is_item = matches!(line.kind, LineKind::ListItem { .. });
        let mut as_item = SectionSet::EMPTY;
        if is_item && !surely_more_words(&line.text, 8) {
            let whole = normalize_heading(&line.text);
            if word_count(&whole) <= 8 {
                as_item = ctx.catalogue.named_by(&whole);
            }
        }
        let mut as_label = SectionSet::EMPTY;
        if let Some(label) = label_of(&line.text).filter(|l| !surely_more_words(l, 5)) {
            let label = normalize_heading(label);
            if word_count(&label) <= 5 {
                as_label = ctx.catalogue.named_by(&label);
            }
        }
        if !(as_item.is_empty() && as_label.is_empty()) {
            out.push(Mention {
                line: i,
                as_item,
                as_label,
            });
        }
    }
    out
}

/// The first line inside a fenced code block that would be a heading for
/// section `id` outside it (see [`hidden_headings`]): its span, and a help
/// saying how to bring it out. Only blocks that were not meant as code are
/// read: those with no info string, and one left open to the end of the
/// text (CommonMark 0.31 §4.5).
fn named_in_code_block(ctx: &Context, id: usize) -> Option<(std::ops::Range<usize>, String)> {
    for fence in &ctx.outline.code_fences {
        if fence.has_info && fence.closed {
            continue;
        }
        let hidden = hidden_headings(ctx, fence);
        let Some((span, _)) = hidden.iter().find(|(_, names)| names.contains(id)) else {
            continue;
        };
        let index = crate::render::LineIndex::new(ctx.source);
        let line_no = |at: usize| index.position(at).line;
        let open_line = line_no(fence.span.start);
        let fence_text = &fence.fence;
        let help = if fence.closed {
            format!(
                "the code block from line {open_line} to line {} shows its text as code, not as Markdown: remove its fence lines ({fence_text})",
                line_no(fence.span.end.saturating_sub(1).max(fence.span.start)),
            )
        } else {
            // Closed before the first section it hides, all of them come out.
            format!(
                "the code block opened at line {open_line} is never closed, so it runs to the end of the file: close it ({fence_text}) before line {}",
                line_no(hidden[0].0.start)
            )
        };
        return Some((span.clone(), help));
    }
    None
}

/// The lines of a fenced code block (its fence lines excluded) that would be
/// headings naming known sections outside it: an ATX heading, a bold line,
/// or a line ending with a colon, of at most 8 words. Each line's span
/// (trimmed) and the sections it names, in order.
fn hidden_headings(
    ctx: &Context,
    fence: &crate::outline::CodeFence,
) -> Vec<(std::ops::Range<usize>, SectionSet)> {
    let Some(block) = ctx.source.get(fence.span.clone()) else {
        return Vec::new();
    };
    let mut at = fence.span.start;
    let mut lines: Vec<(usize, &str)> = block
        .split_inclusive('\n')
        .map(|l| {
            let start = at;
            at += l.len();
            (start, l)
        })
        .skip(1)
        .collect();
    if fence.closed {
        lines.pop();
    }
    lines
        .into_iter()
        .filter_map(|(start, raw)| {
            let text = raw.trim();
            let bare = text.trim_start_matches('#');
            let heading_like = crate::outline::atx_level(text).is_some()
                || text.starts_with("**")
                || text.starts_with("__")
                || text.trim_end_matches(['*', '_']).ends_with(':');
            if !heading_like || surely_more_words(text, 8) {
                return None;
            }
            let name = normalize_heading(
                bare.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace()),
            );
            let names = ctx.catalogue.named_by(&name);
            (word_count(&name) <= 8 && !names.is_empty()).then(|| {
                let lead = raw.len() - raw.trim_start().len();
                (start + lead..start + lead + text.len(), names)
            })
        })
        .collect()
}

/// Where section `id`'s title appears but not as a heading (the first of
/// `mentions` naming it): the line's span, and how it is written.
fn named_elsewhere(
    ctx: &Context,
    mentions: &[Mention],
    id: usize,
) -> Option<(std::ops::Range<usize>, &'static str)> {
    mentions.iter().find_map(|m| {
        let line = &ctx.outline.lines[m.line];
        let is_item = matches!(line.kind, LineKind::ListItem { .. });
        let how = if m.as_item.contains(id) {
            "as a list item"
        } else if !m.as_label.contains(id) {
            return None;
        } else if is_item {
            "as a list item's label"
        } else if label_of(&line.text)
            .is_some_and(|l| crate::outline::ends_in_function_word(&normalize_heading(l)))
        {
            // `Our recommendations are to:`
            "in a sentence"
        } else {
            "as a field"
        };
        Some((line.span.clone(), how))
    })
}

/// PM005: a required section with no content of its own or in its sub-headings.
/// Not reported when another section of the same name starts beneath the
/// section's heading (in the heading tree, see [`heading_parents`]): its content is
/// there (`## Corrective Measures`, then the plain labels `Lessons Learned`
/// and `Action Items`), or the heading is a title (`# Fall of Terra –
/// Timeline of the attack` over `## Timeline`).
fn empty(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut named_beneath: Option<std::collections::HashSet<(usize, usize)>> = None;
    for section in &ctx.outline.sections {
        let Some(id) = section.names.iter().find(|&i| {
            ctx.catalogue
                .defs
                .get(i)
                .is_some_and(|d| d.missing_code.is_some())
        }) else {
            continue;
        };
        // A table's header row alone is a skeleton's, not content
        // (`| Action | Owner | Due |` over rows of `TODO`s).
        // A note of the time zone in a timeline (`(all times in UTC)`) is
        // no more content than one in its heading.
        let timeline = id == crate::sections::ids::TIMELINE;
        let has_content = section.content.iter().any(|&l| {
            let line = &ctx.outline.lines[l];
            !line.text.trim().is_empty()
                && !crate::fix::is_placeholder(&line.text)
                && line.kind != (LineKind::TableRow { header: true })
                && (!timeline || !super::timeline::is_zone_note_alone(&line.text))
        });
        let heading = ctx.outline.heading_of(section);
        // A fenced code block (a log, a query) or an image (a graph) is
        // content, though the outline reads neither as lines.
        let has_content = has_content || holds_code_or_image(ctx, heading, section);
        // A timeline kept by time headings (`### 10:00 UTC — Alert fires`)
        // has its entries in them, even with nothing written under them.
        let has_content = has_content
            || (id == crate::sections::ids::TIMELINE
                && super::timeline::kept_by_time_headings(ctx, section, ctx.config.date_order()));
        // A Timeline heading's text after a colon is a note on its entries
        // (`## Timeline: all times UTC`), not content.
        if !has_content && id != crate::sections::ids::TIMELINE && content_in_heading(ctx, heading)
        {
            continue;
        }
        if !has_content {
            let beneath = named_beneath.get_or_insert_with(|| {
                let parents = heading_parents(&ctx.outline.headings);
                sections_beneath(ctx, &parents)
            });
            if beneath.contains(&(section.heading, id)) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    "PM005",
                    heading.span.clone(),
                    format!("section \"{}\" is empty", ctx.catalogue.defs[id].name),
                )
                .with_help("write the section's content under its heading, or remove the heading"),
            );
        }
    }
}

/// Whether the text of `section` after its heading holds a fenced code
/// block (a line starting with three backticks or tildes, after up to three
/// spaces) or an image with a source (`![graph](p99.png)`, an HTML `<img>`),
/// outside HTML comments.
fn holds_code_or_image(
    ctx: &Context,
    heading: &crate::outline::Heading,
    section: &crate::outline::Section,
) -> bool {
    let Some(body) = ctx.source.get(heading.span.end..section.span.end) else {
        return false;
    };
    // The text with its HTML comments blanked out.
    let visible = crate::outline::mask_comments(body);
    // `![alt](source` on one line, the source not empty.
    let image = visible.lines().any(|line| {
        line.find("![").is_some_and(|i| {
            line[i..]
                .find("](")
                .is_some_and(|j| !line[i + j + 2..].trim_start().starts_with(')'))
        })
    });
    image
        || visible.to_ascii_lowercase().contains("<img")
        || visible.lines().any(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let rest = line.trim_start_matches(' ');
            indent <= 3 && (rest.starts_with("```") || rest.starts_with("~~~"))
        })
}

/// Every (heading, section id) such that a section of that id starts
/// beneath the heading (the heading is an ancestor of the section's
/// heading): for each section, its heading's ancestors.
fn sections_beneath(
    ctx: &Context,
    parents: &[Option<usize>],
) -> std::collections::HashSet<(usize, usize)> {
    let mut out = std::collections::HashSet::new();
    for s in &ctx.outline.sections {
        for ancestor in std::iter::successors(parents[s.heading], |&p| parents[p]) {
            out.extend(s.names.iter().map(|id| (ancestor, id)));
        }
    }
    out
}

/// Whether a `#`, setext or HTML heading carries its section's content
/// after a label (`### Root Cause: A pool misconfiguration exhausted the
/// database's connections`): at least two words after the first colon
/// (not one between two digits), not a placeholder (`TODO`) or a hint in
/// brackets (`(describe it)`, `[TBD]`, `<cause>`).
fn content_in_heading(ctx: &Context, heading: &crate::outline::Heading) -> bool {
    if !heading.style.is_titled() {
        return false;
    }
    let Some(line) = ctx.outline.lines.get(heading.line) else {
        return false;
    };
    let Some(label) = label_of(&line.text) else {
        return false;
    };
    let rest = line.text[label.len() + 1..].trim();
    // A hint in parentheses (`(describe it)`); one in brackets is a placeholder.
    let hint = rest.starts_with('(') && rest.ends_with(')');
    word_count(rest) >= 2 && !hint && !crate::fix::is_placeholder(rest)
}

/// PM006: two sections name the same required section, at the same place
/// in the heading tree. The later one duplicates an earlier one unless it
/// sits inside it (a sub-heading, `**Timeline:**` under `## Incident
/// Timeline`) or lies outside the earlier one's parent (a `**Root Cause:**`
/// field under `## Issue Summary`, then `## Root Cause and Resolution`; a
/// second postmortem under its own `#` title, [`title_above`]; a field in
/// lines indented under another section's heading, [`DuplicateTree`]); two `#`, setext or HTML
/// headings must also share their parent (`## Why did it happen?` in a
/// guide, `### Why did it happen?` under its `## Example`). The two headings
/// must also share a keyword of the section: `## Root Cause` and `## Root
/// Cause and Resolution` tell one story twice, while `## Root cause` and
/// `## Contributing factors`, `## Five whys` and `## Root cause`, or `##
/// Action items` and `## Long-term fixes` are parts that templates keep
/// apart. Each duplicate is labelled with the earliest section it
/// duplicates ([`Firsts`], run over the headings holding each keyword).
fn duplicates(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut tree: Option<DuplicateTree> = None;
    let mut firsts: Option<Firsts> = None;
    let headings = &ctx.outline.headings;
    for id in ctx.catalogue.required() {
        let found: Vec<usize> = ctx.outline.sections_named(id).map(|s| s.heading).collect();
        if found.len() < 2 {
            continue;
        }
        let tree = tree.get_or_insert_with(|| duplicate_tree(ctx));
        // Sections under the nearest heading of level 2 or deeper that names
        // no section are compared among themselves only: `**Restoration
        // timeline by batch**` under `## Appendix` is about another topic
        // than the `## Timeline` above it, while `### Root Cause` twice
        // under `## Postmortem: DB outage`, or under `## Appendix`, are
        // duplicates, and so are sections under a second `#` write-up.
        let topic = |h: usize| {
            let mut at = tree.parents[h];
            while let Some(p) = at {
                if headings[p].names.is_empty() && headings[p].level > 1 {
                    return Some(p);
                }
                at = tree.parents[p];
            }
            None
        };
        // Grouped by place, in order within each (a stable sort).
        let mut placed: Vec<(Option<usize>, usize)> =
            found.iter().map(|&h| (topic(h), h)).collect();
        placed.sort_by_key(|&(place, _)| place);
        for group in placed.chunk_by(|a, b| a.0 == b.0) {
            if group.len() >= 2 {
                let group: Vec<usize> = group.iter().map(|&(_, h)| h).collect();
                let firsts = firsts.get_or_insert_with(|| Firsts::new(headings.len()));
                report_duplicates(ctx, tree, firsts, id, &group, out);
            }
        }
    }
}

/// PM006 for the sections of `found` (headings of sections named `id`, in
/// order, at one place: see [`duplicates`]) that duplicate an earlier one.
fn report_duplicates(
    ctx: &Context,
    tree: &DuplicateTree,
    firsts: &mut Firsts,
    id: usize,
    found: &[usize],
    out: &mut Vec<Diagnostic>,
) {
    let headings = &ctx.outline.headings;
    let def = &ctx.catalogue.defs[id];
    let name = &def.name;
    // For each of `found`, the earliest heading it duplicates, if any.
    let mut earliest: Vec<Option<usize>> = vec![None; found.len()];
    let mut holding: Vec<usize> = Vec::with_capacity(found.len());
    for keyword in &def.keywords {
        // A keyword and its plural are one name (`## Root Cause` and
        // `## Root Causes`).
        holding.clear();
        holding.extend((0..found.len()).filter(|&i| {
            crate::sections::contains_words_or_plural(&headings[found[i]].text, keyword)
        }));
        if holding.len() < 2 {
            continue;
        }
        firsts.clear();
        for &i in &holding {
            let dup = found[i];
            if let Some(first) = firsts.duplicated_by(ctx, tree, dup) {
                earliest[i] = Some(earliest[i].map_or(first, |e| e.min(first)));
            }
            firsts.add(ctx, tree, dup);
        }
    }
    for (i, &dup) in found.iter().enumerate() {
        let Some(first) = earliest[i] else {
            continue;
        };
        out.push(
            Diagnostic::new(
                "PM006",
                headings[dup].span.clone(),
                format!("duplicate \"{name}\" section"),
            )
            .with_label(
                headings[first].span.clone(),
                format!("first \"{name}\" section here"),
            )
            .with_help(
                "merge the two sections into one, or make the second a sub-heading of the first",
            ),
        );
    }
}

/// The sections of one name met so far (their headings, indexes into the
/// outline's headings), kept so that the earliest one a later section
/// duplicates (see [`duplicates`]) is found in time proportional to the later
/// heading's depth, not to the number of sections (a file of 10,000
/// concatenated postmortems has 10,000 Root Causes).
///
/// By parent heading: the first two headings, and the first two that are
/// not `#`, setext or HTML headings. A duplicated section's parent is the
/// later heading's parent or an ancestor of it (or none); of the sections
/// under one parent at most one is an ancestor of the later heading, so the
/// first two hold the earliest that is not.
struct Firsts {
    /// Indexed by the parent heading, the last slot for no parent.
    by_parent: Vec<FirstsUnder>,
    /// The slots recorded into since the last [`Firsts::clear`].
    touched: Vec<usize>,
}

/// [`Firsts`] under one parent.
#[derive(Default, Clone, Copy)]
struct FirstsUnder {
    any: [Option<usize>; 2],
    untitled: [Option<usize>; 2],
}

impl Firsts {
    /// None recorded yet, for an outline of `headings` headings.
    fn new(headings: usize) -> Self {
        Firsts {
            by_parent: vec![FirstsUnder::default(); headings + 1],
            touched: Vec::new(),
        }
    }

    /// Forgets every heading recorded, in time proportional to their number
    /// (one `Firsts` serves every keyword and place of a postmortem).
    fn clear(&mut self) {
        for slot in self.touched.drain(..) {
            self.by_parent[slot] = FirstsUnder::default();
        }
    }

    /// The slot of a parent heading (`None`: no parent).
    fn slot(&self, parent: Option<usize>) -> usize {
        parent.unwrap_or(self.by_parent.len() - 1)
    }

    /// Records heading `h` (after every heading before it).
    fn add(&mut self, ctx: &Context, tree: &DuplicateTree, h: usize) {
        let slot = self.slot(tree.parents[h]);
        self.touched.push(slot);
        let under = &mut self.by_parent[slot];
        let keep = |slots: &mut [Option<usize>; 2]| {
            if let Some(slot) = slots.iter_mut().find(|s| s.is_none()) {
                *slot = Some(h);
            }
        };
        keep(&mut under.any);
        if !is_titled(ctx, h) {
            keep(&mut under.untitled);
        }
    }

    /// The earliest heading recorded whose section `second` duplicates.
    fn duplicated_by(&self, ctx: &Context, tree: &DuplicateTree, second: usize) -> Option<usize> {
        let parents = &tree.parents;
        let titled = is_titled(ctx, second);
        let ancestors = std::iter::successors(parents[second], |&p| parents[p]).map(Some);
        // Under a `#` title, every heading at the top of the tree comes
        // before the title (a heading there after it would have closed it):
        // none is duplicated.
        let top = title_above(tree, second).is_none().then_some(None);
        top.into_iter()
            .chain(ancestors)
            .filter_map(|parent| {
                let under = &self.by_parent[self.slot(parent)];
                let slots = if titled && parent != parents[second] {
                    &under.untitled
                } else {
                    &under.any
                };
                slots
                    .iter()
                    .flatten()
                    .copied()
                    .find(|&first| !is_ancestor(parents, first, second))
            })
            .min()
    }
}

/// Whether heading `h` is a `#`, setext or HTML heading.
fn is_titled(ctx: &Context, h: usize) -> bool {
    ctx.outline.headings[h].style.is_titled()
}

/// The `#` title heading `h` sits under ([`DuplicateTree::titles`]): its
/// outermost ancestor, when that is a title. What comes before that title
/// is another part of the document (a first write-up whose summary is a `#
/// Issue Summary`, before `# Second take` and its own `Issue Summary:` and
/// `Root Cause:`).
fn title_above(tree: &DuplicateTree, h: usize) -> Option<usize> {
    let root = std::iter::successors(tree.parents[h], |&p| tree.parents[p]).last()?;
    tree.titles[root].then_some(root)
}

/// Each heading's parent (indexes into [`crate::outline::Outline::headings`]):
/// the nearest heading before it of a higher rank, a lower level (bold and
/// plain headings rank below every `#` level).
fn heading_parents(headings: &[crate::outline::Heading]) -> Vec<Option<usize>> {
    let levels: Vec<u8> = headings.iter().map(|h| h.level).collect();
    parents_by_level(&levels)
}

/// The heading tree PM006 reads ([`duplicate_tree`]).
struct DuplicateTree {
    /// Each heading's parent, as [`heading_parents`] gives them, but with a
    /// heading one level deeper than written for each of these, which make
    /// it a field of the section above rather than a section beside it:
    /// - its line is in an indented code block: lines indented under a line
    ///   (`Issue Summary:` over a four-space-indented `Root Cause:` and its
    ///   text) belong to it;
    /// - it is a plain line ending in a colon in a postmortem whose other
    ///   plain headings include some without one: `Impact:` and `Root
    ///   Cause:` under `Issue Summary`, before `Timeline` and `Root Cause
    ///   and Resolution`.
    parents: Vec<Option<usize>>,
    /// For each heading, whether it is a write-up's `#` title: a `#`,
    /// setext or HTML heading of level 1 at the top of the tree, naming no
    /// section (a postmortem that titles its sections with `#` has no such
    /// title above them), over headings naming at least two sections (a
    /// write-up of its own, not `# Details` over one field).
    titles: Vec<bool>,
}

/// The [`DuplicateTree`] of the postmortem, in one pass over its headings
/// for each of its two parts.
fn duplicate_tree(ctx: &Context) -> DuplicateTree {
    let lines = &ctx.outline.lines;
    let headings = &ctx.outline.headings;
    let plain_field = |h: &crate::outline::Heading| {
        h.style == HeadingStyle::Plain && ends_with_colon(&lines[h.line].text)
    };
    let fields_apart = headings.iter().any(plain_field)
        && headings
            .iter()
            .any(|h| h.style == HeadingStyle::Plain && !plain_field(h));
    let levels: Vec<u8> = headings
        .iter()
        .map(|h| {
            h.level
                + u8::from(lines[h.line].kind == LineKind::Code)
                + u8::from(fields_apart && plain_field(h))
        })
        .collect();
    let parents = parents_by_level(&levels);
    // The headings under one at the top follow it, up to the next one there.
    let mut titles = vec![false; headings.len()];
    let mut top: Option<(usize, SectionSet)> = None;
    let mut close = |top: Option<(usize, SectionSet)>| {
        if let Some((t, beneath)) = top {
            let h = &headings[t];
            titles[t] = h.level == 1
                && h.style.is_titled()
                && h.names.is_empty()
                && beneath.iter().count() >= 2;
        }
    };
    for (i, h) in headings.iter().enumerate() {
        match (parents[i], top.as_mut()) {
            (None, _) => close(top.replace((i, SectionSet::EMPTY))),
            (Some(_), Some((_, beneath))) => *beneath = beneath.union(h.names),
            (Some(_), None) => {}
        }
    }
    close(top);
    DuplicateTree { parents, titles }
}

/// [`heading_parents`] of headings of these levels, in order.
fn parents_by_level(levels: &[u8]) -> Vec<Option<usize>> {
    let mut open: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(levels.len());
    for (i, &level) in levels.iter().enumerate() {
        while open.last().is_some_and(|&j| levels[j] >= level) {
            open.pop();
        }
        out.push(open.last().copied());
        open.push(i);
    }
    out
}

/// Whether heading `ancestor` is heading `h`'s parent, or its parent's, ….
fn is_ancestor(parents: &[Option<usize>], ancestor: usize, h: usize) -> bool {
    let mut at = parents[h];
    while let Some(p) = at {
        if p == ancestor {
            return true;
        }
        at = parents[p];
    }
    false
}

/// Whether the section under heading `second` duplicates the one under the
/// earlier heading `first` (indexes into the outline's headings), as
/// [`duplicates`] says, pair by pair: the specification [`Firsts`] is tested
/// against.
#[cfg(test)]
fn is_duplicate(ctx: &Context, tree: &DuplicateTree, first: usize, second: usize) -> bool {
    let parents = &tree.parents;
    !is_ancestor(parents, first, second)
        && parents[first].is_none_or(|p| is_ancestor(parents, p, second))
        && title_above(tree, second).is_none_or(|title| first > title)
        && (!(is_titled(ctx, first) && is_titled(ctx, second)) || parents[first] == parents[second])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Firsts`] finds, for every section, the earliest one it duplicates
    /// by [`is_duplicate`] (each earlier section tried in turn), on random
    /// trees of `#`, bold and plain headings naming Root Cause or nothing.
    #[test]
    fn firsts_are_the_pairwise_rule() {
        const TOKENS: &[&str] = &[
            "# Root Cause\nx\n\n",
            "## Root Cause\nx\n\n",
            "### Root Cause\nx\n\n",
            "**Root Cause:**\nx\n\n",
            "Root Cause:\nx\n\n",
            "# Title\nx\n\n",
            "## Part\nx\n\n",
            "### Step\nx\n\n",
            "**Notes:**\nx\n\n",
            "## Timeline\nx\n\n",
            "Notes:\n\n    Root Cause:\n    x\n\n",
            "    Root Cause:\n    x\n\n",
            "Root Cause and Resolution\nx\n\n",
            "Timeline\nx\n\n",
        ];
        let config = crate::config::Config::default();
        let catalogue = crate::sections::SectionCatalogue::new(&config);
        let id = crate::sections::ids::ROOT_CAUSE;
        let mut pairs = 0;
        for text in crate::rules::util::token_texts(0x7061_7265_6e74_7321, TOKENS, 14, 3_000) {
            let outline = crate::outline::Outline::new(&text, &catalogue);
            let ctx = Context {
                source: &text,
                outline: &outline,
                catalogue: &catalogue,
                config: &config,
            };
            let tree = duplicate_tree(&ctx);
            let found: Vec<usize> = outline.sections_named(id).map(|s| s.heading).collect();
            let mut firsts = Firsts::new(outline.headings.len());
            for (k, &second) in found.iter().enumerate() {
                let want = found[..k]
                    .iter()
                    .copied()
                    .find(|&first| is_duplicate(&ctx, &tree, first, second));
                assert_eq!(firsts.duplicated_by(&ctx, &tree, second), want, "{text:?}");
                pairs += usize::from(want.is_some());
                firsts.add(&ctx, &tree, second);
            }
        }
        assert!(
            pairs > 1_000,
            "only {pairs} duplicates: the test proves little"
        );
    }

    /// The empty sections of `source`: each PM005's text.
    fn empty_of(source: &str) -> Vec<&str> {
        crate::rules::util::lint_default(source)
            .into_iter()
            .filter(|d| d.code == "PM005")
            .map(|d| &source[d.span.clone()])
            .collect()
    }

    /// A summary kept in the front matter (`summary:`, `description:`, on
    /// its line or as a block) is the Issue Summary; an empty one is not.
    #[test]
    fn a_front_matter_summary_is_the_summary() {
        let pm001 = |front: &str| {
            let source = format!("---\ntitle: T\n{front}---\n\n## Timeline\n- 10:00 UTC a\n");
            crate::rules::util::lint_default(&source)
                .iter()
                .any(|d| d.code == "PM001")
        };
        assert!(!pm001("summary: Dashboards were stale.\n"));
        assert!(!pm001("Description: \"Dashboards were stale.\"\n"));
        assert!(!pm001("summary: |\n  Dashboards were\n  stale.\n"));
        assert!(pm001("summary: \"\"\n"));
        assert!(pm001("summary: >\nauthor: x\n"));
        assert!(pm001("author: x\n"));
    }

    /// A timeline whose entries are time headings with nothing under them
    /// is not empty; one whose sub-headings have no time is.
    #[test]
    fn time_headings_are_a_timelines_content() {
        let empty = |body: &str| {
            let source = format!("## Timeline\n\n{body}\n## Root Cause\n\nA bad push.\n");
            empty_of(&source).join("|")
        };
        assert!(empty("### 10:00 UTC — Alert fires\n\n### 10:40 UTC — Restored\n").is_empty());
        assert_eq!(empty("### Day 1\n\n### Day 2\n"), "## Timeline");
    }

    /// A section holding only a fenced code block or an image is not empty;
    /// one holding only an HTML comment or an indented fence-like line is.
    #[test]
    fn code_blocks_and_images_are_content() {
        let empty = |body: &str| {
            let source = format!("## Root Cause\n\n{body}\n\n## Timeline\n- 10:00 UTC: down\n");
            !empty_of(&source).is_empty()
        };
        assert!(!empty("```\nERROR: disk full on db-1\n```"));
        assert!(!empty("~~~sql\nSELECT 1;\n~~~"));
        assert!(!empty("![p99 latency](p99.png)"));
        assert!(!empty("<img src=\"p99.png\" alt=\"p99\">"));
        assert!(empty("<!-- TODO -->"));
        assert!(empty(""));
        // In a comment, or an image with no source: still empty.
        assert!(empty("<!-- TODO: add ![graph](p99.png) here -->"));
        assert!(empty("<!--\n```\nlog\n```\n-->"));
        assert!(empty("[Describe the root cause here] ![]()"));
    }

    /// An empty section with a section of the same name beneath it (a title,
    /// or labels under a heading) is not reported; an empty sub-heading of
    /// the same name adds no content.
    #[test]
    fn empty_section_with_the_same_section_beneath() {
        let src = "# Fall of the cache – Timeline of the outage\n## Summary\nDown.\n\n## Timeline\n- 10:00 UTC: down\n";
        assert_eq!(empty_of(src), Vec::<&str>::new());
        let src =
            "## Corrective Measures\nLessons Learned\nTest more.\n\nAction Items\n- Add a test.\n";
        assert_eq!(empty_of(src), Vec::<&str>::new());
        let src = "## What caused it?\n### Root Cause(s)\n\n## Timeline\n- 10:00 UTC: down\n";
        assert_eq!(empty_of(src), ["## What caused it?"]);
        // Beneath another heading: reported.
        let src = "## Corrective Measures\n## Other\nAction Items\n- Add a test.\n";
        assert_eq!(empty_of(src), ["## Corrective Measures"]);
    }

    /// The PM006 diagnostics of `source`: (the duplicate's text, the first's text).
    fn duplicates_of(source: &str) -> Vec<(&str, &str)> {
        crate::rules::util::lint_default(source)
            .into_iter()
            .filter(|d| d.code == "PM006")
            .map(|d| (&source[d.span.clone()], &source[d.labels[0].span.clone()]))
            .collect()
    }

    /// A section under a heading of level 2 or deeper naming none is at
    /// another place than one outside it (a user's review), unless all of
    /// them are under it.
    #[test]
    fn duplicates_under_another_topic() {
        let body = "## Root Cause\nx.\n\n";
        let src = format!(
            "# Outage\n\n## Timeline\n- 10:00 UTC: down\n\n{body}## Appendix\n\n**Restoration timeline by batch**\n\n- 11:00 UTC: batch 1\n\n<details>\n<summary>Full timeline from Slack</summary>\n\n- 10:01 UTC: paged\n\n</details>\n"
        );
        assert_eq!(duplicates_of(&src), []);
        let src = "## Postmortem: DB outage\n\n### Root Cause\nx.\n\n### Timeline\n- 10:00 UTC: a\n\n### Root Cause\ny.\n";
        assert_eq!(duplicates_of(src), [("### Root Cause", "### Root Cause")]);
        let src = format!(
            "# Issue Summary\nx.\n\n## Timeline\n- 10:00 UTC: down\n\n{body}# Retelling\n\nIssue Summary:\ny.\n"
        );
        assert_eq!(duplicates_of(&src), [("Issue Summary:", "# Issue Summary")]);
    }

    /// Sibling sections of one name duplicate each other only when their
    /// headings share a keyword: the parts templates keep apart do not.
    #[test]
    fn duplicates_share_a_keyword() {
        let body = "## Timeline\n- 10:00 UTC: down\n\n";
        for (a, b) in [
            ("## Root cause", "## Contributing factors"),
            ("## Five whys", "## Root cause"),
            ("## Action items", "## Long-term fixes"),
            ("## Root Cause Analysis", "## Contributing Factors"),
        ] {
            let src = format!("# Outage\n\n{a}\nx y.\n\n{body}{b}\nx y.\n");
            assert_eq!(duplicates_of(&src), [], "{a} / {b}");
        }
        // A shared keyword, here `cause` in both, makes them duplicates,
        // labelled with the earliest such section.
        let src = format!(
            "# Outage\n\n## Contributing factors\nx.\n\n## The root cause\nx.\n\n{body}## Cause and its resolution\nx.\n"
        );
        assert_eq!(
            duplicates_of(&src),
            [("## Cause and its resolution", "## The root cause")]
        );
    }

    /// A keyword and its plural are one name.
    #[test]
    fn plural_headings_are_duplicates() {
        let src = "# Outage\n\n## Root Cause\nA disk.\n\n## Root Causes\nMore disks.\n";
        assert_eq!(duplicates_of(src), [("## Root Causes", "## Root Cause")]);
        let src = "# Outage\n\n## Action Items\nx.\n\n## Action Item\ny.\n";
        assert_eq!(duplicates_of(src), [("## Action Item", "## Action Items")]);
    }

    /// Duplicates are judged on the heading tree: siblings are duplicates;
    /// a heading inside the first, or outside the first's parent, is not.
    #[test]
    fn duplicates_share_a_place_in_the_heading_tree() {
        let body = "## Timeline\n- 10:00 UTC: down\n\n";
        // Siblings.
        let src = format!(
            "# Outage\n\n## Root Cause\nDisk.\n\n{body}## Root Cause and Resolution\nCleaned.\n"
        );
        assert_eq!(
            duplicates_of(&src),
            [("## Root Cause and Resolution", "## Root Cause")]
        );
        // A field under the summary, then the section: no duplicate; a
        // third heading is a duplicate of the second, not of the field.
        let summary = "# Outage\n\n## Issue Summary\n**Root Cause:**\nDisk.\n\n";
        let src = format!("{summary}{body}## Root Cause and Resolution\nCleaned.\n");
        assert_eq!(duplicates_of(&src), []);
        let src = format!("{summary}{body}## Root Cause\nDisk.\n\n## Root Cause again\nCleaned.\n");
        assert_eq!(
            duplicates_of(&src),
            [("## Root Cause again", "## Root Cause")]
        );
        // Inside the first: a sub-heading.
        let src = "## Incident Timeline\n### Day one\n**Timeline:**\n- 10:00 UTC: down\n";
        assert_eq!(duplicates_of(src), []);
        // Two postmortems under their own titles, and a guide then its example.
        let one = "## Root Cause\nDisk.\n\n";
        let src = format!("# First outage\n\n{one}# Second outage\n\n{one}");
        assert_eq!(duplicates_of(&src), []);
        let src = format!("# Guide\n\n{one}## Example\n\n### Root Cause\nDisk.\n");
        assert_eq!(duplicates_of(&src), []);
        // A bold heading and a `#` one under the same parent are siblings.
        let src = format!(
            "# Outage\n\n**Root Cause:**\nDisk.\n\n{body}## Root Cause and Resolution\nCleaned.\n"
        );
        assert_eq!(
            duplicates_of(&src),
            [("## Root Cause and Resolution", "**Root Cause:**")]
        );
    }

    /// A field in lines indented under a plain heading (they render as a
    /// code block, which PM008 reports) is that section's, and a section
    /// under a later `#` title is another write-up's: neither duplicates.
    #[test]
    fn indented_fields_and_later_titles_are_not_duplicates() {
        let fields = "Incident summary:\n\n    Impact: 5% of logins failed.\n    Root Cause:\n        An expired certificate.\n\n";
        let resolution =
            "Root Cause and Resolution:\n\nThe certificate had expired; we renewed it.\n";
        assert_eq!(duplicates_of(&format!("{fields}{resolution}")), []);
        // Not indented, the field is the section's sibling.
        let flat = fields.replace("    ", "");
        assert_eq!(
            duplicates_of(&format!("{flat}{resolution}")),
            [("Root Cause and Resolution:", "Root Cause:")]
        );
        // Plain fields (with a colon) under a plain title (without one).
        let plain = "Issue Summary\nDuration: 1 hour\n\nRoot Cause:\nAn expired certificate.\n\nTimeline\n10:00 - alert\n\n";
        let resolution = "Root Cause and Resolution\nWe renewed the certificate.\n";
        assert_eq!(duplicates_of(&format!("{plain}{resolution}")), []);
        // All with colons, they are siblings.
        let colons = plain
            .replace("Issue Summary\n", "Issue Summary:\n")
            .replace("Timeline\n", "Timeline:\n");
        assert_eq!(
            duplicates_of(&format!("{colons}Root Cause and Resolution:\nRenewed.\n")),
            [("Root Cause and Resolution:", "Root Cause:")]
        );
        // The first write-up's summary is itself a `#` heading.
        let first = "# Issue Summary\nLogins failed.\n\n## Root Cause\nA certificate.\n\n";
        let retold = "# Retold for the newsletter\n\nIssue Summary:\nOur login robot forgot its badge.\n\nRoot Cause:\nA badge that expired.\n";
        assert_eq!(duplicates_of(&format!("{first}{retold}")), []);
        let first = "## Issue Summary\nLogins failed.\n\n";
        assert_eq!(duplicates_of(&format!("{first}{retold}")), []);
        // `#` headings that name sections are no titles, nor one over a
        // single field.
        assert_eq!(
            duplicates_of(
                "# Summary\nx y.\n\n# Root Cause\nA disk.\n\n# Details\n\n**Root Cause**\nThe disk.\n"
            ),
            [("**Root Cause**", "# Root Cause")]
        );
        assert_eq!(
            duplicates_of(
                "# Summary\nx y.\n\n# Root Cause\nA disk.\n\n# Resolution\n\n**Root Cause:**\nThe disk.\n"
            ),
            [("**Root Cause:**", "# Root Cause")]
        );
        // Under one title, or with no title between them, they duplicate.
        assert_eq!(
            duplicates_of(&format!("{first}## Issue Summary\nAgain.\n")),
            [("## Issue Summary", "## Issue Summary")]
        );
        assert_eq!(
            duplicates_of(&format!(
                "# Outage\n\n{first}## Root Cause\nx.\n\n## Issue Summary\nAgain.\n"
            )),
            [("## Issue Summary", "## Issue Summary")]
        );
    }

    /// A lone skeleton is the same skeleton, only closing the block the text
    /// ends in: its heading keeps a custom name as written (`#` and spaces).
    #[test]
    fn lone_fix_keeps_the_section_name_as_written() {
        let src = "# Outage\n\n```\nlog line\n";
        for name in ["Comms", "#Comms", " Comms  plan "] {
            let skeleton = crate::fix::insert_section(src, src.len(), 2, name);
            let d = Diagnostic::new("PM010", 0..0, String::new()).with_fix(skeleton.clone());
            let alone = lone_fix(src, &d).unwrap();
            assert_eq!(alone.span, src.len()..src.len());
            let heading = skeleton.replacement.trim_start_matches('\n');
            assert_eq!(alone.replacement, format!("```\n\n{heading}"), "{name:?}");
        }
    }

    /// The missing sections of `source`: (code, help, the label's text in
    /// the source, whether a fix is offered).
    fn missing_of(source: &str) -> Vec<(&'static str, String, Option<&str>, bool)> {
        crate::rules::util::lint_default(source)
            .into_iter()
            .filter(|d| MISSING_CODES.contains(&d.code))
            .map(|d| {
                let label = d.labels.first().map(|l| &source[l.span.clone()]);
                (d.code, d.help.unwrap_or_default(), label, d.fix.is_some())
            })
            .collect()
    }

    /// A heading hidden in a code block is pointed at, with what to do about
    /// the block, and gets no skeleton (it would be a second section).
    #[test]
    fn heading_inside_a_code_block_is_pointed_at() {
        let head = "# Outage\n\n## Summary\nDown.\n\n## Timeline\n- 10:00 UTC: down\n\n";
        // Left open: close it before the first section it hides.
        let src =
            format!("{head}~~~~\nlog\n\n**Root Cause:**\nDisk.\n\n### Action items\n- Alert.\n");
        assert_eq!(
            missing_of(&src),
            [
                (
                    "PM003",
                    "the code block opened at line 9 is never closed, so it runs to the end of the file: close it (~~~~) before line 12".to_owned(),
                    Some("**Root Cause:**"),
                    false
                ),
                (
                    "PM004",
                    "the code block opened at line 9 is never closed, so it runs to the end of the file: close it (~~~~) before line 12".to_owned(),
                    Some("### Action items"),
                    false
                ),
            ]
        );
        // Closed, with no info string: its fences are what to remove.
        let src = format!(
            "{head}- ```\n  Root Cause:\n  Disk.\n  ```\n\n## Corrective Measures\n- Alert.\n"
        );
        assert_eq!(
            missing_of(&src),
            [(
                "PM003",
                "the code block from line 9 to line 12 shows its text as code, not as Markdown: remove its fence lines (```)".to_owned(),
                Some("Root Cause:"),
                false
            )]
        );
        // Closed, with an info string: meant as code, so the usual help and skeleton.
        // Nor a line that is no heading (`root cause was the disk`), nor the fence line.
        for block in [
            "```markdown\n## Root Cause\n```\n",
            "```\nroot cause was the disk\n```\n",
            "```Root Cause:\nx\n```\n",
        ] {
            let src = format!("{head}{block}\n## Corrective Measures\n- Alert.\n");
            let got = missing_of(&src);
            assert_eq!(got.len(), 1, "{block:?}");
            assert_eq!(
                (got[0].0, got[0].2, got[0].3),
                ("PM003", None, true),
                "{block:?}"
            );
            assert!(got[0].1.starts_with("add a heading for it"), "{block:?}");
        }
    }

    /// A `#` heading may carry its section's content after a label; a
    /// placeholder, a hint, one word or a Timeline's note is no content.
    #[test]
    fn content_written_in_the_heading() {
        let empty = |heading: &str| {
            let src = format!("# T\n\n{heading}\n\n## Lessons Learned\nText.\n");
            crate::rules::util::lint_default(&src)
                .iter()
                .any(|d| d.code == "PM005")
        };
        assert!(!empty(
            "### Root Cause: A pool misconfiguration exhausted the connections"
        ));
        assert!(!empty(
            "##### Issue Summary: Duration: 2 hours (9:00 AM - 11:00 AM, UTC)"
        ));
        assert!(!empty("<h2>Root Cause: a full disk</h2>"));
        assert!(empty("## Root Cause"));
        assert!(empty("## Root Cause: TODO write it"));
        assert!(empty("## Root Cause: (describe the cause)"));
        assert!(empty("## Root Cause: [TBD]"));
        assert!(empty("## Root Cause: Disk"));
        assert!(empty("## Timeline: all times in UTC"));
        assert!(empty("## Corrective Measures 10:30"));
    }

    /// The scan gives what the substring searches it replaced gave.
    #[test]
    fn marked_html_check_is_the_substring_search() {
        let spec = |source: &str| {
            source.contains("<!") || source.contains("<?") || {
                let low = source.to_ascii_lowercase();
                RAW_TAGS.iter().any(|t| low.contains(&format!("<{t}")))
            }
        };
        const TOKENS: &[&str] = &[
            "<", "!", "?", "<!--", "<?x", "<SCRIPT", "<Pre", "pre", "<style>", "<textar", "ea",
            "<p>", "x", " ", "\n", "é", "<é", "</pre>",
        ];
        let mut held = 0;
        for text in crate::rules::util::token_texts(0x0123_4567_89AB_CDEF, TOKENS, 6, 20_000) {
            assert_eq!(may_hold_marked_html(&text), spec(&text), "{text:?}");
            held += usize::from(spec(&text));
        }
        assert!(held > 1_000 && held < 19_000, "{held}");
    }
}
