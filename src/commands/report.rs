//! `rotaplan report <scenario> <plan.csv> [--compare other.csv ...] --out report.html`.

use std::path::{Path, PathBuf};

use crate::report::{self, ReportInput};
use crate::scenario::{read_plan, Override, PlanInfo};
use crate::Error;

/// Arguments of `report`.
#[derive(Debug, Clone)]
pub struct Args {
    pub scenario: PathBuf,
    pub plan: PathBuf,
    pub compare: Vec<PathBuf>,
    pub out: PathBuf,
    pub force: bool,
    pub sets: Vec<Override>,
    /// Show the cadres' reasons for avoided posts (personal data).
    pub show_reasons: bool,
    /// `--lang`, when given.
    pub lang: Option<crate::lang::Lang>,
}

/// True when `path` is a report rotaplan wrote (it carries the marker).
fn is_report(path: &Path) -> bool {
    crate::output::file_contains(path, report::MARKER)
}

/// Runs the command: writes one self-contained HTML file (atomically).
pub fn run(args: &Args) -> Result<(), Error> {
    let sc = crate::scenario::load_with(&args.scenario, &args.sets)?;
    super::warn(&sc);
    let plan = read_plan(&sc, &args.plan)?;
    let mut all = vec![(args.plan.display().to_string(), plan.clone(), None)];
    for p in &args.compare {
        all.push((p.display().to_string(), read_plan(&sc, p)?, None));
    }
    let eval = plan.evaluate(&sc);
    let violations = crate::check::check(&sc, &plan);
    let comparison = (all.len() > 1).then(|| crate::compare::compare(&sc, &all, args.show_reasons));
    let wishes = crate::preferences::of_plan(&sc, &plan.assignment);
    let status = PlanInfo::beside(&args.plan).and_then(|i| i.status);
    let html = report::html(&ReportInput {
        sc: &sc,
        plan: &plan,
        eval: &eval,
        violations: &violations,
        status: status.as_deref(),
        comparison: comparison.as_ref(),
        wishes: wishes.as_ref(),
        show_reasons: args.show_reasons,
        lang: crate::lang::Lang::choose(args.lang, sc.language),
    });
    crate::output::write_file(&args.out, html.as_bytes(), args.force, is_report).map_err(Error::output(&args.out))?;
    eprintln!("wrote {} ({} KB)", args.out.display(), html.len() / 1024);
    Ok(())
}
