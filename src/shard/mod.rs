//! Batches sharded across machines (contract section 8.1): `batch --shard
//! I/N` solves the I-th of N deterministic slices of the runs into
//! `<out>/shards/I-of-N/`, and `merge` checks that every shard is there and
//! whole and writes the batch's `summary.csv` and `runs/` beside them.
//!
//! Every shard computes the same slices on its own, from the same inputs:
//! the runs, their sizes (posts × eligible pairs) and the spec hash, so no
//! shard needs to hear from another. The folder work is `output::shards`'.

pub mod merge;
pub mod run;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::batch::Run;
use crate::pipeline::RunOptions;
use crate::scenario::Override;

/// One shard: the `index`-th (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl fmt::Display for Shard {
    /// The folder name, `I-of-N`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-of-{}", self.index, self.count)
    }
}

impl Shard {
    /// `I/N` as given on the command line.
    pub fn arg(&self) -> String {
        format!("{}/{}", self.index, self.count)
    }

    fn new(index: usize, count: usize) -> Result<Shard, String> {
        if count == 0 || index == 0 || index > count {
            return Err(format!("shard {index} of {count}: give 1 <= I <= N"));
        }
        Ok(Shard { index, count })
    }

    /// A folder name `I-of-N`, or `None`.
    pub fn from_folder(name: &str) -> Option<Shard> {
        let (i, n) = name.split_once("-of-")?;
        let s = Shard::new(i.parse().ok()?, n.parse().ok()?).ok()?;
        (s.to_string() == name).then_some(s)
    }

    /// `--shard`: `I/N`, `auto` (Slurm's array variables) or `auto/N`
    /// (Slurm's, else Kubernetes' `JOB_COMPLETION_INDEX`, with N shards).
    pub fn parse(arg: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Shard, String> {
        let number = |s: &str, what: &str| {
            s.trim().parse::<usize>().map_err(|_| format!("--shard {arg}: {what} `{s}` is not a whole number"))
        };
        match arg.split_once('/') {
            None if arg == "auto" => from_slurm(env)?.ok_or_else(|| no_array(arg, env)),
            Some(("auto", n)) => auto_with_count(number(n, "N")?, env),
            Some((i, n)) => Shard::new(number(i, "I")?, number(n, "N")?).map_err(|e| format!("--shard {arg}: {e}")),
            None => Err(format!("--shard {arg}: give I/N (for example 2/4), auto or auto/N")),
        }
    }
}

/// I = `SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN` + 1, N = `SLURM_ARRAY_TASK_COUNT`.
fn from_slurm(env: &dyn Fn(&str) -> Option<String>) -> Result<Option<Shard>, String> {
    let var = |k: &str| env(k).map(|v| v.trim().parse::<usize>().map_err(|_| format!("{k}={v} is not a whole number")));
    let (Some(id), Some(min), Some(count)) =
        (var("SLURM_ARRAY_TASK_ID"), var("SLURM_ARRAY_TASK_MIN"), var("SLURM_ARRAY_TASK_COUNT"))
    else {
        return Ok(None);
    };
    let (id, min, count) = (id?, min?, count?);
    let index = (id + 1).checked_sub(min).ok_or("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN")?;
    Shard::new(index, count)
        .map(Some)
        .map_err(|e| format!("{e} (from Slurm's array variables; an array with a step, like 0-6:2, is not supported)"))
}

fn auto_with_count(count: usize, env: &dyn Fn(&str) -> Option<String>) -> Result<Shard, String> {
    if let Some(s) = from_slurm(env)? {
        return match s.count == count {
            true => Ok(s),
            false => Err(format!("--shard auto/{count}: Slurm's array has {} tasks", s.count)),
        };
    }
    let Some(raw) = env("JOB_COMPLETION_INDEX") else {
        return Err(format!(
            "--shard auto/{count}: neither Slurm's SLURM_ARRAY_TASK_ID nor Kubernetes' JOB_COMPLETION_INDEX is set"
        ));
    };
    let index = raw.trim().parse::<usize>().map_err(|_| format!("JOB_COMPLETION_INDEX={raw} is not a whole number"))?;
    Shard::new(index + 1, count).map_err(|e| format!("--shard auto/{count}: {e} (from JOB_COMPLETION_INDEX={raw})"))
}

fn no_array(arg: &str, env: &dyn Fn(&str) -> Option<String>) -> String {
    match env("JOB_COMPLETION_INDEX") {
        Some(_) => format!("--shard {arg}: Kubernetes gives no task count; give it as --shard auto/N"),
        None => format!(
            "--shard {arg}: SLURM_ARRAY_TASK_ID, _MIN and _COUNT are not all set (not in a Slurm array job); give I/N"
        ),
    }
}

/// The size of each run, posts × eligible pairs, by which the slices are
/// balanced. Runs of one scenario folder share one size, read with the
/// batch's global overrides only: loading every variant would cost each
/// shard as much as the solves of a small batch. A scenario that cannot be
/// read counts 1 (its run fails fast).
pub fn sizes(runs: &[Run], global: &[Override]) -> Vec<u64> {
    let mut by_folder: BTreeMap<&Path, u64> = BTreeMap::new();
    runs.iter()
        .map(|r| {
            *by_folder.entry(r.scenario.as_path()).or_insert_with(|| {
                match crate::pipeline::prepare_with(&r.scenario, global) {
                    Ok((sc, el)) => (sc.positions.len() as u64 * el.pairs.len() as u64).max(1),
                    Err(_) => 1,
                }
            })
        })
        .collect()
}

/// The shard (1-based) of each run: largest first, each to the least loaded
/// shard, ties to the earlier run and the lower shard, so every shard
/// computes the same slices.
pub fn partition(sizes: &[u64], count: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(sizes[i]), i));
    let mut load = vec![0u64; count.max(1)];
    let mut shard_of = vec![0; sizes.len()];
    for i in order {
        let (s, _) = load.iter().enumerate().min_by_key(|&(s, l)| (*l, s)).unwrap_or((0, &0));
        load[s] += sizes[i];
        shard_of[i] = s + 1;
    }
    shard_of
}

/// The largest shard's size over the mean: 1 is a perfect balance, and the
/// batch's wall time is about this factor over a perfect one.
pub fn balance(sizes: &[u64], shard_of: &[usize], count: usize) -> f64 {
    let mut load = vec![0u64; count.max(1)];
    for (i, &s) in shard_of.iter().enumerate() {
        load[s - 1] += sizes[i];
    }
    let total: u64 = load.iter().sum();
    let max = load.iter().copied().max().unwrap_or(0);
    if total == 0 {
        return 1.0;
    }
    max as f64 * load.len() as f64 / total as f64
}

/// What makes two shards parts of one batch: the runs in order (names,
/// scenarios, overrides), every scenario folder's files, the global
/// overrides and the options that change a result. Hex SHA-256.
pub fn spec_hash(runs: &[Run], global: &[Override], opts: &RunOptions) -> String {
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update(s.as_bytes());
        h.update([0]);
    };
    field(&format!("solver={:?} time_limit={:?} lagrange={:?}", opts.solver, opts.time_limit, opts.lagrange));
    global.iter().for_each(|o| field(&o.to_arg()));
    let mut folders: BTreeMap<&Path, String> = BTreeMap::new();
    for r in runs {
        field(&r.name);
        field(&r.scenario.display().to_string());
        r.sets.iter().for_each(|o| field(&o.to_arg()));
        let files =
            folders.entry(r.scenario.as_path()).or_insert_with(|| crate::scenario::input_hash(&r.scenario, &[]));
        field(files);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
