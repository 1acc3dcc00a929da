//! Contract version 2, dates and ages: every duration in months, at its
//! boundary month (docs/scenario-format.md section 10).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{excluded_by, Sc};

const CADRES_V2: &str =
    "cadre_id,name,gender,birth_date,ethnicity,home_unit_id,unit_id,education,theory,rating,available,retirement_date";
const HISTORY_V2: &str = "cadre_id,unit_id,title,start,end";

/// The basic scenario in version 2 with `[rules]` body `rules` and the
/// reference date 2025-07; cadres are added with [`person`].
fn v2(term_years: i32, rules: &str) -> Sc {
    Sc::basic().with_toml(term_years, rules, "").v2("reference_date = \"2025-07\"", CADRES_V2, HISTORY_V2)
}

/// A cadre row: id, gender, birth month, home B, works at B, master, advanced, good.
fn person(s: Sc, id: &str, gender: &str, birth: &str) -> Sc {
    s.cadre(&format!("{id},Name {id},{gender},{birth},Kinh,B,B,master,advanced,good,true,"))
}

fn age_rule(rules: &str, gender: &str, birth: &str, incumbent: bool) -> Vec<&'static str> {
    let mut s = person(v2(5, rules), "C1", gender, birth);
    if incumbent {
        s = s.incumbent("CHAIR-A", "C1");
    }
    excluded_by(&s.load(), "C1", "CHAIR-A")
}

// ---- rule 6: retirement and the service that must remain ---------------------

#[test]
fn fixed_age_first_appointment_at_exactly_the_months_needed() {
    // A man born 1965-07 retires at 62 in 2027-07: 24 months after 2025-07.
    let rules = "retirement = { M = 62 }\nremaining_service = { first = 24 }";
    assert!(age_rule(rules, "M", "1965-07", false).is_empty());
    let rules = "retirement = { M = 62 }\nremaining_service = { first = 25 }";
    assert_eq!(age_rule(rules, "M", "1965-07", false), vec!["age"]);
}

#[test]
fn stay_reads_its_own_months_for_the_incumbent() {
    let rules = "retirement = { M = 62 }\nremaining_service = { first = 60, stay = 24 }";
    assert!(age_rule(rules, "M", "1965-07", true).is_empty());
    assert_eq!(age_rule(rules, "M", "1965-07", false), vec!["age"]);
    let rules = "retirement = { M = 62 }\nremaining_service = { first = 60, stay = 25 }";
    assert_eq!(age_rule(rules, "M", "1965-07", true), vec!["age"]);
}

#[test]
fn statutory_schedule_woman_born_1970_01_retires_2027_05() {
    // 57 years 4 months, reached in 2027-05: 22 months after 2025-07.
    let rules = "retirement = \"vn-labour-code-2019\"\nremaining_service = { first = 22 }";
    assert!(age_rule(rules, "F", "1970-01", false).is_empty());
    let rules = "retirement = \"vn-labour-code-2019\"\nremaining_service = { first = 23 }";
    assert_eq!(age_rule(rules, "F", "1970-01", false), vec!["age"]);
}

#[test]
fn the_age_fact_names_the_retirement_month_and_the_schedule() {
    let rules = "retirement = \"vn-labour-code-2019\"\nremaining_service = { first = 60 }";
    let sc = person(v2(5, rules), "C1", "F", "1970-01").load();
    let ex = rotaplan::rules::exclusions(&sc, sc.cadre_index["C1"], sc.position_index["CHAIR-A"]);
    let fact = &ex.iter().find(|e| e.rule == "age").unwrap().fact;
    assert!(fact.contains("retires 2027-05"), "{fact}");
    assert!(fact.contains("born 1970-01 retires at 57y4m"), "{fact}");
    assert!(fact.contains("22 months after the reference date 2025-07"), "{fact}");
    assert!(fact.contains("60 months"), "{fact}");
}

#[test]
fn a_given_retirement_date_overrides_the_schedule() {
    let rules = "retirement = \"vn-labour-code-2019\"\nremaining_service = { first = 6 }";
    let row = "C1,Name C1,M,1980-01,Kinh,B,B,master,advanced,good,true,";
    let s = v2(5, rules).cadre(&format!("{row}2026-01"));
    assert!(excluded_by(&s.load(), "C1", "CHAIR-A").is_empty()); // 6 months left
    let s = v2(5, rules).cadre(&format!("{row}2025-12"));
    assert_eq!(excluded_by(&s.load(), "C1", "CHAIR-A"), vec!["age"]); // 5 months left
}

// ---- ages in months ----------------------------------------------------------

#[test]
fn age_in_whole_years_at_the_reference_month() {
    let s = person(person(person(v2(5, ""), "A", "M", "1990-07"), "B", "M", "1990-08"), "C", "M", "1990-06-30");
    let sc = s.load();
    assert_eq!(sc.age(sc.cadre_index["A"]), 35); // exactly 35 years
    assert_eq!(sc.age(sc.cadre_index["B"]), 34); // one month short
    assert_eq!(sc.age(sc.cadre_index["C"]), 35); // the day is not used
}

#[test]
fn birth_year_alone_is_january() {
    let header = "cadre_id,name,gender,birth_year,ethnicity,home_unit_id,unit_id,education,theory,rating,available";
    let s = Sc::basic().v2("reference_date = \"2025-07\"", header, HISTORY_V2).plain("C1");
    let sc = s.load();
    assert_eq!(sc.cadres[sc.cadre_index["C1"]].birth.to_string(), "1980-01");
    assert_eq!(sc.age_months(sc.cadre_index["C1"]), 45 * 12 + 6);
}

// ---- rule 5: half of a term's months -------------------------------------------

fn term_case(tenures: &[&str]) -> Vec<&'static str> {
    // term_years = 4, reference 2025-07: past terms 2021-07..2025-07 and 2017-07..2021-07.
    let mut s = person(v2(4, ""), "C1", "M", "1980-01");
    for t in tenures {
        s = s.tenure(&format!("C1,A,chair,{t}"));
    }
    excluded_by(&s.load(), "C1", "CHAIR-A")
}

#[test]
fn term_limit_half_a_term_in_months() {
    // 2023-07..2025-07 is 24 of 48 months: served.
    assert_eq!(term_case(&["2017-07,2021-07", "2023-07,"]), vec!["term_limit"]);
    // One month less is not.
    assert!(term_case(&["2017-07,2021-07", "2023-08,"]).is_empty());
}

#[test]
fn term_limit_windows_end_at_the_reference_month() {
    // Served 2017-08..2021-07 (47 months) and the whole last term.
    assert_eq!(term_case(&["2017-08,"]), vec!["term_limit"]);
    // The earlier window holds only 23 months (2019-08..2021-07).
    assert!(term_case(&["2019-08,"]).is_empty());
}

// ---- 3.6 and rule 4 in months ---------------------------------------------------

#[test]
fn min_time_in_post_counts_months() {
    let pinned = |since: &str| {
        let s = person(v2(5, "min_years_in_post = 3"), "C1", "M", "1980-01")
            .incumbent("CHAIR-A", "C1")
            .tenure(&format!("C1,A,chair,{since},"));
        let (_, el) = s.prepare();
        !el.pins.is_empty()
    };
    assert!(!pinned("2022-07")); // 36 months: may move
    assert!(pinned("2022-08")); // 35 months: keeps the post
}

#[test]
fn local_by_service_counts_months() {
    let local = |since: &str| {
        let s = person(v2(5, "local_if_served_years = 10"), "C1", "M", "1980-01")
            .tenure(&format!("C1,A,chair,{since},2025-07"));
        excluded_by(&s.load(), "C1", "SEC-A")
    };
    assert_eq!(local("2015-07"), vec!["non_local"]); // 120 months
    assert!(local("2015-08").is_empty()); // 119 months
}

// ---- impossible dates are bad input ---------------------------------------------

fn problems(s: Sc) -> String {
    match s.try_load() {
        Ok(_) => panic!("expected bad input"),
        Err(e) => e,
    }
}

#[test]
fn a_birth_after_the_reference_date_is_refused() {
    let e = problems(person(v2(5, ""), "C1", "M", "2025-08"));
    assert!(e.contains("cadres.csv:2:4") && e.contains("after the reference date 2025-07"), "{e}");
}

#[test]
fn ages_outside_18_to_80_are_refused_at_their_boundaries() {
    assert!(person(v2(5, ""), "C1", "M", "2007-07").try_load().is_ok()); // 18
    assert!(problems(person(v2(5, ""), "C1", "M", "2007-08")).contains("would be 17")); // 17y11m
    assert!(person(v2(5, ""), "C1", "M", "1944-08").try_load().is_ok()); // 80y11m
    assert!(problems(person(v2(5, ""), "C1", "M", "1944-07")).contains("would be 81"));
}

#[test]
fn a_month_outside_1_to_12_is_refused() {
    let e = problems(person(v2(5, ""), "C1", "M", "1980-13"));
    assert!(e.contains("`1980-13` is not a valid birth_date") && e.contains("01 to 12"), "{e}");
    let e = problems(person(v2(5, ""), "C1", "M", "1980-01").tenure("C1,A,chair,2015-00,"));
    assert!(e.contains("history.csv:2:4") && e.contains("not a valid start"), "{e}");
}

#[test]
fn a_tenure_that_ends_before_it_starts_is_refused() {
    let e = problems(person(v2(5, ""), "C1", "M", "1980-01").tenure("C1,A,chair,2015-06,2015-05"));
    assert!(e.contains("history.csv:2:5") && e.contains("end 2015-05 is before start 2015-06"), "{e}");
}

#[test]
fn a_tenure_from_the_reference_date_on_is_ignored_with_a_warning() {
    let s = person(v2(5, "min_years_in_post = 3"), "C1", "M", "1980-01")
        .incumbent("CHAIR-A", "C1")
        .tenure("C1,A,chair,2025-07,");
    let sc = s.load();
    assert!(sc.cadres[sc.cadre_index["C1"]].tenures.is_empty());
    assert!(
        sc.warnings.iter().any(|w| w.contains("history.csv:2") && w.contains("it is ignored")),
        "{:?}",
        sc.warnings
    );
}

#[test]
fn version_2_keys_need_contract_2() {
    let s = Sc::basic().with_toml(5, "retirement = \"vn-labour-code-2019\"", "").plain("C1");
    let e = problems(s);
    assert!(e.contains("`rules.retirement` is a key of contract version 2"), "{e}");
    let mut s = Sc::basic().plain("C1").v2("", CADRES_V2, HISTORY_V2);
    s.toml = s.toml.replace("contract = 2", "contract = 3");
    let e = problems(s);
    assert!(e.contains("`contract` = 3 is out of range"), "{e}");
}

#[test]
fn birth_date_and_birth_year_must_agree() {
    let header =
        "cadre_id,name,gender,birth_date,birth_year,ethnicity,home_unit_id,unit_id,education,theory,rating,available";
    let s = Sc::basic().v2("", header, HISTORY_V2).cadre("C1,N,M,1980-05,1981,Kinh,B,B,master,advanced,good,true");
    assert!(problems(s).contains("birth_date 1980-05 and birth_year 1981 disagree"));
}

// ---- rule 5, continuous_months ---------------------------------------------------

fn continuous(rules: &str, tenures: &[&str]) -> Vec<&'static str> {
    let mut s = person(v2(5, rules), "C1", "M", "1975-01");
    for t in tenures {
        s = s.tenure(&format!("C1,A,chair,{t}"));
    }
    excluded_by(&s.load(), "C1", "CHAIR-A")
}

const MODE: &str = "term_limit = \"continuous_months\"\nterm_limit_months = 96\nterm_limit_gap_months = 12";

#[test]
fn chair_in_2015_2018_and_again_2022_2025_is_eligible_only_under_continuous_months() {
    // Held 2015-07..2018-07 and 2022-07..2025-07: half of both past terms
    // (2020-01..2025-01 and 2015-01..2020-01), but never 96 months in a row.
    let tenures = ["2015-07,2018-07", "2022-07,"];
    assert_eq!(continuous("", &tenures), vec!["term_limit"]);
    assert!(continuous(MODE, &tenures).is_empty());
}

#[test]
fn continuous_months_at_exactly_the_limit() {
    assert_eq!(continuous(MODE, &["2017-07,"]), vec!["term_limit"]); // 96 months
    assert!(continuous(MODE, &["2017-08,"]).is_empty()); // 95
}

#[test]
fn a_break_of_at_most_the_gap_does_not_end_the_run() {
    // 2016-07..2020-07 (48) and, after a break of 12 months, 2021-07..2025-07 (48).
    assert_eq!(continuous(MODE, &["2016-07,2020-07", "2021-07,"]), vec!["term_limit"]);
    // A break of 13 months ends it.
    assert!(continuous(MODE, &["2016-06,2020-06", "2021-07,"]).is_empty());
}

#[test]
fn the_run_must_reach_the_reference_date() {
    // 96 months held, ended 13 months before the reference date: not current.
    assert!(continuous(MODE, &["2006-06,2014-06"]).is_empty());
    let recent = continuous(MODE, &["2016-07,2024-07"]); // ended 12 months before
    assert_eq!(recent, vec!["term_limit"]);
}

#[test]
fn continuous_months_needs_its_months() {
    let s = person(v2(5, "term_limit = \"continuous_months\""), "C1", "M", "1975-01");
    assert!(problems(s).contains("continuous_months needs term_limit_months"));
}
