//! Code actions (LSP 3.17 §textDocument/codeAction): each safe fix as a
//! `quickfix`, "Disable PMxxx for this file" for every pmlint diagnostic, and
//! "Fix all pmlint problems" as `source.fixAll.pmlint`.

use super::diagnostics::{Data, pmlint_code, to_lsp};
use super::positions::{Encoding, LineIndex};
use crate::diagnostic::{Diagnostic, Fix};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// The kind of the "fix all" source action (LSP 3.17 §CodeActionKind: `source.fixAll` + the tool's name).
pub const FIX_ALL: CodeActionKind = CodeActionKind::new("source.fixAll.pmlint");

/// The title of the code action applying a safe fix of rule `code` that
/// inserts `replacement`: "Insert a Timeline section", "Move the heading
/// onto its own line", "End the HTML block before the heading".
pub fn fix_title(code: &str, replacement: &str) -> String {
    match code {
        "PM007" => return "Move the heading onto its own line".into(),
        "PM009" => return "End the HTML block before the heading".into(),
        _ => {}
    }
    let heading = replacement
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim());
    match heading {
        Some(name) if !name.is_empty() => {
            let vowel = name
                .chars()
                .next()
                .is_some_and(|c| "AEIOUaeiou".contains(c));
            format!("Insert {} {name} section", if vowel { "an" } else { "a" })
        }
        _ => format!("Apply the pmlint fix for {code}"),
    }
}

/// The insertion of `<!-- pmlint-disable-file CODE -->` on its own line at
/// the top of `source`: after a byte-order mark and after YAML front matter.
pub fn disable_file_fix(source: &str, code: &str) -> Fix {
    let eol = crate::fix::line_ending(source);
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &source[bom..];
    let config = crate::config::Config::default();
    let catalogue = crate::sections::SectionCatalogue::new(&config);
    let outline = crate::outline::Outline::new(body, &catalogue);
    let mut at = bom;
    let mut prefix = "";
    if let Some(front) = &outline.front_matter {
        let end = bom + front.end.min(body.len());
        at = if source[..end].ends_with('\n') {
            end
        } else {
            match source[end..].find('\n') {
                Some(i) => end + i + 1,
                None => {
                    prefix = eol;
                    source.len()
                }
            }
        };
    }
    Fix {
        span: at..at,
        replacement: format!("{prefix}<!-- pmlint-disable-file {code} -->{eol}"),
    }
}

/// Whether an action of `kind` may be returned for a request whose
/// `context.only` is `only` (kinds are hierarchical: `source` includes `source.fixAll.pmlint`).
fn allowed(kind: &CodeActionKind, only: Option<&Vec<CodeActionKind>>) -> bool {
    only.is_none_or(|list| {
        list.iter().any(|k| {
            kind.as_str() == k.as_str()
                || kind
                    .as_str()
                    .strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

fn text_edit(index: &LineIndex, encoding: Encoding, fix: &Fix) -> TextEdit {
    TextEdit::new(
        index.range(fix.span.clone(), encoding),
        fix.replacement.clone(),
    )
}

/// The code actions for a request on document `uri` (text `source` at
/// `version`, whose pmlint diagnostics are `current`; `lint` lints a text as
/// that document, for "fix all", which makes what `--fix` would write).
///
/// The diagnostics acted on are the request's `context.diagnostics` with a
/// pmlint code; when the client sends none, the current ones overlapping the
/// requested range. A client diagnostic's fix is taken from the current
/// diagnostic with the same code and range, else from its `data` when that
/// was computed for this version; otherwise it gets only the disable action.
pub fn code_actions(
    uri: &Uri,
    source: &str,
    version: i32,
    encoding: Encoding,
    current: &[Diagnostic],
    params: &CodeActionParams,
    lint: &dyn Fn(&str) -> Vec<Diagnostic>,
) -> Vec<CodeActionOrCommand> {
    let index = LineIndex::new(source);
    let only = params.context.only.as_ref();
    let targets: Vec<(lsp_types::Diagnostic, &'static str)> =
        if params.context.diagnostics.is_empty() {
            current
                .iter()
                .map(|d| (to_lsp(d, source, &index, encoding, uri, version), d.code))
                .filter(|(l, _)| overlaps(&l.range, &params.range))
                .collect()
        } else {
            params
                .context
                .diagnostics
                .iter()
                .filter_map(|d| pmlint_code(d).map(|c| (d.clone(), c)))
                .collect()
        };

    // The current diagnostics by code and range, each range computed once:
    // a request over thousands of diagnostics stays linear.
    let mut by_range: std::collections::HashMap<(&str, lsp_types::Range), &Diagnostic> =
        std::collections::HashMap::with_capacity(current.len());
    if allowed(&CodeActionKind::QUICKFIX, only) {
        for d in current {
            by_range
                .entry((d.code, index.range(d.span.clone(), encoding)))
                .or_insert(d);
        }
    }
    let mut fixes = Vec::new();
    let mut disables: Vec<CodeActionOrCommand> = Vec::new();
    let mut disabled: Vec<&str> = Vec::new();
    for (client, code) in &targets {
        if allowed(&CodeActionKind::QUICKFIX, only) {
            let same = by_range.get(&(*code, client.range)).copied();
            let fix = match same.and_then(|d| crate::rules::lone_fix(source, d)) {
                Some(f) => Some((
                    fix_title(code, &f.replacement),
                    text_edit(&index, encoding, &f),
                )),
                None => client
                    .data
                    .clone()
                    .and_then(|v| serde_json::from_value::<Data>(v).ok())
                    .filter(|data| data.version == version)
                    .and_then(|data| data.fix)
                    .map(|f| (f.title, TextEdit::new(f.range, f.new_text))),
            };
            if let Some((title, text_edit)) = fix {
                fixes.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![client.clone()]),
                    edit: Some(edit(uri, vec![text_edit])),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                }));
            }
            if !disabled.contains(code) {
                disabled.push(code);
                let fix = disable_file_fix(source, code);
                disables.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Disable {code} for this file"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(
                        targets
                            .iter()
                            .filter(|(_, c)| c == code)
                            .map(|(d, _)| d.clone())
                            .collect(),
                    ),
                    edit: Some(edit(uri, vec![text_edit(&index, encoding, &fix)])),
                    ..CodeAction::default()
                }));
            }
        }
    }
    fixes.extend(disables);
    if allowed(&FIX_ALL, only) {
        // What `--fix` would write (every pass), as insertions into this text.
        let all = crate::fix::fix_until_stable(source, current, lint)
            .edits
            .unwrap_or_default();
        if !all.is_empty() {
            let edits = all.iter().map(|f| text_edit(&index, encoding, f)).collect();
            fixes.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all auto-fixable pmlint problems".into(),
                kind: Some(FIX_ALL),
                edit: Some(edit(uri, edits)),
                ..CodeAction::default()
            }));
        }
    }
    fixes
}

/// Whether two ranges overlap or touch (an empty range at a diagnostic's edge counts).
fn overlaps(a: &lsp_types::Range, b: &lsp_types::Range) -> bool {
    let key = |p: &lsp_types::Position| (p.line, p.character);
    key(&a.start) <= key(&b.end) && key(&b.start) <= key(&a.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::str::FromStr;

    fn lint(text: &str) -> Vec<Diagnostic> {
        crate::lint(
            text,
            Path::new("pm.md"),
            &crate::config::Config::default(),
            &crate::LintOptions::default(),
        )
    }

    fn apply(text: &str, fix: &Fix) -> String {
        let mut t = text.to_owned();
        t.replace_range(fix.span.clone(), &fix.replacement);
        t
    }

    /// A code-action request for `client` (a diagnostic of `uri`) over its range.
    fn request(
        uri: &Uri,
        client: &lsp_types::Diagnostic,
        only: Option<Vec<CodeActionKind>>,
    ) -> CodeActionParams {
        CodeActionParams {
            text_document: lsp_types::TextDocumentIdentifier { uri: uri.clone() },
            range: client.range,
            context: lsp_types::CodeActionContext {
                diagnostics: vec![client.clone()],
                only,
                trigger_kind: None,
            },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        }
    }

    #[test]
    fn titles() {
        assert_eq!(
            fix_title(
                "PM002",
                "\n## Timeline\n\nTODO: write the Timeline section.\n"
            ),
            "Insert a Timeline section"
        );
        assert_eq!(
            fix_title("PM001", "## Issue Summary\n\nTODO\n"),
            "Insert an Issue Summary section"
        );
        assert_eq!(
            fix_title("PM007", "\n\n## "),
            "Move the heading onto its own line"
        );
        assert_eq!(
            fix_title("PM009", "\n"),
            "End the HTML block before the heading"
        );
        assert_eq!(fix_title("PM999", "x"), "Apply the pmlint fix for PM999");
    }

    #[test]
    fn disable_comment_goes_after_front_matter_and_bom() {
        let f = disable_file_fix("# T\r\ntext\r\n", "PM301");
        assert_eq!(f.span, 0..0);
        assert_eq!(f.replacement, "<!-- pmlint-disable-file PM301 -->\r\n");
        let src = "---\ntitle: x\n---\n# T\n";
        let f = disable_file_fix(src, "PM201");
        assert_eq!(&src[f.span.start..], "# T\n");
        let src = "\u{feff}# T\n";
        assert_eq!(disable_file_fix(src, "PM201").span, 3..3);
    }

    #[test]
    fn disable_comment_silences_the_rule() {
        for src in [
            "# Outage\n\nThe API was down.\n",
            "---\ntitle: db outage\n---\n# Outage\n\nThe API was down.\n",
        ] {
            let before = lint(src);
            let code = before[0].code;
            let after = lint(&apply(src, &disable_file_fix(src, code)));
            assert!(after.iter().all(|d| d.code != code), "{src:?}: {after:?}");
            assert_eq!(
                after.len(),
                before.iter().filter(|d| d.code != code).count()
            );
        }
    }

    #[test]
    fn actions_for_a_missing_timeline() {
        let src = "# 🔥 Outage\n\n## Issue Summary\n\nFrom 10:00 to 11:00 UTC 30% of users saw errors.\n\n## Root Cause\n\nA bad deploy.\n\n## Corrective Measures\n\n- add a canary\n";
        let uri = Uri::from_str("file:///tmp/pm.md").unwrap();
        let current = lint(src);
        let pm002 = current.iter().find(|d| d.code == "PM002").unwrap();
        let index = LineIndex::new(src);
        let client = to_lsp(pm002, src, &index, Encoding::Utf16, &uri, 1);
        let params = request(&uri, &client, None);
        let actions = code_actions(&uri, src, 1, Encoding::Utf16, &current, &params, &lint);
        let titles: Vec<String> = actions
            .iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => a.title.clone(),
                CodeActionOrCommand::Command(c) => c.title.clone(),
            })
            .collect();
        assert_eq!(
            titles,
            [
                "Insert a Timeline section",
                "Disable PM002 for this file",
                "Fix all auto-fixable pmlint problems"
            ]
        );
        // Only source actions.
        let mut p = params.clone();
        p.context.only = Some(vec![CodeActionKind::SOURCE]);
        let actions = code_actions(&uri, src, 1, Encoding::Utf16, &current, &p, &lint);
        assert_eq!(actions.len(), 1);
        // A stale client diagnostic (other range, older data): no fix, still the disable action.
        let mut p = params.clone();
        p.context.diagnostics[0].range.start.line += 1;
        let actions = code_actions(&uri, src, 2, Encoding::Utf16, &current, &p, &lint);
        let quickfixes = actions
            .iter()
            .filter(|a| matches!(a, CodeActionOrCommand::CodeAction(a) if a.kind == Some(CodeActionKind::QUICKFIX)))
            .count();
        assert_eq!(quickfixes, 1);
    }

    #[test]
    fn a_lone_skeleton_at_the_end_closes_the_open_block() {
        // Ends inside an unclosed fence (then an unclosed comment): every
        // missing section's skeleton goes at the end, and each quick fix,
        // applied alone, must close the block rather than land inside it.
        for src in [
            "# Outage\n\n## Issue Summary\n\nFrom 10:00 to 11:00 UTC 30% of users saw errors.\n\n```\nlog line\n",
            "# Outage\n\n## Issue Summary\n\nFrom 10:00 to 11:00 UTC 30% of users saw errors.\n\n<!--\nnotes\n",
        ] {
            let current = lint(src);
            let at_end: Vec<&Diagnostic> = current
                .iter()
                .filter(|d| d.fix.as_ref().is_some_and(|f| f.span.start == src.len()))
                .collect();
            assert_eq!(
                at_end.iter().map(|d| d.code).collect::<Vec<_>>(),
                ["PM002", "PM003", "PM004"],
                "{src:?}"
            );
            for d in &at_end {
                let fix = crate::rules::lone_fix(src, d).unwrap();
                let fixed = apply(src, &fix);
                let after = lint(&fixed);
                assert!(
                    after.iter().all(|a| a.code != d.code),
                    "{} alone left it missing in {fixed:?}",
                    d.code
                );
                // The other two are still missing: nothing else was inserted.
                let missing: Vec<&str> = after
                    .iter()
                    .map(|a| a.code)
                    .filter(|c| crate::rules::MISSING_CODES.contains(c))
                    .collect();
                assert_eq!(
                    missing.len(),
                    2,
                    "{} alone: {missing:?} in {fixed:?}",
                    d.code
                );
                // What the code action offers is that edit.
                let index = LineIndex::new(src);
                let uri = Uri::from_str("file:///tmp/pm.md").unwrap();
                let client = to_lsp(d, src, &index, Encoding::Utf16, &uri, 1);
                let params = request(&uri, &client, Some(vec![CodeActionKind::QUICKFIX]));
                let actions = code_actions(&uri, src, 1, Encoding::Utf16, &current, &params, &lint);
                let CodeActionOrCommand::CodeAction(first) = &actions[0] else {
                    panic!("{actions:?}");
                };
                let edits = &first.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri];
                assert_eq!(edits[0].new_text, fix.replacement);
                // The fix published with the diagnostic is the same.
                let data: Data = serde_json::from_value(client.data.unwrap()).unwrap();
                assert_eq!(data.fix.unwrap().new_text, fix.replacement);
            }
            // Only the first skeleton's fix, applied with the others, closes it.
            let closed: Vec<bool> = at_end
                .iter()
                .map(|d| {
                    !d.fix
                        .as_ref()
                        .unwrap()
                        .replacement
                        .trim_start()
                        .starts_with('#')
                })
                .collect();
            assert_eq!(closed, [true, false, false], "{src:?}");
        }
        // Elsewhere the fix is the diagnostic's own.
        let src = "# Outage\n\n## Timeline\n\n- 10:00 UTC a\n";
        for d in lint(src).iter().filter(|d| d.fix.is_some()) {
            assert_eq!(crate::rules::lone_fix(src, d).as_ref(), d.fix.as_ref());
        }
    }

    #[test]
    fn fix_all_skips_overlaps() {
        let mk = |span: std::ops::Range<usize>| {
            Diagnostic::new("PM001", 0..0, "x").with_fix(Fix {
                span,
                replacement: "y".into(),
            })
        };
        let ds = [mk(2..4), mk(0..3), mk(4..4)];
        let spans: Vec<_> = crate::fix::applicable("abcdef", &ds)
            .iter()
            .map(|f| f.span.clone())
            .collect();
        assert_eq!(spans, [0..3, 4..4]);
    }
}
