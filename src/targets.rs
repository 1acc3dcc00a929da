//! Targets (contract section 3, "Targets"): groups, scopes and how a plan
//! measures up against each bound.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{CadreIdx, GroupRule, Level, PosIdx, Scenario, Target, TargetOn, UnitIdx};
use crate::rules::non_local::local_reason;

/// True when cadre `c`, holding post `p`, belongs to group `g`
/// (`local` is judged against the post's own unit).
pub fn is_member(sc: &Scenario, g: usize, c: CadreIdx, p: PosIdx) -> bool {
    match &sc.groups[g].rule {
        GroupRule::Local => local_reason(sc, c, p).is_some(),
        GroupRule::FromProvince => sc.units[sc.cadres[c].unit].level == Level::Province,
        GroupRule::Filter(f) => {
            let cad = &sc.cadres[c];
            let age = sc.age_for(c, p);
            f.gender.is_none_or(|g| g == cad.gender)
                && f.min_age.is_none_or(|a| age >= a)
                && f.max_age.is_none_or(|a| age <= a)
                && (f.ethnicity.is_empty() || f.ethnicity.contains(&cad.ethnicity))
                && !f.ethnicity_not.contains(&cad.ethnicity)
        }
    }
}

/// One scope of a target: the whole target, or one unit of a `per_unit` target.
#[derive(Debug, Clone)]
pub struct Scope {
    pub unit: Option<UnitIdx>,
    pub positions: Vec<PosIdx>,
}

/// True when post `p` falls within the target's titles and level.
pub fn in_target(sc: &Scenario, t: &Target, p: PosIdx) -> bool {
    let pos = &sc.positions[p];
    (t.titles.is_empty() || t.titles.contains(&pos.title)) && t.level.is_none_or(|l| sc.units[pos.unit].level == l)
}

/// The scopes of a target, sorted by unit.
pub fn scopes(sc: &Scenario, t: &Target) -> Vec<Scope> {
    let posts: Vec<PosIdx> = (0..sc.positions.len()).filter(|&p| in_target(sc, t, p)).collect();
    if !t.per_unit {
        return vec![Scope { unit: None, positions: posts }];
    }
    let mut by_unit: BTreeMap<UnitIdx, Vec<PosIdx>> = BTreeMap::new();
    for p in posts {
        by_unit.entry(sc.positions[p].unit).or_default().push(p);
    }
    by_unit.into_iter().map(|(u, positions)| Scope { unit: Some(u), positions }).collect()
}

/// The bound in one scope: the target's, or for `min_share_from` the unit's own share.
pub fn bound_in(sc: &Scenario, t: &Target, unit: Option<UnitIdx>) -> crate::model::Bound {
    match (&t.share_from, unit) {
        (Some(col), Some(u)) => t.bound.with_value(sc.units[u].values.get(col).copied().unwrap_or(0.0)),
        _ => t.bound,
    }
}

/// The number of units that must meet the bound under `min_unit_share`
/// (rounded up: "at least 75 %" of 5 units is 4).
pub fn units_required(share: f64, units: usize) -> f64 {
    (share * units as f64 - 1e-9).ceil().max(0.0)
}

/// How one scope fares under a plan.
#[derive(Debug, Clone, Serialize)]
pub struct ScopeResult {
    /// Unit id for a `per_unit` scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub filled: f64,
    pub achieved: f64,
    pub required: f64,
    pub shortfall: f64,
}

/// How a target fares under a plan (contract section 5, plan.json `targets`).
#[derive(Debug, Clone, Serialize)]
pub struct TargetResult {
    pub name: String,
    pub key: String,
    pub group: String,
    pub bound: &'static str,
    pub value: f64,
    pub hard: bool,
    pub per_unit: bool,
    pub penalty: f64,
    /// Posts filled in scope (summed over units).
    pub filled: f64,
    /// Required members (summed over units).
    pub required: f64,
    /// Members holding posts in scope (summed over units).
    pub achieved: f64,
    /// Amount by which the bound is missed (summed over units).
    pub shortfall: f64,
    pub met: bool,
    /// Units that miss the bound: a list (empty when every unit meets it)
    /// for a `per_unit` target, absent otherwise (contract section 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units_missed: Option<Vec<String>>,
    /// Penalty charged to the objective (soft targets).
    pub penalty_charged: f64,
    /// `min_unit_share` targets only: the share of units that must meet the
    /// bound; `required`, `achieved` and `shortfall` then count units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_share: Option<f64>,
    /// `min_unit_share` targets only: the units in scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units_in_scope: Option<usize>,
    /// `"succession"` for a target on the succession pools (section 10.14);
    /// absent for one on the holders. `filled` then counts named successors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<&'static str>,
}

/// The figures of a target's result: filled, required, achieved, shortfall.
struct Figures {
    filled: f64,
    required: f64,
    achieved: f64,
    shortfall: f64,
}

fn result(sc: &Scenario, t: &Target, f: Figures, units_missed: Option<Vec<String>>) -> TargetResult {
    TargetResult {
        name: t.name.clone(),
        key: t.key.clone(),
        group: sc.groups[t.group].name.clone(),
        bound: t.bound.key(),
        value: t.bound.value(),
        hard: t.hard,
        per_unit: t.per_unit,
        penalty: t.penalty,
        filled: f.filled,
        required: f.required,
        achieved: f.achieved,
        shortfall: f.shortfall,
        met: f.shortfall == 0.0,
        units_missed,
        penalty_charged: if t.hard { 0.0 } else { t.penalty * f.shortfall },
        unit_share: None,
        units_in_scope: None,
        on: (t.on == TargetOn::Succession).then_some("succession"),
    }
}

/// A `min_unit_share` target: required, achieved and shortfall count units
/// that meet the per-unit bound.
fn over_units(sc: &Scenario, t: &Target, share: f64, per_scope: &[ScopeResult]) -> TargetResult {
    let required = units_required(share, per_scope.len());
    let meeting = per_scope.iter().filter(|s| s.shortfall <= 1e-9).count() as f64;
    let filled = per_scope.iter().map(|s| s.filled).sum();
    let figures = Figures { filled, required, achieved: meeting, shortfall: (required - meeting).max(0.0) };
    let missed = per_scope.iter().filter(|s| s.shortfall > 1e-9).filter_map(|s| s.unit.clone()).collect();
    TargetResult {
        unit_share: Some(share),
        units_in_scope: Some(per_scope.len()),
        ..result(sc, t, figures, Some(missed))
    }
}

/// Measures a target against an assignment (post -> cadre).
/// A target `on = "succession"` counts the successors named for each post
/// of its scope instead of its holder (section 10.14).
pub fn evaluate(
    sc: &Scenario,
    t: &Target,
    assignment: &[Option<CadreIdx>],
    successors: &[Vec<CadreIdx>],
) -> (TargetResult, Vec<ScopeResult>) {
    let counted = |p: PosIdx| -> Vec<CadreIdx> {
        match t.on {
            TargetOn::Holders => assignment[p].into_iter().collect(),
            TargetOn::Succession => successors.get(p).cloned().unwrap_or_default(),
        }
    };
    let mut per_scope = Vec::new();
    for s in scopes(sc, t) {
        let mut filled = 0.0;
        let mut achieved = 0.0;
        for &p in &s.positions {
            for c in counted(p) {
                filled += 1.0;
                if is_member(sc, t.group, c, p) {
                    achieved += 1.0;
                }
            }
        }
        let bound = bound_in(sc, t, s.unit);
        per_scope.push(ScopeResult {
            unit: s.unit.map(|u| sc.units[u].id.clone()),
            filled,
            achieved,
            required: bound.required(filled),
            shortfall: bound.shortfall(achieved, filled),
        });
    }
    if let Some(share) = t.unit_share {
        return (over_units(sc, t, share, &per_scope), per_scope);
    }
    let sum = |f: fn(&ScopeResult) -> f64| per_scope.iter().map(f).sum::<f64>();
    let shortfall = sum(|s| s.shortfall);
    let units_missed =
        t.per_unit.then(|| per_scope.iter().filter(|s| s.shortfall > 0.0).filter_map(|s| s.unit.clone()).collect());
    let figures =
        Figures { filled: sum(|s| s.filled), required: sum(|s| s.required), achieved: sum(|s| s.achieved), shortfall };
    let result = result(sc, t, figures, units_missed);
    (result, per_scope)
}
