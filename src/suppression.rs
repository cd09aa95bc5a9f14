//! Inline suppressions: `<!-- pmlint-disable ... -->` comments, and the
//! rules about them (PM901 unused-suppression, PM902 unknown-code-in-suppression).
//!
//! Forms (codes or rule names, separated by spaces or commas; none = every rule):
//! - `<!-- pmlint-disable PM101 PM102 -->` … `<!-- pmlint-enable PM101 -->`: a region;
//! - `<!-- pmlint-disable-next-line PM102 -->`: the next non-blank line;
//! - `<!-- pmlint-disable-file PM301 -->`: the whole file, wherever it stands.
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
    /// Byte range it covers (the whole file for [`Scope::File`]).
    pub covers: Range<usize>,
    /// Codes (or `*` for a bare comment) that silenced at least one diagnostic.
    used: Vec<&'static str>,
}

/// The suppressions of one postmortem, and the PM902 diagnostics for the
/// unknown codes found while parsing them.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// The `pmlint-disable*` comments that silence something, in source
    /// order (`pmlint-enable` only ends a region; a comment naming only
    /// unknown codes silences nothing and is left out).
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
    // Open regions: (index into out.list, codes still disabled).
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
        for w in words {
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
                    used: Vec::new(),
                });
            }
            None => {
                // `pmlint-enable [codes]`: closes open regions for those codes (all when bare).
                for &i in &open {
                    let s = &mut out.list[i];
                    if s.covers.end == source.len()
                        && (codes.is_empty()
                            || s.codes.is_empty()
                            || s.codes.iter().any(|c| codes.contains(c)))
                    {
                        s.covers.end = span.start;
                    }
                }
            }
        }
    }
    out
}

/// The byte range of the first non-blank line after `offset`'s line.
fn next_line(source: &str, offset: usize) -> Range<usize> {
    let mut start = source[offset.min(source.len())..]
        .find('\n')
        .map_or(source.len(), |i| offset + i + 1);
    while start < source.len() {
        let end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        if !source[start..end].trim().is_empty() {
            return start..end;
        }
        start = end + 1;
    }
    source.len()..source.len()
}

impl Suppressions {
    /// Drops the suppressed diagnostics, remembering which suppressions were used.
    pub fn apply(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|d| {
            let document = catalogue::get(d.code).is_some_and(|r| r.document);
            for s in &mut self.list {
                if document && s.scope != Scope::File {
                    continue;
                }
                let names = s.codes.is_empty() || s.codes.contains(&d.code);
                let inside = s.covers.start <= d.span.start
                    && d.span.start < s.covers.end.max(s.covers.start + 1);
                if names && inside {
                    let key = if s.codes.is_empty() { "*" } else { d.code };
                    if !s.used.contains(&key) {
                        s.used.push(key);
                    }
                    return false;
                }
            }
            true
        });
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
                out.push(
                    Diagnostic::new(
                        "PM901",
                        s.span.clone(),
                        format!("unused suppression for {}", unused.join(", ")),
                    )
                    .with_help(if unused.len() == s.codes.len() {
                        "remove the comment"
                    } else {
                        "remove the unused codes from the comment"
                    }),
                );
            }
        }
        out
    }
}
