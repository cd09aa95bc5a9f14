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
use aho_corasick::AhoCorasick;
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

/// A finder of [`QUANTITY`]'s nouns (ASCII case ignored, overlapping
/// matches reported), and the words its number or quantifier may end with
/// (each quantifier's last word, and `percent`), lower-case.
static WORDS: LazyLock<(AhoCorasick, Vec<String>)> = LazyLock::new(|| {
    let rule = catalogue::get("PM301").expect("PM301 in catalogue");
    let lower = |w: &str| w.to_lowercase();
    let nouns: Vec<String> = rule.string_list("nouns").iter().map(|w| lower(w)).collect();
    let finder = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&nouns)
        .expect("PM301 nouns");
    let mut ends: Vec<String> = rule
        .string_list("quantifiers")
        .iter()
        .map(|q| lower(q.rsplit(' ').next().unwrap_or(q)))
        .collect();
    ends.push("percent".into());
    (finder, ends)
});

/// Whether [`QUANTITY`] can match `text`, checked without compiling or
/// running it (a necessary condition): one of the nouns, after white space
/// and at most two words of letters, `'`, `’` or `-`, each after white space,
/// comes after a word that holds a digit, ends in `%`, or ends in a
/// quantifier's last word or `percent`. `(?i)` gives ASCII letters other
/// forms only for `k` and `s` (`K`, `ſ`): text holding those always passes.
fn may_quantify(text: &str) -> bool {
    if text.contains(['ſ', '\u{212a}']) {
        return true;
    }
    let (nouns, ends) = &*WORDS;
    // Every occurrence of every noun, overlapping ones included (a superset
    // of what the regex can use).
    nouns
        .find_overlapping_iter(text)
        .any(|noun| quantity_before(text, noun.start(), ends))
}

/// The walk back of [`may_quantify`] from a noun at byte `at`.
fn quantity_before(text: &str, at: usize, ends: &[String]) -> bool {
    let mut end = at;
    for _ in 0..3 {
        let before = &text[..end];
        let trimmed = before.trim_end();
        if trimmed.len() == before.len() {
            return false; // no white space before it
        }
        let start = trimmed
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &trimmed[start..];
        let ends_with = |end: &str| {
            word.len() >= end.len()
                && word.as_bytes()[word.len() - end.len()..].eq_ignore_ascii_case(end.as_bytes())
        };
        if word.chars().any(char::is_numeric)
            || word.ends_with('%')
            || ends.iter().any(|e| ends_with(e))
        {
            return true;
        }
        if !word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
        {
            return false;
        }
        end = start;
    }
    false
}

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
    if summary_and_preamble(ctx).iter().any(|&l| {
        let text = &lines[l].text;
        may_quantify(text) && QUANTITY.is_match(text)
    }) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `may_quantify` is a necessary condition: wherever the regex matches, it holds.
    #[test]
    fn pre_check_never_hides_a_match() {
        const TOKENS: &[&str] = &[
            "20",
            "20%",
            "%",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            "\n",
            "of",
            "the",
            "our",
            "all",
            "most",
            "a",
            "few",
            "A FEW",
            "every",
            "percent",
            "PerCent",
            "users",
            "User",
            "customers",
            "requests",
            "orders",
            "accounts",
            "transactions",
            "clients",
            "visitors",
            "ſome",
            "uſers",
            "1,000",
            "3.5",
            "٣",
            "-",
            "’s",
            "'",
            "(",
            ")",
            ",",
            ".",
            "x",
            "API",
            "superuser",
            "almost",
            "é",
            "🔥",
        ];
        let texts = crate::rules::util::token_texts(0x2545_F491_4F6C_DD1D, TOKENS, 9, 20_000);
        let matched = crate::rules::util::pre_check_holds(texts, &QUANTITY, may_quantify);
        assert!(
            matched > 100,
            "only {matched} matches: the test proves little"
        );
        assert!(!may_quantify("75% of typical API request throughput"));
        assert!(may_quantify("about 75% of users"));
    }
}
