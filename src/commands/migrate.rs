//! `rotaplan migrate <v1-scenario> --out <dir>`: the scenario as version 2.

use std::path::Path;

use crate::output::{self, Kind};
use crate::Error;

/// Runs the command.
pub fn run(scenario: &Path, out: &Path) -> Result<(), Error> {
    let m = crate::scenario::migrate::migrate(scenario)?;
    output::write_folder(out, Kind::Migrate, &m.files).map_err(Error::output(out))?;
    for n in &m.notes {
        eprintln!("note: {n}");
    }
    outln!("wrote {}: the scenario as contract version 2 ({} files)", out.display(), m.files.len());
    Ok(())
}
