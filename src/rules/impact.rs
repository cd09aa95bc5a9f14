//! PM301 missing-impact. Catalogue entry: `rules/PM301-missing-impact.toml`
//! (its `keywords`, `quantifiers` and `nouns` parameters drive this check).
//!
//! The impact is stated when there is an Impact heading anywhere, an `Impact`
//! label on a line (`Impact:`, `**Customer impact:**`), or a quantity of
//! affected users in the summary or preamble: a number, a percentage or a
//! quantifier followed within two words by one of the nouns (`20% of users`).

use super::Context;
use super::util::{document_span, label_of, summary_and_preamble};
use crate::catalogue;
use crate::diagnostic::Diagnostic;
use crate::outline::{normalize_heading, surely_more_words};
use crate::sections::{contains_words, ids};
use regex::Regex;
use std::sync::LazyLock;

static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    let rule = catalogue::get("PM301").expect("PM301 in catalogue");
    let alt = |words: Vec<String>| {
        let mut w: Vec<String> = words
            .iter()
            .map(|w| regex::escape(w).replace(' ', r"\s+"))
            .collect();
        w.sort_by_key(|s| std::cmp::Reverse(s.len()));
        w.join("|")
    };
    let quantifiers = alt(rule.string_list("quantifiers"));
    let nouns = alt(rule.string_list("nouns"));
    Regex::new(&format!(
        r"(?i)(?:\d[\d,.]*\s*(?:%|percent\b)?|\b(?:{quantifiers}))\s+(?:[\p{{L}}'’-]+\s+){{0,2}}(?:{nouns})\b"
    ))
    .expect("valid regex")
});

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.outline.has_heading_for(ids::IMPACT) {
        return;
    }
    static KEYWORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
        catalogue::get("PM301")
            .map(|r| r.string_list("keywords"))
            .unwrap_or_default()
    });
    let keywords = &*KEYWORDS;
    let labelled = ctx.outline.lines.iter().any(|line| {
        label_of(&line.text).is_some_and(|label| {
            if surely_more_words(label, 4) {
                return false;
            }
            let label = normalize_heading(label);
            label.split_whitespace().count() <= 4
                && keywords.iter().any(|k| contains_words(&label, k))
        })
    });
    if labelled {
        return;
    }
    let lines = &ctx.outline.lines;
    if summary_and_preamble(ctx)
        .iter()
        .any(|&l| QUANTITY.is_match(&lines[l].text))
    {
        return;
    }
    let span = ctx.outline.sections_named(ids::SUMMARY).next().map_or_else(
        || document_span(ctx),
        |s| ctx.outline.heading_of(s).span.clone(),
    );
    out.push(
        Diagnostic::new("PM301", span, "the postmortem does not state its impact").with_help(
            "add an `Impact:` line or section, or quantify who was affected (e.g. `20% of users`)",
        ),
    );
}
