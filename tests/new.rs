//! `pmlint new`: writing skeletons from the command line.

use assert_cmd::Command;

fn pmlint() -> Command {
    Command::cargo_bin("pmlint").unwrap()
}

#[test]
fn writes_todays_skeleton_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = pmlint()
        .arg("new")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 1);
    let name = &names[0];
    // postmortem-YYYY-MM-DD.md, and the same date inside.
    assert!(
        name.starts_with("postmortem-20") && name.ends_with(".md"),
        "{name}"
    );
    let date = &name["postmortem-".len()..name.len() - 3];
    let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert!(text.contains(date), "{text}");
    assert!(text.contains("## Timeline (all times UTC)"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote"));

    // Again: the file exists, exit 2, unchanged.
    std::fs::write(dir.path().join(name), "mine").unwrap();
    let again = pmlint()
        .arg("new")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(name)).unwrap(),
        "mine"
    );
}

#[test]
fn templates_to_a_path_or_stdout() {
    let dir = tempfile::tempdir().unwrap();
    pmlint()
        .args(["new", "incident.md", "--template", "google"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let text = std::fs::read_to_string(dir.path().join("incident.md")).unwrap();
    for heading in [
        "## Trigger",
        "## Detection",
        "## Action Items",
        "## Lessons Learned",
    ] {
        assert!(text.contains(heading), "{heading} in {text}");
    }
    let out = pmlint()
        .args(["new", "-", "--template", "alx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("## Root cause and resolution"));
    assert!(text.contains("## Corrective and preventative measures"));
    pmlint()
        .args(["new", "-", "--template", "nope"])
        .assert()
        .code(2);
}

#[test]
fn unfilled_skeleton_is_flagged_as_empty_not_missing() {
    let dir = tempfile::tempdir().unwrap();
    pmlint()
        .args(["new", "pm.md"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let out = pmlint()
        .args(["check", "--isolated", "--format", "concise", "pm.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("[PM005]"), "{report}");
    for code in ["PM001", "PM002", "PM003", "PM004"] {
        assert!(!report.contains(code), "{report}");
    }
}

/// Runs pmlint with `args` in folder `dir`.
fn run_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    pmlint().args(args).current_dir(dir).output().unwrap()
}

/// The skeleton follows the folder's `pmlint.toml`: a custom required
/// section is added, and so is a heading for a section whose keywords were
/// replaced; none is reported missing. A config that cannot be read gives a
/// warning and the built-in skeleton.
#[test]
fn skeleton_has_the_configured_required_sections() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pmlint.toml"),
        "[sections.root-cause]\nkeywords = [\"why it happened\"]\n\n[[sections.custom]]\nname = \"Customer Communication\"\nkeywords = [\"comms\", \"customer communication\"]\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["new", "pm.md"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = std::fs::read_to_string(dir.path().join("pm.md")).unwrap();
    assert!(text.contains("\n## Why it happened\n"), "{text}");
    assert!(text.contains("\n## Customer Communication\n"), "{text}");
    let check = run_in(dir.path(), &["check", "--format", "concise", "pm.md"]);
    let report = String::from_utf8_lossy(&check.stdout);
    for code in ["PM001", "PM002", "PM003", "PM004", "PM010"] {
        assert!(!report.contains(code), "{report}");
    }

    std::fs::write(dir.path().join("pmlint.toml"), "[lint\n").unwrap();
    let out = run_in(dir.path(), &["new", "other.md"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning"));
    assert!(dir.path().join("other.md").exists());
}

/// A section rule the config turns off adds no section to the skeleton.
#[test]
fn skeleton_leaves_out_sections_whose_rule_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pmlint.toml"),
        "[lint]\nignore = [\"PM003\"]\n\n[sections.root-cause]\nkeywords = [\"why it happened\"]\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["new", "pm.md"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = std::fs::read_to_string(dir.path().join("pm.md")).unwrap();
    assert!(!text.contains("## Why it happened"), "{text}");
}
