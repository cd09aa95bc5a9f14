//! Files are linted in parallel, yet the output of a run is the output of a
//! single-threaded run: the same bytes whatever the number of threads, and
//! the same as linting each file alone, one after another, in path order.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.md` under `dir`, sorted by path.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A tree of many postmortems: the project's fixtures, each copied into
/// three nested folders under names that sort differently from the order
/// they are written in, plus files that are not UTF-8.
fn tree() -> (tempfile::TempDir, usize) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let sources = markdown_files(&fixtures);
    assert!(sources.len() > 50, "only {} fixtures", sources.len());
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    for (i, source) in sources.iter().enumerate() {
        let text = fs::read(source).unwrap();
        for folder in ["b", "a/z", "a/b-c"] {
            let folder = dir.path().join(folder);
            fs::create_dir_all(&folder).unwrap();
            // Written last-first, named so that `9` and `10` sort as bytes do.
            let name = format!(
                "{}-{}.md",
                sources.len() - i,
                source.file_stem().unwrap().to_string_lossy()
            );
            fs::write(folder.join(name), &text).unwrap();
            n += 1;
        }
    }
    // Files that cannot be read: errors are reported in path order too.
    for folder in ["b", "a/z", "a/b-c"] {
        // Written in neither path order nor its reverse.
        for name in ["m-latin1.md", "0-latin1.md", "z-latin1.md"] {
            fs::write(dir.path().join(folder).join(name), b"# Caf\xE9 outage\n").unwrap();
            n += 1;
        }
    }
    (dir, n)
}

/// Exit code, standard output and standard error of `pmlint check
/// --isolated --format FORMAT` with `threads` rayon threads (`-q` after
/// the format: no summary line).
fn check(threads: usize, format: &str, paths: &[&Path]) -> (i32, String, String) {
    let mut format = format.split(' ');
    let out = Command::cargo_bin("pmlint")
        .unwrap()
        .env("RAYON_NUM_THREADS", threads.to_string())
        .args(["check", "--isolated", "--format"])
        .args(&mut format)
        .args(paths)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let (dir, files) = tree();
    for format in ["concise", "human", "json", "junit"] {
        let one = check(1, format, &[dir.path()]);
        assert_eq!(one.0, 2, "the Latin-1 files are errors: {}", one.2);
        assert_eq!(
            one.2.matches("latin1.md: not valid UTF-8").count(),
            9,
            "{}",
            one.2
        );
        assert!(one.1.len() > 1000, "little output in {format}: {}", one.1);
        for threads in [2, 4, 7] {
            assert_eq!(
                check(threads, format, &[dir.path()]),
                one,
                "{format}, {threads} threads"
            );
        }
    }
    // Named files are linted in parallel too, and reported in path order.
    let mut named = markdown_files(dir.path());
    named.reverse();
    let named: Vec<&Path> = named.iter().map(PathBuf::as_path).collect();
    assert_eq!(named.len(), files);
    let one = check(1, "json", &named);
    assert_eq!(check(4, "json", &named), one);
}

#[test]
fn a_folder_gives_each_file_alone_in_path_order() {
    let (dir, _) = tree();
    let (code, together, errors) = check(4, "concise -q", &[dir.path()]);
    assert_eq!(code, 2);
    assert!(together.lines().count() > 100, "{together}");
    let (mut out_alone, mut errors_alone) = (String::new(), String::new());
    for file in markdown_files(dir.path()) {
        let (_, out, err) = check(1, "concise -q", &[&file]);
        out_alone.push_str(&out);
        errors_alone.push_str(&err);
    }
    assert_eq!(together, out_alone);
    assert_eq!(errors.lines().count(), 9, "{errors}");
    assert_eq!(errors, errors_alone);
}

/// The paths, in order, of the lines of concise output or of error messages
/// (`pmlint: error: PATH: ...`).
fn paths_of(text: &str) -> Vec<&str> {
    text.lines()
        .map(|l| l.trim_start_matches("pmlint: error: "))
        .filter_map(|l| l.find(".md:").map(|end| &l[..end + 3]))
        .collect()
}

/// Reports and errors come in the order of the paths as printed, across
/// folders too (`a-b.md` before `a/x.md`: `-` sorts before `/`), whatever
/// the walk's order, and so they do with more files than are linted at once.
#[test]
fn files_are_reported_in_the_order_of_their_printed_paths() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let postmortem = "# Database outage\n\nThe primary ran out of disk.\n";
    fs::create_dir_all(root.join("a/many")).unwrap();
    for name in ["a/x.md", "a-b.md", "a.md", "a/many.md", "b.md"] {
        fs::write(root.join(name), postmortem).unwrap();
    }
    for name in ["a/x-latin1.md", "a-latin1.md", "a/many/latin1.md"] {
        fs::write(root.join(name), b"# Caf\xE9 outage\n").unwrap();
    }
    // More files in one folder than are linted at once (written in reverse).
    for i in (0..1300).rev() {
        fs::write(root.join(format!("a/many/{i:04}.md")), postmortem).unwrap();
    }
    let (code, out, errors) = check(3, "concise -q", &[root]);
    assert_eq!(code, 2, "{errors}");
    let reported = paths_of(&out);
    let mut unique = reported.clone();
    unique.dedup();
    assert_eq!(unique.len(), 1305, "every postmortem has diagnostics");
    assert!(unique.is_sorted(), "not in path order");
    let first: Vec<&str> = unique
        .iter()
        .map(|p| &p[root.as_os_str().len()..])
        .take(4)
        .collect();
    assert_eq!(first, ["/a-b.md", "/a.md", "/a/many.md", "/a/many/0000.md"]);
    let failed = paths_of(&errors);
    let failed: Vec<&str> = failed
        .iter()
        .map(|p| &p[root.as_os_str().len()..])
        .collect();
    assert_eq!(
        failed,
        ["/a-latin1.md", "/a/many/latin1.md", "/a/x-latin1.md"]
    );
    assert_eq!(check(1, "concise -q", &[root]), (code, out, errors));
}

/// When the reader of the streamed report goes away (`pmlint check | head`),
/// pmlint stops linting: the unreadable file that sorts last is never read,
/// so no error names it. The exit code is 2 and nothing is said of the pipe.
/// With `--fix`, every file is still linted (and would be fixed).
#[test]
fn a_closed_pipe_stops_the_linting_unless_fixing() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command as StdCommand, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let postmortem = "# Database outage\n\nThe primary ran out of disk.\n";
    for i in 0..3000 {
        fs::write(dir.path().join(format!("{i:04}.md")), postmortem).unwrap();
    }
    fs::write(dir.path().join("zzzz-latin1.md"), b"# Caf\xE9 outage\n").unwrap();
    let run = |fix: bool| {
        let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("pmlint"))
            .args(["check", "--isolated", "--format", "concise"])
            .args(fix.then_some("--fix"))
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The pipe's read end is closed here.
        let out = child.wait_with_output().unwrap();
        (
            first,
            out.status.code(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (first, code, errors) = run(false);
    assert!(first.contains("0000.md:"), "{first}");
    assert_eq!(code, Some(2), "{errors}");
    assert!(
        !errors.contains("zzzz-latin1"),
        "linted to the end: {errors}"
    );
    assert!(!errors.contains("writing the report"), "{errors}");
    let (first, code, errors) = run(true);
    assert!(first.contains("0000.md:"), "{first}");
    assert_eq!(code, Some(2), "{errors}");
    assert!(
        errors.contains("zzzz-latin1.md: not valid UTF-8"),
        "{errors}"
    );
    let fixed = fs::read_to_string(dir.path().join("2999.md")).unwrap();
    assert_ne!(fixed, postmortem, "the last file is fixed too");
}
