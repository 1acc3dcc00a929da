//! The objective of contract section 4, term by term, so that every plan can be
//! scored by hand.

use serde::Serialize;

use crate::model::{CadreIdx, Level, PosIdx, Scenario};

/// score(c, p) split into its terms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ScoreBreakdown {
    pub rating: f64,
    pub planning: f64,
    pub continuity: f64,
    pub rotation_down: f64,
}

impl ScoreBreakdown {
    /// The sum of the terms.
    pub fn total(&self) -> f64 {
        // Adding 0.0 turns a negative zero into zero, for clean output.
        self.rating + self.planning + self.continuity + self.rotation_down + 0.0
    }
}

/// The terms of score(c, p).
pub fn breakdown(sc: &Scenario, c: CadreIdx, p: PosIdx) -> ScoreBreakdown {
    let w = &sc.objective;
    let cad = &sc.cadres[c];
    let pos = &sc.positions[p];
    let continuity = if pos.incumbent == Some(c) { w.continuity_bonus } else { 0.0 };
    let rotation_down = if sc.units[cad.unit].level == Level::Province && sc.units[pos.unit].level == Level::Commune {
        w.rotation_down_bonus
    } else {
        0.0
    };
    ScoreBreakdown {
        rating: w.rating_points.get(cad.rating),
        planning: w.candidate_score_weight * sc.planning_score(c, p).unwrap_or(0.0),
        continuity,
        rotation_down,
    }
}

/// score(c, p) of contract section 4.
pub fn score(sc: &Scenario, c: CadreIdx, p: PosIdx) -> f64 {
    breakdown(sc, c, p).total()
}

/// The penalty for leaving post `p` vacant: the title's, else the objective's.
pub fn vacancy_penalty(sc: &Scenario, p: PosIdx) -> f64 {
    sc.title_of(p).vacancy_penalty.unwrap_or(sc.objective.vacancy_penalty)
}
