//! The rows of the fair-rotation rule across senders (section 10.11): for
//! each sending unit d, `Σ_{c from d} sent_c ≤ s × Σ_c sent_c`, written as
//! `Σ_c (1{c from d} − s) sent_c ≤ 0`, where `sent_c` is 1 when the plan
//! rotates cadre c down.

use std::collections::BTreeMap;

use super::{Lp, Meaning, Row, Sense};
use crate::eligibility::Eligibility;
use crate::model::{CadreIdx, Scenario, UnitIdx};
use crate::rules::rotation_spread;

/// Adds the rows; `bundles[c]` are the cadre's concurrent-bundle binaries.
pub(super) fn spread_rows(
    sc: &Scenario,
    el: &Eligibility,
    pair_vars: &[usize],
    bundles: &[Vec<usize>],
    lp: &mut Lp,
    meanings: &mut Vec<Meaning>,
) {
    let Some(cap) = sc.rules.max_rotation_share_per_department else { return };
    let mut down: BTreeMap<CadreIdx, (UnitIdx, Vec<usize>)> = BTreeMap::new();
    for (i, &(p, c)) in el.pairs.iter().enumerate() {
        if let Some(u) = rotation_spread::sender(sc, c, p) {
            down.entry(c).or_insert((u, Vec::new())).1.push(pair_vars[i]);
        }
    }
    let sent: Vec<(UnitIdx, Vec<(usize, f64)>)> =
        down.into_iter().map(|(c, (u, xs))| (u, sent_terms(lp, meanings, xs, !bundles[c].is_empty()))).collect();
    let mut senders: Vec<UnitIdx> = sent.iter().map(|s| s.0).collect();
    senders.dedup();
    for d in senders {
        let terms = sent.iter().flat_map(|(u, ts)| {
            let coef = if *u == d { 1.0 - cap } else { -cap };
            ts.iter().map(move |&(v, k)| (v, k * coef))
        });
        lp.rows.push(Row { terms: terms.filter(|t| t.1 != 0.0).collect(), sense: Sense::Le, rhs: 0.0 });
    }
}

/// The terms of `sent_c`: the sum of c's rotation-down pairs, which one-post-
/// per-cadre keeps at most 1; a cadre who may hold a bundle of commune posts
/// gets a variable z with `x ≤ z ≤ Σ x`, which is 1 exactly when one is held.
fn sent_terms(lp: &mut Lp, meanings: &mut Vec<Meaning>, xs: Vec<usize>, bundled: bool) -> Vec<(usize, f64)> {
    if !bundled || xs.len() == 1 {
        return xs.into_iter().map(|x| (x, 1.0)).collect();
    }
    let z = super::indicator(lp, meanings, &xs, 0.0, Meaning::Sent);
    vec![(z, 1.0)]
}
