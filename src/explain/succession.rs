//! The succession pool of a post, explained (section 10.14): who is named,
//! in rank order with the month each is ready and what each still lacks,
//! and why every other cadre of the post's pool is not named.

use serde::Serialize;

use crate::model::{fmt_num, CadreIdx, PosIdx, Scenario};
use crate::objective;
use crate::plan::Plan;
use crate::rules::{succession, Exclusion};

/// The pool of one post under a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolExplanation {
    /// The successors the post's title asks for (k).
    pub wanted: u32,
    /// The post's reference date at the next term.
    pub next_reference: String,
    pub named: Vec<Successor>,
    pub others: Vec<NotNamed>,
}

/// A named successor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Successor {
    pub cadre_id: String,
    pub name: String,
    pub rank: usize,
    /// What naming them adds to the objective: successor_points + fit.
    pub value: f64,
    pub ready: String,
    /// What they lack today, each with the training that closes it.
    pub lacks: Vec<String>,
}

/// A cadre of the post's pool the plan does not name, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum NotNamed {
    /// A rule excludes them at the next term.
    NotReady { cadre_id: String, name: String, exclusions: Vec<Exclusion> },
    /// Eligible at the next term but not named: the post's k places, the
    /// holder's own post or `max_succession_titles` went to others.
    Passed { cadre_id: String, name: String, value: f64, reason: String },
}

/// The pool of post p, or `None` when p's title names no successors.
pub fn of_post(sc: &Scenario, plan: &Plan, p: PosIdx) -> Option<PoolExplanation> {
    let wanted = sc.title_of(p).succession;
    if wanted == 0 {
        return None;
    }
    let named = &plan.successors[p];
    let next = succession::next_term(sc);
    let pool = succession::pools(sc).into_iter().filter(|&(q, _)| q == p).map(|(_, c)| c);
    let others = pool.filter(|c| !named.contains(c)).map(|c| not_named(sc, &next, plan, p, c)).collect();
    Some(PoolExplanation {
        wanted,
        next_reference: succession::next_reference(sc, p).to_string(),
        named: named.iter().enumerate().map(|(i, &c)| successor(sc, p, c, i + 1)).collect(),
        others,
    })
}

fn successor(sc: &Scenario, p: PosIdx, c: CadreIdx, rank: usize) -> Successor {
    Successor {
        cadre_id: sc.cadres[c].id.clone(),
        name: sc.cadres[c].name.clone(),
        rank,
        value: objective::successor_value(sc, c, p),
        ready: succession::ready(sc, c, p).to_string(),
        lacks: succession::pending(sc, c, p).iter().map(|x| x.describe()).collect(),
    }
}

fn not_named(sc: &Scenario, next: &Scenario, plan: &Plan, p: PosIdx, c: CadreIdx) -> NotNamed {
    let (cadre_id, name) = (sc.cadres[c].id.clone(), sc.cadres[c].name.clone());
    let exclusions = succession::excluded(next, c, p);
    if !exclusions.is_empty() {
        return NotNamed::NotReady { cadre_id, name, exclusions };
    }
    let value = objective::successor_value(sc, c, p);
    NotNamed::Passed { cadre_id, name, value, reason: passed_reason(sc, plan, p, c) }
}

/// Why an eligible pool member was passed over, the first that applies.
fn passed_reason(sc: &Scenario, plan: &Plan, p: PosIdx, c: CadreIdx) -> String {
    let (unit, title) = (sc.positions[p].unit, sc.positions[p].title);
    let holds =
        |q: usize| plan.assignment[q] == Some(c) && sc.positions[q].unit == unit && sc.positions[q].title == title;
    if (0..sc.positions.len()).any(holds) {
        return "they hold the post in this plan: a holder does not succeed themselves".into();
    }
    let pools = plan.successors.iter().filter(|s| s.contains(&c)).count();
    if sc.rules.max_succession_titles.is_some_and(|m| pools as u32 >= m) {
        return format!("they are named in {pools} other pool(s), the most max_succession_titles allows");
    }
    if plan.successors[p].len() >= sc.title_of(p).succession as usize {
        return "the post's places went to successors the optimum prefers".into();
    }
    format!(
        "naming them adds {} to the objective, which the optimum forgoes",
        fmt_num(objective::successor_value(sc, c, p))
    )
}

/// One note per pool the plan names cadre c in: the post, the rank, when ready.
pub fn cadre_notes(sc: &Scenario, plan: &Plan, c: CadreIdx) -> Vec<super::RuleNote> {
    let named = plan.successors.iter().enumerate().filter_map(|(p, s)| s.iter().position(|&x| x == c).map(|i| (p, i)));
    named
        .map(|(p, i)| super::RuleNote {
            rule: succession::CODE,
            fact: format!(
                "named successor {} of {} for the next term ({}), ready {}",
                i + 1,
                sc.position_label(p),
                succession::next_reference(sc, p),
                succession::ready(sc, c, p)
            ),
        })
        .collect()
}

impl PoolExplanation {
    /// Plain-language lines, indented under the post.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "  Successors for the next term ({}), {} of {} named:\n",
            self.next_reference,
            self.named.len(),
            self.wanted
        );
        for n in &self.named {
            s += &format!("  {}. {} ({}), ready {}, adds {}\n", n.rank, n.name, n.cadre_id, n.ready, fmt_num(n.value));
            for l in &n.lacks {
                s += &format!("       lacks today: {l}\n");
            }
        }
        for o in &self.others {
            match o {
                NotNamed::NotReady { cadre_id, name, exclusions } => {
                    s += &format!("  - {name} ({cadre_id}): not eligible at the next term\n");
                    s += &super::exclusions_text(exclusions);
                }
                NotNamed::Passed { cadre_id, name, reason, .. } => {
                    s += &format!("  - {name} ({cadre_id}): eligible at the next term, not named: {reason}\n");
                }
            }
        }
        s
    }
}
