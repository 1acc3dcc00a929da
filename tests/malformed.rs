//! Malformed input: exit 2, every problem named with file:line, nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{copy_scenario, rotaplan};

/// Applies `edit` to a copy of scenarios/tiny, runs `solve`, and asserts exit 2,
/// no output folder, and every `expect` fragment in the error text.
fn bad(edit: impl Fn(&std::path::Path), expect: &[&str]) {
    let dir = copy_scenario("tiny");
    edit(dir.path());
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("plan");
    let o = rotaplan(&["solve", dir.path().to_str().unwrap(), "--out", target.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    for e in expect {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
    assert!(!target.exists(), "nothing may be written on bad input");
    assert!(!err.contains("panicked"), "{err}");
}

fn replace(file: &'static str, from: &'static str, to: &'static str) -> impl Fn(&std::path::Path) {
    move |dir| {
        let p = dir.join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "fixture lacks `{from}`");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }
}

fn append(file: &'static str, line: &'static str) -> impl Fn(&std::path::Path) {
    move |dir| {
        let p = dir.join(file);
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str(line);
        text.push('\n');
        std::fs::write(&p, text).unwrap();
    }
}

#[test]
fn missing_required_column() {
    bad(replace("cadres.csv", "birth_year,", "born,"), &["cadres.csv:1", "required column `birth_year` is missing"]);
}

#[test]
fn duplicate_cadre_id() {
    bad(
        append("cadres.csv", "C02,Someone Else,F,1980,Kinh,16858,16690,bachelor,advanced,good,true"),
        &["cadres.csv:18", "duplicate cadre_id `C02` (first at line 3)"],
    );
}

#[test]
fn duplicate_position_id() {
    bad(append("positions.csv", "PS-A,16702,pc_chair,"), &["positions.csv:10", "duplicate position_id `PS-A`"]);
}

#[test]
fn unknown_unit_in_positions() {
    bad(
        replace("positions.csv", "PC-C,16702,", "PC-C,99999,"),
        &["positions.csv:7:2", "unit `99999` is not in units.csv"],
    );
}

#[test]
fn unknown_title_in_positions() {
    bad(
        replace("positions.csv", "PC-C,16702,pc_chair", "PC-C,16702,mayor"),
        &["positions.csv:7:3", "title `mayor` is not defined"],
    );
}

#[test]
fn unknown_incumbent() {
    bad(
        replace("positions.csv", "PC-B,16690,pc_chair,C02", "PC-B,16690,pc_chair,C99"),
        &["positions.csv:6:4", "incumbent `C99` is not in cadres.csv"],
    );
}

#[test]
fn cadre_incumbent_of_two_posts() {
    bad(
        replace("positions.csv", "PC-C,16702,pc_chair,", "PC-C,16702,pc_chair,C02"),
        &["positions.csv:7", "already incumbent of post `PC-B`"],
    );
}

#[test]
fn bad_enum_values_all_reported() {
    bad(
        replace(
            "cadres.csv",
            "C02,Trần Thị Bích,F,1980,Kinh,16858,16690,bachelor,intermediate,excellent,true",
            "C02,Trần Thị Bích,X,1980,Kinh,16858,16690,phd,expert,superb,maybe",
        ),
        &[
            "cadres.csv:3:3",
            "`X` is not a valid gender",
            "cadres.csv:3:8",
            "`phd` is not a valid education",
            "cadres.csv:3:9",
            "cadres.csv:3:10",
            "`superb` is not a valid rating",
            "cadres.csv:3:11",
            "5 problems",
        ],
    );
}

#[test]
fn non_numeric_year() {
    bad(
        replace("history.csv", "C02,16690,pc_chair,2020,", "C02,16690,pc_chair,twenty,"),
        &["history.csv:3:4", "`twenty` is not a valid start_year"],
    );
}

#[test]
fn end_before_start() {
    bad(
        replace("history.csv", "C08,16813,pc_chair,2015,2023", "C08,16813,pc_chair,2015,2011"),
        &["history.csv:6:5", "end_year 2011 is before start_year 2015"],
    );
}

#[test]
fn parent_that_is_a_commune() {
    bad(
        replace("units.csv", "16708,Phường Vinh Lộc,commune,40", "16708,Phường Vinh Lộc,commune,16681"),
        &["units.csv:8:4", "is a commune; a parent must be a province-level unit"],
    );
}

#[test]
fn unknown_parent() {
    bad(
        replace("units.csv", "40-SNV,Sở Nội vụ Nghệ An,province,40", "40-SNV,Sở Nội vụ Nghệ An,province,41"),
        &["units.csv:3:4", "parent `41` of unit `40-SNV` is not in units.csv"],
    );
}

#[test]
fn candidate_with_both_post_and_title() {
    bad(
        replace("candidates.csv", "C10,PC-D,,5", "C10,PC-D,pc_chair,5"),
        &["candidates.csv:17:3", "both position_id and title are set"],
    );
}

#[test]
fn candidate_with_neither_post_nor_title() {
    bad(
        replace("candidates.csv", "C10,PC-D,,5", "C10,,,5"),
        &["candidates.csv:17:2", "neither position_id nor title is set"],
    );
}

#[test]
fn candidate_unknown_cadre_and_post() {
    bad(
        append("candidates.csv", "C77,PX,,1"),
        &[
            "candidates.csv:20:1",
            "cadre `C77` is not in cadres.csv",
            "candidates.csv:20:2",
            "position `PX` is not in positions.csv",
        ],
    );
}

#[test]
fn pin_on_ineligible_pair_names_the_rule() {
    bad(append("decisions.csv", "C01,PS-A,pin"), &["decisions.csv:4", "breaks non_local", "term_limit"]);
}

#[test]
fn two_pins_on_one_post() {
    bad(
        append("decisions.csv", "C07,PC-A,pin"),
        &["decisions.csv:4", "shares the post", "rule 3.6 (minimum time in post)"],
    );
}

#[test]
fn pins_sharing_a_cadre() {
    bad(append("decisions.csv", "C13,PS-A,pin"), &["decisions.csv:4", "breaks planning"]);
    bad(
        |d: &std::path::Path| {
            append("candidates.csv", "C06,PC-D,,1")(d);
            append("decisions.csv", "C06,PS-A,pin")(d);
            append("decisions.csv", "C06,PC-D,pin")(d);
        },
        &["shares the cadre Vi Văn Phóng (C06) with the pin at decisions.csv line"],
    );
}

#[test]
fn bad_decision_word() {
    bad(
        replace("decisions.csv", "C12,PS-B,forbid", "C12,PS-B,veto"),
        &["decisions.csv:2:3", "`veto` is not a valid decision"],
    );
}

#[test]
fn toml_unknown_key() {
    bad(
        replace("scenario.toml", "continuity_bonus = 10", "continuity_bonus = 10\ncontinuity_bonsu = 3"),
        &["scenario.toml:59:1", "unknown key `objective.continuity_bonsu`"],
    );
}

#[test]
fn toml_syntax_error() {
    bad(replace("scenario.toml", "term_years = 5", "term_years = = 5"), &["scenario.toml:3"]);
}

#[test]
fn toml_target_problems_all_reported() {
    bad(
        replace(
            "scenario.toml",
            "group = \"ethnic_minority\"\ntitles = [\"party_secretary\"]\nmin_count = 1",
            "group = \"minority\"\ntitles = [\"party_boss\"]\nmin_count = 1\nmax_share = 0.5",
        ),
        &[
            "scenario.toml:48:1",
            "has 2 bounds",
            "scenario.toml:51:9",
            "group `minority` is not defined",
            "scenario.toml:52:11",
            "title `party_boss` is not defined",
        ],
    );
}

#[test]
fn soft_target_without_penalty() {
    bad(
        replace("scenario.toml", "hard = false\npenalty = 50\n", "hard = false\n"),
        &["scenario.toml:", "is soft but has no penalty"],
    );
}

#[test]
fn title_level_mismatch() {
    bad(
        replace("positions.csv", "DIR,40-SNV,director", "DIR,16708,director"),
        &["positions.csv:9:3", "title `director` exists at province level but unit `16708` is commune-level"],
    );
}

#[test]
fn ragged_row_and_missing_file() {
    bad(
        |d: &std::path::Path| {
            append("units.csv", "99,Extra,commune")(d);
            std::fs::remove_file(d.join("positions.csv")).unwrap();
        },
        &["units.csv:11", "row has 3 fields but the header has 5", "positions.csv: cannot read"],
    );
}

#[test]
fn check_rejects_unknown_rows_in_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("draft.csv");
    std::fs::write(&plan, "position_id,cadre_id\nPS-A,C06\nPS-X,C01\nPC-A,C99\nPS-A,C02\n").unwrap();
    let o = rotaplan(&["check", common::scenario_path("tiny").to_str().unwrap(), plan.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    for e in ["draft.csv:3:1", "position `PS-X`", "draft.csv:4:2", "cadre `C99`", "draft.csv:5:1", "appears again"] {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
}
