//! `merge`: checks that a sharded batch is whole (every shard present and
//! complete, each run once, one batch definition, one rotaplan version),
//! then writes `summary.csv` and `runs/` as an unsharded batch would. What
//! is wrong is returned as data, every problem at once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::run::{ShardRecord, ShardState};
use super::Shard;
use crate::batch::{summary_csv, RunResult};
use crate::error::Error;
use crate::output::shards::{self as store, ShardFolder};

/// Why a sharded batch cannot be merged yet.
#[derive(Debug, Clone, PartialEq)]
pub enum MergeProblem {
    /// `<out>/shards/` is absent or empty.
    NoShards,
    /// A folder in `shards/` whose name is not `I-of-N`.
    NotAShard { folder: String },
    /// A shard folder that cannot be read (or holds files rotaplan did not write).
    Unreadable { shard: Shard, error: String },
    /// Folders of two shardings (`1-of-3` beside `1-of-4`).
    MixedCounts { counts: Vec<usize> },
    /// No folder for this shard: its task never started.
    Missing { shard: Shard },
    /// Started and not finished (still running, or killed): these runs are not written.
    Unfinished { shard: Shard, missing: Vec<String> },
    /// Stopped by an error of its own.
    Failed { shard: Shard, error: String },
    /// Written for another batch definition or rotaplan version than the first shard.
    OtherBatch { shard: Shard, what: &'static str },
    /// A run written whole by more than one shard.
    Duplicate { run: String, shards: Vec<Shard> },
    /// A run that its complete shard lists and does not hold.
    Lost { run: String, shard: Shard },
    /// A run a shard holds that is not in its slice of the batch.
    Stray { run: String, shard: Shard },
}

impl MergeProblem {
    /// What is wrong, in a sentence.
    pub fn message(&self) -> String {
        match self {
            MergeProblem::NoShards => "there is no shard in shards/".into(),
            MergeProblem::NotAShard { folder } => format!("shards/{folder} is not a shard folder (I-of-N)"),
            MergeProblem::Unreadable { shard, error } => format!("shard {shard} cannot be read: {error}"),
            MergeProblem::MixedCounts { counts } => format!(
                "shards/ holds shards of {} different shardings (into {})",
                counts.len(),
                counts.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" and ")
            ),
            MergeProblem::Missing { shard } => {
                format!("shard {shard} is missing: its task has not begun writing (not started, or stopped at once)")
            }
            MergeProblem::Unfinished { shard, missing } if missing.is_empty() => {
                format!("shard {shard} did not finish: it stopped before writing its record (shard.json)")
            }
            MergeProblem::Unfinished { shard, missing } => {
                format!("shard {shard} did not finish: {} run(s) not written ({})", missing.len(), missing.join(", "))
            }
            MergeProblem::Failed { shard, error } => format!("shard {shard} failed: {error}"),
            MergeProblem::OtherBatch { shard, what } => format!("shard {shard} has another {what} than the others"),
            MergeProblem::Duplicate { run, shards } => format!("run {run} is written by shards {}", list(shards)),
            MergeProblem::Lost { run, shard } => format!("run {run} of shard {shard} is not in its folder"),
            MergeProblem::Stray { run, shard } => format!("shard {shard} holds run {run}, which is not in its slice"),
        }
    }

    /// How to repair it.
    pub fn hint(&self) -> String {
        let rerun =
            |s: &Shard| format!("re-run that shard alone: rotaplan batch <the same arguments> --shard {}", s.arg());
        match self {
            MergeProblem::NoShards => "run the batch with --shard I/N into this --out first".into(),
            MergeProblem::NotAShard { .. } => "move it out of shards/".into(),
            MergeProblem::MixedCounts { .. } => "remove the shard folders of the earlier sharding".into(),
            MergeProblem::Duplicate { .. } => "remove the shard folders that are not of this batch".into(),
            MergeProblem::OtherBatch { shard, .. } => {
                format!(
                    "re-run every shard with the same batch, options and rotaplan (this one: --shard {})",
                    shard.arg()
                )
            }
            MergeProblem::Unreadable { shard, .. }
            | MergeProblem::Missing { shard }
            | MergeProblem::Unfinished { shard, .. }
            | MergeProblem::Failed { shard, .. }
            | MergeProblem::Lost { shard, .. }
            | MergeProblem::Stray { shard, .. } => rerun(shard),
        }
    }
}

fn list(shards: &[Shard]) -> String {
    shards.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(" and ")
}

/// A merged batch.
#[derive(Debug)]
pub struct Merged {
    pub shards: usize,
    pub results: Vec<RunResult>,
}

/// One shard as found: its folder and its parsed record.
struct Found {
    shard: Shard,
    folder: ShardFolder,
    record: Option<ShardRecord>,
}

/// Merges `<out>/shards/` into `<out>/summary.csv` and `<out>/runs/`, or
/// returns every problem that prevents it (nothing is then written).
pub fn merge(out: &Path) -> Result<Result<Merged, Vec<MergeProblem>>, Error> {
    let (found, mut problems) = read_all(out)?;
    problems.extend(check(&found));
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let Some(batch) = found.first().and_then(|f| f.record.as_ref()).map(|r| r.batch.clone()) else {
        return Ok(Err(vec![MergeProblem::NoShards]));
    };
    let (results, sources) = match collect(&found, &batch) {
        Ok(x) => x,
        Err(p) => return Ok(Err(p)),
    };
    let summary = summary_csv(&results).map_err(Error::csv)?;
    store::write_merged(out, &summary, &sources).map_err(Error::output(out))?;
    Ok(Ok(Merged { shards: found.len(), results }))
}

fn read_all(out: &Path) -> Result<(Vec<Found>, Vec<MergeProblem>), Error> {
    store::check_sharded_target(out).map_err(Error::output(out))?;
    let names = store::list_shards(out).map_err(Error::output(out))?;
    let mut problems = Vec::new();
    if names.is_empty() {
        problems.push(MergeProblem::NoShards);
    }
    let mut found = Vec::new();
    for name in names {
        let Some(shard) = Shard::from_folder(&name) else {
            problems.push(MergeProblem::NotAShard { folder: name });
            continue;
        };
        match read_one(out, shard) {
            Ok(f) => found.push(f),
            Err(error) => problems.push(MergeProblem::Unreadable { shard, error }),
        }
    }
    found.sort_by_key(|f| f.shard);
    Ok((found, problems))
}

fn read_one(out: &Path, shard: Shard) -> Result<Found, String> {
    let folder = store::read_shard(out, &shard.to_string()).map_err(|e| e.to_string())?;
    let record = match &folder.record {
        None => None,
        Some(b) => Some(serde_json::from_slice::<ShardRecord>(b).map_err(|e| format!("shard.json: {e}"))?),
    };
    Ok(Found { shard, folder, record })
}

/// Every problem of the shards found, at once.
fn check(found: &[Found]) -> Vec<MergeProblem> {
    let mut counts: Vec<usize> = found.iter().map(|f| f.shard.count).collect();
    counts.sort_unstable();
    counts.dedup();
    if counts.len() > 1 {
        return vec![MergeProblem::MixedCounts { counts }];
    }
    let mut problems = missing_shards(found);
    let reference = found.iter().find_map(|f| f.record.as_ref());
    for f in found {
        problems.extend(shard_problems(f, reference));
    }
    problems.extend(duplicates(found));
    problems
}

fn missing_shards(found: &[Found]) -> Vec<MergeProblem> {
    let Some(count) = found.first().map(|f| f.shard.count) else { return Vec::new() };
    (1..=count)
        .map(|index| Shard { index, count })
        .filter(|s| !found.iter().any(|f| f.shard == *s))
        .map(|shard| MergeProblem::Missing { shard })
        .collect()
}

fn shard_problems(f: &Found, reference: Option<&ShardRecord>) -> Vec<MergeProblem> {
    let shard = f.shard;
    let Some(record) = &f.record else {
        return vec![MergeProblem::Unfinished { shard, missing: Vec::new() }];
    };
    if let Some(what) = reference.and_then(|r| other_batch(record, r)) {
        return vec![MergeProblem::OtherBatch { shard, what }];
    }
    let whole = |n: &String| f.folder.runs.iter().any(|(r, _)| r == n);
    let not_written: Vec<String> = record.runs.iter().filter(|n| !whole(n)).cloned().collect();
    let mut problems: Vec<MergeProblem> = match record.state {
        ShardState::Failed => vec![MergeProblem::Failed { shard, error: record.error.clone().unwrap_or_default() }],
        ShardState::Running => vec![MergeProblem::Unfinished { shard, missing: not_written }],
        ShardState::Complete => not_written.into_iter().map(|run| MergeProblem::Lost { run, shard }).collect(),
    };
    let strays = f.folder.runs.iter().filter(|(n, _)| !record.runs.contains(n));
    problems.extend(strays.map(|(run, _)| MergeProblem::Stray { run: run.clone(), shard }));
    problems
}

fn other_batch(a: &ShardRecord, b: &ShardRecord) -> Option<&'static str> {
    if a.rotaplan_version != b.rotaplan_version {
        return Some("rotaplan version");
    }
    (a.spec_hash != b.spec_hash || a.batch != b.batch).then_some("spec hash (batch, scenarios or options)")
}

fn duplicates(found: &[Found]) -> Vec<MergeProblem> {
    let mut by_run: BTreeMap<&str, Vec<Shard>> = BTreeMap::new();
    for f in found {
        for (run, _) in &f.folder.runs {
            by_run.entry(run).or_default().push(f.shard);
        }
    }
    by_run
        .into_iter()
        .filter(|(_, s)| s.len() > 1)
        .map(|(run, shards)| MergeProblem::Duplicate { run: run.to_string(), shards })
        .collect()
}

/// Each run's name and the shard folder holding its files.
type Sources = Vec<(String, PathBuf)>;

/// The run results in the batch's order, and where each run's files are.
fn collect(found: &[Found], batch: &[String]) -> Result<(Vec<RunResult>, Sources), Vec<MergeProblem>> {
    let mut results = Vec::new();
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for name in batch {
        let Some((f, bytes)) =
            found.iter().find_map(|f| f.folder.runs.iter().find(|r| &r.0 == name).map(|r| (f, &r.1)))
        else {
            continue; // reported by its shard
        };
        match serde_json::from_slice::<RunResult>(bytes) {
            Ok(r) => results.push(r),
            Err(e) => {
                problems.push(MergeProblem::Unreadable { shard: f.shard, error: format!("runs/{name}/run.json: {e}") })
            }
        }
        sources.push((name.clone(), f.folder.dir.clone()));
    }
    match problems.is_empty() {
        true => Ok((results, sources)),
        false => Err(problems),
    }
}
