//! A plan, its evaluation (objective, counts, targets) and its files
//! (contract section 5).

use serde::Serialize;

use crate::model::{CadreIdx, PosIdx, Priority, Scenario};
use crate::objective;
use crate::rules::{rotation, succession};
use crate::targets::{self, TargetResult};

/// An assignment of cadres to posts: `assignment[p]` holds post `p`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub assignment: Vec<Option<CadreIdx>>,
    /// `successors[p]`: the successors named for post p, in rank order
    /// (version 2, section 10.14; empty for a post without a pool).
    pub successors: Vec<Vec<CadreIdx>>,
}

/// What happens to a post under a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// The incumbent stays.
    Kept,
    /// The holder was incumbent of another post.
    Moved,
    /// The holder held no post in the scenario.
    New,
    /// Nobody holds the post.
    Vacant,
    /// Kept for its incumbent's return from a rotation (version 2, section 10.13).
    Reserved,
}

impl Change {
    /// Contract spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Kept => "kept",
            Change::Moved => "moved",
            Change::New => "new",
            Change::Vacant => "vacant",
            Change::Reserved => "reserved",
        }
    }
}

/// Counts of changes over all posts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Counts {
    pub kept: usize,
    pub moved: usize,
    pub new: usize,
    pub vacant: usize,
    /// Posts kept for a rotated cadre's return (version 2; absent when none).
    #[serde(skip_serializing_if = "is_zero", default)]
    pub reserved: usize,
    pub filled: usize,
    pub posts: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A plan scored by contract section 4.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub objective: f64,
    /// Sum of score(c, p) over assigned pairs.
    pub score_total: f64,
    /// Sum of vacancy penalties.
    pub vacancy_total: f64,
    /// Sum of soft-target penalties.
    pub target_penalty_total: f64,
    pub counts: Counts,
    pub targets: Vec<TargetResult>,
    /// Each level of `[objective] levels` (version 2), in order; empty without levels.
    pub levels: Vec<LevelValue>,
    /// The succession pools (version 2, section 10.14), when a title names successors.
    pub succession: Option<SuccessionCounts>,
}

/// How a plan fills the succession pools.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SuccessionCounts {
    /// Posts whose title names successors.
    pub posts: usize,
    /// Posts with as many successors as their title asks.
    pub full: usize,
    /// Successors named, over all posts.
    pub named: usize,
    /// What the named successors add to the objective.
    pub points: f64,
}

impl SuccessionCounts {
    fn of(sc: &Scenario, plan: &Plan) -> Option<SuccessionCounts> {
        if !succession::in_use(sc) {
            return None;
        }
        let mut n = SuccessionCounts::default();
        for (p, named) in plan.successors.iter().enumerate() {
            let k = sc.title_of(p).succession as usize;
            n.posts += usize::from(k > 0);
            n.full += usize::from(k > 0 && named.len() >= k);
            n.named += named.len();
            n.points += named.iter().map(|&c| objective::successor_value(sc, c, p)).sum::<f64>();
        }
        Some(n)
    }
}

/// A plan's value at one level of a lexicographic objective (section 10.12).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelValue {
    pub level: &'static str,
    pub value: f64,
}

/// The value of every level of `[objective] levels` for a plan.
fn level_values(sc: &Scenario, plan: &Plan, objective: f64, target_penalty: f64) -> Vec<LevelValue> {
    let pairs = || plan.assignment.iter().enumerate().filter_map(|(p, a)| a.map(|c| (c, p)));
    let named = || plan.successors.iter().enumerate().flat_map(|(p, s)| s.iter().map(move |&c| (c, p)));
    let reserved: Vec<PosIdx> =
        (0..sc.positions.len()).filter(|&o| rotation::reserved_for(sc, &plan.assignment, o).is_some()).collect();
    let value = |level: Priority| match level {
        Priority::Targets => -target_penalty + 0.0,
        Priority::Weighted => objective,
        _ => {
            let held: f64 = pairs().map(|(c, p)| objective::level_value(sc, level, c, p)).sum();
            let pools: f64 = named().map(|(c, p)| objective::successor_level_value(sc, level, c, p)).sum();
            held + pools + reserved.iter().map(|&o| objective::reserved_value(sc, level, o)).sum::<f64>() + 0.0
        }
    };
    sc.objective.levels.iter().map(|&l| LevelValue { level: l.as_str(), value: value(l) }).collect()
}

/// Puts the successors named for p in rank order: the best fit first (the
/// successor's value to the objective), then by cadre id.
pub fn rank_successors(sc: &Scenario, p: PosIdx, named: &mut [CadreIdx]) {
    let key = |c: &CadreIdx| (-objective::successor_value(sc, *c, p), sc.cadres[*c].id.clone());
    named.sort_by(|a, b| key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal));
}

impl Plan {
    /// An empty plan (every post vacant).
    pub fn vacant(sc: &Scenario) -> Plan {
        Plan { assignment: vec![None; sc.positions.len()], successors: vec![Vec::new(); sc.positions.len()] }
    }

    /// The posts each cadre holds, in positions.csv order.
    pub fn posts_by_cadre(&self, sc: &Scenario) -> Vec<Vec<PosIdx>> {
        let mut held = vec![Vec::new(); sc.cadres.len()];
        for p in sc.positions_in_file_order() {
            if let Some(c) = self.assignment[p] {
                held[c].push(p);
            }
        }
        held
    }

    /// The change at post `p`.
    pub fn change(&self, sc: &Scenario, p: PosIdx) -> Change {
        match self.assignment[p] {
            None if rotation::reserved_for(sc, &self.assignment, p).is_some() => Change::Reserved,
            None => Change::Vacant,
            Some(c) if sc.positions[p].incumbent == Some(c) => Change::Kept,
            Some(c) if !sc.cadres[c].incumbent_of.is_empty() => Change::Moved,
            Some(_) => Change::New,
        }
    }

    /// Scores the plan (it need not be valid: drafts are scored too).
    pub fn evaluate(&self, sc: &Scenario) -> Evaluation {
        let mut counts = Counts { posts: sc.positions.len(), ..Counts::default() };
        let mut score_total = 0.0;
        let mut vacancy_total = 0.0;
        for p in 0..sc.positions.len() {
            match self.change(sc, p) {
                Change::Kept => counts.kept += 1,
                Change::Moved => counts.moved += 1,
                Change::New => counts.new += 1,
                Change::Vacant => {
                    counts.vacant += 1;
                    vacancy_total += objective::vacancy_penalty(sc, p);
                }
                Change::Reserved => counts.reserved += 1,
            }
            if let Some(c) = self.assignment[p] {
                score_total += objective::score(sc, c, p);
            }
        }
        counts.filled = counts.posts - counts.vacant - counts.reserved;
        let targets: Vec<TargetResult> =
            sc.targets.iter().map(|t| targets::evaluate(sc, t, &self.assignment, &self.successors).0).collect();
        let target_penalty_total: f64 = targets.iter().map(|t| t.penalty_charged).sum();
        let succession = SuccessionCounts::of(sc, self);
        let pools = succession.map_or(0.0, |s| s.points);
        let objective = score_total + pools - vacancy_total - target_penalty_total + 0.0;
        Evaluation {
            succession,
            levels: level_values(sc, self, objective, target_penalty_total),
            objective,
            score_total,
            vacancy_total,
            target_penalty_total,
            counts,
            targets,
        }
    }
}

pub use crate::model::fmt_num;

/// plan.csv: one row per post in positions.csv order. Version 2 adds
/// `concurrent_with`: the other posts the same cadre holds (`;`-separated).
pub fn plan_csv(sc: &Scenario, plan: &Plan) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["position_id", "unit_id", "title", "cadre_id", "cadre_name", "change", "score"];
    if sc.contract >= 2 {
        header.push("concurrent_with");
    }
    let pools = succession::in_use(sc);
    if pools {
        header.push("successors");
    }
    w.write_record(&header)?;
    let held = plan.posts_by_cadre(sc);
    for p in sc.positions_in_file_order() {
        let pos = &sc.positions[p];
        let (cid, cname, score) = match (plan.assignment[p], rotation::reserved_for(sc, &plan.assignment, p)) {
            (Some(c), _) => (sc.cadres[c].id.as_str(), sc.cadres[c].name.as_str(), fmt_num(objective::score(sc, c, p))),
            // A kept post names the cadre it waits for (section 10.13).
            (None, Some((c, _))) => (sc.cadres[c].id.as_str(), sc.cadres[c].name.as_str(), String::new()),
            (None, None) => ("", "", String::new()),
        };
        let mut row = vec![
            pos.id.clone(),
            sc.units[pos.unit].id.clone(),
            sc.titles[pos.title].key.clone(),
            cid.to_string(),
            cname.to_string(),
            plan.change(sc, p).as_str().to_string(),
            score,
        ];
        if sc.contract >= 2 {
            let others = plan.assignment[p]
                .map(|c| held[c].iter().filter(|&&q| q != p).map(|&q| sc.positions[q].id.as_str()).collect::<Vec<_>>());
            row.push(others.unwrap_or_default().join(";"));
        }
        if pools {
            let ids: Vec<&str> = plan.successors[p].iter().map(|&c| sc.cadres[c].id.as_str()).collect();
            row.push(ids.join(";"));
        }
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The relative gap between a plan's objective and the proven bound:
/// `|bound − objective| / max(1, |objective|)` (contract section 5). The
/// floor of 1 keeps the gap meaningful when the objective is near zero.
pub fn gap(objective: f64, bound: Option<f64>) -> Option<f64> {
    bound.map(|b| (b - objective).abs() / objective.abs().max(1.0))
}

/// The targets table of plan.xlsx: one row per target.
pub fn targets_csv(targets: &[TargetResult]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(TARGET_COLUMNS)?;
    for t in targets {
        w.write_record([
            t.name.clone(),
            t.key.clone(),
            t.group.clone(),
            t.bound.to_string(),
            fmt_num(t.value),
            t.hard.to_string(),
            t.per_unit.to_string(),
            fmt_num(t.filled),
            fmt_num(t.required),
            fmt_num(t.achieved),
            fmt_num(t.shortfall),
            t.met.to_string(),
            t.units_missed.as_deref().unwrap_or_default().join(" "),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

const TARGET_COLUMNS: [&str; 13] = [
    "name",
    "key",
    "group",
    "bound",
    "value",
    "hard",
    "per_unit",
    "filled",
    "required",
    "achieved",
    "shortfall",
    "met",
    "units_missed",
];

/// Solver status of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Optimal,
    Feasible,
}

impl Status {
    /// Contract spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
        }
    }
}

/// plan.json (contract section 5, plus version, input hash and scores).
#[derive(Debug, Clone, Serialize)]
pub struct PlanJson<'a> {
    pub scenario: &'a str,
    pub status: Status,
    pub objective: f64,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub solver: &'a str,
    /// Which paths proved the plan's parts, joined by `+` in the order
    /// `assignment`, `lagrangian`, `mip` (contract section 5).
    pub proof: String,
    pub solve_seconds: f64,
    pub targets: &'a [TargetResult],
    pub counts: Counts,
    pub score_total: f64,
    pub vacancy_total: f64,
    pub target_penalty_total: f64,
    /// Version 2: each level's value when `[objective] levels` is set (absent otherwise).
    #[serde(skip_serializing_if = "<[LevelValue]>::is_empty")]
    pub levels: &'a [LevelValue],
    /// Version 2: the succession pools when a title names successors (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub succession: Option<SuccessionCounts>,
    /// Version 2: the cadres' wishes as counts, when preferences.csv exists (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferences: Option<crate::preferences::WishCounts>,
    pub input_hash: &'a str,
    /// `--set` overrides applied to scenario.toml.
    pub overrides: &'a [String],
    pub rotaplan_version: &'static str,
}

/// succession.csv (version 2, section 10.14): one row per named successor,
/// by post in positions.csv order and rank: the post, the successor, the
/// rank, the month the successor is ready and what they still lack today.
pub fn succession_csv(sc: &Scenario, plan: &Plan) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["position_id", "cadre_id", "cadre_name", "rank", "ready", "lacks"])?;
    for p in sc.positions_in_file_order() {
        for (i, &c) in plan.successors[p].iter().enumerate() {
            let lacks: Vec<String> = succession::pending(sc, c, p).iter().map(|x| x.describe()).collect();
            w.write_record([
                sc.positions[p].id.as_str(),
                sc.cadres[c].id.as_str(),
                sc.cadres[c].name.as_str(),
                &(i + 1).to_string(),
                &succession::ready(sc, c, p).to_string(),
                &lacks.join("; "),
            ])?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
