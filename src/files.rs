//! Which files to lint, and reading them.
//!
//! Directories are walked with the `ignore` crate (`.gitignore`, `.ignore`
//! and hidden files honoured, as ripgrep does), keeping `*.md` and
//! `*.markdown`. `[files] exclude` globs from the governing `pmlint.toml`
//! skip walked files, and explicitly named files with `--force-exclude`.

use crate::config::{Config, ConfigCache};
use std::fmt;
use std::path::{Path, PathBuf};

/// A user-caused problem with one input file or path: it is reported, the
/// other files are still linted, and the run exits with code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The path as given or found.
    pub path: PathBuf,
    /// What went wrong, e.g. `not valid UTF-8 (invalid byte at offset 10)`.
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Whether a path names a Markdown file by its extension (`md`, `markdown`, any case).
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Expands the given paths into the files to lint, sorted by their
/// displayed path ([`sort_by_displayed_path`]: the order the report lists
/// them in, so each file's output can be written as soon as it is linted).
///
/// Explicit files are linted whatever their extension. Excluded files are
/// dropped (explicit ones only with `force_exclude`), by `[files] exclude` of
/// `explicit` when given (`--config PATH`; `--isolated` passes the default
/// config, which excludes nothing), else of the config discovered for each
/// file. A config error met while checking exclusions is not reported here:
/// linting the file reports it.
pub fn collect(
    paths: &[PathBuf],
    configs: &ConfigCache,
    explicit: Option<&Config>,
    force_exclude: bool,
) -> (Vec<PathBuf>, Vec<FileError>) {
    let excluded = |p: &Path| match explicit {
        Some(c) => c.is_excluded(p),
        None => configs.for_file(p).is_ok_and(|c| c.is_excluded(p)),
    };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(FileError {
                    path: path.clone(),
                    message: io_message(&e),
                });
                continue;
            }
        };
        if meta.is_dir() {
            let walker = ignore::WalkBuilder::new(path)
                .require_git(false)
                .follow_links(false)
                .build();
            for entry in walker {
                match entry {
                    Ok(entry) => {
                        let p = entry.path();
                        if entry.file_type().is_some_and(|t| t.is_file())
                            && is_markdown(p)
                            && !excluded(p)
                        {
                            files.push(without_dot_prefix(p));
                        }
                    }
                    Err(e) => errors.push(FileError {
                        path: path.clone(),
                        message: e.to_string(),
                    }),
                }
            }
        } else if !(force_exclude && excluded(path)) {
            files.push(without_dot_prefix(path));
        }
    }
    sort_by_displayed_path(&mut files);
    if paths.len() > 1 {
        dedup_same_files(&mut files);
    }
    (files, errors)
}

/// `path` without its leading `./` components (`./docs/pm.md` → `docs/pm.md`,
/// `././pm.md` → `pm.md`): how a walk of `.` and a file named `./pm.md` are
/// shown in every format, as ruff and markdownlint-cli2 show them. A path
/// that is only `.` components is kept as it is, and so is `./-` (a file
/// named `-`, not standard input).
pub fn without_dot_prefix(path: &Path) -> PathBuf {
    let mut rest = path;
    while let Ok(shorter) = rest.strip_prefix(".") {
        // `./-` stays: `-` alone is how standard input is shown.
        if shorter.as_os_str().is_empty() || shorter == Path::new("-") {
            break;
        }
        rest = shorter;
    }
    rest.to_path_buf()
}

/// Keeps the first of paths that name the same file (`pm.md`, `./pm.md`, a
/// folder and a file in it, both named): each file is linted and counted
/// once, as ruff does. Only needed when more than one path was named (a
/// single walk never yields a file twice); each path is resolved with
/// `canonicalize`, one that cannot be is kept as it is.
fn dedup_same_files(files: &mut Vec<PathBuf>) {
    let mut seen = std::collections::HashSet::with_capacity(files.len());
    files.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
}

/// Sorts paths as their displayed forms sort as strings (`Path::display`
/// writes what is not UTF-8 as U+FFFD, as `to_string_lossy` does); stable,
/// so a path named twice keeps its order. Paths that are all UTF-8 (nearly
/// always) are compared as bytes, with no conversion per comparison.
pub fn sort_by_displayed_path(paths: &mut [PathBuf]) {
    if paths.iter().all(|p| p.to_str().is_some()) {
        paths.sort_by(|a, b| {
            a.as_os_str()
                .as_encoded_bytes()
                .cmp(b.as_os_str().as_encoded_bytes())
        });
    } else {
        paths.sort_by(|a, b| a.to_string_lossy().cmp(&b.to_string_lossy()));
    }
}

/// Reads a postmortem as text: UTF-8 (a byte-order mark is kept and skipped
/// by the linter), or UTF-16 with a byte-order mark (decoded).
///
/// Errors: unreadable file, a directory, not UTF-8 — each with a message
/// naming the problem (the caller adds the path).
pub fn read(path: &Path) -> Result<String, FileError> {
    let err = |message: String| FileError {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| err(read_error(path, &e)))?;
    decode(bytes).map_err(err)
}

/// The message for `e`, met reading `path`: "is a directory" when it is one
/// (asked only then, so reading a file costs no `stat`; Linux and macOS
/// fail with `EISDIR`, Windows with access denied), else [`io_message`].
pub(crate) fn read_error(path: &Path, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::IsADirectory || path.is_dir() {
        return "is a directory".into();
    }
    io_message(e)
}

/// How far a NUL byte is looked for to tell a binary file (git's heuristic:
/// a NUL in the first 8,000 bytes).
const BINARY_PROBE: usize = 8_000;

/// Decodes file bytes: UTF-8, or UTF-16 LE/BE when the bytes start with its BOM.
///
/// Errors (a message without the path): not valid UTF-8 or UTF-16; a binary
/// file, which is one with a NUL byte in its first 8,000 bytes (as git
/// judges), or one not valid UTF-8 that holds a NUL anywhere. UTF-16 without a
/// byte-order mark is such a binary file: reading it as UTF-8 would see
/// every other byte NUL, and a fix would append UTF-8 text to it.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let utf16 = |be: bool| {
        let units = bytes[2..].chunks(2).map(|c| {
            if c.len() == 2 {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            } else {
                0xFFFD
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|e| format!("not valid UTF-16 ({e})"))
    };
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => utf16(false),
        Some([0xFE, 0xFF]) => utf16(true),
        _ if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some() => {
            let at = memchr::memchr(0, &bytes).unwrap_or(0);
            Err(format!(
                "binary file, not text (NUL byte at offset {at}; a UTF-16 file needs its byte-order mark)"
            ))
        }
        _ => String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let byte = e.as_bytes().get(at).copied().unwrap_or(0);
            if e.as_bytes().contains(&0) {
                format!("binary file, not text (NUL byte; first invalid UTF-8 byte 0x{byte:02X} at offset {at})")
            } else {
                format!("not valid UTF-8 (byte 0x{byte:02X} at offset {at}); save the file as UTF-8")
            }
        }),
    }
}

/// Whether `a` and `b` name one existing file (the same device and inode on
/// Unix, by the `same-file` crate), whatever the paths' spelling; `false`
/// when either cannot be opened.
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    same_file::is_same_file(a, b).unwrap_or(false)
}

/// Whether folder `dir` holds `file`, an existing Markdown file
/// ([`is_markdown`]), at any depth (paths compared once made canonical: `.`
/// holds `docs/pm.md`); whether a walk would skip it is not asked.
pub fn holds_markdown(dir: &Path, file: &Path) -> bool {
    is_markdown(file)
        && dir.is_dir()
        && std::fs::canonicalize(file)
            .ok()
            .zip(std::fs::canonicalize(dir).ok())
            .is_some_and(|(f, d)| f.starts_with(d))
}

/// Drops from `files` every path that is `target` ([`is_same_file`]: also
/// a link to it under another name), when `target` exists; returns them.
pub fn remove_same_file(files: &mut Vec<PathBuf>, target: &Path) -> Vec<PathBuf> {
    let Ok(target) = same_file::Handle::from_path(target) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    files.retain(|f| {
        let same = same_file::Handle::from_path(f).is_ok_and(|h| h == target);
        if same {
            removed.push(f.clone());
        }
        !same
    });
    removed
}

/// Writes `text` to `path` atomically: a temporary file in the same folder,
/// flushed to disk, then renamed over the original (keeping its permissions,
/// and on Unix its owner and group, where pmlint may set them: as root, or
/// a group it is in). Just before the rename the file is read again; if its
/// bytes are no longer `original`, nothing is written and an error says so.
/// A read-only file or folder is an error, and the original is left intact.
/// Only a regular file is written (not a device such as `/dev/null`).
/// A symbolic link is followed: the file it points to is replaced and the
/// link stays a link. A file with more than one hard link is written in
/// place instead (not atomically), so that every link sees the new text.
pub fn write_atomic(path: &Path, original: &[u8], text: &str) -> Result<(), FileError> {
    use std::io::Write;
    let err = |message: String| FileError {
        path: path.to_path_buf(),
        message,
    };
    // A symbolic link is followed: its target is rewritten and the link kept.
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            resolved = std::fs::canonicalize(path)
                .map_err(|e| err(format!("not fixed: {}", io_message(&e))))?;
            resolved.as_path()
        }
        _ => path,
    };
    let meta =
        std::fs::metadata(path).map_err(|e| err(format!("not fixed: {}", io_message(&e))))?;
    // A device or a pipe read as text is never replaced by a file.
    if !meta.is_file() {
        return Err(err("not fixed: not a regular file".into()));
    }
    if meta.permissions().readonly() {
        return Err(err("not fixed: the file is read-only".into()));
    }
    // The mode may allow writing to its owner only: a file this user may
    // not write is not replaced (renaming over it needs only the folder's
    // permission, and would take the file over). Opening it to write
    // changes nothing.
    if let Err(e) = std::fs::OpenOptions::new().write(true).open(path)
        && e.kind() == std::io::ErrorKind::PermissionDenied
    {
        return Err(err(format!(
            "not fixed: you may not write it ({})",
            io_message(&e)
        )));
    }
    let unchanged = || match std::fs::read(path) {
        Ok(now) if now == original => Ok(true),
        // Already fixed, through another hard link to it in the same run.
        Ok(now) if now == text.as_bytes() => Ok(false),
        _ => Err(err(
            "not fixed: the file changed on disk while pmlint was fixing it".into(),
        )),
    };
    if hard_links(&meta) > 1 {
        // Renaming would replace this link only: the others would keep the
        // old text. Written in place, the fixed text (a fix only inserts)
        // covers the old one, and the length is set after.
        // Two links to one file may be fixed at once by two workers: one
        // at a time, the second finds the text already fixed.
        static IN_PLACE: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _one_at_a_time = IN_PLACE.lock().unwrap_or_else(|e| e.into_inner());
        if !unchanged()? {
            return Ok(());
        }
        let write_in_place = || {
            let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
            file.write_all(text.as_bytes())?;
            file.set_len(text.len() as u64)?;
            file.sync_all()
        };
        return write_in_place()
            .map_err(|e| err(format!("not fixed: writing failed: {}", io_message(&e))));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| {
        err(format!(
            "not fixed: cannot create a temporary file in {}: {}",
            dir.display(),
            io_message(&e)
        ))
    })?;
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| err(format!("not fixed: writing failed: {}", io_message(&e))))?;
    keep_owner(tmp.as_file(), &meta);
    // Through the open file, not its name (which another user could swap).
    let _ = tmp.as_file().set_permissions(meta.permissions());
    if !unchanged()? {
        return Ok(());
    }
    tmp.persist(path)
        .map_err(|e| err(format!("not fixed: {}", io_message(&e.error))))?;
    Ok(())
}

/// How many hard links the file of `meta` has (1 where that is not known).
fn hard_links(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

/// Gives `file` (the temporary file of a fix) the owner and group of the
/// original (`meta`), on Unix: a file fixed by root keeps its owner. Only
/// root may give a file away, and a user only to a group of theirs: then
/// the group alone is kept; a permission error leaves the temporary file's
/// own, and is not reported.
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Owner and group at once; else the group alone (a user may give
        // their file to a group of theirs, not to another user).
        if std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
            let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
        }
    }
    #[cfg(not(unix))]
    let _ = (file, meta);
}

/// A short message for an I/O error (`no such file or directory`, `permission denied`, …).
pub(crate) fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only a regular file is replaced by a fix: not a folder, a device or
    /// a pipe (a folder stands for them here).
    #[test]
    fn only_regular_files_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(dir.path(), b"", "text").unwrap_err();
        assert_eq!(e.message, "not fixed: not a regular file");
        assert!(dir.path().is_dir());
    }

    /// A file is itself however it is named; another file, or one that
    /// does not exist, is not; [`remove_same_file`] drops only it.
    #[test]
    fn the_same_file_under_other_names() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let b = dir.path().join("sub/a.md");
        std::fs::write(&a, "a").unwrap();
        std::fs::write(&b, "b").unwrap();
        let a_again = dir.path().join("sub/../a.md");
        assert!(is_same_file(&a, &a_again));
        assert!(!is_same_file(&a, &b));
        assert!(!is_same_file(&a, &dir.path().join("none.md")));
        let link = dir.path().join("sub/link.md");
        std::fs::hard_link(&a, &link).unwrap();
        let mut files = vec![a.clone(), b.clone(), link.clone()];
        assert_eq!(remove_same_file(&mut files, &a_again), [a, link]);
        assert_eq!(files, std::slice::from_ref(&b));
        assert!(remove_same_file(&mut files, &dir.path().join("none.md")).is_empty());
        assert_eq!(files, [b]);
    }

    /// Paths sort as the report prints them: `a-b.md` before `a/x.md` (`-`
    /// sorts before `/`), and a name that is not UTF-8 as its U+FFFD form.
    #[test]
    fn paths_sort_as_they_are_displayed() {
        const NAMES: &[&str] = &[
            "a", "a.b", "a-b", "a b", "ab", "A", "b", "é", "a!", "0", "_", "\u{fffd}",
        ];
        let mut paths = Vec::new();
        for root in ["corpus", "./corpus/", "../x y", "/"] {
            for (i, first) in NAMES.iter().enumerate() {
                paths.push(Path::new(root).join(first));
                for second in &NAMES[i % 4..] {
                    paths.push(Path::new(root).join(first).join(second));
                }
            }
        }
        let by_display = |paths: &[PathBuf]| {
            let mut shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            shown.sort();
            shown
        };
        let shown = |paths: &[PathBuf]| -> Vec<String> {
            paths.iter().map(|p| p.display().to_string()).collect()
        };
        paths.reverse();
        let mut sorted = paths.clone();
        sort_by_displayed_path(&mut sorted);
        assert_eq!(shown(&sorted), by_display(&paths));
        // A name that is not UTF-8 sorts as its displayed form.
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            paths.push(PathBuf::from(std::ffi::OsStr::from_bytes(
                b"corpus/caf\xE9",
            )));
            paths.push(PathBuf::from(std::ffi::OsStr::from_bytes(b"corpus/\xFF")));
            let mut sorted = paths.clone();
            sort_by_displayed_path(&mut sorted);
            assert_eq!(shown(&sorted), by_display(&paths));
        }
    }

    /// A directory named as a file is reported as one, by `read` and by
    /// linting it (which reads without a `stat` first).
    #[test]
    fn leading_dot_components_are_dropped_but_not_from_a_file_named_dash() {
        let shown = |p: &str| without_dot_prefix(Path::new(p)).display().to_string();
        assert_eq!(shown("./docs/pm.md"), "docs/pm.md");
        assert_eq!(shown("././pm.md"), "pm.md");
        assert_eq!(shown("docs/./pm.md"), "docs/./pm.md");
        assert_eq!(shown("."), ".");
        assert_eq!(shown("./-"), "./-");
        assert_eq!(shown("../pm.md"), "../pm.md");
    }

    #[test]
    fn a_directory_is_reported_as_one() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap_err().message, "is a directory");
        let configs = ConfigCache::new(Vec::new());
        let result = crate::run::lint_file(dir.path(), &configs, &Default::default());
        match result.outcome {
            crate::run::Outcome::FileError(e) => assert_eq!(e.message, "is a directory"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decodes_utf8_utf16_and_refuses_latin1() {
        assert_eq!(decode(b"# Hi".to_vec()).unwrap(), "# Hi");
        let mut le = vec![0xFF, 0xFE];
        le.extend("# Hé".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(le).unwrap(), "# Hé");
        let mut be = vec![0xFE, 0xFF];
        be.extend("# Hé".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(be).unwrap(), "# Hé");
        let err = decode(b"caf\xE9".to_vec()).unwrap_err();
        assert!(
            err.contains("not valid UTF-8 (byte 0xE9 at offset 3)"),
            "{err}"
        );
        assert!(
            decode(vec![0x89, b'P', 0, 0])
                .unwrap_err()
                .starts_with("binary file")
        );
    }

    /// A NUL in the first 8,000 bytes makes a file binary, even valid UTF-8:
    /// UTF-16 without its byte-order mark is refused, not read as UTF-8.
    #[test]
    fn a_nul_near_the_start_is_a_binary_file() {
        let le: Vec<u8> = "# Postmortem\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "# Postmortem\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        for bytes in [le, be] {
            let err = decode(bytes).unwrap_err();
            assert!(err.starts_with("binary file"), "{err}");
            assert!(err.contains("byte-order mark"), "{err}");
        }
        let mut late = vec![b'x'; BINARY_PROBE];
        late.push(0);
        assert_eq!(decode(late).unwrap().len(), BINARY_PROBE + 1);
        let mut early = vec![b'x'; BINARY_PROBE - 1];
        early.push(0);
        assert!(decode(early).unwrap_err().contains("offset 7999"));
    }
}
