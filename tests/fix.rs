//! Properties of `--fix` over every fixture and every corpus file: a fix only
//! inserts text (every original character is still there, in order), the
//! fixed text no longer has the fixed problems, and fixing twice changes
//! nothing the second time.

use pmlint::config::Config;
use pmlint::fix::{apply, fix_until_stable, keeps_original};
use pmlint::{LintOptions, lint};
use std::path::{Path, PathBuf};

mod common;
use common::{HIDDEN_GLUED, HIDDEN_GLUED_FIXED};

fn markdown_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            markdown_below(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

/// Fixes one text twice; returns (fixes applied the first time, fixed codes).
fn check(path: &Path, text: &str) -> (usize, Vec<&'static str>) {
    let config = Config::default();
    let options = LintOptions::default();
    let before = lint(text, path, &config, &options);
    let (fixed, applied) = apply(text, &before);
    assert!(
        keeps_original(text, &fixed),
        "{}: a fix removed text",
        path.display()
    );
    let fixed_codes: Vec<&'static str> = before
        .iter()
        .filter(|d| d.fix.is_some())
        .map(|d| d.code)
        .collect();
    let after = lint(&fixed, path, &config, &options);
    for code in ["PM001", "PM002", "PM003", "PM004", "PM007"] {
        assert!(
            !(fixed_codes.contains(&code) && after.iter().any(|d| d.code == code)),
            "{}: {code} still reported after its fix:\n{fixed}",
            path.display()
        );
    }
    // PM009's fix is for a heading inside an HTML block (not a paragraph).
    assert!(
        !(fixed_codes.contains(&"PM009")
            && after
                .iter()
                .any(|d| d.code == "PM009" && d.message.contains("HTML block"))),
        "{}: a heading is still inside an HTML block after its fix:\n{fixed}",
        path.display()
    );
    let (again, second) = apply(&fixed, &after);
    assert_eq!(
        second,
        0,
        "{}: a second --fix applied {second} fixes",
        path.display()
    );
    assert_eq!(again, fixed);
    (applied, fixed_codes)
}

#[test]
fn fixes_keep_text_and_are_idempotent_on_fixtures() {
    let mut files = Vec::new();
    markdown_below(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut files,
    );
    let mut applied = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        applied += check(f, &text).0;
    }
    assert!(
        applied >= 10,
        "only {applied} fixes applied over {} fixtures",
        files.len()
    );
}

#[test]
fn fixes_keep_text_and_are_idempotent_on_the_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipping: no corpus");
        return;
    }
    let mut files = Vec::new();
    markdown_below(&corpus, &mut files);
    let (mut changed, mut applied) = (0, 0);
    let mut per_code = std::collections::BTreeMap::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let (n, codes) = check(f, &text);
        if n > 0 {
            changed += 1;
        }
        applied += n;
        for c in codes {
            *per_code.entry(c).or_insert(0) += 1;
        }
    }
    eprintln!(
        "corpus: {} files, {changed} changed, {applied} fixes applied, per code {per_code:?}",
        files.len()
    );
    assert!(changed > 50);
}

#[test]
fn skeleton_goes_in_the_usual_place_at_the_documents_level() {
    let text = "# Outage\n\n### Issue Summary\nDown 2 hours from 10:00 to 12:00 UTC; 10% of users.\n\n### Root Cause\nDisk.\n";
    let diags = lint(
        text,
        Path::new("x.md"),
        &Config::default(),
        &LintOptions::default(),
    );
    let (fixed, n) = apply(text, &diags);
    assert_eq!(n, 2);
    assert_eq!(
        fixed,
        "# Outage\n\n### Issue Summary\nDown 2 hours from 10:00 to 12:00 UTC; 10% of users.\n\n### Timeline\n\nTODO: write the Timeline section.\n\n### Root Cause\nDisk.\n\n### Corrective Measures\n\nTODO: write the Corrective Measures section.\n"
    );
    // The skeletons are still flagged as empty until they are filled.
    assert_eq!(codes(&fixed), ["PM005", "PM005"]);
}

/// The codes of `text`'s diagnostics, linted with the default config.
fn codes(text: &str) -> Vec<&'static str> {
    lint(
        text,
        Path::new("x.md"),
        &Config::default(),
        &LintOptions::default(),
    )
    .iter()
    .map(|d| d.code)
    .collect()
}

/// `text` linted with the default config and its fixes applied.
fn lint_and_fix(text: &str) -> String {
    let diags = lint(
        text,
        Path::new("x.md"),
        &Config::default(),
        &LintOptions::default(),
    );
    apply(text, &diags).0
}

#[test]
fn a_missing_summary_goes_before_the_first_section_whatever_their_order() {
    let text = "# Checkout outage report for March\n\n## Root Cause\nDisk.\n\n## Timeline\n- 10:00 UTC: down\n";
    let fixed = lint_and_fix(text);
    assert!(
        fixed.starts_with(
            "# Checkout outage report for March\n\n## Issue Summary\n\nTODO: write the Issue Summary section.\n\n## Root Cause\n"
        ),
        "{fixed}"
    );
}

/// A glued heading in bold moves with its markers: `**` left behind would
/// open an emphasis that swallows the next text.
#[test]
fn glued_bold_heading_moves_with_its_markers() {
    for (glued, heading) in [
        ("**Root Cause**", "## **Root Cause**"),
        ("__Root Cause:__", "## __Root Cause:__"),
        ("*Root Cause*", "## *Root Cause*"),
    ] {
        let text = format!(
            "## Timeline\n\n- 10:00 UTC: alert\n\nWe closed it at 10:45 UTC.{glued}\n\nA disk.\n"
        );
        let fixed = lint_and_fix(&text);
        assert!(
            fixed.contains(&format!(
                "We closed it at 10:45 UTC.\n\n{heading}\n\nA disk.\n"
            )),
            "{fixed}"
        );
    }
}

/// A heading glued with its own `#`s keeps them, and no skeleton of the
/// section it names is added: before, PM007 missed it and `--fix` added a
/// second `## Root Cause` while the real one stayed glued.
#[test]
fn glued_atx_heading_keeps_its_hashes() {
    for (glued, fixed_line) in [
        ("resolved.## Root Cause", "resolved.\n\n## Root Cause\n"),
        (
            "resolved. ### Root Cause:",
            "resolved. \n\n### Root Cause:\n",
        ),
        ("resolved!# Timeline", "resolved!\n\n# Timeline\n"),
    ] {
        let text = format!(
            "## Timeline\n\n- 10:00 UTC: alert\n\nBy 10:45 UTC it was {glued}\nA disk filled up.\n"
        );
        let codes = codes(&text);
        assert!(codes.contains(&"PM007"), "{glued}: {codes:?}");
        let fixed = lint_and_fix(&text);
        assert!(
            fixed.contains(&format!(
                "By 10:45 UTC it was {fixed_line}A disk filled up.\n"
            )),
            "{fixed}"
        );
        // The glued heading is the section: no skeleton of it is added.
        let name = glued
            .rsplit('#')
            .next()
            .unwrap()
            .trim()
            .trim_end_matches(':');
        assert!(
            !fixed.contains(&format!("TODO: write the {name} section")),
            "{fixed}"
        );
    }
}

#[test]
fn glued_heading_is_moved_to_its_own_line() {
    let text = "## Timeline\n- 10:00 UTC: restored.Root Cause and Resolution\nA disk.\n";
    let fixed = lint_and_fix(text);
    assert!(
        fixed.contains("- 10:00 UTC: restored.\n\n## Root Cause and Resolution\nA disk.\n"),
        "{fixed}"
    );
}

#[test]
fn heading_inside_an_html_block_gets_a_blank_line_before_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/PM009");
    let bad = std::fs::read_to_string(dir.join("bad-heading-after-html-line.md")).unwrap();
    let good = std::fs::read_to_string(dir.join("good-blank-line-after-html.md")).unwrap();
    let diags = lint(
        &bad,
        Path::new("x.md"),
        &Config::default(),
        &LintOptions::default(),
    );
    let (fixed, n) = apply(&bad, &diags);
    assert_eq!(n, 1);
    assert_eq!(fixed, good);
    // The same with CRLF line endings: the inserted line ending is the document's.
    let crlf = bad.replace('\n', "\r\n");
    let diags = lint(
        &crlf,
        Path::new("x.md"),
        &Config::default(),
        &LintOptions::default(),
    );
    assert_eq!(apply(&crlf, &diags).0, good.replace('\n', "\r\n"));
}

#[test]
fn fix_repeats_until_no_fix_applies_and_inserts_skeletons_last() {
    let config = Config::default();
    let options = LintOptions::default();
    let path = Path::new("pm.md");
    let lint_text = |t: &str| lint(t, path, &config, &options);
    let before = lint_text(HIDDEN_GLUED);
    // One pass is not enough: the hidden Corrective Measures is reported missing.
    assert!(before.iter().any(|d| d.code == "PM004"), "{before:?}");
    let fixed = fix_until_stable(HIDDEN_GLUED, &before, lint_text);
    assert_eq!(fixed.text, HIDDEN_GLUED_FIXED);
    // Timeline moved and the HTML block ended; then Corrective Measures,
    // found once the lines after the block's heading were Markdown; then the
    // Issue Summary skeleton (no Corrective Measures skeleton).
    assert_eq!((fixed.applied, fixed.passes), (4, 3));
    assert!(keeps_original(HIDDEN_GLUED, &fixed.text));
    // The three passes as insertions into the text as it was (what an
    // editor's "fix all" applies): the Issue Summary skeleton goes inside
    // the Timeline move's insertion, before its `## `.
    let edits = fixed.edits.as_ref().expect("only insertions");
    let at = |s: &str| HIDDEN_GLUED.find(s).unwrap();
    let edits: Vec<(std::ops::Range<usize>, &str)> = edits
        .iter()
        .map(|f| (f.span.clone(), f.replacement.as_str()))
        .collect();
    assert_eq!(
        edits,
        [
            (
                at("Timeline")..at("Timeline"),
                "\n\n## Issue Summary\n\nTODO: write the Issue Summary section.\n\n## "
            ),
            (at("## Root")..at("## Root"), "\n"),
            (at("Corrective")..at("Corrective"), "\n\n## "),
        ]
    );
    let after = fixed.diagnostics.expect("fixes applied");
    assert_eq!(after, lint_text(&fixed.text));
    assert!(after.iter().all(|d| d.fix.is_none()), "{after:?}");
    let again = fix_until_stable(&fixed.text, &after, lint_text);
    assert_eq!(
        (again.applied, again.passes, again.text),
        (0, 0, fixed.text)
    );
}

#[test]
fn a_skeleton_fix_alone_before_a_glued_heading_keeps_the_sentence_in_its_section() {
    // An editor applies one quick fix at a time: the Timeline skeleton goes
    // before `Root Cause`, which is glued to the summary's sentence.
    let text = "# O\n\n## Summary\n\nFrom 09:00 to 09:45 UTC 12% of users saw timeouts.Root Cause\n\nDisk full.\n\n## Corrective Measures\n\n- Alert on disk usage.\n";
    let lint_text = |t: &str| {
        lint(
            t,
            Path::new("x.md"),
            &Config::default(),
            &LintOptions::default(),
        )
    };
    let diags = lint_text(text);
    let pm002 = diags.iter().find(|d| d.code == "PM002").expect("PM002");
    let fix = pm002.fix.as_ref().expect("a skeleton");
    let mut fixed = text.to_string();
    fixed.replace_range(fix.span.clone(), &fix.replacement);
    assert!(pmlint::fix::keeps_original(text, &fixed));
    assert!(
        fixed.contains(
            "saw timeouts.\n\n## Timeline\n\nTODO: write the Timeline section.\n\nRoot Cause\n"
        ),
        "{fixed}"
    );
    let after: Vec<&str> = lint_text(&fixed).iter().map(|d| d.code).collect();
    assert_eq!(after, ["PM005"], "only the new Timeline is empty: {fixed}");
}

/// With `keywords` replacing a section's names, its skeleton's heading is a
/// keyword (the display name would name nothing), so `--fix` adds one
/// section and converges.
#[test]
fn a_skeleton_names_its_section_when_keywords_replace_the_names() {
    let config = Config::parse(
        "[sections.root-cause]\nkeywords = [\"why it happened\"]\n\n[[sections.custom]]\nname = \"Customer Communication\"\nkeywords = [\"comms\"]\n",
        Path::new("pmlint.toml"),
        &pmlint::catalogue::codes(),
    )
    .expect("valid config");
    let text = "# T\n\n## Summary\n\nFrom 10:00 to 10:30 UTC 5% of logins failed.\n\n## Timeline\n\n- 10:00 UTC: alert\n- 10:30 UTC: fixed\n\n## Action items\n\n- Add a test.\n";
    let path = Path::new("pm.md");
    let options = LintOptions::default();
    let before = lint(text, path, &config, &options);
    let fixed = fix_until_stable(text, &before, |t| lint(t, path, &config, &options));
    assert_eq!(fixed.applied, 2, "{}", fixed.text);
    assert_eq!(
        fixed.text.matches("## Why it happened\n").count(),
        1,
        "{}",
        fixed.text
    );
    assert_eq!(
        fixed.text.matches("## Comms\n").count(),
        1,
        "{}",
        fixed.text
    );
    let after = fixed.diagnostics.expect("fixes applied");
    assert!(
        !after.iter().any(|d| d.code == "PM003" || d.code == "PM010"),
        "{after:?}"
    );
}

/// A fix that does not remove its diagnostic is applied once, not once per pass.
#[test]
fn a_fix_that_comes_back_is_not_applied_again() {
    use pmlint::diagnostic::{Diagnostic, Fix};
    let lint_text = |t: &str| {
        vec![
            Diagnostic::new("PM003", 0..0, "missing".to_owned()).with_fix(Fix {
                span: t.len()..t.len(),
                replacement: "\n## X\n".to_owned(),
            }),
        ]
    };
    let text = "# T\n";
    let fixed = fix_until_stable(text, &lint_text(text), lint_text);
    assert_eq!((fixed.applied, fixed.passes), (1, 1));
    assert_eq!(fixed.text, "# T\n\n## X\n");
}

/// PM007's and PM009's fixes start a heading on a line of its own; they are
/// not offered where that would change how the lines after it read: an
/// indented continuation line would become a code block, a fence after an
/// HTML block would open one, and a heading moved out of a block quote
/// would split the quote.
#[test]
fn heading_fixes_leave_the_following_text_as_it_reads() {
    let head = "# DB outage\n\n## Issue Summary\n\nFrom 10:00 to 10:45 UTC (45 minutes) 30% of users could not pay.\n\n## Timeline\n\n- 10:00 UTC: alerts fire\n- 10:45 UTC: restored\n\n";
    let tail = "\n## Corrective Measures\n\n- Add a disk alert.\n";
    for (body, code) in [
        (
            "It came back.Root Cause\n    The disk filled overnight.\n",
            "PM007",
        ),
        (
            "It came back.Root Cause\n\tThe disk filled overnight.\n",
            "PM007",
        ),
        (
            "> It came back.Root Cause\n> The disk filled overnight.\n",
            "PM007",
        ),
        ("<div>\n## Root Cause\n~~~\nThe disk filled.\n", "PM009"),
        (
            "<div>\n## Root Cause\n    The disk filled overnight.\n",
            "PM009",
        ),
    ] {
        let text = format!("{head}{body}{tail}");
        let diags = lint(
            &text,
            Path::new("x.md"),
            &Config::default(),
            &LintOptions::default(),
        );
        let d = diags.iter().find(|d| d.code == code);
        assert!(d.is_some_and(|d| d.fix.is_none()), "{body:?}: {diags:?}");
        assert_eq!(lint_and_fix(&text), text, "{body:?}");
    }
    // The same with the next line not indented: fixed.
    for body in [
        "It came back.Root Cause\n  The disk filled overnight.\n",
        "<div>\n## Root Cause\nThe disk filled.\n",
    ] {
        let text = format!("{head}{body}{tail}");
        assert_ne!(lint_and_fix(&text), text, "{body:?}");
    }
}

/// A glued heading whose PM007 is suppressed stays on its line: the
/// skeleton that would go before it (breaking the line) is not offered.
#[test]
fn a_suppressed_glued_heading_keeps_its_line_whole() {
    let text = "# DB outage\n\n## Issue Summary\n\nFrom 10:00 to 10:45 UTC (45 minutes) 30% of users could not pay.\n\n<!-- pmlint-disable-next-line PM007 -->\nIt came back.Root Cause\n\nThe disk filled.\n\n## Corrective Measures\n\n- Add a disk alert.\n";
    let diags = lint(
        text,
        Path::new("x.md"),
        &Config::default(),
        &LintOptions::default(),
    );
    let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["PM002"]);
    assert!(diags[0].fix.is_none());
    assert_eq!(lint_and_fix(text), text);
}
