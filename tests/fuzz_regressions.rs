//! Regression tests from fuzzing (see `fuzz/README.md`).
//!
//! The checks are the fuzz targets' own: `fuzz/src/lib.rs` is included here
//! as a module, so each test runs exactly what the fuzzer asserted (no panic,
//! valid spans, renderers succeed, `--fix` keeps every character and is
//! idempotent, ...). Every input a fuzzer ever flagged (a crash, a failed
//! assertion or a timeout) is kept in [`FINDINGS`] as a byte string, with the
//! target that found it; the committed seeds and the fixtures run through
//! every target as well.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

use std::path::Path;

/// A fuzz target's check.
type Check = fn(&[u8]);

fn check_of(target: &str) -> Check {
    match target {
        "lint" => targets::lint_target,
        "time" => targets::time_target,
        "config" => targets::config_target,
        "suppression" => targets::suppression_target,
        "fix" => targets::fix_target,
        other => panic!("no fuzz target {other:?}"),
    }
}

/// Inputs the fuzzers flagged: (target, why, input). Each must now pass its
/// target's check, and quickly (a timeout was a finding too).
const FINDINGS: &[(&str, &str, &[u8])] = &[
    // Found by `fix` on a real postmortem cut off (at -max_len) inside a
    // code fence; minimised by hand (the corpus text is not ours to copy).
    // Every skeleton section inserted at the end closed the fence, so the
    // second one opened a new code block, the third closed it, ...: half
    // the new headings were code, and a second --fix added them again.
    (
        "fix",
        "every end-of-text skeleton closed the open fence",
        b"```\ncode\n",
    ),
    (
        "fix",
        "open fence, no final newline, CRLF",
        b"# Outage\r\n\r\n~~~~ text\r\nlogs",
    ),
    // Found by `fix` (input minimised by libFuzzer from 2,474 bytes): a fence
    // opened in a list item. The closing fence line, not indented, ended the
    // list item (and its code block with it), then opened a new code block
    // that swallowed every skeleton; a second --fix added them all again.
    ("fix", "open fence in a list item", b"- ```"),
    ("fix", "open fence in a block quote", b"> ```\n> code"),
    (
        "fix",
        "open fence in a loose list item",
        b"1. item\n\n   ```\n   x\n",
    ),
    // Found by `fix` (minimised by libFuzzer from 1,893 bytes): an HTML
    // block that only ends at a marker (`<?` … `?>`) swallowed the skeletons
    // inserted after it, like an open fence; each --fix added them again.
    ("fix", "unclosed processing instruction", b"<?"),
    (
        "fix",
        "unclosed HTML comment",
        b"<!-- pmlint-disable PM101\nx",
    ),
    ("fix", "unclosed <pre>", b"<pre>\nx\n"),
    ("fix", "<PRE> closed only by </pre>", b"<PRE>\nx</PRE>"),
    ("fix", "unclosed declaration", b"<!DOCTYPE"),
    ("fix", "unclosed CDATA", b"<![CDATA[ x"),
    ("fix", "unclosed HTML comment in a list item", b"- <!--"),
    // Found by `fix` (minimised by libFuzzer from 939 bytes): a heading
    // (`<h2>`) inside an HTML block that only ends at a marker (`<!d` … `>`).
    // The skeleton inserted before that heading landed inside the block.
    (
        "fix",
        "heading inside a declaration block",
        b"Summary\n<!d\n<h2></h2>",
    ),
    (
        "fix",
        "heading inside an HTML comment",
        b"Summary\n<!--\n<h2>Root Cause</h2>\n-->\n",
    ),
    (
        "fix",
        "heading inside <pre>",
        b"## Summary\nx\n<pre>\n<h2>Root Cause</h2>\n</pre>\n",
    ),
    // Found by `fix` (minimised by libFuzzer from 3,569 bytes): the outline
    // took `\r```` (after a line feed) for a closing fence, pulldown-cmark
    // did not, so no fence was closed and the skeletons were code.
    ("fix", "lone CR before a fence line", b"```\n\r```"),
    ("fix", "tab before a fence line", b"```\n\t```"),
    ("fix", "tab after a fence line", b"```\n  ``` \t\n"),
    // Found by `fix` (minimised by libFuzzer from 2,656 bytes): a fence
    // line indented four spaces is code, not a closing fence. Whether the
    // fence is open is now read from pulldown-cmark's own parse.
    ("fix", "fence line indented four spaces", b"```\n    ```"),
    ("fix", "shorter fence line", b"````\ncode\n```\n"),
    // Found by `fix` (minimised by libFuzzer from 3,379 bytes): `0) cause:`
    // ended a paragraph, so it read as a Root Cause heading; the skeletons
    // inserted right before it made it the first line of a block, an ordered
    // list item, and Root Cause went missing.
    (
        "fix",
        "heading line that alone is a list item",
        b"<\n0) cause:",
    ),
    (
        "fix",
        "heading line that alone is a list item, after text",
        b"Intro text\n2. Root cause:\nthe disk",
    ),
    // Found by `fix` (minimised by libFuzzer from 2,950 bytes): a glued
    // title hidden by inline HTML could not be found in the source, so its
    // span was the whole line, and the PM007 fix made the whole sentence a
    // heading that named nothing. Now PM007 offers no fix then.
    (
        "fix",
        "glued title with inline HTML in it",
        b"f p s a m e.R C<p>ause a e e n R R",
    ),
    // Found by `fix` (minimised by libFuzzer from 988 bytes): the same with
    // a table: `Summary|` ended a paragraph, but before `|-` at the start of
    // a block it is a table's header row.
    (
        "fix",
        "heading line that first in a block starts a table",
        b"Timeline\nSummary|\n|-",
    ),
    (
        "fix",
        "open fence after a present section",
        b"## Summary\nThe API was down.\n\n```\n10:00 UTC paged\n",
    ),
    (
        "fix",
        "skeletons inserted inside an HTML block that blank lines end, before its \
         heading line: the rest of the block was no longer HTML (session 2)",
        b"<h>\n\0<h2>cause</h1>1",
    ),
    (
        "fix",
        "skeletons inserted before a bold heading line whose emphasis opens on \
         the line before: alone, the line was no heading (session 2)",
        b"*\0\ncause:O*",
    ),
    (
        "fix",
        "skeletons inserted before a heading line of a list item's paragraph \
         whose last lines, out of the list, read as a setext heading (session 2)",
        b"- a\nTimeline\n:\0t e\nS~o\x7fv\nr\nr\n-\x7fv\nr\nr\n-",
    ),
    (
        "fix",
        "skeletons inserted before an indented heading line of a paragraph that \
         alone reads as a list item: the line was looked up by its text's start, \
         not its line's (session 3)",
        b"\x01\n 0) cause:",
    ),
    (
        "fix",
        "a skeleton inserted inside a paragraph whose emphasis spans both the \
         heading line before and the one after: cut there, the line before \
         was no heading (session 3)",
        b"*Cause:c\nSummary*",
    ),
    (
        "fix",
        "a skeleton that ends a list item before its lazy line leaves a comment \
         open in the item open at the top level, where it swallowed the \
         skeletons at the end: the end's closer was chosen on the text without \
         the other skeletons (session 3)",
        b"- l\nTimeline\n  <!--",
    ),
    (
        "fix",
        "skeletons inserted before a list item's lazy heading line: there the \
         list ended at `0)`, but at the top `0)` continues the paragraph and a \
         code span from the heading line runs over it, so the heading was gone \
         and a second --fix added it again (session 4)",
        b"- d\n`Cause\n0)\n`A&&&A&A",
    ),
    (
        "fix",
        "skeletons inserted before a heading indented into an empty list item: \
         out of the item, the line is an indented code block, so the heading \
         was gone; they now go before the list (session 4)",
        b"-\n\t# cause.",
    ),
    (
        "fix",
        "a text ending in an unclosed comment, with the Issue Summary skeleton \
         suppressed: the closing `-->` went on that skeleton, which was then \
         dropped, so the comment swallowed the other skeletons; the closer is \
         now placed after suppressions (session 4)",
        b"<!--pmlint-disable-file PM001-->\n<!--",
    ),
    (
        "fix",
        "a skeleton inserted before a glued heading on the second source line \
         of one outline line (inline HTML running over the line break): cut \
         there, the HTML ended early and the first line gained a glued \
         heading; the skeleton now goes before the whole line (session 4)",
        b"s<!t.Timeline o\n->.Timeline p",
    ),
    (
        "fix",
        "a glued heading whose title an inline code span hid (no fix: the \
         span is the whole line), on a line indented by four spaces below \
         another glued heading: fixing that one made the line an indented \
         code block, where the title is found and fixable, so a second --fix \
         changed the text; --fix now repeats until no fix applies (session 8)",
        b"s.Timeline n\n    `n.Timeline s\n`n",
    ),
    (
        "lint",
        "a `/` right after a multi-byte char in a summary line (a real \
         postmortem's `”.` then a path; minimised by hand): the tz-database \
         check of PM104, read in the summary since session 23, sliced inside \
         the `”` and panicked",
        "## Summary\n\nIt said \u{201c}/a\u{201d}.\n\n## Timeline\n\n- 10:00 a\n".as_bytes(),
    ),
];

#[test]
fn fuzz_findings_pass_their_checks() {
    // Each check panics on a failed property; timing is left to the fuzzer's
    // own timeout and to the benchmarks (no timed unit tests).
    for (target, why, input) in FINDINGS {
        // Shown with the panic's message if the check fails.
        eprintln!("{target}: {why}");
        check_of(target)(input);
    }
}

/// Every file under `dir` (recursively), sorted.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn committed_seeds_pass_their_targets() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for (folder, targets) in [
        ("lint", &["lint", "fix", "suppression"][..]),
        ("suppression", &["lint", "fix", "suppression"][..]),
        ("time", &["time"][..]),
        ("config", &["config"][..]),
    ] {
        let files = files_under(&seeds.join(folder));
        assert!(!files.is_empty(), "no seeds in fuzz/seeds/{folder}");
        for file in files {
            let bytes = std::fs::read(&file).expect("read seed");
            for target in targets {
                check_of(target)(&bytes);
            }
        }
    }
}

#[test]
fn fixtures_pass_the_document_targets() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut count = 0;
    for file in files_under(&fixtures) {
        let bytes = std::fs::read(&file).expect("read fixture");
        match file.extension().and_then(|e| e.to_str()) {
            Some("md") => {
                for target in ["lint", "fix", "suppression", "time"] {
                    check_of(target)(&bytes);
                }
                count += 1;
            }
            Some("toml") => check_of("config")(&bytes),
            _ => {}
        }
    }
    assert!(count > 50, "only {count} fixtures found");
}
