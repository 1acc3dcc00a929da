//! Contract version 2: targets over units. `min_unit_share` (a share of the
//! units in scope must meet the per-unit bound; shortfall in units) and
//! `min_share_from` (each unit's own `min_share` from a units.csv column).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::Sc;
use rotaplan::solve::{self, SolveError, SolveOptions};

const GROUPS: &str = "[groups]\nfemale = { gender = \"F\" }\nminority = { ethnicity_not = \"Kinh\" }\n";
const CADRES_V2: &str =
    "cadre_id,name,gender,birth_date,ethnicity,home_unit_id,unit_id,education,theory,rating,available";

/// Chairs of communes A, B and C (`posts`), with the given cadres (excellent
/// scores 30, complete 5) and the target; units.csv gains `minority_share`.
fn communes(target: &str, posts: &[&str], cadres: &[&str]) -> Sc {
    let mut s = Sc::basic().with_toml(5, "", &format!("{GROUPS}\n{target}")).v2(
        "",
        CADRES_V2,
        "cadre_id,unit_id,title,start,end",
    );
    s.units_header = "unit_id,name,level,parent_id,disadvantaged,minority_share".into();
    s.units = ["P,Province,province,,false,", "PD,Department,province,P,false,", "A,Commune A,commune,P,false,0.5"]
        .iter()
        .chain(
            ["B,Commune B,commune,P,false,0", "C,Commune C,commune,P,false,0", "X,Elsewhere,province,,false,"].iter(),
        )
        .map(|r| r.to_string())
        .collect();
    s.positions = posts.iter().map(|p| p.to_string()).collect();
    for c in cadres {
        let (id, gender, eth, rating) = match c.split(':').collect::<Vec<_>>()[..] {
            [a, b, c, d] => (a, b, c, d),
            _ => panic!("id:gender:ethnicity:rating"),
        };
        s = s.cadre(&format!("{id},Name {id},{gender},1975-01,{eth},X,B,master,advanced,{rating},true"));
    }
    s
}

const CHAIRS: &[&str] = &["CHAIR-A,A,chair,", "CHAIR-B,B,chair,", "CHAIR-C,C,chair,"];
const PEOPLE: &[&str] =
    &["M1:M:Kinh:excellent", "M2:M:Kinh:excellent", "M3:M:Kinh:excellent", "F1:F:Kinh:complete", "F2:F:Kinh:complete"];

fn women_in_units(share: f64, hard_or_penalty: &str) -> Sc {
    let t = format!(
        "[[targets]]\nname = \"a woman in enough communes\"\nkey = \"w\"\ngroup = \"female\"\nmin_count = 1\nper_unit = true\nmin_unit_share = {share}\n{hard_or_penalty}\n"
    );
    communes(&t, CHAIRS, PEOPLE)
}

/// Solves on every backend; the plan passes check; returns (objective, the target's result).
fn solve_target(s: &Sc) -> Result<(f64, rotaplan::targets::TargetResult), SolveError> {
    let (sc, el) = s.prepare();
    let mut out = None;
    for &backend in solve::Backend::compiled() {
        let solved = solve::solve(&sc, &el, &SolveOptions { backend, ..SolveOptions::from_scenario(&sc) })?;
        assert!(rotaplan::check::check(&sc, &solved.plan).is_empty(), "solver plan must pass check");
        let ev = solved.plan.evaluate(&sc);
        out = Some((ev.objective, ev.targets[0].clone()));
    }
    Ok(out.unwrap())
}

#[test]
fn a_hard_unit_share_needs_that_many_units_and_no_more() {
    // 0.6 of 3 units is 1.8: two communes need a woman; the third keeps its man.
    let (obj, t) = solve_target(&women_in_units(0.6, "hard = true")).unwrap();
    assert_eq!(obj, 40.0, "30 + 5 + 5");
    assert_eq!((t.required, t.achieved, t.shortfall, t.units_in_scope), (2.0, 2.0, 0.0, Some(3)));
    assert_eq!(t.units_missed.as_ref().map(Vec::len), Some(1));
}

#[test]
fn the_units_required_round_up_at_the_boundary() {
    assert_eq!(rotaplan::targets::units_required(1.0 / 3.0, 3), 1.0);
    assert_eq!(rotaplan::targets::units_required(0.34, 3), 2.0);
    assert_eq!(rotaplan::targets::units_required(0.75, 4), 3.0);
    assert_eq!(rotaplan::targets::units_required(0.0, 4), 0.0);
    let (obj, t) = solve_target(&women_in_units(1.0 / 3.0, "hard = true")).unwrap();
    assert_eq!((obj, t.required), (65.0, 1.0));
}

#[test]
fn a_soft_unit_share_costs_its_penalty_per_unit_short() {
    // A woman costs 25 points against a man: a penalty of 20 per unit is paid for both units.
    let (obj, t) = solve_target(&women_in_units(0.6, "penalty = 20")).unwrap();
    assert_eq!((obj, t.shortfall, t.penalty_charged), (50.0, 2.0, 40.0));
    let (obj, t) = solve_target(&women_in_units(0.6, "penalty = 30")).unwrap();
    assert_eq!((obj, t.shortfall), (40.0, 0.0));
}

#[test]
fn an_unreachable_unit_share_names_the_units_to_relax() {
    let s = communes(
        "[[targets]]\nname = \"w\"\ngroup = \"female\"\nmin_count = 1\nper_unit = true\nmin_unit_share = 1.0\nhard = true\n",
        CHAIRS,
        &["M1:M:Kinh:excellent", "M2:M:Kinh:excellent", "F1:F:Kinh:complete"],
    );
    match solve_target(&s) {
        Err(SolveError::Infeasible(d)) => {
            assert!(d.relaxations.iter().any(|r| r.message.contains("relax it by 2 unit(s)")), "{:?}", d.relaxations)
        }
        other => panic!("expected infeasible, got {:?}", other.map(|o| o.0)),
    }
}

fn minority_from_units(hard_or_penalty: &str) -> Sc {
    let t = format!(
        "[[targets]]\nname = \"minorities as in the population\"\nkey = \"m\"\ngroup = \"minority\"\nmin_share_from = \"minority_share\"\nper_unit = true\n{hard_or_penalty}\n"
    );
    let posts = ["CHAIR-A,A,chair,", "CHAIR-A2,A,chair,", "CHAIR-B,B,chair,"];
    communes(&t, &posts, &["M1:M:Kinh:excellent", "M2:M:Kinh:excellent", "M3:M:Kinh:excellent", "T1:M:Thai:complete"])
}

#[test]
fn each_unit_reads_its_own_share() {
    // A needs 0.5 of its two chairs from a minority, B (0) none.
    let (obj, t) = solve_target(&minority_from_units("hard = true")).unwrap();
    assert_eq!((obj, t.required, t.achieved), (65.0, 1.0, 1.0));
    let (obj, t) = solve_target(&minority_from_units("penalty = 20")).unwrap();
    assert_eq!((obj, t.shortfall), (70.0, 1.0));
    assert_eq!(t.units_missed, Some(vec!["A".to_string()]));
}

#[test]
fn shares_from_units_are_checked() {
    let mut s = minority_from_units("hard = true");
    s.units[2] = "A,Commune A,commune,P,false,".into();
    let e = s.try_load().unwrap_err();
    assert!(e.contains("unit `A` has no `minority_share`"), "{e}");
    let mut s = minority_from_units("hard = true");
    s.units[2] = "A,Commune A,commune,P,false,1.5".into();
    assert!(s.try_load().unwrap_err().contains("units.csv:4:6 (minority_share)"));
    let mut s = minority_from_units("hard = true");
    s.units_header = "unit_id,name,level,parent_id,disadvantaged,minority".into();
    assert!(s.try_load().unwrap_err().contains("units.csv has no column `minority_share`"));
    let s = minority_from_units("hard = true");
    let s = Sc { toml: s.toml.replace("per_unit = true\n", ""), ..s };
    assert!(s.try_load().unwrap_err().contains("`min_share_from` needs per_unit = true"));
    let v1 = Sc::basic().with_toml(5, "", &format!("{GROUPS}\n[[targets]]\nname = \"w\"\ngroup = \"female\"\nmin_count = 1\nper_unit = true\nmin_unit_share = 0.5\nhard = true\n"));
    assert!(v1.try_load().unwrap_err().contains("is a key of contract version 2"));
}
