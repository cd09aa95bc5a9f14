//! `--format json`: one array for the whole run, sorted by path, line,
//! column and code; `[]` when clean. The element shape is pinned (other
//! tools parse it):
//! `{"code", "name", "severity", "message", "help", "path", "start": {"line", "column"},
//! "end": {"line", "column"}, "fix"}` — lines and columns 1-based, columns in
//! Unicode scalar values; `fix` is null or `{"content", "start": {"line", "column"},
//! "end": {"line", "column"}}`: replace the text from `start` to `end` (an
//! insertion when they are equal) with `content`.

use super::{FileReport, LineIndex, Position};
use std::io::{self, Write};

#[derive(serde::Serialize)]
struct Element<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    path: &'a str,
    start: Position,
    end: Position,
    fix: Option<JsonFix<'a>>,
}

/// A fix as JSON: the edit's positions in the same 1-based line/column form.
#[derive(serde::Serialize)]
struct JsonFix<'a> {
    content: &'a str,
    start: Position,
    end: Position,
}

pub fn render(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut elements = Vec::new();
    for file in files {
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            elements.push(Element {
                code: d.code,
                name: crate::catalogue::get(d.code).map_or("", |r| r.name.as_str()),
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                path: &file.path,
                start: index.position(d.span.start),
                end: index.position(d.span.end),
                fix: d.fix.as_ref().map(|f| JsonFix {
                    content: &f.replacement,
                    start: index.position(f.span.start),
                    end: index.position(f.span.end),
                }),
            });
        }
    }
    elements.sort_by(|a, b| (a.path, a.start, a.code).cmp(&(b.path, b.start, b.code)));
    serde_json::to_writer_pretty(&mut *out, &elements)?;
    writeln!(out)
}
