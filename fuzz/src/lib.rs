//! The checks behind the fuzz targets, one function per target, each taking
//! the raw input bytes. The targets in `fuzz_targets/` only call these; the
//! main crate's `tests/fuzz_regressions.rs` includes this very file (with
//! `#[path]`) and runs the same checks on every input a fuzzer ever flagged,
//! so the regression tests cannot drift from what was fuzzed.
//!
//! Every check: no panic (overflow checks are on in fuzz builds and tests),
//! and every span a valid byte range of its text on char boundaries.

use pmlint::config::Config;
use pmlint::diagnostic::Diagnostic;
use pmlint::render::{FileReport, Format, RenderOptions};
use pmlint::suppression::{self, Scope};
use pmlint::time::{self, DateOrder, Timestamp};
use pmlint::{LintOptions, lint};
use std::ops::Range;
use std::path::Path;

/// Asserts that `span` is a byte range of `text` on char boundaries.
pub fn check_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} out of a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on char boundaries"
    );
}

/// Asserts every span of every diagnostic (primary, labels, fix) is valid in `text`.
pub fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        check_span(text, &d.span, d.code);
        for l in &d.labels {
            check_span(text, &l.span, d.code);
        }
        if let Some(f) = &d.fix {
            check_span(text, &f.span, d.code);
        }
    }
}

/// Lints `text` as `f.md` with `config` and checks the spans.
pub fn lint_checked(text: &str, config: &Config) -> Vec<Diagnostic> {
    let diagnostics = lint(text, Path::new("f.md"), config, &LintOptions::default());
    check_diagnostics(text, &diagnostics);
    diagnostics
}

/// Runs every renderer (and the statistics forms) over one report: each
/// succeeds and writes UTF-8; JSON and SARIF output parse as JSON.
pub fn render_all(text: &str, diagnostics: Vec<Diagnostic>, config: &Config) {
    let report = FileReport {
        path: "f.md".to_string(),
        source: text.to_string(),
        diagnostics,
        rules_run: pmlint::lint::enabled_codes(config, &LintOptions::default(), Path::new("f.md")),
        rendered: None,
    };
    let files = [report];
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
    ] {
        // Colour changes only the human output.
        let colors: &[bool] = if format == Format::Human {
            &[false, true]
        } else {
            &[false]
        };
        for &color in colors {
            let mut out = Vec::new();
            let options = RenderOptions {
                color,
                quiet: false,
            };
            pmlint::render::render(format, &files, options, &mut out)
                .expect("render into a Vec never fails");
            // Rendered early (on the linting thread, the text dropped), the
            // output is the same.
            let mut early = files[0].clone();
            if early.render_early(format, color) {
                let mut again = Vec::new();
                pmlint::render::render(format, std::slice::from_ref(&early), options, &mut again)
                    .expect("render into a Vec never fails");
                assert_eq!(again, out, "{format:?} rendered early differs");
            }
            let out = String::from_utf8(out).expect("renderer output is UTF-8");
            if matches!(format, Format::Json | Format::Sarif) {
                serde_json::from_str::<serde_json::Value>(&out)
                    .unwrap_or_else(|e| panic!("{format:?} output is not JSON: {e}\n{out}"));
            }
        }
        if format.supports_statistics() {
            let options = RenderOptions {
                color: false,
                quiet: true,
            };
            let mut out = Vec::new();
            pmlint::render::render_statistics(format, &files, options, &mut out)
                .expect("statistics into a Vec never fail");
        }
    }
}

/// Target `lint`: the whole lint of a document (UTF-8 only) with the default
/// config, then every renderer over the result.
pub fn lint_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = Config::default();
    let diagnostics = lint_checked(text, &config);
    render_all(text, diagnostics, &config);
}

/// Target `fix`: what `--fix` does (lint → apply the fixes → lint again,
/// until no fix applies) keeps every original character, in order; a second
/// `--fix` of the fixed text changes nothing; the diagnostics it reports are
/// those of the fixed text.
pub fn fix_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = Config::default();
    let diagnostics = lint_checked(text, &config);
    let lint = |t: &str| lint_checked(t, &config);
    let fixed = pmlint::fix::fix_until_stable(text, &diagnostics, lint);
    assert!(
        pmlint::fix::keeps_original(text, &fixed.text),
        "a fix lost text\n--- original\n{text:?}\n--- fixed\n{:?}",
        fixed.text
    );
    // The passes as insertions into the original (an editor's "fix all"):
    // by offset, one per offset, and they make the same text.
    let edits = fixed.edits.as_ref().expect("pmlint's fixes only insert");
    assert!(
        edits.iter().all(|f| f.span.is_empty())
            && edits.windows(2).all(|w| w[0].span.start < w[1].span.start),
        "edits not insertions by offset: {edits:?}"
    );
    let edits: Vec<&pmlint::diagnostic::Fix> = edits.iter().collect();
    assert_eq!(
        pmlint::fix::splice(text, &edits),
        fixed.text,
        "the edits do not make the fixed text\n--- original\n{text:?}"
    );
    let Some(after) = fixed.diagnostics else {
        assert_eq!(fixed.text, text, "no fix applied, yet the text changed");
        return;
    };
    assert_eq!(
        after,
        lint_checked(&fixed.text, &config),
        "the diagnostics reported are not those of the fixed text"
    );
    let again = pmlint::fix::fix_until_stable(&fixed.text, &after, lint);
    assert!(
        again.applied == 0 && again.text == fixed.text,
        "a second fix changed the text\n--- original\n{text:?}\n--- fixed\n{:?}\n\
         --- fixed again\n{:?}",
        fixed.text,
        again.text
    );
}

/// A small postmortem the `config` target lints with every config that parses.
const CONFIG_DOC: &str = "# Outage\n\n## Summary\nThe API was down from 10:00 to 11:30 UTC.\n\n\
## Timeline\n- 10:00 UTC alerts\n- 09:15 UTC paged\n\n## Root Cause\nA disk.\n";

/// Target `config`: `Config::parse` over arbitrary text (UTF-8 only), with
/// and without the rule-code check. An error must render (codespan, plain,
/// one line, line and column); a config that parses must answer its path
/// questions and drive a lint of a small postmortem and of the text itself.
pub fn config_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let codes = pmlint::catalogue::codes();
    for known in [&codes[..], &[]] {
        match Config::parse(text, Path::new("dir/pmlint.toml"), known) {
            Ok(config) => {
                for path in ["f.md", "dir/f.md", "dir/drafts/a.md", "/abs/x.md", "é/ü.md"] {
                    let _ = config.is_excluded(Path::new(path));
                    let _ = config.per_file_ignores(Path::new(path));
                }
                let _ = config.date_order();
                for code in &codes {
                    let _ = config.severity_for(code);
                }
                let diagnostics = lint_checked(CONFIG_DOC, &config);
                lint_checked(text, &config);
                render_all(CONFIG_DOC, diagnostics, &config);
            }
            Err(e) => {
                assert_eq!(e.source, text);
                let _ = e.line_col();
                assert!(!e.render_plain().is_empty());
                let mut colored = codespan_reporting::term::termcolor::Buffer::ansi();
                e.render(&mut colored).expect("render into a buffer");
                assert!(!e.to_line().is_empty());
            }
        }
    }
}

/// Every `<!-- ... -->` of `text`: (byte range of the comment, inner text trimmed).
fn html_comments(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(i) = text[pos..].find("<!--") {
        let start = pos + i;
        let inner = start + 4;
        let Some(j) = text[inner..].find("-->") else {
            break;
        };
        let end = inner + j + 3;
        out.push((start..end, text[inner..inner + j].trim().to_string()));
        pos = end;
    }
    out
}

/// Target `suppression`: the whole lint (comments found by the outline, as
/// in a run); then `suppression::parse` over every `<!-- ... -->` found by a
/// plain scan, `apply` to diagnostics of every rule spread over the text, and
/// `unused`: spans stay in the text, `apply` only removes.
pub fn suppression_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    lint_checked(text, &Config::default());

    let mut parsed = suppression::parse(text, &html_comments(text));
    for s in &parsed.list {
        check_span(text, &s.span, "suppression");
        assert!(
            s.covers.end <= text.len(),
            "cover {:?} past the end",
            s.covers
        );
        if s.scope == Scope::NextLine {
            check_span(text, &s.covers, "next-line cover");
        }
    }
    check_diagnostics(text, &parsed.unknown);
    let codes = pmlint::catalogue::codes();
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let step = (boundaries.len() / 8).max(1);
    let mut diagnostics: Vec<Diagnostic> = boundaries
        .iter()
        .step_by(step)
        .flat_map(|&at| codes.iter().map(move |&c| Diagnostic::new(c, at..at, "x")))
        .collect();
    let before = diagnostics.len();
    parsed.apply(&mut diagnostics);
    assert!(diagnostics.len() <= before);
    check_diagnostics(text, &parsed.unused(|_| true));
}

fn check_stamp(text: &str, ts: &Timestamp) {
    check_span(text, &ts.span, "timestamp");
    assert!(ts.seconds < 86_400, "{text:?}: {ts:?}");
    if let Some(date) = ts.date {
        assert!(
            (1..=12).contains(&date.month) && (1..=31).contains(&date.day),
            "{text:?}: {date:?}"
        );
        let _ = time::civil_day_number(date);
    }
    let _ = ts.utc_seconds();
}

fn check_time(text: &str) {
    let _ = time::mentions_zone(text);
    let _ = time::zone_offset(text);
    for order in [DateOrder::Mdy, DateOrder::Dmy] {
        let mut found: Vec<Timestamp> = Vec::new();
        for ts in time::timestamps(text, order) {
            check_stamp(text, &ts);
            if let Some(prev) = found.last() {
                assert!(prev.span.end <= ts.span.start, "overlap in {text:?}");
            }
            found.push(ts);
        }
        for ts in time::find_timestamp(text, order)
            .into_iter()
            .chain(time::leading_timestamp(text, order))
        {
            check_stamp(text, &ts);
        }
        assert_eq!(time::find_timestamp(text, order), found.first().cloned());
        if let Some(range) = time::find_range(text, order) {
            check_span(text, &range.span, "range");
            check_stamp(text, &range.start);
            check_stamp(text, &range.end);
            let _ = range.seconds();
            found.push(range.start.clone());
            found.push(range.end.clone());
        }
        if let Some(date) = time::date_line(text, order) {
            assert!((1..=12).contains(&date.month) && (1..=31).contains(&date.day));
            let _ = time::civil_day_number(date);
        }
        found.truncate(12);
        for a in &found {
            for b in &found {
                for rollover in [1, 6, 23] {
                    assert!(
                        !(time::is_backward(a, b, rollover) && time::is_backward(b, a, rollover)),
                        "backward both ways: {a:?} {b:?}"
                    );
                }
                let _ = time::is_backward(a, b, u32::MAX);
            }
        }
    }
    if let Some(length) = time::find_length(text) {
        check_span(text, &length.span, "length");
    }
    if let Some(length) = time::parse_clock_length(text) {
        check_span(text, &length.span, "clock length");
    }
}

/// Target `time`: the time module's parsers over arbitrary text (lossy
/// UTF-8), whole and line by line: timestamps, leading timestamps, ranges
/// and their seconds, lengths, clock lengths, zones, date lines, and
/// `is_backward` over every pair found. Also: seconds of day < 86 400,
/// dates valid, timestamps in order without overlap, `is_backward` never
/// true both ways.
pub fn time_target(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_time(&text);
    if text.contains('\n') {
        for line in text.lines() {
            check_time(line);
        }
    }
}
