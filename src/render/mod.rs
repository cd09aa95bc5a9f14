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

use crate::config::ConfigError;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::FileError;
use std::io::{self, Write};
use std::path::Path;

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

    /// Whether the output is each file's output in turn, then the summary
    /// line (`human`, `concise`): then a file can be rendered on its own,
    /// as soon as it is linted ([`FileReport::render_early`]).
    pub fn renders_each_file(self) -> bool {
        matches!(self, Format::Human | Format::Concise)
    }

    /// Whether the format lists the inputs that could not be linted
    /// ([`RunError`]s) beside the diagnostics: SARIF, GitHub and JUnit, read
    /// by CI, which may not show standard error. The others leave them to
    /// standard error.
    pub fn lists_errors(self) -> bool {
        matches!(self, Format::Sarif | Format::Github | Format::Junit)
    }
}

/// Why an input was not linted (or its fix not written), for the formats
/// that list such errors ([`Format::lists_errors`]); every format also
/// reports it on standard error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// A file that could not be read, decoded or written.
    File(FileError),
    /// An invalid or unreadable config file: the files it governs were not linted.
    Config(ConfigError),
}

impl RunError {
    /// The file the error is about: the input file, or the config file.
    pub fn path(&self) -> &Path {
        match self {
            RunError::File(e) => &e.path,
            RunError::Config(e) => &e.path,
        }
    }

    /// What went wrong, without the path; a config error's help follows on
    /// a line of its own (`help: did you mean "select"?`).
    pub fn message(&self) -> String {
        match self {
            RunError::File(e) => e.message.clone(),
            RunError::Config(e) => match &e.help {
                Some(help) => format!("invalid config: {}\nhelp: {help}", e.message),
                None => format!("invalid config: {}", e.message),
            },
        }
    }

    /// The 1-based line and column (in characters) the error points at: a
    /// config error's key or value; `None` for a file error or a config
    /// file that could not be read.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            RunError::File(_) => None,
            RunError::Config(e) => e.line_col(),
        }
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
    /// per-file ignores; [`crate::lint::enabled_codes`]), in catalogue
    /// order: JUnit's test cases.
    pub rules_run: Vec<&'static str>,
    /// This file's output, when [`FileReport::render_early`] rendered it on
    /// the thread that linted it; the source is then empty. [`render`] writes
    /// it as it is, so it must be called with the same format and colour.
    pub rendered: Option<Vec<u8>>,
}

impl FileReport {
    /// Drops the part of [`FileReport::source`] that no renderer reads: the
    /// lines after the last one a diagnostic, label or fix touches. Every
    /// renderer reads the source only up to those spans (positions are
    /// counted from the start; snippets show only the lines of spans), so
    /// the output is unchanged. A run over many files keeps each file's
    /// report until all are linted: this keeps about 43 % of the corpus's
    /// text instead of all of it. The source keeps the line holding the
    /// farthest span end, with its line feed; a file without diagnostics
    /// keeps nothing.
    pub fn drop_unread_source(&mut self) {
        if self.rendered.is_some() {
            return; // the source is already dropped
        }
        let keep = self.read_len();
        if keep < self.source.len() {
            self.source.truncate(keep);
            self.source.shrink_to_fit();
        }
    }

    /// How much of [`FileReport::source`] a renderer reads, in bytes from
    /// its start: up to the end of the line holding the farthest span end
    /// (its line feed included), 0 without diagnostics. Always a char
    /// boundary (a line feed is one).
    fn read_len(&self) -> usize {
        let farthest = self
            .diagnostics
            .iter()
            .flat_map(|d| {
                let labels = d.labels.iter().map(|l| l.span.end);
                std::iter::once(d.span.end)
                    .chain(labels)
                    .chain(d.fix.as_ref().map(|f| f.span.end))
            })
            .max();
        match farthest {
            None => 0,
            Some(end) => match self.source.as_bytes().get(end..) {
                Some(rest) => {
                    memchr::memchr(b'\n', rest).map_or(self.source.len(), |i| end + i + 1)
                }
                None => self.source.len(),
            },
        }
    }

    /// Renders this file's output now, in a format that renders each file on
    /// its own ([`Format::renders_each_file`]; `color` for `human`), and drops the
    /// source, the rules run and each diagnostic's texts, labels and fix:
    /// called on the thread that linted the file, so files are rendered in
    /// parallel, and what waits to be written is only the output and each
    /// diagnostic's code, severity and span. The summary line ([`Tally`])
    /// still reads [`FileReport::diagnostics`].
    /// Returns whether it rendered. Other formats leave the report as it
    /// was; a rendering error (reported again when [`render`] renders the
    /// file) leaves it as [`FileReport::drop_unread_source`] would.
    pub fn render_early(&mut self, format: Format, color: bool) -> bool {
        if !format.renders_each_file() {
            return false;
        }
        // The renderers read no further (see `drop_unread_source`), and the
        // human one indexes the lines of all the text it is given.
        let keep = self.read_len();
        self.source.truncate(keep);
        // This file alone, without the summary line: its part of the output.
        let options = RenderOptions { color, quiet: true };
        let mut bytes = Vec::new();
        if render(format, std::slice::from_ref(self), options, &mut bytes).is_err() {
            return false;
        }
        self.rendered = Some(bytes);
        self.source = String::new();
        self.rules_run = Vec::new();
        // Freed here, on the thread that linted the file, rather than by the
        // one writing the output, alone: the summary line and the exit code
        // read only each diagnostic's severity.
        for d in &mut self.diagnostics {
            d.message = String::new();
            d.help = None;
            d.labels = Vec::new();
            d.fix = None;
        }
        true
    }
}

/// Files rendered at once by [`write_each_file`].
const CHUNK: usize = 256;

/// Writes the output of `render_file` for each of `files`, in order. Files
/// are rendered on rayon's threads, each into a buffer of its own, then
/// written in order one chunk of [`CHUNK`] files at a time: the output is
/// the same as rendering one file after another, and at most one chunk of
/// output is held in memory. One file (a pre-commit hook, an editor save)
/// uses no thread pool. A file rendered early ([`FileReport::rendered`]) is
/// written as it is.
///
/// # Errors
/// The first error of `render_file` or of writing to `out`, in file order.
fn write_each_file(
    files: &[FileReport],
    out: &mut dyn Write,
    render_file: impl Fn(&FileReport) -> io::Result<Vec<u8>> + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    use std::borrow::Cow;
    fn early_or<'f>(
        file: &'f FileReport,
        render_file: &impl Fn(&FileReport) -> io::Result<Vec<u8>>,
    ) -> io::Result<Cow<'f, [u8]>> {
        match &file.rendered {
            Some(bytes) => Ok(Cow::Borrowed(bytes.as_slice())),
            None => render_file(file).map(Cow::Owned),
        }
    }
    let bytes_of = |file| early_or(file, &render_file);
    if files.len() < 2 || files.iter().all(|f| f.rendered.is_some()) {
        for file in files {
            out.write_all(&bytes_of(file)?)?;
        }
        return Ok(());
    }
    for chunk in files.chunks(CHUNK) {
        let rendered: Vec<io::Result<Cow<[u8]>>> = chunk.par_iter().map(bytes_of).collect();
        for bytes in rendered {
            out.write_all(&bytes?)?;
        }
    }
    Ok(())
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
    render_with_errors(format, files, &[], options, out)
}

/// [`render`], with the inputs that could not be linted (`errors`: files
/// that could not be read, decoded or written, and invalid config files,
/// already reported on standard error): SARIF lists them as tool execution
/// notifications (SARIF 2.1.0 §3.20.21), JUnit as suites in error and GitHub
/// as `::error` annotations; the other formats leave them to standard error.
pub fn render_with_errors(
    format: Format,
    files: &[FileReport],
    errors: &[RunError],
    options: RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(files, options.color, out)?,
        Format::Concise => concise::render(files, out)?,
        Format::Json => return json::render(files, out),
        Format::Sarif => {
            return sarif::render_with_errors(files, errors, &std::env::current_dir()?, out);
        }
        Format::Github => {
            return github::render_with_errors(files, errors, &std::env::current_dir()?, out);
        }
        Format::Junit => return junit::render_with_errors(files, errors, out),
    }
    if !options.quiet {
        writeln!(out, "{}", Tally::of(files))?;
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
        writeln!(out, "{}", Tally::of(files))?;
    }
    Ok(())
}

/// How many files a run reported on and how many diagnostics of each
/// severity they hold: the closing summary line of `human` and `concise`
/// output (`3 files: 1 error, 2 warnings`), and whether the run fails.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Files linted (a file that could not be read, decoded or configured is
    /// reported as an error on standard error and not counted).
    pub files: usize,
    /// Diagnostics of severity error.
    pub errors: usize,
    /// Diagnostics of severity warning.
    pub warnings: usize,
}

impl Tally {
    /// The tally of `files`.
    pub fn of(files: &[FileReport]) -> Tally {
        let mut tally = Tally::default();
        for file in files {
            tally.add(file);
        }
        tally
    }

    /// Counts one more file and its diagnostics.
    pub fn add(&mut self, file: &FileReport) {
        self.files += 1;
        for d in &file.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
            }
        }
    }

    /// Whether any diagnostic counted is at or above `threshold`.
    pub fn reaches(&self, threshold: Severity) -> bool {
        match threshold {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
        }
    }
}

/// The summary line, without its line feed: `1 file: 0 errors, 2 warnings`.
impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        write!(
            f,
            "{} file{}: {} error{}, {} warning{}",
            self.files,
            plural(self.files),
            self.errors,
            plural(self.errors),
            self.warnings,
            plural(self.warnings)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Label};

    fn report(source: &str, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            path: "p.md".into(),
            source: source.into(),
            diagnostics,
            rules_run: vec!["PM101"],
            rendered: None,
        }
    }

    fn rendered(format: Format, file: &FileReport) -> String {
        let mut out = Vec::new();
        let options = RenderOptions {
            color: false,
            quiet: false,
        };
        render(format, std::slice::from_ref(file), options, &mut out).expect("renders");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn rendering_early_gives_the_same_output_and_drops_the_text() {
        let source = "# T\n\none two\nthree\nfour, never read\n";
        let mut labelled = Diagnostic::new("PM101", 9..12, "m").with_help("h");
        labelled.labels.push(Label {
            span: 13..18, // `three`
            message: "l".into(),
        });
        let diagnostics = vec![labelled, Diagnostic::new("PM102", 14..15, "n")];
        for (format, color) in [
            (Format::Human, false),
            (Format::Human, true),
            (Format::Concise, false),
        ] {
            let r = report(source, diagnostics.clone());
            let options = RenderOptions {
                color,
                quiet: false,
            };
            let output = |files: &[FileReport]| {
                let mut out = Vec::new();
                render(format, files, options, &mut out).expect("renders");
                out
            };
            let mut early = r.clone();
            assert!(early.render_early(format, color), "{format:?}");
            assert_eq!(early.source, "", "{format:?}: the text is dropped");
            assert_eq!(
                Tally::of(std::slice::from_ref(&early)),
                Tally::of(std::slice::from_ref(&r)),
                "{format:?}: the summary needs their severities"
            );
            assert!(
                early.diagnostics.iter().all(|d| d.message.is_empty()
                    && d.help.is_none()
                    && d.labels.is_empty()
                    && d.fix.is_none()),
                "{format:?}: their texts are dropped"
            );
            let late = output(std::slice::from_ref(&r));
            assert_eq!(output(std::slice::from_ref(&early)), late, "{format:?}");
            // Two files: the chunked, parallel path of `write_each_file`.
            assert_eq!(
                output(&[early.clone(), early]),
                output(&[r.clone(), r]),
                "{format:?}"
            );
            assert!(
                String::from_utf8_lossy(&late).contains(":3:"),
                "{format:?}: a line 3 position"
            );
        }
        // The other formats are rendered from the text, which stays.
        for format in [Format::Json, Format::Sarif, Format::Github, Format::Junit] {
            let mut r = report(source, diagnostics.clone());
            assert!(!r.render_early(format, false), "{format:?}");
            assert_eq!(r.source, source);
            assert!(r.rendered.is_none());
        }
    }

    #[test]
    fn unread_source_is_dropped_after_the_farthest_span_line() {
        let source = "# T\none two\nthree\r\nfour\nfive\n";
        let primary = Diagnostic::new("PM101", 4..7, "m");
        let mut labelled = Diagnostic::new("PM101", 0..1, "m");
        labelled.labels.push(Label {
            span: 14..16, // inside `three`
            message: "l".into(),
        });
        let mut r = report(source, vec![primary.clone(), labelled.clone()]);
        let before: Vec<String> = [Format::Human, Format::Concise, Format::Json, Format::Sarif]
            .iter()
            .map(|&f| rendered(f, &r))
            .collect();
        r.drop_unread_source();
        assert_eq!(r.source, "# T\none two\nthree\r\n");
        let after: Vec<String> = [Format::Human, Format::Concise, Format::Json, Format::Sarif]
            .iter()
            .map(|&f| rendered(f, &r))
            .collect();
        assert_eq!(before, after);

        // A fix's span counts; a span ending at a line start keeps that line.
        let mut fixed = Diagnostic::new("PM101", 0..1, "m");
        fixed.fix = Some(Fix {
            span: 22..22, // the start of `four`
            replacement: "x".into(),
        });
        let mut r = report(source, vec![fixed]);
        r.drop_unread_source();
        assert_eq!(r.source, "# T\none two\nthree\r\nfour\n");

        // No diagnostics: nothing is kept; a span at the very end keeps all.
        let mut r = report(source, Vec::new());
        r.drop_unread_source();
        assert_eq!(r.source, "");
        let end = Diagnostic::new("PM101", source.len()..source.len(), "m");
        let mut r = report(source, vec![end]);
        r.drop_unread_source();
        assert_eq!(r.source, source);
        let mut r = report("no line feed", vec![Diagnostic::new("PM101", 0..2, "m")]);
        r.drop_unread_source();
        assert_eq!(r.source, "no line feed");
    }
}
