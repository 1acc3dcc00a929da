//! `rotaplan batch <scenario>... | --spec batch.toml --out <dir>`: runs the
//! library's batch and writes summary.csv and runs/<name>/.

use std::path::PathBuf;
use std::time::Instant;

use crate::batch::{self, RunStatus};
use crate::output::{self, Kind};
use crate::pipeline::RunOptions;
use crate::scenario::Override;
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
    output::check_target(&args.out, Kind::Batch).map_err(Error::output(&args.out))?;
    let started = Instant::now();
    let results = super::run_with_progress(&runs, args.jobs, &args.sets, &args.run, args.quiet)?;
    let files = batch::batch_files(&results, Vec::new())?;
    output::write_folder(&args.out, Kind::Batch, &files).map_err(Error::output(&args.out))?;
    if !args.quiet {
        let failed = results.iter().filter(|r| !matches!(r.status, RunStatus::Solved(_))).count();
        outln!(
            "{} runs in {:.2} s with {} job(s): {} solved, {} not; wrote {}/summary.csv",
            results.len(),
            started.elapsed().as_secs_f64(),
            args.jobs,
            results.len() - failed,
            failed,
            args.out.display()
        );
    }
    Ok(())
}
