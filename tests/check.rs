//! `rotaplan check` on hand-made drafts (tests/drafts/<scenario>/, mostly of
//! scenarios/tiny): each valid draft passes; every other draft breaks
//! exactly the rule it is named after.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{rotaplan, scenario_path};
use std::collections::BTreeSet;
use std::path::Path;

/// `check --format json` of a draft of the scenario its folder is named
/// after, with the overrides of a `<draft>.set` file beside it (one per line).
fn check_json(draft: &Path) -> (Option<i32>, serde_json::Value) {
    let scenario = draft.parent().and_then(|d| d.file_name()).unwrap().to_str().unwrap();
    let (sc, d) = (scenario_path(scenario), draft.to_str().unwrap().to_string());
    let mut args: Vec<String> = vec!["check".into(), sc.to_str().unwrap().into(), d, "--format".into(), "json".into()];
    if let Ok(sets) = std::fs::read_to_string(draft.with_extension("set")) {
        for line in sets.lines().filter(|l| !l.trim().is_empty()) {
            args.extend(["--set".to_string(), line.trim().to_string()]);
        }
    }
    let o = rotaplan(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let json =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    (o.status.code(), json)
}

/// Every draft, of every scenario folder under tests/drafts.
fn drafts() -> Vec<(String, std::path::PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts");
    let dirs = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path());
    let mut v: Vec<(String, std::path::PathBuf)> = dirs
        .flat_map(|d| std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().to_string(), p))
        .collect();
    v.sort();
    v
}

#[test]
fn valid_draft_passes_with_the_optimal_objective() {
    let (code, json) = check_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts/tiny/valid.csv"));
    assert_eq!(code, Some(0));
    assert_eq!(json["valid"], true);
    assert_eq!(json["objective"], 214.0);
    assert_eq!(json["counts"]["kept"], 2);
}

#[test]
fn each_draft_breaks_exactly_its_rule() {
    let all = drafts();
    let codes = rotaplan::rules::PAIR_RULES.len() + rotaplan::check::PLAN_CHECKS.len();
    let valid = all.iter().filter(|(n, _)| n == "valid").count();
    assert_eq!(all.len() - valid, codes, "one draft per violation code (and a valid draft per scenario)");
    for (_, path) in all.iter().filter(|(n, _)| n == "valid") {
        assert_eq!(check_json(path).0, Some(0), "{} passes", path.display());
    }
    for (name, path) in all.into_iter().filter(|(n, _)| n != "valid") {
        let (code, json) = check_json(&path);
        assert_eq!(code, Some(4), "{name}");
        let rules: BTreeSet<String> =
            json["violations"].as_array().unwrap().iter().map(|v| v["rule"].as_str().unwrap().to_string()).collect();
        assert_eq!(rules, BTreeSet::from([name.clone()]), "{name}: {}", json["violations"]);
    }
}

#[test]
fn text_report_states_the_facts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts/tiny");
    let run = |name: &str| {
        let o = rotaplan(&[
            "check",
            scenario_path("tiny").to_str().unwrap(),
            dir.join(format!("{name}.csv")).to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(4));
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    let t = run("term_limit");
    assert!(t.contains("Bùi Văn Khởi (C09) served the last 2 consecutive terms as party_secretary of Phường Vinh Phú: 2015–2020 (3 years: 2017–2019) and 2020–2025 (5 years: 2020–2024)"), "{t}");
    let t = run("non_local");
    assert!(t.contains("Ngô Thị Lành (C10) is local to Phường Trường Vinh: home unit Phường Trường Vinh, and party_secretary requires a non-local holder"), "{t}");
    let t = run("one_post_per_cadre");
    assert!(t.contains("Vi Văn Phóng (C06) is assigned to 2 posts"), "{t}");
    let t = run("min_time_in_post");
    assert!(t.contains("has held pc_chair of Phường Thành Vinh (PC-A) only since 2023"), "{t}");
    let t = run("hard_target");
    assert!(t.contains("hard target `an ethnic-minority party secretary`") && t.contains("short by 1"), "{t}");
}
