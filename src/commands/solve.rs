//! `rotaplan solve <scenario> --out <dir>`: runs the library's pipeline
//! (solve, independent check, rendered files) and writes the folder atomically.

use std::path::PathBuf;

use crate::output::{self, Kind};
use crate::pipeline::{self, RunOptions};
use crate::scenario::Override;
use crate::Error;

/// Arguments of `solve`.
#[derive(Debug, Clone)]
pub struct Args {
    pub scenario: PathBuf,
    pub out: PathBuf,
    pub run: RunOptions,
    pub quiet: bool,
    pub sets: Vec<Override>,
    /// Also write plan.xlsx.
    pub xlsx: bool,
    /// `--lang`, when given.
    pub lang: Option<crate::lang::Lang>,
}

/// Runs the command.
pub fn run(args: &Args) -> Result<(), Error> {
    output::check_target(&args.out, Kind::Solve).map_err(Error::output(&args.out))?;
    let o = pipeline::solve(&args.scenario, &args.sets, &args.run)?;
    super::warn(&o.scenario);
    let lang = crate::lang::Lang::choose(args.lang, o.scenario.language);
    let mut files: Vec<(String, Vec<u8>)> = o.files.iter().map(|(n, b)| (n.to_string(), b.clone())).collect();
    if args.xlsx {
        files.push(("plan.xlsx".to_string(), o.workbook(lang)?));
    }
    output::write_folder(&args.out, Kind::Solve, &files).map_err(Error::output(&args.out))?;
    if !args.quiet {
        out!("{}", o.summary(lang));
        let prices = if args.run.prices { " with runner-up prices" } else { "" };
        outln!("  explanations{prices}: {:.2} s", o.explain_seconds);
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        outln!("  wrote {}/{}", args.out.display(), names.join(", "));
    }
    Ok(())
}
