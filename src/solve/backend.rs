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
    /// Backends compiled into this build, the default first.
    pub fn compiled() -> &'static [Backend] {
        &[
            #[cfg(feature = "microlp")]
            Backend::Microlp,
            #[cfg(feature = "highs")]
            Backend::Highs,
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

    /// Parses a `--solver` value among the compiled backends.
    pub fn parse(s: &str) -> Result<Backend, String> {
        Backend::compiled().iter().copied().find(|b| b.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Backend::compiled().iter().map(|b| b.name()).collect();
            let hint = if s == "highs" { " (rebuild with `--features highs`)" } else { "" };
            format!("solver `{s}` is not compiled into this build{hint}; available: {}", names.join(", "))
        })
    }

    pub(crate) fn run(self, lp: &Lp, time_limit: Option<f64>, mip_gap: f64) -> Result<LpOutcome, SolveError> {
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
        let mut objective = Expression::with_capacity(vars.len());
        for (v, x) in lp.vars.iter().zip(&vars) {
            if v.cost != 0.0 {
                objective.add_mul(v.cost, *x);
            }
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
                if mip_gap > 0.0 {
                    model = model
                        .with_mip_gap(mip_gap as f32)
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
                model = model
                    .set_mip_rel_gap(mip_gap as f32)
                    .map_err(|e| SolveError::Solver { backend: name, message: e.to_string() })?;
                if let Some(t) = time_limit {
                    model = model.set_time_limit(t);
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
