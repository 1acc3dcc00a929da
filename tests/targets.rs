//! Each kind of target, solved and measured (contract section 3, "Targets").
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::Sc;
use rotaplan::plan::Plan;
use rotaplan::solve::{self, SolveError, SolveOptions};

const GROUPS: &str = "[groups]\nfemale = { gender = \"F\" }\nyoung = { max_age = 40 }\n";

/// Two chair posts in communes A and B, candidates: M1 (excellent), M2 (excellent), F1 (complete).
fn two_posts(target: &str) -> Sc {
    let mut s = Sc::basic().with_toml(5, "", &format!("{GROUPS}\n{target}"));
    s.positions = vec!["CHAIR-A,A,chair,".into(), "CHAIR-B,B,chair,".into()];
    s.cadre("M1,Man One,M,1970,Kinh,X,B,master,advanced,excellent,true")
        .cadre("M2,Man Two,M,1970,Kinh,X,B,master,advanced,excellent,true")
        .cadre("F1,Woman One,F,1970,Kinh,X,B,master,advanced,complete,true")
}

fn solve_ids(s: &Sc) -> Result<(Vec<Option<String>>, f64), SolveError> {
    let (sc, el) = s.prepare();
    let solved = solve::solve(&sc, &el, &SolveOptions::from_scenario(&sc))?;
    assert!(rotaplan::check::check(&sc, &solved.plan).is_empty(), "solver plan must pass check");
    let ids = solved.plan.assignment.iter().map(|a| a.map(|c| sc.cadres[c].id.clone())).collect();
    Ok((ids, solved.plan.evaluate(&sc).objective))
}

fn holders(ids: &[Option<String>]) -> Vec<&str> {
    let mut v: Vec<&str> = ids.iter().flatten().map(|s| s.as_str()).collect();
    v.sort();
    v
}

#[test]
fn without_target_best_ratings_win() {
    let (ids, obj) = solve_ids(&two_posts("")).unwrap();
    assert_eq!(holders(&ids), vec!["M1", "M2"]);
    assert_eq!(obj, 60.0);
}

#[test]
fn hard_min_count_forces_a_member() {
    let (ids, obj) =
        solve_ids(&two_posts("[[targets]]\nname = \"w\"\ngroup = \"female\"\nmin_count = 1\nhard = true\n")).unwrap();
    assert!(holders(&ids).contains(&"F1"));
    assert_eq!(obj, 35.0);
}

#[test]
fn soft_min_count_trades_penalty_against_score() {
    // Penalty 20 < 25 lost by appointing F1: keep the men and pay.
    let (ids, obj) =
        solve_ids(&two_posts("[[targets]]\nname = \"w\"\ngroup = \"female\"\nmin_count = 1\npenalty = 20\n")).unwrap();
    assert_eq!(holders(&ids), vec!["M1", "M2"]);
    assert_eq!(obj, 40.0);
    // Penalty 30 > 25: appoint F1.
    let (ids, obj) =
        solve_ids(&two_posts("[[targets]]\nname = \"w\"\ngroup = \"female\"\nmin_count = 1\npenalty = 30\n")).unwrap();
    assert!(holders(&ids).contains(&"F1"));
    assert_eq!(obj, 35.0);
}

#[test]
fn soft_min_share_fractional_shortfall() {
    // 0.75 * 2 filled = 1.5 required; with F1: shortfall 0.5 -> 30*0.5 = 15 charged.
    let t = "[[targets]]\nname = \"w\"\ngroup = \"female\"\nmin_share = 0.75\npenalty = 30\n";
    let (ids, obj) = solve_ids(&two_posts(t)).unwrap();
    assert!(holders(&ids).contains(&"F1"));
    assert_eq!(obj, 35.0 - 15.0);
}

#[test]
fn hard_min_share_may_leave_a_post_vacant_only_if_cheaper() {
    // Share 1.0 hard: every filled post needs a woman; only F1 exists: one post stays vacant.
    let t = "[[targets]]\nname = \"w\"\ngroup = \"female\"\nmin_share = 1.0\nhard = true\n";
    let (ids, obj) = solve_ids(&two_posts(t)).unwrap();
    assert_eq!(holders(&ids), vec!["F1"]);
    assert_eq!(obj, 5.0 - 1000.0);
}

#[test]
fn hard_max_count_excludes_group() {
    // Everyone is born 1970 (55): make M1 young via a new row, cap young at 0.
    let mut s = two_posts("[[targets]]\nname = \"y\"\ngroup = \"young\"\nmax_count = 0\nhard = true\n");
    s.cadres[0] = "M1,Man One,M,1990,Kinh,X,B,master,advanced,excellent,true".into();
    let (ids, obj) = solve_ids(&s).unwrap();
    assert_eq!(holders(&ids), vec!["F1", "M2"]);
    assert_eq!(obj, 35.0);
}

#[test]
fn soft_max_share_charges_excess() {
    // Men at most half of filled posts, penalty 10 per appointment over.
    let mut s = two_posts("[[targets]]\nname = \"m\"\ngroup = \"men\"\nmax_share = 0.5\npenalty = 10\n");
    s.toml = s.toml.replace("[groups]\n", "[groups]\nmen = { gender = \"M\" }\n");
    let (ids, obj) = solve_ids(&s).unwrap();
    // Two men: 2 > 1, excess 1, charge 10: 60 - 10 = 50 beats 35.
    assert_eq!(holders(&ids), vec!["M1", "M2"]);
    assert_eq!(obj, 50.0);
}

#[test]
fn per_unit_target_holds_in_every_unit() {
    let mut s =
        two_posts("[[targets]]\nname = \"w\"\ngroup = \"female\"\nmin_count = 1\nper_unit = true\nhard = true\n");
    s.cadres.push("F2,Woman Two,F,1970,Kinh,X,B,master,advanced,complete,true".into());
    let (ids, obj) = solve_ids(&s).unwrap();
    assert_eq!(holders(&ids), vec!["F1", "F2"]);
    assert_eq!(obj, 10.0);
}

#[test]
fn per_unit_soft_shortfall_sums_over_units_and_lists_missed_units() {
    let s = two_posts("[[targets]]\nname = \"w\"\ngroup = \"female\"\nmin_count = 1\nper_unit = true\npenalty = 5\n");
    let (sc, el) = s.prepare();
    let solved = solve::solve(&sc, &el, &SolveOptions::from_scenario(&sc)).unwrap();
    let ev = solved.plan.evaluate(&sc);
    let t = &ev.targets[0];
    assert_eq!(t.shortfall, 2.0);
    assert_eq!(t.units_missed, Some(vec!["A".to_string(), "B".to_string()]));
    assert_eq!(ev.objective, 60.0 - 10.0);
}

#[test]
fn builtin_groups_local_and_from_province() {
    // L is local to A (home A); P works at a province-level unit.
    let t = "[[targets]]\nname = \"no locals\"\ngroup = \"local\"\nmax_count = 0\nhard = true\n\n[[targets]]\nname = \"from province\"\ngroup = \"from_province\"\nmin_count = 1\nhard = true\n";
    let mut s = Sc::basic().with_toml(5, "", t);
    s.positions = vec!["CHAIR-A,A,chair,".into()];
    let s = s
        .cadre("L,Local,M,1970,Kinh,A,A,master,advanced,excellent,true")
        .cadre("P,Provincial,M,1970,Kinh,B,PD,master,advanced,complete,true");
    let (ids, _) = solve_ids(&s).unwrap();
    assert_eq!(holders(&ids), vec!["P"]);
}

#[test]
fn infeasible_hard_target_is_named_with_its_relaxation() {
    let err =
        solve_ids(&two_posts("[[targets]]\nname = \"three women\"\ngroup = \"female\"\nmin_count = 3\nhard = true\n"))
            .unwrap_err();
    match err {
        SolveError::Infeasible(d) => {
            assert_eq!(d.relaxations.len(), 1);
            assert_eq!(d.relaxations[0].what, "three women");
            assert_eq!(d.relaxations[0].amount, 2.0);
        }
        other => panic!("expected infeasible, got {other}"),
    }
}

#[test]
fn pin_against_hard_target_is_diagnosed() {
    let mut s = two_posts("[[targets]]\nname = \"no men\"\ngroup = \"female\"\nmin_share = 1.0\nhard = true\n");
    s.decisions.push("M1,CHAIR-A,pin".into());
    match solve_ids(&s).unwrap_err() {
        SolveError::Infeasible(d) => {
            assert_eq!(d.relaxations.len(), 1, "{:?}", d.relaxations);
            assert!(matches!(d.relaxations[0].kind, "pin" | "hard_target"));
        }
        other => panic!("expected infeasible, got {other}"),
    }
}

#[test]
fn evaluate_vacant_plan() {
    let (sc, _) = two_posts("").prepare();
    let ev = Plan::vacant(&sc).evaluate(&sc);
    assert_eq!(ev.objective, -2000.0);
    assert_eq!(ev.counts.vacant, 2);
}
