//! The command line end to end: exit codes, files, atomic output, determinism.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{copy_scenario, rotaplan, scenario_path};

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn solve_tiny_writes_plan_files() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("plan");
    let o = rotaplan(&["solve", s(&scenario_path("tiny")), "--out", s(&target)]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("status optimal") && stdout.contains("objective 214"), "{stdout}");
    let csv = std::fs::read_to_string(target.join("plan.csv")).unwrap();
    assert!(csv.starts_with("position_id,unit_id,title,cadre_id,cadre_name,change,score\n"));
    assert_eq!(csv.lines().count(), 9);
    assert!(csv.contains("PC-C,16702,pc_chair,C07,Lò Thị Giàng,moved,26"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(target.join("plan.json")).unwrap()).unwrap();
    assert_eq!(json["status"], "optimal");
    assert_eq!(json["objective"], 214.0);
    assert_eq!(json["bound"], 214.0);
    assert_eq!(json["counts"]["kept"], 2);
    assert_eq!(json["targets"].as_array().unwrap().len(), 2);
    assert_eq!(json["input_hash"].as_str().unwrap().len(), 64);
    assert!(json["rotaplan_version"].is_string());
}

#[test]
fn solve_is_deterministic() {
    let out = tempfile::tempdir().unwrap();
    for name in ["tiny", "nghe-an"] {
        let a = out.path().join(format!("{name}-a"));
        let b = out.path().join(format!("{name}-b"));
        for t in [&a, &b] {
            let o = rotaplan(&["solve", s(&scenario_path(name)), "--out", s(t), "--quiet"]);
            assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        }
        assert_eq!(std::fs::read(a.join("plan.csv")).unwrap(), std::fs::read(b.join("plan.csv")).unwrap(), "{name}");
    }
}

#[test]
fn existing_plan_replaced_only_by_a_complete_one() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("plan");
    assert_eq!(rotaplan(&["solve", s(&scenario_path("tiny")), "--out", s(&target)]).status.code(), Some(0));
    let before = std::fs::read(target.join("plan.csv")).unwrap();
    // A broken scenario: exit 2, and the old plan is untouched.
    let bad = copy_scenario("tiny");
    std::fs::write(bad.path().join("cadres.csv"), "cadre_id,name\nC01,x\n").unwrap();
    let o = rotaplan(&["solve", s(bad.path()), "--out", s(&target)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(target.join("plan.csv")).unwrap(), before);
    // No temporary folders left beside it.
    let names: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    assert_eq!(names, vec!["plan".to_string()]);
}

#[test]
fn out_folder_with_foreign_files_is_not_replaced() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("notes.txt"), "mine").unwrap();
    let o = rotaplan(&["solve", s(&scenario_path("tiny")), "--out", s(out.path())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(out.path().join("notes.txt").exists());
    assert!(!out.path().join("plan.csv").exists());
}

#[test]
fn infeasible_exits_3_with_the_blocking_target() {
    let dir = copy_scenario("tiny");
    let toml = std::fs::read_to_string(dir.path().join("scenario.toml")).unwrap();
    let toml = toml.replace("min_count = 1\nhard = true", "min_count = 3\nhard = true");
    std::fs::write(dir.path().join("scenario.toml"), toml).unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("plan");
    let o = rotaplan(&["solve", s(dir.path()), "--out", s(&target)]);
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("an ethnic-minority party secretary") && err.contains("relax it by 2"), "{err}");
    assert!(!target.exists());
}

#[test]
fn validate_reports_summary() {
    let o = rotaplan(&["validate", s(&scenario_path("tiny"))]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("16 eligible pairs"));
}

#[test]
fn unknown_solver_is_a_usage_error() {
    let out = tempfile::tempdir().unwrap();
    let o = rotaplan(&["solve", s(&scenario_path("tiny")), "--out", s(&out.path().join("x")), "--solver", "cplex"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not compiled"));
}

#[test]
fn check_accepts_the_solver_plan_and_rejects_a_broken_draft() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("plan");
    assert_eq!(rotaplan(&["solve", s(&scenario_path("tiny")), "--out", s(&target)]).status.code(), Some(0));
    let o = rotaplan(&["check", s(&scenario_path("tiny")), s(&target.join("plan.csv"))]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    // Put C01 back on PS-A: non-local and term limit.
    let draft = out.path().join("draft.csv");
    let text = std::fs::read_to_string(target.join("plan.csv"))
        .unwrap()
        .replace("PS-A,16681,party_secretary,C06", "PS-A,16681,party_secretary,C01");
    std::fs::write(&draft, text).unwrap();
    let o = rotaplan(&["check", s(&scenario_path("tiny")), s(&draft)]);
    assert_eq!(o.status.code(), Some(4));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("[non_local]") && text.contains("[term_limit]"), "{text}");
}

#[test]
fn mip_gap_and_time_limit_give_a_bound_at_least_the_objective() {
    let dir = copy_scenario("tiny");
    let toml =
        std::fs::read_to_string(dir.path().join("scenario.toml")).unwrap().replace("mip_gap = 0.0", "mip_gap = 0.5");
    std::fs::write(dir.path().join("scenario.toml"), toml).unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("plan");
    let o = rotaplan(&["solve", s(dir.path()), "--out", s(&target), "--time-limit", "30"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(target.join("plan.json")).unwrap()).unwrap();
    let (obj, bound) = (json["objective"].as_f64().unwrap(), json["bound"].as_f64().unwrap());
    assert!(bound >= obj - 1e-9, "bound {bound} < objective {obj}");
    assert!(json["status"] == "optimal" || json["status"] == "feasible");
    // A non-positive time limit is a usage error.
    let o = rotaplan(&["solve", s(dir.path()), "--out", s(&target), "--time-limit", "0"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn spreadsheet_booleans_and_trimmed_identifiers() {
    let dir = copy_scenario("tiny");
    let p = dir.path().join("cadres.csv");
    let text = std::fs::read_to_string(&p).unwrap().replace(",true\n", ",TRUE\n");
    std::fs::write(&p, text).unwrap();
    let o = rotaplan(&["validate", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    // "C02\u{a0}" is "C02" once trimmed (non-breaking space included), with a warning naming the line.
    let p = dir.path().join("positions.csv");
    let text = std::fs::read_to_string(&p).unwrap().replace("PC-B,16690,pc_chair,C02", "PC-B,16690,pc_chair,C02\u{a0}");
    std::fs::write(&p, text).unwrap();
    let o = rotaplan(&["validate", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("warning: positions.csv:") && err.contains("trimmed"), "{err}");
}

#[test]
fn an_ethnicity_in_another_unicode_form_matches_its_group() {
    // The group names "Thái" in NFC; the cadres' cells spell it in NFD. Unless
    // both are normalised the hard minority target has no member and tiny is infeasible.
    let dir = copy_scenario("tiny");
    let toml = dir.path().join("scenario.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let text = text
        .replace("ethnic_minority = { ethnicity_not = \"Kinh\" }", "ethnic_minority = { ethnicity = \"Th\u{e1}i\" }");
    assert!(text.contains("Th\u{e1}i"), "tiny's group line changed; update this test");
    std::fs::write(&toml, text).unwrap();
    let cadres = dir.path().join("cadres.csv");
    let text = std::fs::read_to_string(&cadres).unwrap().replace(",Thai,", ",Tha\u{301}i,");
    std::fs::write(&cadres, text).unwrap();
    let out = dir.path().join("out");
    let o = rotaplan(&["solve", s(dir.path()), "--out", s(&out), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    assert_eq!(plan["objective"].as_f64(), Some(214.0), "the same optimum as tiny");
}

#[cfg(feature = "highs")]
#[test]
fn solve_with_highs_finds_the_same_optimum() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("plan");
    let o = rotaplan(&["solve", s(&scenario_path("tiny")), "--out", s(&target), "--solver", "highs"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(target.join("plan.json")).unwrap()).unwrap();
    assert_eq!(json["solver"], "highs");
    assert_eq!(json["objective"], 214.0);
}

#[test]
fn outputs_are_replaced_only_by_the_same_command() {
    let out = tempfile::tempdir().unwrap();
    let (plan, batch) = (out.path().join("plan"), out.path().join("batch"));
    let tiny = scenario_path("tiny");
    // A solve replaces its own earlier output (manifest) and writes a manifest.
    for _ in 0..2 {
        let o = rotaplan(&["solve", s(&tiny), "--out", s(&plan), "-q"]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(plan.join("rotaplan-manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["command"], "solve");
    // A batch never replaces a solve's folder, nor a solve a batch's.
    let o = rotaplan(&["batch", s(&tiny), "--out", s(&plan), "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("output of `rotaplan solve`"));
    assert!(plan.join("plan.csv").exists());
    assert_eq!(rotaplan(&["batch", s(&tiny), "--out", s(&batch), "-q"]).status.code(), Some(0));
    let o = rotaplan(&["solve", s(&tiny), "--out", s(&batch), "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(batch.join("summary.csv").exists() && batch.join("runs").is_dir());
    // `--out .` is refused before any work.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_rotaplan"))
        .args(["solve", s(&tiny), "--out", "."])
        .current_dir(out.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("current folder"));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts/tiny");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rotaplan"))
        .args(["compare", s(&d.join("valid.csv")), s(&d.join("age.csv")), "--scenario", s(&scenario_path("tiny"))])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before rotaplan prints (as `| head -0` would): every write meets a closed pipe.
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
}

/// `rotaplan serve` binds 127.0.0.1 only, prints the address with its
/// token, refuses a request without it and serves the overview with it.
#[test]
fn serve_prints_a_tokened_local_address_and_refuses_requests_without_it() {
    use std::io::{BufRead, Read, Write};
    let bad = rotaplan(&["serve", "no/such/folder"]);
    assert_eq!(bad.status.code(), Some(2));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rotaplan"))
        .args(["serve", common::scenario_path("nghe-an").to_str().unwrap(), "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    // A reader that goes away does not stop the desk.
    drop(stdout);
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap_or_else(|| panic!("{line}"));
    let (port, token) = rest.split_once("/?token=").unwrap();
    assert_eq!(token.len(), 32);
    let fetch = |cookie: &str| {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())).unwrap();
        let req = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    let refused = fetch("");
    let served = fetch(&format!("rotaplan_token={token}"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(refused.starts_with("HTTP/1.1 403"), "{refused}");
    assert!(served.starts_with("HTTP/1.1 200") && served.contains("Tổng quan"), "{served}");
}

/// A solve at the desk runs in a child process whose progress lines the
/// solve page shows, and a cancel kills it at once: the page says so, the
/// queue is empty again, no child is left, and no candidate was made.
#[test]
fn a_desk_solve_shows_its_progress_and_a_cancel_stops_its_child_at_once() {
    use std::io::BufRead;
    let ws = tempfile::tempdir().unwrap();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_rotaplan"))
        .args(["serve", common::scenario_path("nghe-an").to_str().unwrap(), "--port", "0", "--workspace"])
        .arg(ws.path().join("desk"))
        .env("ROTAPLAN_DESK_STALL_S", "120")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    let (port, token) = url.strip_prefix("http://127.0.0.1:").unwrap().split_once("/?token=").unwrap();
    let port: u16 = port.parse().unwrap();
    let request = |method: &str, path: &str, body: &str| common::desk_request(port, token, method, path, body);
    let plans = request("GET", "/plans", "");
    let csrf = plans.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let asked = request("POST", "/solve", &format!("csrf={csrf}&name=A"));
    assert!(asked.starts_with("HTTP/1.1 303") && asked.contains("location: /solves/1"), "{asked}");
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let running = loop {
        let page = request("GET", "/solves/1", "");
        // The child's first progress line (phase `load`, while it stalls).
        if page.contains("đọc dữ liệu") {
            break page;
        }
        assert!(std::time::Instant::now() < until, "no progress shown: {page}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(running.contains("http-equiv=\"refresh\"") && running.contains("Hủy lần giải này"), "{running}");
    let children = || desk_children(server.id());
    assert_eq!(children(), 1, "one child solves");
    let started = std::time::Instant::now();
    let cancelled = request("POST", "/solves/1/cancel", &format!("csrf={csrf}"));
    assert!(cancelled.starts_with("HTTP/1.1 303"), "{cancelled}");
    let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !request("GET", "/solves/1", "").contains("Đã hủy") || children() > 0 {
        assert!(std::time::Instant::now() < until, "the cancel did not stop the child");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let took = started.elapsed().as_secs_f64();
    let status: serde_json::Value =
        serde_json::from_str(request("GET", "/status", "").split("\r\n\r\n").nth(1).unwrap()).unwrap();
    let plans = request("GET", "/plans", "");
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(took < 2.0, "the cancel took {took:.2} s");
    assert_eq!((status["running"].as_u64(), status["waiting"].as_u64()), (Some(0), Some(0)), "{status}");
    assert!(plans.contains("Chưa có phương án"), "a cancelled solve made a candidate");
}

/// The desk-solve children of process `parent` now (Linux /proc).
fn desk_children(parent: u32) -> usize {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().chars().all(|c| c.is_ascii_digit()))
        .filter(|e| {
            let cmd = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
            let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
            let ppid = stat.rsplit(')').next().and_then(|r| r.split_whitespace().nth(1)).and_then(|p| p.parse().ok());
            String::from_utf8_lossy(&cmd).contains("__desk-solve") && ppid == Some(parent)
        })
        .count()
}
