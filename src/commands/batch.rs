//! `rotaplan batch <scenario>... | --spec batch.toml --out <dir> [--shard I/N]`:
//! runs the library's batch and writes summary.csv and runs/<name>/, or one
//! shard of it into <dir>/shards/I-of-N/.

use std::path::PathBuf;
use std::time::Instant;

use crate::batch::{self, Run, RunResult, RunStatus};
use crate::output::{self, Kind};
use crate::pipeline::RunOptions;
use crate::scenario::Override;
use crate::shard::{self, Shard};
use crate::Error;

/// Arguments of `batch`.
#[derive(Debug, Clone)]
pub struct Args {
    pub scenarios: Vec<PathBuf>,
    pub spec: Option<PathBuf>,
    pub out: PathBuf,
    pub jobs: usize,
    pub run: RunOptions,
    pub sets: Vec<Override>,
    /// `--shard`: I/N, auto or auto/N.
    pub shard: Option<String>,
    pub quiet: bool,
}

/// Runs the command.
pub fn run(args: &Args) -> Result<(), Error> {
    let runs = match (&args.spec, args.scenarios.is_empty()) {
        (Some(spec), true) => batch::read_spec(spec)?,
        (None, false) => batch::runs_from_dirs(&args.scenarios),
        (Some(_), false) => return Err(Error::Usage("give scenario folders or --spec, not both".into())),
        (None, true) => return Err(Error::Usage("give scenario folders or --spec batch.toml".into())),
    };
    if let Some(arg) = &args.shard {
        let env = |k: &str| std::env::var(k).ok();
        let shard = Shard::parse(arg, &env).map_err(Error::Usage)?;
        return run_shard(args, &runs, shard);
    }
    output::check_target(&args.out, Kind::Batch).map_err(Error::output(&args.out))?;
    let started = Instant::now();
    let results = super::run_with_progress(&runs, args.jobs, &args.sets, &args.run, args.quiet)?;
    let files = batch::batch_files(&results, Vec::new())?;
    output::write_folder(&args.out, Kind::Batch, &files).map_err(Error::output(&args.out))?;
    if !args.quiet {
        let (solved, not) = tally(&results);
        outln!(
            "{} runs in {:.2} s with {} job(s): {solved} solved, {not} not; wrote {}/summary.csv",
            results.len(),
            started.elapsed().as_secs_f64(),
            args.jobs,
            args.out.display()
        );
    }
    Ok(())
}

/// Runs solved and not.
fn tally(results: &[RunResult]) -> (usize, usize) {
    let not = results.iter().filter(|r| !matches!(r.status, RunStatus::Solved(_))).count();
    (results.len() - not, not)
}

/// One shard: its slice of the runs into <out>/shards/I-of-N/.
fn run_shard(args: &Args, runs: &[Run], shard: Shard) -> Result<(), Error> {
    output::shards::check_sharded_target(&args.out).map_err(Error::output(&args.out))?;
    let started = Instant::now();
    let plan = shard::run::plan(runs, &args.sets, &args.run, shard);
    if !args.quiet {
        eprintln!(
            "shard {}: {} of {} runs, size {} (posts x pairs; balance {:.3})",
            shard.arg(),
            plan.runs.len(),
            runs.len(),
            plan.record.size,
            plan.record.balance
        );
    }
    let outcome = super::with_progress(plan.runs.len(), args.quiet, |report| {
        shard::run::run_shard(&args.out, &plan, args.jobs, &args.sets, &args.run, report)
    })?;
    if !args.quiet {
        let (solved, not) = tally(&outcome.solved);
        outln!(
            "shard {}: {} runs in {:.2} s with {} job(s): {solved} solved, {not} not, {} kept from an earlier attempt; wrote {}/shards/{shard}",
            shard.arg(),
            outcome.solved.len(),
            started.elapsed().as_secs_f64(),
            args.jobs,
            outcome.kept,
            args.out.display()
        );
    }
    Ok(())
}
