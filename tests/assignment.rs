//! The exact assignment solver (src/solve/assignment.rs) against brute force
//! on small random problems: its optimum, its dual bound, and its reduced
//! costs, which must bound every plan that uses a pair (the Lagrangian's
//! fixing of pairs relies on it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use proptest::prelude::*;
use rotaplan::solve::assignment::{solve, Problem};

/// The best total weight over all plans (each post at most one cadre, each
/// cadre at most one post, pins kept), with `forced` pairs also in the plan.
fn brute(pairs: &[(usize, usize)], weights: &[i64], pinned: &[bool], forced: Option<usize>) -> Option<i64> {
    fn go(
        i: usize,
        pairs: &[(usize, usize)],
        weights: &[i64],
        must: &[bool],
        used: &mut Vec<(usize, usize)>,
    ) -> Option<i64> {
        if i == pairs.len() {
            return Some(0);
        }
        let (p, c) = pairs[i];
        let free = used.iter().all(|&(q, d)| q != p && d != c);
        let take = free
            .then(|| {
                used.push((p, c));
                let r = go(i + 1, pairs, weights, must, used).map(|v| v + weights[i]);
                used.pop();
                r
            })
            .flatten();
        let skip = if must[i] { None } else { go(i + 1, pairs, weights, must, used) };
        take.max(skip)
    }
    let mut must = pinned.to_vec();
    if let Some(f) = forced {
        must[f] = true;
    }
    go(0, pairs, weights, &must, &mut Vec::new())
}

/// A random problem: up to 5 posts and 5 cadres, weights in −20..60, a few pins.
fn problem() -> impl Strategy<Value = (Vec<(usize, usize)>, Vec<i64>, Vec<bool>)> {
    proptest::collection::btree_set((0usize..5, 0usize..5), 1..12).prop_flat_map(|set| {
        let pairs: Vec<(usize, usize)> = set.into_iter().collect();
        let n = pairs.len();
        (
            Just(pairs),
            proptest::collection::vec(-20i64..60, n),
            proptest::collection::vec(proptest::bool::weighted(0.1), n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, rng_seed: proptest::test_runner::RngSeed::Fixed(19), ..ProptestConfig::default() })]

    #[test]
    fn optimum_duals_and_reduced_costs_agree_with_brute_force((pairs, weights, pinned) in problem()) {
        let best = brute(&pairs, &weights, &pinned, None);
        let got = solve(&Problem { pairs: &pairs, weights: &weights, pinned: &pinned });
        let Some(opt) = got else {
            prop_assert_eq!(best, None, "the solver refused feasible pins");
            return Ok(());
        };
        prop_assert_eq!(Some(opt.total), best);
        prop_assert_eq!(opt.dual, opt.total);
        let chosen: i64 = weights.iter().zip(&opt.chosen).filter(|x| *x.1).map(|x| *x.0).sum();
        prop_assert_eq!(chosen, opt.total);
        for i in 0..pairs.len() {
            let with_i = brute(&pairs, &weights, &pinned, Some(i));
            match opt.reduced[i] {
                None => prop_assert_eq!(with_i, None, "pair {} is usable", i),
                Some(rc) => {
                    prop_assert!(rc <= 0, "reduced cost {} > 0", rc);
                    let w = with_i.expect("a pair with a reduced cost is usable");
                    prop_assert!(w <= opt.dual + rc, "pair {}: a plan with it weighs {} > {} + {}", i, w, opt.dual, rc);
                }
            }
        }
    }
}
