//! Runs pmlint over the real postmortems in `../shared/corpus/` (present in CI):
//! no panic, exit code 0 or 1, valid JSON with the pinned fields on every element.

use assert_cmd::Command;
use std::path::Path;

#[test]
fn corpus_lints_without_crashing_and_json_has_pinned_fields() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipping: {} not found", corpus.display());
        return;
    }
    let output = Command::cargo_bin("pmlint")
        .unwrap()
        .args(["check", "--format", "json", "--isolated"])
        .arg(&corpus)
        .output()
        .unwrap();
    let code = output.status.code();
    assert!(
        matches!(code, Some(0) | Some(1)),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let items = json.as_array().expect("a JSON array");
    assert!(
        items.len() > 300,
        "only {} diagnostics over the corpus",
        items.len()
    );
    let files: std::collections::BTreeSet<&str> =
        items.iter().map(|i| i["path"].as_str().unwrap()).collect();
    assert!(
        files.len() > 200,
        "diagnostics in only {} files",
        files.len()
    );
    for item in items {
        let obj = item.as_object().expect("object");
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        for key in [
            "code", "name", "severity", "message", "help", "path", "start", "end", "fix",
        ] {
            assert!(keys.contains(&key), "missing {key} in {item}");
        }
        assert_eq!(keys.len(), 9, "extra keys in {item}");
        assert!(item["code"].as_str().unwrap().starts_with("PM"));
        assert!(matches!(
            item["severity"].as_str(),
            Some("error" | "warning")
        ));
        for end in ["start", "end"] {
            assert!(item[end]["line"].as_u64().unwrap() >= 1);
            assert!(item[end]["column"].as_u64().unwrap() >= 1);
        }
        assert!(item["help"].is_string() || item["help"].is_null());
    }
    // Sorted by path, line, column, code.
    let key = |i: &serde_json::Value| {
        (
            i["path"].as_str().unwrap().to_owned(),
            i["start"]["line"].as_u64().unwrap(),
            i["start"]["column"].as_u64().unwrap(),
            i["code"].as_str().unwrap().to_owned(),
        )
    };
    assert!(
        items.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
        "not sorted"
    );
}

/// The five seed postmortems give exactly the diagnostics a careful reader
/// applying the rules expects (see the issue notes for the reasoning).
#[test]
fn seeds_give_the_expected_diagnostics() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipping: {} not found", corpus.display());
        return;
    }
    let output = Command::cargo_bin("pmlint")
        .unwrap()
        .current_dir(&corpus)
        .args([
            "check",
            "--isolated",
            "--format",
            "concise",
            "--quiet",
            "seeds/",
        ])
        .output()
        .unwrap();
    let got = String::from_utf8(output.stdout).unwrap();
    let expected = "\
seeds/000_3c893cc78cab028a.md:1:1: error[PM004] missing \"Corrective Measures\" section
seeds/000_3c893cc78cab028a.md:9:1: warning[PM103] timeline has no timestamped entries
seeds/002_ef31b9011d938485.md:21:235: error[PM007] heading \"Root Cause and Resolution\" is glued to the end of a sentence
seeds/002_ef31b9011d938485.md:23:507: error[PM007] heading \"Corrective and Preventative Measures\" is glued to the end of a sentence
seeds/003_1636a1fb3e993a70.md:8:1: warning[PM301] the postmortem does not state its impact
seeds/003_1636a1fb3e993a70.md:14:1: warning[PM104] timeline timestamps have no time zone
seeds/004_0bd5a55baa6531ca.md:23:1: warning[PM102] timeline entry has no timestamp
seeds/004_0bd5a55baa6531ca.md:25:1: warning[PM102] timeline entry has no timestamp
seeds/004_0bd5a55baa6531ca.md:27:1: warning[PM102] timeline entry has no timestamp
seeds/004_0bd5a55baa6531ca.md:31:1: warning[PM102] timeline entry has no timestamp
seeds/004_0bd5a55baa6531ca.md:37:1: warning[PM006] duplicate \"Root Cause\" section
";
    assert_eq!(got, expected);
    assert_eq!(output.status.code(), Some(1));
}
