//! Diagnostics: what a rule found, where, and how to fix it.
//!
//! Every span is a byte range into the postmortem's source text (0-based,
//! half-open). Renderers turn spans into 1-based lines and columns.

use std::ops::Range;

/// How serious a diagnostic is. Ordered: `Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing; fails the run only with `--fail-on warning`.
    Warning,
    /// Fails the run with the default `--fail-on error`.
    Error,
}

impl Severity {
    /// The lowercase name used in output (`"error"`, `"warning"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary location attached to a diagnostic (e.g. "earlier entry here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Byte range into the source text.
    pub span: Range<usize>,
    /// What this location has to do with the diagnostic.
    pub message: String,
}

/// A text edit that fixes a diagnostic: replace `span` (byte range) with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    /// Byte range into the source text that the edit replaces (empty for an insertion).
    pub span: Range<usize>,
    /// The text put in its place.
    pub replacement: String,
}

/// One finding of one rule in one postmortem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable code, e.g. `"PM101"`.
    pub code: &'static str,
    /// The severity in force (the rule's default unless configured otherwise).
    pub severity: Severity,
    /// One-line message saying what is wrong.
    pub message: String,
    /// One-line help saying what to do, if the rule has one.
    pub help: Option<String>,
    /// Primary location: byte range into the source text.
    pub span: Range<usize>,
    /// Secondary locations.
    pub labels: Vec<Label>,
    /// A safe fix, when the rule offers one.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the rule's default severity and no help, labels or fix.
    pub fn new(code: &'static str, span: Range<usize>, message: impl Into<String>) -> Self {
        let severity = crate::catalogue::get(code).map_or(Severity::Warning, |r| r.severity);
        Diagnostic {
            code,
            severity,
            message: message.into(),
            help: None,
            span,
            labels: Vec::new(),
            fix: None,
        }
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the safe fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}
