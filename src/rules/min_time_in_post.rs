//! Rule 3.6, minimum time in post: an incumbent whose current tenure in the
//! post started less than `min_years_in_post` years (counted in months)
//! before the reference date keeps the post, if the pair is eligible. It acts
//! as a pin.

use crate::model::{CadreIdx, PosIdx, Scenario, YearMonth};

/// Code used in reports.
pub const CODE: &str = "min_time_in_post";

/// A pin made by rule 3.6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimePin {
    pub cadre: CadreIdx,
    pub position: PosIdx,
    /// Start of the current tenure.
    pub since: YearMonth,
}

/// The rule-3.6 pin on post `p`, if any. `eligible` decides rules 1–7 for the pair.
pub fn pin_for(sc: &Scenario, p: PosIdx, eligible: impl Fn(CadreIdx, PosIdx) -> bool) -> Option<TimePin> {
    let min = sc.rules.min_months_in_post;
    if min <= 0 {
        return None;
    }
    let pos = &sc.positions[p];
    let c = pos.incumbent?;
    let since = time_in_post_since(sc, c, p)?;
    (since.months_until(sc.reference_of(p)) < min && eligible(c, p)).then_some(TimePin { cadre: c, position: p, since })
}

/// When the incumbent's current tenure in post `p` began: the start of the
/// open tenure with the post's title in its unit, or, when
/// `term_limit_through_merger = "successor"`, of a tenure with the title in a
/// unit that went into it which ran until that unit ceased to exist and was
/// not followed by a later start (the holder carried on in the merged unit).
pub fn time_in_post_since(sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<YearMonth> {
    let pos = &sc.positions[p];
    let title = &sc.titles[pos.title].key;
    let tenures = &sc.cadres[c].tenures;
    let open =
        tenures.iter().filter(|t| t.end.is_none() && t.unit == pos.unit && &t.title == title).map(|t| t.start).max();
    if !sc.rules.term_limit_through_merger {
        return open;
    }
    let carried = tenures
        .iter()
        .filter(|t| &t.title == title && t.unit != pos.unit && sc.same_post_unit(t.unit, pos.unit))
        .filter(|t| t.end.is_some() && t.end == sc.units[t.unit].valid_to)
        .filter(|t| open.is_none_or(|o| t.end.is_some_and(|e| e >= o)))
        .map(|t| t.start)
        .min();
    carried.or(open)
}

/// Every rule-3.6 pin, by post.
pub fn pins(sc: &Scenario, eligible: impl Fn(CadreIdx, PosIdx) -> bool) -> Vec<TimePin> {
    (0..sc.positions.len()).filter_map(|p| pin_for(sc, p, &eligible)).collect()
}

/// The plain-language reason for a rule-3.6 pin.
pub fn describe(sc: &Scenario, pin: &TimePin) -> String {
    format!(
        "{} has held {} only since {} ({} before {}, less than the minimum of {}) and keeps the post",
        sc.cadre_label(pin.cadre),
        sc.position_label(pin.position),
        sc.date_label(pin.since),
        sc.duration_label(pin.since.months_until(sc.reference_of(pin.position))),
        sc.date_label(sc.reference_of(pin.position)),
        sc.rules.min_months_in_post / 12
    )
}
