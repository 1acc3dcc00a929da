//! `rotaplan batch`: many scenarios, or one scenario under many override sets
//! (batch.toml), solved in parallel with one solver thread each. One failing
//! or infeasible run never stops the others; results are in run order, so the
//! output is the same whatever `--jobs` (only timings differ).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde::Deserialize;

use crate::plan::fmt_num;
use crate::scenario::{InputErrors, Override, Problems};
use crate::Error;

/// Arguments of `batch`.
#[derive(Debug, Clone)]
pub struct Args {
    pub scenarios: Vec<PathBuf>,
    pub spec: Option<PathBuf>,
    pub out: PathBuf,
    pub jobs: usize,
    pub solver: Option<String>,
    pub time_limit: Option<f64>,
    pub sets: Vec<Override>,
    pub quiet: bool,
}

/// One run of a batch.
#[derive(Debug, Clone)]
pub struct Run {
    pub name: String,
    pub scenario: PathBuf,
    pub sets: Vec<Override>,
}

/// What one run gave.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub name: String,
    pub scenario: String,
    /// optimal, feasible, infeasible, input_error or error.
    pub status: String,
    pub objective: Option<f64>,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub seconds: f64,
    pub counts: Option<crate::plan::Counts>,
    /// Target key -> (achieved, shortfall).
    pub targets: Vec<(String, f64, f64)>,
    pub message: String,
    pub files: Vec<(&'static str, Vec<u8>)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    scenario: Option<String>,
    #[serde(default)]
    runs: Vec<toml::Spanned<RawRun>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRun {
    name: String,
    scenario: Option<String>,
    #[serde(default)]
    set: BTreeMap<String, toml::Value>,
}

/// True when a run name can be a folder name.
fn safe_name(n: &str) -> bool {
    !n.is_empty() && n != "." && n != ".." && n.chars().all(|c| c.is_alphanumeric() || "-_.=+,".contains(c))
}

/// Reads batch.toml: a default `scenario` (relative to the file) and `[[runs]]`
/// with a `name`, an optional `scenario` and a `set` table of overrides.
pub fn read_spec(path: &Path) -> Result<Vec<Run>, InputErrors> {
    let file = path.display().to_string();
    let mut problems = Problems::default();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            problems.file(&file, format!("cannot read: {e}"), "give the path of a batch.toml");
            return Err(problems.finish().err().unwrap_or_default());
        }
    };
    let raw: RawSpec = match toml::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            let (line, col) = e.span().map(|s| crate::scenario::config::line_col(&text, s.start)).unwrap_or((1, 1));
            problems.at(&file, line, Some((col, "")), e.message().trim(), "see the batch.toml format in the README");
            return Err(problems.finish().err().unwrap_or_default());
        }
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let mut runs = Vec::new();
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    for r in &raw.runs {
        let (line, _) = crate::scenario::config::line_col(&text, r.span().start);
        let r = r.get_ref();
        if !safe_name(&r.name) {
            problems.at(
                &file,
                line,
                None,
                format!("run name `{}` cannot be a folder name", r.name),
                "use letters, digits and - _ . = + ,",
            );
        }
        if let Some(prev) = seen.insert(r.name.clone(), line) {
            problems.at(
                &file,
                line,
                None,
                format!("run `{}` is already named at line {prev}", r.name),
                "give every run its own name",
            );
        }
        let Some(sc) = r.scenario.as_ref().or(raw.scenario.as_ref()) else {
            problems.at(
                &file,
                line,
                None,
                format!("run `{}` has no scenario", r.name),
                "set scenario = \"<folder>\" at the top or in the run",
            );
            continue;
        };
        let sets = r.set.iter().map(|(k, v)| Override { key: k.clone(), value: v.clone() }).collect();
        runs.push(Run { name: r.name.clone(), scenario: base.join(sc), sets });
    }
    if raw.runs.is_empty() {
        problems.file(&file, "no [[runs]]", "add at least one [[runs]] table with a name");
    }
    problems.finish()?;
    Ok(runs)
}

/// Runs from scenario folders named on the command line.
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

/// Solves one run; never fails: errors become the run's status.
fn solve_run(run: &Run, global: &[Override], solver: Option<&str>, time_limit: Option<f64>) -> RunResult {
    let started = Instant::now();
    let mut sets = global.to_vec();
    sets.extend(run.sets.iter().cloned());
    let mut r = RunResult {
        name: run.name.clone(),
        scenario: run.scenario.display().to_string(),
        status: String::new(),
        objective: None,
        bound: None,
        gap: None,
        seconds: 0.0,
        counts: None,
        targets: Vec::new(),
        message: String::new(),
        files: Vec::new(),
    };
    match super::solve::solve_scenario(&run.scenario, &sets, solver, time_limit, false) {
        Ok(o) => {
            r.status = o.solved.status.as_str().to_string();
            r.objective = Some(o.eval.objective);
            r.bound = o.solved.bound;
            r.gap = o.solved.bound.map(|b| (b - o.eval.objective).abs() / o.eval.objective.abs().max(1e-9));
            r.counts = Some(o.eval.counts);
            r.targets = o.eval.targets.iter().map(|t| (t.key.clone(), t.achieved, t.shortfall)).collect();
            r.files = o.files;
        }
        Err(e) => {
            r.status = match e {
                Error::Infeasible(_) => "infeasible",
                Error::Input(_) | Error::Usage(_) => "input_error",
                _ => "error",
            }
            .to_string();
            r.message = super::render_error(&e).trim().replace('\n', " | ");
        }
    }
    r.seconds = started.elapsed().as_secs_f64();
    r
}

/// Solves every run on `jobs` threads; results come back in run order.
pub fn run_all(
    runs: &[Run],
    jobs: usize,
    global: &[Override],
    solver: Option<&str>,
    time_limit: Option<f64>,
    quiet: bool,
) -> Result<Vec<RunResult>, Error> {
    if jobs == 0 {
        return Err(Error::Usage("--jobs must be at least 1".into()));
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().map_err(|e| Error::Internal(e.to_string()))?;
    let terminal = std::io::stderr().is_terminal() && !quiet;
    let bar = terminal.then(|| {
        let b = indicatif::ProgressBar::new(runs.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} runs, {elapsed} elapsed, ETA {eta} {msg}")
        {
            b.set_style(style);
        }
        b
    });
    let done = AtomicUsize::new(0);
    let total = runs.len();
    let results = pool.install(|| {
        runs.par_iter()
            .map(|run| {
                let r = solve_run(run, global, solver, time_limit);
                let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                match &bar {
                    Some(b) => {
                        b.set_message(format!("last: {} {}", r.name, r.status));
                        b.inc(1);
                    }
                    None if !quiet => eprintln!("[{n}/{total}] {}: {} ({:.2} s)", r.name, r.status, r.seconds),
                    None => {}
                }
                r
            })
            .collect::<Vec<RunResult>>()
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(results)
}

/// summary.csv: one row per run, in run order.
pub fn summary_csv(results: &[RunResult]) -> Result<Vec<u8>, csv::Error> {
    let mut keys: Vec<String> = Vec::new();
    for r in results {
        for (k, _, _) in &r.targets {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "name",
        "scenario",
        "status",
        "objective",
        "bound",
        "gap",
        "seconds",
        "filled",
        "kept",
        "moved",
        "new",
        "vacant",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for k in &keys {
        header.push(format!("{k}:achieved"));
        header.push(format!("{k}:shortfall"));
    }
    header.push("message".into());
    w.write_record(&header)?;
    let num = |x: Option<f64>| x.map(fmt_num).unwrap_or_default();
    for r in results {
        let c = r.counts;
        let mut row = vec![
            r.name.clone(),
            r.scenario.clone(),
            r.status.clone(),
            num(r.objective),
            num(r.bound),
            r.gap.map(|g| format!("{g:.6}")).unwrap_or_default(),
            format!("{:.3}", r.seconds),
            c.map(|c| c.filled.to_string()).unwrap_or_default(),
            c.map(|c| c.kept.to_string()).unwrap_or_default(),
            c.map(|c| c.moved.to_string()).unwrap_or_default(),
            c.map(|c| c.new.to_string()).unwrap_or_default(),
            c.map(|c| c.vacant.to_string()).unwrap_or_default(),
        ];
        for k in &keys {
            let t = r.targets.iter().find(|t| &t.0 == k);
            row.push(num(t.map(|t| t.1)));
            row.push(num(t.map(|t| t.2)));
        }
        row.push(r.message.clone());
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The files of a batch folder: summary.csv and runs/<name>/...
pub fn batch_files(results: &[RunResult], extra: Vec<(String, Vec<u8>)>) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut files =
        vec![("summary.csv".to_string(), summary_csv(results).map_err(|e| Error::Internal(e.to_string()))?)];
    for r in results {
        for (n, b) in &r.files {
            files.push((format!("runs/{}/{n}", r.name), b.clone()));
        }
    }
    files.extend(extra);
    Ok(files)
}

/// Runs the command.
pub fn run(args: &Args) -> Result<(), Error> {
    let runs = match (&args.spec, args.scenarios.is_empty()) {
        (Some(spec), true) => read_spec(spec)?,
        (None, false) => runs_from_dirs(&args.scenarios),
        (Some(_), false) => return Err(Error::Usage("give scenario folders or --spec, not both".into())),
        (None, true) => return Err(Error::Usage("give scenario folders or --spec batch.toml".into())),
    };
    let started = Instant::now();
    let results = run_all(&runs, args.jobs, &args.sets, args.solver.as_deref(), args.time_limit, args.quiet)?;
    let files = batch_files(&results, Vec::new())?;
    crate::output::write_folder(&args.out, &files)
        .map_err(|e| Error::Internal(format!("cannot write {}: {e}", args.out.display())))?;
    if !args.quiet {
        let failed = results.iter().filter(|r| !matches!(r.status.as_str(), "optimal" | "feasible")).count();
        println!(
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
