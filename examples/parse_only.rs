//! The floor for `pmlint check`: walk the same files the same way (the
//! `ignore` crate: `.gitignore` honoured, `*.md` / `*.markdown` kept), read
//! each and parse it with pulldown-cmark using pmlint's parser options,
//! discarding every event. Single-threaded. Used by `bench/compare.sh`.
//!
//! ```sh
//! cargo run --release --example parse_only -- PATH...
//! ```
//!
//! Prints the number of files and events parsed (so the work cannot be
//! optimised away) to standard error.

use pulldown_cmark::Parser;
use std::path::PathBuf;

fn main() {
    let mut paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let (mut files, mut events) = (0usize, 0usize);
    for path in &paths {
        let mut found = Vec::new();
        if path.is_dir() {
            let walker = ignore::WalkBuilder::new(path)
                .require_git(false)
                .follow_links(false)
                .build();
            for entry in walker.flatten() {
                if entry.file_type().is_some_and(|t| t.is_file())
                    && pmlint::files::is_markdown(entry.path())
                {
                    found.push(entry.into_path());
                }
            }
            // Sorted as `pmlint check` sorts what it walks (by the path's
            // bytes). `Vec<PathBuf>::sort` compares paths component by
            // component, which cost this floor 64 M of its 1,100 M
            // instructions on the 10,000 files (152.9 -> 148.3 ms): work
            // neither parsing nor pmlint does.
            pmlint::files::sort_by_displayed_path(&mut found);
        } else {
            found.push(path.clone());
        }
        for file in found {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            files += 1;
            events += Parser::new_ext(&text, pmlint::outline::parser_options())
                .into_offset_iter()
                .count();
        }
    }
    eprintln!("parse_only: {files} files, {events} events");
}
