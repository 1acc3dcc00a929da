//! Rule 6, age: an appointment needs enough years before retirement:
//! `stay_min_years` for an incumbent who stays, `new_appointment_min_years`
//! for anyone else.

use super::PairRule;
use crate::model::{CadreIdx, PosIdx, Scenario};

/// Rule 6 of the contract.
pub struct Age;

impl PairRule for Age {
    fn code(&self) -> &'static str {
        "age"
    }
    fn section(&self) -> &'static str {
        "rule 6"
    }
    fn exclude(&self, sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<String> {
        let cad = &sc.cadres[c];
        let retire = sc.rules.retirement_age.as_ref()?.for_gender(cad.gender)?;
        let age = sc.age(c);
        let stays = sc.positions[p].incumbent == Some(c);
        let (need, what) = if stays {
            (sc.rules.stay_min_years, "to stay in the post")
        } else {
            (sc.rules.new_appointment_min_years, "for a new appointment")
        };
        (age + need > retire).then(|| {
            format!(
                "{} is {age} at the start of the term (born {}); {what} at least {need} years before retirement at {retire} are required, {} remain",
                sc.cadre_label(c),
                cad.birth_year,
                retire - age
            )
        })
    }
}
