//! `rotaplan migrate`: a version-1 scenario and its version-2 rewrite give
//! the same plan, byte for byte but for version 2's `concurrent_with` column.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;

fn same_plan(name: &str) {
    let work = tempfile::tempdir().unwrap();
    let v2 = work.path().join("v2");
    let src = common::scenario_path(name);
    let o = common::rotaplan(&["migrate", src.to_str().unwrap(), "--out", v2.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let toml = std::fs::read_to_string(v2.join("scenario.toml")).unwrap();
    assert!(toml.contains("contract = 2"), "{toml}");
    assert!(std::fs::read_to_string(v2.join("cadres.csv")).unwrap().lines().next().unwrap().contains("birth_date"));
    let plan = |dir: &std::path::Path, out: &str| {
        let out = work.path().join(out);
        let o = common::rotaplan(&["solve", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(out.join("plan.csv")).unwrap()
    };
    // Version 2 adds one column, `concurrent_with` (empty here); the rest is byte for byte the same.
    let v2_plan = String::from_utf8(plan(&v2, "p2")).unwrap();
    let without_last: String =
        v2_plan.lines().map(|l| l.rsplit_once(',').map_or(l, |(a, _)| a).to_string() + "\n").collect();
    assert!(v2_plan.starts_with("position_id,unit_id,title,cadre_id,cadre_name,change,score,concurrent_with\n"));
    assert_eq!(
        String::from_utf8(plan(&src, "p1")).unwrap(),
        without_last,
        "{name}: the migrated scenario plans differently"
    );
}

#[test]
fn migrated_tiny_gives_the_same_plan() {
    same_plan("tiny");
}

#[test]
fn migrated_nghe_an_v1_gives_the_same_plan() {
    same_plan("nghe-an-v1");
}

#[test]
fn a_version_2_scenario_is_not_migrated_again() {
    let work = tempfile::tempdir().unwrap();
    let (a, b) = (work.path().join("a"), work.path().join("b"));
    let src = common::scenario_path("tiny");
    assert_eq!(
        common::rotaplan(&["migrate", src.to_str().unwrap(), "--out", a.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let o = common::rotaplan(&["migrate", a.to_str().unwrap(), "--out", b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already version 2"));
    assert!(!b.exists());
}
