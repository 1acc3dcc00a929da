//! Lagrangian relaxation of the coupling rows (targets, fair rotation,
//! successors, reserved posts): every row after the one-post rows moves into
//! the objective with a multiplier λ ≥ 0, which leaves an assignment problem
//! (solved exactly by [`super::assignment`]) plus variables that each sit at
//! a bound. For every λ that optimum bounds the part's model from above; a
//! subgradient search lowers the bound. Along the way each assignment is
//! completed into a plan when the rows allow (slack covers the shortfall),
//! which gives a lower bound. From the two come a proof of optimality when
//! they meet, and the pairs no optimal plan can use (their reduced cost
//! exceeds the gap), which the MIP then leaves out. ARCHITECTURE.md explains
//! why each step is exact.

use std::time::Instant;

use super::columns::{distinct_posts, Columns};
use super::{assignment, Built, Lagrange, Meaning, Progress, Sense};

/// What the relaxation found for one part.
pub(super) struct Relaxed {
    /// A proven upper bound on the part's Σ cost·x: the dual function at
    /// the best λ, which the reduced costs refer to.
    pub bound: f64,
    /// A proven upper bound learnt later, from a core that found no plan
    /// worth its guess (`reduce::search_core`); `f64::INFINITY` until then.
    /// It may lie below `bound`, but the reduced costs do not refer to it.
    pub ceiling: f64,
    /// How many times a core lowered the ceiling.
    pub ceilings: usize,
    /// The best plan found that satisfies every row of the model.
    pub plan: Option<Primal>,
    /// Per pair, at the λ of the bound: every plan that uses the pair weighs
    /// at most `bound + reduced` (≤ bound). `None` when a pin takes the
    /// pair's post or cadre, so that no plan can use it.
    pub reduced: Vec<Option<f64>>,
    /// Pairs that are pinned (never left out).
    pub pinned: Vec<bool>,
    pub iterations: usize,
    /// The subproblem's optimum at the λ of the bound (every variable's
    /// value): where it agrees with a plan, a neighbourhood search keeps
    /// the plan's choice (`neighbourhood`).
    pub relaxed_x: Vec<f64>,
    /// The multipliers of the bound, from which `tighten` resumes.
    lambda: Vec<f64>,
}

/// A plan of the part's model: its objective and every variable's value.
pub(super) struct Primal {
    pub value: f64,
    pub values: Vec<f64>,
}

impl Relaxed {
    /// True when the plan is proved optimal: no plan lies a whole step of
    /// the objective above it, and the bound is less than a step away.
    pub fn proves(&self, step: Option<f64>) -> bool {
        self.plan.as_ref().is_some_and(|p| closes(self.upper(), p.value, step))
    }

    /// The best proven upper bound: the dual's or the ceiling.
    pub fn upper(&self) -> f64 {
        self.bound.min(self.ceiling)
    }

    /// Per pair: true when no plan worth at least `floor` (the value of a
    /// known plan) can use it, so that no optimal plan does.
    pub fn left_out(&self, floor: f64) -> Vec<bool> {
        let margin = 1e-6 * floor.abs().max(1.0);
        let out = |(rc, pinned): (&Option<f64>, &bool)| !pinned && rc.is_none_or(|rc| self.bound + rc < floor - margin);
        self.reduced.iter().zip(&self.pinned).map(out).collect()
    }

    /// Pairs left out by their reduced cost alone (not by a pin).
    pub fn by_reduced_cost(&self, floor: f64) -> usize {
        self.left_out(floor).iter().zip(&self.reduced).filter(|(out, rc)| **out && rc.is_some()).count()
    }
}

/// A bound less than 0.9 of a step above a plan proves it optimal.
fn closes(bound: f64, value: f64, step: Option<f64>) -> bool {
    step.is_some_and(|g| bound - value < 0.9 * g)
}

/// The relaxation's data: the relaxed rows by column, the assignment it
/// leaves (with copies of cadres who may hold a bundle), and the scale.
struct Coupling<'a> {
    built: &'a Built,
    pairs: &'a [(usize, usize)],
    /// The relaxed rows (indices into the model's rows) and each one's
    /// sign (+1 for ≥, −1 for ≤).
    relaxed: Vec<usize>,
    sign: Vec<f64>,
    /// Per variable: (relaxed row, coefficient).
    column: Columns,
    /// The rows the assignment keeps, and their columns.
    kept: Vec<usize>,
    kept_column: Columns,
    is_pair: Vec<bool>,
    pinned: Vec<bool>,
    /// The assignment's copies of cadres who may hold a bundle; `None` when
    /// no cadre may, and the assignment's pairs are the part's.
    copies: Option<Copies>,
    /// Pair weights are rounded up to multiples of `unit`, so that the
    /// assignment is solved exactly on integers and still bounds from above.
    unit: f64,
    /// Pairs no plan better than a known one can use (`tighten`): the
    /// assignment leaves them out.
    excluded: Vec<bool>,
}

/// The weight of a pair the assignment leaves out: far below 0, so that
/// the assignment never takes it (a pair of weight ≤ 0 is never searched)
/// and its reduced cost leaves it out of every later step as well.
const EXCLUDED: i64 = i64::MIN / 4;

/// One evaluation of the dual function at λ.
struct Eval {
    value: f64,
    /// The subproblem's optimum: every variable's value.
    x: Vec<f64>,
    /// Per pair, in units.
    reduced: Vec<Option<i64>>,
}

/// Parts up to this many eligible pairs are always relaxed (it is cheap).
/// nghe-an (2,661 pairs, 3.2 per post) is above it: there the relaxation
/// took 0.8 s and the MIP alone 1.2 s.
const SMALL_PAIRS: usize = 1_000;
/// Larger parts are relaxed when their pools are dense: this many eligible
/// pairs per post at least. On the sparse national benchmark (2.8 per post)
/// the relaxation cost 7 s of 20 and left no pair out; on the dense
/// nghe-an-rotation (283 per post) it halves HiGHS's time (BENCHMARKS.md).
const DENSE_PAIRS_PER_POST: f64 = 20.0;

/// The relaxation applies when every variable has finite bounds, some row
/// couples pairs, and the part is small or dense.
fn applies(built: &Built, pairs: &[(usize, usize)], when: Lagrange) -> bool {
    let posts = distinct_posts(pairs);
    let worth = match when {
        Lagrange::Off => false,
        Lagrange::Auto => pairs.len() <= SMALL_PAIRS || pairs.len() as f64 >= DENSE_PAIRS_PER_POST * posts as f64,
        Lagrange::Always => true,
    };
    worth
        && built.lp.rows.len() > built.capacity_rows
        && built.lp.vars.iter().all(|v| v.lower.is_finite() && v.upper.is_finite())
}

/// A row the assignment keeps: Σ x ≤ 1 over pair variables only (one
/// cadre per post, or one post per cadre without a bundle).
fn is_one_post_row(row: &super::Row, is_pair: &[bool]) -> bool {
    row.sense == Sense::Le && row.rhs == 1.0 && row.terms.iter().all(|&(v, k)| is_pair[v] && k == 1.0)
}

impl<'a> Coupling<'a> {
    fn new(built: &'a Built, pairs: &'a [(usize, usize)], excluded: Vec<bool>) -> Coupling<'a> {
        let lp = &built.lp;
        let mut is_pair = vec![false; lp.vars.len()];
        for &v in &built.pair_vars {
            is_pair[v] = true;
        }
        let (kept, relaxed): (Vec<usize>, Vec<usize>) =
            (0..lp.rows.len()).partition(|&r| is_one_post_row(&lp.rows[r], &is_pair));
        let sign = relaxed.iter().map(|&r| if lp.rows[r].sense == Sense::Ge { 1.0 } else { -1.0 }).collect();
        let (column, kept_column) = (Columns::new(lp, &relaxed), Columns::new(lp, &kept));
        let pinned: Vec<bool> = built.pair_vars.iter().map(|&v| lp.vars[v].lower > 0.5).collect();
        let copies = copies(built, pairs, &pinned);
        let posts = distinct_posts(pairs) as f64;
        let step = built.granularity.unwrap_or(1e-3);
        let unit = step / (8.0 * (posts + 1.0));
        let biggest = lp.vars.iter().map(|v| v.cost.abs()).fold(1.0, f64::max);
        // Weights stay far below i64's range even after λ moves them.
        let unit = unit.max(biggest * (posts + 1.0) * 64.0 / 2f64.powi(52));
        Coupling { built, pairs, relaxed, sign, column, kept, kept_column, is_pair, pinned, copies, unit, excluded }
    }

    /// Lagrangian coefficient of variable v at λ.
    fn coefficient(&self, v: usize, lambda: &[f64]) -> f64 {
        let cost = self.built.lp.vars[v].cost;
        cost + self.column.of(v).iter().map(|&(r, k)| lambda[r] * self.sign[r] * k).sum::<f64>()
    }

    fn eval(&self, lambda: &[f64]) -> Option<Eval> {
        let lp = &self.built.lp;
        let mut x = vec![0.0; lp.vars.len()];
        let mut value: f64 =
            self.relaxed.iter().enumerate().map(|(k, &r)| -lambda[k] * self.sign[k] * lp.rows[r].rhs).sum();
        for (v, var) in lp.vars.iter().enumerate().filter(|(v, _)| !self.is_pair[*v]) {
            let d = self.coefficient(v, lambda);
            x[v] = if d > 0.0 { var.upper } else { var.lower };
            value += d * x[v];
        }
        let weight = |(i, &v): (usize, &usize)| match self.excluded.get(i) {
            Some(true) => EXCLUDED,
            _ => (self.coefficient(v, lambda) / self.unit).ceil() as i64,
        };
        let weights: Vec<i64> = self.built.pair_vars.iter().enumerate().map(weight).collect();
        let opt = match &self.copies {
            None => {
                assignment::solve(&assignment::Problem { pairs: self.pairs, weights: &weights, pinned: &self.pinned })
            }
            Some(cp) => {
                let weights: Vec<i64> = cp.of.iter().map(|&i| weights[i]).collect();
                assignment::solve(&assignment::Problem { pairs: &cp.pairs, weights: &weights, pinned: &cp.pinned })
            }
        }?;
        if opt.dual != opt.total {
            return None;
        }
        // A plan that uses a pair uses one of its copies: the best copy's
        // reduced cost bounds it.
        let mut reduced: Vec<Option<i64>> = vec![None; self.pairs.len()];
        for k in 0..opt.chosen.len() {
            let i = self.copies.as_ref().map_or(k, |cp| cp.of[k]);
            x[self.built.pair_vars[i]] += if opt.chosen[k] { 1.0 } else { 0.0 };
            reduced[i] = reduced[i].max(opt.reduced[k]);
        }
        value += opt.dual as f64 * self.unit;
        Some(Eval { value, x, reduced })
    }

    /// g_r = sign·(lhs − rhs): ≥ 0 where the row holds.
    fn subgradient(&self, x: &[f64]) -> Vec<f64> {
        let rows = &self.built.lp.rows;
        let lhs = self.column.sums(x);
        self.relaxed.iter().enumerate().map(|(k, &r)| self.sign[k] * (lhs[k] - rows[r].rhs)).collect()
    }

    /// How far relaxed row k is from holding where its Σ coef·x is `lhs`
    /// (0 when it holds).
    fn miss(&self, k: usize, lhs: f64) -> f64 {
        let row = &self.built.lp.rows[self.relaxed[k]];
        (self.sign[k] * (row.rhs - lhs)).max(0.0)
    }

    /// True when every row of the model holds at x.
    fn holds(&self, x: &[f64]) -> bool {
        let rows = &self.built.lp.rows;
        let all = |sums: Vec<f64>, of: &[usize]| sums.iter().zip(of).all(|(&lhs, &r)| rows[r].admits(lhs));
        all(self.column.sums(x), &self.relaxed) && all(self.kept_column.sums(x), &self.kept)
    }

    /// Completes the subproblem's pairs into a plan of the model: every
    /// other variable at its lower bound and raised where it helps, then
    /// each target's slack just covering its row's shortfall. `None` when
    /// some row still fails.
    fn complete(&self, sub: &[f64]) -> Option<Primal> {
        let lp = &self.built.lp;
        let mut x: Vec<f64> =
            (0..lp.vars.len()).map(|v| if self.is_pair[v] { sub[v] } else { lp.vars[v].lower }).collect();
        let mut lhs = self.column.sums(&x);
        self.raise_greedily(&mut x, &mut lhs);
        for (v, m) in self.built.meanings.iter().enumerate() {
            let Meaning::Slack { .. } = m else { continue };
            let &[(k, a)] = self.column.of(v) else { return None };
            let gain = self.sign[k] * a;
            if gain > 0.0 {
                let old = x[v];
                x[v] = (old + self.miss(k, lhs[k]) / gain).min(lp.vars[v].upper);
                lhs[k] += a * (x[v] - old);
            }
        }
        let value = lp.value(&x);
        self.holds(&x).then_some(Primal { value, values: x })
    }

    /// Raises each other variable that costs nothing or gains (bundles,
    /// successors, kept posts), the best first, to its upper bound when no
    /// row it is in gets further from holding. Slack is left for `complete`.
    /// `lhs` holds each relaxed row's Σ coef·x and follows x.
    fn raise_greedily(&self, x: &mut [f64], lhs: &mut [f64]) {
        let lp = &self.built.lp;
        let slack = |v: usize| matches!(self.built.meanings[v], Meaning::Slack { .. });
        let mut gainers: Vec<usize> =
            (0..lp.vars.len()).filter(|&v| !self.is_pair[v] && !slack(v) && lp.vars[v].cost >= 0.0).collect();
        gainers.sort_by(|&a, &b| lp.vars[b].cost.total_cmp(&lp.vars[a].cost).then(a.cmp(&b)));
        for v in gainers {
            let rise = lp.vars[v].upper - x[v];
            let worse = |&(k, a): &(usize, f64)| self.miss(k, lhs[k] + a * rise) > self.miss(k, lhs[k]) + 1e-9;
            if !self.column.of(v).iter().any(worse) {
                x[v] += rise;
                self.column.of(v).iter().for_each(|&(k, a)| lhs[k] += a * rise);
            }
        }
    }
}

/// The assignment's pairs, (post, cadre copy) in order, with the part's
/// pair each copies and whether it is pinned.
struct Copies {
    pairs: Vec<(usize, usize)>,
    of: Vec<usize>,
    pinned: Vec<bool>,
}

/// A cadre whose one-post row is relaxed (it may hold a bundle:
/// Σx − Σbundle ≤ 1) gets one copy per post it may hold, 1 + its bundle
/// variables, so that the assignment allows every plan of the model.
/// Copies of cadre c are c, c + n, c + 2n, … (n cadres). `None` when no
/// cadre may hold a bundle: building the identity cost 1.3 s of fresh
/// memory on national-rotation.
fn copies(built: &Built, pairs: &[(usize, usize)], pinned: &[bool]) -> Option<Copies> {
    let n = pairs.iter().map(|p| p.1 + 1).max().unwrap_or(0);
    let mut pair_of = vec![usize::MAX; built.lp.vars.len()];
    for (i, &v) in built.pair_vars.iter().enumerate() {
        pair_of[v] = i;
    }
    // A cadre's row is the one with its bundle variables at −1; a model
    // without bundles has none to look for.
    let is_bundle: Vec<bool> = built.meanings.iter().map(|m| matches!(m, Meaning::Bundle)).collect();
    let mut extra = vec![0usize; n];
    let rows = if is_bundle.contains(&true) { built.lp.rows.as_slice() } else { &[] };
    for row in rows {
        let bundles = row.terms.iter().filter(|t| is_bundle[t.0] && t.1 < 0.0).count();
        if let Some(&(v, _)) = row.terms.iter().find(|t| pair_of[t.0] != usize::MAX).filter(|_| bundles > 0) {
            let c = pairs[pair_of[v]].1;
            extra[c] = extra[c].max(bundles);
        }
    }
    if extra.iter().all(|&e| e == 0) {
        return None;
    }
    let (mut sub, mut of, mut pin) = (Vec::new(), Vec::new(), Vec::new());
    // A cadre pinned to a bundle holds each pinned post in its own copy.
    let mut pins_seen = vec![0usize; n];
    for (i, &(p, c)) in pairs.iter().enumerate() {
        let pinned_copy = pinned[i].then(|| {
            pins_seen[c] += 1;
            pins_seen[c] - 1
        });
        for copy in 0..=extra[c] {
            sub.push((p, c + copy * n));
            of.push(i);
            pin.push(pinned_copy == Some(copy));
        }
    }
    let mut order: Vec<usize> = (0..sub.len()).collect();
    order.sort_by_key(|&k| sub[k]);
    Some(Copies {
        pairs: order.iter().map(|&k| sub[k]).collect(),
        of: order.iter().map(|&k| of[k]).collect(),
        pinned: order.iter().map(|&k| pin[k]).collect(),
    })
}

/// Runs the subgradient search until `until`, at most `max_iterations`
/// assignments, reporting its plan and bound to `progress` as they improve.
/// `None` when the relaxation does not apply to the part.
pub(super) fn relax(
    built: &Built,
    pairs: &[(usize, usize)],
    when: Lagrange,
    (until, max_iterations): (Instant, usize),
    progress: Progress,
) -> Option<Relaxed> {
    if !applies(built, pairs, when) {
        return None;
    }
    let cx = Coupling::new(built, pairs, Vec::new());
    let mut search = Search::default();
    search.run(&cx, vec![0.0; cx.sign.len()], (until, max_iterations), progress)?;
    search.best.is_some().then(|| search.finish(&cx))
}

/// Resumes the subgradient search from the multipliers of `rx`'s bound,
/// aiming at its plan: a better plan found since (`neighbourhood`) makes
/// Polyak's steps shorter and surer. The bound, with its reduced costs,
/// is replaced only when the resumed search lowers it.
///
/// The resumed assignments leave out every pair that no plan better than
/// `rx`'s can use (on nghe-an-rotation more than half of them, which cut
/// the time of its assignments from 1.40 s to 0.99 s). Their bound is then
/// a bound of the model without those pairs, and it still bounds the
/// whole model: a plan that uses a left-out pair weighs less than the
/// known plan, which is a plan of the smaller model and so lies under the
/// bound. A left-out pair's reduced cost stays far below 0, so every
/// later step leaves it out too.
pub(super) fn tighten(
    built: &Built,
    pairs: &[(usize, usize)],
    rx: &mut Relaxed,
    (until, max_iterations): (Instant, usize),
    progress: Progress,
) {
    let excluded = rx.plan.as_ref().map_or_else(Vec::new, |plan| rx.left_out(plan.value));
    let cx = Coupling::new(built, pairs, excluded);
    let mut search = Search { plan: rx.plan.take(), theta: RESUMED_THETA, ..Search::default() };
    let ran = search.run(&cx, rx.lambda.clone(), (until, max_iterations), progress);
    let lower = ran.is_some() && search.bound() < rx.bound;
    let iterations = rx.iterations + search.iterations;
    let (ceiling, ceilings) = (rx.ceiling, rx.ceilings);
    let mut resumed = search.finish(&cx);
    if !lower {
        rx.plan = resumed.plan.take();
        rx.iterations = iterations;
        return;
    }
    *rx = Relaxed { ceiling, ceilings, iterations, ..resumed };
}

impl Search {
    /// Steps from `lambda` until `until`, `max_iterations` assignments, a
    /// proof or a stall, reporting each assignment's plan and bound (a
    /// resumed search's may lie above the bound it resumed from, which the
    /// heartbeat ignores). `None` when an assignment fails.
    fn run(
        &mut self,
        cx: &Coupling,
        mut lambda: Vec<f64>,
        (until, max_iterations): (Instant, usize),
        progress: Progress,
    ) -> Option<()> {
        let step = cx.built.granularity;
        let first = self.iterations;
        while self.iterations - first < max_iterations && Instant::now() < until {
            let e = cx.eval(&lambda)?;
            self.iterations += 1;
            if let Some(p) = cx.complete(&e.x).filter(|p| self.plan.as_ref().is_none_or(|b| p.value > b.value)) {
                self.plan = Some(p);
            }
            let g = cx.subgradient(&e.x);
            let g = self.record(e, &mut lambda, g, step);
            if let Some(p) = &self.plan {
                progress.report(p.value, self.bound());
            }
            if self.step(&mut lambda, &g, step) || self.proves(step) || self.stalled(step) {
                break;
            }
        }
        Some(())
    }
}

/// The state of the subgradient search.
struct Search {
    best: Option<Eval>,
    /// The multipliers of `best` and the subgradient there.
    best_at: (Vec<f64>, Vec<f64>),
    plan: Option<Primal>,
    iterations: usize,
    /// Polyak's step factor: halved after `PATIENCE` iterations without a
    /// lower bound or at an overshoot, doubled after `GROW_AFTER` lower ones.
    theta: f64,
    stale: usize,
    /// Iterations in a row that lowered the bound.
    improving: usize,
    /// The bound after each iteration.
    bounds: Vec<f64>,
}

/// Polyak's step aims at the best plan, which early on may lie far below
/// the optimum, so that a step overshoots: on national-rotation the first
/// step raised the dual by 166,000 (the gap was 41,000), and 10 assignments
/// passed before it came back. So the factor starts at a tenth, and a step
/// that raises the dual by more than the gap is taken back at once, with
/// half the factor (BENCHMARKS.md, "The assignment solver").
const INITIAL_THETA: f64 = 0.1;
/// A resumed search aims at a plan near the optimum, so its steps need not
/// be cautious: on three nghe-an-rotation seeds a factor of 1 proved the
/// optimum in 59, 36 and 36 assignments, 0.1 in 73, 45 and 48.
const RESUMED_THETA: f64 = 1.0;
/// Small parts want larger steps (tiny-rotation needed 200 assignments at a
/// factor of 0.1 and 44 at 1): the factor doubles after this many
/// iterations in a row that lowered the bound, up to `MAX_THETA`.
const GROW_AFTER: usize = 3;
const MAX_THETA: f64 = 2.0;
/// The search stops when the bound fell by less than this many steps of
/// the objective over this many iterations (`Search::stalled`).
const STALL_STEPS: f64 = 0.5;
const STALL_WINDOW: usize = 20;

impl Default for Search {
    fn default() -> Self {
        Search {
            best: None,
            best_at: (Vec::new(), Vec::new()),
            plan: None,
            iterations: 0,
            improving: 0,
            theta: INITIAL_THETA,
            stale: 0,
            bounds: Vec::new(),
        }
    }
}

impl Search {
    fn bound(&self) -> f64 {
        self.best.as_ref().map_or(f64::INFINITY, |b| b.value)
    }

    /// Keeps `e` (at λ, with subgradient g) when it lowers the bound. When
    /// it lies above the bound by more than the gap, the step overshot: λ
    /// goes back to the best multipliers and the factor is halved. Returns
    /// the subgradient to step along.
    fn record(&mut self, e: Eval, lambda: &mut Vec<f64>, g: Vec<f64>, step: Option<f64>) -> Vec<f64> {
        let bound = self.bound();
        self.bounds.push(bound.min(e.value));
        if e.value < bound - 1e-9 {
            self.best = Some(e);
            self.best_at = (lambda.clone(), g.clone());
            self.stale = 0;
            self.improving += 1;
            if self.improving >= GROW_AFTER {
                self.theta = (self.theta * 2.0).min(MAX_THETA);
                self.improving = 0;
            }
            return g;
        }
        self.improving = 0;
        if e.value - bound > bound - self.target(step) {
            self.theta /= 2.0;
            self.stale = 0;
            lambda.clone_from(&self.best_at.0);
            return self.best_at.1.clone();
        }
        self.stale += 1;
        g
    }

    /// What Polyak's step aims at: the best plan, or a guess below the bound.
    fn target(&self, step: Option<f64>) -> f64 {
        let bound = self.bound();
        match &self.plan {
            Some(p) => p.value,
            None => bound - step.unwrap_or(1.0).max(0.01 * bound.abs()),
        }
    }

    fn proves(&self, step: Option<f64>) -> bool {
        self.plan.as_ref().is_some_and(|p| closes(self.bound(), p.value, step))
    }

    /// True when the bound fell by less than `STALL_STEPS` of the
    /// objective's step over the last `STALL_WINDOW` iterations: below a
    /// step, a lower bound proves nothing more, and it barely narrows the
    /// cores (`reduce`). On nghe-an-rotation the bound fell from 843,270.39
    /// to 843,270.02 in the last 90 of 177 assignments.
    fn stalled(&self, step: Option<f64>) -> bool {
        let (Some(g), n) = (step, self.bounds.len()) else { return false };
        n > STALL_WINDOW && self.bounds[n - 1 - STALL_WINDOW] - self.bound() < STALL_STEPS * g
    }

    /// λ ← max(0, λ − t·g), with Polyak's step towards the best plan (or a
    /// guess below the bound). True when no direction is left.
    fn step(&mut self, lambda: &mut [f64], g: &[f64], step: Option<f64>) -> bool {
        const PATIENCE: usize = 8;
        if self.stale >= PATIENCE {
            self.theta /= 2.0;
            self.stale = 0;
        }
        // Where λ is 0 and the row holds, λ cannot fall: that direction is empty.
        let dir: Vec<f64> =
            g.iter().zip(lambda.iter()).map(|(&gr, &l)| if l <= 0.0 && gr > 0.0 { 0.0 } else { gr }).collect();
        let norm: f64 = dir.iter().map(|d| d * d).sum();
        if norm < 1e-12 || self.theta < INITIAL_THETA * 1e-3 {
            return true;
        }
        let t = self.theta * (self.bound() - self.target(step)).max(1e-9) / norm;
        for (l, d) in lambda.iter_mut().zip(&dir) {
            *l = (*l - t * d).max(0.0);
        }
        false
    }

    /// The bound, the plan, and the reduced costs at the best λ.
    fn finish(self, cx: &Coupling) -> Relaxed {
        let bound = self.bound();
        let reduced = match &self.best {
            Some(best) => best.reduced.iter().map(|rc| rc.map(|rc| rc as f64 * cx.unit)).collect(),
            None => vec![Some(0.0); cx.pairs.len()],
        };
        let ceiling = f64::INFINITY;
        let relaxed_x = self.best.map_or_else(Vec::new, |b| b.x);
        let (plan, pinned, iterations, lambda) = (self.plan, cx.pinned.clone(), self.iterations, self.best_at.0);
        Relaxed { bound, ceiling, ceilings: 0, plan, reduced, pinned, iterations, relaxed_x, lambda }
    }
}
