//! PM301 missing-impact. Catalogue entry: `rules/PM301-missing-impact.toml`
//! (its `keywords`, `quantifiers` and `nouns` parameters drive this check).
//!
//! The impact is stated when there is an Impact heading anywhere, an `Impact`
//! label on a line (`Impact:`, `**Customer impact:**`, `Affected users:`), or
//! in the summary or preamble a quantity of affected users (a number, a
//! percentage or a quantifier followed within two words by one of the nouns:
//! `20% of users`, `affected customers`) or an impact phrase (see
//! [`states_impact_phrase`]).

use super::Context;
use super::util::{document_span, label_of, summary_and_preamble, wrapped_pairs};
use crate::catalogue;
use crate::diagnostic::Diagnostic;
use crate::outline::{Line, LineKind, normalize_heading, surely_more_words};
use crate::sections::{contains_words, ids};
use crate::time::matcher::{self, Class, Grammar, Node, lit, opt};
use crate::time::{self, DateOrder};
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, Match, MatchKind};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// A number, a percentage or a quantifier followed within two words by one
/// of the nouns, as a regex (`(?i)`, Unicode classes; words from the rule's
/// parameters, longest first):
/// `(?:\d[\d,.]*\+?\s*(?:%|percent\b)?|\b(?:<quantifiers>))\s+(?:[\p{L}'’-]+\s+){0,2}(?:<nouns>)\b`
/// (`20+ transactions` is a number too).
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    let (quantifiers, nouns) = &*QUANTITY_WORDS;
    let alt = |words: &[&str]| {
        words
            .iter()
            .map(|w| regex::escape(w).replace(' ', r"\s+"))
            .collect::<Vec<_>>()
            .join("|")
    };
    Regex::new(&format!(
        r"(?i)(?:\d[\d,.]*\+?\s*(?:%|percent\b)?|\b(?:{}))\s+(?:[\p{{L}}'’-]+\s+){{0,2}}(?:{})\b",
        alt(quantifiers),
        alt(nouns)
    ))
    .expect("valid regex")
});

/// The quantifiers and nouns of PM301's parameters, each list longest first
/// (the order the regex tries them in).
static QUANTITY_WORDS: LazyLock<(Vec<&'static str>, Vec<&'static str>)> = LazyLock::new(|| {
    let rule = catalogue::get("PM301").expect("PM301 in catalogue");
    let list = |key: &str| {
        let mut words: Vec<&'static str> = rule
            .parameters
            .get(key)
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words
    };
    (list("quantifiers"), list("nouns"))
});

/// White space as `\s` reads it in text [`matcher::plain_text`] accepts.
const SPACE: Class = Class::ascii_and(matcher::ascii_set(b"\t\n\x0b\x0c\r "), &['\u{a0}']);

/// [`QUANTITY`] as a grammar, for text [`matcher::plain_text`] accepts, where
/// its classes are their ASCII forms (`\s` also holds the no-break space);
/// `None` when a word of the parameters is not plain lower-case ASCII
/// letters and spaces (the grammar's words are).
static QUANTITY_GRAMMAR: LazyLock<Option<Grammar>> = LazyLock::new(|| {
    let (quantifiers, nouns) = &*QUANTITY_WORDS;
    let plain = |w: &&str| {
        !w.is_empty()
            && w.bytes().all(|b| b.is_ascii_lowercase() || b == b' ')
            && !w.starts_with(' ')
            && !w.ends_with(' ')
            && !w.contains("  ")
    };
    if !quantifiers.iter().chain(nouns).all(plain) {
        return None;
    }
    let spaces = || Node::Repeat(SPACE, 1, usize::MAX);
    // A quantifier of several words: each word, then white space.
    let phrase = |w: &'static str| {
        let mut parts = Vec::new();
        for (i, part) in w.split(' ').enumerate() {
            if i > 0 {
                parts.push(spaces());
            }
            parts.push(Node::words(&[part]));
        }
        Node::Seq(parts)
    };
    let number = Node::Seq(vec![
        Node::Repeat(Class::DIGIT, 1, 1),
        Node::Repeat(
            Class::ascii(matcher::ascii_set(b"0123456789,.")),
            0,
            usize::MAX,
        ),
        opt(lit("+")),
        Node::Repeat(SPACE, 0, usize::MAX),
        opt(Node::alt(vec![
            lit("%"),
            Node::Seq(vec![Node::words(&["percent"]), Node::WordBoundary]),
        ])),
    ]);
    let quantifier = Node::Seq(vec![
        Node::WordBoundary,
        Node::alt(quantifiers.iter().map(|w| phrase(w)).collect()),
    ]);
    let word = || {
        Node::Seq(vec![
            Node::Repeat(Class::letters_and(b"'-", &['’']), 1, usize::MAX),
            spaces(),
        ])
    };
    Some(Grammar::new(Node::Seq(vec![
        Node::alt(vec![number, quantifier]),
        spaces(),
        opt(Node::Seq(vec![word(), opt(word())])),
        Node::words(nouns),
        Node::WordBoundary,
    ])))
});

/// Whether `text` matches [`QUANTITY`] (see [`quantity_start`]), for tests.
#[cfg(test)]
fn states_quantity(text: &str) -> bool {
    quantity_start(text).is_some()
}

/// Where a match of [`QUANTITY`] in `text` starts (a byte offset), if any,
/// searching only near the nouns: every match ends in a noun, and starts at
/// most [`QUANTITY_REACH`] white-space-separated words before it. The
/// grammar is tried only from those words, where [`quantity_before`] (the
/// pre-check's walk back) holds; a summary of a thousand bytes is otherwise
/// tried at every letter a quantifier starts with. Text that is not
/// [`matcher::plain_text`] (`ſ` and the Kelvin sign included) goes to the
/// regex, after the pre-check.
fn quantity_start(text: &str) -> Option<usize> {
    let grammar = match &*QUANTITY_GRAMMAR {
        Some(grammar) if matcher::plain_text(text) => grammar,
        _ => {
            return may_quantify(text)
                .then(|| QUANTITY.find(text).map(|m| m.start()))
                .flatten();
        }
    };
    let (nouns, ends) = &*WORDS;
    let lower = text.to_ascii_lowercase();
    every_start(nouns, &lower).find_map(|noun| {
        let at = noun.start();
        if !quantity_before(text, at, ends) {
            return None;
        }
        matcher::find_starting_in(grammar, text, words_back(text, at)..at).map(|m| m.start)
    })
}

/// A leftmost finder of `words` (lower-case, none empty), for [`every_start`]
/// and `is_match` over a text lower-cased with `to_ascii_lowercase`: case
/// is not ignored in the search, which would spoil its vectorised
/// prefilter. A contiguous NFA, not the DFA aho-corasick picks for a few
/// words: building a DFA took a fifth of a one-file run's instructions.
fn lower_words_finder<W: AsRef<[u8]>>(words: &[W]) -> AhoCorasick {
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .match_kind(MatchKind::LeftmostFirst)
        .build(words)
        .expect("PM301's words are plain, short and few")
}

/// Every match of `finder` (a leftmost finder of lower-case words) in
/// `lower` (a text lower-cased with `to_ascii_lowercase`, which keeps its
/// byte offsets), one for each byte offset where one starts, in increasing
/// order: overlapping matches included, as an overlapping search would give
/// their starts, but each search starts one byte after the last match's
/// start and so uses the finder's vectorised prefilter, which an
/// overlapping search (or one that ignores case) cannot. Where words start
/// at one offset (`could`, `couldn`) only the first listed is reported.
fn every_start<'t>(finder: &'t AhoCorasick, lower: &'t str) -> impl Iterator<Item = Match> + 't {
    let mut from = 0;
    std::iter::from_fn(move || {
        let m = finder.find(Input::new(lower).span(from..lower.len()))?;
        from = m.start() + 1;
        Some(m)
    })
}

/// Whether `text` states a quantity of affected users ([`QUANTITY`]), a
/// number that is part of a date or a time of day not counting (`On 4 May
/// 2023 users`, `at 10:15 users`, `11:25 AM GMT-5, requests`: a year, a
/// day or a zone offset is not how many were affected). Such a date or
/// time is blanked out and the search repeated.
fn states_user_quantity(text: &str, order: DateOrder) -> bool {
    let mut text = Cow::Borrowed(text);
    // Each round searches the whole line again: a line with more such
    // numbers than this is read no further (as stating no quantity), which
    // bounds the work on a long line.
    for _ in 0..MAX_BLANKED {
        let Some(start) = quantity_start(&text) else {
            return false;
        };
        let rest = &text[start..];
        let blank = if let Some(len) = oclock_at(rest) {
            // A number word before `o'clock` is a time (`At five o'clock
            // customers ...`).
            start..start + len
        } else if !is_plain_number(rest) {
            // Only a plain number can be part of a date or time: a
            // quantifier (`all`, `a few`) or a percentage never is, and
            // most matches are those.
            return true;
        } else if let Some(len) = number_ending_clause(rest) {
            // A number that ends a clause counts nothing after it (`June
            // 4th (UTC), 2022, the admin account`, `version 4.2. Users`).
            start..start + len
        } else if let Some(span) = time::date_or_time_at(&text, start, order) {
            span
        } else {
            return true;
        };
        // The span holds the match's first character: each round blanks at
        // least one character a match can start with.
        let mut next = text.into_owned();
        let chars = next[blank.clone()].chars().count();
        next.replace_range(blank, &"#".repeat(chars));
        text = Cow::Owned(next);
    }
    false
}

/// Most numbers that are part of a date, a time or a clause's end
/// [`states_user_quantity`] passes over in one line.
const MAX_BLANKED: usize = 16;

/// Most white-space-separated words a match of [`QUANTITY`] has before its
/// noun: the longest quantifier's words (or a number and a separate `%` or
/// `percent`: two), then at most two more words.
static QUANTITY_REACH: LazyLock<usize> = LazyLock::new(|| {
    let (quantifiers, _) = &*QUANTITY_WORDS;
    let longest = quantifiers
        .iter()
        .map(|q| q.split_whitespace().count())
        .max()
        .unwrap_or(0);
    longest.max(2) + 2
});

/// The start of the [`QUANTITY_REACH`]-th white-space-separated word before
/// byte `at` of `text` (0 when there are fewer).
fn words_back(text: &str, at: usize) -> usize {
    let mut start = at;
    for _ in 0..*QUANTITY_REACH {
        let before = text[..start].trim_end();
        if before.is_empty() {
            return 0;
        }
        start = last_word_start(before);
    }
    start
}

/// Where the last white-space-separated word of `text` starts (`text` ends
/// in that word).
fn last_word_start(text: &str) -> usize {
    text.char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// A finder of [`QUANTITY`]'s nouns, lower-case, to search a text lower-cased
/// with `to_ascii_lowercase` (so ASCII case is ignored; leftmost matches:
/// [`every_start`] reads every place one starts), and the words its number or
/// quantifier may end with (each quantifier's last word, its last two for
/// one ending in `of`, and `percent`), lower-case.
static WORDS: LazyLock<(AhoCorasick, Vec<String>)> = LazyLock::new(|| {
    let (quantifiers, nouns) = &*QUANTITY_WORDS;
    let lower = |w: &str| w.to_lowercase();
    let nouns: Vec<String> = nouns.iter().map(|w| lower(w)).collect();
    let finder = lower_words_finder(&nouns);
    // A quantifier ending in `of` (`a third of`) by its last two words:
    // `of` alone would pass every `of` before a noun.
    let mut ends: Vec<String> = quantifiers
        .iter()
        .map(|q| {
            let mut words = q.rsplit(' ');
            let last = words.next().unwrap_or(q);
            match words.next() {
                Some(before) if last == "of" => lower(&format!("{before} of")),
                _ => lower(last),
            }
        })
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
    if crate::time::matcher::has_ascii_case_fold(text) {
        return true;
    }
    let (nouns, ends) = &*WORDS;
    // Every occurrence of every noun, overlapping ones included (a superset
    // of what the regex can use).
    let lower = text.to_ascii_lowercase();
    every_start(nouns, &lower).any(|noun| quantity_before(text, noun.start(), ends))
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
        let start = last_word_start(trimmed);
        let word = &trimmed[start..];
        let ends_with = |word: &str, end: &str| {
            word.len() >= end.len()
                && word.as_bytes()[word.len() - end.len()..].eq_ignore_ascii_case(end.as_bytes())
        };
        // `of` ends a quantifier with the word before it (`third of`).
        let of_end = || {
            let before = trimmed[..start].trim_end();
            let previous = &before[last_word_start(before)..];
            ends.iter()
                .filter_map(|e| e.strip_suffix(" of"))
                .any(|e| ends_with(previous, e))
        };
        if word.chars().any(char::is_numeric)
            || word.ends_with('%')
            || ends.iter().any(|e| ends_with(word, e))
            || (word.eq_ignore_ascii_case("of") && of_end())
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

/// The length of the ASCII word `text` starts with, when `o'clock` (or
/// `o’clock`) follows it after white space: a number word that tells the
/// time.
fn oclock_at(text: &str) -> Option<usize> {
    let len = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let rest = text[len..].trim_start();
    (len > 0
        && rest.len() < text.len() - len
        && ["o'clock", "o’clock"].iter().any(|o| {
            rest.get(..o.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(o))
        }))
    .then_some(len)
}

/// The length in bytes of the number `text` starts with when it ends a
/// clause, so that the words after it are not what it counts: a number
/// ending a sentence (`Version 4.2. Users`), or a year (four digits from
/// 1900 to 2099) before a comma (`June 4th (UTC), 2022, the admin`), each
/// then white space. `None` for a count before a comma (`3,000, mostly EU
/// customers`, `450, mostly mobile users`), `2022 users` or `2022,5`.
fn number_ending_clause(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let len = bytes
        .iter()
        .take_while(|b| b.is_ascii_digit() || matches!(b, b',' | b'.'))
        .count();
    let is_year = len == 5
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && matches!(&bytes[..2], b"19" | b"20");
    let ends = match bytes.get(len.checked_sub(1)?) {
        Some(b'.') => true,
        Some(b',') => is_year,
        _ => false,
    };
    (ends && bytes.get(len).is_some_and(u8::is_ascii_whitespace)).then_some(len)
}

/// Whether `text` starts with a number that is not a percentage (`2023 `,
/// `5, `, not `20%`, `20 percent` or `all`).
fn is_plain_number(text: &str) -> bool {
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, ',' | '.'));
    let rest = rest.strip_prefix('+').unwrap_or(rest).trim_start();
    let percent = rest.starts_with('%')
        || rest
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case("percent"));
    !percent
}

/// Whether `text` says who or what was affected in one of these phrases
/// (words compared case-insensitively, punctuation around them ignored):
/// - `affected`, `affecting`, `impacted` or `impacting`, then (after `about`,
///   `approximately`, … ) a number, a percentage or a quantifier and a word:
///   `affecting all students`, `affecting 0.07% of its databases`;
/// - a number, a percentage or a quantifier and at most three more words,
///   then `was`/`were`/`are`/`been` `affected`/`impacted`: `500 staff were
///   affected`;
/// - `anyone`, `everyone`, `anybody` or `everybody` then `trying`,
///   `attempting`, `accessing`, `visiting` or `using`: `a 504 error for anyone
///   trying to access the site`;
/// - a percentage, then an optional `service`, then `disruption`, `outage`,
///   `downtime` or `unavailability`: `a 100% service disruption`;
/// - `impact` then `was`, `were`, `included` or `includes`: `Customer impact
///   included ...`; `no` (and `customer`, `user`, …) then `impact`: `There
///   was no customer impact`;
/// - `for everyone`, `for everybody`, or `for all` / `for every` and a
///   word, in a sentence that tells of an outage: `down for everyone`, `CI
///   builds failed for all engineers`, `offline for every employee`;
/// - a percentage in a line that names errors or failures: `the error rate
///   peaked at 35%`, `12% of checkouts failed`, `5% of notifications were
///   dropped`;
/// - a count (a number that is not a year, or followed by a unit of time),
///   at most five words, then a failure: `Roughly 1,400 checkouts timed out`,
///   `About 2,000 shoppers could not pay`, `12,000 API calls failed`;
/// - everyone failing: `all`, `every`, `everyone` or `everybody`, at most
///   five words, then a failure (`all logins failed`, `every
///   student in my class could not submit`), but not `every night` and
///   other times; `none of` and at most four words, then `could`, `can`,
///   `was` or `were` (`none of our customers could check out`); or `nobody`
///   / `no one`, then `could`, `can`, `was` or `were`, right away or after a
///   place opened by a preposition (`nobody could log in`, `nobody in the
///   EU could log in`).
fn states_impact_phrase(text: &str) -> bool {
    // Every phrase holds `%` or (in any ASCII case) one of these words' stems.
    let lower = text.to_ascii_lowercase();
    let cues = cue_groups(&lower);
    let other_cue = cues & CUE_OTHER != 0 || memchr::memchr(b'%', lower.as_bytes()).is_some();
    // A count that failed needs a digit and a failure's word; everyone
    // failing (`all logins failed`, `nobody could log in`) a failure's word
    // and `all`, `every` or `no`.
    // The rarer failures are looked for only where they could count: with
    // `all`, `every` or a count.
    let rare = || {
        RARE_FAILURES
            .iter()
            .any(|f| f.find(lower.as_bytes()).is_some())
    };
    let stem = cues & CUE_FAILURE != 0;
    let everyone = cues & CUE_EVERYONE != 0;
    let failure_cue =
        (stem || !everyone) && has_count_before_word(lower.as_bytes()) && (stem || rare());
    let failure = stem || failure_cue || (everyone && rare());
    let everyone_cue = (failure && everyone) || cues & CUE_NOBODY != 0;
    if !other_cue && !failure_cue && !everyone_cue {
        return false;
    }
    // The words without the punctuation around them (`%` kept), each with
    // the token it was cut from.
    let tokens = || {
        lower.split_ascii_whitespace().filter_map(|raw| {
            let word = raw.trim_matches(|c: char| !(c.is_alphanumeric() || c == '%'));
            (!word.is_empty()).then_some((word, raw))
        })
    };
    let words: Vec<&str> = tokens().map(|(word, _)| word).collect();
    // For each word, whether a sentence ends after it (`.`, `!`, `?` or
    // `;` at its end): read once, and only when asked.
    let sentence_ends_cell = std::cell::OnceCell::new();
    let sentence_ends = || {
        sentence_ends_cell.get_or_init(|| {
            tokens()
                .map(|(_, raw)| raw.ends_with(['.', '!', '?', ';']))
                .collect::<Vec<bool>>()
        })
    };
    let (quantifiers, _) = &*QUANTITY_WORDS;
    let is_quantity = |w: &str| {
        (w.starts_with(|c: char| c.is_ascii_digit())
            && w.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '%' | '+')))
            || (quantifiers.contains(&w) && !matches!(w, "affected" | "impacted"))
    };
    let is_word = |w: &&str| w.chars().all(char::is_alphabetic);
    // Whether the sentence holding word `i` tells of an outage (`the wiki
    // was offline for all engineers`, `for everyone in the EU, checkout was
    // down`; `stopped` only as `stopped working`, `stopped responding`, …:
    // not `we stopped deploys for all teams`).
    let tells_outage = |i: usize| {
        let ends = sentence_ends();
        let start = (0..i).rev().find(|&k| ends[k]).map_or(0, |k| k + 1);
        let end = (i..words.len())
            .find(|&k| ends[k])
            .map_or(words.len(), |k| k + 1);
        (start..end).any(|k| match words[k] {
            "stopped" => matches!(
                word_at(&words, k + 1),
                "working" | "responding" | "loading" | "serving"
            ),
            w => OUTAGE_WORDS.contains(&w),
        })
    };
    let word = |i: usize| word_at(&words, i);
    // A count, at most five words (not machines or attempts: `adding 1,200
    // servers failed`), then a failure.
    let failed_count = || {
        (0..words.len())
            .any(|i| is_count(word(i)) && !is_time_unit(word(i + 1)) && failure_follows(&words, i))
    };
    // `all` or `every`, at most five words (not machines or attempts: `all
    // retries failed`), then a failure; `nobody` or `no one`, at most four
    // words, then `could`, `can` or `was` (`nobody in the EU could log in`).
    let everyone_failed = || {
        (0..words.len()).any(|i| match word(i) {
            // Not a part of something just named: `all of these spends failed`.
            "all"
                if word(i + 1) == "of"
                    && matches!(
                        word(i + 2),
                        "these" | "those" | "them" | "this" | "that" | "it"
                    ) =>
            {
                false
            }
            // Not a time (`every night the backup failed`, `all day`).
            "all" | "every" if TIME_WORDS.contains(&word(i + 1)) => false,
            // A count may follow: `all 340 engineers were blocked`.
            "all" | "every" if is_count(word(i + 1)) => failure_follows(&words, i + 1),
            "all" | "every" | "everyone" | "everybody" => failure_follows(&words, i),
            // `None of our customers could check out`.
            "none" => word(i + 1) == "of" && could_after(&words, i + 2, 4),
            "nobody" => nobody_could(&words, i + 1),
            "no" => word(i + 1) == "one" && nobody_could(&words, i + 2),
            _ => false,
        })
    };
    if everyone_cue && everyone_failed() {
        return true;
    }
    if !other_cue {
        return failure_cue && failed_count();
    }
    (failure_cue && failed_count())
        || (0..words.len()).any(|i| match word(i) {
            "affected" | "affecting" | "impacted" | "impacting" => {
                let mut j = i + 1;
                while matches!(
                    word(j),
                    "about"
                        | "approximately"
                        | "around"
                        | "roughly"
                        | "nearly"
                        | "almost"
                        | "over"
                        | "an"
                        | "estimated"
                ) {
                    j += 1;
                }
                // A count may follow `all` (`affecting all 14 QA engineers`).
                if matches!(word(j), "all" | "every")
                    && is_count(word(j + 1))
                    && !is_time_unit(word(j + 2))
                {
                    j += 1;
                }
                let after = is_quantity(word(j)) && words.get(j + 1).is_some_and(is_word);
                let before = matches!(word(i), "affected" | "impacted")
                    && i > 0
                    && matches!(word(i - 1), "was" | "were" | "are" | "been")
                    && (i.saturating_sub(5)..i - 1)
                        .any(|k| is_quantity(word(k)) && words.get(k + 1).is_some_and(is_word));
                // Nobody affected says the impact too: `No customers were
                // affected`, `no users impacted`.
                let none = matches!(word(i), "affected" | "impacted")
                    && (i.saturating_sub(3)..i)
                        .any(|k| word(k) == "no" && QUANTITY_WORDS.1.contains(&word(k + 1)));
                after || before || none
            }
            "anyone" | "everyone" | "anybody" | "everybody" => matches!(
                word(i + 1),
                "trying" | "attempting" | "accessing" | "visiting" | "using"
            ),
            "impact" => {
                matches!(word(i + 1), "was" | "were" | "included" | "includes")
                    || (1..=2).any(|back| {
                        i >= back
                            && word(i - back) == "no"
                            && (back == 1
                                || matches!(
                                    word(i - 1),
                                    "customer"
                                        | "user"
                                        | "client"
                                        | "external"
                                        | "visible"
                                        | "customer-facing"
                                        | "user-facing"
                                        | "user-visible"
                                        | "customer-visible"
                                ))
                    })
            }
            // Only in a sentence that tells of an outage: `down for everyone`.
            "for" => match word(i + 1) {
                "everyone" | "everybody" => tells_outage(i),
                // `for all customers`, `for all of our users`, `for every
                // engineer`; not `for all time`, `for all intents`, `for
                // all of it`.
                "all" | "every" => {
                    let mut next = if word(i + 2) == "of" { i + 3 } else { i + 2 };
                    // A count between: `for all 50 support agents` (not a
                    // time: `for all 40 minutes of the deploy`).
                    if is_count(word(next)) && !is_time_unit(word(next + 1)) {
                        next += 1;
                    }
                    words.get(next).is_some_and(is_word)
                        && !matches!(
                            word(next),
                            "it" | "this"
                                | "that"
                                | "them"
                                | "these"
                                | "those"
                                | "time"
                                | "times"
                                | "intents"
                        )
                        && tells_outage(i)
                }
                _ => false,
            },
            w if w.ends_with('%') && w.len() > 1 => {
                let j = if word(i + 1) == "service" {
                    i + 2
                } else {
                    i + 1
                };
                matches!(
                    word(j),
                    "disruption" | "outage" | "downtime" | "unavailability"
                ) || words.iter().any(|w| {
                    matches!(
                        *w,
                        "error" | "errors" | "failure" | "failures" | "failed" | "timeouts"
                    )
                }) || (0..words.len()).any(|j| is_failure(&words, j))
                    // A server error's status: `HTTP 503 for 55% of calls`.
                    || (1..words.len()).any(|k| {
                        let w = words[k];
                        w.len() == 3
                            && w.starts_with('5')
                            && w.bytes().all(|b| b.is_ascii_digit())
                            && matches!(words[k - 1], "http" | "status" | "code" | "returned")
                    })
            }
            _ => false,
        })
}

/// Words of time after `all` or `every` (`every night`, `all day`): not
/// who was affected.
const TIME_WORDS: &[&str] = &[
    "night", "nights", "day", "days", "morning", "mornings", "evening", "evenings", "week",
    "weeks", "weekend", "weekends", "month", "months", "year", "years", "time", "times", "hour",
    "hours", "minute", "minutes", "along", "so",
];

/// Words that tell of an outage, for `for everyone` and `for all ...`.
const OUTAGE_WORDS: &[&str] = &[
    "down",
    "failed",
    "failing",
    "unavailable",
    "unreachable",
    "inaccessible",
    "broken",
    "error",
    "errors",
    "outage",
    "degraded",
    "slow",
    "unable",
    "couldn't",
    "could",
    "lost",
    "offline",
    "read-only",
    "unresponsive",
    "crashed",
    "crashing",
    "blocked",
];

/// Counted things whose failure is not an impact on users: `1,200 servers
/// failed`, `3 retries failed`.
const MACHINES: &[&str] = &[
    "server",
    "servers",
    "instance",
    "instances",
    "node",
    "nodes",
    "host",
    "hosts",
    "machine",
    "machines",
    "vm",
    "vms",
    "pod",
    "pods",
    "container",
    "containers",
    "disk",
    "disks",
    "replica",
    "replicas",
    "shard",
    "shards",
    "worker",
    "workers",
    "process",
    "processes",
    "retry",
    "retries",
    "attempt",
    "attempts",
    "deploy",
    "deploys",
    "deployment",
    "deployments",
    "test",
    "tests",
    "check",
    "checks",
    "backup",
    "backups",
    "runbook",
    "runbooks",
    "alert",
    "alerts",
];

/// Stems of the failures [`is_failure`] knows, for the pre-check of
/// [`states_impact_phrase`].
const FAILURE_STEMS: &[&str] = &[
    "fail", "timed", "could", "unable", "cannot", "can't", "couldn", "error", "bounced", "lost",
    "dropped", "delayed", "rejected", "declined", "stuck",
];

/// Stems of the rarer failures [`is_failure`] knows (`blocked`, `cancelled`,
/// `stale`), looked for only when a line has no stem of
/// [`FAILURE_STEMS`]: in the cue finder their first bytes (`b`, `w`, …)
/// start so many words that its prefilter would slow every line.
static RARE_FAILURES: LazyLock<[memchr::memmem::Finder<'static>; 3]> =
    LazyLock::new(|| ["block", "cancel", "stale"].map(memchr::memmem::Finder::new));

/// Groups of the cue words of [`states_impact_phrase`]'s pre-check (bits of
/// [`cue_groups`]): the stems of `affected`, `impact`, `anyone`, `everyone`,
/// `for all` (the pre-check finds `%`, the group's one-byte cue, by memchr:
/// in the finder it would turn its prefilter off).
const CUE_OTHER: u8 = 1;
/// A failure's stem ([`FAILURE_STEMS`]).
const CUE_FAILURE: u8 = 2;
/// `all`, `every`, `none of`: everyone, when a failure follows.
const CUE_EVERYONE: u8 = 4;
/// `nobody`, `no one`.
const CUE_NOBODY: u8 = 8;

/// The cue words and their groups: each group's words, as listed.
fn cue_lists() -> [(&'static [&'static str], u8); 4] {
    [
        (&["affect", "impact", "any", "every", "for all"], CUE_OTHER),
        (FAILURE_STEMS, CUE_FAILURE),
        (&["all", "every", "none of"], CUE_EVERYONE),
        (&["nobody", "no one"], CUE_NOBODY),
    ]
}

/// A leftmost finder of the cue words ([`cue_lists`], each word once), and
/// each word's groups, by pattern index.
static CUES: LazyLock<(AhoCorasick, Vec<u8>)> = LazyLock::new(|| {
    let mut words: Vec<&str> = Vec::new();
    let mut groups: Vec<u8> = Vec::new();
    for (list, group) in cue_lists() {
        for &word in list {
            match words.iter().position(|w| *w == word) {
                Some(i) => groups[i] |= group,
                None => {
                    words.push(word);
                    groups.push(group);
                }
            }
        }
    }
    let finder = lower_words_finder(&words);
    (finder, groups)
});

/// The groups (`CUE_*` bits) of the cue words found in `lower`, a lower-cased
/// line, in one pass ([`every_start`]). Two cue words starting at one offset
/// (`could`, `couldn`) are in the same groups (a test checks it), so the one
/// reported there gives both's groups.
fn cue_groups(lower: &str) -> u8 {
    let (finder, groups) = &*CUES;
    every_start(finder, lower).fold(0, |all, m| all | groups[m.pattern().as_usize()])
}

/// Whether, after word `i` of `words`, at most five words that are not
/// machines or attempts (`adding 1,200 servers failed`, `all retries
/// failed`) come before a failure ([`is_failure`]): `every student in my
/// class could not submit`.
fn failure_follows(words: &[&str], i: usize) -> bool {
    (i + 1..=i + 6).any(|j| {
        (i + 1..j).all(|k| {
            words
                .get(k)
                .is_some_and(|w| w.chars().all(char::is_alphabetic) && !MACHINES.contains(w))
        }) && is_failure(words, j)
    })
}

/// Whether, from word `j` of `words`, `could`, `can`, `was` or `were`
/// follows, right away or after a place or group of at most four words
/// (letters only) opened by a preposition: what follows `nobody` or `no
/// one` in `nobody could log in`, `no one in the EU was able to pay`; not
/// `nobody noticed the disk was full`.
fn nobody_could(words: &[&str], j: usize) -> bool {
    could_after(words, j, 0)
        || (matches!(
            word_at(words, j),
            "in" | "on" | "at" | "from" | "outside" | "within" | "across" | "of"
        ) && could_after(words, j + 1, 3))
}

/// Whether `could`, `can`, `was` or `were` is word `j` of `words`, or comes
/// after at most `most` words (letters only) from there.
fn could_after(words: &[&str], j: usize, most: usize) -> bool {
    (j..=j + most).any(|k| {
        (j..k).all(|m| word_at(words, m).chars().all(char::is_alphabetic))
            && matches!(word_at(words, k), "could" | "can" | "was" | "were")
    })
}

/// Word `k` of `words`, or `""` past the end.
fn word_at<'w>(words: &[&'w str], k: usize) -> &'w str {
    words.get(k).copied().unwrap_or("")
}

/// Whether words `j..` of `words` say that something failed: `failed`,
/// `timed out`, `could not`, `couldn't`, `were unable`, `errored`, `bounced`,
/// `were lost`, `were dropped`, `were delayed`, `were blocked`, `were
/// cancelled`, `stale`, …
fn is_failure(words: &[&str], j: usize) -> bool {
    let word = |i: usize| word_at(words, i);
    match word(j) {
        "failed" | "errored" | "bounced" | "unable" | "cannot" | "couldn't" | "couldnt"
        | "can't" | "lost" | "dropped" | "delayed" | "rejected" | "declined" | "stuck"
        | "blocked" | "cancelled" | "canceled" | "stale" => true,
        "timed" => word(j + 1) == "out",
        "could" | "did" => word(j + 1) == "not",
        "were" | "was" => matches!(
            word(j + 1),
            "unable"
                | "lost"
                | "dropped"
                | "delayed"
                | "rejected"
                | "declined"
                | "stuck"
                | "blocked"
                | "cancelled"
                | "canceled"
        ),
        _ => false,
    }
}

/// Whether `bytes` hold a number written as a count is (digits, `,`, `.` and
/// `+`, not inside a time such as `14:02`) followed by a space and a letter:
/// a cheap necessary condition for [`is_count`]'s words before a noun.
fn has_count_before_word(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(d) = bytes[i..].iter().position(u8::is_ascii_digit) {
        let start = i + d;
        let mut end = start;
        while end < bytes.len()
            && (bytes[end].is_ascii_digit() || matches!(bytes[end], b',' | b'.' | b'+'))
        {
            end += 1;
        }
        let after_digit = start > 0 && matches!(bytes[start - 1], b':' | b'/' | b'-');
        if !after_digit
            && bytes.get(end) == Some(&b' ')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic)
        {
            return true;
        }
        i = end.max(start + 1);
    }
    false
}

/// Whether a word is a count: digits (with `,` or `.`, and an optional `+`),
/// not a year (`2024`).
fn is_count(word: &str) -> bool {
    let digits = word.trim_end_matches('+');
    !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
        && !(digits.len() == 4
            && digits
                .parse::<u32>()
                .is_ok_and(|y| (1900..=2100).contains(&y)))
}

/// Whether a word is a unit of time (`minutes`, `hrs`, `ms`, …) or a clock's
/// marker (`am`, `pm`, `utc`): the number before it is not a count.
fn is_time_unit(word: &str) -> bool {
    matches!(
        word,
        "second"
            | "seconds"
            | "sec"
            | "secs"
            | "s"
            | "ms"
            | "minute"
            | "minutes"
            | "min"
            | "mins"
            | "m"
            | "hour"
            | "hours"
            | "hr"
            | "hrs"
            | "h"
            | "day"
            | "days"
            | "d"
            | "week"
            | "weeks"
            | "month"
            | "months"
            | "year"
            | "years"
            | "am"
            | "pm"
            | "utc"
            | "gmt"
    )
}

/// PM301's `keywords` (lower-case, words separated by single spaces).
static KEYWORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    catalogue::get("PM301")
        .map(|r| r.string_list("keywords"))
        .unwrap_or_default()
});

/// Whether a field label (`Impact`, `Customer impact`) names the impact: at
/// most four words, holding one of [`KEYWORDS`] as whole words once
/// normalised ([`normalize_heading`]).
fn is_impact_label(label: &str) -> bool {
    if surely_more_words(label, 4) || !may_be_impact_label(label) {
        return false;
    }
    let label = normalize_heading(label);
    label.split_whitespace().count() <= 4 && KEYWORDS.iter().any(|k| contains_words(&label, k))
}

/// A necessary condition for [`is_impact_label`], checked before
/// normalising (most lines with a colon are not impact labels): an ASCII
/// label without `&` holds the first word of a keyword, in any ASCII case.
/// Normalising such a label only lower-cases its letters, and turns other
/// characters into spaces or keeps them, so a keyword's first word in the
/// normalised label is written in the label. Other labels always pass (a
/// non-ASCII letter may lower-case to an ASCII one, `&` becomes `and`).
fn may_be_impact_label(label: &str) -> bool {
    // The keywords' first words, lower-case (a keyword that is not lower-case
    // would be found in no normalised label), searched for in the label
    // lower-cased (one pass; ignoring case in the search would make it slower).
    static FIRST_WORDS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
        let words: Vec<String> = KEYWORDS
            .iter()
            .filter_map(|k| k.split(' ').next())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        (!words.is_empty()).then(|| lower_words_finder(&words))
    });
    if !label.is_ascii() || label.contains('&') {
        return true;
    }
    FIRST_WORDS
        .as_ref()
        .is_some_and(|words| words.is_match(&label.to_ascii_lowercase()))
}

/// Whether a table row labels the impact: a body row whose first cell is an
/// impact label and whose other cells hold text (`| Impact | Checkout
/// unavailable in the EU |`, `| Users affected | 1,200 |`), or a header row
/// with an impact label as a column's name (`| Time | Impact |`) over body
/// rows (the first lines of `after`), one with text in that column. Empty cells and placeholders
/// (`TBD`, `[who was affected]`) state nothing. Cells are the row's text
/// split at ` | `, as the outline joins them.
fn table_states_impact(line: &Line, after: &[Line]) -> bool {
    let stated = |cell: &str| {
        let cell = cell.trim();
        !cell.is_empty() && !crate::fix::is_placeholder(cell)
    };
    match line.kind {
        LineKind::TableRow { header: false } => {
            let mut cells = line.text.split(" | ");
            cells
                .next()
                .is_some_and(|label| is_impact_label(label.trim()))
                && cells.any(stated)
        }
        LineKind::TableRow { header: true } => {
            let Some(column) = line
                .text
                .split(" | ")
                .position(|cell| is_impact_label(cell.trim()))
            else {
                return false;
            };
            after
                .iter()
                .take_while(|row| row.kind == LineKind::TableRow { header: false })
                .any(|row| row.text.split(" | ").nth(column).is_some_and(stated))
        }
        _ => false,
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // An Impact heading states it, unless all under it is a skeleton's
    // placeholders (`TODO: who was affected`), left as they were.
    if ctx.outline.has_heading_for(ids::IMPACT) && !only_placeholders_under_impact(ctx) {
        return;
    }
    let lines = &ctx.outline.lines;
    let labelled = lines
        .iter()
        .any(|line| label_of(&line.text).is_some_and(is_impact_label))
        || lines
            .iter()
            .enumerate()
            .any(|(i, line)| table_states_impact(line, &lines[i + 1..]));
    if labelled {
        return;
    }
    // A tool's export may keep the impact, or a summary stating it, in the
    // front matter (`impact: ...`, `summary: ... for all tenants ...`).
    let order = ctx.config.date_order();
    if super::util::front_matter_field(ctx, &["impact", "customerimpact", "userimpact"]).is_some()
        || super::util::front_matter_field(ctx, super::util::SUMMARY_KEYS)
            .is_some_and(|text| states_user_quantity(text, order) || states_impact_phrase(text))
    {
        return;
    }
    // A skeleton's placeholder (`TODO: how many users it touched`) says
    // nothing about the impact.
    let mut said = summary_and_preamble(ctx);
    said.retain(|&l| !crate::fix::is_placeholder(&lines[l].text));
    if said
        .iter()
        .any(|&l| states_user_quantity(&lines[l].text, order))
        || said.iter().any(|&l| states_impact_phrase(&lines[l].text))
    {
        return;
    }
    // Read only when the rule would fire: a label after a sentence (`Duration:
    // 30 minutes. Impact: students could not submit.`), and a number split
    // from its words by a hard wrap (`20% of page` / `loads failed.`), read
    // with the two lines joined around the break.
    if said.iter().any(|&l| labelled_mid_line(&lines[l].text))
        || wrapped_pairs(lines, &said)
            .any(|wrap| states_user_quantity(&wrap.text, order) || states_impact_phrase(&wrap.text))
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

/// Whether an impact label ([`is_impact_label`]) follows a sentence's end
/// in `text` (`Duration: 30 minutes. Impact: 5% of users.`): after `. `,
/// `; `, `! ` or `? `.
fn labelled_mid_line(text: &str) -> bool {
    // Most lines have no colon; a label of at most four words has its colon
    // within a few dozen bytes of the sentence's end, and only those bytes
    // are read (a long line with many sentences stays linear).
    let bytes = text.as_bytes();
    let Some(last_colon) = memchr::memrchr(b':', bytes) else {
        return false;
    };
    memchr::memchr3_iter(b'.', b';', b'!', &bytes[..last_colon])
        .chain(memchr::memchr_iter(b'?', &bytes[..last_colon]))
        .filter(|&i| bytes.get(i + 1) == Some(&b' '))
        .any(|i| {
            let start = i + 2;
            let mut end = (start + 64).min(last_colon + 1);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            label_of(&text[start..end]).is_some_and(|label| is_impact_label(label.trim_start()))
        })
}

/// Whether every Impact section holds placeholders and nothing else
/// ([`crate::fix::is_placeholder`]; blank lines aside), and at least one.
fn only_placeholders_under_impact(ctx: &Context) -> bool {
    let mut placeholders = false;
    for s in ctx.outline.sections_named(ids::IMPACT) {
        for &l in &s.content {
            let text = &ctx.outline.lines[l].text;
            if text.trim().is_empty() {
                continue;
            }
            if !crate::fix::is_placeholder(text) {
                return false;
            }
            placeholders = true;
        }
    }
    placeholders
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether PM301 fires on `source`.
    fn pm301(source: &str) -> bool {
        crate::rules::util::lint_default(source)
            .iter()
            .any(|d| d.code == "PM301")
    }

    /// A table row labelled with the impact, or a column named for it,
    /// states it when its cell holds text.
    #[test]
    fn impact_in_a_table() {
        let table = |rows: &str| {
            pm301(&format!(
                "# T\n\n## Summary\n\nDuration: 1 hour\n\n{rows}\n"
            ))
        };
        assert!(!table(
            "| Field | Value |\n|---|---|\n| Impact | Checkout down in the EU |"
        ));
        assert!(!table(
            "| Field | Value |\n|---|---|\n| Users affected | 1,200 |"
        ));
        assert!(!table(
            "| Time | Customer impact |\n|---|---|\n| 10:00 | EU checkout down |"
        ));
        assert!(table("| Field | Value |\n|---|---|\n| Impact | TBD |"));
        assert!(table("| Field | Value |\n|---|---|\n| Impact |  |"));
        assert!(table("| Time | Impact |\n|---|---|\n| 10:00 |  |"));
        assert!(!table(
            "| Time | Impact |\n|---|---|\n| 10:00 |  |\n| 10:05 | EU checkout down |"
        ));
        assert!(table("| Field | Value |\n|---|---|\n| Owner | Dana |"));
    }

    /// A placeholder in the summary states no impact, whatever its words.
    #[test]
    fn placeholder_summary_lines_state_no_impact() {
        let summary = |text: &str| pm301(&format!("# T\n\n## Summary\n\n{text}\n"));
        assert!(summary("TODO: how many users or requests it touched."));
        assert!(!summary("About 20% of users saw errors."));
    }

    /// A number and its words split by a hard wrap are read joined, in the
    /// summary and in the preamble before it (whose lines come after the
    /// summary's in the list read); an impact label after a sentence counts.
    #[test]
    fn wrapped_sentences_and_labels_after_a_sentence() {
        let summary = |text: &str| pm301(&format!("# T\n\n## Summary\n\n{text}\n"));
        assert!(!summary(
            "From 13:00 to 13:45 UTC, 20% of\nrequests failed."
        ));
        assert!(!summary(
            "From 13:00 to 13:45 UTC, 20% of page\nloads failed."
        ));
        assert!(!summary(
            "- From 13:00 UTC about 1,400\n  checkouts timed out."
        ));
        assert!(!summary(
            "Duration: 30 minutes. Impact: students could not submit."
        ));
        assert!(!summary("About 5% of push notifications were dropped."));
        // Two paragraphs are not one sentence; no label after no sentence.
        assert!(summary(
            "From 13:00 to 13:45 UTC, 20% of\n\nrequests failed."
        ));
        assert!(summary("The deploy broke logins. Fix: a rollback."));
        assert!(summary("The cache had 5% free memory."));
        // Wrapped paragraphs in the preamble and the summary together.
        assert!(!pm301(
            "# T\n\nA wrapped\npreamble line.\n\n## Summary\n\nA deploy broke\nlogins; 20% of\nrequests failed.\n"
        ));
        assert!(pm301(
            "# T\n\nA wrapped\npreamble line.\n\n## Summary\n\nA deploy broke\nlogins for a while.\n"
        ));
    }

    /// Everyone failing states the impact; a part of something named, or
    /// machines and attempts failing, do not.
    #[test]
    fn everyone_failing() {
        for said in [
            "All logins failed for two hours.",
            "Every student could not submit a project.",
            "Nobody could log in.",
            "No one was able to pay.",
            "All engineers lost access to the repository.",
        ] {
            assert!(states_impact_phrase(said), "{said}");
        }
        for said in [
            "All of these spends failed during block creation.",
            "All retries failed.",
            "All health checks failed.",
            "Nobody noticed the alert.",
            "We fixed all of it.",
        ] {
            assert!(!states_impact_phrase(said), "{said}");
        }
    }

    /// An Impact heading holding only a skeleton's placeholders does not
    /// state the impact; one with any text does.
    #[test]
    fn placeholder_impact_sections() {
        let impact = |text: &str| {
            pm301(&format!(
                "# T\n\n## Summary\n\nA bad deploy.\n\n## Impact\n\n{text}\n"
            ))
        };
        assert!(impact("TODO: who was affected, and how many."));
        assert!(impact("TBD"));
        assert!(!impact("Checkout failed for EU shoppers."));
        assert!(!impact(""));
    }

    /// Impact phrases: who was affected said around `affected`, as anyone
    /// trying, as a share of the service, or as `impact was`; near misses
    /// are not.
    /// The impact, or a summary stating it, may be kept in the front matter.
    #[test]
    fn front_matter_impact() {
        let pm301 = |front: &str| {
            let source = format!("---\ntitle: T\n{front}---\n\n## Summary\nThe wiki was down.\n");
            crate::rules::util::lint_default(&source)
                .iter()
                .any(|d| d.code == "PM301")
        };
        assert!(!pm301("impact: dashboards delayed for every tenant\n"));
        assert!(!pm301("customer_impact: none\n"));
        assert!(!pm301("summary: Dashboards were stale for all tenants.\n"));
        assert!(pm301("summary: Dashboards were stale.\n"));
        assert!(pm301("author: x\n"));
    }

    #[test]
    fn impact_phrases() {
        for text in [
            "An incident affecting 0.07% of its free tier databases.",
            "The outage impacted approximately 40 stores.",
            "affecting all students attempting to use the API",
            "and 500 staff were affected by this outage.",
            "All three regions were impacted.",
            "a 504 error for anyone trying to access the website",
            "Everybody using the app saw errors.",
            "resulting in a 100% service disruption.",
            "a 30% outage of the payment API",
            "Customer impact included read-only access for 5 minutes.",
            "The impact was limited to the admin pages.",
            "There was no customer-facing impact.",
            "No customers were affected.",
            "No users impacted by the wiki outage.",
            "There was no customer impact.",
            "No impact on production.",
            "The site was down for everyone.",
            "CI builds failed for all engineers.",
            "The error rate peaked at 35%.",
            "Roughly 1,400 checkouts timed out.",
            "About 2,000 shoppers could not pay.",
            "About 12,000 API calls failed.",
            "300+ uploads were lost.",
            "At 14:02, 1,400 checkouts timed out.",
            "Search was down for all EU customers.",
            "For 40 minutes every student in my class could not submit.",
            "All thumbnails on new listings failed to load.",
            "Nobody in the EU could log in.",
            "No one on the night shift was able to page.",
            "The wiki was offline for all engineers.",
            "Chat was down for every engineer.",
            "Builds stopped working for all staff.",
            "Checkout was down between 10:00 and 11:00 UTC for everyone.",
            "Checkout was down, for everyone.",
            "For everyone in the EU, checkout was down.",
            "Everybody in the EU could not log in.",
            "None of our customers could check out.",
            "Chat was down for all 50 support agents.",
            // A user's review.
            "All 340 engineers were blocked from merging.",
            "Merging was blocked for all 340 engineers.",
            "61,000 CI pipelines were cancelled.",
            "160 dashboards showed stale data.",
            "The API returned HTTP 503 for 55% of calls.",
        ] {
            assert!(states_impact_phrase(text), "{text:?}");
        }
        for text in [
            "We saw 55% of 500 servers reboot.",
            "The disk was not full and 3 alerts fired.",
            "The 4 backups were not affected.",
            "12 runbooks were not followed.",
        ] {
            assert!(!states_impact_phrase(text), "{text:?}");
        }
        // Counts in words are quantities, as digits are.
        for text in [
            "Three customers could not log in.",
            "A dozen merchants could not take payments.",
            "Two hundred users saw errors.",
            "The outage affected several tenants.",
            "About a third of search requests were served stale.",
            "Roughly a quarter of partner requests failed.",
            "One third of users saw errors.",
        ] {
            assert!(states_quantity(text), "{text:?}");
        }
        assert!(!states_quantity(
            "When hundreds of users joined, the bot was banned."
        ));
        for text in [
            "It was the third time users saw this.",
            "A third party payments provider failed.",
            "For a quarter hour checkout failed.",
            "On a third attempt orders synced.",
        ] {
            assert!(!states_quantity(text), "{text:?}");
        }
        assert!(!states_user_quantity(
            "At five o'clock customers began to see errors.",
            DateOrder::Mdy
        ));
        assert!(states_user_quantity(
            "At five o'clock twelve customers saw errors.",
            DateOrder::Mdy
        ));
        assert!(!states_impact_phrase(
            "At one point the database was affected."
        ));
        assert!(!states_impact_phrase(
            "The search page was down for all 40 minutes of the deploy."
        ));
        for text in [
            "The outage was affected by the weather.",
            "It affected the database.",
            "The outage lasted 2 hours and affected the API.",
            "It can affect anyone.",
            "We invited everyone to the review.",
            "Anyone who knows the password can log in.",
            "CPU was at 100% for an hour.",
            "The impact of the change is unclear.",
            "On March 5, 2024 the deploy failed.",
            "After 20 minutes the deploy failed.",
            "At 14:02 the job failed.",
            "The fix for all of it shipped.",
            "There were 3 retries.",
            "An attempt to add 1,200 servers failed.",
            "We mandate high availability for all generally available products.",
            "No alerts were affected.",
            "All of the nightly retries on the old cluster failed.",
            "Nobody noticed the alert, and nobody thought it mattered; later we could.",
            "We page for every alert.",
            "Nobody noticed the disk was full.",
            "No one realized the cache was stale.",
            "Every night the backup job failed.",
            "Afterwards we stopped deploys for all teams.",
            "Everyone who was paged joined the call.",
            "The outage ended. We now page for all alerts.",
            "",
        ] {
            assert!(!states_impact_phrase(text), "{text:?}");
        }
        // `affected` and `impacted` before a listed noun are a quantity.
        assert!(states_quantity("Affected users could not sign in."));
        assert!(states_quantity("for impacted customers"));
        assert!(states_quantity(
            "an outage for a significant portion of users"
        ));
        assert!(states_quantity("the majority of our customers"));
    }

    /// Pieces of quantities, nouns and what surrounds them.
    const QUANTITY_TOKENS: &[&str] = &[
        "third",
        "quarter",
        "20",
        "20%",
        "20+",
        "+",
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
        "traffic",
        "Traffics",
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
        "PERCENT",
        "percentage",
        "ALL",
        "some",
        "half",
        "many",
        "superusers",
        "’",
        "“",
        "—",
        "9",
    ];

    /// A number that is part of a date or a time of day is no count of users;
    /// each text here matches [`QUANTITY`] only through such a number.
    #[test]
    fn dates_and_times_are_not_quantities() {
        for text in [
            "On 4 May 2023 users could not pay.",
            "Since May 4 users wait longer.",
            "On August 8, 2017, a user wrote in.",
            "On 2023-10-07 users saw errors.",
            "At 10:15 users saw errors.",
            "From 08:00 to 08:40 GMT-5, requests failed.",
            "At 08:00 Friday June 4th (UTC), 2022, the admin account changed a record.",
            "In 2021, the admin account was shared.",
            "Version 4.2. Users could not pay.",
        ] {
            assert!(states_quantity(text), "{text:?} matches through its number");
            assert!(!states_user_quantity(text, DateOrder::Mdy), "{text:?}");
        }
        for text in [
            "On 4 May 2023, 1,200 users could not pay.",
            "At 10:15, 20% of users saw errors.",
            "20% of users on May 4 saw errors.",
            "2023 users could not pay.",
            "About 20+ transactions per second failed.",
            "On 4 May 2023, 20% of users could not pay.",
            "On 4 May 2023, 20 percent of users could not pay.",
            "On 4 May 2023 all users could not pay.",
            "The issue affected 100% of traffic to this server.",
            "About 78% of our subscribers could not sign in.",
            "In 2021, 300 users could not pay.",
            "On June 4th (UTC), 2022, 1,200 users could not pay.",
            "Around 3,000, mostly EU customers, saw errors.",
            "We refunded 450, mostly mobile users.",
        ] {
            assert!(states_user_quantity(text, DateOrder::Mdy), "{text:?}");
        }
    }

    /// On text of ASCII and [`matcher::PUNCTUATION`] the grammar answers as
    /// the regex does.
    #[test]
    fn quantity_grammar_is_the_regex() {
        let grammar = QUANTITY_GRAMMAR.as_ref().expect("PM301's words are plain");
        let mut matched = 0;
        for text in
            crate::rules::util::token_texts(0x1B87_3593_6A2C_4E17, QUANTITY_TOKENS, 9, 40_000)
        {
            let want = QUANTITY.is_match(&text);
            if matcher::plain_text(&text) {
                let got = matcher::find_from(grammar, &text, 0).is_some();
                assert_eq!(got, want, "{text:?}");
                matched += usize::from(want);
            }
            assert_eq!(states_quantity(&text), want, "{text:?}");
        }
        assert!(
            matched > 2_000,
            "only {matched} matches: the test proves little"
        );
        // Other non-ASCII text goes to the regex.
        assert!(states_quantity("约 20% of users"));
    }

    /// `may_be_impact_label` is a necessary condition of `is_impact_label`.
    #[test]
    fn impact_label_pre_check_never_hides_a_label() {
        const TOKENS: &[&str] = &[
            "Impact",
            "IMPACT",
            "impacto",
            "Customer",
            "user",
            "USER",
            "impact",
            "Impacted",
            "customer impact",
            "Business",
            " ",
            "  ",
            "\t",
            "-",
            "_",
            "*",
            "&",
            "and",
            "1.",
            "(",
            ")",
            "é",
            "\u{212a}",
            "İ",
            "x",
            "of",
            "on",
            "/",
        ];
        let (mut labels, mut passed) = (0, 0);
        for text in crate::rules::util::token_texts(0x6C8E_9CF5_7091_7B2D, TOKENS, 6, 40_000) {
            let is = is_impact_label(&text);
            let may = may_be_impact_label(&text);
            assert!(!is || may, "{text:?}");
            labels += usize::from(is);
            passed += usize::from(may);
        }
        assert!(
            labels > 2_000 && passed < 38_000,
            "{labels} labels, {passed} passed the pre-check: the test proves little"
        );
        assert!(!may_be_impact_label("Root cause"));
        assert!(may_be_impact_label("Customer Impact"));
    }

    /// Cue words that can start at one offset (one begins with the other,
    /// `could` and `couldn`) are in the same groups: [`cue_groups`] reports
    /// only one of them there.
    #[test]
    fn cue_words_starting_alike_share_groups() {
        let lists = cue_lists();
        let groups_of = |w: &str| {
            lists
                .iter()
                .filter(|(list, _)| list.contains(&w))
                .fold(0, |all, (_, group)| all | group)
        };
        for (list, _) in &lists {
            for a in *list {
                for (other, _) in &lists {
                    for b in *other {
                        if b.starts_with(a) {
                            assert_eq!(groups_of(a), groups_of(b), "{a:?} {b:?}");
                        }
                    }
                }
            }
        }
        assert_eq!(groups_of("every"), CUE_OTHER | CUE_EVERYONE);
    }

    /// [`cue_groups`] finds each group's words as one search per word of the
    /// lower-cased text would.
    #[test]
    fn cue_groups_are_the_words_searched_one_by_one() {
        const TOKENS: &[&str] = &[
            "all",
            "every",
            "everyone",
            "any",
            "company",
            "for",
            "for all",
            "none",
            "of",
            "none of",
            "nobody",
            "no one",
            "no",
            "one",
            "could",
            "couldn't",
            "fail",
            "failed",
            "FAILED",
            "Affected",
            "unaffected",
            "IMPACT",
            "impacts",
            "timed",
            "out",
            "can't",
            "cannot",
            "lost",
            "stuck",
            "delayed",
            "%",
            "20%",
            "users",
            "x",
            "é",
            "İ",
            ".",
            ",",
        ];
        let mut seen = 0u8;
        for text in crate::rules::util::token_texts(0x3C6E_F372_FE94_F82B, TOKENS, 7, 40_000) {
            let lower = text.to_ascii_lowercase();
            let want = cue_lists()
                .iter()
                .filter(|(list, _)| list.iter().any(|w| lower.contains(w)))
                .fold(0, |all, (_, group)| all | group);
            assert_eq!(cue_groups(&lower), want, "{text:?}");
            seen |= want;
        }
        assert_eq!(seen, CUE_OTHER | CUE_FAILURE | CUE_EVERYONE | CUE_NOBODY);
    }

    /// `may_quantify` is a necessary condition: wherever the regex matches, it holds.
    #[test]
    fn pre_check_never_hides_a_match() {
        let texts =
            crate::rules::util::token_texts(0x2545_F491_4F6C_DD1D, QUANTITY_TOKENS, 9, 20_000);
        let matched = crate::rules::util::pre_check_holds(texts, &QUANTITY, may_quantify);
        assert!(
            matched > 100,
            "only {matched} matches: the test proves little"
        );
        assert!(!may_quantify("75% of typical API request throughput"));
        assert!(may_quantify("about 75% of users"));
        assert!(may_quantify("about a third of the EU's users"));
        assert!(may_quantify("One quarter of users"));
    }
}
