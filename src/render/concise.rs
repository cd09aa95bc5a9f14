//! `--format concise`: `path:line:col: severity[CODE] message`, one line each.

use super::FileReport;
use super::position::Cursor;
use std::io::{self, Write};

pub fn render(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for file in files {
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
    }
    Ok(())
}
