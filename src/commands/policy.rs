//! `rotaplan policy show <scenario>`: the effective rules, each with its source.

use std::path::Path;

use crate::cli::Format;
use crate::policy::show;
use crate::Error;

/// Runs the command.
pub fn run(dir: &Path, format: Format) -> Result<(), Error> {
    let sc = crate::scenario::load(dir)?;
    super::warn(&sc);
    let report = show::report(&sc);
    match format {
        Format::Json => super::print_json(&report)?,
        Format::Text => out!("{}", show::render_text(&report)),
    }
    Ok(())
}
