//! `pmlint new`: postmortem skeletons.
//!
//! Each template names every required section (so PM001–PM004 pass at once)
//! and leaves `TODO: …` lines where the writer has work to do. Those lines are
//! placeholders ([`crate::fix::is_placeholder`]): until they are replaced, the
//! sections count as empty and PM005 reports them. Filled in, a skeleton
//! passes every rule. The timeline heading says the times are UTC, and the
//! date is today's in UTC.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Which skeleton to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Template {
    /// Issue Summary, Impact, Timeline, Root Cause, Resolution, Corrective
    /// Measures (a table of actions with owners and due dates).
    #[default]
    Default,
    /// In the style of Google's SRE book: Summary, Impact, Root Causes,
    /// Trigger, Resolution, Detection, Action Items, Lessons Learned, Timeline.
    Google,
    /// The four sections of the ALX (Holberton) course's postmortem task:
    /// Issue Summary, Timeline, Root cause and resolution, Corrective and
    /// preventative measures.
    Alx,
}

impl Template {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Template::Default => "default",
            Template::Google => "google",
            Template::Alx => "alx",
        }
    }
}

/// `text` (a skeleton for a file at `path`) with a section added for each
/// required section of `config` it does not name and whose rule runs for
/// that file: a custom section (`[[sections.custom]]`), or a built-in one
/// whose keywords `pmlint.toml` replaced. Each is the fix of its PM001–PM004
/// or PM010 diagnostic: a heading that names it and a `TODO`.
pub fn with_required_sections(text: String, config: &crate::config::Config, path: &Path) -> String {
    // Only the section rules the config runs for this file.
    let enabled: Vec<&'static str> =
        crate::lint::enabled_codes(config, &crate::LintOptions::default(), path)
            .into_iter()
            .filter(|c| crate::rules::MISSING_CODES.contains(c))
            .collect();
    let missing = crate::lint::lint_rules(&text, config, &enabled);
    if missing.is_empty() {
        return text;
    }
    crate::fix::apply(&text, &missing).0
}

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CivilDate {
    /// The year (astronomical numbering: 0 is 1 BC).
    pub year: i64,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month, 1–31.
    pub day: u32,
}

impl std::fmt::Display for CivilDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl CivilDate {
    /// The date `days` days after 1970-01-01 (negative: before it), using
    /// Howard Hinnant's `civil_from_days` algorithm.
    pub fn from_days(days: i64) -> CivilDate {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097); // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
        let mp = (5 * doy + 2) / 153; // [0, 11], March first
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        CivilDate { year, month, day }
    }

    /// Today's date in UTC, from the system clock (1970-01-01 if the clock
    /// is before the epoch).
    pub fn today_utc() -> CivilDate {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        CivilDate::from_days((secs / 86_400) as i64)
    }
}

/// The default file name for a postmortem written on `date`: `postmortem-YYYY-MM-DD.md`.
pub fn default_file_name(date: CivilDate) -> String {
    format!("postmortem-{date}.md")
}

/// The skeleton of `template`, dated `date`, with `\n` line endings.
pub fn render(template: Template, date: CivilDate) -> String {
    let text = match template {
        Template::Default => DEFAULT,
        Template::Google => GOOGLE,
        Template::Alx => ALX,
    };
    text.replace("{date}", &date.to_string())
}

/// `pmlint new [PATH] [--template T]`: writes the skeleton to `path` (default
/// [`default_file_name`] in the current folder; `-` prints it), making its
/// missing folders, and returns the exit code: 0, or 2 when the file exists
/// (it is never overwritten) or cannot be written.
pub fn command(path: Option<&Path>, template: Template) -> i32 {
    let date = CivilDate::today_utc();
    let default = PathBuf::from(default_file_name(date));
    let path = path.unwrap_or(&default);
    // The config of the folder it goes in (the current folder for `-`).
    let config_path = if path.as_os_str() == "-" {
        Path::new("postmortem.md")
    } else {
        path
    };
    let text =
        match crate::config::ConfigCache::new(crate::catalogue::codes()).for_file(config_path) {
            Ok(config) => with_required_sections(render(template, date), &config, config_path),
            Err(e) => {
                eprintln!("pmlint: warning: {e}; the skeleton has only the built-in sections");
                render(template, date)
            }
        };
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => 0,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
            Err(e) => {
                eprintln!("pmlint: error: writing the postmortem: {e}");
                2
            }
        };
    }
    // Missing folders are made first (`pmlint new postmortems/db.md` in a
    // fresh repository), as `check --output-file` does.
    let folders = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => std::fs::create_dir_all(parent),
        None => Ok(()),
    };
    let written = folders.and_then(|()| {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
    });
    match written {
        Ok(()) => {
            eprintln!(
                "pmlint: wrote {} ({} template); replace each TODO line, then run `pmlint check {}`",
                path.display(),
                template.name(),
                path.display()
            );
            0
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "pmlint: error: {} already exists; not overwriting it (name another path)",
                path.display()
            );
            2
        }
        Err(e) => {
            eprintln!("pmlint: error: cannot write {}: {e}", path.display());
            2
        }
    }
}

const DEFAULT: &str = "\
# Postmortem: TODO name the incident

- **Date:** {date}
- **Status:** draft
- **Authors:** TODO

## Issue Summary

TODO: In a few sentences: what broke, when it started and ended (with the time zone) and how long it lasted, who was affected and how many, and the root cause in one line.

## Impact

TODO: Who and what was affected, and how much: users, requests, orders, money, error budget.

## Timeline (all times UTC)

- TODO: HH:MM: the first sign of trouble
- TODO: HH:MM: how it was detected (alert, customer report)
- TODO: HH:MM: what was tried, including dead ends
- TODO: HH:MM: service restored

## Root Cause

TODO: Why it happened: follow the chain of causes down to the ones that, had they been fixed, would have prevented the incident.

## Resolution

TODO: What restored the service, and how we knew it had worked.

## Corrective Measures

TODO: What we will change so that it does not happen again, or hurts less when it does.

| Action | Owner | Due |
|---|---|---|
| TODO: action | TODO: owner | TODO: YYYY-MM-DD |
";

const GOOGLE: &str = "\
# TODO name the incident: postmortem

**Date:** {date}

**Authors:** TODO

**Status:** draft, blameless

## Summary

TODO: One paragraph: what happened, when it started and ended (with the time zone) and for how long, and how many users or requests it touched.

## Impact

TODO: The user-visible effect, in numbers: failed requests, affected users, lost revenue, error budget spent.

## Root Causes

TODO: The conditions that made the incident possible, without blame.

## Trigger

TODO: The change or event that set the root causes off.

## Resolution

TODO: What mitigated the incident and what fixed it for good.

## Detection

TODO: How we found out (which alert, or which person) and how long that took.

## Action Items

TODO: One row per action; every action has an owner and a tracking bug.

| Action Item | Type | Owner | Bug |
|---|---|---|---|
| TODO: action | TODO: prevent, mitigate or detect | TODO: owner | TODO: bug |

## Lessons Learned

### What went well

- TODO: what worked

### What went wrong

- TODO: what did not

### Where we got lucky

- TODO: what could have been worse

## Timeline (all times UTC)

- TODO: HH:MM: the first sign of trouble
- TODO: HH:MM: the outage begins
- TODO: HH:MM: the on-call engineer is paged
- TODO: HH:MM: the mitigation is in place
- TODO: HH:MM: the outage ends
";

const ALX: &str = "\
# Postmortem: TODO name the outage

{date}

## Issue Summary

TODO: How long the outage lasted, with its start and end times and time zone; what was down or slow and what users saw; what share of users were affected; and the root cause in one sentence.

## Timeline (all times UTC)

- TODO: HH:MM: when the issue was detected, and how (an alert, an engineer, a customer)
- TODO: HH:MM: what was looked at first, and what was assumed
- TODO: HH:MM: the paths that misled the investigation
- TODO: HH:MM: who the incident was escalated to
- TODO: HH:MM: how it was resolved

## Root cause and resolution

TODO: What caused the issue, in detail, and how it was fixed.

## Corrective and preventative measures

TODO: What could be improved or fixed in general.

- TODO: a concrete task (patch a server, add monitoring, ...)
- TODO: another task
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    const ALL: [Template; 3] = [Template::Default, Template::Google, Template::Alx];
    const DATE: CivilDate = CivilDate {
        year: 2024,
        month: 5,
        day: 2,
    };

    fn lint(text: &str) -> Vec<Diagnostic> {
        crate::lint(
            text,
            Path::new("postmortem.md"),
            &crate::config::Config::default(),
            &crate::LintOptions::default(),
        )
    }

    fn codes(ds: &[Diagnostic]) -> Vec<&'static str> {
        ds.iter().map(|d| d.code).collect()
    }

    /// Replaces every `TODO` of a skeleton with realistic text: a summary with
    /// a duration and an impact quantity, ordered timestamped entries, table rows.
    fn fill(skeleton: &str) -> String {
        let times = ["14:02", "14:09", "14:21", "14:50", "15:47"];
        let mut entry = 0;
        let mut section = String::new();
        let mut out = String::new();
        for line in skeleton.lines() {
            if let Some(h) = line.strip_prefix('#') {
                section = h.trim_start_matches('#').trim().to_lowercase();
            }
            let filled = if !line.contains("TODO") {
                line.to_owned()
            } else if line.starts_with('#') {
                line.replace("TODO name the incident", "Checkout outage")
                    .replace("TODO name the outage", "Checkout outage")
            } else if line.starts_with('|') {
                let cells = line.matches('|').count() - 1;
                let row = [
                    "Add a canary stage to config pushes",
                    "prevent",
                    "Dana (SRE)",
                    "OPS-123",
                ];
                format!("| {} |", row[..cells].join(" | "))
            } else if section.starts_with("timeline") {
                let t = times[entry];
                entry += 1;
                format!("- {t}: step {entry} of the response")
            } else if section.contains("summary") {
                "From 14:02 to 15:47 UTC (1 hour 45 minutes), checkout returned errors for \
                 30% of users. A configuration push removed the payment database's credentials."
                    .to_owned()
            } else if line.contains("**Authors:**") {
                line.replace("TODO", "Dana, Lee")
            } else if line.starts_with("- ") {
                "- Alert on the payment error rate, not only on latency.".to_owned()
            } else {
                format!("We wrote down what the {section} section asks for, in full sentences.")
            };
            out.push_str(&filled);
            out.push('\n');
        }
        out
    }

    #[test]
    fn civil_dates() {
        assert_eq!(CivilDate::from_days(0).to_string(), "1970-01-01");
        assert_eq!(CivilDate::from_days(-1).to_string(), "1969-12-31");
        assert_eq!(CivilDate::from_days(11_016).to_string(), "2000-02-29");
        assert_eq!(CivilDate::from_days(19_845).to_string(), "2024-05-02");
        assert_eq!(CivilDate::from_days(20_088).to_string(), "2024-12-31");
        assert_eq!(default_file_name(DATE), "postmortem-2024-05-02.md");
        let today = CivilDate::today_utc();
        assert!(today.year >= 2024 && (1..=12).contains(&today.month));
    }

    #[test]
    fn skeletons_report_empty_sections_but_no_missing_ones() {
        for t in ALL {
            let text = render(t, DATE);
            assert!(text.contains("2024-05-02"), "{t:?}");
            assert!(text.contains("## Timeline (all times UTC)"), "{t:?}");
            let found = codes(&lint(&text));
            assert!(found.contains(&"PM005"), "{t:?}: {found:?}");
            for code in ["PM001", "PM002", "PM003", "PM004"] {
                assert!(!found.contains(&code), "{t:?}: {found:?}");
            }
        }
    }

    #[test]
    fn filled_skeletons_pass_every_rule() {
        for t in ALL {
            let text = fill(&render(t, DATE));
            assert!(!text.contains("TODO"), "{t:?}:\n{text}");
            let found = lint(&text);
            assert!(found.is_empty(), "{t:?}: {found:#?}\n{text}");
        }
    }
}
