//! The objective of contract section 4, term by term, so that every plan can be
//! scored by hand.

use serde::Serialize;

use crate::model::{CadreIdx, PosIdx, Priority, Scenario};

/// score(c, p) split into its terms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ScoreBreakdown {
    pub rating: f64,
    pub planning: f64,
    pub continuity: f64,
    pub rotation_down: f64,
    /// Version 2 (section 10.15): the cadre's wish about the post, as points
    /// (a preferred post) or a cost (an avoided one); absent when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub preference: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl ScoreBreakdown {
    /// The sum of the terms.
    pub fn total(&self) -> f64 {
        // Adding 0.0 turns a negative zero into zero, for clean output.
        self.rating + self.planning + self.continuity + self.rotation_down + self.preference + 0.0
    }
}

/// The terms of score(c, p).
pub fn breakdown(sc: &Scenario, c: CadreIdx, p: PosIdx) -> ScoreBreakdown {
    let w = &sc.objective;
    let cad = &sc.cadres[c];
    let pos = &sc.positions[p];
    let continuity = if pos.incumbent == Some(c) { w.continuity_bonus } else { 0.0 };
    // With `rotation_bonus_requires_rules`, only a move marked `rotation` earns it:
    // eligibility has then applied the rotation's planning and remaining service.
    let bonus = sc.moves_down(c, p) && (!w.rotation_bonus_requires_rules || sc.is_rotation(c, p));
    let rotation_down = if bonus { w.rotation_down_bonus } else { 0.0 };
    ScoreBreakdown {
        rating: w.rating_points.get(cad.rating),
        planning: w.candidate_score_weight * sc.planning_score(c, p).unwrap_or(0.0),
        continuity,
        rotation_down,
        preference: preference(sc, c, p),
    }
}

/// The committee's own score of c for p: score(c, p) without the cadre's wish term.
pub fn committee_score(sc: &Scenario, c: CadreIdx, p: PosIdx) -> f64 {
    score(sc, c, p) - preference(sc, c, p) + 0.0
}

/// The wish term of score(c, p) (section 10.15): `preference_points` less
/// `preference_rank_step` per rank below 1 (never below 0) for the cadre's
/// best rank covering the post, less `avoid_penalty` when an avoid row covers it.
pub fn preference(sc: &Scenario, c: CadreIdx, p: PosIdx) -> f64 {
    let w = &sc.objective;
    let points = sc
        .preferred_rank(c, p)
        .map_or(0.0, |r| (w.preference_points - w.preference_rank_step * f64::from(r - 1)).max(0.0));
    let cost = if sc.avoided(c, p).is_some() { w.avoid_penalty } else { 0.0 };
    points - cost + 0.0
}

/// score(c, p) of contract section 4.
pub fn score(sc: &Scenario, c: CadreIdx, p: PosIdx) -> f64 {
    breakdown(sc, c, p).total()
}

/// The penalty for leaving post `p` vacant: the title's, else the objective's,
/// plus `disadvantaged_vacancy_penalty` in a disadvantaged unit (version 2).
pub fn vacancy_penalty(sc: &Scenario, p: PosIdx) -> f64 {
    let base = sc.title_of(p).vacancy_penalty.unwrap_or(sc.objective.vacancy_penalty);
    base + disadvantaged_extra(sc, p)
}

/// The extra penalty for leaving a post of a disadvantaged unit vacant (0 elsewhere).
pub fn disadvantaged_extra(sc: &Scenario, p: PosIdx) -> f64 {
    if sc.unit_of(p).disadvantaged {
        sc.objective.disadvantaged_vacancy_penalty
    } else {
        0.0
    }
}

/// "Xã Quế Phong is disadvantaged: ..." when post `p` carries the extra vacancy penalty.
pub fn disadvantaged_note(sc: &Scenario, p: PosIdx) -> Option<String> {
    let extra = disadvantaged_extra(sc, p);
    (extra != 0.0).then(|| {
        format!(
            "{} is a disadvantaged unit: leaving this post vacant costs {} more (vacancy penalty {})",
            sc.unit_of(p).name,
            crate::model::fmt_num(extra),
            crate::model::fmt_num(vacancy_penalty(sc, p))
        )
    })
}

/// What a post kept for a rotated cadre's return adds to a level: it counts
/// as filled (`fill`, `disadvantaged`) and avoids its vacancy penalty (`weighted`).
pub fn reserved_value(sc: &Scenario, level: Priority, o: PosIdx) -> f64 {
    match level {
        Priority::Fill => 1.0,
        Priority::Disadvantaged => f64::from(u8::from(sc.unit_of(o).disadvantaged)),
        Priority::Weighted => vacancy_penalty(sc, o),
        Priority::Targets | Priority::Fit | Priority::Disruption | Priority::Succession => 0.0,
    }
}

/// What one assigned pair (c, p) adds to a level of a lexicographic objective
/// (contract section 10.12); the `targets` level gets nothing from pairs.
/// `weighted` is score(c, p) plus the post's vacancy penalty (the penalty
/// the pair avoids), so a plan's level value is the sum over its pairs less
/// every post's vacancy penalty, as in section 4.
pub fn level_value(sc: &Scenario, level: Priority, c: CadreIdx, p: PosIdx) -> f64 {
    match level {
        Priority::Fill => 1.0,
        Priority::Disadvantaged => f64::from(u8::from(sc.unit_of(p).disadvantaged)),
        Priority::Targets | Priority::Succession => 0.0,
        Priority::Fit => fit(sc, c, p),
        Priority::Disruption => f64::from(u8::from(sc.positions[p].incumbent == Some(c))) - 1.0,
        Priority::Weighted => score(sc, c, p) + vacancy_penalty(sc, p),
    }
}

/// The committee's fit of c for p: rating points plus the weighted planning score.
pub fn fit(sc: &Scenario, c: CadreIdx, p: PosIdx) -> f64 {
    let b = breakdown(sc, c, p);
    b.rating + b.planning + 0.0
}

/// What naming c a successor of post p adds to the weighted objective
/// (section 10.14): `successor_points` plus c's fit for p, so that the
/// optimum names the successors who fit best.
pub fn successor_value(sc: &Scenario, c: CadreIdx, p: PosIdx) -> f64 {
    sc.objective.successor_points + fit(sc, c, p)
}

/// What one named successor adds to a level: 1 for `succession`, its
/// [`successor_value`] for `weighted`, nothing for the levels of holders.
pub fn successor_level_value(sc: &Scenario, level: Priority, c: CadreIdx, p: PosIdx) -> f64 {
    match level {
        Priority::Succession => 1.0,
        Priority::Weighted => successor_value(sc, c, p),
        _ => 0.0,
    }
}
