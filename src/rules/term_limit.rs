//! Rule 5, term limit: nobody holds the same head post (unit and title) for
//! more than `max_consecutive_terms` consecutive terms. A past term counts as
//! served when the cadre's tenures there cover at least half of its months.
//! The past terms are counted back from the term start of the post's
//! calendar (January of `term_start` in version 1, so they are whole calendar
//! years); only months before the post's reference date are served.

use super::{merger_note, months_covered, PairRule, Served};
use crate::model::{CadreIdx, PosIdx, Scenario, TermLimitMode, YearMonth};

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
        if !sc.title_of(p).head {
            return None;
        }
        match sc.rules.term_limit {
            TermLimitMode::ConsecutiveTerms => consecutive_terms(sc, c, p),
            TermLimitMode::ContinuousMonths { months, gap } => continuous_months(sc, c, p, months, gap),
        }
    }
}

/// True when holding post `p` through its planned term brings `c` to the
/// term limit at the next term: under `consecutive_terms`, c served each of
/// the `max_consecutive_terms − 1` most recent past terms there; under
/// `continuous_months`, the months held by the reference date plus the
/// planned term reach the limit. Only head titles have a limit.
pub fn reached_at_next_term(sc: &Scenario, c: CadreIdx, p: PosIdx) -> bool {
    if !sc.title_of(p).head {
        return false;
    }
    let cal = sc.calendar_of(p);
    let term_months = 12 * cal.term_years;
    match sc.rules.term_limit {
        TermLimitMode::ConsecutiveTerms => {
            let reference = sc.reference_of(p);
            (1..sc.rules.max_consecutive_terms as i32).all(|k| {
                let term = past_term(sc, p, k);
                2 * months_covered(sc, c, reference, term.clone(), same_post(sc, p)).months()
                    >= term.start.months_until(term.end)
            })
        }
        TermLimitMode::ContinuousMonths { months, gap } => {
            let reference = sc.reference_of(p);
            let served = months_covered(sc, c, reference, YearMonth::january(0)..reference, same_post(sc, p));
            let current = last_run(&served, gap)
                .filter(|run| run.last().is_some_and(|r| r.end.months_until(reference) <= gap))
                .map_or(0, |run| run.iter().map(|r| r.start.months_until(r.end)).sum());
            current + reference.months_until(cal.term_start.plus_months(term_months)) >= months
        }
    }
}

/// `consecutive_terms`: c served each of the `max_consecutive_terms` most
/// recent past terms of the post's calendar (at least half of each).
fn consecutive_terms(sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<String> {
    let title = sc.title_of(p);
    let unit = sc.positions[p].unit;
    let max = sc.rules.max_consecutive_terms as i32;
    let mut served = Vec::new();
    for k in 1..=max {
        let term = past_term(sc, p, k);
        let reference = sc.reference_of(p);
        let months = months_covered(sc, c, reference, term.clone(), same_post(sc, p));
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
        "{} served the last {max} consecutive term{} as {} of {}: {}{}; another term is not allowed",
        sc.cadre_label(c),
        if max == 1 { "" } else { "s" },
        title.display(),
        sc.units[unit].name,
        served.join(" and "),
        merger_note(sc, c, same_post(sc, p))
    ))
}

/// `continuous_months`: c has held the post's title in its unit for at least
/// `months` months up to its reference date, where a break of at most `gap`
/// months does not end the run (Regulation 65-QĐ/TW's reading, when chosen).
fn continuous_months(sc: &Scenario, c: CadreIdx, p: PosIdx, months: i32, gap: i32) -> Option<String> {
    let title = sc.title_of(p);
    let unit = sc.positions[p].unit;
    let reference = sc.reference_of(p);
    let since_ever = YearMonth::january(0)..reference;
    let served = months_covered(sc, c, reference, since_ever, same_post(sc, p));
    let run = last_run(&served, gap)?;
    let held: i32 = run.iter().map(|r| r.start.months_until(r.end)).sum();
    let current = run.last().is_some_and(|r| r.end.months_until(reference) <= gap);
    (current && held >= months).then(|| {
        format!(
            "{} has held {} of {} continuously for {} by {reference} ({}; breaks of at most {} do not count){}, at least the {} allowed",
            sc.cadre_label(c),
            title.display(),
            sc.units[unit].name,
            sc.duration_label(held),
            Served { runs: run.to_vec() }.label(sc),
            sc.duration_label(gap),
            merger_note(sc, c, same_post(sc, p)),
            sc.duration_label(months)
        )
    })
}

/// Tenures that count as the post `p` (its unit, or one that went into it,
/// per `term_limit_through_merger`) with its title.
fn same_post<'a>(sc: &'a Scenario, p: PosIdx) -> impl Fn(&crate::model::Tenure) -> bool + 'a {
    let (unit, title) = (sc.positions[p].unit, &sc.title_of(p).key);
    move |t| sc.same_post_unit(t.unit, unit) && &t.title == title
}

/// The last group of served runs that follow each other with breaks of at most `gap` months.
fn last_run(served: &Served, gap: i32) -> Option<&[std::ops::Range<YearMonth>]> {
    let runs = &served.runs;
    let mut first = runs.len().checked_sub(1)?;
    while first > 0 && runs[first - 1].end.months_until(runs[first].start) <= gap {
        first -= 1;
    }
    Some(&runs[first..])
}
