//! `--format junit`: JUnit XML, as CI servers (Jenkins, GitLab, Azure
//! Pipelines) read test reports. The shape follows the common JUnit schema
//! (Jenkins' `junit-10.xsd`):
//!
//! - `<testsuites>` holds one `<testsuite name=PATH>` per linted file;
//! - a suite holds one `<testcase classname="pmlint.CODE" name="CODE rule-name">`
//!   per rule that ran on the file ([`FileReport::rules_run`], plus any code
//!   that reported without being listed there), in catalogue order;
//! - a test case holds one `<failure message=MESSAGE type=SEVERITY>` per
//!   diagnostic, with `path:line:col: message` (and `help: ...`) as its text.
//!
//! A file that could not be read, decoded or written has a suite of its own,
//! first, with one test case (`pmlint.read`) holding an `<error>`; so has an
//! invalid config file (`pmlint.config`, its text `path:line:col: message`).
//!
//! `tests` counts test cases, `failures` counts the test cases with at
//! least one failure and `errors` those in error, as in JUnit.

use super::RunError;
use super::{FileReport, LineIndex};
use std::io::{self, Write};

/// Writes the JUnit XML report for `files`.
pub fn render(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    render_with_errors(files, &[], out)
}

/// [`render`], with a suite for each input that could not be linted
/// (`errors`): one test case in error (`<error>`), `pmlint.read` for a file
/// that could not be read, decoded or written, `pmlint.config` for an
/// invalid config file.
pub fn render_with_errors(
    files: &[FileReport],
    errors: &[RunError],
    out: &mut dyn Write,
) -> io::Result<()> {
    let suites: Vec<Suite> = files.iter().map(suite).collect();
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum::<usize>() + errors.len();
    let failures: usize = suites.iter().map(Suite::failing).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="pmlint" tests="{tests}" failures="{failures}" errors="{}">"#,
        errors.len()
    )?;
    for e in errors {
        let path = e.path().display().to_string();
        let (case, kind) = match e {
            RunError::File(_) => ("read", "file-error"),
            RunError::Config(_) => ("config", "config-error"),
        };
        let message = e.message();
        let place = match e.position() {
            Some((line, column)) => format!("{path}:{line}:{column}"),
            None => path.clone(),
        };
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="1" failures="0" errors="1" skipped="0">"#,
            escape(&path, true)
        )?;
        writeln!(
            out,
            r#"    <testcase classname="pmlint.{case}" name="{case} {}">"#,
            escape(&path, true)
        )?;
        writeln!(
            out,
            r#"      <error message="{}" type="{kind}">{}: {}</error>"#,
            escape(&message, true),
            escape(&place, false),
            escape(&message, false)
        )?;
        writeln!(out, "    </testcase>")?;
        writeln!(out, "  </testsuite>")?;
    }
    for s in &suites {
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="0" skipped="0">"#,
            escape(s.path, true),
            s.cases.len(),
            s.failing()
        )?;
        for case in &s.cases {
            let open = format!(
                r#"    <testcase classname="pmlint.{code}" name="{code} {name}""#,
                code = escape(case.code, true),
                name = escape(case.name, true)
            );
            if case.failures.is_empty() {
                writeln!(out, "{open}/>")?;
                continue;
            }
            writeln!(out, "{open}>")?;
            for f in &case.failures {
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{}</failure>"#,
                    escape(&f.message, true),
                    f.severity,
                    escape(&f.text, false)
                )?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

struct Suite<'a> {
    path: &'a str,
    cases: Vec<Case<'a>>,
}

impl Suite<'_> {
    fn failing(&self) -> usize {
        self.cases.iter().filter(|c| !c.failures.is_empty()).count()
    }
}

struct Case<'a> {
    code: &'a str,
    name: &'a str,
    failures: Vec<Failure>,
}

struct Failure {
    message: String,
    severity: &'static str,
    text: String,
}

fn suite(file: &FileReport) -> Suite<'_> {
    let catalogue = crate::catalogue::all();
    let mut codes: Vec<&str> = file.rules_run.clone();
    codes.extend(file.diagnostics.iter().map(|d| d.code));
    let rank = |code: &str| catalogue.iter().position(|r| r.code == code);
    codes.sort_by_key(|&c| (rank(c).is_none(), rank(c), c));
    codes.dedup();
    let index = LineIndex::new(&file.source);
    let cases = codes
        .into_iter()
        .map(|code| Case {
            code,
            name: crate::catalogue::get(code).map_or("", |r| r.name.as_str()),
            failures: file
                .diagnostics
                .iter()
                .filter(|d| d.code == code)
                .map(|d| {
                    let p = index.position(d.span.start);
                    let mut text = format!("{}:{}:{}: {}", file.path, p.line, p.column, d.message);
                    if let Some(help) = &d.help {
                        text.push_str("\nhelp: ");
                        text.push_str(help);
                    }
                    Failure {
                        message: d.message.clone(),
                        severity: d.severity.as_str(),
                        text,
                    }
                })
                .collect(),
        })
        .collect();
    Suite {
        path: &file.path,
        cases,
    }
}

/// Escapes text for XML 1.0 content or (with `attribute`) a double-quoted
/// attribute value, where line breaks and tabs become character references
/// so that attribute-value normalisation keeps them. Characters XML 1.0
/// cannot hold at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD.
fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_quotes_breaks_and_forbidden_characters() {
        assert_eq!(
            escape("a<b & \"c\"\n\u{1}>", false),
            "a&lt;b &amp; \"c\"\n\u{fffd}&gt;"
        );
        assert_eq!(
            escape("a<b & \"c\"\n\t", true),
            "a&lt;b &amp; &quot;c&quot;&#10;&#9;"
        );
    }
}
