//! `rotaplan compare <planA> <planB> [...] --scenario <dir>`: prints the
//! library's comparison of plans as text, CSV or JSON.

use std::path::{Path, PathBuf};

use crate::cli::TableFormat;
use crate::compare::compare;
use crate::scenario::{InputErrors, Override, PlanInfo};
use crate::Error;

/// Runs the command.
pub fn run(dir: &Path, plans: &[PathBuf], format: TableFormat, sets: &[Override], reasons: bool) -> Result<(), Error> {
    let sc = crate::scenario::load_with(dir, sets)?;
    super::warn(&sc);
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for path in plans {
        match crate::scenario::read_plan(&sc, path) {
            Ok(p) => loaded.push((path.display().to_string(), p, PlanInfo::beside(path).and_then(|i| i.bound))),
            Err(e) => problems.extend(e.problems),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Input(InputErrors { problems, warnings: Vec::new() }));
    }
    let cmp = compare(&sc, &loaded, reasons);
    match format {
        TableFormat::Text => out!("{}", cmp.to_text()),
        TableFormat::Csv => {
            let bytes = cmp.to_csv().map_err(Error::csv)?;
            out!("{}", String::from_utf8_lossy(&bytes));
        }
        TableFormat::Json => super::print_json(&cmp)?,
    }
    Ok(())
}
