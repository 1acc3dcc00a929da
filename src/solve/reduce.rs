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
use super::{Built, Lp, LpOutcome, Progress, Region, Row, SolveOptions};

/// A model restricted to some of its variables (the others are 0, or
/// fixed at a plan's values). The whole model is borrowed, not copied,
/// when every variable is kept.
pub(super) struct Restricted<'a> {
    pub lp: Cow<'a, Lp>,
    /// The original index of each variable kept; `None` when all are.
    kept: Option<Vec<usize>>,
    /// Variables of the whole model.
    all: usize,
    /// The values of the variables left out, when not 0 (`around`).
    base: Option<Vec<f64>>,
}

impl<'a> Restricted<'a> {
    /// The model without the pairs marked `out`, with its rounding cuts
    /// when `with_cuts` (for a backend without cuts of its own: on HiGHS
    /// they doubled the time of nghe-an-rotation, 7.6 s to 15.7 s).
    pub fn without_pairs(built: &'a Built, out: &[bool], with_cuts: bool) -> Restricted<'a> {
        let cuts: &[Row] = if with_cuts { &built.cuts } else { &[] };
        if !out.iter().any(|&o| o) && cuts.is_empty() {
            return Restricted { lp: Cow::Borrowed(&built.lp), kept: None, all: built.lp.vars.len(), base: None };
        }
        Restricted::new(&built.lp, built.lp.rows.iter().chain(cuts), &kept_vars(built, |i| !out[i]), None)
    }

    /// The model around `plan` in one region: the pairs `free` (all of
    /// the region's posts) are kept, with every other variable that shares
    /// a row with one of them; every other variable keeps its value in the
    /// plan, which moves into the rows' right-hand sides. Only rows with a
    /// kept variable remain: the plan meets every other row, and nothing
    /// can change it. On national-rotation, where one province's posts are
    /// free, that leaves a few thousand of the 2.1 million variables, and
    /// the rows of that province and of the nation. `near` lists each
    /// region's rows, so that the other rows are not read.
    pub fn around(
        built: &'a Built,
        plan: &[f64],
        (free, region): (&[usize], usize),
        near: &Near,
        with_cuts: bool,
    ) -> Restricted<'a> {
        let lp = &built.lp;
        let mut keep = vec![false; lp.vars.len()];
        free.iter().for_each(|&i| keep[built.pair_vars[i]] = true);
        let mut rows: Vec<usize> =
            near.rows(region).iter().copied().filter(|&r| lp.rows[r].terms.iter().any(|t| keep[t.0])).collect();
        let mut others = Vec::new();
        for &r in &rows {
            others.extend(lp.rows[r].terms.iter().map(|t| t.0).filter(|&v| near.is_other(v)));
        }
        for v in others {
            if !std::mem::replace(&mut keep[v], true) {
                rows.extend_from_slice(near.rows_of_other(v));
            }
        }
        rows.sort_unstable();
        rows.dedup();
        let cuts: &[Row] = if with_cuts { &built.cuts } else { &[] };
        let cuts = cuts.iter().filter(|c| c.terms.iter().any(|t| keep[t.0]));
        Restricted::new(lp, rows.iter().map(|&r| &lp.rows[r]).chain(cuts), &keep, Some(plan))
    }

    fn new<'r>(lp: &Lp, rows: impl Iterator<Item = &'r Row>, keep: &[bool], base: Option<&[f64]>) -> Restricted<'a> {
        let kept: Vec<usize> = (0..lp.vars.len()).filter(|&v| keep[v]).collect();
        let mut index = vec![usize::MAX; lp.vars.len()];
        for (k, &v) in kept.iter().enumerate() {
            index[v] = k;
        }
        let vars = kept.iter().map(|&v| lp.vars[v]).collect();
        let fixed = |r: &Row| base.map_or(0.0, |b| r.terms.iter().filter(|t| !keep[t.0]).map(|&(v, k)| k * b[v]).sum());
        let row = |r: &Row| Row {
            terms: r.terms.iter().filter(|t| keep[t.0]).map(|&(v, k)| (index[v], k)).collect(),
            sense: r.sense,
            rhs: r.rhs - fixed(r),
        };
        let lp = Lp { vars, rows: rows.map(row).collect() };
        Restricted { lp: Cow::Owned(lp), kept: Some(kept), all: keep.len(), base: base.map(<[f64]>::to_vec) }
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
        let mut all = self.base.clone().unwrap_or_else(|| vec![0.0; self.all]);
        for (&v, &x) in kept.iter().zip(values) {
            all[v] = x;
        }
        all
    }
}

/// Each region's rows (those with one of its pairs), and the rows of each
/// variable that is not a pair: read once for a sweep of searches by
/// region (`neighbourhood::improve_by_region`), so that each search reads
/// its region's rows only, not national-rotation's 10 million terms.
pub(super) struct Near {
    of_region: Vec<Vec<usize>>,
    /// Per variable: `usize::MAX` for a pair, else its index in `of_other`.
    other: Vec<usize>,
    of_other: Vec<Vec<usize>>,
}

impl Near {
    /// `region` gives each post's region, below `regions`.
    pub fn new(built: &Built, post_cadre: &[(usize, usize)], region: Region, regions: usize) -> Near {
        let lp = &built.lp;
        let mut region_of = vec![usize::MAX; lp.vars.len()];
        for (&v, &(p, _)) in built.pair_vars.iter().zip(post_cadre) {
            region_of[v] = region(p);
        }
        let mut other = vec![usize::MAX; lp.vars.len()];
        let mut of_other = Vec::new();
        for v in (0..lp.vars.len()).filter(|&v| region_of[v] == usize::MAX) {
            other[v] = of_other.len();
            of_other.push(Vec::new());
        }
        let mut of_region = vec![Vec::new(); regions];
        for (r, row) in lp.rows.iter().enumerate() {
            for &(v, _) in &row.terms {
                let list: &mut Vec<usize> = match region_of[v] {
                    usize::MAX => &mut of_other[other[v]],
                    g => &mut of_region[g],
                };
                if list.last() != Some(&r) {
                    list.push(r);
                }
            }
        }
        Near { of_region, other, of_other }
    }

    fn rows(&self, region: usize) -> &[usize] {
        self.of_region.get(region).map_or(&[], Vec::as_slice)
    }

    /// True for a variable that is not a pair.
    fn is_other(&self, v: usize) -> bool {
        self.other[v] != usize::MAX
    }

    fn rows_of_other(&self, v: usize) -> &[usize] {
        &self.of_other[self.other[v]]
    }
}

/// Per variable of the model: true for every variable that is not a pair,
/// and for the pairs `keep` picks.
fn kept_vars(built: &Built, keep: impl Fn(usize) -> bool) -> Vec<bool> {
    let mut kept = vec![true; built.lp.vars.len()];
    for (i, &v) in built.pair_vars.iter().enumerate() {
        kept[v] = keep(i);
    }
    kept
}

/// Searches cores until `until`, and returns the part's optimum when one
/// of them proves it. Two kinds of core, each searched by the MIP solver:
/// - *guesses*: every pair a plan worth z could use, for z the highest
///   objective value the bound allows, then lower ones. A core whose
///   optimum reaches z holds the optimum; one that falls short shows that
///   no plan is worth z, which lowers `rx.ceiling` a step below z. Only
///   cores of at most `GUESS_PAIRS` pairs are tried;
/// - *best pairs*: each post's best `CORE_PAIRS_PER_POST` pairs by reduced
///   cost, then twice as many, and so on, while under half the model.
///
/// Each core's plan replaces the relaxation's when better: the floor of
/// the exact reduction rises with it. A core proves the optimum when its
/// proven optimum z leaves no pair outside it that a plan as good as z
/// could use. Any failure of a core's search (the time limit, most often)
/// ends the rounds, with `rx` keeping the best plan found.
pub(super) fn search_core(
    built: &Built,
    post_cadre: &[(usize, usize)],
    rx: &mut Relaxed,
    (opts, progress): (&SolveOptions, Progress),
    until: Instant,
) -> Option<Primal> {
    let mut guesses = built.granularity.map(|g| Guesses { step: g, top: None, below: 0, too_large: false });
    let ranking = rank(post_cadre, rx, (0..post_cadre.len()).filter(|&i| rx.reduced[i].is_some()));
    let mut per_post = CORE_PAIRS_PER_POST;
    loop {
        let plan = rx.plan.as_ref()?;
        let guess = guesses.as_mut().and_then(|g| g.next(built, rx));
        let (out, z) = match guess {
            Some((out, z)) => (out, Some(z)),
            None => (best_pairs(built, &ranking, rx, plan, post_cadre, per_post), None),
        };
        let size = out.iter().filter(|&&o| !o).count();
        if z.is_none() {
            per_post *= 2;
        }
        if z.is_none() && size * 2 > out.len() {
            return None; // a core that large is the MIP's own job
        }
        let (best, proven) = search(built, &out, plan, opts, until)?;
        if proven && covers(rx, &out, best.value) {
            return Some(best);
        }
        // Short of z by half a step or more (not by rounding): the core's
        // optimum is below z, and so is every plan outside it.
        if let (true, Some(z), Some(g)) = (proven, z, &guesses) {
            if best.value < z - 0.5 * g.step {
                rx.ceiling = rx.ceiling.min(z - g.step);
                rx.ceilings += 1;
            }
        }
        if best.value > plan.value {
            rx.plan = Some(best);
        }
        progress.report_relaxed(rx);
        if rx.proves(built.granularity) {
            return rx.plan.as_ref().map(|p| Primal { value: p.value, values: p.values.clone() });
        }
    }
}

/// One core's search by the MIP solver, from the relaxation's plan: its
/// best plan (on the whole model's variables) and whether the solver
/// proved it optimal for the core. `None` when the search failed or no
/// time is left.
fn search(built: &Built, out: &[bool], plan: &Primal, opts: &SolveOptions, until: Instant) -> Option<(Primal, bool)> {
    let left = until.saturating_duration_since(Instant::now()).as_secs_f64();
    if left < 0.01 {
        return None;
    }
    let core = Restricted::without_pairs(built, out, !opts.backend.has_cuts());
    let start = core.narrow(&plan.values);
    let found = opts.backend.run_from(&core.lp, Some(left), opts.mip_gap, built.granularity, Some(&start));
    let Ok(LpOutcome::Solved { values, proven }) = found else { return None };
    let values = core.widen(&values);
    Some((Primal { value: built.lp.value(&values), values }, proven && opts.mip_gap == 0.0))
}

/// Guess cores larger than this are not tried. nghe-an-rotation's first
/// guess (54,477 of 193,478 pairs) was proved in 0.9 s by HiGHS; on
/// national-rotation the first guess holds about 850,000 pairs, and a core
/// of 138,783 was not solved in 200 s.
const GUESS_PAIRS: usize = 100_000;

/// The guesses of the optimum: the highest value the bound allows, then
/// 1, 3, 7, … steps below it.
struct Guesses {
    step: f64,
    top: Option<f64>,
    below: u32,
    too_large: bool,
}

impl Guesses {
    /// The next guess z above the best plan, and the pairs outside its
    /// core (those no plan worth z can use, but the plan's own); `None`
    /// when none is left or the core is too large.
    fn next(&mut self, built: &Built, rx: &Relaxed) -> Option<(Vec<bool>, f64)> {
        let plan = rx.plan.as_ref()?;
        let top =
            *self.top.get_or_insert(plan.value + self.step * ((rx.upper() - plan.value) / self.step + 1e-9).floor());
        let z = top - self.step * (2f64.powi(self.below as i32) - 1.0);
        self.below += 1;
        if self.too_large || z < plan.value + 0.5 * self.step {
            return None;
        }
        let mut out = rx.left_out(z);
        for (i, &v) in built.pair_vars.iter().enumerate() {
            out[i] &= plan.values[v] < 0.5;
        }
        // A lower guess only makes a larger core.
        self.too_large = out.iter().filter(|&&o| !o).count() > GUESS_PAIRS;
        (!self.too_large).then_some((out, z))
    }
}

/// Pairs per post in the first core of best pairs, besides the best plan's
/// own (8 gave a better plan than 4 on nghe-an-rotation: 24,183 against
/// 24,153 at a 60 s limit).
const CORE_PAIRS_PER_POST: usize = 8;

/// True when every pair outside the core is left out at the floor z: no
/// plan as good as z uses it.
fn covers(rx: &Relaxed, out: &[bool], z: f64) -> bool {
    let left_out = rx.left_out(z);
    out.iter().zip(&left_out).all(|(&o, &l)| !o || l)
}

/// The `pairs` given, by post, each post's best reduced cost first
/// (ties to the first pair). The cores keep those a pin leaves possible;
/// the reduced costs do not change between cores, so this is sorted once.
pub(super) fn rank(post_cadre: &[(usize, usize)], rx: &Relaxed, pairs: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut order: Vec<usize> = pairs.collect();
    let rc = |i: usize| rx.reduced[i].unwrap_or(f64::NEG_INFINITY);
    order.sort_by(|&a, &b| post_cadre[a].0.cmp(&post_cadre[b].0).then(rc(b).total_cmp(&rc(a))).then(a.cmp(&b)));
    order
}

/// Each pair of a `rank`ing with its place among its post's pairs (0 for
/// the best).
pub(super) fn places<'a>(
    post_cadre: &'a [(usize, usize)],
    ranking: &'a [usize],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut place = 0;
    ranking.iter().enumerate().map(move |(k, &i)| {
        place = if k > 0 && post_cadre[ranking[k - 1]].0 == post_cadre[i].0 { place + 1 } else { 0 };
        (i, place)
    })
}

/// The pairs outside the core: all but each post's best `per_post` in
/// `ranking`, the plan's and the pins.
fn best_pairs(
    built: &Built,
    ranking: &[usize],
    rx: &Relaxed,
    plan: &Primal,
    post_cadre: &[(usize, usize)],
    per_post: usize,
) -> Vec<bool> {
    let pairs = &built.pair_vars;
    let mut out = vec![true; pairs.len()];
    for (i, place) in places(post_cadre, ranking) {
        out[i] = place >= per_post;
    }
    for (i, &v) in pairs.iter().enumerate() {
        if rx.pinned[i] || plan.values[v] > 0.5 {
            out[i] = false;
        }
    }
    out
}
