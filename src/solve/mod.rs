//! The optimisation model (contract sections 3–4) and the solvers. This is the
//! only module that knows good_lp.
//!
//! The model is first written as a small solver-neutral [`Lp`], with a table
//! from each constraint to the rule or target it came from; each backend turns
//! it into good_lp calls. The same `Lp` serves the plain solve, the LP
//! relaxation (a proven bound when a time limit stops the search) and the
//! elastic re-solve that explains infeasibility.

pub mod assignment;
mod backend;
mod columns;
mod cuts;
mod fairness;
mod lagrange;
mod levels;
#[cfg(feature = "microlp")]
mod microlp;
mod neighbourhood;
mod probe;
mod reduce;
mod repair;
mod rotation;
mod succession;
mod worker;

use std::time::Instant;

use serde::Serialize;

use crate::eligibility::Eligibility;
use std::collections::BTreeMap;

use crate::model::{Bound, Scenario, Target, TargetOn};
use crate::objective;
use crate::plan::{Plan, Status};
use crate::rules;
use crate::targets;

pub use backend::Backend;
pub use worker::{enable as enable_worker, serve as serve_worker, WORKER_ARG};

/// Options of one solve.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    pub backend: Backend,
    /// Seconds; `None` = no limit.
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which the search may stop (0 = proven optimum).
    pub mip_gap: f64,
    /// Solve independent parts of the scenario separately (in parallel).
    pub decompose: bool,
    /// Prove parts that are pure assignments with the exact assignment path.
    pub assignment: bool,
    /// When to relax the coupling rows (Lagrange) before the MIP: a bound, a
    /// first plan, pairs left out by their reduced cost, sometimes the proof.
    pub lagrange: Lagrange,
    /// When probing strengthens the MIP of a backend without cuts (`probe`).
    pub probe: Probe,
    /// Whether a neighbourhood search looks for a better plan after the
    /// Lagrangian relaxation (`neighbourhood`); the optimum is the same.
    pub neighbourhood: bool,
    /// Counts of parts for a heartbeat (issue 15), when one runs.
    pub parts: Option<std::sync::Arc<crate::heartbeat::Parts>>,
    /// Which MIPs run under a time limit only with time for their size.
    pub large_mip: LargeMip,
}

/// Under a time limit, a MIP over more than `vars` variables runs only
/// with at least `seconds_per_million` seconds per million variables left
/// (`mip_in_time`); the default is measured on national-rotation (see
/// `MIP_SECONDS_PER_MILLION_VARS`). Tests lower `vars` to reach, on small
/// scenarios, the path that skips the MIP.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LargeMip {
    pub vars: usize,
    pub seconds_per_million: f64,
}

impl Default for LargeMip {
    fn default() -> LargeMip {
        LargeMip { vars: SMALL_MIP_VARS, seconds_per_million: MIP_SECONDS_PER_MILLION_VARS }
    }
}

/// When probing (`probe.rs`: caps on the holders of share scopes that
/// every better plan keeps, and their rounding cuts) strengthens the MIP of
/// a backend without cuts of its own. The optimum is the same in every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Probe {
    /// Never.
    Off,
    /// After each round of the search that found a better plan without
    /// proving it optimal (the first round stops after 500 nodes).
    #[default]
    Auto,
    /// After the first round even when it proved the optimum (for tests
    /// and comparisons: the model with caps must prove the same optimum).
    Always,
}

/// When the Lagrangian relaxation runs before the MIP (the optimum is the
/// same in every case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lagrange {
    /// Never.
    Off,
    /// On parts where it pays: small ones, or dense pools (`lagrange::applies`).
    #[default]
    Auto,
    /// On every part it applies to, whatever its size and density.
    Always,
}

impl SolveOptions {
    /// The scenario's `[solver]` settings with the default backend.
    pub fn from_scenario(sc: &Scenario) -> SolveOptions {
        SolveOptions {
            backend: Backend::default(),
            time_limit: sc.solver.time_limit_s,
            mip_gap: sc.solver.mip_gap,
            decompose: true,
            assignment: true,
            lagrange: Lagrange::Auto,
            probe: Probe::Auto,
            neighbourhood: true,
            parts: None,
            large_mip: LargeMip::default(),
        }
    }
}

/// A solved scenario.
#[derive(Debug, Clone)]
pub struct Solved {
    pub plan: Plan,
    pub status: Status,
    /// Best proven upper bound on the objective, when known.
    pub bound: Option<f64>,
    pub seconds: f64,
    pub stats: ModelStats,
}

/// Size of the model and where the time went.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ModelStats {
    pub variables: usize,
    pub binaries: usize,
    pub constraints: usize,
    /// Independent parts solved separately.
    pub parts: usize,
    /// Seconds spent building models (summed over parts).
    pub build_seconds: f64,
    /// Seconds spent in the solver (summed over parts).
    pub search_seconds: f64,
    /// Parts proved optimal by the exact assignment path, not the MIP solver.
    pub assignment_parts: usize,
    /// Parts proved optimal by the Lagrangian relaxation, not the MIP solver.
    pub lagrange_parts: usize,
    /// Eligible pairs the relaxation's reduced costs left out of the MIP.
    pub dropped_pairs: usize,
    /// Assignments solved by the Lagrangian relaxation (summed over parts).
    pub lagrange_iterations: usize,
    /// Parts whose optimum a core proved: the MIP on the pairs that a plan
    /// worth a guess of the optimum could use, or on each post's pairs of
    /// best reduced cost (`reduce::search_core`).
    pub core_proofs: usize,
    /// Times a core showed that no plan reaches its guess of the optimum,
    /// which lowers the bound (`reduce::search_core`).
    pub core_ceilings: usize,
    /// Caps on the holders of a share scope that probing showed every
    /// better plan keeps (`probe`), each with its rounding cut.
    pub probe_caps: usize,
    /// Better plans found by neighbourhood searches (`neighbourhood`).
    pub neighbourhood_plans: usize,
    /// Parts that ended with their searches' plan, unproved, because a MIP
    /// of their reduced model's size could not end in the time left
    /// (`mip_in_time`), and the most seconds such a MIP was reckoned to
    /// need: a committee that gave 600 s and got an answer at 220 s is told
    /// why, and what limit the proof would take.
    pub mip_skipped: usize,
    pub mip_needed_seconds: f64,
}

/// A hard requirement that must give way for a plan to exist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relaxation {
    /// `hard_target` or `pin`.
    pub kind: &'static str,
    /// Target name or "cadre -> post".
    pub what: String,
    /// Unit of a per-unit target scope.
    pub unit: Option<String>,
    /// How far it must be relaxed (posts for targets; 1 for a pin).
    pub amount: f64,
    /// Plain-language sentence.
    pub message: String,
}

/// Why no plan exists: the smallest total relaxation of hard targets and pins.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    pub relaxations: Vec<Relaxation>,
}

/// Solving failed.
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    #[error("no plan satisfies every rule, pin and hard target")]
    Infeasible(Diagnosis),
    #[error("solver {backend} failed: {message}")]
    Solver { backend: &'static str, message: String },
    /// The time limit ended the search before the solver found a plan, and
    /// no plan built without it passes every rule (contract section 6, exit 5).
    #[error("the time limit of {seconds} s ended the search before a plan that passes every rule was found")]
    TimeLimit { seconds: f64 },
}

/// A variable of the neutral model.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize)]
pub(crate) struct Var {
    pub integer: bool,
    pub lower: f64,
    pub upper: f64,
    pub cost: f64,
}

/// Sense of a constraint row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub(crate) enum Sense {
    Le,
    Ge,
}

/// A row: `sum coef * var (sense) rhs`.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub(crate) struct Row {
    pub terms: Vec<(usize, f64)>,
    pub sense: Sense,
    pub rhs: f64,
}

impl Row {
    /// Σ coef·x over the row's terms.
    fn lhs(&self, x: &[f64]) -> f64 {
        self.terms.iter().map(|&(v, k)| k * x[v]).sum()
    }

    /// True when the row holds at x (to 1e-9).
    fn holds(&self, x: &[f64]) -> bool {
        self.admits(self.lhs(x))
    }

    /// True when the row holds where its Σ coef·x is `lhs` (to 1e-9).
    fn admits(&self, lhs: f64) -> bool {
        match self.sense {
            Sense::Le => lhs <= self.rhs + 1e-9,
            Sense::Ge => lhs >= self.rhs - 1e-9,
        }
    }
}

/// The solver-neutral model (maximised).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub(crate) struct Lp {
    pub vars: Vec<Var>,
    pub rows: Vec<Row>,
}

impl Lp {
    /// Σ cost·x: the objective of the values `x` (without the vacancy constant).
    fn value(&self, x: &[f64]) -> f64 {
        self.vars.iter().zip(x).map(|(v, x)| v.cost * x).sum()
    }
}

/// What a variable of the model stands for.
#[derive(Debug, Clone)]
enum Meaning {
    Pair,
    Slack {
        target: usize,
        unit: Option<usize>,
    },
    /// A unit of a `min_unit_share` target meets its bound.
    UnitMet,
    /// A cadre holds a concurrent post together with its partner.
    Bundle,
    /// A cadre is rotated down (the fair-rotation rows, section 10.11).
    Sent,
    /// A post is kept for its incumbent's return from a rotation (section 10.13).
    Reserved {
        post: usize,
    },
    /// A cadre is named successor of a post (section 10.14).
    Successor {
        post: usize,
        cadre: usize,
    },
}

/// Outcome of one backend run.
pub(crate) enum LpOutcome {
    Solved { values: Vec<f64>, proven: bool },
    Infeasible,
}

struct Built {
    lp: Lp,
    meanings: Vec<Meaning>,
    /// Variable index of each eligible pair, in `Eligibility::pairs` order.
    pair_vars: Vec<usize>,
    /// Variable index of each possible successor, in `Eligibility::successors` order.
    successor_vars: Vec<usize>,
    /// Variables that are 0 or 1 in every plan and carry a cost: the pairs and
    /// the kept posts. Their costs set the objective's step.
    whole_vars: Vec<usize>,
    /// (pin index, pair variable) in elastic mode.
    elastic_pins: Vec<(usize, usize)>,
    /// Step between the objective values of plans, when known.
    granularity: Option<f64>,
    /// Rows for one post per cadre and one cadre per post; every other row
    /// couples pairs (bundles, then targets, come after them).
    capacity_rows: usize,
    /// Rows of concurrent bundles.
    bundle_rows: usize,
    /// Rounding cuts (`cuts::rounding`): rows every plan meets, for the MIP
    /// only (the Lagrangian and repair work on `lp` alone).
    cuts: Vec<Row>,
    /// The share rows of targets, for the cuts of `probe`.
    shares: Vec<cuts::ShareRow>,
}

/// Builds the model. With `elastic`, hard targets get slack and pins may be
/// dropped; the objective is then the total relaxation, minimised (as a
/// maximisation of its negative).
fn build(sc: &Scenario, el: &Eligibility, elastic: bool, part: Option<&Part>) -> Built {
    let mut lp = Lp::default();
    let mut meanings = Vec::new();
    let mut pair_vars = Vec::with_capacity(el.pairs.len());
    let mut pinned = vec![false; el.pairs.len()];
    for pin in &el.pins {
        if let Ok(i) = el.pairs.binary_search(&(pin.position, pin.cadre)) {
            pinned[i] = true;
        }
    }
    let mut elastic_pins = Vec::new();
    for (i, &(p, c)) in el.pairs.iter().enumerate() {
        let cost = if elastic { 0.0 } else { objective::score(sc, c, p) + objective::vacancy_penalty(sc, p) };
        let lower = if pinned[i] && !elastic { 1.0 } else { 0.0 };
        lp.vars.push(Var { integer: true, lower, upper: 1.0, cost });
        meanings.push(Meaning::Pair);
        pair_vars.push(lp.vars.len() - 1);
    }
    if elastic {
        // Dropping a pin costs 1: objective += x_pin - 1 (the constant is left out).
        for (k, pin) in el.pins.iter().enumerate() {
            if let Ok(i) = el.pairs.binary_search(&(pin.position, pin.cadre)) {
                lp.vars[pair_vars[i]].cost = 1.0;
                elastic_pins.push((k, pair_vars[i]));
            }
        }
    }
    // One post per cadre, one cadre per post.
    let mut by_cadre: Vec<Vec<usize>> = vec![Vec::new(); sc.cadres.len()];
    let mut by_post: Vec<Vec<usize>> = vec![Vec::new(); sc.positions.len()];
    for (i, &(p, c)) in el.pairs.iter().enumerate() {
        by_cadre[c].push(pair_vars[i]);
        by_post[p].push(pair_vars[i]);
    }
    for group in by_post.iter().filter(|g| g.len() > 1) {
        lp.rows.push(Row { terms: group.iter().map(|&v| (v, 1.0)).collect(), sense: Sense::Le, rhs: 1.0 });
    }
    let before_bundles = lp.rows.len();
    let bundles = bundle_terms(sc, el, &pair_vars, &mut lp, &mut meanings);
    let bundle_rows = lp.rows.len() - before_bundles;
    for (c, group) in by_cadre.iter().enumerate() {
        let mut terms: Vec<(usize, f64)> = group.iter().map(|&v| (v, 1.0)).collect();
        terms.extend(bundles[c].iter().map(|&b| (b, -1.0)));
        if terms.len() > 1 {
            lp.rows.push(Row { terms, sense: Sense::Le, rhs: 1.0 });
        }
    }
    let capacity_rows = lp.rows.len() - bundle_rows;
    let successor_vars = succession::successor_rows(sc, el, &pair_vars, elastic, &mut lp, &mut meanings);
    // Targets.
    let cx = TargetCx { sc, el, pair_vars: &pair_vars, successor_vars: &successor_vars, elastic, part };
    let mut shares = Vec::new();
    for (ti, t) in sc.targets.iter().enumerate() {
        match t.unit_share {
            None => scope_rows(&mut lp, &mut meanings, &mut shares, &cx, ti, t),
            Some(share) => unit_share_rows(&mut lp, &mut meanings, &cx, ti, t, share),
        }
    }
    fairness::spread_rows(sc, el, &pair_vars, &bundles, &mut lp, &mut meanings);
    rotation::reserve_rows(sc, el, &pair_vars, &by_post, elastic, &mut lp, &mut meanings);
    let whole_vars: Vec<usize> = (0..lp.vars.len())
        .filter(|&v| matches!(meanings[v], Meaning::Pair | Meaning::Reserved { .. } | Meaning::Successor { .. }))
        .collect();
    let granularity = if elastic { None } else { granularity(sc, &lp, &whole_vars, true) };
    let cuts = if elastic || lp.vars.len() > cuts::MAX_VARS { Vec::new() } else { cuts::rounding(&lp, &shares) };
    Built {
        lp,
        meanings,
        pair_vars,
        successor_vars,
        whole_vars,
        elastic_pins,
        granularity,
        capacity_rows,
        bundle_rows,
        cuts,
        shares,
    }
}

/// Concurrent titles (version 2). For each pair (P, c) whose title may be
/// held with a partner post Q of P's unit, a binary b ≤ x(P, c) and
/// b ≤ Σ x(Q, c) that lets c's one-post row count P and its partner once;
/// a `required` title also gets x(P, c) ≤ Σ x(Q, c). Returns each cadre's b variables.
fn bundle_terms(
    sc: &Scenario,
    el: &Eligibility,
    pair_vars: &[usize],
    lp: &mut Lp,
    meanings: &mut Vec<Meaning>,
) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); sc.cadres.len()];
    if sc.titles.iter().all(|t| t.concurrent_with.is_empty()) {
        return out;
    }
    let mut by_unit: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (p, pos) in sc.positions.iter().enumerate() {
        by_unit.entry(pos.unit).or_default().push(p);
    }
    let var = |p: usize, c: usize| el.pairs.binary_search(&(p, c)).ok().map(|i| pair_vars[i]);
    for (i, &(p, c)) in el.pairs.iter().enumerate() {
        let title = sc.title_of(p);
        if title.concurrent_with.is_empty() {
            continue;
        }
        let partners =
            by_unit[&sc.positions[p].unit].iter().filter(|&&q| title.concurrent_with.contains(&sc.positions[q].title));
        let partner_vars: Vec<(usize, f64)> = partners.filter_map(|&q| var(q, c)).map(|v| (v, -1.0)).collect();
        let x = pair_vars[i];
        if title.concurrent_required {
            lp.rows.push(Row { terms: [vec![(x, 1.0)], partner_vars.clone()].concat(), sense: Sense::Le, rhs: 0.0 });
        }
        if partner_vars.is_empty() {
            continue;
        }
        lp.vars.push(Var { integer: true, lower: 0.0, upper: 1.0, cost: 0.0 });
        meanings.push(Meaning::Bundle);
        let b = lp.vars.len() - 1;
        lp.rows.push(Row { terms: vec![(b, 1.0), (x, -1.0)], sense: Sense::Le, rhs: 0.0 });
        lp.rows.push(Row { terms: [vec![(b, 1.0)], partner_vars].concat(), sense: Sense::Le, rhs: 0.0 });
        out[c].push(b);
    }
    out
}

/// A variable z in [0, 1] with `x ≤ z` for every x of `xs` and `z ≤ Σ xs`:
/// over binary `xs` it is 1 exactly when one of them is (kept posts, cadres sent down).
fn indicator(lp: &mut Lp, meanings: &mut Vec<Meaning>, xs: &[usize], cost: f64, meaning: Meaning) -> usize {
    lp.vars.push(Var { integer: false, lower: 0.0, upper: 1.0, cost });
    meanings.push(meaning);
    let z = lp.vars.len() - 1;
    for &x in xs {
        lp.rows.push(Row { terms: vec![(x, 1.0), (z, -1.0)], sense: Sense::Le, rhs: 0.0 });
    }
    let mut at_most: Vec<(usize, f64)> = xs.iter().map(|&x| (x, -1.0)).collect();
    at_most.push((z, 1.0));
    lp.rows.push(Row { terms: at_most, sense: Sense::Le, rhs: 0.0 });
    z
}

/// What the target rows need of the model being built.
struct TargetCx<'a> {
    sc: &'a Scenario,
    el: &'a Eligibility,
    pair_vars: &'a [usize],
    successor_vars: &'a [usize],
    elastic: bool,
    part: Option<&'a Part>,
}

impl TargetCx<'_> {
    /// False when `scope` belongs to another part (its posts are joined, so
    /// it lies wholly in one); an empty scope counts in the first part only.
    fn owns(&self, scope: &targets::Scope) -> bool {
        !self.part.is_some_and(|pt| scope.positions.first().map_or(!pt.first, |&p| !pt.mask[p]))
    }

    /// The terms of "members − share × holders" (or members) in `scope`, and the row's right-hand side.
    fn terms(&self, t: &Target, scope: &targets::Scope, bound: Bound) -> (Vec<(usize, f64)>, f64) {
        let sc = self.sc;
        let share = match bound {
            Bound::MinShare(s) | Bound::MaxShare(s) => Some(s),
            _ => None,
        };
        let mut terms = Vec::new();
        for &p in &scope.positions {
            for (c, v) in self.counted(t, p) {
                let member = if targets::is_member(sc, t.group, c, p) { 1.0 } else { 0.0 };
                let coef = member - share.unwrap_or(0.0);
                if coef != 0.0 {
                    terms.push((v, coef));
                }
            }
        }
        let rhs = match bound {
            Bound::MinCount(n) | Bound::MaxCount(n) => n,
            _ => 0.0,
        };
        (terms, rhs)
    }

    /// The (cadre, variable) pairs a target counts at post p: its possible
    /// holders, or its possible successors for a target on the pools.
    fn counted(&self, t: &Target, p: usize) -> Vec<(usize, usize)> {
        let (pairs, vars) = match t.on {
            TargetOn::Holders => (&self.el.pairs, self.pair_vars),
            TargetOn::Succession => (&self.el.successors, self.successor_vars),
        };
        let start = pairs.partition_point(|&(q, _)| q < p);
        let here = pairs[start..].iter().take_while(|&&(q, _)| q == p);
        here.enumerate().map(|(k, &(_, c))| (c, vars[start + k])).collect()
    }

    /// The most cadres a scope can count: one per post, or each post's k successors.
    fn capacity(&self, t: &Target, scope: &targets::Scope) -> f64 {
        match t.on {
            TargetOn::Holders => scope.positions.len() as f64,
            TargetOn::Succession => scope.positions.iter().map(|&p| f64::from(self.sc.title_of(p).succession)).sum(),
        }
    }

    /// The most cadres a plan can count in `scope`: each post's count capped
    /// by its possible holders (or successors).
    fn fillable(&self, t: &Target, scope: &targets::Scope) -> f64 {
        let at_most = |p: usize| match t.on {
            TargetOn::Holders => 1,
            TargetOn::Succession => self.sc.title_of(p).succession as usize,
        };
        scope.positions.iter().map(|&p| self.counted(t, p).len().min(at_most(p)) as f64).sum()
    }

    /// The slack's objective cost, or `None` for a hard target outside elastic mode.
    fn slack_cost(&self, t: &Target) -> Option<f64> {
        match (t.hard, self.elastic) {
            (true, false) => None,
            (true, true) => Some(-1.0),
            (false, false) => Some(-t.penalty),
            (false, true) => Some(0.0),
        }
    }
}

/// The largest shortfall any plan can have in a scope of `posts` posts: a
/// valid bound on the slack that keeps the model bounded.
fn worst_shortfall(bound: Bound, posts: f64) -> f64 {
    match bound {
        Bound::MinCount(n) => n,
        Bound::MinShare(s) => s * posts,
        Bound::MaxCount(n) => (posts - n).max(0.0),
        Bound::MaxShare(s) => (1.0 - s) * posts,
    }
}

/// One row per scope of a target (the whole target, or each unit of a `per_unit` one).
/// Share rows are listed in `shares` for their rounding cuts.
fn scope_rows(
    lp: &mut Lp,
    meanings: &mut Vec<Meaning>,
    shares: &mut Vec<cuts::ShareRow>,
    cx: &TargetCx,
    ti: usize,
    t: &Target,
) {
    for scope in targets::scopes(cx.sc, t).iter().filter(|s| cx.owns(s)) {
        let bound = targets::bound_in(cx.sc, t, scope.unit);
        let (mut terms, rhs) = cx.terms(t, scope, bound);
        if let Some(cost) = cx.slack_cost(t) {
            let upper = worst_shortfall(bound, cx.capacity(t, scope));
            lp.vars.push(Var { integer: false, lower: 0.0, upper, cost });
            meanings.push(Meaning::Slack { target: ti, unit: scope.unit });
            terms.push((lp.vars.len() - 1, if bound.is_min() { 1.0 } else { -1.0 }));
        }
        let sense = if bound.is_min() { Sense::Ge } else { Sense::Le };
        lp.rows.push(Row { terms, sense, rhs });
        if let Bound::MinShare(share) | Bound::MaxShare(share) = bound {
            shares.push(cuts::ShareRow { row: lp.rows.len() - 1, share, fillable: cx.fillable(t, scope) });
        }
    }
}

/// `min_unit_share`: a binary per unit that may be 1 only when the unit
/// meets its bound, and a row asking for enough of them (slack in units).
fn unit_share_rows(lp: &mut Lp, meanings: &mut Vec<Meaning>, cx: &TargetCx, ti: usize, t: &Target, share: f64) {
    let scopes = targets::scopes(cx.sc, t);
    let first = targets::Scope {
        unit: None,
        positions: scopes.iter().flat_map(|s| s.positions.first().copied()).take(1).collect(),
    };
    if !cx.owns(&first) {
        return; // every scope of the target lies in one part (they are joined)
    }
    let mut met_terms = Vec::new();
    for scope in &scopes {
        let bound = targets::bound_in(cx.sc, t, scope.unit);
        let (mut terms, rhs) = cx.terms(t, scope, bound);
        lp.vars.push(Var { integer: true, lower: 0.0, upper: 1.0, cost: 0.0 });
        meanings.push(Meaning::UnitMet);
        let y = lp.vars.len() - 1;
        met_terms.push((y, 1.0));
        // Met (y = 1) means the scope's row holds; y = 0 relaxes it by the worst shortfall.
        let big = worst_shortfall(bound, scope.positions.len() as f64);
        let (sense, sign) = if bound.is_min() { (Sense::Ge, -1.0) } else { (Sense::Le, 1.0) };
        terms.push((y, sign * big));
        lp.rows.push(Row { terms, sense, rhs: rhs + sign * big });
    }
    let required = targets::units_required(share, scopes.len());
    if let Some(cost) = cx.slack_cost(t) {
        lp.vars.push(Var { integer: false, lower: 0.0, upper: required, cost });
        meanings.push(Meaning::Slack { target: ti, unit: None });
        met_terms.push((lp.vars.len() - 1, 1.0));
    }
    lp.rows.push(Row { terms: met_terms, sense: Sense::Ge, rhs: required });
}

/// The step between objective values of any two plans: the greatest common
/// divisor of every pair's score plus vacancy penalty and of every soft
/// target's penalty per unit of shortfall (a share's shortfall moves in steps
/// of gcd(share, 1)). `None` when some number has more than six decimals.
/// A search whose bound is less than one step above its best plan has proved
/// that plan optimal.
fn granularity(sc: &Scenario, lp: &Lp, whole_vars: &[usize], with_targets: bool) -> Option<f64> {
    const SCALE: f64 = 1e6;
    fn units(x: f64) -> Option<i128> {
        let y = x * SCALE;
        ((y - y.round()).abs() < 1e-6 && y.abs() < 1e15).then(|| y.round() as i128)
    }
    fn gcd(a: i128, b: i128) -> i128 {
        if b == 0 {
            a.abs()
        } else {
            gcd(b, a % b)
        }
    }
    let mut g: i128 = 0;
    for &v in whole_vars {
        g = gcd(g, units(lp.vars[v].cost)?);
    }
    for t in sc.targets.iter().filter(|t| with_targets && !t.hard && t.penalty != 0.0) {
        // A shortfall in units moves in whole units; one in posts in steps of gcd(bound, 1),
        // over every unit's own share for `min_share_from`.
        let mut step = units(1.0)?;
        if t.unit_share.is_none() {
            for scope in targets::scopes(sc, t) {
                step = gcd(step, units(targets::bound_in(sc, t, scope.unit).value())?);
            }
        }
        g = gcd(g, units(t.penalty * (step as f64 / SCALE))?);
    }
    (g > 0).then(|| g as f64 / SCALE)
}

fn stats(lp: &Lp) -> ModelStats {
    ModelStats {
        variables: lp.vars.len(),
        binaries: lp.vars.iter().filter(|v| v.integer).count(),
        constraints: lp.rows.len(),
        ..ModelStats::default()
    }
}

/// The constant part of the objective: every post's vacancy penalty.
fn vacancy_constant(sc: &Scenario) -> f64 {
    (0..sc.positions.len()).map(|p| objective::vacancy_penalty(sc, p)).sum()
}

/// A part of the scenario that shares no candidate and no target scope with
/// the rest: its posts (as a mask) and its own eligible pairs and pins.
struct Part {
    mask: Vec<bool>,
    /// The first part also carries targets whose scope holds no post.
    first: bool,
    el: Eligibility,
}

/// Splits the scenario into independent parts: posts and cadres joined by an
/// eligible pair, and posts sharing a target scope, end up in one part. Parts
/// come in the order of their first post.
fn parts(sc: &Scenario, el: &Eligibility) -> Vec<Part> {
    let np = sc.positions.len();
    let mut uf = petgraph::unionfind::UnionFind::<usize>::new(np + sc.cadres.len());
    for &(p, c) in el.pairs.iter().chain(&el.successors) {
        uf.union(p, np + c);
    }
    for t in &sc.targets {
        let scopes = targets::scopes(sc, t);
        for scope in &scopes {
            for w in scope.positions.windows(2) {
                uf.union(w[0], w[1]);
            }
        }
        // A share of units couples every unit of the target.
        if t.unit_share.is_some() {
            let firsts: Vec<usize> = scopes.iter().filter_map(|s| s.positions.first().copied()).collect();
            for w in firsts.windows(2) {
                uf.union(w[0], w[1]);
            }
        }
    }
    // A kept origin post waits for its incumbent: it joins the cadre's part.
    for &(q, c) in &el.pairs {
        for o in rules::rotation::origins(sc, c, q) {
            uf.union(o, np + c);
        }
    }
    // The fair-rotation rows couple every post a cadre may be rotated down to.
    let down: Vec<usize> =
        el.pairs.iter().filter(|&&(p, c)| rules::rotation_spread::sender(sc, c, p).is_some()).map(|pc| pc.0).collect();
    for w in down.windows(2) {
        uf.union(w[0], w[1]);
    }
    let mut index: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut out: Vec<Part> = Vec::new();
    let mut part_of = vec![0; np];
    for (p, slot) in part_of.iter_mut().enumerate() {
        let root = uf.find(p);
        let next = out.len();
        let i = *index.entry(root).or_insert(next);
        if i == out.len() {
            out.push(Part {
                mask: vec![false; np],
                first: out.is_empty(),
                el: Eligibility {
                    pairs: Vec::new(),
                    excluded: Default::default(),
                    pins: Vec::new(),
                    successors: Vec::new(),
                },
            });
        }
        out[i].mask[p] = true;
        *slot = i;
    }
    for &pair in &el.pairs {
        out[part_of[pair.0]].el.pairs.push(pair);
    }
    for pin in &el.pins {
        out[part_of[pin.position]].el.pins.push(pin.clone());
    }
    for &pair in &el.successors {
        out[part_of[pair.0]].el.successors.push(pair);
    }
    if out.is_empty() {
        out.push(whole(sc, el));
    }
    out
}

/// The whole scenario as one part.
fn whole(sc: &Scenario, el: &Eligibility) -> Part {
    Part { mask: vec![true; sc.positions.len()], first: true, el: el.clone() }
}

/// What solving one part gave.
struct PartResult {
    assignment: Vec<(usize, usize)>,
    /// (post, cadre) of each successor named.
    successors: Vec<(usize, usize)>,
    proven: bool,
    /// The part's best proven bound on Σ cost·x (its optimum when proven).
    upper: Option<f64>,
    stats: ModelStats,
    /// The Lagrangian had a plan for the part. Its first assignment (λ = 0)
    /// is the assignment under the one-post rows alone, repaired, so
    /// `better_without_search` has nothing to add (and would cost seconds
    /// past the limit on millions of pairs).
    relaxed_plan: bool,
}

fn solve_part(
    sc: &Scenario,
    part: &Part,
    opts: &SolveOptions,
    deadline: Option<Instant>,
    index: usize,
) -> Result<PartResult, SolveError> {
    let t0 = Instant::now();
    let built = build(sc, &part.el, false, Some(part));
    let mut stats = stats(&built.lp);
    stats.parts = 1;
    stats.build_seconds = t0.elapsed().as_secs_f64();
    if !sc.objective.levels.is_empty() {
        return solve_levels(sc, part, &built, opts, deadline, stats);
    }
    if let Some(r) = opts.assignment.then(|| fast_path(part, &built, &mut stats)).flatten() {
        return Ok(r);
    }
    let t1 = Instant::now();
    let region = |p: usize| sc.units[sc.positions[p].unit].province;
    let progress = Progress { parts: opts.parts.as_deref(), index };
    let mut relaxed = relax(&built, (&part.el.pairs, &region), opts, (deadline, progress), &mut stats);
    let core = relaxed
        .as_mut()
        .filter(|rx| !rx.proves(built.granularity))
        .and_then(|rx| reduce::search_core(&built, &part.el.pairs, rx, (opts, progress), budget(deadline)));
    stats.lagrange_iterations = relaxed.as_ref().map_or(0, |rx| rx.iterations);
    stats.core_ceilings = relaxed.as_ref().map_or(0, |rx| rx.ceilings);
    if let Some(optimum) = core {
        return Ok(core_proof(part, &built, &optimum, stats, t1));
    }
    if let Some(mut r) = relaxed.as_ref().and_then(|rx| lagrange_proof(part, &built, rx, stats)) {
        r.stats.search_seconds = t1.elapsed().as_secs_f64();
        return Ok(r);
    }
    let floor = relaxed.as_ref().and_then(|rx| Some((rx, rx.plan.as_ref()?.value)));
    let out = floor.map_or_else(|| vec![false; part.el.pairs.len()], |(rx, f)| rx.left_out(f));
    stats.dropped_pairs = floor.map_or(0, |(rx, f)| rx.by_reduced_cost(f));
    let restricted = reduce::Restricted::without_pairs(&built, &out, !opts.backend.has_cuts());
    let lp = &restricted.lp;
    let start: Option<Vec<f64>> =
        relaxed.as_ref().and_then(|rx| rx.plan.as_ref()).map(|p| restricted.narrow(&p.values));
    let outcome = search_reduced(lp, &built, start, opts, deadline, &mut stats)?;
    stats.search_seconds = t1.elapsed().as_secs_f64();
    match outcome {
        LpOutcome::Infeasible => Err(SolveError::Infeasible(Diagnosis { relaxations: Vec::new() })),
        LpOutcome::Solved { values, proven } => {
            let upper = if proven && opts.mip_gap == 0.0 {
                Some(lp.value(&values))
            } else {
                let lp_bound = relaxation_bound(lp, &values, opts, deadline)?;
                let lagrange_bound = relaxed.as_ref().map(|rx| rx.upper().max(lp.value(&values)));
                lp_bound.into_iter().chain(lagrange_bound).reduce(f64::min)
            };
            let (assignment, successors) = chosen(part, &built, &restricted.widen(&values));
            let relaxed_plan = relaxed.as_ref().is_some_and(|rx| rx.plan.is_some());
            Ok(PartResult { assignment, successors, proven, upper, stats, relaxed_plan })
        }
    }
}

/// The MIP on the reduced model `lp`, from the relaxation's plan `start`.
/// The part keeps `start` when a MIP of the model's size cannot end in the
/// time left (`mip_in_time`; then no MIP runs, and `start` is moved, not
/// copied: 17 MB on national-rotation), when the time limit stopped the
/// search before it found a plan, or when it found only a worse one.
fn search_reduced(
    lp: &Lp,
    built: &Built,
    start: Option<Vec<f64>>,
    opts: &SolveOptions,
    deadline: Option<Instant>,
    stats: &mut ModelStats,
) -> Result<LpOutcome, SolveError> {
    let start = match start {
        Some(values) if !mip_in_time(lp.vars.len(), deadline, opts.large_mip) => {
            stats.mip_skipped = 1;
            stats.mip_needed_seconds = mip_seconds(lp.vars.len(), opts.large_mip);
            return Ok(LpOutcome::Solved { values, proven: false });
        }
        start => start,
    };
    let outcome = probe::search(lp, &built.shares, opts, deadline, built.granularity, start.as_deref(), stats);
    match (outcome, start) {
        (Err(SolveError::Solver { .. }), Some(start)) if deadline.is_some_and(|d| Instant::now() >= d) => {
            Ok(LpOutcome::Solved { values: start, proven: false })
        }
        (Ok(LpOutcome::Solved { values, proven: false }), Some(start)) if lp.value(&start) > lp.value(&values) => {
            Ok(LpOutcome::Solved { values: start, proven: false })
        }
        (outcome, _) => outcome,
    }
}

/// The LP relaxation's optimum, which bounds every plan of the part from
/// above (at least the plan found, `values`). It runs only in the time the
/// limit leaves (a search the limit stopped gets no bound: HiGHS may not
/// stop inside a large root LP), and only a proven LP optimum is a bound.
fn relaxation_bound(
    lp: &Lp,
    values: &[f64],
    opts: &SolveOptions,
    deadline: Option<Instant>,
) -> Result<Option<f64>, SolveError> {
    let budget = deadline.map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64());
    let mut relaxed = lp.clone();
    relaxed.vars.iter_mut().for_each(|v| v.integer = false);
    match budget {
        Some(b) if b < 0.01 || !mip_in_time(lp.vars.len(), deadline, opts.large_mip) => Ok(None),
        _ => match opts.backend.run(&relaxed, budget, 0.0, None) {
            Ok(LpOutcome::Solved { values: rv, proven: true }) => Ok(Some(relaxed.value(&rv).max(lp.value(values)))),
            Err(e) if budget.is_none() => Err(e),
            _ => Ok(None),
        },
    }
}

/// The Lagrangian relaxation of the part, its plan repaired, then
/// polished by neighbourhood searches; `None` when it does not apply.
/// `region` gives each post's region (`neighbourhood::improve_by_region`).
fn relax(
    built: &Built,
    (pairs, region): (&[(usize, usize)], Region),
    opts: &SolveOptions,
    (deadline, progress): (Option<Instant>, Progress),
    stats: &mut ModelStats,
) -> Option<lagrange::Relaxed> {
    let mut rx = lagrange::relax(built, pairs, opts.lagrange, (budget(deadline), FIRST_ITERATIONS), progress)?;
    // A plan the bound proves needs no repair (which costs about a second
    // on two million pairs).
    let proven = rx.proves(built.granularity);
    if let Some(plan) = rx.plan.as_mut().filter(|_| !proven) {
        repair::improve(built, pairs, plan, budget(deadline));
    }
    progress.report_relaxed(&rx);
    stats.neighbourhood_plans = polish(built, (pairs, region), &mut rx, opts, (deadline, progress));
    Some(rx)
}

/// The rest of the Lagrangian's assignments after its first
/// `FIRST_ITERATIONS`, resumed (`lagrange::tighten`) after the first
/// neighbourhood search (`neighbourhood`) and after each that found a
/// better plan, which the subgradient's steps then aim at. A search that
/// finds nothing is tried again with no post kept and twice as many pairs
/// per post (on nghe-an-rotation seed 5 that found 20,516 and then 20,518
/// where the first found nothing better than 20,513). The rounds end at
/// a proof, after `POLISH_ROUNDS`, or, while the bound leaves room for a
/// better plan (`room_for_better`), after `MAX_POLISH_ROUNDS`. Returns how
/// many better plans the searches found.
fn polish(
    built: &Built,
    (pairs, region): (&[(usize, usize)], Region),
    rx: &mut lagrange::Relaxed,
    opts: &SolveOptions,
    (deadline, progress): (Option<Instant>, Progress),
) -> usize {
    let (mut found, mut per_post) = (0, neighbourhood::PAIRS_PER_POST);
    let regional = several(pairs.iter().map(|p| region(p.0)));
    for round in 0..MAX_POLISH_ROUNDS {
        if rx.proves(built.granularity) || (round >= POLISH_ROUNDS && !room_for_better(rx, built.granularity)) {
            break;
        }
        // A later round searches wider neighbourhoods, so it gets more time.
        let until = if round < POLISH_ROUNDS { budget(deadline) } else { share(deadline, LATE_ROUND_SHARE) };
        let better = match (opts.neighbourhood, regional) {
            (false, _) => 0,
            (true, false) => usize::from(neighbourhood::improve(built, pairs, rx, opts, per_post, until)),
            (true, true) => {
                neighbourhood::improve_by_region(built, pairs, rx, (opts, progress), (region, per_post), until)
            }
        };
        found += better;
        let better = better > 0;
        let left = LAGRANGE_ITERATIONS.saturating_sub(rx.iterations);
        if (better || round == 0) && !rx.proves(built.granularity) && left > 0 {
            lagrange::tighten(built, pairs, rx, (budget(deadline), left), progress);
        }
        progress.report_relaxed(rx);
        if !better {
            per_post *= 2;
        }
        if !opts.neighbourhood {
            break;
        }
    }
    found
}

/// Each post's region: the top-level unit above its unit (a province of a
/// national scenario), for the neighbourhood search by region.
type Region<'a> = &'a dyn Fn(usize) -> usize;

/// Where one part's searches report its best plan and proven bound as they
/// improve, for the heartbeat (issue 15): on national-rotation the first
/// plan and bound come from the Lagrangian's first assignments, a minute
/// and more before the part ends. Reports go nowhere without a heartbeat.
#[derive(Clone, Copy)]
struct Progress<'a> {
    parts: Option<&'a crate::heartbeat::Parts>,
    index: usize,
}

impl Progress<'_> {
    /// The part has a plan worth `best` (model value) and a bound `bound`.
    fn report(&self, best: f64, bound: f64) {
        if let Some(n) = self.parts {
            n.report(self.index, best, bound);
        }
    }

    /// Reports `rx`'s plan and bound, when it has a plan.
    fn report_relaxed(&self, rx: &lagrange::Relaxed) {
        if let Some(p) = &rx.plan {
            self.report(p.value, rx.upper());
        }
    }
}

/// True when `items` holds two different values.
fn several(mut items: impl Iterator<Item = usize>) -> bool {
    let first = items.next();
    items.any(|x| Some(x) != first)
}

/// The Lagrangian's first round of assignments, before any neighbourhood
/// search. The subgradient's steps aim at the best plan, so a better plan
/// early shortens the search; too early, the search starts from a poor
/// plan. On nghe-an-rotation seeds 1, 2 and 3, a first round of 30 proved
/// each optimum in 59, 36 and 36 assignments in all, one of 20 did not
/// prove seed 2 in 60 s, and one of 200 (or a stall) took 132 on seed 1.
const FIRST_ITERATIONS: usize = 30;
const POLISH_ROUNDS: usize = 4;

/// More rounds, up to this many, run while the gap leaves room for a plan
/// `WIDE_GAP_STEPS` steps of the objective better than the best
/// (`room_for_better`). On nghe-an-rotation `--seed 5` the fifth and sixth
/// rounds (32 pairs per post) found the optimum, 20,520, which four rounds
/// and then 56 s of microlp's MIP had not (a gap of 31 steps of 0.2). With
/// a gap of about one step (`--seed 1`: 0.24, the step 0.2) what is missing
/// is the proof, and more rounds only took the time of the MIP that gives it.
const MAX_POLISH_ROUNDS: usize = 8;
const WIDE_GAP_STEPS: f64 = 2.0;

/// Each round after `POLISH_ROUNDS` may take a fifth of the time left, not
/// a tenth: on `--seed 5` the search that found the optimum took 5.4 s,
/// which a tenth of 54 s did not always leave.
const LATE_ROUND_SHARE: f64 = 5.0;

/// Whether the bound leaves room for a plan `WIDE_GAP_STEPS` steps better.
fn room_for_better(rx: &lagrange::Relaxed, step: Option<f64>) -> bool {
    let step = step.unwrap_or(0.0);
    rx.plan.as_ref().is_some_and(|p| rx.upper() - p.value >= WIDE_GAP_STEPS * step.max(1e-6))
}

/// Under a time limit, a MIP over more than `SMALL_MIP_VARS` variables
/// runs only with at least this many seconds per million variables left.
/// On national-rotation (1.8 million variables after the reduced-cost
/// fixing) HiGHS's root LP did not end within 111 s, and a MIP started
/// with 21 s left ended there with no plan, while its child process
/// peaked at 2.8 GB beside the parent's 1.3 GB (BENCHMARKS.md). The part
/// then ends early with the relaxation's plan and bound: 36 more rounds
/// of neighbourhood search in that time found no better plan, and each
/// province's search had proved that its neighbourhood held none.
/// Without a time limit the MIP always runs, to the proof. Below a
/// million variables it always runs too: nghe-an-rotation's MIP (193,611
/// variables) ends within seconds.
const MIP_SECONDS_PER_MILLION_VARS: f64 = 600.0;
const SMALL_MIP_VARS: usize = 1_000_000;

/// Whether a MIP over `vars` variables runs in the time `deadline` leaves.
fn mip_in_time(vars: usize, deadline: Option<Instant>, large: LargeMip) -> bool {
    let left = |d: Instant| d.saturating_duration_since(Instant::now()).as_secs_f64();
    vars <= large.vars || deadline.is_none_or(|d| left(d) >= mip_seconds(vars, large))
}

/// The seconds a MIP over `vars` variables is reckoned to need (above
/// `large.vars`): the least time left with which it runs.
fn mip_seconds(vars: usize, large: LargeMip) -> f64 {
    large.seconds_per_million * vars as f64 / 1e6
}

/// Each step before the MIP (the Lagrangian, a neighbourhood search, a
/// core) may take a tenth of the time left, or `STEP_SECONDS` without a
/// time limit; the Lagrangian also at most `LAGRANGE_ITERATIONS`
/// assignments. On national-rotation a search by region finds more better
/// plans with about 1 s per province than with 0.15 s, so a longer limit
/// gives the steps longer too: at 400 s (steps of up to 40 s) the plan
/// reached 437,446, at 60 s 437,350 (microlp).
const STEP_SECONDS: f64 = 10.0;
const LAGRANGE_ITERATIONS: usize = 200;

fn budget(deadline: Option<Instant>) -> Instant {
    share(deadline, 10.0)
}

/// One `shares`-th of the time left, or `STEP_SECONDS` without a time limit.
fn share(deadline: Option<Instant>, shares: f64) -> Instant {
    let now = Instant::now();
    let left = deadline.map_or(STEP_SECONDS, |d| d.saturating_duration_since(now).as_secs_f64() / shares);
    now + std::time::Duration::from_secs_f64(left)
}

/// A core's optimum, proven for the whole part (`reduce::search_core`):
/// the MIP's proof on a model that holds every optimal plan.
fn core_proof(part: &Part, built: &Built, optimum: &lagrange::Primal, stats: ModelStats, t1: Instant) -> PartResult {
    let (assignment, successors) = chosen(part, built, &optimum.values);
    let stats = ModelStats { search_seconds: t1.elapsed().as_secs_f64(), core_proofs: 1, ..stats };
    PartResult { assignment, successors, proven: true, upper: Some(optimum.value), stats, relaxed_plan: true }
}

/// The relaxation's plan, when its bound proves it optimal.
fn lagrange_proof(part: &Part, built: &Built, rx: &lagrange::Relaxed, stats: ModelStats) -> Option<PartResult> {
    let plan = rx.plan.as_ref().filter(|_| rx.proves(built.granularity))?;
    let (assignment, successors) = chosen(part, built, &plan.values);
    let stats = ModelStats { lagrange_parts: 1, ..stats };
    Some(PartResult { assignment, successors, proven: true, upper: Some(plan.value), stats, relaxed_plan: true })
}

/// (post, cadre) pairs.
type PostCadre = Vec<(usize, usize)>;

/// The pairs and the successors a solution chose.
fn chosen(part: &Part, built: &Built, values: &[f64]) -> (PostCadre, PostCadre) {
    let on = |vars: &[usize], pairs: &[(usize, usize)]| -> Vec<(usize, usize)> {
        pairs.iter().zip(vars).filter(|(_, &v)| values[v] > 0.5).map(|(&pc, _)| pc).collect()
    };
    (on(&built.pair_vars, &part.el.pairs), on(&built.successor_vars, &part.el.successors))
}

/// A part under `[objective] levels`: the levels in order, by the MIP solver.
/// No bound on the weighted objective is known then.
fn solve_levels(
    sc: &Scenario,
    part: &Part,
    built: &Built,
    opts: &SolveOptions,
    deadline: Option<Instant>,
    mut stats: ModelStats,
) -> Result<PartResult, SolveError> {
    let t = Instant::now();
    let solved = levels::solve(sc, part, built, opts, deadline)?;
    stats.search_seconds = t.elapsed().as_secs_f64();
    let (assignment, successors) = chosen(part, built, &solved.values);
    Ok(PartResult { assignment, successors, proven: solved.proven, upper: None, stats, relaxed_plan: false })
}

/// The exact assignment path. A part whose model has only the capacity rows
/// is a pure assignment. A part with target rows too (and no bundle or
/// unit-share row) is solved as the assignment without them: when that plan
/// meets every target of the part with no shortfall, it is optimal for the
/// whole model as well. Costs must be whole multiples of the objective's
/// step. `None` sends the part to the MIP solver.
fn fast_path(part: &Part, built: &Built, stats: &mut ModelStats) -> Option<PartResult> {
    // A part that owns a unit-share target has its UnitMet binaries; its
    // scopes all lie in that part, so no other part checks them.
    let only = |m: &Meaning| matches!(m, Meaning::Pair | Meaning::Slack { .. });
    if built.bundle_rows > 0 || !built.meanings.iter().all(only) {
        return None;
    }
    // A part without pairs (posts nobody may hold) has no step and one plan: all vacant.
    let step = if built.pair_vars.is_empty() { 1.0 } else { built.granularity? };
    let weights: Option<Vec<i64>> = built
        .pair_vars
        .iter()
        .map(|&v| {
            let w = (built.lp.vars[v].cost / step).round();
            // Exact only when every cost is a whole number of steps, small enough to sum in i64.
            (w.abs() < 1e12 && (w * step - built.lp.vars[v].cost).abs() <= 1e-9 * step.max(1.0)).then_some(w as i64)
        })
        .collect();
    let weights = weights?;
    let pinned: Vec<bool> = built.pair_vars.iter().map(|&v| built.lp.vars[v].lower > 0.5).collect();
    let t = Instant::now();
    let opt = assignment::solve(&assignment::Problem { pairs: &part.el.pairs, weights: &weights, pinned: &pinned })?;
    if opt.dual != opt.total {
        return None; // the proof failed: never trust it, let the MIP decide
    }
    let assignment: Vec<(usize, usize)> =
        part.el.pairs.iter().zip(&opt.chosen).filter(|x| *x.1).map(|x| *x.0).collect();
    if !coupling_rows_hold(built, &opt.chosen) {
        return None;
    }
    stats.search_seconds = t.elapsed().as_secs_f64();
    stats.assignment_parts = 1;
    let successors = Vec::new();
    Some(PartResult {
        assignment,
        successors,
        proven: true,
        upper: Some(opt.total as f64 * step),
        stats: *stats,
        relaxed_plan: false,
    })
}

/// True when every row after the capacity rows (targets, fair rotation)
/// holds with the pairs `chosen` and every other variable at 0: a target then
/// has no shortfall, so the assignment optimum is the model's optimum.
fn coupling_rows_hold(built: &Built, chosen: &[bool]) -> bool {
    let mut x = vec![0.0; built.lp.vars.len()];
    for (&v, &on) in built.pair_vars.iter().zip(chosen) {
        x[v] = if on { 1.0 } else { 0.0 };
    }
    built.lp.rows[built.capacity_rows..].iter().all(|row| row.holds(&x))
}

/// Solves the scenario to a proven optimum (or the best plan within the time
/// limit). Independent parts are solved separately, in parallel, and merged
/// in a fixed order, so the plan does not depend on the number of threads.
pub fn solve(sc: &Scenario, el: &Eligibility, opts: &SolveOptions) -> Result<Solved, SolveError> {
    use rayon::prelude::*;
    let started = Instant::now();
    let deadline = opts.time_limit.map(|t| started + std::time::Duration::from_secs_f64(t));
    let parts = if opts.decompose { parts(sc, el) } else { vec![whole(sc, el)] };
    if let Some(n) = &opts.parts {
        n.begin(parts.len(), -vacancy_constant(sc));
    }
    let results: Vec<Result<PartResult, SolveError>> = parts
        .par_iter()
        .enumerate()
        .map(|(i, part)| {
            let r = solve_part(sc, part, opts, deadline, i);
            if let (Some(n), Ok(PartResult { proven: true, upper: Some(u), .. })) = (&opts.parts, &r) {
                n.report(i, *u, *u);
            }
            if let Some(n) = &opts.parts {
                n.solved.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            r
        })
        .collect();
    let out_of_time_now = || deadline.is_some_and(|d| Instant::now() >= d);
    let out_of_time = |e: &SolveError| matches!(e, SolveError::Solver { .. }) && out_of_time_now();
    let mut plan = Plan::vacant(sc);
    let mut proven = true;
    let mut upper = Some(0.0);
    let mut stats = ModelStats::default();
    let mut stopped: Vec<&Part> = Vec::new();
    let mut unproven: Vec<&Part> = Vec::new();
    for (part, r) in parts.iter().zip(results) {
        let r = match r {
            Ok(r) => r,
            Err(SolveError::Infeasible(_)) => return Err(SolveError::Infeasible(diagnose(sc, el, opts)?)),
            Err(e) if out_of_time(&e) => {
                stats.parts += 1;
                stopped.push(part);
                proven = false;
                upper = None;
                continue;
            }
            Err(e) => return Err(e),
        };
        for (p, c) in r.assignment {
            plan.assignment[p] = Some(c);
        }
        for (p, c) in r.successors {
            plan.successors[p].push(c);
        }
        // Only a search the time limit stopped may have left a poor incumbent;
        // a part stopped by the MIP gap is within the gap already.
        if !r.proven && !r.relaxed_plan && out_of_time_now() {
            unproven.push(part);
        }
        proven &= r.proven;
        upper = match (upper, r.upper) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
        stats.variables += r.stats.variables;
        stats.binaries += r.stats.binaries;
        stats.constraints += r.stats.constraints;
        stats.parts += r.stats.parts;
        stats.build_seconds += r.stats.build_seconds;
        stats.search_seconds += r.stats.search_seconds;
        stats.assignment_parts += r.stats.assignment_parts;
        stats.lagrange_parts += r.stats.lagrange_parts;
        stats.dropped_pairs += r.stats.dropped_pairs;
        stats.lagrange_iterations += r.stats.lagrange_iterations;
        stats.core_proofs += r.stats.core_proofs;
        stats.core_ceilings += r.stats.core_ceilings;
        stats.probe_caps += r.stats.probe_caps;
        stats.neighbourhood_plans += r.stats.neighbourhood_plans;
        stats.mip_skipped += r.stats.mip_skipped;
        stats.mip_needed_seconds = stats.mip_needed_seconds.max(r.stats.mip_needed_seconds);
    }
    if !stopped.is_empty() {
        plan = without_search(sc, plan, &stopped)
            .ok_or(SolveError::TimeLimit { seconds: opts.time_limit.unwrap_or(0.0) })?;
    }
    if sc.objective.levels.is_empty() {
        plan = better_without_search(sc, plan, &unproven);
    }
    for (p, named) in plan.successors.iter_mut().enumerate() {
        crate::plan::rank_successors(sc, p, named);
    }
    let objective = plan.evaluate(sc).objective;
    let (status, bound) = if !sc.objective.levels.is_empty() {
        (if proven { Status::Optimal } else { Status::Feasible }, None)
    } else if proven && opts.mip_gap == 0.0 {
        (Status::Optimal, Some(objective))
    } else {
        let status = if proven { Status::Optimal } else { Status::Feasible };
        (status, upper.map(|u| (u - vacancy_constant(sc)).max(objective)))
    };
    Ok(Solved { plan, status, bound, seconds: started.elapsed().as_secs_f64(), stats })
}

/// A plan for the parts whose search the time limit stopped before any plan
/// was found (the other parts' plans are in `plan`), built without the
/// search: first each part's best assignment with only the capacity rows
/// (pins kept), then its pins alone. The first that passes `check` whole is
/// returned; `None` when neither does (a hard target or a bundle needs the
/// search).
fn without_search(sc: &Scenario, plan: Plan, stopped: &[&Part]) -> Option<Plan> {
    for pins_only in [false, true] {
        let mut candidate = plan.clone();
        for part in stopped {
            for (p, c) in part_assignment(sc, part, pins_only) {
                candidate.assignment[p] = Some(c);
            }
        }
        if crate::check::check(sc, &candidate).is_empty() {
            return Some(candidate);
        }
    }
    None
}

/// For each part whose search stopped at a time limit with a plan: that
/// plan, or the part's best assignment under the one-post rows alone when
/// the whole plan with it passes `check` and scores higher (a solver's
/// first incumbents can leave most posts vacant).
fn better_without_search(sc: &Scenario, mut plan: Plan, parts: &[&Part]) -> Plan {
    for part in parts {
        let mut candidate = plan.clone();
        for p in (0..sc.positions.len()).filter(|&p| part.mask[p]) {
            candidate.assignment[p] = None;
            candidate.successors[p].clear();
        }
        for (p, c) in part_assignment(sc, part, false) {
            candidate.assignment[p] = Some(c);
        }
        let better = candidate.evaluate(sc).objective > plan.evaluate(sc).objective;
        if better && crate::check::check(sc, &candidate).is_empty() {
            plan = candidate;
        }
    }
    plan
}

/// The best assignment of a part with only the capacity rows and its pins
/// (or its pins alone), on its pairs' costs rounded to thousandths.
fn part_assignment(sc: &Scenario, part: &Part, pins_only: bool) -> Vec<(usize, usize)> {
    let built = build(sc, &part.el, false, Some(part));
    let pinned: Vec<bool> = built.pair_vars.iter().map(|&v| built.lp.vars[v].lower > 0.5).collect();
    let weight = |i: usize, &v: &usize| match pins_only && !pinned[i] {
        true => 0,
        false => (built.lp.vars[v].cost * 1000.0).round().clamp(-1e15, 1e15) as i64,
    };
    let weights: Vec<i64> = built.pair_vars.iter().enumerate().map(|(i, v)| weight(i, v)).collect();
    let problem = assignment::Problem { pairs: &part.el.pairs, weights: &weights, pinned: &pinned };
    let chosen = assignment::solve(&problem).map(|o| o.chosen).unwrap_or_default();
    part.el.pairs.iter().zip(chosen).filter(|x| x.1).map(|x| *x.0).collect()
}

/// Re-solves with every hard target and pin made elastic and reports the
/// smallest total relaxation that lets a plan exist.
pub fn diagnose(sc: &Scenario, el: &Eligibility, opts: &SolveOptions) -> Result<Diagnosis, SolveError> {
    let built = build(sc, el, true, None);
    let values = match opts.backend.run(&built.lp, opts.time_limit, 0.0, None)? {
        LpOutcome::Solved { values, .. } => values,
        LpOutcome::Infeasible => {
            return Err(SolveError::Solver {
                backend: opts.backend.name(),
                message: "the elastic model is infeasible, which should not happen".into(),
            })
        }
    };
    let mut relaxations = Vec::new();
    for (k, v) in &built.elastic_pins {
        if values[*v] < 0.5 {
            let pin = &el.pins[*k];
            let source = pin.source.describe(sc);
            relaxations.push(Relaxation {
                kind: "pin",
                what: format!("{} -> {}", sc.cadres[pin.cadre].id, sc.positions[pin.position].id),
                unit: None,
                amount: 1.0,
                message: format!(
                    "drop {source} placing {} in {}",
                    sc.cadre_label(pin.cadre),
                    sc.position_label(pin.position)
                ),
            });
        }
    }
    for (v, m) in built.meanings.iter().enumerate() {
        if let Meaning::Slack { target, unit } = m {
            let t = &sc.targets[*target];
            if t.hard && values[v] > 1e-6 {
                let amount = (values[v] * 1e6).round() / 1e6;
                let where_ = unit.map(|u| format!(" in {}", sc.units[u].name)).unwrap_or_default();
                relaxations.push(Relaxation {
                    kind: "hard_target",
                    what: t.name.clone(),
                    unit: unit.map(|u| sc.units[u].id.clone()),
                    amount,
                    message: format!(
                        "hard target `{}` ({} {}){where_} cannot be met: relax it by {} {} or make it soft",
                        t.name,
                        t.bound.key(),
                        t.bound.value(),
                        crate::plan::fmt_num(amount),
                        if t.unit_share.is_some() { "unit(s)" } else { "appointment(s)" }
                    ),
                });
            }
        }
    }
    Ok(Diagnosis { relaxations })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn left(seconds: u64) -> Option<Instant> {
        Some(Instant::now() + Duration::from_secs(seconds))
    }

    #[test]
    fn a_large_mip_runs_only_with_time_for_its_size() {
        // 1.8 million variables need 1,080 s; 60 s is too little.
        assert!(!mip_in_time(1_800_000, left(60), LargeMip::default()));
        assert!(mip_in_time(1_800_000, left(1_200), LargeMip::default()));
        // Without a limit the MIP always runs: the proof is never given up.
        assert!(mip_in_time(1_800_000, None, LargeMip::default()));
        // A small model always gets its MIP, however little time is left.
        assert!(mip_in_time(SMALL_MIP_VARS, left(0), LargeMip::default()));
        assert!(!mip_in_time(SMALL_MIP_VARS + 1, left(0), LargeMip::default()));
    }

    #[test]
    fn the_time_a_skipped_mip_needs_is_the_time_that_lets_it_run() {
        // What the summary tells the committee must be what `mip_in_time` asks.
        let vars = 1_816_002;
        let needs = mip_seconds(vars, LargeMip::default());
        assert!((needs - 1_089.6).abs() < 0.1, "{needs}");
        assert!(!mip_in_time(vars, left(needs.floor() as u64 - 1), LargeMip::default()));
        assert!(mip_in_time(vars, left(needs.ceil() as u64 + 1), LargeMip::default()));
    }
}
