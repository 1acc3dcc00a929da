//! The language of what people read (contract section 10.16): the report,
//! plan.xlsx's labels and the solve summary follow `--lang`, else
//! scenario.toml's `language`, else English; what programs read never
//! changes with it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;

use std::path::Path;

use calamine::{open_workbook, Reader, Xlsx};

/// The header row of each sheet of a workbook.
fn headers(book: &Path) -> Vec<(String, Vec<String>)> {
    let mut wb: Xlsx<_> = open_workbook(book).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let row = range.rows().next().map(|r| r.iter().map(|c| c.to_string()).collect()).unwrap_or_default();
            (n, row)
        })
        .collect()
}

fn with_language(name: &str, line: &str) -> tempfile::TempDir {
    let dir = common::copy_scenario(name);
    let toml = dir.path().join("scenario.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{line}\n{text}")).unwrap();
    dir
}

fn solve(dir: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec!["solve", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "--xlsx"];
    args.extend_from_slice(extra);
    let run = common::rotaplan(&args);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    String::from_utf8(run.stdout).unwrap()
}

/// `language = "vi"`: the summary and plan.xlsx's labels are Vietnamese,
/// the plan sheet and plan.csv keep the contract's names, and the plan is
/// the same; `--lang en` gives back the English of a scenario without the key.
#[test]
fn a_vietnamese_scenario_reads_in_vietnamese_and_programs_read_the_same() {
    let vi = with_language("nghe-an", "language = \"vi\"");
    let out = tempfile::tempdir().unwrap();
    let said = solve(vi.path(), &out.path().join("vi"), &[]);
    assert!(said.contains("trạng thái tối ưu (đã chứng minh)") && said.contains("giữ nguyên"), "{said}");
    let sheets = headers(&out.path().join("vi/plan.xlsx"));
    let names: Vec<&str> = sheets.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["plan", "targets", "explanations"]);
    let plan_csv = std::fs::read_to_string(out.path().join("vi/plan.csv")).unwrap();
    assert_eq!(sheets[0].1.join(","), plan_csv.lines().next().unwrap(), "the plan sheet keeps the contract's columns");
    assert_eq!(sheets[1].1[0], "tên chỉ tiêu");
    assert!(sheets[2].1.contains(&"mã vị trí".to_string()) && sheets[2].1.contains(&"tổng điểm".to_string()));

    let english = solve(vi.path(), &out.path().join("en"), &["--lang", "en"]);
    let plain = solve(&common::scenario_path("nghe-an"), &out.path().join("plain"), &[]);
    let tail = |s: &str| {
        s.lines().skip(1).filter(|l| !l.contains(" s") && !l.contains("wrote")).map(String::from).collect::<Vec<_>>()
    };
    assert_eq!(tail(&english), tail(&plain), "--lang en is the English summary");
    assert!(plain.contains("status optimal") && plain.contains("kept"), "{plain}");
    let en_sheets = headers(&out.path().join("en/plan.xlsx"));
    assert_eq!(en_sheets[1].1[0], "name");
    for f in ["plan.csv", "explanations.csv"] {
        let a = std::fs::read(out.path().join("vi").join(f)).unwrap();
        assert_eq!(a, std::fs::read(out.path().join("en").join(f)).unwrap(), "{f} does not change with the language");
    }
}

/// `report --lang vi` writes the report's words in Vietnamese; by default it is English.
#[test]
fn the_report_speaks_the_language_asked_for() {
    let out = tempfile::tempdir().unwrap();
    let sc = common::scenario_path("nghe-an");
    solve(&sc, &out.path().join("p"), &[]);
    let plan = out.path().join("p/plan.csv");
    let report = |lang: Option<&str>, file: &str| {
        let html = out.path().join(file);
        let mut args = vec!["report", sc.to_str().unwrap(), plan.to_str().unwrap(), "--out", html.to_str().unwrap()];
        if let Some(l) = lang {
            args.extend_from_slice(&["--lang", l]);
        }
        assert_eq!(common::rotaplan(&args).status.code(), Some(0));
        std::fs::read_to_string(html).unwrap()
    };
    let vi = report(Some("vi"), "vi.html");
    assert!(vi.contains("<html lang=\"vi\">") && vi.contains("Chỉ tiêu") && vi.contains("Vị trí theo đơn vị"), "{vi}");
    assert!(
        vi.contains("Nhiệm kỳ 2025–2030") && vi.contains("tối ưu (đã chứng minh)") && !vi.contains("Posts by unit")
    );
    let en = report(None, "en.html");
    assert!(en.contains("<html lang=\"en\">") && en.contains("Posts by unit") && en.contains("Term 2025–2030"), "{en}");
    assert!(!en.contains("Chỉ tiêu"));
}

/// A language rotaplan does not write, and the key in a version-1
/// scenario, are bad input at their line.
#[test]
fn a_bad_or_early_language_key_is_bad_input_at_its_line() {
    let bad = with_language("nghe-an", "language = \"fr\"");
    let run = common::rotaplan(&["validate", bad.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(err.contains("scenario.toml:1") && err.contains("\"fr\"") && err.contains("language = \"vi\""), "{err}");
    let v1 = with_language("nghe-an-v1", "language = \"vi\"");
    let run = common::rotaplan(&["validate", v1.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(err.contains("contract = 2"), "{err}");
}
