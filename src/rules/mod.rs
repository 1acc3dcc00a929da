//! The policy rules, one module each, and their registry.
//!
//! A pair rule decides, for one (cadre, post) pair, whether the rule excludes
//! it and says why in plain language. The same function serves the solver's
//! eligibility filter and the independent check of a finished plan. Rules that
//! act on the plan as a whole (pins of 3.6, decisions) expose their own checks.

pub mod age;
pub mod availability;
pub mod decisions;
pub mod hardship;
pub mod min_time_in_post;
pub mod non_local;
pub mod planning;
pub mod qualification;
pub mod rotation;
pub mod rotation_spread;
pub mod succession;
pub mod term_limit;

use crate::model::{CadreIdx, PosIdx, Scenario, YearMonth};

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
    &hardship::Hardship,
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

/// The months a cadre served, as sorted runs that do not touch: overlapping
/// tenures count once (contract section 2).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Served {
    pub runs: Vec<std::ops::Range<YearMonth>>,
}

impl Served {
    /// The number of distinct months.
    pub fn months(&self) -> i32 {
        self.runs.iter().map(|r| r.start.months_until(r.end)).sum()
    }

    /// The runs in the scenario's units: "2012–2015, 2018" in version 1
    /// (whole years), "2012-01–2015-06" in version 2.
    pub fn label(&self, sc: &Scenario) -> String {
        let last = |r: &std::ops::Range<YearMonth>| r.end.plus_months(-1);
        let parts: Vec<String> = self.runs.iter().map(|r| range_label(sc, r.start, last(r))).collect();
        parts.join(", ")
    }
}

/// The months before `reference` (a post's reference date), within
/// `window`, covered by the cadre's tenures that satisfy `keep`.
pub fn months_covered(
    sc: &Scenario,
    c: CadreIdx,
    reference: YearMonth,
    window: std::ops::Range<YearMonth>,
    keep: impl Fn(&crate::model::Tenure) -> bool,
) -> Served {
    let mut spans: Vec<std::ops::Range<YearMonth>> = sc.cadres[c]
        .tenures
        .iter()
        .filter(|t| keep(t))
        .map(|t| t.months_before(reference))
        .map(|r| r.start.max(window.start)..r.end.min(window.end))
        .filter(|r| r.start < r.end)
        .collect();
    spans.sort_by_key(|r| r.start);
    let mut runs: Vec<std::ops::Range<YearMonth>> = Vec::new();
    for r in spans {
        match runs.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => runs.push(r),
        }
    }
    Served { runs }
}

/// ", counting Xã A (merged into Xã B in 2025-07)" when tenures that `keep`
/// accepts lie in historic units; empty otherwise. Explanations say when a
/// record follows a merger.
pub fn merger_note(sc: &Scenario, c: CadreIdx, keep: impl Fn(&crate::model::Tenure) -> bool) -> String {
    let mut units: Vec<usize> =
        sc.cadres[c].tenures.iter().filter(|t| keep(t) && sc.units[t.unit].is_historic()).map(|t| t.unit).collect();
    units.sort();
    units.dedup();
    match units.is_empty() {
        true => String::new(),
        false => {
            let labels: Vec<String> = units.iter().map(|&u| sc.unit_history_label(u)).collect();
            format!(", counting {}", labels.join("; "))
        }
    }
}

/// One run of months, `first` to `last` inclusive.
fn range_label(sc: &Scenario, first: YearMonth, last: YearMonth) -> String {
    let (a, b) = if sc.contract == 1 {
        (first.year.to_string(), last.year.to_string())
    } else {
        (first.to_string(), last.to_string())
    };
    if a == b {
        a
    } else {
        format!("{a}–{b}")
    }
}
