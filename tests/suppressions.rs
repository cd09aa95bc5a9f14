//! Every suppression form silences exactly what it names and nothing more.

use pmlint::config::Config;
use pmlint::{LintOptions, lint};
use std::path::Path;

/// A postmortem with two problems in its timeline: PM101 on the `09:15` entry
/// (line 10) and PM102 on the untimed entry (line 11).
const BASE: &str = "\
# Disk outage

## Issue Summary
Duration: 45 minutes, from 10:00 to 10:45 UTC. About 30% of users saw errors.

## Timeline
<!-- BEFORE -->
- 10:00 UTC: alerts fire
- 10:20 UTC: disk found full
- 09:15 UTC: logs rotated
- engineers watched the graphs
- 10:45 UTC: service restored
<!-- AFTER -->

## Root Cause
Log rotation was disabled.

## Corrective Measures
- Re-enable log rotation
";

fn codes(text: &str) -> Vec<String> {
    lint(
        text,
        Path::new("pm.md"),
        &Config::default(),
        &LintOptions::default(),
    )
    .into_iter()
    .map(|d| d.code.to_string())
    .collect()
}

fn with(before: &str, after: &str) -> String {
    BASE.replace("<!-- BEFORE -->", before)
        .replace("<!-- AFTER -->", after)
}

#[test]
fn baseline_has_one_pm101_and_one_pm102() {
    assert_eq!(codes(&with("", "")), ["PM101", "PM102"]);
}

#[test]
fn region_disable_silences_only_the_named_code() {
    assert_eq!(codes(&with("<!-- pmlint-disable PM101 -->", "")), ["PM102"]);
    assert_eq!(codes(&with("<!-- pmlint-disable PM102 -->", "")), ["PM101"]);
}

#[test]
fn bare_region_disable_silences_everything_in_the_region() {
    assert!(codes(&with("<!-- pmlint-disable -->", "")).is_empty());
}

#[test]
fn enable_ends_the_region() {
    // The region closes before the entries: nothing silenced, and the comment is unused.
    let text = with(
        "<!-- pmlint-disable PM101 -->\n<!-- pmlint-enable PM101 -->",
        "",
    );
    assert_eq!(codes(&text), ["PM901", "PM101", "PM102"]);
}

#[test]
fn disable_next_line_silences_only_that_line() {
    let text = BASE.replace(
        "- 09:15 UTC: logs rotated",
        "<!-- pmlint-disable-next-line PM101 -->\n- 09:15 UTC: logs rotated",
    );
    assert_eq!(codes(&text), ["PM102"]);
    // On the wrong line it silences nothing and is reported unused.
    let text = BASE.replace(
        "- 10:00 UTC: alerts fire",
        "<!-- pmlint-disable-next-line PM101 -->\n- 10:00 UTC: alerts fire",
    );
    assert_eq!(codes(&text), ["PM901", "PM101", "PM102"]);
}

#[test]
fn disable_file_works_anywhere_and_for_document_rules() {
    let text = with("", "<!-- pmlint-disable-file PM102 -->");
    assert_eq!(codes(&text), ["PM101"]);
    let no_impact = BASE.replace(" About 30% of users saw errors.", "");
    assert_eq!(codes(&with("", "")).len() + 1, codes(&no_impact).len());
    assert!(codes(&no_impact).contains(&"PM301".to_string()));
    let silenced = no_impact.replace("<!-- AFTER -->", "<!-- pmlint-disable-file PM301 -->");
    assert!(!codes(&silenced).contains(&"PM301".to_string()));
}

#[test]
fn document_level_rules_ignore_region_comments() {
    let no_impact = BASE.replace(" About 30% of users saw errors.", "");
    let text = format!("<!-- pmlint-disable PM301 -->\n{no_impact}");
    let found = codes(&text);
    assert!(found.contains(&"PM301".to_string()), "{found:?}");
    assert!(found.contains(&"PM901".to_string()), "{found:?}");
}

#[test]
fn rule_names_are_accepted_and_unknown_codes_are_pm902_with_suggestion() {
    assert_eq!(
        codes(&with("<!-- pmlint-disable timeline-out-of-order -->", "")),
        ["PM102"]
    );
    let text = with("<!-- pmlint-disable PM1O1 -->", "");
    let diags = lint(
        &text,
        Path::new("pm.md"),
        &Config::default(),
        &LintOptions::default(),
    );
    let pm902 = diags.iter().find(|d| d.code == "PM902").expect("PM902");
    assert_eq!(
        pm902.message,
        "unknown rule code \"PM1O1\" in suppression comment"
    );
    assert_eq!(pm902.help.as_deref(), Some("did you mean \"PM101\"?"));
}

#[test]
fn partly_used_suppression_reports_only_the_unused_code() {
    let diags = lint(
        &with("<!-- pmlint-disable PM101, PM104 -->", ""),
        Path::new("pm.md"),
        &Config::default(),
        &LintOptions::default(),
    );
    let msgs: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, d.message.as_str())).collect();
    assert_eq!(
        msgs,
        [
            ("PM901", "unused suppression for PM104"),
            ("PM102", "timeline entry has no timestamp")
        ]
    );
}

#[test]
fn unused_suppression_of_a_rule_that_did_not_run_is_not_reported() {
    let options = LintOptions {
        ignore: vec!["PM101".into()],
        ..LintOptions::default()
    };
    let diags = lint(
        &with("<!-- pmlint-disable PM101 -->", ""),
        Path::new("pm.md"),
        &Config::default(),
        &options,
    );
    let found: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert_eq!(found, ["PM102"]);
}

#[test]
fn comments_inside_fenced_code_are_not_suppressions() {
    let text = with("```\n<!-- pmlint-disable -->\n```", "");
    assert_eq!(codes(&text), ["PM101", "PM102"]);
}

#[test]
fn a_comment_with_only_unknown_codes_silences_nothing() {
    assert_eq!(
        codes(&with("<!-- pmlint-disable PM1O1 -->", "")),
        ["PM902", "PM101", "PM102"]
    );
}

#[test]
fn a_file_wide_comment_silencing_pm902_is_used_and_one_silencing_nothing_is_not() {
    // The editor's "disable PM902 for this file" quick fix inserts the first
    // comment: it must not trade PM902 for a PM901 about itself.
    let text = format!(
        "<!-- pmlint-disable-file PM902 -->\n{}",
        with("<!-- pmlint-disable-next-line PM999 -->", "")
    );
    assert_eq!(codes(&text), ["PM101", "PM102"]);
    let text = format!("<!-- pmlint-disable-file PM902 -->\n{}", with("", ""));
    assert_eq!(codes(&text), ["PM901", "PM101", "PM102"]);
}

#[test]
fn enable_with_codes_re_enables_only_those_codes() {
    // README's example: PM102 stays disabled after `pmlint-enable PM101`.
    let text = with(
        "<!-- pmlint-disable PM101 PM102 -->\n<!-- pmlint-enable PM101 -->",
        "",
    );
    let diags = lint(
        &text,
        Path::new("pm.md"),
        &Config::default(),
        &LintOptions::default(),
    );
    let msgs: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, d.message.as_str())).collect();
    // PM101 is back (and its part of the comment silenced nothing); PM102 is silenced.
    assert_eq!(
        msgs,
        [
            ("PM901", "unused suppression for PM101"),
            (
                "PM101",
                "timeline entry at 09:15 UTC is earlier than the entry before it (10:20 UTC)"
            ),
        ]
    );
    // Both re-enabled, one comment at a time: the region is over.
    let text = with(
        "<!-- pmlint-disable PM101 PM102 -->\n<!-- pmlint-enable PM101 -->\n<!-- pmlint-enable PM102 -->",
        "",
    );
    assert_eq!(codes(&text), ["PM901", "PM101", "PM102"]);
    // Enabling a code the region does not name changes nothing.
    let text = with(
        "<!-- pmlint-disable PM102 -->\n<!-- pmlint-enable PM101 -->",
        "",
    );
    assert_eq!(codes(&text), ["PM101"]);
}

#[test]
fn enable_with_codes_after_a_bare_disable_brings_back_only_those() {
    let text = with("<!-- pmlint-disable -->\n<!-- pmlint-enable PM101 -->", "");
    assert_eq!(codes(&text), ["PM101"]);
    let text = with(
        "<!-- pmlint-disable -->\n<!-- pmlint-enable timeline-entry-missing-timestamp -->",
        "",
    );
    assert_eq!(codes(&text), ["PM102"]);
    // A bare enable then re-enables everything: the bare disable silenced nothing.
    let text = with(
        "<!-- pmlint-disable -->\n<!-- pmlint-enable PM101 -->\n<!-- pmlint-enable -->",
        "",
    );
    assert_eq!(codes(&text), ["PM901", "PM101", "PM102"]);
    // An enable naming only unknown codes re-enables nothing (PM902 reports it).
    let text = with("<!-- pmlint-disable -->\n<!-- pmlint-enable PM1O1 -->", "");
    assert_eq!(codes(&text), ["PM902"]);
}

#[test]
fn a_code_re_enabled_after_its_diagnostic_stays_silenced_before_it() {
    // The region silences PM101 on the 09:15 entry, then PM101 is re-enabled:
    // the comment was used for PM101, and PM102 further down stays silenced.
    let text = with("<!-- pmlint-disable PM101 PM102 -->", "").replace(
        "- 09:15 UTC: logs rotated\n",
        "- 09:15 UTC: logs rotated\n<!-- pmlint-enable PM101 -->\n",
    );
    assert_eq!(codes(&text), Vec::<String>::new());
    // Re-enabling PM102 there instead brings back the untimed entry below
    // it, and the comment's PM102 silenced nothing.
    let text = with("<!-- pmlint-disable PM101 PM102 -->", "").replace(
        "- 09:15 UTC: logs rotated\n",
        "- 09:15 UTC: logs rotated\n<!-- pmlint-enable PM102 -->\n",
    );
    assert_eq!(codes(&text), ["PM901", "PM102"]);
}

/// A reason after ` -- ` is not read as codes (no PM902), and the codes
/// before it still silence.
#[test]
fn a_reason_after_two_dashes_is_not_read_as_codes() {
    let text = with(
        "<!-- pmlint-disable PM101 -- the clocks were skewed -->",
        "",
    );
    assert_eq!(codes(&text), ["PM102"]);
    let text = with(
        "<!-- pmlint-disable PM101, PM102 -- skewed clocks, see INC-42 -->",
        "",
    );
    assert!(codes(&text).is_empty(), "{:?}", codes(&text));
}

/// An unused region or next-line suppression of a whole-document rule
/// says that only a file-wide comment silences it.
#[test]
fn unused_region_of_a_document_rule_points_at_disable_file() {
    let text = BASE.replace(
        "## Issue Summary",
        "<!-- pmlint-disable-next-line PM301 -->\n## Issue Summary",
    );
    let diags = lint(
        &text,
        Path::new("pm.md"),
        &Config::default(),
        &LintOptions::default(),
    );
    let pm901 = diags.iter().find(|d| d.code == "PM901").expect("PM901");
    assert!(
        pm901
            .help
            .as_deref()
            .unwrap_or("")
            .contains("pmlint-disable-file"),
        "{pm901:?}"
    );
}
