//! scenarios/tiny-concurrent: the optimum its README derives by hand
//! (concurrent titles, a unit-share target, a home in a merged ward), on
//! every compiled backend, and what check says of bundles.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use rotaplan::plan::Plan;
use rotaplan::solve::{self, Backend, SolveOptions};

fn ids(sc: &rotaplan::model::Scenario, plan: &Plan) -> Vec<(String, String)> {
    let holder = |p: usize| plan.assignment[p].map(|c| sc.cadres[c].id.clone()).unwrap_or_default();
    sc.positions_in_file_order().into_iter().map(|p| (sc.positions[p].id.clone(), holder(p))).collect()
}

#[test]
fn tiny_concurrent_optimum_matches_hand_derivation() {
    let (sc, el) = rotaplan::prepare(&common::scenario_path("tiny-concurrent")).expect("valid");
    assert_eq!(common::excluded_by(&sc, "S2", "PS-A"), vec!["non_local"], "local through the merger");
    for &backend in Backend::compiled() {
        let solved = solve::solve(&sc, &el, &SolveOptions { backend, ..SolveOptions::from_scenario(&sc) }).unwrap();
        let ev = solved.plan.evaluate(&sc);
        assert_eq!((ev.objective, solved.bound), (165.0, Some(165.0)), "{}", backend.name());
        let expected = [("PS-A", "S1"), ("CC-A", "S1"), ("PS-B", "S2"), ("CC-B", "W2"), ("PS-C", "W1"), ("CC-C", "W1")];
        let expected: Vec<(String, String)> = expected.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect();
        assert_eq!(ids(&sc, &solved.plan), expected, "{}", backend.name());
        let t = &ev.targets[0];
        assert_eq!((t.required, t.achieved, t.units_missed.clone()), (2.0, 2.0, Some(vec!["16681".to_string()])));
        assert!(rotaplan::check::check(&sc, &solved.plan).is_empty());
    }
}

#[test]
fn the_incumbent_bundle_is_read_base_post_first() {
    let sc = rotaplan::scenario::load(&common::scenario_path("tiny-concurrent")).unwrap();
    let s1 = &sc.cadres[sc.cadre_index["S1"]];
    let posts: Vec<&str> = s1.incumbent_of.iter().map(|&p| sc.positions[p].id.as_str()).collect();
    assert_eq!(posts, ["PS-A", "CC-A"]);
}

#[test]
fn check_accepts_a_bundle_and_refuses_what_is_not_one() {
    let sc = rotaplan::scenario::load(&common::scenario_path("tiny-concurrent")).unwrap();
    let at = |pairs: &[(&str, &str)]| {
        let mut plan = Plan::vacant(&sc);
        for (p, c) in pairs {
            plan.assignment[sc.position_index[*p]] = Some(sc.cadre_index[*c]);
        }
        let mut codes: Vec<String> = rotaplan::check::check(&sc, &plan).into_iter().map(|v| v.rule).collect();
        codes.sort();
        codes.dedup();
        codes
    };
    let base = [("PS-A", "S1"), ("CC-A", "S1"), ("PS-B", "S2"), ("CC-B", "W2"), ("PS-C", "W1"), ("CC-C", "W1")];
    assert!(at(&base).is_empty());
    // Two secretaries' posts are no bundle; a council chair of another ward is none either.
    assert_eq!(at(&[("PS-A", "S1"), ("PS-C", "S1"), ("CC-B", "W1"), ("CC-C", "W2")]), vec!["one_post_per_cadre"]);
    assert_eq!(at(&[("PS-A", "S1"), ("CC-B", "S1"), ("PS-C", "W1"), ("PS-B", "W2")]), vec!["one_post_per_cadre"]);
}

#[test]
fn a_required_concurrent_title_must_go_with_its_partner() {
    let dir = common::copy_scenario("tiny-concurrent");
    let toml = dir.path().join("scenario.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace("concurrent = \"allowed\"", "concurrent = \"required\"");
    std::fs::write(&toml, text).unwrap();
    let (sc, el) = rotaplan::prepare(dir.path()).unwrap();
    // Each council chair goes with the ward's secretary: S1 bundles A (80), and the two
    // women must hold B and C, W1 bundling C (40) and W2 bundling B (10): 130.
    let solved = solve::solve(&sc, &el, &SolveOptions::from_scenario(&sc)).unwrap();
    assert_eq!(solved.plan.evaluate(&sc).objective, 130.0);
    assert!(rotaplan::check::check(&sc, &solved.plan).is_empty());
    let mut plan = Plan::vacant(&sc);
    for (p, c) in [("PS-A", "S1"), ("CC-A", "S1"), ("PS-B", "S2"), ("CC-B", "W2"), ("PS-C", "W1"), ("CC-C", "W1")] {
        plan.assignment[sc.position_index[p]] = Some(sc.cadre_index[c]);
    }
    let codes: Vec<String> = rotaplan::check::check(&sc, &plan).into_iter().map(|v| v.rule).collect();
    assert_eq!(codes, vec!["concurrent_required"], "CC-B is held by W2, who is not PS-B");
}

#[test]
fn concurrent_keys_are_checked() {
    let with = |from: &str, to: &str| {
        let dir = common::copy_scenario("tiny-concurrent");
        let toml = dir.path().join("scenario.toml");
        std::fs::write(&toml, std::fs::read_to_string(&toml).unwrap().replace(from, to)).unwrap();
        rotaplan::scenario::load(dir.path()).map(|_| ()).map_err(|e| e.to_string())
    };
    let e = with("concurrent_with = [\"party_secretary\"]", "concurrent_with = [\"mayor\"]").unwrap_err();
    assert!(e.contains("title `mayor` is not defined"), "{e}");
    let e = with("concurrent = \"allowed\"", "concurrent = \"sometimes\"").unwrap_err();
    assert!(e.contains("unknown `titles.council_chair.concurrent` `sometimes`"), "{e}");
    let e = with("contract = 2\n", "").unwrap_err();
    assert!(e.contains("is a key of contract version 2"), "{e}");
}
