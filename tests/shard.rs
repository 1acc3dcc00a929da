//! Sharded batches (issue 18, contract section 8.1): the slices, `--shard
//! auto` from Slurm's and Kubernetes' variables, the shard folders, a
//! killed shard repaired by a re-run, and `merge`'s checks. The real Slurm
//! cluster test is tests/slurm/run.sh, run by .ci/run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;
use common::{rotaplan, scenario_path};
use proptest::prelude::*;
use rotaplan::shard::{balance, partition, Shard};
use std::path::{Path, PathBuf};

fn p(x: &Path) -> &str {
    x.to_str().unwrap()
}

fn env_of<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
}

// ---- which shard ---------------------------------------------------------------

#[test]
fn shard_arguments_and_array_variables() {
    let none = env_of(&[]);
    assert_eq!(Shard::parse("2/4", &none), Ok(Shard { index: 2, count: 4 }));
    for bad in ["0/4", "5/4", "1/0", "x/4", "4", "auto", "auto/3"] {
        assert!(Shard::parse(bad, &none).is_err(), "{bad}");
    }
    // Slurm: I = TASK_ID - TASK_MIN + 1, N = TASK_COUNT (an array 3-6).
    let slurm = [("SLURM_ARRAY_TASK_ID", "5"), ("SLURM_ARRAY_TASK_MIN", "3"), ("SLURM_ARRAY_TASK_COUNT", "4")];
    assert_eq!(Shard::parse("auto", &env_of(&slurm)), Ok(Shard { index: 3, count: 4 }));
    assert_eq!(Shard::parse("auto/4", &env_of(&slurm)), Ok(Shard { index: 3, count: 4 }));
    let e = Shard::parse("auto/5", &env_of(&slurm)).unwrap_err();
    assert!(e.contains("4 tasks"), "{e}");
    // A stepped array (0-6:2: ids 0, 2, 4, 6) would give shard 7 of 4.
    let stepped = [("SLURM_ARRAY_TASK_ID", "6"), ("SLURM_ARRAY_TASK_MIN", "0"), ("SLURM_ARRAY_TASK_COUNT", "4")];
    assert!(Shard::parse("auto", &env_of(&stepped)).unwrap_err().contains("step"));
    // Kubernetes: a 0-based JOB_COMPLETION_INDEX, with the count given.
    let k8s = [("JOB_COMPLETION_INDEX", "0")];
    assert_eq!(Shard::parse("auto/3", &env_of(&k8s)), Ok(Shard { index: 1, count: 3 }));
    assert!(Shard::parse("auto", &env_of(&k8s)).unwrap_err().contains("auto/N"));
    assert!(Shard::parse("auto/3", &env_of(&[("JOB_COMPLETION_INDEX", "3")])).is_err());
    assert_eq!(Shard::from_folder("2-of-4"), Some(Shard { index: 2, count: 4 }));
    assert_eq!(Shard::from_folder("02-of-4"), None);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Largest first to the least loaded shard: every run in one shard, the
    /// same slices every time, and no shard above the mean by more than one
    /// run (the bound of this greedy rule).
    #[test]
    fn slices_cover_every_run_and_are_balanced(sizes in prop::collection::vec(1u64..1_000_000, 0..60), count in 1usize..12) {
        let shard_of = partition(&sizes, count);
        prop_assert_eq!(&shard_of, &partition(&sizes, count));
        prop_assert!(shard_of.iter().all(|&s| (1..=count).contains(&s)));
        let mut load = vec![0u64; count];
        for (i, &s) in shard_of.iter().enumerate() {
            load[s - 1] += sizes[i];
        }
        let total: u64 = sizes.iter().sum();
        let largest = sizes.iter().copied().max().unwrap_or(0);
        let max = load.iter().copied().max().unwrap_or(0);
        prop_assert!(max as f64 <= total as f64 / count as f64 + largest as f64 + 1e-9);
        let b = balance(&sizes, &shard_of, count);
        prop_assert!(b >= 1.0 - 1e-9 && b <= count as f64 + 1e-9, "balance {}", b);
    }
}

// ---- shards end to end -----------------------------------------------------------

/// A batch over three scenarios of different sizes, with an infeasible run
/// and an input error, so that runs that fail are sharded and merged too.
fn spec(dir: &Path) -> PathBuf {
    let path = dir.join("batch.toml");
    let runs = [
        ("baseline", "tiny", ""),
        ("no-female-target", "tiny", r#"set = { "targets.female_share.min_share" = 0.0 }"#),
        ("impossible", "tiny", r#"set = { "targets.minority_secretary.min_count" = 3 }"#),
        ("bad-key", "tiny", r#"set = { "rules.bogus" = 1 }"#),
        ("v2", "tiny-v2", ""),
        ("rotation", "tiny-rotation", ""),
        ("rotation-3-terms", "tiny-rotation", r#"set = { "rules.max_consecutive_terms" = 3 }"#),
    ];
    let mut text = String::new();
    for (name, sc, set) in runs {
        let sc = scenario_path(sc).display().to_string().replace('\\', "/");
        text.push_str(&format!("[[runs]]\nname = \"{name}\"\nscenario = \"{sc}\"\n{set}\n\n"));
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn batch(spec: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["batch", "--spec", p(spec), "--out", p(out), "--quiet"];
    args.extend_from_slice(extra);
    rotaplan(&args)
}

fn ok(o: &std::process::Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn without_seconds(csv: &str) -> String {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header = r.headers().unwrap().clone();
    let at = header.iter().position(|h| h == "seconds").unwrap();
    let keep = |rec: &csv::StringRecord| {
        rec.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, f)| f.to_string()).collect::<Vec<_>>().join(",")
    };
    let mut lines = vec![keep(&header)];
    lines.extend(r.records().map(|rec| keep(&rec.unwrap())));
    lines.join("\n")
}

fn shard_json(out: &Path, shard: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("shards").join(shard).join("shard.json")).unwrap()).unwrap()
}

fn merge(out: &Path) -> std::process::Output {
    rotaplan(&["merge", p(out)])
}

fn all_shards(spec: &Path, out: &Path, count: usize) {
    for i in 1..=count {
        ok(&batch(spec, out, &["--shard", &format!("{i}/{count}")]));
    }
}

#[test]
fn merged_shards_equal_the_unsharded_batch() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    let plain = dir.path().join("plain");
    ok(&batch(&spec, &plain, &[]));
    let want = std::fs::read_to_string(plain.join("summary.csv")).unwrap();
    assert_eq!(want.matches(",optimal,").count(), 5, "{want}");
    for count in [1, 3, 7, 9] {
        let out = dir.path().join(format!("sharded-{count}"));
        all_shards(&spec, &out, count);
        let o = merge(&out);
        ok(&o);
        assert!(String::from_utf8_lossy(&o.stdout).contains(&format!("merged {count} shard(s): 7 runs")));
        let got = std::fs::read_to_string(out.join("summary.csv")).unwrap();
        assert_eq!(without_seconds(&got), without_seconds(&want), "{count} shards");
        for run in ["baseline", "no-female-target", "v2", "rotation", "rotation-3-terms"] {
            let a = std::fs::read(plain.join("runs").join(run).join("plan.csv")).unwrap();
            let b = std::fs::read(out.join("runs").join(run).join("plan.csv")).unwrap();
            assert_eq!(a, b, "{run} with {count} shards");
        }
        assert!(!out.join("runs/impossible").exists() && out.join("shards").is_dir());
        // Each run is in exactly one shard's slice; the slices are the batch.
        let mut owned: Vec<String> = (1..=count)
            .flat_map(|i| shard_json(&out, &format!("{i}-of-{count}"))["runs"].as_array().unwrap().clone())
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        owned.sort();
        assert_eq!(
            owned,
            ["bad-key", "baseline", "impossible", "no-female-target", "rotation", "rotation-3-terms", "v2"]
        );
    }
}

#[test]
fn a_killed_shard_is_reported_and_a_rerun_repairs_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    let out = dir.path().join("out");
    all_shards(&spec, &out, 2);
    // What a task killed mid-run leaves: its record still `running`, one run
    // not written, and the temporary folder of the run it was writing.
    let shard = out.join("shards/2-of-2");
    let record = shard_json(&out, "2-of-2");
    let lost = record["runs"][0].as_str().unwrap().to_string();
    let kept: Vec<String> =
        record["runs"].as_array().unwrap()[1..].iter().map(|v| v.as_str().unwrap().into()).collect();
    let running = std::fs::read_to_string(shard.join("shard.json")).unwrap().replace("\"complete\"", "\"running\"");
    std::fs::write(shard.join("shard.json"), running).unwrap();
    std::fs::remove_dir_all(shard.join("runs").join(&lost)).unwrap();
    std::fs::create_dir_all(shard.join(".rotaplan-tmp-half-written-1")).unwrap();
    std::fs::write(shard.join(".rotaplan-tmp-half-written-1/plan.csv"), "post_id,cad").unwrap();

    let o = merge(&out);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("shard 2-of-2 did not finish: 1 run(s) not written") && err.contains(&lost), "{err}");
    assert!(err.contains("--shard 2/2"), "the hint names the shard to re-run:\n{err}");
    assert!(!out.join("summary.csv").exists(), "nothing is written before every shard is whole");

    let o = rotaplan(&["batch", "--spec", p(&spec), "--out", p(&out), "--shard", "2/2"]);
    ok(&o);
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains("shard 2/2: 1 runs in"), "only the lost run is solved again: {said}");
    assert!(said.contains(&format!("{} kept from an earlier attempt", kept.len())), "{said}");
    assert!(!shard.join(".rotaplan-tmp-half-written-1").exists());
    ok(&merge(&out));
    assert!(out.join("summary.csv").exists());
}

#[test]
fn merge_names_missing_duplicated_and_foreign_shards() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    let out = dir.path().join("out");
    ok(&batch(&spec, &out, &["--shard", "1/3"]));
    let o = merge(&out);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    for want in ["shard 2-of-3 is missing", "shard 3-of-3 is missing", "--shard 3/3"] {
        assert!(err.contains(want), "`{want}` in\n{err}");
    }
    // A shard run with other overrides is another batch.
    ok(&batch(&spec, &out, &["--shard", "2/3", "--set", "rules.max_consecutive_terms=3"]));
    ok(&batch(&spec, &out, &["--shard", "3/3"]));
    let err = String::from_utf8_lossy(&merge(&out).stderr).to_string();
    assert!(err.contains("shard 2-of-3 has another spec hash"), "{err}");
    ok(&batch(&spec, &out, &["--shard", "2/3"]));
    ok(&merge(&out));
    // A run copied into a second shard is written twice; a stale sharding is mixed.
    let one = out.join("shards/1-of-3/runs");
    let name = std::fs::read_dir(&one).unwrap().next().unwrap().unwrap().file_name();
    common::copy_dir(&one.join(&name), &out.join("shards/3-of-3/runs").join(&name));
    let err = String::from_utf8_lossy(&merge(&out).stderr).to_string();
    assert!(err.contains(&format!("run {} is written by shards 1-of-3 and 3-of-3", name.to_string_lossy())), "{err}");
    assert!(err.contains("which is not in its slice"), "{err}");
    std::fs::remove_dir_all(out.join("shards/3-of-3/runs").join(&name)).unwrap();
    ok(&batch(&spec, &out, &["--shard", "1/2"]));
    let err = String::from_utf8_lossy(&merge(&out).stderr).to_string();
    assert!(err.contains("shards of 2 different shardings (into 2 and 3)"), "{err}");
}

#[test]
fn sharded_and_plain_batches_never_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    let sharded = dir.path().join("sharded");
    ok(&batch(&spec, &sharded, &["--shard", "1/2"]));
    let o = batch(&spec, &sharded, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--shard I/N"), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(sharded.join("shards/1-of-2/shard.json").exists());

    let plain = dir.path().join("plain");
    ok(&batch(&spec, &plain, &[]));
    let o = batch(&spec, &plain, &["--shard", "1/2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no `shards/`"));
    assert!(plain.join("summary.csv").exists() && !plain.join("shards").exists());
    assert_eq!(merge(&plain).status.code(), Some(2));

    // A file nobody asked for in a shard's folder stops the shard and stays.
    std::fs::write(sharded.join("shards/1-of-2/notes.txt"), "mine").unwrap();
    let o = batch(&spec, &sharded, &["--shard", "1/2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("notes.txt"));
    assert_eq!(std::fs::read_to_string(sharded.join("shards/1-of-2/notes.txt")).unwrap(), "mine");
}

#[test]
fn shard_auto_reads_slurm_and_kubernetes() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    let out = dir.path().join("out");
    let run = |vars: &[(&str, &str)], shard: &str| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_rotaplan"));
        c.args(["batch", "--spec", p(&spec), "--out", p(&out), "--quiet", "--shard", shard]);
        for k in ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX"] {
            c.env_remove(k);
        }
        c.envs(vars.iter().copied()).output().unwrap()
    };
    for id in ["10", "11"] {
        let slurm = [("SLURM_ARRAY_TASK_ID", id), ("SLURM_ARRAY_TASK_MIN", "10"), ("SLURM_ARRAY_TASK_COUNT", "3")];
        ok(&run(&slurm, "auto"));
    }
    ok(&run(&[("JOB_COMPLETION_INDEX", "2")], "auto/3"));
    for s in ["1-of-3", "2-of-3", "3-of-3"] {
        assert_eq!(shard_json(&out, s)["state"], "complete", "{s}");
    }
    ok(&merge(&out));
    let o = run(&[], "auto");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not in a Slurm array job"));
}

// ---- the job files -------------------------------------------------------------

/// The Slurm and Kubernetes files run `batch --shard auto`, merge after
/// every task however it ended, and agree on the shard count.
#[test]
fn job_files_shard_and_merge() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy");
    let read = |f: &str| std::fs::read_to_string(root.join(f)).unwrap();
    let task = read("slurm/batch.sbatch");
    assert!(task.contains("--shard auto") && task.contains("#SBATCH --requeue"), "{task}");
    let submit = read("slurm/submit.sh");
    assert!(submit.contains("--array=\"1-$n\"") && submit.contains("--dependency=\"afterany:$array\""), "{submit}");
    assert!(read("slurm/merge.sbatch").contains("merge \"$ROTAPLAN_OUT\""));
    let job = read("k8s/batch-job.yaml");
    let completions: usize =
        job.lines().find_map(|l| l.trim().strip_prefix("completions:")).unwrap().trim().parse().unwrap();
    assert!(job.contains("completionMode: Indexed"));
    assert!(
        job.contains(&format!("- auto/{completions}")),
        "--shard auto/N must name the job's {completions} completions"
    );
    let out =
        job.lines().skip_while(|l| !l.contains("- --out")).nth(1).unwrap().trim().trim_start_matches("- ").to_string();
    assert!(
        read("k8s/merge-job.yaml").contains(&format!("\"merge\", \"{out}\"")),
        "the merge reads the batch's --out {out}"
    );
}
