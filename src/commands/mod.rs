//! One module per subcommand; each has a `run` function that parses its
//! arguments into library calls and prints. Commands never import each
//! other; what two of them share lives here or in the library.

/// `print!` that ends the command quietly on a closed pipe (see [`stdout`]).
macro_rules! out {
    ($($arg:tt)*) => { $crate::commands::stdout(&format!($($arg)*))? };
}

/// `println!` that ends the command quietly on a closed pipe (see [`stdout`]).
macro_rules! outln {
    () => { $crate::commands::stdout("\n")? };
    ($($arg:tt)*) => { $crate::commands::stdout(&format!("{}\n", format_args!($($arg)*)))? };
}

pub mod batch;
pub mod check;
pub mod compare;
pub mod convert;
pub mod explain;
pub mod generate;
pub mod merge;
pub mod migrate;
pub mod policy;
pub mod report;
pub mod serve;
pub mod solve;
pub mod sweep;
pub mod validate;

use std::io::IsTerminal;

use crate::batch::{run_all, Run, RunResult};
use crate::cli::{Cli, Command, LagrangeMode};
use crate::pipeline::RunOptions;
use crate::scenario::Override;
use crate::solve::{Lagrange, Probe};
use crate::Error;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    let lang = cli.lang;
    match cli.command {
        Command::Validate { scenario, format } => validate::run(&scenario, format),
        Command::Solve {
            scenario,
            out,
            solver,
            time_limit,
            quiet,
            prices,
            sets,
            xlsx,
            progress,
            lagrange,
            probe,
            no_neighbourhood,
        } => {
            let heartbeat = heartbeat(progress, quiet);
            let lagrange = match lagrange {
                LagrangeMode::Auto => Lagrange::Auto,
                LagrangeMode::Always => Lagrange::Always,
                LagrangeMode::Off => Lagrange::Off,
            };
            let probe = match probe {
                LagrangeMode::Auto => Probe::Auto,
                LagrangeMode::Always => Probe::Always,
                LagrangeMode::Off => Probe::Off,
            };
            solve::run(&solve::Args {
                scenario,
                out,
                run: RunOptions { solver, time_limit, prices, heartbeat, lagrange, probe, no_neighbourhood },
                quiet,
                sets: parse_sets(&sets)?,
                xlsx,
                lang,
            })
        }
        Command::Convert { source, to, force } => convert::run(&source, &to, force),
        Command::Explain { scenario, plan, position, cadre, no_prices, solver, format, sets } => {
            explain::run(&explain::Args {
                scenario,
                plan,
                position,
                cadre,
                prices: !no_prices,
                solver,
                format,
                sets: parse_sets(&sets)?,
            })
        }
        Command::Report { scenario, plan, compare, out, force, sets, show_reasons } => {
            let sets = parse_sets(&sets)?;
            report::run(&report::Args { scenario, plan, compare, out, force, sets, show_reasons, lang })
        }
        Command::Compare { plans, scenario, format, sets, show_reasons } => {
            compare::run(&scenario, &plans, format, &parse_sets(&sets)?, show_reasons)
        }
        Command::Batch { scenarios, spec, out, sets, shard, run } => batch::run(&batch::Args {
            scenarios,
            spec,
            out,
            jobs: run.jobs,
            run: RunOptions { solver: run.solver, time_limit: run.time_limit, ..RunOptions::default() },
            sets: parse_sets(&sets)?,
            shard,
            quiet: run.quiet,
        }),
        Command::Merge { out, quiet } => merge::run(&out, quiet),
        Command::Serve { scenario, port, read_only, workspace, solver, time_limit, pseudonymize } => {
            let run = RunOptions { solver, time_limit, ..RunOptions::default() };
            // Solves run in children of this binary: live progress, and a cancel that stops at once.
            let program = std::env::current_exe().ok();
            serve::run(crate::desk::DeskOptions { scenario, read_only, run, workspace, program, pseudonymize }, port)
        }
        Command::Sweep { scenario, sets, out, run } => sweep::run(&sweep::Args {
            scenario,
            sets,
            out,
            jobs: run.jobs,
            run: RunOptions { solver: run.solver, time_limit: run.time_limit, ..RunOptions::default() },
            quiet: run.quiet,
        }),
        Command::Check { scenario, plan, format, sets } => check::run(&scenario, &plan, format, &parse_sets(&sets)?),
        Command::Generate { preset, out, seed, provinces, posts_per_commune, candidates_per_post } => generate::run(
            preset.as_deref(),
            &out,
            seed,
            &generate::Args { provinces, posts_per_commune, candidates_per_post },
        ),
        Command::Migrate { scenario, out } => migrate::run(&scenario, &out),
        Command::Policy { action: crate::cli::PolicyAction::Show { scenario, format } } => {
            policy::run(&scenario, format)
        }
    }
}

/// Writes to standard output. A closed pipe (`rotaplan compare ... | head`)
/// ends the command quietly with exit 0, as ripgrep does, instead of a panic.
pub fn stdout(text: &str) -> Result<(), Error> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Error::Exit(0)),
        Err(e) => Err(Error::Output { path: "standard output".into(), source: e.into() }),
        Ok(()) => Ok(()),
    }
}

/// Prints the warnings of reading a scenario to standard error.
pub fn warn(sc: &crate::model::Scenario) {
    for w in &sc.warnings {
        eprintln!("warning: {w}");
    }
}

/// Prints a value as pretty JSON.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::Internal(e.to_string()))?;
    stdout(&format!("{text}\n"))
}

/// Parses `--set KEY=VALUE` arguments.
pub fn parse_sets(sets: &[String]) -> Result<Vec<Override>, Error> {
    sets.iter().map(|s| Override::parse(s).map_err(|e| Error::Usage(format!("--set {e}")))).collect()
}

/// The heartbeat of `solve`: as asked; else, unless the run is quiet, a
/// line redrawn in place on a terminal, and text lines in a log.
fn heartbeat(asked: Option<crate::cli::ProgressFormat>, quiet: bool) -> Option<crate::heartbeat::Format> {
    use crate::cli::ProgressFormat;
    use crate::heartbeat::Format;
    match asked {
        Some(ProgressFormat::Json) => Some(Format::Json),
        Some(ProgressFormat::Text) => Some(Format::Text),
        None if quiet => None,
        None if std::io::stderr().is_terminal() => Some(Format::Bar),
        None => Some(Format::Text),
    }
}

/// [`run_all`] with a progress bar on a terminal, else one line per run.
pub fn run_with_progress(
    runs: &[Run],
    jobs: usize,
    sets: &[Override],
    opts: &RunOptions,
    quiet: bool,
) -> Result<Vec<RunResult>, Error> {
    with_progress(runs.len(), quiet, |report| run_all(runs, jobs, sets, opts, report))
}

/// Calls `work` with a reporter of ended runs: a progress bar on a
/// terminal, else one line per run (none when quiet).
pub fn with_progress<T>(
    runs: usize,
    quiet: bool,
    work: impl FnOnce(&(dyn Fn(usize, usize, &RunResult) + Sync)) -> Result<T, Error>,
) -> Result<T, Error> {
    let bar = (std::io::stderr().is_terminal() && !quiet).then(|| progress_bar(runs));
    let report = |n: usize, total: usize, r: &RunResult| match &bar {
        Some(b) => {
            b.set_message(format!("last: {} {}", r.name, r.status.as_str()));
            b.inc(1);
        }
        None if !quiet => eprintln!("[{n}/{total}] {}: {} ({:.2} s)", r.name, r.status.as_str(), r.seconds),
        None => {}
    };
    let results = work(&report);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    results
}

fn progress_bar(len: usize) -> indicatif::ProgressBar {
    let b = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} runs, {elapsed} elapsed, ETA {eta} {msg}")
    {
        b.set_style(style);
    }
    b
}
