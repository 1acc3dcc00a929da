//! decisions.csv (optional): the committee's pins and vetoes.

use std::collections::HashMap;
use std::path::Path;

use super::columns;
use super::problems::Problems;
use super::refs::Refs;
use super::table::{self, Row, Table};
use crate::model::{CadreIdx, Decision, DecisionKind, PosIdx};

const FILE: &str = "decisions.csv";

/// Reads decisions.csv, sorted by (post, cadre); one decision per pair.
pub fn read(dir: &Path, refs: &Refs, problems: &mut Problems) -> Vec<Decision> {
    let mut decisions = Vec::new();
    if !dir.join(FILE).exists() {
        return decisions;
    }
    let Some(t) = table::read(dir, FILE, columns::DECISIONS, problems) else { return decisions };
    let mut seen: HashMap<(CadreIdx, PosIdx), u64> = HashMap::new();
    for r in &t.rows {
        let Some(d) = row(&t, r, refs, problems) else { continue };
        match seen.insert((d.cadre, d.position), r.line) {
            Some(prev) => problems.at(
                FILE,
                r.line,
                t.loc("position_id"),
                format!(
                    "a decision on cadre `{}` and post `{}` is already given at line {prev}",
                    t.get(r, "cadre_id").unwrap_or(""),
                    t.get(r, "position_id").unwrap_or("")
                ),
                "keep one decision per pair",
            ),
            None => decisions.push(d),
        }
    }
    decisions.sort_by_key(|d| (d.position, d.cadre));
    decisions
}

fn row(t: &Table, r: &Row, refs: &Refs, problems: &mut Problems) -> Option<Decision> {
    let c = refs.cadre(t, r, problems);
    let p = t.required(r, "position_id", problems).and_then(|v| refs.position(t, r, v, problems));
    let kind = t.parsed(r, "decision", problems, parse_kind, "`pin` or `forbid`");
    Some(Decision { cadre: c?, position: p?, kind: kind?, line: r.line })
}

fn parse_kind(s: &str) -> Option<DecisionKind> {
    match s {
        "pin" => Some(DecisionKind::Pin),
        "forbid" => Some(DecisionKind::Forbid),
        _ => None,
    }
}
