//! `cargo bench`: medians of load, eligibility, model build, search and total
//! on tiny, nghe-an and the generated national scenario, for every compiled
//! backend. A plain harness: it measures, it asserts nothing.
//!
//! `cargo bench -- nghe` runs only the scenarios whose name contains `nghe`.
//! The national scenarios are generated on demand into
//! `target/bench-scenarios/`; `national-x2`, `nghe-an-rotation` and
//! `national-rotation` run only when named (`cargo bench -- rotation`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::path::{Path, PathBuf};
use std::time::Instant;

use rotaplan::solve::{self, Backend, SolveOptions};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn scenario(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = root.join("scenarios").join(name);
    if committed.exists() {
        return committed;
    }
    let dir = root.join("target/bench-scenarios").join(name);
    if !dir.join("scenario.toml").exists() {
        let spec = rotaplan::generate::GenSpec::preset(name, rotaplan::generate::default_seed(name)).expect("preset");
        rotaplan::generate::generate(&dir, &spec, name).expect("generate");
    }
    dir
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    println!(
        "{:<12} {:<8} {:>4} {:>9} {:>9} {:>9} {:>10} {:>10} {:>6}",
        "scenario", "solver", "runs", "load ms", "elig ms", "build ms", "search ms", "total ms", "parts"
    );
    // nghe-an-v1 is the frozen version-1 baseline ("no slower than before");
    // nghe-an-rotation is the dense shape (pools by title).
    for (name, runs) in [
        ("tiny", 21),
        ("nghe-an-v1", 5),
        ("nghe-an", 5),
        ("nghe-an-rotation", 3),
        ("national", 3),
        ("national-x2", 3),
        ("national-rotation", 1),
    ] {
        let wanted = match &filter {
            Some(f) => name.contains(f.as_str()),
            None => !matches!(name, "national-x2" | "nghe-an-rotation" | "national-rotation"),
        };
        if !wanted {
            continue;
        }
        let dir = scenario(name);
        for &backend in Backend::compiled() {
            // microlp cannot prove national-scale optima in reasonable time (see BENCHMARKS.md).
            if (name.starts_with("national") || name == "nghe-an-rotation") && backend.name() == "microlp" {
                continue;
            }
            let (mut load, mut elig, mut build, mut search, mut total) = (vec![], vec![], vec![], vec![], vec![]);
            let mut parts = 0;
            for _ in 0..runs {
                let t0 = Instant::now();
                let sc = rotaplan::scenario::load(&dir).expect("valid scenario");
                let t1 = Instant::now();
                let el = rotaplan::eligibility::build(&sc).expect("valid pins");
                let t2 = Instant::now();
                let opts = SolveOptions { backend, ..SolveOptions::from_scenario(&sc) };
                let solved = solve::solve(&sc, &el, &opts).expect("feasible");
                let t3 = Instant::now();
                load.push((t1 - t0).as_secs_f64() * 1e3);
                elig.push((t2 - t1).as_secs_f64() * 1e3);
                build.push(solved.stats.build_seconds * 1e3);
                search.push(solved.stats.search_seconds * 1e3);
                total.push((t3 - t0).as_secs_f64() * 1e3);
                parts = solved.stats.parts;
                std::hint::black_box(solved);
            }
            println!(
                "{:<12} {:<8} {:>4} {:>9.1} {:>9.1} {:>9.1} {:>10.1} {:>10.1} {:>6}",
                name,
                backend.name(),
                runs,
                median(load),
                median(elig),
                median(build),
                median(search),
                median(total),
                parts
            );
        }
    }
}
