//! The rule catalogue: one TOML file per rule in `rules/`, embedded at build
//! time. It is the single source of each rule's name, default severity and
//! documentation, and of the section keywords (`[parameters] keywords`).

use crate::diagnostic::Severity;
use std::sync::{LazyLock, OnceLock};

/// The embedded catalogue files, in code order: (file name, contents).
const RULE_FILES: &[(&str, &str)] = &[
    (
        "PM001-missing-summary.toml",
        include_str!("../rules/PM001-missing-summary.toml"),
    ),
    (
        "PM002-missing-timeline.toml",
        include_str!("../rules/PM002-missing-timeline.toml"),
    ),
    (
        "PM003-missing-root-cause.toml",
        include_str!("../rules/PM003-missing-root-cause.toml"),
    ),
    (
        "PM004-missing-corrective-measures.toml",
        include_str!("../rules/PM004-missing-corrective-measures.toml"),
    ),
    (
        "PM005-empty-section.toml",
        include_str!("../rules/PM005-empty-section.toml"),
    ),
    (
        "PM006-duplicate-section.toml",
        include_str!("../rules/PM006-duplicate-section.toml"),
    ),
    (
        "PM007-glued-heading.toml",
        include_str!("../rules/PM007-glued-heading.toml"),
    ),
    (
        "PM008-accidental-code-block.toml",
        include_str!("../rules/PM008-accidental-code-block.toml"),
    ),
    (
        "PM009-heading-in-paragraph.toml",
        include_str!("../rules/PM009-heading-in-paragraph.toml"),
    ),
    (
        "PM010-missing-required-section.toml",
        include_str!("../rules/PM010-missing-required-section.toml"),
    ),
    (
        "PM101-timeline-out-of-order.toml",
        include_str!("../rules/PM101-timeline-out-of-order.toml"),
    ),
    (
        "PM102-timeline-entry-missing-timestamp.toml",
        include_str!("../rules/PM102-timeline-entry-missing-timestamp.toml"),
    ),
    (
        "PM103-timeline-without-timestamps.toml",
        include_str!("../rules/PM103-timeline-without-timestamps.toml"),
    ),
    (
        "PM104-timezone-missing.toml",
        include_str!("../rules/PM104-timezone-missing.toml"),
    ),
    (
        "PM201-missing-duration.toml",
        include_str!("../rules/PM201-missing-duration.toml"),
    ),
    (
        "PM202-duration-mismatch.toml",
        include_str!("../rules/PM202-duration-mismatch.toml"),
    ),
    (
        "PM301-missing-impact.toml",
        include_str!("../rules/PM301-missing-impact.toml"),
    ),
    (
        "PM901-unused-suppression.toml",
        include_str!("../rules/PM901-unused-suppression.toml"),
    ),
    (
        "PM902-unknown-code-in-suppression.toml",
        include_str!("../rules/PM902-unknown-code-in-suppression.toml"),
    ),
];

/// The embedded `rules/known-sections.toml`: sections that are recognised but not required.
pub(crate) const KNOWN_SECTIONS: &str = include_str!("../rules/known-sections.toml");

/// One rule's catalogue entry, as written in `rules/<CODE>-<name>.toml`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleInfo {
    /// Stable code, e.g. `PM101`.
    pub code: String,
    /// Kebab-case name saying what is wrong, e.g. `timeline-out-of-order`.
    pub name: String,
    /// Default severity.
    pub severity: Severity,
    /// One sentence.
    pub summary: String,
    /// Why it matters (a paragraph).
    pub why: String,
    /// A postmortem fragment that triggers the rule.
    pub bad: String,
    /// The same fragment, fixed.
    pub good: String,
    /// A document-level rule reports something absent from the whole
    /// postmortem (a missing section, duration or impact): only a
    /// `pmlint-disable-file` comment silences it.
    #[serde(default)]
    pub document: bool,
    /// Rule parameters, e.g. `keywords` for the section rules.
    #[serde(default)]
    pub parameters: toml::Table,
}

impl RuleInfo {
    /// A string-list parameter (e.g. `keywords`); empty when absent.
    pub fn string_list(&self, key: &str) -> Vec<String> {
        self.parameters
            .get(key)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A whole-number parameter (e.g. PM202's `tolerance-minutes`); `None`
    /// when absent or not an integer.
    pub fn integer(&self, key: &str) -> Option<i64> {
        self.parameters.get(key).and_then(toml::Value::as_integer)
    }

    /// The entry as `pmlint rule CODE` prints it.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{} {} ({})\n\n{}\n\n## Why\n{}\n## Example\n{}\nUse instead:\n{}",
            self.code,
            self.name,
            self.severity.as_str(),
            self.summary,
            self.why.trim_start(),
            indent(&self.bad),
            indent(&self.good)
        );
        if !self.parameters.is_empty() {
            out.push_str("\n## Parameters\n");
            for (key, value) in &self.parameters {
                out.push_str(&format!("{key} = {value}\n"));
            }
        }
        out
    }
}

fn indent(text: &str) -> String {
    text.trim_matches('\n')
        .lines()
        .map(|l| format!("    {l}\n"))
        .collect()
}

/// Each rule file, parsed on first use: a one-file run asks for a few
/// rules' parameters and should not parse all the files.
static PARSED: [OnceLock<RuleInfo>; RULE_FILES.len()] =
    [const { OnceLock::new() }; RULE_FILES.len()];

/// The rule of `RULE_FILES[index]`, parsed once.
fn parsed(index: usize) -> &'static RuleInfo {
    PARSED[index].get_or_init(|| {
        let (file, text) = RULE_FILES[index];
        // The files are part of the build and covered by tests: a bad one is a bug in pmlint.
        toml::from_str(text).unwrap_or_else(|e| panic!("rules/{file} is invalid: {e}"))
    })
}

static CATALOGUE: LazyLock<Vec<&'static RuleInfo>> =
    LazyLock::new(|| (0..RULE_FILES.len()).map(parsed).collect());

/// Every rule, in code order.
pub fn all() -> &'static [&'static RuleInfo] {
    &CATALOGUE
}

/// The rule with this code (exact, case-sensitive), if any: only its file is parsed.
pub fn get(code: &str) -> Option<&'static RuleInfo> {
    // Files are named `<code>-<name>.toml`.
    let index = RULE_FILES.iter().position(|(file, _)| {
        file.len() > code.len() && file.starts_with(code) && file.as_bytes()[code.len()] == b'-'
    })?;
    Some(parsed(index))
}

/// The rule a user names: by its code (`PM101`, `pm101`) or its name
/// (`timeline-out-of-order`), in any case.
pub fn resolve(word: &str) -> Option<&'static RuleInfo> {
    let upper = word.to_uppercase();
    get(&upper).or_else(|| {
        all()
            .iter()
            .copied()
            .find(|r| r.name.eq_ignore_ascii_case(word))
    })
}

/// The known code or rule name closest to `word` (Levenshtein distance at
/// most 2; codes compared in upper case, names in lower case), for a
/// did-you-mean.
pub fn closest(word: &str) -> Option<&'static str> {
    let upper = word.to_uppercase();
    all()
        .iter()
        .flat_map(|r| {
            [
                (r.code.as_str(), crate::config::levenshtein(&upper, &r.code)),
                (
                    r.name.as_str(),
                    crate::config::levenshtein(&word.to_lowercase(), &r.name),
                ),
            ]
        })
        .filter(|(_, d)| *d <= 2)
        .min_by_key(|(_, d)| *d)
        .map(|(c, _)| c)
}

/// All rule codes, in order: read from the file names (`PM001-…`), which
/// the tests check against each file's `code`, so that knowing the codes
/// does not need the files parsed.
pub fn codes() -> Vec<&'static str> {
    RULE_FILES
        .iter()
        .map(|(file, _)| file.split('-').next().unwrap_or(file))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_rules_is_embedded_and_named_after_its_rule() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("PM"))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = RULE_FILES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, embedded);
        for (file, rule) in RULE_FILES.iter().zip(all()) {
            assert_eq!(file.0, format!("{}-{}.toml", rule.code, rule.name));
        }
        let parsed: Vec<&str> = all().iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes(), parsed);
        for code in codes() {
            assert_eq!(get(code).map(|r| r.code.as_str()), Some(code));
        }
        for not_a_code in [
            "",
            "PM",
            "PM00",
            "PM0011",
            "pm001",
            "PM001-missing-summary",
            "PM999",
        ] {
            assert!(get(not_a_code).is_none(), "{not_a_code}");
        }
    }

    #[test]
    fn section_rules_have_keywords() {
        for code in ["PM001", "PM002", "PM003", "PM004"] {
            assert!(
                !get(code).unwrap().string_list("keywords").is_empty(),
                "{code}"
            );
        }
    }
}
