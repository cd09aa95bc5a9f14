//! `--format human`: codespan-reporting snippets with the primary span,
//! secondary labels and a help note.

use super::FileReport;
use crate::diagnostic::Severity;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Buffer};
use std::io::{self, Write};

pub fn render(files: &[FileReport], color: bool, out: &mut dyn Write) -> io::Result<()> {
    let config = term::Config::default();
    for file in files {
        let sf = SimpleFile::new(file.path.as_str(), file.source.as_str());
        for d in &file.diagnostics {
            let mut labels = vec![Label::primary((), clamp(&file.source, d.span.clone()))];
            for l in &d.labels {
                labels.push(
                    Label::secondary((), clamp(&file.source, l.span.clone()))
                        .with_message(&l.message),
                );
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
            let mut buffer = if color {
                Buffer::ansi()
            } else {
                Buffer::no_color()
            };
            term::emit_to_write_style(&mut buffer, &config, &sf, &diag)
                .map_err(io::Error::other)?;
            out.write_all(buffer.as_slice())?;
        }
    }
    Ok(())
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
