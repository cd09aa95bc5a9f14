//! The one pass over pulldown-cmark's offset iterator that turns a postmortem
//! into [`Line`]s: every heading, paragraph line, list item, table row,
//! indented-code line and HTML-block line, with its plain text and byte span.
//! Text in fenced code blocks is never read.

use super::normalize::cut_to;
use super::{CodeFence, Line, LineKind};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// What the pass returns: the lines (sorted by start offset) and the YAML
/// front matter's byte range, if the document starts with one.
pub(crate) struct Scanned<'s> {
    pub lines: Vec<Line<'s>>,
    pub front_matter: Option<Range<usize>>,
    /// HTML comments (`<!-- ... -->`) that mention `pmlint`: byte range and inner text.
    pub comments: Vec<(Range<usize>, String)>,
    pub code_fences: Vec<CodeFence>,
}

/// What joins a table row's cells in its [`Line`]'s text (`10:00 | 04:30
/// UTC`): the rules split rows on it.
pub const CELL_SEPARATOR: &str = " | ";

/// The byte range of each cell in a table row's text (cells joined by
/// [`CELL_SEPARATOR`]), in order; a text with no separator is one cell.
pub fn cell_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let mut cells = text.match_indices(CELL_SEPARATOR);
    std::iter::from_fn(move || {
        if start > text.len() {
            return None;
        }
        let cell = match cells.next() {
            Some((at, _)) => start..at,
            None => start..text.len(),
        };
        start = cell.end + CELL_SEPARATOR.len();
        Some(cell)
    })
}

/// The parser options pmlint uses everywhere. YAML front matter is not
/// among them: pulldown-cmark's metadata blocks are found anywhere in a
/// document (pulldown-cmark issue #1000), so a `---` rule followed by text
/// would hide everything down to the next `---`. pmlint finds front matter
/// itself, at the top only ([`front_matter`]), and parses what follows.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The byte range of the YAML front matter at the top of `source`, if any:
/// from its opening `---` line (only blank lines before it) to the end of
/// its closing `---` or `...` line (its trailing spaces included, its line
/// ending excluded). The delimiters are
/// read as pulldown-cmark reads a YAML-style metadata block: exactly three
/// `-` (then only white space) open it, its first line is neither blank nor
/// a closing line, and exactly three `-` or `.` at the start of a line (then
/// only spaces) close it. No closing line: no front matter.
pub fn front_matter(source: &str) -> Option<Range<usize>> {
    let mut lines = source.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    });
    let is_blank = |line: &str| line.bytes().all(|b| b.is_ascii_whitespace());
    let closes = |line: &str| {
        let rest = line
            .strip_prefix("---")
            .or_else(|| line.strip_prefix("..."));
        rest.is_some_and(|r| {
            let r = r.trim_start_matches(' ');
            r.is_empty() || r.starts_with(['\r', '\n'])
        })
    };
    let (start, _) = lines
        .by_ref()
        .find(|(_, l)| !is_blank(l))
        .filter(|(_, l)| {
            l.strip_prefix("---")
                .is_some_and(|r| r.bytes().all(|b| b.is_ascii_whitespace()))
        })?;
    let (_, first) = lines.next()?;
    if is_blank(first) || closes(first) {
        return None;
    }
    let (at, close) = lines.find(|(_, l)| closes(l))?;
    let end = at + close.trim_end_matches(['\r', '\n']).len();
    Some(start..end)
}

/// pulldown-cmark's events for `source` with their byte ranges into it,
/// front matter ([`front_matter`]) skipped.
pub fn events(source: &str) -> impl Iterator<Item = (Event<'_>, Range<usize>)> {
    events_after(source, front_matter(source))
}

/// [`events`] with the front matter already found.
fn events_after(
    source: &str,
    front_matter: Option<Range<usize>>,
) -> impl Iterator<Item = (Event<'_>, Range<usize>)> {
    let body = front_matter.map_or(0, |r| r.end);
    Parser::new_ext(&source[body..], parser_options())
        .into_offset_iter()
        .map(move |(event, range)| (event, range.start + body..range.end + body))
}

/// One piece of inline content: text (with whether it is emphasised), or a
/// line break, or a zero-width position mark that only widens the line's span.
#[derive(Debug)]
enum Piece<'s> {
    Text {
        range: Range<usize>,
        /// Borrowed from the source where pulldown-cmark can (most text).
        text: CowStr<'s>,
        emph: bool,
    },
    Break,
    /// A new paragraph inside a loose list item (a blank line before it).
    ParaBreak,
    Mark(usize),
}

/// Where inline content is being gathered.
#[derive(Debug)]
enum Target {
    Heading { level: u8, range: Range<usize> },
    Paragraph,
    Item { depth: u32, range: Range<usize> },
    Row { header: bool, range: Range<usize> },
}

struct Collector<'s> {
    target: Target,
    pieces: Vec<Piece<'s>>,
}

/// A piece of a line's text, kept until the parse ends: a byte range of the
/// source (most text), or text pulldown-cmark made (entities, escapes).
enum Part {
    Source(Range<usize>),
    Owned(Box<str>),
}

/// One line of a paragraph or item as [`split_lines`] finds it: its span,
/// its range of [`Builder::parts`], whether it is all emphasised, and whether
/// a new paragraph (of a loose list item) starts with it.
type SplitLine = (Range<usize>, Range<usize>, bool, bool);

struct Builder<'s> {
    source: &'s str,
    lines: Vec<Line<'s>>,
    /// The text of paragraph and list-item lines is built once pulldown-cmark's
    /// tree is gone (for a large file the two together would double the
    /// peak memory): `pending` holds each such line's index and its range
    /// of `parts`.
    parts: Vec<Part>,
    pending: Vec<(usize, Range<usize>)>,
    stack: Vec<Collector<'s>>,
    /// Emptied piece buffers of finished collectors, reused by the next ones.
    spare: Vec<Vec<Piece<'s>>>,
    /// [`split_lines`]'s output buffer, reused by each paragraph and item.
    split: Vec<SplitLine>,
    emph_depth: usize,
    image_depth: usize,
    item_depth: u32,
    block_id: u32,
    code: Option<bool>, // Some(true) indented, Some(false) fenced
    html: Option<Range<usize>>,
    front_matter: Option<Range<usize>>,
    comments: Vec<(Range<usize>, String)>,
    code_fences: Vec<CodeFence>,
}

/// A fenced code block's opening fence as written (```` ``` ````,
/// `~~~~`) and whether a closing fence ends it (one that does not runs to
/// the end of the text). `range` is the block's byte range in `source`.
fn fence_of(source: &str, range: Range<usize>) -> (String, bool) {
    let block = source.get(range.clone()).unwrap_or("");
    let first = block.lines().next().unwrap_or("").trim_start();
    let marker = first.chars().next().filter(|c| *c == '`' || *c == '~');
    let fence: String = marker.map_or_else(
        || "```".to_owned(),
        |m| first.chars().take_while(|&c| c == m).collect(),
    );
    // Ending before the end of the text, it was closed.
    if range.end < source.trim_end().len() || marker.is_none() {
        return (fence, true);
    }
    let closed = block.lines().skip(1).any(|l| {
        // As pulldown-cmark reads a closing fence: only spaces around it (a
        // tab before it indents it as code; `\r```` after a line feed and
        // ```` ```\t```` are no closing fences).
        let t = l.trim_end_matches(['\r', ' ']).trim_start_matches(' ');
        t.starts_with(&fence) && t.chars().all(|c| Some(c) == marker)
    });
    (fence, closed)
}

/// Records the `pmlint` comments in `source[range]`.
fn find_comments(source: &str, range: Range<usize>, out: &mut Vec<(Range<usize>, String)>) {
    static COMMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<!--(.*?)-->").expect("valid regex"));
    let Some(slice) = source.get(range.clone()) else {
        return;
    };
    if !slice.contains("pmlint") {
        return;
    }
    for c in COMMENT.captures_iter(slice) {
        let (whole, inner) = (c.get(0).expect("group 0"), c.get(1).expect("group 1"));
        if inner.as_str().contains("pmlint") {
            out.push((
                range.start + whole.start()..range.start + whole.end(),
                inner.as_str().trim().to_owned(),
            ));
        }
    }
}

pub(crate) fn scan(source: &str) -> Scanned<'_> {
    // Postmortems have about one outline line for every two source lines
    // (blank lines, fences and wrapped text): room for that many from the
    // start saves growing the vectors line by line.
    let expected = memchr::memchr_iter(b'\n', source.as_bytes()).count() / 2 + 8;
    let mut b = Builder {
        source,
        lines: Vec::with_capacity(expected),
        parts: Vec::with_capacity(expected),
        pending: Vec::with_capacity(expected),
        stack: Vec::new(),
        spare: Vec::new(),
        split: Vec::new(),
        emph_depth: 0,
        image_depth: 0,
        item_depth: 0,
        block_id: 0,
        code: None,
        html: None,
        front_matter: None,
        comments: Vec::new(),
        code_fences: Vec::new(),
    };
    b.front_matter = front_matter(source);
    for (event, range) in events_after(source, b.front_matter.clone()) {
        b.event(event, range);
    }
    // The parser (and its tree) is gone: build the pending texts.
    for (line, parts) in std::mem::take(&mut b.pending) {
        b.lines[line].text = build_text(source, &b.parts[parts]);
    }
    drop(std::mem::take(&mut b.parts));
    b.lines.sort_by_key(|l| (l.span.start, l.span.end));
    b.comments.sort_by_key(|c| c.0.start);
    b.comments.dedup_by_key(|c| c.0.start);
    Scanned {
        lines: b.lines,
        front_matter: b.front_matter,
        comments: b.comments,
        code_fences: b.code_fences,
    }
}

impl<'s> Builder<'s> {
    fn event(&mut self, event: Event<'s>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => self.text(text, range),
            Event::Code(text) => self.push_text(range, text),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.push_text(range, text),
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = self.stack.last_mut() {
                    c.pieces.push(Piece::Break);
                }
            }
            Event::Html(_) => {
                if let Some(h) = &mut self.html {
                    h.end = h.end.max(range.end);
                }
            }
            Event::InlineHtml(_) => find_comments(self.source, range, &mut self.comments),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) | Event::Rule => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => self.stack.push(Collector {
                target: Target::Heading {
                    level: level as u8,
                    range,
                },
                pieces: self.spare.pop().unwrap_or_default(),
            }),
            Tag::Paragraph => {
                if matches!(
                    self.stack.last(),
                    Some(Collector {
                        target: Target::Item { .. },
                        ..
                    })
                ) {
                    // A paragraph of a loose list item: its text belongs to the item.
                    if let Some(c) = self.stack.last_mut()
                        && !c.pieces.is_empty()
                    {
                        c.pieces.push(Piece::ParaBreak);
                    }
                } else {
                    self.stack.push(Collector {
                        target: Target::Paragraph,
                        pieces: self.spare.pop().unwrap_or_default(),
                    });
                }
            }
            Tag::Item => {
                self.item_depth = self.item_depth.saturating_add(1);
                self.stack.push(Collector {
                    target: Target::Item {
                        depth: self.item_depth,
                        range,
                    },
                    pieces: self.spare.pop().unwrap_or_default(),
                });
            }
            Tag::TableHead | Tag::TableRow => self.stack.push(Collector {
                target: Target::Row {
                    header: matches!(tag, Tag::TableHead),
                    range,
                },
                pieces: self.spare.pop().unwrap_or_default(),
            }),
            Tag::TableCell => {
                if let Some(c) = self.stack.last_mut()
                    && c.pieces.iter().any(|p| matches!(p, Piece::Text { .. }))
                {
                    c.pieces.push(Piece::Text {
                        range: range.start..range.start,
                        text: CELL_SEPARATOR.into(),
                        emph: false,
                    });
                }
            }
            Tag::Emphasis | Tag::Strong => {
                self.emph_depth += 1;
                self.mark(range.start);
            }
            Tag::Image { .. } => self.image_depth += 1,
            Tag::CodeBlock(kind) => {
                let indented = matches!(kind, CodeBlockKind::Indented);
                self.code = Some(indented);
                self.block_id = self.block_id.wrapping_add(1);
                if let CodeBlockKind::Fenced(info) = kind {
                    let (fence, closed) = fence_of(self.source, range.clone());
                    self.code_fences.push(CodeFence {
                        span: range,
                        fence,
                        has_info: !info.trim().is_empty(),
                        closed,
                    });
                }
            }
            Tag::HtmlBlock => self.html = Some(range),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_) | TagEnd::TableHead | TagEnd::TableRow => self.finish(),
            TagEnd::Paragraph => {
                if matches!(
                    self.stack.last(),
                    Some(Collector {
                        target: Target::Paragraph,
                        ..
                    })
                ) {
                    self.finish();
                }
            }
            TagEnd::Item => {
                self.finish();
                self.item_depth = self.item_depth.saturating_sub(1);
            }
            TagEnd::Emphasis | TagEnd::Strong => {
                self.emph_depth = self.emph_depth.saturating_sub(1);
                self.mark(range.end);
            }
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            TagEnd::CodeBlock => self.code = None,
            TagEnd::HtmlBlock => {
                if let Some(r) = self.html.take() {
                    self.html_block(r);
                }
            }
            _ => {}
        }
    }

    fn mark(&mut self, at: usize) {
        if let Some(c) = self.stack.last_mut() {
            c.pieces.push(Piece::Mark(at));
        }
    }

    fn text(&mut self, text: CowStr<'s>, range: Range<usize>) {
        match self.code {
            Some(true) => self.code_text(range),
            Some(false) => {}
            None => {
                if self.html.is_some() {
                    return;
                }
                self.push_text(range, text);
            }
        }
    }

    fn push_text(&mut self, range: Range<usize>, text: CowStr<'s>) {
        if self.image_depth > 0 {
            return;
        }
        let emph = self.emph_depth > 0;
        if let Some(c) = self.stack.last_mut() {
            c.pieces.push(Piece::Text { range, text, emph });
        }
    }

    /// One text event of an indented code block: each source line becomes a
    /// [`LineKind::Code`] line; blank lines start a new block.
    fn code_text(&mut self, range: Range<usize>) {
        let Some(slice) = self.source.get(range.clone()) else {
            return;
        };
        let mut offset = range.start;
        for raw in slice.split_inclusive('\n') {
            let content = raw.trim_end_matches(['\n', '\r']);
            let rest = content.trim_start();
            let trimmed_start = content.len() - rest.len();
            let text = rest.trim_end();
            if text.is_empty() {
                self.block_id = self.block_id.wrapping_add(1);
            } else {
                let start = offset + trimmed_start;
                let first = !self
                    .lines
                    .last()
                    .is_some_and(|l| l.block == self.block_id && l.kind == LineKind::Code);
                self.lines.push(Line {
                    kind: LineKind::Code,
                    span: start..start + text.len(),
                    text: text.into(),
                    emphasized: raw_is_emphasized(text),
                    block: self.block_id,
                    first_in_block: first,
                });
            }
            offset += raw.len();
        }
    }

    /// Ends the innermost collector and turns its pieces into lines.
    fn finish(&mut self) {
        let Some(c) = self.stack.pop() else { return };
        self.block_id = self.block_id.wrapping_add(1);
        let block = self.block_id;
        match c.target {
            Target::Paragraph => {
                let mut first = true;
                let mut split = std::mem::take(&mut self.split);
                split_lines(self.source, &c.pieces, &mut self.parts, &mut split);
                for (span, parts, emphasized, _) in split.drain(..) {
                    self.pending.push((self.lines.len(), parts));
                    self.lines.push(Line {
                        kind: LineKind::Paragraph,
                        span,
                        text: Cow::Borrowed(""),
                        emphasized,
                        block,
                        first_in_block: first,
                    });
                    first = false;
                }
                self.split = split;
            }
            Target::Heading { level, range } => {
                let text = joined_text(&c.pieces);
                let setext = !self.source[range.clone()].trim_start().starts_with('#');
                let span = trim_span(self.source, range);
                self.lines.push(Line {
                    kind: LineKind::Heading { level, setext },
                    span,
                    text,
                    emphasized: false,
                    block,
                    first_in_block: true,
                });
            }
            Target::Item { depth, range } => {
                // The item's first line is the list item; later lines (lazy
                // continuation lines, further paragraphs) are paragraph lines
                // of the item, so a heading-like line there is read as in a paragraph.
                let mut first = true;
                let mut split = std::mem::take(&mut self.split);
                split_lines(self.source, &c.pieces, &mut self.parts, &mut split);
                for (span, parts, emphasized, new_para) in split.drain(..) {
                    let kind = if first {
                        LineKind::ListItem { depth }
                    } else {
                        LineKind::Paragraph
                    };
                    let span = if first && span.start > range.start && !new_para {
                        range.start..span.end
                    } else {
                        span
                    };
                    self.pending.push((self.lines.len(), parts));
                    self.lines.push(Line {
                        kind,
                        span,
                        text: Cow::Borrowed(""),
                        emphasized: emphasized && !first,
                        block,
                        first_in_block: first || new_para,
                    });
                    first = false;
                }
                self.split = split;
                if first {
                    // An empty item (`-` alone): still an item.
                    self.lines.push(Line {
                        kind: LineKind::ListItem { depth },
                        span: trim_span(self.source, range.start..range.start + 1),
                        text: Cow::Borrowed(""),
                        emphasized: false,
                        block,
                        first_in_block: true,
                    });
                }
            }
            Target::Row { header, range } => {
                let text = joined_text(&c.pieces);
                self.lines.push(Line {
                    kind: LineKind::TableRow { header },
                    span: trim_span(self.source, range),
                    text,
                    emphasized: false,
                    block,
                    first_in_block: true,
                });
            }
        }
        let mut pieces = c.pieces;
        pieces.clear();
        self.spare.push(pieces);
    }

    /// An HTML block: `<hN>` headings, a block of only `<strong>`/`<b>` text,
    /// and the text of other elements (as [`LineKind::Html`] lines).
    fn html_block(&mut self, range: Range<usize>) {
        static HEADING: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?is)<h([1-6])\b[^>]*>(.*?)</h[1-6]\s*>").expect("valid regex")
        });
        static STRONG: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?is)<(?:strong|b)\b[^>]*>(.*?)</(?:strong|b)\s*>").expect("valid regex")
        });
        find_comments(self.source, range.clone(), &mut self.comments);
        let Some(html) = self.source.get(range.clone()) else {
            return;
        };
        let ends_at_blank_line = ends_at_blank_line(html);
        // Commented-out HTML is not content: no headings, no text.
        let html = &*mask_comments(html);
        self.block_id = self.block_id.wrapping_add(1);
        let block = self.block_id;
        // A block whose only text is one `<strong>`/`<b>` element (wrappers such
        // as `<p>` or `<div>` allowed) is a bold heading.
        let strong_only = STRONG.captures(html).filter(|m| {
            let inner = strip_tags(&m[1]);
            let all = strip_tags(html);
            !inner.trim().is_empty() && words(&inner) == words(&all)
        });
        if let Some(m) = strong_only {
            let inner = m.get(1).expect("group");
            self.lines.push(Line {
                kind: LineKind::HtmlStrong,
                span: trim_span(
                    self.source,
                    range.start + inner.start()..range.start + inner.end(),
                ),
                text: Cow::Owned(cut_to(strip_tags(inner.as_str()), str::trim)),
                emphasized: true,
                block,
                first_in_block: true,
            });
            return;
        }
        let mut covered: Vec<Range<usize>> = Vec::new();
        for m in HEADING.captures_iter(html) {
            let whole = m.get(0).expect("group");
            let inner = m.get(2).expect("group");
            let level = m[1].parse::<u8>().unwrap_or(1);
            covered.push(whole.range());
            self.lines.push(Line {
                kind: LineKind::HtmlHeading { level },
                span: trim_span(
                    self.source,
                    range.start + whole.start()..range.start + whole.end(),
                ),
                text: Cow::Owned(cut_to(strip_tags(inner.as_str()), str::trim)),
                emphasized: false,
                block,
                first_in_block: true,
            });
        }
        // Other text, line by line, for the rules that read content. In a
        // block that only a blank line ends, a line such as `## Root Cause`
        // was meant as a heading ([`LineKind::HtmlAtx`]).
        let mut offset = 0;
        for raw in html.split_inclusive('\n') {
            let line_range = offset..offset + raw.len();
            offset += raw.len();
            if covered
                .iter()
                .any(|c| c.start < line_range.end && line_range.start < c.end)
            {
                continue;
            }
            let text = cut_to(strip_tags(raw), str::trim);
            if text.is_empty() {
                continue;
            }
            let lead = raw.len() - raw.trim_start().len();
            let start = range.start + line_range.start + lead;
            let end = range.start + line_range.start + raw.trim_end().len();
            let kind = match atx_level(raw) {
                Some(level) if ends_at_blank_line => LineKind::HtmlAtx { level },
                _ => LineKind::Html,
            };
            self.lines.push(Line {
                kind,
                span: start..end.max(start),
                text: Cow::Owned(text),
                emphasized: false,
                block,
                first_in_block: false,
            });
        }
    }
}

/// Whether an HTML block ends only at a blank line: it starts with a tag
/// (CommonMark 0.31 §4.6, kinds 6 and 7), not with `<pre`, `<script`,
/// `<style` or `<textarea` (kind 1, which runs to the matching end tag), nor
/// with `<!` or `<?` (kinds 2 to 5: comments, declarations, processing
/// instructions, CDATA). `html` is the block's text.
fn ends_at_blank_line(html: &str) -> bool {
    let start = html.trim_start();
    let Some(rest) = start.strip_prefix('<') else {
        return false;
    };
    if rest.starts_with(['!', '?']) {
        return false;
    }
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    !matches!(name.as_str(), "pre" | "script" | "style" | "textarea")
}

/// The level of a line written as an ATX heading (CommonMark 0.31 §4.2): up
/// to three spaces, 1 to 6 `#`s, then a space, a tab or the line's end.
pub(crate) fn atx_level(raw: &str) -> Option<u8> {
    let text = raw.trim_start_matches(' ');
    if raw.len() - text.len() > 3 {
        return None;
    }
    let hashes = text.bytes().take_while(|&b| b == b'#').count();
    let after = text.as_bytes().get(hashes);
    ((1..=6).contains(&hashes) && after.is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')))
        .then_some(hashes as u8)
}

/// `html` with every comment (`<!-- ... -->`, or `<!--` to the end when it is
/// not closed) blanked out: each of its bytes becomes a space, so byte
/// offsets stay those of the source (and the text stays UTF-8).
pub(crate) fn mask_comments(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains("<!--") {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    while let Some(start) = html[from..].find("<!--").map(|i| from + i) {
        let end = html[start + 4..]
            .find("-->")
            .map_or(html.len(), |i| start + 4 + i + 3);
        out.push_str(&html[from..start]);
        out.extend(std::iter::repeat_n(' ', end - start));
        from = end;
    }
    out.push_str(&html[from..]);
    std::borrow::Cow::Owned(out)
}

/// The words of a text, for comparing two texts whatever their spacing.
fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Removes HTML tags (each `<` up to the next `>`, as `(?s)<[^>]*>` finds
/// them, becomes one space) and decodes the few entities people write in
/// headings (`&amp;` first, then `&nbsp;`, `&lt;`, `&gt;`).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // A `<` with no `>` after it is text, and so is every later one.
    while let Some(lt) = memchr::memchr(b'<', rest.as_bytes())
        && let Some(gt) = memchr::memchr(b'>', &rest.as_bytes()[lt..])
    {
        out.push_str(&rest[..lt]);
        out.push(' ');
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    if !out.contains('&') {
        return out;
    }
    out.replace("&amp;", "&")
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Whether a raw line (from an indented code block) is wholly bold or italic.
fn raw_is_emphasized(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_suffix(':').unwrap_or(t);
    (t.len() > 4 && t.starts_with("**") && t.ends_with("**"))
        || (t.len() > 4 && t.starts_with("__") && t.ends_with("__"))
}

/// The text of all pieces, breaks read as spaces, trimmed: borrowed from
/// the source when it is one piece pulldown-cmark borrowed (breaks and
/// marks around one piece are trimmed away or add nothing).
fn joined_text<'s>(pieces: &[Piece<'s>]) -> Cow<'s, str> {
    let mut texts = pieces.iter().filter_map(|p| match p {
        Piece::Text { text, .. } => Some(text),
        _ => None,
    });
    if let (Some(CowStr::Borrowed(only)), None) = (texts.next(), texts.next()) {
        return Cow::Borrowed(only.trim());
    }
    // Sized at once: each piece adds its text or one space.
    let size = pieces
        .iter()
        .map(|p| match p {
            Piece::Text { text, .. } => text.len(),
            _ => 1,
        })
        .sum();
    let mut out = String::with_capacity(size);
    for p in pieces {
        match p {
            Piece::Text { text, .. } => out.push_str(text),
            Piece::Break | Piece::ParaBreak => out.push(' '),
            Piece::Mark(_) => {}
        }
    }
    Cow::Owned(cut_to(out, str::trim))
}

/// Splits a paragraph's pieces at its line breaks: (span, range of the
/// line's text parts in `parts`, emphasised, starts a new paragraph) for
/// each non-empty line, written into `out` (emptied first). The parts are
/// pushed onto `parts`.
fn split_lines(source: &str, pieces: &[Piece], parts: &mut Vec<Part>, out: &mut Vec<SplitLine>) {
    struct Current {
        first_part: usize,
        start: usize,
        end: usize,
        all_emph: bool,
        any_text: bool,
        new_para: bool,
    }
    impl Current {
        fn new(first_part: usize, new_para: bool) -> Self {
            Current {
                first_part,
                start: usize::MAX,
                end: 0,
                all_emph: true,
                any_text: false,
                new_para,
            }
        }
    }
    type Out = Vec<SplitLine>;
    out.clear();
    let mut cur = Current::new(parts.len(), false);
    let flush = |cur: &mut Current, out: &mut Out, parts: &mut Vec<Part>, new_para: bool| {
        if cur.any_text && cur.start < cur.end {
            let span = trim_span(source, cur.start..cur.end);
            out.push((
                span,
                cur.first_part..parts.len(),
                cur.all_emph,
                cur.new_para,
            ));
            *cur = Current::new(parts.len(), new_para);
        } else {
            // An empty line (e.g. only an image): keep the paragraph flag.
            parts.truncate(cur.first_part);
            let keep = cur.new_para || new_para;
            *cur = Current::new(parts.len(), keep);
        }
    };
    for p in pieces {
        match p {
            Piece::Text {
                range,
                text: t,
                emph,
            } => {
                push_part(source, t, cur.first_part, parts);
                cur.start = cur.start.min(range.start);
                cur.end = cur.end.max(range.end);
                // Any char but white space (the first, in most pieces).
                if t.contains(|c: char| !c.is_whitespace()) {
                    cur.any_text = true;
                }
                // Punctuation or stray markers outside the emphasis (`**Timeline**:`,
                // `*Timeline:***`) do not make a line less emphasised.
                if t.chars().any(char::is_alphanumeric) {
                    cur.all_emph &= *emph;
                }
            }
            Piece::Mark(at) => {
                // A mark opening or closing emphasis widens the current line,
                // unless it sits on a later source line (the next piece's).
                if cur.start == usize::MAX {
                    cur.start = *at;
                } else if *at >= cur.end {
                    if !source.get(cur.end..*at).is_some_and(|s| s.contains('\n')) {
                        cur.end = *at;
                    }
                } else {
                    cur.start = cur.start.min(*at);
                }
            }
            Piece::Break => flush(&mut cur, out, parts, false),
            Piece::ParaBreak => flush(&mut cur, out, parts, true),
        }
    }
    flush(&mut cur, out, parts, false);
}

/// Appends `text` to the current line's parts (those from `first_part` on):
/// as a source range when pulldown-cmark borrowed it from `source`, merged
/// with the part before when the two are adjacent in the source; otherwise
/// as owned text.
fn push_part(source: &str, text: &CowStr, first_part: usize, parts: &mut Vec<Part>) {
    if let CowStr::Borrowed(slice) = text {
        let start = (slice.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
        if start <= source.len() && slice.len() <= source.len() - start {
            let range = start..start + slice.len();
            if parts.len() > first_part
                && let Some(Part::Source(last)) = parts.last_mut()
                && last.end == range.start
            {
                last.end = range.end;
            } else {
                parts.push(Part::Source(range));
            }
            return;
        }
    }
    parts.push(Part::Owned(text.as_ref().into()));
}

/// A line's text from its parts, white space trimmed at both ends.
fn build_text<'s>(source: &'s str, parts: &[Part]) -> Cow<'s, str> {
    fn piece<'a>(source: &'a str, p: &'a Part) -> &'a str {
        match p {
            Part::Source(range) => source.get(range.clone()).unwrap_or(""),
            Part::Owned(text) => text,
        }
    }
    let piece = |p| piece(source, p);
    if let [only] = parts {
        return match only {
            Part::Source(range) => Cow::Borrowed(source.get(range.clone()).unwrap_or("").trim()),
            Part::Owned(text) => Cow::Owned(text.trim().to_owned()),
        };
    }
    let mut text = String::with_capacity(parts.iter().map(|p| piece(p).len()).sum());
    for p in parts {
        text.push_str(piece(p));
    }
    Cow::Owned(cut_to(text, str::trim))
}

/// Shrinks a byte range to exclude leading and trailing white space (and a
/// trailing `\r`), staying on char boundaries.
fn trim_span(source: &str, range: Range<usize>) -> Range<usize> {
    let Some(slice) = source.get(range.clone()) else {
        return range;
    };
    let rest = slice.trim_start();
    let start = range.end - rest.len();
    start..start + rest.trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`strip_tags`] as it was specified: a regex for the tags, then the entities.
    fn strip_tags_by_regex(html: &str) -> String {
        static TAG: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").expect("valid regex"));
        TAG.replace_all(html, " ")
            .replace("&amp;", "&")
            .replace("&nbsp;", " ")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
    }

    #[test]
    fn strip_tags_is_its_regex() {
        const TOKENS: &[&str] = &[
            "<",
            ">",
            "<b>",
            "</b>",
            "<h2 id=\"x\">",
            "&",
            "&amp;",
            "amp;",
            "&nbsp;",
            "&lt;",
            "&gt;",
            "&amp;lt;",
            "Root",
            "Cause",
            "é",
            "’",
            "\n",
            "<!--",
            "-->",
            "a<b",
        ];
        let texts = crate::rules::util::token_texts(0x5eed_7a95, TOKENS, 12, 20_000);
        let mut changed = 0;
        for text in texts {
            let expected = strip_tags_by_regex(&text);
            changed += usize::from(expected != text);
            assert_eq!(strip_tags(&text), expected, "{text:?}");
        }
        assert!(
            changed > 10_000,
            "only {changed} texts had a tag or an entity"
        );
    }
}
