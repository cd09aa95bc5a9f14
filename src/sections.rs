//! The section catalogue: which headings name which postmortem sections.
//!
//! Built-in keywords come from the rule catalogue (`rules/PM001..PM004`,
//! `rules/known-sections.toml`); `pmlint.toml` may replace or extend them and
//! add custom required sections (`[[sections.custom]]`, reported by PM010).

use crate::catalogue;
use crate::config::{Config, SectionOverride, SectionsConfig};
use std::sync::{Arc, LazyLock, Mutex};

/// A set of sections, as a bit set over [`SectionCatalogue::defs`] indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct SectionSet(pub u64);

impl SectionSet {
    /// The empty set.
    pub const EMPTY: SectionSet = SectionSet(0);
    /// Whether the set has no section.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Whether section index `i` is in the set.
    pub fn contains(self, i: usize) -> bool {
        i < 64 && self.0 & (1 << i) != 0
    }
    /// Adds section index `i` (indexes of 64 and above are ignored).
    pub fn insert(&mut self, i: usize) {
        if i < 64 {
            self.0 |= 1 << i;
        }
    }
    /// The sections in `self` or `other`.
    pub fn union(self, other: SectionSet) -> SectionSet {
        SectionSet(self.0 | other.0)
    }
    /// Whether every section of `self` is in `other`.
    pub fn is_subset(self, other: SectionSet) -> bool {
        self.0 & !other.0 == 0
    }
    /// The indexes in the set, ascending.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..64).filter(move |&i| self.contains(i))
    }
}

/// Index of each built-in section in [`SectionCatalogue::defs`].
pub mod ids {
    /// Issue Summary (PM001).
    pub const SUMMARY: usize = 0;
    /// Timeline (PM002).
    pub const TIMELINE: usize = 1;
    /// Root Cause (PM003).
    pub const ROOT_CAUSE: usize = 2;
    /// Corrective Measures (PM004).
    pub const CORRECTIVE: usize = 3;
    /// Impact (not required; PM301 looks for it).
    pub const IMPACT: usize = 4;
}

/// One section pmlint knows.
#[derive(Debug, Clone)]
pub struct SectionDef {
    /// Display name, e.g. `Root Cause`.
    pub name: String,
    /// Lower-case keywords; a heading names the section when its normalised
    /// text contains one as whole words.
    pub keywords: Vec<String>,
    /// The rule reporting it missing (`PM001`..`PM004`, `PM010` for custom
    /// sections), or `None` when the section is not required.
    pub missing_code: Option<&'static str>,
    /// A part of a timeline (Detection, Resolution): an empty Timeline
    /// section takes the headings of its phases after it (`timeline_phase`
    /// in `rules/known-sections.toml`).
    pub timeline_phase: bool,
}

/// Every section pmlint recognises for one config.
#[derive(Debug, Clone)]
pub struct SectionCatalogue {
    /// Built-in required sections first (indexes in [`ids`]), then the known
    /// optional ones, then custom ones.
    pub defs: Vec<SectionDef>,
    /// Every keyword with its section's index, by the keyword's first
    /// byte: [`SectionCatalogue::named_by`] tries at each word start only the
    /// keywords that begin with the byte there.
    by_first_byte: Vec<Vec<(usize, String)>>,
    /// `defs.len()` when the index was built (the index is not used if `defs` changed).
    indexed_defs: usize,
    /// Words that, right after another section's keyword, make a heading
    /// about that section rather than the Issue Summary (`Impact summary`,
    /// `Timeline overview`): PM001's `qualifiers` parameter.
    summary_qualifiers: Vec<String>,
    /// For each section, the heading a skeleton for it is written with: one
    /// that names it, since keywords set in `pmlint.toml` may leave out its
    /// display name (else `--fix` would add a skeleton on every pass).
    skeleton_headings: Vec<Option<String>>,
}

/// `rules/known-sections.toml`, parsed once per process.
static KNOWN: LazyLock<KnownFile> = LazyLock::new(|| {
    toml::from_str(catalogue::KNOWN_SECTIONS).expect("rules/known-sections.toml is valid")
});

/// Catalogues already built, by the `[sections]` table they were built from
/// (see [`SectionCatalogue::shared`]). Few distinct tables exist in one run.
static SHARED: LazyLock<Mutex<Vec<Shared>>> = LazyLock::new(|| Mutex::new(Vec::new()));

/// A built catalogue and the `[sections]` table it was built from.
type Shared = (SectionsConfig, Arc<SectionCatalogue>);

/// Most catalogues [`SHARED`] keeps (a long-running server may see many configs).
const SHARED_MAX: usize = 32;

#[derive(serde::Deserialize)]
struct KnownFile {
    section: Vec<KnownSection>,
}

#[derive(serde::Deserialize)]
struct KnownSection {
    #[allow(dead_code)]
    id: String,
    name: String,
    keywords: Vec<String>,
    #[serde(default)]
    timeline_phase: bool,
}

impl SectionCatalogue {
    /// The catalogue for a config, as [`SectionCatalogue::new`] builds it, but
    /// built once per distinct `[sections]` table and shared: linting many
    /// files with one config builds it once.
    pub fn shared(config: &Config) -> Arc<SectionCatalogue> {
        static DEFAULT: LazyLock<Arc<SectionCatalogue>> =
            LazyLock::new(|| Arc::new(SectionCatalogue::new(&Config::default())));
        if config.sections == SectionsConfig::default() {
            return Arc::clone(&DEFAULT);
        }
        let mut cache = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, c)) = cache.iter().find(|(s, _)| *s == config.sections) {
            return Arc::clone(c);
        }
        let built = Arc::new(SectionCatalogue::new(config));
        if cache.len() >= SHARED_MAX {
            cache.remove(0);
        }
        cache.push((config.sections.clone(), Arc::clone(&built)));
        built
    }

    /// The catalogue for a config: built-ins with the config's keyword
    /// overrides, then custom sections.
    pub fn new(config: &Config) -> Self {
        let mut defs = Vec::new();
        let required = [
            ("PM001", &config.sections.summary),
            ("PM002", &config.sections.timeline),
            ("PM003", &config.sections.root_cause),
            ("PM004", &config.sections.corrective),
        ];
        for (code, over) in required {
            let rule = catalogue::get(code).expect("built-in section rule");
            let name = rule
                .parameters
                .get("section")
                .and_then(|v| v.as_str())
                .unwrap_or(&rule.name)
                .to_owned();
            defs.push(SectionDef {
                name,
                keywords: apply_override(rule.string_list("keywords"), over),
                missing_code: Some(rule_code(code)),
                timeline_phase: false,
            });
        }
        for k in &KNOWN.section {
            defs.push(SectionDef {
                name: k.name.clone(),
                keywords: lower(k.keywords.clone()),
                missing_code: None,
                timeline_phase: k.timeline_phase,
            });
        }
        for custom in &config.sections.custom {
            defs.push(SectionDef {
                name: custom.name.clone(),
                keywords: lower(custom.keywords.clone()),
                missing_code: Some("PM010"),
                timeline_phase: false,
            });
        }
        let summary_qualifiers = lower(
            catalogue::get("PM001")
                .expect("built-in section rule")
                .string_list("qualifiers"),
        );
        let mut by_first_byte = vec![Vec::new(); 256];
        for (i, def) in defs.iter().enumerate() {
            for keyword in &def.keywords {
                if let Some(&b) = keyword.as_bytes().first() {
                    by_first_byte[usize::from(b)].push((i, keyword.clone()));
                }
            }
        }
        let mut catalogue = SectionCatalogue {
            indexed_defs: defs.len(),
            defs,
            by_first_byte,
            summary_qualifiers,
            skeleton_headings: Vec::new(),
        };
        catalogue.skeleton_headings = (0..catalogue.defs.len())
            .map(|id| catalogue.find_skeleton_heading(id))
            .collect();
        catalogue
    }

    /// The heading text a skeleton for section `id` is written with: one
    /// that names the section (its display name, or else its first keyword
    /// that does, capitalised), since keywords set in `pmlint.toml` may
    /// leave out the display name; `None` when no heading can name it.
    pub fn skeleton_heading(&self, id: usize) -> Option<&str> {
        self.skeleton_headings.get(id)?.as_deref()
    }

    /// Section `id`'s display name when a heading of it names the section
    /// (`Issue Summary`), or else its first keyword that does, with a
    /// capital first letter (`keywords = ["why it happened"]`: `Why it
    /// happened`).
    fn find_skeleton_heading(&self, id: usize) -> Option<String> {
        let def = &self.defs[id];
        let names = |text: &str| {
            self.named_by(&crate::outline::normalize_heading(text))
                .contains(id)
        };
        if names(&def.name) {
            return Some(def.name.clone());
        }
        def.keywords.iter().find_map(|k| {
            let mut chars = k.chars();
            let first = chars.next()?;
            let heading: String = first.to_uppercase().chain(chars).collect();
            names(&heading).then_some(heading)
        })
    }

    /// The sections named by a normalised heading text (see
    /// [`crate::outline::normalize_heading`]): those with a keyword in it as
    /// whole words, except the Issue Summary when each of its keywords there
    /// is a qualifier after another section's keyword (`Impact summary`
    /// names Impact, `Timeline overview` the Timeline).
    pub fn named_by(&self, normalised: &str) -> SectionSet {
        let mut set = self.keywords_in(normalised);
        if set.contains(ids::SUMMARY)
            && set.0 != 1 << ids::SUMMARY
            && !self.names_summary_unqualified(normalised)
        {
            set.0 &= !(1 << ids::SUMMARY);
        }
        set
    }

    /// Whether a Summary keyword stands in `normalised` once every qualifier
    /// word right after another section's keyword (`impact summary`) is
    /// blanked out.
    fn names_summary_unqualified(&self, normalised: &str) -> bool {
        let mut blanked = normalised.as_bytes().to_vec();
        for qualifier in &self.summary_qualifiers {
            for start in word_matches(normalised, qualifier) {
                let Some(before) = normalised[..start].strip_suffix(' ') else {
                    continue;
                };
                let after_section = self.defs.iter().enumerate().any(|(i, def)| {
                    i != ids::SUMMARY
                        && def.keywords.iter().any(|k| {
                            before.strip_suffix(k.as_str()).is_some_and(|rest| {
                                rest.chars()
                                    .next_back()
                                    .is_none_or(|c| !c.is_alphanumeric())
                            })
                        })
                });
                if after_section {
                    blanked[start..start + qualifier.len()].fill(b' ');
                }
            }
        }
        // Only ASCII spaces replaced whole (valid UTF-8) words.
        let blanked = String::from_utf8(blanked).unwrap_or_default();
        self.defs[ids::SUMMARY]
            .keywords
            .iter()
            .any(|k| contains_words(&blanked, k))
    }

    /// Whether `normalised` is nothing but section names: one section's
    /// keyword whole (`timeline`, `action items`), or two joined by `and`
    /// (`root cause and resolution`).
    pub fn is_only_names(&self, normalised: &str) -> bool {
        let is_keyword = |text: &str| {
            self.defs
                .iter()
                .any(|def| def.keywords.iter().any(|k| k == text))
        };
        is_keyword(normalised)
            || normalised
                .split_once(" and ")
                .is_some_and(|(a, b)| is_keyword(a) && is_keyword(b))
    }

    /// The sections with a keyword in `normalised` as whole words.
    fn keywords_in(&self, normalised: &str) -> SectionSet {
        let mut set = SectionSet::EMPTY;
        if self.indexed_defs == self.defs.len() {
            // The same checks as `contains_words` for every keyword, done in
            // one pass: at each word start, the keywords starting with its
            // byte. ASCII text (most headings) is read a byte at a time: in
            // it a char is a byte and `is_alphanumeric` is
            // `is_ascii_alphanumeric`.
            let h = normalised.as_bytes();
            // The keywords that start at `start` and end where `ends_word` holds.
            let at_word_start =
                |start: usize, set: &mut SectionSet, ends_word: &dyn Fn(usize) -> bool| {
                    for (i, keyword) in &self.by_first_byte[usize::from(h[start])] {
                        let (i, keyword) = (*i, keyword.as_bytes());
                        // The second byte first: most keywords sharing the
                        // word's first byte differ there.
                        if !set.contains(i)
                            && keyword.get(1).is_none_or(|b| h.get(start + 1) == Some(b))
                            && h[start..].starts_with(keyword)
                            && ends_word(start + keyword.len())
                        {
                            set.insert(i);
                        }
                    }
                };
            if normalised.is_ascii() {
                let ends_word = |end: usize| h.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
                for start in 0..h.len() {
                    if start == 0 || !h[start - 1].is_ascii_alphanumeric() {
                        at_word_start(start, &mut set, &ends_word);
                    }
                }
            } else {
                let ends_word = |end: usize| {
                    normalised[end..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
                };
                let mut prev: Option<char> = None;
                for (start, c) in normalised.char_indices() {
                    if prev.is_none_or(|p| !p.is_alphanumeric()) {
                        at_word_start(start, &mut set, &ends_word);
                    }
                    prev = Some(c);
                }
            }
            return set;
        }
        for (i, def) in self.defs.iter().enumerate() {
            if def.keywords.iter().any(|k| contains_words(normalised, k)) {
                set.insert(i);
            }
        }
        set
    }

    /// The sections that are parts of a timeline ([`SectionDef::timeline_phase`]).
    pub fn timeline_phases(&self) -> SectionSet {
        let mut set = SectionSet::EMPTY;
        for (i, d) in self.defs.iter().enumerate() {
            if d.timeline_phase {
                set.insert(i);
            }
        }
        set
    }

    /// Indexes of the sections that must be present.
    pub fn required(&self) -> impl Iterator<Item = usize> + '_ {
        self.defs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.missing_code.is_some())
            .map(|(i, _)| i)
    }
}

fn rule_code(code: &str) -> &'static str {
    catalogue::get(code).map_or("PM010", |r| r.code.as_str())
}

fn lower(words: Vec<String>) -> Vec<String> {
    words.into_iter().map(|w| w.to_lowercase()).collect()
}

fn apply_override(builtin: Vec<String>, over: &SectionOverride) -> Vec<String> {
    let mut words = over.keywords.clone().unwrap_or(builtin);
    words.extend(over.extend_keywords.iter().cloned());
    lower(words)
}

/// Whether `needle` occurs in `haystack` as whole words: the characters on
/// either side (if any) are not letters or digits.
pub fn contains_words(haystack: &str, needle: &str) -> bool {
    word_match_from(haystack, needle, 0).is_some()
}

/// The byte offsets where `needle` occurs in `haystack` as whole words (as
/// [`contains_words`] judges them), ascending.
fn word_matches<'h>(haystack: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = word_match_from(haystack, needle, from)?;
        from = start + 1;
        Some(start)
    })
}

/// The first offset at or after `from` where `needle` occurs in `haystack`
/// as whole words.
fn word_match_from(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    word_match_plural(haystack, needle, from, false)
}

/// Whether `needle` occurs in `haystack` as whole words, or with an `s`
/// after its last word (`root causes` for `root cause`): a name and its
/// plural, as PM006 compares section names.
pub fn contains_words_or_plural(haystack: &str, needle: &str) -> bool {
    word_match_plural(haystack, needle, 0, true).is_some()
}

/// [`word_match_from`], and with `plural` an `s` may follow the needle.
fn word_match_plural(haystack: &str, needle: &str, from: usize, plural: bool) -> Option<usize> {
    // A plain byte scan: the haystacks are short headings and labels, where
    // setting up `str::find`'s two-way searcher costs more than the search.
    // A match of a (valid UTF-8) needle can only start on a char boundary, so
    // every occurrence `str::find` would visit is visited here, in order.
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let &first = n.first()?;
    if n.len() > h.len() {
        return None;
    }
    for start in from..=h.len() - n.len() {
        if h[start] != first || !h[start..].starts_with(n) {
            continue;
        }
        let end = start + n.len();
        let before_ok = haystack[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let word_ends = |at: usize| {
            haystack[at..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
        };
        let after_ok =
            word_ends(end) || (plural && h.get(end) == Some(&b's') && word_ends(end + 1));
        if before_ok && after_ok {
            return Some(start);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(text: &str) -> Vec<String> {
        let cat = SectionCatalogue::new(&Config::default());
        cat.named_by(text)
            .iter()
            .map(|i| cat.defs[i].name.clone())
            .collect()
    }

    #[test]
    fn keywords_match_whole_words() {
        assert_eq!(
            named("root cause and resolution"),
            ["Root Cause", "Resolution"]
        );
        assert_eq!(named("time line of signs of strain"), ["Timeline"]);
        assert_eq!(named("issue summary"), ["Issue Summary"]);
        assert_eq!(
            named("corrective and preventative measures"),
            ["Corrective Measures"]
        );
        assert!(named("because").is_empty());
        assert!(named("summaryish").is_empty());
        assert_eq!(named("tl;dr"), ["Issue Summary"]);
        // Names from common templates (a user's review found them missing).
        assert_eq!(named("remediations"), ["Corrective Measures"]);
        assert_eq!(named("action plan"), ["Corrective Measures"]);
        assert_eq!(named("why did this happen"), ["Root Cause"]);
    }

    /// A qualifier after another section's keyword names that section only;
    /// anywhere else it is the Issue Summary.
    #[test]
    fn summary_of_another_section_is_that_section() {
        assert_eq!(named("impact summary"), ["Impact"]);
        assert_eq!(named("timeline summary"), ["Timeline"]);
        assert_eq!(named("root cause overview"), ["Root Cause"]);
        assert_eq!(named("impact synopsis"), ["Impact"]);
        assert_eq!(named("incident summary"), ["Issue Summary"]);
        assert_eq!(named("summary"), ["Issue Summary"]);
        assert_eq!(named("summary of impact"), ["Issue Summary", "Impact"]);
        assert_eq!(named("summary and impact"), ["Issue Summary", "Impact"]);
        // One qualified, one not: the summary stands.
        assert_eq!(
            named("impact summary and overview"),
            ["Issue Summary", "Impact"]
        );
        // Not a whole word before it, or not right before it.
        assert_eq!(named("preimpact summary"), ["Issue Summary"]);
        assert_eq!(named("impact: summary"), ["Issue Summary", "Impact"]);
        // A keyword of the summary itself qualifies nothing.
        assert_eq!(named("tl;dr summary"), ["Issue Summary"]);
    }

    /// `keywords_in` (both its byte and its char pass) finds the sections of
    /// every keyword `contains_words` finds, in texts built from keywords,
    /// their pieces, letters, digits, ASCII and non-ASCII word neighbours.
    #[test]
    fn keywords_in_is_contains_words_for_every_keyword() {
        const TOKENS: &[&str] = &[
            "root cause",
            "timeline",
            "time",
            "line",
            "summary",
            "issue",
            "impact",
            "action items",
            "tl;dr",
            "resolution",
            "s",
            "t",
            "a",
            "é",
            "ß",
            "1",
            "-",
            " ",
            "  ",
            ":",
            "root",
            "cause",
        ];
        let cat = SectionCatalogue::new(&Config::default());
        let mut named = 0;
        for text in crate::rules::util::token_texts(0x5ec7_1075_0bad_cafe, TOKENS, 6, 20_000) {
            let mut want = SectionSet::EMPTY;
            for (i, def) in cat.defs.iter().enumerate() {
                if def.keywords.iter().any(|k| contains_words(&text, k)) {
                    want.insert(i);
                }
            }
            named += usize::from(!want.is_empty());
            assert_eq!(cat.keywords_in(&text), want, "{text:?}");
        }
        assert!(named > 5_000, "only {named} texts name a section");
    }

    #[test]
    fn contains_words_respects_boundaries() {
        assert!(contains_words("the root-cause", "root-cause"));
        assert!(!contains_words("precause", "cause"));
        assert!(contains_words("cause", "cause"));
        assert!(contains_words("é cause", "cause"));
    }
}
