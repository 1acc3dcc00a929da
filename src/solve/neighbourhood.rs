//! A neighbourhood search for a better plan (a heuristic in the manner of
//! RINS, "relaxation induced neighbourhood search"): where the Lagrangian's
//! subproblem at the best λ and the best plan give a post the same cadre,
//! the post keeps that cadre; the other posts are searched by the MIP
//! solver over a few pairs each, those of best reduced cost. Every plan of
//! that smaller model is a plan of the part's model, so what it finds is
//! only ever a plan: the proof still comes from a bound.
//!
//! On nghe-an-rotation the Lagrangian's bound lies within a step of the
//! optimum, but its plans (repaired) stop 10 below it, and microlp does not
//! solve the 54,477-pair guess core in time (`reduce`). The neighbourhood
//! (about 2,800 pairs) holds an optimal plan, found in 0.3 s.

use std::time::Instant;

use super::lagrange::{Primal, Relaxed};
use super::reduce::{self, Near, Restricted};
use super::{Built, LpOutcome, Progress, Region, SolveOptions};

/// Pairs per free post besides the plan's and the subproblem's: the best
/// by reduced cost. On nghe-an-rotation 4 found the optimum in 0.3 s,
/// 8 in 0.8 s and 16 in 2.2 s.
pub(super) const PAIRS_PER_POST: usize = 4;

/// The search of a neighbourhood stops after this many branch-and-bound
/// nodes (microlp; HiGHS ignores it): a count, unlike time, stops it at the
/// same point on every machine.
const NODES: u64 = 20_000;

/// Searches the neighbourhood of `rx.plan` until `until`, and keeps a
/// better plan found in it; each free post keeps `per_post` pairs of best
/// reduced cost. True when it found one.
pub(super) fn improve(
    built: &Built,
    pairs: &[(usize, usize)],
    rx: &mut Relaxed,
    opts: &SolveOptions,
    per_post: usize,
    until: Instant,
) -> bool {
    let Some(plan) = rx.plan.as_ref() else { return false };
    let left = until.saturating_duration_since(Instant::now()).as_secs_f64();
    if rx.relaxed_x.len() != built.lp.vars.len() || left < 0.01 {
        return false;
    }
    let out = outside(built, pairs, rx, plan, per_post);
    let model = Restricted::without_pairs(built, &out, !opts.backend.has_cuts());
    search(built, &model, rx, opts, left)
}

/// Searches `model` (which holds `rx.plan`) for `left` seconds at most, and
/// keeps a better plan found in it. True when it found one.
fn search(built: &Built, model: &Restricted, rx: &mut Relaxed, opts: &SolveOptions, left: f64) -> bool {
    let Some(plan) = rx.plan.as_ref() else { return false };
    let start = model.narrow(&plan.values);
    let found = opts.backend.run_nodes(&model.lp, Some(left), NODES, built.granularity, Some(&start));
    let Ok(LpOutcome::Solved { values, .. }) = found else { return false };
    let values = model.widen(&values);
    let value = built.lp.value(&values);
    let better = value > plan.value + 1e-9;
    if better {
        rx.plan = Some(Primal { value, values });
    }
    better
}

/// Searches the neighbourhood of the plan one region at a time (the posts
/// under one top-level unit: a province of a national scenario), until
/// `until`: every other post keeps its cadre, so each search is small,
/// where one over the whole of national-rotation's disagreeing posts found
/// nothing in its time. Each post of the region keeps its plan's and its
/// subproblem's pair and its `per_post` best by reduced cost among those a
/// better plan could use, whose cadre holds no post outside the region.
/// Returns how many better plans it found.
pub(super) fn improve_by_region(
    built: &Built,
    pairs: &[(usize, usize)],
    rx: &mut Relaxed,
    (opts, progress): (&SolveOptions, Progress),
    (region, per_post): (Region, usize),
    until: Instant,
) -> usize {
    let Some(first) = rx.plan.as_ref().filter(|_| rx.relaxed_x.len() == built.lp.vars.len()) else { return 0 };
    // Left out at the first plan's value, a pair stays left out at a better one.
    let useless = rx.left_out(first.value);
    let by_region = pairs_by_region(pairs, region);
    let near = Near::new(built, pairs, region, by_region.len());
    let order: Vec<usize> = (0..by_region.len()).filter(|&g| !by_region[g].is_empty()).collect();
    let mut found = 0;
    for (k, &region) in order.iter().enumerate() {
        let left = until.saturating_duration_since(Instant::now()).as_secs_f64();
        let Some(plan) = rx.plan.as_ref().filter(|_| left >= 0.01) else { break };
        let free = in_region(built, (pairs, &by_region[region]), rx, plan, &useless, per_post);
        let model = Restricted::around(built, &plan.values, (&free, region), &near, !opts.backend.has_cuts());
        // Each region gets an equal share of the time the regions after it leave.
        if search(built, &model, rx, opts, left / (order.len() - k) as f64) {
            found += 1;
            progress.report_relaxed(rx);
        }
    }
    found
}

/// Each region's pairs, by region number.
fn pairs_by_region(pairs: &[(usize, usize)], region: Region) -> Vec<Vec<usize>> {
    let mut by_region = vec![Vec::new(); pairs.iter().map(|p| region(p.0) + 1).max().unwrap_or(0)];
    for (i, &(p, _)) in pairs.iter().enumerate() {
        by_region[region(p)].push(i);
    }
    by_region
}

/// The pairs free in a search of one region, whose pairs are `mine`: each
/// post's plan pair, subproblem pair and pins, and its `per_post` best by
/// reduced cost among those not `useless` whose cadre holds no post of
/// another region in the plan.
fn in_region(
    built: &Built,
    (pairs, mine): (&[(usize, usize)], &[usize]),
    rx: &Relaxed,
    plan: &Primal,
    useless: &[bool],
    per_post: usize,
) -> Vec<usize> {
    let in_plan = |i: usize| plan.values[built.pair_vars[i]] > 0.5;
    let in_sub = |i: usize| rx.relaxed_x[built.pair_vars[i]] > 0.5;
    let (_, mut elsewhere) = agreed(pairs, in_plan);
    for &i in mine.iter().filter(|&&i| in_plan(i)) {
        elsewhere[pairs[i].1] = false;
    }
    let elsewhere = |c: usize| elsewhere.get(c).copied().unwrap_or(false);
    let open = mine.iter().copied().filter(|&i| !useless[i] && !elsewhere(pairs[i].1));
    let ranking = reduce::rank(pairs, rx, open);
    let best = reduce::places(pairs, &ranking).filter(|&(_, place)| place < per_post).map(|(i, _)| i);
    let kept = mine.iter().copied().filter(|&i| in_plan(i) || in_sub(i) || rx.pinned[i]);
    let mut free: Vec<usize> = best.chain(kept).collect();
    free.sort_unstable();
    free.dedup();
    free
}

/// The pairs outside the neighbourhood. Kept: the plan's pairs, the pins,
/// and at each post where the plan and the subproblem disagree (at every
/// post, when `per_post` is above `PAIRS_PER_POST`), the
/// subproblem's pair and the `per_post` best pairs by reduced cost
/// among those a better plan could use and whose cadre is free.
fn outside(built: &Built, pairs: &[(usize, usize)], rx: &Relaxed, plan: &Primal, per_post: usize) -> Vec<bool> {
    let in_plan = |i: usize| plan.values[built.pair_vars[i]] > 0.5;
    let in_sub = |i: usize| rx.relaxed_x[built.pair_vars[i]] > 0.5;
    // A wider search (after one that found nothing) keeps no post.
    let (post_kept, cadre_kept) = agreed(pairs, |i| per_post == PAIRS_PER_POST && in_plan(i) && in_sub(i));
    let useless = rx.left_out(plan.value);
    let fixed = |i: usize, (p, c): (usize, usize)| post_kept[p] || cadre_kept[c] || useless[i];
    let mut out: Vec<bool> = pairs.iter().enumerate().map(|(i, &pc)| fixed(i, pc)).collect();
    let ranking = reduce::rank(pairs, rx, (0..pairs.len()).filter(|&i| !out[i]));
    for (i, place) in reduce::places(pairs, &ranking) {
        out[i] = place >= per_post && !in_sub(i);
    }
    for i in (0..pairs.len()).filter(|&i| in_plan(i) || rx.pinned[i]) {
        out[i] = false;
    }
    out
}

/// The posts and the cadres of the pairs `agree` picks.
fn agreed(pairs: &[(usize, usize)], agree: impl Fn(usize) -> bool) -> (Vec<bool>, Vec<bool>) {
    let posts = pairs.iter().map(|p| p.0 + 1).max().unwrap_or(0);
    let cadres = pairs.iter().map(|p| p.1 + 1).max().unwrap_or(0);
    let (mut post_kept, mut cadre_kept) = (vec![false; posts], vec![false; cadres]);
    for (_, &(p, c)) in pairs.iter().enumerate().filter(|(i, _)| agree(*i)) {
        post_kept[p] = true;
        cadre_kept[c] = true;
    }
    (post_kept, cadre_kept)
}
