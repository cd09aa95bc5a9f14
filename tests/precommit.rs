//! The pre-commit hook, tested with the real pre-commit (issue 3).
//!
//! The test installs `pre-commit` from PyPI into a throwaway virtualenv, makes
//! a throwaway git repository holding a postmortem, and runs
//! `pre-commit try-repo <this checkout> pmlint --files postmortems/outage.md`,
//! which builds pmlint through the hook's `language: rust` (`cargo install
//! --path .` of a clone of this checkout) and runs the hook's `entry`.
//!
//! What `try-repo` sees of this checkout: HEAD when the working tree is clean;
//! otherwise a temporary commit of HEAD plus the changes to *tracked* files and
//! whatever is staged. Untracked files are invisible to it, so `git add` a new
//! file (`.pre-commit-hooks.yaml`, a new module) before running this test.
//!
//! It is `#[ignore]`d because it is slow (a release build of pmlint, twice,
//! through pre-commit); `.ci/run` runs it with `cargo test -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// The pre-commit release the test installs.
const PRE_COMMIT_VERSION: &str = "4.7.0";

/// A postmortem without a Timeline section: the hook must fail with PM002.
const BROKEN: &str = "\
# Postmortem: Search results empty for EU customers

## Issue Summary

Duration: 1 hour 5 minutes, from 13:20 to 14:25 UTC.
Impact: about 40% of search requests from EU customers returned no results.

The on-call engineer rolled back the index build and results came back.

## Root Cause

The nightly index build ran against a replica that had stopped replicating,
so it produced an index with no documents for the EU shard.

## Corrective Measures

- Refuse to publish an index whose document count drops by more than 10%.
- Alert when a replica's replication lag exceeds five minutes.
";

/// The timeline `BROKEN` lacks, inserted before its Root Cause.
const TIMELINE: &str = "\
## Timeline

- 13:20 UTC: The new search index was published to the EU shard.
- 13:31 UTC: The empty-results alert fired and paged the on-call engineer.
- 13:58 UTC: The on-call engineer found the EU shard's index had no documents.
- 14:10 UTC: The previous index was restored.
- 14:25 UTC: Search results were back to normal for every customer.

";

/// Runs `cmd`, panicking with its output if it cannot start or exits non-zero.
fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("could not run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    out
}

/// A `git` command in `dir`, shielded from a surrounding git hook's variables.
fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    cmd
}

/// Checks that `try-repo` will see the hook manifest, and warns about files it
/// will not see.
fn check_checkout(checkout: &Path) {
    let tracked = git(checkout)
        .args(["ls-files", "--error-unmatch", ".pre-commit-hooks.yaml"])
        .output()
        .expect("git runs");
    assert!(
        tracked.status.success(),
        "{} is not a git checkout, or .pre-commit-hooks.yaml is not tracked: \
         `pre-commit try-repo` only sees committed, tracked and staged files \
         (git add it first)",
        checkout.display()
    );
    let untracked = run_ok(git(checkout).args(["ls-files", "--others", "--exclude-standard"]));
    let untracked = String::from_utf8_lossy(&untracked.stdout);
    if !untracked.trim().is_empty() {
        println!(
            "note: pre-commit try-repo will not see these untracked files of the checkout:\n{untracked}"
        );
    }
}

/// Runs the hook on `postmortems/outage.md` in `repo` through `pre-commit
/// try-repo`, prints what pre-commit printed, and returns its exit code and
/// output. pre-commit exits 1 when a hook fails and 3 when it could not
/// install one (here: `cargo install` of the checkout failed).
fn try_repo(pre_commit: &Path, checkout: &Path, repo: &Path, home: &Path) -> (i32, String) {
    // `cargo install` builds in a temporary clone of this checkout each time;
    // a target folder kept between runs lets the second run (and the next
    // `.ci/run`) reuse the compiled dependencies. It stays correct: cargo
    // rebuilds pmlint itself because the fresh clone's sources are newer than
    // the last build, and anything whose version changed.
    let cargo_target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("precommit-cargo-target");
    let started = Instant::now();
    let out = Command::new(pre_commit)
        .args(["try-repo", "--color", "never"])
        .arg(checkout)
        .args(["pmlint", "--verbose", "--files", "postmortems/outage.md"])
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", home)
        .env("CARGO_TARGET_DIR", &cargo_target)
        // A `SKIP=pmlint` in the caller's environment would skip the hook.
        .env_remove("SKIP")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .unwrap_or_else(|e| panic!("could not run {}: {e}", pre_commit.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "$ pre-commit try-repo {} pmlint --verbose --files postmortems/outage.md",
        checkout.display()
    );
    println!("{text}");
    println!(
        "(pre-commit {}, after {:.0?})",
        out.status,
        started.elapsed()
    );
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "pre-commit exited {code}: it could not install or run the hook (see its \
         output above; try-repo builds this checkout's HEAD plus changes to tracked \
         and staged files, never untracked ones)"
    );
    (code, text)
}

#[test]
#[ignore = "slow: installs pre-commit from PyPI and builds pmlint through it; run by .ci/run"]
fn pre_commit_hook_fails_on_a_broken_postmortem_and_passes_once_fixed() {
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
    check_checkout(checkout);
    let tmp = tempfile::tempdir().expect("temp dir");

    // pre-commit, from PyPI, in a virtualenv of its own.
    let venv = tmp.path().join("venv");
    let python = std::env::var_os("PYTHON").unwrap_or_else(|| "python3".into());
    run_ok(Command::new(&python).args(["-m", "venv"]).arg(&venv));
    run_ok(
        Command::new(venv.join("bin").join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("pre-commit=={PRE_COMMIT_VERSION}")),
    );
    let pre_commit = venv.join("bin").join("pre-commit");
    let version = run_ok(Command::new(&pre_commit).arg("--version"));
    println!("{}", String::from_utf8_lossy(&version.stdout).trim());
    let home = tmp.path().join("pre-commit-home");

    // A repository with a broken postmortem.
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join("postmortems")).unwrap();
    run_ok(git(&repo).args(["init", "--quiet"]));
    for (key, value) in [
        ("user.name", "pmlint test"),
        ("user.email", "pmlint-test@example.invalid"),
        ("commit.gpgsign", "false"),
        ("tag.gpgsign", "false"),
    ] {
        run_ok(git(&repo).args(["config", "--local", key, value]));
    }
    let outage = repo.join("postmortems").join("outage.md");
    std::fs::write(&outage, BROKEN).unwrap();
    run_ok(git(&repo).args(["add", "postmortems/outage.md"]));

    let (code, output) = try_repo(&pre_commit, checkout, &repo, &home);
    assert_eq!(
        code, 1,
        "the hook passed on a postmortem without a timeline"
    );
    assert!(
        output.contains("PM002"),
        "pre-commit's output does not name PM002"
    );
    assert!(
        output.contains("Failed"),
        "pre-commit did not report the hook as failed"
    );

    // Fixed: the timeline is there, nothing at error level is left.
    let fixed = BROKEN.replacen("## Root Cause", &format!("{TIMELINE}## Root Cause"), 1);
    std::fs::write(&outage, fixed).unwrap();
    run_ok(git(&repo).args(["add", "postmortems/outage.md"]));

    let (code, output) = try_repo(&pre_commit, checkout, &repo, &home);
    assert_eq!(code, 0, "the hook failed on the fixed postmortem");
    assert!(
        output.contains("Passed"),
        "pre-commit did not report the hook as passed"
    );
    assert!(!output.contains("PM002"), "PM002 still reported");
}
