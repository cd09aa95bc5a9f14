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
