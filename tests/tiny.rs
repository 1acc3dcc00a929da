//! scenarios/tiny: the solver finds exactly the optimum derived by hand in its README.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use rotaplan::solve::{self, SolveOptions};

#[test]
fn tiny_optimum_matches_hand_derivation() {
    let (sc, el) = rotaplan::prepare(&common::scenario_path("tiny")).expect("tiny is valid");
    let solved = solve::solve(&sc, &el, &SolveOptions::from_scenario(&sc)).expect("tiny is feasible");
    let ev = solved.plan.evaluate(&sc);
    assert_eq!(ev.objective, 214.0);
    assert_eq!(solved.bound, Some(214.0));
    let expected = [
        ("PS-A", "C06"),
        ("PS-B", "C11"),
        ("PS-C", "C15"),
        ("PC-A", "C08"),
        ("PC-B", "C02"),
        ("PC-C", "C07"),
        ("PC-D", "C10"),
        ("DIR", "C13"),
    ];
    for (p, c) in expected {
        let got = solved.plan.assignment[sc.position_index[p]].map(|c| sc.cadres[c].id.as_str());
        assert_eq!(got, Some(c), "holder of {p}");
    }
    assert_eq!((ev.counts.kept, ev.counts.moved, ev.counts.new, ev.counts.vacant), (2, 1, 5, 0));
    let female = &ev.targets[0];
    assert!((female.required - 4.2).abs() < 1e-9 && female.achieved == 4.0 && (female.shortfall - 0.2).abs() < 1e-9);
}

#[test]
fn tiny_exclusions_are_the_ones_documented() {
    let (sc, el) = rotaplan::prepare(&common::scenario_path("tiny")).expect("tiny is valid");
    let got = common::exclusions(&sc, &el);
    let expected = vec![
        ("C01", "PS-A", vec!["non_local", "term_limit"]),
        ("C03", "PS-B", vec!["age"]),
        ("C04", "PC-C", vec!["availability"]),
        ("C05", "PS-A", vec!["qualification"]),
        ("C09", "PS-C", vec!["term_limit"]),
        ("C10", "PS-B", vec!["non_local"]),
        ("C11", "PS-C", vec!["non_local"]),
        ("C12", "PS-B", vec!["decision"]),
        ("C16", "DIR", vec!["term_limit", "age"]),
    ];
    assert_eq!(got, common::owned(&expected));
    // Rule 3.6 pins C08 to PC-A; the committee pins C13 to DIR.
    assert_eq!(common::pin_ids(&sc, &el), vec![("C13", "DIR"), ("C08", "PC-A")]);
}
