//! `rotaplan explain <scenario> [--plan P] [--position ID | --cadre ID]`:
//! why a post has its holder, where a cadre goes, or why no plan exists.

use std::path::PathBuf;

use crate::cli::Format;
use crate::explain;
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
    let plan = match crate::pipeline::given_or_optimal(&sc, &el, args.plan.as_deref(), &opts) {
        Err(Error::Infeasible(report)) if args.format == Format::Json => {
            super::print_json(&report)?;
            return Err(Error::Exit(3));
        }
        plan => plan?,
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
