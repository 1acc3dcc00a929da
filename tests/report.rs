//! The HTML report: self-contained, the expected sections, and (when Debian's
//! chromium is installed, as .ci/run does) loaded in headless Chromium with a
//! screenshot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{rotaplan, scenario_path};
use std::path::Path;
use std::process::Command;

fn report(dir: &Path) -> (std::path::PathBuf, String) {
    let plan_dir = dir.join("plan");
    let o = rotaplan(&["solve", scenario_path("nghe-an").to_str().unwrap(), "--out", plan_dir.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.join("report.html");
    let o = rotaplan(&[
        "report",
        scenario_path("nghe-an").to_str().unwrap(),
        plan_dir.join("plan.csv").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&out).unwrap();
    (out, html)
}

fn nghe_an_targets() -> usize {
    rotaplan::scenario::load(&common::scenario_path("nghe-an")).unwrap().targets.len()
}

#[test]
fn report_is_self_contained_with_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = report(dir.path());
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<title>rotaplan: Nghe An - key posts, term 2025-2030 (synthetic cadres)</title>"));
    for id in ["headline", "targets", "shares", "rotations", "units"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "section {id}");
    }
    assert_eq!(html.matches("class=\"bar\"").count(), nghe_an_targets(), "one bar per target");
    // One table per unit with posts: 130 communes + the province + 15 departments + the inspection committee.
    let sc = rotaplan::scenario::load(&common::scenario_path("nghe-an")).unwrap();
    let with_posts: std::collections::BTreeSet<usize> = sc.positions.iter().map(|p| p.unit).collect();
    assert_eq!(with_posts.len(), 147);
    assert_eq!(html.matches("<div class=\"unit\">").count(), with_posts.len());
    assert!(html.contains("Phường Thành Vinh"), "Vietnamese names kept in UTF-8");
    // No external resources: the only URL is the SVG namespace.
    let urls = html.matches("http://").count() + html.matches("https://").count();
    assert_eq!(urls, html.matches("http://www.w3.org/2000/svg").count());
    assert!(!html.contains("<script") && !html.contains("<link"));
}

#[test]
fn report_lists_violations_of_a_draft_and_compares() {
    let dir = tempfile::tempdir().unwrap();
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts/tiny");
    let out = dir.path().join("r.html");
    let o = rotaplan(&[
        "report",
        scenario_path("tiny").to_str().unwrap(),
        d.join("term_limit.csv").to_str().unwrap(),
        "--compare",
        d.join("valid.csv").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.contains("Rules broken (1)") && html.contains("[term_limit]"));
    assert!(html.contains("id=\"compare\"") && html.contains("1 post(s) with different holders"));
}

#[test]
fn report_loads_in_headless_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        eprintln!("SKIPPED: /usr/bin/chromium is not installed (.ci/run installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = report(dir.path());
    let url = format!("file://{}", out.display());
    let profile = dir.path().join("profile");
    let base = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let dom = Command::new(chromium)
        .args(base)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("<title>rotaplan: Nghe An"), "page loaded");
    assert_eq!(dom.matches("class=\"bar\"").count(), nghe_an_targets());
    assert!(dom.contains("class=\"unit\""));
    let shot = std::env::temp_dir().join("rotaplan-report-nghe-an.png");
    let o = Command::new(chromium)
        .args(base)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--window-size=1000,1400")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(o.status.success());
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10_000, "screenshot written");
    println!("screenshot: {} ({size} bytes)", shot.display());
}
