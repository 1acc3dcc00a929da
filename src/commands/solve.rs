//! `rotaplan solve <scenario> --out <dir>`: solves to a proven optimum, checks
//! the plan independently, and writes plan.csv and plan.json atomically.

use std::path::PathBuf;

use crate::plan::{fmt_num, plan_csv, PlanJson};
use crate::solve::{self, Backend, SolveError, SolveOptions};
use crate::Error;

/// Arguments of `solve`.
#[derive(Debug, Clone)]
pub struct Args {
    pub scenario: PathBuf,
    pub out: PathBuf,
    pub solver: Option<String>,
    pub time_limit: Option<f64>,
    pub quiet: bool,
    pub prices: bool,
}

/// Solver options from the scenario and the command line.
pub fn options(
    sc: &crate::model::Scenario,
    solver: Option<&str>,
    time_limit: Option<f64>,
) -> Result<SolveOptions, Error> {
    let mut opts = SolveOptions::from_scenario(sc);
    if let Some(s) = solver {
        opts.backend = Backend::parse(s).map_err(Error::Usage)?;
    }
    if let Some(t) = time_limit {
        if !(t > 0.0 && t.is_finite()) {
            return Err(Error::Usage(format!("--time-limit {t}: give a positive number of seconds")));
        }
        opts.time_limit = Some(t);
    }
    Ok(opts)
}

/// Runs the command.
pub fn run(args: &Args) -> Result<(), Error> {
    let (sc, el) = crate::prepare(&args.scenario)?;
    let mut opts = SolveOptions::from_scenario(&sc);
    if let Some(s) = &args.solver {
        opts.backend = Backend::parse(s).map_err(Error::Usage)?;
    }
    if let Some(t) = args.time_limit {
        if !(t > 0.0 && t.is_finite()) {
            return Err(Error::Usage(format!("--time-limit {t}: give a positive number of seconds")));
        }
        opts.time_limit = Some(t);
    }
    let solved = match solve::solve(&sc, &el, &opts) {
        Ok(s) => s,
        Err(SolveError::Infeasible(d)) => {
            return Err(Error::Infeasible(Box::new(crate::explain::infeasible::analyse(&sc, &el, d.relaxations))))
        }
        Err(e) => return Err(Error::Internal(e.to_string())),
    };
    // Never write a plan that the independent check rejects: that would be a bug.
    let violations = crate::check::check(&sc, &solved.plan);
    if !violations.is_empty() {
        let list: Vec<String> = violations.iter().map(|v| format!("[{}] {}", v.rule, v.message)).collect();
        return Err(Error::Internal(format!(
            "the solver's plan fails the independent check (a bug):\n  {}",
            list.join("\n  ")
        )));
    }
    let eval = solved.plan.evaluate(&sc);
    let gap = solved.bound.map(|b| {
        if eval.objective.abs() > 1e-9 {
            (b - eval.objective).abs() / eval.objective.abs()
        } else {
            (b - eval.objective).abs()
        }
    });
    let json = PlanJson {
        scenario: &sc.name,
        status: solved.status,
        objective: eval.objective,
        bound: solved.bound,
        gap,
        solver: opts.backend.name(),
        solve_seconds: solved.seconds,
        targets: &eval.targets,
        counts: eval.counts,
        score_total: eval.score_total,
        vacancy_total: eval.vacancy_total,
        target_penalty_total: eval.target_penalty_total,
        input_hash: &sc.input_hash,
        rotaplan_version: env!("CARGO_PKG_VERSION"),
    };
    let csv = plan_csv(&sc, &solved.plan).map_err(|e| Error::Internal(e.to_string()))?;
    let mut json_bytes = serde_json::to_vec_pretty(&json).map_err(|e| Error::Internal(e.to_string()))?;
    json_bytes.push(b'\n');
    let started = std::time::Instant::now();
    let explanations = crate::explain::explanations_csv(&sc, &el, &solved.plan, args.prices.then_some(&opts))
        .map_err(|e| Error::Internal(e.to_string()))?;
    let explain_seconds = started.elapsed().as_secs_f64();
    crate::output::write_folder(
        &args.out,
        &[("plan.csv", csv), ("plan.json", json_bytes), ("explanations.csv", explanations)],
    )
    .map_err(|e| Error::Internal(format!("cannot write {}: {e}", args.out.display())))?;
    if !args.quiet {
        let c = eval.counts;
        println!("{}", sc.name);
        println!(
            "  status {} | objective {} | bound {} | solver {} | {:.2} s",
            solved.status.as_str(),
            fmt_num(eval.objective),
            solved.bound.map(fmt_num).unwrap_or_else(|| "unknown".into()),
            opts.backend.name(),
            solved.seconds
        );
        println!(
            "  model: {} variables ({} binary), {} constraints",
            solved.stats.variables, solved.stats.binaries, solved.stats.constraints
        );
        println!(
            "  posts {}: filled {}, vacant {} | kept {}, moved {}, new {}",
            c.posts, c.filled, c.vacant, c.kept, c.moved, c.new
        );
        for t in &eval.targets {
            println!(
                "  target {} [{} {} {}{}]: required {}, achieved {} of {} filled{}",
                t.name,
                t.group,
                t.bound,
                fmt_num(t.value),
                if t.hard { ", hard" } else { "" },
                fmt_num(t.required),
                fmt_num(t.achieved),
                fmt_num(t.filled),
                if t.met {
                    String::new()
                } else {
                    format!(", shortfall {} (penalty {})", fmt_num(t.shortfall), fmt_num(t.penalty_charged))
                }
            );
        }
        println!("  explanations{}: {:.2} s", if args.prices { " with runner-up prices" } else { "" }, explain_seconds);
        println!("  wrote {}/plan.csv, plan.json and explanations.csv", args.out.display());
    }
    Ok(())
}
