//! Policy presets and `rotaplan policy show` (contract version 2).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::Sc;
use rotaplan::policy::presets::{Status, VN_2025};
use rotaplan::policy::show::{report, Origin};

const CADRES_V2: &str =
    "cadre_id,name,gender,birth_date,ethnicity,home_unit_id,unit_id,education,theory,rating,available,retirement_date";
const HISTORY_V2: &str = "cadre_id,unit_id,title,start,end";

fn with(top: &str, rules: &str) -> Sc {
    Sc::basic().with_toml(5, rules, "").v2(top, CADRES_V2, HISTORY_V2)
}

#[test]
fn the_preset_table_says_what_the_preset_applies() {
    // Each value of the table, written out in scenario.toml, gives the same rules and calendars.
    let by_preset = with("policy.preset = \"vn-2025\"", "").load();
    let (mut top, mut rules) = (String::new(), String::new());
    for v in VN_2025.values {
        match v.key.strip_prefix("rules.") {
            Some(k) => rules.push_str(&format!("{k} = {}\n", v.value)),
            None => top.push_str(&format!("{} = {}\n", v.key, v.value)),
        }
    }
    let written = with(
        &top,
        &rules.replace(
            "remaining_service.first = 60\nremaining_service.stay = 48\n",
            "remaining_service = { first = 60, stay = 48 }\n",
        ),
    )
    .load();
    assert_eq!(by_preset.calendars, written.calendars);
    assert_eq!(format!("{:?}", by_preset.rules), format!("{:?}", written.rules));
    assert_eq!(by_preset.rules.first_min_months, 60);
    assert_eq!(by_preset.rules.stay_min_months, 48);
}

#[test]
fn the_scenario_overrides_any_single_preset_value() {
    let sc = with("policy.preset = \"vn-2025\"", "remaining_service = { stay = 42 }").load();
    assert_eq!((sc.rules.first_min_months, sc.rules.stay_min_months), (60, 42));
}

#[test]
fn policy_show_names_the_origin_of_each_value() {
    let sc = with("policy.preset = \"vn-2025\"", "remaining_service = { stay = 42 }").load();
    let r = report(&sc);
    let origin = |k: &str| r.entries.iter().find(|e| e.key == k).unwrap_or_else(|| panic!("no {k}")).origin.clone();
    assert!(matches!(origin("rules.remaining_service.stay"), Origin::Scenario { .. }));
    assert!(matches!(origin("rules.retirement"), Origin::Preset { status: Status::Confirmed, .. }));
    assert!(matches!(origin("rules.remaining_service.first"), Origin::Preset { status: Status::Unconfirmed, .. }));
    assert_eq!(origin("rules.min_years_in_post"), Origin::Default);
    assert!(r.left_out.iter().any(|(k, _)| k == "rules.remaining_service.rotation"));
}

#[test]
fn policy_show_prints_text_and_json() {
    let s = with("policy.preset = \"vn-2025\"", "");
    let dir = s.write();
    let o = common::rotaplan(&["policy", "show", dir.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(text.contains("preset vn-2025 [confirmed]: Labour Code 2019"), "{text}");
    let o = common::rotaplan(&["policy", "show", dir.path().to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["preset"], "vn-2025");
    assert!(json["entries"].as_array().unwrap().iter().any(|e| e["origin"]["from"] == "preset"));
}

#[test]
fn an_unknown_preset_or_a_preset_in_version_1_is_bad_input() {
    let e = with("policy.preset = \"vn-1990\"", "").try_load().err().unwrap();
    assert!(e.contains("unknown preset `vn-1990`") && e.contains("vn-2025"), "{e}");
    let mut s = Sc::basic().plain("C1");
    s.toml = format!("policy.preset = \"vn-2025\"\n{}", s.toml);
    let e = s.try_load().err().unwrap();
    assert!(e.contains("`policy.preset` is a key of contract version 2"), "{e}");
}
