//! plan.json and `check --format json` as the contract (section 5) says:
//! `units_missed` is a list for every per-unit target (empty when every unit
//! meets it) and absent for the others; the gap has one formula.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{copy_scenario, rotaplan, scenario_path};
use serde_json::Value;

/// Every bound kind, per unit and not, on `scenarios/tiny` (soft, so that the
/// scenario stays feasible). The per-unit `max_count` of 2 is met by every commune (each has two posts).
fn targets_toml() -> String {
    let mut s = String::new();
    for (bound, value) in [("min_count", "1"), ("min_share", "0.5"), ("max_count", "2"), ("max_share", "0.5")] {
        for per_unit in [false, true] {
            s += &format!(
                "\n[[targets]]\nname = \"{bound} {per_unit}\"\nkey = \"{bound}-{per_unit}\"\ngroup = \"female\"\n\
                 titles = [\"party_secretary\", \"pc_chair\"]\n{bound} = {value}\nper_unit = {per_unit}\npenalty = 1\n"
            );
        }
    }
    s
}

fn scenario_with_every_target_kind() -> tempfile::TempDir {
    let dir = copy_scenario("tiny");
    let path = dir.path().join("scenario.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    let (head, tail) = toml.split_once("[objective]").unwrap();
    std::fs::write(&path, format!("{head}{}\n[objective]{tail}", targets_toml())).unwrap();
    dir
}

fn assert_units_missed_types(targets: &Value) {
    let targets = targets.as_array().expect("targets is a list");
    for t in targets {
        let key = t["key"].as_str().unwrap();
        match t["per_unit"].as_bool().unwrap() {
            true => assert!(t["units_missed"].is_array(), "{key}: units_missed must be a list: {t}"),
            false => assert!(t.get("units_missed").is_none(), "{key}: units_missed must be absent: {t}"),
        }
    }
}

#[test]
fn units_missed_is_a_list_for_per_unit_targets_and_absent_otherwise() {
    let sc = scenario_with_every_target_kind();
    let out = tempfile::tempdir().unwrap();
    let plan_dir = out.path().join("plan");
    let o = rotaplan(&["solve", sc.path().to_str().unwrap(), "--out", plan_dir.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value = serde_json::from_slice(&std::fs::read(plan_dir.join("plan.json")).unwrap()).unwrap();
    assert_eq!(json["targets"].as_array().unwrap().len(), 10, "tiny's 2 targets and the 8 added");
    assert_units_missed_types(&json["targets"]);
    // The per-unit max_count met by every commune: an empty list, not a missing key.
    let met = json["targets"].as_array().unwrap().iter().find(|t| t["key"] == "max_count-true").unwrap();
    assert_eq!(met["units_missed"], serde_json::json!([]), "{met}");
    assert_eq!(met["met"], true);

    let plan = plan_dir.join("plan.csv");
    let o = rotaplan(&["check", sc.path().to_str().unwrap(), plan.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_units_missed_types(&json["targets"]);
    compare_and_batch_say_the_same(sc.path(), &plan, out.path());
}

/// `compare --format json` keys `units_missed` by target: every per-unit
/// target and no other; a batch run's plan.json follows the contract too.
fn compare_and_batch_say_the_same(sc: &std::path::Path, plan: &std::path::Path, out: &std::path::Path) {
    let (scs, plans) = (sc.to_str().unwrap(), plan.to_str().unwrap());
    let o = rotaplan(&["compare", "--scenario", scs, plans, plans, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    let missed = json["plans"][0]["units_missed"].as_object().expect("units_missed is a map");
    let mut keys: Vec<&str> = missed.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["max_count-true", "max_share-true", "min_count-true", "min_share-true"]);
    assert!(missed.values().all(Value::is_array));
    assert_eq!(missed["max_count-true"], serde_json::json!([]));
    let batch = out.join("batch");
    let o = rotaplan(&["batch", scs, "--out", batch.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let run = std::fs::read_dir(batch.join("runs")).unwrap().next().unwrap().unwrap().path();
    let json: Value = serde_json::from_slice(&std::fs::read(run.join("plan.json")).unwrap()).unwrap();
    assert_units_missed_types(&json["targets"]);
}

#[test]
fn nghe_an_plan_json_lists_the_communes_that_miss_its_per_unit_target() {
    let out = tempfile::tempdir().unwrap();
    let plan_dir = out.path().join("plan");
    let sc = scenario_path("nghe-an");
    let o = rotaplan(&["solve", sc.to_str().unwrap(), "--out", plan_dir.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value = serde_json::from_slice(&std::fs::read(plan_dir.join("plan.json")).unwrap()).unwrap();
    assert_units_missed_types(&json["targets"]);
    let gap = json["gap"].as_f64().unwrap();
    let (obj, bound) = (json["objective"].as_f64().unwrap(), json["bound"].as_f64().unwrap());
    assert_eq!(gap, (bound - obj).abs() / obj.abs().max(1.0));
}

#[test]
fn the_gap_has_one_formula() {
    use rotaplan::plan::gap;
    assert_eq!(gap(0.0, Some(0.5)), Some(0.5));
    assert_eq!(gap(-200.0, Some(-100.0)), Some(0.5));
    assert_eq!(gap(10.0, None), None);
}
