//! Lint one postmortem: outline → rule checks → selected diagnostics.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::outline::Outline;
use crate::rules::{Context, FAMILIES};
use crate::sections::SectionCatalogue;
use std::path::Path;
use std::sync::LazyLock;

/// Rule selection given on the command line, on top of the config's.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// `--select`: replaces the config's `select` when given (codes or prefixes).
    pub select: Option<Vec<String>>,
    /// `--ignore`: added to the config's `ignore` (codes or prefixes).
    pub ignore: Vec<String>,
}

/// Whether rule `code` runs for the postmortem at `path`.
///
/// As in ruff, the longest matching `select` or `ignore` entry decides
/// (`select = ["PM1"]`, `ignore = ["PM101"]` runs PM1xx but PM101); on a tie
/// `ignore` wins, except that `--select` (which comes after the config)
/// wins a tie with the config's `ignore`. Nothing selected means every rule. Then, as in ruff,
/// `[lint.per-file-ignores]` entries matching `path` apply last: one that
/// matches the code turns the rule off for that file, however long a
/// `select` entry (of the config or `--select`) names it.
pub fn rule_enabled(code: &str, config: &Config, options: &LintOptions, path: &Path) -> bool {
    enabled_with(code, config, options, &config.per_file_ignores(path))
}

/// The codes of every rule that runs for the postmortem at `path` (see
/// [`rule_enabled`]), in catalogue order.
pub fn enabled_codes(config: &Config, options: &LintOptions, path: &Path) -> Vec<&'static str> {
    static CODES: LazyLock<Vec<&'static str>> = LazyLock::new(crate::catalogue::codes);
    // The per-file ignores are resolved once (it may touch the file system).
    let per_file = config.per_file_ignores(path);
    // Sized for every code at once: a filtered collect grows it step by step.
    let mut codes = Vec::with_capacity(CODES.len());
    codes.extend(
        CODES
            .iter()
            .copied()
            .filter(|c| enabled_with(c, config, options, &per_file)),
    );
    codes
}

/// [`rule_enabled`] with the per-file ignores for the path already resolved.
fn enabled_with(code: &str, config: &Config, options: &LintOptions, per_file: &[&str]) -> bool {
    // The length of the longest entry that, upper-cased, is a prefix of `code`; -1 for none.
    let longest = |list: &mut dyn Iterator<Item = &str>| {
        list.filter(|p| starts_with_upper(code, p))
            .map(|p| p.len() as isize)
            .max()
            .unwrap_or(-1)
    };
    let s = match (&options.select, &config.lint.select) {
        (Some(s), _) | (None, Some(s)) => longest(&mut s.iter().map(String::as_str)),
        (None, None) => 0,
    };
    let config_ignore = longest(&mut config.lint.ignore.iter().map(String::as_str));
    let cli_ignore = longest(&mut options.ignore.iter().map(String::as_str));
    // An ignore wins a tie with a select of the same layer; `--select`
    // comes after the config, so it wins a tie with the config's `ignore`
    // (`ignore = ["PM104"]` then `--select PM104` runs PM104, as in ruff).
    let selected = if options.select.is_some() {
        s >= config_ignore && s > cli_ignore
    } else {
        s > config_ignore.max(cli_ignore)
    };
    s >= 0 && selected && !per_file.iter().any(|p| starts_with_upper(code, p))
}

/// `code.starts_with(&prefix.to_uppercase())`, without allocating for an ASCII prefix.
fn starts_with_upper(code: &str, prefix: &str) -> bool {
    if !prefix.is_ascii() {
        return code.starts_with(&prefix.to_uppercase());
    }
    code.len() >= prefix.len()
        && code
            .bytes()
            .zip(prefix.bytes())
            .all(|(c, p)| c == p.to_ascii_uppercase())
}

/// Lints one postmortem and returns its diagnostics sorted by position and code.
///
/// `source` is the whole file as UTF-8 (a leading byte-order mark is
/// skipped; spans still index into `source`). `path` is used only for
/// `[lint.per-file-ignores]`. Never panics on any input.
pub fn lint(source: &str, path: &Path, config: &Config, options: &LintOptions) -> Vec<Diagnostic> {
    lint_rules(source, config, &enabled_codes(config, options, path))
}

/// [`lint`] with the rules that run already chosen (`enabled`, as
/// [`enabled_codes`] gives them for the file), for callers that report them too.
pub fn lint_rules(source: &str, config: &Config, enabled: &[&'static str]) -> Vec<Diagnostic> {
    if enabled.is_empty() {
        return Vec::new();
    }
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &source[bom..];
    let catalogue = SectionCatalogue::shared(config);
    let outline = Outline::new(text, &catalogue);
    let ctx = Context {
        source: text,
        outline: &outline,
        catalogue: &catalogue,
        config,
    };
    let mut out = Vec::new();
    for family in FAMILIES {
        if family.codes.iter().any(|c| enabled.contains(c)) {
            (family.check)(&ctx, &mut out);
        }
    }
    out.retain(|d| enabled.contains(&d.code));
    // Inline suppressions, then the diagnostics about them (PM901, PM902),
    // which only a `pmlint-disable-file PM901` (naming the code) silences.
    let mut suppressions = crate::suppression::parse(text, &outline.comments);
    let suppressed = suppressions.apply(&mut out);
    // Glued headings the user left glued on purpose (PM007 suppressed there).
    let kept_glued: Vec<usize> = suppressed
        .into_iter()
        .filter(|&(code, _)| code == "PM007")
        .map(|(_, at)| at)
        .collect();
    crate::rules::finish_fixes(text, &mut out, &kept_glued);
    // PM902 first: a file-wide comment silencing it is then used, not PM901's.
    let mut unknown = std::mem::take(&mut suppressions.unknown);
    unknown.retain(|d| enabled.contains(&d.code));
    suppressions.apply_to_meta(&mut unknown);
    let mut unused = suppressions.unused(|c| enabled.contains(&c));
    unused.retain(|d| enabled.contains(&d.code));
    suppressions.apply_to_meta(&mut unused);
    out.extend(unknown);
    out.extend(unused);
    for d in &mut out {
        if let Some(sev) = config.severity_for(d.code) {
            d.severity = sev;
        }
        if bom > 0 {
            d.span = d.span.start + bom..d.span.end + bom;
            for l in &mut d.labels {
                l.span = l.span.start + bom..l.span.end + bom;
            }
            if let Some(f) = &mut d.fix {
                f.span = f.span.start + bom..f.span.end + bom;
            }
        }
    }
    out.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The longest entry decides; at equal length an ignore of the same
    /// layer wins, and `--select` wins over the config's `ignore`.
    #[test]
    fn select_and_ignore_layers() {
        let config = |text: &str| {
            Config::parse(text, Path::new("pmlint.toml"), &crate::catalogue::codes())
                .expect("valid config")
        };
        let options = |select: Option<&[&str]>, ignore: &[&str]| LintOptions {
            select: select.map(|s| s.iter().map(|c| c.to_string()).collect()),
            ignore: ignore.iter().map(|c| c.to_string()).collect(),
        };
        let on = |c: &Config, o: &LintOptions| rule_enabled("PM104", c, o, Path::new("pm.md"));
        let ignored = config("[lint]\nselect = [\"PM1\"]\nignore = [\"PM104\"]\n");
        assert!(!on(&ignored, &options(None, &[])));
        assert!(on(&ignored, &options(Some(&["PM104"]), &[])));
        assert!(
            !on(&ignored, &options(Some(&["PM1"]), &[])),
            "the longer ignore wins"
        );
        assert!(!on(&ignored, &options(Some(&["PM104"]), &["PM104"])));
        let plain = config("[lint]\nselect = [\"PM104\"]\n");
        assert!(on(&plain, &options(None, &[])));
        assert!(
            !on(&plain, &options(None, &["PM104"])),
            "--ignore wins a tie"
        );
        assert!(
            on(&plain, &options(None, &["PM1"])),
            "the longer select wins"
        );
    }
}
