//! `rotaplan merge <out>`: checks a sharded batch and writes its
//! summary.csv and runs/; every problem is listed at once (exit 2).

use std::path::Path;

use crate::batch::RunStatus;
use crate::shard::merge::{merge, MergeProblem};
use crate::Error;

/// Runs the command.
pub fn run(out: &Path, quiet: bool) -> Result<(), Error> {
    match merge(out)? {
        Ok(m) => {
            if !quiet {
                let not = m.results.iter().filter(|r| !matches!(r.status, RunStatus::Solved(_))).count();
                outln!(
                    "merged {} shard(s): {} runs, {} solved, {not} not; wrote {}/summary.csv",
                    m.shards,
                    m.results.len(),
                    m.results.len() - not,
                    out.display()
                );
            }
            Ok(())
        }
        Err(problems) => {
            eprint!("{}", render(out, &problems));
            Err(Error::Exit(2))
        }
    }
}

fn render(out: &Path, problems: &[MergeProblem]) -> String {
    let mut s = format!("error: {} cannot be merged: {} problem(s); nothing written\n", out.display(), problems.len());
    for p in problems {
        s.push_str(&format!("  - {}\n    hint: {}\n", p.message(), p.hint()));
    }
    s
}
