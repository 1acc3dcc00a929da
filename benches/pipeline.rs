//! `cargo bench`: medians of load, eligibility, solve (model build + search)
//! and total on the committed scenarios, for every compiled backend.
//! A plain harness: it measures, it asserts nothing.

use std::path::Path;
use std::time::Instant;

use rotaplan::solve::{self, Backend, SolveOptions};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    println!(
        "{:<10} {:<8} {:>5} {:>10} {:>12} {:>10} {:>10}",
        "scenario", "solver", "runs", "load ms", "eligible ms", "solve ms", "total ms"
    );
    for (name, runs) in [("tiny", 21), ("nghe-an", 5)] {
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
        for &backend in Backend::compiled() {
            let (mut load, mut elig, mut solve_t, mut total) = (vec![], vec![], vec![], vec![]);
            for _ in 0..runs {
                let t0 = Instant::now();
                let sc = rotaplan::scenario::load(&dir).expect("valid scenario");
                let t1 = Instant::now();
                let el = rotaplan::eligibility::build(&sc).expect("valid pins");
                let t2 = Instant::now();
                let opts = SolveOptions { backend, ..SolveOptions::from_scenario(&sc) };
                let solved = solve::solve(&sc, &el, &opts).expect("feasible");
                let t3 = Instant::now();
                std::hint::black_box(solved);
                load.push((t1 - t0).as_secs_f64() * 1e3);
                elig.push((t2 - t1).as_secs_f64() * 1e3);
                solve_t.push((t3 - t2).as_secs_f64() * 1e3);
                total.push((t3 - t0).as_secs_f64() * 1e3);
            }
            println!(
                "{:<10} {:<8} {:>5} {:>10.1} {:>12.1} {:>10.1} {:>10.1}",
                name,
                backend.name(),
                runs,
                median(load),
                median(elig),
                median(solve_t),
                median(total)
            );
        }
    }
}
