//! The command line: clap definitions and command dispatch.
//!
//! Exit codes: 0 = nothing at or above the fail level; 1 = at least one such
//! diagnostic; 2 = a usage, config or I/O error (other files still linted).

mod check;

use crate::config::{ConfigCache, ConfigError};
use crate::files;
use crate::render::Format;
use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

/// Exit code: nothing at or above the fail level.
pub const EXIT_OK: i32 = 0;
/// Exit code: at least one diagnostic at or above the fail level.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: a usage, config or I/O error.
pub const EXIT_ERROR: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "pmlint",
    version,
    about = "A linter for incident postmortems written in Markdown"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint postmortems (files, directories, or `-` for standard input).
    Check(CheckArgs),
    /// Print a rule's documentation, or list every rule.
    Rule(RuleArgs),
    /// Show the headings and sections pmlint recognises in a postmortem.
    Outline(OutlineArgs),
    /// Run the language server (LSP 3.17 over standard input and output) for editors.
    Server(ServerArgs),
    /// Write a new postmortem skeleton (refuses to overwrite a file).
    New(NewArgs),
}

#[derive(Debug, clap::Args)]
struct ServerArgs {
    /// Accepted for editors that pass it; standard input and output are always used.
    #[arg(long, hide = true)]
    stdio: bool,
}

#[derive(Debug, clap::Args)]
struct NewArgs {
    /// Where to write it; `-` prints it. Default: `postmortem-YYYY-MM-DD.md` (today, UTC).
    path: Option<PathBuf>,
    /// Which skeleton.
    #[arg(long, value_enum, default_value_t)]
    template: crate::new::Template,
}

#[derive(Debug, clap::Args)]
struct OutlineArgs {
    /// The postmortem to outline; `-` reads standard input.
    path: PathBuf,
    /// Use this config file instead of the one found from the postmortem's folder.
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore config files: the built-in section names only.
    #[arg(long)]
    isolated: bool,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or directories to lint (directories: every *.md / *.markdown below,
    /// honouring .gitignore); `-` reads standard input. Default: the current
    /// directory, or standard input with `--stdin-filename`.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Print how many diagnostics each rule reported, most first, instead of
    /// the diagnostics (as `ruff --statistics`): a table with `human` and
    /// `concise`, a JSON array of {code, name, count} with `json`; a usage
    /// error with `sarif`, `github` and `junit`.
    #[arg(long)]
    statistics: bool,
    /// Write the report to this file instead of standard output (created or
    /// truncated, with its folders); human output to a file is never coloured.
    #[arg(long, short, value_name = "PATH")]
    output_file: Option<PathBuf>,
    /// Rules to run: codes or prefixes, comma-separated (replaces the config's `select`).
    #[arg(long, value_delimiter = ',', value_parser = rule_code)]
    select: Option<Vec<String>>,
    /// Rules to skip: codes or prefixes, comma-separated (added to the config's `ignore`).
    #[arg(long, value_delimiter = ',', value_parser = rule_code)]
    ignore: Vec<String>,
    /// Use this config file instead of discovering pmlint.toml up the tree.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long, conflicts_with = "config")]
    isolated: bool,
    /// The lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Drop the closing summary line.
    #[arg(long, short)]
    quiet: bool,
    /// When to colour the human output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// The name of standard input's postmortem, in diagnostics and for config
    /// lookup. Standard input is read when `-` is among the paths or no path
    /// is given; other paths without `-` are a usage error.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// Apply `[files] exclude` to paths given explicitly too (as pre-commit passes them).
    #[arg(long)]
    force_exclude: bool,
    /// Apply safe fixes (insert skeletons for missing sections, move glued
    /// headings onto their own line), writing each changed file atomically;
    /// then report what remains. With `-`, print the fixed text instead.
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Print a unified diff of what `--fix` would change and write nothing
    /// (exit 1 when there is a diff).
    #[arg(long)]
    diff: bool,
}

/// Parses one entry of a code-list flag (`--select`, `--ignore`, after
/// splitting at commas): an empty entry (`--ignore ""`, `--ignore PM1,`) is a
/// usage error, as in ruff and as `ignore = [""]` is in `pmlint.toml`, since
/// the empty prefix would name every rule. Whether the code is known is
/// checked later, with a did-you-mean.
fn rule_code(value: &str) -> Result<String, String> {
    if value.trim().is_empty() {
        return Err(
            "empty rule code (a stray comma?); use a rule code like PM101 or a prefix like PM1"
                .into(),
        );
    }
    Ok(value.to_owned())
}

/// One of `CODE` or `--all` is required; the group makes clap's error name
/// both (`<CODE|--all>`), as `ruff rule` does.
#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
struct RuleArgs {
    /// The rule's code or name, e.g. PM101 or timeline-out-of-order.
    code: Option<String>,
    /// List every rule: code, name, default severity, summary.
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Parses the process arguments, runs the command and returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            if e.use_stderr() && filters_stdin(std::env::args_os().skip(1)) {
                // An editor filter (`:%!pmlint check --fix -`) replaces its
                // text with the output: give the input back unchanged.
                let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::stdout().lock());
            }
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Check(args) => check::check(args),
        Command::Rule(args) => rule(args),
        Command::Outline(args) => outline(args),
        Command::Server(_) => crate::server::run(),
        Command::New(args) => crate::new::command(args.path.as_deref(), args.template),
    }
}

/// Whether arguments that clap refused still ask `check` to fix standard
/// input and print it (`check ... --fix ... -`): the input must then be
/// passed through, as on any other error of `--fix -`.
fn filters_stdin(args: impl Iterator<Item = std::ffi::OsString>) -> bool {
    let args: Vec<std::ffi::OsString> = args.collect();
    args.first().is_some_and(|a| a == "check")
        && args.iter().any(|a| a == "--fix")
        && args.iter().any(|a| a == "-")
}

fn outline(args: OutlineArgs) -> i32 {
    let configs = ConfigCache::new(crate::catalogue::codes());
    let text = if args.path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())
            .and_then(|_| files::decode(bytes))
            .map_err(|message| files::FileError {
                path: args.path.clone(),
                message,
            })
    } else {
        files::read(&args.path)
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprintln!("pmlint: error: {e}");
            return EXIT_ERROR;
        }
    };
    let config = if args.isolated {
        Ok(std::sync::Arc::new(crate::config::Config::default()))
    } else if let Some(explicit) = &args.config {
        configs.load_explicit(explicit)
    } else {
        configs.for_file(&args.path)
    };
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            report_config_error(&e, ColorWhen::Never);
            return EXIT_ERROR;
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "{}", crate::outline::describe(&text, &config));
    EXIT_OK
}

fn rule(args: RuleArgs) -> i32 {
    let mut out = std::io::stdout().lock();
    if args.all {
        for r in crate::catalogue::all() {
            let _ = writeln!(
                out,
                "{:<6} {:<34} {:<8} {}",
                r.code,
                r.name,
                r.severity.as_str(),
                r.summary
            );
        }
        return EXIT_OK;
    }
    let word = args.code.unwrap_or_default();
    match crate::catalogue::resolve(&word) {
        Some(r) => {
            let _ = write!(out, "{}", r.render());
            EXIT_OK
        }
        None => {
            let hint = match crate::catalogue::closest(&word) {
                Some(s) => format!("did you mean \"{s}\"? "),
                None => String::new(),
            };
            eprintln!(
                "pmlint: error: unknown rule code or name \"{word}\" ({hint}see `pmlint rule --all`)"
            );
            EXIT_ERROR
        }
    }
}

/// `e` with its path (made absolute when the config was found or loaded)
/// relative to the current folder when inside it, as the linted files'
/// paths are shown.
fn shown(mut e: ConfigError) -> ConfigError {
    if let Ok(cwd) = std::env::current_dir()
        && let Ok(rel) = e.path.strip_prefix(&cwd)
        && !rel.as_os_str().is_empty()
    {
        e.path = rel.to_path_buf();
    }
    e
}

/// Writes config error `e` to standard error, its path shown as [`shown`] does.
fn report_config_error(e: &ConfigError, color: ColorWhen) {
    let e = &shown(e.clone());
    let choice = match color {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto if std::io::stderr().is_terminal() => ColorChoice::Auto,
        ColorWhen::Auto => ColorChoice::Never,
    };
    let mut stderr = StandardStream::stderr(choice);
    if e.render(&mut stderr).is_err() {
        eprintln!("pmlint: error: {e}");
    }
}
