//! `rotaplan sweep <scenario> --set KEY=FROM..TO:STEP --out <dir>`: builds the
//! library's grid, runs it as a batch, and writes sweep.csv, sweep.svg and
//! the batch files.

use std::path::PathBuf;

use crate::batch;
use crate::output::{self, Kind};
use crate::pipeline::RunOptions;
use crate::plan::fmt_num;
use crate::scenario::Override;
use crate::sweep::{self, Axis};
use crate::Error;

/// Arguments of `sweep`.
#[derive(Debug, Clone)]
pub struct Args {
    pub scenario: PathBuf,
    pub sets: Vec<String>,
    pub out: PathBuf,
    pub jobs: usize,
    pub run: RunOptions,
    pub quiet: bool,
}

/// Swept axes and fixed overrides from the `--set` arguments.
fn axes_and_sets(sets: &[String]) -> Result<(Vec<Axis>, Vec<Override>), Error> {
    let usage = |e: String| Error::Usage(format!("--set {e}"));
    let (mut axes, mut fixed) = (Vec::new(), Vec::new());
    for s in sets {
        match sweep::parse_axis(s).map_err(usage)? {
            Some(a) => axes.push(a),
            None => fixed.push(Override::parse(s).map_err(usage)?),
        }
    }
    if axes.is_empty() {
        return Err(Error::Usage("sweep needs at least one --set KEY=FROM..TO:STEP".into()));
    }
    Ok((axes, fixed))
}

/// Runs the command.
pub fn run(args: &Args) -> Result<(), Error> {
    let (axes, fixed) = axes_and_sets(&args.sets)?;
    let points = sweep::grid(&axes).map_err(Error::Usage)?;
    output::check_target(&args.out, Kind::Sweep).map_err(Error::output(&args.out))?;
    let runs = sweep::runs(&args.scenario, &axes, &points);
    let results = super::run_with_progress(&runs, args.jobs, &fixed, &args.run, args.quiet)?;
    let name = args.scenario.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let csv = sweep::sweep_csv(&axes, &points, &results).map_err(Error::csv)?;
    let svg = sweep::chart(&name, &axes, &points, &results);
    let extra = vec![("sweep.csv".into(), csv), ("sweep.svg".into(), svg.into_bytes())];
    let files = batch::batch_files(&results, extra)?;
    output::write_folder(&args.out, Kind::Sweep, &files).map_err(Error::output(&args.out))?;
    if !args.quiet {
        outln!("{} variants; wrote {}/sweep.csv, sweep.svg and summary.csv", results.len(), args.out.display());
        for (pt, r) in points.iter().zip(&results) {
            let label: Vec<String> = axes.iter().zip(pt).map(|(a, v)| format!("{}={}", a.key, fmt_num(*v))).collect();
            outln!("  {}: {} {}", label.join(" "), r.status.as_str(), r.objective.map(fmt_num).unwrap_or_default());
        }
    }
    Ok(())
}
