//! `--format human`: codespan-reporting snippets with the primary span,
//! secondary labels and a help note.

use super::FileReport;
use crate::diagnostic::Severity;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor::Buffer};
use std::io::{self, Write};

/// Writes every diagnostic of `files`, in order, as codespan-reporting
/// snippets (with ANSI colours if `color`).
///
/// # Errors
/// A failed write to `out`, or (not expected: spans are clamped to the text)
/// a span codespan-reporting cannot place.
pub fn render(files: &[FileReport], color: bool, out: &mut dyn Write) -> io::Result<()> {
    super::write_each_file(files, out, |file| render_file(file, color))
}

/// The snippets of one file's diagnostics, in the file's diagnostic order.
fn render_file(file: &FileReport, color: bool) -> io::Result<Vec<u8>> {
    let config = term::Config::default();
    // A UTF-8 byte-order mark takes no column (as in the other formats): the
    // snippet is of the text after it, and spans are moved back by its 3 bytes.
    let (source, bom) = match file.source.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (file.source.as_str(), 0),
    };
    let span = |s: &std::ops::Range<usize>| {
        clamp(
            source,
            s.start.saturating_sub(bom)..s.end.saturating_sub(bom),
        )
    };
    let sf = Snippets {
        name: file.path.as_str(),
        lines: super::LineIndex::new(source),
    };
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    for d in &file.diagnostics {
        let mut labels = Vec::with_capacity(1 + d.labels.len());
        labels.push(Label::primary((), span(&d.span)));
        for l in &d.labels {
            labels.push(Label::secondary((), span(&l.span)).with_message(&l.message));
        }
        let base = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        };
        let mut diag = base
            .with_code(d.code)
            .with_message(&d.message)
            .with_labels(labels);
        if let Some(help) = &d.help {
            diag = diag.with_notes(vec![format!("help: {help}")]);
        }
        term::emit_to_write_style(&mut buffer, &config, &sf, &diag).map_err(io::Error::other)?;
    }
    Ok(buffer.into_inner())
}

/// One file for codespan-reporting, its lines ending where the other
/// formats' do ([`crate::line_ends`]: also at a lone `\r`;
/// codespan-reporting's own `SimpleFile` ends them at `\n` only).
struct Snippets<'a> {
    name: &'a str,
    lines: super::LineIndex<'a>,
}

impl<'a> Snippets<'a> {
    /// The byte offset where 0-based line `line` starts; the text's length
    /// for the line after the last.
    fn line_start(&self, line: usize) -> Result<usize, FilesError> {
        let starts = self.lines.starts();
        match starts.get(line) {
            Some(&start) => Ok(start),
            None if line == starts.len() => Ok(self.lines.text().len()),
            None => Err(FilesError::LineTooLarge {
                given: line,
                max: starts.len() - 1,
            }),
        }
    }
}

impl<'a> Files<'a> for Snippets<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.lines.text())
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.lines.starts().partition_point(|&s| s <= byte_index) - 1)
    }

    fn line_range(
        &'a self,
        (): (),
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        Ok(self.line_start(line_index)?..self.line_start(line_index + 1)?)
    }
}

/// Keeps a span inside the text and on char boundaries, so rendering never fails.
fn clamp(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let fix = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = fix(span.start);
    start..fix(span.end).max(start)
}
