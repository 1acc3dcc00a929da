//! Probing the holders of share scopes, for a backend without cuts of its
//! own (microlp).
//!
//! The LP fills a share scope with H* holders and meets σ·H* with a
//! fraction of a member (`cuts`). A plan that fills more of the scope
//! usually leaves a dearer post empty, so it cannot beat the best plan
//! found: when the LP over plans with H ≥ H* + 1 stays below that plan
//! (by half a step of the objective's grid), every better plan has
//! H ≤ H*. That cap, and the rounding cut it allows, go into the model the
//! MIP searches. They remove no plan better than the one found, so the
//! search proves the same optimum: the best plan of the stronger model, or
//! the plan found when the stronger model has none (ARCHITECTURE.md,
//! "Proof of optimality").

use std::time::Instant;

use super::cuts::{self, ShareRow};
use super::{Lp, LpOutcome, ModelStats, Probe, Row, Sense, SolveError, SolveOptions};

/// The first round of the search, before probing, stops after this many
/// branch-and-bound nodes (about 0.3 s on nghe-an), each later round after
/// twice as many; a count of nodes, unlike time, ends a round at the same
/// point on every machine, so the plan does not depend on its speed. Most
/// parts are proved within the first round and need no probing.
const FIRST_NODES: u64 = 500;

/// After a round of more nodes than this, the last round has no node limit.
const LAST_ROUND_NODES: u64 = 64_000;

/// Models with more variables than this are not probed (each probe is an
/// LP); they get no cuts either.
const PROBE_VARS: usize = cuts::MAX_VARS;

/// Share rows probed at most (the largest scopes first).
const PROBES: usize = 16;

/// The MIP search of `lp`, with the caps and cuts of probing where they
/// apply; `stats.probe_caps` counts the caps.
///
/// The search runs in rounds of doubling length (in nodes). After a round that found
/// a better plan, the share rows without a cap are probed again: a higher
/// floor shows more caps. A cap leaves out no plan better than the floor it
/// was probed at, and floors only rise, so every cap stays valid.
pub(super) fn search(
    lp: &Lp,
    shares: &[ShareRow],
    opts: &SolveOptions,
    deadline: Option<Instant>,
    step: Option<f64>,
    start: Option<&[f64]>,
    stats: &mut ModelStats,
) -> Result<LpOutcome, SolveError> {
    let mip = Mip { opts, step };
    let applies = opts.probe != Probe::Off && !opts.backend.has_cuts() && opts.mip_gap == 0.0;
    let (Some(step), true) = (step, applies && !shares.is_empty() && lp.vars.len() <= PROBE_VARS) else {
        return mip.run(lp, left(deadline), start);
    };
    let mut rounds = Rounds { lp: lp.clone(), rows: lp.rows.len(), capped: vec![false; shares.len()], best: None };
    rounds.best = start.map(<[f64]>::to_vec);
    let (mut nodes, mut probed_at) = (FIRST_NODES, f64::NEG_INFINITY);
    loop {
        let found = match nodes > LAST_ROUND_NODES {
            true => mip.run(&rounds.lp, left(deadline), rounds.warm()),
            false => opts.backend.run_nodes(&rounds.lp, left(deadline), nodes, Some(step), rounds.warm()),
        };
        let last = nodes > LAST_ROUND_NODES || deadline.is_some_and(|d| Instant::now() >= d);
        let always = opts.probe == Probe::Always && probed_at.is_infinite();
        if let Some(done) = rounds.settle(found, last, always)? {
            return Ok(done);
        }
        let floor = rounds.best.as_ref().map_or(f64::NEG_INFINITY, |b| lp.value(b));
        if floor > probed_at {
            probed_at = floor;
            stats.probe_caps += rounds.probe(shares, opts, floor + 0.5 * step, super::budget(deadline));
        }
        nodes *= 2;
    }
}

/// The model of the search, with the caps and cuts found so far.
struct Rounds {
    lp: Lp,
    /// Rows of the model before probing.
    rows: usize,
    capped: Vec<bool>,
    /// The best plan known.
    best: Option<Vec<f64>>,
}

impl Rounds {
    /// The best plan as a start, when it meets every cap.
    fn warm(&self) -> Option<&[f64]> {
        self.best.as_deref().filter(|b| self.lp.rows.iter().all(|r| r.holds(b)))
    }

    /// Takes a round's outcome; the part's outcome when the search ends
    /// here: proved (`keep_going` asks for one more round all the same),
    /// no plan better than the best (the model with caps has none), or the
    /// last round. A round that found no plan ends the search only when last.
    fn settle(
        &mut self,
        found: Result<LpOutcome, SolveError>,
        last: bool,
        keep_going: bool,
    ) -> Result<Option<LpOutcome>, SolveError> {
        let capped = self.lp.rows.len() > self.rows;
        let proven = match found {
            Ok(LpOutcome::Infeasible) if !capped || self.best.is_none() => return Ok(Some(LpOutcome::Infeasible)),
            // No plan meets the caps: none beats the best plan.
            Ok(LpOutcome::Infeasible) => true,
            Ok(LpOutcome::Solved { values, proven }) => {
                self.keep(values);
                proven
            }
            Err(e) if last && self.best.is_none() => return Err(e),
            Err(_) => false,
        };
        let Some(best) = self.best.clone().filter(|_| (proven && !keep_going) || last) else { return Ok(None) };
        Ok(Some(LpOutcome::Solved { values: best, proven }))
    }

    fn keep(&mut self, values: Vec<f64>) {
        let old = self.best.take();
        self.best = Some(better(&self.lp, values, old.as_deref()));
    }

    /// Probes the rows without a cap at `floor`; returns the caps added.
    fn probe(&mut self, shares: &[ShareRow], opts: &SolveOptions, floor: f64, until: Instant) -> usize {
        let (rows, capped) = caps(&self.lp, shares, &self.capped, opts, floor, until);
        self.lp.rows.extend(rows);
        capped.iter().for_each(|&k| self.capped[k] = true);
        capped.len()
    }
}

/// The MIP runs of one part.
struct Mip<'a> {
    opts: &'a SolveOptions,
    step: Option<f64>,
}

impl Mip<'_> {
    fn run(&self, lp: &Lp, seconds: Option<f64>, start: Option<&[f64]>) -> Result<LpOutcome, SolveError> {
        self.opts.backend.run_from(lp, seconds, self.opts.mip_gap, self.step, start)
    }
}

/// Seconds left before the deadline (at least a millisecond), if any.
fn left(deadline: Option<Instant>) -> Option<f64> {
    deadline.map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64().max(0.001))
}

/// `values`, or `other` when it is worth more.
fn better(lp: &Lp, values: Vec<f64>, other: Option<&[f64]>) -> Vec<f64> {
    match other {
        Some(o) if lp.value(o) > lp.value(&values) => o.to_vec(),
        _ => values,
    }
}

/// For each share row without a cap (`capped`), the cap `H ≤ ⌈H*⌉` and
/// its rounding cut, where the LP shows that no plan above the cap reaches
/// `floor`; and the rows capped.
fn caps(
    lp: &Lp,
    shares: &[ShareRow],
    capped: &[bool],
    opts: &SolveOptions,
    floor: f64,
    until: Instant,
) -> (Vec<Row>, Vec<usize>) {
    let mut relaxed = lp.clone();
    relaxed.vars.iter_mut().for_each(|v| v.integer = false);
    let Some(x) = optimum(&relaxed, opts, until) else { return (Vec::new(), Vec::new()) };
    let mut order: Vec<usize> = (0..shares.len()).filter(|&k| !capped[k]).collect();
    order.sort_by(|&a, &b| shares[b].fillable.total_cmp(&shares[a].fillable).then(a.cmp(&b)));
    let (mut rows, mut newly) = (Vec::new(), Vec::new());
    for k in order.into_iter().take(PROBES) {
        let r = &shares[k];
        let counted = cuts::counted(lp, r);
        let cap = (counted.iter().map(|&v| x[v]).sum::<f64>() - 1e-6).ceil();
        if !cuts::fractional(r, cap) || cap >= r.fillable {
            continue; // no cut, or the valid one (`cuts::rounding`) is already in
        }
        let terms: Vec<(usize, f64)> = counted.iter().map(|&v| (v, 1.0)).collect();
        relaxed.rows.push(Row { terms: terms.clone(), sense: Sense::Ge, rhs: cap + 1.0 });
        let short = below(&relaxed, opts, floor, until);
        relaxed.rows.truncate(lp.rows.len());
        if short {
            rows.push(Row { terms, sense: Sense::Le, rhs: cap });
            rows.extend(cuts::rounding_at(lp, r, cap));
            newly.push(k);
        }
    }
    (rows, newly)
}

/// The LP optimum of `relaxed` within the time left, if proven.
fn optimum(relaxed: &Lp, opts: &SolveOptions, until: Instant) -> Option<Vec<f64>> {
    let seconds = until.saturating_duration_since(Instant::now()).as_secs_f64();
    match opts.backend.run(relaxed, Some(seconds.max(0.001)), 0.0, None) {
        Ok(LpOutcome::Solved { values, proven: true }) => Some(values),
        _ => None,
    }
}

/// True when the LP `relaxed` has no point worth `floor` (or none at all).
fn below(relaxed: &Lp, opts: &SolveOptions, floor: f64, until: Instant) -> bool {
    let seconds = until.saturating_duration_since(Instant::now()).as_secs_f64();
    if seconds < 0.01 {
        return false;
    }
    match opts.backend.run(relaxed, Some(seconds), 0.0, None) {
        Ok(LpOutcome::Infeasible) => true,
        Ok(LpOutcome::Solved { values, proven: true }) => relaxed.value(&values) < floor,
        _ => false,
    }
}
