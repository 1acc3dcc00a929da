//! Contract version 2: units over time. Historic units (valid dates, the
//! district level, `merged_into`), how locality and the term limit follow a
//! merger (`locality_through_merger`, `term_limit_through_merger`), and the
//! bad input a record of mergers can hold (docs/scenario-format.md section 10).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{excluded_by, Sc};

const CADRES_V2: &str =
    "cadre_id,name,gender,birth_date,ethnicity,home_unit_id,unit_id,education,theory,rating,available";
const HISTORY_V2: &str = "cadre_id,unit_id,title,start,end";
const UNITS_V2: &str = "unit_id,name,level,parent_id,disadvantaged,valid_from,valid_to,merged_into";

/// The basic scenario at reference 2025-07, with the old province `old:P`,
/// its district `old:D` and its communes: `old:A1` went into A, `old:A2`
/// partly into A and partly into B, `old:C` into B.
fn merged(rules: &str) -> Sc {
    let mut s = Sc::basic().with_toml(5, rules, "").v2("reference_date = \"2025-07\"", CADRES_V2, HISTORY_V2);
    s.units_header = UNITS_V2.into();
    s.units = vec![
        "P,Province,province,,false,,,".into(),
        "PD,Department,province,P,false,,,".into(),
        "A,Commune A,commune,P,false,2025-07,,".into(),
        "B,Commune B,commune,P,false,2025-07,,".into(),
        "X,Elsewhere,province,,false,,,".into(),
        "old:P,Old province,province,,false,,2025-07,".into(),
        "old:D,Old district,district,old:P,false,,2025-07,".into(),
        "old:A1,Old commune A1,commune,old:D,false,,2025-07,A".into(),
        "old:A2,Old commune A2,commune,old:D,false,,2025-07,A;B".into(),
        "old:C,Old commune C,commune,old:D,false,,2025-07,B".into(),
    ];
    s
}

fn person(s: Sc, id: &str, home: &str) -> Sc {
    s.cadre(&format!("{id},Name {id},M,1975-01,Kinh,{home},B,master,advanced,good,true"))
}

fn reason(sc: &rotaplan::model::Scenario, c: &str, p: &str, rule: &str) -> String {
    let (ci, pi) = (sc.cadre_index[c], sc.position_index[p]);
    let r = rotaplan::rules::PAIR_RULES.iter().find(|r| r.code() == rule).unwrap();
    r.exclude(sc, ci, pi).unwrap_or_default()
}

#[test]
fn a_home_in_an_old_commune_is_local_to_the_commune_it_went_into() {
    let sc = person(merged(""), "C1", "old:A1").load();
    assert_eq!(excluded_by(&sc, "C1", "SEC-A"), vec!["non_local"]);
    let why = reason(&sc, "C1", "SEC-A", "non_local");
    assert!(why.contains("home unit Old commune A1 (merged into Commune A in 2025-07)"), "{why}");
    // ... and to its province: the department's director must be non-local too.
    assert_eq!(excluded_by(&sc, "C1", "DIR"), vec!["non_local"]);
}

#[test]
fn a_partly_merged_commune_is_local_to_every_successor() {
    let s = person(merged(""), "C1", "old:A2");
    let s = Sc { positions: [s.positions.clone(), vec!["SEC-B,B,sec,".into()]].concat(), ..s };
    let sc = s.load();
    assert_eq!(excluded_by(&sc, "C1", "SEC-A"), vec!["non_local"]);
    assert_eq!(excluded_by(&sc, "C1", "SEC-B"), vec!["non_local"]);
}

#[test]
fn a_home_in_an_old_district_is_local_to_where_its_communes_went() {
    let s = person(merged(""), "C1", "old:D");
    let s = Sc { positions: [s.positions.clone(), vec!["SEC-B,B,sec,".into()]].concat(), ..s };
    let sc = s.load();
    assert_eq!(excluded_by(&sc, "C1", "SEC-A"), vec!["non_local"]);
    assert_eq!(excluded_by(&sc, "C1", "SEC-B"), vec!["non_local"]);
}

#[test]
fn locality_through_merger_off_makes_an_old_home_local_to_nothing() {
    let sc = person(merged("locality_through_merger = false"), "C1", "old:A1").load();
    assert!(excluded_by(&sc, "C1", "SEC-A").is_empty());
    assert!(excluded_by(&sc, "C1", "DIR").is_empty());
}

#[test]
fn service_in_an_old_commune_counts_as_service_in_its_successor() {
    // 120 months in old:A1 up to the merger make a cadre local to A (rule 4 by service).
    let s = person(merged("local_if_served_years = 10"), "C1", "X").tenure("C1,old:A1,chair,2015-07,2025-07");
    let sc = s.load();
    assert_eq!(excluded_by(&sc, "C1", "SEC-A"), vec!["non_local"]);
    assert!(reason(&sc, "C1", "SEC-A", "non_local").contains("counting Old commune A1 (merged into Commune A"));
    // One month less is not local.
    let s = person(merged("local_if_served_years = 10"), "C1", "X").tenure("C1,old:A1,chair,2015-08,2025-07");
    assert!(excluded_by(&s.load(), "C1", "SEC-A").is_empty());
}

#[test]
fn a_head_term_in_the_old_commune_counts_for_the_same_title_in_its_successor() {
    // Chair of old:A1 for both past terms (2015-01 to the merger): the term limit holds for CHAIR-A.
    let s = person(merged(""), "C1", "X").tenure("C1,old:A1,chair,2015-01,2025-07");
    let sc = s.load();
    assert_eq!(excluded_by(&sc, "C1", "CHAIR-A"), vec!["term_limit"]);
    let why = reason(&sc, "C1", "CHAIR-A", "term_limit");
    assert!(why.contains("counting Old commune A1 (merged into Commune A in 2025-07)"), "{why}");
    // Not for another title, and not with the switch off.
    assert!(excluded_by(&sc, "C1", "SEC-A").is_empty());
    let off =
        person(merged("term_limit_through_merger = \"off\""), "C1", "X").tenure("C1,old:A1,chair,2015-01,2025-07");
    assert!(excluded_by(&off.load(), "C1", "CHAIR-A").is_empty());
}

#[test]
fn half_of_each_past_term_in_the_old_unit_is_the_boundary() {
    // 2020-01..2025-01 needs 30 months: 2022-07 to the merger gives 30 in that term (the
    // months from 2025-01 belong to no past term); 2015-01..2020-01 is covered whole.
    let at = |start2: &str| {
        person(merged(""), "C1", "X")
            .tenure("C1,old:A1,chair,2015-01,2020-01")
            .tenure(&format!("C1,old:A1,chair,{start2},2025-07"))
            .load()
    };
    assert_eq!(excluded_by(&at("2022-07"), "C1", "CHAIR-A"), vec!["term_limit"]);
    assert!(excluded_by(&at("2022-08"), "C1", "CHAIR-A").is_empty());
}

/// Loads `s` and returns its problems as text (the scenario must be bad input).
fn problems(s: Sc) -> String {
    match s.try_load() {
        Ok(_) => panic!("expected bad input"),
        Err(e) => e,
    }
}

#[test]
fn a_tenure_outside_its_units_dates_is_bad_input() {
    let late = person(merged(""), "C1", "X").tenure("C1,old:A1,chair,2015-01,2025-09");
    let e = problems(late);
    assert!(
        e.contains("history.csv:2:5") && e.contains("after unit `old:A1` ceased to exist (valid to 2025-07)"),
        "{e}"
    );
    let open = person(merged(""), "C1", "X").tenure("C1,old:A1,chair,2015-01,");
    assert!(problems(open).contains("has no end, but the unit ceased to exist in 2025-07"));
    let early = person(merged(""), "C1", "X").tenure("C1,A,chair,2024-01,2025-01");
    let e = problems(early);
    assert!(e.contains("history.csv:2:4") && e.contains("before unit `A` existed (valid from 2025-07)"), "{e}");
    // At the boundaries: ending at valid_to and starting at valid_from are fine.
    let ok = person(merged(""), "C1", "X").tenure("C1,old:A1,chair,2015-01,2025-07");
    assert!(ok.try_load().is_ok());
}

#[test]
fn working_units_and_posts_must_exist_now() {
    let s = merged("").cadre("C1,Name,M,1975-01,Kinh,X,old:A1,master,advanced,good,true");
    let e = problems(s);
    assert!(
        e.contains("cadres.csv:2:7") && e.contains("unit `old:A1` in unit_id is a historic unit (valid to 2025-07)"),
        "{e}"
    );
    let mut s = merged("");
    s.positions.push("OLD,old:A1,sec,".into());
    assert!(problems(s).contains("positions.csv:5:2"));
}

#[test]
fn merger_records_are_checked() {
    let with = |line: &str| {
        let mut s = merged("");
        s.units.push(line.into());
        problems(s)
    };
    let e = with("old:E,E,commune,old:D,false,,2025-07,nowhere");
    assert!(e.contains("merged into `nowhere`, which is not in units.csv"), "{e}");
    let e = with("old:F,F,commune,old:D,false,,2025-07,old:F");
    assert!(e.contains("merged into itself"), "{e}");
    let e = with("old:G,G,district,old:P,false,,,");
    assert!(e.contains("district `old:G` is in force at the reference date 2025-07"), "{e}");
    let e = with("old:H,H,commune,old:D,false,,,A");
    assert!(e.contains("still in force at the reference date"), "{e}");
    let e = with("old:I,I,commune,old:D,false,2020-01,2019-01,A");
    assert!(e.contains("not after it is valid from"), "{e}");
    let mut s = merged("");
    s.units.push("old:J,J,commune,old:D,false,,2025-07,old:K".into());
    s.units.push("old:K,K,commune,old:D,false,,2025-07,old:J".into());
    let e = problems(s);
    assert!(e.contains("unit `old:J` is merged, through other units, back into itself"), "{e}");
}

#[test]
fn version_1_has_no_districts_and_keeps_its_meaning() {
    let mut s = Sc::basic();
    s.units.push("D,District,district,P,false".into());
    let e = problems(s);
    assert!(e.contains("`district` is not a valid level"), "{e}");
}

#[test]
fn time_in_post_runs_back_through_the_merger() {
    // The incumbent of CHAIR-A was chair of old:A1 until it ceased to exist:
    // from 2023-08 that is 23 months by 2025-07, less than 24, so rule 3.6 pins.
    let at = |start: &str, rules: &str| {
        let s = person(merged(&format!("min_years_in_post = 2\n{rules}")), "C1", "X")
            .tenure(&format!("C1,old:A1,chair,{start},2025-07"))
            .incumbent("CHAIR-A", "C1");
        let (sc, el) = s.prepare();
        common::pin_ids(&sc, &el).iter().map(|(c, p)| format!("{c}:{p}")).collect::<Vec<_>>()
    };
    assert_eq!(at("2023-08", ""), vec!["C1:CHAIR-A"]);
    assert!(at("2023-07", "").is_empty(), "24 months is the minimum");
    assert!(at("2023-08", "term_limit_through_merger = \"off\"").is_empty());
}

/// `lat` and `lon` (version 2): a unit's position for the desk's map, read
/// in degrees; one without the other, or out of range, is bad input naming
/// the cell; version 1 ignores the columns.
#[test]
fn unit_coordinates_are_read_together_and_in_range() {
    let with = |a: &str, b: &str| {
        let mut s = merged("");
        s.units_header = format!("{UNITS_V2},lat,lon");
        for (i, u) in s.units.iter_mut().enumerate() {
            let cells = if i == 2 { format!(",{a},{b}") } else { ",,".to_string() };
            u.push_str(&cells);
        }
        s
    };
    let sc = with("18.67497", "105.66002").try_load().unwrap();
    let a = sc.units.iter().find(|u| u.id == "A").unwrap();
    assert_eq!(a.location, Some((18.67497, 105.66002)));
    assert!(sc.units.iter().filter(|u| u.id != "A").all(|u| u.location.is_none()));
    let e = problems(with("18.6", ""));
    assert!(e.contains("units.csv:4:9") && e.contains("`lat` is given without `lon`"), "{e}");
    let e = problems(with("95", "105"));
    assert!(e.contains("units.csv:4:9") && e.contains("latitude"), "{e}");
    let mut v1 = Sc::basic();
    v1.units_header = format!("{},lat,lon", v1.units_header);
    v1.units = v1.units.iter().map(|u| format!("{u},95,")).collect();
    assert!(v1.try_load().unwrap().units.iter().all(|u| u.location.is_none()), "version 1 ignores them");
}
