//! One module per subcommand; each has a `run` function.

pub mod batch;
pub mod check;
pub mod compare;
pub mod convert;
pub mod explain;
pub mod generate;
pub mod report;
pub mod solve;
pub mod sweep;
pub mod validate;

use crate::cli::{Cli, Command};
use crate::Error;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Validate { scenario, format } => validate::run(&scenario, format),
        Command::Solve { scenario, out, solver, time_limit, quiet, prices, sets, xlsx } => solve::run(&solve::Args {
            scenario,
            out,
            solver,
            time_limit,
            quiet,
            prices,
            sets: parse_sets(&sets)?,
            xlsx,
        }),
        Command::Convert { source, to } => convert::run(&source, &to),
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
        Command::Report { scenario, plan, compare, out, sets } => {
            report::run(&report::Args { scenario, plan, compare, out, sets: parse_sets(&sets)? })
        }
        Command::Compare { plans, scenario, format, sets } => {
            compare::run(&scenario, &plans, format, &parse_sets(&sets)?)
        }
        Command::Batch { scenarios, spec, out, sets, run } => batch::run(&batch::Args {
            scenarios,
            spec,
            out,
            jobs: run.jobs,
            solver: run.solver,
            time_limit: run.time_limit,
            sets: parse_sets(&sets)?,
            quiet: run.quiet,
        }),
        Command::Sweep { scenario, sets, out, run } => sweep::run(&sweep::Args {
            scenario,
            sets,
            out,
            jobs: run.jobs,
            solver: run.solver,
            time_limit: run.time_limit,
            quiet: run.quiet,
        }),
        Command::Check { scenario, plan, format, sets } => check::run(&scenario, &plan, format, &parse_sets(&sets)?),
        Command::Generate { preset, out, seed, provinces, posts_per_commune, candidates_per_post } => generate::run(
            preset.as_deref(),
            &out,
            seed,
            &generate::Args { provinces, posts_per_commune, candidates_per_post },
        ),
    }
}

/// Parses `--set KEY=VALUE` arguments.
pub fn parse_sets(sets: &[String]) -> Result<Vec<crate::scenario::Override>, Error> {
    sets.iter().map(|s| crate::scenario::Override::parse(s).map_err(|e| Error::Usage(format!("--set {e}")))).collect()
}

/// Renders an error for the terminal.
pub fn render_error(e: &Error) -> String {
    match e {
        Error::Input(errs) => format!("error: {errs}"),
        Error::Usage(m) => format!("error: {m}\n"),
        Error::Infeasible(r) => r.to_text(),
        Error::Violations(v) => {
            let mut s = format!("the plan breaks {} rule(s):\n", v.len());
            for x in v {
                s.push_str(&format!("  - [{}] {}\n", x.rule, x.message));
            }
            s
        }
        Error::Internal(m) => format!("internal error: {m}\n"),
        Error::Exit(_) => String::new(),
    }
}
