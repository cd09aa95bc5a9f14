//! Inline suppressions: `<!-- pmlint-disable ... -->` comments, and the
//! rules about them (PM901 unused-suppression, PM902 unknown-code-in-suppression).
//!
//! Forms (codes or rule names, separated by spaces or commas; none = every rule):
//! - `<!-- pmlint-disable PM101 PM102 -->` … `<!-- pmlint-enable PM101 -->`: a region;
//!   `pmlint-enable CODE` re-enables only the codes it names (PM102 stays
//!   disabled above), also after a bare `pmlint-disable`; a bare
//!   `pmlint-enable` re-enables every rule (markdownlint's semantics);
//! - `<!-- pmlint-disable-next-line PM102 -->`: the next non-blank line;
//! - `<!-- pmlint-disable-file PM301 -->`: the whole file, wherever it stands.
//!
//! A reason may follow the codes after ` -- ` (`<!-- pmlint-disable PM101 --
//! clocks were skewed -->`, ESLint's form); it is not read as codes.
//!
//! Document-level rules (a missing section, duration or impact; `document = true`
//! in the catalogue) are only silenced by `disable-file`. The convention follows
//! markdownlint's `<!-- markdownlint-disable -->` comments.

use crate::catalogue;
use crate::diagnostic::Diagnostic;
use std::ops::Range;

/// What a suppression comment covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// From the comment to the matching `pmlint-enable` (or the end of the file).
    Region,
    /// The next non-blank line after the comment.
    NextLine,
    /// The whole file.
    File,
}

/// One parsed `pmlint-disable*` comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// `pmlint-disable` (a region), `pmlint-disable-next-line` or `pmlint-disable-file`.
    pub scope: Scope,
    /// Byte range of the comment.
    pub span: Range<usize>,
    /// Known codes it names; empty = every rule.
    pub codes: Vec<&'static str>,
    /// Byte range it covers (the whole file for [`Scope::File`]); a region
    /// ends at the `pmlint-enable` that re-enables its last code (or every
    /// rule), else at the end of the file.
    pub covers: Range<usize>,
    /// For a region, the codes a `pmlint-enable CODE` re-enabled before its
    /// end, each with the offset of that comment: such a code is silenced
    /// only from [`Suppression::covers`]' start to that offset.
    pub reenabled: Vec<(&'static str, usize)>,
    /// Codes (or `*` for a bare comment) that silenced at least one diagnostic.
    used: Vec<&'static str>,
}

/// The suppressions of one postmortem, and the PM902 diagnostics for the
/// unknown codes found while parsing them.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// The `pmlint-disable*` comments that silence something, in source
    /// order (`pmlint-enable` only ends regions, or some of their codes; a
    /// comment naming only unknown codes silences nothing and is left out).
    pub list: Vec<Suppression>,
    /// PM902 diagnostics: one for each code or rule name a comment gives
    /// that is not in the catalogue.
    pub unknown: Vec<Diagnostic>,
}

/// A code written in a comment, resolved: an exact code, or a rule name.
fn resolve(word: &str) -> Option<&'static str> {
    catalogue::resolve(word).map(|r| r.code.as_str())
}

/// The closest known code or name to an unknown one, for a did-you-mean.
fn closest(word: &str) -> Option<&'static str> {
    catalogue::closest(word)
}

/// Parses the comments (byte range, inner text) of a postmortem.
pub fn parse(source: &str, comments: &[(Range<usize>, String)]) -> Suppressions {
    let mut out = Suppressions::default();
    // Open regions (indices into out.list): some code is still disabled.
    let mut open: Vec<usize> = Vec::new();
    for (span, text) in comments {
        let mut words = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty());
        let Some(keyword) = words.next() else {
            continue;
        };
        let scope = match keyword {
            "pmlint-disable" => Some(Scope::Region),
            "pmlint-disable-next-line" => Some(Scope::NextLine),
            "pmlint-disable-file" => Some(Scope::File),
            "pmlint-enable" => None,
            _ => continue,
        };
        let mut codes = Vec::new();
        let mut named_any = false;
        // A reason may follow the codes after ` -- ` (ESLint's form:
        // `pmlint-disable PM101 -- clocks were skewed`); it names no code.
        for w in words.take_while(|&w| w != "--") {
            named_any = true;
            match resolve(w) {
                Some(code) => codes.push(code),
                None => {
                    let mut d = Diagnostic::new(
                        "PM902",
                        span.clone(),
                        format!("unknown rule code \"{w}\" in suppression comment"),
                    );
                    d = match closest(w) {
                        Some(c) => d.with_help(format!("did you mean \"{c}\"?")),
                        None => d.with_help(
                            "use a rule code (e.g. PM101) or name; `pmlint rule --all` lists them",
                        ),
                    };
                    out.unknown.push(d);
                }
            }
        }
        if named_any && codes.is_empty() {
            // Only unknown codes: PM902 reports them; the comment silences nothing
            // (it must not turn into a bare, silence-everything comment).
            continue;
        }
        match scope {
            Some(scope) => {
                let covers = match scope {
                    Scope::File => 0..source.len(),
                    Scope::Region => span.end..source.len(),
                    Scope::NextLine => next_line(source, span.end),
                };
                if scope == Scope::Region {
                    open.push(out.list.len());
                }
                out.list.push(Suppression {
                    scope,
                    span: span.clone(),
                    codes,
                    covers,
                    reenabled: Vec::new(),
                    used: Vec::new(),
                });
            }
            None => open.retain(|&i| !out.list[i].enable(&codes, span.start)),
        }
    }
    out
}

/// The byte range of the first non-blank line after `offset`'s line (its
/// line end excluded; lines end as [`crate::line_ends`] says).
fn next_line(source: &str, offset: usize) -> Range<usize> {
    let mut start = crate::line_ends::next_line_start(source, offset);
    while start < source.len() {
        let end = crate::line_ends::line_end(source, start);
        if !source[start..end].trim().is_empty() {
            return start..end;
        }
        start = crate::line_ends::next_line_start(source, end);
    }
    source.len()..source.len()
}

impl Suppression {
    /// Applies a `pmlint-enable` naming `codes` (every rule when empty) at
    /// offset `at` to this open region: each named code it silences is
    /// silenced only up to `at`. Returns whether the region is now closed
    /// (no code is left disabled); its end is then `at`.
    fn enable(&mut self, codes: &[&'static str], at: usize) -> bool {
        if codes.is_empty() {
            self.covers.end = at;
            return true;
        }
        for &c in codes {
            let silenced = self.codes.is_empty() || self.codes.contains(&c);
            if silenced && !self.reenabled.iter().any(|(r, _)| *r == c) {
                self.reenabled.push((c, at));
            }
        }
        let closed = !self.codes.is_empty()
            && self
                .codes
                .iter()
                .all(|c| self.reenabled.iter().any(|(r, _)| r == c));
        if closed {
            self.covers.end = at;
        }
        closed
    }

    /// Where it stops silencing `code`: where a `pmlint-enable` re-enabled
    /// it, else the end of [`Suppression::covers`].
    fn end_for(&self, code: &str) -> usize {
        self.reenabled
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(self.covers.end, |&(_, at)| at)
    }
}

impl Suppressions {
    /// Drops the suppressed diagnostics, remembering which suppressions were
    /// used. Returns the code and span start (byte offset) of each dropped one.
    pub fn apply(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Vec<(&'static str, usize)> {
        let mut dropped = Vec::new();
        diagnostics.retain(|d| {
            let document = catalogue::get(d.code).is_some_and(|r| r.document);
            for s in &mut self.list {
                if document && s.scope != Scope::File {
                    continue;
                }
                let names = s.codes.is_empty() || s.codes.contains(&d.code);
                let inside = s.covers.start <= d.span.start
                    && d.span.start < s.end_for(d.code).max(s.covers.start + 1);
                if names && inside {
                    let key = if s.codes.is_empty() { "*" } else { d.code };
                    if !s.used.contains(&key) {
                        s.used.push(key);
                    }
                    dropped.push((d.code, d.span.start));
                    return false;
                }
            }
            true
        });
        dropped
    }

    /// Drops the diagnostics about suppressions (PM901, PM902) that a
    /// `pmlint-disable-file` naming their code silences (only such a
    /// comment silences them), remembering that it was used: a comment that
    /// silences PM902 is not itself reported by PM901.
    pub fn apply_to_meta(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|d| {
            for s in &mut self.list {
                if s.scope == Scope::File && s.codes.contains(&d.code) {
                    if !s.used.contains(&d.code) {
                        s.used.push(d.code);
                    }
                    return false;
                }
            }
            true
        });
    }

    /// PM901 for each suppression (or code in it) that silenced nothing.
    /// `enabled` tells whether a rule ran; codes of rules that did not run are not reported.
    pub fn unused(&self, enabled: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for s in &self.list {
            if s.codes.is_empty() {
                if s.used.is_empty() {
                    out.push(
                        Diagnostic::new(
                            "PM901",
                            s.span.clone(),
                            "unused suppression: it silences nothing",
                        )
                        .with_help("remove the comment"),
                    );
                }
                continue;
            }
            let unused: Vec<&str> = s
                .codes
                .iter()
                .copied()
                .filter(|c| !s.used.contains(c) && enabled(c))
                .collect();
            if !unused.is_empty() {
                // A rule about the whole document (a missing section) reports
                // at the document's start: only a file-wide comment silences it.
                let document_rule = s.scope != Scope::File
                    && unused
                        .iter()
                        .any(|c| catalogue::get(c).is_some_and(|r| r.document));
                let help = if document_rule {
                    format!(
                        "a region or next-line comment never silences a rule about the whole postmortem: remove it, or write `<!-- pmlint-disable-file {} -->` if the rule fires",
                        unused.join(" ")
                    )
                } else if unused.len() == s.codes.len() {
                    "remove the comment".to_owned()
                } else {
                    "remove the unused codes from the comment".to_owned()
                };
                out.push(
                    Diagnostic::new(
                        "PM901",
                        s.span.clone(),
                        format!("unused suppression for {}", unused.join(", ")),
                    )
                    .with_help(help),
                );
            }
        }
        out
    }
}
