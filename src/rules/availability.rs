//! Rule 1, availability: a cadre marked `available = false` (discipline, leave,
//! health) may not be appointed to anything.

use super::PairRule;
use crate::model::{CadreIdx, PosIdx, Scenario};

/// Rule 1 of the contract.
pub struct Availability;

impl PairRule for Availability {
    fn code(&self) -> &'static str {
        "availability"
    }
    fn section(&self) -> &'static str {
        "rule 1"
    }
    fn exclude(&self, sc: &Scenario, c: CadreIdx, _p: PosIdx) -> Option<String> {
        let cad = &sc.cadres[c];
        (!cad.available).then(|| {
            format!(
                "{} is not available for appointment (available = false, cadres.csv line {})",
                sc.cadre_label(c),
                cad.line
            )
        })
    }
}
