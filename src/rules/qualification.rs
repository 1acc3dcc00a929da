//! Rule 2, qualification: a cadre's education and political theory must reach
//! the minimums set for the post's title.

use super::PairRule;
use crate::model::{CadreIdx, PosIdx, Scenario};

/// Rule 2 of the contract.
pub struct Qualification;

impl PairRule for Qualification {
    fn code(&self) -> &'static str {
        "qualification"
    }
    fn section(&self) -> &'static str {
        "rule 2"
    }
    fn exclude(&self, sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<String> {
        let cad = &sc.cadres[c];
        let title = sc.title_of(p);
        let mut gaps = Vec::new();
        if let Some(min) = title.min_education {
            if cad.education < min {
                gaps.push(format!("education {} is below the required {}", cad.education.as_str(), min.as_str()));
            }
        }
        if let Some(min) = title.min_theory {
            if cad.theory < min {
                gaps.push(format!("political theory {} is below the required {}", cad.theory.as_str(), min.as_str()));
            }
        }
        (!gaps.is_empty()).then(|| format!("{}: {} for {}", sc.cadre_label(c), gaps.join(" and "), title.display()))
    }
}
