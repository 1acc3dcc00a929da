//! `rotaplan generate <preset> --out <dir>`: writes a synthetic scenario.

use std::path::Path;

use crate::Error;

/// Runs the command.
pub fn run(preset: &str, out: &Path, seed: u64) -> Result<(), Error> {
    match preset {
        "nghe-an" => crate::generate::nghe_an(out, seed).map_err(Error::Internal),
        other => Err(Error::Usage(format!("unknown preset `{other}`; available: nghe-an"))),
    }
}
