//! The solver backends behind cargo features: HiGHS through good_lp, and
//! microlp called directly (`microlp.rs`: good_lp does not pass on its
//! pruning tolerance).

#[cfg(feature = "highs")]
use good_lp::{
    variable, Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel, Variable,
};

#[cfg(not(any(feature = "microlp", feature = "highs")))]
compile_error!("rotaplan needs a solver backend: build with the default features or `--features highs`");

use super::{worker, Lp, LpOutcome, Sense, SolveError};

/// A MILP solver compiled into this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// microlp: pure Rust, always available by default.
    #[cfg(feature = "microlp")]
    Microlp,
    /// HiGHS: fast, needs cmake and libclang to build (`--features highs`).
    #[cfg(feature = "highs")]
    Highs,
}

impl Default for Backend {
    fn default() -> Self {
        Backend::compiled()[0]
    }
}

impl Backend {
    /// Backends compiled into this build, the default first: HiGHS when it
    /// is compiled in (it is far stronger on hard instances), else microlp.
    pub fn compiled() -> &'static [Backend] {
        &[
            #[cfg(feature = "highs")]
            Backend::Highs,
            #[cfg(feature = "microlp")]
            Backend::Microlp,
        ]
    }

    /// Name as given to `--solver`.
    pub fn name(self) -> &'static str {
        match self {
            #[cfg(feature = "microlp")]
            Backend::Microlp => "microlp",
            #[cfg(feature = "highs")]
            Backend::Highs => "highs",
        }
    }

    /// True when the solver separates cuts of its own (HiGHS); microlp does
    /// not, so `probe` strengthens its models.
    pub(crate) fn has_cuts(self) -> bool {
        match self {
            #[cfg(feature = "microlp")]
            Backend::Microlp => false,
            #[cfg(feature = "highs")]
            Backend::Highs => true,
        }
    }

    /// Parses a `--solver` value among the compiled backends.
    pub fn parse(s: &str) -> Result<Backend, String> {
        Backend::compiled().iter().copied().find(|b| b.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Backend::compiled().iter().map(|b| b.name()).collect();
            let hint = if s == "highs" { " (rebuild with `--features highs`)" } else { "" };
            format!("solver `{s}` is not compiled into this build{hint}; available: {}", names.join(", "))
        })
    }

    /// Solves `lp` (maximising). `granularity` is the step between plan
    /// objectives, used for the proof of optimality (ARCHITECTURE.md).
    pub(crate) fn run(
        self,
        lp: &Lp,
        time_limit: Option<f64>,
        mip_gap: f64,
        granularity: Option<f64>,
    ) -> Result<LpOutcome, SolveError> {
        self.run_from(lp, time_limit, mip_gap, granularity, None)
    }

    /// As [`Backend::run`], starting from a plan (every variable's value)
    /// that satisfies every row: the search's first incumbent.
    pub(crate) fn run_from(
        self,
        lp: &Lp,
        time_limit: Option<f64>,
        mip_gap: f64,
        granularity: Option<f64>,
        start: Option<&[f64]>,
    ) -> Result<LpOutcome, SolveError> {
        if let Some(done) = trivial(lp) {
            return Ok(done);
        }
        match (worker::program_for(lp, time_limit), time_limit) {
            (Some(program), Some(t)) => worker::run(program, self, lp, t, mip_gap, granularity, start),
            _ => self.run_here(lp, time_limit, mip_gap, granularity, start),
        }
    }

    /// As [`Backend::run_from`], always in this process.
    pub(super) fn run_here(
        self,
        lp: &Lp,
        time_limit: Option<f64>,
        mip_gap: f64,
        granularity: Option<f64>,
        start: Option<&[f64]>,
    ) -> Result<LpOutcome, SolveError> {
        self.solve(lp, &Settings::new(lp, time_limit, mip_gap, granularity, start))
    }

    /// As [`Backend::run_here`] with no gap, and microlp stops after
    /// `nodes` branch-and-bound nodes: a limit that, unlike time, ends a
    /// search at the same point on every machine (`probe`'s rounds). HiGHS
    /// ignores it.
    pub(super) fn run_nodes(
        self,
        lp: &Lp,
        time_limit: Option<f64>,
        nodes: u64,
        granularity: Option<f64>,
        start: Option<&[f64]>,
    ) -> Result<LpOutcome, SolveError> {
        let settings = Settings { nodes: Some(nodes), ..Settings::new(lp, time_limit, 0.0, granularity, start) };
        self.solve(lp, &settings)
    }

    fn solve(self, lp: &Lp, settings: &Settings) -> Result<LpOutcome, SolveError> {
        match self {
            #[cfg(feature = "microlp")]
            Backend::Microlp => super::microlp::solve(lp, settings),
            #[cfg(feature = "highs")]
            Backend::Highs => solve_highs(Model::new(lp), settings),
        }
    }
}

/// A model that needs no solver: no rows (each variable at its best bound;
/// HiGHS calls such a model empty), or no variables (feasible iff every row holds at 0).
fn trivial(lp: &Lp) -> Option<LpOutcome> {
    if lp.rows.is_empty() {
        let values =
            lp.vars.iter().map(|v| if v.cost > 0.0 && v.upper.is_finite() { v.upper } else { v.lower }).collect();
        return Some(LpOutcome::Solved { values, proven: true });
    }
    if !lp.vars.is_empty() {
        return None;
    }
    let holds = lp.rows.iter().all(|r| match r.sense {
        Sense::Le => 0.0 <= r.rhs + 1e-9,
        Sense::Ge => 0.0 >= r.rhs - 1e-9,
    });
    Some(if holds { LpOutcome::Solved { values: Vec::new(), proven: true } } else { LpOutcome::Infeasible })
}

/// How one solve is set up.
#[allow(dead_code)] // which fields a backend reads depends on the features compiled in
pub(super) struct Settings<'a> {
    pub time_limit: Option<f64>,
    /// Branch-and-bound nodes at most (microlp only).
    pub nodes: Option<u64>,
    pub mip_gap: f64,
    /// Absolute step between plan objectives (proof by granularity).
    pub step: Option<f64>,
    /// The step as a relative gap on microlp's shifted objective.
    pub relative_step: Option<f64>,
    shape: Shape,
    /// The first incumbent (every variable's value), when one is known.
    pub start: Option<&'a [f64]>,
}

impl<'a> Settings<'a> {
    fn new(lp: &Lp, time_limit: Option<f64>, mip_gap: f64, granularity: Option<f64>, start: Option<&'a [f64]>) -> Self {
        let step = granularity.filter(|g| *g > 0.0 && mip_gap == 0.0);
        let relative_step = step.and_then(|g| relative_step(lp, g));
        Settings { time_limit, nodes: None, mip_gap, step, relative_step, shape: Shape::of(lp), start }
    }
}

/// The largest |objective| any point within the bounds can have.
pub(super) fn magnitude(lp: &Lp) -> f64 {
    lp.vars.iter().map(|v| v.cost.abs() * v.upper.abs().max(v.lower.abs())).sum::<f64>().max(1.0)
}

/// Proof by granularity: every plan's objective is a multiple of `step`
/// apart, so a bound less than one step above the best plan proves it
/// optimal. microlp only knows relative gaps: its objective is shifted by a
/// constant C = 3M (M = [`magnitude`]) so that it lies in [2M, 4M], and a
/// relative gap of 0.9 step / 4M is an absolute gap below 0.9 step.
fn relative_step(lp: &Lp, step: f64) -> Option<f64> {
    Some(0.9 * step / (4.0 * magnitude(lp))).filter(|r| r.is_finite() && *r > 1e-13)
}

/// The shape of a model, which decides HiGHS's settings (see `highs_options`).
#[derive(Debug, Clone, Copy)]
#[allow(dead_code)]
struct Shape {
    binaries: usize,
    rows: usize,
}

impl Shape {
    fn of(lp: &Lp) -> Shape {
        Shape { binaries: lp.vars.iter().filter(|v| v.integer).count(), rows: lp.rows.len() }
    }
}

/// The neutral model in good_lp's terms (HiGHS).
#[cfg(feature = "highs")]
struct Model {
    pv: ProblemVariables,
    vars: Vec<Variable>,
    objective: Expression,
    rows: Vec<good_lp::Constraint>,
}

#[cfg(feature = "highs")]
impl Model {
    fn new(lp: &Lp) -> Model {
        let mut pv = ProblemVariables::new();
        let vars: Vec<Variable> = lp
            .vars
            .iter()
            .map(|v| {
                let def = variable().min(v.lower).max(v.upper);
                pv.add(if v.integer { def.integer() } else { def })
            })
            .collect();
        let mut objective = Expression::with_capacity(vars.len() + 1);
        for (v, x) in lp.vars.iter().zip(&vars).filter(|(v, _)| v.cost != 0.0) {
            objective.add_mul(v.cost, *x);
        }
        let rows = lp.rows.iter().map(|r| row(r, &vars)).collect();
        Model { pv, vars, objective, rows }
    }
}

#[cfg(feature = "highs")]
fn outcome(vars: &[Variable], status: SolutionStatus, mip_gap: f64, get: &dyn Fn(Variable) -> f64) -> LpOutcome {
    LpOutcome::Solved {
        values: vars.iter().map(|v| get(*v)).collect(),
        // HiGHS reports an optimum within its absolute tolerance (1e-6) as a gap limit.
        proven: matches!(status, SolutionStatus::Optimal)
            || (mip_gap == 0.0 && matches!(status, SolutionStatus::GapLimit)),
    }
}

#[cfg(feature = "highs")]
fn row(r: &super::Row, vars: &[Variable]) -> good_lp::Constraint {
    let mut e = Expression::with_capacity(r.terms.len());
    for &(v, c) in &r.terms {
        e.add_mul(c, vars[v]);
    }
    match r.sense {
        Sense::Le => e.leq(r.rhs),
        Sense::Ge => e.geq(r.rhs),
    }
}

pub(super) fn solver_error(backend: &'static str) -> impl Fn(String) -> SolveError {
    move |message| SolveError::Solver { backend, message }
}

#[cfg(feature = "highs")]
fn result<S: Solution>(
    solved: Result<S, ResolutionError>,
    backend: &'static str,
    vars: &[Variable],
    mip_gap: f64,
) -> Result<LpOutcome, SolveError> {
    match solved {
        Ok(sol) => Ok(outcome(vars, sol.status(), mip_gap, &|v| sol.value(v))),
        Err(ResolutionError::Infeasible) => Ok(LpOutcome::Infeasible),
        Err(other) => Err(solver_error(backend)(other.to_string())),
    }
}

#[cfg(feature = "highs")]
fn solve_highs(m: Model, s: &Settings) -> Result<LpOutcome, SolveError> {
    use good_lp::WithInitialSolution;
    let mut model = m.pv.maximise(m.objective).using(good_lp::highs);
    if let Some(start) = s.start {
        model = model.with_initial_solution(m.vars.iter().copied().zip(start.iter().copied()));
    }
    // One thread and a fixed seed: the same model gives the same plan on any machine.
    model = model.set_threads(1).set_option("random_seed", 0);
    model = highs_options(model, s.shape);
    if std::env::var_os("ROTAPLAN_SOLVER_LOG").is_some() {
        model.set_verbose(true);
        if worker::serving() {
            // A worker's standard output carries its reply.
            model = model.set_option("log_to_console", false).set_option("log_file", "/dev/stderr");
        }
    }
    model = extra_highs_options(model);
    model = model.set_mip_rel_gap(s.mip_gap as f32).map_err(|e| solver_error("highs")(e.to_string()))?;
    if let Some(t) = s.time_limit {
        model = model.set_time_limit(t);
    }
    if let Some(g) = s.step {
        model = model.set_option("mip_abs_gap", 0.9 * g);
    }
    for r in m.rows {
        model.add_constraint(r);
    }
    result(model.solve(), "highs", &m.vars, s.mip_gap)
}

/// HiGHS settings chosen from the model's shape (BENCHMARKS.md has the measurements).
#[cfg(feature = "highs")]
fn highs_options(model: good_lp::solvers::highs::HighsProblem, _shape: Shape) -> good_lp::solvers::highs::HighsProblem {
    // Measured on the national scenario (17.7k posts): HiGHS presolve
    // (probing 49k binaries) and the feasibility-jump heuristic took
    // 17 of 18.7 s; without them the same optimum is proved in 1.5 s.
    model.set_option("presolve", "off").set_option("mip_heuristic_run_feasibility_jump", false)
}

/// `ROTAPLAN_HIGHS_OPTIONS=key=value,...`: HiGHS options for experiments (BENCHMARKS.md).
#[cfg(feature = "highs")]
fn extra_highs_options(mut model: good_lp::solvers::highs::HighsProblem) -> good_lp::solvers::highs::HighsProblem {
    let Ok(extra) = std::env::var("ROTAPLAN_HIGHS_OPTIONS") else { return model };
    for (k, v) in extra.split(',').filter_map(|kv| kv.split_once('=')) {
        model = match (v.parse::<i32>(), v.parse::<f64>(), v) {
            (Ok(i), _, _) => model.set_option(k, i),
            (_, Ok(f), _) => model.set_option(k, f),
            (_, _, "true") => model.set_option(k, true),
            (_, _, "false") => model.set_option(k, false),
            _ => model.set_option(k, v),
        };
    }
    model
}
