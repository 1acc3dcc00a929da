//! The desk's candidate plans and its decision log. A decision is a pin or
//! a forbid of a (cadre, post) pair, or a `--set` override (a target's
//! bound, a rule switch); each is recorded with who made it, when and why.
//! Decisions wait as *pending* until a re-solve turns them, with those of
//! the plan they start from, into a new candidate. The scenario on disk is
//! never changed.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::eligibility::{Eligibility, Variant};
use crate::model::Scenario;
use crate::pipeline::RunOptions;
use crate::plan::{Evaluation, Plan, Status};
use crate::scenario::Override;

/// What a decision changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    Pin {
        cadre_id: String,
        position_id: String,
    },
    Forbid {
        cadre_id: String,
        position_id: String,
    },
    /// `KEY=VALUE`, as `--set` takes it.
    Set {
        key_value: String,
    },
    /// A file of a candidate was exported (only in the log: the audit of
    /// who took which personal data off the desk).
    Export {
        plan: String,
        file: String,
        /// Whether the file carried codes in place of the cadres' names and ids.
        #[serde(default)]
        pseudonymized: bool,
    },
}

/// A change with who made it, when and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub change: Change,
    pub who: String,
    /// UTC, RFC 3339, to the second.
    pub when: String,
    pub why: String,
}

impl Decision {
    /// A decision made now.
    pub fn now(change: Change, who: &str, why: &str) -> Decision {
        let when = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        Decision { change, who: who.trim().to_string(), when, why: why.trim().to_string() }
    }
}

/// A solved candidate: the scenario it was solved on (with its overrides),
/// the eligibility with its pins and forbids, and the plan.
pub struct Solution {
    /// Shared by every candidate solved under the same changes.
    pub scenario: Arc<Scenario>,
    pub eligibility: Arc<Eligibility>,
    pub plan: Plan,
    /// plan.csv, made once: the workspace saves it with every change.
    pub plan_csv: Vec<u8>,
    pub status: Status,
    pub bound: Option<f64>,
    pub eval: Evaluation,
}

/// A candidate plan: its name, every decision it was solved under, and the
/// solution or why there is none.
#[derive(Clone)]
pub struct Candidate {
    pub name: String,
    pub decisions: Vec<Decision>,
    pub result: Result<Arc<Solution>, String>,
}

/// Everything the desk holds between requests.
#[derive(Default)]
pub struct Workspace {
    pub candidates: Vec<Candidate>,
    pub pending: Vec<Decision>,
    /// Every decision recorded, in order (pending ones included).
    pub log: Vec<Decision>,
    /// The secret behind the cadres' codes in pseudonymized exports: random,
    /// kept with the workspace so that a cadre's code stays the same.
    pub key: String,
}

/// The scenario and its eligibility under some decisions. Candidates solved
/// under the same changes share one (a re-solve from a candidate then costs
/// its plan only): the desk's memory grows with the distinct sets of
/// changes, not with the candidates.
pub type Prepared = (Arc<Scenario>, Arc<Eligibility>);

/// Solves the scenario in `dir` under `decisions`; the plan must pass the
/// independent check. `beat` (a child's heartbeat) hears the phases and
/// parts; `shared` is the scenario already prepared under these decisions.
pub fn solve(
    dir: &std::path::Path,
    decisions: &[Decision],
    run: &RunOptions,
    beat: Option<&crate::heartbeat::Heartbeat>,
    shared: Option<Prepared>,
) -> Result<Solution, String> {
    let (sc, el) = shared.map_or_else(|| prepared(dir, decisions), Ok)?;
    beat.iter().for_each(|b| b.phase("search"));
    let mut opts =
        crate::pipeline::solver_options(&sc, run.solver.as_deref(), run.time_limit).map_err(|e| e.to_string())?;
    opts.parts = beat.map(|b| b.parts.clone());
    let solved = crate::solve::solve(&sc, &el, &opts).map_err(|e| e.to_string())?;
    beat.iter().for_each(|b| b.phase("check"));
    let solution = settled(sc, el, solved.plan, solved.status, solved.bound)?;
    beat.iter().for_each(|b| b.parts.settle(solution.eval.objective, solution.bound));
    Ok(solution)
}

/// A plan of the scenario in `dir` under `decisions` (solved elsewhere: in
/// a child process, or saved earlier), checked again here.
pub fn adopt(
    dir: &std::path::Path,
    decisions: &[Decision],
    shared: Option<Prepared>,
    plan: Plan,
    status: Status,
    bound: Option<f64>,
) -> Result<Solution, String> {
    let (sc, el) = shared.map_or_else(|| prepared(dir, decisions), Ok)?;
    if plan.assignment.len() != sc.positions.len() {
        return Err("the plan does not fit the scenario: solve it again".into());
    }
    settled(sc, el, plan, status, bound)
}

/// A solution once its plan passes the independent check.
fn settled(
    sc: Arc<Scenario>,
    el: Arc<Eligibility>,
    plan: Plan,
    status: Status,
    bound: Option<f64>,
) -> Result<Solution, String> {
    let violations = crate::check::check(&sc, &plan);
    if !violations.is_empty() {
        return Err(format!("the plan fails the independent check ({} violation(s)): a bug", violations.len()));
    }
    let eval = plan.evaluate(&sc);
    let plan_csv = crate::plan::plan_csv(&sc, &plan).map_err(|e| e.to_string())?;
    Ok(Solution { plan, plan_csv, status, bound, eval, scenario: sc, eligibility: el })
}

/// The scenario in `dir` with the overrides of `decisions`, and its
/// eligibility with their pins and forbids.
fn prepared(dir: &std::path::Path, decisions: &[Decision]) -> Result<Prepared, String> {
    let sets = decisions
        .iter()
        .filter_map(|d| match &d.change {
            Change::Set { key_value } => Some(Override::parse(key_value)),
            _ => None,
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (sc, el) = crate::pipeline::prepare_with(dir, &sets).map_err(|e| e.to_string())?;
    let variant = variant(&sc, decisions)?;
    let el = el.with_variant(&sc, &variant)?;
    Ok((Arc::new(sc), Arc::new(el)))
}

/// What a decision changes in a solve (an export changes nothing).
fn changes(decisions: &[Decision]) -> impl Iterator<Item = &Change> {
    decisions.iter().map(|d| &d.change).filter(|c| !matches!(c, Change::Export { .. }))
}

/// The pins and forbids of `decisions`, by index; an unknown id is an error.
fn variant(sc: &Scenario, decisions: &[Decision]) -> Result<Variant, String> {
    let mut v = Variant { pin: Vec::new(), forbid: Vec::new() };
    for d in decisions {
        let (cadre_id, position_id, pin) = match &d.change {
            Change::Pin { cadre_id, position_id } => (cadre_id, position_id, true),
            Change::Forbid { cadre_id, position_id } => (cadre_id, position_id, false),
            Change::Set { .. } | Change::Export { .. } => continue,
        };
        let c = *sc.cadre_index.get(cadre_id).ok_or_else(|| format!("cadre `{cadre_id}` is not in cadres.csv"))?;
        let p = *sc
            .position_index
            .get(position_id)
            .ok_or_else(|| format!("post `{position_id}` is not in positions.csv"))?;
        if pin {
            v.pin.push((p, c))
        } else {
            v.forbid.push((p, c))
        }
    }
    Ok(v)
}

/// The pins and forbids of the log as decisions.csv rows (contract section 2).
pub fn decisions_csv(log: &[Decision]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["cadre_id", "position_id", "decision"])?;
    for d in log {
        match &d.change {
            Change::Pin { cadre_id, position_id } => w.write_record([cadre_id, position_id, "pin"])?,
            Change::Forbid { cadre_id, position_id } => w.write_record([cadre_id, position_id, "forbid"])?,
            Change::Set { .. } | Change::Export { .. } => {}
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The whole log, one JSON object per line: the audit file.
pub fn audit_jsonl(log: &[Decision]) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::new();
    for d in log {
        serde_json::to_writer(&mut out, d)?;
        out.push(b'\n');
    }
    Ok(out)
}

/// workspace.json: the log, the pending decisions and each candidate's
/// decisions and result; each solved candidate's plan is in
/// `plans/<n>/plan.csv` beside it.
#[derive(Serialize, Deserialize)]
struct Saved {
    rotaplan_version: String,
    /// The scenario's input hash when saved: plans of another input are stale.
    input_hash: String,
    pending: Vec<Decision>,
    log: Vec<Decision>,
    candidates: Vec<SavedCandidate>,
    #[serde(default)]
    pseudonym_key: String,
}

#[derive(Serialize, Deserialize)]
struct SavedCandidate {
    name: String,
    decisions: Vec<Decision>,
    status: Option<Status>,
    bound: Option<f64>,
    error: Option<String>,
}

fn plan_file(n: usize) -> String {
    format!("plans/{n}/plan.csv")
}

impl Workspace {
    /// The scenario prepared for a candidate solved under the same changes
    /// as `decisions`, when there is one.
    pub fn shared(&self, decisions: &[Decision]) -> Option<Prepared> {
        shared_in(&self.candidates, decisions)
    }

    /// The files of the workspace folder, for `crate::output::write_folder`.
    pub fn files(&self, input_hash: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
        let mut files = Vec::new();
        let mut candidates = Vec::new();
        for (i, c) in self.candidates.iter().enumerate() {
            let (status, bound, error) = match &c.result {
                Ok(s) => {
                    files.push((plan_file(i + 1), s.plan_csv.clone()));
                    (Some(s.status), s.bound, None)
                }
                Err(e) => (None, None, Some(e.clone())),
            };
            candidates.push(SavedCandidate {
                name: c.name.clone(),
                decisions: c.decisions.clone(),
                status,
                bound,
                error,
            });
        }
        let saved = Saved {
            rotaplan_version: env!("CARGO_PKG_VERSION").into(),
            input_hash: input_hash.into(),
            pending: self.pending.clone(),
            log: self.log.clone(),
            candidates,
            pseudonym_key: self.key.clone(),
        };
        let json = serde_json::to_vec_pretty(&saved).map_err(|e| e.to_string())?;
        files.push(("workspace.json".into(), json));
        Ok(files)
    }

    /// The workspace saved in `folder` (empty when there is none), each
    /// candidate rebuilt from its decisions and its plan file. A plan of
    /// another input than the scenario's now is kept as a failed candidate
    /// that says so; an unreadable workspace.json is an error.
    pub fn restore(
        scenario: &std::path::Path,
        folder: &std::path::Path,
        input_hash: &str,
    ) -> Result<Workspace, String> {
        let bytes = crate::output::read_written(folder, "workspace.json").map_err(|e| e.to_string())?;
        let Some(bytes) = bytes else { return Ok(Workspace::default()) };
        let saved: Saved = serde_json::from_slice(&bytes).map_err(|e| format!("workspace.json: {e}"))?;
        let stale = saved.input_hash != input_hash;
        let mut candidates: Vec<Candidate> = Vec::new();
        for (i, c) in saved.candidates.into_iter().enumerate() {
            let result = match (c.error, c.status) {
                (Some(e), _) => Err(e),
                _ if stale => Err("the scenario has changed since this plan was solved: solve it again".into()),
                (None, status) => {
                    let shared = shared_in(&candidates, &c.decisions);
                    let plan = folder.join(plan_file(i + 1));
                    reopen(scenario, &plan, &c.decisions, shared, status, c.bound).map(Arc::new)
                }
            };
            candidates.push(Candidate { name: c.name, decisions: c.decisions, result });
        }
        Ok(Workspace { candidates, pending: saved.pending, log: saved.log, key: saved.pseudonym_key })
    }
}

/// A saved candidate: its scenario and pins again, its plan from the file,
/// checked again.
fn reopen(
    dir: &std::path::Path,
    plan_path: &std::path::Path,
    decisions: &[Decision],
    shared: Option<Prepared>,
    status: Option<Status>,
    bound: Option<f64>,
) -> Result<Solution, String> {
    let (sc, el) = shared.map_or_else(|| prepared(dir, decisions), Ok)?;
    let plan = crate::scenario::read_plan(&sc, plan_path).map_err(|e| e.to_string())?;
    settled(sc, el, plan, status.unwrap_or(Status::Feasible), bound)
        .map_err(|_| "the saved plan no longer passes the check: solve it again".to_string())
}

/// The scenario prepared for one of `candidates` solved under the same
/// changes as `decisions`.
fn shared_in(candidates: &[Candidate], decisions: &[Decision]) -> Option<Prepared> {
    candidates.iter().find_map(|c| {
        let s = c.result.as_ref().ok()?;
        changes(&c.decisions).eq(changes(decisions)).then(|| (s.scenario.clone(), s.eligibility.clone()))
    })
}
