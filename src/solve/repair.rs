//! Local improvement of a plan before the MIP (a heuristic; the plan it
//! returns satisfies every row of the model, checked whole at the end).
//! A move puts a cadre on a post; the post's holder takes the cadre's old
//! post when eligible, or is left without one; every target's slack then
//! follows its row. On dense rotation pools the Lagrangian's plans miss
//! per-commune targets that one such move meets at a small cost in score.
//! Parts with concurrent bundles are left alone (a cadre there may hold two
//! posts, which the moves do not model).

use std::time::Instant;

use super::columns::Columns;
use super::lagrange::Primal;
use super::{Built, Meaning, Sense};

/// At most this many passes over the pairs: the result must not depend on
/// the machine's speed when the time allows them all.
const PASSES: usize = 4;

/// The plan being improved, with every row's left-hand side.
struct Local<'a> {
    built: &'a Built,
    pairs: &'a [(usize, usize)],
    x: Vec<f64>,
    lhs: Vec<f64>,
    /// Per variable: (row, coefficient).
    column: Columns,
    /// Per row: its slack variable, when the slack is in that row alone.
    slack: Vec<Option<usize>>,
    /// Per post and per cadre: the pair that holds it in the plan.
    holder: Vec<Option<usize>>,
    post_of: Vec<Option<usize>>,
}

/// Improves `plan` by single moves until no move gains, `PASSES` passes
/// are done, or `until`. Keeps the plan unchanged unless the result holds
/// every row of the model and is better.
pub(super) fn improve(built: &Built, pairs: &[(usize, usize)], plan: &mut Primal, until: Instant) {
    if built.meanings.iter().any(|m| matches!(m, Meaning::Bundle)) {
        return;
    }
    let Some(mut local) = Local::new(built, pairs, &plan.values) else { return };
    for _ in 0..PASSES {
        if !local.pass(until) {
            break;
        }
    }
    let value = built.lp.value(&local.x);
    if value > plan.value + 1e-9 && holds(built, &local.x) {
        *plan = Primal { value, values: local.x };
    }
}

fn holds(built: &Built, x: &[f64]) -> bool {
    built.lp.rows.iter().all(|row| row.holds(x))
}

impl<'a> Local<'a> {
    /// `None` when some cadre holds two posts in the plan.
    fn new(built: &'a Built, pairs: &'a [(usize, usize)], values: &[f64]) -> Option<Local<'a>> {
        let lp = &built.lp;
        let rows: Vec<usize> = (0..lp.rows.len()).collect();
        let column = Columns::new(lp, &rows);
        let lhs: Vec<f64> = lp.rows.iter().map(|row| row.lhs(values)).collect();
        let mut slack = vec![None; lp.rows.len()];
        for (v, m) in built.meanings.iter().enumerate() {
            if let (Meaning::Slack { .. }, [(r, _)]) = (m, column.of(v)) {
                slack[*r] = Some(v);
            }
        }
        let posts = pairs.iter().map(|p| p.0 + 1).max().unwrap_or(0);
        let cadres = pairs.iter().map(|p| p.1 + 1).max().unwrap_or(0);
        let (mut holder, mut post_of) = (vec![None; posts], vec![None; cadres]);
        for (i, &(p, c)) in pairs.iter().enumerate().filter(|(i, _)| values[built.pair_vars[*i]] > 0.5) {
            if post_of[c].is_some() {
                return None;
            }
            holder[p] = Some(i);
            post_of[c] = Some(i);
        }
        Some(Local { built, pairs, x: values.to_vec(), lhs, column, slack, holder, post_of })
    }

    /// One pass over the pairs not in the plan; true when a move gained.
    fn pass(&mut self, until: Instant) -> bool {
        let mut gained = false;
        for i in 0..self.pairs.len() {
            if i % 4096 == 0 && Instant::now() >= until {
                return gained;
            }
            if self.x[self.built.pair_vars[i]] > 0.5 {
                continue;
            }
            let best =
                self.moves(i).into_iter().filter_map(|m| Some((self.gain(&m)?, m))).max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, m)) = best.filter(|(g, _)| *g > 1e-9) {
                self.apply(&m);
                gained = true;
            }
        }
        gained
    }

    /// The moves that put pair i's cadre on its post: (pair, new value).
    fn moves(&self, i: usize) -> Vec<Vec<(usize, f64)>> {
        let (p, c) = self.pairs[i];
        let (held, old) = (self.holder[p], self.post_of[c]);
        let mut base = vec![(i, 1.0)];
        base.extend(held.map(|j| (j, 0.0)));
        base.extend(old.map(|k| (k, 0.0)));
        let swap = held.zip(old).and_then(|(j, k)| self.pairs.binary_search(&(self.pairs[k].0, self.pairs[j].1)).ok());
        let mut out = vec![base.clone()];
        if let Some(l) = swap {
            base.push((l, 1.0));
            out.push(base);
        }
        out
    }

    /// What the move gains: the pairs' costs and each touched row's slack.
    /// `None` when a pinned pair would leave, or a row without slack (or
    /// with its slack at its bound) would fail.
    fn gain(&self, m: &[(usize, f64)]) -> Option<f64> {
        let lp = &self.built.lp;
        let mut delta: Vec<(usize, f64)> = Vec::new();
        let mut gain = 0.0;
        for &(i, to) in m {
            let v = self.built.pair_vars[i];
            if to < lp.vars[v].lower || to > lp.vars[v].upper {
                return None;
            }
            gain += lp.vars[v].cost * (to - self.x[v]);
            for &(r, k) in self.column.of(v) {
                match delta.iter_mut().find(|d| d.0 == r) {
                    Some(d) => d.1 += k * (to - self.x[v]),
                    None => delta.push((r, k * (to - self.x[v]))),
                }
            }
        }
        for &(r, d) in delta.iter().filter(|d| d.1 != 0.0) {
            gain += self.slack_change(r, d)?.1;
        }
        Some(gain)
    }

    /// Row r's left-hand side moves by d: its slack's new value and the
    /// change in cost; `None` when the row cannot hold.
    fn slack_change(&self, r: usize, d: f64) -> Option<(f64, f64)> {
        let row = &self.built.lp.rows[r];
        let sign = if row.sense == Sense::Ge { 1.0 } else { -1.0 };
        let Some(s) = self.slack[r] else {
            return (sign * (self.lhs[r] + d - row.rhs) >= -1e-9).then_some((0.0, 0.0));
        };
        let var = &self.built.lp.vars[s];
        let k = self.column.of(s)[0].1;
        let base = self.lhs[r] - k * self.x[s] + d;
        // The least slack that holds the row (slack costs, so less is better).
        let need = (sign * (row.rhs - base) / (sign * k)).max(var.lower);
        (sign * k > 0.0 && var.cost <= 0.0 && need <= var.upper + 1e-9).then_some((need, var.cost * (need - self.x[s])))
    }

    fn apply(&mut self, m: &[(usize, f64)]) {
        let mut touched: Vec<(usize, f64)> = Vec::new();
        for &(i, to) in m {
            let v = self.built.pair_vars[i];
            let from = self.x[v];
            for &(r, k) in self.column.of(v) {
                self.lhs[r] += k * (to - from);
                touched.push((r, k * (to - from)));
            }
            self.x[v] = to;
            let (p, c) = self.pairs[i];
            if to > 0.5 {
                self.holder[p] = Some(i);
                self.post_of[c] = Some(i);
            } else {
                self.holder[p] = self.holder[p].filter(|&h| h != i);
                self.post_of[c] = self.post_of[c].filter(|&h| h != i);
            }
        }
        for (r, _) in touched {
            self.settle_slack(r);
        }
    }

    /// Sets row r's slack to the least that holds it.
    fn settle_slack(&mut self, r: usize) {
        let Some(s) = self.slack[r] else { return };
        let Some((need, _)) = self.slack_change(r, 0.0) else { return };
        let k = self.column.of(s)[0].1;
        self.lhs[r] += k * (need - self.x[s]);
        self.x[s] = need;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::{Lp, Row, Var};

    /// One post, held by a man (score 10); a woman (score 5) is eligible;
    /// the unit wants a woman (penalty 20, slack variable 2).
    fn model(pinned: bool) -> (Built, Vec<(usize, usize)>) {
        let var = |lower: f64, cost: f64| Var { integer: true, lower, upper: 1.0, cost };
        let row = |terms: Vec<(usize, f64)>, sense: Sense, rhs: f64| Row { terms, sense, rhs };
        let lp = Lp {
            vars: vec![var(if pinned { 1.0 } else { 0.0 }, 10.0), var(0.0, 5.0), var(0.0, -20.0)],
            rows: vec![
                row(vec![(0, 1.0), (1, 1.0)], Sense::Le, 1.0),
                row(vec![(0, 1.0)], Sense::Le, 1.0),
                row(vec![(1, 1.0)], Sense::Le, 1.0),
                row(vec![(1, 1.0), (2, 1.0)], Sense::Ge, 1.0),
            ],
        };
        let built = Built {
            lp,
            meanings: vec![Meaning::Pair, Meaning::Pair, Meaning::Slack { target: 0, unit: None }],
            pair_vars: vec![0, 1],
            successor_vars: Vec::new(),
            whole_vars: vec![0, 1],
            elastic_pins: Vec::new(),
            granularity: Some(1.0),
            capacity_rows: 3,
            bundle_rows: 0,
            cuts: Vec::new(),
            shares: Vec::new(),
        };
        (built, vec![(0, 0), (0, 1)])
    }

    fn improved(pinned: bool) -> Primal {
        let (built, pairs) = model(pinned);
        let mut plan = Primal { value: -10.0, values: vec![1.0, 0.0, 1.0] };
        improve(&built, &pairs, &mut plan, Instant::now() + std::time::Duration::from_secs(5));
        plan
    }

    #[test]
    fn a_move_that_meets_a_target_is_taken_and_the_slack_follows() {
        let plan = improved(false);
        assert_eq!(plan.values, vec![0.0, 1.0, 0.0]);
        assert_eq!(plan.value, 5.0);
    }

    #[test]
    fn a_pinned_holder_stays() {
        let plan = improved(true);
        assert_eq!(plan.values, vec![1.0, 0.0, 1.0]);
        assert_eq!(plan.value, -10.0);
    }
}
