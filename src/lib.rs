//! pmlint: a linter for incident postmortems written in Markdown.
//!
//! Data flows one way:
//! source text ──[`outline`]──▶ [`Outline`](outline::Outline)
//! ──[`rules`]──▶ [`Diagnostic`](diagnostic::Diagnostic)s ──[`render`]──▶ output.
//!
//! - [`mod@lint`]: the public entry point — lint one text with one config.
//! - [`outline`]: Markdown → lines, headings (every style) and sections.
//! - [`sections`]: which headings name which sections (keywords).
//! - [`time`]: timestamps, time zones, dates, lengths and ranges.
//! - [`rules`]: one file per rule family; [`catalogue`]: the rules' docs (`rules/*.toml`).
//! - [`suppression`]: `<!-- pmlint-disable ... -->` comments.
//! - [`config`]: `pmlint.toml`, discovered up the tree.
//! - [`files`]: which files to lint and reading them.
//! - [`fix`]: safe fixes (skeleton sections, glued headings) and applying them;
//!   [`line_ends`]: where lines end (`\n`, `\r\n`, a lone `\r`).
//! - [`run`]: one run over files: read, lint, fix (atomically).
//! - [`render`]: human, concise, JSON, SARIF, GitHub and JUnit output.
//! - [`server`]: `pmlint server`, the language server (LSP 3.17); [`new`]: `pmlint new` skeletons.
//! - [`cli`]: the command line (`main.rs` only calls it).

// Every public item says what it holds (shapes, units, conventions): CI's
// `clippy -D warnings` fails on one without a doc comment.
#![warn(missing_docs)]

pub mod catalogue;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod files;
pub mod fix;
pub mod line_ends;
pub mod lint;
pub mod new;
pub mod outline;
pub mod render;
pub mod rules;
pub mod run;
pub mod sections;
pub mod server;
pub mod suppression;
pub mod time;

pub use lint::{LintOptions, lint};
