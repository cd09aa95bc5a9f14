//! JSON-RPC over standard input and output, framed with `Content-Length`
//! headers (LSP 3.17 §Base Protocol), that survives bad input.
//!
//! `lsp_server::Connection::stdio()` ends its reader thread on the first
//! malformed message, which would leave the server deaf. This transport
//! answers such a message itself and keeps reading: a body that is not JSON
//! gets a `ParseError` (-32700) response with a `null` id, a JSON body that
//! is no JSON-RPC message gets `InvalidRequest` (-32600) (JSON-RPC 2.0 §5),
//! and a header block without `Content-Length` is logged and skipped. The
//! server loop sees a plain [`Connection`] (made with
//! `Connection::memory()`), so it is written as for any lsp-server transport.

use lsp_server::{Connection, ErrorCode, Message};
use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

/// The transport's writer thread; joining it waits until every message the
/// server sent has been written.
#[derive(Debug)]
pub struct Transport {
    writer: JoinHandle<()>,
}

impl Transport {
    /// Waits for the writer thread to write the messages still queued. Call
    /// it after dropping the server's [`Connection`]. The reader thread is
    /// not waited for: it may be blocked reading standard input, and stops
    /// after the `exit` notification or at the end of input.
    pub fn join(self) {
        if self.writer.join().is_err() {
            eprintln!("pmlint server: the writer thread panicked");
        }
    }
}

/// A connection over standard input and output, and its writer thread.
pub fn stdio() -> (Connection, Transport) {
    let (server, io_side) = Connection::memory();
    let Connection {
        sender: to_server,
        receiver: from_server,
    } = io_side;
    let writer = std::thread::Builder::new()
        .name("pmlint-lsp-writer".into())
        .spawn(move || {
            for message in from_server {
                if let Err(e) = message.write(&mut io::stdout().lock()) {
                    eprintln!("pmlint server: cannot write to the client: {e}");
                    break;
                }
            }
        })
        .expect("spawn the writer thread");
    std::thread::Builder::new()
        .name("pmlint-lsp-reader".into())
        .spawn(move || {
            let mut input = io::stdin().lock();
            loop {
                match read_frame(&mut input) {
                    Ok(None) => break,
                    Ok(Some(Frame::NoLength(headers))) => {
                        eprintln!(
                            "pmlint server: skipping a header block without Content-Length: {headers:?}"
                        );
                    }
                    Ok(Some(Frame::Body(body))) => match parse(&body) {
                        Ok(message) => {
                            let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                            if to_server.send(message).is_err() || exit {
                                break;
                            }
                        }
                        Err(reply) => {
                            eprintln!("pmlint server: {}", reply.log);
                            let written = write_raw(&mut io::stdout().lock(), &reply.json);
                            if let Err(e) = written {
                                eprintln!("pmlint server: cannot write to the client: {e}");
                                break;
                            }
                        }
                    },
                    Err(e) => {
                        eprintln!("pmlint server: cannot read from the client: {e}");
                        break;
                    }
                }
            }
            // Dropping `to_server` tells the server loop that input has ended.
        })
        .expect("spawn the reader thread");
    (server, Transport { writer })
}

/// What one header block introduced.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// The body, `Content-Length` bytes long.
    Body(Vec<u8>),
    /// A header block without a usable `Content-Length` (its lines, for the log).
    NoLength(Vec<String>),
}

/// Reads one header block and its body. `Ok(None)` at the end of input.
/// Header names are case-insensitive; a bare `\n` ends a header line too.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length = None;
    let mut headers = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if headers.is_empty() {
                continue; // stray blank line between messages
            }
            break;
        }
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
        headers.push(text.to_owned());
    }
    let Some(length) = length else {
        return Ok(Some(Frame::NoLength(headers)));
    };
    // Memory grows with the bytes that really arrive, not with what the
    // header claims: `Content-Length: 99999999999999999` must not allocate.
    let mut body = Vec::with_capacity(length.min(1 << 20));
    let wanted = u64::try_from(length).unwrap_or(u64::MAX);
    (&mut *input).take(wanted).read_to_end(&mut body)?;
    if body.len() < length {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!(
                "the input ended after {} of {length} body bytes",
                body.len()
            ),
        ));
    }
    Ok(Some(Frame::Body(body)))
}

/// The error response to send for a body that is no message, and a log line.
#[derive(Debug)]
pub struct Reply {
    /// The JSON-RPC response, serialised.
    pub json: String,
    /// What to log.
    pub log: String,
}

/// Parses a body into a message, or the error response it deserves.
pub fn parse(body: &[u8]) -> Result<Message, Reply> {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Err(error_reply(
                serde_json::Value::Null,
                ErrorCode::ParseError,
                format!("parse error: {e}"),
            ));
        }
    };
    let id = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    // A request whose id is neither a string nor an integer of LSP's range
    // (null, 1.5, an object, 2^32) would be read as a notification, and its
    // sender wait forever for the answer.
    if let Some(bad) = value
        .get("id")
        .filter(|id| !(id.is_string() || id.as_i64().is_some_and(|n| i32::try_from(n).is_ok())))
    {
        return Err(error_reply(
            id,
            ErrorCode::InvalidRequest,
            format!("invalid request id {bad} (LSP 3.17: an integer or a string)"),
        ));
    }
    serde_json::from_value::<Message>(value).map_err(|e| {
        error_reply(
            id,
            ErrorCode::InvalidRequest,
            format!("invalid JSON-RPC message: {e}"),
        )
    })
}

fn error_reply(id: serde_json::Value, code: ErrorCode, message: String) -> Reply {
    let json = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code as i32, "message": message},
    })
    .to_string();
    Reply { json, log: message }
}

/// Writes one framed JSON text.
fn write_raw(out: &mut impl Write, json: &str) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n{json}", json.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_with_crlf_lf_and_missing_length() {
        let input = b"Content-Length: 2\r\nContent-Type: x\r\n\r\n{}\
            \r\ncontent-length:3\n\n[1]\
            X-Other: 1\r\n\r\n";
        let mut r = &input[..];
        assert_eq!(
            read_frame(&mut r).unwrap(),
            Some(Frame::Body(b"{}".to_vec()))
        );
        assert_eq!(
            read_frame(&mut r).unwrap(),
            Some(Frame::Body(b"[1]".to_vec()))
        );
        assert_eq!(
            read_frame(&mut r).unwrap(),
            Some(Frame::NoLength(vec!["X-Other: 1".into()]))
        );
        assert_eq!(read_frame(&mut r).unwrap(), None);
    }

    #[test]
    fn truncated_body_is_an_error() {
        let mut r = &b"Content-Length: 10\r\n\r\n{}"[..];
        assert!(read_frame(&mut r).is_err());
        // A length no memory could hold is read as far as the input goes,
        // without allocating it first (this aborted the process).
        for huge in ["99999999999999999", "18446744073709551615"] {
            let input = format!("Content-Length: {huge}\r\n\r\n{{}}");
            let err = read_frame(&mut input.as_bytes()).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
        }
    }

    #[test]
    fn bad_bodies_get_error_replies() {
        let e = parse(b"{not json").unwrap_err();
        let v: serde_json::Value = serde_json::from_str(&e.json).unwrap();
        assert_eq!(v["error"]["code"], -32700);
        assert!(v["id"].is_null());
        let e = parse(br#"{"id": 7, "method": 3}"#).unwrap_err();
        let v: serde_json::Value = serde_json::from_str(&e.json).unwrap();
        assert_eq!(v["error"]["code"], -32600);
        assert_eq!(v["id"], 7);
        assert!(matches!(
            parse(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            Ok(Message::Request(_))
        ));
        for id in ["null", "1.5", r#"{"a":1}"#, "4294967296"] {
            let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"shutdown"}}"#);
            let e = parse(body.as_bytes()).unwrap_err();
            let v: serde_json::Value = serde_json::from_str(&e.json).unwrap();
            assert_eq!(v["error"]["code"], -32600, "{id}");
        }
    }
}
