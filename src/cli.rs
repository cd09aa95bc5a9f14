//! The command line: clap definitions and command dispatch.
//!
//! Exit codes: 0 = nothing at or above the fail level; 1 = at least one such
//! diagnostic; 2 = a usage, config or I/O error (other files still linted).

use crate::config::{ConfigCache, ConfigError};
use crate::diagnostic::Severity;
use crate::files::{self, FileError};
use crate::lint::LintOptions;
use crate::render::{self, Format, RenderOptions};
use crate::run::{self, FileResult, FixMode, Outcome, RunOptions};
use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

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
    /// The postmortem to outline.
    path: PathBuf,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or directories to lint (directories: every *.md / *.markdown below,
    /// honouring .gitignore); `-` reads standard input. Default: the current directory.
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
    #[arg(long, value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Rules to skip: codes or prefixes, comma-separated (added to the config's `ignore`).
    #[arg(long, value_delimiter = ',')]
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
    /// The name of standard input's postmortem, in diagnostics and for config lookup.
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

#[derive(Debug, clap::Args)]
struct RuleArgs {
    /// The rule's code, e.g. PM101.
    #[arg(required_unless_present = "all")]
    code: Option<String>,
    /// List every rule: code, name, default severity, summary.
    #[arg(long, conflicts_with = "code")]
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
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rule(args) => rule(args),
        Command::Outline(args) => outline(args),
        Command::Server(_) => crate::server::run(),
        Command::New(args) => crate::new::command(args.path.as_deref(), args.template),
    }
}

fn outline(args: OutlineArgs) -> i32 {
    let configs = ConfigCache::new(crate::catalogue::codes());
    let text = match files::read(&args.path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("pmlint: error: {e}");
            return EXIT_ERROR;
        }
    };
    let config = match configs.for_file(&args.path) {
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
    let code = args.code.unwrap_or_default().to_uppercase();
    match crate::catalogue::get(&code) {
        Some(r) => {
            let _ = write!(out, "{}", r.render());
            EXIT_OK
        }
        None => {
            eprintln!("pmlint: error: unknown rule code \"{code}\" (see `pmlint rule --all`)");
            EXIT_ERROR
        }
    }
}

fn check(args: CheckArgs) -> i32 {
    if args.statistics && !args.format.supports_statistics() {
        let format = args
            .format
            .to_possible_value()
            .map(|v| v.get_name().to_owned());
        eprintln!(
            "pmlint: error: --statistics is not supported with --format {} (use human, concise or json)",
            format.unwrap_or_default()
        );
        return EXIT_ERROR;
    }
    let configs = ConfigCache::new(crate::catalogue::codes());
    let explicit = if args.isolated {
        Some(configs.default_config())
    } else if let Some(path) = &args.config {
        match configs.load_explicit(path) {
            Ok(c) => Some(c),
            Err(e) => {
                report_config_error(&e, args.color);
                return EXIT_ERROR;
            }
        }
    } else {
        None
    };
    let options = LintOptions {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    for code in args.select.iter().flatten().chain(&args.ignore) {
        let upper = code.to_uppercase();
        if !crate::catalogue::codes()
            .iter()
            .any(|c| c.starts_with(&upper))
        {
            eprintln!(
                "pmlint: error: unknown rule code or prefix \"{code}\" (see `pmlint rule --all`)"
            );
            return EXIT_ERROR;
        }
    }

    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (stdin, paths): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| p.as_os_str() == "-");
    let (files, walk_errors) =
        files::collect(&paths, &configs, explicit.as_deref(), args.force_exclude);
    let mut outcomes: Vec<FileResult> = walk_errors
        .into_iter()
        .map(|e| FileResult::only(Outcome::FileError(e)))
        .collect();
    let run_options = RunOptions {
        lint: options,
        fix: if args.fix {
            FixMode::Apply
        } else if args.diff {
            FixMode::Diff
        } else {
            FixMode::Off
        },
        config: explicit,
    };
    if !stdin.is_empty() {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        let mut bytes = Vec::new();
        let outcome = match std::io::stdin().read_to_end(&mut bytes) {
            Ok(_) => match files::decode(bytes) {
                Ok(text) => run::lint_text(&name, text, &configs, &run_options),
                Err(message) => FileResult::only(Outcome::FileError(FileError {
                    path: name,
                    message,
                })),
            },
            Err(e) => FileResult::only(Outcome::FileError(FileError {
                path: name,
                message: e.to_string(),
            })),
        };
        if args.fix {
            // `--fix -`: the fixed text goes to standard output, as ruff does.
            if let Outcome::Report(r) = &outcome.outcome {
                print!("{}", r.source);
                return EXIT_OK;
            }
        }
        outcomes.push(outcome);
    }
    // Files are linted in parallel (one file: no thread pool); results keep
    // the input order, so the output is the same as a single-threaded run.
    // Each report is kept until every file is linted: human and concise
    // output is rendered at once and the text dropped; for the other formats
    // only the text its diagnostics reach is kept.
    let color = args.output_file.is_none()
        && match args.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
    let render_early = !args.statistics && !args.diff;
    let lint_one = |path: &PathBuf| {
        let mut result = run::lint_file(path, &configs, &run_options);
        if let Outcome::Report(report) = &mut result.outcome
            && !(render_early && report.render_early(args.format, color))
        {
            report.drop_unread_source();
        }
        result
    };
    if files.len() > 1 {
        use rayon::prelude::*;
        outcomes.extend(files.par_iter().map(lint_one).collect::<Vec<_>>());
    } else {
        outcomes.extend(files.iter().map(lint_one));
    }

    if args.diff {
        return print_diffs(&outcomes, args.color);
    }
    let fixed: usize = outcomes.iter().map(|o| o.fixes).sum();
    let fixed_files = outcomes.iter().filter(|o| o.fixes > 0).count();
    let mut reports = Vec::new();
    let mut failed = false;
    let mut seen_config_errors: Vec<String> = Vec::new();
    for result in outcomes {
        if let Some(e) = result.write_error {
            failed = true;
            eprintln!("pmlint: error: {e}");
        }
        match result.outcome {
            Outcome::Report(r) => reports.push(r),
            Outcome::FileError(e) => {
                failed = true;
                eprintln!("pmlint: error: {e}");
            }
            Outcome::ConfigError(e) => {
                failed = true;
                let key = e.to_line();
                if !seen_config_errors.contains(&key) {
                    report_config_error(&e, args.color);
                    seen_config_errors.push(key);
                }
            }
        }
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));

    let options = RenderOptions {
        color,
        quiet: args.quiet,
    };
    let emit = |out: &mut dyn Write| {
        if args.statistics {
            render::render_statistics(args.format, &reports, options, out)?;
        } else {
            render::render(args.format, &reports, options, out)?;
        }
        out.flush()
    };
    let written = match &args.output_file {
        // Buffered: standard output is line-buffered, one write per diagnostic otherwise.
        None => emit(&mut std::io::BufWriter::new(std::io::stdout().lock())),
        Some(path) => create_output_file(path).and_then(|f| emit(&mut std::io::BufWriter::new(f))),
    };
    if let Err(e) = written {
        match &args.output_file {
            Some(path) => eprintln!(
                "pmlint: error: writing the report to {}: {e}",
                path.display()
            ),
            None if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            None => eprintln!("pmlint: error: writing the report: {e}"),
        }
        return EXIT_ERROR;
    }
    if args.fix && !args.quiet {
        eprintln!(
            "pmlint: fixed {fixed} problem{} in {fixed_files} file{}",
            plural(fixed),
            plural(fixed_files)
        );
    }
    if failed {
        return EXIT_ERROR;
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    let fails = threshold.is_some_and(|t| {
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .any(|d| d.severity >= t)
    });
    // `main` exits the process with the code returned here, which frees
    // everything at once: freeing each report first would cost the main
    // thread, alone, about 14 M instructions on 10,000 files (callgrind).
    std::mem::forget(reports);
    if fails { EXIT_FINDINGS } else { EXIT_OK }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `--diff`: prints each file's diff; exit 1 when there is any, 2 on errors.
fn print_diffs(results: &[FileResult], color: ColorWhen) -> i32 {
    let mut any = false;
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for r in results {
        match &r.outcome {
            Outcome::Report(_) => {}
            Outcome::FileError(e) => {
                failed = true;
                eprintln!("pmlint: error: {e}");
            }
            Outcome::ConfigError(e) => {
                failed = true;
                report_config_error(e, color);
            }
        }
        if let Some(d) = &r.diff {
            any = true;
            let _ = out.write_all(d.as_bytes());
        }
    }
    if failed {
        EXIT_ERROR
    } else if any {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Creates (or truncates) `--output-file`, making its folders first (a
/// SARIF upload step often names a fresh `results/` folder).
fn create_output_file(path: &Path) -> std::io::Result<std::fs::File> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::File::create(path)
}

fn report_config_error(e: &ConfigError, color: ColorWhen) {
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
