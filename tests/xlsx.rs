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
    for name in ["tiny", "tiny-v2", "tiny-concurrent", "tiny-succession", "tiny-horizon", "nghe-an"] {
        let book = dir.path().join(format!("{name}.xlsx"));
        let back = dir.path().join(format!("{name}-back"));
        assert_eq!(rotaplan(&["convert", p(&scenario_path(name)), "--to", p(&book)]).status.code(), Some(0));
        assert_eq!(rotaplan(&["convert", p(&book), "--to", p(&back)]).status.code(), Some(0));
        for f in rotaplan::scenario::FILES {
            // tiny-v2 has no decisions.csv; the round trip must not invent one.
            let original = std::fs::read(scenario_path(name).join(f)).ok();
            assert_eq!(original, std::fs::read(back.join(f)).ok(), "{name}/{f}");
        }
        let mut plans = Vec::new();
        for (i, src) in [scenario_path(name), back.clone(), book.clone()].iter().enumerate() {
            let out = dir.path().join(format!("{name}-plan-{i}"));
            let o = rotaplan(&["solve", p(src), "--out", p(&out), "-q"]);
            assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
            plans.push([
                std::fs::read(out.join("plan.csv")).unwrap(),
                std::fs::read(out.join("succession.csv")).unwrap_or_default(),
            ]);
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

/// Writes tiny as a workbook, optionally with one sheet renamed (`(from, to)`) and a date typed into a birth year.
fn tiny_book(path: &std::path::Path, rename: Option<(&str, &str)>, date_in_birth_year: bool) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let dir = scenario_path("tiny");
    let toml = std::fs::read_to_string(dir.join("scenario.toml")).unwrap();
    let ws = wb.add_worksheet().set_name("scenario").unwrap();
    for (i, line) in toml.lines().enumerate() {
        ws.write_string(i as u32, 0, line).unwrap();
    }
    for sheet in ["units", "positions", "cadres", "history", "candidates", "decisions"] {
        let name = rename.filter(|r| r.0 == sheet).map_or(sheet, |r| r.1);
        let ws = wb.add_worksheet().set_name(name).unwrap();
        let text = std::fs::read_to_string(dir.join(format!("{sheet}.csv"))).unwrap();
        for (r, line) in text.lines().enumerate() {
            for (c, cell) in line.split(',').enumerate() {
                if sheet == "cadres" && c == 3 && r == 2 && date_in_birth_year {
                    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1).unwrap();
                    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                    ws.write_datetime_with_format(r as u32, c as u16, &date, &fmt).unwrap();
                } else if !cell.is_empty() {
                    ws.write_string(r as u32, c as u16, cell).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn a_renamed_sheet_is_named_with_the_sheets_found() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("renamed.xlsx");
    tiny_book(&book, Some(("units", "Units")), false);
    let o = rotaplan(&["validate", p(&book)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("the workbook has no sheet `units`; its sheets are: scenario, Units, positions"), "{err}");
    assert!(err.contains("rename sheet `Units` to `units`"), "{err}");
    assert!(!err.contains("/tmp/rotaplan-"), "no temporary path in messages: {err}");
}

#[test]
fn a_date_cell_is_refused_with_its_address() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("dated.xlsx");
    tiny_book(&book, None, true);
    let o = rotaplan(&["validate", p(&book)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("dated.xlsx[sheet cadres]:3:4: cell D3 holds a date (Excel serial 29221), not text"), "{err}");
}
