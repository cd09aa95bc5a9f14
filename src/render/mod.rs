//! Renderers: turn diagnostics into output. A renderer sees diagnostics and
//! source text, never the outline. One [`Format`] is chosen once per run.

mod concise;
pub mod github;
mod human;
mod json;
pub mod junit;
mod paths;
mod position;
pub mod sarif;
pub mod statistics;

pub use position::{LineIndex, Position};

use crate::diagnostic::{Diagnostic, Severity};
use std::io::{self, Write};

/// The output formats of `pmlint check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with labels and help (codespan-reporting).
    Human,
    /// One line per diagnostic: `path:line:col: severity[CODE] message`.
    Concise,
    /// One JSON array for the whole run (pinned shape; see `json.rs`).
    Json,
    /// A SARIF 2.1.0 log with one run, for code scanning (paths relative to the current folder).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::message`): annotations on pull requests.
    Github,
    /// JUnit XML: a test suite per file, a test case per rule, a failure per diagnostic.
    Junit,
}

impl Format {
    /// Whether `--statistics` has a form in this format: a table for
    /// `human` and `concise`, an array for `json`, none for the others
    /// (as in ruff).
    pub fn supports_statistics(self) -> bool {
        matches!(self, Format::Human | Format::Concise | Format::Json)
    }
}

/// One linted file's results.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as given or found by walking (or the `--stdin-filename`).
    pub path: String,
    /// The text that was linted (spans index into it).
    pub source: String,
    /// Its diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The codes of the rules that ran on it (after `select`, `ignore` and
    /// per-file ignores), in catalogue order: JUnit's test cases.
    pub rules_run: Vec<&'static str>,
}

impl FileReport {
    /// The codes of the rules that run on `path` under `config` and
    /// `options` (see [`crate::lint::rule_enabled`]), in catalogue order:
    /// what [`FileReport::rules_run`] holds.
    pub fn enabled_rules(
        config: &crate::config::Config,
        options: &crate::lint::LintOptions,
        path: &std::path::Path,
    ) -> Vec<&'static str> {
        crate::catalogue::codes()
            .into_iter()
            .filter(|c| crate::lint::rule_enabled(c, config, options, path))
            .collect()
    }
}

/// Rendering options.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Colour the human output.
    pub color: bool,
    /// Drop the closing summary line (human and concise).
    pub quiet: bool,
}

/// Writes the report for all files (sorted by path by the caller). SARIF
/// and GitHub paths are made relative to the current folder. Only `human`
/// and `concise` end with the summary line (unless `quiet`).
pub fn render(
    format: Format,
    files: &[FileReport],
    options: RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(files, options.color, out)?,
        Format::Concise => concise::render(files, out)?,
        Format::Json => return json::render(files, out),
        Format::Sarif => return sarif::render(files, &std::env::current_dir()?, out),
        Format::Github => return github::render(files, &std::env::current_dir()?, out),
        Format::Junit => return junit::render(files, out),
    }
    if !options.quiet {
        writeln!(out, "{}", summary(files))?;
    }
    Ok(())
}

/// Writes `--statistics` instead of the diagnostics: the table (then the
/// summary line unless `quiet`) for `human` and `concise`, an array for
/// `json`. Other formats have no statistics form: an `Unsupported` error
/// (callers check [`Format::supports_statistics`] first).
pub fn render_statistics(
    format: Format,
    files: &[FileReport],
    options: RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human | Format::Concise => statistics::render_table(files, out)?,
        Format::Json => return statistics::render_json(files, out),
        Format::Sarif | Format::Github | Format::Junit => {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "--statistics has no form in this format",
            ));
        }
    }
    if !options.quiet {
        writeln!(out, "{}", summary(files))?;
    }
    Ok(())
}

/// `3 files: 2 errors, 1 warning`.
pub fn summary(files: &[FileReport]) -> String {
    let count = |s: Severity| {
        files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == s)
            .count()
    };
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}: {}, {}",
        plural(files.len(), "file"),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning")
    )
}
