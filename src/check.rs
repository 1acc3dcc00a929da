//! Independent re-derivation of every rule on a finished plan. It never calls
//! the solver nor reads the eligibility graph: only the rule modules' own
//! functions and the targets' evaluation.

use serde::Serialize;

use crate::model::{CadreIdx, PosIdx, Scenario};
use crate::plan::Plan;
use crate::rules::{self, decisions, min_time_in_post};
use crate::targets;

/// One way a plan breaks the rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// Rule code (`term_limit`, `pin`, `one_post_per_cadre`, `hard_target`, ...).
    pub rule: String,
    pub position: Option<String>,
    pub cadre: Option<String>,
    /// The fact behind it, in plain language.
    pub message: String,
}

/// Every violation of the plan, sorted by post then rule.
pub fn check(sc: &Scenario, plan: &Plan) -> Vec<Violation> {
    let mut out = Vec::new();
    let pid = |p: PosIdx| Some(sc.positions[p].id.clone());
    let cid = |c: CadreIdx| Some(sc.cadres[c].id.clone());

    // Each cadre holds at most one post.
    let mut held: Vec<Vec<PosIdx>> = vec![Vec::new(); sc.cadres.len()];
    for (p, a) in plan.assignment.iter().enumerate() {
        if let Some(c) = *a {
            held[c].push(p);
        }
    }
    for (c, posts) in held.iter().enumerate() {
        if posts.len() > 1 {
            let names: Vec<String> = posts.iter().map(|&p| sc.position_label(p)).collect();
            out.push(Violation {
                rule: "one_post_per_cadre".into(),
                position: pid(posts[1]),
                cadre: cid(c),
                message: format!("{} is assigned to {} posts: {}", sc.cadre_label(c), posts.len(), names.join(", ")),
            });
        }
    }

    // Rules 1–7 on every assigned pair.
    for (p, a) in plan.assignment.iter().enumerate() {
        if let Some(c) = *a {
            for e in rules::exclusions(sc, c, p) {
                out.push(Violation { rule: e.rule.into(), position: pid(p), cadre: cid(c), message: e.fact });
            }
        }
    }

    // Pins: the committee's and rule 3.6's.
    for (c, p, line) in decisions::pins(sc) {
        if plan.assignment[p] != Some(c) {
            out.push(Violation {
                rule: "pin".into(),
                position: pid(p),
                cadre: cid(c),
                message: format!(
                    "the committee pinned {} to {} (decisions.csv line {line}) but the plan does not",
                    sc.cadre_label(c),
                    sc.position_label(p)
                ),
            });
        }
    }
    for tp in min_time_in_post::pins(sc, |c, p| rules::is_eligible(sc, c, p)) {
        if plan.assignment[tp.position] != Some(tp.cadre) {
            out.push(Violation {
                rule: min_time_in_post::CODE.into(),
                position: pid(tp.position),
                cadre: cid(tp.cadre),
                message: format!("{}, but the plan moves them", min_time_in_post::describe(sc, &tp)),
            });
        }
    }

    // Hard targets.
    for t in sc.targets.iter().filter(|t| t.hard) {
        let (res, scopes) = targets::evaluate(sc, t, &plan.assignment);
        for s in scopes.iter().filter(|s| s.shortfall > 0.0) {
            let unit = s.unit.as_ref().map(|u| format!(" in unit {u}")).unwrap_or_default();
            out.push(Violation {
                rule: "hard_target".into(),
                position: None,
                cadre: None,
                message: format!(
                    "hard target `{}` ({} {}){unit}: {} of {} filled posts held by group `{}`, {} required; short by {}",
                    res.name,
                    res.bound,
                    res.value,
                    s.achieved,
                    s.filled,
                    res.group,
                    crate::plan::fmt_num(s.required),
                    crate::plan::fmt_num(s.shortfall)
                ),
            });
        }
    }
    out.sort_by(|a, b| (&a.position, &a.rule, &a.cadre).cmp(&(&b.position, &b.rule, &b.cadre)));
    out
}
