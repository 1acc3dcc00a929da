//! Rule 7, decisions: the committee may forbid a pair (and pin one; pins are
//! checked on the plan as a whole, see [`pins`]).

use super::PairRule;
use crate::model::{CadreIdx, DecisionKind, PosIdx, Scenario};

/// Rule 7 of the contract.
pub struct Decisions;

impl PairRule for Decisions {
    fn code(&self) -> &'static str {
        "decision"
    }
    fn section(&self) -> &'static str {
        "rule 7"
    }
    fn exclude(&self, sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<String> {
        if !sc.forbidden.contains(&(c, p)) {
            return None;
        }
        let line = sc
            .decisions
            .iter()
            .find(|d| d.cadre == c && d.position == p && d.kind == DecisionKind::Forbid)
            .map(|d| d.line)
            .unwrap_or(0);
        Some(format!(
            "the committee forbade {} for {} (decisions.csv line {line})",
            sc.cadre_label(c),
            sc.position_label(p)
        ))
    }
}

/// The committee's pins: (cadre, post, decisions.csv line).
pub fn pins(sc: &Scenario) -> Vec<(CadreIdx, PosIdx, u64)> {
    sc.decisions.iter().filter(|d| d.kind == DecisionKind::Pin).map(|d| (d.cadre, d.position, d.line)).collect()
}
