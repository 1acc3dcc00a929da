//! Rule 3, planning: when planning is required, only cadres in the planning
//! pool of a post (named for the post or for its title) or its incumbent may
//! be appointed to it.

use super::PairRule;
use crate::model::{CadreIdx, PosIdx, Scenario};

/// Rule 3 of the contract.
pub struct Planning;

impl PairRule for Planning {
    fn code(&self) -> &'static str {
        "planning"
    }
    fn section(&self) -> &'static str {
        "rule 3"
    }
    fn exclude(&self, sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<String> {
        if !sc.rules.require_planning || sc.positions[p].incumbent == Some(c) || sc.planning_score(c, p).is_some() {
            return None;
        }
        Some(format!(
            "{} is not in the planning pool for {} (no candidates.csv row for the post or for the title {})",
            sc.cadre_label(c),
            sc.position_label(p),
            sc.title_of(p).key
        ))
    }
}
