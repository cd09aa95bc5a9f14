//! Paths for machine formats: relative to a root folder, forward slashes, and
//! as URIs (RFC 3986 percent-encoding, RFC 8089 `file:` URIs).

use std::path::{Component, Path, PathBuf};

/// `path` relative to `root` with forward slashes, when it lies inside
/// `root` once both are made absolute (relative paths are taken from `root`)
/// and `.`/`..` are resolved lexically, without touching the file system.
///
/// `None` when the path is outside `root`, or is `root` itself.
pub fn relative_to(root: &Path, path: &Path) -> Option<String> {
    let root = normalize(root);
    let full = normalize(&root.join(path));
    let rel = full.strip_prefix(&root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The `file:` URI of an absolute path (RFC 8089), percent-encoded; `/C:/x`
/// style on Windows. A folder's URI should be asked for with `dir = true`,
/// which ends it in `/` (as SARIF requires of a base URI, SARIF 2.1.0 §3.14.14).
pub fn file_uri(path: &Path, dir: bool) -> String {
    let mut text = normalize(path).to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        text.insert(0, '/');
    }
    if dir && !text.ends_with('/') {
        text.push('/');
    }
    format!("file://{}", percent_encode(&text))
}

/// Percent-encodes every byte of `path` (UTF-8) except the RFC 3986
/// unreserved characters, `/` and a Windows drive's `:` (`/C:/`): the result
/// is a valid URI path, relative or absolute.
pub fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let bytes = path.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let drive_colon = b == b':'
            && i == 2
            && bytes[0] == b'/'
            && bytes[1].is_ascii_alphabetic()
            && bytes.get(3).is_none_or(|&c| c == b'/');
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) || drive_colon {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Resolves `.` and `..` lexically (a `..` at the top of a relative path is
/// kept; one above the file-system root is dropped).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_inside_the_root() {
        let root = Path::new("/work/repo");
        assert_eq!(relative_to(root, Path::new("a/b.md")).unwrap(), "a/b.md");
        assert_eq!(
            relative_to(root, Path::new("./a/./b.md")).unwrap(),
            "a/b.md"
        );
        assert_eq!(
            relative_to(root, Path::new("/work/repo/x/../y.md")).unwrap(),
            "y.md"
        );
        assert_eq!(relative_to(root, Path::new("../other/y.md")), None);
        assert_eq!(relative_to(root, Path::new("/tmp/y.md")), None);
        assert_eq!(relative_to(root, Path::new(".")), None);
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(percent_encode("a b/ü%#?.md"), "a%20b/%C3%BC%25%23%3F.md");
        assert_eq!(percent_encode("/C:/x y"), "/C:/x%20y");
        assert_eq!(percent_encode("a:b"), "a%3Ab");
        assert_eq!(
            file_uri(Path::new("/work/my repo"), true),
            "file:///work/my%20repo/"
        );
        assert_eq!(
            file_uri(Path::new("/work/../tmp/a.md"), false),
            "file:///tmp/a.md"
        );
    }
}
