//! A time limit never ends in an internal error (issue 15): when the search
//! stops before the solver has a plan, rotaplan returns the Lagrangian
//! relaxation's plan with its bound, or (without it, `--lagrange off`) the
//! best plan built without the search that passes every rule, as `feasible`
//! with no bound; when none passes, exit 5 and nothing written (contract
//! section 6).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::rotaplan;
use std::time::Instant;

/// The dense one-province scenario, which microlp cannot solve in seconds.
fn dense() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    assert_eq!(rotaplan(&["generate", "nghe-an-rotation", "--out", out.to_str().unwrap()]).status.code(), Some(0));
    dir
}

fn solve(dir: &std::path::Path, extra: &[&str]) -> (Option<i32>, f64, String) {
    let (sc, out) = (dir.join("s"), dir.join("out"));
    let mut args = vec!["solve", sc.to_str().unwrap(), "--out", out.to_str().unwrap(), "--solver", "microlp"];
    args.extend_from_slice(extra);
    let t = Instant::now();
    let o = rotaplan(&args);
    (o.status.code(), t.elapsed().as_secs_f64(), String::from_utf8_lossy(&o.stderr).to_string())
}

#[test]
fn a_search_stopped_without_a_plan_returns_a_checked_feasible_plan() {
    let dir = dense();
    let (code, wall, err) = solve(dir.path(), &["--time-limit", "2", "-q", "--lagrange", "off"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(wall < 15.0, "{wall} s");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/plan.json")).unwrap()).unwrap();
    assert_eq!(json["status"], "feasible");
    assert!(json["bound"].is_null() && json["gap"].is_null(), "{json}");
    // solve writes nothing the independent check rejects; check it again from the file.
    let c =
        rotaplan(&["check", dir.path().join("s").to_str().unwrap(), dir.path().join("out/plan.csv").to_str().unwrap()]);
    assert_eq!(c.status.code(), Some(0));
}

#[test]
fn with_no_plan_that_passes_every_rule_the_exit_is_5_and_nothing_is_written() {
    let dir = dense();
    let args = ["--time-limit", "2", "--set", "targets.female_share.hard=true", "--lagrange", "off"];
    let (code, _, err) = solve(dir.path(), &args);
    assert_eq!(code, Some(5), "{err}");
    assert!(err.contains("the time limit of 2 s ended the search") && err.contains("--time-limit"), "{err}");
    assert!(!dir.path().join("out").exists());
}

/// With the Lagrangian (the default), a search stopped at 2 s returns a plan
/// better than the fallback's, with a proven bound above it; the plan passes
/// `check` from the file. The bound is the Lagrangian's: at least the
/// optimum (24,270, which HiGHS proves in BENCHMARKS.md) at any time limit.
#[test]
fn a_stopped_search_keeps_the_lagrangian_plan_and_bound() {
    let dir = dense();
    let objective = |extra: &[&str]| {
        let _ = std::fs::remove_dir_all(dir.path().join("out"));
        let (code, _, err) = solve(dir.path(), extra);
        assert_eq!(code, Some(0), "{err}");
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("out/plan.json")).unwrap()).unwrap();
        (json["objective"].as_f64().unwrap(), json["bound"].as_f64(), json["status"].clone())
    };
    let (fallback, _, _) = objective(&["--time-limit", "2", "-q", "--lagrange", "off"]);
    let (with, bound, status) = objective(&["--time-limit", "2", "-q"]);
    assert_eq!(status, "feasible");
    assert!(with > fallback, "{with} <= {fallback}");
    let bound = bound.expect("a bound");
    assert!(bound >= 24_270.0 - 1e-6 && bound >= with, "bound {bound}, plan {with}");
    let c =
        rotaplan(&["check", dir.path().join("s").to_str().unwrap(), dir.path().join("out/plan.csv").to_str().unwrap()]);
    assert_eq!(c.status.code(), Some(0));
}

/// Every backend stopped at 1 s returns a plan at least as good as the best
/// assignment under the one-post rows alone (what microlp, which finds no
/// plan of its own in that time, returns): a solver's first incumbent that
/// leaves most posts vacant is never the answer.
#[test]
fn a_stopped_search_returns_no_worse_than_the_assignment_alone() {
    let dir = dense();
    let objective = |backend: &str, lagrange: bool| {
        let out = dir.path().join(format!("out-{backend}-{lagrange}"));
        let sc = dir.path().join("s");
        let args = [
            "solve",
            sc.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--solver",
            backend,
            "--time-limit",
            "1",
            "-q",
        ];
        let mut args = args.to_vec();
        if !lagrange {
            args.extend(["--lagrange", "off"]);
        }
        let o = rotaplan(&args);
        assert_eq!(o.status.code(), Some(0), "{backend}: {}", String::from_utf8_lossy(&o.stderr));
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("plan.json")).unwrap()).unwrap();
        json["objective"].as_f64().unwrap()
    };
    let floor = objective("microlp", false);
    for b in rotaplan::solve::Backend::compiled() {
        assert!(objective(b.name(), false) >= floor - 1e-6, "{}", b.name());
        assert!(objective(b.name(), true) >= floor - 1e-6, "{} with the Lagrangian", b.name());
    }
}

/// A solve that runs past 10 s writes a progress line on standard error at
/// least every 10 s (issue 15): JSON objects with `--progress json` (ending
/// with `done`), text lines by default when standard error is not a terminal.
#[test]
fn a_long_solve_writes_progress_lines() {
    let dir = dense();
    let (code, _, err) = solve(dir.path(), &["--time-limit", "11", "--progress", "json", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<serde_json::Value> =
        err.lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.len() >= 2, "{err}");
    let search = &lines[0];
    assert_eq!((search["phase"].as_str(), search["parts"].as_u64()), (Some("search"), Some(1)), "{err}");
    assert!(search["elapsed_s"].as_f64().unwrap() >= 10.0 - 1e-9);
    // The Lagrangian's plan and bound are known by then: the optimum (24,270) lies between them.
    let (best, bound) = (search["best"].as_f64().unwrap(), search["bound"].as_f64().unwrap());
    assert!(best <= 24_270.0 + 1e-6 && bound >= 24_270.0 - 1e-6, "{err}");
    let done = lines.last().unwrap();
    assert_eq!(done["phase"], "done");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/plan.json")).unwrap()).unwrap();
    assert_eq!((&done["best"], &done["bound"]), (&json["objective"], &json["bound"]), "{err}");
    std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    let (code, _, err) = solve(dir.path(), &["--time-limit", "11"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("rotaplan: search, ") && err.contains(" s, 0 of 1 independent part(s) solved, best plan "),
        "{err}"
    );
}
