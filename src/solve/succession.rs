//! The successor variables of succession pools (contract section 10.14):
//! a binary y per (post, cadre) that may be named, worth the successor's
//! value; at most k per post, at most `max_succession_titles` per cadre,
//! and never together with the cadre holding a post of the same title and
//! unit.

use super::{Lp, Meaning, Row, Sense, Var};
use crate::eligibility::Eligibility;
use crate::model::Scenario;
use crate::objective;

/// Adds the successor variables and rows; returns each variable, in
/// `el.successors` order.
pub(super) fn successor_rows(
    sc: &Scenario,
    el: &Eligibility,
    pair_vars: &[usize],
    elastic: bool,
    lp: &mut Lp,
    meanings: &mut Vec<Meaning>,
) -> Vec<usize> {
    let mut vars = Vec::with_capacity(el.successors.len());
    for &(p, c) in &el.successors {
        let cost = if elastic { 0.0 } else { objective::successor_value(sc, c, p) };
        lp.vars.push(Var { integer: true, lower: 0.0, upper: 1.0, cost });
        meanings.push(Meaning::Successor { post: p, cadre: c });
        vars.push(lp.vars.len() - 1);
    }
    per_post(sc, el, &vars, lp);
    per_cadre(sc, el, &vars, lp);
    not_the_holder(sc, el, pair_vars, &vars, lp);
    vars
}

/// At most k successors for each post (a row only where more may be named).
fn per_post(sc: &Scenario, el: &Eligibility, vars: &[usize], lp: &mut Lp) {
    let mut i = 0;
    while i < el.successors.len() {
        let p = el.successors[i].0;
        let j = i + el.successors[i..].iter().take_while(|s| s.0 == p).count();
        let k = sc.title_of(p).succession as usize;
        if j - i > k {
            lp.rows.push(Row {
                terms: vars[i..j].iter().map(|&v| (v, 1.0)).collect(),
                sense: Sense::Le,
                rhs: k as f64,
            });
        }
        i = j;
    }
}

/// At most `max_succession_titles` posts for each cadre.
fn per_cadre(sc: &Scenario, el: &Eligibility, vars: &[usize], lp: &mut Lp) {
    let Some(max) = sc.rules.max_succession_titles else { return };
    let mut by_cadre: std::collections::BTreeMap<usize, Vec<(usize, f64)>> = Default::default();
    for (&(_, c), &v) in el.successors.iter().zip(vars) {
        by_cadre.entry(c).or_default().push((v, 1.0));
    }
    for terms in by_cadre.into_values().filter(|t| t.len() > max as usize) {
        lp.rows.push(Row { terms, sense: Sense::Le, rhs: f64::from(max) });
    }
}

/// y(p, c) + Σ x(q, c) ≤ 1 over the posts q of p's title and unit: a
/// holder does not succeed themselves.
fn not_the_holder(sc: &Scenario, el: &Eligibility, pair_vars: &[usize], vars: &[usize], lp: &mut Lp) {
    let mut by_cadre: Vec<Vec<(usize, usize)>> = vec![Vec::new(); sc.cadres.len()];
    for (&(q, c), &x) in el.pairs.iter().zip(pair_vars) {
        by_cadre[c].push((q, x));
    }
    for (&(p, c), &y) in el.successors.iter().zip(vars) {
        let (unit, title) = (sc.positions[p].unit, sc.positions[p].title);
        let same = |q: usize| sc.positions[q].unit == unit && sc.positions[q].title == title;
        let held: Vec<(usize, f64)> = by_cadre[c].iter().filter(|&&(q, _)| same(q)).map(|&(_, x)| (x, 1.0)).collect();
        if !held.is_empty() {
            lp.rows.push(Row { terms: [vec![(y, 1.0)], held].concat(), sense: Sense::Le, rhs: 1.0 });
        }
    }
}
