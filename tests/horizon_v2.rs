//! Contract version 2, sections 10.11 and 10.12: the fair-rotation rules
//! (rule 8, the spread across sending units, the disadvantaged vacancy
//! penalty) and priority levels, on scenarios/tiny-horizon (whose README
//! derives every optimum by hand) and at each rule's boundaries.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{excluded_by, scenario_path, Sc};
use rotaplan::model::Scenario;
use rotaplan::plan::Plan;
use rotaplan::scenario::overrides::Override;
use rotaplan::solve::{self, Backend, SolveOptions};

/// tiny-horizon with `--set` overrides.
fn tiny(sets: &[&str]) -> (Scenario, rotaplan::eligibility::Eligibility) {
    let sets: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
    rotaplan::prepare_with(&scenario_path("tiny-horizon"), &sets).expect("valid")
}

/// Holders in positions.csv order ("" = vacant).
fn holders(sc: &Scenario, plan: &Plan) -> Vec<String> {
    let id = |p: usize| plan.assignment[p].map(|c| sc.cadres[c].id.clone()).unwrap_or_default();
    sc.positions_in_file_order().into_iter().map(id).collect()
}

/// Solves on every backend; the plan passes check; (objective, holders, level values).
fn solve_all(sc: &Scenario, el: &rotaplan::eligibility::Eligibility) -> (f64, Vec<String>, Vec<f64>) {
    let mut out = None;
    for &backend in Backend::compiled() {
        let solved = solve::solve(sc, el, &SolveOptions { backend, ..SolveOptions::from_scenario(sc) }).unwrap();
        assert!(rotaplan::check::check(sc, &solved.plan).is_empty(), "{}", backend.name());
        assert_eq!(solved.status, rotaplan::plan::Status::Optimal);
        let ev = solved.plan.evaluate(sc);
        let got = (ev.objective, holders(sc, &solved.plan), ev.levels.iter().map(|l| l.value).collect());
        if let Some(prev) = &out {
            assert_eq!(prev, &got, "backends disagree");
        }
        out = Some(got);
    }
    out.unwrap()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn tiny_horizon_optimum_matches_the_readme() {
    let (sc, el) = tiny(&[]);
    assert_eq!(excluded_by(&sc, "H1", "PS-QP"), vec!["consecutive_disadvantaged"]);
    assert_eq!(solve_all(&sc, &el).0, 111.0);
    assert_eq!(solve_all(&sc, &el).1, strings(&["R1", "R3", "R2", "H1"]));
}

#[test]
fn without_rule_8_the_cadre_from_tri_le_goes_to_que_phong() {
    let (sc, el) = tiny(&["rules.no_consecutive_disadvantaged=false"]);
    assert!(excluded_by(&sc, "H1", "PS-QP").is_empty());
    let (obj, who, _) = solve_all(&sc, &el);
    assert_eq!((obj, who), (119.0, strings(&["H1", "R2", "R1", "R3"])));
}

#[test]
fn the_cap_on_one_sending_unit_leaves_que_phong_vacant() {
    let (sc, el) = tiny(&["rules.max_rotation_share_per_department=0.5"]);
    let (obj, who, _) = solve_all(&sc, &el);
    assert_eq!((obj, who), (-1421.0, strings(&["", "R4", "R1", "H1"])));
    // A cap of 1 binds nothing: the optimum of the scenario without a cap.
    let (sc, el) = tiny(&["rules.max_rotation_share_per_department=1"]);
    assert_eq!(solve_all(&sc, &el).0, 111.0);
}

#[test]
fn priority_levels_meet_the_target_first() {
    let (sc, el) = tiny(&["objective.levels=[\"targets\", \"weighted\"]"]);
    let (obj, who, levels) = solve_all(&sc, &el);
    assert_eq!((obj, who, levels), (94.0, strings(&["R1", "R3", "R2", "W1"]), vec![0.0, 94.0]));
    let (sc, el) = tiny(&["objective.levels=[\"fill\", \"disadvantaged\", \"targets\", \"fit\", \"disruption\"]"]);
    assert_eq!(solve_all(&sc, &el).2, vec![4.0, 3.0, 0.0, 79.0, -4.0]);
}

#[test]
fn a_tolerance_lets_the_next_level_trade_the_first() {
    // Allowing the targets level 10 below its optimum gives the weighted optimum back.
    let (sc, el) = tiny(&["objective.levels=[\"targets\", \"weighted\"]", "objective.level_tolerance=10"]);
    let (obj, _, levels) = solve_all(&sc, &el);
    assert_eq!((obj, levels), (111.0, vec![-10.0, 111.0]));
    // 9.99 is not enough.
    let (sc, el) = tiny(&["objective.levels=[\"targets\", \"weighted\"]", "objective.level_tolerance=9.99"]);
    assert_eq!(solve_all(&sc, &el).0, 94.0);
}

#[test]
fn a_vacancy_in_a_disadvantaged_unit_costs_the_extra_penalty() {
    let (sc, _) = tiny(&[]);
    let p = |id: &str| sc.position_index[id];
    assert_eq!(rotaplan::objective::vacancy_penalty(&sc, p("PS-QP")), 1500.0);
    assert_eq!(rotaplan::objective::vacancy_penalty(&sc, p("PS-TV")), 1000.0);
    let vacant = Plan::vacant(&sc).evaluate(&sc);
    assert_eq!(vacant.vacancy_total, 3.0 * 1500.0 + 1000.0);
}

/// Province P, department PD, communes A (disadvantaged) and B
/// (disadvantaged unless `b_flag` is false); cadre K works at `works` and
/// chaired B from `start` to `end`; the post is the chair of A.
fn hardship(start: &str, end: &str, works: &str, b_flag: bool) -> Sc {
    let cadres = "cadre_id,name,gender,birth_date,ethnicity,home_unit_id,unit_id,education,theory,rating,available";
    let mut s = Sc::basic().with_toml(5, "no_consecutive_disadvantaged = true\n", "").v2(
        "reference_date = \"2025-07\"",
        cadres,
        "cadre_id,unit_id,title,start,end",
    );
    s.units = vec![
        "P,Province,province,,false".into(),
        "PD,Department,province,P,false".into(),
        "A,Commune A,commune,P,true".into(),
        format!("B,Commune B,commune,P,{b_flag}"),
        "X,Elsewhere,province,,false".into(),
    ];
    s.cadre(&format!("K,Name K,M,1980-01,Kinh,X,{works},master,advanced,good,true"))
        .tenure(&format!("K,B,chair,{start},{end}"))
}

fn rule_8(s: &Sc) -> Vec<&'static str> {
    excluded_by(&s.load(), "K", "CHAIR-A")
}

#[test]
fn rule_8_at_its_boundaries() {
    // The previous term is [2020-01, 2025-01).
    assert_eq!(rule_8(&hardship("2015-01", "2020-02", "B", true)), vec!["consecutive_disadvantaged"], "one month");
    assert!(rule_8(&hardship("2015-01", "2020-01", "B", true)).is_empty(), "ended as the term began");
    assert!(rule_8(&hardship("2025-01", "2025-07", "B", true)).is_empty(), "served only in the planned term");
    assert_eq!(rule_8(&hardship("2024-12", "2025-07", "B", true)), vec!["consecutive_disadvantaged"]);
    assert!(rule_8(&hardship("2020-01", "2025-07", "A", true)).is_empty(), "works at A: not sent");
    assert!(rule_8(&hardship("2020-01", "2025-07", "B", false)).is_empty(), "B is not disadvantaged");
    let off = hardship("2020-01", "2025-07", "B", true);
    let off = Sc { toml: off.toml.replace("no_consecutive_disadvantaged = true", ""), ..off };
    assert!(rule_8(&off).is_empty(), "the rule is off by default");
}

#[test]
fn one_above_the_share_breaks_the_cap() {
    let (sc, _) = tiny(&["rules.max_rotation_share_per_department=0.5"]);
    let c = |id: &str| Some(sc.cadre_index[id]);
    // R1 (SNV) and R4 (STC): one each of two, exactly at the cap.
    let mut a = vec![None; sc.positions.len()];
    a[sc.position_index["PS-TL"]] = c("R1");
    a[sc.position_index["PC-QP"]] = c("R4");
    assert!(rotaplan::rules::rotation_spread::over_cap(&sc, &a).is_empty());
    a[sc.position_index["PS-QP"]] = c("R2");
    let over = rotaplan::rules::rotation_spread::over_cap(&sc, &a);
    assert_eq!(over.len(), 1);
    assert_eq!((over[0].sent, over[0].total), (2, 3));
}

#[test]
fn the_new_keys_are_version_2_and_checked() {
    let bad = |rules: &str, objective: &str, v2: bool| {
        let mut s = Sc::basic().with_toml(5, rules, objective);
        if v2 {
            s = s.v2("", common::CADRES_HEADER, common::HISTORY_HEADER);
        }
        s.try_load().err().unwrap_or_default()
    };
    assert!(bad("no_consecutive_disadvantaged = true", "", false).contains("is a key of contract version 2"));
    assert!(bad("", "levels = [\"fill\"]", false).contains("is a key of contract version 2"));
    assert!(bad("max_rotation_share_per_department = 0", "", true).contains("out of range"));
    assert!(bad("max_rotation_share_per_department = 1.5", "", true).contains("out of range"));
    let unknown = bad("", "levels = [\"fill\", \"speed\"]", true);
    assert!(unknown.contains("unknown level `speed`") && unknown.contains("fill, disadvantaged"), "{unknown}");
    assert!(bad("", "levels = [\"fill\", \"fill\"]", true).contains("given twice"));
    assert!(bad("", "levels = []", true).contains("is empty"));
    assert!(bad("", "disadvantaged_vacancy_penalty = -1", true).contains("out of range"));
    assert!(bad("", "level_tolerance = -1", true).contains("out of range"));
}

/// scenarios/tiny-rotation with `--set` overrides.
fn rotation(sets: &[&str]) -> (Scenario, rotaplan::eligibility::Eligibility) {
    let sets: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
    rotaplan::prepare_with(&scenario_path("tiny-rotation"), &sets).expect("valid")
}

#[test]
fn tiny_rotation_keeps_the_directors_post_for_the_return() {
    let (sc, el) = rotation(&[]);
    let (obj, who, _) = solve_all(&sc, &el);
    assert_eq!((obj, who), (35.0, strings(&["", "D1"])));
    let plan = solve::solve(&sc, &el, &SolveOptions::from_scenario(&sc)).unwrap().plan;
    let ev = plan.evaluate(&sc);
    assert_eq!((ev.counts.reserved, ev.counts.vacant, ev.vacancy_total), (1, 0, 0.0));
    let csv = String::from_utf8(rotaplan::plan::plan_csv(&sc, &plan).unwrap()).unwrap();
    assert!(csv.contains("DIR-SNV,40-SNV,director,D1,Hoàng Văn Đức,reserved,,"), "{csv}");
    let rot = String::from_utf8(rotaplan::forecast::rotation_csv(&sc, &plan).unwrap()).unwrap();
    assert_eq!(rot, "cadre_id,from,to,start,earliest_return,origin\nD1,DIR-SNV,PC-QP,2025-07,2028-07,kept\n");
    let f = rotaplan::forecast::of_post(&sc, &plan, sc.position_index["PC-QP"]);
    assert_eq!((f.leaves.map(|m| m.to_string()), f.within_term), (Some("2028-07".into()), true));
}

#[test]
fn a_released_origin_is_filled_like_any_other_post() {
    let (sc, el) = rotation(&["rules.rotation_origin=\"released\""]);
    let (obj, who, _) = solve_all(&sc, &el);
    assert_eq!((obj, who), (55.0, strings(&["E1", "D1"])));
}

#[test]
fn a_kept_post_held_by_anyone_breaks_the_plan() {
    let (sc, _) = rotation(&[]);
    let mut plan = Plan::vacant(&sc);
    let (dir, pc) = (sc.position_index["DIR-SNV"], sc.position_index["PC-QP"]);
    plan.assignment[pc] = Some(sc.cadre_index["D1"]);
    plan.assignment[dir] = Some(sc.cadre_index["E1"]);
    let codes: Vec<String> = rotaplan::check::check(&sc, &plan).into_iter().map(|v| v.rule).collect();
    assert_eq!(codes, ["reserved_post"]);
    // Without a rotation, nothing is kept: the director's post is merely vacant.
    let mut stay = Plan::vacant(&sc);
    stay.assignment[pc] = None;
    assert_eq!(stay.evaluate(&sc).counts.reserved, 0);
    assert_eq!(stay.evaluate(&sc).vacancy_total, 2000.0);
}

#[test]
fn the_rotation_bonus_can_require_a_marked_rotation() {
    // D1's move to PC-QP is marked: the bonus holds either way. E1 planned for
    // PC-QP without the mark earns it only when the switch is off.
    let extra = ["E1,PC-QP,,0,"];
    let dir = common::copy_scenario("tiny-rotation");
    let path = dir.path().join("candidates.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!("{}\n", extra[0]));
    std::fs::write(&path, text).unwrap();
    let sc = rotaplan::scenario::load(dir.path()).unwrap();
    let (e1, d1, pc) = (sc.cadre_index["E1"], sc.cadre_index["D1"], sc.position_index["PC-QP"]);
    assert_eq!(rotaplan::objective::breakdown(&sc, e1, pc).rotation_down, 0.0);
    assert_eq!(rotaplan::objective::breakdown(&sc, d1, pc).rotation_down, 5.0);
    let off = Override::parse("objective.rotation_bonus_requires_rules=false").unwrap();
    let sc = rotaplan::scenario::load_with(dir.path(), &[off]).unwrap();
    assert_eq!(rotaplan::objective::breakdown(&sc, e1, pc).rotation_down, 5.0);
}

#[test]
fn the_rotation_keys_are_checked() {
    let bad = |rules: &str| {
        let s = Sc::basic().with_toml(5, rules, "").v2("", common::CADRES_HEADER, common::HISTORY_HEADER);
        s.try_load().err().unwrap_or_default()
    };
    assert!(bad("rotation_origin = \"lost\"").contains("unknown rotation_origin `lost`"));
    assert!(bad("rotation_period_months = 0").contains("out of range"));
    let v1 = Sc::basic().with_toml(5, "rotation_origin = \"kept\"", "").try_load().err().unwrap_or_default();
    assert!(v1.contains("is a key of contract version 2"), "{v1}");
}
