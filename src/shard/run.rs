//! One shard of a batch: its slice of the runs, solved and written one run
//! at a time into `<out>/shards/I-of-N/`, with a record (shard.json) that
//! says how far it got. A second attempt of the same shard (a requeued
//! task, a re-run) keeps the runs the first one finished whole.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::{balance, partition, sizes, spec_hash, Shard};
use crate::batch::{run_all, Run, RunResult};
use crate::error::Error;
use crate::output::shards::{self as store, ShardFolder};
use crate::output::OutputError;
use crate::pipeline::RunOptions;
use crate::scenario::Override;

/// How far a shard got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShardState {
    /// Started and not finished: still running, or killed.
    Running,
    /// Every run of the shard is written.
    Complete,
    /// Stopped by an error that is not a run's own (a run's error is its result).
    Failed,
}

/// shard.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardRecord {
    pub shard: usize,
    pub of: usize,
    pub spec_hash: String,
    pub rotaplan_version: String,
    pub state: ShardState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Every run of the batch, in the batch's order (the summary's).
    pub batch: Vec<String>,
    /// This shard's runs, in the batch's order.
    pub runs: Vec<String>,
    /// The sum of this shard's run sizes (posts × eligible pairs).
    pub size: u64,
    /// The largest shard's size over the mean.
    pub balance: f64,
}

impl ShardRecord {
    /// True when `other` is a record of the same batch and shard.
    fn same_work(&self, other: &ShardRecord) -> bool {
        (self.shard, self.of, &self.spec_hash, &self.rotaplan_version, &self.runs)
            == (other.shard, other.of, &other.spec_hash, &other.rotaplan_version, &other.runs)
    }
}

/// A shard's slice of a batch, before anything is solved.
#[derive(Debug, Clone)]
pub struct ShardPlan {
    pub shard: Shard,
    pub runs: Vec<Run>,
    pub record: ShardRecord,
}

/// Slices the batch and keeps shard `shard`'s runs.
pub fn plan(runs: &[Run], global: &[Override], opts: &RunOptions, shard: Shard) -> ShardPlan {
    let sizes = sizes(runs, global);
    let shard_of = partition(&sizes, shard.count);
    let mine: Vec<usize> = (0..runs.len()).filter(|&i| shard_of[i] == shard.index).collect();
    let record = ShardRecord {
        shard: shard.index,
        of: shard.count,
        spec_hash: spec_hash(runs, global, opts),
        rotaplan_version: env!("CARGO_PKG_VERSION").into(),
        state: ShardState::Running,
        error: None,
        batch: runs.iter().map(|r| r.name.clone()).collect(),
        runs: mine.iter().map(|&i| runs[i].name.clone()).collect(),
        size: mine.iter().map(|&i| sizes[i]).sum(),
        balance: balance(&sizes, &shard_of, shard.count),
    };
    ShardPlan { shard, runs: mine.iter().map(|&i| runs[i].clone()).collect(), record }
}

/// What a shard did.
#[derive(Debug)]
pub struct ShardOutcome {
    /// The runs solved now, in the shard's order.
    pub solved: Vec<RunResult>,
    /// Runs an earlier attempt had written whole, kept as they are.
    pub kept: usize,
}

/// Solves the shard's runs that are not written yet, each written whole as
/// it ends, and marks the shard complete (or failed, with the error).
pub fn run_shard(
    out: &std::path::Path,
    plan: &ShardPlan,
    jobs: usize,
    global: &[Override],
    opts: &RunOptions,
    progress: &(dyn Fn(usize, usize, &RunResult) + Sync),
) -> Result<ShardOutcome, Error> {
    let fail = Error::output(out);
    store::check_sharded_target(out).map_err(Error::output(out))?;
    let folder = store::open_shard(out, &plan.shard.to_string()).map_err(Error::output(out))?;
    let done = runs_to_keep(&folder, &plan.record).map_err(Error::output(out))?;
    write_record(&folder, &plan.record).map_err(Error::output(out))?;
    let todo: Vec<Run> = plan.runs.iter().filter(|r| !done.contains(&r.name)).cloned().collect();
    let failure: Mutex<Option<OutputError>> = Mutex::new(None);
    let each = |n: usize, total: usize, r: &RunResult| {
        if let (Err(e), Ok(mut first)) = (write_run(&folder, r), failure.lock()) {
            first.get_or_insert(e);
        }
        progress(n, total, r);
    };
    let solved = run_all(&todo, jobs, global, opts, &each)?;
    let failed = failure.into_inner().ok().flatten();
    let state = if failed.is_some() { ShardState::Failed } else { ShardState::Complete };
    let record = ShardRecord { state, error: failed.as_ref().map(|e| e.to_string()), ..plan.record.clone() };
    write_record(&folder, &record).map_err(Error::output(out))?;
    match failed {
        Some(e) => Err(fail(e)),
        None => Ok(ShardOutcome { solved, kept: done.len() }),
    }
}

/// The runs an earlier attempt of the same work wrote whole; runs of other
/// work (another batch definition or sharding) are cleared.
fn runs_to_keep(folder: &ShardFolder, now: &ShardRecord) -> Result<Vec<String>, OutputError> {
    let before: Option<ShardRecord> = folder.record.as_deref().and_then(|b| serde_json::from_slice(b).ok());
    if before.is_some_and(|b| b.same_work(now)) {
        return Ok(folder.runs.iter().map(|(n, _)| n.clone()).filter(|n| now.runs.contains(n)).collect());
    }
    store::clear_runs(folder)?;
    Ok(Vec::new())
}

fn write_record(folder: &ShardFolder, record: &ShardRecord) -> Result<(), OutputError> {
    let mut json = serde_json::to_vec_pretty(record).map_err(std::io::Error::other)?;
    json.push(b'\n');
    store::write_record(folder, &json)
}

fn write_run(folder: &ShardFolder, r: &RunResult) -> Result<(), OutputError> {
    let mut json = serde_json::to_vec_pretty(r).map_err(std::io::Error::other)?;
    json.push(b'\n');
    let files: Vec<(String, Vec<u8>)> = r.files.iter().map(|(n, b)| (n.to_string(), b.clone())).collect();
    store::write_run(folder, &r.name, &files, &json)
}
