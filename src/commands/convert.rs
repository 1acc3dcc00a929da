//! `rotaplan convert <scenario dir> --to scenario.xlsx`, and back.

use std::path::Path;

use crate::output;
use crate::scenario::xlsx;
use crate::Error;

/// Runs the command.
pub fn run(source: &Path, to: &Path, force: bool) -> Result<(), Error> {
    if xlsx::is_workbook(source) {
        if !output::is_new_or_empty(to) {
            return Err(Error::Usage(format!("{} exists and is not an empty folder", to.display())));
        }
        xlsx::workbook_to_dir(source, to)?;
    } else if source.is_dir() {
        if !to.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
            return Err(Error::Usage(format!("--to {}: give a .xlsx file name", to.display())));
        }
        let bytes = xlsx::dir_to_workbook(source)?;
        output::write_file(to, &bytes, force, xlsx::written_by_rotaplan).map_err(Error::output(to))?;
    } else {
        return Err(Error::Usage(format!("{} is neither a scenario folder nor an .xlsx workbook", source.display())));
    }
    eprintln!("wrote {}", to.display());
    Ok(())
}
