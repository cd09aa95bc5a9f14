//! `pmlint server`: a language server (LSP 3.17) over standard input and
//! output, synchronous, built on `lsp-server` and `lsp-types`.
//!
//! - Text sync: full documents, with `didSave` (LSP 3.17 §Text Document
//!   Synchronization). Diagnostics are pushed with
//!   `textDocument/publishDiagnostics` after `didOpen`, `didChange` and
//!   `didSave`, and cleared (an empty list) after `didClose`.
//! - Debouncing: the loop takes every message already queued before it lints,
//!   so several queued `didChange`s of one document cost one lint, of the
//!   latest version; a `didChange` older than the version held is ignored.
//! - Positions: the encoding negotiated in `initialize` from
//!   `general.positionEncodings` (UTF-8 when offered, else UTF-16; see
//!   [`positions`]).
//! - Config: each document is linted with the `pmlint.toml` that governs its
//!   file (as `pmlint check` finds it); `workspace/didChangeWatchedFiles` for a
//!   config file drops every loaded config and re-lints the open documents.
//!   An invalid config is shown once with `window/showMessage` and the
//!   default config is used meanwhile. `[files] exclude` silences a document.
//! - Code actions: see [`actions`].
//! - URIs: a document URI with characters RFC 3986 does not allow (`[`,
//!   a space) is percent-encoded on the way in and written back as the
//!   client spelled it (see [`uris`]).
//! - Errors never end the server: an unknown request gets `MethodNotFound`,
//!   bad params `InvalidParams`, a malformed message an error response (see
//!   [`transport`]), a panic while handling a message `InternalError`;
//!   unknown notifications are logged. Logs go to standard error only. Exit code 0 after `shutdown` + `exit`, 1 otherwise (LSP 3.17 §exit).

pub mod actions;
pub mod diagnostics;
pub mod document;
pub mod positions;
pub mod transport;
pub mod uris;

use crate::config::{CONFIG_FILE_NAMES, Config, ConfigCache, ConfigError};
use crate::diagnostic::Diagnostic;
use document::Document;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern,
    InitializeResult, MessageType, PositionEncodingKind, PublishDiagnosticsParams, Registration,
    RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use positions::{Encoding, LineIndex};
use serde::de::DeserializeOwned;
use std::collections::{HashMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Runs the server on standard input and output until the client says
/// `exit` or closes its end; returns the process exit code.
pub fn run() -> i32 {
    eprintln!("pmlint server {}: ready", env!("CARGO_PKG_VERSION"));
    let (connection, transport) = transport::stdio();
    let code = serve(&connection);
    drop(connection);
    transport.join();
    code
}

/// Runs the protocol on `connection` (initialize, then the main loop) and
/// returns the exit code: 0 after `shutdown` then `exit`, 1 after an `exit`
/// without `shutdown` or when the input ends first.
pub fn serve(connection: &Connection) -> i32 {
    match initialize(connection) {
        Some(init) => Server::new(connection, init).main_loop(),
        None => 1,
    }
}

/// What `initialize` told us about the client.
#[derive(Debug, Clone, Copy)]
struct Init {
    encoding: Encoding,
    /// The client can register `workspace/didChangeWatchedFiles` dynamically.
    watch_registration: bool,
}

/// The server's capabilities (LSP 3.17 §ServerCapabilities).
fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, actions::FIX_ALL]),
            resolve_provider: Some(false),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Waits for `initialize` and answers it (LSP 3.17 §initialize): requests
/// before it get `ServerNotInitialized`, notifications are dropped, `exit`
/// (or the end of input) ends the server (`None`).
fn initialize(connection: &Connection) -> Option<Init> {
    loop {
        match connection.receiver.recv().ok()? {
            Message::Request(req) if req.method == "initialize" => {
                if !(req.params.is_object() || req.params.is_null()) {
                    let message = "initialize: params must be an object".to_owned();
                    let reply = Response::new_err(req.id, ErrorCode::InvalidParams as i32, message);
                    connection.sender.send(reply.into()).ok()?;
                    continue;
                }
                let offered: Vec<PositionEncodingKind> = req
                    .params
                    .pointer("/capabilities/general/positionEncodings")
                    .and_then(|v| serde_json::from_value(v.clone()).ok())
                    .unwrap_or_default();
                let init = Init {
                    encoding: Encoding::negotiate(&offered),
                    watch_registration: req
                        .params
                        .pointer(
                            "/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration",
                        )
                        .and_then(serde_json::Value::as_bool)
                        .unwrap_or(false),
                };
                let result = InitializeResult {
                    capabilities: capabilities(init.encoding),
                    server_info: Some(ServerInfo {
                        name: "pmlint".into(),
                        version: Some(env!("CARGO_PKG_VERSION").into()),
                    }),
                };
                eprintln!(
                    "pmlint server: initialized, positions in {:?}",
                    init.encoding
                );
                connection
                    .sender
                    .send(Response::new_ok(req.id, result).into())
                    .ok()?;
                return Some(init);
            }
            Message::Request(req) => {
                let message = format!("{}: the server is not initialized yet", req.method);
                let reply =
                    Response::new_err(req.id, ErrorCode::ServerNotInitialized as i32, message);
                connection.sender.send(reply.into()).ok()?;
            }
            Message::Notification(n) if n.method == "exit" => return None,
            Message::Notification(n) => {
                eprintln!("pmlint server: dropping {} before initialize", n.method);
            }
            Message::Response(_) => {}
        }
    }
}

/// Deserialises a message's params, or says why it cannot.
fn params<P: DeserializeOwned>(method: &str, value: serde_json::Value) -> Result<P, String> {
    serde_json::from_value(value).map_err(|e| format!("{method}: invalid params: {e}"))
}

/// The server's state between messages.
struct Server<'a> {
    connection: &'a Connection,
    encoding: Encoding,
    watch_registration: bool,
    configs: ConfigCache,
    documents: HashMap<Uri, Document>,
    /// Documents to lint and publish once the queued messages are handled, in order.
    dirty: Vec<Uri>,
    /// Config errors already shown (until the configs are reloaded).
    shown_errors: HashSet<String>,
    shutdown: bool,
    /// Writing to the client failed: stop.
    broken: bool,
    /// Document URIs repaired on the way in, with the client's spelling.
    spellings: uris::Spellings,
}

impl<'a> Server<'a> {
    fn new(connection: &'a Connection, init: Init) -> Self {
        Server {
            connection,
            encoding: init.encoding,
            watch_registration: init.watch_registration,
            configs: ConfigCache::new(crate::catalogue::codes()),
            documents: HashMap::new(),
            dirty: Vec::new(),
            shown_errors: HashSet::new(),
            shutdown: false,
            broken: false,
            spellings: uris::Spellings::default(),
        }
    }

    fn send(&mut self, message: impl Into<Message>) {
        if self.connection.sender.send(message.into()).is_err() {
            self.broken = true;
        }
    }

    /// Sends a notification, with repaired URIs spelled as the client
    /// spelled them ([`uris::Spellings::restore`]).
    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        let mut params = serde_json::to_value(params).unwrap_or_default();
        self.spellings.restore(&mut params);
        self.send(Notification::new(method.to_owned(), params));
    }

    fn main_loop(&mut self) -> i32 {
        loop {
            let Ok(first) = self.connection.receiver.recv() else {
                eprintln!("pmlint server: the input ended without an exit notification");
                return 1;
            };
            // Everything already queued is handled before linting, so only
            // the latest version of a document is linted.
            let mut batch = vec![first];
            batch.extend(self.connection.receiver.try_iter());
            for message in batch {
                let request = match &message {
                    Message::Request(r) => Some((r.id.clone(), r.method.clone())),
                    _ => None,
                };
                // A bug must not take the editor's linter down with it: a
                // panic (printed by the panic hook to standard error) fails
                // only the message it happened in.
                match panic::catch_unwind(AssertUnwindSafe(|| self.handle(message))) {
                    Ok(Some(code)) => return code,
                    Ok(None) => {}
                    Err(_) => {
                        if let Some((id, method)) = request {
                            let message = format!("{method}: internal error (see the server log)");
                            self.reply_err(id, ErrorCode::InternalError, message);
                        }
                    }
                }
            }
            if panic::catch_unwind(AssertUnwindSafe(|| self.publish_dirty())).is_err() {
                eprintln!("pmlint server: linting failed; the diagnostics were not updated");
                self.dirty.clear();
            }
            if self.broken {
                eprintln!("pmlint server: the client's end is closed");
                return 1;
            }
        }
    }

    /// Handles one message; `Some(code)` when the server must exit.
    fn handle(&mut self, message: Message) -> Option<i32> {
        match message {
            Message::Request(mut req) => {
                self.spellings.repair(&mut req.params);
                self.request(req);
            }
            Message::Notification(n) if n.method == "exit" => {
                return Some(if self.shutdown { 0 } else { 1 });
            }
            Message::Notification(mut n) => {
                self.spellings.repair(&mut n.params);
                self.notification(n);
            }
            Message::Response(r) => {
                if let Err(e) = r.response_result {
                    eprintln!(
                        "pmlint server: the client answered {} with an error: {}",
                        r.id, e.message
                    );
                }
            }
        }
        None
    }

    fn reply_err(&mut self, id: RequestId, code: ErrorCode, message: String) {
        eprintln!("pmlint server: {message}");
        self.send(Response::new_err(id, code as i32, message));
    }

    fn request(&mut self, req: Request) {
        if self.shutdown {
            let message = format!("{}: the server is shutting down", req.method);
            return self.reply_err(req.id, ErrorCode::InvalidRequest, message);
        }
        match req.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                self.send(Response::new_ok(req.id, ()));
            }
            "initialize" => {
                let message = "initialize: the server is already initialized".to_owned();
                self.reply_err(req.id, ErrorCode::InvalidRequest, message);
            }
            "textDocument/codeAction" => {
                match params::<CodeActionParams>(&req.method, req.params) {
                    Ok(p) => {
                        let mut result =
                            serde_json::to_value(self.code_actions(&p)).unwrap_or_default();
                        self.spellings.restore(&mut result);
                        self.send(Response::new_ok(req.id, result));
                    }
                    Err(message) => self.reply_err(req.id, ErrorCode::InvalidParams, message),
                }
            }
            other => {
                let message = format!("{other}: method not found");
                self.reply_err(req.id, ErrorCode::MethodNotFound, message);
            }
        }
    }

    fn notification(&mut self, n: Notification) {
        if self.shutdown {
            eprintln!("pmlint server: ignoring {} after shutdown", n.method);
            return;
        }
        let method = n.method.clone();
        let result = match method.as_str() {
            "initialized" => {
                self.register_watchers();
                Ok(())
            }
            "textDocument/didOpen" => params(&method, n.params).map(|p| self.did_open(p)),
            "textDocument/didChange" => params(&method, n.params).map(|p| self.did_change(p)),
            "textDocument/didSave" => params(&method, n.params).map(|p| self.did_save(p)),
            "textDocument/didClose" => params(&method, n.params).map(|p| self.did_close(p)),
            "workspace/didChangeWatchedFiles" => {
                params(&method, n.params).map(|p| self.did_change_watched_files(p))
            }
            m if m.starts_with("$/") => Ok(()), // $/cancelRequest, $/setTrace: nothing to do
            m => {
                eprintln!("pmlint server: ignoring unknown notification {m}");
                Ok(())
            }
        };
        if let Err(message) = result {
            eprintln!("pmlint server: {message}");
        }
    }

    /// Asks the client to watch config files (LSP 3.17 §client/registerCapability),
    /// when it can register the watcher dynamically.
    fn register_watchers(&mut self) {
        if !self.watch_registration {
            return;
        }
        let watchers = CONFIG_FILE_NAMES
            .iter()
            .map(|name| FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{name}")),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "pmlint-config-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let id = RequestId::from("pmlint/register-config-watcher".to_owned());
        self.send(Request::new(id, "client/registerCapability".into(), params));
    }

    fn mark_dirty(&mut self, uri: &Uri) {
        if !self.dirty.contains(uri) {
            self.dirty.push(uri.clone());
        }
    }

    fn did_open(&mut self, p: DidOpenTextDocumentParams) {
        let doc = p.text_document;
        let document = Document {
            text: doc.text,
            version: doc.version,
            language: doc.language_id,
            linted: None,
        };
        if self.documents.insert(doc.uri.clone(), document).is_some() {
            eprintln!("pmlint server: {} was opened again", doc.uri.as_str());
        }
        self.mark_dirty(&doc.uri);
    }

    fn did_change(&mut self, p: DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        let version = p.text_document.version;
        let encoding = self.encoding;
        let Some(doc) = self.documents.get_mut(&uri) else {
            eprintln!(
                "pmlint server: didChange for {}, which is not open",
                uri.as_str()
            );
            return;
        };
        if version < doc.version {
            eprintln!(
                "pmlint server: ignoring didChange for {} at version {version}: version {} is newer",
                uri.as_str(),
                doc.version
            );
            return;
        }
        doc.apply_changes(p.content_changes, encoding);
        doc.version = version;
        self.mark_dirty(&uri);
    }

    fn did_save(&mut self, p: DidSaveTextDocumentParams) {
        let uri = p.text_document.uri;
        let Some(doc) = self.documents.get_mut(&uri) else {
            eprintln!(
                "pmlint server: didSave for {}, which is not open",
                uri.as_str()
            );
            return;
        };
        if let Some(text) = p.text {
            doc.text = text;
        }
        // Lint again even if the text is the same: a config may have
        // changed, and an editor that does not watch files says so only by
        // saving. The configs are read again (a few small files).
        doc.linted = None;
        self.configs = ConfigCache::new(crate::catalogue::codes());
        self.mark_dirty(&uri);
    }

    fn did_close(&mut self, p: DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        if self.documents.remove(&uri).is_none() {
            eprintln!(
                "pmlint server: didClose for {}, which is not open",
                uri.as_str()
            );
            return;
        }
        self.dirty.retain(|u| u != &uri);
        let params = PublishDiagnosticsParams::new(uri, Vec::new(), None);
        self.notify("textDocument/publishDiagnostics", params);
    }

    fn did_change_watched_files(&mut self, p: DidChangeWatchedFilesParams) {
        let config_changed = p.changes.iter().any(|c| {
            let name = c
                .uri
                .as_str()
                .rsplit('/')
                .next()
                .unwrap_or("")
                .split(['?', '#'])
                .next()
                .unwrap_or("");
            CONFIG_FILE_NAMES.contains(&name)
        });
        if !config_changed {
            return;
        }
        eprintln!("pmlint server: a config file changed: re-linting the open documents");
        self.configs = ConfigCache::new(crate::catalogue::codes());
        self.shown_errors.clear();
        let uris: Vec<Uri> = self.documents.keys().cloned().collect();
        for uri in uris {
            if let Some(doc) = self.documents.get_mut(&uri) {
                doc.linted = None;
            }
            self.mark_dirty(&uri);
        }
    }

    /// The config for the document at `path` (`None`: not a file), showing a
    /// config error once and falling back to the default config.
    fn config_for(&mut self, path: Option<&Path>) -> Arc<Config> {
        let Some(path) = path else {
            return self.configs.default_config();
        };
        match self.configs.for_file(path) {
            Ok(c) => c,
            Err(e) => {
                self.show_config_error(&e);
                self.configs.default_config()
            }
        }
    }

    fn show_config_error(&mut self, e: &ConfigError) {
        let line = e.to_line();
        if !self.shown_errors.insert(line.clone()) {
            return;
        }
        eprintln!("pmlint server: {line}");
        let params = ShowMessageParams {
            typ: MessageType::ERROR,
            message: format!("pmlint: {line} (using the default config until it is fixed)"),
        };
        self.notify("window/showMessage", params);
    }

    /// How document `uri` is linted: its file path (when it has one), the
    /// name its diagnostics and config lookup use (the path, else the URI),
    /// and the config that governs it.
    fn linting_as(&mut self, uri: &Uri) -> (Option<PathBuf>, PathBuf, Arc<Config>) {
        let path = document::file_path(uri);
        let config = self.config_for(path.as_deref());
        let name = path.clone().unwrap_or_else(|| PathBuf::from(uri.as_str()));
        (path, name, config)
    }

    /// The pmlint diagnostics of an open document at its current version
    /// (linted now unless already linted), with that version.
    fn diagnostics_for(&mut self, uri: &Uri) -> Option<(i32, Vec<Diagnostic>)> {
        let doc = self.documents.get(uri)?;
        if let Some((version, diagnostics)) = &doc.linted
            && *version == doc.version
        {
            return Some((*version, diagnostics.clone()));
        }
        if !doc.is_markdown(uri) {
            return Some((doc.version, Vec::new()));
        }
        let (path, name, config) = self.linting_as(uri);
        let doc = self.documents.get_mut(uri)?;
        let excluded = path.is_some_and(|p| config.is_excluded(&p));
        let diagnostics = if excluded {
            Vec::new()
        } else {
            lint_for_editor(&doc.text, &name, &config)
        };
        doc.linted = Some((doc.version, diagnostics.clone()));
        Some((doc.version, diagnostics))
    }

    /// Lints and publishes every document changed since the last call.
    fn publish_dirty(&mut self) {
        let dirty = std::mem::take(&mut self.dirty);
        if self.shutdown {
            return;
        }
        for uri in dirty {
            let Some((version, diagnostics)) = self.diagnostics_for(&uri) else {
                continue;
            };
            let Some(doc) = self.documents.get(&uri) else {
                continue;
            };
            let index = LineIndex::new(&doc.text);
            let lsp: Vec<lsp_types::Diagnostic> = diagnostics
                .iter()
                .map(|d| diagnostics::to_lsp(d, &doc.text, &index, self.encoding, &uri, version))
                .collect();
            let params = PublishDiagnosticsParams::new(uri, lsp, Some(version));
            self.notify("textDocument/publishDiagnostics", params);
        }
    }

    fn code_actions(&mut self, p: &CodeActionParams) -> Vec<lsp_types::CodeActionOrCommand> {
        let uri = &p.text_document.uri;
        let Some((version, current)) = self.diagnostics_for(uri) else {
            eprintln!(
                "pmlint server: codeAction for {}, which is not open",
                uri.as_str()
            );
            return Vec::new();
        };
        // "Fix all" lints the text as it fixes it, as this document is linted.
        let (_, name, config) = self.linting_as(uri);
        let lint = |text: &str| lint_for_editor(text, &name, &config);
        let Some(doc) = self.documents.get(uri) else {
            return Vec::new();
        };
        actions::code_actions(uri, &doc.text, version, self.encoding, &current, p, &lint)
    }
}

/// `text` linted as file `name` with `config`, as the editor shows it: with
/// no fixes where `--fix` refuses them ([`crate::fix::withhold_fixes`]).
fn lint_for_editor(text: &str, name: &std::path::Path, config: &Config) -> Vec<Diagnostic> {
    let mut diagnostics = crate::lint(text, name, config, &crate::LintOptions::default());
    crate::fix::withhold_fixes(text, &mut diagnostics);
    diagnostics
}
