//! Explanations: breakdowns add up, prices match re-solves, and each
//! infeasibility cause is found and named.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{rotaplan, scenario_path, Sc};
use rotaplan::eligibility::Variant;
use rotaplan::explain::{self, infeasible, Alternative};
use rotaplan::solve::{self, SolveError, SolveOptions};

fn tiny() -> (rotaplan::model::Scenario, rotaplan::eligibility::Eligibility, rotaplan::plan::Plan, SolveOptions) {
    let (sc, el) = rotaplan::prepare(&scenario_path("tiny")).unwrap();
    let opts = SolveOptions::from_scenario(&sc);
    let plan = solve::solve(&sc, &el, &opts).unwrap().plan;
    (sc, el, plan, opts)
}

#[test]
fn position_breakdown_adds_up_and_runner_up_price_matches_a_resolve() {
    let (sc, el, plan, opts) = tiny();
    for p in 0..sc.positions.len() {
        let x = explain::explain_position(&sc, &el, &plan, p, Some(&opts)).unwrap();
        if let Some(h) = &x.holder {
            let t = h.terms;
            assert_eq!(t.rating + t.planning + t.continuity + t.rotation_down, h.score, "{}", x.position_id);
            assert_eq!(h.score, rotaplan::objective::score(&sc, plan.assignment[p].unwrap(), p));
        }
        if let Some(r) = &x.runner_up {
            // Independent re-solve: pin the runner-up to the post.
            let c = sc.cadre_index[&r.cadre_id];
            match el.with_variant(&sc, &Variant { pin: vec![(p, c)], forbid: vec![] }) {
                Ok(el2) => {
                    let obj = solve::solve(&sc, &el2, &opts).ok().map(|s| s.plan.evaluate(&sc).objective);
                    assert_eq!(obj, r.objective, "{}", x.position_id);
                    assert_eq!(r.loss, obj.map(|o| 214.0 - o));
                }
                Err(_) => assert!(r.objective.is_none()),
            }
        }
    }
}

#[test]
fn ps_c_is_explained_by_the_female_target() {
    let (sc, el, plan, opts) = tiny();
    let x = explain::explain_position(&sc, &el, &plan, sc.position_index["PS-C"], Some(&opts)).unwrap();
    assert_eq!(x.holder.as_ref().unwrap().cadre_id, "C15");
    let r = x.runner_up.unwrap();
    assert_eq!((r.cadre_id.as_str(), r.objective, r.loss), ("C17", Some(170.0), Some(44.0)));
    let excluded: Vec<&str> = x
        .alternatives
        .iter()
        .filter_map(|a| match a {
            Alternative::Excluded { cadre_id, .. } => Some(cadre_id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(excluded, vec!["C09", "C11"]);
}

#[test]
fn cadre_explanation_lists_every_considered_post() {
    let (sc, el, plan, opts) = tiny();
    let x = explain::explain_cadre(&sc, &el, &plan, sc.cadre_index["C10"], Some(&opts)).unwrap();
    assert_eq!(x.assigned_to.as_deref(), Some("PC-D"));
    let posts: Vec<String> = x
        .options
        .iter()
        .map(|o| match o {
            explain::CadreOption::Excluded { position_id, .. } => format!("{position_id}:excluded"),
            explain::CadreOption::Eligible { position_id, difference, .. } => format!("{position_id}:{difference:?}"),
        })
        .collect();
    // PS-B: non-local; PC-B: held by C02 (43 vs 22).
    assert_eq!(posts, vec!["PC-B:Some(21.0)".to_string(), "PS-B:excluded".to_string()]);
}

#[test]
fn explanations_csv_has_a_row_per_post_and_prices_on_demand() {
    let (sc, el, plan, opts) = tiny();
    let plain = String::from_utf8(explain::explanations_csv(&sc, &el, &plan, None).unwrap()).unwrap();
    assert_eq!(plain.lines().count(), 9);
    // By score alone C06 (40 here) is the runner-up of PS-C ...
    assert!(plain.contains("PS-C,C15,new,20,4,0,0,24,,C06,40,-16,,"), "{plain}");
    // ... but priced by re-solves it is C17: with C06 here PS-A would stay vacant.
    let priced = String::from_utf8(explain::explanations_csv(&sc, &el, &plan, Some(&opts)).unwrap()).unwrap();
    assert!(priced.contains("PS-C,C15,new,20,4,0,0,24,,C17,30,-6,170,44"), "{priced}");
    assert!(priced.contains("PC-A,C08,kept,20,0,10,0,30,rule 3.6"), "{priced}");
}

#[test]
fn cli_explain_position_and_cadre() {
    let o = rotaplan(&["explain", scenario_path("tiny").to_str().unwrap(), "--position", "PS-A"]);
    assert_eq!(o.status.code(), Some(0));
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(
        t.contains("Holder: Vi Văn Phóng (C06), new")
            && t.contains("score 43 = rating 30 + planning 8 + continuity 0 + rotation-down 5"),
        "{t}"
    );
    assert!(t.contains("qualification (rule 2)") && t.contains("No eligible alternative"), "{t}");
    let o = rotaplan(&["explain", scenario_path("tiny").to_str().unwrap(), "--cadre", "C04", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["options"][0]["exclusions"][0]["rule"], "availability");
}

// ---- infeasibility ---------------------------------------------------------

fn two_posts(target: &str) -> Sc {
    let mut s = Sc::basic().with_toml(5, "", &format!("[groups]\nfemale = {{ gender = \"F\" }}\n\n{target}"));
    s.positions = vec!["CHAIR-A,A,chair,".into(), "CHAIR-B,B,chair,".into()];
    s.cadre("M1,Man,M,1970,Kinh,X,B,master,advanced,good,true")
        .cadre("F1,Woman,F,1970,Kinh,X,B,master,advanced,good,true")
}

fn report(s: &Sc) -> infeasible::InfeasibilityReport {
    let (sc, el) = s.prepare();
    match solve::solve(&sc, &el, &SolveOptions::from_scenario(&sc)) {
        Err(SolveError::Infeasible(d)) => infeasible::analyse(&sc, &el, d.relaxations),
        other => panic!("expected infeasible, got {:?}", other.map(|s| s.status)),
    }
}

#[test]
fn cause_a_post_without_eligible_member_with_rule_counts() {
    // Per-unit: a woman in each unit's chair; in unit B the only woman is unavailable.
    let mut s = two_posts(
        "[[targets]]\nname = \"a woman per unit\"\ngroup = \"female\"\nmin_count = 1\nper_unit = true\nhard = true\n",
    );
    s.cadres[1] = "F1,Woman,F,1970,Kinh,X,B,master,advanced,good,false".into();
    s = s.plan("F1,CHAIR-A,,1").plan("F1,CHAIR-B,,1").plan("M1,CHAIR-A,,1").plan("M1,CHAIR-B,,1");
    let r = report(&s);
    assert_eq!(r.unfillable.len(), 2, "{r:?}");
    let u = &r.unfillable[0];
    assert_eq!(u.target, "a woman per unit");
    assert_eq!(u.unit.as_deref(), Some("A"));
    assert_eq!(u.posts_without_members[0].position_id, "CHAIR-A");
    assert_eq!(u.posts_without_members[0].removed_by_rule.get("availability"), Some(&1));
    assert_eq!(u.posts_without_members[0].eligible_non_members, 1);
    assert_eq!(r.relaxations.iter().map(|x| x.amount).sum::<f64>(), 2.0);
}

#[test]
fn cause_b_hall_violator_found_by_matching() {
    // Two women needed in the two chairs, but F1 is the only woman for both.
    let r = report(&two_posts("[[targets]]\nname = \"two women\"\ngroup = \"female\"\nmin_count = 2\nhard = true\n"));
    assert!(r.unfillable.is_empty(), "{r:?}");
    assert_eq!(r.hall.len(), 1);
    let h = &r.hall[0];
    assert_eq!(h.max_members, 1);
    assert_eq!(h.posts, vec!["CHAIR-A".to_string(), "CHAIR-B".to_string()]);
    assert_eq!(h.candidates, vec!["F1".to_string()]);
    assert_eq!(r.relaxations.len(), 1);
    assert_eq!(r.relaxations[0].amount, 1.0);
}

#[test]
fn cause_c_conflicting_pin_and_target() {
    // Men are capped at 0, but the committee pins a man: the pin or the target must give.
    let mut s = two_posts("[[targets]]\nname = \"no men\"\ngroup = \"men\"\nmax_count = 0\nhard = true\n");
    s.toml = s.toml.replace("[groups]\n", "[groups]\nmen = { gender = \"M\" }\n");
    s.decisions.push("M1,CHAIR-A,pin".into());
    let r = report(&s);
    assert!(r.unfillable.is_empty() && r.hall.is_empty());
    assert_eq!(r.relaxations.len(), 1);
    assert!(r.relaxations[0].kind == "pin" || r.relaxations[0].what == "no men", "{:?}", r.relaxations);
    assert!(r.to_text().contains("(c) The smallest total relaxation"));
}

#[test]
fn cli_explain_without_plan_diagnoses_infeasibility() {
    let dir = common::copy_scenario("tiny");
    let p = dir.path().join("scenario.toml");
    let t = std::fs::read_to_string(&p).unwrap().replace("min_count = 1\nhard = true", "min_count = 2\nhard = true");
    std::fs::write(&p, t).unwrap();
    let o = rotaplan(&["explain", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("(b) Posts with fewer eligible candidates")
            && err.contains("PS-A, PS-C share only 1 eligible member(s): C06"),
        "{err}"
    );
    let o = rotaplan(&["explain", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(3));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["hall"][0]["candidates"][0], "C06");
}
