//! Objective arithmetic (contract section 4), term by term.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::Sc;
use rotaplan::objective::{breakdown, vacancy_penalty};
use rotaplan::plan::{Change, Plan};

fn scenario() -> Sc {
    let extra = "candidate_score_weight = 2\n";
    let mut s = Sc::basic();
    s.toml =
        common::basic_toml(5, "", "").replace("vacancy_penalty = 1000\n", &format!("vacancy_penalty = 1000\n{extra}"));
    s.toml = s.toml.replace(
        "[titles.chair]\nlevel = \"commune\"\nhead = true\n",
        "[titles.chair]\nlevel = \"commune\"\nhead = true\nvacancy_penalty = 300\n",
    );
    s.cadre("INC,Incumbent,M,1975,Kinh,B,B,master,advanced,good,true")
        .cadre("PROV,Provincial,F,1980,Kinh,X,PD,master,advanced,excellent,true")
        .cadre("T,By title,M,1980,Kinh,B,B,master,advanced,incomplete,true")
        .incumbent("CHAIR-A", "INC")
        .plan("PROV,SEC-A,,4.5")
        .plan("PROV,,sec,1")
        .plan("T,,dir,2")
}

#[test]
fn score_terms_add_up() {
    let sc = scenario().load();
    let (inc, prov, t) = (sc.cadre_index["INC"], sc.cadre_index["PROV"], sc.cadre_index["T"]);
    let (sec, chair, dir) = (sc.position_index["SEC-A"], sc.position_index["CHAIR-A"], sc.position_index["DIR"]);
    // Incumbent staying: rating 20 + continuity 10.
    let b = breakdown(&sc, inc, chair);
    assert_eq!((b.rating, b.planning, b.continuity, b.rotation_down, b.total()), (20.0, 0.0, 10.0, 0.0, 30.0));
    // Provincial cadre to a commune: 30 + 2 * 4.5 (the post row wins over the title row) + 5.
    let b = breakdown(&sc, prov, sec);
    assert_eq!((b.rating, b.planning, b.rotation_down, b.total()), (30.0, 9.0, 5.0, 44.0));
    // Title row, province-level post: no rotation-down bonus; incomplete rating is negative.
    let b = breakdown(&sc, t, dir);
    assert_eq!((b.rating, b.planning, b.rotation_down, b.total()), (-100.0, 4.0, 0.0, -96.0));
    // Vacancy penalties: the title's own, else the objective's.
    assert_eq!(vacancy_penalty(&sc, chair), 300.0);
    assert_eq!(vacancy_penalty(&sc, sec), 1000.0);
}

#[test]
fn plan_objective_and_counts() {
    let sc = scenario().load();
    let mut plan = Plan::vacant(&sc);
    plan.assignment[sc.position_index["SEC-A"]] = Some(sc.cadre_index["INC"]);
    plan.assignment[sc.position_index["DIR"]] = Some(sc.cadre_index["PROV"]);
    let ev = plan.evaluate(&sc);
    // INC moves to SEC-A: 20 (no planning row, no continuity); PROV to DIR: 30; CHAIR-A vacant: -300.
    assert_eq!(ev.score_total, 50.0);
    assert_eq!(ev.vacancy_total, 300.0);
    assert_eq!(ev.objective, -250.0);
    assert_eq!((ev.counts.kept, ev.counts.moved, ev.counts.new, ev.counts.vacant), (0, 1, 1, 1));
    assert_eq!(plan.change(&sc, sc.position_index["SEC-A"]), Change::Moved);
    assert_eq!(plan.change(&sc, sc.position_index["DIR"]), Change::New);
}
