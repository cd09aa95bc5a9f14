//! The machine formats (`sarif`, `github`, `junit`), `--statistics` and
//! `--output-file`: snapshots over representative fixtures, structural checks
//! (SARIF read back as JSON, JUnit read back with an XML parser), the
//! workflow-command escaping, and the command line.
//!
//! The SARIF schema itself is checked by `scripts/validate-sarif.py` in CI.

use assert_cmd::Command;
use pmlint::config::ConfigCache;
use pmlint::diagnostic::{Diagnostic, Severity};
use pmlint::render::{self, FileReport, Format, RenderOptions};
use pmlint::{LintOptions, lint};
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One fixture per kind of finding: document-level, a glued heading, an
/// out-of-order entry with a related location, a duration mismatch, a custom
/// section from the folder's config, an unknown code in a suppression, and a
/// clean postmortem; sorted by path, as `pmlint check` sorts them.
const REPRESENTATIVE: &[&str] = &[
    "PM001/bad-no-summary.md",
    "PM007/bad-glued-root-cause.md",
    "PM010/bad-no-detection.md",
    "PM101/bad-mixed-zones.md",
    "PM202/bad-length-vs-range.md",
    "PM902/bad-typo-in-code.md",
    "clean/atx.md",
];

/// The root SARIF and GitHub paths are made relative to in the snapshots,
/// standing for `fixtures/`, so the snapshots do not depend on the machine.
const ROOT: &str = "/pmlint/fixtures";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Lints one fixture (path relative to `fixtures/`) as `pmlint check` does,
/// with the config discovered from its folder.
fn lint_fixture(configs: &ConfigCache, rel: &str) -> FileReport {
    let path = fixtures_dir().join(rel);
    let config = configs.for_file(&path).expect("fixture config is valid");
    let source = std::fs::read_to_string(&path).expect("fixture is readable");
    let options = LintOptions::default();
    FileReport {
        path: rel.to_owned(),
        diagnostics: lint(&source, &path, &config, &options),
        rules_run: pmlint::lint::enabled_codes(&config, &options, &path),
        source,
        rendered: None,
    }
}

fn representative() -> Vec<FileReport> {
    let configs = ConfigCache::new(pmlint::catalogue::codes());
    REPRESENTATIVE
        .iter()
        .map(|rel| lint_fixture(&configs, rel))
        .collect()
}

/// Every fixture except the READMEs, sorted by path.
fn all_fixtures() -> Vec<FileReport> {
    let configs = ConfigCache::new(pmlint::catalogue::codes());
    let mut rels = Vec::new();
    for dir in std::fs::read_dir(fixtures_dir()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "md") {
                rels.push(
                    file.strip_prefix(fixtures_dir())
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    rels.sort();
    rels.iter().map(|rel| lint_fixture(&configs, rel)).collect()
}

fn to_string(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn sarif(files: &[FileReport]) -> Value {
    let text = to_string(|out| render::sarif::render(files, Path::new(ROOT), out));
    serde_json::from_str(&text).expect("SARIF output is JSON")
}

fn junit(files: &[FileReport]) -> String {
    to_string(|out| {
        render::render(
            Format::Junit,
            files,
            RenderOptions {
                color: false,
                quiet: false,
            },
            out,
        )
    })
}

fn diagnostic_count(files: &[FileReport]) -> usize {
    files.iter().map(|f| f.diagnostics.len()).sum()
}

// ---------------------------------------------------------------- snapshots

#[test]
fn sarif_snapshot() {
    let mut log = sarif(&representative());
    // The rules' texts are the catalogue's (checked field by field in
    // `sarif_has_the_required_fields`); the snapshot keeps their ids and
    // levels so that it changes with the results, not with every doc edit.
    let rules = &mut log["runs"][0]["tool"]["driver"]["rules"];
    for rule in rules.as_array_mut().unwrap() {
        for text in ["shortDescription", "fullDescription", "help"] {
            rule.as_object_mut().unwrap().remove(text);
        }
    }
    log["runs"][0]["tool"]["driver"]["version"] = Value::from("[version]");
    insta::assert_snapshot!(serde_json::to_string_pretty(&log).unwrap());
}

#[test]
fn github_snapshot() {
    let text = to_string(|out| render::github::render(&representative(), Path::new(ROOT), out));
    insta::assert_snapshot!(text);
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!(junit(&representative()));
}

// -------------------------------------------------------------------- SARIF

#[test]
fn sarif_has_the_required_fields() {
    let files = all_fixtures();
    let log = sarif(&files);
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .unwrap()
            .ends_with("sarif-schema-2.1.0.json")
    );
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        "file:///pmlint/fixtures/"
    );

    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "pmlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], render::sarif::INFORMATION_URI);
    let rules = driver["rules"].as_array().unwrap();
    let catalogue = pmlint::catalogue::all();
    assert_eq!(rules.len(), catalogue.len());
    for (rule, info) in rules.iter().zip(catalogue) {
        assert_eq!(rule["id"], info.code.as_str());
        assert_eq!(rule["name"], info.name.as_str());
        assert_eq!(rule["shortDescription"]["text"], info.summary.as_str());
        assert_eq!(rule["fullDescription"]["text"], info.why.trim());
        assert_eq!(rule["help"]["text"], info.render().as_str());
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        assert!(markdown.contains(info.bad.trim()) && markdown.contains(info.good.trim()));
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            info.severity.as_str()
        );
    }

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diagnostic_count(&files));
    let diagnostics = files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)));
    for (result, (file, d)) in results.iter().zip(diagnostics) {
        assert_eq!(result["ruleId"], d.code);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], d.code);
        assert_eq!(result["level"], d.severity.as_str());
        let text = result["message"]["text"].as_str().unwrap();
        assert!(text.starts_with(&d.message), "{text}");
        if let Some(help) = &d.help {
            assert!(text.ends_with(&format!("\nhelp: {help}")), "{text}");
        }
        let locations = result["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1);
        let physical = &locations[0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uri"], file.path.as_str());
        assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        check_region(&physical["region"]);
        let related = result["relatedLocations"].as_array().map_or(&[][..], |r| r);
        assert_eq!(related.len(), d.labels.len());
        for (r, label) in related.iter().zip(&d.labels) {
            assert_eq!(r["message"]["text"], label.message.as_str());
            check_region(&r["physicalLocation"]["region"]);
        }
    }
}

fn check_region(region: &Value) {
    let get = |k: &str| {
        region[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k} in {region}"))
    };
    assert!(get("startLine") >= 1 && get("startColumn") >= 1);
    assert!((get("endLine"), get("endColumn")) >= (get("startLine"), get("startColumn")));
}

#[test]
fn sarif_of_a_clean_run_has_an_empty_results_array() {
    let log = sarif(&[]);
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
    assert!(
        !log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

/// A report with one diagnostic of `code` spanning the first character.
fn report(path: &str, source: &str, code: &'static str, message: &str) -> FileReport {
    FileReport {
        path: path.to_owned(),
        source: source.to_owned(),
        diagnostics: vec![Diagnostic::new(code, 0..1, message)],
        rules_run: vec![code],
        rendered: None,
    }
}

#[test]
fn sarif_uris_are_relative_and_percent_encoded_or_absolute_outside_the_root() {
    let files = [
        report("./my postmortems/ü#1.md", "x", "PM001", "m"),
        report("../elsewhere/a.md", "x", "PM001", "m"),
        report("/pmlint/fixtures/sub/../b.md", "x", "PM001", "m"),
    ];
    let log = sarif(&files);
    let artifacts: Vec<&Value> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["artifactLocation"])
        .collect();
    assert_eq!(
        *artifacts[0],
        serde_json::json!({"uri": "my%20postmortems/%C3%BC%231.md", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(
        *artifacts[1],
        serde_json::json!({"uri": "file:///pmlint/elsewhere/a.md"})
    );
    assert_eq!(
        *artifacts[2],
        serde_json::json!({"uri": "b.md", "uriBaseId": "%SRCROOT%"})
    );
}

// ------------------------------------------------------------------- GitHub

#[test]
fn github_escapes_data_and_properties_as_workflow_commands_require() {
    let mut r = report(
        "dir:a,b%c.md",
        "x",
        "PM101",
        "100% wrong: at 10:00, then\r\n09:00",
    );
    r.diagnostics[0].help = Some("fix it, now".to_owned());
    r.diagnostics[0].severity = Severity::Warning;
    let text = to_string(|out| render::github::render(&[r], Path::new(ROOT), out));
    assert_eq!(
        text,
        "::warning file=dir%3Aa%2Cb%25c.md,line=1,col=1,endLine=1,endColumn=2,\
         title=pmlint (PM101)::100%25 wrong: at 10:00, then%0D%0A09:00%0Ahelp: fix it, now\n"
    );
    assert_eq!(render::github::escape_data("a:b,c%\n"), "a:b,c%25%0A");
    assert_eq!(
        render::github::escape_property("a:b,c%\r\n"),
        "a%3Ab%2Cc%25%0D%0A"
    );
}

// -------------------------------------------------------------------- JUnit

/// What an XML parser reads back from a JUnit report.
#[derive(Debug, Default)]
struct Junit {
    /// `<testsuites>` attributes `tests` and `failures`.
    totals: (usize, usize),
    suites: Vec<Suite>,
}

#[derive(Debug, Default)]
struct Suite {
    name: String,
    /// The `tests` and `failures` attributes.
    declared: (usize, usize),
    cases: Vec<Case>,
}

#[derive(Debug, Default)]
struct Case {
    classname: String,
    name: String,
    failures: Vec<(String, String, String)>,
}

fn attrs(e: &quick_xml::events::BytesStart) -> std::collections::BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            (
                a.key.as_ref().to_owned(),
                // Attribute-value normalisation, as any XML 1.0 reader does it.
                a.normalized_value(XmlVersion::Explicit1_0)
                    .expect("valid escapes")
                    .into_owned(),
            )
        })
        .collect()
}

fn number(map: &std::collections::BTreeMap<String, String>, key: &str) -> usize {
    map[key].parse().unwrap()
}

/// Parses a JUnit report, failing on anything that is not well-formed or
/// not in the expected nesting.
fn parse_junit(xml: &str) -> Junit {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut doc = Junit::default();
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_owned();
                let parent = stack.last().map(String::as_str);
                let a = attrs(e);
                match (parent, name.as_str()) {
                    (None, "testsuites") => {
                        doc.totals = (number(&a, "tests"), number(&a, "failures"))
                    }
                    (Some("testsuites"), "testsuite") => doc.suites.push(Suite {
                        name: a["name"].clone(),
                        declared: (number(&a, "tests"), number(&a, "failures")),
                        cases: Vec::new(),
                    }),
                    (Some("testsuite"), "testcase") => {
                        doc.suites.last_mut().unwrap().cases.push(Case {
                            classname: a["classname"].clone(),
                            name: a["name"].clone(),
                            failures: Vec::new(),
                        })
                    }
                    (Some("testcase"), "failure") => {
                        let case = doc.suites.last_mut().unwrap().cases.last_mut().unwrap();
                        case.failures.push((
                            a["message"].clone(),
                            a["type"].clone(),
                            String::new(),
                        ));
                        text.clear();
                    }
                    other => panic!("unexpected element {other:?}"),
                }
                if matches!(event, Event::Start(_)) {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                if stack.pop().as_deref() == Some("failure") {
                    let case = doc.suites.last_mut().unwrap().cases.last_mut().unwrap();
                    case.failures.last_mut().unwrap().2 =
                        quick_xml::escape::unescape(&text).unwrap().into_owned();
                }
            }
            Event::Text(t) if stack.last().is_some_and(|s| s == "failure") => {
                text.push_str(&t.xml10_content())
            }
            Event::GeneralRef(r) => {
                assert_eq!(stack.last().map(String::as_str), Some("failure"));
                text.push_str(&format!("&{};", &**r));
            }
            Event::Text(t) => assert!(t.trim().is_empty(), "stray text {t:?}"),
            Event::Decl(_) => assert!(stack.is_empty()),
            Event::Eof => break,
            other => panic!("unexpected event {other:?}"),
        }
    }
    assert!(stack.is_empty(), "unclosed elements {stack:?}");
    doc
}

#[test]
fn junit_is_well_formed_with_a_suite_per_file_and_a_failure_per_diagnostic() {
    let files = all_fixtures();
    let doc = parse_junit(&junit(&files));
    assert_eq!(doc.suites.len(), files.len());
    let failures: usize = doc
        .suites
        .iter()
        .flat_map(|s| &s.cases)
        .map(|c| c.failures.len())
        .sum();
    assert_eq!(failures, diagnostic_count(&files));
    let cases: usize = doc.suites.iter().map(|s| s.cases.len()).sum();
    let failing = |s: &Suite| s.cases.iter().filter(|c| !c.failures.is_empty()).count();
    assert_eq!(
        doc.totals,
        (cases, doc.suites.iter().map(failing).sum::<usize>())
    );
    for (suite, file) in doc.suites.iter().zip(&files) {
        assert_eq!(suite.name, file.path);
        assert_eq!(suite.declared, (suite.cases.len(), failing(suite)));
        assert_eq!(suite.cases.len(), file.rules_run.len(), "{}", file.path);
        for (case, code) in suite.cases.iter().zip(&file.rules_run) {
            let info = pmlint::catalogue::get(code).unwrap();
            assert_eq!(case.classname, format!("pmlint.{code}"));
            assert_eq!(case.name, format!("{code} {}", info.name));
            let expected: Vec<&Diagnostic> = file
                .diagnostics
                .iter()
                .filter(|d| d.code == *code)
                .collect();
            assert_eq!(case.failures.len(), expected.len());
            for ((message, kind, text), d) in case.failures.iter().zip(expected) {
                assert_eq!(message, &d.message);
                assert_eq!(kind, d.severity.as_str());
                assert!(text.starts_with(&file.path), "{text}");
                assert!(text.contains(&format!(": {}", d.message)), "{text}");
            }
        }
    }
}

#[test]
fn junit_escapes_markup_in_paths_and_messages() {
    let message = "a <b> & \"c\" 'd'\nline two\u{1}";
    let r = report("x&<\"y\".md", "x", "PM001", message);
    let doc = parse_junit(&junit(&[r]));
    assert_eq!(doc.suites[0].name, "x&<\"y\".md");
    let (msg, kind, text) = &doc.suites[0].cases[0].failures[0];
    assert_eq!(msg, "a <b> & \"c\" 'd'\nline two\u{fffd}");
    assert_eq!(kind, "error");
    assert_eq!(text, "x&<\"y\".md:1:1: a <b> & \"c\" 'd'\nline two\u{fffd}");
}

// ------------------------------------------------------------- command line

const CLEAN: &str = "# Cache outage\n\n## Issue Summary\nDuration: 45 minutes, from 14:10 to 14:55 UTC. About 30% of users saw errors.\n\n## Timeline\n- 14:10 UTC: alerts fire\n- 14:55 UTC: service restored\n\n## Root Cause\nA full disk on the cache host.\n\n## Corrective Measures\n- Alert at 80% disk usage\n";

fn pmlint() -> Command {
    Command::cargo_bin("pmlint").unwrap()
}

/// `CLEAN` without the sections whose headings are listed.
fn without(sections: &[&str]) -> String {
    CLEAN
        .split("\n\n")
        .filter(|block| {
            !sections
                .iter()
                .any(|s| block.starts_with(&format!("## {s}")))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn output_file_gets_the_report_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pm.md"), without(&["Timeline"])).unwrap();
    let out = dir.path().join("reports/pmlint.sarif");
    let (code, stdout, stderr) = run(pmlint().current_dir(dir.path()).args([
        "check",
        "--isolated",
        "--format",
        "sarif",
        "--output-file",
        "reports/pmlint.sarif",
        "pm.md",
    ]));
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (1, "", ""));
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "PM002");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "pm.md"
    );

    // Human output to a file is never coloured, even when asked for.
    let (code, stdout, _) = run(pmlint().current_dir(dir.path()).args([
        "check",
        "--isolated",
        "--color",
        "always",
        "-o",
        "reports/pmlint.sarif",
        "pm.md",
    ]));
    assert_eq!((code, stdout.as_str()), (1, ""));
    let human = std::fs::read_to_string(&out).unwrap();
    assert!(human.contains("error[PM002]"), "{human}");
    assert!(!human.contains('\u{1b}'), "{human}");
    assert!(human.ends_with("1 file: 1 error, 0 warnings\n"), "{human}");
}

/// `--output-file` is never a file to lint: named as one or met in a
/// folder, the run is refused before the file is touched.
#[test]
fn output_file_is_no_file_to_lint() {
    let dir = tempfile::tempdir().unwrap();
    // `check --isolated --format concise -o OUTPUT TARGET` in `dir`.
    let concise_to = |output: &str, target: &str| {
        run(pmlint().current_dir(dir.path()).args([
            "check",
            "--isolated",
            "--format",
            "concise",
            "-o",
            output,
            target,
        ]))
    };
    let pm = dir.path().join("pm.md");
    std::fs::write(&pm, CLEAN).unwrap();
    let (code, stdout, stderr) = concise_to("./pm.md", "pm.md");
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains("--output-file ./pm.md is also a file to lint (as pm.md)"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&pm).unwrap(), CLEAN);
    // Refused before a bad config is reported in JSON (`[]`) to it.
    std::fs::write(dir.path().join("bad.toml"), "[lint\n").unwrap();
    let (code, _, _) = run(pmlint().current_dir(dir.path()).args([
        "check", "--format", "json", "--config", "bad.toml", "-o", "pm.md", "pm.md",
    ]));
    assert_eq!(code, 2);
    assert_eq!(std::fs::read_to_string(&pm).unwrap(), CLEAN);
    std::fs::remove_file(dir.path().join("bad.toml")).unwrap();
    // Met in the folder walked (an earlier run's report, or a postmortem of
    // that name): refused before it is written over.
    let (code, stdout, stderr) = concise_to("report.md", ".");
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let report = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert_eq!(report, "1 file: 0 errors, 0 warnings\n");
    let (code, _, stderr) = concise_to("report.md", ".");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--output-file report.md is also a file to lint (in .):"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("report.md")).unwrap(),
        report
    );
    // A report outside the folder walked, linked to a postmortem in it
    // under another name (`report.txt` and `docs/pm.md`): refused.
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    let docs_pm = dir.path().join("docs/pm.md");
    std::fs::write(&docs_pm, CLEAN).unwrap();
    std::fs::hard_link(&docs_pm, dir.path().join("report.txt")).unwrap();
    let (code, _, stderr) = concise_to("report.txt", "docs");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is also a file to lint (as docs/pm.md)"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&docs_pm).unwrap(), CLEAN);
}

#[test]
fn unwritable_output_file_exits_two_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let pm = dir.path().join("pm.md");
    std::fs::write(&pm, CLEAN).unwrap();
    // A folder cannot be made inside a file.
    let target = pm.join("report.xml");
    let (code, stdout, stderr) = run(pmlint()
        .args(["check", "--isolated", "--format", "junit", "--output-file"])
        .arg(&target)
        .arg(&pm));
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains(&target.display().to_string()),
        "stderr: {stderr}"
    );
}

#[test]
fn statistics_count_each_code_most_first() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| std::fs::write(dir.path().join(name), text).unwrap();
    write("a.md", without(&["Timeline", "Root Cause"]));
    write("b.md", without(&["Timeline"]));
    write("c.md", CLEAN.to_owned());
    let check = |format: &str| {
        run(pmlint().current_dir(dir.path()).args([
            "check",
            "--isolated",
            "--statistics",
            "--format",
            format,
            ".",
        ]))
    };

    let (code, table, _) = check("concise");
    assert_eq!(code, 1);
    assert_eq!(
        table,
        "2  PM002  missing-timeline\n1  PM003  missing-root-cause\n3 files: 3 errors, 0 warnings\n"
    );
    assert_eq!(check("human").1, table);

    let (code, json, _) = check("json");
    assert_eq!(code, 1);
    assert_eq!(
        serde_json::from_str::<Value>(&json).unwrap(),
        serde_json::json!([
            {"code": "PM002", "name": "missing-timeline", "count": 2},
            {"code": "PM003", "name": "missing-root-cause", "count": 1},
        ])
    );

    for format in ["sarif", "github", "junit"] {
        let (code, stdout, stderr) = check(format);
        assert_eq!((code, stdout.as_str()), (2, ""), "{format}");
        assert!(
            stderr.contains("--statistics is not supported with --format"),
            "{stderr}"
        );
    }
}

#[test]
fn sarif_and_junit_list_the_files_that_could_not_be_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.md"), CLEAN).unwrap();
    std::fs::write(dir.path().join("bad.md"), b"caf\xE9").unwrap();
    let (code, out, err) = run(pmlint().current_dir(dir.path()).args([
        "check",
        "--isolated",
        "--format",
        "sarif",
        ".",
    ]));
    assert_eq!(code, 2, "{err}");
    let log: Value = serde_json::from_str(&out).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{invocation}");
    assert_eq!(notes[0]["level"], "error");
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("not valid UTF-8")
    );
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "bad.md"
    );
    let (code, out, _) = run(pmlint().current_dir(dir.path()).args([
        "check",
        "--isolated",
        "--format",
        "junit",
        ".",
    ]));
    assert_eq!(code, 2);
    assert!(out.contains(r#"errors="1">"#), "{out}");
    assert!(out.contains(r#"<error message="not valid UTF-8"#), "{out}");
    let mut reader = quick_xml::Reader::from_str(&out);
    while reader.read_event().expect("well-formed XML") != Event::Eof {}
    // A clean run's invocation is successful and lists nothing.
    std::fs::remove_file(dir.path().join("bad.md")).unwrap();
    let (_, out, _) = run(pmlint().current_dir(dir.path()).args([
        "check",
        "--isolated",
        "--format",
        "sarif",
        ".",
    ]));
    let log: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        log["runs"][0]["invocations"][0],
        serde_json::json!({"executionSuccessful": true})
    );
}
