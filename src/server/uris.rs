//! Document URIs as clients really send them. Some clients (those building
//! `file:` URIs with the `url` crate, such as Helix and Zed) leave `[`, `]`
//! and other characters RFC 3986 §3.3 does not allow in a path as they are:
//! `file:///notes/[draft] outage.md`. `lsp_types::Uri` refuses such a string,
//! so the whole message would be dropped. Before a message's params are
//! read, such URIs are repaired by percent-encoding the bytes that are not
//! allowed; the client's own spelling is kept and written back in what the
//! server sends about that document (diagnostics, code actions), so a
//! client that compares URIs as strings still finds its document.

use lsp_types::Uri;
use serde_json::Value;
use std::collections::HashMap;
use std::str::FromStr;

/// The repaired URIs met so far, each with the client's own spelling.
#[derive(Debug, Default)]
pub struct Spellings(HashMap<Uri, String>);

impl Spellings {
    /// Repairs, in place, every string under a `uri` key of `params` (at
    /// any depth: `textDocument.uri`, `changes[].uri`) that is not a valid
    /// URI but is once the bytes RFC 3986 does not allow there are
    /// percent-encoded (UTF-8, upper-case hex); remembers each repair. A
    /// string that stays invalid is left as it is (reading the params then
    /// fails and says why).
    pub fn repair(&mut self, params: &mut Value) {
        match params {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    match value {
                        Value::String(s) if key == "uri" => {
                            if Uri::from_str(s).is_ok() {
                                continue;
                            }
                            let encoded = encode_disallowed(s);
                            if let Ok(uri) = Uri::from_str(&encoded) {
                                self.0.insert(uri, std::mem::replace(s, encoded));
                            }
                        }
                        other => self.repair(other),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.repair(v)),
            _ => {}
        }
    }

    /// Writes the client's spelling back into `message` (a serialised
    /// notification's params or a response's result): every string under a
    /// `uri` key, and every key of a `changes` map (a `WorkspaceEdit`, LSP
    /// 3.17), that is a repaired URI.
    pub fn restore(&self, message: &mut Value) {
        if self.0.is_empty() {
            return;
        }
        let original = |s: &str| Uri::from_str(s).ok().and_then(|u| self.0.get(&u)).cloned();
        match message {
            Value::Object(map) => {
                if let Some(Value::Object(changes)) = map.get_mut("changes") {
                    let keys: Vec<String> = changes.keys().cloned().collect();
                    for key in keys {
                        if let Some(spelling) = original(&key)
                            && let Some(edits) = changes.remove(&key)
                        {
                            changes.insert(spelling, edits);
                        }
                    }
                }
                for (key, value) in map.iter_mut() {
                    match value {
                        Value::String(s) if key == "uri" => {
                            if let Some(spelling) = original(s) {
                                *s = spelling;
                            }
                        }
                        other => self.restore(other),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.restore(v)),
            _ => {}
        }
    }
}

/// `s` with every byte RFC 3986 allows nowhere in a URI percent-encoded: all
/// but the unreserved characters, the delimiters (`:/?#@!$&'()*+,;=`) and a
/// `%` that starts a percent-encoding. `[` and `]`, allowed only around an
/// IP literal, are encoded too (a `file:` URI's host is empty or a name).
fn encode_disallowed(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &b) in bytes.iter().enumerate() {
        let escape = b == b'%'
            && bytes.len() > i + 2
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit();
        if b.is_ascii_alphanumeric() || b"-._~:/?#@!$&'()*+,;=".contains(&b) || escape {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn raw_brackets_spaces_and_letters_are_repaired_and_restored() {
        let mut spellings = Spellings::default();
        let raw = "file:///notes/[draft] café 100%.md";
        let mut params = json!({"textDocument": {"uri": raw, "text": "x"}});
        spellings.repair(&mut params);
        let repaired = params["textDocument"]["uri"].as_str().unwrap().to_owned();
        assert_eq!(
            repaired,
            "file:///notes/%5Bdraft%5D%20caf%C3%A9%20100%25.md"
        );
        assert!(Uri::from_str(&repaired).is_ok());
        // Diagnostics and a workspace edit for it carry the client's spelling.
        let mut sent = json!({
            "uri": repaired,
            "diagnostics": [],
            "edit": {"changes": {repaired.clone(): [{"newText": "y"}]}},
        });
        spellings.restore(&mut sent);
        assert_eq!(sent["uri"], raw);
        assert_eq!(sent["edit"]["changes"][raw][0]["newText"], "y");
    }

    #[test]
    fn valid_uris_and_other_strings_are_left_alone() {
        let mut spellings = Spellings::default();
        let mut params = json!({
            "changes": [{"uri": "file:///a/b%20c.md", "type": 2}],
            "text": "[not a uri] x",
        });
        let before = params.clone();
        spellings.repair(&mut params);
        assert_eq!(params, before);
        assert!(spellings.0.is_empty());
        // A string that no encoding makes valid (two fragments) stays.
        let mut bad = json!({"uri": "file:///a#b#c d"});
        spellings.repair(&mut bad);
        assert_eq!(bad["uri"], "file:///a#b#c d");
    }
}
