//! Snapshot tests over `fixtures/`: the concise output for every fixture,
//! plus the contract of the folder layout: `fixtures/<CODE>/bad-*.md` must
//! report `<CODE>`, `good-*.md` must not, and `fixtures/clean/*.md` must be clean.

use pmlint::config::ConfigCache;
use pmlint::render::{FileReport, Format, RenderOptions, render};
use pmlint::{LintOptions, lint};
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Lints one fixture with the config discovered from its folder; returns the
/// report with its path relative to `fixtures/` (forward slashes).
fn lint_fixture(path: &Path) -> FileReport {
    let configs = ConfigCache::new(pmlint::catalogue::codes());
    let config = configs.for_file(path).expect("fixture config is valid");
    let source = std::fs::read_to_string(path).expect("fixture is UTF-8");
    let diagnostics = lint(&source, path, &config, &LintOptions::default());
    let rel = path
        .strip_prefix(fixtures_dir())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    FileReport {
        path: rel,
        source,
        diagnostics,
        rules_run: pmlint::lint::enabled_codes(&config, &LintOptions::default(), path),
        rendered: None,
    }
}

fn concise(report: &FileReport) -> String {
    rendered(Format::Concise, report)
}

fn rendered(format: Format, report: &FileReport) -> String {
    let mut out = Vec::new();
    render(
        format,
        std::slice::from_ref(report),
        RenderOptions {
            color: false,
            quiet: true,
        },
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn snapshot_every_fixture() {
    insta::glob!("../fixtures", "**/*.md", |path| {
        if path.file_name().is_some_and(|n| n == "README.md") {
            return;
        }
        let report = lint_fixture(path);
        // The concise lines, then the human rendering (labels and help) for reviewers.
        let both = format!("{}\n{}", concise(&report), rendered(Format::Human, &report));
        insta::assert_snapshot!(both);
    });
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    out.sort();
    out
}

#[test]
fn bad_fixtures_trigger_their_rule_and_good_ones_do_not() {
    let mut checked = 0;
    for code in pmlint::catalogue::codes() {
        let dir = fixtures_dir().join(code);
        assert!(dir.is_dir(), "fixtures/{code}/ is missing");
        let files = markdown_files(&dir);
        let bad: Vec<_> = files
            .iter()
            .filter(|p| name(p).starts_with("bad-"))
            .collect();
        let good: Vec<_> = files
            .iter()
            .filter(|p| name(p).starts_with("good-"))
            .collect();
        assert!(!bad.is_empty(), "fixtures/{code}/ has no bad-*.md");
        assert!(!good.is_empty(), "fixtures/{code}/ has no good-*.md");
        for p in bad {
            let r = lint_fixture(p);
            assert!(
                r.diagnostics.iter().any(|d| d.code == code),
                "{} should report {code}:\n{}",
                r.path,
                concise(&r)
            );
            checked += 1;
        }
        for p in good {
            let r = lint_fixture(p);
            assert!(
                !r.diagnostics.iter().any(|d| d.code == code),
                "{} should not report {code}:\n{}",
                r.path,
                concise(&r)
            );
            checked += 1;
        }
    }
    assert!(checked >= 34, "only {checked} fixtures checked");
}

#[test]
fn clean_fixtures_are_clean() {
    let files = markdown_files(&fixtures_dir().join("clean"));
    assert!(
        files.len() >= 6,
        "fixtures/clean/ has {} files",
        files.len()
    );
    for p in files {
        let r = lint_fixture(&p);
        assert!(
            r.diagnostics.is_empty(),
            "{} should be clean:\n{}",
            r.path,
            concise(&r)
        );
    }
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// Each rule's documented examples (`pmlint rule CODE`) behave as documented:
/// the bad one triggers the rule, the good one does not, linted alone with
/// the default config; PM010's with the pmlint.toml its entry shows (its
/// custom Detection section).
#[test]
fn every_rule_s_own_examples_behave_as_documented() {
    let default = pmlint::config::Config::default();
    let custom = pmlint::config::Config::parse(
        "[[sections.custom]]\nname = \"Detection\"\nkeywords = [\"detection\", \"how we noticed\"]\n",
        Path::new("pmlint.toml"),
        &pmlint::catalogue::codes(),
    )
    .expect("PM010's config");
    let mut checked = 0;
    for info in pmlint::catalogue::all() {
        let config = if info.code == "PM010" {
            &custom
        } else {
            &default
        };
        if info.code == "PM010" {
            assert!(
                info.why
                    .contains("keywords = [\"detection\", \"how we noticed\"]")
            );
        }
        let fires = |text: &str| {
            lint(
                text,
                Path::new("example.md"),
                config,
                &LintOptions::default(),
            )
            .iter()
            .any(|d| d.code == info.code)
        };
        assert!(
            fires(&info.bad),
            "{}'s bad example does not trigger it",
            info.code
        );
        assert!(
            !fires(&info.good),
            "{}'s good example triggers it",
            info.code
        );
        checked += 1;
    }
    assert_eq!(checked, pmlint::catalogue::all().len());
}
