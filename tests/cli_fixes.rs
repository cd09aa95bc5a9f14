//! End-to-end tests of command-line fixes found by a user review: code
//! lists, per-file ignores, glob anchoring, CI formats on config errors,
//! standard input, `--diff` and `--fix` edge cases.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

#[path = "common/cmd.rs"]
mod cmd;
use cmd::{NO_TIMELINE, pmlint, write};

/// Runs the command: (exit code, standard output, standard error).
fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_empty_rule_code_in_select_or_ignore_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "bad.md", NO_TIMELINE);
    for args in [
        &["--ignore", ""][..],
        &["--ignore", "PM1,"],
        &["--ignore=,"],
        &["--ignore", ",PM1"],
        &["--select", "PM1,"],
        &["--select", ""],
        &["--select", " "],
    ] {
        let (code, out, err) = run(pmlint()
            .args(["check", "--isolated", "--format", "concise"])
            .args(args)
            .arg(&f));
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert!(err.contains("empty rule code"), "{args:?}: {err}");
        let flag = if args[0].starts_with("--ignore") {
            "--ignore"
        } else {
            "--select"
        };
        assert!(err.contains(flag), "{args:?} names its flag: {err}");
    }
    // A real code still works, and the file is still reported.
    let (code, out, _) = run(pmlint()
        .args([
            "check",
            "--isolated",
            "--format",
            "concise",
            "--ignore",
            "PM3",
        ])
        .arg(&f));
    assert_eq!(code, 1);
    assert!(out.contains("error[PM002]"), "{out}");
}

/// A postmortem with PM201 (no duration) on line 3 and PM101 (09:15 after
/// 10:00) on line 8, and nothing else.
const PM101_PM201: &str = "# Disk outage\n\n## Issue Summary\nAbout 30% of users saw errors.\n\n## Timeline\n- 10:00 UTC: alerts fire\n- 09:15 UTC: logs rotated\n- 10:45 UTC: service restored\n\n## Root Cause\nLog rotation was disabled.\n\n## Corrective Measures\n- Re-enable log rotation\n";

#[test]
fn per_file_ignores_apply_after_a_longer_select() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "drafts/d.md", PM101_PM201);
    write(dir.path(), "final/f.md", PM101_PM201);
    let check = |config: &str, extra: &[&str]| {
        write(dir.path(), "pmlint.toml", config);
        run(pmlint()
            .current_dir(dir.path())
            .args(["check", "-q"])
            .args(extra)
            .args(["drafts/d.md", "final/f.md"]))
    };
    let (code, out, err) = check(
        "[lint]\nselect = [\"PM101\", \"PM2\"]\n[lint.per-file-ignores]\n\"drafts/**\" = [\"PM1\", \"PM\"]\n",
        &["--format", "concise"],
    );
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "final/f.md:3:1: error[PM201] no outage duration stated\n\
             final/f.md:8:3: error[PM101] timeline entry at 09:15 UTC is earlier than the entry before it (10:00 UTC)\n",
            ""
        )
    );
    // The same with `--select`, longer than the per-file entry.
    let (code, out, _) = check(
        "[lint.per-file-ignores]\n\"drafts/**\" = [\"PM1\"]\n",
        &["--select", "PM10", "--format", "concise"],
    );
    assert_eq!(
        (code, out.as_str()),
        (
            1,
            "final/f.md:8:3: error[PM101] timeline entry at 09:15 UTC is earlier than the entry before it (10:00 UTC)\n"
        )
    );
    // JUnit lists the rules that ran: PM101 is not among the draft's.
    let (_, xml, _) = check(
        "[lint.per-file-ignores]\n\"drafts/**\" = [\"PM1\"]\n",
        &["--select", "PM101", "--format", "junit"],
    );
    let draft = xml.split("<testsuite ").nth(1).unwrap();
    assert!(
        draft.starts_with("name=\"drafts/d.md\" tests=\"0\""),
        "{xml}"
    );
}

/// Runs `pmlint check --format concise --config CONFIG PATH` from `cwd`:
/// (exit code, standard output with `prefix` removed from its paths).
fn check_with_config(cwd: &Path, config: &str, path: &str, prefix: &str) -> (i32, String) {
    let (code, out, err) = run(pmlint()
        .current_dir(cwd)
        .args(["check", "--format", "concise", "--config", config, path]));
    assert!(err.is_empty(), "{err}");
    (code, out.replace(prefix, ""))
}

#[test]
fn globs_match_the_same_however_the_linted_path_is_spelled() {
    let tmp = tempfile::tempdir().unwrap();
    let top = tmp.path().canonicalize().unwrap();
    // Inside the config's folder: `proj/pmlint.toml` governs `proj/pms`.
    write(
        &top,
        "proj/pmlint.toml",
        "[files]\nexclude = [\"pms/old/**\"]\n[lint.per-file-ignores]\n\"pms/**\" = [\"PM0\"]\n",
    );
    write(&top, "proj/pms/old/a.md", NO_TIMELINE);
    write(&top, "proj/pms/b.md", NO_TIMELINE);
    let abs = top.join("proj/pms").display().to_string();
    let pms = top.join("proj/pms");
    for (cwd, config, path) in [
        (top.as_path(), "proj/pmlint.toml", "proj/pms"),
        (top.as_path(), "proj/pmlint.toml", abs.as_str()),
        (pms.as_path(), "../pmlint.toml", "."),
        (pms.as_path(), "../pmlint.toml", "../pms/./old/.."),
    ] {
        assert_eq!(
            check_with_config(cwd, config, path, ""),
            (0, "1 file: 0 errors, 0 warnings\n".to_owned()),
            "{path} from {}",
            cwd.display()
        );
    }
    // Outside it: `other/pmlint.toml`'s globs are relative to `other/`, so
    // nothing in `pms/` matches them, however it is spelled.
    write(
        &top,
        "other/pmlint.toml",
        "[files]\nexclude = [\"old/**\", \"pms/**\"]\n[lint.per-file-ignores]\n\"*.md\" = [\"PM0\"]\n",
    );
    let expected = (
        1,
        "b.md:1:1: error[PM002] missing \"Timeline\" section\n\
         old/a.md:1:1: error[PM002] missing \"Timeline\" section\n\
         2 files: 2 errors, 0 warnings\n"
            .to_owned(),
    );
    let abs_prefix = format!("{abs}/");
    for (cwd, config, path, prefix) in [
        (top.as_path(), "other/pmlint.toml", "proj/pms", "proj/pms/"),
        (
            top.as_path(),
            "other/pmlint.toml",
            abs.as_str(),
            &abs_prefix,
        ),
        (pms.as_path(), "../../other/pmlint.toml", ".", "./"),
    ] {
        assert_eq!(
            check_with_config(cwd, config, path, prefix),
            expected,
            "{path} from {}",
            cwd.display()
        );
    }
}

#[test]
fn a_leading_dot_slash_in_exclude_anchors_it_to_the_config_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pmlint.toml",
        "[files]\nexclude = [\"./archive\"]\n",
    );
    write(dir.path(), "archive/old.md", NO_TIMELINE);
    write(dir.path(), "docs/archive/kept.md", NO_TIMELINE);
    let (code, out, _) = run(pmlint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "."]));
    assert_eq!(
        (code, out.as_str()),
        (
            1,
            "docs/archive/kept.md:1:1: error[PM002] missing \"Timeline\" section\n\
             1 file: 1 error, 0 warnings\n"
        )
    );
}

#[test]
fn a_bad_config_is_reported_in_sarif_junit_and_github() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pm.md", NO_TIMELINE);
    write(
        dir.path(),
        "pmlint.toml",
        "[lint]\nselect = [\"PM1\"]\nselct = [\"PM1\"]\n",
    );
    write(dir.path(), "conf/bad.toml", "[files]\nexclude = [\"\"]\n");
    // Discovered (linting pm.md finds it) and given with --config, which
    // stops the run before any file is linted.
    for (config, name, line, col, message) in [
        (None, "pmlint.toml", 3, 1, "unknown key \"selct\" in [lint]"),
        (
            Some("conf/bad.toml"),
            "conf/bad.toml",
            2,
            12,
            "empty glob pattern",
        ),
    ] {
        let check = |format: &str| {
            let mut cmd = pmlint();
            cmd.current_dir(dir.path())
                .args(["check", "--format", format]);
            if let Some(config) = config {
                cmd.args(["--config", config]);
            }
            run(cmd.arg("pm.md"))
        };
        let (code, out, err) = check("sarif");
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(message), "{err}");
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        let invocation = &log["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false, "{invocation}");
        let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
        assert_eq!(notes.len(), 1, "{invocation}");
        assert_eq!(notes[0]["level"], "error");
        let text = notes[0]["message"]["text"].as_str().unwrap();
        assert!(text.starts_with("invalid config: "), "{text}");
        assert!(text.contains(message), "{text}");
        let location = &notes[0]["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], name);
        assert_eq!(location["region"]["startLine"], line);
        assert_eq!(location["region"]["startColumn"], col);
        assert_eq!(log["runs"][0]["results"], serde_json::json!([]));

        let (code, out, _) = check("junit");
        assert_eq!(code, 2);
        assert!(
            out.contains(r#"<testsuites name="pmlint" tests="1" failures="0" errors="1">"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<testcase classname="pmlint.config""#),
            "{out}"
        );
        assert!(out.contains(r#"type="config-error">"#), "{out}");
        assert!(
            out.contains(&format!("{name}:{line}:{col}: invalid config: ")),
            "{out}"
        );
        let mut reader = quick_xml::Reader::from_str(&out);
        while reader.read_event().expect("well-formed XML") != quick_xml::events::Event::Eof {}

        let (code, out, _) = check("github");
        assert_eq!(code, 2);
        let first = out.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!(
                "::error file={name},line={line},col={col},title=pmlint::invalid config: "
            )),
            "{out}"
        );
        assert_eq!(out.lines().count(), 1, "{out}");
    }
}

#[test]
fn github_annotates_a_file_that_could_not_be_read() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.md"), b"caf\xE9").unwrap();
    let (code, out, err) = run(pmlint().current_dir(dir.path()).args([
        "check",
        "--isolated",
        "--format",
        "github",
        "bad.md",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("bad.md: not valid UTF-8"), "{err}");
    assert_eq!(
        out,
        "::error file=bad.md,title=pmlint::not valid UTF-8 (byte 0xE9 at offset 3); save the file as UTF-8\n"
    );
}

#[test]
fn stdin_filename_reads_standard_input_when_no_path_is_given() {
    let dir = tempfile::tempdir().unwrap();
    // A file in the folder that must not be linted instead.
    write(dir.path(), "other.md", "# nothing\n");
    let (code, out, err) = run(pmlint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--format", "concise"])
        .args(["--stdin-filename", "pm/given.md"])
        .write_stdin(NO_TIMELINE));
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "pm/given.md:1:1: error[PM002] missing \"Timeline\" section\n1 file: 1 error, 0 warnings\n",
            ""
        )
    );
    // --fix with no path: the fixed text on standard output.
    let (code, out, _) = run(pmlint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--fix", "-q"])
        .args(["--stdin-filename", "given.md"])
        .write_stdin(NO_TIMELINE));
    assert_eq!(code, 0);
    assert!(out.contains("## Timeline\n"), "{out}");
}

#[test]
fn stdin_filename_with_paths_but_no_dash_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "pm.md", NO_TIMELINE);
    let (code, out, err) = run(pmlint()
        .args(["check", "--isolated", "--stdin-filename", "x.md", &f])
        .write_stdin(NO_TIMELINE));
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("--stdin-filename") && err.contains("`-` is not among the paths"),
        "{err}"
    );
    // With `-` among them, both are linted.
    let (code, out, _) = run(pmlint()
        .args(["check", "--isolated", "--format", "concise"])
        .args(["--stdin-filename", "x.md", &f, "-"])
        .write_stdin(NO_TIMELINE));
    assert_eq!(code, 1);
    assert!(out.ends_with("2 files: 2 errors, 0 warnings\n"), "{out}");
}

/// `pmlint check --fix -` (with `args`) from `cwd` on `input`: (exit code,
/// standard output as bytes, standard error).
fn fix_filter(cwd: &Path, args: &[&str], input: &[u8]) -> (i32, Vec<u8>, String) {
    let out = pmlint()
        .current_dir(cwd)
        .args(["check", "--fix"])
        .args(args)
        .arg("-")
        .write_stdin(input.to_vec())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn fix_on_standard_input_hands_back_what_it_cannot_fix() {
    let dir = tempfile::tempdir().unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(NO_TIMELINE.encode_utf16().flat_map(u16::to_le_bytes));
    let latin1 = b"# Caf\xE9 outage\n".to_vec();
    let binary = b"# Outage\n\0\x01\x02".to_vec();
    for (input, message) in [
        (&latin1, "not valid UTF-8"),
        (&binary, "binary file"),
        (&utf16, "does not rewrite UTF-16"),
    ] {
        let (code, out, err) = fix_filter(dir.path(), &["--isolated"], input);
        assert_eq!((code, &out), (2, input), "{message}: {err}");
        assert!(err.contains(message), "{err}");
    }
    // UTF-16 is linted all the same: its report is on standard error.
    let (_, _, err) = fix_filter(dir.path(), &["--isolated", "--format", "concise"], &utf16);
    assert!(err.contains("-:1:1: error[PM002]"), "{err}");

    // A bad pmlint.toml, found or given, and a usage error.
    write(dir.path(), "pmlint.toml", "[lint]\nselct = [\"PM1\"]\n");
    write(dir.path(), "conf/bad.toml", "[lint]\nignore = [\"PM99\"]\n");
    for (args, message) in [
        (&[][..], "unknown key \"selct\""),
        (
            &["--config", "conf/bad.toml", "--format", "sarif"],
            "unknown rule code \"PM99\"",
        ),
        (
            &["--isolated", "--select", "PM99"],
            "unknown rule code or prefix",
        ),
    ] {
        let (code, out, err) = fix_filter(dir.path(), args, NO_TIMELINE.as_bytes());
        assert_eq!(
            (code, String::from_utf8_lossy(&out).as_ref()),
            (2, NO_TIMELINE),
            "{args:?}: {err}"
        );
        assert!(err.contains(message), "{args:?}: {err}");
    }
    // A text it can fix is still fixed.
    let (code, out, _) = fix_filter(dir.path(), &["--isolated", "-q"], NO_TIMELINE.as_bytes());
    assert_eq!(code, 0);
    assert!(String::from_utf8_lossy(&out).contains("## Timeline\n"));
}

#[test]
fn diff_agrees_with_fix_on_a_utf16_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(NO_TIMELINE.encode_utf16().flat_map(u16::to_le_bytes));
    let path = dir.path().join("wide.md");
    fs::write(&path, &utf16).unwrap();
    let (code, out, err) =
        run(pmlint()
            .current_dir(dir.path())
            .args(["check", "--isolated", "--fix", "wide.md"]));
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("wide.md: not fixed: pmlint does not rewrite UTF-16 files"),
        "{err}"
    );
    let (code, out, err) =
        run(pmlint()
            .current_dir(dir.path())
            .args(["check", "--isolated", "--diff", "wide.md"]));
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("wide.md: would not be fixed: pmlint does not rewrite UTF-16 files"),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), utf16);
    // The same on standard input.
    let (code, out, err) = run(pmlint()
        .args(["check", "--isolated", "--diff", "-"])
        .write_stdin(utf16.clone()));
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("would not be fixed"), "{err}");
}

/// Checks that `diff` is a well-formed unified diff as `patch` reads it
/// (lines split at line feeds only): it ends in a line feed, every line is
/// a header, a hunk header, a context, removed or added line, or the
/// no-newline marker (after a line), and each hunk holds the number of old
/// and new lines its header says.
fn assert_well_formed(diff: &str) {
    assert!(diff.ends_with('\n'), "{diff:?}");
    let count = |range: &str| -> usize {
        range
            .split_once(',')
            .map_or(1, |(_, n)| n.parse().expect("a line count"))
    };
    let mut remaining = (0, 0);
    let mut previous = "";
    for line in diff.lines() {
        if remaining == (0, 0) && (line.starts_with("--- ") || line.starts_with("+++ ")) {
        } else if let Some(header) = line.strip_prefix("@@ -") {
            assert_eq!(
                remaining,
                (0, 0),
                "a hunk ends early before {line:?} in {diff:?}"
            );
            let (old, rest) = header.split_once(" +").expect("a hunk header");
            let new = rest.strip_suffix(" @@").expect("a hunk header");
            remaining = (count(old), count(new));
        } else if line == "\\ No newline at end of file" {
            assert!(
                [' ', '-', '+'].iter().any(|c| previous.starts_with(*c)),
                "{diff:?}"
            );
        } else {
            let (old, new) = match line.chars().next() {
                Some(' ') => (1, 1),
                Some('-') => (1, 0),
                Some('+') => (0, 1),
                _ => panic!("not a diff line: {line:?} in {diff:?}"),
            };
            assert!(
                remaining.0 >= old && remaining.1 >= new,
                "more lines than the hunk header says at {line:?} in {diff:?}"
            );
            remaining = (remaining.0 - old, remaining.1 - new);
        }
        previous = line;
    }
    assert_eq!(remaining, (0, 0), "a hunk is short in {diff:?}");
}

#[test]
fn diff_is_well_formed_with_bare_cr_endings_and_no_final_newline() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        // Old Mac line endings: pulldown-cmark reads them only in part, so
        // the file is not fixed and has no diff (to `patch` it is all one line).
        ("a-mac.md", NO_TIMELINE.replace('\n', "\r")),
        // No final newline, then another file: its header must not be glued on.
        (
            "b-no-eol.md",
            "# Outage\n\n## Issue Summary\nDuration: 45 minutes, from 14:10 to 14:55 UTC. About 30% of users saw errors.\n\n\
             ## Timeline\n- 14:10 UTC: alerts\n\n## Corrective Measures\n- fix\n\nThe disk was full.Root Cause"
                .to_owned(),
        ),
        ("c-crlf.md", NO_TIMELINE.replace('\n', "\r\n")),
        ("d-plain.md", NO_TIMELINE.to_owned()),
    ];
    for (name, text) in &files {
        write(dir.path(), name, text);
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    let (code, diff, err) = run(pmlint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--diff"])
        .args(&names));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("a-mac.md: would not be fixed: its lines end in lone CRs"),
        "{err}"
    );
    assert!(!diff.contains("a-mac.md"), "{diff:?}");
    assert_well_formed(&diff);
    for name in &names[1..] {
        assert!(
            diff.contains(&format!("\n--- {name}\n")) || diff.starts_with(&format!("--- {name}\n")),
            "{name}: {diff:?}"
        );
    }
    assert!(
        diff.contains("\n\\ No newline at end of file\n--- c-crlf.md\n"),
        "{diff:?}"
    );

    // `patch` (when installed) applies it and gets what `--fix` writes.
    let has_patch = std::process::Command::new("patch")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_patch {
        return;
    }
    let patched = tempfile::tempdir().unwrap();
    for (name, text) in &files {
        write(patched.path(), name, text);
    }
    let out = std::process::Command::new("patch")
        .current_dir(patched.path())
        .args(["-p0", "--quiet", "--force"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(diff.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(
        out.status.success(),
        "patch: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, _, err) = run(pmlint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--fix", "-q"])
        .args(&names));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("a-mac.md: not fixed: its lines end in lone CRs"),
        "{err}"
    );
    for name in &names {
        assert_eq!(
            fs::read(patched.path().join(name)).unwrap(),
            fs::read(dir.path().join(name)).unwrap(),
            "{name}"
        );
    }
}

#[cfg(unix)]
#[test]
fn fix_writes_a_hard_linked_file_in_place_so_every_link_sees_it() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    let b = dir.path().join("linked/b.md");
    write(dir.path(), "a.md", NO_TIMELINE);
    fs::create_dir_all(b.parent().unwrap()).unwrap();
    fs::hard_link(&a, &b).unwrap();
    let inode = fs::metadata(&a).unwrap().ino();
    let (code, _, err) = run(pmlint()
        .args(["check", "--isolated", "--fix", "-q"])
        .arg(&a));
    assert_eq!(code, 0, "{err}");
    let fixed = fs::read_to_string(&a).unwrap();
    assert!(fixed.contains("## Timeline\n"), "{fixed}");
    assert_eq!(fs::read_to_string(&b).unwrap(), fixed, "the other link");
    let meta = fs::metadata(&a).unwrap();
    assert_eq!((meta.ino(), meta.nlink()), (inode, 2));
    // A single link is still replaced by a rename (a new inode).
    write(dir.path(), "single.md", NO_TIMELINE);
    let single = dir.path().join("single.md");
    let before = fs::metadata(&single).unwrap().ino();
    let (code, _, _) = run(pmlint()
        .args(["check", "--isolated", "--fix", "-q"])
        .arg(&single));
    assert_eq!(code, 0);
    assert_ne!(fs::metadata(&single).unwrap().ino(), before);
    assert_eq!(fs::read_to_string(&single).unwrap(), fixed);
}

#[cfg(unix)]
#[test]
fn fix_run_as_root_keeps_the_file_owner_and_group() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pm.md");
    write(dir.path(), "pm.md", NO_TIMELINE);
    // Giving a file away needs root: elsewhere this test has nothing to check.
    if fs::metadata(&path).unwrap().uid() != 0 {
        eprintln!("skipped: not running as root");
        return;
    }
    std::os::unix::fs::chown(&path, Some(12345), Some(54321)).unwrap();
    let (code, _, err) = run(pmlint()
        .args(["check", "--isolated", "--fix", "-q"])
        .arg(&path));
    assert_eq!(code, 0, "{err}");
    assert!(fs::read_to_string(&path).unwrap().contains("## Timeline\n"));
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (12345, 54321));
}

/// Arguments clap refuses (an empty code, a bad value) with `--fix -`: the
/// input comes back unchanged on standard output, the error on standard
/// error, exit 2.
#[test]
fn fix_stdin_with_refused_arguments_hands_the_input_back() {
    let input = "# Outage\n\nNo sections yet.\n";
    for bad in [
        &["check", "--fix", "--ignore", "PM1,", "-"][..],
        &["check", "--fix", "--fail-on=sometimes", "-"][..],
    ] {
        let out = pmlint().args(bad).write_stdin(input).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), input, "{bad:?}");
        assert!(!out.stderr.is_empty(), "{bad:?}");
    }
    // Without `--fix -` nothing is echoed.
    let out = pmlint()
        .args(["check", "--ignore", "PM1,", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

/// A file the user may not write (another user's, mode 644) in a folder
/// they may write is not replaced: it is reported, exit 2. Needs root to
/// set up (a file owned by another user) and `setpriv` to run as that
/// other user; skipped otherwise.
#[cfg(unix)]
#[test]
fn fix_does_not_take_over_a_file_the_user_may_not_write() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("shared");
    let path_str = write(&folder, "pm.md", NO_TIMELINE);
    let path = Path::new(&path_str);
    let setpriv = Path::new("/usr/bin/setpriv");
    if fs::metadata(path).unwrap().uid() != 0 || !setpriv.exists() {
        eprintln!("skipped: needs root and setpriv");
        return;
    }
    // The folder is everyone's; the file is root's, writable by root only.
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o644)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("pmlint");
    let out = std::process::Command::new(setpriv)
        .args(["--reuid", "4242", "--regid", "4242", "--clear-groups"])
        .arg(&bin)
        .args(["check", "--isolated", "--fix", "-q"])
        .arg(path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not fixed: you may not write it"), "{err}");
    assert_eq!(fs::read_to_string(path).unwrap(), NO_TIMELINE);
    assert_eq!(fs::metadata(path).unwrap().uid(), 0);
}
