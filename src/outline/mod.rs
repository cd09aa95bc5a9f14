//! Markdown → [`Outline`]: the lines of a postmortem, the section headings
//! found among them (in every style people write), and the sections those
//! headings open.
//!
//! All spans are byte ranges into the source text (0-based, half-open).

mod headings;
mod lines;
mod normalize;

pub use lines::{CELL_SEPARATOR, cell_ranges, events, front_matter, parser_options};
pub(crate) use lines::{atx_level, mask_comments};
pub use normalize::{
    ends_in_function_word, ends_with_colon, normalize_heading, outside_parens, surely_more_words,
    word_count,
};

use crate::sections::{SectionCatalogue, SectionSet};
use std::borrow::Cow;
use std::ops::Range;

/// What kind of Markdown block a [`Line`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// An ATX (`## Title`) or setext (underlined) heading.
    Heading {
        /// 1..=6: the number of `#`s; a setext heading is 1 (`===`) or 2 (`---`).
        level: u8,
        /// Written as setext (underlined), not ATX.
        setext: bool,
    },
    /// `<h1>`..`<h6>` in an HTML block.
    HtmlHeading {
        /// 1..=6, from the tag's name.
        level: u8,
    },
    /// An HTML block holding only `<strong>`/`<b>` text.
    HtmlStrong,
    /// Other text of an HTML block, tags removed.
    Html,
    /// A line of an HTML block written as an ATX heading (`## Root Cause`):
    /// an HTML block that starts with a tag (CommonMark 0.31 §4.6, kinds 6
    /// and 7) runs to the next blank line, so this line renders as text.
    /// Its text is the line's, `#`s included, tags removed.
    HtmlAtx {
        /// 1..=6: the number of `#`s.
        level: u8,
    },
    /// One line of a paragraph (also inside block quotes).
    Paragraph,
    /// One line of an indented code block (read as prose; fenced code is never read).
    Code,
    /// A list item's own text (nested items are their own lines).
    ListItem {
        /// Nesting depth: 1 = a top-level item, 2 = an item inside one, …
        depth: u32,
    },
    /// A table row, cells joined by ` | `.
    TableRow {
        /// The table's header row (the one above the `---` delimiter row).
        header: bool,
    },
}

/// One line of the postmortem as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'s> {
    /// The Markdown block the line comes from.
    pub kind: LineKind,
    /// Byte range of the line's content in the source (white space trimmed).
    pub span: Range<usize>,
    /// Plain text: emphasis, code ticks and link markup removed, images dropped.
    /// Borrowed from the source when it is one piece of it (most lines, so a
    /// large file's million lines do not each take an allocation); owned
    /// when markup, an entity or an escape was taken out of it.
    pub text: Cow<'s, str>,
    /// Every visible character is strong or emphasised.
    pub emphasized: bool,
    /// Lines of one paragraph (or code block, HTML block) share a block number
    /// (counting wraps around after `u32::MAX` blocks).
    pub block: u32,
    /// First line of its block (a blank line or another block precedes it).
    pub first_in_block: bool,
}

/// How a heading was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingStyle {
    /// `## Title`
    Atx,
    /// `Title` underlined with `===` or `---`.
    Setext,
    /// `<h2>Title</h2>`
    Html,
    /// A wholly bold or italic line: `**Root Cause:**`.
    Bold,
    /// A plain line: `Timeline of Events:`.
    Plain,
    /// A title glued to the end of a sentence: `...restored.Root Cause`.
    Glued,
}

impl HeadingStyle {
    /// Whether the heading is written as one (a `#`, setext or HTML
    /// heading), not as a bold, plain or glued line that reads as one.
    pub fn is_titled(self) -> bool {
        matches!(
            self,
            HeadingStyle::Atx | HeadingStyle::Setext | HeadingStyle::Html
        )
    }
}

/// Level given to bold, plain, glued and HTML-bold headings: below every `#` level.
pub const PSEUDO_LEVEL: u8 = 7;

/// A section heading (or a heading-like sub-heading).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Index into [`Outline::lines`].
    pub line: usize,
    /// Byte range of the heading itself (for a glued heading, only the glued title).
    pub span: Range<usize>,
    /// Normalised text (see [`normalize_heading`]).
    pub text: String,
    /// 1..=6 for Markdown and HTML headings, [`PSEUDO_LEVEL`] for the others.
    pub level: u8,
    /// How the heading was written (`##`, setext, HTML, bold, plain, glued).
    pub style: HeadingStyle,
    /// The known sections this heading names.
    pub names: SectionSet,
    /// A heading that renders as running text: a plain or bold heading that
    /// is not the first line of its paragraph, or a `#` heading inside an
    /// HTML block (its line is a [`LineKind::HtmlAtx`]).
    pub in_paragraph: bool,
}

/// A section opened by a heading that names a known section and is not a
/// sub-heading of an enclosing section naming the same sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Index into [`Outline::headings`].
    pub heading: usize,
    /// The sections it is (same as the heading's `names`).
    pub names: SectionSet,
    /// From the heading's start to the section's end (byte range).
    pub span: Range<usize>,
    /// Indexes into [`Outline::lines`] of its content lines (sub-headings excluded,
    /// their content included).
    pub content: Vec<usize>,
    /// Indexes into [`Outline::headings`] of the headings inside it.
    pub subheadings: Vec<usize>,
}

/// A postmortem's outline.
#[derive(Debug, Clone)]
pub struct Outline<'s> {
    /// Every line in document order.
    pub lines: Vec<Line<'s>>,
    /// Every heading in document order.
    pub headings: Vec<Heading>,
    /// Sections naming known sections, in document order.
    pub sections: Vec<Section>,
    /// `heading_at[i]`: the heading that line `i` is, if any (glued headings excluded:
    /// their line is still content).
    pub heading_at: Vec<Option<usize>>,
    /// Indexes of the lines before the first heading that names a known section.
    pub preamble: Vec<usize>,
    /// Byte range of the YAML front matter (`---` … `---` at the top), if any.
    pub front_matter: Option<Range<usize>>,
    /// HTML comments mentioning `pmlint` (suppressions): byte range of the whole
    /// comment and its inner text, trimmed.
    pub comments: Vec<(Range<usize>, String)>,
    /// Every fenced code block, in document order (their text is not read
    /// into [`Outline::lines`]).
    pub code_fences: Vec<CodeFence>,
}

/// A fenced code block (CommonMark 0.31 §4.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeFence {
    /// Byte range from its opening fence to the end of its closing fence (or
    /// of the text, when it is not closed).
    pub span: Range<usize>,
    /// Its opening fence as written: ```` ``` ````, `~~~~`, …
    pub fence: String,
    /// Its opening fence has an info string (```` ```bash ````).
    pub has_info: bool,
    /// It has a closing fence (an unclosed one runs to the end of the text).
    pub closed: bool,
}

impl<'s> Outline<'s> {
    /// Builds the outline of `source` with the sections of `catalogue`.
    pub fn new(source: &'s str, catalogue: &SectionCatalogue) -> Outline<'s> {
        let scanned = lines::scan(source);
        let lines = scanned.lines;
        let mut headings = headings::detect(source, &lines, catalogue);
        headings::untitle(&mut headings, &lines, catalogue);
        headings::unname_timed(&mut headings, &lines);
        headings::unname_section_summaries(&mut headings);
        let mut heading_at = vec![None; lines.len()];
        for (i, h) in headings.iter().enumerate() {
            if h.style != HeadingStyle::Glued {
                heading_at[h.line] = Some(i);
            }
        }
        let phases = catalogue.timeline_phases();
        let sections = headings::sections(source, &lines, &headings, &heading_at, phases);
        let first_named = headings
            .iter()
            .find(|h| !h.names.is_empty())
            .map(|h| h.span.start);
        let preamble = (0..lines.len())
            .filter(|&i| {
                heading_at[i].is_none() && first_named.is_none_or(|s| lines[i].span.start < s)
            })
            .collect();
        Outline {
            lines,
            headings,
            sections,
            heading_at,
            preamble,
            front_matter: scanned.front_matter,
            comments: scanned.comments,
            code_fences: scanned.code_fences,
        }
    }

    /// Sections that are (or include) section `id`, in document order.
    pub fn sections_named(&self, id: usize) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(move |s| s.names.contains(id))
    }

    /// Whether any heading (section or sub-heading) names section `id`.
    pub fn has_heading_for(&self, id: usize) -> bool {
        self.headings.iter().any(|h| h.names.contains(id))
    }

    /// The heading of a section.
    pub fn heading_of(&self, section: &Section) -> &Heading {
        &self.headings[section.heading]
    }
}

/// A readable description of what pmlint sees in a postmortem: a header
/// line, then one line per heading: its line (1-based), level (`-` for a
/// heading inside a paragraph's first line), style, its text as written,
/// the sections it names, and its role (opens a section, with the section's
/// lines; lies inside the section it names; or names no section). Used by
/// `pmlint outline FILE`.
pub fn describe(source: &str, config: &crate::config::Config) -> String {
    let catalogue = SectionCatalogue::new(config);
    let outline = Outline::new(source, &catalogue);
    let index = crate::render::LineIndex::new(source);
    let mut out = String::from(" line  level  style   heading  [sections]  role\n");
    for (i, h) in outline.headings.iter().enumerate() {
        // A custom section may share a known one's name (`Impact`): once.
        let mut names: Vec<&str> = Vec::new();
        for n in h.names.iter() {
            let name = catalogue.defs[n].name.as_str();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let section = outline.sections.iter().find(|s| s.heading == i);
        let role = match section {
            Some(s) => format!(
                "section, lines {}-{}",
                index.position(s.span.start).line,
                index
                    .position(s.span.end.saturating_sub(1).max(s.span.start))
                    .line
            ),
            None if names.is_empty() => "names no section".to_owned(),
            None => "inside the section it names".to_owned(),
        };
        let level = if h.level == PSEUDO_LEVEL {
            "-".to_owned()
        } else {
            h.level.to_string()
        };
        out.push_str(&format!(
            "{:>5}  level {level}  {:<6}  {:?}  [{}]  {role}{}\n",
            index.position(h.span.start).line,
            format!("{:?}", h.style).to_lowercase(),
            // As written; a setext heading's underline left out.
            source
                .get(h.span.clone())
                .and_then(|t| t.lines().next())
                .unwrap_or(&h.text)
                .trim(),
            names.join(", "),
            match (h.in_paragraph, outline.lines[h.line].kind) {
                (false, _) => "",
                (true, LineKind::HtmlAtx { .. }) => "  (inside an HTML block)",
                (true, _) => "  (inside a paragraph)",
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests;
