//! Each rule at its boundary (contract section 3).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{excluded_by, Sc};

// ---- rule 5: term limit ------------------------------------------------------
// term_years = 4, term_start = 2025: past terms are 2021–2024, 2017–2020, 2013–2016.

fn term_case(tenures: &[&str], rules: &str) -> Vec<&'static str> {
    let mut s = Sc::basic().with_toml(4, rules, "").plain("C1");
    for t in tenures {
        s = s.tenure(&format!("C1,A,chair,{t}"));
    }
    excluded_by(&s.load(), "C1", "CHAIR-A")
}

#[test]
fn term_limit_exactly_half_a_term_counts_as_served() {
    // 2023–2024 is 2 of 4 years of the last term: served; 2017–2020 fully served.
    assert_eq!(term_case(&["2017,2021", "2023,"], ""), vec!["term_limit"]);
}

#[test]
fn term_limit_one_year_less_than_half_does_not_count() {
    assert!(term_case(&["2017,2021", "2024,"], "").is_empty());
}

#[test]
fn term_limit_gap_resets_the_count() {
    // Served 2013–2016 and 2021–2024, not 2017–2020.
    assert!(term_case(&["2013,2017", "2021,"], "").is_empty());
}

#[test]
fn term_limit_three_terms_in_a_row_blocked() {
    assert_eq!(term_case(&["2013,"], ""), vec!["term_limit"]);
}

#[test]
fn term_limit_respects_max_consecutive_terms() {
    assert_eq!(term_case(&["2021,"], "max_consecutive_terms = 1"), vec!["term_limit"]);
    assert!(term_case(&["2017,"], "max_consecutive_terms = 3").is_empty());
}

#[test]
fn term_limit_overlapping_tenures_count_once() {
    // Two rows covering the same single year 2024: 1 distinct year < half.
    assert!(term_case(&["2017,2021", "2024,", "2024,2025"], "").is_empty());
}

#[test]
fn term_limit_only_same_unit_and_title() {
    let sc = Sc::basic().with_toml(4, "", "").plain("C1").tenure("C1,B,chair,2013,").tenure("C1,A,sec,2013,").load();
    assert!(excluded_by(&sc, "C1", "CHAIR-A").is_empty());
}

#[test]
fn term_limit_years_after_term_start_do_not_count() {
    // A tenure recorded as starting 2025 covers no past year.
    assert!(term_case(&["2017,2021", "2025,"], "").is_empty());
}

// ---- rule 4: non-local -------------------------------------------------------

#[test]
fn non_local_by_home_commune() {
    let sc = Sc::basic()
        .cadre("L,Local,M,1980,Kinh,A,B,master,advanced,good,true")
        .cadre("N,Not local,M,1980,Kinh,B,B,master,advanced,good,true")
        .load();
    assert_eq!(excluded_by(&sc, "L", "SEC-A"), vec!["non_local"]);
    assert!(excluded_by(&sc, "N", "SEC-A").is_empty());
    // chair has no non-local requirement.
    assert!(excluded_by(&sc, "L", "CHAIR-A").is_empty());
}

#[test]
fn non_local_province_post_counts_whole_province() {
    let sc = Sc::basic()
        .cadre("IN,In province,M,1980,Kinh,B,PD,master,advanced,good,true")
        .cadre("OUT,Outside,M,1980,Kinh,X,PD,master,advanced,good,true")
        .load();
    assert_eq!(excluded_by(&sc, "IN", "DIR"), vec!["non_local"]);
    assert!(excluded_by(&sc, "OUT", "DIR").is_empty());
}

#[test]
fn non_local_by_service_years_boundary() {
    let rules = "local_if_served_years = 10";
    // 2015..2024 = 10 years in A (open tenure runs to term start): local.
    let ten = Sc::basic().with_toml(5, rules, "").plain("C1").tenure("C1,A,deputy,2015,").load();
    assert_eq!(excluded_by(&ten, "C1", "SEC-A"), vec!["non_local"]);
    // 9 years: not local.
    let nine = Sc::basic().with_toml(5, rules, "").plain("C1").tenure("C1,A,deputy,2016,").load();
    assert!(excluded_by(&nine, "C1", "SEC-A").is_empty());
    // Overlapping tenures count once: 2016–2024 twice is still 9 years.
    let twice = Sc::basic()
        .with_toml(5, rules, "")
        .plain("C1")
        .tenure("C1,A,deputy,2016,")
        .tenure("C1,A,other,2016,2025")
        .load();
    assert!(excluded_by(&twice, "C1", "SEC-A").is_empty());
    // Off when 0.
    let off = Sc::basic().plain("C1").tenure("C1,A,deputy,2000,").load();
    assert!(excluded_by(&off, "C1", "SEC-A").is_empty());
}

#[test]
fn non_local_service_in_a_commune_counts_for_the_province() {
    let sc = Sc::basic()
        .with_toml(5, "local_if_served_years = 10", "")
        .cadre("C1,Name,M,1980,Kinh,X,PD,master,advanced,good,true")
        .tenure("C1,B,chair,2010,2020")
        .load();
    assert_eq!(excluded_by(&sc, "C1", "DIR"), vec!["non_local"]);
}

// ---- rule 6: age ---------------------------------------------------------------

fn age_rules() -> &'static str {
    "retirement_age = { F = 60, M = 62 }\nnew_appointment_min_years = 5\nstay_min_years = 2"
}

#[test]
fn age_new_appointment_boundary() {
    let sc = Sc::basic()
        .with_toml(5, age_rules(), "")
        .cadre("M57,Name,M,1968,Kinh,B,B,master,advanced,good,true")
        .cadre("M58,Name,M,1967,Kinh,B,B,master,advanced,good,true")
        .cadre("F55,Name,F,1970,Kinh,B,B,master,advanced,good,true")
        .cadre("F56,Name,F,1969,Kinh,B,B,master,advanced,good,true")
        .load();
    assert!(excluded_by(&sc, "M57", "SEC-A").is_empty());
    assert_eq!(excluded_by(&sc, "M58", "SEC-A"), vec!["age"]);
    assert!(excluded_by(&sc, "F55", "SEC-A").is_empty());
    assert_eq!(excluded_by(&sc, "F56", "SEC-A"), vec!["age"]);
}

#[test]
fn age_incumbent_staying_needs_only_stay_min_years() {
    let sc = Sc::basic()
        .with_toml(5, age_rules(), "")
        .cadre("M60,Name,M,1965,Kinh,B,B,master,advanced,good,true")
        .cadre("M61,Name,M,1964,Kinh,B,B,master,advanced,good,true")
        .incumbent("SEC-A", "M60")
        .incumbent("CHAIR-A", "M61")
        .load();
    assert!(excluded_by(&sc, "M60", "SEC-A").is_empty(), "60 + 2 <= 62 may stay");
    assert_eq!(excluded_by(&sc, "M61", "CHAIR-A"), vec!["age"], "61 + 2 > 62 may not stay");
    assert_eq!(excluded_by(&sc, "M60", "CHAIR-A"), vec!["age"], "moving is a new appointment");
}

#[test]
fn age_rule_off_without_retirement_age() {
    let sc = Sc::basic().cadre("OLD,Name,M,1940,Kinh,B,B,master,advanced,good,true").load();
    assert!(excluded_by(&sc, "OLD", "SEC-A").is_empty());
}

// ---- rules 1, 2, 3, 7 ----------------------------------------------------------

#[test]
fn availability_excludes_unavailable() {
    let sc = Sc::basic().cadre("U,Name,M,1980,Kinh,B,B,master,advanced,good,false").load();
    assert_eq!(excluded_by(&sc, "U", "CHAIR-A"), vec!["availability"]);
}

#[test]
fn qualification_boundary() {
    let sc = Sc::basic()
        .cadre("EQ,Name,M,1980,Kinh,B,B,bachelor,advanced,good,true")
        .cadre("LOWED,Name,M,1980,Kinh,B,B,college,advanced,good,true")
        .cadre("LOWTH,Name,M,1980,Kinh,B,B,doctor,intermediate,good,true")
        .load();
    assert!(excluded_by(&sc, "EQ", "SEC-A").is_empty());
    assert_eq!(excluded_by(&sc, "LOWED", "SEC-A"), vec!["qualification"]);
    assert_eq!(excluded_by(&sc, "LOWTH", "SEC-A"), vec!["qualification"]);
    assert!(excluded_by(&sc, "LOWED", "CHAIR-A").is_empty(), "chair has no minimum");
}

#[test]
fn planning_pool_by_post_title_or_incumbency() {
    let s = Sc::basic()
        .plain("BYPOST")
        .plain("BYTITLE")
        .plain("NONE")
        .plain("INC")
        .incumbent("CHAIR-A", "INC")
        .plan("BYPOST,SEC-A,,3")
        .plan("BYTITLE,,sec,1");
    let sc = s.load();
    assert!(sc.rules.require_planning, "defaults to true when candidates.csv exists");
    assert!(excluded_by(&sc, "BYPOST", "SEC-A").is_empty());
    assert!(excluded_by(&sc, "BYTITLE", "SEC-A").is_empty());
    assert_eq!(excluded_by(&sc, "NONE", "SEC-A"), vec!["planning"]);
    assert!(excluded_by(&sc, "INC", "CHAIR-A").is_empty());
    assert_eq!(excluded_by(&sc, "INC", "SEC-A"), vec!["planning"]);
    let off = s.clone().with_toml(5, "require_planning = false", "").load();
    assert!(excluded_by(&off, "NONE", "SEC-A").is_empty());
}

#[test]
fn planning_defaults_off_without_candidates_file() {
    let sc = Sc::basic().plain("C1").load();
    assert!(!sc.rules.require_planning);
}

#[test]
fn decision_forbid_excludes() {
    let mut s = Sc::basic().plain("C1");
    s.decisions.push("C1,CHAIR-A,forbid".into());
    let sc = s.load();
    assert_eq!(excluded_by(&sc, "C1", "CHAIR-A"), vec!["decision"]);
    assert!(excluded_by(&sc, "C1", "SEC-A").is_empty());
}

#[test]
fn several_rules_reported_together() {
    let sc = Sc::basic().cadre("C1,Name,M,1980,Kinh,A,A,college,none,good,false").load();
    assert_eq!(excluded_by(&sc, "C1", "SEC-A"), vec!["availability", "qualification", "non_local"]);
}

// ---- rule 3.6: minimum time in post --------------------------------------------

fn min_time(start: &str, available: bool) -> Vec<(String, String)> {
    let (sc, el) = Sc::basic()
        .with_toml(5, "min_years_in_post = 3", "")
        .cadre(&format!("C1,Name,M,1980,Kinh,B,B,master,advanced,good,{available}"))
        .incumbent("CHAIR-A", "C1")
        .tenure(&format!("C1,A,chair,{start},"))
        .prepare();
    el.pins.iter().map(|p| (sc.cadres[p.cadre].id.clone(), sc.positions[p.position].id.clone())).collect()
}

#[test]
fn min_time_in_post_boundary() {
    // Started 2022: exactly 3 years before 2025, not "less than": no pin.
    assert!(min_time("2022", true).is_empty());
    // Started 2023: 2 years: pinned.
    assert_eq!(min_time("2023", true), vec![("C1".to_string(), "CHAIR-A".to_string())]);
}

#[test]
fn min_time_in_post_only_when_eligible() {
    assert!(min_time("2023", false).is_empty());
}

#[test]
fn min_time_in_post_uses_latest_open_tenure() {
    let (_, el) = Sc::basic()
        .with_toml(5, "min_years_in_post = 3", "")
        .plain("C1")
        .incumbent("CHAIR-A", "C1")
        .tenure("C1,A,chair,2021,")
        .tenure("C1,A,chair,2024,")
        .prepare();
    // The earlier open row (2021, 4 years) alone would not pin; the latest (2024) does.
    assert_eq!(el.pins.len(), 1);
}
