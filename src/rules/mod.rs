//! The rule checks, one file per rule family. Each check reads the outline
//! and the config and pushes [`Diagnostic`]s; it never sees the command line.
//! Filtering by `select`/`ignore` and severity overrides happen in
//! [`mod@crate::lint`], after the checks.

mod duration;
mod impact;
mod sections;
mod structure;
mod timeline;
pub(crate) mod util;

pub use sections::MISSING_CODES;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::outline::Outline;
use crate::sections::SectionCatalogue;

/// Everything a check may read about one postmortem.
pub struct Context<'a> {
    /// The source text (front matter included; spans index into it).
    pub source: &'a str,
    /// The source's outline: its lines, headings and sections.
    pub outline: &'a Outline<'a>,
    /// The known sections and their names, from `rules/known-sections.toml`
    /// and the config's `[sections]` table.
    pub catalogue: &'a SectionCatalogue,
    /// The config governing this file (rule options such as the date order).
    pub config: &'a Config,
}

/// A rule family's check: the codes it can emit and the function.
pub struct Family {
    /// Codes this family emits (a family is skipped when none is enabled).
    pub codes: &'static [&'static str],
    /// Runs the family's rules over one postmortem, pushing their
    /// diagnostics in any order (the caller filters and sorts them).
    pub check: fn(&Context, &mut Vec<Diagnostic>),
}

/// Finishes the fixes that depend on which others are applied, once the
/// diagnostics that remain are known (after `--select`/`--ignore` and
/// suppressions): a skeleton added at the end of a text that ends inside an
/// unclosed code fence or HTML comment gets the line that closes it, and a
/// skeleton that would break a line before a glued heading whose PM007 is
/// suppressed (`kept_glued`: the byte offsets where those headings start)
/// gets no fix: the user chose to keep that line whole.
pub fn finish_fixes(source: &str, diagnostics: &mut [Diagnostic], kept_glued: &[usize]) {
    if !kept_glued.is_empty() {
        for d in diagnostics.iter_mut() {
            if sections::MISSING_CODES.contains(&d.code)
                && d.fix
                    .as_ref()
                    .is_some_and(|f| kept_glued.contains(&f.span.start))
            {
                d.fix = None;
            }
        }
    }
    sections::close_end(source, diagnostics);
}

/// `d`'s fix for `source` when it is applied alone (an editor's quick fix)
/// rather than with every other fix ([`finish_fixes`] prepares them for
/// that): a skeleton at the end of a text ending inside an unclosed block
/// then closes the block itself.
pub fn lone_fix(source: &str, d: &Diagnostic) -> Option<crate::diagnostic::Fix> {
    sections::lone_fix(source, d)
}

/// Every rule family, in the order their diagnostics are produced.
pub const FAMILIES: &[Family] = &[
    Family {
        codes: &[
            "PM001", "PM002", "PM003", "PM004", "PM005", "PM006", "PM010",
        ],
        check: sections::check,
    },
    Family {
        codes: &["PM007", "PM008", "PM009"],
        check: structure::check,
    },
    Family {
        codes: &["PM101", "PM102", "PM103", "PM104"],
        check: timeline::check,
    },
    Family {
        codes: &["PM201", "PM202"],
        check: duration::check,
    },
    Family {
        codes: &["PM301"],
        check: impact::check,
    },
];
