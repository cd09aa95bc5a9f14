//! `pmlint check`: find the files, lint them in parallel, and report each
//! file's result in path order (errors on standard error, the report on
//! standard output or `--output-file`), then the summary line; return the
//! exit code.
//!
//! `human` and `concise` output is streamed: a file's output is written as
//! soon as the files before it are linted, and its report dropped (see
//! [`run::in_order`]), so memory does not grow with the number of files.
//! The other formats, `--statistics` and `--diff` are written at the end,
//! from every report.

use super::{
    CheckArgs, ColorWhen, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, FailOn, report_config_error,
};
use crate::config::ConfigCache;
use crate::diagnostic::Severity;
use crate::files::{self, FileError};
use crate::lint::LintOptions;
use crate::render::{self, FileReport, RenderOptions, RunError, Tally};
use crate::run::{self, FileResult, FixMode, Outcome, RunOptions};
use clap::ValueEnum;
use std::io::{self, IsTerminal, Read, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

pub(super) fn check(args: CheckArgs) -> i32 {
    // `--fix -` is a filter (an editor's `:%!pmlint check --fix -` replaces
    // its buffer with standard output): standard input is read first, so
    // that whatever stops the run, the text is handed back unchanged. With
    // other paths too it is no filter: refused below, the text handed back.
    let reads_stdin = if args.paths.is_empty() {
        args.stdin_filename.is_some()
    } else {
        args.paths.iter().any(|p| p.as_os_str() == "-")
    };
    if args.fix && reads_stdin {
        let mut bytes = Vec::new();
        if let Err(e) = io::stdin().read_to_end(&mut bytes) {
            eprintln!("pmlint: error: reading standard input: {e}");
            return EXIT_ERROR;
        }
        return check_inputs(&args, Some(bytes));
    }
    check_inputs(&args, None)
}

/// Says that `--output-file` `output` is also `input`, a file to lint.
fn refuse_output_file(output: &Path, input: &Path) {
    let also = if input == output {
        String::new()
    } else if input.is_dir() {
        format!(" (in {})", input.display())
    } else {
        format!(" (as {})", input.display())
    };
    eprintln!(
        "pmlint: error: --output-file {} is also a file to lint{also}: write the report elsewhere",
        output.display(),
    );
}

/// Writes `input` (standard input, as read by `--fix -`) unchanged to
/// standard output, when given, and returns `code`: what a filter does when
/// it cannot fix its input, so that the pipe loses nothing.
fn pass_through(input: Option<&[u8]>, code: i32) -> i32 {
    if let Some(bytes) = input {
        let mut stdout = io::stdout().lock();
        if let Err(e) = stdout.write_all(bytes).and_then(|()| stdout.flush()) {
            report_write_error(None, &e);
            return EXIT_ERROR;
        }
    }
    code
}

/// [`check`] once the filter's input (`--fix -`: standard input, read) is known.
fn check_inputs(args: &CheckArgs, filter_input: Option<Vec<u8>>) -> i32 {
    let fail = |code: i32| pass_through(filter_input.as_deref(), code);
    // `--output-file` is written over: it is no file to lint. Named as one,
    // or a Markdown file in a folder named, it is refused before anything is
    // read or written (a bad config's report would be written to it).
    if let Some(output) = &args.output_file
        && let Some(named) = args
            .paths
            .iter()
            .find(|p| files::is_same_file(p, output) || files::holds_markdown(p, output))
    {
        refuse_output_file(output, named);
        return fail(EXIT_ERROR);
    }
    if args.statistics && !args.format.supports_statistics() {
        let format = args
            .format
            .to_possible_value()
            .map(|v| v.get_name().to_owned());
        eprintln!(
            "pmlint: error: --statistics is not supported with --format {} (use human, concise or json)",
            format.unwrap_or_default()
        );
        return fail(EXIT_ERROR);
    }
    let stdin_named = args.paths.iter().any(|p| p.as_os_str() == "-");
    if args.stdin_filename.is_some() && !args.paths.is_empty() && !stdin_named {
        eprintln!(
            "pmlint: error: --stdin-filename names standard input, but `-` is not among the paths; add `-` (or give no path) to lint standard input"
        );
        return fail(EXIT_ERROR);
    }
    let configs = ConfigCache::new(crate::catalogue::codes());
    let explicit = if args.isolated {
        Some(configs.default_config())
    } else if let Some(path) = &args.config {
        match configs.load_explicit(path) {
            Ok(c) => Some(c),
            Err(e) => {
                report_config_error(&e, args.color);
                let filter = filter_input.is_some();
                return fail(report_run_errors(args, &[config_run_error(e)], filter));
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
            return fail(EXIT_ERROR);
        }
    }

    let paths = if args.paths.is_empty() {
        // As in ruff: with --stdin-filename and no path, standard input is linted.
        vec![PathBuf::from(if args.stdin_filename.is_some() {
            "-"
        } else {
            "."
        })]
    } else {
        args.paths.clone()
    };
    let (stdin, paths): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| p.as_os_str() == "-");
    if args.fix && !stdin.is_empty() && (!paths.is_empty() || stdin.len() > 1) {
        eprintln!(
            "pmlint: error: --fix with standard input (`-`) takes no other path: the fixed text is written to standard output"
        );
        return fail(EXIT_ERROR);
    }
    // Sorted as the report lists them: each is written as soon as it is linted.
    let (mut files, walk_errors) =
        files::collect(&paths, &configs, explicit.as_deref(), args.force_exclude);
    // Found in a folder, `--output-file` may be an earlier run's report or
    // a postmortem of that name: refused, as when named (above), before
    // anything is written.
    if let Some(output) = &args.output_file
        && let Some(found) = files::remove_same_file(&mut files, output).first()
    {
        refuse_output_file(output, found);
        return fail(EXIT_ERROR);
    }
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
    let color = args.output_file.is_none()
        && match args.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
    // Standard input's report is one more to sort among the files': it is
    // streamed only when there is none.
    let mut sink = match Sink::new(args, color, stdin.is_empty()) {
        Ok(sink) => sink,
        Err(code) => return fail(code),
    };
    for e in walk_errors {
        let _ = sink.take(FileResult::only(Outcome::FileError(e)));
    }
    if !stdin.is_empty() && stdin_force_excluded(args, &configs, &run_options) {
        // Skipped as a file of that name would be. `--fix -` still hands
        // the text on, unchanged, so a pipe loses nothing.
        if args.fix {
            return fail(EXIT_OK);
        }
    } else if let Some(input) = filter_input {
        return fix_stdin(args, input, &configs, &run_options);
    } else if !stdin.is_empty() {
        let _ = sink.take(lint_stdin(args, &configs, &run_options));
    }
    // Human and concise output is rendered on the thread that lints the
    // file, and its text dropped; for the other formats only the text its
    // diagnostics reach is kept.
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
    run::in_order(&files, lint_one, |result| sink.take(result));
    sink.finish()
}

/// A config error as the formats that list errors show it: its path as on
/// standard error ([`super::shown`]).
fn config_run_error(e: crate::config::ConfigError) -> RunError {
    RunError::Config(super::shown(e))
}

/// Writes a report of no file but `errors` in the formats that list errors
/// ([`render::Format::lists_errors`]: SARIF, GitHub, JUnit), so that CI sees
/// why nothing was linted (the errors are already on standard error), and
/// an empty array in JSON; returns [`EXIT_ERROR`]. With `filter` (`--fix -`, whose standard output
/// is the text) the report goes to standard error unless `--output-file`.
fn report_run_errors(args: &CheckArgs, errors: &[RunError], filter: bool) -> i32 {
    // JSON lists no errors, but is always one array: `[]`.
    if !args.format.lists_errors() && args.format != render::Format::Json {
        return EXIT_ERROR;
    }
    let options = RenderOptions {
        color: false,
        quiet: true,
    };
    let emit = |out: &mut dyn Write| {
        render::render_with_errors(args.format, &[], errors, options, out)?;
        out.flush()
    };
    let written = match &args.output_file {
        None if filter => emit(&mut io::stderr().lock()),
        None => emit(&mut io::BufWriter::new(io::stdout().lock())),
        Some(path) => create_output_file(path).and_then(|f| emit(&mut io::BufWriter::new(f))),
    };
    if let Err(e) = written {
        report_write_error(args.output_file.as_deref(), &e);
    }
    EXIT_ERROR
}

/// `--fix -`, as ruff does it: lints and fixes `input` (standard input, as
/// read); the fixed text goes to standard output, and the report of what
/// remains to standard error (or `--output-file`), so the text can be piped
/// on. The exit code is that of any other run: 1 when what remains reaches
/// `--fail-on`, 2 when the input could not be linted or fixed (not UTF-8,
/// binary, UTF-16, or its config is invalid): then the error goes to
/// standard error and `input` to standard output, unchanged, so that an
/// editor's filter does not empty its buffer.
fn fix_stdin(args: &CheckArgs, input: Vec<u8>, configs: &ConfigCache, options: &RunOptions) -> i32 {
    let name = stdin_name(args);
    // The input is kept to hand it back should it not be fixed.
    let mut result = run::lint_bytes(&name, input.clone(), configs, options);
    result.apply_fixed();
    let (report, refused) = match result.outcome {
        Outcome::Report(r) => (r, result.write_error),
        Outcome::FileError(e) => {
            eprintln!("pmlint: error: {e}");
            return pass_through(Some(&input), EXIT_ERROR);
        }
        Outcome::ConfigError(e) => {
            report_config_error(&e, args.color);
            return pass_through(Some(&input), EXIT_ERROR);
        }
    };
    // Not fixed (UTF-16): the text as it came, and the report of what was found.
    let text = match &refused {
        Some(e) => {
            eprintln!("pmlint: error: {e}");
            input.as_slice()
        }
        None => report.source.as_bytes(),
    };
    let mut stdout = io::stdout().lock();
    if let Err(e) = stdout.write_all(text).and_then(|()| stdout.flush()) {
        report_write_error(None, &e);
        return EXIT_ERROR;
    }
    drop(stdout);
    let reports = std::slice::from_ref(&report);
    if let Err(e) = render_stdin_report(args, reports) {
        report_write_error(args.output_file.as_deref(), &e);
        return EXIT_ERROR;
    }
    if refused.is_some() {
        return EXIT_ERROR;
    }
    exit_code(&Tally::of(reports), args.fail_on)
}

/// Writes `--fix -`'s report (of standard input), or its `--statistics`, to
/// standard error, or to `--output-file`: standard output holds the text.
fn render_stdin_report(args: &CheckArgs, reports: &[FileReport]) -> io::Result<()> {
    let options = RenderOptions {
        color: false,
        quiet: args.quiet,
    };
    let emit = |out: &mut dyn Write| {
        if args.statistics {
            render::render_statistics(args.format, reports, options, out)
        } else {
            render::render(args.format, reports, options, out)
        }
    };
    match &args.output_file {
        None => emit(&mut io::stderr().lock()),
        Some(path) => create_output_file(path).and_then(|f| {
            let mut out = io::BufWriter::new(f);
            emit(&mut out)?;
            out.flush()
        }),
    }
}

/// Standard input's name: `--stdin-filename` (without a leading `./`, as
/// files are shown), else `-`.
fn stdin_name(args: &CheckArgs) -> PathBuf {
    args.stdin_filename
        .as_deref()
        .map_or_else(|| PathBuf::from("-"), crate::files::without_dot_prefix)
}

/// The exit code for diagnostics counted in `tally`: [`EXIT_FINDINGS`] when
/// one reaches `fail_on`, else [`EXIT_OK`].
fn exit_code(tally: &Tally, fail_on: FailOn) -> i32 {
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    if threshold.is_some_and(|t| tally.reaches(t)) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Whether standard input is skipped: `--force-exclude` is given and its
/// `--stdin-filename` is excluded by `[files] exclude` (of `--config`, or
/// of the config found for that name), as a file named on the command line
/// would be.
fn stdin_force_excluded(args: &CheckArgs, configs: &ConfigCache, options: &RunOptions) -> bool {
    let Some(name) = args
        .stdin_filename
        .as_deref()
        .filter(|_| args.force_exclude)
    else {
        return false;
    };
    match &options.config {
        Some(c) => c.is_excluded(name),
        None => configs.for_file(name).is_ok_and(|c| c.is_excluded(name)),
    }
}

/// Reads and lints standard input, named `--stdin-filename` or `-` (not
/// with `--fix`: see [`fix_stdin`]).
fn lint_stdin(args: &CheckArgs, configs: &ConfigCache, options: &RunOptions) -> FileResult {
    let name = stdin_name(args);
    let mut bytes = Vec::new();
    match std::io::stdin().read_to_end(&mut bytes) {
        Ok(_) => run::lint_bytes(&name, bytes, configs, options),
        Err(e) => FileResult::only(Outcome::FileError(FileError {
            path: name,
            message: e.to_string(),
        })),
    }
}

/// Where the reports go.
enum Output {
    /// `--diff`: each file's diff, to standard output, as it comes.
    Diff { any: bool },
    /// Human or concise output, each file's written as it comes.
    Stream {
        out: Box<dyn Write>,
        /// The first write error; nothing more is written after it.
        error: Option<io::Error>,
    },
    /// Every report, rendered at the end (sorted by path).
    Collect(Vec<FileReport>),
}

/// Takes each file's result in path order: reports errors at once, sends
/// the report to its [`Output`], counts what the summary, the exit code and
/// `--fix`'s closing line need.
struct Sink<'a> {
    args: &'a CheckArgs,
    color: bool,
    output: Output,
    tally: Tally,
    /// A file or config could not be read, or a fix not written (exit 2).
    failed: bool,
    /// Config errors reported so far: each is reported once, not per file.
    config_errors: Vec<String>,
    /// Files that could not be read, decoded or written, in path order, and
    /// each invalid config once, where first met: SARIF, GitHub and JUnit
    /// list them too.
    run_errors: Vec<RunError>,
    fixed: usize,
    fixed_files: usize,
}

impl<'a> Sink<'a> {
    /// A sink for `args`; `may_stream`: the results will come in path
    /// order. Opening `--output-file` for a streamed report may fail: the
    /// error is reported and `Err` holds the exit code.
    fn new(args: &'a CheckArgs, color: bool, may_stream: bool) -> Result<Sink<'a>, i32> {
        let output = if args.diff {
            Output::Diff { any: false }
        } else if may_stream && !args.statistics && args.format.renders_each_file() {
            let out: Box<dyn Write> = match &args.output_file {
                // Buffered: standard output is line-buffered, one write per line otherwise.
                None => Box::new(io::BufWriter::new(io::stdout().lock())),
                Some(path) => match create_output_file(path) {
                    Ok(f) => Box::new(io::BufWriter::new(f)),
                    Err(e) => {
                        report_write_error(args.output_file.as_deref(), &e);
                        return Err(EXIT_ERROR);
                    }
                },
            };
            Output::Stream { out, error: None }
        } else {
            Output::Collect(Vec::new())
        };
        Ok(Sink {
            args,
            color,
            output,
            tally: Tally::default(),
            failed: false,
            config_errors: Vec::new(),
            run_errors: Vec::new(),
            fixed: 0,
            fixed_files: 0,
        })
    }

    /// Takes the next file's result. Breaks once the streamed report can no
    /// longer be written (`pmlint check | head` closed the pipe), unless
    /// `--fix` is writing files: the rest would be linted for nothing.
    fn take(&mut self, result: FileResult) -> ControlFlow<()> {
        if (result.write_error.is_some() || !matches!(result.outcome, Outcome::Report(_)))
            && let Output::Stream { out, error: None } = &mut self.output
        {
            // The error goes to standard error at its place among the
            // reports: what is buffered for standard output goes first.
            let _ = out.flush();
        }
        self.fixed += result.fixes;
        self.fixed_files += usize::from(result.fixes > 0);
        if let Some(e) = &result.write_error {
            self.failed = true;
            eprintln!("pmlint: error: {e}");
            self.run_errors.push(RunError::File(e.clone()));
        }
        let report = match result.outcome {
            Outcome::Report(r) => r,
            Outcome::FileError(e) => {
                self.failed = true;
                eprintln!("pmlint: error: {e}");
                self.run_errors.push(RunError::File(e));
                return ControlFlow::Continue(());
            }
            Outcome::ConfigError(e) => {
                self.failed = true;
                let key = e.to_line();
                if !self.config_errors.contains(&key) {
                    report_config_error(&e, self.args.color);
                    self.config_errors.push(key);
                    self.run_errors.push(config_run_error(e));
                }
                return ControlFlow::Continue(());
            }
        };
        match &mut self.output {
            Output::Diff { any } => {
                if let Some(d) = &result.diff {
                    *any = true;
                    let _ = io::stdout().lock().write_all(d.as_bytes());
                }
            }
            Output::Stream { out, error } => {
                self.tally.add(&report);
                if error.is_none() {
                    let options = RenderOptions {
                        color: self.color,
                        quiet: true,
                    };
                    let file = std::slice::from_ref(&report);
                    if let Err(e) = render::render(self.args.format, file, options, out) {
                        *error = Some(e);
                    }
                }
                if error.is_some() && !self.args.fix {
                    return ControlFlow::Break(());
                }
            }
            Output::Collect(reports) => reports.push(report),
        }
        ControlFlow::Continue(())
    }

    /// Writes what remains (the collected report, or the summary line),
    /// reports `--fix`'s count, and returns the exit code.
    fn finish(self) -> i32 {
        let args = self.args;
        let options = RenderOptions {
            color: self.color,
            quiet: args.quiet,
        };
        let (written, tally) = match self.output {
            Output::Diff { any } => {
                return if self.failed {
                    EXIT_ERROR
                } else if any {
                    EXIT_FINDINGS
                } else {
                    EXIT_OK
                };
            }
            Output::Stream { mut out, error } => {
                let written = match error {
                    Some(e) => Err(e),
                    None if args.quiet => out.flush(),
                    None => writeln!(out, "{}", self.tally).and_then(|()| out.flush()),
                };
                (written, self.tally)
            }
            Output::Collect(mut reports) => {
                // The files come sorted: this places standard input's report.
                reports.sort_by(|a, b| a.path.cmp(&b.path));
                let emit = |out: &mut dyn Write| {
                    if args.statistics {
                        render::render_statistics(args.format, &reports, options, out)?;
                    } else {
                        let errors = &self.run_errors;
                        render::render_with_errors(args.format, &reports, errors, options, out)?;
                    }
                    out.flush()
                };
                let written = match &args.output_file {
                    None => emit(&mut io::BufWriter::new(io::stdout().lock())),
                    Some(path) => {
                        create_output_file(path).and_then(|f| emit(&mut io::BufWriter::new(f)))
                    }
                };
                let tally = Tally::of(&reports);
                // `main` exits the process with the code returned here, which
                // frees everything at once: freeing each report first would
                // cost the main thread, alone, about 14 M instructions on
                // 10,000 files (callgrind).
                std::mem::forget(reports);
                (written, tally)
            }
        };
        if let Err(e) = written {
            report_write_error(args.output_file.as_deref(), &e);
            return EXIT_ERROR;
        }
        if args.fix && !args.quiet {
            eprintln!(
                "pmlint: fixed {} problem{} in {} file{}",
                self.fixed,
                plural(self.fixed),
                self.fixed_files,
                plural(self.fixed_files)
            );
        }
        if self.failed {
            return EXIT_ERROR;
        }
        exit_code(&tally, args.fail_on)
    }
}

/// Reports an error writing the report (to `--output-file` when given); a
/// closed pipe on standard output (`pmlint check | head`) is not reported.
fn report_write_error(output_file: Option<&Path>, e: &io::Error) {
    match output_file {
        Some(path) => eprintln!(
            "pmlint: error: writing the report to {}: {e}",
            path.display()
        ),
        None if e.kind() == io::ErrorKind::BrokenPipe => {}
        None => eprintln!("pmlint: error: writing the report: {e}"),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Creates (or truncates) `--output-file`, making its folders first (a
/// SARIF upload step often names a fresh `results/` folder).
fn create_output_file(path: &Path) -> std::io::Result<std::fs::File> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            // `File exists` would not say which: name the file in the way.
            match parent.ancestors().find(|a| a.is_file()) {
                Some(file) => {
                    io::Error::other(format!("{} is a file, not a folder", file.display()))
                }
                None => e,
            }
        })?;
    }
    std::fs::File::create(path)
}
