//! Rounding cuts on the share rows of targets, for the MIP only.
//!
//! A share row counts members M and holders H of a scope:
//! `M − σ·H + s ≥ 0` (min share, slack s ≥ 0) or `M − σ·H − s ≤ 0` (max
//! share). Given a cap U ≥ H (the posts the scope can fill, or a cap that
//! `probe` shows every better plan keeps), V = U − H is a whole number of at
//! least 0, and the row reads `M + σ·V + s ≥ σ·U`. When σ·U is not whole
//! (0.4 × 361 = 144.4) the LP meets it with 144.4 members and no shortfall,
//! where every plan has 144 (a shortfall of 0.4) or 145. Those fractions of
//! a penalty are most of the distance between the LP bound and the optimum
//! on the version-1 Nghệ An seeds, and microlp has no cuts of its own.
//!
//! The mixed-integer rounding (MIR) inequality of that row holds for every
//! plan with H ≤ U and cuts the fractional point off. Cuts go into the
//! models the MIP solver searches, never into the one the Lagrangian relaxes
//! (whose plans give each slack exactly one row).

use super::{Lp, Row, Sense};

/// A target row `Σ (member − σ)·x ± s (≥ or ≤) 0` over a scope whose
/// count of holders (or successors) is at most `fillable` in every plan.
#[derive(Debug, Clone, Copy)]
pub(super) struct ShareRow {
    pub row: usize,
    pub share: f64,
    pub fillable: f64,
}

/// Models with more variables than this get no cuts: on national-rotation
/// (2.1M variables) the cuts and the copy of the model that carries them
/// raised the default build's peak from 1.48 to 1.78 GB, with no proof to
/// show for it; `probe` stops at the same size.
pub(super) const MAX_VARS: usize = 60_000;

/// Fractional parts closer to a whole number than this give no cut (the
/// cut's slack coefficient, 1 / f, would make it badly scaled).
const MIN_FRACTION: f64 = 0.01;

/// The rounding cut of each share row at its `fillable` cap, where σ·cap is not whole.
pub(super) fn rounding(lp: &Lp, rows: &[ShareRow]) -> Vec<Row> {
    rows.iter().filter_map(|r| rounding_at(lp, r, r.fillable)).collect()
}

/// True when σ·cap is far enough from a whole number for a cut.
pub(super) fn fractional(r: &ShareRow, cap: f64) -> bool {
    let b = r.share * cap;
    (MIN_FRACTION..=1.0 - MIN_FRACTION).contains(&(b - b.floor())) && r.share > 0.0 && r.share < 1.0
}

/// The rounding cut of share row `r`, valid for every plan whose count in
/// the scope is at most `cap`. The row's continuous variable is its slack;
/// every other term counts a member (coefficient 1 − σ) or not (−σ).
pub(super) fn rounding_at(lp: &Lp, r: &ShareRow, cap: f64) -> Option<Row> {
    if !fractional(r, cap) {
        return None;
    }
    let b = r.share * cap;
    let f = b - b.floor();
    let row = &lp.rows[r.row];
    let (v_coef, s_coef, rhs) = match row.sense {
        // M + κ·V + s / f ≥ ⌈σU⌉, κ = 1 − max(0, f − σ) / f.
        Sense::Ge => (1.0 - (f - r.share).max(0.0) / f, 1.0 / f, b.ceil()),
        // M + λ·V − s / (1 − f) ≤ ⌊σU⌋, λ = max(0, σ − f) / (1 − f).
        Sense::Le => ((r.share - f).max(0.0) / (1.0 - f), -1.0 / (1.0 - f), b.floor()),
    };
    // V = U − H: a member's x counts 1 − coef(V), any other holder's −coef(V).
    let term = |&(v, a): &(usize, f64)| match (lp.vars[v].integer, a > 0.0) {
        (false, _) => (v, s_coef),
        (true, true) => (v, 1.0 - v_coef),
        (true, false) => (v, -v_coef),
    };
    let terms = row.terms.iter().map(term).filter(|&(_, k)| k != 0.0).collect();
    Some(Row { terms, sense: row.sense, rhs: rhs - v_coef * cap })
}

/// The variables counted by share row `r` (its terms but the slack).
pub(super) fn counted(lp: &Lp, r: &ShareRow) -> Vec<usize> {
    lp.rows[r.row].terms.iter().filter(|&&(v, _)| lp.vars[v].integer).map(|&(v, _)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::Var;

    /// Every 0/1 point of a small share row, with its least slack, meets the cut.
    #[test]
    fn the_cut_holds_for_every_plan_under_the_cap_and_cuts_the_fraction_off() {
        for (share, members, others, sense) in [(0.4, 3, 4, Sense::Ge), (0.35, 2, 5, Sense::Ge), (0.3, 3, 3, Sense::Le)]
        {
            let n = members + others;
            let mut vars = vec![Var { integer: true, lower: 0.0, upper: 1.0, cost: 0.0 }; n];
            vars.push(Var { integer: false, lower: 0.0, upper: n as f64, cost: -1.0 });
            let sign = if sense == Sense::Ge { 1.0 } else { -1.0 };
            let mut terms: Vec<(usize, f64)> =
                (0..n).map(|v| (v, if v < members { 1.0 - share } else { -share })).collect();
            terms.push((n, sign));
            let lp = Lp { vars, rows: vec![Row { terms, sense, rhs: 0.0 }] };
            let r = ShareRow { row: 0, share, fillable: n as f64 };
            let cap = 4.0;
            let cut = rounding_at(&lp, &r, cap);
            assert!(cut.is_some(), "σ·cap is fractional");
            let Some(cut) = cut else { return };
            for bits in 0u32..(1 << n) {
                let mut x: Vec<f64> = (0..n).map(|v| f64::from((bits >> v) & 1)).collect();
                if x.iter().sum::<f64>() > cap {
                    continue;
                }
                x.push(0.0);
                x[n] = (sign * -lp.rows[0].lhs(&x)).max(0.0);
                assert!(lp.rows[0].holds(&x) && cut.holds(&x), "share {share}, plan {bits:b}");
            }
        }
    }

    #[test]
    fn a_fractional_requirement_met_by_fractions_is_cut_off() {
        // Members x0..x2 and others x3..x5 under a cap of 4 holders: 1.6
        // members of 4 holders meet 0.4 × 4 = 1.6 with no slack, which no plan does.
        let share = 0.4;
        let mut vars = vec![Var { integer: true, lower: 0.0, upper: 1.0, cost: 0.0 }; 6];
        vars.push(Var { integer: false, lower: 0.0, upper: 4.0, cost: -1.0 });
        let mut terms: Vec<(usize, f64)> = (0..6).map(|v| (v, if v < 3 { 1.0 - share } else { -share })).collect();
        terms.push((6, 1.0));
        let lp = Lp { vars, rows: vec![Row { terms, sense: Sense::Ge, rhs: 0.0 }] };
        let r = ShareRow { row: 0, share, fillable: 6.0 };
        let cut = rounding_at(&lp, &r, 4.0);
        assert!(cut.is_some(), "1.6 is fractional");
        let Some(cut) = cut else { return };
        let x = [1.0, 0.6, 0.0, 1.0, 1.0, 0.4, 0.0];
        assert!(lp.rows[0].holds(&x));
        assert!(!cut.holds(&x));
        assert_eq!(counted(&lp, &r), vec![0, 1, 2, 3, 4, 5]);
        assert!(rounding_at(&lp, &r, 5.0).is_none(), "0.4 × 5 is whole");
    }
}
