//! `--format github`: GitHub Actions workflow commands, one line per
//! diagnostic, which the runner turns into annotations on the pull request:
//!
//! `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=pmlint (PM101)::MESSAGE`
//!
//! (`::warning` for warnings). Escaping follows GitHub's workflow-command
//! format (`escapeData` and `escapeProperty` in `@actions/core`'s
//! `command.ts`): see [`escape_data`] and [`escape_property`].

use super::paths::relative_to;
use super::{FileReport, LineIndex, RunError};
use std::io::{self, Write};
use std::path::Path;

/// Writes one workflow command per diagnostic. Paths inside `root` (the
/// current folder, for the command line) are made relative to it with
/// forward slashes, as annotations expect paths from the checkout's top;
/// others are written as given.
pub fn render(files: &[FileReport], root: &Path, out: &mut dyn Write) -> io::Result<()> {
    render_with_errors(files, &[], root, out)
}

/// [`render`], first with an `::error` command for each input that could not
/// be linted (`errors`): a file that could not be read, decoded or written
/// (`file=PATH`), an invalid config file (`file=PATH,line=L,col=C`, at the
/// offending key or value). Their title is `pmlint`.
pub fn render_with_errors(
    files: &[FileReport],
    errors: &[RunError],
    root: &Path,
    out: &mut dyn Write,
) -> io::Result<()> {
    for e in errors {
        let given = e.path().display().to_string();
        let path = relative_to(root, e.path()).unwrap_or(given);
        let position = match e.position() {
            Some((line, col)) => format!(",line={line},col={col}"),
            None => String::new(),
        };
        writeln!(
            out,
            "::error file={}{position},title=pmlint::{}",
            escape_property(&path),
            escape_data(&e.message())
        )?;
    }
    for file in files {
        let path = relative_to(root, Path::new(&file.path)).unwrap_or_else(|| file.path.clone());
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            let start = index.position(d.span.start);
            let end = index.position(d.span.end.max(d.span.start));
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                out,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                d.severity.as_str(),
                escape_property(&path),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&format!("pmlint ({})", d.code)),
                escape_data(&message)
            )?;
        }
    }
    Ok(())
}

/// Escapes a workflow command's message (the text after `::`):
/// `%` → `%25`, `\r` → `%0D`, `\n` → `%0A` (GitHub workflow commands, `escapeData`).
pub fn escape_data(text: &str) -> String {
    escape(text, false)
}

/// Escapes a workflow command's property value (`file=...`): as
/// [`escape_data`], plus `:` → `%3A` and `,` → `%2C` (GitHub workflow
/// commands, `escapeProperty`).
pub fn escape_property(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}
