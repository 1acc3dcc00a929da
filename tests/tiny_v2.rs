//! scenarios/tiny-v2: every rule of contract version 2 at a boundary month;
//! the solver finds exactly the optimum its README derives by hand, on every
//! compiled backend, and every exclusion is the documented one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use rotaplan::solve::{self, Backend, SolveOptions};

#[test]
fn tiny_v2_optimum_matches_hand_derivation() {
    let (sc, el) = rotaplan::prepare(&common::scenario_path("tiny-v2")).expect("tiny-v2 is valid");
    for &backend in Backend::compiled() {
        let opts = SolveOptions { backend, ..SolveOptions::from_scenario(&sc) };
        let solved = solve::solve(&sc, &el, &opts).expect("tiny-v2 is feasible");
        let ev = solved.plan.evaluate(&sc);
        assert_eq!(ev.objective, 128.0, "{}", backend.name());
        let expected = [("PS-A", "D01"), ("PS-B", "D09"), ("PC-A", "D04"), ("PC-B", "D10"), ("DIR", "D06")];
        for (p, c) in expected {
            let got = solved.plan.assignment[sc.position_index[p]].map(|c| sc.cadres[c].id.as_str());
            assert_eq!(got, Some(c), "holder of {p} ({})", backend.name());
        }
        assert_eq!((ev.counts.kept, ev.counts.moved, ev.counts.new, ev.counts.vacant), (2, 0, 3, 0));
        assert_eq!((ev.targets[0].achieved, ev.targets[0].shortfall), (1.0, 0.0));
        assert!(rotaplan::check::check(&sc, &solved.plan).is_empty());
    }
}

#[test]
fn tiny_v2_exclusions_are_the_ones_documented() {
    let (sc, el) = rotaplan::prepare(&common::scenario_path("tiny-v2")).expect("tiny-v2 is valid");
    let got = common::exclusions(&sc, &el);
    let expected = [
        ("D02", "PS-A", vec!["age"]),        // first: 59 months < 60
        ("D03", "PS-A", vec!["term_limit"]), // 96 months held continuously
        ("D04", "PS-B", vec!["age"]),        // first: 56 < 60 (PS-B reads 2025-07)
        ("D05", "PS-B", vec!["age"]),        // stay: 32 < 48 (retirement_date 2028-03)
        ("D08", "PS-A", vec!["age"]),        // rotation: 119 < 120
    ];
    assert_eq!(got, common::owned(&expected));
    assert_eq!(common::pin_ids(&sc, &el), vec![("D06", "DIR")]); // 35 months in post < 36
    assert!(sc.warnings.iter().any(|w| w.contains("history.csv:6")), "{:?}", sc.warnings);
}

#[test]
fn tiny_v2_boundary_months_are_the_documented_ones() {
    let sc = rotaplan::scenario::load(&common::scenario_path("tiny-v2")).unwrap();
    let c = |id: &str| sc.cadre_index[id];
    let p = |id: &str| sc.position_index[id];
    let remain = |cad: &str, post: &str| {
        let (m, _) = rotaplan::rules::age::retirement_month(&sc, c(cad)).unwrap();
        sc.reference_of(p(post)).months_until(m)
    };
    assert_eq!(remain("D01", "PS-A"), 60);
    assert_eq!(remain("D02", "PS-A"), 59);
    assert_eq!(remain("D04", "PC-A"), 48);
    assert_eq!(remain("D05", "PC-B"), 24);
    assert_eq!(remain("D06", "DIR"), 48);
    assert_eq!(remain("D07", "PS-B"), 120);
    assert_eq!(remain("D08", "PS-A"), 119);
    use rotaplan::model::MoveKind::*;
    let kind = |cad: &str, post: &str| rotaplan::rules::age::move_kind(&sc, c(cad), p(post));
    assert_eq!(
        [kind("D05", "PC-B"), kind("D03", "PC-A"), kind("D07", "PS-B"), kind("D04", "PC-A")],
        [Lateral, Lateral, Rotation, Stay]
    );
    assert_eq!((sc.age_for(c("D09"), p("PS-B")), sc.age_for(c("D09"), p("PC-B"))), (39, 40));
}
