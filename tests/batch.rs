//! Overrides, compare, batch and sweep.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{rotaplan, scenario_path};
use std::path::Path;

fn p(x: &Path) -> &str {
    x.to_str().unwrap()
}

fn tiny() -> String {
    scenario_path("tiny").to_str().unwrap().to_string()
}

// ---- overrides -------------------------------------------------------------

#[test]
fn override_changes_the_run_and_is_recorded() {
    let out = tempfile::tempdir().unwrap();
    let t = out.path().join("plan");
    let o = rotaplan(&["solve", &tiny(), "--out", p(&t), "--set", "targets.female_share.min_share=0"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let j: serde_json::Value = serde_json::from_slice(&std::fs::read(t.join("plan.json")).unwrap()).unwrap();
    // Without the female target C17 (30) beats C15 (24) on PS-C: 214 + 10 + 6 = 230.
    assert_eq!(j["objective"], 230.0);
    assert_eq!(j["overrides"][0], "targets.female_share.min_share=0");
    // Setting a different bound replaces the old one (a target has exactly one).
    let o = rotaplan(&["solve", &tiny(), "--out", p(&t), "--set", "targets.female_share.min_count=0"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn override_errors_name_the_key() {
    let out = tempfile::tempdir().unwrap();
    let t = out.path().join("plan");
    let cases: [(&str, &str); 5] = [
        ("nonsense", "expected KEY=VALUE"),
        ("targets.female.min_share=0.3", "no target has the key `female`; keys: female_share, minority_secretary"),
        ("rules.max_consecutive_terms=zero", "rules.max_consecutive_terms=zero"),
        ("rules.bogus=1", "unknown key `rules.bogus`"),
        ("targets.female_share.min_share=1.5", "min_share = 1.5 is out of range"),
    ];
    for (set, expect) in cases {
        let o = rotaplan(&["solve", &tiny(), "--out", p(&t), "--set", set]);
        assert_eq!(o.status.code(), Some(2), "{set}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(expect), "{set}: expected `{expect}` in\n{err}");
        assert!(!t.exists());
    }
}

#[test]
fn check_honours_overrides() {
    let draft = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts/tiny/term_limit.csv");
    let o = rotaplan(&["check", &tiny(), p(&draft)]);
    assert_eq!(o.status.code(), Some(4));
    let o = rotaplan(&["check", &tiny(), p(&draft), "--set", "rules.max_consecutive_terms=3"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
}

// ---- compare -----------------------------------------------------------------

#[test]
fn compare_two_known_plans() {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts/tiny");
    let (valid, broken, scenario) = (d.join("valid.csv"), d.join("term_limit.csv"), tiny());
    let compare =
        |format: &str| rotaplan(&["compare", p(&valid), p(&broken), "--scenario", &scenario, "--format", format]);
    let o = compare("json");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["plans"][0]["objective"], 214.0);
    assert_eq!(j["plans"][1]["objective"], 170.0);
    assert_eq!(j["plans"][0]["valid"], true);
    assert_eq!(j["plans"][1]["valid"], false);
    assert_eq!(j["plans"][1]["kept"], 3);
    assert_eq!(j["plans"][0]["rotated_down"], 1);
    assert_eq!(j["plans"][0]["targets"]["female_share"], 4.0);
    assert_eq!(j["plans"][1]["targets"]["female_share"], 3.0);
    // 4 women of 7 commune holders, then 3.
    assert!((j["plans"][0]["shares"]["female/commune"].as_f64().unwrap() - 4.0 / 7.0).abs() < 1e-9);
    let diffs = j["differences"].as_array().unwrap();
    assert_eq!(diffs.len(), 1);
    assert_eq!(diffs[0]["position_id"], "PS-C");
    assert_eq!(diffs[0]["holders"][0][0], "C15");
    assert_eq!(diffs[0]["holders"][1][0], "C09");
    // Text and CSV carry the same facts.
    let o = compare("text");
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(
        t.contains("1 post(s) with different holders")
            && t.contains("Vũ Thị Oanh (C15, score 24)  |  Bùi Văn Khởi (C09, score 30)"),
        "{t}"
    );
    let o = compare("csv");
    let c = String::from_utf8_lossy(&o.stdout);
    assert!(c.contains("metric,objective,214,170") && c.contains("post,PS-C,C15 (24),C09 (30)"), "{c}");
}

// ---- batch -------------------------------------------------------------------

fn spec(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("batch.toml");
    let text = format!(
        r#"scenario = "{}"

[[runs]]
name = "baseline"

[[runs]]
name = "no-female-target"
set = {{ "targets.female_share.min_share" = 0.0 }}

[[runs]]
name = "impossible"
set = {{ "targets.minority_secretary.min_count" = 3 }}

[[runs]]
name = "bad-key"
set = {{ "rules.bogus" = 1 }}

[[runs]]
name = "three-terms"
set = {{ "rules.max_consecutive_terms" = 3 }}
"#,
        scenario_path("tiny").display()
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn without_seconds(csv: &str) -> String {
    csv.lines()
        .map(|l| l.split(',').enumerate().filter(|(i, _)| *i != 6).map(|(_, f)| f).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn batch_is_the_same_whatever_jobs_and_survives_failing_runs() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        let out = dir.path().join(format!("out-{jobs}"));
        let o = rotaplan(&["batch", "--spec", p(&spec), "--out", p(&out), "--jobs", jobs, "--quiet"]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        outputs.push(out);
    }
    let s1 = std::fs::read_to_string(outputs[0].join("summary.csv")).unwrap();
    let s2 = std::fs::read_to_string(outputs[1].join("summary.csv")).unwrap();
    assert_eq!(without_seconds(&s1), without_seconds(&s2));
    let rows: Vec<Vec<&str>> = s1.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let status: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r[0], r[2], r[3])).collect();
    assert_eq!(
        status,
        vec![
            ("baseline", "optimal", "214"),
            ("no-female-target", "optimal", "230"),
            ("impossible", "infeasible", ""),
            ("bad-key", "input_error", ""),
            ("three-terms", "optimal", "214")
        ]
    );
    for run in ["baseline", "no-female-target", "three-terms"] {
        let a = std::fs::read(outputs[0].join("runs").join(run).join("plan.csv")).unwrap();
        let b = std::fs::read(outputs[1].join("runs").join(run).join("plan.csv")).unwrap();
        assert_eq!(a, b, "{run}");
    }
    assert!(!outputs[0].join("runs/impossible").exists());
}

#[test]
fn batch_of_scenario_folders() {
    let out = tempfile::tempdir().unwrap();
    let t = out.path().join("b");
    let o = rotaplan(&["batch", &tiny(), &tiny(), "--out", p(&t), "--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    let s = std::fs::read_to_string(t.join("summary.csv")).unwrap();
    assert!(s.contains("\ntiny,") && s.contains("\ntiny-2,"), "{s}");
}

#[test]
fn batch_spec_errors_are_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("batch.toml");
    std::fs::write(
        &spec,
        "scenario = \".\"\n[[runs]]\nname = \"a/b\"\n[[runs]]\nname = \"x\"\n[[runs]]\nname = \"x\"\n",
    )
    .unwrap();
    let o = rotaplan(&["batch", "--spec", p(&spec), "--out", p(&dir.path().join("o"))]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("batch.toml:2")
            && e.contains("cannot be a folder name")
            && e.contains("batch.toml:6")
            && e.contains("already named at line 4"),
        "{e}"
    );
}

// ---- sweep -------------------------------------------------------------------

#[test]
fn sweep_grid_size_files_and_monotone_price_of_a_hard_target() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    let o = rotaplan(&[
        "sweep",
        &tiny(),
        "--set",
        "targets.female_share.min_share=0..1:0.2",
        "--set",
        "targets.female_share.hard=true",
        "--set",
        "objective.rotation_down_bonus=0..5:5",
        "--out",
        p(&out),
        "--jobs",
        "2",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    let rows: Vec<Vec<String>> = csv.lines().skip(1).map(|l| l.split(',').map(String::from).collect()).collect();
    assert_eq!(rows.len(), 6 * 2, "grid of 6 shares x 2 bonuses");
    let svg = std::fs::read_to_string(out.join("sweep.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("polyline") && svg.contains("targets.female_share.min_share"));
    assert!(!svg.contains("http://") || svg.matches("http://").count() == 1, "only the SVG namespace");
    // Raising a hard min_share can never raise the objective (infeasible = minus infinity).
    for bonus in ["0", "5"] {
        let objs: Vec<f64> = rows
            .iter()
            .filter(|r| r[1] == bonus)
            .map(|r| if r[2] == "infeasible" { f64::NEG_INFINITY } else { r[3].parse().unwrap() })
            .collect();
        assert_eq!(objs.len(), 6);
        assert!(objs.windows(2).all(|w| w[1] <= w[0] + 1e-9), "bonus {bonus}: {objs:?}");
        assert!(objs[0] > objs[5], "the target must cost something: {objs:?}");
    }
}

#[test]
fn sweep_range_errors() {
    let dir = tempfile::tempdir().unwrap();
    for bad in [
        "rules.max_consecutive_terms=3..1:1",
        "rules.max_consecutive_terms=1..3:0",
        "rules.max_consecutive_terms=a..3:1",
    ] {
        let o = rotaplan(&["sweep", &tiny(), "--set", bad, "--out", p(&dir.path().join("x"))]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
}
