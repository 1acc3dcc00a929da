//! Batches: many scenarios, or one scenario under many override sets, solved
//! in parallel with one solver thread each. One failing or infeasible run
//! never stops the others; results come back in run order, so the output is
//! the same whatever the thread count (only timings differ).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::error::Error;
use crate::pipeline::{self, RunOptions};
use crate::plan::{fmt_num, gap, Counts, Status};
pub use crate::scenario::batch_spec::{read_spec, safe_name, Run};
use crate::scenario::Override;

/// How one run ended (written as its summary.csv word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum RunStatus {
    /// A plan, with the solver's status (optimal or feasible).
    Solved(Status),
    Infeasible,
    InputError,
    /// The time limit ended the search before any plan (exit 5 of `solve`).
    TimeLimit,
    Error,
}

impl RunStatus {
    /// The word written to summary.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Solved(s) => s.as_str(),
            RunStatus::Infeasible => "infeasible",
            RunStatus::InputError => "input_error",
            RunStatus::Error => "error",
            RunStatus::TimeLimit => "time_limit",
        }
    }
}

impl From<RunStatus> for String {
    fn from(s: RunStatus) -> String {
        s.as_str().to_string()
    }
}

impl TryFrom<String> for RunStatus {
    type Error = String;
    fn try_from(s: String) -> Result<RunStatus, String> {
        let all = [Status::Optimal, Status::Feasible].map(RunStatus::Solved).into_iter().chain([
            RunStatus::Infeasible,
            RunStatus::InputError,
            RunStatus::TimeLimit,
            RunStatus::Error,
        ]);
        all.into_iter().find(|r| r.as_str() == s).ok_or_else(|| format!("unknown run status `{s}`"))
    }
}

/// What one run gave. Its serialized form (files aside) is a sharded
/// batch's run record, from which a merge writes the summary row.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RunResult {
    pub name: String,
    pub scenario: String,
    pub status: RunStatus,
    pub objective: Option<f64>,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub seconds: f64,
    pub counts: Option<Counts>,
    /// Target key, achieved, shortfall.
    pub targets: Vec<(String, f64, f64)>,
    pub message: String,
    #[serde(skip)]
    pub files: Vec<(&'static str, Vec<u8>)>,
}

/// Runs from scenario folders named on the command line (names made unique).
pub fn runs_from_dirs(dirs: &[PathBuf]) -> Vec<Run> {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    dirs.iter()
        .map(|d| {
            let base = d.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "scenario".into());
            let base: String = base.chars().map(|c| if safe_name(&c.to_string()) { c } else { '_' }).collect();
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            let name = if *n == 1 { base } else { format!("{base}-{n}") };
            Run { name, scenario: d.clone(), sets: Vec::new() }
        })
        .collect()
}

/// Solves one run; never fails: errors become the run's status and message.
fn solve_run(run: &Run, global: &[Override], opts: &RunOptions) -> RunResult {
    let started = Instant::now();
    let mut sets = global.to_vec();
    sets.extend(run.sets.iter().cloned());
    let mut r = RunResult {
        name: run.name.clone(),
        scenario: run.scenario.display().to_string(),
        status: RunStatus::Error,
        objective: None,
        bound: None,
        gap: None,
        seconds: 0.0,
        counts: None,
        targets: Vec::new(),
        message: String::new(),
        files: Vec::new(),
    };
    match pipeline::solve(&run.scenario, &sets, opts) {
        Ok(o) => {
            r.status = RunStatus::Solved(o.solved.status);
            r.objective = Some(o.eval.objective);
            r.bound = o.solved.bound;
            r.gap = gap(o.eval.objective, o.solved.bound);
            r.counts = Some(o.eval.counts);
            r.targets = o.eval.targets.iter().map(|t| (t.key.clone(), t.achieved, t.shortfall)).collect();
            r.files = o.files;
        }
        Err(e) => {
            r.status = match e {
                Error::Infeasible(_) => RunStatus::Infeasible,
                Error::Solver(crate::solve::SolveError::TimeLimit { .. }) => RunStatus::TimeLimit,
                Error::Input(_) | Error::Usage(_) => RunStatus::InputError,
                _ => RunStatus::Error,
            };
            r.message = e.to_text().trim().replace('\n', " | ");
        }
    }
    r.seconds = started.elapsed().as_secs_f64();
    r
}

/// Solves every run on `jobs` threads; results come back in run order.
/// `progress(done, total, result)` is called as each run ends.
pub fn run_all(
    runs: &[Run],
    jobs: usize,
    global: &[Override],
    opts: &RunOptions,
    progress: &(dyn Fn(usize, usize, &RunResult) + Sync),
) -> Result<Vec<RunResult>, Error> {
    if jobs == 0 {
        return Err(Error::Usage("--jobs must be at least 1".into()));
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().map_err(|e| Error::Internal(e.to_string()))?;
    let done = AtomicUsize::new(0);
    let results = pool.install(|| {
        runs.par_iter()
            .map(|run| {
                let r = solve_run(run, global, opts);
                progress(done.fetch_add(1, Ordering::SeqCst) + 1, runs.len(), &r);
                r
            })
            .collect::<Vec<RunResult>>()
    });
    Ok(results)
}

/// Target keys in first-seen order over all runs.
pub fn target_keys(results: &[RunResult]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for (k, _, _) in results.iter().flat_map(|r| &r.targets) {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    keys
}

/// A run's achieved and shortfall for each key, empty where it has none.
pub fn target_cells(r: &RunResult, keys: &[String]) -> Vec<String> {
    let mut row = Vec::new();
    for k in keys {
        let t = r.targets.iter().find(|t| &t.0 == k);
        row.push(t.map(|t| fmt_num(t.1)).unwrap_or_default());
        row.push(t.map(|t| fmt_num(t.2)).unwrap_or_default());
    }
    row
}

/// `key:achieved` and `key:shortfall` for each key.
pub fn target_header(keys: &[String]) -> Vec<String> {
    keys.iter().flat_map(|k| [format!("{k}:achieved"), format!("{k}:shortfall")]).collect()
}

const SUMMARY_COLUMNS: [&str; 12] =
    ["name", "scenario", "status", "objective", "bound", "gap", "seconds", "filled", "kept", "moved", "new", "vacant"];

/// summary.csv: one row per run, in run order.
pub fn summary_csv(results: &[RunResult]) -> Result<Vec<u8>, csv::Error> {
    let keys = target_keys(results);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = SUMMARY_COLUMNS.iter().map(|s| s.to_string()).collect();
    header.extend(target_header(&keys));
    header.push("message".into());
    w.write_record(&header)?;
    for r in results {
        let mut row = summary_cells(r);
        row.extend(target_cells(r, &keys));
        row.push(r.message.clone());
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

fn summary_cells(r: &RunResult) -> Vec<String> {
    let num = |x: Option<f64>| x.map(fmt_num).unwrap_or_default();
    let count = |f: fn(&Counts) -> usize| r.counts.as_ref().map(|c| f(c).to_string()).unwrap_or_default();
    vec![
        r.name.clone(),
        r.scenario.clone(),
        r.status.as_str().to_string(),
        num(r.objective),
        num(r.bound),
        r.gap.map(|g| format!("{g:.6}")).unwrap_or_default(),
        format!("{:.3}", r.seconds),
        count(|c| c.filled),
        count(|c| c.kept),
        count(|c| c.moved),
        count(|c| c.new),
        count(|c| c.vacant),
    ]
}

/// The files of a batch folder: summary.csv and runs/<name>/..., then `extra`.
pub fn batch_files(results: &[RunResult], extra: Vec<(String, Vec<u8>)>) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut files = vec![("summary.csv".to_string(), summary_csv(results).map_err(Error::csv)?)];
    for r in results {
        for (n, b) in &r.files {
            files.push((format!("runs/{}/{n}", r.name), b.clone()));
        }
    }
    files.extend(extra);
    Ok(files)
}
