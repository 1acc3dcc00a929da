//! Rule 6, age: an appointment needs enough service left before retirement,
//! counted in months from the reference date to the retirement month:
//! `stay` for an incumbent who stays, `first` for anyone else (version 1:
//! `stay_min_years` and `new_appointment_min_years`, in years).

use super::PairRule;
use crate::model::{CadreIdx, Gender, PosIdx, Retirement, Scenario, YearMonth};
use crate::policy::retirement;

/// Rule 6 of the contract.
pub struct Age;

/// Where a cadre's retirement month comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// `retirement_date` in cadres.csv.
    Given,
    /// A fixed age in whole years.
    FixedAge(i32),
    /// The statutory schedule: the age (in months) that applies in the retirement year.
    Schedule(i32),
}

/// The month a cadre retires in, and why; `None` when no rule applies to them.
pub fn retirement_month(sc: &Scenario, c: CadreIdx) -> Option<(YearMonth, Basis)> {
    let cad = &sc.cadres[c];
    if let Some(m) = cad.retirement_date {
        return Some((m, Basis::Given));
    }
    match &sc.rules.retirement {
        Retirement::None => None,
        Retirement::Fixed(ages) => {
            let age = ages.for_gender(cad.gender)?;
            Some((cad.birth.plus_months(12 * age), Basis::FixedAge(age)))
        }
        Retirement::LabourCode2019 => {
            let m = retirement::retirement_month(cad.gender, cad.birth);
            Some((m, Basis::Schedule(retirement::age_in_months(cad.gender, m.year))))
        }
    }
}

/// The months of service a pair needs, and the kind of move it is.
fn required(sc: &Scenario, c: CadreIdx, p: PosIdx) -> (i32, &'static str) {
    if sc.positions[p].incumbent == Some(c) {
        (sc.rules.stay_min_months, "to stay in the post")
    } else {
        (sc.rules.first_min_months, "for a new appointment")
    }
}

impl PairRule for Age {
    fn code(&self) -> &'static str {
        "age"
    }
    fn section(&self) -> &'static str {
        "rule 6"
    }
    fn exclude(&self, sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<String> {
        let (retires, basis) = retirement_month(sc, c)?;
        let remain = sc.reference.months_until(retires);
        let (need, what) = required(sc, c, p);
        (remain < need).then(|| fact(sc, c, retires, basis, remain, need, what))
    }
}

/// The sentence behind an exclusion, in the scenario's own units: years in
/// version 1 (as it has always read), months and dates in version 2.
fn fact(sc: &Scenario, c: CadreIdx, retires: YearMonth, basis: Basis, remain: i32, need: i32, what: &str) -> String {
    let cad = &sc.cadres[c];
    if sc.contract == 1 {
        if let Basis::FixedAge(at) = basis {
            return format!(
                "{} is {} at the start of the term (born {}); {what} at least {} years before retirement at {at} are required, {} remain",
                sc.cadre_label(c),
                sc.age(c),
                cad.birth.year,
                need / 12,
                remain / 12
            );
        }
    }
    format!(
        "{} retires {retires} ({}); that is {} after the reference date {}, and {what} {} are required",
        sc.cadre_label(c),
        basis_text(cad.gender, cad.birth, basis),
        sc.duration_label(remain),
        sc.reference,
        sc.duration_label(need)
    )
}

fn basis_text(gender: Gender, birth: YearMonth, basis: Basis) -> String {
    let who = match gender {
        Gender::F => "a woman",
        Gender::M => "a man",
    };
    match basis {
        Basis::Given => "the date given in cadres.csv".to_string(),
        Basis::FixedAge(age) => format!("born {birth}, retirement age {age}"),
        Basis::Schedule(m) => {
            format!("schedule of Decree 135/2020: {who} born {birth} retires at {}y{}m", m / 12, m % 12)
        }
    }
}
