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
            "./docs/archive/kept.md:1:1: error[PM002] missing \"Timeline\" section\n\
             1 file: 1 error, 0 warnings\n"
        )
    );
}
