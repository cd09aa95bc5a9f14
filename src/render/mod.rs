//! Renderers: turn diagnostics into output. A renderer sees diagnostics and
//! source text, never the outline. One [`Format`] is chosen once per run.

mod concise;
mod human;
mod json;
mod position;

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
}

/// Rendering options.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Colour the human output.
    pub color: bool,
    /// Drop the closing summary line (human and concise).
    pub quiet: bool,
}

/// Writes the report for all files (sorted by path by the caller).
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
