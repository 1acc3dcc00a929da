//! Contract version 2: term calendars, reference dates per calendar, level
//! and title, and the remaining service by kind of move (docs/scenario-format.md
//! section 10), each at its boundary month.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{excluded_by, Sc};
use rotaplan::model::MoveKind;

const CADRES_V2: &str =
    "cadre_id,name,gender,birth_date,ethnicity,home_unit_id,unit_id,education,theory,rating,available,retirement_date";
const HISTORY_V2: &str = "cadre_id,unit_id,title,start,end";

/// Version 2 with `top` (top-level keys), `[rules]` body `rules` and `titles`
/// appended to scenario.toml (title tables of the basic scenario are extended
/// with `[titles.X]` dotted keys, e.g. `titles.chair.calendar = "council"`
/// written at the top).
fn v2(top: &str, rules: &str) -> Sc {
    Sc::basic().with_toml(5, rules, "").v2(top, CADRES_V2, HISTORY_V2)
}

fn person(s: Sc, id: &str, birth: &str) -> Sc {
    s.cadre(&format!("{id},Name {id},M,{birth},Kinh,B,B,master,advanced,good,true,"))
}

const COUNCIL: &str = r#"reference_date = "2025-07"
calendars.council = { term_start = "2026-03", term_years = 5, reference_date = "2026-03" }
calendars.party = { term_start = "2025-10", term_years = 5, reference_date = { commune = "2025-07", province = "2025-09" } }"#;

/// Adds `key = value` to a title table of the basic scenario.
fn title_key(mut s: Sc, title: &str, line: &str) -> Sc {
    s.toml = s.toml.replace(&format!("[titles.{title}]\n"), &format!("[titles.{title}]\n{line}\n"));
    s
}

#[test]
fn each_post_reads_the_reference_date_of_its_calendar_and_level() {
    let s = title_key(title_key(v2(COUNCIL, ""), "chair", "calendar = \"council\""), "sec", "calendar = \"party\"");
    let s = title_key(s, "dir", "calendar = \"party\"");
    let sc = s.load();
    let at = |p: &str| sc.reference_of(sc.position_index[p]).to_string();
    assert_eq!(at("CHAIR-A"), "2026-03");
    assert_eq!(at("SEC-A"), "2025-07"); // party, commune
    assert_eq!(at("DIR"), "2025-09"); // party, province
}

#[test]
fn a_title_reference_date_overrides_its_calendar() {
    let s = title_key(v2(COUNCIL, ""), "chair", "calendar = \"council\"\nreference_date = \"2026-05\"");
    let sc = s.load();
    assert_eq!(sc.reference_of(sc.position_index["CHAIR-A"]).to_string(), "2026-05");
}

#[test]
fn remaining_service_is_counted_from_the_posts_reference_date() {
    // Retires at 62 in 2026-03: 8 months after 2025-07 (sec), 0 after 2026-03 (chair).
    let rules = "retirement = { M = 62 }\nremaining_service = { first = 8 }";
    let s = person(title_key(v2(COUNCIL, rules), "chair", "calendar = \"council\""), "C1", "1964-03");
    let sc = s.load();
    assert!(excluded_by(&sc, "C1", "SEC-A").is_empty());
    assert_eq!(excluded_by(&sc, "C1", "CHAIR-A"), vec!["age"]);
}

#[test]
fn term_limit_windows_follow_the_posts_calendar() {
    // council: term 2026-03, past terms 2021-03..2026-03 and 2016-03..2021-03.
    let case = |start: &str| {
        let s = person(title_key(v2(COUNCIL, ""), "chair", "calendar = \"council\""), "C1", "1975-01")
            .tenure(&format!("C1,A,chair,{start},"));
        excluded_by(&s.load(), "C1", "CHAIR-A")
    };
    assert_eq!(case("2018-09"), vec!["term_limit"]); // 30 of 60 months of the earlier term
    assert!(case("2018-10").is_empty()); // 29
}

#[test]
fn group_ages_are_taken_at_the_posts_reference_date() {
    let extra = "young = { max_age = 39 }";
    let mut s = person(title_key(v2(COUNCIL, ""), "chair", "calendar = \"council\""), "C1", "1985-09");
    s.toml.push_str(&format!("\n[groups]\n{extra}\n"));
    let sc = s.load();
    let g = sc.groups.iter().position(|g| g.name == "young").unwrap();
    let c = sc.cadre_index["C1"];
    assert!(rotaplan::targets::is_member(&sc, g, c, sc.position_index["SEC-A"])); // 39 at 2025-07
    assert!(!rotaplan::targets::is_member(&sc, g, c, sc.position_index["CHAIR-A"]));
    // 40 at 2026-03
}

#[test]
fn an_undefined_calendar_is_bad_input() {
    let s = title_key(v2(COUNCIL, ""), "chair", "calendar = \"front\"");
    let e = s.try_load().err().unwrap();
    assert!(e.contains("calendar `front` is not defined") && e.contains("council, party"), "{e}");
}

// ---- kinds of move ------------------------------------------------------------

/// C1 is the incumbent of SEC-A; sec ranks 3 and chair 2 when `ranked`.
fn mover(rules: &str, ranked: bool) -> Sc {
    let mut s = v2("reference_date = \"2025-07\"", rules);
    if ranked {
        s = title_key(title_key(s, "sec", "rank = 3"), "chair", "rank = 2");
    }
    person(s, "C1", "1965-07").incumbent("SEC-A", "C1")
}

fn kind(s: &Sc, p: &str) -> MoveKind {
    let sc = s.load();
    rotaplan::rules::age::move_kind(&sc, sc.cadre_index["C1"], sc.position_index[p])
}

#[test]
fn the_kind_of_move_is_derived_from_posts_and_ranks() {
    assert_eq!(kind(&mover("", true), "SEC-A"), MoveKind::Stay);
    assert_eq!(kind(&mover("", true), "CHAIR-A"), MoveKind::Lateral); // rank 2 <= 3
    assert_eq!(kind(&mover("", false), "CHAIR-A"), MoveKind::First); // no ranks: nothing to compare
    let up = title_key(mover("", true), "chair", "rank = 4");
    let up = Sc { toml: up.toml.replace("rank = 4\nrank = 2", "rank = 4"), ..up };
    assert_eq!(kind(&up, "CHAIR-A"), MoveKind::First); // a promotion
}

#[test]
fn a_lateral_move_reads_its_own_months() {
    // Retires 2027-07: 24 months left.
    let rules = "retirement = { M = 62 }\nremaining_service = { first = 60, lateral = 24 }";
    assert!(excluded_by(&mover(rules, true).load(), "C1", "CHAIR-A").is_empty());
    let rules = "retirement = { M = 62 }\nremaining_service = { first = 60, lateral = 25 }";
    assert_eq!(excluded_by(&mover(rules, true).load(), "C1", "CHAIR-A"), vec!["age"]);
}

#[test]
fn rotation_is_marked_in_candidates_and_comes_first() {
    let rules =
        "retirement = { M = 62 }\nrequire_planning = false\nremaining_service = { first = 0, stay = 0, rotation = 25 }";
    let mut s = mover(rules, true).plan("C1,SEC-A,,0,rotation").plan("C1,,chair,0,");
    s.candidates_header = "cadre_id,position_id,title,score,move".into();
    assert_eq!(kind(&s, "SEC-A"), MoveKind::Rotation); // over stay
    assert_eq!(kind(&s, "CHAIR-A"), MoveKind::Lateral);
    let sc = s.load();
    assert_eq!(excluded_by(&sc, "C1", "SEC-A"), vec!["age"]); // 24 < 25
    assert!(excluded_by(&sc, "C1", "CHAIR-A").is_empty());
}

#[test]
fn a_title_sets_its_own_months_per_kind() {
    let rules = "retirement = { M = 62 }\nremaining_service = { first = 60 }";
    let s = title_key(mover(rules, false), "chair", "remaining_service = { first = 24 }");
    assert!(excluded_by(&s.load(), "C1", "CHAIR-A").is_empty());
    assert!(excluded_by(&s.load(), "C1", "DIR").contains(&"age")); // dir keeps the 60 of [rules]
}

#[test]
fn the_age_fact_names_the_kind_of_move() {
    let rules = "retirement = { M = 62 }\nremaining_service = { first = 60, lateral = 30 }";
    let sc = mover(rules, true).load();
    let ex = rotaplan::rules::exclusions(&sc, sc.cadre_index["C1"], sc.position_index["CHAIR-A"]);
    let fact = &ex.iter().find(|e| e.rule == "age").unwrap().fact;
    assert!(fact.contains("a lateral move needs 30 months"), "{fact}");
    assert!(fact.contains("retires 2027-07") && fact.contains("24 months after the reference date 2025-07"), "{fact}");
}

#[test]
fn a_title_label_is_shown_with_its_key() {
    let sc = title_key(v2("", ""), "sec", "label = \"Bí thư Đảng ủy xã\"").load();
    assert_eq!(sc.position_label(sc.position_index["SEC-A"]), "Bí thư Đảng ủy xã [sec] of Commune A (SEC-A)");
    assert_eq!(sc.position_label(sc.position_index["CHAIR-A"]), "chair of Commune A (CHAIR-A)", "no label: the key");
    let long = title_key(v2("", ""), "sec", &format!("label = \"{}\"", "x".repeat(121)));
    assert!(long.try_load().unwrap_err().contains("titles.sec.label"));
    let v1 = title_key(Sc::basic(), "sec", "label = \"Bí thư\"");
    assert!(v1.try_load().unwrap_err().contains("is a key of contract version 2"));
}
