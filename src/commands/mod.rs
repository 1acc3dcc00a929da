//! One module per subcommand; each has a `run` function.

pub mod check;
pub mod generate;
pub mod solve;
pub mod validate;

use crate::cli::{Cli, Command};
use crate::Error;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Validate { scenario, format } => validate::run(&scenario, format),
        Command::Solve {
            scenario,
            out,
            solver,
            time_limit,
            quiet,
        } => solve::run(&solve::Args {
            scenario,
            out,
            solver,
            time_limit,
            quiet,
        }),
        Command::Check {
            scenario,
            plan,
            format,
        } => check::run(&scenario, &plan, format),
        Command::Generate { preset, out, seed } => generate::run(&preset, &out, seed),
    }
}

/// Renders an error for the terminal.
pub fn render_error(e: &Error) -> String {
    match e {
        Error::Input(errs) => format!("error: {errs}"),
        Error::Usage(m) => format!("error: {m}\n"),
        Error::Infeasible(d) => {
            let mut s =
                String::from("infeasible: no plan satisfies every rule, pin and hard target.\n");
            if d.relaxations.is_empty() {
                s.push_str("  (no single hard target or pin was found to relax)\n");
            } else {
                s.push_str("The smallest relaxation that lets a plan exist:\n");
                for r in &d.relaxations {
                    s.push_str(&format!("  - {}\n", r.message));
                }
            }
            s
        }
        Error::Violations(v) => {
            let mut s = format!("the plan breaks {} rule(s):\n", v.len());
            for x in v {
                s.push_str(&format!("  - [{}] {}\n", x.rule, x.message));
            }
            s
        }
        Error::Internal(m) => format!("internal error: {m}\n"),
    }
}
