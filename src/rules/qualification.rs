//! Rule 2, qualification: a cadre's education and political theory must reach
//! the minimums set for the post's title. In version 2 a training of
//! training.csv counts from its completion month on (section 10.14), so a
//! successor may be ready at the next term with a qualification pending now.

use super::PairRule;
use crate::model::{CadreIdx, Education, PosIdx, Requirement, Scenario, Theory, YearMonth};

/// Rule 2 of the contract.
pub struct Qualification;

impl PairRule for Qualification {
    fn code(&self) -> &'static str {
        "qualification"
    }
    fn section(&self) -> &'static str {
        "rule 2"
    }
    fn exclude(&self, sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<String> {
        let at = sc.reference_of(p);
        let gaps: Vec<String> =
            gaps(sc, c, p, at).iter().map(|g| g.describe() + &late_training(sc, c, g, at)).collect();
        (!gaps.is_empty())
            .then(|| format!("{}: {} for {}", sc.cadre_label(c), gaps.join(" and "), sc.title_of(p).display()))
    }
}

/// A qualification below the title's minimum at some month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// What the cadre has at that month.
    pub has: Requirement,
    /// What the title asks.
    pub needs: Requirement,
}

impl Gap {
    /// "political theory intermediate is below the required advanced".
    pub fn describe(&self) -> String {
        format!("{} {} is below the required {}", self.needs.kind(), self.has.level(), self.needs.level())
    }
}

impl Requirement {
    /// `education` or `political theory`.
    pub fn kind(&self) -> &'static str {
        match self {
            Requirement::Education(_) => "education",
            Requirement::Theory(_) => "political theory",
        }
    }

    /// The level's contract spelling.
    pub fn level(&self) -> &'static str {
        match self {
            Requirement::Education(e) => e.as_str(),
            Requirement::Theory(t) => t.as_str(),
        }
    }

    /// True when `self` reaches `needs` (same kind, at least the level).
    pub fn reaches(&self, needs: &Requirement) -> bool {
        match (self, needs) {
            (Requirement::Education(a), Requirement::Education(b)) => a >= b,
            (Requirement::Theory(a), Requirement::Theory(b)) => a >= b,
            _ => false,
        }
    }
}

/// The cadre's education at month `at`: cadres.csv's, or a higher one whose
/// training completes before `at`.
pub fn education_at(sc: &Scenario, c: CadreIdx, at: YearMonth) -> Education {
    let done = done_before(sc, c, at).filter_map(|r| match r {
        Requirement::Education(e) => Some(e),
        Requirement::Theory(_) => None,
    });
    done.fold(sc.cadres[c].education, |a, b| if b > a { b } else { a })
}

/// The cadre's political theory at month `at` (as [`education_at`]).
pub fn theory_at(sc: &Scenario, c: CadreIdx, at: YearMonth) -> Theory {
    let done = done_before(sc, c, at).filter_map(|r| match r {
        Requirement::Theory(t) => Some(t),
        Requirement::Education(_) => None,
    });
    done.fold(sc.cadres[c].theory, |a, b| if b > a { b } else { a })
}

/// " (its training completes 2030-07, not before 2030-07)" when training.csv
/// closes the gap too late to count at month `at`.
fn late_training(sc: &Scenario, c: CadreIdx, gap: &Gap, at: YearMonth) -> String {
    let late = sc.cadres[c].training.iter().filter(|t| t.completion >= at && t.requirement.reaches(&gap.needs));
    late.map(|t| t.completion)
        .min()
        .map(|m| format!(" (its training completes {m}, not before {at})"))
        .unwrap_or_default()
}

/// The trainings that complete before month `at`.
fn done_before(sc: &Scenario, c: CadreIdx, at: YearMonth) -> impl Iterator<Item = Requirement> + '_ {
    sc.cadres[c].training.iter().filter(move |t| t.completion < at).map(|t| t.requirement)
}

/// Every minimum of post p's title that the cadre does not reach at month `at`.
pub fn gaps(sc: &Scenario, c: CadreIdx, p: PosIdx, at: YearMonth) -> Vec<Gap> {
    let title = sc.title_of(p);
    let mut out = Vec::new();
    if let Some(min) = title.min_education {
        let has = education_at(sc, c, at);
        if has < min {
            out.push(Gap { has: Requirement::Education(has), needs: Requirement::Education(min) });
        }
    }
    if let Some(min) = title.min_theory {
        let has = theory_at(sc, c, at);
        if has < min {
            out.push(Gap { has: Requirement::Theory(has), needs: Requirement::Theory(min) });
        }
    }
    out
}
