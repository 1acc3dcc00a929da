//! Fuzzing by mutation, on the stable toolchain: proptest mutates the byte
//! streams of the seed corpus (tests/corpus/fuzz/, scenarios/tiny and, for
//! version 2, scenarios/tiny-concurrent) and
//! feeds them to the CSV, TOML and XLSX loaders and to `--set` parsing. No
//! input may panic; a failed read must name at least one problem with its
//! file. `FUZZ_CASES` sets the cases per target (default 300, the CI budget);
//! the seed is fixed (`PROPTEST_RNG_SEED`) so that CI runs the same cases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use rotaplan::scenario::{self, overrides, table, xlsx, Override, Problems};

fn config() -> ProptestConfig {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    ProptestConfig {
        cases: env("FUZZ_CASES").unwrap_or(300) as u32,
        rng_seed: proptest::test_runner::RngSeed::Fixed(env("PROPTEST_RNG_SEED").unwrap_or(20_261_127)),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// One change to a byte stream.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

/// Bytes that matter to the parsers: separators, quotes, line ends, UTF-8 lead bytes.
fn interesting() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 1..4),
        prop::sample::select(vec![
            b",".to_vec(),
            b"\"".to_vec(),
            b"\n".to_vec(),
            b"\r\n".to_vec(),
            b";".to_vec(),
            b"=".to_vec(),
            b"[".to_vec(),
            b"]]".to_vec(),
            b"{".to_vec(),
            "\u{a0}".as_bytes().to_vec(),
            "A\u{302}\u{301}".as_bytes().to_vec(),
            b"1e308".to_vec(),
            b"-1".to_vec(),
            b"NaN".to_vec(),
            b"\xEF\xBB\xBF".to_vec(),
            b"\xC3".to_vec(),
        ]),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), interesting()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), 1usize..80).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn mutate(mut bytes: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match m {
            Mutation::Flip(i, b) if !bytes.is_empty() => {
                let i = i % bytes.len();
                bytes[i] ^= b | 1;
            }
            Mutation::Insert(i, b) => {
                let i = at(*i, bytes.len());
                bytes.splice(i..i, b.iter().copied());
            }
            Mutation::Delete(i, n) => {
                let i = at(*i, bytes.len());
                bytes.drain(i..(i + n).min(bytes.len()));
            }
            Mutation::Duplicate(i, n) => {
                let i = at(*i, bytes.len());
                let piece: Vec<u8> = bytes[i..(i + n).min(bytes.len())].to_vec();
                bytes.splice(i..i, piece);
            }
            _ => {}
        }
    }
    bytes
}

/// The seed corpus: every file of tests/corpus/fuzz/ and scenarios/tiny, by extension.
fn seeds(ext: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [root.join("tests/corpus/fuzz"), root.join("scenarios/tiny")] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files.into_iter().filter(|f| f.extension().is_some_and(|x| x == ext)) {
            out.push((f.file_name().unwrap().to_string_lossy().to_string(), std::fs::read(&f).unwrap()));
        }
    }
    assert!(!out.is_empty(), "no .{ext} seeds");
    out
}

/// The contract file a seed stands for (`cadres-quoted.csv` -> `cadres.csv`).
fn contract_name(seed: &str) -> String {
    let stem = seed.split(['-', '.']).next().unwrap_or(seed);
    format!("{stem}.csv")
}

fn assert_named(e: &rotaplan::scenario::InputErrors) {
    assert!(!e.problems.is_empty(), "a failed read names no problem");
    assert!(e.problems.iter().all(|p| !p.file.is_empty() && !p.message.is_empty()), "{e}");
}

/// A bundled scenario with one file mutated is read or refused with named
/// problems; a plan solved from what is read passes `check`.
fn read_or_refused_then_checked(scenario: &str, file: &str, muts: &[Mutation]) -> Result<(), TestCaseError> {
    let dir = common::copy_scenario(scenario);
    let bytes = std::fs::read(dir.path().join(file)).unwrap();
    std::fs::write(dir.path().join(file), mutate(bytes, muts)).unwrap();
    match rotaplan::prepare(dir.path()) {
        Err(e) => assert_named(&e),
        Ok((sc, el)) => {
            if let Ok(solved) = rotaplan::solve::solve(&sc, &el, &rotaplan::solve::SolveOptions::from_scenario(&sc)) {
                prop_assert!(rotaplan::check::check(&sc, &solved.plan).is_empty());
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// One CSV file of a whole scenario mutated: the loader reads or refuses it, never panics.
    #[test]
    fn csv_files_never_panic(seed in any::<prop::sample::Index>(), muts in prop::collection::vec(mutation(), 1..6)) {
        let all = seeds("csv");
        let (name, bytes) = &all[seed.index(all.len())];
        let dir = common::copy_scenario("tiny");
        let file = contract_name(name);
        if dir.path().join(&file).exists() {
            std::fs::write(dir.path().join(&file), mutate(bytes.clone(), &muts)).unwrap();
            if let Err(e) = rotaplan::prepare(dir.path()) {
                assert_named(&e);
            }
        }
        let mut problems = Problems::default();
        let _ = table::parse(&file, &mutate(bytes.clone(), &muts), &["cadre_id"], &mut problems);
    }

    /// One CSV file of the version-2 scenario tiny-concurrent (historic units,
    /// a merger, a bundle of concurrent posts, a unit-share target) mutated:
    /// it is read or refused, and a plan solved from what is read passes `check`.
    #[test]
    fn version_2_csv_files_never_panic(file in prop::sample::select(vec!["units.csv", "positions.csv", "cadres.csv", "candidates.csv"]), muts in prop::collection::vec(mutation(), 1..6)) {
        read_or_refused_then_checked("tiny-concurrent", file, &muts)?;
    }

    /// The files of the horizon (section 10.14 and 10.15) mutated: training.csv
    /// and the pools of tiny-succession, preferences.csv of tiny-horizon; the
    /// scenario is read or refused, and a plan solved from it passes `check`.
    #[test]
    fn horizon_files_never_panic(at in prop::sample::select(vec![("tiny-succession", "training.csv"), ("tiny-succession", "candidates.csv"), ("tiny-horizon", "preferences.csv")]), muts in prop::collection::vec(mutation(), 1..6)) {
        let (scenario, file) = at;
        read_or_refused_then_checked(scenario, file, &muts)?;
    }

    /// scenario.toml mutated: every problem is reported, nothing panics.
    #[test]
    fn scenario_toml_never_panics(seed in any::<prop::sample::Index>(), muts in prop::collection::vec(mutation(), 1..6)) {
        let all = seeds("toml");
        let (_, bytes) = &all[seed.index(all.len())];
        let text = String::from_utf8_lossy(&mutate(bytes.clone(), &muts)).to_string();
        let mut problems = Problems::default();
        let parsed = scenario::config::parse(&text, "fuzz", &mut problems);
        if parsed.is_none() {
            assert_named(&problems.finish().expect_err("a refused scenario.toml names a problem"));
        }
    }

    /// `--set KEY=VALUE` of any text, applied to tiny's scenario.toml.
    #[test]
    fn set_overrides_never_panic(arg in "[a-z_.=0-9\\[\\]\"{}, -]{0,40}") {
        let text = std::fs::read_to_string(common::scenario_path("tiny").join("scenario.toml")).unwrap();
        if let Ok(o) = Override::parse(&arg) {
            let sets: Vec<Override> = vec![o];
            if let Ok(changed) = overrides::apply(&text, &sets) {
                let mut problems = Problems::default();
                let _ = scenario::config::parse(&changed, "fuzz", &mut problems);
            }
        }
    }

    /// A workbook's bytes mutated: read as a scenario or refused, never a panic.
    #[test]
    fn workbooks_never_panic(muts in prop::collection::vec(mutation(), 1..4)) {
        let book = xlsx::dir_to_workbook(&common::scenario_path("tiny")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fuzz.xlsx");
        std::fs::write(&path, mutate(book, &muts)).unwrap();
        if let Err(e) = scenario::load(&path) {
            assert_named(&e);
        }
    }
}
