//! `--format sarif`: a SARIF 2.1.0 log (OASIS Static Analysis Results
//! Interchange Format) with one run, for code-scanning tools such as GitHub's.
//!
//! - `tool.driver` (§3.18, §3.19) names pmlint and lists every rule of the
//!   catalogue as a `reportingDescriptor` (§3.49); a result's `ruleIndex`
//!   points into that list.
//! - Each diagnostic is a `result` (§3.27) with one `physicalLocation`
//!   (§3.29): the file as a URI relative to the `%SRCROOT%` base (§3.4.4),
//!   which `run.originalUriBaseIds` (§3.14.14) maps to the root folder, and a
//!   `region` (§3.30) of 1-based lines and columns (end column exclusive).
//!   Columns count Unicode code points (`run.columnKind`, §3.14.27).
//!   Secondary labels become `relatedLocations` (§3.27.22).
//! - The run's one `invocation` (§3.20) is successful when every input was
//!   read; each file that could not be read, decoded or written, and each
//!   invalid config file, is a `toolExecutionNotification` (§3.20.21) of
//!   level `error` (a config error's location has the line and column of
//!   the offending key or value).
//! - Files outside the root get an absolute `file:` URI and no base.

use super::RunError;
use super::paths::{file_uri, percent_encode, relative_to};
use super::{FileReport, LineIndex};
use crate::catalogue::RuleInfo;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

/// The project's home page, given as `tool.driver.informationUri` (SARIF 2.1.0 §3.19, toolComponent).
pub const INFORMATION_URI: &str = "https://github.com/pmlint/pmlint";

/// The official schema's URI, given as the log's `$schema` (SARIF 2.1.0 §3.13.3).
const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base every relative artifact URI is resolved against (a SARIF convention, §3.14.14).
const SRCROOT: &str = "%SRCROOT%";

/// Writes the SARIF log for `files`; relative URIs are relative to `root`
/// (the current folder, for the command line), which must be absolute.
pub fn render(files: &[FileReport], root: &Path, out: &mut dyn Write) -> io::Result<()> {
    render_with_errors(files, &[], root, out)
}

/// [`render`], with the inputs that could not be linted (`errors`: files
/// that could not be read, decoded or written, invalid config files) as the
/// run's tool execution notifications (§3.20.21): the run's `invocation`
/// (§3.20) is successful only when there are none.
pub fn render_with_errors(
    files: &[FileReport],
    errors: &[RunError],
    root: &Path,
    out: &mut dyn Write,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(files, errors, root))?;
    writeln!(out)
}

/// `sarifLog` (§3.13).
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

/// `run` (§3.14).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    original_uri_base_ids: BTreeMap<&'static str, BaseUri>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

/// `invocation` (§3.20): whether every input was read, and a notification
/// for each one that was not.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

/// `notification` (§3.58) about one input file or config file.
#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: [FileLocation; 1],
}

/// A `location` (§3.28) that is a whole file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileLocation {
    physical_location: FilePhysicalLocation,
}

/// A `physicalLocation` (§3.29) with no region, or only where the problem
/// starts (a config error's key or value).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FilePhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<StartRegion>,
}

/// A `region` (§3.30) given by its start only: 1-based line and column.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StartRegion {
    start_line: usize,
    start_column: usize,
}

/// `tool` (§3.18) with its `driver`, a `toolComponent` (§3.19).
#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

/// `reportingDescriptor` (§3.49).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

/// `message` (§3.11) or `multiformatMessageString` (§3.12) with text only.
#[derive(Serialize)]
struct Text {
    text: String,
}

/// `multiformatMessageString` (§3.12) with plain text and Markdown.
#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

/// `reportingConfiguration` (§3.50).
#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

/// An `artifactLocation` (§3.4) used as a base URI.
#[derive(Serialize)]
struct BaseUri {
    uri: String,
}

/// `result` (§3.27).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
}

/// `location` (§3.28).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

/// `physicalLocation` (§3.29).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

/// `artifactLocation` (§3.4).
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// `region` (§3.30): 1-based; `endColumn` is the column after the last character.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn log<'a>(files: &'a [FileReport], errors: &[RunError], root: &Path) -> Log<'a> {
    let catalogue = crate::catalogue::all();
    let mut results = Vec::new();
    for file in files {
        let artifact = artifact(&file.path, root);
        let index = LineIndex::new(&file.source);
        let physical = |span: &Range<usize>| PhysicalLocation {
            artifact_location: artifact.clone(),
            region: region(&index, span),
        };
        for d in &file.diagnostics {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            results.push(SarifResult {
                rule_id: d.code,
                rule_index: catalogue.iter().position(|r| r.code == d.code),
                level: d.severity.as_str(),
                message: Text { text },
                locations: [Location {
                    id: None,
                    physical_location: physical(&d.span),
                    message: None,
                }],
                related_locations: d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| Location {
                        id: Some(i),
                        physical_location: physical(&l.span),
                        message: Some(Text {
                            text: l.message.clone(),
                        }),
                    })
                    .collect(),
            });
        }
    }
    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "pmlint",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: catalogue.iter().copied().map(rule).collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: errors.is_empty(),
                tool_execution_notifications: errors
                    .iter()
                    .map(|e| Notification {
                        level: "error",
                        message: Text { text: e.message() },
                        locations: [FileLocation {
                            physical_location: FilePhysicalLocation {
                                artifact_location: artifact(&e.path().display().to_string(), root),
                                region: e.position().map(|(line, column)| StartRegion {
                                    start_line: line,
                                    start_column: column,
                                }),
                            },
                        }],
                    })
                    .collect(),
            }],
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                BaseUri {
                    uri: file_uri(root, true),
                },
            )]),
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

/// The file relative to `%SRCROOT%` when it is inside `root`, else its absolute `file:` URI.
fn artifact(path: &str, root: &Path) -> ArtifactLocation {
    match relative_to(root, Path::new(path)) {
        Some(rel) => ArtifactLocation {
            uri: percent_encode(&rel),
            uri_base_id: Some(SRCROOT),
        },
        None => ArtifactLocation {
            uri: file_uri(&root.join(path), false),
            uri_base_id: None,
        },
    }
}

fn region(index: &LineIndex, span: &Range<usize>) -> Region {
    let start = index.position(span.start);
    let end = index.position(span.end.max(span.start));
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

fn rule(info: &'static RuleInfo) -> Rule {
    let why = info.why.trim();
    Rule {
        id: &info.code,
        name: &info.name,
        short_description: Text {
            text: info.summary.clone(),
        },
        full_description: Text {
            text: why.to_owned(),
        },
        help: Help {
            text: info.render(),
            markdown: format!(
                "{}\n\n{}\n\n**Example**\n\n{}\n\n**Use instead**\n\n{}",
                info.summary,
                why,
                fenced(&info.bad),
                fenced(&info.good)
            ),
        },
        default_configuration: Configuration {
            level: info.severity.as_str(),
        },
    }
}

/// A Markdown code block holding `text`, fenced with more backticks than it contains in a row.
fn fenced(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}markdown\n{}\n{fence}", text.trim_matches('\n'))
}
