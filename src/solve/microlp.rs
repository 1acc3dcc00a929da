//! The default backend: microlp, the pure-Rust MILP solver, called directly.
//!
//! good_lp passes a time limit, a relative gap and a start to microlp, but
//! not its pruning tolerance, and microlp prunes a node only when its bound
//! is no better than the incumbent (within 1e-9). Plan objectives lie on a
//! grid (`granularity`), so a node whose bound is less than one step above
//! the incumbent holds no better plan: pruning it at that tolerance keeps
//! the proof (BENCHMARKS.md, "Pruning by the step").

use std::time::Duration;

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem, SolveOptions, TerminationReason};

use super::backend::{magnitude, solver_error, Settings};
use super::{Lp, LpOutcome, Sense, SolveError};

/// Solves `lp` (maximising) under `s`.
pub(super) fn solve(lp: &Lp, s: &Settings) -> Result<LpOutcome, SolveError> {
    let (problem, vars) = problem(lp, s.relative_step.is_some());
    let solved = problem.solve_with(options(&vars, s));
    let solution = match solved.map(|o| o.into_solution()) {
        Ok(Ok(solution)) => solution,
        Ok(Err(_)) => {
            return Err(solver_error("microlp")("Time limit reached before finding a feasible solution".into()))
        }
        Err(microlp::Error::Infeasible) => return Ok(LpOutcome::Infeasible),
        Err(e) => return Err(solver_error("microlp")(e.to_string())),
    };
    let values = vars.iter().map(|&v| solution.var_value(v)).collect();
    // A stop at the relative gap is a stop within 0.9 step: a proof when the gap is the step.
    let proven = match solution.termination_reason() {
        TerminationReason::ProvenOptimal => true,
        TerminationReason::MipGap => s.mip_gap == 0.0,
        _ => false,
    };
    Ok(LpOutcome::Solved { values, proven })
}

/// The model in microlp's terms, and its variables in `lp`'s order. With
/// `shifted`, a variable fixed at 1 adds 3M to the objective (see
/// `backend::relative_step`), so that relative gaps are absolute ones.
fn problem(lp: &Lp, shifted: bool) -> (Problem, Vec<microlp::Variable>) {
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    let vars: Vec<microlp::Variable> = lp
        .vars
        .iter()
        .map(|v| match v.integer {
            true => problem.add_integer_var(v.cost, (v.lower.ceil() as i32, v.upper.floor() as i32)),
            false => problem.add_var(v.cost, (v.lower, v.upper)),
        })
        .collect();
    if shifted {
        problem.add_var(3.0 * magnitude(lp), (1.0, 1.0));
    }
    for r in &lp.rows {
        let mut e = LinearExpr::empty();
        r.terms.iter().for_each(|&(v, c)| e.add(vars[v], c));
        let op = match r.sense {
            Sense::Le => ComparisonOp::Le,
            Sense::Ge => ComparisonOp::Ge,
        };
        problem.add_constraint(e, op, r.rhs);
    }
    (problem, vars)
}

/// The time limit, the gap, the start, and pruning by the step: a node is
/// pruned when its bound is within `relative_step` × |incumbent| of the
/// incumbent, which on the shifted objective is less than 0.9 step.
fn options(vars: &[microlp::Variable], s: &Settings) -> SolveOptions {
    let mut o = SolveOptions::default();
    o.time_limit = s.time_limit.map(Duration::from_secs_f64);
    o.node_limit = s.nodes;
    o.mip_gap = s.relative_step.unwrap_or(s.mip_gap);
    if let Some(r) = s.relative_step {
        o.tolerances.prune_epsilon = r;
    }
    o.warm_start = s.start.map(|x| vars.iter().copied().zip(x.iter().copied()).collect());
    o
}
