//! Rule 4, non-local: a title marked `non_local` must be held by somebody who
//! is not local to the post's unit: whose home does not lie in the unit's
//! locality and who has not served `local_if_served_years` there.

use super::{merger_note, months_covered, PairRule};
use crate::model::{CadreIdx, Level, PosIdx, Scenario, UnitIdx, YearMonth};

/// Rule 4 of the contract.
pub struct NonLocal;

/// Describes the locality of a unit: "Xã Yên Thành" or "the province Tỉnh Nghệ An".
pub fn locality_name(sc: &Scenario, unit: UnitIdx) -> String {
    let u = &sc.units[unit];
    match u.level {
        Level::Commune | Level::District => u.name.clone(),
        Level::Province => format!("the province {}", sc.units[u.province].name),
    }
}

/// Why cadre `c` is local to post `p`'s unit (section 3, rule 4), or `None` when not local.
pub fn local_reason(sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<String> {
    let cad = &sc.cadres[c];
    let unit = sc.positions[p].unit;
    if sc.lies_in_locality(cad.home_unit, unit) {
        return Some(format!(
            "{} is local to {}: home unit {}",
            sc.cadre_label(c),
            locality_name(sc, unit),
            sc.unit_history_label(cad.home_unit)
        ));
    }
    let n = sc.rules.local_if_served_months;
    if n > 0 {
        let reference = sc.reference_of(p);
        let since_ever = YearMonth::january(0)..reference;
        let served = months_covered(sc, c, reference, since_ever, |t| sc.lies_in_locality(t.unit, unit));
        if served.months() >= n {
            return Some(format!(
                "{} is local to {}: served {} there ({}{}), at least the {} that make a cadre local",
                sc.cadre_label(c),
                locality_name(sc, unit),
                sc.duration_label(served.months()),
                served.label(sc),
                merger_note(sc, c, |t| sc.lies_in_locality(t.unit, unit)),
                sc.duration_label(n)
            ));
        }
    }
    None
}

impl PairRule for NonLocal {
    fn code(&self) -> &'static str {
        "non_local"
    }
    fn section(&self) -> &'static str {
        "rule 4"
    }
    fn exclude(&self, sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<String> {
        let title = sc.title_of(p);
        if !title.non_local {
            return None;
        }
        local_reason(sc, c, p).map(|why| format!("{why}, and {} requires a non-local holder", title.display()))
    }
}
