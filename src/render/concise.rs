//! `--format concise`: `path:line:col: severity[CODE] message`, one line each.

use super::{FileReport, LineIndex};
use std::io::{self, Write};

pub fn render(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for file in files {
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            let p = index.position(d.span.start);
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
