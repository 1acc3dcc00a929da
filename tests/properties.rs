//! Property tests on random scenarios: every solved plan passes the
//! independent check; on small cases the solver's objective equals brute
//! force over all valid plans (and infeasibility matches); row order in the
//! input changes nothing. `PROPTEST_CASES` overrides the number of cases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{random, Sc};
use proptest::prelude::*;
use rotaplan::eligibility::Eligibility;
use rotaplan::model::Scenario;
use rotaplan::plan::{Plan, Status};
use rotaplan::solve::{self, Backend, Lagrange, Probe, SolveError, SolveOptions};

/// 500 cases unless `PROPTEST_CASES` says otherwise; a fixed seed (override
/// with `PROPTEST_RNG_SEED`) so that CI runs the same cases every time.
fn prop_config() -> ProptestConfig {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    ProptestConfig {
        cases: env("PROPTEST_CASES").unwrap_or(500) as u32,
        rng_seed: proptest::test_runner::RngSeed::Fixed(env("PROPTEST_RNG_SEED").unwrap_or(20_251_126)),
        ..ProptestConfig::default()
    }
}

/// Loads a random scenario; pins that the rules reject are dropped (the
/// generator draws them blindly).
fn load(mut s: Sc) -> (Sc, Scenario, Eligibility) {
    let dir = s.write();
    match rotaplan::prepare(dir.path()) {
        Ok((sc, el)) => (s, sc, el),
        Err(e) => {
            assert!(e.problems.iter().all(|p| p.file == "decisions.csv"), "generator made bad input:\n{e}");
            s.decisions.retain(|d| !d.ends_with(",pin"));
            let dir = s.write();
            let (sc, el) = rotaplan::prepare(dir.path()).unwrap_or_else(|e| panic!("still invalid:\n{e}"));
            (s, sc, el)
        }
    }
}

/// The best objective over all valid plans, by enumeration; `None` when no plan is valid.
fn brute_force(sc: &Scenario) -> Option<f64> {
    brute_force_by(sc, &|plan: &Plan| vec![plan.evaluate(sc).objective]).map(|v| v[0])
}

/// The lexicographically largest `key` over all valid plans, by enumeration.
fn brute_force_by(sc: &Scenario, key: &dyn Fn(&Plan) -> Vec<f64>) -> Option<Vec<f64>> {
    let eligible: Vec<Vec<usize>> = (0..sc.positions.len())
        .map(|p| (0..sc.cadres.len()).filter(|&c| rotaplan::rules::is_eligible(sc, c, p)).collect())
        .collect();
    let mut plan = Plan::vacant(sc);
    let mut used = vec![0u8; sc.cadres.len()];
    let mut best: Option<Vec<f64>> = None;
    type Key<'a> = &'a dyn Fn(&Plan) -> Vec<f64>;
    // A cadre takes a second post only where a title is held concurrently; `check` judges the bundle.
    fn go(
        sc: &Scenario,
        p: usize,
        el: &[Vec<usize>],
        plan: &mut Plan,
        used: &mut [u8],
        best: &mut Option<Vec<f64>>,
        key: Key,
    ) {
        if p == sc.positions.len() {
            name_successors(sc, 0, plan, best, key);
            return;
        }
        plan.assignment[p] = None;
        go(sc, p + 1, el, plan, used, best, key);
        let concurrent = |p: usize| !sc.title_of(p).concurrent_with.is_empty();
        for &c in &el[p] {
            let again = (0..p).any(|q| plan.assignment[q] == Some(c) && (concurrent(q) || concurrent(p)));
            if used[c] == 0 || again {
                used[c] += 1;
                plan.assignment[p] = Some(c);
                go(sc, p + 1, el, plan, used, best, key);
                used[c] -= 1;
            }
        }
        plan.assignment[p] = None;
    }
    go(sc, 0, &eligible, &mut plan, &mut used, &mut best, key);
    best
}

/// Every choice of successors (section 10.14) for the posts from `p` on:
/// up to k of the post's pool members eligible at the next term, each
/// subset once; `check` judges the whole plan at the end.
fn name_successors(
    sc: &Scenario,
    p: usize,
    plan: &mut Plan,
    best: &mut Option<Vec<f64>>,
    key: &dyn Fn(&Plan) -> Vec<f64>,
) {
    if p == sc.positions.len() {
        if rotaplan::check::check(sc, plan).is_empty() {
            let k = key(plan);
            if best
                .as_ref()
                .is_none_or(|b| k.iter().zip(b).find(|(x, y)| (*x - *y).abs() > 1e-9).is_some_and(|(x, y)| x > y))
            {
                *best = Some(k);
            }
        }
        return;
    }
    let k = sc.title_of(p).succession as usize;
    let pool: Vec<usize> = if k == 0 {
        Vec::new()
    } else {
        let next = rotaplan::rules::succession::next_term(sc);
        let members = rotaplan::rules::succession::pools(sc).into_iter().filter(|&(q, _)| q == p).map(|(_, c)| c);
        members.filter(|&c| rotaplan::rules::is_eligible(&next, c, p) && plan.assignment[p] != Some(c)).collect()
    };
    for mask in 0u32..(1 << pool.len()) {
        if mask.count_ones() as usize <= k {
            plan.successors[p] = pool.iter().enumerate().filter(|(i, _)| mask >> i & 1 == 1).map(|(_, &c)| c).collect();
            name_successors(sc, p + 1, plan, best, key);
        }
    }
    plan.successors[p].clear();
}

fn ids(sc: &Scenario, plan: &Plan) -> Vec<(String, Option<String>, Vec<String>)> {
    let named = |p: usize| plan.successors[p].iter().map(|&c| sc.cadres[c].id.clone()).collect();
    let mut v: Vec<(String, Option<String>, Vec<String>)> = (0..sc.positions.len())
        .map(|p| (sc.positions[p].id.clone(), plan.assignment[p].map(|c| sc.cadres[c].id.clone()), named(p)))
        .collect();
    v.sort();
    v
}

/// Solves on every compiled backend; each plan passes `check` and is proved
/// optimal. The objective per backend, `None` when it finds no plan.
fn backend_objectives(sc: &Scenario, el: &Eligibility, seed: u64) -> Result<Vec<Option<f64>>, TestCaseError> {
    let mut objectives = Vec::new();
    for &backend in Backend::compiled() {
        let opts = SolveOptions { backend, ..SolveOptions::from_scenario(sc) };
        match solve::solve(sc, el, &opts) {
            Ok(solved) => {
                let violations = rotaplan::check::check(sc, &solved.plan);
                prop_assert!(violations.is_empty(), "seed {seed}: {violations:?}");
                prop_assert_eq!(solved.status, Status::Optimal);
                objectives.push(Some(solved.plan.evaluate(sc).objective));
            }
            Err(SolveError::Infeasible(_)) => objectives.push(None),
            Err(e) => prop_assert!(false, "seed {seed}: {e}"),
        }
    }
    Ok(objectives)
}

/// Every compiled backend's plan passes `check` and matches the brute-force optimum.
fn valid_and_optimal(s: Sc, seed: u64) -> Result<(), TestCaseError> {
    let (_, sc, el) = load(s);
    let truth = brute_force(&sc);
    for obj in backend_objectives(&sc, &el, seed)? {
        match (obj, truth) {
            (Some(obj), Some(best)) => {
                prop_assert!((obj - best).abs() < 1e-6, "seed {seed}: solver {obj}, brute force {best}")
            }
            (None, None) => {}
            (obj, truth) => prop_assert!(false, "seed {seed}: solver {obj:?}, brute force {truth:?}"),
        }
    }
    Ok(())
}

/// Shuffling every file's rows gives the same plan, id for id.
fn row_order_free(s: Sc, seed: u64) -> Result<(), TestCaseError> {
    let (s, sc, el) = load(s);
    let (_, sc2, el2) = load(random::shuffled(&s, seed));
    let a = solve::solve(&sc, &el, &SolveOptions::from_scenario(&sc));
    let b = solve::solve(&sc2, &el2, &SolveOptions::from_scenario(&sc2));
    match (a, b) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(a.plan.evaluate(&sc).objective, b.plan.evaluate(&sc2).objective);
            prop_assert_eq!(ids(&sc, &a.plan), ids(&sc2, &b.plan));
        }
        (Err(SolveError::Infeasible(_)), Err(SolveError::Infeasible(_))) => {}
        (a, b) => prop_assert!(false, "seed {seed}: {:?} vs {:?}", a.map(|s| s.status), b.map(|s| s.status)),
    }
    Ok(())
}

proptest! {
    #![proptest_config(crate::prop_config())]

    #[test]
    fn solver_is_valid_and_optimal_on_small_cases(seed in any::<u64>()) {
        valid_and_optimal(random::scenario(seed, 6, 8), seed)?;
    }

    #[test]
    fn row_order_changes_nothing(seed in any::<u64>()) {
        row_order_free(random::scenario(seed, 8, 12), seed)?;
    }

    #[test]
    fn larger_random_plans_pass_check(seed in any::<u64>()) {
        let (_, sc, el) = load(random::scenario(seed, 14, 20));
        let objectives = backend_objectives(&sc, &el, seed)?;
        // Every backend agrees on the optimum.
        for o in &objectives {
            match (o, &objectives[0]) {
                (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-6, "seed {seed}: {objectives:?}"),
                (None, None) => {}
                _ => prop_assert!(false, "seed {seed}: {objectives:?}"),
            }
        }
    }
}

proptest! {
    #![proptest_config(crate::prop_config())]

    #[test]
    fn decomposition_is_exact(seed in any::<u64>()) {
        let (_, sc, el) = load(random::scenario(seed, 14, 20));
        let whole = SolveOptions { decompose: false, ..SolveOptions::from_scenario(&sc) };
        let split = SolveOptions { decompose: true, ..SolveOptions::from_scenario(&sc) };
        match (solve::solve(&sc, &el, &whole), solve::solve(&sc, &el, &split)) {
            (Ok(a), Ok(b)) => {
                prop_assert!(rotaplan::check::check(&sc, &b.plan).is_empty());
                let (oa, ob) = (a.plan.evaluate(&sc).objective, b.plan.evaluate(&sc).objective);
                prop_assert!((oa - ob).abs() < 1e-6, "seed {seed}: whole {oa}, parts {ob} ({} parts)", b.stats.parts);
                prop_assert_eq!(b.status, Status::Optimal);
                prop_assert_eq!(a.stats.parts, 1);
            }
            (Err(SolveError::Infeasible(_)), Err(SolveError::Infeasible(_))) => {}
            (a, b) => prop_assert!(false, "seed {seed}: {:?} vs {:?}", a.map(|s| s.status), b.map(|s| s.status)),
        }
    }
}

// Contract version 2: the same properties on random version-2 scenarios.
proptest! {
    #![proptest_config(crate::prop_config())]

    #[test]
    fn version_2_solver_is_valid_and_optimal_on_small_cases(seed in any::<u64>()) {
        let s = random::scenario_v2(seed, 6, 8);
        prop_assert_eq!(load(s.clone()).1.contract, 2);
        valid_and_optimal(s, seed)?;
    }

    #[test]
    fn version_2_row_order_changes_nothing(seed in any::<u64>()) {
        row_order_free(random::scenario_v2(seed, 8, 12), seed)?;
    }
}

/// The random version-2 scenarios do hold mergers (about half of them), so
/// the properties above cover historic homes and tenures.
#[test]
fn random_version_2_scenarios_include_mergers() {
    let with_history_in_old_units = (0..60u64)
        .filter(|&seed| {
            let (_, sc, _) = load(random::scenario_v2(seed, 8, 12));
            let old = |u: usize| sc.units[u].is_historic();
            sc.cadres.iter().any(|c| old(c.home_unit) || c.tenures.iter().any(|t| old(t.unit)))
        })
        .count();
    assert!((15..=45).contains(&with_history_in_old_units), "{with_history_in_old_units} of 60");
}

/// Some random version-2 plans hold a bundle of concurrent posts, so the
/// properties above cover the bundle rows of the model.
#[test]
fn random_version_2_plans_include_bundles() {
    let bundles = (0..120u64)
        .filter(|&seed| {
            let (_, sc, el) = load(random::scenario_v2(seed, 8, 12));
            let Ok(solved) = solve::solve(&sc, &el, &SolveOptions::from_scenario(&sc)) else { return false };
            solved.plan.posts_by_cadre(&sc).iter().any(|posts| posts.len() > 1)
        })
        .count();
    assert!(bundles >= 1, "{bundles} of 120 plans hold a bundle");
}

proptest! {
    #![proptest_config(crate::prop_config())]

    /// The exact assignment path and the MIP prove the same optimum, on
    /// random scenarios of both versions, with and without targets (parts
    /// with target or bundle rows go to the MIP either way).
    #[test]
    fn the_assignment_path_proves_the_mip_optimum(seed in any::<u64>(), v2 in any::<bool>()) {
        let s = if v2 { random::scenario_v2(seed, 14, 20) } else { random::scenario(seed, 14, 20) };
        let (_, sc, el) = load(s);
        let fast = SolveOptions { lagrange: Lagrange::Off, ..SolveOptions::from_scenario(&sc) };
        let mip = SolveOptions { assignment: false, ..fast.clone() };
        match (solve::solve(&sc, &el, &fast), solve::solve(&sc, &el, &mip)) {
            (Ok(a), Ok(b)) => {
                prop_assert!(rotaplan::check::check(&sc, &a.plan).is_empty(), "seed {seed}");
                prop_assert_eq!(a.status, Status::Optimal);
                let (oa, ob) = (a.plan.evaluate(&sc).objective, b.plan.evaluate(&sc).objective);
                prop_assert!((oa - ob).abs() < 1e-6, "seed {seed}: assignment {oa}, MIP {ob} ({} assignment parts)", a.stats.assignment_parts);
                prop_assert_eq!(b.stats.assignment_parts, 0);
            }
            (Err(SolveError::Infeasible(_)), Err(SolveError::Infeasible(_))) => {}
            (a, b) => prop_assert!(false, "seed {seed}: {:?} vs {:?}", a.map(|s| s.status), b.map(|s| s.status)),
        }
    }
}

proptest! {
    #![proptest_config(crate::prop_config())]

    /// The Lagrangian relaxation (its proofs, its first plan and the pairs
    /// its reduced costs leave out) changes no optimum: the default solve
    /// and the plain MIP agree on random scenarios of both versions.
    #[test]
    fn the_lagrangian_keeps_the_mip_optimum(seed in any::<u64>(), v2 in any::<bool>()) {
        let s = if v2 { random::scenario_v2(seed, 14, 20) } else { random::scenario(seed, 14, 20) };
        let (_, sc, el) = load(s);
        let with = SolveOptions { lagrange: Lagrange::Always, ..SolveOptions::from_scenario(&sc) };
        let plain = SolveOptions { assignment: false, lagrange: Lagrange::Off, ..with.clone() };
        match (solve::solve(&sc, &el, &with), solve::solve(&sc, &el, &plain)) {
            (Ok(a), Ok(b)) => {
                prop_assert!(rotaplan::check::check(&sc, &a.plan).is_empty(), "seed {seed}");
                prop_assert_eq!(a.status, Status::Optimal);
                let (oa, ob) = (a.plan.evaluate(&sc).objective, b.plan.evaluate(&sc).objective);
                prop_assert!((oa - ob).abs() < 1e-6, "seed {seed}: with the Lagrangian {oa}, plain MIP {ob} ({:?})", a.stats);
                prop_assert_eq!(b.stats.lagrange_iterations, 0);
            }
            (Err(SolveError::Infeasible(_)), Err(SolveError::Infeasible(_))) => {}
            (a, b) => prop_assert!(false, "seed {seed}: {:?} vs {:?}", a.map(|s| s.status), b.map(|s| s.status)),
        }
    }
}

/// The relaxation does work on random scenarios with targets: it proves
/// some parts by itself, and in others its reduced costs narrow the search
/// (a core that proves the optimum, or pairs left out of the MIP).
#[test]
fn the_lagrangian_proves_parts_and_narrows_the_search() {
    let (mut proved, mut narrowed) = (0, 0);
    for seed in 0..120u64 {
        let (_, sc, el) = load(random::scenario_v2(seed, 14, 20));
        if let Ok(s) = solve::solve(&sc, &el, &SolveOptions::from_scenario(&sc)) {
            proved += s.stats.lagrange_parts;
            narrowed += usize::from(s.stats.dropped_pairs > 0 || s.stats.core_proofs > 0);
        }
    }
    println!("{proved} parts proved, {narrowed} scenarios with a narrower search, of 120");
    assert!(proved >= 5 && narrowed >= 5, "{proved} parts proved, {narrowed} scenarios with a narrower search, of 120");
}

/// The fast path does apply: random scenarios without targets or bundles
/// are proved by it, part by part.
#[test]
fn the_assignment_path_applies_without_coupling_rows() {
    let applied = (0..80u64)
        .filter(|&seed| {
            let (_, sc, el) = load(random::scenario(seed, 14, 20));
            solve::solve(&sc, &el, &SolveOptions::from_scenario(&sc)).is_ok_and(|s| s.stats.assignment_parts > 0)
        })
        .count();
    assert!(applied >= 10, "{applied} of 80");
}

/// The value of every level of the scenario's `[objective] levels` for a plan.
fn level_vector(sc: &Scenario, plan: &Plan) -> Vec<f64> {
    plan.evaluate(sc).levels.iter().map(|l| l.value).collect()
}

proptest! {
    #![proptest_config(crate::prop_config())]

    /// Priority levels (section 10.12): on every backend the plan passes
    /// check and its levels equal the lexicographic optimum by brute force;
    /// on the first level it is never worse than the weighted optimum.
    #[test]
    fn priority_levels_give_the_lexicographic_optimum(seed in any::<u64>()) {
        let (_, sc, el) = load(random::with_levels(random::scenario_v2(seed, 6, 8), seed));
        let truth = brute_force_by(&sc, &|plan: &Plan| level_vector(&sc, plan));
        let weighted = Scenario { objective: rotaplan::model::ObjectiveWeights { levels: Vec::new(), ..sc.objective.clone() }, ..sc.clone() };
        for &backend in Backend::compiled() {
            let opts = SolveOptions { backend, ..SolveOptions::from_scenario(&sc) };
            match (solve::solve(&sc, &el, &opts), &truth) {
                (Ok(solved), Some(best)) => {
                    prop_assert!(rotaplan::check::check(&sc, &solved.plan).is_empty(), "seed {seed}");
                    prop_assert_eq!(solved.status, Status::Optimal);
                    let got = level_vector(&sc, &solved.plan);
                    let same = got.iter().zip(best).all(|(a, b)| (a - b).abs() < 1e-6);
                    prop_assert!(same, "seed {seed}: solver {got:?}, brute force {best:?}");
                    let w = solve::solve(&weighted, &el, &opts).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    let first = level_vector(&sc, &w.plan)[0];
                    prop_assert!(got[0] >= first - 1e-6, "seed {seed}: level 1 {} < weighted {first}", got[0]);
                }
                (Err(SolveError::Infeasible(_)), None) => {}
                (a, b) => prop_assert!(false, "seed {seed}: {:?} vs {b:?}", a.map(|s| s.status)),
            }
        }
    }
}

/// The random version-2 scenarios do turn the fair-rotation rules on.
#[test]
fn random_version_2_scenarios_include_fair_rotation() {
    let with =
        |f: &dyn Fn(&Scenario) -> bool| (0..60u64).filter(|&seed| f(&load(random::scenario_v2(seed, 8, 12)).1)).count();
    let hardship = with(&|sc| sc.rules.no_consecutive_disadvantaged);
    let spread = with(&|sc| sc.rules.max_rotation_share_per_department.is_some());
    assert!((10..=40).contains(&hardship) && (6..=35).contains(&spread), "{hardship}, {spread} of 60");
}

/// ... and rule 8 does exclude pairs in some of them, and the cap does bind
/// (the plan solved without it breaks it) in others.
#[test]
fn the_fair_rotation_rules_bind_in_random_scenarios() {
    let (mut excluded, mut bound) = (0, 0);
    for seed in 0..150u64 {
        let (_, sc, el) = load(random::scenario_v2(seed, 8, 12));
        let rule8 = |ex: &Vec<rotaplan::rules::Exclusion>| ex.iter().any(|e| e.rule == "consecutive_disadvantaged");
        excluded += usize::from(el.excluded.values().any(rule8));
        if sc.rules.max_rotation_share_per_department.is_some() {
            let free = Scenario {
                rules: rotaplan::model::Rules { max_rotation_share_per_department: None, ..sc.rules.clone() },
                ..sc.clone()
            };
            let Ok(solved) = solve::solve(&free, &el, &SolveOptions::from_scenario(&free)) else { continue };
            bound += usize::from(!rotaplan::rules::rotation_spread::over_cap(&sc, &solved.plan.assignment).is_empty());
        }
    }
    assert!(excluded >= 3 && bound >= 3, "rule 8 excludes in {excluded}, the cap binds in {bound} of 150");
}

/// ... and in some of them an incumbent may be rotated with the post kept,
/// so the brute-force comparison above covers the rows of kept posts.
#[test]
fn random_version_2_scenarios_include_kept_posts() {
    let kept = (0..100u64)
        .filter(|&seed| {
            let (_, sc, el) = load(random::scenario_v2(seed, 8, 12));
            el.pairs.iter().any(|&(q, c)| !rotaplan::rules::rotation::origins(&sc, c, q).is_empty())
        })
        .count();
    assert!(kept >= 5, "{kept} of 100 scenarios may keep a post");
}

/// The random version-2 scenarios do name successors (section 10.14), with
/// trainings and targets on the pools, so the properties above cover them.
#[test]
fn random_version_2_scenarios_name_successors() {
    let (mut pools, mut named, mut trained, mut on_pools) = (0, 0, 0, 0);
    for seed in 0..80u64 {
        let (_, sc, el) = load(random::scenario_v2(seed, 8, 12));
        if !rotaplan::rules::succession::in_use(&sc) {
            continue;
        }
        pools += 1;
        trained += usize::from(sc.cadres.iter().any(|c| !c.training.is_empty()));
        on_pools += usize::from(sc.targets.iter().any(|t| t.on == rotaplan::model::TargetOn::Succession));
        if let Ok(solved) = solve::solve(&sc, &el, &SolveOptions::from_scenario(&sc)) {
            assert!(rotaplan::check::check(&sc, &solved.plan).is_empty(), "seed {seed}");
            named += usize::from(solved.plan.successors.iter().any(|s| !s.is_empty()));
        }
    }
    assert!(pools >= 20 && named >= 6 && trained >= 15 && on_pools >= 5, "{pools} {named} {trained} {on_pools}");
}

/// The random version-2 scenarios do carry wishes with weights, so the
/// brute-force optimum above covers the preference term; and the counts of
/// a plan's wishes agree with a direct count over its pairs.
#[test]
fn random_version_2_scenarios_carry_wishes() {
    let (mut with, mut weighed, mut blocking) = (0, 0, 0);
    for seed in 0..60u64 {
        let (_, sc, el) = load(random::scenario_v2(seed, 8, 12));
        let Ok(solved) = solve::solve(&sc, &el, &SolveOptions::from_scenario(&sc)) else { continue };
        let Some(w) = rotaplan::preferences::of_plan(&sc, &solved.plan.assignment) else { continue };
        with += 1;
        weighed += usize::from(sc.objective.preference_points > 0.0 || sc.objective.avoid_penalty > 0.0);
        blocking += usize::from(!w.blocking.is_empty());
        let pairs = || solved.plan.assignment.iter().enumerate().filter_map(|(p, a)| a.map(|c| (c, p)));
        assert_eq!(w.avoided.len(), pairs().filter(|&(c, p)| sc.avoided(c, p).is_some()).count(), "seed {seed}");
        for b in &w.blocking {
            let (c, p) = (sc.cadre_index[&b.cadre_id], sc.position_index[&b.position_id]);
            assert!(rotaplan::rules::is_eligible(&sc, c, p) && solved.plan.assignment[p] != Some(c), "seed {seed}");
        }
    }
    assert!(with >= 20 && weighed >= 10 && blocking >= 3, "{with} {weighed} {blocking}");
}

/// Solves up to `count` random scenarios with dense pools (at least 20
/// eligible pairs per post, so that a core is smaller than the model) from
/// `make`, with the Lagrangian always on and as the plain MIP, and asserts
/// that every plan passes the check and both prove the same optimum.
/// `solved` sees each solve with the Lagrangian. Returns how many ran.
fn dense_match_the_plain_mip(count: usize, make: impl Fn(u64) -> Sc, mut solved: impl FnMut(&solve::Solved)) -> usize {
    let mut tested = 0;
    for seed in 0..3_000u64 {
        if tested == count {
            break;
        }
        let (_, sc, el) = load(make(seed));
        if el.pairs.len() < 20 * sc.positions.len().max(8) {
            continue;
        }
        tested += 1;
        let with = SolveOptions { lagrange: Lagrange::Always, ..SolveOptions::from_scenario(&sc) };
        let plain = SolveOptions { assignment: false, lagrange: Lagrange::Off, ..with.clone() };
        match (solve::solve(&sc, &el, &with), solve::solve(&sc, &el, &plain)) {
            (Ok(a), Ok(b)) => {
                assert!(rotaplan::check::check(&sc, &a.plan).is_empty(), "seed {seed}");
                assert_eq!((a.status, b.status), (Status::Optimal, Status::Optimal), "seed {seed}");
                let (oa, ob) = (a.plan.evaluate(&sc).objective, b.plan.evaluate(&sc).objective);
                assert!(
                    (oa - ob).abs() < 1e-6,
                    "seed {seed}: with the Lagrangian {oa}, plain MIP {ob} ({:?})",
                    a.stats
                );
                solved(&a);
            }
            (Err(SolveError::Infeasible(_)), Err(SolveError::Infeasible(_))) => {}
            (a, b) => panic!("seed {seed}: {:?} vs {:?}", a.map(|s| s.status), b.map(|s| s.status)),
        }
    }
    tested
}

/// Cores (src/solve/reduce.rs) on random scenarios whose pools are dense:
/// whether a core proves the optimum, or only raises the floor of the
/// exact reduction, or shows that no plan reaches its guess of the optimum
/// (a ceiling, which lowers the bound), the optimum is the plain MIP's. A
/// core does prove it, and a ceiling is lowered, at least once.
#[test]
fn cores_keep_the_mip_optimum() {
    let (mut core_proofs, mut ceilings) = (0, 0);
    let tested = dense_match_the_plain_mip(
        25,
        |seed| random::scenario(seed, 24, 60),
        |a| {
            core_proofs += a.stats.core_proofs;
            ceilings += a.stats.core_ceilings;
        },
    );
    println!("{tested} dense scenarios, {core_proofs} parts proved by a core, {ceilings} ceilings");
    assert!(
        tested == 25 && core_proofs >= 1 && ceilings >= 1,
        "{tested} dense scenarios, {core_proofs} parts proved by a core, {ceilings} ceilings"
    );
}

/// The neighbourhood search (src/solve/neighbourhood.rs) and the
/// Lagrangian's steps it resumes, on random dense scenarios of both
/// versions: every plan passes the check, the optimum is the plain MIP's,
/// and the search does find better plans.
#[test]
fn neighbourhood_keeps_the_mip_optimum() {
    let mut better = 0;
    let make = |seed: u64| {
        if seed.is_multiple_of(2) {
            random::scenario(seed, 24, 60)
        } else {
            random::scenario_v2(seed, 24, 60)
        }
    };
    let tested = dense_match_the_plain_mip(60, make, |a| better += a.stats.neighbourhood_plans);
    println!("{tested} dense scenarios, {better} better plans from the neighbourhood search");
    assert!(tested == 60 && better >= 2, "{tested} dense scenarios, {better} better plans");
}

/// The neighbourhood search by region (a province, on national scenarios)
/// on random dense scenarios of both versions with two provinces: every
/// plan passes the check, the optimum is the plain MIP's, and the search
/// does find better plans.
#[test]
fn neighbourhood_by_region_keeps_the_mip_optimum() {
    let mut better = 0;
    let make = |seed: u64| {
        random::two_provinces(if seed.is_multiple_of(2) {
            random::scenario(seed, 24, 60)
        } else {
            random::scenario_v2(seed, 24, 60)
        })
    };
    let tested = dense_match_the_plain_mip(40, make, |a| better += a.stats.neighbourhood_plans);
    println!("{tested} dense scenarios over two provinces, {better} better plans from the search by region");
    assert!(tested == 40 && better >= 1, "{tested} dense scenarios, {better} better plans");
}

/// When a MIP is too large to end in the time left, it is skipped and the
/// part keeps the best plan of the searches before it (`search_reduced` in
/// src/solve/mod.rs). Reached here on small dense scenarios over two
/// provinces by calling every MIP large (`LargeMip`). On those that the
/// Lagrangian and its cores do not prove: the MIP was skipped and counted,
/// the solve ends within the limit, every plan passes the check and is
/// worth no more than the plain MIP's optimum, and skipping the MIP costs
/// the plan nothing on most of them.
#[test]
fn a_skipped_mip_leaves_a_valid_plan_within_the_limit() {
    let large = solve::LargeMip { vars: 0, seconds_per_million: 1e12 };
    let (mut skipped, mut optimal) = (0, 0);
    for seed in 0..3_000u64 {
        if skipped == 6 {
            break;
        }
        let (_, sc, el) = load(random::two_provinces(random::scenario(seed, 40, 100)));
        if el.pairs.len() < 20 * sc.positions.len().max(8) {
            continue;
        }
        let plain = SolveOptions { assignment: false, lagrange: Lagrange::Off, ..SolveOptions::from_scenario(&sc) };
        let limited =
            SolveOptions { lagrange: Lagrange::Always, time_limit: Some(3.0), large_mip: large, ..plain.clone() };
        let t0 = std::time::Instant::now();
        let Some(a) = solve::solve(&sc, &el, &limited).ok().filter(|a| a.status != Status::Optimal) else { continue };
        let seconds = t0.elapsed().as_secs_f64();
        let b = solve::solve(&sc, &el, &plain).unwrap_or_else(|e| panic!("seed {seed}: {e:?}"));
        skipped += 1;
        assert!(seconds < 3.0 + 2.0, "seed {seed}: {seconds} s under a limit of 3 s");
        assert!(rotaplan::check::check(&sc, &a.plan).is_empty(), "seed {seed}");
        assert_eq!(a.stats.mip_skipped, 1, "seed {seed}: {:?}", a.stats);
        let (oa, ob) = (a.plan.evaluate(&sc).objective, b.plan.evaluate(&sc).objective);
        assert!(oa <= ob + 1e-6, "seed {seed}: {oa} above the optimum {ob}");
        optimal += usize::from((oa - ob).abs() < 1e-6);
    }
    println!("{skipped} dense scenarios with the MIP skipped, {optimal} optima reached");
    assert!(skipped == 6 && optimal >= 4, "{skipped} skipped, {optimal} optima");
}

/// Probing (src/solve/probe.rs) caps the holders of a share scope where
/// the LP shows no better plan fills more of it, and adds the rounding cut
/// of the capped row. On random scenarios of both versions, probing from
/// every first plan (`Probe::Always`) and the plain MIP prove the same
/// optimum, and the caps do come into play.
#[test]
fn probing_keeps_the_mip_optimum() {
    let (mut tested, mut caps) = (0, 0);
    for seed in 0..300u64 {
        let s = if seed % 2 == 1 { random::scenario_v2(seed, 24, 40) } else { random::scenario(seed, 24, 40) };
        let (_, sc, el) = load(s);
        let plain = SolveOptions {
            assignment: false,
            lagrange: Lagrange::Off,
            probe: Probe::Off,
            backend: Backend::Microlp,
            ..SolveOptions::from_scenario(&sc)
        };
        let with = SolveOptions { probe: Probe::Always, ..plain.clone() };
        match (solve::solve(&sc, &el, &with), solve::solve(&sc, &el, &plain)) {
            (Ok(a), Ok(b)) => {
                assert!(rotaplan::check::check(&sc, &a.plan).is_empty(), "seed {seed}");
                assert_eq!(a.status, Status::Optimal, "seed {seed}");
                let (oa, ob) = (a.plan.evaluate(&sc).objective, b.plan.evaluate(&sc).objective);
                assert!((oa - ob).abs() < 1e-6, "seed {seed}: probed {oa}, plain MIP {ob} ({:?})", a.stats);
                assert_eq!(b.stats.probe_caps, 0, "seed {seed}");
                tested += 1;
                caps += a.stats.probe_caps;
            }
            (Err(SolveError::Infeasible(_)), Err(SolveError::Infeasible(_))) => {}
            (a, b) => panic!("seed {seed}: {:?} vs {:?}", a.map(|s| s.status), b.map(|s| s.status)),
        }
    }
    println!("{tested} scenarios solved, {caps} caps from probing");
    assert!(tested >= 100 && caps >= 5, "{tested} scenarios solved, {caps} caps from probing");
}
