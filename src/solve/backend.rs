//! The solver backends behind cargo features; each turns the neutral [`Lp`]
//! into good_lp calls.

use good_lp::{
    variable, Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel, Variable,
};

use super::{Lp, LpOutcome, Sense, SolveError};

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

    fn is_microlp(self) -> bool {
        match self {
            #[cfg(feature = "microlp")]
            Backend::Microlp => true,
            #[allow(unreachable_patterns)]
            _ => false,
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

    pub(crate) fn run(
        self,
        lp: &Lp,
        time_limit: Option<f64>,
        mip_gap: f64,
        granularity: Option<f64>,
    ) -> Result<LpOutcome, SolveError> {
        if lp.rows.is_empty() {
            // No constraints (HiGHS calls such a model empty): each variable goes to its best bound.
            let values =
                lp.vars.iter().map(|v| if v.cost > 0.0 && v.upper.is_finite() { v.upper } else { v.lower }).collect();
            return Ok(LpOutcome::Solved { values, proven: true });
        }
        if lp.vars.is_empty() {
            // Nothing to decide: feasible iff every row holds at 0.
            let holds = lp.rows.iter().all(|r| match r.sense {
                Sense::Le => 0.0 <= r.rhs + 1e-9,
                Sense::Ge => 0.0 >= r.rhs - 1e-9,
            });
            return Ok(if holds {
                LpOutcome::Solved { values: Vec::new(), proven: true }
            } else {
                LpOutcome::Infeasible
            });
        }
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
        for (v, x) in lp.vars.iter().zip(&vars) {
            if v.cost != 0.0 {
                objective.add_mul(v.cost, *x);
            }
        }
        // Proof by granularity: every plan's objective is a multiple of `step`
        // apart, so a bound less than one step above the best plan proves it
        // optimal. microlp only knows a relative gap: shift the objective by a
        // constant C = 3M (M bounds |objective|) so that it lies in [2M, 4M],
        // and ask for a relative gap of 0.9 step / 4M, i.e. an absolute gap
        // below 0.9 step.
        let step = granularity.filter(|g| *g > 0.0 && mip_gap == 0.0);
        let magnitude: f64 =
            lp.vars.iter().map(|v| v.cost.abs() * v.upper.abs().max(v.lower.abs())).sum::<f64>().max(1.0);
        let relative_step = step.map(|g| 0.9 * g / (4.0 * magnitude)).filter(|r| r.is_finite() && *r > 1e-13);
        if relative_step.is_some() && self.is_microlp() {
            let shift = pv.add(variable().min(1.0).max(1.0));
            objective.add_mul(3.0 * magnitude, shift);
        }
        let rows = lp.rows.iter().map(|r| {
            let mut e = Expression::with_capacity(r.terms.len());
            for &(v, c) in &r.terms {
                e.add_mul(c, vars[v]);
            }
            match r.sense {
                Sense::Le => e.leq(r.rhs),
                Sense::Ge => e.geq(r.rhs),
            }
        });
        let unsolved = pv.maximise(objective);
        let name = self.name();
        let fail = |e: ResolutionError| match e {
            ResolutionError::Infeasible => Ok(LpOutcome::Infeasible),
            other => Err(SolveError::Solver { backend: name, message: other.to_string() }),
        };
        let extract = |status: SolutionStatus, get: &dyn Fn(Variable) -> f64| LpOutcome::Solved {
            values: vars.iter().map(|v| get(*v)).collect(),
            // HiGHS reports an optimum within its absolute tolerance (1e-6) as a gap limit.
            proven: matches!(status, SolutionStatus::Optimal)
                || (mip_gap == 0.0 && matches!(status, SolutionStatus::GapLimit)),
        };
        match self {
            #[cfg(feature = "microlp")]
            Backend::Microlp => {
                use good_lp::{WithMipGap, WithTimeLimit};
                let mut model = unsolved.using(good_lp::microlp);
                if let Some(t) = time_limit {
                    model = model.with_time_limit(t);
                }
                if let Some(gap) = relative_step.or((mip_gap > 0.0).then_some(mip_gap)) {
                    model = model
                        .with_mip_gap(gap as f32)
                        .map_err(|e| SolveError::Solver { backend: name, message: e.to_string() })?;
                }
                for r in rows {
                    model.add_constraint(r);
                }
                match model.solve() {
                    Ok(sol) => Ok(extract(sol.status(), &|v| sol.value(v))),
                    Err(e) => fail(e),
                }
            }
            #[cfg(feature = "highs")]
            Backend::Highs => {
                let mut model = unsolved.using(good_lp::highs);
                // One thread and a fixed seed: the same model gives the same plan on any machine.
                model = model.set_threads(1).set_option("random_seed", 0);
                // Measured on the national scenario (17.7k posts): HiGHS presolve
                // (probing 49k binaries) and the feasibility-jump heuristic took
                // 17 of 18.7 s; without them the same optimum is proved in 1.5 s.
                // The assignment structure needs neither.
                model = model.set_option("presolve", "off").set_option("mip_heuristic_run_feasibility_jump", false);
                if std::env::var_os("ROTAPLAN_SOLVER_LOG").is_some() {
                    model.set_verbose(true);
                }
                if let Ok(extra) = std::env::var("ROTAPLAN_HIGHS_OPTIONS") {
                    for kv in extra.split(',').filter(|s| !s.is_empty()) {
                        if let Some((k, v)) = kv.split_once('=') {
                            model = match (v.parse::<i32>(), v.parse::<f64>(), v) {
                                (Ok(i), _, _) => model.set_option(k, i),
                                (_, Ok(f), _) => model.set_option(k, f),
                                (_, _, "true") => model.set_option(k, true),
                                (_, _, "false") => model.set_option(k, false),
                                _ => model.set_option(k, v),
                            };
                        }
                    }
                }
                model = model
                    .set_mip_rel_gap(mip_gap as f32)
                    .map_err(|e| SolveError::Solver { backend: name, message: e.to_string() })?;
                if let Some(t) = time_limit {
                    model = model.set_time_limit(t);
                }
                if let Some(g) = step {
                    model = model.set_option("mip_abs_gap", 0.9 * g);
                }
                for r in rows {
                    model.add_constraint(r);
                }
                match model.solve() {
                    Ok(sol) => Ok(extract(sol.status(), &|v| sol.value(v))),
                    Err(e) => fail(e),
                }
            }
        }
    }
}
