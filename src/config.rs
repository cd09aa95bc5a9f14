//! Configuration: finding, parsing and validating `pmlint.toml` / `.pmlint.toml`.
//!
//! A config file governs every postmortem in its folder and below, unless a
//! closer config file exists (the closest wins, like ruff; no merging). When a
//! folder holds both names, `pmlint.toml` wins.
//!
//! ```toml
//! [lint]
//! select = ["PM1", "PM001"]      # codes or prefixes; absent = all default rules
//! ignore = ["PM301"]
//! [lint.severity]
//! PM301 = "error"                 # "error" | "warning"
//! [lint.per-file-ignores]
//! "drafts/**" = ["PM2"]           # glob (relative to the config file's folder) -> codes/prefixes
//!
//! [files]
//! exclude = ["archive/**"]        # globs relative to the config file's folder
//!
//! [sections.summary]              # also: timeline, root-cause, corrective
//! keywords = ["summary"]          # replaces the built-in keywords
//! extend-keywords = ["tl;dr"]     # adds to them
//! [[sections.custom]]
//! name = "Detection"
//! keywords = ["detection", "how we noticed"]
//!
//! [timeline]
//! rollover-hours = 6              # integer 1..=23, default 6
//! date-order = "mdy"              # "mdy" (default) | "dmy"
//! ```
//!
//! Every key is kebab-case and unknown keys are errors. Every error is a
//! [`ConfigError`] carrying the byte span of the offending key or value in the
//! config text, so it can be rendered as a labelled snippet.
//!
//! Glob semantics (both `[files] exclude` and `[lint.per-file-ignores]`):
//! patterns are matched against the path relative to the config file's folder,
//! with `/` as separator; `*` and `?` do not cross `/`, `**` does. A pattern
//! also matches everything below a folder it matches (`archive` excludes
//! `archive/2023/x.md`). A pattern without any `/` matches a file or folder
//! name at any depth (`*.draft.md`, `drafts`). A leading `./` anchors the
//! pattern to the config file's folder, as in gitignore and ruff:
//! `./archive` matches `archive/` there, not `docs/archive/`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor};
use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Severity;

/// Names of config files, in order of precedence within one folder.
pub const CONFIG_FILE_NAMES: [&str; 2] = ["pmlint.toml", ".pmlint.toml"];

/// Default for `[timeline] rollover-hours` (hours, 1..=23).
pub const DEFAULT_ROLLOVER_HOURS: u32 = 6;

/// A parsed and validated config (or the default config, when no file exists).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Folder the config file is in, made absolute (globs are relative to it);
    /// `None` for the default config.
    pub root: Option<PathBuf>,
    /// Path of the file it was read from, as given to [`Config::parse`] /
    /// [`Config::load`]; `None` for the default config.
    pub path: Option<PathBuf>,
    /// The `[lint]` table.
    pub lint: LintConfig,
    /// The `[files]` table.
    pub files: FilesConfig,
    /// The `[sections]` table.
    pub sections: SectionsConfig,
    /// The `[timeline]` table.
    pub timeline: TimelineConfig,
}

/// The `[lint]` table: which rules run, and how serious they are.
///
/// Every code string in here has been validated to be a known rule code or a
/// prefix of one (e.g. `"PM"`, `"PM1"`, `"PM10"`, `"PM101"`).
#[derive(Debug, Clone, Default)]
pub struct LintConfig {
    /// `select`: codes/prefixes of the rules to run; `None` = all default rules.
    pub select: Option<Vec<String>>,
    /// `ignore`: codes/prefixes of rules not to run.
    pub ignore: Vec<String>,
    /// `[lint.severity]`: code/prefix → severity override. When several keys
    /// match a code, the longest one wins (see [`Config::severity_for`]).
    pub severity: BTreeMap<String, Severity>,
    /// `[lint.per-file-ignores]`, in file order: (compiled glob, pattern as
    /// written, codes/prefixes ignored in matching files).
    pub per_file_ignores: Vec<(GlobMatcher, String, Vec<String>)>,
}

/// The `[files]` table.
#[derive(Debug, Clone, Default)]
pub struct FilesConfig {
    /// `exclude`, compiled (see the module docs for the matching rules). Use
    /// [`Config::is_excluded`] rather than matching against this directly.
    pub exclude: GlobSet,
    /// `exclude`, the patterns as written, in file order.
    pub exclude_patterns: Vec<String>,
}

/// The `[sections]` table: how headings are recognised as required sections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionsConfig {
    /// `[sections.summary]`.
    pub summary: SectionOverride,
    /// `[sections.timeline]`.
    pub timeline: SectionOverride,
    /// `[sections.root-cause]`.
    pub root_cause: SectionOverride,
    /// `[sections.corrective]`.
    pub corrective: SectionOverride,
    /// `[[sections.custom]]`, in file order: extra required sections.
    pub custom: Vec<CustomSection>,
}

/// Keyword override for one built-in section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionOverride {
    /// `keywords`: replaces the built-in keywords when `Some`. Non-empty strings.
    pub keywords: Option<Vec<String>>,
    /// `extend-keywords`: added to the (built-in or replaced) keywords. Non-empty strings.
    pub extend_keywords: Vec<String>,
}

impl SectionOverride {
    /// The keywords in force: `keywords` (or `builtin` when absent) followed by
    /// `extend-keywords`, without duplicates (compared case-insensitively).
    pub fn resolve(&self, builtin: &[&str]) -> Vec<String> {
        let base: Vec<String> = match &self.keywords {
            Some(k) => k.clone(),
            None => builtin.iter().map(|s| s.to_string()).collect(),
        };
        let mut out: Vec<String> = Vec::new();
        for k in base.into_iter().chain(self.extend_keywords.iter().cloned()) {
            if !out.iter().any(|o| o.to_lowercase() == k.to_lowercase()) {
                out.push(k);
            }
        }
        out
    }
}

/// One `[[sections.custom]]` entry: an extra required section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomSection {
    /// `name`: the section's display name (non-empty).
    pub name: String,
    /// `keywords`: heading keywords that identify it (non-empty strings);
    /// defaults to `[name lowercased]` when the key is absent.
    pub keywords: Vec<String>,
}

/// How ambiguous numeric dates like `03/04` are read (`[timeline] date-order`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum DateOrderSetting {
    /// `"mdy"`: month first (03/04 = March 4). The default.
    #[default]
    Mdy,
    /// `"dmy"`: day first (03/04 = 3 April).
    Dmy,
}

impl DateOrderSetting {
    /// The config spelling: `"mdy"` or `"dmy"`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrderSetting::Mdy => "mdy",
            DateOrderSetting::Dmy => "dmy",
        }
    }
}

/// The `[timeline]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimelineConfig {
    /// `rollover-hours`: how far back (in hours, 1..=23) a time-of-day may go
    /// before it is taken to mean the next day. Default 6.
    pub rollover_hours: u32,
    /// `date-order`: default [`DateOrderSetting::Mdy`].
    pub date_order: DateOrderSetting,
}

impl Default for TimelineConfig {
    fn default() -> Self {
        TimelineConfig {
            rollover_hours: DEFAULT_ROLLOVER_HOURS,
            date_order: DateOrderSetting::Mdy,
        }
    }
}

/// A user-caused config error: which file, its text, where, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The config file's path (as given).
    pub path: PathBuf,
    /// The config file's full text (empty when it could not be read).
    pub source: String,
    /// Byte range (0-based, half-open) in `source` of the offending key or
    /// value; `None` when the error is about the whole file (e.g. unreadable).
    pub span: Option<Range<usize>>,
    /// One-line message, e.g. `unknown key "selct" in [lint]`.
    pub message: String,
    /// One-line help, e.g. `did you mean "select"?`.
    pub help: Option<String>,
}

impl ConfigError {
    /// The 1-based (line, column) of the span's start; column counts chars.
    /// `None` when there is no span.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let span = self.span.as_ref()?;
        let start = floor_char_boundary(&self.source, span.start);
        let before = &self.source[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Some((line, col))
    }

    /// Renders it with codespan-reporting (a labelled snippet of the config file
    /// at the span, plus the help as a note) to a colour-capable writer, e.g.
    /// `codespan_reporting::term::termcolor::StandardStream` or `Buffer`.
    /// Errors: only I/O errors of `out`.
    pub fn render(&self, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let name = self.path.display().to_string();
        let file = SimpleFile::new(name.clone(), self.source.as_str());
        let mut diag = CsDiagnostic::error();
        match self.clamped_span() {
            Some(span) => {
                diag = diag
                    .with_message(&self.message)
                    .with_label(CsLabel::primary((), span));
            }
            None => diag = diag.with_message(format!("{name}: {}", self.message)),
        }
        if let Some(help) = &self.help {
            diag = diag.with_note(format!("help: {help}"));
        }
        term::emit_to_write_style(out, &term::Config::default(), &file, &diag).map_err(
            |e| match e {
                codespan_reporting::files::Error::Io(io) => io,
                other => std::io::Error::other(other.to_string()),
            },
        )
    }

    /// [`ConfigError::render`] without colours, into a string.
    pub fn render_plain(&self) -> String {
        let mut buf = term::termcolor::Buffer::no_color();
        match self.render(&mut buf) {
            Ok(()) => String::from_utf8_lossy(buf.as_slice()).into_owned(),
            Err(_) => self.to_line(),
        }
    }

    /// One plain line: `"path:line:col: message"` (`"path: message"` without a span).
    pub fn to_line(&self) -> String {
        self.to_string()
    }

    /// The span clamped to the source and to char boundaries.
    fn clamped_span(&self) -> Option<Range<usize>> {
        let span = self.span.as_ref()?;
        let start = floor_char_boundary(&self.source, span.start);
        let end = ceil_char_boundary(&self.source, span.end.max(start));
        Some(start..end)
    }
}

impl fmt::Display for ConfigError {
    /// `path:line:col: message`, or `path: message` when there is no span.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_col() {
            Some((line, col)) => {
                write!(f, "{}:{line}:{col}: {}", self.path.display(), self.message)
            }
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl Config {
    /// How all-numeric dates are read, as the time module takes it (`[timeline] date-order`).
    pub fn date_order(&self) -> crate::time::DateOrder {
        match self.timeline.date_order {
            DateOrderSetting::Mdy => crate::time::DateOrder::Mdy,
            DateOrderSetting::Dmy => crate::time::DateOrder::Dmy,
        }
    }

    /// Parses config text. `path` is the file it came from (used in errors, and
    /// its folder, made absolute, becomes [`Config::root`]). `known_codes` are
    /// the rule codes that exist (e.g. `["PM001", ..., "PM301"]`); every entry
    /// of `select`/`ignore`/`[lint.severity]`/`[lint.per-file-ignores]` must be
    /// a code or a prefix of at least one code. An empty `known_codes` turns
    /// that check off.
    ///
    /// Errors (first one in file order), each with the byte span of the
    /// offending key or value: invalid TOML, unknown key (with a did-you-mean),
    /// wrong value type, unknown rule code (with the closest known code), bad
    /// severity / date-order, rollover-hours not an integer in 1..=23, bad glob,
    /// empty keyword or name, an empty `keywords` list, missing `name` in
    /// `[[sections.custom]]`.
    pub fn parse(text: &str, path: &Path, known_codes: &[&str]) -> Result<Config, ConfigError> {
        let p = Parser {
            text,
            path,
            known: known_codes,
        };
        let doc = DeTable::parse(text).map_err(|e| p.err(e.span(), e.message(), None))?;
        let mut config = Config {
            root: Some(root_of(path)),
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        for (k, v) in sorted_entries(doc.get_ref()) {
            match k.get_ref().as_ref() {
                "lint" => config.lint = p.lint(p.table("lint", v)?)?,
                "files" => config.files = p.files(p.table("files", v)?)?,
                "sections" => config.sections = p.sections(p.table("sections", v)?)?,
                "timeline" => config.timeline = p.timeline(p.table("timeline", v)?)?,
                _ => return Err(p.unknown_key(k, "the top level", TOP_KEYS)),
            }
        }
        Ok(config)
    }

    /// Reads and parses a config file (see [`Config::parse`]). An unreadable
    /// or non-UTF-8 file gives a [`ConfigError`] with no span and empty source.
    pub fn load(path: &Path, known_codes: &[&str]) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path, known_codes),
            Err(e) => Err(ConfigError {
                path: path.to_path_buf(),
                source: String::new(),
                span: None,
                message: format!("cannot read config file: {e}"),
                help: None,
            }),
        }
    }

    /// Whether `path` is excluded by `[files] exclude`. `path` may be absolute
    /// or relative to the current directory; it is made absolute against the
    /// current directory and normalised (no `.` or `..`), then relative to
    /// [`Config::root`] (also via canonicalised forms, so symlinks are
    /// handled): however the path is spelled (`pms/x.md`, `$PWD/pms/x.md`,
    /// `./x.md` from inside `pms`), the same pattern matches. Paths outside
    /// the root (with `--config` elsewhere) are never excluded; the default
    /// config excludes nothing.
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.files.exclude.is_empty() {
            return false;
        }
        self.relative_forms(path)
            .iter()
            .any(|rel| ancestors_match(rel, |p| self.files.exclude.is_match(p)))
    }

    /// The codes/prefixes ignored for `path` by `[lint.per-file-ignores]`
    /// (every matching pattern's list, in file order, without duplicates).
    /// `path` is resolved as in [`Config::is_excluded`].
    pub fn per_file_ignores(&self, path: &Path) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        if self.lint.per_file_ignores.is_empty() {
            return out;
        }
        let forms = self.relative_forms(path);
        for (matcher, _, codes) in &self.lint.per_file_ignores {
            if forms
                .iter()
                .any(|rel| ancestors_match(rel, |p| matcher.is_match(p)))
            {
                for c in codes {
                    if !out.contains(&c.as_str()) {
                        out.push(c);
                    }
                }
            }
        }
        out
    }

    /// The severity configured for `code` by `[lint.severity]`: the value of
    /// the longest key that is a prefix of `code`; `None` when no key matches.
    pub fn severity_for(&self, code: &str) -> Option<Severity> {
        self.lint
            .severity
            .iter()
            .filter(|(k, _)| code.starts_with(k.as_str()))
            .max_by_key(|(k, _)| k.len())
            .map(|(_, s)| *s)
    }

    /// The '/'-joined forms of `path` relative to the root (see `is_excluded`).
    fn relative_forms(&self, path: &Path) -> Vec<String> {
        let Some(root) = &self.root else {
            return Vec::new();
        };
        let mut forms: Vec<String> = Vec::new();
        let abs = absolutize(path);
        let root_abs = absolutize(root);
        if let Ok(rel) = abs.strip_prefix(&root_abs) {
            push_form(&mut forms, rel);
        }
        if let (Ok(cp), Ok(cr)) = (std::fs::canonicalize(path), std::fs::canonicalize(root))
            && let Ok(rel) = cp.strip_prefix(&cr)
        {
            push_form(&mut forms, rel);
        }
        // A path outside the root has no form: it is never matched, however
        // it is spelled (it used to be taken as relative to the root when
        // relative, so `pms` and `$PWD/pms` disagreed).
        forms
    }
}

/// The config file directly in `dir`, if any (`pmlint.toml` before `.pmlint.toml`).
fn config_in_dir(dir: &Path) -> Option<PathBuf> {
    CONFIG_FILE_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}

type Slot = Arc<OnceLock<Result<Arc<Config>, ConfigError>>>;

/// Caches loaded configs per config file, so each is read and parsed once per
/// run (errors are cached too), and caches the folder → config file lookup.
/// Thread-safe (`Send + Sync`); share it by reference across worker threads.
#[derive(Debug)]
pub struct ConfigCache {
    known_codes: Vec<&'static str>,
    default: Arc<Config>,
    /// Absolute folder → the config file governing it (`None`: the default).
    dirs: RwLock<HashMap<PathBuf, Option<PathBuf>>>,
    /// Absolute config file path → its parse result, computed once.
    loaded: Mutex<HashMap<PathBuf, Slot>>,
    /// The current directory, read once (a run asks for every file's config).
    cwd: OnceLock<Option<PathBuf>>,
}

impl ConfigCache {
    /// An empty cache; `known_codes` are passed to [`Config::parse`].
    pub fn new(known_codes: Vec<&'static str>) -> Self {
        ConfigCache {
            known_codes,
            default: Arc::new(Config::default()),
            dirs: RwLock::new(HashMap::new()),
            loaded: Mutex::new(HashMap::new()),
            cwd: OnceLock::new(),
        }
    }

    /// The default config (used where no config file is found).
    pub fn default_config(&self) -> Arc<Config> {
        Arc::clone(&self.default)
    }

    /// The config for a postmortem at `path` (relative paths are made absolute
    /// against the current directory): the closest config file found walking
    /// up from its folder, or the default config when there is none.
    /// Errors: the governing config file is unreadable or invalid.
    pub fn for_file(&self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        let cwd = || {
            self.cwd
                .get_or_init(|| std::env::current_dir().ok())
                .as_deref()
        };
        let abs = absolutize_with(path, cwd);
        let dir = abs.parent().unwrap_or(&abs);
        match self.config_file_for_dir(dir) {
            Some(file) => self.load_explicit(&file),
            None => Ok(self.default_config()),
        }
    }

    /// Loads (once) the config file at `path`, e.g. one given with `--config`.
    /// Errors: unreadable or invalid file.
    pub fn load_explicit(&self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        let key = absolutize(path);
        let slot: Slot = {
            let mut map = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(map.entry(key.clone()).or_default())
        };
        slot.get_or_init(|| Config::load(&key, &self.known_codes).map(Arc::new))
            .clone()
    }

    /// The config file governing absolute folder `dir`, using and filling the cache.
    fn config_file_for_dir(&self, dir: &Path) -> Option<PathBuf> {
        let mut visited: Vec<&Path> = Vec::new();
        let mut found: Option<PathBuf> = None;
        for d in dir.ancestors() {
            let cached = {
                let dirs = self.dirs.read().unwrap_or_else(|e| e.into_inner());
                dirs.get(d).cloned()
            };
            if let Some(hit) = cached {
                found = hit;
                break;
            }
            visited.push(d);
            if let Some(f) = config_in_dir(d) {
                found = Some(f);
                break;
            }
        }
        let mut dirs = self.dirs.write().unwrap_or_else(|e| e.into_inner());
        for d in visited {
            dirs.insert(d.to_path_buf(), found.clone());
        }
        found
    }
}

// ---------------------------------------------------------------------------
// Paths and globs
// ---------------------------------------------------------------------------

/// The absolute folder of config file `path`.
fn root_of(path: &Path) -> PathBuf {
    let parent = path.parent().unwrap_or(Path::new(""));
    absolutize(parent)
}

/// `path` made absolute against the current directory, normalised lexically.
fn absolutize(path: &Path) -> PathBuf {
    absolutize_with(path, || std::env::current_dir().ok())
}

/// [`absolutize`] against the folder `cwd` gives (asked only for a relative
/// `path`; `None`: the path is only normalised).
fn absolutize_with<P: AsRef<Path>>(path: &Path, cwd: impl FnOnce() -> Option<P>) -> PathBuf {
    if path.is_absolute() {
        normalize(path)
    } else {
        match cwd() {
            Some(cwd) => normalize(&cwd.as_ref().join(path)),
            None => normalize(path),
        }
    }
}

/// Removes `.` components and resolves `..` lexically (kept when leading).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A relative path as a '/'-joined string; `None` if it leaves its base or is not UTF-8.
fn rel_to_slash(rel: &Path) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Adds `rel` as a '/'-joined form to `forms` (skipping empty, escaping and duplicate forms).
fn push_form(forms: &mut Vec<String>, rel: &Path) {
    if let Some(s) = rel_to_slash(rel)
        && !s.is_empty()
        && !forms.contains(&s)
    {
        forms.push(s);
    }
}

/// Whether `matches` accepts `rel` or one of its ancestor folders (`a`, `a/b`, ...).
fn ancestors_match(rel: &str, matches: impl Fn(&str) -> bool) -> bool {
    rel.match_indices('/')
        .map(|(i, _)| &rel[..i])
        .chain(std::iter::once(rel))
        .any(matches)
}

/// The glob actually compiled for a user pattern: a pattern without `/`
/// made to match at any depth; one with a leading `./` (dropped) or any
/// other `/` anchored at the config's folder.
fn effective_pattern(pattern: &str) -> String {
    let mut p = pattern;
    let mut anchored = false;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
        anchored = true;
    }
    if anchored || p.contains('/') {
        p.to_string()
    } else {
        format!("**/{p}")
    }
}

// ---------------------------------------------------------------------------
// Suggestions
// ---------------------------------------------------------------------------

/// Levenshtein edit distance between two strings, in chars.
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The expected word closest to `input` (case-insensitive, `_` = `-`) within
/// edit distance 2.
fn suggest_word<'e>(input: &str, expected: &[&'e str]) -> Option<&'e str> {
    let norm = input.to_lowercase().replace('_', "-");
    expected
        .iter()
        .map(|e| (levenshtein(&norm, e), *e))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| e)
}

/// The known code (or, for a short input, code prefix of the same length)
/// closest to `input`. Ties go to the longest common prefix, then to the
/// numerically closest code.
fn suggest_code(input: &str, known: &[&str]) -> Option<String> {
    let up = input.trim().to_uppercase();
    let max_len = known.iter().map(|c| c.len()).max()?;
    let mut candidates: Vec<&str> = known.to_vec();
    if up.len() < max_len {
        for c in known {
            if let Some(p) = c.get(..up.len())
                && !p.is_empty()
                && !candidates.contains(&p)
            {
                candidates.push(p);
            }
        }
    }
    let number = |s: &str| -> Option<u64> {
        let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
        digits.get(..digits.len().min(18))?.parse().ok()
    };
    let input_num = number(&up);
    candidates
        .into_iter()
        .min_by_key(|c| {
            let common = up
                .chars()
                .zip(c.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let num_diff = match (input_num, number(c)) {
                (Some(a), Some(b)) => a.abs_diff(b),
                _ => u64::MAX,
            };
            (levenshtein(&up, c), usize::MAX - common, num_diff)
        })
        .map(str::to_string)
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

const TOP_KEYS: &[&str] = &["lint", "files", "sections", "timeline"];
const LINT_KEYS: &[&str] = &["select", "ignore", "severity", "per-file-ignores"];
const FILES_KEYS: &[&str] = &["exclude"];
const SECTIONS_KEYS: &[&str] = &["summary", "timeline", "root-cause", "corrective", "custom"];
const OVERRIDE_KEYS: &[&str] = &["keywords", "extend-keywords"];
const CUSTOM_KEYS: &[&str] = &["name", "keywords"];
const TIMELINE_KEYS: &[&str] = &["rollover-hours", "date-order"];

type Key<'i> = Spanned<Cow<'i, str>>;
type Value<'i> = Spanned<DeValue<'i>>;

/// A table's entries in file order (the parsed map is sorted by key).
fn sorted_entries<'t, 'i>(t: &'t DeTable<'i>) -> Vec<(&'t Key<'i>, &'t Value<'i>)> {
    let mut v: Vec<_> = t.iter().collect();
    v.sort_by_key(|(k, _)| k.span().start);
    v
}

/// "a string", "an integer", ... for messages.
fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

struct Parser<'a> {
    text: &'a str,
    path: &'a Path,
    known: &'a [&'a str],
}

impl Parser<'_> {
    fn err(
        &self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> ConfigError {
        ConfigError {
            path: self.path.to_path_buf(),
            source: self.text.to_string(),
            span,
            message: message.into(),
            help,
        }
    }

    fn unknown_key(&self, key: &Key<'_>, table: &str, expected: &[&str]) -> ConfigError {
        let name = key.get_ref();
        let help = match suggest_word(name, expected) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!("expected one of: {}", quote_list(expected)),
        };
        let place = if table.starts_with('[') {
            format!("in {table}")
        } else {
            format!("at {table}")
        };
        self.err(
            Some(key.span()),
            format!("unknown key \"{name}\" {place}"),
            Some(help),
        )
    }

    fn type_err(&self, name: &str, expected: &str, v: &Value<'_>) -> ConfigError {
        self.err(
            Some(v.span()),
            format!(
                "invalid type for \"{name}\": expected {expected}, found {}",
                type_name(v.get_ref())
            ),
            None,
        )
    }

    fn table<'t, 'i>(&self, name: &str, v: &'t Value<'i>) -> Result<&'t DeTable<'i>, ConfigError> {
        match v.get_ref() {
            DeValue::Table(t) => Ok(t),
            _ => Err(self.type_err(name, "a table", v)),
        }
    }

    /// An array of strings, each with its span.
    fn strings(
        &self,
        name: &str,
        v: &Value<'_>,
    ) -> Result<Vec<(String, Range<usize>)>, ConfigError> {
        let DeValue::Array(items) = v.get_ref() else {
            return Err(self.type_err(name, "an array of strings", v));
        };
        items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) => Ok((s.to_string(), item.span())),
                _ => Err(self.type_err(name, "a string", item)),
            })
            .collect()
    }

    fn check_code(&self, code: &str, span: Range<usize>) -> Result<(), ConfigError> {
        if code.is_empty() {
            return Err(self.err(
                Some(span),
                "empty rule code",
                Some("use a rule code like \"PM001\" or a prefix like \"PM1\"".to_string()),
            ));
        }
        if self.known.is_empty() || self.known.iter().any(|c| c.starts_with(code)) {
            return Ok(());
        }
        let help = suggest_code(code, self.known).map(|s| format!("did you mean \"{s}\"?"));
        Err(self.err(Some(span), format!("unknown rule code \"{code}\""), help))
    }

    fn codes(&self, name: &str, v: &Value<'_>) -> Result<Vec<String>, ConfigError> {
        let list = self.strings(name, v)?;
        for (code, span) in &list {
            self.check_code(code, span.clone())?;
        }
        Ok(list.into_iter().map(|(c, _)| c).collect())
    }

    fn keywords(&self, name: &str, v: &Value<'_>) -> Result<Vec<String>, ConfigError> {
        let list = self.strings(name, v)?;
        for (kw, span) in &list {
            if kw.trim().is_empty() {
                return Err(self.err(Some(span.clone()), "empty keyword", None));
            }
        }
        Ok(list.into_iter().map(|(k, _)| k).collect())
    }

    /// A list of keywords that replaces a section's names: not empty, since
    /// with no name no heading could ever name the section.
    fn names(&self, name: &str, v: &Value<'_>) -> Result<Vec<String>, ConfigError> {
        let list = self.keywords(name, v)?;
        if list.is_empty() {
            return Err(self.err(
                Some(v.span()),
                format!("empty `{name}`: no heading could name the section"),
                Some(
                    "list at least one name; to stop requiring a section, ignore its rule (`[lint] ignore = [\"PM003\"]`)"
                        .to_string(),
                ),
            ));
        }
        Ok(list)
    }

    fn glob(&self, pattern: &str, span: Range<usize>) -> Result<Glob, ConfigError> {
        if pattern.is_empty() {
            return Err(self.err(Some(span), "empty glob pattern", None));
        }
        GlobBuilder::new(&effective_pattern(pattern))
            .literal_separator(true)
            .build()
            .map_err(|e| {
                self.err(
                    Some(span),
                    format!("invalid glob \"{pattern}\": {}", e.kind()),
                    Some(
                        "globs use `*`, `?`, `**`, `[abc]` and `{a,b}`; escape specials with `\\`"
                            .to_string(),
                    ),
                )
            })
    }

    fn lint(&self, t: &DeTable<'_>) -> Result<LintConfig, ConfigError> {
        let mut lint = LintConfig::default();
        for (k, v) in sorted_entries(t) {
            match k.get_ref().as_ref() {
                "select" => lint.select = Some(self.codes("lint.select", v)?),
                "ignore" => lint.ignore = self.codes("lint.ignore", v)?,
                "severity" => {
                    for (code, sev) in sorted_entries(self.table("lint.severity", v)?) {
                        self.check_code(code.get_ref(), code.span())?;
                        let severity = self.severity(code.get_ref(), sev)?;
                        lint.severity.insert(code.get_ref().to_string(), severity);
                    }
                }
                "per-file-ignores" => {
                    for (pat, codes) in sorted_entries(self.table("lint.per-file-ignores", v)?) {
                        let glob = self.glob(pat.get_ref(), pat.span())?;
                        let name = format!("lint.per-file-ignores.\"{}\"", pat.get_ref());
                        let codes = self.codes(&name, codes)?;
                        lint.per_file_ignores.push((
                            glob.compile_matcher(),
                            pat.get_ref().to_string(),
                            codes,
                        ));
                    }
                }
                _ => return Err(self.unknown_key(k, "[lint]", LINT_KEYS)),
            }
        }
        Ok(lint)
    }

    fn severity(&self, code: &str, v: &Value<'_>) -> Result<Severity, ConfigError> {
        const EXPECTED: &str = "expected \"error\" or \"warning\"";
        let DeValue::String(s) = v.get_ref() else {
            return Err(self.err(
                Some(v.span()),
                format!(
                    "invalid type for severity of \"{code}\": {EXPECTED}, found {}",
                    type_name(v.get_ref())
                ),
                None,
            ));
        };
        match s.as_ref() {
            "error" => Ok(Severity::Error),
            "warning" => Ok(Severity::Warning),
            other => {
                let help = match suggest_word(other, &["error", "warning"]) {
                    Some(w) => format!("did you mean \"{w}\"?"),
                    None => EXPECTED.to_string(),
                };
                Err(self.err(
                    Some(v.span()),
                    format!("invalid severity \"{other}\": {EXPECTED}"),
                    Some(help),
                ))
            }
        }
    }

    fn files(&self, t: &DeTable<'_>) -> Result<FilesConfig, ConfigError> {
        let mut files = FilesConfig::default();
        for (k, v) in sorted_entries(t) {
            match k.get_ref().as_ref() {
                "exclude" => {
                    let mut builder = GlobSetBuilder::new();
                    let mut patterns = Vec::new();
                    for (pat, span) in self.strings("files.exclude", v)? {
                        builder.add(self.glob(&pat, span)?);
                        patterns.push(pat);
                    }
                    files.exclude = builder.build().map_err(|e| {
                        self.err(Some(v.span()), format!("invalid globs: {e}"), None)
                    })?;
                    files.exclude_patterns = patterns;
                }
                _ => return Err(self.unknown_key(k, "[files]", FILES_KEYS)),
            }
        }
        Ok(files)
    }

    fn sections(&self, t: &DeTable<'_>) -> Result<SectionsConfig, ConfigError> {
        let mut sections = SectionsConfig::default();
        for (k, v) in sorted_entries(t) {
            let key = k.get_ref().as_ref();
            let target = match key {
                "summary" => &mut sections.summary,
                "timeline" => &mut sections.timeline,
                "root-cause" => &mut sections.root_cause,
                "corrective" => &mut sections.corrective,
                "custom" => {
                    sections.custom = self.custom_sections(v)?;
                    continue;
                }
                _ => return Err(self.unknown_key(k, "[sections]", SECTIONS_KEYS)),
            };
            *target = self.section_override(key, v)?;
        }
        Ok(sections)
    }

    fn section_override(&self, key: &str, v: &Value<'_>) -> Result<SectionOverride, ConfigError> {
        let table_name = format!("sections.{key}");
        let mut out = SectionOverride::default();
        for (k, v) in sorted_entries(self.table(&table_name, v)?) {
            match k.get_ref().as_ref() {
                "keywords" => {
                    out.keywords = Some(self.names(&format!("{table_name}.keywords"), v)?)
                }
                "extend-keywords" => {
                    out.extend_keywords =
                        self.keywords(&format!("{table_name}.extend-keywords"), v)?
                }
                _ => {
                    return Err(self.unknown_key(k, &format!("[{table_name}]"), OVERRIDE_KEYS));
                }
            }
        }
        Ok(out)
    }

    fn custom_sections(&self, v: &Value<'_>) -> Result<Vec<CustomSection>, ConfigError> {
        const EXPECTED: &str = "an array of tables ([[sections.custom]])";
        let DeValue::Array(items) = v.get_ref() else {
            return Err(self.type_err("sections.custom", EXPECTED, v));
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let DeValue::Table(t) = item.get_ref() else {
                return Err(self.type_err("sections.custom", "a table", item));
            };
            let mut name: Option<String> = None;
            let mut keywords: Option<Vec<String>> = None;
            for (k, v) in sorted_entries(t) {
                match k.get_ref().as_ref() {
                    "name" => {
                        let DeValue::String(s) = v.get_ref() else {
                            return Err(self.type_err("sections.custom.name", "a string", v));
                        };
                        if s.trim().is_empty() {
                            return Err(self.err(Some(v.span()), "empty section name", None));
                        }
                        name = Some(s.to_string());
                    }
                    "keywords" => keywords = Some(self.names("sections.custom.keywords", v)?),
                    _ => return Err(self.unknown_key(k, "[[sections.custom]]", CUSTOM_KEYS)),
                }
            }
            let Some(name) = name else {
                return Err(self.err(
                    Some(item.span()),
                    "missing key \"name\" in [[sections.custom]]",
                    Some("add `name = \"...\"` to this table".to_string()),
                ));
            };
            let keywords = keywords.unwrap_or_else(|| vec![name.to_lowercase()]);
            out.push(CustomSection { name, keywords });
        }
        Ok(out)
    }

    fn timeline(&self, t: &DeTable<'_>) -> Result<TimelineConfig, ConfigError> {
        let mut timeline = TimelineConfig::default();
        for (k, v) in sorted_entries(t) {
            match k.get_ref().as_ref() {
                "rollover-hours" => timeline.rollover_hours = self.rollover_hours(v)?,
                "date-order" => timeline.date_order = self.date_order(v)?,
                _ => return Err(self.unknown_key(k, "[timeline]", TIMELINE_KEYS)),
            }
        }
        Ok(timeline)
    }

    fn rollover_hours(&self, v: &Value<'_>) -> Result<u32, ConfigError> {
        const HELP: &str = "use a whole number of hours from 1 to 23, e.g. `rollover-hours = 6`";
        let DeValue::Integer(i) = v.get_ref() else {
            return Err(self.err(
                Some(v.span()),
                format!(
                    "invalid type for \"timeline.rollover-hours\": expected an integer, found {}",
                    type_name(v.get_ref())
                ),
                Some(HELP.to_string()),
            ));
        };
        let text = &self.text[floor_char_boundary(self.text, v.span().start)
            ..ceil_char_boundary(self.text, v.span().end)];
        let n = i64::from_str_radix(i.as_str(), i.radix()).map_err(|_| {
            self.err(
                Some(v.span()),
                format!("invalid integer {text} for \"timeline.rollover-hours\""),
                Some(HELP.to_string()),
            )
        })?;
        match u32::try_from(n) {
            Ok(h @ 1..=23) => Ok(h),
            _ => Err(self.err(
                Some(v.span()),
                format!("\"timeline.rollover-hours\" must be between 1 and 23, found {n}"),
                Some(HELP.to_string()),
            )),
        }
    }

    fn date_order(&self, v: &Value<'_>) -> Result<DateOrderSetting, ConfigError> {
        const EXPECTED: &str = "expected \"mdy\" or \"dmy\"";
        let DeValue::String(s) = v.get_ref() else {
            return Err(self.err(
                Some(v.span()),
                format!(
                    "invalid type for \"timeline.date-order\": {EXPECTED}, found {}",
                    type_name(v.get_ref())
                ),
                None,
            ));
        };
        match s.as_ref() {
            "mdy" => Ok(DateOrderSetting::Mdy),
            "dmy" => Ok(DateOrderSetting::Dmy),
            other => Err(self.err(
                Some(v.span()),
                format!("invalid date-order \"{other}\": {EXPECTED}"),
                Some("\"mdy\" reads 03/04 as March 4, \"dmy\" reads it as 3 April".to_string()),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: &[&str] = &[
        "PM001", "PM002", "PM101", "PM102", "PM103", "PM201", "PM202", "PM301",
    ];

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/proj/pmlint.toml"), CODES)
    }

    /// Parses, expects an error, and checks message, 1-based line, and help.
    fn expect_err(text: &str, message: &str, line: usize, help: Option<&str>) -> ConfigError {
        let err = match parse(text) {
            Ok(_) => panic!("expected an error for:\n{text}"),
            Err(e) => e,
        };
        assert_eq!(err.message, message, "message for:\n{text}");
        assert_eq!(
            err.line_col().map(|(l, _)| l),
            Some(line),
            "line for {err:?}"
        );
        if let Some(help) = help {
            assert_eq!(err.help.as_deref(), Some(help), "help for {err:?}");
        }
        err
    }

    fn spanned(err: &ConfigError) -> &str {
        &err.source[err.span.clone().expect("span")]
    }

    const FULL: &str = r#"
[lint]
select = ["PM1", "PM001"]
ignore = ["PM301"]

[lint.severity]
PM301 = "error"
PM1 = "warning"

[lint.per-file-ignores]
"drafts/**" = ["PM2"]
"*.wip.md" = ["PM001", "PM1"]

[files]
exclude = ["archive/**", "tmp"]

[sections.summary]
keywords = ["summary"]
extend-keywords = ["tl;dr"]

[sections.root-cause]
extend-keywords = ["why"]

[[sections.custom]]
name = "Detection"
keywords = ["detection", "how we noticed"]

[[sections.custom]]
name = "Impact"

[timeline]
rollover-hours = 4
date-order = "dmy"
"#;

    #[test]
    fn parses_full_config() {
        let c = parse(FULL).unwrap();
        assert_eq!(c.root.as_deref(), Some(Path::new("/proj")));
        assert_eq!(c.path.as_deref(), Some(Path::new("/proj/pmlint.toml")));
        assert_eq!(
            c.lint.select,
            Some(vec!["PM1".to_string(), "PM001".to_string()])
        );
        assert_eq!(c.lint.ignore, vec!["PM301"]);
        assert_eq!(c.lint.severity.get("PM301"), Some(&Severity::Error));
        assert_eq!(c.lint.severity.get("PM1"), Some(&Severity::Warning));
        assert_eq!(c.lint.per_file_ignores.len(), 2);
        assert_eq!(c.lint.per_file_ignores[0].1, "drafts/**");
        assert_eq!(c.lint.per_file_ignores[0].2, vec!["PM2"]);
        assert_eq!(c.lint.per_file_ignores[1].1, "*.wip.md");
        assert_eq!(c.files.exclude_patterns, vec!["archive/**", "tmp"]);
        assert_eq!(c.files.exclude.len(), 2);
        assert_eq!(
            c.sections.summary.keywords,
            Some(vec!["summary".to_string()])
        );
        assert_eq!(c.sections.summary.extend_keywords, vec!["tl;dr"]);
        assert_eq!(c.sections.root_cause.keywords, None);
        assert_eq!(c.sections.root_cause.extend_keywords, vec!["why"]);
        assert_eq!(c.sections.timeline, SectionOverride::default());
        assert_eq!(c.sections.corrective, SectionOverride::default());
        assert_eq!(
            c.sections.custom,
            vec![
                CustomSection {
                    name: "Detection".into(),
                    keywords: vec!["detection".into(), "how we noticed".into()],
                },
                CustomSection {
                    name: "Impact".into(),
                    keywords: vec!["impact".into()],
                },
            ]
        );
        assert_eq!(c.timeline.rollover_hours, 4);
        assert_eq!(c.timeline.date_order, DateOrderSetting::Dmy);
    }

    #[test]
    fn empty_and_default_configs() {
        let c = parse("").unwrap();
        assert_eq!(c.lint.select, None);
        assert!(c.lint.ignore.is_empty());
        assert_eq!(c.timeline, TimelineConfig::default());
        assert_eq!(c.timeline.rollover_hours, 6);
        assert_eq!(c.timeline.date_order, DateOrderSetting::Mdy);
        let d = Config::default();
        assert_eq!(d.root, None);
        assert_eq!(d.timeline.rollover_hours, 6);
        assert!(!d.is_excluded(Path::new("a/b.md")));
        assert!(d.per_file_ignores(Path::new("a/b.md")).is_empty());
        // Inline tables and dotted keys are fine too.
        let c = parse("lint = { select = [\"PM\"] }\ntimeline.date-order = \"mdy\"\n").unwrap();
        assert_eq!(c.lint.select, Some(vec!["PM".to_string()]));
    }

    #[test]
    fn section_override_resolve() {
        let o = SectionOverride {
            keywords: None,
            extend_keywords: vec!["TL;DR".into(), "summary".into()],
        };
        assert_eq!(
            o.resolve(&["summary", "overview"]),
            vec!["summary", "overview", "TL;DR"]
        );
        let o = SectionOverride {
            keywords: Some(vec!["abstract".into()]),
            extend_keywords: vec![],
        };
        assert_eq!(o.resolve(&["summary"]), vec!["abstract"]);
    }

    #[test]
    fn invalid_toml() {
        let err = expect_err(
            "[lint]\nselect = [\"PM1\"\n",
            "unclosed array, expected `]`",
            2,
            None,
        );
        assert!(err.span.is_some());
        let err = parse("[lint\n").unwrap_err();
        assert_eq!(err.message, "unclosed table, expected `]`");
        assert_eq!(err.line_col(), Some((1, 6)));
        let err = parse("a = 1\n\na = 2\n").unwrap_err();
        assert_eq!(err.message, "duplicate key");
        assert_eq!(err.line_col(), Some((3, 1)));
    }

    #[test]
    fn unknown_keys() {
        let err = expect_err(
            "[lint]\nignore = []\nselct = [\"PM1\"]\n",
            "unknown key \"selct\" in [lint]",
            3,
            Some("did you mean \"select\"?"),
        );
        assert_eq!(spanned(&err), "selct");
        assert_eq!(err.line_col(), Some((3, 1)));

        let err = expect_err(
            "\n[lnt]\nselect = []\n",
            "unknown key \"lnt\" at the top level",
            2,
            Some("did you mean \"lint\"?"),
        );
        assert_eq!(spanned(&err), "lnt");

        expect_err(
            "[files]\nexlude = []\n",
            "unknown key \"exlude\" in [files]",
            2,
            Some("did you mean \"exclude\"?"),
        );
        expect_err(
            "[sections]\n\n[sections.root_cause]\nkeywords = []\n",
            "unknown key \"root_cause\" in [sections]",
            3,
            Some("did you mean \"root-cause\"?"),
        );
        expect_err(
            "[sections.summary]\nextend_keywords = [\"x\"]\n",
            "unknown key \"extend_keywords\" in [sections.summary]",
            2,
            Some("did you mean \"extend-keywords\"?"),
        );
        expect_err(
            "[[sections.custom]]\nname = \"A\"\nkeyword = [\"a\"]\n",
            "unknown key \"keyword\" in [[sections.custom]]",
            3,
            Some("did you mean \"keywords\"?"),
        );
        expect_err(
            "[timeline]\nrollover_hours = 3\n",
            "unknown key \"rollover_hours\" in [timeline]",
            2,
            Some("did you mean \"rollover-hours\"?"),
        );
        // Far from anything: list the expected keys instead.
        expect_err(
            "[timeline]\nzzzzzzzz = 3\n",
            "unknown key \"zzzzzzzz\" in [timeline]",
            2,
            Some("expected one of: \"rollover-hours\", \"date-order\""),
        );
        // The first error in file order is reported, though the map is sorted.
        expect_err(
            "[lint]\nzz = 1\naa = 2\n",
            "unknown key \"zz\" in [lint]",
            2,
            None,
        );
    }

    #[test]
    fn unknown_rule_codes() {
        let err = expect_err(
            "[lint]\nselect = [\"PM1\"]\nignore = [\n  \"PM001\",\n  \"PM999\",\n]\n",
            "unknown rule code \"PM999\"",
            5,
            Some("did you mean \"PM301\"?"),
        );
        assert_eq!(spanned(&err), "\"PM999\"");

        let err = expect_err(
            "[lint.severity]\nPM301 = \"error\"\nPX1 = \"error\"\n",
            "unknown rule code \"PX1\"",
            3,
            Some("did you mean \"PM1\"?"),
        );
        assert_eq!(spanned(&err), "PX1");

        expect_err(
            "[lint]\nselect = [\"PM1O1\"]\n",
            "unknown rule code \"PM1O1\"",
            2,
            Some("did you mean \"PM101\"?"),
        );
        expect_err(
            "[lint]\nselect = [\"pm001\"]\n",
            "unknown rule code \"pm001\"",
            2,
            Some("did you mean \"PM001\"?"),
        );
        expect_err(
            "[lint.per-file-ignores]\n\"a/**\" = [\"PM2\"]\n\"b/**\" = [\"PM4\"]\n",
            "unknown rule code \"PM4\"",
            3,
            Some("did you mean \"PM3\"?"),
        );
        expect_err("[lint]\nignore = [\"\"]\n", "empty rule code", 2, None);
        // Prefixes of any length are fine.
        parse("[lint]\nselect = [\"P\", \"PM\", \"PM1\", \"PM10\", \"PM101\"]\n").unwrap();
        // Without known codes, codes are not checked.
        Config::parse("[lint]\nselect = [\"XX9\"]\n", Path::new("p.toml"), &[]).unwrap();
    }

    #[test]
    fn bad_values() {
        let err = expect_err(
            "[lint.severity]\nPM301 = \"fatal\"\n",
            "invalid severity \"fatal\": expected \"error\" or \"warning\"",
            2,
            Some("expected \"error\" or \"warning\""),
        );
        assert_eq!(spanned(&err), "\"fatal\"");
        expect_err(
            "[lint.severity]\nPM301 = \"eror\"\n",
            "invalid severity \"eror\": expected \"error\" or \"warning\"",
            2,
            Some("did you mean \"error\"?"),
        );
        expect_err(
            "[lint.severity]\n\nPM301 = 2\n",
            "invalid type for severity of \"PM301\": expected \"error\" or \"warning\", found an integer",
            3,
            None,
        );

        let err = expect_err(
            "[timeline]\ndate-order = \"ymd\"\n",
            "invalid date-order \"ymd\": expected \"mdy\" or \"dmy\"",
            2,
            None,
        );
        assert_eq!(spanned(&err), "\"ymd\"");

        let err = expect_err(
            "[timeline]\n\nrollover-hours = 24\n",
            "\"timeline.rollover-hours\" must be between 1 and 23, found 24",
            3,
            None,
        );
        assert_eq!(spanned(&err), "24");
        expect_err(
            "[timeline]\nrollover-hours = 0\n",
            "\"timeline.rollover-hours\" must be between 1 and 23, found 0",
            2,
            None,
        );
        expect_err(
            "[timeline]\nrollover-hours = -3\n",
            "\"timeline.rollover-hours\" must be between 1 and 23, found -3",
            2,
            None,
        );
        let err = expect_err(
            "[timeline]\nrollover-hours = 6.5\n",
            "invalid type for \"timeline.rollover-hours\": expected an integer, found a float",
            2,
            None,
        );
        assert_eq!(spanned(&err), "6.5");
        expect_err(
            "[timeline]\nrollover-hours = \"6\"\n",
            "invalid type for \"timeline.rollover-hours\": expected an integer, found a string",
            2,
            None,
        );
        expect_err(
            "[timeline]\nrollover-hours = 99999999999999999999\n",
            &parse("[timeline]\nrollover-hours = 99999999999999999999\n")
                .unwrap_err()
                .message,
            2,
            None,
        );
        assert_eq!(
            parse("[timeline]\nrollover-hours = 0x10\n")
                .unwrap()
                .timeline
                .rollover_hours,
            16
        );
    }

    #[test]
    fn bad_globs() {
        let err = expect_err(
            "[files]\nexclude = [\n  \"ok/**\",\n  \"drafts/[**\",\n]\n",
            "invalid glob \"drafts/[**\": unclosed character class; missing ']'",
            4,
            None,
        );
        assert_eq!(spanned(&err), "\"drafts/[**\"");
        let err = expect_err(
            "[lint.per-file-ignores]\n\"drafts/[**\" = [\"PM2\"]\n",
            "invalid glob \"drafts/[**\": unclosed character class; missing ']'",
            2,
            None,
        );
        assert_eq!(spanned(&err), "\"drafts/[**\"");
    }

    #[test]
    fn wrong_types() {
        let err = expect_err(
            "[lint]\nselect = \"PM1\"\n",
            "invalid type for \"lint.select\": expected an array of strings, found a string",
            2,
            None,
        );
        assert_eq!(spanned(&err), "\"PM1\"");
        let err = expect_err(
            "[lint]\nignore = [\"PM1\", 3]\n",
            "invalid type for \"lint.ignore\": expected a string, found an integer",
            2,
            None,
        );
        assert_eq!(spanned(&err), "3");
        expect_err(
            "lint = 3\n",
            "invalid type for \"lint\": expected a table, found an integer",
            1,
            None,
        );
        expect_err(
            "[files]\nexclude = \"archive\"\n",
            "invalid type for \"files.exclude\": expected an array of strings, found a string",
            2,
            None,
        );
        expect_err(
            "[sections.custom]\nname = \"x\"\n",
            "invalid type for \"sections.custom\": expected an array of tables ([[sections.custom]]), found a table",
            1,
            None,
        );
        expect_err(
            "[sections]\nsummary = [\"x\"]\n",
            "invalid type for \"sections.summary\": expected a table, found an array",
            2,
            None,
        );
        expect_err(
            "[sections.summary]\nkeywords = [\"a\", \" \"]\n",
            "empty keyword",
            2,
            None,
        );
        expect_err(
            "[sections.root-cause]\nkeywords = []\n",
            "empty `sections.root-cause.keywords`: no heading could name the section",
            2,
            None,
        );
        expect_err(
            "[[sections.custom]]\nname = \"Comms\"\nkeywords = []\n",
            "empty `sections.custom.keywords`: no heading could name the section",
            3,
            None,
        );
        expect_err(
            "[lint.per-file-ignores]\n\"a/**\" = \"PM1\"\n",
            "invalid type for \"lint.per-file-ignores.\"a/**\"\": expected an array of strings, found a string",
            2,
            None,
        );
        let err = expect_err(
            "[[sections.custom]]\nkeywords = [\"x\"]\n",
            "missing key \"name\" in [[sections.custom]]",
            1,
            None,
        );
        assert_eq!(spanned(&err), "[[sections.custom]]");
        expect_err(
            "[[sections.custom]]\nname = 1\n",
            "invalid type for \"sections.custom.name\": expected a string, found an integer",
            2,
            None,
        );
    }

    #[test]
    fn error_display_and_render() {
        let err = parse("[lint]\nselct = []\n").unwrap_err();
        assert_eq!(
            err.to_line(),
            "/proj/pmlint.toml:2:1: unknown key \"selct\" in [lint]"
        );
        assert_eq!(err.to_string(), err.to_line());
        let out = err.render_plain();
        assert!(
            out.contains("error: unknown key \"selct\" in [lint]"),
            "{out}"
        );
        assert!(out.contains("/proj/pmlint.toml:2:1"), "{out}");
        assert!(out.contains("selct = []"), "{out}");
        assert!(out.contains("help: did you mean \"select\"?"), "{out}");
        let mut buf = term::termcolor::Buffer::ansi();
        err.render(&mut buf).unwrap();
        assert!(!buf.as_slice().is_empty());

        // Column counts chars, not bytes.
        let err = parse("[lint]\nignore = [\"é\", \"PM9\"]\n").unwrap_err();
        assert_eq!(err.message, "unknown rule code \"é\"");
        let err = parse("# é\n[lint]\nignore = [\"PM1\", \"PM9\"]\n").unwrap_err();
        assert_eq!(err.line_col(), Some((3, 18)));

        // No span, odd spans: still renders, never panics.
        let err = Config::load(Path::new("/nonexistent/dir/pmlint.toml"), CODES).unwrap_err();
        assert_eq!(err.span, None);
        assert!(
            err.to_line()
                .starts_with("/nonexistent/dir/pmlint.toml: cannot read config file")
        );
        assert!(err.render_plain().contains("cannot read config file"));
        let odd = ConfigError {
            path: "x.toml".into(),
            source: "é".into(),
            span: Some(1..99),
            message: "m".into(),
            help: None,
        };
        assert_eq!(odd.line_col(), Some((1, 1)));
        assert!(odd.render_plain().contains('m'));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let inputs = [
            "",
            "\u{0}",
            "[",
            "]]",
            "a",
            "=",
            "[lint]\nselect = [[]]",
            "[lint.severity]\n\"\" = \"error\"",
            "[lint.per-file-ignores]\n\"\" = []",
            "[files]\nexclude = [\"\"]",
            "[[sections.custom]]",
            "[sections]\ncustom = [1]",
            "[timeline]\nrollover-hours = 0x",
            "[timeline]\nrollover-hours = 1979-05-27",
            "x = \"\u{1F600}\"",
            "[lint]\nselect = [\"\u{1F600}\"]",
            "\u{FEFF}[lint]",
            "[lint]\nselect = [\"PM1\"]\n[lint]\n",
        ];
        for text in inputs {
            if let Err(e) = parse(text) {
                let _ = e.to_line();
                let _ = e.render_plain();
            }
        }
    }

    /// The config's `select`, `ignore` and `[lint.per-file-ignores]` as the
    /// linter applies them ([`crate::lint::rule_enabled`]).
    #[test]
    fn severity_for_and_rule_enabled() {
        let c = parse(FULL).unwrap();
        assert_eq!(c.severity_for("PM301"), Some(Severity::Error));
        assert_eq!(c.severity_for("PM101"), Some(Severity::Warning));
        assert_eq!(c.severity_for("PM201"), None);
        let none = crate::lint::LintOptions::default();
        let on = |c: &Config, code: &str, path: &str| {
            crate::lint::rule_enabled(code, c, &none, Path::new(path))
        };
        assert!(on(&c, "PM101", "/proj/x.md"));
        assert!(on(&c, "PM001", "/proj/x.md"));
        assert!(!on(&c, "PM002", "/proj/x.md"), "not selected");
        assert!(!on(&c, "PM301", "/proj/x.md"), "ignored");
        assert!(!on(&c, "PM101", "/proj/notes.wip.md"), "a per-file ignore");
        assert!(!on(&c, "PM001", "/proj/notes.wip.md"));
        let c = parse("[lint]\nselect = [\"PM101\"]\nignore = [\"PM1\"]\n").unwrap();
        assert!(on(&c, "PM101", "/proj/x.md"), "the longer select wins");
        assert!(!on(&c, "PM102", "/proj/x.md"));
        let c = parse("[lint.per-file-ignores]\n\"drafts/**\" = [\"PM2\"]\n").unwrap();
        assert!(on(&c, "PM201", "/proj/x.md"), "every rule runs by default");
        assert!(!on(&c, "PM201", "/proj/drafts/a.md"));
        assert!(on(&c, "PM101", "/proj/drafts/a.md"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(suggest_word("selct", LINT_KEYS), Some("select"));
        assert_eq!(suggest_word("xyz", LINT_KEYS), None);
        assert_eq!(suggest_code("PM0001", CODES).as_deref(), Some("PM001"));
        assert_eq!(suggest_code("PM10", &[]), None);
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn discovery() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let top = root.join("pmlint.toml");
        write(&top, "[timeline]\nrollover-hours = 3\n");
        let team = root.join("team");
        let team_cfg = team.join(".pmlint.toml");
        write(&team_cfg, "[timeline]\nrollover-hours = 9\n");
        let deep = team.join("2024").join("q1");
        std::fs::create_dir_all(&deep).unwrap();
        let other = root.join("other").join("sub");
        std::fs::create_dir_all(&other).unwrap();

        // The walk up the tree that `ConfigCache` does, with nothing cached.
        let find_config_file =
            |dir: &Path| ConfigCache::new(CODES.to_vec()).config_file_for_dir(&absolutize(dir));
        assert_eq!(find_config_file(root), Some(top.clone()));
        assert_eq!(find_config_file(&other), Some(top.clone()));
        assert_eq!(find_config_file(&team), Some(team_cfg.clone()));
        assert_eq!(find_config_file(&deep), Some(team_cfg.clone()));

        // Both names in one folder: pmlint.toml wins.
        let both = root.join("both");
        write(&both.join(".pmlint.toml"), "");
        write(&both.join("pmlint.toml"), "");
        assert_eq!(find_config_file(&both), Some(both.join("pmlint.toml")));

        // A directory named pmlint.toml is not a config file.
        let dir_named = root.join("weird");
        std::fs::create_dir_all(dir_named.join("pmlint.toml")).unwrap();
        assert_eq!(find_config_file(&dir_named), Some(top.clone()));

        let lonely = tempfile::tempdir().unwrap();
        let nested = lonely.path().join("a").join("b");
        std::fs::create_dir_all(&nested).unwrap();
        // Only valid if no ancestor of the temp dir has a config file.
        let expected_none = lonely
            .path()
            .ancestors()
            .all(|d| config_in_dir(d).is_none());
        if expected_none {
            assert_eq!(find_config_file(&nested), None);
        }

        // The cache.
        let cache = ConfigCache::new(CODES.to_vec());
        let c1 = cache.for_file(&deep.join("a.md")).unwrap();
        assert_eq!(c1.timeline.rollover_hours, 9);
        assert_eq!(c1.path.as_deref(), Some(team_cfg.as_path()));
        let c2 = cache.for_file(&team.join("b.md")).unwrap();
        assert!(Arc::ptr_eq(&c1, &c2), "parsed once");
        let c3 = cache.for_file(&other.join("c.md")).unwrap();
        assert_eq!(c3.timeline.rollover_hours, 3);
        let c4 = cache.load_explicit(&top).unwrap();
        assert!(Arc::ptr_eq(&c3, &c4));
        if expected_none {
            let d = cache.for_file(&nested.join("x.md")).unwrap();
            assert!(d.path.is_none());
            assert!(Arc::ptr_eq(&d, &cache.default_config()));
        }

        // Errors are reported (and cached) too.
        let bad = root.join("bad");
        write(&bad.join("pmlint.toml"), "[lint]\nselct = []\n");
        let e1 = cache.for_file(&bad.join("x.md")).unwrap_err();
        assert_eq!(e1.message, "unknown key \"selct\" in [lint]");
        let e2 = cache.for_file(&bad.join("y.md")).unwrap_err();
        assert_eq!(e1, e2);

        // Usable from several threads.
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    let c = cache.for_file(&deep.join("z.md")).unwrap();
                    assert_eq!(c.timeline.rollover_hours, 9);
                });
            }
        });
    }

    #[test]
    fn exclusion_and_per_file_ignores() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("proj");
        let cfg_path = root.join("pmlint.toml");
        write(
            &cfg_path,
            r#"
[files]
exclude = ["archive/**", "./old", "*.tmp.md"]
[lint.per-file-ignores]
"drafts/**" = ["PM2", "PM301"]
"*.wip.md" = ["PM1", "PM2"]
"#,
        );
        write(&root.join("drafts").join("x.md"), "");
        let c = Config::load(&cfg_path, CODES).unwrap();
        assert_eq!(c.root.as_deref(), Some(root.as_path()));

        // Absolute paths.
        assert!(c.is_excluded(&root.join("archive/2023/x.md")));
        assert!(c.is_excluded(&root.join("old/x.md")));
        assert!(c.is_excluded(&root.join("old")));
        assert!(c.is_excluded(&root.join("notes/a.tmp.md")));
        assert!(c.is_excluded(&root.join("a.tmp.md")));
        assert!(!c.is_excluded(&root.join("current/x.md")));
        assert!(!c.is_excluded(&root.join("archived/x.md")));
        assert!(!c.is_excluded(&root.join("notes/old.md")));
        assert!(
            !c.is_excluded(&tmp.path().join("archive/x.md")),
            "outside the root"
        );
        assert!(c.is_excluded(&root.join("drafts/../archive/x.md")));

        // Relative paths are relative to the current dir (the crate, outside
        // the root), not to the root: not matched, as their absolute forms.
        assert!(!c.is_excluded(Path::new("archive/x.md")));
        assert!(!c.is_excluded(Path::new("./archive/x.md")));
        assert!(!c.is_excluded(Path::new("current/x.md")));

        assert_eq!(
            c.per_file_ignores(&root.join("drafts/x.md")),
            vec!["PM2", "PM301"]
        );
        assert_eq!(
            c.per_file_ignores(&root.join("drafts/a/b.wip.md")),
            vec!["PM2", "PM301", "PM1"]
        );
        assert_eq!(
            c.per_file_ignores(&root.join("c.wip.md")),
            vec!["PM1", "PM2"]
        );
        assert!(c.per_file_ignores(&root.join("final/x.md")).is_empty());
        assert!(c.per_file_ignores(Path::new("drafts/x.md")).is_empty());
        assert!(c.per_file_ignores(Path::new("final/x.md")).is_empty());

        // Canonicalised forms: a symlinked root still matches.
        #[cfg(unix)]
        {
            let link = tmp.path().join("link");
            std::os::unix::fs::symlink(&root, &link).unwrap();
            assert_eq!(
                c.per_file_ignores(&link.join("drafts/x.md")),
                vec!["PM2", "PM301"]
            );
        }
    }

    #[test]
    fn relative_to_current_dir() {
        // A config whose root is the current directory: relative paths resolve via cwd.
        let cwd = std::env::current_dir().unwrap();
        let c = Config::parse(
            "[files]\nexclude = [\"archive/**\"]\n",
            &cwd.join("pmlint.toml"),
            CODES,
        )
        .unwrap();
        assert!(c.is_excluded(Path::new("archive/x.md")));
        assert!(c.is_excluded(&cwd.join("archive/x.md")));
        assert!(!c.is_excluded(Path::new("x.md")));
        // A config file named without a folder has the current dir as root.
        let c = Config::parse("", Path::new("pmlint.toml"), CODES).unwrap();
        assert_eq!(c.root.as_deref(), Some(cwd.as_path()));
    }

    #[test]
    fn a_leading_dot_slash_anchors_a_pattern_to_the_config_folder() {
        let c = Config::parse(
            "[files]\nexclude = [\"./archive\", \"./*.tmp.md\", \"notes\"]\n\
             [lint.per-file-ignores]\n\"./drafts\" = [\"PM2\"]\n",
            Path::new("/proj/pmlint.toml"),
            CODES,
        )
        .unwrap();
        let root = Path::new("/proj");
        assert!(c.is_excluded(&root.join("archive/x.md")));
        assert!(c.is_excluded(&root.join("archive")));
        assert!(!c.is_excluded(&root.join("docs/archive/x.md")));
        assert!(c.is_excluded(&root.join("a.tmp.md")));
        assert!(!c.is_excluded(&root.join("docs/a.tmp.md")));
        // Without `./`, a name matches at any depth.
        assert!(c.is_excluded(&root.join("notes/x.md")));
        assert!(c.is_excluded(&root.join("docs/notes/x.md")));
        assert_eq!(c.per_file_ignores(&root.join("drafts/x.md")), vec!["PM2"]);
        assert!(
            c.per_file_ignores(&root.join("docs/drafts/x.md"))
                .is_empty()
        );
    }
}
