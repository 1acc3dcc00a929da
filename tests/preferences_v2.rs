//! Contract version 2, section 10.15: cadres' preferences on
//! scenarios/tiny-horizon (whose README derives both optima by hand), the
//! outcomes (preferred, avoided, blocking pairs), personal data kept out of
//! the exports unless asked, and the boundaries of a wish.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{copy_scenario, rotaplan, scenario_path};
use rotaplan::model::Scenario;
use rotaplan::preferences::{of_plan, WishCounts};
use rotaplan::scenario::overrides::Override;
use rotaplan::solve::{self, Backend, SolveOptions};

const WEIGHED: &[&str] = &["objective.preference_points=10", "objective.avoid_penalty=20"];

fn tiny(sets: &[&str]) -> (Scenario, rotaplan::eligibility::Eligibility) {
    let sets: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
    rotaplan::prepare_with(&scenario_path("tiny-horizon"), &sets).expect("valid")
}

/// (objective, holders in file order, wish counts) on every backend, each plan checked.
fn solve_all(sets: &[&str]) -> (f64, Vec<String>, WishCounts) {
    let (sc, el) = tiny(sets);
    let mut out = None;
    for &backend in Backend::compiled() {
        let solved = solve::solve(&sc, &el, &SolveOptions { backend, ..SolveOptions::from_scenario(&sc) }).unwrap();
        assert!(rotaplan::check::check(&sc, &solved.plan).is_empty());
        let id = |p: usize| solved.plan.assignment[p].map(|c| sc.cadres[c].id.clone()).unwrap_or_default();
        let holders = sc.positions_in_file_order().into_iter().map(id).collect();
        let counts = of_plan(&sc, &solved.plan.assignment).unwrap().counts();
        let got = (solved.plan.evaluate(&sc).objective, holders, counts);
        if let Some(prev) = &out {
            assert_eq!(prev, &got, "backends disagree");
        }
        out = Some(got);
    }
    out.unwrap()
}

fn counts(cadres: usize, preferred: usize, avoided: usize, blocking_pairs: usize) -> WishCounts {
    WishCounts { cadres, preferred, avoided, blocking_pairs }
}

#[test]
fn preferences_weigh_nothing_until_the_committee_sets_the_weights() {
    let (obj, who, c) = solve_all(&[]);
    assert_eq!((obj, who), (111.0, vec!["R1".into(), "R3".into(), "R2".into(), "H1".into()]));
    assert_eq!(c, counts(3, 0, 1, 1));
}

#[test]
fn with_weights_the_optimum_matches_the_readme() {
    let (obj, who, c) = solve_all(WEIGHED);
    assert_eq!((obj, who), (114.0, vec!["R1".into(), "R4".into(), "R2".into(), "R3".into()]));
    assert_eq!(c, counts(3, 1, 0, 2));
}

#[test]
fn the_rank_step_lowers_later_ranks_and_never_below_zero() {
    let (sc, _) = tiny(&["objective.preference_points=10", "objective.preference_rank_step=4"]);
    let dir = copy_scenario("tiny-horizon");
    let file = dir.path().join("preferences.csv");
    let text = std::fs::read_to_string(&file).unwrap().replace("R2,,pc_chair,1,", "R2,,pc_chair,3,");
    std::fs::write(&file, text).unwrap();
    let sets: Vec<Override> = ["objective.preference_points=10", "objective.preference_rank_step=6"]
        .iter()
        .map(|s| Override::parse(s).unwrap())
        .collect();
    let (later, _) = rotaplan::prepare_with(dir.path(), &sets).unwrap();
    let (r1, r2) = (sc.cadre_index["R1"], later.cadre_index["R2"]);
    let (tl, qp) = (sc.position_index["PS-TL"], later.position_index["PC-QP"]);
    assert_eq!(rotaplan::objective::preference(&sc, r1, tl), 10.0); // rank 1
    assert_eq!(rotaplan::objective::preference(&later, r2, qp), 0.0); // rank 3: 10 - 2 x 6 < 0, so 0
}

#[test]
fn a_wish_about_a_province_covers_its_communes_and_a_title_only_its_posts() {
    let dir = copy_scenario("tiny-horizon");
    let rows = "cadre_id,unit_id,title,rank,reason\nW1,40,,2,\nW1,,pc_chair,avoid,health\n";
    std::fs::write(dir.path().join("preferences.csv"), rows).unwrap();
    let (sc, _) = rotaplan::prepare_with(dir.path(), &[]).unwrap();
    let w1 = sc.cadre_index["W1"];
    for post in ["PS-QP", "PS-TL", "PS-TV", "PC-QP"] {
        assert_eq!(sc.preferred_rank(w1, sc.position_index[post]), Some(2), "{post}");
    }
    assert_eq!(sc.avoided(w1, sc.position_index["PC-QP"]).map(|w| w.reason.as_str()), Some("health"));
    assert!(sc.avoided(w1, sc.position_index["PS-TV"]).is_none());
}

#[test]
fn a_vacant_post_blocks_and_a_better_held_rank_does_not() {
    let (sc, _) = tiny(&[]);
    let id = |s: &str| sc.cadre_index[s];
    let post = |s: &str| sc.position_index[s];
    // R1 on PS-QP, PS-TL vacant: R1 ranks PS-TL first and may hold it.
    let mut a = vec![None; sc.positions.len()];
    a[post("PS-QP")] = Some(id("R1"));
    let w = of_plan(&sc, &a).unwrap();
    assert!(w.blocking.iter().any(|b| b.cadre_id == "R1" && b.position_id == "PS-TL" && b.holder_score.is_none()));
    // R1 on PS-TL (rank 1): nothing ranks better, so R1 blocks nowhere.
    a[post("PS-QP")] = None;
    a[post("PS-TL")] = Some(id("R1"));
    assert!(of_plan(&sc, &a).unwrap().blocking.iter().all(|b| b.cadre_id != "R1"));
}

#[test]
fn reasons_stay_out_of_exports_unless_asked() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let sc = scenario_path("tiny-horizon");
    assert_eq!(rotaplan(&["solve", sc.to_str().unwrap(), "--out", out.to_str().unwrap(), "-q"]).status.code(), Some(0));
    let plan = out.join("plan.csv");
    let json = std::fs::read_to_string(out.join("plan.json")).unwrap();
    assert!(json.contains("\"preferences\"") && !json.contains("family hardship"), "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["preferences"], serde_json::json!({"cadres": 3, "preferred": 0, "avoided": 1, "blocking_pairs": 1}));
    let args = |extra: &[&str]| {
        let mut a = vec!["compare", plan.to_str().unwrap(), plan.to_str().unwrap(), "--scenario", sc.to_str().unwrap()];
        a.extend_from_slice(extra);
        String::from_utf8(rotaplan(&a).stdout).unwrap()
    };
    for format in ["text", "csv", "json"] {
        let text = args(&["--format", format]);
        assert!(text.contains("blocking") && !text.contains("family hardship"), "{format}: {text}");
    }
    assert!(args(&["--show-reasons"]).contains("avoided: R3 holds PC-QP (family hardship: cares for a parent in Vinh)"));
    assert!(args(&["--format", "json", "--show-reasons"]).contains("family hardship"));
    let html = work.path().join("r.html");
    let report = |extra: &[&str]| {
        let mut a =
            vec!["report", sc.to_str().unwrap(), plan.to_str().unwrap(), "--out", html.to_str().unwrap(), "--force"];
        a.extend_from_slice(extra);
        assert_eq!(rotaplan(&a).status.code(), Some(0));
        std::fs::read_to_string(&html).unwrap()
    };
    let counted = report(&[]);
    assert!(counted.contains("Cadres&#39; wishes") || counted.contains("Cadres' wishes"));
    assert!(!counted.contains("family hardship"));
    assert!(report(&["--show-reasons"]).contains("family hardship"));
    // explain shows the committee the reason.
    let e = rotaplan(&["explain", sc.to_str().unwrap(), "--cadre", "R3"]);
    assert!(String::from_utf8_lossy(&e.stdout).contains("which they asked to avoid (family hardship"));
}

#[test]
fn explanations_csv_has_a_preference_column_only_with_wishes() {
    let work = tempfile::tempdir().unwrap();
    for (name, with) in [("tiny-horizon", true), ("tiny-rotation", false)] {
        let out = work.path().join(name);
        let sc = scenario_path(name);
        assert_eq!(
            rotaplan(&["solve", sc.to_str().unwrap(), "--out", out.to_str().unwrap(), "-q"]).status.code(),
            Some(0)
        );
        let header = std::fs::read_to_string(out.join("explanations.csv")).unwrap().lines().next().unwrap().to_string();
        assert_eq!(header.contains(",preference,"), with, "{name}: {header}");
    }
}
