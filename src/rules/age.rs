//! Rule 6, age: an appointment needs enough service left before retirement,
//! counted in months from the post's reference date to the retirement month,
//! by kind of move: `rotation` (marked in candidates.csv) over `stay` (the
//! incumbent) over `lateral` (to a post of equal or lower rank than one held
//! now, or of a title held now) over `first` (version 1: `stay_min_years`
//! for the incumbent, `new_appointment_min_years` for anyone else).

use super::PairRule;
use crate::model::{CadreIdx, Gender, MoveKind, PosIdx, Retirement, Scenario, Title, YearMonth};
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

/// The kind of move that appointing `c` to `p` is (precedence: rotation,
/// stay, lateral, first).
pub fn move_kind(sc: &Scenario, c: CadreIdx, p: PosIdx) -> MoveKind {
    if sc.is_rotation(c, p) {
        MoveKind::Rotation
    } else if sc.positions[p].incumbent == Some(c) {
        MoveKind::Stay
    } else if held_now(sc, c).any(|t| is_lateral(t, sc.title_of(p))) {
        MoveKind::Lateral
    } else {
        MoveKind::First
    }
}

/// A move from a post of title `from` to one of title `to` is lateral when
/// the title is the same or `to` ranks no higher.
fn is_lateral(from: &Title, to: &Title) -> bool {
    from.key == to.key || matches!((from.rank, to.rank), (Some(a), Some(b)) if a >= b)
}

/// The titles a cadre holds now: the post of positions.csv and open tenures of history.csv.
fn held_now(sc: &Scenario, c: CadreIdx) -> impl Iterator<Item = &Title> {
    let cad = &sc.cadres[c];
    let post = cad.incumbent_of.iter().map(|&q| sc.title_of(q));
    let open = cad.tenures.iter().filter(|t| t.end.is_none()).filter_map(|t| sc.title_index.get(&t.title));
    post.into_iter().chain(open.map(|&i| &sc.titles[i]))
}

/// The months of service a pair needs, and the kind of move it is.
fn required(sc: &Scenario, c: CadreIdx, p: PosIdx) -> (i32, MoveKind) {
    let kind = move_kind(sc, c, p);
    (sc.remaining_needed(p, kind), kind)
}

/// How a kind of move is named in a sentence.
pub fn move_words(kind: MoveKind) -> &'static str {
    match kind {
        MoveKind::First => "a first appointment",
        MoveKind::Lateral => "a lateral move",
        MoveKind::Stay => "staying in the post",
        MoveKind::Rotation => "a rotation",
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
        let reference = sc.reference_of(p);
        let remain = reference.months_until(retires);
        let (need, kind) = required(sc, c, p);
        let facts = Facts { retires, basis, reference, remain, need, kind };
        (remain < need).then(|| fact(sc, c, &facts))
    }
}

/// What the age rule found for one pair.
struct Facts {
    retires: YearMonth,
    basis: Basis,
    reference: YearMonth,
    remain: i32,
    need: i32,
    kind: MoveKind,
}

/// The sentence behind an exclusion, in the scenario's own units: years in
/// version 1 (as it has always read), months and dates in version 2.
fn fact(sc: &Scenario, c: CadreIdx, f: &Facts) -> String {
    let cad = &sc.cadres[c];
    if sc.contract == 1 {
        if let Basis::FixedAge(at) = f.basis {
            let what = if f.kind == MoveKind::Stay { "to stay in the post" } else { "for a new appointment" };
            return format!(
                "{} is {} at the start of the term (born {}); {what} at least {} years before retirement at {at} are required, {} remain",
                sc.cadre_label(c),
                sc.age(c),
                cad.birth.year,
                f.need / 12,
                f.remain / 12
            );
        }
    }
    format!(
        "{} retires {} ({}); that is {} after the reference date {}, and {} needs {}",
        sc.cadre_label(c),
        f.retires,
        basis_text(cad.gender, cad.birth, f.basis),
        sc.duration_label(f.remain),
        f.reference,
        move_words(f.kind),
        sc.duration_label(f.need)
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
