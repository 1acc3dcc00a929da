//! The eligibility graph: which (cadre, post) pairs rules 1–7 allow, why the
//! other considered pairs are excluded, and the pins the plan must honour.
//!
//! Considered pairs are the planned pairs, incumbents' own posts and pairs
//! named in decisions; without required planning every pair is considered, but
//! exclusions are kept only for the pairs above (the rest would be noise).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{CadreIdx, DecisionKind, PosIdx, Scenario, YearMonth};
use crate::rules::{self, min_time_in_post, Exclusion};
use crate::scenario::{InputErrors, Problem};

/// Where a pin comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinSource {
    /// A `pin` row of decisions.csv.
    Decision { line: u64 },
    /// Rule 3.6: the incumbent has been in post since this month.
    MinTimeInPost { since: YearMonth },
    /// A what-if pin added for an explanation or a comparison.
    WhatIf,
}

impl PinSource {
    /// Where the pin comes from, in words.
    pub fn describe(&self, sc: &Scenario) -> String {
        match self {
            PinSource::Decision { line } => format!("the committee's pin (decisions.csv line {line})"),
            PinSource::MinTimeInPost { since } => {
                format!("rule 3.6 (minimum time in post; in post since {})", sc.date_label(*since))
            }
            PinSource::WhatIf => "a what-if pin".to_string(),
        }
    }
}

/// A what-if change for a re-solve: pairs to pin and pairs to forbid.
#[derive(Debug, Clone, Default)]
pub struct Variant {
    /// (position, cadre) pairs that must hold.
    pub pin: Vec<(PosIdx, CadreIdx)>,
    /// (position, cadre) pairs that may not hold.
    pub forbid: Vec<(PosIdx, CadreIdx)>,
}

/// A pair the plan must contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub cadre: CadreIdx,
    pub position: PosIdx,
    pub source: PinSource,
}

/// Eligible pairs, excluded considered pairs with their reasons, and pins.
#[derive(Debug, Clone)]
pub struct Eligibility {
    /// Eligible pairs (position, cadre), sorted.
    pub pairs: Vec<(PosIdx, CadreIdx)>,
    /// Considered pairs that a rule excludes, with every rule that does.
    pub excluded: BTreeMap<(PosIdx, CadreIdx), Vec<Exclusion>>,
    /// Pins, sorted by post.
    pub pins: Vec<Pin>,
    /// (post, cadre) pairs that may be named successor (version 2, section
    /// 10.14): in the post's pool and eligible at the next term; sorted.
    pub successors: Vec<(PosIdx, CadreIdx)>,
}

/// Pairs worth recording when excluded: planned, incumbents', decisions'.
fn noted_pairs(sc: &Scenario) -> BTreeSet<(PosIdx, CadreIdx)> {
    let mut set = BTreeSet::new();
    for &(c, p) in sc.planned_position.keys() {
        set.insert((p, c));
    }
    if !sc.planned_title.is_empty() {
        let mut by_title: BTreeMap<usize, Vec<PosIdx>> = BTreeMap::new();
        for (p, pos) in sc.positions.iter().enumerate() {
            by_title.entry(pos.title).or_default().push(p);
        }
        for &(c, t) in sc.planned_title.keys() {
            for &p in by_title.get(&t).into_iter().flatten() {
                set.insert((p, c));
            }
        }
    }
    for (p, pos) in sc.positions.iter().enumerate() {
        if let Some(c) = pos.incumbent {
            set.insert((p, c));
        }
    }
    for d in &sc.decisions {
        set.insert((d.position, d.cadre));
    }
    set
}

/// Builds the eligibility graph and the pins; pins that break a rule or
/// collide with another pin are input errors (contract section 2, decisions.csv).
pub fn build(sc: &Scenario) -> Result<Eligibility, InputErrors> {
    let noted = noted_pairs(sc);
    let mut pairs = Vec::new();
    let mut excluded = BTreeMap::new();
    for &(p, c) in &noted {
        let why = rules::exclusions(sc, c, p);
        if why.is_empty() {
            pairs.push((p, c));
        } else {
            excluded.insert((p, c), why);
        }
    }
    if !sc.rules.require_planning {
        for p in 0..sc.positions.len() {
            for c in 0..sc.cadres.len() {
                if !noted.contains(&(p, c)) && rules::is_eligible(sc, c, p) {
                    pairs.push((p, c));
                }
            }
        }
        pairs.sort_unstable();
    }

    let mut problems = Vec::new();
    let mut pins: Vec<Pin> = Vec::new();
    let eligible = |c: CadreIdx, p: PosIdx| pairs.binary_search(&(p, c)).is_ok();
    for tp in min_time_in_post::pins(sc, eligible) {
        pins.push(Pin { cadre: tp.cadre, position: tp.position, source: PinSource::MinTimeInPost { since: tp.since } });
    }
    for d in sc.decisions.iter().filter(|d| d.kind == DecisionKind::Pin) {
        let (c, p) = (d.cadre, d.position);
        let fail = |message: String, hint: &str| Problem {
            file: "decisions.csv".into(),
            line: Some(d.line),
            column: None,
            field: Some("decision".into()),
            message,
            hint: hint.into(),
        };
        if let Some(why) = excluded.get(&(p, c)) {
            let rules: Vec<String> = why.iter().map(|e| format!("{} ({}): {}", e.rule, e.section, e.fact)).collect();
            problems.push(fail(
                format!("pin of {} to {} breaks {}", sc.cadre_label(c), sc.position_label(p), rules.join("; ")),
                "remove the pin, or change the data that makes the pair ineligible",
            ));
            continue;
        }
        // A cadre may be pinned to each post of one bundle of concurrent posts.
        let bundle: Vec<PosIdx> = pins.iter().filter(|q| q.cadre == c).map(|q| q.position).chain([p]).collect();
        let bundled = bundle.len() > 1 && !bundle[..bundle.len() - 1].contains(&p) && sc.bundle_base(&bundle).is_some();
        let clash = pins.iter().find(|q| (q.cadre == c && !bundled) || q.position == p);
        if let Some(q) = clash {
            if q.cadre == c && q.position == p {
                continue; // the same pair, already pinned by rule 3.6
            }
            let other = match &q.source {
                PinSource::Decision { line } => format!("the pin at decisions.csv line {line}"),
                PinSource::MinTimeInPost { since } => format!(
                    "rule 3.6 (minimum time in post): {}",
                    min_time_in_post::describe(
                        sc,
                        &min_time_in_post::TimePin { cadre: q.cadre, position: q.position, since: *since }
                    )
                ),
                PinSource::WhatIf => "a what-if pin".to_string(),
            };
            let shared = if q.cadre == c {
                format!("cadre {}", sc.cadre_label(c))
            } else {
                format!("post {}", sc.position_label(p))
            };
            problems.push(fail(
                format!("pin of {} to {} shares the {shared} with {other}", sc.cadre_label(c), sc.position_label(p)),
                "keep at most one pin per cadre and per post",
            ));
            continue;
        }
        pins.push(Pin { cadre: c, position: p, source: PinSource::Decision { line: d.line } });
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(InputErrors { problems, warnings: Vec::new() });
    }
    pins.sort_by_key(|p| (p.position, p.cadre));
    Ok(Eligibility { pairs, excluded, pins, successors: crate::rules::succession::eligible(sc) })
}

impl Eligibility {
    /// Eligible cadres of a post.
    pub fn candidates_of(&self, p: PosIdx) -> impl Iterator<Item = CadreIdx> + '_ {
        let start = self.pairs.partition_point(|&(q, _)| q < p);
        self.pairs[start..].iter().take_while(move |&&(q, _)| q == p).map(|&(_, c)| c)
    }

    /// True when the pair is eligible.
    pub fn contains(&self, p: PosIdx, c: CadreIdx) -> bool {
        self.pairs.binary_search(&(p, c)).is_ok()
    }

    /// The pin on post `p` or on cadre `c`, if any.
    pub fn pin_touching(&self, p: PosIdx, c: CadreIdx) -> Option<&Pin> {
        self.pins.iter().find(|q| q.position == p || q.cadre == c)
    }

    /// A copy with the variant applied; `Err` says why it cannot apply (a pin
    /// on an ineligible pair, or one that collides with another pin).
    pub fn with_variant(&self, sc: &Scenario, v: &Variant) -> Result<Eligibility, String> {
        let mut out = self.clone();
        for &(p, c) in &v.forbid {
            if let Some(q) = out.pins.iter().find(|q| q.position == p && q.cadre == c) {
                return Err(format!(
                    "{} is held by {} and cannot be forbidden",
                    sc.position_label(p),
                    q.source.describe(sc)
                ));
            }
            if let Ok(i) = out.pairs.binary_search(&(p, c)) {
                out.pairs.remove(i);
            }
        }
        for &(p, c) in &v.pin {
            if !out.contains(p, c) {
                return Err(format!("{} is not eligible for {}", sc.cadre_label(c), sc.position_label(p)));
            }
            if let Some(q) = out.pin_touching(p, c) {
                if q.position == p && q.cadre == c {
                    continue;
                }
                return Err(format!(
                    "{} is bound to {} by {}",
                    sc.cadre_label(q.cadre),
                    sc.position_label(q.position),
                    q.source.describe(sc)
                ));
            }
            out.pins.push(Pin { cadre: c, position: p, source: PinSource::WhatIf });
        }
        out.pins.sort_by_key(|p| (p.position, p.cadre));
        Ok(out)
    }
}

/// How many considered pairs, and how many distinct cadres, each rule excludes.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RuleCount {
    pub pairs: usize,
    pub cadres: usize,
}

impl Eligibility {
    /// Per rule code, in code order: the pairs it excludes and the cadres it excludes from at least one post.
    pub fn counts_by_rule(&self) -> BTreeMap<&'static str, RuleCount> {
        let mut cadres: BTreeMap<&'static str, std::collections::BTreeSet<CadreIdx>> = BTreeMap::new();
        let mut out: BTreeMap<&'static str, RuleCount> = BTreeMap::new();
        for (&(_, c), why) in &self.excluded {
            for e in why {
                out.entry(e.rule).or_default().pairs += 1;
                cadres.entry(e.rule).or_default().insert(c);
            }
        }
        for (rule, set) in cadres {
            out.entry(rule).or_default().cadres = set.len();
        }
        out
    }
}
