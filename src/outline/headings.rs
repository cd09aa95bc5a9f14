//! Which lines are section headings, and where each section ends.

use super::normalize::{
    ends_in_function_word, ends_like_sentence, ends_with_colon, is_field, is_question,
    is_title_or_caps, normalize_heading, outside_parens, surely_more_words, word_count,
};
use super::{Heading, HeadingStyle, Line, LineKind, PSEUDO_LEVEL, Section};
use crate::sections::{SectionCatalogue, SectionSet, ids};
use crate::time::matcher::{self, Class, Grammar, Node, lit, opt};
use std::sync::LazyLock;

/// Most words a bold or plain heading may have.
const MAX_WORDS: usize = 8;

/// Most words a `#`, setext or HTML heading may have and still name a
/// section: a longer one is a sentence written as a heading (`#### This
/// postmortem outlines the cause and ...`); it still ends sections.
const MAX_HEADING_WORDS: usize = 12;

/// The sections a `#`, setext or HTML heading names: none when it is longer
/// than [`MAX_HEADING_WORDS`], unless it starts with a short label and a
/// colon (`## Root Cause: the disk filled up because ...`): then its label's.
fn names_if_short(catalogue: &SectionCatalogue, text: &str) -> crate::sections::SectionSet {
    if word_count(text) <= MAX_HEADING_WORDS {
        return catalogue.named_by(text);
    }
    match text.split_once(':') {
        Some((label, _)) if word_count(label) <= MAX_WORDS => catalogue.named_by(label),
        _ => crate::sections::SectionSet::EMPTY,
    }
}

/// Finds every heading among the lines, in document order.
pub(super) fn detect(source: &str, lines: &[Line], catalogue: &SectionCatalogue) -> Vec<Heading> {
    // Room for a typical postmortem's headings at once (it grows past that).
    let mut out = Vec::with_capacity(16);
    for (i, line) in lines.iter().enumerate() {
        match line.kind {
            LineKind::Heading { level, setext } => {
                let text = normalize_heading(&line.text);
                out.push(Heading {
                    line: i,
                    span: line.span.clone(),
                    names: names_if_short(catalogue, &text),
                    text,
                    level,
                    style: if setext {
                        HeadingStyle::Setext
                    } else {
                        HeadingStyle::Atx
                    },
                    in_paragraph: false,
                });
            }
            LineKind::HtmlHeading { level } => {
                let text = normalize_heading(&line.text);
                out.push(Heading {
                    line: i,
                    span: line.span.clone(),
                    names: names_if_short(catalogue, &text),
                    text,
                    level,
                    style: HeadingStyle::Html,
                    in_paragraph: false,
                });
            }
            LineKind::HtmlStrong => {
                let text = normalize_heading(&line.text);
                if word_count(&text) <= MAX_WORDS && !ends_like_sentence(&line.text) {
                    out.push(Heading {
                        line: i,
                        span: line.span.clone(),
                        names: catalogue.named_by(&text),
                        text,
                        level: PSEUDO_LEVEL,
                        style: HeadingStyle::Bold,
                        in_paragraph: false,
                    });
                }
            }
            LineKind::Paragraph | LineKind::Code => {
                // Glued first: `It was a miracle!"Root Cause` is short enough to pass
                // for a plain heading, but its title is glued to a sentence.
                let glued = (!line.emphasized)
                    .then(|| glued_heading(source, i, line, catalogue))
                    .flatten();
                if let Some(h) = glued.or_else(|| {
                    // The first text under a heading is its prompt when it
                    // is a question (`### Timeline` then `What was the
                    // exact timeline?`), not a heading of its own.
                    let under_heading = out.last().is_some_and(|h: &Heading| h.line + 1 == i);
                    pseudo_heading(i, line, lines.get(i + 1), under_heading, catalogue)
                }) {
                    out.push(h);
                }
            }
            LineKind::ListItem { .. } => {
                if let Some(h) = glued_heading(source, i, line, catalogue) {
                    out.push(h);
                }
            }
            LineKind::HtmlAtx { level } => {
                // Only one that names a section: `# step 1` in an HTML block
                // neither opens nor ends a section.
                let text = normalize_heading(atx_content(&line.text));
                let names = names_if_short(catalogue, &text);
                if !names.is_empty() {
                    out.push(Heading {
                        line: i,
                        span: line.span.clone(),
                        names,
                        text,
                        level,
                        style: HeadingStyle::Atx,
                        in_paragraph: true,
                    });
                }
            }
            LineKind::Html | LineKind::TableRow { .. } => {}
        }
    }
    out
}

/// Clears the sections a postmortem's title names: the first heading, a
/// `#` or setext heading of level 1 and the only one, followed by a heading
/// of a deeper level, and reading as a title: words on both sides of a
/// colon or dash, or at least five words. A title such as `# RCA: checkout
/// outage on 2024-03-05` or `# Root Cause Analysis – checkout outage` names
/// the document, not its Root Cause section: that is looked for among the
/// headings under it. `# Issue Summary` over `## Duration` and `## Impact`
/// stays the summary. Text between the title and the next heading is the
/// preamble when every section the title names is named again by a later
/// heading, or when the title starts with a word for the document before
/// its colon or dash ([`DOCUMENT_WORDS`]: `Start: 10:00 UTC` under `#
/// Postmortem: DNS resolution failures`, `# Postmortem: Recovery from the
/// database failure`) and its words after the colon or dash do not start
/// with a keyword (in `catalogue`) of a required section it names, or when
/// it holds only fields ([`is_detail_field`]) and the title names only
/// optional sections (`Start: 10:00 UTC` under `# DNS resolution failures
/// in the build farm`); otherwise it is the content
/// of the section the title names (`# Summary of the checkout outage`, `#
/// Postmortem: Summary: checkout outage` or `# Lessons learned from the
/// outage` over a paragraph, then `## Timeline`).
pub(super) fn untitle(headings: &mut [Heading], lines: &[Line], catalogue: &SectionCatalogue) {
    let titled_level_1 = |h: &Heading| h.style.is_titled() && h.level == 1;
    let Some((title, rest)) = headings.split_first_mut() else {
        return;
    };
    let Some(next) = rest.first() else {
        return;
    };
    if !titled_level_1(title) || title.names.is_empty() || next.level <= 1 {
        return;
    }
    let text = lines.get(title.line).map_or("", |l| l.text.as_ref());
    // The words before the title's first colon or dash with words on both
    // sides of it, if any.
    let split = [": ", " – ", " — ", " - "]
        .iter()
        .filter_map(|sep| {
            text.split_once(sep)
                .filter(|(a, b)| word_count(a) > 0 && word_count(b) > 0)
        })
        .min_by_key(|(before, _)| before.len());
    let reads_as_title = split.is_some() || word_count(&title.text) >= 5;
    // Whether section `id` is one a rule requires (it has a missing code).
    let required = |id: usize| {
        catalogue
            .defs
            .get(id)
            .is_some_and(|d| d.missing_code.is_some())
    };
    // Whether `words` start with a keyword of a required section the title
    // names (`Summary of the outage`, `Summary: checkout`).
    let starts_required = |words: &str| {
        let words = normalize_heading(words);
        title.names.iter().filter(|&id| required(id)).any(|id| {
            catalogue.defs.get(id).is_some_and(|d| {
                d.keywords.iter().any(|k| {
                    words
                        .strip_prefix(k.as_str())
                        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
                })
            })
        })
    };
    // Whether what stands between the title and the next heading may be
    // the preamble rather than the content of a section the title names.
    let preamble_between = || {
        // (None when the next heading shares the title's line.)
        let Some(between) = lines.get(title.line + 1..next.line) else {
            return false;
        };
        let blank = between.iter().all(|l| l.text.trim().is_empty());
        // `Postmortem: DNS resolution failures` calls the document by name;
        // `Postmortem: Summary of the outage` starts a section it names.
        let document = split.is_some_and(|(before, after)| {
            DOCUMENT_WORDS.contains(&normalize_heading(before).as_str()) && !starts_required(after)
        });
        // Only fields under a title naming only optional sections
        // (`**Date:** 2024-03-05`, `Duration: 45 minutes` under `# DNS
        // resolution failures in the build farm`): the document's details.
        // Under a required section's name (`# Checkout outage summary`,
        // `# Checkout outage and its root cause`) they may be its content.
        let details = || {
            !title.names.iter().any(required)
                && between
                    .iter()
                    .all(|l| l.text.trim().is_empty() || is_detail_field(&l.text))
        };
        blank
            || document
            || title
                .names
                .iter()
                .all(|id| rest.iter().any(|h| h.names.contains(id)))
            || details()
    };
    let is_title = reads_as_title
        && next.style.is_titled()
        && !rest.iter().any(titled_level_1)
        && preamble_between();
    if is_title {
        title.names = crate::sections::SectionSet::EMPTY;
    }
}

/// Whether a line is a field of a document's details: an optional bullet
/// and emphasis, a label of one to three words of letters, a colon, and a
/// value (`**Date:** 2024-03-05`, `- Duration: 45 minutes`, `Status:
/// resolved`).
fn is_detail_field(text: &str) -> bool {
    let t = text.trim_start();
    let t = t
        .strip_prefix(['-', '*', '+'])
        .filter(|rest| rest.starts_with([' ', '\t']))
        .unwrap_or(t);
    let t = t.trim_start().trim_start_matches(['*', '_']);
    let Some((label, value)) = t.split_once(':') else {
        return false;
    };
    let label = label.trim_end_matches(['*', '_']).trim();
    let value = value.trim_start_matches(['*', '_']).trim();
    let words = label.split_whitespace().count();
    (1..=3).contains(&words)
        && label.len() <= 30
        && label.chars().all(|c| c.is_alphabetic() || c == ' ')
        && !value.is_empty()
}

/// What a title may call the document before its colon or dash, normalised
/// ([`normalize_heading`]): `# Postmortem: …`, `# Incident report – …`.
/// None names a section.
const DOCUMENT_WORDS: &[&str] = &[
    "postmortem",
    "post-mortem",
    "post mortem",
    "incident",
    "incident report",
    "incident postmortem",
    "outage",
    "outage report",
    "post-incident review",
    "post incident review",
    "pir",
];

/// Whether a line is a label, a spaced dash (`-`, `–` or `—`) and text after
/// it (`Shared infrastructure – flag service overloads hit the app`).
/// One pass over the spaces (most lines have no dash after one).
fn is_dash_field(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b' ', bytes).any(|i| {
        let dash_len = match bytes.get(i + 1..) {
            Some([b'-', ..]) => 1,
            // `–` (U+2013) and `—` (U+2014).
            Some([0xE2, 0x80, 0x93 | 0x94, ..]) => 3,
            _ => return false,
        };
        let after = i + 1 + dash_len;
        bytes.get(after) == Some(&b' ')
            && !text[..i].trim().is_empty()
            && !text[after..].trim().is_empty()
    })
}

/// The content of a line written as an ATX heading: its opening `#`s and
/// an optional closing run of `#`s (after a space) removed (CommonMark 0.31 §4.2).
fn atx_content(text: &str) -> &str {
    let inner = text.trim_start_matches('#').trim();
    let closed = inner.trim_end_matches('#');
    if closed.is_empty() || closed.ends_with([' ', '\t']) {
        closed.trim_end()
    } else {
        inner
    }
}

/// Whether a line ends in a closing parenthesis, before a colon and emphasis
/// (`Timeline (all times UTC):`, `**Timeline (UTC)**`).
fn ends_in_parenthesis(text: &str) -> bool {
    text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`' | ':' | '：'))
        .ends_with(')')
}

/// A bold line (rule 2) or a plain line (rule 3) that is a heading. `next`
/// is the line after it, if any; `under_heading`: the line before it is a
/// heading.
///
/// A plain question (`What was the root cause?`) is a heading only when it is a
/// paragraph of its own, not the first text under a heading, names a
/// section and has at most [`MAX_HEADING_WORDS`] words: the question-and-
/// answer layout of a postmortem, not a question asked in prose. Words in
/// parentheses at the end (`Timeline (all times in West Africa Time on 12
/// August):`) are not counted.
fn pseudo_heading(
    i: usize,
    line: &Line,
    next: Option<&Line>,
    under_heading: bool,
    catalogue: &SectionCatalogue,
) -> Option<Heading> {
    let question = is_question(&line.text);
    let max_words = if question {
        // A bold question is a FAQ's (`**Does this change impact
        // security?**` and its answer), not a section's heading.
        let alone = line.first_in_block && next.is_none_or(|n| n.block != line.block);
        if line.emphasized || !alone || under_heading {
            return None;
        }
        MAX_HEADING_WORDS
    } else if ends_like_sentence(&line.text) {
        // Most paragraph lines are sentences: ending like one (checked at
        // the end of the line, the cheapest test) or far too long to be
        // headings.
        return None;
    } else {
        MAX_WORDS
    };
    // Too long, unless the words of a closing parenthesis make it so
    // (`Timeline (all in West Africa Time on the 12th of August 2023):`,
    // counted below, once the cheaper tests have passed).
    let long = surely_more_words(&line.text, max_words);
    if long && memchr::memchr(b'(', line.text.as_bytes()).is_none() {
        return None;
    }
    // A line wholly in parentheses is an aside or a template's hint
    // (`*(Describe what went well)*`), not a heading.
    let bare = line.text.trim();
    if bare.starts_with('(') && bare.ends_with(')') {
        return None;
    }
    // A dotted name alone on its line (`MetricsReport.Summary`,
    // `**UploadJob.Timeline**`) is code written in prose, not a title.
    if is_dotted_name(bare) {
        return None;
    }
    // A plain line inside a paragraph needs a colon, title case, or (a
    // short line naming a section: `Root cause` between two paragraphs'
    // lines) a capital and at most three words: checked before
    // normalising, which costs more.
    let plain = || {
        line.first_in_block
            || ends_with_colon(&line.text)
            || (line.text.starts_with(|c: char| c.is_uppercase())
                && !surely_more_words(&line.text, 3))
            || is_title_or_caps(&line.text)
    };
    if !line.emphasized && !plain() {
        return None;
    }
    if long
        && (!ends_in_parenthesis(&line.text)
            || surely_more_words(&outside_parens(&line.text), max_words))
    {
        return None;
    }
    let text = normalize_heading(&line.text);
    let words = word_count(&text);
    // Over the limit only with its words in parentheses: named by the rest
    // (`Actions taken (what was assumed about the root cause)` names nothing).
    let outside = (words > max_words && text.contains('(')).then(|| outside_parens(&text));
    let words = outside.as_deref().map_or(words, word_count);
    if words == 0 || words > max_words {
        return None;
    }
    let names = catalogue.named_by(outside.as_deref().unwrap_or(&text));
    let heading = |style| Heading {
        line: i,
        span: line.span.clone(),
        text: text.clone(),
        level: PSEUDO_LEVEL,
        style,
        names,
        in_paragraph: !line.first_in_block,
    };
    if question && names.is_empty() {
        return None;
    }
    if line.emphasized {
        return Some(heading(HeadingStyle::Bold));
    }
    // A field, by a colon (`Root Cause: the disk filled up`) or a spaced
    // dash (`**Configuration rigidity** – hardcoded values delayed the
    // remediation`): a label and its text, not a heading.
    if names.is_empty() || is_field(&text) || is_dash_field(&line.text) {
        return None;
    }
    // A sentence that leads into what follows (`Our recommendations are
    // to:`), not a title: it ends in a word a title does not end in.
    if ends_in_function_word(&text) {
        return None;
    }
    // Not emphasised: `plain()` held above. A line that is a heading only for
    // standing first in its paragraph (no colon, not title case or capitals)
    // must head something: a line of text after it, not a `#`, setext or
    // HTML heading or the end (`Complete, action items in progress` as
    // the whole of a `## Status` section is a status, not a heading).
    let heads_something = || {
        next.is_some_and(|n| {
            !matches!(
                n.kind,
                LineKind::Heading { .. } | LineKind::HtmlHeading { .. } | LineKind::HtmlAtx { .. }
            )
        })
    };
    if !ends_with_colon(&line.text) && !is_title_or_caps(&line.text) && !heads_something() {
        return None;
    }
    Some(heading(HeadingStyle::Plain))
}

/// Whether `text` (what stands before a glued title, its `.` included) is
/// only a heading's numbering: digits and dots (`3.`, `1.2.`), a Roman
/// numeral (`III.`), one letter (`A.`), any of these closed by `)`, or
/// `Section`, `Part`, `Step` or `Chapter` and one of them (`Section 3.`).
fn is_numbering(text: &str) -> bool {
    let text = text
        .trim_end_matches(['.', '!', '?'])
        .trim_end_matches(')')
        .trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '*' | '_' | '-' | '#' | '(')
        });
    let number = |w: &str| {
        !w.is_empty()
            && (w.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                || (w.len() <= 5 && w.bytes().all(|b| b"IVXLC".contains(&b)))
                || (w.len() == 1 && w.bytes().all(|b| b.is_ascii_alphabetic())))
    };
    match text.split_once(' ') {
        None => number(text),
        Some((word, rest)) => {
            ["section", "part", "step", "chapter"]
                .iter()
                .any(|w| word.eq_ignore_ascii_case(w))
                && number(rest.trim())
        }
    }
}

/// Whether `text` is one word (no white space) with a `.` between two
/// letters: a dotted name from code (`MetricsReport.Summary`).
fn is_dotted_name(text: &str) -> bool {
    let bytes = text.as_bytes();
    !text.contains(char::is_whitespace)
        && memchr::memchr_iter(b'.', bytes).any(|i| {
            i > 0
                && bytes[i - 1].is_ascii_alphabetic()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
        })
}

/// A title glued to the end of a sentence (rule 5): `...jubilation.Root Cause and Resolution`.
fn glued_heading(
    source: &str,
    i: usize,
    line: &Line,
    catalogue: &SectionCatalogue,
) -> Option<Heading> {
    // The title starts right after a sentence's end or a quote, and runs to
    // the end of the line with only letters, `'’&/-`, spaces, tabs and a
    // colon: it starts after the last other character (which may be the `.`
    // or quote before it). No such place (most lines): no regex search.
    // Or it is written as an ATX heading: `resolved.## Root Cause` (the
    // tail then stops at a `#`).
    let (glue, at_hash) = glued_tail(&line.text);
    let atx = if at_hash {
        glued_atx_title(&line.text)
    } else {
        None
    };
    if atx.is_none() && !glue {
        return None;
    }
    let (tail_start, tail_end) = match atx {
        Some((_, title)) => title,
        None => glued_title(&line.text)?,
    };
    // Numbering before the `.` (`3.Root Cause`, `III.`, `A.`, `3).`,
    // `Section 3.`): no sentence ends there.
    if atx.is_none() && is_numbering(&line.text[..tail_start]) {
        return None;
    }
    let tail = &line.text[tail_start..tail_end];
    let text = normalize_heading(tail);
    let words = word_count(&text);
    if !(1..=MAX_WORDS).contains(&words) {
        return None;
    }
    // After `#`s any title is glued (`done. ## Root cause`,
    // `restored.##Root cause`); right after one `#` (`Slack. #Action items`,
    // a tag) one in title case.
    // Otherwise a title of two words or more in title case or capitals
    // (`restored.Root Cause and Resolution`), or section names alone in any
    // case (`restored.Timeline`, `filled up.Action items`; checked below).
    let titled = is_title_or_caps(tail);
    let names_alone = atx.is_none() && !(words >= 2 && titled);
    if (names_alone && !catalogue.is_only_names(&text))
        || (atx.is_some()
            && !titled
            && line.text[..tail_start].ends_with('#')
            && !line.text[..tail_start].ends_with("##"))
    {
        return None;
    }
    let names = catalogue.named_by(&text);
    if names.is_empty() {
        return None;
    }
    // Locate the tail in the source: the line's span ends with it when the
    // line had no markup at its end; otherwise point at the whole line. A
    // title after `#`s is located with them (the fix keeps them).
    let raw = source.get(line.span.clone()).unwrap_or("");
    let glued_text = &line.text[atx.map_or(tail_start, |(hashes, _)| hashes)..];
    let found = raw.rfind(glued_text.trim_end());
    // Section names alone are glued only as the source writes them: right
    // after a sentence's last word, and to the source line's end, but for
    // a colon and emphasis around them alone (not in a code span, a link's
    // text, inline HTML or emphasis begun before: `` `prometheus.Summary` ``,
    // `[notes.Timeline](…)`, `*the ingester.Timeline*`), with no sentence
    // going on in the next line (`ingester.Timeline` / `was documented`).
    if names_alone {
        let glued_in_source = found.is_some_and(|pos| {
            let end = line.span.start + pos + glued_text.trim_end().len();
            let line_end = crate::line_ends::line_end(source, end);
            let after: String = source[end..line_end]
                .trim_end()
                .chars()
                .filter(|&c| c != ':')
                .collect();
            let before = &raw[..pos];
            after.chars().all(|c| c == '*' || c == '_')
                && before.ends_with(after.as_str())
                && ends_plain_sentence(&before[..before.len() - after.len()])
        });
        if !glued_in_source || next_line_starts_lower_case(source, line.span.end) {
            return None;
        }
    }
    let span = match found {
        // `#`s glued in the source itself, right after the sentence's end
        // (not `\##`, an escape, or `**## Root Cause**`, bold text): no
        // emphasis to take along.
        Some(pos) if atx.is_some() => {
            let before = raw[..pos].trim_end_matches([' ', '\t']);
            if !before.ends_with(['.', '!', '?', '"', '”', '’', '\'']) {
                return None;
            }
            line.span.start + pos..line.span.start + pos + glued_text.trim_end().len()
        }
        Some(pos) => {
            let (start, end) = with_emphasis(raw, pos, pos + glued_text.trim_end().len());
            line.span.start + start..line.span.start + end
        }
        None if atx.is_some() => return None,
        None => line.span.clone(),
    };
    Some(Heading {
        line: i,
        span,
        text,
        level: PSEUDO_LEVEL,
        style: HeadingStyle::Glued,
        names,
        in_paragraph: false,
    })
}

/// Whether `before`, the source before a glued title, ends a sentence of
/// words: a `.`, `!` or `?` right after a lower-case letter or a digit, or
/// after a closing bracket, quote, `*` or `%` (`(see the graph).`), in a
/// last word with no other `.`, `_`, `/`, `` ` ``, `@`, `[` or `<`, no
/// upper-case letter after its first and no abbreviation (not `e.g.`,
/// `snake_case.`, `MetricsReport.`, `` `config. ``, `approx.`, `Inc.`), and
/// a blank before that word.
fn ends_plain_sentence(before: &str) -> bool {
    let Some(body) = before.strip_suffix(['.', '!', '?']) else {
        return false;
    };
    let Some((rest, word)) = body.rsplit_once([' ', '\t']) else {
        return false;
    };
    let mut chars = word.chars();
    let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
    !rest.trim().is_empty()
        && chars.next_back().is_some_and(|c| {
            c.is_lowercase()
                || c.is_ascii_digit()
                || matches!(c, ')' | ']' | '"' | '”' | '’' | '\'' | '*' | '%')
        })
        && !word.contains(['.', '_', '/', '`', '@', '[', '<'])
        && !word.chars().skip(1).any(char::is_uppercase)
        && !ABBREVIATIONS.iter().any(|a| bare.eq_ignore_ascii_case(a))
}

/// Words written with a `.` that ends no sentence (`approx.`, `etc.`, `Inc.`).
/// Not units (`lasted 45 mins.Timeline`) or `etc.`, which end sentences too.
const ABBREVIATIONS: &[&str] = &[
    "approx", "inc", "ltd", "co", "corp", "vs", "cf", "al", "fig", "no", "nr", "ver", "dept", "ca",
    "resp",
];

/// Whether the source line after the one holding byte offset `at` starts,
/// after blanks, block-quote markers, emphasis and opening quotes or
/// brackets, with a lower-case letter: a sentence going on from it (`>
/// settings were kept`, `*settings* were kept`); not a line wholly in
/// emphasis, quotes or brackets, a note (`(all times UTC)`, `*all times UTC*`).
fn next_line_starts_lower_case(source: &str, at: usize) -> bool {
    let next = crate::line_ends::next_line_start(source, at);
    let line = source[next..crate::line_ends::line_end(source, next)]
        .trim_start_matches([' ', '\t', '>'])
        .trim_end();
    let closer = match line.chars().next() {
        Some('(') => Some(')'),
        Some('"') => Some('"'),
        Some('“') => Some('”'),
        Some(c @ ('*' | '_')) => Some(c),
        _ => None,
    };
    if closer.is_some_and(|c| line.chars().count() > 1 && line.ends_with(c)) {
        return false;
    }
    line.trim_start_matches(['*', '_', '"', '“', '‘', '\'', '('])
        .starts_with(char::is_lowercase)
}

/// A title glued to the end of a sentence as an ATX heading
/// (`resolved.## Root Cause`, `done! ### Action Items:`): a run of one to
/// six `#`s after a sentence's end (a letter then `.`, `!` or `?`) or a
/// quote, and white space before and after the run allowed; then a title
/// that starts with an upper-case letter and runs to the end of the line
/// with only the chars a glued title may hold ([`in_title`]). Returns the
/// start of the `#`s and the title's byte range (trailing blanks and colon
/// excluded), or `None`.
fn glued_atx_title(text: &str) -> Option<(usize, (usize, usize))> {
    let hashes_end = text.rfind('#')? + 1;
    let run = text[..hashes_end].len() - text[..hashes_end].trim_end_matches('#').len();
    let hashes = hashes_end - run;
    if run > 6 {
        return None;
    }
    let before = text[..hashes].trim_end_matches([' ', '\t']);
    let mut back = before.chars().rev();
    let glue = match back.next()? {
        '.' | '!' | '?' => back.next().is_some_and(char::is_alphabetic),
        '"' | '”' | '’' | '\'' => true,
        _ => false,
    };
    if !glue {
        return None;
    }
    let start = hashes_end
        + (text[hashes_end..].len() - text[hashes_end..].trim_start_matches([' ', '\t']).len());
    let end = start + text[start..].trim_end_matches([' ', '\t', ':']).len();
    let title = &text[start..end];
    if !title.starts_with(char::is_uppercase) || !title.chars().all(in_title) {
        return None;
    }
    Some((hashes, (start, end)))
}

/// `raw[start..end]` widened to the emphasis markers around it
/// (`**Root Cause**`, `_Timeline_`): the same run of `*` or `_` on both
/// sides, up to three, so that a heading moved to its own line keeps its
/// markup whole.
fn with_emphasis(raw: &str, start: usize, end: usize) -> (usize, usize) {
    let Some(&marker) = raw.as_bytes()[..start].last() else {
        return (start, end);
    };
    if !matches!(marker, b'*' | b'_') {
        return (start, end);
    }
    let run =
        |bytes: &mut dyn Iterator<Item = &u8>| bytes.take(3).take_while(|&&b| b == marker).count();
    let n =
        run(&mut raw.as_bytes()[..start].iter().rev()).min(run(&mut raw.as_bytes()[end..].iter()));
    (start - n, end + n)
}

/// Whether the tail of `text` (from its last char that cannot be in a
/// glued title, [`in_title`], or from its start) holds a place where
/// [`glued_heading`]'s pattern can start its title: a `.`, `!`, `?`, `"` or
/// `”` (only the tail's first char can be one) or a `'` or `’` right before
/// an upper-case letter (`char::is_uppercase` holds for every `\p{Lu}`).
/// One pass from the end; ASCII is read a byte at a time.
#[cfg(test)]
fn has_glued_tail(text: &str) -> bool {
    glued_tail(text).0
}

/// [`has_glued_tail`]'s answer, and whether the tail starts right after a
/// `#` (a title glued as an ATX heading, `resolved.## Root Cause`, may be
/// there: every such line also holds a sentence's end or a quote).
fn glued_tail(text: &str) -> (bool, bool) {
    let bytes = text.as_bytes();
    // Most lines of a list have no glue char at all (`”` and `’` start with E2).
    if memchr::memchr3(b'.', b'\'', b'"', bytes).is_none()
        && memchr::memchr3(b'!', b'?', 0xE2, bytes).is_none()
    {
        return (false, false);
    }
    // Whether the char after the one being read is upper-case, and whether a
    // quote in the tail is right before one.
    let (mut upper_next, mut glue) = (false, false);
    let mut end = bytes.len();
    while end > 0 {
        let b = bytes[end - 1];
        let (start, c) = if b.is_ascii() {
            (end - 1, char::from(b))
        } else {
            // The last byte of a char: step back to its first.
            let mut start = end - 1;
            while start > 0 && bytes[start] & 0xC0 == 0x80 {
                start -= 1;
            }
            (start, text[start..end].chars().next().unwrap_or('\0'))
        };
        if !in_title(c) {
            let glued = glue || (upper_next && matches!(c, '.' | '!' | '?' | '"' | '”'));
            return (glued, c == '#');
        }
        glue |= upper_next && matches!(c, '\'' | '’');
        upper_next = c.is_uppercase();
        end = start;
    }
    (glue, false)
}

/// Where the last char of `text` that cannot be in a glued title is, or 0.
/// ASCII is read a byte at a time from the end; at the first other byte,
/// the rest (everything before it and that char) is read by chars.
#[cfg(test)]
fn title_tail_start(text: &str) -> usize {
    for (i, &b) in text.as_bytes().iter().enumerate().rev() {
        if !b.is_ascii() {
            // The last byte of a char (all after it are ASCII, in a title):
            // read the text up to it by chars.
            return text[..=i]
                .char_indices()
                .rev()
                .find(|&(_, c)| !in_title(c))
                .map_or(0, |(i, _)| i);
        }
        if !in_title(char::from(b)) {
            return i;
        }
    }
    0
}

/// Whether `c` may be in a glued title: a letter, `'’&/-`, a space, a tab
/// or a colon.
fn in_title(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '\'' | '’' | '&' | '/' | '-' | ' ' | '\t' | ':')
}

/// A title glued to the end of a sentence, as a regex (`\p{L}`: any letter,
/// `\p{Lu}`: an upper-case one): the title is group 1. The specification
/// [`GLUED_TITLE`] is tested against.
#[cfg(test)]
const GLUED_PATTERN: &str = r#"(?:[\p{L}\p{N})\]"”’'*_%][.!?]|["”’'])(\p{Lu}[\p{L}'’-]*(?:[ \t]+[\p{L}'’&/-]+){0,7})[ \t]*:?$"#;

/// [`GLUED_PATTERN`] as a grammar, its classes read by regex-syntax
/// ([`Class::unicode`]): compiling the regex, with its Unicode letter
/// classes, cost about 5 ms, most of a one-file run.
static GLUED_TITLE: LazyLock<Grammar> = LazyLock::new(|| {
    let blank = Class::ascii(matcher::ascii_set(b" \t"));
    let word_char = Class::unicode(r"[\p{L}'’&/-]");
    let word = || {
        Node::Seq(vec![
            Node::Repeat(blank, 1, usize::MAX),
            Node::Repeat(word_char, 1, usize::MAX),
        ])
    };
    // `(?:<word>){0,7}`, greedy: up to seven, each optional.
    let mut words = opt(word());
    for _ in 0..6 {
        words = opt(Node::Seq(vec![word(), words]));
    }
    Grammar::new(Node::Seq(vec![
        Node::alt(vec![
            Node::Seq(vec![
                // A sentence's last char: a letter or digit, or a closing
                // bracket, quote, emphasis or `%` (`(see the graph).Root Cause`).
                Node::Repeat(Class::unicode(r#"[\p{L}\p{N})\]"”’'*_%]"#), 1, 1),
                Node::alt(vec![lit("."), lit("!"), lit("?")]),
            ]),
            Node::alt(vec![lit("\""), lit("”"), lit("’"), lit("'")]),
        ]),
        Node::Group(
            0,
            Box::new(Node::Seq(vec![
                Node::Repeat(Class::unicode(r"\p{Lu}"), 1, 1),
                Node::Repeat(Class::unicode(r"[\p{L}'’-]"), 0, usize::MAX),
                words,
            ])),
        ),
        Node::Repeat(blank, 0, usize::MAX),
        opt(lit(":")),
        Node::End,
    ]))
});

/// The glued title in `text` ([`GLUED_PATTERN`]'s group 1), as a byte range.
fn glued_title(text: &str) -> Option<(usize, usize)> {
    matcher::find_from(&GLUED_TITLE, text, 0)?.groups[0]
}

/// Whether `text` has a `.`, `!`, `?` or quote right before an upper-case
/// letter: a place where [`glued_heading`]'s pattern can start its title
/// (`char::is_uppercase` holds for every `\p{Lu}` letter).
#[cfg(test)]
fn has_glue_point(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // `”` and `’` are E2 80 9D and E2 80 99 in UTF-8.
        let after = match bytes[i] {
            b'.' | b'!' | b'?' | b'"' | b'\'' => i + 1,
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0x9D | 0x99)) =>
            {
                i + 3
            }
            _ => {
                i += 1;
                continue;
            }
        };
        if text[after..].chars().next().is_some_and(char::is_uppercase) {
            return true;
        }
        i = after;
    }
    false
}

/// Whether heading `next` ends the section opened by heading `open`.
///
/// A heading that names a known section the open one does not name ends it.
/// A heading naming only sections the open one names (`### Improvements`
/// under `## Corrective Measures`, `# Improvements` under a plain
/// `Corrective Measures:` line) is a sub-heading when it is of a lower level
/// or the open heading is a bold or plain one. Otherwise a heading of the same
/// or a higher level ends it; bold, plain and glued headings rank below every
/// `#` level and do not end each other.
fn ends(open: &Heading, next: &Heading) -> bool {
    if !next.names.is_empty() {
        if !next.names.is_subset(open.names) {
            return true;
        }
        if next.level > open.level || open.level == PSEUDO_LEVEL {
            return false;
        }
    }
    let both_pseudo = open.level == PSEUDO_LEVEL && next.level == PSEUDO_LEVEL;
    next.level <= open.level && !both_pseudo
}

/// Takes the names from headings that start with a time of day (`### 10:30
/// UTC — Root cause identified`, `**2024-03-04 14:10 — Impact assessed**`,
/// `### Noon — Root cause found`; as [`crate::time::leading_time`] reads it):
/// such a heading is a timeline entry, whatever words follow its time, not
/// the section those words name. Glued headings are left alone (their text
/// is only the glued title).
pub(super) fn unname_timed(headings: &mut [Heading], lines: &[Line]) {
    for h in headings.iter_mut() {
        if h.names.is_empty() || h.style == HeadingStyle::Glued {
            continue;
        }
        let text = &lines[h.line].text;
        // A clock holds a digit (most headings hold none); else a word.
        let timed = if text.bytes().any(|b| b.is_ascii_digit()) {
            crate::time::leading_time(text, crate::time::DateOrder::default()).is_some()
        } else {
            // `noon` or `midnight` (headings rarely start with an `n` or `m`).
            matches!(text.as_bytes().first(), Some(b'n' | b'N' | b'm' | b'M'))
                && crate::time::leading_word_clock(text).is_some()
        };
        if timed {
            h.names = SectionSet::EMPTY;
        }
    }
}

/// Takes the Summary name from a bold or plain heading that is only the
/// word `Summary` or `Overview` (`**Summary:**`, `Summary:`) inside a
/// section that a `#`, setext or HTML heading opens and names as another
/// known section (`## Impact`): it summarises that section, as `Impact
/// summary` would (see [`SectionCatalogue::named_by`]), and is neither the
/// postmortem's Issue Summary nor a second one.
pub(super) fn unname_section_summaries(headings: &mut [Heading]) {
    let mut summary = SectionSet::EMPTY;
    summary.insert(ids::SUMMARY);
    let mut open: Option<SectionSet> = None;
    for (k, h) in headings.iter_mut().enumerate() {
        if h.style.is_titled() {
            // The document's title (a first heading of level 1) opens no
            // section, whatever words it holds (`# Impact of the outage`).
            open = (k > 0 || h.level > 1).then_some(h.names);
            continue;
        }
        let bare = matches!(h.text.as_str(), "summary" | "overview");
        let only_summary = h.names == summary;
        if bare
            && only_summary
            && matches!(h.style, HeadingStyle::Bold | HeadingStyle::Plain)
            && open.is_some_and(|names| !names.is_empty() && !names.contains(ids::SUMMARY))
        {
            h.names = SectionSet::EMPTY;
        }
    }
}

/// Builds the sections: one per heading that names a known section and is not
/// a sub-heading of an enclosing section naming the same sections.
///
/// A Timeline heading with nothing under it before the next heading takes
/// the headings after it as its phases (`Timeline:` then `Issue Detection:`,
/// `Actions Taken:`, `Resolution:`, each a heading of the same level, as the
/// ALX template's timeline asks for them): its section runs to the first
/// heading that names a section other than the Timeline and the `phases`
/// (Detection, Resolution), or is of a higher level. Below a `#` Timeline
/// heading, headings of a deeper level (bold and plain ones included) that
/// name only phases are its parts too when only notes stand between
/// ([`only_notes_between`]: `## Timeline`, `All times UTC.`, `###
/// Detection`, `### Mitigation`) or when they hold entries of their own;
/// after entries of the timeline's own, a `### Resolution` of prose is the
/// postmortem's Resolution.
pub(super) fn sections(
    source: &str,
    lines: &[Line],
    headings: &[Heading],
    heading_at: &[Option<usize>],
    phases: SectionSet,
) -> Vec<Section> {
    // At most one section per heading.
    let mut out: Vec<Section> = Vec::with_capacity(headings.len());
    let mut is_sub = vec![false; headings.len()];
    for (i, h) in headings.iter().enumerate() {
        if h.names.is_empty() || is_sub[i] {
            continue;
        }
        let mut end_heading = headings[i + 1..]
            .iter()
            .position(|n| ends(h, n))
            .map(|p| i + 1 + p);
        if let Some(j) = end_heading
            && h.names.contains(ids::TIMELINE)
        {
            let part_of_it = h.names.union(phases);
            // A phase heading below a `#` Timeline heading (`## Timeline`,
            // a zone note, then `### Detection` and `### Mitigation`).
            let phase_below = |n: &Heading| {
                h.level != PSEUDO_LEVEL && n.level > h.level && n.names.is_subset(part_of_it)
            };
            if nothing_between(lines, heading_at, h, &headings[j]) {
                let ends_phases = |n: &Heading| {
                    !n.names.is_subset(part_of_it) || (n.level < h.level && n.level != PSEUDO_LEVEL)
                };
                end_heading = headings[j..].iter().position(ends_phases).map(|p| j + p);
            } else if phase_below(&headings[j]) {
                // Its part when only notes stand between, or when the phase
                // holds entries of its own (`#### Detection` over timed
                // items); a `### Resolution` of prose after the timeline's
                // entries is the postmortem's Resolution.
                let notes = only_notes_between(lines, h.span.end, headings[j].span.start);
                let part = |k: usize| {
                    phase_below(&headings[k])
                        && (notes || {
                            let end = headings.get(k + 1).map_or(source.len(), |n| n.span.start);
                            holds_timed_items(lines, headings[k].span.end, end)
                        })
                };
                if part(j) {
                    end_heading = (j..headings.len()).find(|&k| ends(h, &headings[k]) && !part(k));
                }
            }
        }
        let end = end_heading.map_or(source.len(), |j| headings[j].span.start);
        let subheadings: Vec<usize> = (i + 1..end_heading.unwrap_or(headings.len())).collect();
        for &j in &subheadings {
            if headings[j].names.is_subset(h.names) {
                is_sub[j] = true;
            }
        }
        let content_start = match h.style {
            HeadingStyle::Glued => lines[h.line].span.end,
            _ => h.span.end,
        };
        // Lines are sorted by start offset: the content is one run of them.
        let first = lines.partition_point(|l| l.span.start < content_start);
        let last = first + lines[first..].partition_point(|l| l.span.start < end);
        // Sized for the whole run (a filtered collect grows step by step).
        let mut content = Vec::with_capacity(last - first);
        content.extend((first..last).filter(|&l| heading_at[l].is_none()));
        out.push(Section {
            heading: i,
            names: h.names,
            span: h.span.start..end,
            content,
            subheadings,
        });
    }
    out
}

/// Whether only notes stand between byte offsets `start` and `end`: lines
/// (paragraphs, list items, headings) that do not start with a time or a
/// time relative to the start (`All times UTC.`, `- Times are UTC.`, an
/// introduction, a `### Background` list), and no table row with a time:
/// no line that would be a timeline's entry ([`is_timed`]).
fn only_notes_between(lines: &[Line], start: usize, end: usize) -> bool {
    !lines[lines_between(lines, start, end)].iter().any(is_timed)
}

/// Whether a list item or table row between byte offsets `start` and `end`
/// is timed ([`is_timed`]): timeline entries, not the prose of a Resolution
/// section (`At 14:45 UTC the limit was restored.`).
fn holds_timed_items(lines: &[Line], start: usize, end: usize) -> bool {
    lines[lines_between(lines, start, end)].iter().any(|l| {
        matches!(
            l.kind,
            LineKind::ListItem { .. } | LineKind::TableRow { header: false }
        ) && is_timed(l)
    })
}

/// Whether a line reads as a timeline entry's: a table body row holding a
/// time, any other line starting with a time or a time relative to the
/// start (`10:05 ...`, `T+20m ...`).
fn is_timed(line: &Line) -> bool {
    use crate::time::{DateOrder, find_timestamp, leading_relative, leading_time};
    match line.kind {
        LineKind::TableRow { header: false } => {
            find_timestamp(&line.text, DateOrder::default()).is_some()
        }
        _ => {
            leading_time(&line.text, DateOrder::default()).is_some()
                || leading_relative(&line.text).is_some()
        }
    }
}

/// Whether no content line stands between heading `h` and heading `next`
/// (`next` is after `h`).
fn nothing_between(
    lines: &[Line],
    heading_at: &[Option<usize>],
    h: &Heading,
    next: &Heading,
) -> bool {
    lines_between(lines, h.span.end, next.span.start).all(|l| heading_at[l].is_some())
}

/// The indexes of the lines that start between byte offsets `start` and
/// `end` (lines are sorted by their start).
fn lines_between(lines: &[Line], start: usize, end: usize) -> std::ops::Range<usize> {
    let first = lines.partition_point(|l| l.span.start < start);
    first..first + lines[first..].partition_point(|l| l.span.start < end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The byte pass answers what splitting at each spaced dash answers.
    #[test]
    fn dash_field_is_the_split() {
        const TOKENS: &[&str] = &[
            "Root", "cause", " ", "-", "–", "—", "−", "x", "é", "\t", "--",
        ];
        let spec = |text: &str| {
            [" - ", " – ", " — "].iter().any(|dash| {
                // Every place, overlapping ones included (`a – – b`).
                (0..text.len()).any(|i| {
                    text.get(i..).is_some_and(|t| t.starts_with(dash))
                        && !text[..i].trim().is_empty()
                        && !text[i + dash.len()..].trim().is_empty()
                })
            })
        };
        let mut fields = 0;
        for text in crate::rules::util::token_texts(0x0DA5_4F1E_1D00_0001, TOKENS, 8, 30_000) {
            assert_eq!(is_dash_field(&text), spec(&text), "{text:?}");
            fields += usize::from(spec(&text));
        }
        assert!(
            fields > 3_000,
            "only {fields} fields: the test proves little"
        );
    }

    /// The byte scan from the end finds what a scan of chars finds, with
    /// non-ASCII letters, `’`, symbols and other scripts anywhere.
    #[test]
    fn title_tail_start_is_the_char_scan() {
        const TOKENS: &[&str] = &[
            "Root", "cause", " ", "\t", ":", "'", "’", "&", "/", "-", ".", "!", "\"", "”", "1",
            "é", "É", "ſ", "🔥", "٣", "日本", "\u{301}", "_", "*", ",", "x",
        ];
        let by_chars = |text: &str| {
            text.char_indices()
                .rev()
                .find(|&(_, c)| !in_title(c))
                .map_or(0, |(i, _)| i)
        };
        let (mut non_ascii, mut inside) = (0, 0);
        for text in crate::rules::util::token_texts(0x510E_527F_ADE6_82D1, TOKENS, 10, 50_000) {
            let want = by_chars(&text);
            assert_eq!(title_tail_start(&text), want, "{text:?}");
            non_ascii += usize::from(!text[want..].is_ascii());
            inside += usize::from(want > 0);
        }
        assert!(
            non_ascii > 5_000 && inside > 20_000,
            "{non_ascii} non-ASCII tails, {inside} inside: the test proves little"
        );
    }

    /// The one pass from the end answers what finding the tail, then
    /// searching it for a glue point, answers.
    #[test]
    fn has_glued_tail_is_the_two_scans() {
        const TOKENS: &[&str] = &[
            "Root", "cause", "R", "c", " ", "\t", ":", "'", "’", "&", "/", "-", ".", "!", "?",
            "\"", "”", "1", "é", "É", "ſ", "🔥", "日本", "\u{301}", ",", "x", "Ωmega",
        ];
        let (mut glued, mut not) = (0, 0);
        for text in crate::rules::util::token_texts(0x2545_F491_4F6C_DD1D, TOKENS, 10, 80_000) {
            let want = has_glue_point(&text[title_tail_start(&text)..]);
            assert_eq!(has_glued_tail(&text), want, "{text:?}");
            glued += usize::from(want);
            not += usize::from(!want);
        }
        assert!(glued > 1_000 && not > 10_000, "{glued} glued, {not} not");
    }

    /// The grammar finds the title the regex finds, in ASCII text and in
    /// text with non-ASCII letters (upper and lower case, `ſ`, marks, which
    /// `\p{L}` leaves out) and punctuation.
    #[test]
    fn glued_title_grammar_is_the_regex() {
        const TOKENS: &[&str] = &[
            "Root",
            "Cause",
            "and",
            "Resolution",
            "TIMELINE",
            "x",
            "a",
            "I",
            "It",
            "was",
            ".",
            "!",
            "?",
            "\"",
            "'",
            "’",
            "”",
            "“",
            "—",
            "…",
            "\u{a0}",
            " ",
            "  ",
            "\t",
            ":",
            "&",
            "/",
            "-",
            "9",
            "_",
            "Q&A",
            "O’Brien",
            "*",
            "%",
            "]",
            "٣",
            "end.Root",
            "**.Root",
            "%).Cause",
            "].Timeline",
            "9.Root",
            "_.Root",
            "done!\"Next",
            "(",
            ")",
            "Raíz",
            "É",
            "é",
            "Ürsache",
            "ß",
            "ſ",
            "Ωmega",
            "ω",
            "根本原因",
            "e\u{301}",
            "\u{301}",
            "Ǆ",
            "ǅ",
            "١",
            "🔥",
        ];
        let regex = Regex::new(GLUED_PATTERN).expect("valid regex");
        let (mut found, mut non_ascii) = (0, 0);
        for text in crate::rules::util::token_texts(0x6C8E_9CF5_7093_2A41, TOKENS, 10, 80_000) {
            let want = regex
                .captures(&text)
                .and_then(|c| c.get(1))
                .map(|m| (m.start(), m.end()));
            let got = matcher::find_from(&GLUED_TITLE, &text, 0).and_then(|m| m.groups[0]);
            assert_eq!(got, want, "{text:?}");
            assert_eq!(glued_title(&text), want, "{text:?}");
            found += usize::from(got.is_some());
            non_ascii += usize::from(got.is_some() && !text[got.unwrap().0..].is_ascii());
        }
        assert!(found > 2_000, "only {found} titles: the test proves little");
        assert!(non_ascii > 500, "only {non_ascii} non-ASCII titles");
        assert_eq!(glued_title("fin.Causa Raíz"), Some((4, 15)));
    }
}
