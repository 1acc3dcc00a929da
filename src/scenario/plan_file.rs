//! Plans read back from disk: plan.csv (a solver's plan or a hand-made
//! draft) and the plan.json beside it.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::problems::{InputErrors, Problems};
use super::table;
use crate::model::{PosIdx, Scenario};
use crate::plan::Plan;

/// What `check`, `compare` and `report` read from a plan.json beside a plan.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PlanInfo {
    pub status: Option<String>,
    pub bound: Option<f64>,
}

impl PlanInfo {
    /// The plan.json beside `plan`, when there is a readable one (it is optional).
    pub fn beside(plan: &Path) -> Option<PlanInfo> {
        let text = std::fs::read_to_string(plan.with_file_name("plan.json")).ok()?;
        serde_json::from_str(&text).ok()
    }
}

/// Reads a plan in plan.csv format: only `position_id`, `cadre_id` and
/// (for `reserved`) `change` are read; every post needs a row (an empty cadre_id is a vacancy); unknown
/// posts or cadres, repeated posts and missing posts are input errors.
pub fn read_plan(sc: &Scenario, path: &Path) -> Result<Plan, InputErrors> {
    let mut problems = Problems::default();
    let dir = path.parent().unwrap_or(Path::new("."));
    let file = path.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let mut plan = Plan::vacant(sc);
    let mut seen: HashMap<PosIdx, u64> = HashMap::new();
    let mut seen_all = false;
    if let Some(t) = table::read(dir, &file, &["position_id", "cadre_id"], &mut problems) {
        seen_all = true;
        for r in &t.rows {
            let Some(pid) = t.required(r, "position_id", &mut problems) else {
                continue;
            };
            let Some(&p) = sc.position_index.get(pid) else {
                problems.at(
                    &file,
                    r.line,
                    t.loc("position_id"),
                    format!("position `{pid}` is not in the scenario's positions.csv"),
                    "correct the id or remove the row",
                );
                continue;
            };
            if let Some(prev) = seen.insert(p, r.line) {
                problems.at(
                    &file,
                    r.line,
                    t.loc("position_id"),
                    format!("position `{pid}` appears again (first at line {prev})"),
                    "give each post one row",
                );
                continue;
            }
            if sc.contract >= 2 {
                plan.successors[p] = successors(sc, &t, r, &file, &mut problems);
            }
            if let Some(cid) = t.get(r, "cadre_id") {
                match sc.cadre_index.get(cid) {
                    // A kept post (section 10.13) waits for its incumbent; the plan derives it.
                    Some(&c) if t.get(r, "change") == Some("reserved") => {
                        if sc.positions[p].incumbent != Some(c) {
                            problems.at(
                                &file,
                                r.line,
                                t.loc("cadre_id"),
                                format!("post `{pid}` is marked reserved for `{cid}`, who is not its incumbent"),
                                "a post is kept only for its incumbent on rotation; correct the id or the change",
                            );
                        }
                    }
                    Some(&c) => plan.assignment[p] = Some(c),
                    None => problems.at(
                        &file,
                        r.line,
                        t.loc("cadre_id"),
                        format!("cadre `{cid}` is not in the scenario's cadres.csv"),
                        "correct the id, or leave the cell empty for a vacant post",
                    ),
                }
            }
        }
    }
    if seen_all {
        missing_rows(sc, &file, &seen, &mut problems);
    }
    problems.finish()?;
    for (p, named) in plan.successors.iter_mut().enumerate() {
        crate::plan::rank_successors(sc, p, named);
    }
    Ok(plan)
}

/// The `successors` cell (version 2, section 10.14): cadre ids separated by
/// `;`, in any order (the rank is derived); every id must be in cadres.csv.
fn successors(sc: &Scenario, t: &table::Table, r: &table::Row, file: &str, problems: &mut Problems) -> Vec<usize> {
    let Some(cell) = t.get(r, "successors") else { return Vec::new() };
    let mut out = Vec::new();
    for id in cell.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        match sc.cadre_index.get(id) {
            Some(&c) => out.push(c),
            None => problems.at(
                file,
                r.line,
                t.loc("successors"),
                format!("successor `{id}` is not in the scenario's cadres.csv"),
                "correct the id, or remove it from the list (ids separated by `;`)",
            ),
        }
    }
    out
}

/// A plan lists every post: a missing row is far more likely a mistake (a
/// filtered or truncated spreadsheet) than a decision to leave the post vacant.
fn missing_rows(sc: &Scenario, file: &str, seen: &HashMap<PosIdx, u64>, problems: &mut Problems) {
    let missing: Vec<&str> = sc
        .positions_in_file_order()
        .into_iter()
        .filter(|p| !seen.contains_key(p))
        .map(|p| sc.positions[p].id.as_str())
        .collect();
    if missing.is_empty() {
        return;
    }
    let shown: Vec<&str> = missing.iter().take(10).copied().collect();
    let more =
        if missing.len() > shown.len() { format!(" and {} more", missing.len() - shown.len()) } else { String::new() };
    problems.file(
        file,
        format!("{} post(s) of positions.csv have no row: {}{more}", missing.len(), shown.join(", ")),
        "give every post a row; leave cadre_id empty for a post the plan leaves vacant",
    );
}
