//! Vacancy forecast (contract version 2, section 10.10): for every post of a
//! plan, when its holder will leave it: the retirement month, or the end of
//! the planned term when holding it brings the holder to the term limit.
//! Derived from the rule modules, so the forecast and the rules agree.

use serde::Serialize;

use crate::model::{PosIdx, Scenario, YearMonth};
use crate::plan::Plan;
use crate::rules::{age, rotation, term_limit};

/// Why a holder leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Retirement (schedule, fixed age or the cadre's own date).
    Retirement,
    /// The term limit is reached at the next term.
    TermLimit,
    /// A rotation reaches its period (section 10.13): the cadre may return.
    RotationEnd,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Retirement => "retirement",
            Reason::TermLimit => "term_limit",
            Reason::RotationEnd => "rotation_end",
        }
    }
}

/// The forecast for one post.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    pub position_id: String,
    pub cadre_id: Option<String>,
    /// The first month the holder no longer holds the post; `None` when no
    /// rule makes the holder leave before the next term's end (or the post is vacant).
    #[serde(serialize_with = "month_text")]
    pub leaves: Option<YearMonth>,
    pub reason: Option<Reason>,
    /// True when `leaves` falls before the end of the planned term.
    pub within_term: bool,
    /// In plain language.
    pub detail: String,
}

fn month_text<S: serde::Serializer>(m: &Option<YearMonth>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => s.serialize_str(&m.to_string()),
        None => s.serialize_none(),
    }
}

/// The forecast of post `p` under `plan`.
pub fn of_post(sc: &Scenario, plan: &Plan, p: PosIdx) -> Forecast {
    let position_id = sc.positions[p].id.clone();
    let Some(c) = plan.assignment[p] else {
        let kept = rotation::reserved_for(sc, &plan.assignment, p);
        return Forecast {
            position_id,
            cadre_id: kept.map(|(c, _)| sc.cadres[c].id.clone()),
            leaves: None,
            reason: None,
            within_term: false,
            detail: kept.map_or("vacant".into(), |(c, q)| rotation::describe_reserved(sc, c, q)),
        };
    };
    let cal = sc.calendar_of(p);
    let term_end = cal.term_start.plus_months(12 * cal.term_years);
    let next_end = term_end.plus_months(12 * cal.term_years);
    let retires = age::retirement_month(sc, c).map(|(m, _)| m).filter(|&m| m < next_end);
    let limit = term_limit::reached_at_next_term(sc, c, p).then_some(term_end);
    let back =
        rotation::is_rotation(sc, c, p).then(|| rotation::earliest_return(sc, p)).flatten().filter(|&m| m < next_end);
    let candidates = [(retires, Reason::Retirement), (limit, Reason::TermLimit), (back, Reason::RotationEnd)];
    // The earliest month wins; on a tie the order above (retirement first).
    let first = candidates.iter().filter_map(|&(m, r)| m.map(|m| (m, r))).min_by_key(|&(m, _)| m);
    let (leaves, reason) = (first.map(|f| f.0), first.map(|f| f.1));
    let detail = describe(sc, c, p, leaves, reason, term_end);
    let within_term = leaves.is_some_and(|m| m < term_end);
    Forecast { position_id, cadre_id: Some(sc.cadres[c].id.clone()), leaves, reason, within_term, detail }
}

fn describe(
    sc: &Scenario,
    c: usize,
    p: PosIdx,
    leaves: Option<YearMonth>,
    reason: Option<Reason>,
    term_end: YearMonth,
) -> String {
    let who = sc.cadre_label(c);
    match (leaves, reason) {
        (Some(m), Some(Reason::Retirement)) => {
            let when = match m.cmp(&term_end) {
                std::cmp::Ordering::Less => "before",
                std::cmp::Ordering::Equal => "as",
                std::cmp::Ordering::Greater => "after",
            };
            format!("{who} retires {m}, {when} the term ends {term_end}")
        }
        (Some(m), Some(Reason::RotationEnd)) => {
            format!("{who} is on rotation here and may return from {m}, when the rotation period ends")
        }
        (Some(m), Some(Reason::TermLimit)) => format!(
            "{who} reaches the term limit for {} with this term: the post falls vacant at the next term, {m}",
            sc.title_of(p).display()
        ),
        _ => format!(
            "{who} may hold the post through the next term (no retirement or term limit before {})",
            term_end.plus_months(12 * sc.calendar_of(p).term_years)
        ),
    }
}

/// Every post, in positions.csv order.
pub fn forecast(sc: &Scenario, plan: &Plan) -> Vec<Forecast> {
    sc.positions_in_file_order().into_iter().map(|p| of_post(sc, plan, p)).collect()
}

/// forecast.csv.
pub fn forecast_csv(sc: &Scenario, plan: &Plan) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["position_id", "cadre_id", "leaves", "reason", "within_term", "detail"])?;
    for f in forecast(sc, plan) {
        w.write_record([
            f.position_id,
            f.cadre_id.unwrap_or_default(),
            f.leaves.map(|m| m.to_string()).unwrap_or_default(),
            f.reason.map(|r| r.as_str().to_string()).unwrap_or_default(),
            f.within_term.to_string(),
            f.detail,
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// rotation.csv (version 2, section 10.13): one row per cadre the plan
/// rotates (a move marked `rotation`), by cadre id.
pub fn rotation_csv(sc: &Scenario, plan: &Plan) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["cadre_id", "from", "to", "start", "earliest_return", "origin"])?;
    for (c, cad) in sc.cadres.iter().enumerate() {
        let Some(q) = rotation::rotated_to(sc, &plan.assignment, c) else { continue };
        let from: Vec<&str> = cad.incumbent_of.iter().map(|&o| sc.positions[o].id.as_str()).collect();
        let origin = match (from.is_empty(), rotation::origins(sc, c, q).is_empty()) {
            (true, _) => "none",
            (false, false) => "kept",
            (false, true) => "released",
        };
        w.write_record([
            cad.id.clone(),
            from.join(";"),
            sc.positions[q].id.clone(),
            sc.reference_of(q).to_string(),
            rotation::earliest_return(sc, q).map(|m| m.to_string()).unwrap_or_default(),
            origin.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
