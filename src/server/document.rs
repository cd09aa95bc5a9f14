//! Open documents: their text and version, the file path behind a `file:`
//! URI, and applying `didChange` content changes.

use super::positions::{Encoding, LineIndex};
use lsp_types::{TextDocumentContentChangeEvent, Uri};
use std::path::PathBuf;

/// A document the client has opened (LSP 3.17 §textDocument/didOpen).
#[derive(Debug, Clone)]
pub struct Document {
    /// The client's text of the document (the client owns the truth while it is open).
    pub text: String,
    /// The client's version, increasing with each change.
    pub version: i32,
    /// The client's language id (`markdown`).
    pub language: String,
    /// The pmlint diagnostics of `text` at `version`, once linted.
    pub linted: Option<(i32, Vec<crate::diagnostic::Diagnostic>)>,
}

impl Document {
    /// Whether pmlint lints this document: its language is Markdown, or its
    /// path ends in `.md` / `.markdown` (for clients that send no language).
    pub fn is_markdown(&self, uri: &Uri) -> bool {
        let lang = self.language.to_ascii_lowercase();
        if lang == "markdown" || lang.starts_with("markdown.") {
            return true;
        }
        let path = uri.as_str().split(['?', '#']).next().unwrap_or("");
        let lower = path.to_ascii_lowercase();
        lower.ends_with(".md") || lower.ends_with(".markdown")
    }

    /// Applies `didChange` content changes in order: one without a range
    /// replaces the whole text, one with a range replaces that range
    /// (positions in `encoding`).
    pub fn apply_changes(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let index = LineIndex::new(&self.text);
                    let start = index.offset(range.start, encoding);
                    let end = index.offset(range.end, encoding).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
            }
        }
        self.linted = None;
    }
}

/// The file path of a `file:` URI (percent-decoded), or `None` for another
/// scheme (`untitled:`) or a path that is not UTF-8 once decoded.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let (scheme, rest) = s.split_once(':')?;
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let path = match rest.strip_prefix("//") {
        // Skip the authority (empty, or `localhost`).
        Some(after) => &after[after.find('/')?..],
        None => rest,
    };
    let decoded = percent_decode(path)?;
    if cfg!(windows) {
        // `/C:/Users/…` → `C:/Users/…`
        let b = decoded.as_bytes();
        if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
            return Some(PathBuf::from(&decoded[1..]));
        }
    }
    Some(PathBuf::from(decoded))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn uri(s: &str) -> Uri {
        Uri::from_str(s).unwrap()
    }

    #[test]
    fn file_uris_to_paths() {
        assert_eq!(
            file_path(&uri("file:///home/me/post%20mortems/%F0%9F%94%A5.md")),
            Some(PathBuf::from("/home/me/post mortems/🔥.md"))
        );
        assert_eq!(
            file_path(&uri("file://localhost/tmp/a.md")),
            Some(PathBuf::from("/tmp/a.md"))
        );
        assert_eq!(file_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(file_path(&uri("file:///tmp/%FF.md")), None);
    }

    #[test]
    fn markdown_by_language_or_extension() {
        let doc = |language: &str| Document {
            text: String::new(),
            version: 1,
            language: language.into(),
            linted: None,
        };
        assert!(doc("markdown").is_markdown(&uri("untitled:x")));
        assert!(doc("").is_markdown(&uri("file:///a/B.MD")));
        assert!(!doc("toml").is_markdown(&uri("file:///a/pmlint.toml")));
    }

    #[test]
    fn ranged_and_full_changes() {
        use lsp_types::{Position, Range};
        let mut doc = Document {
            text: "🔥 a\nb\n".into(),
            version: 1,
            language: "markdown".into(),
            linted: None,
        };
        let change = |range: Option<Range>, text: &str| TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.into(),
        };
        doc.apply_changes(
            vec![change(
                Some(Range::new(Position::new(0, 3), Position::new(1, 1))),
                "x\ny",
            )],
            Encoding::Utf16,
        );
        assert_eq!(doc.text, "🔥 x\ny\n");
        doc.apply_changes(vec![change(None, "new")], Encoding::Utf16);
        assert_eq!(doc.text, "new");
    }
}
