//! Helpers of the command-line test files (`tests/cli.rs`,
//! `tests/cli_fixes.rs`), included by each with `#[path]`.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

/// A postmortem with every section but no timeline (PM002, an error).
pub const NO_TIMELINE: &str = "# Cache outage\n\n## Issue Summary\nDuration: 45 minutes, from 14:10 to 14:55 UTC. About 30% of users saw errors.\n\n## Root Cause\nA full disk on the cache host.\n\n## Corrective Measures\n- Alert at 80% disk usage\n";

/// The `pmlint` binary built for the tests.
pub fn pmlint() -> Command {
    Command::cargo_bin("pmlint").unwrap()
}

/// Writes `text` to `dir/name`, making folders; returns the path as a string.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}
