//! The rows of a rotation that keeps its origin (section 10.13): for each
//! post o held now by a cadre c who may be rotated, a variable r_o with
//! `x(c, q) ≤ r_o` for every rotation q of c, `r_o ≤ Σ x(c, q)`, and
//! `Σ_c' x(c', o) + r_o ≤ 1`: o is kept exactly when c is rotated, and then
//! nobody holds it. r_o earns o's vacancy penalty, which a kept post does not pay.

use std::collections::BTreeMap;

use super::{Lp, Meaning, Row, Sense};
use crate::eligibility::Eligibility;
use crate::model::{PosIdx, Scenario};
use crate::objective;
use crate::rules::rotation;

/// Adds the variables and rows; `by_post[o]` are the pair variables of post o.
pub(super) fn reserve_rows(
    sc: &Scenario,
    el: &Eligibility,
    pair_vars: &[usize],
    by_post: &[Vec<usize>],
    elastic: bool,
    lp: &mut Lp,
    meanings: &mut Vec<Meaning>,
) {
    let mut rotations: BTreeMap<PosIdx, Vec<usize>> = BTreeMap::new();
    for (i, &(q, c)) in el.pairs.iter().enumerate() {
        for o in rotation::origins(sc, c, q) {
            rotations.entry(o).or_default().push(pair_vars[i]);
        }
    }
    for (o, xs) in rotations {
        let cost = if elastic { 0.0 } else { objective::vacancy_penalty(sc, o) };
        let r = super::indicator(lp, meanings, &xs, cost, Meaning::Reserved { post: o });
        let mut kept: Vec<(usize, f64)> = by_post[o].iter().map(|&x| (x, 1.0)).collect();
        kept.push((r, 1.0));
        lp.rows.push(Row { terms: kept, sense: Sense::Le, rhs: 1.0 });
    }
}
