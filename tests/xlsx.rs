//! Excel in and out: a scenario as one workbook, round trips, errors naming
//! sheet, row and column, and plan.xlsx.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use calamine::{open_workbook_auto, DataType, Reader};
use common::{copy_scenario, rotaplan, scenario_path};
use std::path::Path;

fn p(x: &Path) -> &str {
    x.to_str().unwrap()
}

#[test]
fn folder_to_workbook_and_back_gives_identical_files_and_plans() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["tiny", "nghe-an"] {
        let book = dir.path().join(format!("{name}.xlsx"));
        let back = dir.path().join(format!("{name}-back"));
        assert_eq!(rotaplan(&["convert", p(&scenario_path(name)), "--to", p(&book)]).status.code(), Some(0));
        assert_eq!(rotaplan(&["convert", p(&book), "--to", p(&back)]).status.code(), Some(0));
        for f in [
            "scenario.toml",
            "units.csv",
            "positions.csv",
            "cadres.csv",
            "history.csv",
            "candidates.csv",
            "decisions.csv",
        ] {
            assert_eq!(
                std::fs::read(scenario_path(name).join(f)).unwrap(),
                std::fs::read(back.join(f)).unwrap(),
                "{name}/{f}"
            );
        }
        let mut plans = Vec::new();
        for (i, src) in [scenario_path(name), back.clone(), book.clone()].iter().enumerate() {
            let out = dir.path().join(format!("{name}-plan-{i}"));
            let o = rotaplan(&["solve", p(src), "--out", p(&out), "-q"]);
            assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
            plans.push(std::fs::read(out.join("plan.csv")).unwrap());
        }
        assert_eq!(plans[0], plans[1], "{name}: folder vs round trip");
        assert_eq!(plans[0], plans[2], "{name}: folder vs workbook");
    }
}

#[test]
fn workbook_errors_name_sheet_row_and_column() {
    let bad = copy_scenario("tiny");
    let f = bad.path().join("cadres.csv");
    let text = std::fs::read_to_string(&f).unwrap().replacen("C02,Trần Thị Bích,F,", "C02,Trần Thị Bích,X,", 1);
    std::fs::write(&f, text).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("bad.xlsx");
    assert_eq!(rotaplan(&["convert", p(bad.path()), "--to", p(&book)]).status.code(), Some(0));
    let out = dir.path().join("plan");
    let o = rotaplan(&["solve", p(&book), "--out", p(&out)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.xlsx[sheet cadres]:3:3 (gender): `X` is not a valid gender"), "{err}");
    assert!(!out.exists());
}

#[test]
fn solve_writes_a_plan_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    let o = rotaplan(&["solve", p(&scenario_path("tiny")), "--out", p(&out), "--xlsx", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    let mut wb = open_workbook_auto(out.join("plan.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), vec!["plan".to_string(), "targets".to_string(), "explanations".to_string()]);
    let plan = wb.worksheet_range("plan").unwrap();
    assert_eq!(plan.height(), 9);
    assert_eq!(plan.get_value((1, 0)).map(|d| d.to_string()), Some("PS-A".to_string()));
    assert_eq!(plan.get_value((1, 6)).and_then(|d| d.as_f64()), Some(43.0));
    let targets = wb.worksheet_range("targets").unwrap();
    assert_eq!(targets.get_value((1, 1)).map(|d| d.to_string()), Some("female_share".to_string()));
    assert_eq!(targets.get_value((1, 8)).and_then(|d| d.as_f64()), Some(4.2));
}
