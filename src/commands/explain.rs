//! `rotaplan explain <scenario> [--plan P] [--position ID | --cadre ID]`:
//! why a post has its holder, where a cadre goes, or why no plan exists.

use std::path::PathBuf;

use crate::cli::Format;
use crate::explain::{self, infeasible};
use crate::plan::Plan;
use crate::solve::{self, SolveError};
use crate::Error;

/// Arguments of `explain`.
#[derive(Debug, Clone)]
pub struct Args {
    pub scenario: PathBuf,
    pub plan: Option<PathBuf>,
    pub position: Option<String>,
    pub cadre: Option<String>,
    pub prices: bool,
    pub solver: Option<String>,
    pub format: Format,
    pub sets: Vec<crate::scenario::Override>,
}

fn print(format: Format, text: String, json: impl serde::Serialize) -> Result<(), Error> {
    match format {
        Format::Text => out!("{text}"),
        Format::Json => super::print_json(&json)?,
    }
    Ok(())
}

/// Runs the command.
pub fn run(args: &Args) -> Result<(), Error> {
    let (sc, el) = crate::pipeline::prepare_with(&args.scenario, &args.sets)?;
    super::warn(&sc);
    let opts = crate::pipeline::solver_options(&sc, args.solver.as_deref(), None)?;
    let plan: Plan = match &args.plan {
        Some(path) => crate::scenario::read_plan(&sc, path)?,
        None => match solve::solve(&sc, &el, &opts) {
            Ok(s) => s.plan,
            Err(SolveError::Infeasible(d)) => {
                let report = infeasible::analyse(&sc, &el, d.relaxations);
                if args.format == Format::Json {
                    print(args.format, String::new(), &report)?;
                    return Err(Error::Exit(3));
                }
                return Err(Error::Infeasible(Box::new(report)));
            }
            Err(e) => return Err(Error::Solver(e)),
        },
    };
    if let Some(id) = &args.position {
        let p =
            *sc.position_index.get(id).ok_or_else(|| Error::Usage(format!("post `{id}` is not in positions.csv")))?;
        let x = explain::explain_position(&sc, &el, &plan, p, args.prices.then_some(&opts))?;
        return print(args.format, x.to_text(), &x);
    }
    if let Some(id) = &args.cadre {
        let c = *sc.cadre_index.get(id).ok_or_else(|| Error::Usage(format!("cadre `{id}` is not in cadres.csv")))?;
        let x = explain::explain_cadre(&sc, &el, &plan, c, args.prices.then_some(&opts))?;
        return print(args.format, x.to_text(), &x);
    }
    let ev = plan.evaluate(&sc);
    let text = format!(
        "A plan exists: nothing blocks this scenario (objective {}).\nUse --position ID or --cadre ID to explain a decision.\n",
        crate::plan::fmt_num(ev.objective)
    );
    print(args.format, text, serde_json::json!({ "feasible": true, "objective": ev.objective }))
}
