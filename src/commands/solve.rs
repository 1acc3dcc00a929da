//! `rotaplan solve <scenario> --out <dir>`: solves to a proven optimum, checks
//! the plan independently, and writes plan.csv, plan.json and
//! explanations.csv atomically.

use std::path::{Path, PathBuf};

use crate::model::Scenario;
use crate::plan::{fmt_num, plan_csv, Evaluation, PlanJson};
use crate::scenario::Override;
use crate::solve::{self, Backend, SolveError, SolveOptions, Solved};
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
    pub sets: Vec<Override>,
    /// Also write plan.xlsx.
    pub xlsx: bool,
}

/// plan.xlsx: sheets plan, targets and explanations.
fn plan_workbook(o: &Outcome) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| Error::Internal(e.to_string());
    w.write_record([
        "name",
        "key",
        "group",
        "bound",
        "value",
        "hard",
        "per_unit",
        "filled",
        "required",
        "achieved",
        "shortfall",
        "met",
        "units_missed",
    ])
    .map_err(internal)?;
    for t in &o.eval.targets {
        w.write_record([
            t.name.clone(),
            t.key.clone(),
            t.group.clone(),
            t.bound.to_string(),
            fmt_num(t.value),
            t.hard.to_string(),
            t.per_unit.to_string(),
            fmt_num(t.filled),
            fmt_num(t.required),
            fmt_num(t.achieved),
            fmt_num(t.shortfall),
            t.met.to_string(),
            t.units_missed.join(" "),
        ])
        .map_err(internal)?;
    }
    let targets = w.into_inner().map_err(|e| Error::Internal(e.to_string()))?;
    let file = |n: &str| o.files.iter().find(|f| f.0 == n).map(|f| f.1.as_slice()).unwrap_or_default();
    let numeric = [
        "score",
        "rating",
        "planning",
        "continuity",
        "rotation_down",
        "runner_up_score",
        "score_difference",
        "runner_up_objective",
        "runner_up_loss",
        "value",
        "filled",
        "required",
        "achieved",
        "shortfall",
    ];
    crate::scenario::xlsx::csv_tables_to_workbook(
        &[("plan", file("plan.csv")), ("targets", &targets), ("explanations", file("explanations.csv"))],
        &numeric,
    )
    .map_err(Error::Internal)
}

/// Solver options from the scenario and the command line.
pub fn options(sc: &Scenario, solver: Option<&str>, time_limit: Option<f64>) -> Result<SolveOptions, Error> {
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

/// A solved, checked scenario with its files, ready to write.
pub struct Outcome {
    pub scenario: Scenario,
    pub solved: Solved,
    pub eval: Evaluation,
    pub backend: &'static str,
    /// (file name, bytes): plan.csv, plan.json, explanations.csv.
    pub files: Vec<(&'static str, Vec<u8>)>,
    pub explain_seconds: f64,
}

/// Loads, solves, checks and renders one scenario. Nothing is written.
pub fn solve_scenario(
    dir: &Path,
    sets: &[Override],
    solver: Option<&str>,
    time_limit: Option<f64>,
    prices: bool,
) -> Result<Outcome, Error> {
    let (sc, el) = crate::prepare_with(dir, sets)?;
    let mut opts = options(&sc, solver, time_limit)?;
    opts.progress = true;
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
        let diff = (b - eval.objective).abs();
        if eval.objective.abs() > 1e-9 {
            diff / eval.objective.abs()
        } else {
            diff
        }
    });
    let overrides: Vec<String> = sets.iter().map(|o| o.to_arg()).collect();
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
        overrides: &overrides,
        rotaplan_version: env!("CARGO_PKG_VERSION"),
    };
    let csv = plan_csv(&sc, &solved.plan).map_err(|e| Error::Internal(e.to_string()))?;
    let mut json_bytes = serde_json::to_vec_pretty(&json).map_err(|e| Error::Internal(e.to_string()))?;
    json_bytes.push(b'\n');
    let started = std::time::Instant::now();
    let explanations = crate::explain::explanations_csv(&sc, &el, &solved.plan, prices.then_some(&opts))
        .map_err(|e| Error::Internal(e.to_string()))?;
    let explain_seconds = started.elapsed().as_secs_f64();
    Ok(Outcome {
        scenario: sc,
        solved,
        eval,
        backend: opts.backend.name(),
        files: vec![("plan.csv", csv), ("plan.json", json_bytes), ("explanations.csv", explanations)],
        explain_seconds,
    })
}

/// The readable summary printed after a solve.
pub fn summary(o: &Outcome) -> String {
    let (sc, solved, eval) = (&o.scenario, &o.solved, &o.eval);
    let c = eval.counts;
    let mut s = format!("{}\n", sc.name);
    s += &format!(
        "  status {} | objective {} | bound {} | solver {} | {:.2} s\n",
        solved.status.as_str(),
        fmt_num(eval.objective),
        solved.bound.map(fmt_num).unwrap_or_else(|| "unknown".into()),
        o.backend,
        solved.seconds
    );
    s += &format!(
        "  model: {} variables ({} binary), {} constraints in {} independent part(s); build {:.2} s, search {:.2} s\n",
        solved.stats.variables,
        solved.stats.binaries,
        solved.stats.constraints,
        solved.stats.parts,
        solved.stats.build_seconds,
        solved.stats.search_seconds
    );
    s += &format!(
        "  posts {}: filled {}, vacant {} | kept {}, moved {}, new {}\n",
        c.posts, c.filled, c.vacant, c.kept, c.moved, c.new
    );
    for t in &eval.targets {
        s += &format!(
            "  target {} [{} {} {}{}]: required {}, achieved {} of {} filled{}\n",
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
    s
}

/// Runs the command.
pub fn run(args: &Args) -> Result<(), Error> {
    let o = solve_scenario(&args.scenario, &args.sets, args.solver.as_deref(), args.time_limit, args.prices)?;
    let mut files: Vec<(String, Vec<u8>)> = o.files.iter().map(|(n, b)| (n.to_string(), b.clone())).collect();
    if args.xlsx {
        files.push(("plan.xlsx".to_string(), plan_workbook(&o)?));
    }
    crate::output::write_folder(&args.out, &files)
        .map_err(|e| Error::Internal(format!("cannot write {}: {e}", args.out.display())))?;
    if !args.quiet {
        print!("{}", summary(&o));
        println!(
            "  explanations{}: {:.2} s",
            if args.prices { " with runner-up prices" } else { "" },
            o.explain_seconds
        );
        println!("  wrote {}/plan.csv, plan.json and explanations.csv", args.out.display());
    }
    Ok(())
}
