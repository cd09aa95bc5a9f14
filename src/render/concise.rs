//! `--format concise`: `path:line:col: severity[CODE] message`, one line each.

use super::FileReport;
use super::position::Cursor;
use std::io::{self, Write};

/// Writes one line per diagnostic of `files`, in order; positions are
/// 1-based lines and columns (columns count chars).
///
/// # Errors
/// A failed write to `out`.
pub fn render(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    super::write_each_file(files, out, render_file)
}

/// The lines of one file's diagnostics, in the file's diagnostic order.
fn render_file(file: &FileReport) -> io::Result<Vec<u8>> {
    // A line is a path, a position and a message: about 100 bytes.
    let mut out = Vec::with_capacity(file.diagnostics.len() * (file.path.len() + 96));
    // Diagnostics come in source order: read each file only as far as its last.
    let mut cursor = Cursor::new(&file.source);
    for d in &file.diagnostics {
        let p = cursor.position(d.span.start);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            file.path,
            p.line,
            p.column,
            d.severity.as_str(),
            d.code,
            d.message
        )?;
    }
    Ok(out)
}
