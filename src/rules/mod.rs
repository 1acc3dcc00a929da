//! The policy rules, one module each, and their registry.
//!
//! A pair rule decides, for one (cadre, post) pair, whether the rule excludes
//! it and says why in plain language. The same function serves the solver's
//! eligibility filter and the independent check of a finished plan. Rules that
//! act on the plan as a whole (pins of 3.6, decisions) expose their own checks.

pub mod age;
pub mod availability;
pub mod decisions;
pub mod min_time_in_post;
pub mod non_local;
pub mod planning;
pub mod qualification;
pub mod term_limit;

use crate::model::{CadreIdx, PosIdx, Scenario};

/// A rule that can make a (cadre, post) pair ineligible.
pub trait PairRule: Sync {
    /// Stable code, used in reports and JSON (e.g. `term_limit`).
    fn code(&self) -> &'static str;
    /// Section of the contract that defines the rule (e.g. `3.5`).
    fn section(&self) -> &'static str;
    /// `Some(fact)` when the rule excludes the pair: the fact behind it, as a sentence.
    fn exclude(&self, sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<String>;
}

/// Every pair rule, in contract order. Adding a rule: its module and one line here.
pub static PAIR_RULES: &[&dyn PairRule] = &[
    &availability::Availability,
    &qualification::Qualification,
    &planning::Planning,
    &non_local::NonLocal,
    &term_limit::TermLimit,
    &age::Age,
    &decisions::Decisions,
];

/// Why a pair is excluded: the rule and the fact.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Exclusion {
    pub rule: &'static str,
    pub section: &'static str,
    pub fact: String,
}

/// Every rule that excludes the pair (empty = eligible).
pub fn exclusions(sc: &Scenario, c: CadreIdx, p: PosIdx) -> Vec<Exclusion> {
    PAIR_RULES
        .iter()
        .filter_map(|r| r.exclude(sc, c, p).map(|fact| Exclusion { rule: r.code(), section: r.section(), fact }))
        .collect()
}

/// True when no rule excludes the pair.
pub fn is_eligible(sc: &Scenario, c: CadreIdx, p: PosIdx) -> bool {
    PAIR_RULES.iter().all(|r| r.exclude(sc, c, p).is_none())
}

/// Distinct years before `term_start` covered by the cadre's tenures that
/// satisfy `keep`, within `window` (contract section 2: overlapping tenures count once).
pub fn years_covered(
    sc: &Scenario,
    c: CadreIdx,
    window: std::ops::Range<i32>,
    keep: impl Fn(&crate::model::Tenure) -> bool,
) -> std::collections::BTreeSet<i32> {
    let mut years = std::collections::BTreeSet::new();
    for t in sc.cadres[c].tenures.iter().filter(|t| keep(t)) {
        for y in t.years_before(sc.term_start) {
            if window.contains(&y) {
                years.insert(y);
            }
        }
    }
    years
}

/// Writes a set of years as ranges: "2012–2015, 2018".
pub fn year_ranges(years: &std::collections::BTreeSet<i32>) -> String {
    let mut parts = Vec::new();
    let mut it = years.iter().copied().peekable();
    while let Some(start) = it.next() {
        let mut end = start;
        while it.peek() == Some(&(end + 1)) {
            end = it.next().unwrap_or(end);
        }
        parts.push(if end == start { format!("{start}") } else { format!("{start}–{end}") });
    }
    parts.join(", ")
}
