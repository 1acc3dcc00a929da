//! The solve pipeline every command shares: load, eligibility, solve, the
//! independent check, and the rendered files. Nothing here writes to disk or
//! prints; `commands/` do that.

use std::path::Path;

use crate::eligibility::Eligibility;
use rust_i18n::t;

use crate::error::Error;
use crate::lang::Lang;
use crate::model::Scenario;
use crate::plan::{fmt_num, gap, plan_csv, Evaluation, PlanJson};
use crate::scenario::config::MAX_TIME_LIMIT_S;
use crate::scenario::{InputErrors, Override};
use crate::solve::{self, Backend, SolveError, SolveOptions, Solved};

/// Loads a scenario and builds its eligibility graph: the common first steps
/// of every command.
pub fn prepare(dir: &Path) -> Result<(Scenario, Eligibility), InputErrors> {
    prepare_with(dir, &[])
}

/// [`prepare`] with `--set` overrides.
pub fn prepare_with(dir: &Path, sets: &[Override]) -> Result<(Scenario, Eligibility), InputErrors> {
    let sc = crate::scenario::load_with(dir, sets)?;
    let el = crate::eligibility::build(&sc)?;
    Ok((sc, el))
}

/// How to run one solve.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// `microlp` or `highs`; `None` = the build's default.
    pub solver: Option<String>,
    /// Seconds; overrides the scenario's `[solver] time_limit_s`.
    pub time_limit: Option<f64>,
    /// Fill the runner-up prices in explanations.csv (one re-solve per alternative).
    pub prices: bool,
    /// Show progress on standard error (issue 15): a line every 10 s in a
    /// log, or one redrawn in place on a terminal (`Format::Bar`).
    pub heartbeat: Option<crate::heartbeat::Format>,
    /// When the Lagrangian relaxation runs before the search (same optimum).
    pub lagrange: crate::solve::Lagrange,
    /// When probing strengthens microlp's search (same optimum).
    pub probe: crate::solve::Probe,
    /// No neighbourhood search after the Lagrangian (same optimum).
    pub no_neighbourhood: bool,
}

/// Solver options from the scenario and the command line.
pub fn solver_options(sc: &Scenario, solver: Option<&str>, time_limit: Option<f64>) -> Result<SolveOptions, Error> {
    let mut opts = SolveOptions::from_scenario(sc);
    if let Some(s) = solver {
        opts.backend = Backend::parse(s).map_err(Error::Usage)?;
    }
    if let Some(t) = time_limit {
        if !(t > 0.0 && t <= MAX_TIME_LIMIT_S) {
            return Err(Error::Usage(format!(
                "--time-limit {t}: give a positive number of seconds up to {MAX_TIME_LIMIT_S}"
            )));
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
    /// The cadres' wishes under the plan, as counts (version 2, section 10.15).
    pub wishes: Option<crate::preferences::WishCounts>,
}

/// Loads, solves, checks and renders one scenario. Nothing is written.
pub fn solve(dir: &Path, sets: &[Override], run: &RunOptions) -> Result<Outcome, Error> {
    let beat = run.heartbeat.map(|f| crate::heartbeat::Heartbeat::start(f, std::time::Duration::from_secs(10)));
    let outcome = solve_with(dir, sets, run, beat.as_ref());
    if let Some(b) = beat {
        b.finish();
    }
    outcome
}

fn solve_with(
    dir: &Path,
    sets: &[Override],
    run: &RunOptions,
    beat: Option<&crate::heartbeat::Heartbeat>,
) -> Result<Outcome, Error> {
    let phase = |name| beat.iter().for_each(|b| b.phase(name));
    let (sc, el) = prepare_with(dir, sets)?;
    phase("search");
    let mut opts = solver_options(&sc, run.solver.as_deref(), run.time_limit)?;
    opts.lagrange = run.lagrange;
    opts.probe = run.probe;
    opts.neighbourhood = !run.no_neighbourhood;
    opts.parts = beat.map(|b| b.parts.clone());
    let solved = match solve::solve(&sc, &el, &opts) {
        Ok(s) => s,
        Err(SolveError::Infeasible(d)) => {
            return Err(Error::Infeasible(Box::new(crate::explain::infeasible::analyse(&sc, &el, d.relaxations))))
        }
        Err(e) => return Err(Error::Solver(e)),
    };
    // Never write a plan that the independent check rejects: that would be a bug.
    phase("check");
    let violations = crate::check::check(&sc, &solved.plan);
    if !violations.is_empty() {
        return Err(Error::CheckFailed(violations));
    }
    let eval = solved.plan.evaluate(&sc);
    beat.iter().for_each(|b| b.parts.settle(eval.objective, solved.bound));
    let wishes = crate::preferences::of_plan(&sc, &solved.plan.assignment).map(|w| w.counts());
    let json = plan_json(&sc, &solved, &eval, wishes, opts.backend.name(), sets)?;
    let csv = plan_csv(&sc, &solved.plan).map_err(Error::csv)?;
    phase("explanations");
    let started = std::time::Instant::now();
    let explanations = crate::explain::explanations_csv(&sc, &el, &solved.plan, run.prices.then_some(&opts))?;
    let explain_seconds = started.elapsed().as_secs_f64();
    let mut files = vec![("plan.csv", csv), ("plan.json", json), ("explanations.csv", explanations)];
    if sc.contract >= 2 {
        files.push(("forecast.csv", crate::forecast::forecast_csv(&sc, &solved.plan).map_err(Error::csv)?));
        files.push(("rotation.csv", crate::forecast::rotation_csv(&sc, &solved.plan).map_err(Error::csv)?));
    }
    if crate::rules::succession::in_use(&sc) {
        files.push(("succession.csv", crate::plan::succession_csv(&sc, &solved.plan).map_err(Error::csv)?));
    }
    Ok(Outcome { scenario: sc, solved, eval, backend: opts.backend.name(), files, explain_seconds, wishes })
}

fn plan_json(
    sc: &Scenario,
    solved: &Solved,
    eval: &Evaluation,
    wishes: Option<crate::preferences::WishCounts>,
    backend: &str,
    sets: &[Override],
) -> Result<Vec<u8>, Error> {
    let overrides: Vec<String> = sets.iter().map(|o| o.to_arg()).collect();
    let json = PlanJson {
        scenario: &sc.name,
        status: solved.status,
        objective: eval.objective,
        bound: solved.bound,
        gap: gap(eval.objective, solved.bound),
        solver: backend,
        proof: proof(&solved.stats),
        solve_seconds: solved.seconds,
        targets: &eval.targets,
        counts: eval.counts,
        score_total: eval.score_total,
        vacancy_total: eval.vacancy_total,
        target_penalty_total: eval.target_penalty_total,
        levels: &eval.levels,
        succession: eval.succession,
        preferences: wishes,
        input_hash: &sc.input_hash,
        overrides: &overrides,
        rotaplan_version: env!("CARGO_PKG_VERSION"),
    };
    let mut bytes = serde_json::to_vec_pretty(&json).map_err(|e| Error::Internal(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The paths that proved the parts, joined by `+`: `assignment`,
/// `lagrangian`, `mip` (each named when it proved at least one part).
fn proof(st: &crate::solve::ModelStats) -> String {
    let mip = st.parts.saturating_sub(st.assignment_parts + st.lagrange_parts);
    let paths = [("assignment", st.assignment_parts), ("lagrangian", st.lagrange_parts), ("mip", mip)];
    let named: Vec<&str> = paths.iter().filter(|p| p.1 > 0).map(|p| p.0).collect();
    if named.is_empty() {
        "mip".to_string()
    } else {
        named.join("+")
    }
}

/// The summary's line on parts whose MIP did not run in the time left
/// (empty when none): why the plan is not proved, and what limit the
/// proof would take.
fn mip_skipped(st: &crate::solve::ModelStats, lang: Lang) -> String {
    if st.mip_skipped == 0 {
        return String::new();
    }
    let seconds = format!("{:.0}", st.mip_needed_seconds.ceil());
    t!("summary.mip_skipped", locale = lang.code(), n = st.mip_skipped, seconds = seconds).into_owned()
}

/// The plan to explain or check: the one at `path`, else the optimal one;
/// `Error::Infeasible` with the diagnosis when no plan exists.
pub fn given_or_optimal(
    sc: &Scenario,
    el: &Eligibility,
    path: Option<&Path>,
    opts: &SolveOptions,
) -> Result<crate::plan::Plan, Error> {
    if let Some(path) = path {
        return Ok(crate::scenario::read_plan(sc, path)?);
    }
    match solve::solve(sc, el, opts) {
        Ok(s) => Ok(s.plan),
        Err(SolveError::Infeasible(d)) => {
            Err(Error::Infeasible(Box::new(crate::explain::infeasible::analyse(sc, el, d.relaxations))))
        }
        Err(e) => Err(Error::Solver(e)),
    }
}

impl Outcome {
    /// One of the rendered files by name (empty when absent).
    pub fn file(&self, name: &str) -> &[u8] {
        self.files.iter().find(|f| f.0 == name).map(|f| f.1.as_slice()).unwrap_or_default()
    }

    /// The readable summary printed after a solve, in `lang`.
    pub fn summary(&self, lang: Lang) -> String {
        let (solved, c, l) = (&self.solved, self.eval.counts, lang.code());
        let mut s = format!("{}\n", self.scenario.name);
        let bound = solved.bound.map(fmt_num).unwrap_or_else(|| lang.tr("summary.unknown"));
        let status = lang.tr(&format!("summary.status.{}", solved.status.as_str()));
        let (objective, seconds) = (fmt_num(self.eval.objective), format!("{:.2}", solved.seconds));
        s += &t!(
            "summary.status",
            locale = l,
            status = status,
            objective = objective,
            bound = bound,
            solver = self.backend,
            seconds = seconds
        );
        let st = &solved.stats;
        let (build, search) = (format!("{:.2}", st.build_seconds), format!("{:.2}", st.search_seconds));
        s += &t!(
            "summary.model",
            locale = l,
            variables = st.variables,
            binaries = st.binaries,
            constraints = st.constraints,
            parts = st.parts,
            assignment = st.assignment_parts,
            build = build,
            search = search
        );
        if st.lagrange_iterations > 0 {
            let (n, proved, dropped) = (st.lagrange_iterations, st.lagrange_parts, st.dropped_pairs);
            s += &t!("summary.lagrange", locale = l, n = n, proved = proved, dropped = dropped);
        }
        if st.core_proofs > 0 {
            s += &t!("summary.core", locale = l, n = st.core_proofs);
        }
        if st.probe_caps > 0 {
            s += &t!("summary.probe", locale = l, n = st.probe_caps);
        }
        if st.neighbourhood_plans > 0 {
            s += &t!("summary.neighbourhood", locale = l, n = st.neighbourhood_plans);
        }
        s += &mip_skipped(st, lang);
        let reserved = if c.reserved > 0 {
            t!("summary.reserved", locale = l, n = c.reserved).into_owned()
        } else {
            String::new()
        };
        s += &t!(
            "summary.posts",
            locale = l,
            posts = c.posts,
            filled = c.filled,
            vacant = c.vacant,
            reserved = reserved,
            kept = c.kept,
            moved = c.moved,
            new = c.new
        );
        if let Some(c) = &self.wishes {
            let (got, avoided, blocking) = (c.preferred, c.avoided, c.blocking_pairs);
            s +=
                &t!("summary.wishes", locale = l, got = got, cadres = c.cadres, avoided = avoided, blocking = blocking);
        }
        if let Some(n) = &self.eval.succession {
            s += &t!("summary.successors", locale = l, named = n.named, full = n.full, posts = n.posts);
        }
        for t in &self.eval.targets {
            s += &target_line(t, lang);
        }
        s
    }

    /// plan.xlsx: sheets plan, targets and explanations, labelled in `lang`.
    pub fn workbook(&self, lang: Lang) -> Result<Vec<u8>, Error> {
        plan_workbook(self.file("plan.csv"), &self.eval, self.file("explanations.csv"), lang)
    }
}

/// plan.xlsx from a plan's plan.csv, evaluation and explanations.csv:
/// sheets plan, targets and explanations.
/// The targets and explanations sheets' headers are in `lang`; the plan
/// sheet keeps the contract's column names, which programs read.
pub fn plan_workbook(
    plan_csv: &[u8],
    eval: &Evaluation,
    explanations_csv: &[u8],
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    let targets = relabelled(&crate::plan::targets_csv(&eval.targets).map_err(Error::csv)?, lang)?;
    let explanations = relabelled(explanations_csv, lang)?;
    let numeric = [
        "score",
        "rating",
        "planning",
        "continuity",
        "rotation_down",
        "preference",
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
    let numeric: Vec<String> = numeric.iter().flat_map(|n| [n.to_string(), lang.column(n)]).collect();
    let numeric: Vec<&str> = numeric.iter().map(String::as_str).collect();
    let sheets = [("plan", plan_csv), ("targets", &targets), ("explanations", &explanations)];
    crate::scenario::xlsx::csv_tables_to_workbook(&sheets, &numeric).map_err(Error::from)
}

/// A CSV table with its header row in `lang` (unchanged in English).
fn relabelled(csv_bytes: &[u8], lang: Lang) -> Result<Vec<u8>, Error> {
    if lang == Lang::En {
        return Ok(csv_bytes.to_vec());
    }
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv_bytes);
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for (i, row) in r.records().enumerate() {
        let row = row.map_err(Error::csv)?;
        if i == 0 {
            w.write_record(row.iter().map(|name| lang.column(name))).map_err(Error::csv)?;
        } else {
            w.write_record(&row).map_err(Error::csv)?;
        }
    }
    w.into_inner().map_err(|e| Error::Internal(e.to_string()))
}

fn target_line(t: &crate::targets::TargetResult, lang: Lang) -> String {
    let l = lang.code();
    let (required, achieved) = (fmt_num(t.required), fmt_num(t.achieved));
    let counted = match (t.unit_share, t.units_in_scope) {
        (Some(share), Some(n)) => {
            let share = fmt_num(share);
            t!("summary.target_units", locale = l, share = share, required = required, n = n, achieved = achieved)
        }
        _ => {
            let of = lang.tr(if t.on.is_some() { "summary.successors_named" } else { "summary.filled" });
            let filled = fmt_num(t.filled);
            t!("summary.target_posts", locale = l, required = required, achieved = achieved, filled = filled, of = of)
        }
    };
    let hard = if t.hard { lang.tr("summary.hard") } else { String::new() };
    let short = if t.met {
        String::new()
    } else {
        let (shortfall, penalty) = (fmt_num(t.shortfall), fmt_num(t.penalty_charged));
        t!("summary.shortfall", locale = l, shortfall = shortfall, penalty = penalty).into_owned()
    };
    let value = fmt_num(t.value);
    let head = t!("summary.target", locale = l, name = t.name, group = t.group, bound = t.bound, value = value);
    format!("{head}{hard}]{counted}{short}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_says_why_a_plan_is_not_proved_when_the_mip_was_skipped() {
        let none = crate::solve::ModelStats::default();
        assert_eq!(mip_skipped(&none, Lang::En), "");
        let st = crate::solve::ModelStats { mip_skipped: 1, mip_needed_seconds: 1_089.6, ..none };
        let en = mip_skipped(&st, Lang::En);
        assert!(
            en.contains("not proved: 1 part(s)") && en.contains("at least 1090 s") && en.contains("--time-limit"),
            "{en}"
        );
        let vi = mip_skipped(&st, Lang::Vi);
        assert!(vi.contains("chưa chứng minh: 1 phần") && vi.contains("1090 giây"), "{vi}");
    }
}
