//! A real editor as the client: Neovim (headless, from Debian) runs
//! `tests/nvim/init.lua`, which starts `pmlint server` for Markdown, opens
//! copies of broken fixtures, saves them, waits for diagnostics, applies the
//! quick fix and writes what it saw as JSON. Needs `nvim` (0.7 or later) on
//! the PATH, so it is ignored by plain `cargo test`; `.ci/run` installs
//! Neovim and runs it.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Emoji before the diagnostic: Neovim converts the server's UTF-16
/// position to a byte column, so a wrong conversion shows as a wrong column.
const EMOJI: &str = "\
# 🔥 Checkout outage 👩‍💻

## Issue Summary

From 14:02 to 15:47 UTC (1 hour 45 minutes), 30% of users could not pay.

## Timeline (all times UTC)

- 14:02: 🔥 errors begin
- 👩‍💻 14:30: on-call engineer paged
- 👩‍💻 14:10: ру́сский support queue fills up
- 15:47: service restored

## Root Cause

A configuration push removed the payment database's credentials.

## Corrective Measures

- Add a canary stage to config pushes.
";

/// (line, column, code) of a file's diagnostics, 0-based as Neovim keeps them.
fn found(file: &Value) -> Vec<(u64, u64, String)> {
    file["diagnostics"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|d| {
            (
                d["lnum"].as_u64().unwrap(),
                d["col"].as_u64().unwrap(),
                d["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[test]
#[ignore = "needs neovim (apt-get install neovim); run by .ci/run"]
fn neovim_shows_diagnostics_and_applies_the_fix() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let init = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/init.lua");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures.join("PM007/bad-glued-root-cause.md"),
        dir.path().join("glued.md"),
    )
    .unwrap();
    std::fs::copy(
        fixtures.join("PM902/bad-typo-in-code.md"),
        dir.path().join("typo.md"),
    )
    .unwrap();
    std::fs::write(dir.path().join("emoji.md"), EMOJI).unwrap();
    let out = dir.path().join("result.json");
    let state = dir.path().join("nvim-state");

    let mut nvim = Command::new("nvim")
        .args(["--headless", "--clean", "-u"])
        .arg(&init)
        .arg("glued.md")
        .current_dir(dir.path())
        .env("PMLINT_BIN", env!("CARGO_BIN_EXE_pmlint"))
        .env("PMLINT_NVIM_OUT", &out)
        .env("PMLINT_NVIM_MORE", "typo.md,emoji.md")
        .env("XDG_CACHE_HOME", &state)
        .env("XDG_STATE_HOME", &state)
        .env("XDG_DATA_HOME", &state)
        .env("XDG_CONFIG_HOME", &state)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("run nvim: install Neovim (apt-get install neovim)");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = nvim.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = nvim.kill();
            panic!("nvim did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let text = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("nvim ({status}) wrote no {}: {e}", out.display()));
    let result: Value = serde_json::from_str(&text).unwrap();
    println!(
        "Neovim {} (offset encoding {}) got:\n{}",
        result["nvim"],
        result["offset_encoding"],
        serde_json::to_string_pretty(&result["files"]).unwrap()
    );
    assert!(status.success(), "nvim exited with {status}");
    assert_eq!(result["errors"], serde_json::json!([]), "{text}");
    assert_eq!(result["offset_encoding"], "utf-16");

    let files = result["files"].as_array().unwrap();
    let [glued, typo, emoji] = &files[..] else {
        panic!("three files expected: {text}");
    };
    // Line 15 of the fixture, after "...stayed flat for an hour." (75 bytes).
    assert_eq!(found(glued), [(14, 75, "PM007".to_owned())]);
    assert_eq!(glued["diagnostics"][0]["source"], "pmlint");
    assert!(
        glued["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("\nhelp: ")
    );
    assert_eq!(
        glued["actions"],
        serde_json::json!([
            "Move the heading onto its own line",
            "Disable PM007 for this file",
            "Fix all auto-fixable pmlint problems"
        ])
    );
    assert_eq!(glued["after_fix"], serde_json::json!([]));
    assert_eq!(glued["fixed_line"], "## Root Cause and Resolution");
    let saved = std::fs::read_to_string(dir.path().join("glued.md")).unwrap();
    assert!(
        saved.contains("for an hour.\n\n## Root Cause and Resolution\n"),
        "{saved}"
    );

    assert_eq!(
        found(typo),
        [(10, 0, "PM902".to_owned()), (11, 2, "PM101".to_owned())]
    );
    // "- 👩‍💻 14:10": "- " (2 bytes) + 👩‍💻 (11 bytes) + " " (1): byte 14.
    assert_eq!(found(emoji), [(10, 14, "PM101".to_owned())]);
    assert_eq!(emoji["diagnostics"][0]["end_col"], 19);
}
