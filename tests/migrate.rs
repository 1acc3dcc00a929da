//! `rotaplan migrate`: a version-1 scenario and its version-2 rewrite give
//! the same plan, byte for byte.
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
    assert_eq!(plan(&src, "p1"), plan(&v2, "p2"), "{name}: the migrated scenario plans differently");
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
