//! `rotaplan validate <scenario>`: reads a scenario, reports every problem
//! (exit 2) or a short summary of what it holds.

use std::path::Path;

use crate::cli::Format;
use crate::Error;

/// Runs the command.
pub fn run(dir: &Path, format: Format) -> Result<(), Error> {
    let (sc, el) = match (crate::pipeline::prepare(dir), format) {
        (Ok(x), _) => x,
        (Err(e), Format::Json) => {
            // Programs read the problems as data: file, line, column, field, message, hint.
            super::print_json(&serde_json::json!({ "valid": false, "problems": e.problems, "warnings": e.warnings }))?;
            return Err(Error::Exit(2));
        }
        (Err(e), Format::Text) => return Err(e.into()),
    };
    super::warn(&sc);
    let summary = serde_json::json!({
        "valid": true,
        "warnings": sc.warnings,
        "scenario": sc.name,
        "units": sc.units.len(),
        "positions": sc.positions.len(),
        "cadres": sc.cadres.len(),
        "titles": sc.titles.len(),
        "targets": sc.targets.len(),
        "eligible_pairs": el.pairs.len(),
        "excluded_pairs": el.excluded.len(),
        "pins": el.pins.len(),
        "excluded_by_rule": el.counts_by_rule(),
        "possible_successors": el.successors.len(),
        "wishes": sc.cadres.iter().map(|c| c.preferences.len()).sum::<usize>(),
        "trainings": sc.cadres.iter().map(|c| c.training.len()).sum::<usize>(),
    });
    match format {
        Format::Json => super::print_json(&summary)?,
        Format::Text => {
            outln!("{}: valid", sc.name);
            outln!(
                "  {} units, {} posts, {} cadres, {} titles, {} targets",
                sc.units.len(),
                sc.positions.len(),
                sc.cadres.len(),
                sc.titles.len(),
                sc.targets.len()
            );
            outln!(
                "  {} eligible pairs, {} considered pairs excluded by a rule, {} pins",
                el.pairs.len(),
                el.excluded.len(),
                el.pins.len()
            );
            for (rule, n) in el.counts_by_rule() {
                outln!("    {rule}: {} pairs, {} cadres", n.pairs, n.cadres);
            }
            if crate::rules::succession::in_use(&sc) {
                outln!(
                    "  {} (post, cadre) pairs may be named successor at the next term",
                    summary["possible_successors"]
                );
            }
            if sc.has_preferences() || summary["trainings"] != 0 {
                outln!("  {} wishes, {} trainings", summary["wishes"], summary["trainings"]);
            }
            let without: Vec<&str> = (0..sc.positions.len())
                .filter(|&p| el.candidates_of(p).next().is_none())
                .map(|p| sc.positions[p].id.as_str())
                .collect();
            if !without.is_empty() {
                outln!(
                    "  {} post(s) have no eligible candidate and will stay vacant: {}",
                    without.len(),
                    without.join(", ")
                );
            }
        }
    }
    Ok(())
}
