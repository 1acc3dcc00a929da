//! Independent re-derivation of every rule on a finished plan. It never calls
//! the solver nor reads the eligibility graph: only the rule modules' own
//! functions and the targets' evaluation.

use serde::Serialize;

use crate::model::{CadreIdx, PosIdx, Scenario};
use crate::plan::{fmt_num, Plan};
use crate::rules::{self, decisions, min_time_in_post, rotation, rotation_spread, succession};
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

/// A check of the plan as a whole (not of one pair): its violation code and function.
pub struct PlanCheck {
    pub code: &'static str,
    pub check: fn(&Scenario, &Plan) -> Vec<Violation>,
}

/// Every plan-level check. A pair rule needs no entry here: every rule in
/// [`rules::PAIR_RULES`] is checked on every assigned pair.
pub static PLAN_CHECKS: &[PlanCheck] = &[
    PlanCheck { code: "one_post_per_cadre", check: one_post_per_cadre },
    PlanCheck { code: "concurrent_required", check: concurrent_required },
    PlanCheck { code: "pin", check: committee_pins },
    PlanCheck { code: min_time_in_post::CODE, check: min_time_pins },
    PlanCheck { code: "hard_target", check: hard_targets },
    PlanCheck { code: rotation_spread::CODE, check: rotation_spread_cap },
    PlanCheck { code: rotation::CODE, check: kept_origins },
    PlanCheck { code: succession::CODE, check: succession_pools },
];

/// Every violation of the plan, sorted by post then rule.
pub fn check(sc: &Scenario, plan: &Plan) -> Vec<Violation> {
    let mut out = pair_rules(sc, plan);
    for c in PLAN_CHECKS {
        out.extend((c.check)(sc, plan));
    }
    out.sort_by(|a, b| (&a.position, &a.rule, &a.cadre).cmp(&(&b.position, &b.rule, &b.cadre)));
    out
}

fn violation(sc: &Scenario, rule: &str, p: Option<PosIdx>, c: Option<CadreIdx>, message: String) -> Violation {
    Violation {
        rule: rule.into(),
        position: p.map(|p| sc.positions[p].id.clone()),
        cadre: c.map(|c| sc.cadres[c].id.clone()),
        message,
    }
}

/// Rules 1–7 on every assigned pair.
fn pair_rules(sc: &Scenario, plan: &Plan) -> Vec<Violation> {
    let assigned = plan.assignment.iter().enumerate().filter_map(|(p, a)| a.map(|c| (p, c)));
    assigned
        .flat_map(|(p, c)| rules::exclusions(sc, c, p).into_iter().map(move |e| (p, c, e)))
        .map(|(p, c, e)| violation(sc, e.rule, Some(p), Some(c), e.fact))
        .collect()
}

/// A post whose title is `concurrent = "required"` is held by the holder of
/// one of its partner posts (or left vacant).
fn concurrent_required(sc: &Scenario, plan: &Plan) -> Vec<Violation> {
    let required = (0..sc.positions.len()).filter(|&p| sc.title_of(p).concurrent_required);
    required
        .filter_map(|p| plan.assignment[p].map(|c| (p, c)))
        .filter(|&(p, c)| !sc.partners(p).iter().any(|&q| plan.assignment[q] == Some(c)))
        .map(|(p, c)| {
            let names: Vec<String> = sc.title_of(p).concurrent_with.iter().map(|&t| sc.titles[t].display()).collect();
            let msg = format!(
                "{} holds {} without holding one of its concurrent posts ({}) in the same unit, which the title requires",
                sc.cadre_label(c),
                sc.position_label(p),
                names.join(", ")
            );
            violation(sc, "concurrent_required", Some(p), Some(c), msg)
        })
        .collect()
}

/// Each cadre holds at most one post, or one bundle of concurrent posts.
fn one_post_per_cadre(sc: &Scenario, plan: &Plan) -> Vec<Violation> {
    let mut held: Vec<Vec<PosIdx>> = vec![Vec::new(); sc.cadres.len()];
    for (p, c) in plan.assignment.iter().enumerate().filter_map(|(p, a)| a.map(|c| (p, c))) {
        held[c].push(p);
    }
    // Several posts are one bundle when the others are concurrent with a base post (version 2).
    let doubled = held.iter().enumerate().filter(|(_, posts)| posts.len() > 1 && sc.bundle_base(posts).is_none());
    doubled
        .map(|(c, posts)| {
            let names: Vec<String> = posts.iter().map(|&p| sc.position_label(p)).collect();
            let msg = format!("{} is assigned to {} posts: {}", sc.cadre_label(c), posts.len(), names.join(", "));
            violation(sc, "one_post_per_cadre", Some(posts[1]), Some(c), msg)
        })
        .collect()
}

/// The committee's pins.
fn committee_pins(sc: &Scenario, plan: &Plan) -> Vec<Violation> {
    let broken = decisions::pins(sc).into_iter().filter(|&(c, p, _)| plan.assignment[p] != Some(c));
    broken
        .map(|(c, p, line)| {
            let (who, post) = (sc.cadre_label(c), sc.position_label(p));
            let msg = format!("the committee pinned {who} to {post} (decisions.csv line {line}) but the plan does not");
            violation(sc, "pin", Some(p), Some(c), msg)
        })
        .collect()
}

/// Rule 3.6's pins: incumbents who must stay.
fn min_time_pins(sc: &Scenario, plan: &Plan) -> Vec<Violation> {
    let pins = min_time_in_post::pins(sc, |c, p| rules::is_eligible(sc, c, p));
    let broken = pins.into_iter().filter(|tp| plan.assignment[tp.position] != Some(tp.cadre));
    broken
        .map(|tp| {
            let msg = format!("{}, but the plan moves them", min_time_in_post::describe(sc, &tp));
            violation(sc, min_time_in_post::CODE, Some(tp.position), Some(tp.cadre), msg)
        })
        .collect()
}

/// Section 10.11: no sending unit gives more than its share of the cadres rotated down.
fn rotation_spread_cap(sc: &Scenario, plan: &Plan) -> Vec<Violation> {
    let over = rotation_spread::over_cap(sc, &plan.assignment);
    over.iter().map(|s| violation(sc, rotation_spread::CODE, None, None, s.describe(sc))).collect()
}

/// Section 10.13: a post kept for a rotated cadre's return is held by nobody else.
fn kept_origins(sc: &Scenario, plan: &Plan) -> Vec<Violation> {
    let broken = rotation::broken(sc, &plan.assignment).into_iter();
    broken
        .map(|(o, h, c, q)| violation(sc, rotation::CODE, Some(o), Some(h), rotation::describe_broken(sc, o, h, c, q)))
        .collect()
}

/// Section 10.14: the successors named, re-derived by the rule module.
fn succession_pools(sc: &Scenario, plan: &Plan) -> Vec<Violation> {
    let broken = succession::broken(sc, &plan.assignment, &plan.successors).into_iter();
    broken.map(|b| violation(sc, succession::CODE, b.post, b.cadre, b.fact)).collect()
}

/// A hard `min_unit_share` target binds the number of units that meet the bound, not each unit.
fn unit_share_violation(sc: &Scenario, res: &targets::TargetResult) -> Option<Violation> {
    (res.shortfall > 0.0).then(|| {
        let msg = format!(
            "hard target `{}` ({} {} in at least {} of the units): {} of {} units meet it, {} required; short by {} unit(s)",
            res.name,
            res.bound,
            res.value,
            fmt_num(res.unit_share.unwrap_or_default()),
            res.achieved,
            res.units_in_scope.unwrap_or_default(),
            fmt_num(res.required),
            fmt_num(res.shortfall)
        );
        violation(sc, "hard_target", None, None, msg)
    })
}

/// Hard targets, in every scope.
fn hard_targets(sc: &Scenario, plan: &Plan) -> Vec<Violation> {
    let mut out = Vec::new();
    for t in sc.targets.iter().filter(|t| t.hard) {
        let (res, scopes) = targets::evaluate(sc, t, &plan.assignment, &plan.successors);
        if t.unit_share.is_some() {
            out.extend(unit_share_violation(sc, &res));
            continue;
        }
        for s in scopes.iter().filter(|s| s.shortfall > 0.0) {
            let unit = s.unit.as_ref().map(|u| format!(" in unit {u}")).unwrap_or_default();
            let msg = format!(
                "hard target `{}` ({} {}){unit}: {} of {} filled posts held by group `{}`, {} required; short by {}",
                res.name,
                res.bound,
                res.value,
                s.achieved,
                s.filled,
                res.group,
                fmt_num(s.required),
                fmt_num(s.shortfall)
            );
            out.push(violation(sc, "hard_target", None, None, msg));
        }
    }
    out
}
