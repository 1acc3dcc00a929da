//! Contract version 2: the vacancy forecast (forecast.csv, `explain
//! --position`): when each holder leaves, by retirement or by reaching the
//! term limit at the next term, each at its boundary month.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::Sc;
use rotaplan::forecast::{of_post, Reason};
use rotaplan::plan::Plan;

const CADRES_V2: &str =
    "cadre_id,name,gender,birth_date,ethnicity,home_unit_id,unit_id,education,theory,rating,available,retirement_date";
const HISTORY_V2: &str = "cadre_id,unit_id,title,start,end";

/// Version 2 at reference 2025-01 (term 2025-01 to 2030-01), with `rules`; C1 holds CHAIR-A in the plan.
fn held(rules: &str, retirement: &str, tenures: &[&str]) -> (Option<String>, Option<Reason>, bool) {
    let mut s = Sc::basic().with_toml(5, rules, "").v2("", CADRES_V2, HISTORY_V2);
    s = s.cadre(&format!("C1,Name,M,1975-01,Kinh,B,B,master,advanced,good,true,{retirement}"));
    for t in tenures {
        s = s.tenure(t);
    }
    let sc = s.load();
    let mut plan = Plan::vacant(&sc);
    let p = sc.position_index["CHAIR-A"];
    plan.assignment[p] = Some(sc.cadre_index["C1"]);
    let f = of_post(&sc, &plan, p);
    (f.leaves.map(|m| m.to_string()), f.reason, f.within_term)
}

#[test]
fn a_retirement_before_the_next_term_ends_is_forecast() {
    assert_eq!(held("", "2027-05", &[]), (Some("2027-05".into()), Some(Reason::Retirement), true));
    assert_eq!(
        held("", "2030-01", &[]),
        (Some("2030-01".into()), Some(Reason::Retirement), false),
        "at the term's end"
    );
    assert_eq!(held("", "2034-12", &[]), (Some("2034-12".into()), Some(Reason::Retirement), false));
    assert_eq!(held("", "2035-01", &[]), (None, None, false), "after the next term: nothing to forecast");
}

#[test]
fn the_term_limit_is_reached_at_the_next_term_after_one_more() {
    // At most 2 consecutive terms: half of the last past term (2020-01..2025-01) served, plus this one.
    let half = ["C1,A,chair,2022-07,2025-01"];
    assert_eq!(held("", "", &half), (Some("2030-01".into()), Some(Reason::TermLimit), false));
    let less = ["C1,A,chair,2022-08,2025-01"];
    assert_eq!(held("", "", &less), (None, None, false));
    // The earlier of retirement and the term limit.
    assert_eq!(held("", "2031-06", &half), (Some("2030-01".into()), Some(Reason::TermLimit), false));
    assert_eq!(held("", "2028-06", &half), (Some("2028-06".into()), Some(Reason::Retirement), true));
}

#[test]
fn continuous_months_count_the_planned_term() {
    // 96 months: 36 held by 2025-01 and the 60 of the term reach it; 35 do not.
    let rules = "term_limit = \"continuous_months\"\nterm_limit_months = 96";
    assert_eq!(held(rules, "", &["C1,A,chair,2022-01,"]).1, Some(Reason::TermLimit));
    assert_eq!(held(rules, "", &["C1,A,chair,2022-02,"]).1, None);
}

#[test]
fn solve_writes_forecast_csv_in_version_2_only() {
    let out = tempfile::tempdir().unwrap();
    let run = |name: &str| {
        let dir = out.path().join(name);
        let o = common::rotaplan(&[
            "solve",
            common::scenario_path(name).to_str().unwrap(),
            "--out",
            dir.to_str().unwrap(),
            "-q",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(dir.join("forecast.csv")).ok()
    };
    assert!(run("tiny").is_none(), "version 1 writes what it wrote before");
    let text = run("tiny-v2").unwrap();
    assert!(text.starts_with("position_id,cadre_id,leaves,reason,within_term,detail\n"));
    assert!(text.contains("PC-A,D04,2030-03,retirement,true,"), "{text}");
    assert_eq!(text.lines().count(), 1 + 5, "one row per post");
}
