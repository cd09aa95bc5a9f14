//! `--statistics`: how many diagnostics each rule reported, most first (ties
//! by code), as `ruff --statistics` (after flake8's) prints them: a table for
//! `human` and `concise`, a JSON array for `json`.

use super::FileReport;
use std::io::{self, Write};

/// One rule's count over the run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Statistic {
    /// The rule's code, e.g. `PM201`.
    pub code: &'static str,
    /// The rule's name, e.g. `missing-duration` (empty for an unknown code).
    pub name: &'static str,
    /// How many diagnostics it reported.
    pub count: usize,
}

/// The counts per code over `files`, by count descending, then code.
pub fn statistics(files: &[FileReport]) -> Vec<Statistic> {
    let mut counts = std::collections::BTreeMap::<&'static str, usize>::new();
    for d in files.iter().flat_map(|f| &f.diagnostics) {
        *counts.entry(d.code).or_default() += 1;
    }
    let mut out: Vec<Statistic> = counts
        .into_iter()
        .map(|(code, count)| Statistic {
            code,
            name: crate::catalogue::get(code).map_or("", |r| r.name.as_str()),
            count,
        })
        .collect();
    out.sort_by_key(|s| std::cmp::Reverse(s.count));
    out
}

/// The table: `12  PM201  missing-duration`, counts right-aligned; nothing when clean.
pub fn render_table(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let stats = statistics(files);
    let width = stats.first().map_or(1, |s| s.count.to_string().len());
    for s in &stats {
        writeln!(out, "{:>width$}  {:<5}  {}", s.count, s.code, s.name)?;
    }
    Ok(())
}

/// The JSON array: `[{"code": "PM201", "name": "missing-duration", "count": 12}, ...]`.
pub fn render_json(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &statistics(files))?;
    writeln!(out)
}
