//! Priority levels (contract section 10.12): `[objective] levels` solved
//! lexicographically. Each level is solved to a proven optimum over the plans
//! that keep every earlier level at its optimum (less `level_tolerance`); the
//! last level's plan is the answer. Independent parts share no pair and no
//! target scope, so solving each part lexicographically gives the
//! lexicographic optimum of the whole.

use std::time::Instant;

use super::{granularity, Built, LpOutcome, Meaning, Part, Row, Sense, SolveError, SolveOptions};
use crate::model::{Priority, Scenario};
use crate::objective;

/// The cost of every variable of `built` at `level`: each pair's
/// [`objective::level_value`]; a soft target's shortfall at its penalty for
/// `targets` and `weighted`; a kept post's [`objective::reserved_value`];
/// nothing otherwise.
fn costs(sc: &Scenario, part: &Part, built: &Built, level: Priority) -> Vec<f64> {
    let mut out: Vec<f64> = built
        .meanings
        .iter()
        .zip(&built.lp.vars)
        .map(|(m, v)| match (m, level) {
            (Meaning::Slack { .. }, Priority::Targets | Priority::Weighted) => v.cost,
            (Meaning::Reserved { post }, _) => objective::reserved_value(sc, level, *post),
            (Meaning::Successor { post, cadre }, _) => objective::successor_level_value(sc, level, *cadre, *post),
            _ => 0.0,
        })
        .collect();
    for (&v, &(p, c)) in built.pair_vars.iter().zip(&part.el.pairs) {
        out[v] = objective::level_value(sc, level, c, p);
    }
    out
}

/// What the levels gave: the values of the last solve and whether every level was proven.
pub(super) struct Solved {
    pub values: Vec<f64>,
    pub proven: bool,
}

/// Solves the levels in order on the part's model.
pub(super) fn solve(
    sc: &Scenario,
    part: &Part,
    built: &Built,
    opts: &SolveOptions,
    deadline: Option<Instant>,
) -> Result<Solved, SolveError> {
    let mut lp = built.lp.clone();
    let mut last = None;
    let mut proven = true;
    let mut pools_fixed = false;
    for &level in &sc.objective.levels {
        let costs = costs(sc, part, built, level);
        lp.vars.iter_mut().zip(&costs).for_each(|(v, &k)| v.cost = k);
        let with_targets = matches!(level, Priority::Targets | Priority::Weighted);
        let step = granularity(sc, &lp, &built.whole_vars, with_targets);
        let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64().max(0.001));
        let idle = if pools_fixed { Vec::new() } else { idle_successors(sc, built, &costs, level) };
        // Once a level that counts the successors is fixed, its row holds them.
        pools_fixed |= idle.is_empty();
        let mut this = lp.clone();
        idle.iter().for_each(|&v| this.vars[v].upper = 0.0);
        let (values, p) = match opts.backend.run(&this, remaining, opts.mip_gap, step) {
            Ok(LpOutcome::Infeasible) => {
                return Err(SolveError::Infeasible(super::Diagnosis { relaxations: Vec::new() }))
            }
            Ok(LpOutcome::Solved { values, proven }) => (values, proven),
            // Out of time in a later level: the plan of the level before is
            // feasible for the whole model (it meets every earlier level's row).
            Err(_) if last.is_some() && deadline.is_some_and(|d| Instant::now() >= d) => {
                proven = false;
                break;
            }
            Err(e) => return Err(e),
        };
        proven &= p;
        let value: f64 = costs.iter().zip(&values).map(|(k, x)| k * x).sum();
        lp.rows.push(fix_row(&costs, value, sc.objective.level_tolerance, step));
        last = Some(values);
    }
    Ok(Solved { values: last.unwrap_or_else(|| vec![0.0; lp.vars.len()]), proven })
}

/// The successor variables a level may leave at 0 without changing its
/// optimum, as long as no earlier level counted them (the caller keeps
/// track): they earn nothing at the level, no hard target counts them, and
/// at `targets` (or `weighted`) no target counts them at all. Every row that
/// holds them (k per post, the limit per cadre, "not the holder", a soft
/// target's row with its shortfall) holds with them at 0, whatever the
/// pairs; leaving them out keeps the MIP of such a level as small as before
/// succession.
fn idle_successors(sc: &Scenario, built: &Built, costs: &[f64], level: Priority) -> Vec<usize> {
    let on_pools = |hard_only: bool| {
        sc.targets.iter().any(|t| t.on == crate::model::TargetOn::Succession && (t.hard || !hard_only))
    };
    let counted = on_pools(true) || (matches!(level, Priority::Targets | Priority::Weighted) && on_pools(false));
    if counted || built.successor_vars.iter().any(|&v| costs[v] != 0.0) {
        return Vec::new();
    }
    built.successor_vars.clone()
}

/// `Σ cost·x ≥ value − tolerance`, less a margin for rounding that stays
/// below half a step of the level (so it admits no worse plan).
fn fix_row(costs: &[f64], value: f64, tolerance: f64, step: Option<f64>) -> Row {
    let margin = (1e-6 * value.abs().max(1.0)).min(step.map_or(f64::INFINITY, |s| s / 2.0));
    let terms = costs.iter().enumerate().filter(|(_, &k)| k != 0.0).map(|(v, &k)| (v, k)).collect();
    Row { terms, sense: Sense::Ge, rhs: value - tolerance - margin }
}
