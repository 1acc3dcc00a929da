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
    // Without the neighbourhood search, which can prove the optimum within
    // the limit on a fast machine: this test is about a stopped search.
    let (with, bound, status) = objective(&["--time-limit", "2", "-q", "--no-neighbourhood"]);
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
    // Without the neighbourhood search, whose plan lets the Lagrangian prove
    // the optimum in a few seconds, the search runs to the limit.
    let (code, _, err) = solve(dir.path(), &["--time-limit", "11", "--progress", "json", "-q", "--no-neighbourhood"]);
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
    let (code, _, err) = solve(dir.path(), &["--time-limit", "11", "--no-neighbourhood"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("rotaplan: search, ") && err.contains(" s, 0 of 1 independent part(s) solved, best plan "),
        "{err}"
    );
}

/// A solver that never returns (a root LP that does not check its limit:
/// HiGHS on national-rotation, BENCHMARKS.md "Time limits") is stopped at
/// the limit: large models under a time limit are solved in a child
/// process that is killed then (src/solve/worker.rs). The run keeps the
/// Lagrangian's plan and bound, within the limit plus loading and checking.
#[test]
fn a_solver_that_never_returns_is_stopped_at_the_limit() {
    let dir = dense();
    let (sc, out) = (dir.path().join("s"), dir.path().join("out"));
    // Without the neighbourhood search, which runs in this process and can
    // prove the optimum within the limit: the MIP in the stalled child
    // process must be what the limit stops.
    let args = [
        "solve",
        sc.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--time-limit",
        "3",
        "-q",
        "--no-neighbourhood",
    ];
    let t = Instant::now();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_rotaplan"))
        .args(args)
        .env("ROTAPLAN_WORKER_STALL_S", "600")
        .output()
        .unwrap();
    let wall = t.elapsed().as_secs_f64();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("plan.json")).unwrap()).unwrap();
    assert_eq!(json["status"], "feasible");
    let solve_seconds = json["solve_seconds"].as_f64().unwrap();
    assert!(solve_seconds < 3.0 + 0.3, "solve took {solve_seconds} s under a 3 s limit");
    // Loading, eligibility and the check take about a second here (debug builds: a few).
    assert!(wall < 3.0 + 15.0, "{wall} s");
    let (bound, objective) =
        (json["bound"].as_f64().expect("the Lagrangian's bound"), json["objective"].as_f64().unwrap());
    assert!(bound >= 24_270.0 - 1e-6 && objective <= 24_270.0 + 1e-6 && bound >= objective, "{json}");
    let c = rotaplan(&["check", sc.to_str().unwrap(), out.join("plan.csv").to_str().unwrap()]);
    assert_eq!(c.status.code(), Some(0));
}

/// The child process solves exactly as the parent would: the same plan,
/// byte for byte, whichever way a model goes (`ROTAPLAN_WORKER_MIN_VARS=0`
/// sends every model under a time limit to a child).
#[test]
fn a_model_solved_in_a_child_process_gives_the_same_plan() {
    let sc = common::scenario_path("nghe-an");
    let dir = tempfile::tempdir().unwrap();
    let plan = |min_vars: &str, name: &str| {
        let out = dir.path().join(name);
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_rotaplan"))
            .args(["solve", sc.to_str().unwrap(), "--out", out.to_str().unwrap(), "--time-limit", "300", "-q"])
            .env("ROTAPLAN_WORKER_MIN_VARS", min_vars)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("plan.json")).unwrap()).unwrap();
        assert_eq!(json["status"], "optimal");
        std::fs::read(out.join("plan.csv")).unwrap()
    };
    assert_eq!(plan("0", "child"), plan("100000000", "here"));
}

/// The heartbeat hears a part's plan and bound while the part still runs,
/// from the Lagrangian's first assignments on (issue 15: on national-rotation
/// they came only after a minute of searching). Every report brackets the
/// optimum, the best plan never falls and the bound never rises.
#[test]
fn the_heartbeat_hears_the_plan_and_bound_before_the_part_ends() {
    use std::sync::atomic::Ordering;
    let dir = dense();
    let (sc, el) = rotaplan::prepare(&dir.path().join("s")).expect("valid");
    let parts = std::sync::Arc::new(rotaplan::heartbeat::Parts::default());
    let mut opts = rotaplan::solve::SolveOptions::from_scenario(&sc);
    opts.parts = Some(parts.clone());
    let done = std::sync::atomic::AtomicBool::new(false);
    let (solved, heard) = std::thread::scope(|s| {
        let watcher = s.spawn(|| {
            let mut heard = Vec::new();
            while !done.load(Ordering::Relaxed) {
                if let (0, (Some(best), Some(bound))) = (parts.solved.load(Ordering::Relaxed), parts.best_and_bound()) {
                    heard.push((best, bound));
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            heard
        });
        let solved = rotaplan::solve::solve(&sc, &el, &opts);
        done.store(true, Ordering::Relaxed);
        (solved, watcher.join().unwrap())
    });
    let solved = solved.unwrap();
    assert_eq!(solved.status, rotaplan::plan::Status::Optimal);
    let optimum = solved.plan.evaluate(&sc).objective;
    // A gap heard before the end: the part was still searching.
    assert!(heard.iter().any(|(b, u)| u - b > 1.0), "{heard:?}");
    for w in heard.windows(2) {
        assert!(w[1].0 >= w[0].0 && w[1].1 <= w[0].1, "{w:?}");
    }
    assert!(heard.iter().all(|&(b, u)| b <= optimum + 1e-6 && u >= optimum - 1e-6), "{optimum}: {heard:?}");
}
