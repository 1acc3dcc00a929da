//! Contract version 2, section 10.14: succession pools, on
//! scenarios/tiny-succession (whose README derives every optimum by hand)
//! and at each boundary of eligibility at the next term.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{copy_scenario, rotaplan, scenario_path};
use rotaplan::eligibility::Eligibility;
use rotaplan::model::Scenario;
use rotaplan::plan::Plan;
use rotaplan::scenario::overrides::Override;
use rotaplan::solve::{self, Backend, SolveOptions};
use std::path::Path;

fn load(dir: &Path, sets: &[&str]) -> (Scenario, Eligibility) {
    let sets: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
    rotaplan::prepare_with(dir, &sets).expect("valid")
}

/// (holder, successors) of each post in positions.csv order, by id.
type Posts = Vec<(String, Vec<String>)>;

fn posts(sc: &Scenario, plan: &Plan) -> Posts {
    let id = |c: usize| sc.cadres[c].id.clone();
    let row = |p: usize| {
        (plan.assignment[p].map(id).unwrap_or_default(), plan.successors[p].iter().map(|&c| id(c)).collect())
    };
    sc.positions_in_file_order().into_iter().map(row).collect()
}

/// Solves on every backend; each plan passes check and is proved optimal.
fn solve_all(sc: &Scenario, el: &Eligibility) -> (f64, Posts) {
    let mut out: Option<(f64, Posts)> = None;
    for &backend in Backend::compiled() {
        let solved = solve::solve(sc, el, &SolveOptions { backend, ..SolveOptions::from_scenario(sc) }).unwrap();
        assert!(rotaplan::check::check(sc, &solved.plan).is_empty(), "{}", backend.name());
        assert_eq!(solved.status, rotaplan::plan::Status::Optimal);
        let got = (solved.plan.evaluate(sc).objective, posts(sc, &solved.plan));
        if let Some(prev) = &out {
            assert_eq!(prev, &got, "backends disagree");
        }
        out = Some(got);
    }
    out.unwrap()
}

fn tiny(sets: &[&str]) -> (f64, Posts) {
    let (sc, el) = load(&scenario_path("tiny-succession"), sets);
    solve_all(&sc, &el)
}

fn row(holder: &str, named: &[&str]) -> (String, Vec<String>) {
    (holder.to_string(), named.iter().map(|s| s.to_string()).collect())
}

#[test]
fn tiny_succession_optimum_matches_the_readme() {
    assert_eq!(tiny(&[]), (412.0, vec![row("B1", &["A1", "T1"]), row("A1", &["Y1"])]));
}

#[test]
fn the_target_on_the_pools_and_the_limit_per_cadre_each_bind() {
    // Without the target, the limit of one pool per cadre still keeps Y1 to one pool.
    let no_target = "targets.female_successor.penalty=0";
    assert_eq!(tiny(&[no_target]), (412.0, vec![row("B1", &["A1", "T1"]), row("A1", &["Y1"])]));
    // Two pools per cadre and no target: Y1 in both, T1 left out.
    let two = "rules.max_succession_titles=2";
    assert_eq!(tiny(&[two, no_target]), (415.0, vec![row("B1", &["A1", "Y1"]), row("A1", &["Y1"])]));
    // Two pools per cadre with the target: T1 comes back (missing her costs 50 > 3).
    assert_eq!(tiny(&[two]), (412.0, vec![row("B1", &["A1", "T1"]), row("A1", &["Y1"])]));
}

#[test]
fn with_no_points_a_successor_still_adds_its_fit() {
    // successor_points 0: a successor adds only fit (rating + planning score),
    // so A1 (28) and T1 (5), and Y1 (8) on PC-QP, are still worth naming.
    let (obj, named) = tiny(&["objective.successor_points=0"]);
    assert_eq!((obj, named), (112.0, vec![row("B1", &["A1", "T1"]), row("A1", &["Y1"])]));
}

/// Eligible successors of PS-QP after editing tiny-succession's files.
fn pool_after(edits: &[(&str, &str, &str)]) -> Vec<String> {
    let dir = copy_scenario("tiny-succession");
    for (file, from, to) in edits {
        let p = dir.path().join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{file} lacks {from}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }
    let (sc, el) = load(dir.path(), &[]);
    let ps = sc.position_index["PS-QP"];
    el.successors.iter().filter(|s| s.0 == ps).map(|s| sc.cadres[s.1].id.clone()).collect()
}

#[test]
fn a_training_counts_when_it_completes_before_the_next_reference_date() {
    assert_eq!(pool_after(&[]), vec!["A1", "T1", "Y1"]);
    let before = ("training.csv", "L1,theory,advanced,2030-07", "L1,theory,advanced,2030-06");
    assert_eq!(pool_after(&[before]), vec!["A1", "L1", "T1", "Y1"]);
    let none = ("training.csv", "T1,theory,advanced,2027-06\n", "");
    assert_eq!(pool_after(&[none]), vec!["A1", "Y1"]);
    // A lower level than the title asks does not close the gap.
    let lower = ("training.csv", "T1,theory,advanced", "T1,theory,intermediate");
    assert_eq!(pool_after(&[lower]), vec!["A1", "Y1"]);
}

#[test]
fn remaining_service_is_counted_at_the_next_reference_date() {
    // Retiring at 62: born 1973-07 retires 2035-07, 60 months after 2030-07 (a first appointment needs 60).
    let at_60 = ("cadres.csv", "B1,Lê Văn Bình,M,1969-03", "B1,Lê Văn Bình,M,1973-07");
    assert_eq!(pool_after(&[at_60]), vec!["A1", "B1", "T1", "Y1"]);
    let at_59 = ("cadres.csv", "B1,Lê Văn Bình,M,1969-03", "B1,Lê Văn Bình,M,1973-06");
    assert_eq!(pool_after(&[at_59]), vec!["A1", "T1", "Y1"]);
}

#[test]
fn only_planned_cadres_stand_in_a_pool() {
    let unplanned = ("candidates.csv", "Y1,,party_secretary,3\n", "");
    assert_eq!(pool_after(&[unplanned]), vec!["A1", "T1"]);
}

#[test]
fn solve_writes_succession_csv_and_plan_json_counts_the_pools() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let o = rotaplan(&["solve", scenario_path("tiny-succession").to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(out.join("succession.csv")).unwrap();
    assert_eq!(
        csv,
        "position_id,cadre_id,cadre_name,rank,ready,lacks\n\
         PS-QP,A1,Trần Văn An,1,2025-07,\n\
         PS-QP,T1,Nguyễn Thị Thu,2,2027-06,\"political theory intermediate, advanced required (training completes 2027-06)\"\n\
         PC-QP,Y1,Hoàng Văn Yên,1,2025-07,\n"
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("plan.json")).unwrap()).unwrap();
    assert_eq!(json["succession"], serde_json::json!({"posts": 2, "full": 2, "named": 3, "points": 341.0}));
    assert_eq!(json["targets"][0]["on"], "succession");
    assert_eq!(json["targets"][0]["achieved"], 1.0);
    // check reads the successors back from plan.csv: the same objective.
    let c = rotaplan(&[
        "check",
        scenario_path("tiny-succession").to_str().unwrap(),
        out.join("plan.csv").to_str().unwrap(),
        "--format",
        "json",
    ]);
    let checked: serde_json::Value = serde_json::from_slice(&c.stdout).unwrap();
    assert_eq!((c.status.code(), checked["objective"].as_f64()), (Some(0), Some(412.0)));
}

#[test]
fn explain_names_the_successors_and_why_others_are_not() {
    let o = rotaplan(&["explain", scenario_path("tiny-succession").to_str().unwrap(), "--position", "PS-QP"]);
    let text = String::from_utf8_lossy(&o.stdout);
    for fragment in [
        "Successors for the next term (2030-07), 2 of 2 named",
        "1. Trần Văn An (A1), ready 2025-07, adds 128",
        "2. Nguyễn Thị Thu (T1), ready 2027-06, adds 105",
        "lacks today: political theory intermediate, advanced required (training completes 2027-06)",
        "Lê Văn Bình (B1): not eligible at the next term",
        "8 months after the reference date 2030-07",
        "its training completes 2030-07, not before 2030-07",
        "Hoàng Văn Yên (Y1): eligible at the next term, not named: they are named in 1 other pool(s)",
    ] {
        assert!(text.contains(fragment), "missing `{fragment}` in:\n{text}");
    }
    let o = rotaplan(&["explain", scenario_path("tiny-succession").to_str().unwrap(), "--cadre", "T1"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("named successor 2 of"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn a_title_without_succession_writes_no_pools() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let o = rotaplan(&["solve", scenario_path("tiny-horizon").to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!out.join("succession.csv").exists());
    let plan = std::fs::read_to_string(out.join("plan.csv")).unwrap();
    assert!(!plan.lines().next().unwrap().contains("successors"));
    let json = std::fs::read_to_string(out.join("plan.json")).unwrap();
    assert!(!json.contains("\"succession\""));
}

#[test]
fn the_report_counts_the_pools() {
    let work = tempfile::tempdir().unwrap();
    let html = work.path().join("r.html");
    let draft = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts/tiny-succession/valid.csv");
    let sc = scenario_path("tiny-succession");
    let o = rotaplan(&["report", sc.to_str().unwrap(), draft.to_str().unwrap(), "--out", html.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("successors named<b>3</b>") && text.contains("posts with full pools<b>2 of 2</b>"));
}
