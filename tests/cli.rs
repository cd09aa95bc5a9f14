//! End-to-end tests of the `pmlint` command line.

use assert_cmd::Command;
use std::fs;

#[path = "common/cmd.rs"]
mod cmd;
use cmd::{NO_TIMELINE, pmlint, write};

mod common;
use common::{HIDDEN_GLUED, HIDDEN_GLUED_FIXED};

const CLEAN: &str = "# Cache outage\n\n## Issue Summary\nDuration: 45 minutes, from 14:10 to 14:55 UTC. About 30% of users saw errors.\n\n## Timeline\n- 14:10 UTC: alerts fire\n- 14:55 UTC: service restored\n\n## Root Cause\nA full disk on the cache host.\n\n## Corrective Measures\n- Alert at 80% disk usage\n";

fn stdout(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn clean_file_exits_zero_and_json_is_empty_array() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", CLEAN);
    let (code, out, _) = stdout(pmlint().args(["check", "--isolated", "--format", "json", &f]));
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "[]");
    let (code, out, _) = stdout(pmlint().args(["check", "--isolated", "--format", "concise", &f]));
    assert_eq!(code, 0);
    assert_eq!(out, "1 file: 0 errors, 0 warnings\n");
}

#[test]
fn missing_section_exits_one_with_concise_line_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", NO_TIMELINE);
    let (code, out, _) = stdout(pmlint().args(["check", "--isolated", "--format", "concise", &f]));
    assert_eq!(code, 1);
    assert_eq!(
        out,
        format!(
            "{f}:1:1: error[PM002] missing \"Timeline\" section\n1 file: 1 error, 0 warnings\n"
        )
    );
    let (_, quiet, _) =
        stdout(pmlint().args(["check", "--isolated", "--format", "concise", "-q", &f]));
    assert_eq!(quiet.lines().count(), 1);
}

#[test]
fn human_output_has_snippet_and_help_without_colour_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", NO_TIMELINE);
    let (_, out, _) = stdout(pmlint().args(["check", "--isolated", &f]));
    assert!(
        out.contains("error[PM002]: missing \"Timeline\" section"),
        "{out}"
    );
    assert!(out.contains("1 │ # Cache outage"), "{out}");
    assert!(out.contains("= help: add a heading for it"), "{out}");
    assert!(!out.contains('\u{1b}'), "colour codes when piped: {out:?}");
    let (_, coloured, _) = stdout(pmlint().args(["check", "--isolated", "--color", "always", &f]));
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn json_element_has_the_pinned_shape() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", NO_TIMELINE);
    let (code, out, _) = stdout(pmlint().args(["check", "--isolated", "--format", "json", &f]));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!([{
            "code": "PM002", "name": "missing-timeline", "severity": "error",
            "message": "missing \"Timeline\" section",
            "help": "add a heading for it (e.g. `## Timeline`); accepted names contain: timeline, time line, chronology, sequence of events, chain of events, timeline of events, línea de tiempo, linea de tiempo, …",
            "path": f, "start": {"line": 1, "column": 1}, "end": {"line": 1, "column": 15},
            "fix": {"content": "## Timeline\n\nTODO: write the Timeline section.\n\n", "start": {"line": 6, "column": 1}, "end": {"line": 6, "column": 1}}
        }])
    );
}

#[test]
fn select_ignore_and_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", NO_TIMELINE);
    let (code, _, _) = stdout(pmlint().args(["check", "--isolated", "--ignore", "PM0", &f]));
    assert_eq!(code, 0);
    let (code, out, _) = stdout(pmlint().args([
        "check",
        "--isolated",
        "--select",
        "PM1,PM3",
        "--format",
        "json",
        &f,
    ]));
    assert_eq!((code, out.trim()), (0, "[]"));
    let (code, _, _) = stdout(pmlint().args(["check", "--isolated", "--fail-on", "never", &f]));
    assert_eq!(code, 0);
    let (code, _, err) = stdout(pmlint().args(["check", "--isolated", "--select", "PX9", &f]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule code or prefix \"PX9\""), "{err}");
}

#[test]
fn warnings_fail_only_with_fail_on_warning() {
    let dir = tempfile::tempdir().unwrap();
    // No impact stated: PM301 is a warning.
    let text = CLEAN.replace("About 30% of users saw errors.", "Pages were slow.");
    let f = write(dir.path(), "pm.md", &text);
    let (code, out, _) = stdout(pmlint().args(["check", "--isolated", "--format", "concise", &f]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[PM301]"), "{out}");
    let (code, _, _) = stdout(pmlint().args(["check", "--isolated", "--fail-on", "warning", &f]));
    assert_eq!(code, 1);
}

#[test]
fn missing_path_is_exit_two_and_other_files_are_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", NO_TIMELINE);
    let missing = dir.path().join("nope.md");
    let (code, out, err) = stdout(
        pmlint()
            .args(["check", "--isolated", "--format", "concise"])
            .arg(&missing)
            .arg(&f),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("{}: no such file or directory", missing.display())),
        "{err}"
    );
    assert!(out.contains("error[PM002]"), "{out}");
}

#[test]
fn non_utf8_file_is_reported_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.md");
    fs::write(&bad, b"# Caf\xE9 outage\n").unwrap();
    let f = write(dir.path(), "pm.md", CLEAN);
    let (code, out, err) = stdout(
        pmlint()
            .args(["check", "--isolated", "--format", "concise"])
            .arg(&bad)
            .arg(&f),
    );
    assert_eq!(code, 2);
    assert!(err.contains("latin1.md: not valid UTF-8"), "{err}");
    assert!(out.contains("2 files") || out.contains("1 file"), "{out}");
}

#[test]
fn directories_are_walked_honouring_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/one.md", NO_TIMELINE);
    write(dir.path(), "b/two.markdown", NO_TIMELINE);
    write(dir.path(), "b/notes.txt", NO_TIMELINE);
    write(dir.path(), "drafts/three.md", NO_TIMELINE);
    write(dir.path(), ".gitignore", "drafts/\n");
    let (code, out, _) = stdout(
        pmlint()
            .args(["check", "--isolated", "--format", "concise"])
            .arg(dir.path()),
    );
    assert_eq!(code, 1);
    assert!(out.contains("one.md:1:1"), "{out}");
    assert!(out.contains("two.markdown:1:1"), "{out}");
    assert!(!out.contains("three.md"), "{out}");
    assert!(out.ends_with("2 files: 2 errors, 0 warnings\n"), "{out}");
}

#[test]
fn stdin_with_stdin_filename() {
    let (code, out, _) = stdout(
        pmlint()
            .args([
                "check",
                "--isolated",
                "--format",
                "concise",
                "--stdin-filename",
                "incident.md",
                "-",
            ])
            .write_stdin(NO_TIMELINE),
    );
    assert_eq!(code, 1);
    assert!(out.starts_with("incident.md:1:1: error[PM002]"), "{out}");
}

#[test]
fn config_is_discovered_and_its_errors_point_at_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "team/pm.md", NO_TIMELINE);
    write(dir.path(), "pmlint.toml", "[lint]\nignore = [\"PM002\"]\n");
    let (code, _, _) = stdout(pmlint().args(["check", &f]));
    assert_eq!(code, 0);
    write(
        dir.path(),
        "pmlint.toml",
        "[lint]\nignore = [\"PM002\"]\nselct = [\"PM1\"]\n",
    );
    let (code, _, err) = stdout(pmlint().args(["check", "--color", "never", &f]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown key \"selct\""), "{err}");
    assert!(err.contains("pmlint.toml:3:1"), "{err}");
    assert!(err.contains("did you mean \"select\"?"), "{err}");
    // Run from the folder, the config's path is shown as the files' are:
    // relative to it.
    let (code, _, err) =
        stdout(
            pmlint()
                .current_dir(dir.path())
                .args(["check", "--color", "never", "team/pm.md"]),
        );
    assert_eq!(code, 2);
    assert!(err.contains("┌─ pmlint.toml:3:1"), "{err}");
}

#[test]
fn config_severity_override_and_custom_section() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", CLEAN);
    write(
        dir.path(),
        "pmlint.toml",
        "[[sections.custom]]\nname = \"Detection\"\nkeywords = [\"detection\"]\n\n[lint.severity]\nPM010 = \"warning\"\n",
    );
    let (code, out, _) = stdout(pmlint().args(["check", "--format", "concise", &f]));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning[PM010] required section \"Detection\" is missing"),
        "{out}"
    );
}

#[test]
fn rule_command_prints_catalogue() {
    let (code, out, _) = stdout(pmlint().args(["rule", "PM101"]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("PM101 timeline-out-of-order (error)"),
        "{out}"
    );
    assert!(out.contains("## Why"));
    let (code, out, _) = stdout(pmlint().args(["rule", "--all"]));
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), pmlint::catalogue::all().len());
    let (code, _, err) = stdout(pmlint().args(["rule", "PM999"]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule code"));
    // A rule's name works as its code does, as in suppression comments; an
    // unknown one is echoed as typed, with the closest code or name.
    let (code, by_name, _) = stdout(pmlint().args(["rule", "timeline-out-of-order"]));
    assert_eq!(code, 0);
    assert!(by_name.starts_with("PM101 timeline-out-of-order (error)"));
    let (code, _, err) = stdout(pmlint().args(["rule", "pm1O1"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown rule code or name \"pm1O1\" (did you mean \"PM101\"?"),
        "{err}"
    );
    let (code, _, err) = stdout(pmlint().args(["rule"]));
    assert_eq!(code, 2);
    assert!(err.contains("<CODE|--all>"), "{err}");
    let (code, _, err) = stdout(pmlint().args(["rule", "PM101", "--all"]));
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn per_file_ignores_apply_to_matching_paths_only() {
    let dir = tempfile::tempdir().unwrap();
    let draft = write(dir.path(), "drafts/pm.md", NO_TIMELINE);
    let done = write(dir.path(), "final/pm.md", NO_TIMELINE);
    write(
        dir.path(),
        "pmlint.toml",
        "[lint.per-file-ignores]\n\"drafts/**\" = [\"PM0\"]\n",
    );
    let (code, out, _) = stdout(pmlint().args(["check", "--format", "concise", &draft, &done]));
    assert_eq!(code, 1);
    assert!(!out.contains("drafts/pm.md:"), "{out}");
    assert!(out.contains("final/pm.md:1:1: error[PM002]"), "{out}");
}

/// A folder with `archive/old.md` and `current/new.md` (each missing its
/// timeline) and a `pmlint.toml` excluding `archive/**`; the first file's path.
fn archive_tree() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let archived = write(dir.path(), "archive/old.md", NO_TIMELINE);
    write(dir.path(), "current/new.md", NO_TIMELINE);
    write(
        dir.path(),
        "pmlint.toml",
        "[files]\nexclude = [\"archive/**\"]\n",
    );
    (dir, archived)
}

#[test]
fn files_exclude_skips_walked_files_and_force_exclude_skips_explicit_ones() {
    let (dir, archived) = archive_tree();
    let (_, out, _) = stdout(
        pmlint()
            .args(["check", "--format", "concise"])
            .arg(dir.path()),
    );
    assert!(!out.contains("old.md"), "{out}");
    assert!(out.contains("new.md:1:1"), "{out}");
    // Named explicitly: linted, unless --force-exclude (as pre-commit passes files).
    let (code, out, _) = stdout(pmlint().args(["check", "--format", "concise", &archived]));
    assert_eq!(code, 1);
    assert!(out.contains("old.md:1:1"), "{out}");
    let (code, out, _) =
        stdout(pmlint().args(["check", "--format", "concise", "--force-exclude", &archived]));
    assert_eq!(code, 0);
    assert_eq!(out, "0 files: 0 errors, 0 warnings\n");
}

/// `--isolated` ignores every config file, its `[files] exclude` too (as
/// ruff's `--isolated`); `--config PATH` applies that file's exclude, not
/// the one found beside the files.
#[test]
fn isolated_and_explicit_configs_decide_what_a_walk_excludes() {
    let (dir, _) = archive_tree();
    let (_, out, _) = stdout(
        pmlint()
            .args(["check", "--isolated", "--format", "concise"])
            .arg(dir.path()),
    );
    assert!(out.contains("old.md:1:1"), "{out}");
    assert!(out.contains("new.md:1:1"), "{out}");
    let config = write(
        dir.path(),
        "ci.toml",
        "[files]\nexclude = [\"current/**\"]\n",
    );
    let (_, out, _) = stdout(
        pmlint()
            .args(["check", "--format", "concise", "--config", &config])
            .arg(dir.path()),
    );
    assert!(out.contains("old.md:1:1"), "{out}");
    assert!(!out.contains("new.md"), "{out}");
}

#[test]
fn fix_writes_the_file_and_reports_what_remains_and_diff_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", &NO_TIMELINE.replace('\n', "\r\n"));
    let (code, out, _) = stdout(pmlint().args(["check", "--isolated", "--diff", &f]));
    assert_eq!(code, 1);
    assert!(out.contains("+## Timeline\r\n"), "{out:?}");
    assert_eq!(
        fs::read_to_string(&f).unwrap(),
        NO_TIMELINE.replace('\n', "\r\n"),
        "--diff wrote the file"
    );
    let (code, out, err) =
        stdout(pmlint().args(["check", "--isolated", "--fix", "--format", "concise", &f]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("fixed 1 problem in 1 file"), "{err}");
    assert!(
        out.contains("warning[PM005] section \"Timeline\" is empty"),
        "{out}"
    );
    let fixed = fs::read_to_string(&f).unwrap();
    assert!(
        fixed.contains("## Timeline\r\n\r\nTODO: write the Timeline section.\r\n\r\n## Root Cause"),
        "{fixed:?}"
    );
    assert!(!fixed.replace("\r\n", "").contains('\n'), "CRLF kept");
    // A second --fix changes nothing; --diff then has nothing to show.
    let (_, _, err) = stdout(pmlint().args(["check", "--isolated", "--fix", &f]));
    assert!(err.contains("fixed 0 problems in 0 files"), "{err}");
    assert_eq!(fs::read_to_string(&f).unwrap(), fixed);
    let (code, out, _) = stdout(pmlint().args(["check", "--isolated", "--diff", &f]));
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn fix_leaves_a_read_only_file_untouched_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", NO_TIMELINE);
    let mut perms = fs::metadata(&f).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&f, perms).unwrap();
    let (code, _, err) = stdout(pmlint().args(["check", "--isolated", "--fix", &f]));
    assert_eq!(code, 2);
    assert!(
        err.contains("pm.md: not fixed: the file is read-only"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&f).unwrap(), NO_TIMELINE);
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let (code, out, _) = stdout(
        pmlint()
            .args(["check", "--isolated", "--fix", "-"])
            .write_stdin(NO_TIMELINE),
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("## Timeline\n\nTODO: write the Timeline section.\n"),
        "{out}"
    );
    assert!(pmlint::fix::keeps_original(NO_TIMELINE, &out));
}

#[test]
fn fix_and_diff_repeat_until_no_fix_applies() {
    // The second glued heading is hidden in an HTML block until the heading
    // in that block is moved (tests/common/mod.rs; tests/fix.rs has the passes).
    let (text, want) = (HIDDEN_GLUED, HIDDEN_GLUED_FIXED);
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", text);
    let (code, out, _) = stdout(pmlint().args(["check", "--isolated", "--diff", &f]));
    assert_eq!(code, 1);
    assert!(
        out.contains("+## Corrective Measures\n Add a check."),
        "{out}"
    );
    assert_eq!(
        fs::read_to_string(&f).unwrap(),
        text,
        "--diff wrote the file"
    );
    let (_, _, err) = stdout(pmlint().args(["check", "--isolated", "--fix", &f]));
    assert!(err.contains("fixed 4 problems in 1 file"), "{err}");
    assert_eq!(fs::read_to_string(&f).unwrap(), want);
    let (_, _, err) = stdout(pmlint().args(["check", "--isolated", "--fix", &f]));
    assert!(err.contains("fixed 0 problems in 0 files"), "{err}");
    assert_eq!(fs::read_to_string(&f).unwrap(), want);
    let (_, out, _) = stdout(
        pmlint()
            .args(["check", "--isolated", "--fix", "-"])
            .write_stdin(text),
    );
    assert_eq!(out, want, "--fix on standard input");
}

#[test]
fn outline_lists_each_heading_as_written_from_a_file_or_standard_input() {
    let text =
        "Cache outage\n===\n\n## Issue Summary\nx\n\n### Trigger\ny\n\nTimeline:\n- 10:00 UTC a\n";
    let want = " line  level  style   heading  [sections]  role\n\
        \x20   1  level 1  setext  \"Cache outage\"  []  names no section\n\
        \x20   4  level 2  atx     \"## Issue Summary\"  [Issue Summary]  section, lines 4-9\n\
        \x20   7  level 3  atx     \"### Trigger\"  []  names no section\n\
        \x20  10  level -  plain   \"Timeline:\"  [Timeline]  section, lines 10-11\n";
    let (code, out, _) = stdout(pmlint().args(["outline", "-"]).write_stdin(text));
    assert_eq!((code, out.as_str()), (0, want));
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", text);
    let (code, out, _) = stdout(pmlint().args(["outline", &f]));
    assert_eq!((code, out.as_str()), (0, want));
}

#[test]
fn fix_on_standard_input_reports_what_remains_on_standard_error() {
    // An out-of-order timeline cannot be fixed: the text is printed as it
    // is, the diagnostic goes to standard error, and the run fails.
    let text = CLEAN.replace("- 14:10 UTC: alerts fire", "- 15:10 UTC: alerts fire");
    let (code, out, err) = stdout(
        pmlint()
            .args(["check", "--isolated", "--fix", "--format", "concise", "-"])
            .write_stdin(text.as_str()),
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, text);
    assert!(err.contains("-:8:3: error[PM101]"), "{err}");
    // Other paths cannot be mixed with it: the fixed text would mix with
    // their reports. The text is handed back unchanged (an editor's buffer
    // must not be emptied), as on any other error.
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", CLEAN);
    for args in [["-", f.as_str()], [f.as_str(), "-"]] {
        let (code, out, err) = stdout(
            pmlint()
                .args(["check", "--isolated", "--fix"])
                .args(args)
                .write_stdin(NO_TIMELINE),
        );
        assert_eq!((code, out.as_str()), (2, NO_TIMELINE), "{args:?}");
        assert!(err.contains("takes no other path"), "{err}");
    }
}

#[test]
fn fix_on_standard_input_with_statistics_counts_what_remains() {
    let text = CLEAN.replace("- 14:10 UTC: alerts fire", "- 15:10 UTC: alerts fire");
    let (code, out, err) = stdout(
        pmlint()
            .args(["check", "--isolated", "--fix", "--statistics"])
            .args(["--format", "concise", "-"])
            .write_stdin(text.as_str()),
    );
    assert_eq!((code, out.as_str()), (1, text.as_str()));
    assert_eq!(
        err,
        "1  PM101  timeline-out-of-order\n1 file: 1 error, 0 warnings\n"
    );
}

#[test]
fn json_is_an_empty_array_when_the_config_given_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", CLEAN);
    let missing = dir.path().join("nope.toml");
    let (code, out, err) = stdout(
        pmlint()
            .args(["check", "--format", "json", "--config"])
            .arg(&missing)
            .arg(&f),
    );
    assert_eq!((code, out.trim()), (2, "[]"));
    assert!(err.contains("nope.toml"), "{err}");
}

/// Old Mac files end lines with a lone `\r`: positions count those lines,
/// in every format. pulldown-cmark reads such a file only in part (a fence
/// or an HTML block runs on to its end), so it is not fixed.
#[test]
fn lone_carriage_returns_end_lines_in_positions_and_fixes() {
    let text = NO_TIMELINE.replace('\n', "\r");
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", &text);
    let no_length = CLEAN
        .replace("Duration: 45 minutes, from 14:10 to 14:55 UTC. ", "")
        .replace('\n', "\r");
    let g = write(dir.path(), "late.md", &no_length);
    let (code, out, _) = stdout(pmlint().args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "--select",
        "PM201",
        &g,
    ]));
    assert_eq!(code, 1);
    assert!(out.contains("late.md:3:1: error[PM201]"), "{out}");
    let (_, out, _) = stdout(pmlint().args([
        "check",
        "--isolated",
        "--format",
        "json",
        "--select",
        "PM201",
        &g,
    ]));
    assert!(out.contains("\"line\": 3"), "{out}");
    let (_, out, _) = stdout(pmlint().args(["check", "--isolated", "--select", "PM201", &g]));
    assert!(
        out.contains("late.md:3:1") && !out.contains('\r'),
        "{out:?}"
    );
    let (code, _, err) = stdout(pmlint().args(["check", "--isolated", "--fix", "-q", &f]));
    assert_eq!(code, 2);
    assert!(
        err.contains("not fixed: its lines end in lone CRs"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&f).unwrap(), text);
    let (code, out, err) = stdout(pmlint().args(["check", "--isolated", "--diff", &f]));
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("would not be fixed: its lines end in lone CRs"),
        "{err}"
    );
}

#[test]
fn force_exclude_applies_to_the_stdin_filename() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pmlint.toml",
        "[files]\nexclude = [\"archive/**\"]\n",
    );
    let name = dir.path().join("archive/old.md");
    let name = name.to_str().unwrap();
    let check = |extra: &[&str]| {
        stdout(
            pmlint()
                .args(["check", "--format", "concise", "--stdin-filename", name])
                .args(extra)
                .arg("-")
                .write_stdin(NO_TIMELINE),
        )
    };
    let (code, out, _) = check(&[]);
    assert_eq!(code, 1, "{out}");
    let (code, out, _) = check(&["--force-exclude"]);
    assert_eq!((code, out.as_str()), (0, "0 files: 0 errors, 0 warnings\n"));
    // `--fix` hands the text on unchanged.
    let (code, out, _) = check(&["--force-exclude", "--fix"]);
    assert_eq!((code, out.as_str()), (0, NO_TIMELINE));
}

#[test]
fn a_file_named_twice_is_linted_once() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", NO_TIMELINE);
    let dotted = format!("{}/./pm.md", dir.path().display());
    let folder = dir.path().to_str().unwrap();
    let (code, out, _) = stdout(
        pmlint()
            .args(["check", "--isolated", "--format", "concise"])
            .args([f.as_str(), dotted.as_str(), folder, f.as_str()]),
    );
    assert_eq!(code, 1);
    assert_eq!(out.matches("error[PM002]").count(), 1, "{out}");
    assert!(out.ends_with("1 file: 1 error, 0 warnings\n"), "{out}");
}

/// A walk of `.`, a file named `./docs/pm.md` and `--stdin-filename
/// ./docs/pm.md` are all shown as `docs/pm.md`, in every format (as ruff
/// shows them; SARIF and GitHub already did).
#[test]
fn a_leading_dot_slash_is_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/pm.md", NO_TIMELINE);
    let text = fs::read_to_string(dir.path().join("docs/pm.md")).unwrap();
    for format in ["concise", "json", "junit", "human", "sarif", "github"] {
        for paths in [&[][..], &["."][..], &["./docs/pm.md"][..], &["-"][..]] {
            let mut cmd = pmlint();
            cmd.current_dir(dir.path())
                .args([
                    "check",
                    "--isolated",
                    "--color",
                    "never",
                    "--format",
                    format,
                ])
                .args(paths);
            if paths == ["-"] {
                cmd.args(["--stdin-filename", "./docs/pm.md"])
                    .write_stdin(text.clone());
            }
            let (code, out, err) = stdout(&mut cmd);
            assert_eq!(code, 1, "{format} {paths:?}: {err}");
            assert!(out.contains("docs/pm.md"), "{format} {paths:?}: {out}");
            assert!(!out.contains("./docs"), "{format} {paths:?}: {out}");
        }
    }
}

#[test]
fn new_makes_missing_folders() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("postmortems/2026/db.md");
    let (code, _, err) = stdout(pmlint().args(["new"]).arg(&f));
    assert_eq!(code, 0, "{err}");
    assert!(fs::read_to_string(&f).unwrap().starts_with("# Postmortem"));
}

/// `pmlint outline` reads the folder's config, or the one `--config` names,
/// or none with `--isolated`.
#[test]
fn outline_follows_the_config_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let pm = write(dir.path(), "pms/pm.md", "# T\n\n## What broke\n\nA disk.\n");
    write(
        dir.path(),
        "other/pmlint.toml",
        "[sections.root-cause]\nkeywords = [\"what broke\"]\n",
    );
    let row = |args: &[&str]| {
        let (code, out, err) = stdout(pmlint().arg("outline").args(args).arg(&pm));
        assert_eq!(code, 0, "{err}");
        out.lines().nth(2).unwrap_or("").to_owned()
    };
    assert!(row(&[]).contains("[]  names no section"), "{}", row(&[]));
    let config = dir.path().join("other/pmlint.toml");
    let with = row(&["--config", config.to_str().unwrap()]);
    assert!(with.contains("[Root Cause]"), "{with}");
    write(
        dir.path(),
        "pms/pmlint.toml",
        "[sections.root-cause]\nkeywords = [\"what broke\"]\n",
    );
    assert!(row(&[]).contains("[Root Cause]"), "{}", row(&[]));
    assert!(
        row(&["--isolated"]).contains("[]  names no section"),
        "{}",
        row(&["--isolated"])
    );
}
