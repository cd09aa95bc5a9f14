//! One linting run over files: read each file, lint it with the config that
//! governs it, and apply or preview its fixes. The command line and the
//! language server call this; rendering happens elsewhere.

use crate::config::{Config, ConfigCache, ConfigError};
use crate::diagnostic::Diagnostic;
use crate::files::{self, FileError};
use crate::lint::LintOptions;
use crate::render::FileReport;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;

/// What to do with safe fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    /// Report only.
    #[default]
    Off,
    /// `--fix`: write the fixed file (atomically) and report what remains.
    Apply,
    /// `--diff`: compute a unified diff of the fixes; write nothing.
    Diff,
}

/// Options of a run that do not change per file.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// `--select` and `--ignore` from the command line.
    pub lint: LintOptions,
    /// Whether fixes are reported only, written (`--fix`), or shown as a diff (`--diff`).
    pub fix: FixMode,
    /// `--config PATH` or `--isolated`: this config for every file instead of discovery.
    pub config: Option<Arc<Config>>,
}

/// What linting one input produced.
#[derive(Debug)]
pub enum Outcome {
    /// The file was linted (after fixing, in [`FixMode::Apply`]).
    Report(FileReport),
    /// The file could not be read, decoded or written (or linting it
    /// panicked: a bug, see [`lint_bytes`]).
    FileError(FileError),
    /// The config governing the file is invalid.
    ConfigError(ConfigError),
}

/// One file's result.
#[derive(Debug)]
pub struct FileResult {
    /// What linting the input produced: a report, or the error that stopped it.
    pub outcome: Outcome,
    /// Fixes applied ([`FixMode::Apply`]) or that would be ([`FixMode::Diff`]).
    pub fixes: usize,
    /// The unified diff of the fixes, in [`FixMode::Diff`] when there is one.
    pub diff: Option<String>,
    /// The text `--fix` would write and its diagnostics, when a fix applies
    /// and is not refused: in [`FixMode::Diff`], and from [`lint_bytes`] in
    /// [`FixMode::Apply`] (nothing is written; [`FileResult::apply_fixed`]
    /// makes it the report's).
    pub fixed: Option<(String, Vec<Diagnostic>)>,
    /// A file error met after linting (the fixed file could not be written);
    /// the report is still given.
    pub write_error: Option<FileError>,
}

impl FileResult {
    /// A result with no fixes, diff or write error.
    pub fn only(outcome: Outcome) -> Self {
        FileResult {
            outcome,
            fixes: 0,
            diff: None,
            fixed: None,
            write_error: None,
        }
    }

    /// Makes [`FileResult::fixed`], when there is one, the report: its text
    /// and what remains in it (once the fixed text is written, or printed).
    pub fn apply_fixed(&mut self) {
        if let Some((text, after)) = self.fixed.take()
            && let Outcome::Report(report) = &mut self.outcome
        {
            report.source = text;
            report.diagnostics = after;
        }
    }
}

fn config_for(
    path: &Path,
    configs: &ConfigCache,
    options: &RunOptions,
) -> Result<Arc<Config>, ConfigError> {
    match &options.config {
        Some(c) => Ok(c.clone()),
        None => configs.for_file(path),
    }
}

/// Lints text that is not a file on disk (standard input): `name` is used
/// in diagnostics and for config lookup. In [`FixMode::Apply`] the fixed text
/// is returned in [`FileReport::source`] and nothing is written.
pub fn lint_text(
    name: &Path,
    text: String,
    configs: &ConfigCache,
    options: &RunOptions,
) -> FileResult {
    let config = match config_for(name, configs, options) {
        Ok(c) => c,
        Err(e) => return FileResult::only(Outcome::ConfigError(e)),
    };
    // The rules that run are chosen once: for linting and for the report.
    let rules_run = crate::lint::enabled_codes(&config, &options.lint, name);
    let mut diagnostics = crate::lint::lint_rules(&text, &config, &rules_run);
    let mut result = FileResult::only(Outcome::FileError(FileError {
        path: name.to_path_buf(),
        message: String::new(),
    }));
    let mut source = text;
    if options.fix != FixMode::Off {
        let fixed = crate::fix::fix_until_stable(&source, &diagnostics, |text| {
            crate::lint::lint_rules(text, &config, &rules_run)
        });
        result.fixes = fixed.applied;
        if let Some(after) = fixed.diagnostics {
            if options.fix == FixMode::Diff {
                let name = name.display().to_string();
                result.diff = Some(unified_diff(&name, &source, &fixed.text));
                result.fixed = Some((fixed.text, after));
            } else {
                diagnostics = after;
                source = fixed.text;
            }
        }
    }
    result.outcome = Outcome::Report(FileReport {
        path: name.display().to_string(),
        source,
        diagnostics,
        rules_run,
        rendered: None,
    });
    result
}

/// Decodes and lints the bytes of one input named `name` (a file as read,
/// or standard input), computing its fixes unless [`FixMode::Off`]; nothing
/// is written. In [`FixMode::Apply`] the report keeps the text as read and
/// [`FileResult::fixed`] holds the text to write, with what remains in it.
///
/// A panic while linting (a bug) is caught and reported as this input's
/// [`FileError`] (exit code 2); the other files are still linted.
///
/// UTF-16 input (with its byte-order mark), and input whose lines end in
/// lone `\r`s (whose diagnostics then offer no fix:
/// [`crate::fix::withhold_fixes`]), is linted but never fixed: were a fix to
/// apply, [`FileResult::write_error`] says so instead, and in
/// [`FixMode::Diff`] there is no diff (`--diff` agrees with `--fix`).
pub fn lint_bytes(
    name: &Path,
    bytes: Vec<u8>,
    configs: &ConfigCache,
    options: &RunOptions,
) -> FileResult {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let text = match files::decode(bytes) {
        Ok(t) => t,
        Err(message) => {
            return FileResult::only(Outcome::FileError(FileError {
                path: name.to_path_buf(),
                message,
            }));
        }
    };
    let apply = options.fix == FixMode::Apply;
    let mut run = options.clone();
    if apply {
        // Lint and compute the fix first; write only if it changes the text.
        run.fix = FixMode::Diff;
    }
    // A bug must not take the other files down with this one (as ruff
    // reports a panic per file): a panic while linting is this file's error.
    // The panic hook has printed where it happened to standard error.
    let mut result = panic_as_error(name, || lint_text(name, text, configs, &run));
    if apply {
        result.diff = None;
    }
    // Old Mac line ends stop every fix: the diagnostics say whether one
    // would have applied.
    let lone_cr = match &mut result.outcome {
        Outcome::Report(r) => crate::fix::withhold_fixes(&r.source, &mut r.diagnostics),
        _ => false,
    };
    let refused = if utf16 {
        Some("pmlint does not rewrite UTF-16 files; save it as UTF-8")
    } else if lone_cr {
        Some(
            "its lines end in lone CRs (old Mac line ends), which the Markdown parser \
             reads only in part; save it with LF or CRLF line ends",
        )
    } else {
        None
    };
    let would_fix = result.fixes > 0 || (lone_cr && options.fix != FixMode::Off);
    if let Some(refused) = refused
        && would_fix
    {
        // `--diff` shows what `--fix` would do: nothing, and why.
        let verb = if apply {
            "not fixed"
        } else {
            "would not be fixed"
        };
        result.fixes = 0;
        result.diff = None;
        result.fixed = None;
        result.write_error = Some(FileError {
            path: name.to_path_buf(),
            message: format!("{verb}: {refused}"),
        });
    }
    result
}

/// `lint()`'s result, or, when it panics, a [`FileError`] for `name` saying
/// so (`internal error: pmlint panicked ...`).
fn panic_as_error(name: &Path, lint: impl FnOnce() -> FileResult) -> FileResult {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(lint)).unwrap_or_else(|_| {
        FileResult::only(Outcome::FileError(FileError {
            path: name.to_path_buf(),
            message: "internal error: pmlint panicked while linting this file (a bug: \
                      please report it, with the file if you can)"
                .to_owned(),
        }))
    })
}

/// Reads, lints and (per [`RunOptions::fix`]) fixes one file.
///
/// With [`FixMode::Apply`], the fixed text is written to a temporary file in
/// the same folder and renamed over the original, so a crash never leaves
/// half a file; the file is re-read just before the rename and left alone
/// (reported as an error) if it changed since it was read. UTF-16 files are
/// linted but never rewritten.
pub fn lint_file(path: &Path, configs: &ConfigCache, options: &RunOptions) -> FileResult {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return FileResult::only(Outcome::FileError(FileError {
                path: path.to_path_buf(),
                message: files::read_error(path, &e),
            }));
        }
    };
    let apply = options.fix == FixMode::Apply;
    // The bytes as read are kept only to check, before writing a fix, that
    // the file has not changed since; the text is not copied at all.
    let original = if apply { bytes.clone() } else { Vec::new() };
    let mut result = lint_bytes(path, bytes, configs, options);
    if apply && let Some((fixed, _)) = &result.fixed {
        match files::write_atomic(path, &original, fixed) {
            // Report what remains in the fixed text.
            Ok(()) => result.apply_fixed(),
            Err(e) => {
                result.fixes = 0;
                result.fixed = None;
                result.write_error = Some(e);
            }
        }
    }
    result
}

/// A unified diff (3 lines of context) from `old` to `new`, both headers
/// naming the file; empty when they are equal.
///
/// The diff is well formed whatever the line endings, so `patch` takes it:
/// lines are split at line feeds only, as `patch` splits them (similar's own
/// line diff also splits at a bare carriage return, which left diff lines
/// ending in a bare CR for old Mac files), and every diff line ends in a
/// line feed, a last line without one being followed by the standard
/// `\ No newline at end of file` marker. similar computes the hunks and
/// their headers.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    use similar::DiffTag;
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let diff = similar::TextDiff::configure().diff_slices(&old_lines, &new_lines);
    let mut out = String::new();
    for (i, hunk) in diff.grouped_ops(3).iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("--- {name}\n+++ {name}\n"));
        }
        out.push_str(&format!(
            "{}\n",
            similar::udiff::UnifiedHunkHeader::new(hunk)
        ));
        for op in hunk {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            let (removed, added) = match tag {
                DiffTag::Equal => {
                    push_diff_lines(&mut out, ' ', &old_lines[old_range]);
                    continue;
                }
                DiffTag::Delete => (&old_lines[old_range], &[][..]),
                DiffTag::Insert => (&[][..], &new_lines[new_range]),
                DiffTag::Replace => (&old_lines[old_range], &new_lines[new_range]),
            };
            push_diff_lines(&mut out, '-', removed);
            push_diff_lines(&mut out, '+', added);
        }
    }
    out
}

/// Appends `lines` to a unified diff, each after `sign` and ending in a line
/// feed: one without its own (the last line of a file) is followed by
/// `\ No newline at end of file`.
fn push_diff_lines(out: &mut String, sign: char, lines: &[&str]) {
    for line in lines {
        out.push(sign);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

/// Inputs handled at once by [`in_order`].
const CHUNK: usize = 512;

/// Maps each of `inputs` with `map` in parallel (rayon; a single input on
/// this thread, with no thread pool) and hands the results to `take` in the
/// order of `inputs`, on this thread, until `take` breaks. Inputs are mapped
/// a chunk of `CHUNK` (512) at a time, so only one chunk's results are held at
/// once, however many inputs there are: a run over a large tree streams its
/// output instead of keeping every file's report to the end. After a break
/// no more chunks are mapped, and the rest of the current one is dropped.
pub fn in_order<I: Sync, R: Send>(
    inputs: &[I],
    map: impl Fn(&I) -> R + Sync,
    mut take: impl FnMut(R) -> ControlFlow<()>,
) {
    use rayon::prelude::*;
    let mut results = Vec::with_capacity(CHUNK.min(inputs.len()));
    for chunk in inputs.chunks(CHUNK) {
        if inputs.len() < 2 {
            results.extend(chunk.iter().map(&map));
        } else {
            chunk.par_iter().map(&map).collect_into_vec(&mut results);
        }
        for result in results.drain(..) {
            if take(result).is_break() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Work that differs from input to input, so that threads finish out of order.
    fn uneven(n: &usize) -> usize {
        (0..(n * 7919) % 3000).fold(*n, |acc, i| acc.wrapping_mul(31).wrapping_add(i))
    }

    /// A panic while linting one input is that input's error, naming it.
    #[test]
    fn a_panic_is_the_files_error() {
        let result = panic_as_error(Path::new("docs/pm.md"), || panic!("a bug"));
        match result.outcome {
            Outcome::FileError(e) => {
                assert_eq!(e.path, Path::new("docs/pm.md"));
                assert!(
                    e.message.starts_with("internal error: pmlint panicked"),
                    "{}",
                    e.message
                );
            }
            _ => panic!("not a file error"),
        }
        let fine = panic_as_error(Path::new("pm.md"), || {
            FileResult::only(Outcome::FileError(FileError {
                path: std::path::PathBuf::from("pm.md"),
                message: "not UTF-8".into(),
            }))
        });
        assert!(matches!(fine.outcome, Outcome::FileError(e) if e.message == "not UTF-8"));
    }

    #[test]
    fn in_order_hands_every_result_in_input_order() {
        for len in [0, 1, 2, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7] {
            let inputs: Vec<usize> = (0..len).collect();
            let mut taken = Vec::new();
            in_order(
                &inputs,
                |n| (*n, uneven(n)),
                |r| {
                    taken.push(r);
                    ControlFlow::Continue(())
                },
            );
            let expected: Vec<(usize, usize)> = inputs.iter().map(|n| (*n, uneven(n))).collect();
            assert_eq!(taken, expected, "{len} inputs");
        }
    }

    #[test]
    fn in_order_holds_at_most_one_chunk_of_results() {
        let inputs: Vec<usize> = (0..4 * CHUNK + 3).collect();
        let mapped = AtomicUsize::new(0);
        let mut taken = 0;
        let mut most_held = 0;
        in_order(
            &inputs,
            |n| {
                mapped.fetch_add(1, Ordering::SeqCst);
                uneven(n)
            },
            |_| {
                taken += 1;
                most_held = most_held.max(mapped.load(Ordering::SeqCst) - taken + 1);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(taken, inputs.len());
        assert_eq!(mapped.into_inner(), inputs.len());
        assert!(
            (1..=CHUNK).contains(&most_held),
            "{most_held} results mapped and not yet taken"
        );
    }

    #[test]
    fn in_order_maps_no_chunk_after_a_break() {
        let inputs: Vec<usize> = (0..4 * CHUNK).collect();
        for (len, stop_at) in [(1, 0), (inputs.len(), 3), (inputs.len(), CHUNK + 5)] {
            let mapped = AtomicUsize::new(0);
            let mut taken = Vec::new();
            in_order(
                &inputs[..len],
                |n| {
                    mapped.fetch_add(1, Ordering::SeqCst);
                    *n
                },
                |n| {
                    taken.push(n);
                    if n == stop_at {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                },
            );
            assert_eq!(taken, (0..=stop_at).collect::<Vec<_>>());
            // Only the chunk holding the break was mapped, and those before it.
            let chunks = stop_at / CHUNK + 1;
            assert_eq!(mapped.into_inner(), (chunks * CHUNK).min(len), "{stop_at}");
        }
    }
}
