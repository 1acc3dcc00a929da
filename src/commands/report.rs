//! `rotaplan report <scenario> <plan.csv> [--compare other.csv ...] --out report.html`.

use std::path::{Path, PathBuf};

use crate::scenario::Override;
use crate::Error;

/// Arguments of `report`.
#[derive(Debug, Clone)]
pub struct Args {
    pub scenario: PathBuf,
    pub plan: PathBuf,
    pub compare: Vec<PathBuf>,
    pub out: PathBuf,
    pub sets: Vec<Override>,
}

fn status_beside(plan: &Path) -> Option<String> {
    let text = std::fs::read_to_string(plan.with_file_name("plan.json")).ok()?;
    Some(serde_json::from_str::<serde_json::Value>(&text).ok()?.get("status")?.as_str()?.to_string())
}

/// Runs the command: writes one self-contained HTML file (atomically).
pub fn run(args: &Args) -> Result<(), Error> {
    let sc = crate::scenario::load_with(&args.scenario, &args.sets)?;
    let plan = crate::scenario::read_plan(&sc, &args.plan)?;
    let mut others = Vec::new();
    for p in &args.compare {
        others.push((p.display().to_string(), crate::scenario::read_plan(&sc, p)?, None));
    }
    let eval = plan.evaluate(&sc);
    let violations = crate::check::check(&sc, &plan);
    let comparison = (!others.is_empty()).then(|| {
        let mut all = vec![(args.plan.display().to_string(), plan.clone(), None)];
        all.extend(others);
        crate::commands::compare::compare(&sc, &all)
    });
    let html =
        crate::report::html(&sc, &plan, &eval, &violations, status_beside(&args.plan).as_deref(), comparison.as_ref());
    let tmp = args.out.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, html.as_bytes()).and_then(|_| std::fs::rename(&tmp, &args.out)).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::Internal(format!("cannot write {}: {e}", args.out.display()))
    })?;
    eprintln!("wrote {} ({} KB)", args.out.display(), html.len() / 1024);
    Ok(())
}
