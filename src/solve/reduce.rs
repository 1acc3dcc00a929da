//! Smaller models for the MIP, from the Lagrangian's reduced costs
//! (ARCHITECTURE.md, "Proof of optimality"):
//! - *cores*: each post's pairs with the best reduced costs, searched for a
//!   better plan (any plan of a core is a plan of the model); a core proves
//!   the optimum when no plan as good as its own can use a pair outside it;
//! - the *exact reduction*: every pair that no plan as good as the best one
//!   found can use is left out, which leaves every optimal plan in.

use std::borrow::Cow;
use std::time::Instant;

use super::lagrange::{Primal, Relaxed};
use super::{Built, Lp, LpOutcome, Row, SolveOptions};

/// A model restricted to some of its variables (the others are 0). The
/// whole model is borrowed, not copied, when every variable is kept.
pub(super) struct Restricted<'a> {
    pub lp: Cow<'a, Lp>,
    /// The original index of each variable kept; `None` when all are.
    kept: Option<Vec<usize>>,
    /// Variables of the whole model.
    all: usize,
}

impl<'a> Restricted<'a> {
    /// The model without the pairs marked `out`.
    pub fn without_pairs(built: &'a Built, out: &[bool]) -> Restricted<'a> {
        if !out.iter().any(|&o| o) {
            return Restricted { lp: Cow::Borrowed(&built.lp), kept: None, all: built.lp.vars.len() };
        }
        let mut keep = vec![true; built.lp.vars.len()];
        for (&v, &o) in built.pair_vars.iter().zip(out) {
            keep[v] = !o;
        }
        Restricted::new(&built.lp, &keep)
    }

    fn new(lp: &Lp, keep: &[bool]) -> Restricted<'a> {
        let kept: Vec<usize> = (0..lp.vars.len()).filter(|&v| keep[v]).collect();
        let mut new_index = vec![usize::MAX; lp.vars.len()];
        for (k, &v) in kept.iter().enumerate() {
            new_index[v] = k;
        }
        let vars = kept.iter().map(|&v| lp.vars[v]).collect();
        let row = |r: &Row| Row {
            terms: r.terms.iter().filter(|t| keep[t.0]).map(|&(v, k)| (new_index[v], k)).collect(),
            sense: r.sense,
            rhs: r.rhs,
        };
        let lp = Lp { vars, rows: lp.rows.iter().map(row).collect() };
        Restricted { lp: Cow::Owned(lp), kept: Some(kept), all: keep.len() }
    }

    /// A plan of the whole model on the kept variables.
    pub fn narrow(&self, values: &[f64]) -> Vec<f64> {
        match &self.kept {
            Some(kept) => kept.iter().map(|&v| values[v]).collect(),
            None => values.to_vec(),
        }
    }

    /// Values of the restricted model put back on the whole model's variables.
    pub fn widen(&self, values: &[f64]) -> Vec<f64> {
        let Some(kept) = &self.kept else { return values.to_vec() };
        let mut all = vec![0.0; self.all];
        for (&v, &x) in kept.iter().zip(values) {
            all[v] = x;
        }
        all
    }
}

/// Searches cores of growing size until `until`: each post's best
/// `CORE_PAIRS_PER_POST` pairs by reduced cost, then twice as many, and so
/// on (with the plan's pairs and the pins). Each core's plan replaces the
/// relaxation's when better: the floor of the exact reduction rises with
/// it. A core also proves the part's optimum when its proven optimum z
/// leaves no pair outside it that a plan as good as z could use (every such
/// pair's reduced cost puts it below z). Returns that optimum. Any failure
/// of a core's search (the time limit, most often) ends the rounds, with
/// `rx` keeping the best plan found; so does a plan that the relaxation's
/// bound proves.
pub(super) fn search_core(
    built: &Built,
    post_cadre: &[(usize, usize)],
    rx: &mut Relaxed,
    opts: &SolveOptions,
    until: Instant,
) -> Option<Primal> {
    let mut per_post = CORE_PAIRS_PER_POST;
    loop {
        let plan = rx.plan.as_ref().filter(|_| !rx.proves(built.granularity))?;
        let out = core_out(built, post_cadre, rx, plan, per_post);
        let size = out.iter().filter(|&&o| !o).count();
        let left = until.saturating_duration_since(Instant::now()).as_secs_f64();
        if size * 2 > out.len() || left < 0.01 {
            return None; // a core that large is the MIP's own job
        }
        let core = Restricted::without_pairs(built, &out);
        let start = core.narrow(&plan.values);
        let found = opts.backend.run_from(&core.lp, Some(left), opts.mip_gap, built.granularity, Some(&start));
        let Ok(LpOutcome::Solved { values, proven }) = found else { return None };
        let values = core.widen(&values);
        let best = Primal { value: built.lp.value(&values), values };
        if proven && opts.mip_gap == 0.0 && covers(rx, &out, best.value) {
            return Some(best);
        }
        if best.value > plan.value {
            rx.plan = Some(best);
        }
        per_post *= 2;
    }
}

/// Pairs per post in the first core, besides the best plan's own (8 gave a
/// better plan than 4 on nghe-an-rotation: 24,183 against 24,153 at a 60 s
/// limit).
const CORE_PAIRS_PER_POST: usize = 8;

/// True when every pair outside the core is left out at the floor z: no
/// plan as good as z uses it.
fn covers(rx: &Relaxed, out: &[bool], z: f64) -> bool {
    let left_out = rx.left_out(z);
    out.iter().zip(&left_out).all(|(&o, &l)| !o || l)
}

/// The pairs outside the core: all but each post's best `per_post` by
/// reduced cost (ties to the first pair), the plan's and the pins.
fn core_out(built: &Built, post_cadre: &[(usize, usize)], rx: &Relaxed, plan: &Primal, per_post: usize) -> Vec<bool> {
    let pairs = &built.pair_vars;
    let mut order: Vec<usize> = (0..pairs.len()).filter(|&i| rx.reduced[i].is_some()).collect();
    let rc = |i: usize| rx.reduced[i].unwrap_or(f64::NEG_INFINITY);
    order.sort_by(|&a, &b| post_cadre[a].0.cmp(&post_cadre[b].0).then(rc(b).total_cmp(&rc(a))).then(a.cmp(&b)));
    let mut out = vec![true; pairs.len()];
    let mut taken = 0;
    for (k, &i) in order.iter().enumerate() {
        taken = if k > 0 && post_cadre[order[k - 1]].0 == post_cadre[i].0 { taken + 1 } else { 0 };
        out[i] = taken >= per_post;
    }
    for (i, &v) in pairs.iter().enumerate() {
        if rx.pinned[i] || plan.values[v] > 0.5 {
            out[i] = false;
        }
    }
    out
}
