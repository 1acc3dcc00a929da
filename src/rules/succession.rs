//! Succession pools (contract section 10.14): for each post of a title
//! with `succession = k`, the plan names up to k successors from the post's
//! planning pool who will be eligible at the *next* term's reference date.
//!
//! Eligibility at the next term is every pair rule applied to the scenario
//! as it will stand then ([`next_term`]): each calendar one term later,
//! service recorded up to today's reference dates and no later, nobody
//! holding a post yet (a successor is appointed new, with the `first` kind's
//! remaining service), and training.csv's qualifications counted from their
//! completion. The same functions serve the solver's successor variables
//! and `check`.

use super::{exclusions, Exclusion};
use crate::model::{CadreIdx, PosIdx, Requirement, Scenario, Tenure, YearMonth};
use crate::rules::qualification;

/// The violation code of a successor the rules do not allow.
pub const CODE: &str = "succession";

/// True when some title names successors: only then does a plan have pools.
pub fn in_use(sc: &Scenario) -> bool {
    sc.titles.iter().any(|t| t.succession > 0)
}

/// The scenario as it will stand at the next term: every calendar's term
/// start and reference dates (and each title's own) one term later; every
/// tenure ends by the reference date it was recorded against (the planned
/// term is not yet served); no incumbents, rotations, pins or vetoes; and
/// planning required, so that successors come from the planning pools.
pub fn next_term(sc: &Scenario) -> Scenario {
    let mut next = sc.clone();
    for t in &mut next.titles {
        let months = sc.calendars[t.calendar].term_years * 12;
        t.reference = t.reference.map(|r| r.plus_months(months));
    }
    for cal in &mut next.calendars {
        let months = cal.term_years * 12;
        cal.term_start = cal.term_start.plus_months(months);
        cal.reference_province = cal.reference_province.plus_months(months);
        cal.reference_commune = cal.reference_commune.plus_months(months);
    }
    next.reference = sc.reference.plus_months(sc.term_years * 12);
    next.term_start += sc.term_years;
    for (c, cad) in next.cadres.iter_mut().enumerate() {
        cad.incumbent_of.clear();
        for (t, tenure) in cad.tenures.iter_mut().enumerate() {
            let until = tenure_reference(sc, &sc.cadres[c].tenures[t]);
            tenure.end = Some(tenure.end.unwrap_or(until).min(until));
        }
    }
    next.positions.iter_mut().for_each(|p| p.incumbent = None);
    next.rotation_position.clear();
    next.rotation_title.clear();
    next.decisions.clear();
    next.forbidden.clear();
    next.rules.require_planning = true;
    next
}

/// The reference date a tenure was recorded against: its title's (for a
/// title scenario.toml defines) at its unit's level, else the scenario's.
fn tenure_reference(sc: &Scenario, t: &Tenure) -> YearMonth {
    match sc.title_index.get(&t.title) {
        Some(&ti) => {
            let title = &sc.titles[ti];
            title.reference.unwrap_or_else(|| sc.calendars[title.calendar].reference(sc.units[t.unit].level))
        }
        None => sc.reference,
    }
}

/// The reference date of post p at the next term.
pub fn next_reference(sc: &Scenario, p: PosIdx) -> YearMonth {
    sc.reference_of(p).plus_months(sc.calendar_of(p).term_years * 12)
}

/// Every (post, cadre) of a planning row (by post or by title) for a post
/// whose title names successors, sorted: the pools before the rules.
pub fn pools(sc: &Scenario) -> Vec<(PosIdx, CadreIdx)> {
    let keyed = |p: PosIdx| sc.title_of(p).succession > 0;
    let mut out: Vec<(PosIdx, CadreIdx)> =
        sc.planned_position.keys().filter(|&&(_, p)| keyed(p)).map(|&(c, p)| (p, c)).collect();
    for &(c, ti) in sc.planned_title.keys().filter(|&&(_, ti)| sc.titles[ti].succession > 0) {
        out.extend((0..sc.positions.len()).filter(|&p| sc.positions[p].title == ti).map(|p| (p, c)));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The (post, cadre) pairs that may be named: in a pool and eligible at the next term.
pub fn eligible(sc: &Scenario) -> Vec<(PosIdx, CadreIdx)> {
    if !in_use(sc) {
        return Vec::new();
    }
    let next = next_term(sc);
    pools(sc).into_iter().filter(|&(p, c)| super::is_eligible(&next, c, p)).collect()
}

/// Why c may not be named successor of p: every rule that excludes the
/// pair at the next term (`next` is [`next_term`] of the scenario).
pub fn excluded(next: &Scenario, c: CadreIdx, p: PosIdx) -> Vec<Exclusion> {
    exclusions(next, c, p)
}

/// A qualification c lacks today for p's title that a training completes by the next term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub gap: qualification::Gap,
    /// The completion month of the training that closes the gap.
    pub completion: YearMonth,
}

impl Pending {
    /// "political theory intermediate, advanced required (training completes 2027-06)".
    pub fn describe(&self) -> String {
        format!(
            "{} {}, {} required (training completes {})",
            self.gap.needs.kind(),
            self.gap.has.level(),
            self.gap.needs.level(),
            self.completion
        )
    }
}

/// What c still lacks today (at p's reference date) for p's title, each
/// with the training that closes it before the next term.
pub fn pending(sc: &Scenario, c: CadreIdx, p: PosIdx) -> Vec<Pending> {
    let by = next_reference(sc, p);
    let closes = |needs: &Requirement| {
        let ok = sc.cadres[c].training.iter().filter(|t| t.completion < by && t.requirement.reaches(needs));
        ok.map(|t| t.completion).min()
    };
    let gaps = qualification::gaps(sc, c, p, sc.reference_of(p));
    gaps.into_iter().filter_map(|gap| closes(&gap.needs).map(|completion| Pending { gap, completion })).collect()
}

/// The month c is ready for p: p's reference date today, or the last
/// completion of the trainings c still needs.
pub fn ready(sc: &Scenario, c: CadreIdx, p: PosIdx) -> YearMonth {
    pending(sc, c, p).iter().map(|x| x.completion).fold(sc.reference_of(p), YearMonth::max)
}

/// One way a plan's pools break the rules: the post, the cadre, the fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub post: Option<PosIdx>,
    pub cadre: Option<CadreIdx>,
    pub fact: String,
}

/// Checks the pools of a plan (`assignment`, `successors` as in the plan)
/// without the solver: each post names at most its title's k, each once;
/// each successor is in the post's pool and eligible at the next term, and
/// does not hold a post of the same title and unit in the plan; nobody is
/// named for more than `max_succession_titles` posts.
pub fn broken(sc: &Scenario, assignment: &[Option<CadreIdx>], successors: &[Vec<CadreIdx>]) -> Vec<Broken> {
    if successors.iter().all(Vec::is_empty) {
        return Vec::new();
    }
    let next = next_term(sc);
    let mut out = Vec::new();
    let mut named_for = vec![0u32; sc.cadres.len()];
    for (p, named) in successors.iter().enumerate() {
        out.extend(too_many(sc, p, named));
        let mut seen = std::collections::BTreeSet::new();
        for &c in named.iter().filter(|&&c| seen.insert(c)) {
            named_for[c] += 1;
            out.extend(excluded(&next, c, p).into_iter().map(|e| at_next_term(sc, p, c, e)));
            out.extend(holds_the_post(sc, assignment, p, c));
        }
    }
    out.extend(over_limit(sc, &named_for));
    out
}

fn too_many(sc: &Scenario, p: PosIdx, named: &[CadreIdx]) -> Option<Broken> {
    let k = sc.title_of(p).succession as usize;
    let distinct = named.iter().collect::<std::collections::BTreeSet<_>>().len();
    (named.len() > k || distinct < named.len()).then(|| Broken {
        post: Some(p),
        cadre: None,
        fact: format!(
            "{} names {} successor(s){}; its title {} names at most {k}, each once",
            sc.position_label(p),
            named.len(),
            if distinct < named.len() { " with repeats" } else { "" },
            sc.title_of(p).display()
        ),
    })
}

fn at_next_term(sc: &Scenario, p: PosIdx, c: CadreIdx, e: Exclusion) -> Broken {
    let fact = format!(
        "{} is named successor of {} but is not eligible at the next term ({}): {} ({})",
        sc.cadre_label(c),
        sc.position_label(p),
        next_reference(sc, p),
        e.fact,
        e.rule
    );
    Broken { post: Some(p), cadre: Some(c), fact }
}

/// A successor who holds the post (or one of its title in its unit) in the
/// plan would succeed themselves.
fn holds_the_post(sc: &Scenario, assignment: &[Option<CadreIdx>], p: PosIdx, c: CadreIdx) -> Option<Broken> {
    let (unit, title) = (sc.positions[p].unit, sc.positions[p].title);
    let q = (0..sc.positions.len())
        .find(|&q| assignment[q] == Some(c) && sc.positions[q].unit == unit && sc.positions[q].title == title)?;
    Some(Broken {
        post: Some(p),
        cadre: Some(c),
        fact: format!(
            "{} is named successor of {} and holds {} in the plan: a holder does not succeed themselves",
            sc.cadre_label(c),
            sc.position_label(p),
            sc.position_label(q)
        ),
    })
}

fn over_limit(sc: &Scenario, named_for: &[u32]) -> Vec<Broken> {
    let Some(max) = sc.rules.max_succession_titles else { return Vec::new() };
    let over = named_for.iter().enumerate().filter(|(_, &n)| n > max);
    over.map(|(c, &n)| Broken {
        post: None,
        cadre: Some(c),
        fact: format!("{} is named successor of {n} posts; max_succession_titles allows {max}", sc.cadre_label(c)),
    })
    .collect()
}
