//! One module per subcommand; each has a `run` function.

pub mod check;
pub mod explain;
pub mod generate;
pub mod solve;
pub mod validate;

use crate::cli::{Cli, Command};
use crate::Error;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Validate { scenario, format } => validate::run(&scenario, format),
        Command::Solve { scenario, out, solver, time_limit, quiet, prices } => {
            solve::run(&solve::Args { scenario, out, solver, time_limit, quiet, prices })
        }
        Command::Explain { scenario, plan, position, cadre, no_prices, solver, format } => {
            explain::run(&explain::Args { scenario, plan, position, cadre, prices: !no_prices, solver, format })
        }
        Command::Check { scenario, plan, format } => check::run(&scenario, &plan, format),
        Command::Generate { preset, out, seed } => generate::run(&preset, &out, seed),
    }
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
