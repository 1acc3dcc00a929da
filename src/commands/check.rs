//! `rotaplan check <scenario> <plan.csv>`: verifies a plan (solver-made or a
//! hand-made draft) against every rule, independently of the solver.

use std::path::Path;

use crate::cli::Format;
use crate::plan::fmt_num;
use crate::Error;

/// Runs the command: exit 0 when the plan breaks no rule, 4 otherwise.
pub fn run(dir: &Path, plan_path: &Path, format: Format, sets: &[crate::scenario::Override]) -> Result<(), Error> {
    let sc = crate::scenario::load_with(dir, sets)?;
    super::warn(&sc);
    let plan = crate::scenario::read_plan(&sc, plan_path)?;
    let violations = crate::check::check(&sc, &plan);
    let eval = plan.evaluate(&sc);
    match format {
        Format::Json => {
            let out = serde_json::json!({
                "scenario": sc.name,
                "valid": violations.is_empty(),
                "violations": violations,
                "objective": eval.objective,
                "counts": eval.counts,
                "targets": eval.targets,
            });
            super::print_json(&out)?;
        }
        Format::Text => {
            if violations.is_empty() {
                outln!("{}: the plan breaks no rule", plan_path.display());
            } else {
                outln!("{}: the plan breaks {} rule(s):", plan_path.display(), violations.len());
                for v in &violations {
                    outln!("  - [{}] {}", v.rule, v.message);
                }
            }
            let c = eval.counts;
            let reserved = if c.reserved > 0 { format!(" reserved {}", c.reserved) } else { String::new() };
            outln!(
                "objective {} | posts {} filled {} vacant {}{reserved} | kept {} moved {} new {}",
                fmt_num(eval.objective),
                c.posts,
                c.filled,
                c.vacant,
                c.kept,
                c.moved,
                c.new
            );
            for t in &eval.targets {
                outln!(
                    "  target {}: required {} achieved {} shortfall {}{}",
                    t.name,
                    fmt_num(t.required),
                    fmt_num(t.achieved),
                    fmt_num(t.shortfall),
                    if t.met { "" } else { " (missed)" }
                );
            }
        }
    }
    if violations.is_empty() {
        Ok(())
    } else {
        // Already reported on standard output.
        Err(Error::Exit(4))
    }
}
