//! End-to-end tests of command-line fixes found by a user review: code
//! lists, per-file ignores, glob anchoring, CI formats on config errors,
//! standard input, `--diff` and `--fix` edge cases.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

/// A postmortem with every section but no timeline (PM002, an error).
const NO_TIMELINE: &str = "# Cache outage\n\n## Issue Summary\nDuration: 45 minutes, from 14:10 to 14:55 UTC. About 30% of users saw errors.\n\n## Root Cause\nA full disk on the cache host.\n\n## Corrective Measures\n- Alert at 80% disk usage\n";

fn pmlint() -> Command {
    Command::cargo_bin("pmlint").unwrap()
}

/// Writes `text` to `dir/name`, making folders; returns the path as a string.
fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

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
