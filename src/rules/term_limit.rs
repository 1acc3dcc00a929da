//! Rule 5, term limit: nobody holds the same head post (unit and title) for
//! more than `max_consecutive_terms` consecutive terms. A past term counts as
//! served when the cadre's tenures there cover at least half of its months.
//! The past terms are counted back from the term start of the post's
//! calendar (January of `term_start` in version 1, so they are whole calendar
//! years); only months before the post's reference date are served.

use super::{months_covered, PairRule};
use crate::model::{CadreIdx, PosIdx, Scenario, YearMonth};

/// Rule 5 of the contract.
pub struct TermLimit;

/// The past term `k` (1 = the most recent) of post `p`'s calendar: `[start, end)`.
pub fn past_term(sc: &Scenario, p: PosIdx, k: i32) -> std::ops::Range<YearMonth> {
    let cal = sc.calendar_of(p);
    let months = 12 * cal.term_years;
    let start = cal.term_start.plus_months(-k * months);
    start..start.plus_months(months)
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
            let term = past_term(sc, p, k);
            let reference = sc.reference_of(p);
            let months = months_covered(sc, c, reference, term.clone(), |t| t.unit == unit && t.title == title.key);
            // At least half of the term's months (2 * covered >= term months avoids fractions).
            if 2 * months.months() >= term.start.months_until(term.end) {
                served.push(format!(
                    "{}–{} ({}: {})",
                    sc.date_label(term.start),
                    sc.date_label(term.end),
                    sc.duration_label(months.months()),
                    months.label(sc)
                ));
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
