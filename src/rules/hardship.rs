//! Rule 8 (version 2, section 10.11), fair rotation burden: with
//! `no_consecutive_disadvantaged`, a cadre who served in a disadvantaged unit
//! during the previous term of a post's calendar is not sent to a post of
//! another disadvantaged unit. Staying in one's own unit is not being sent.

use super::{months_covered, term_limit::past_term, PairRule};
use crate::model::{CadreIdx, PosIdx, Scenario, UnitIdx};

/// Rule 8 of the contract.
pub struct Hardship;

/// The violation code.
pub const CODE: &str = "consecutive_disadvantaged";

/// True when appointing `c` to `p` sends `c` to `p`'s unit: `c` neither works
/// there now nor holds a post there.
pub fn is_sent(sc: &Scenario, c: CadreIdx, p: PosIdx) -> bool {
    let (cad, unit) = (&sc.cadres[c], sc.positions[p].unit);
    cad.unit != unit && !cad.incumbent_of.iter().any(|&q| sc.positions[q].unit == unit)
}

/// The disadvantaged units `c` served in during the previous term of `p`'s
/// calendar, with the months served in each (sorted by unit).
fn previous_hardship(sc: &Scenario, c: CadreIdx, p: PosIdx) -> Vec<(UnitIdx, i32)> {
    let term = past_term(sc, p, 1);
    let mut units: Vec<UnitIdx> =
        sc.cadres[c].tenures.iter().map(|t| t.unit).filter(|&u| sc.is_disadvantaged(u)).collect();
    units.sort();
    units.dedup();
    let served = |u: UnitIdx| months_covered(sc, c, sc.reference_of(p), term.clone(), |t| t.unit == u).months();
    units.into_iter().map(|u| (u, served(u))).filter(|&(_, m)| m > 0).collect()
}

impl PairRule for Hardship {
    fn code(&self) -> &'static str {
        CODE
    }
    fn section(&self) -> &'static str {
        "rule 8"
    }
    fn exclude(&self, sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<String> {
        if !sc.rules.no_consecutive_disadvantaged || !sc.unit_of(p).disadvantaged || !is_sent(sc, c, p) {
            return None;
        }
        let (unit, months) = *previous_hardship(sc, c, p).first()?;
        let term = past_term(sc, p, 1);
        Some(format!(
            "{} served {} in the disadvantaged unit {} during the previous term ({} to {}), and {} is in the \
             disadvantaged unit {}: nobody is sent to a disadvantaged unit in two consecutive terms",
            sc.cadre_label(c),
            sc.duration_label(months),
            sc.unit_history_label(unit),
            sc.date_label(term.start),
            sc.date_label(term.end.plus_months(-1)),
            sc.position_label(p),
            sc.unit_of(p).name
        ))
    }
}
