//! Heading detection and section boundaries, one case per style and near miss.

use super::*;
use crate::config::Config;

fn outline(text: &str) -> (Outline<'_>, SectionCatalogue) {
    let catalogue = SectionCatalogue::new(&Config::default());
    (Outline::new(text, &catalogue), catalogue)
}

/// (style, normalised text, section names, in paragraph) of every heading naming a section.
fn named(text: &str) -> Vec<(HeadingStyle, String, Vec<String>, bool)> {
    let (o, cat) = outline(text);
    o.headings
        .iter()
        .filter(|h| !h.names.is_empty())
        .map(|h| {
            let names = h.names.iter().map(|i| cat.defs[i].name.clone()).collect();
            (h.style, h.text.clone(), names, h.in_paragraph)
        })
        .collect()
}

fn styles(text: &str) -> Vec<(HeadingStyle, String)> {
    named(text).into_iter().map(|(s, t, _, _)| (s, t)).collect()
}

use HeadingStyle::*;

#[test]
fn atx_setext_and_html_headings() {
    assert_eq!(styles("## Timeline\n"), [(Atx, "timeline".into())]);
    assert_eq!(
        styles("Root Cause\n----------\n"),
        [(Setext, "root cause".into())]
    );
    assert_eq!(
        styles("<h2>Root Cause:</h2>\n"),
        [(Html, "root cause".into())]
    );
    assert_eq!(
        styles("<div>\n<strong>Timeline</strong>\n</div>\n"),
        [(Bold, "timeline".into())]
    );
    assert_eq!(
        styles("## `Issue Summary:`\n"),
        [(Atx, "issue summary".into())]
    );
    assert_eq!(styles("## 🕒 2. Time line\n"), [(Atx, "time line".into())]);
}

#[test]
fn bold_lines() {
    assert_eq!(styles("**Root Cause:**\n"), [(Bold, "root cause".into())]);
    assert_eq!(styles("*Timeline:***\n"), [(Bold, "timeline".into())]);
    assert_eq!(
        styles("**Issue Summary: When the Database Slept**\n"),
        [(Bold, "issue summary: when the database slept".into())]
    );
    // A sentence in bold, and a bold label with text after it, are not headings.
    assert!(styles("**The root cause was a full disk.**\n").is_empty());
    assert!(styles("**Root Cause:** the disk filled up\n").is_empty());
}

#[test]
fn plain_lines() {
    assert_eq!(styles("Summary:\n\nText.\n"), [(Plain, "summary".into())]);
    assert_eq!(
        styles("Timeline of Events:\n"),
        [(Plain, "timeline of events".into())]
    );
    assert_eq!(
        styles("Timeline\n•\t10:00 AM: alerts\n"),
        [(Plain, "timeline".into())]
    );
    // A field, a sentence, a question and a long line are not headings.
    assert!(styles("Root Cause: the disk filled up\n").is_empty());
    assert!(styles("The root cause was found.\n").is_empty());
    assert!(styles("What was the root cause?\n").is_empty());
    assert!(styles("we spent the whole night looking for the root cause of it all\n").is_empty());
}

#[test]
fn plain_lines_inside_a_paragraph() {
    let found = named("We restored service at noon.\nROOT CAUSE\nA full disk.\n");
    assert_eq!(
        found,
        [(Plain, "root cause".into(), vec!["Root Cause".into()], true)]
    );
    let found = named("We restored service.\nThe Root Cause\nA full disk.\n");
    assert_eq!(found.len(), 1);
    assert!(found[0].3, "inside a paragraph");
    // Lower-case wrapped prose is not a heading.
    assert!(named("we kept looking for the\nroot cause\nall night long.\n").is_empty());
    // A lazy continuation line of a list item is read as in a paragraph.
    let found = named("- Duration: 2 hours\nRoot Cause:\nA full disk.\n");
    assert_eq!(
        found,
        [(Plain, "root cause".into(), vec!["Root Cause".into()], true)]
    );
}

#[test]
fn glued_headings() {
    // `text`'s one heading is glued, and spans `title`.
    let assert_glued = |text: &str, title: &str| {
        let (o, _) = outline(text);
        assert_eq!(o.headings.len(), 1, "{text}");
        assert_eq!(o.headings[0].style, Glued, "{text}");
        assert_eq!(&text[o.headings[0].span.clone()], title, "{text}");
    };
    let found = named("We exulted with relief and jubilation.Root Cause and Resolution\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, Glued);
    assert_eq!(found[0].2, ["Root Cause", "Resolution"]);
    let (o, _) = outline("It was a miracle!\"Corrective and Preventative Measures\n");
    assert_eq!(o.headings[0].style, Glued);
    assert_eq!(
        &"It was a miracle!\"Corrective and Preventative Measures"[o.headings[0].span.clone()],
        "Corrective and Preventative Measures"
    );
    // After a closing bracket, quote, emphasis, `%` or a digit and the
    // sentence's end.
    for (line, title) in [
        ("We were paged (see the graph).Root Cause\n", "Root Cause"),
        (
            "They said \"soon\".Corrective Measures\n",
            "Corrective Measures",
        ),
        ("Errors peaked (40%).Root Cause\n", "Root Cause"),
        ("It was **fixed**.Root Cause\n", "Root Cause"),
        ("Restored at 10:45.Root Cause\n", "Root Cause"),
    ] {
        assert_glued(line, title);
    }
    // A number before the `.` numbers the title: no glue.
    for line in [
        "3.Root Cause\n",
        "- 4.Corrective Measures\n",
        "**1.2.Issue Summary**\n",
        "III.Root Cause\n",
        "A.Root Cause\n",
        "Section 3.Root Cause\n",
        "3).Root Cause\n",
    ] {
        let (o, _) = outline(line);
        assert!(
            o.headings.iter().all(|h| h.style != Glued),
            "{line}: {:?}",
            o.headings
        );
    }
    // Written with `#`s: glued too, one word enough, the span from the `#`s.
    for (line, title) in [
        ("It was fixed.## Root Cause\n", "## Root Cause"),
        ("It was fixed. ### Timeline:\n", "### Timeline:"),
        ("He said \"done\"# Action Items\n", "# Action Items"),
    ] {
        assert_glued(line, title);
    }
    // Not glued: no sentence end before the `#`s, seven of them, a
    // lower-case title, or text that is not a title after them.
    for line in [
        "It was fixed ## Root Cause\n",
        "It was fixed.####### Root Cause\n",
        "It was fixed.## root cause\n",
        "See issue.#42 Root Cause\n",
        "It was fixed.## Root Cause (see #12)\n",
        "It was fixed. **## Root Cause**\n",
        "It was fixed.\\## Root Cause\n",
    ] {
        assert!(styles(line).iter().all(|(s, _)| *s != Glued), "{line}");
    }
    // A section's name alone, in any case, after a sentence's last word:
    // one word, or sentence case (a user's review).
    for (text, title) in [
        (
            "Service was restored.Timeline\n- 10:00 UTC: paged\n",
            "Timeline",
        ),
        ("We will watch it.TIMELINE\n\nThen more.\n", "TIMELINE"),
        ("Its disk filled up.Action items\n- Alert\n", "Action items"),
        (
            "It was fixed.Root cause and resolution\n",
            "Root cause and resolution",
        ),
        ("Cleanup is done. ## Root cause\n", "## Root cause"),
    ] {
        assert_glued(text, title);
    }
    // Not glued: one word or sentence case that is no section's name alone,
    // after no sentence's last word (a name from code, an abbreviation, a
    // word alone), or with the sentence going on in the next line.
    for text in [
        "Service was restored.Finally\n",
        "Its disk filled up.Action items were filed\n",
        "The query reads MetricsReport.Summary\n",
        "See the notes, e.g.Timeline\n",
        "Restored.Timeline\n",
        "The limit is read from ingester.Timeline\nsettings were kept.\n",
        "The limit is read from ingester.Timeline\r> settings were kept.\r",
        "It was fixed.Root cause was a disk\n",
        "It is exported as a `prometheus.Summary`\n",
        "See the page for [the ingester.Timeline](http://x)\n",
        "The value came from *the ingester.Timeline*\n",
        "Latency grew by approx.Impact\n",
        "We told everyone on Slack. #Action items\n",
    ] {
        assert!(styles(text).iter().all(|(s, _)| *s != Glued), "{text}");
    }
    // Not glued: a space after the period, or lower-case words.
    assert!(
        styles("Service was restored. Root Cause and Resolution follow\n")
            .iter()
            .all(|(s, _)| *s != Glued)
    );
    assert!(
        styles("Service was restored.the root cause was a disk\n")
            .iter()
            .all(|(s, _)| *s != Glued)
    );
}

#[test]
fn never_headings() {
    assert!(styles("2. Timeline\n").is_empty(), "list item");
    assert!(
        styles("| Timeline |\n|---|\n| x |\n").is_empty(),
        "table cell"
    );
    assert!(styles("![Timeline](x.png)\n").is_empty(), "image");
    assert!(styles("```\n## Timeline\n```\n").is_empty(), "fenced code");
    assert!(
        styles("> Timeline:\n").len() == 1,
        "a block quote's paragraph is read"
    );
}

#[test]
fn indented_code_is_read_as_lines() {
    let (o, _) = outline("Intro.\n\n    Timeline:\n    10:00 UTC: alerts\n");
    assert!(
        o.lines
            .iter()
            .any(|l| l.kind == LineKind::Code && &*l.text == "10:00 UTC: alerts")
    );
    assert_eq!(o.headings.len(), 1);
}

#[test]
fn front_matter_is_not_text() {
    let (o, _) = outline("---\ntitle: Timeline\nsummary: x\n---\n\n## Root Cause\nDisk.\n");
    assert!(o.front_matter.is_some());
    assert_eq!(o.headings.len(), 1);
    assert!(o.lines.iter().all(|l| !l.text.contains("title")));
}

#[test]
fn a_rule_followed_by_text_is_no_front_matter() {
    // pulldown-cmark reads `---` + text + `---` anywhere as a metadata block
    // (its issue #1000): the headings between were lost.
    let text = "# Outage\n\n## Timeline (UTC)\n---\n- 10:00: alert\n- 11:00: fixed\n\n## Root Cause\nDisk.\n\n## FAQ\n---\nNone.\n";
    let (o, _) = outline(text);
    assert!(o.front_matter.is_none());
    let headings: Vec<&str> = o.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(headings, ["outage", "timeline (utc)", "root cause", "faq"]);
    assert!(o.lines.iter().any(|l| l.text == "10:00: alert"));
}

#[test]
fn front_matter_delimiters() {
    use crate::outline::front_matter;
    let cases: &[(&str, Option<&str>)] = &[
        ("---\na: 1\n---\nText\n", Some("---\na: 1\n---")),
        ("\n \n---\na: 1\n...\nText\n", Some("---\na: 1\n...")),
        (
            "---  \r\na: 1\r\n---  \r\nText",
            Some("---  \r\na: 1\r\n---  "),
        ),
        ("---\na: 1\n---", Some("---\na: 1\n---")),
        ("---\n\na: 1\n---\n", None),     // blank first line
        ("---\n---\n", None),             // closed at once
        ("----\na: 1\n----\n", None),     // four dashes
        ("---\na: 1\n", None),            // never closed
        ("---\na: 1\n ---\n", None),      // indented closing line
        ("Text\n---\na: 1\n---\n", None), // not at the top
    ];
    for (text, want) in cases {
        let got = front_matter(text).map(|r| &text[r]);
        assert_eq!(got, *want, "{text:?}");
    }
}

/// Front matter as pulldown-cmark's metadata-block option finds it at the
/// top of a document: the same ranges on random texts of delimiter-like lines.
#[test]
fn front_matter_is_pulldown_cmarks_metadata_block_at_the_top() {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    const LINES: &[&str] = &[
        "---", "---", "...", "----", "--- ", "---  ", " ---", "---\t", "--", "+++", "", " ", "\t",
        "a: 1", "a: 1", "x", "# T", "> q", "- i",
    ];
    let options = crate::outline::parser_options() | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut state: u64 = 0x2F6B_19D3_8C47_E051;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let (mut found, mut checked) = (0, 0);
    for _ in 0..40_000 {
        let mut text = String::new();
        for _ in 0..1 + next(6) {
            text.push_str(LINES[next(LINES.len())]);
            text.push_str(["\n", "\n", "\r\n"][next(3)]);
        }
        if next(4) == 0 {
            text.truncate(text.trim_end_matches(['\r', '\n']).len());
        }
        let first = Parser::new_ext(&text, options).into_offset_iter().next();
        let want = match first {
            Some((Event::Start(Tag::MetadataBlock(_)), range)) => Some(range),
            _ => None,
        };
        let got = crate::outline::front_matter(&text);
        assert_eq!(got, want, "{text:?}");
        checked += 1;
        found += usize::from(got.is_some());
    }
    assert!(
        found > 1_000,
        "only {found} of {checked} texts have front matter"
    );
}

#[test]
fn section_ends_and_subheadings() {
    let text = "## Root Cause and Resolution\nText.\n\n**Root Cause:**\nDisk.\n\n**Day 2**\nMore.\n\n### Improvements\nA.\n\n## Timeline\n- 10:00 UTC: x\n";
    let (o, cat) = outline(text);
    let secs: Vec<Vec<String>> = o
        .sections
        .iter()
        .map(|s| s.names.iter().map(|i| cat.defs[i].name.clone()).collect())
        .collect();
    // `**Root Cause:**` is a sub-heading, `**Day 2**` names nothing, `### Improvements`
    // names another section and ends the first one.
    assert_eq!(
        secs,
        [
            vec!["Root Cause", "Resolution"],
            vec!["Corrective Measures"],
            vec!["Timeline"]
        ]
    );
    let first = &o.sections[0];
    assert_eq!(&text[first.span.clone()].lines().last().unwrap(), &"");
    assert!(text[first.span.clone()].contains("More."));
    assert!(!text[first.span.clone()].contains("### Improvements"));
}

#[test]
fn subheading_naming_the_same_section_under_a_plain_heading() {
    let (o, _) =
        outline("Corrective and Preventative Measures:\n\n# Improvements:\n\nOptimise caches.\n");
    assert_eq!(o.sections.len(), 1);
    assert_eq!(o.sections[0].content.len(), 1);
}

#[test]
fn long_atx_heading_names_no_section() {
    let (o, _) = outline(
        "#### This postmortem outlines the cause and resolution of the outage and the measures we took\n",
    );
    assert_eq!(o.headings.len(), 1);
    assert!(o.headings[0].names.is_empty());
}

/// A heading that starts with a time of day is a timeline entry, whatever
/// section its words name; one without a time still names its section.
#[test]
fn a_heading_that_starts_with_a_time_names_no_section() {
    let text = "## Timeline\n\
                ### 10:30 UTC — Root cause identified\n\
                A bad push.\n\
                ### 2024-03-04 10:45 — Impact assessed\n\
                **11:00 UTC: Next steps**\n\
                ### Noon — Impact assessed\n\
                ## Root Cause\n\
                ### 3 causes\n";
    let names: Vec<String> = named(text).into_iter().map(|(_, t, _, _)| t).collect();
    assert_eq!(names, ["timeline", "root cause", "causes"]);
}

#[test]
fn crlf_spans_exclude_the_carriage_return() {
    let text = "## Timeline\r\n- 10:00 UTC: x\r\n";
    let (o, _) = outline(text);
    for l in &o.lines {
        assert!(
            !text[l.span.clone()].ends_with('\r'),
            "{:?}",
            &text[l.span.clone()]
        );
    }
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "",
        "\n\n",
        "#",
        "**",
        "<!--",
        "- ",
        "|a|\n|-|\n",
        "\u{feff}# x",
        "> > > - - 1.",
        "***\n---\n===",
        "<h2>",
        "🔥\r\n\t",
    ] {
        let _ = outline(text);
    }
}

/// Paragraph and list-item texts are built after the parse from source
/// ranges and the text pulldown-cmark rewrites (entities, escapes): each line
/// gets exactly its plain text, markup removed, pieces joined, ends trimmed.
#[test]
fn line_texts_from_source_ranges_and_rewritten_text() {
    let text = "\
Outage &amp; recovery: `api` **down** at 10\\:00 &lt;UTC&gt;  \n\
second *line* of [the](https://x.y) paragraph\n\
\n\
- item with &copy; and \\*stars\\*\n\
  lazy continuation &#65;\n\
- ![image only](i.png)\n\
- **bold** item\n\
\n\
| a &amp; b | c |\n\
|---|---|\n\
| 1 | 2 |\n";
    let (o, _) = outline(text);
    let texts: Vec<(&str, LineKind)> = o.lines.iter().map(|l| (&*l.text, l.kind)).collect();
    assert_eq!(
        texts,
        [
            (
                "Outage & recovery: api down at 10:00 <UTC>",
                LineKind::Paragraph
            ),
            ("second line of the paragraph", LineKind::Paragraph),
            ("item with © and *stars*", LineKind::ListItem { depth: 1 }),
            ("lazy continuation A", LineKind::Paragraph),
            ("", LineKind::ListItem { depth: 1 }),
            ("bold item", LineKind::ListItem { depth: 1 }),
            ("a & b | c", LineKind::TableRow { header: true }),
            ("1 | 2", LineKind::TableRow { header: false }),
        ]
    );
    // Each span is the line's own source text.
    assert_eq!(
        &text[o.lines[1].span.clone()],
        "second *line* of [the](https://x.y) paragraph"
    );
}

/// Commented-out HTML is not content: an `<h2>` or a text line inside
/// `<!-- ... -->` (closed or not) names no section and is no line.
#[test]
fn html_comments_hold_no_headings_or_text() {
    let text = "# Outage\n\n<!--\n<h2>Root Cause</h2>\nImpact: 30% of users\n-->\n\n<div>\n<h2>Timeline</h2>\n<!-- <h2>Summary</h2> -->\n</div>\n\n<div>\n<!-- <h2>Root cause</h2>\n";
    assert_eq!(styles(text), [(Html, "timeline".into())]);
    let (o, _) = outline(text);
    assert!(
        o.lines.iter().all(|l| !l.text.contains("Impact")),
        "{:?}",
        o.lines
    );
    // Spans of what remains still point at the source.
    let heading = o.lines.iter().find(|l| &*l.text == "Timeline").unwrap();
    assert_eq!(&text[heading.span.clone()], "<h2>Timeline</h2>");
}

/// A line that is one piece of the source borrows its text; a line whose
/// text was rebuilt (markup taken out, an entity decoded) owns it. Either
/// way the text is the same.
#[test]
fn line_texts_borrow_the_source_when_they_can() {
    let source = "## Root Cause\n\nA full disk.\nIt filled at  10:00 UTC.  \n\n- Alert at 80%\n\n**Timeline:** none\n\nTom &amp; Jerry\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n    indented code\n";
    let (o, _) = outline(source);
    let texts: Vec<(&str, bool)> = o
        .lines
        .iter()
        .map(|l| (&*l.text, matches!(l.text, std::borrow::Cow::Borrowed(_))))
        .collect();
    assert_eq!(
        texts,
        [
            ("Root Cause", true),
            ("A full disk.", true),
            ("It filled at  10:00 UTC.", true),
            ("Alert at 80%", true),
            ("Timeline: none", false),
            ("Tom & Jerry", false),
            ("a | b", false),
            ("1 | 2", false),
            ("indented code", true),
        ]
    );
    for (line, (text, borrowed)) in o.lines.iter().zip(&texts) {
        if *borrowed {
            // Borrowed from inside the line's own span of the source.
            let at = text.as_ptr() as usize - source.as_ptr() as usize;
            assert!(
                line.span.start <= at && at + text.len() <= line.span.end,
                "{line:?}"
            );
        }
    }
}

#[test]
fn long_hash_headings_named_by_their_label() {
    // A long `##` heading names its section by its label before the colon.
    let found = named(
        "## Root Cause and Resolution: the disk filled up because log rotation had been switched off on the host\nText.\n",
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].2, ["Root Cause", "Resolution"]);
    // Without a short label it names nothing.
    assert!(named("## The root cause of the outage was that log rotation had been switched off on the host\nText.\n").is_empty());
}

#[test]
fn atx_heading_swallowed_by_an_html_block() {
    // An HTML block opened by a tag runs to the next blank line: the `##`
    // line is its text, and a heading the author meant.
    let text = "# T\n<img src=\"a.png\">\n## Issue Summary ##\nDown 2 hours.\n";
    let (o, _) = outline(text);
    let kinds: Vec<LineKind> = o.lines.iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds,
        [
            LineKind::Heading {
                level: 1,
                setext: false
            },
            LineKind::HtmlAtx { level: 2 },
            LineKind::Html
        ]
    );
    assert_eq!(
        named(text),
        [(
            Atx,
            "issue summary".into(),
            vec!["Issue Summary".into()],
            true
        )]
    );
    let h = &o.headings[1];
    assert_eq!((h.level, &text[h.span.clone()]), (2, "## Issue Summary ##"));
    // After a blank line it is a heading like any other.
    assert_eq!(
        named("<img src=\"a.png\">\n\n## Root Cause\n"),
        [(Atx, "root cause".into(), vec!["Root Cause".into()], false)]
    );
    // Not in blocks that end at their own end tag or marker, not seven `#`s,
    // not without a space, and not a `#` line that names no section.
    assert_eq!(named("<pre>\n## Root Cause\n</pre>\n"), []);
    assert_eq!(named("<script>\n## Timeline\n</script>\n"), []);
    assert_eq!(named("<?php\n## Timeline\n?>\n"), []);
    assert_eq!(named("<div>\n####### Timeline\n</div>\n"), []);
    assert_eq!(named("<div>\n##Timeline\n</div>\n"), []);
    let (o, _) =
        outline("## Timeline\n- 10:00 UTC: start\n<div>\n# step 1\n</div>\n- 10:05 UTC: end\n");
    assert_eq!(o.headings.len(), 1);
    assert_eq!(o.lines[2].kind, LineKind::HtmlAtx { level: 1 });
    assert_eq!(o.lines[2].text, "# step 1");
}

/// The text of the Timeline section of `text`, trimmed.
fn timeline_text(text: &str) -> &str {
    let (o, _) = outline(text);
    let s = o
        .sections_named(crate::sections::ids::TIMELINE)
        .next()
        .expect("a Timeline section");
    text[s.span.clone()].trim_end()
}

#[test]
fn timeline_takes_its_phases_below_it_whatever_stands_between() {
    // A zone note or an introduction, then phases one level deeper.
    let text = "## Timeline\n\nAll times UTC.\n\n### Detection\n- 10:00 alert\n\n### Mitigation\n- 10:20 rollback\n\n## Root Cause\nDisk.\n";
    assert_eq!(
        timeline_text(text),
        "## Timeline\n\nAll times UTC.\n\n### Detection\n- 10:00 alert\n\n### Mitigation\n- 10:20 rollback"
    );
    // Bold phase headings below a `#` Timeline heading too.
    assert_eq!(
        timeline_text(
            "## Timeline\nAll times UTC.\n\n**Detection:**\n- 10:00 alert\n\n## Root Cause\nDisk.\n"
        ),
        "## Timeline\nAll times UTC.\n\n**Detection:**\n- 10:00 alert"
    );
    // A phase of the same level still ends a timeline with content of its
    // own, and a known section that is no phase ends it at any level.
    assert_eq!(
        timeline_text("## Timeline\nAll times UTC.\n\n## Detection\n- 10:00 alert\n"),
        "## Timeline\nAll times UTC."
    );
    assert_eq!(
        timeline_text(
            "## Timeline\nAll times UTC.\n\n### Detection\n- 10:00 alert\n\n### Impact\n10% of users.\n"
        ),
        "## Timeline\nAll times UTC.\n\n### Detection\n- 10:00 alert"
    );
    // After entries of the timeline's own, a phase heading below it is the
    // postmortem's section of that name.
    assert_eq!(
        timeline_text(
            "## Timeline\n- 10:00 alert\n- 10:20 rollback\n\n### Resolution\nThe flag was reverted.\n"
        ),
        "## Timeline\n- 10:00 alert\n- 10:20 rollback"
    );
    assert_eq!(
        timeline_text(
            "## Timeline\nAll times UTC.\n10:00 alert\n\n### Resolution\nThe flag was reverted.\n"
        ),
        "## Timeline\nAll times UTC.\n10:00 alert"
    );
    assert_eq!(
        timeline_text(
            "## Timeline\nT+0 alert\n\nT+20m rollback\n\n### Resolution\nThe flag was reverted.\n"
        ),
        "## Timeline\nT+0 alert\n\nT+20m rollback"
    );
    // After entries of its own, a phase holding entries is still its part.
    assert_eq!(
        timeline_text(
            "## Timeline\n- 21:40 rollout\n\n#### Detection\n- 00:10 alert\n\n#### Mitigation\n- 01:00 fixed\n\n## Root Cause\nDisk.\n"
        ),
        "## Timeline\n- 21:40 rollout\n\n#### Detection\n- 00:10 alert\n\n#### Mitigation\n- 01:00 fixed"
    );
    // A Resolution of prose whose sentences start with times is no phase.
    assert_eq!(
        timeline_text(
            "## Timeline\n- 14:00 UTC alert\n\n### Resolution\n\nAt 14:45 UTC the limit was restored.\n\nAt 14:30 UTC the pipeline was paused.\n"
        ),
        "## Timeline\n- 14:00 UTC alert"
    );
    // Notes as a list, and a sub-heading of background, are notes too.
    assert_eq!(
        timeline_text(
            "## Timeline\n- Times are UTC.\n\n### Detection\n- 10:00 alert\n\n## Root Cause\nDisk.\n"
        ),
        "## Timeline\n- Times are UTC.\n\n### Detection\n- 10:00 alert"
    );
    assert_eq!(
        timeline_text(
            "## Timeline\n### Background\n- The cluster was migrated last week.\n\n### Detection\n- 10:00 alert\n\n## Root Cause\nDisk.\n"
        ),
        "## Timeline\n### Background\n- The cluster was migrated last week.\n\n### Detection\n- 10:00 alert"
    );
}

#[test]
fn timeline_with_nothing_under_its_heading_takes_its_phases() {
    // Its phases as headings of the same level, known (Detection,
    // Resolution) or not (Actions Taken): all part of it, up to the next
    // required section.
    let text = "### Timeline\n\n### Issue Detection\n- 10:00 UTC: alert\n\n### Actions Taken\n- 10:05 UTC: restart\n\n### Resolution\n- 10:30 UTC: fixed\n\n### Root Cause\nDisk.\n";
    assert_eq!(
        timeline_text(text),
        "### Timeline\n\n### Issue Detection\n- 10:00 UTC: alert\n\n### Actions Taken\n- 10:05 UTC: restart\n\n### Resolution\n- 10:30 UTC: fixed"
    );
    let (o, _) = outline(text);
    let timeline = o
        .sections_named(crate::sections::ids::TIMELINE)
        .next()
        .unwrap();
    assert_eq!(timeline.content.len(), 3);
    // Plain lines too.
    assert_eq!(
        timeline_text("Timeline:\n\nDetection:\n- 10:00 UTC: alert\n\nRoot Cause:\nDisk.\n"),
        "Timeline:\n\nDetection:\n- 10:00 UTC: alert"
    );
    // A timeline with content of its own ends at the next same-level heading, as before.
    assert_eq!(
        timeline_text("### Timeline\n- 10:00 UTC: alert\n\n### Detection\n- a monitor\n"),
        "### Timeline\n- 10:00 UTC: alert"
    );
    // A known section that is no phase of a timeline (Impact, Lessons Learned) ends it.
    assert_eq!(
        timeline_text("## Timeline\n## Lessons Learned\nMore alerts.\n"),
        "## Timeline"
    );
    assert_eq!(
        timeline_text("## Timeline\n## Escalation\nPaged the DBA.\n## Impact\n10% of users.\n"),
        "## Timeline\n## Escalation\nPaged the DBA."
    );
    // A required section right after it, or a heading of a higher level, ends it.
    assert_eq!(
        timeline_text("## Timeline\n## Root Cause\nDisk.\n"),
        "## Timeline"
    );
    assert_eq!(
        timeline_text("### Timeline\n\n## Detection\n- 10:00 UTC: alert\n"),
        "### Timeline"
    );
    // Only the Timeline: an empty Root Cause does not take the Resolution after it.
    let (o, _) = outline("## Root Cause\n\n## Resolution\nRestarted.\n");
    let root = o
        .sections_named(crate::sections::ids::ROOT_CAUSE)
        .next()
        .unwrap();
    assert!(root.content.is_empty());
}

#[test]
fn plain_line_heading_only_by_place_must_head_something() {
    // First in its paragraph, no colon, not title case: a heading only when
    // a line of text follows it.
    assert_eq!(
        named("## Status\n\nComplete, action items in progress\n\n## Summary\nDown.\n")
            .into_iter()
            .map(|(_, t, _, _)| t)
            .collect::<Vec<_>>(),
        ["summary"]
    );
    assert_eq!(named("Text.\n\nComplete, action items in progress\n"), []);
    assert_eq!(
        styles("Root cause and resolution\n\nA typo in the config.\n"),
        [(Plain, "root cause and resolution".into())]
    );
    // A colon or title case makes it a heading wherever it stands.
    assert_eq!(
        styles("Root cause:\n\n## Summary\n"),
        [(Plain, "root cause".into()), (Atx, "summary".into())]
    );
    assert_eq!(
        styles("Root Cause\n\n## Summary\n"),
        [(Plain, "root cause".into()), (Atx, "summary".into())]
    );
}

/// German and French section names; the unaccented `resume` (an English
/// verb) names no section.
#[test]
fn german_and_french_section_names() {
    let names = |text: &str| -> Vec<String> {
        named(text).into_iter().flat_map(|(_, _, n, _)| n).collect()
    };
    let four = [
        "Issue Summary",
        "Timeline",
        "Root Cause",
        "Corrective Measures",
    ];
    assert_eq!(
        names("## Zusammenfassung\nx\n## Zeitlicher Ablauf\nx\n## Ursache\nx\n## Maßnahmen\nx\n"),
        four
    );
    assert_eq!(
        names("## Résumé\nx\n## Chronologie\nx\n## Cause racine\nx\n## Actions correctives\nx\n"),
        four
    );
    assert_eq!(names("### Resume traffic\nx\n"), Vec::<String>::new());
    assert_eq!(names("## Follow Ups\nx\n"), ["Corrective Measures"]);
}

#[test]
fn spanish_overview_and_parenthesised_hints() {
    // `Descripción general` is an overview: the summary.
    assert_eq!(
        named("## Descripción General del Incidente\nCaída de 15 minutos.\n"),
        [(
            Atx,
            "descripción general del incidente".into(),
            vec!["Issue Summary".into()],
            false
        )]
    );
    assert_eq!(
        named("## Resumen\nCaída.\n")[0].2,
        vec!["Issue Summary".to_owned()]
    );
    assert_eq!(
        named("### Incident Description:\nThe firewall failed.\n")[0].2,
        vec!["Issue Summary".to_owned()]
    );
    // An outage's description beside a summary is its details, not a second summary.
    assert_eq!(named("### Outage Description\nDetails.\n"), []);
    // A line wholly in parentheses is a template's hint, not a heading, even
    // when it names a section.
    assert_eq!(
        named("**Qué Funcionó Bien:**  \n*(Procesos efectivos de detección o mitigación)*\n"),
        []
    );
    assert_eq!(named("(Timeline)\n- 10:00 UTC: alert\n"), []);
    assert_eq!(
        styles("*Timeline (all times UTC)*\n- 10:00 UTC: alert\n"),
        [(Bold, "timeline (all times utc)".into())]
    );
}

#[test]
fn label_and_dash_is_a_field_not_a_heading() {
    assert_eq!(
        named(
            "Intro.\n\n❌ **Configuration rigidity** – Hardcoded values prevented rapid remediation\n\nMore.\n"
        ),
        []
    );
    assert_eq!(named("Root cause - a full disk\n\nMore.\n"), []);
    // A wholly bold line stays a heading, and so does a hyphenated word.
    assert_eq!(
        styles("**Root Cause – Disk**\nFull.\n"),
        [(Bold, "root cause disk".into())]
    );
    assert_eq!(
        styles("Post-incident corrective measures\nAlerts.\n"),
        [(Plain, "post-incident corrective measures".into())]
    );
}

#[test]
fn plain_question_alone_in_its_paragraph_is_a_heading() {
    let found = named("Intro.\n\nWhat was the root cause?\n\nA full disk.\n");
    assert_eq!(
        found,
        [(
            Plain,
            "what was the root cause?".into(),
            vec!["Root Cause".into()],
            false
        )]
    );
    // Up to twelve words for a question.
    let found = named("What are we doing to prevent it from happening again?\n\n- Alerts.\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].2, ["Corrective Measures"]);
    // Not a heading: a question with text in its paragraph, the prompt
    // right under a heading, a bold (FAQ) question, one naming nothing,
    // one with nothing after it, and one over twelve words.
    assert!(named("Intro.\n\nWhat was the root cause?\nA full disk.\n").is_empty());
    let under = named("### Timeline:\nWhat was the exact timeline of the events?\n\n10:00 alert\n");
    assert_eq!(under.len(), 1, "{under:?}");
    assert_eq!(under[0].0, Atx);
    assert!(named("Intro.\n\n**Does this change impact our security?**\n\nNo.\n").is_empty());
    assert!(named("Intro.\n\nHow did we fix it?\n\nA restart.\n").is_empty());
    assert!(named("Intro.\n\nWhat was the root cause?\n").is_empty());
    assert!(
        named("Intro.\n\nWhy did the root cause we found on the first night take so many weeks to fix?\n\nText.\n")
            .is_empty()
    );
}

#[test]
fn words_in_parentheses_are_not_counted() {
    let found =
        named("Timeline (all in West Africa Time on the 12th of August 2023):\n- 10:00 alert\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].2, ["Timeline"]);
    // Over the limit only with them: named by the words outside them.
    assert!(
        named("Actions taken (what was assumed about the root cause of the issue)\nText.\n")
            .is_empty()
    );
    // Only a closing parenthesis is left out.
    assert!(
        named("Timeline (in UTC) of every step the whole team took that night:\n- 10:00 alert\n")
            .is_empty()
    );
    // Still over the limit without them.
    assert!(
        named("Timeline of every step the whole team took that night (UTC):\n- 10:00 alert\n")
            .is_empty()
    );
}

#[test]
fn lead_in_sentence_is_not_a_heading() {
    assert!(named("Our recommendations are to:\n\n- Rotate tokens.\n").is_empty());
    assert!(named("The corrective steps taken were:\n- Restart.\n").is_empty());
    // A title ends in a noun.
    assert_eq!(
        named("Our recommendations:\n\n- Rotate tokens.\n")[0].2,
        ["Corrective Measures"]
    );
    // Bold labels are left as they were.
    assert_eq!(
        named("**Recommendations for**\n\n- Rotate tokens.\n").len(),
        1
    );
}

#[test]
fn short_capitalised_label_inside_a_paragraph() {
    let found =
        named("The database locked because of the writes\nRoot cause\nA missing load test.\n");
    assert_eq!(
        found,
        [(Plain, "root cause".into(), vec!["Root Cause".into()], true)]
    );
    // More than three words in sentence case, or lower case, stay prose.
    assert!(named("The database locked\nRoot cause of the lock\nwas a test.\n").is_empty());
    assert!(named("The database locked\nroot cause\nwas a test.\n").is_empty());
}

/// A postmortem's title names no section; a first `#` heading that is only
/// a section's name, or with text under it and the only heading naming its
/// section, or beside other `#` headings, does.
#[test]
fn a_title_names_no_section() {
    let under = "\n\n## Summary\nx y z.\n";
    for title in [
        "# RCA: Checkout outage on 2024-03-05",
        "# Root Cause Analysis – checkout outage",
        "# Root cause analysis of the checkout outage",
    ] {
        let text = format!("{title}{under}");
        let names: Vec<String> = named(&text).into_iter().map(|(_, t, _, _)| t).collect();
        assert_eq!(names, ["summary"], "{title}");
    }
    // Text under the title is the preamble when the title calls the
    // document by name before its colon or dash, or when the sections it
    // names are named again below it.
    for (text, expected) in [
        (
            "# Post-mortem – DNS resolution failures\n\nStart: 10:00 UTC.\n\n## Summary\nx y z.\n",
            &["summary"][..],
        ),
        // The first separator splits the title, whichever it is.
        (
            "# Postmortem – DNS resolution: build farm\n\nThe resolvers failed.\n\n## Summary\nx.\n",
            &["summary"][..],
        ),
        (
            "# Postmortem: Recovery from the database failure\n\nDuration: 1 hour.\n\n## Summary\nx.\n",
            &["summary"][..],
        ),
        // Only fields under it: the document's details.
        (
            "# DNS resolution failures in the build farm\n\nStart: 10:00 UTC. End: 11:00 UTC.\n\n## Summary\nx.\n",
            &["summary"][..],
        ),
        (
            "# Postmortem: DNS resolution failures\n\nStart: 10:00 UTC.\n\n## Summary\nx y z.\n",
            &["summary"][..],
        ),
        (
            "# Root Cause Analysis – checkout outage\n\nOn May 4.\n\n## Summary\nx.\n\n## Root Cause\ny.\n",
            &["summary", "root cause"][..],
        ),
    ] {
        let names: Vec<String> = named(text).into_iter().map(|(_, t, _, _)| t).collect();
        assert_eq!(names, expected, "{text:?}");
    }
    for (text, first) in [
        ("# Issue Summary\n\n## Duration\nx y z.\n", "issue summary"),
        (
            "# Root Cause: checkout\n\nThe disk filled up.\n\n## Details\nx.\n",
            "root cause: checkout",
        ),
        (
            "# Lessons learned from the checkout outage on 5 March\n\n- The failover took 4 minutes\n\n## Summary\nx.\n",
            "lessons learned from the checkout outage on 5 march",
        ),
        (
            "# Postmortem: Summary of the checkout outage\n\nCheckout failed.\n\n## Timeline\n- 10:00 a\n",
            "postmortem: summary of the checkout outage",
        ),
        (
            "# Incident: Timeline of the checkout outage\n\n- 10:00 UTC: a\n\n## Root Cause\nx.\n",
            "incident: timeline of the checkout outage",
        ),
        (
            "# Postmortem: Summary: checkout outage\n\nCheckout failed.\n\n## Timeline\n- 10:00 a\n",
            "postmortem: summary: checkout outage",
        ),
        (
            "# Summary of the checkout outage on 5 March\n\nDuration: 90 minutes\n\n## Timeline\n- 10:00 a\n",
            "summary of the checkout outage on 5 march",
        ),
        (
            "# Home timeline fails to load\n\nThe feed crashed.\n\n## Summary\nx.\n",
            "home timeline fails to load",
        ),
        // Fields under a required section's name may be its content.
        (
            "# Checkout outage timeline, 5 March 2024\n\nDetected: 10:02\nResolved: 11:30\n\n## Summary\nx.\n",
            "checkout outage timeline, 5 march 2024",
        ),
        (
            "# Home timeline fails to load\n\n**Impact:** all customers\n\n## Summary\nx.\n",
            "home timeline fails to load",
        ),
        (
            "# Root Cause: checkout\n\n## Details\nx.\n\n# Timeline\n- 10:00 a\n",
            "root cause: checkout",
        ),
    ] {
        assert_eq!(named(text)[0].1, first, "{text:?}");
    }
}

/// A bare `Summary` or `Overview` field inside a section another heading
/// names summarises that section; at the top, or under a heading naming
/// nothing, it is the Issue Summary.
#[test]
fn summary_of_another_section() {
    let names = |text: &str| {
        named(text)
            .into_iter()
            .map(|(_, text, _, _)| text)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names("## Impact\nSummary:\nonly 5% of users.\n"),
        ["impact"]
    );
    assert_eq!(
        names("## Root Cause\n**Overview**\nA full disk.\n"),
        ["root cause"]
    );
    assert_eq!(
        names("# Checkout outage\n**Summary:**\nCheckout failed.\n"),
        ["summary"]
    );
    assert_eq!(
        names("## Impact\n**Impact summary**\n5% of users.\n## Notes\n**Summary**\nx\n"),
        ["impact", "impact summary", "summary"]
    );
    // A title naming a section is the document's, not a section.
    assert_eq!(
        names("# Impact of the EU outage\n**Summary:**\nCheckout failed.\n"),
        ["impact of the eu outage", "summary"]
    );
}

/// A dotted name from code alone on its line is no heading.
#[test]
fn dotted_names_are_not_headings() {
    assert_eq!(
        named("## Root Cause\nThe query reads\nMetricsReport.Summary\n").len(),
        1
    );
    assert_eq!(named("Intro.\n\nincident.timeline\nmore\n"), []);
    assert_eq!(named("Intro.\n\n**UploadJob.Timeline**\nmore\n"), []);
    // A title with a dot elsewhere still is one.
    assert_eq!(
        named("Intro.\n\nRoot Cause (v2.1):\nA full disk.\n").len(),
        1
    );
}

/// A row's cells by their byte ranges, as the outline joins them; a text
/// with no separator is one cell, an empty last cell is kept.
#[test]
fn cell_ranges_of_a_row() {
    let cells = |text: &'static str| -> Vec<&'static str> {
        crate::outline::cell_ranges(text)
            .map(|r| &text[r])
            .collect()
    };
    assert_eq!(cells("Date | 10:00 | "), ["Date", "10:00", ""]);
    assert_eq!(cells("one"), ["one"]);
    assert_eq!(cells(""), [""]);
}
