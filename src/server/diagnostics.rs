//! pmlint diagnostics → LSP diagnostics (LSP 3.17 §Diagnostic).

use super::actions::fix_title;
use super::positions::{Encoding, LineIndex};
use crate::diagnostic::{Diagnostic, Severity};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Uri,
};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Where each diagnostic's `codeDescription.href` points: the README's rule table.
pub const RULES_URL: &str = "https://github.com/pmlint/pmlint/blob/main/README.md#rules";

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "pmlint";

/// What a published diagnostic carries in `data` for the code action
/// (LSP 3.17 §Diagnostic `data`: preserved between `publishDiagnostics` and
/// `textDocument/codeAction`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Data {
    /// The document version the diagnostic (and its fix) was computed for.
    pub version: i32,
    /// The safe fix, as an edit in the negotiated position encoding.
    pub fix: Option<FixData>,
}

/// A safe fix as an LSP edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixData {
    /// The code action's title, e.g. "Insert a Timeline section".
    pub title: String,
    /// The range the edit replaces.
    pub range: lsp_types::Range,
    /// The text put in its place.
    pub new_text: String,
}

/// Converts one pmlint diagnostic of the document `uri` (text `source`,
/// indexed by `index`, at `version`). Its fix, carried in `data`, is the one
/// applied alone ([`crate::rules::lone_fix`]): a quick fix is.
pub fn to_lsp(
    d: &Diagnostic,
    source: &str,
    index: &LineIndex,
    encoding: Encoding,
    uri: &Uri,
    version: i32,
) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), index.range(l.span.clone(), encoding)),
            message: l.message.clone(),
        })
        .collect();
    let fix = crate::rules::lone_fix(source, d).map(|f| FixData {
        title: fix_title(d.code, &f.replacement),
        range: index.range(f.span.clone(), encoding),
        new_text: f.replacement.clone(),
    });
    lsp_types::Diagnostic {
        range: index.range(d.span.clone(), encoding),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.to_owned())),
        code_description: Uri::from_str(RULES_URL)
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: serde_json::to_value(Data { version, fix }).ok(),
    }
}

/// The pmlint code of a client's diagnostic: its `code` when that is a known
/// rule code and its `source` is pmlint's (or absent).
pub fn pmlint_code(d: &lsp_types::Diagnostic) -> Option<&'static str> {
    if d.source.as_deref().is_some_and(|s| s != SOURCE) {
        return None;
    }
    let NumberOrString::String(code) = d.code.as_ref()? else {
        return None;
    };
    crate::catalogue::codes().into_iter().find(|c| c == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Fix;

    #[test]
    fn converts_every_field() {
        let source = "# 🔥 Outage\n- 10:00 UTC: a\n- 09:00 UTC: b\n";
        let index = LineIndex::new(source);
        let uri = Uri::from_str("file:///tmp/pm.md").unwrap();
        let second = source.find("09:00").unwrap();
        let first = source.find("10:00").unwrap();
        let d = Diagnostic::new("PM101", second..second + 9, "out of order")
            .with_help("move it")
            .with_label(first..first + 9, "previous entry")
            .with_fix(Fix {
                span: 0..0,
                replacement: "## Timeline\n".into(),
            });
        let l = to_lsp(&d, source, &index, Encoding::Utf16, &uri, 3);
        let json = serde_json::to_value(&l).unwrap();
        assert_eq!(json["code"], "PM101");
        assert_eq!(json["source"], "pmlint");
        assert_eq!(json["severity"], 1);
        assert_eq!(json["message"], "out of order\nhelp: move it");
        assert_eq!(json["codeDescription"]["href"], RULES_URL);
        assert_eq!(
            json["range"]["start"],
            serde_json::json!({"line": 2, "character": 2})
        );
        assert_eq!(
            json["relatedInformation"][0]["location"]["uri"],
            "file:///tmp/pm.md"
        );
        assert_eq!(json["relatedInformation"][0]["message"], "previous entry");
        let data: Data = serde_json::from_value(json["data"].clone()).unwrap();
        assert_eq!(data.version, 3);
        assert_eq!(data.fix.unwrap().title, "Insert a Timeline section");
        assert_eq!(pmlint_code(&l), Some("PM101"));
        let mut other = l.clone();
        other.source = Some("markdownlint".into());
        assert_eq!(pmlint_code(&other), None);
    }
}
