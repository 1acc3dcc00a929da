//! Rule 5, term limit: nobody holds the same head post (unit and title) for
//! more than `max_consecutive_terms` consecutive terms. A past term counts as
//! served when the cadre's tenures there cover at least half of its years.

use super::{year_ranges, years_covered, PairRule};
use crate::model::{CadreIdx, PosIdx, Scenario};

/// Rule 5 of the contract.
pub struct TermLimit;

/// The past term `k` (1 = the most recent): `[start, end)`.
pub fn past_term(sc: &Scenario, k: i32) -> std::ops::Range<i32> {
    let start = sc.term_start - k * sc.term_years;
    start..start + sc.term_years
}

impl PairRule for TermLimit {
    fn code(&self) -> &'static str {
        "term_limit"
    }
    fn section(&self) -> &'static str {
        "rule 5"
    }
    fn exclude(&self, sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<String> {
        let title = sc.title_of(p);
        if !title.head {
            return None;
        }
        let unit = sc.positions[p].unit;
        let max = sc.rules.max_consecutive_terms as i32;
        let mut served = Vec::new();
        for k in 1..=max {
            let term = past_term(sc, k);
            let years = years_covered(sc, c, term.clone(), |t| t.unit == unit && t.title == title.key);
            // At least half of the term's years (2 * covered >= term_years avoids fractions).
            if 2 * years.len() as i32 >= sc.term_years {
                served.push(format!("{}–{} ({} years: {})", term.start, term.end, years.len(), year_ranges(&years)));
            } else {
                return None;
            }
        }
        served.reverse(); // oldest term first
        Some(format!(
            "{} served the last {max} consecutive term{} as {} of {}: {}; another term is not allowed",
            sc.cadre_label(c),
            if max == 1 { "" } else { "s" },
            title.key,
            sc.units[unit].name,
            served.join(" and ")
        ))
    }
}
