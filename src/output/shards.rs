//! The folders of a sharded batch (contract section 8.1), as bytes: where
//! each shard writes, how one run lands atomically, and how a merge puts
//! `summary.csv` and `runs/` beside `shards/`. What the bytes mean (the
//! shard's record, a run's result) belongs to the `shard` module.
//!
//! Shards run at once, on many machines, into one shared folder: each one
//! writes only below `shards/<I>-of-<N>/`, and each run is written into a
//! temporary folder and renamed into `runs/<name>/`, so a task killed at any
//! moment leaves complete runs and its own temporary folders, nothing else.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::{entries, refuse_current_folder, write_synced, Kind, Manifest, OutputError, MANIFEST, SOLVE_FILES};

/// The folder of the shards, inside a sharded batch's `--out`.
pub const SHARDS: &str = "shards";
/// A shard's record: which runs it owns and how far it got.
pub const SHARD_RECORD: &str = "shard.json";
/// A run's result (its summary row), written last into the run's folder.
pub const RUN_RECORD: &str = "run.json";
/// Prefix of the temporary entries a shard or a merge leaves when killed.
const TEMPORARY: &str = ".rotaplan-tmp-";

/// What a shard's folder already holds.
#[derive(Debug, Default)]
pub struct ShardFolder {
    pub dir: PathBuf,
    /// The bytes of shard.json, when there is one.
    pub record: Option<Vec<u8>>,
    /// Runs written whole, by name, with their run.json.
    pub runs: Vec<(String, Vec<u8>)>,
}

/// Fails unless `out` may hold a sharded batch: new, empty, or holding only
/// `shards/` and what a merge wrote beside it.
pub fn check_sharded_target(out: &Path) -> Result<(), OutputError> {
    refuse_current_folder(out)?;
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(OutputError::NotAFolder);
    }
    let names = entries(out)?;
    if names.is_empty() {
        return Ok(());
    }
    if !names.contains(SHARDS) {
        return Err(OutputError::NotSharded);
    }
    merged_entries_are_ours(out, &names)
}

/// Everything beside `shards/` is the last merge's (its manifest lists it) or a temporary entry.
fn merged_entries_are_ours(out: &Path, names: &BTreeSet<String>) -> Result<(), OutputError> {
    let listed = merge_manifest_tops(out, names)?;
    let stray =
        names.iter().find(|n| *n != SHARDS && *n != MANIFEST && !n.starts_with(TEMPORARY) && !listed.contains(*n));
    match stray {
        Some(n) => Err(OutputError::Foreign(n.clone())),
        None => Ok(()),
    }
}

fn merge_manifest_tops(out: &Path, names: &BTreeSet<String>) -> Result<BTreeSet<String>, OutputError> {
    if !names.contains(MANIFEST) {
        return Ok(BTreeSet::new());
    }
    let text = fs::read_to_string(out.join(MANIFEST))?;
    let m: Manifest = serde_json::from_str(&text).map_err(|e| OutputError::BadManifest(e.to_string()))?;
    if m.command != Kind::Merge {
        return Err(OutputError::OtherCommand { found: m.command.as_str(), want: Kind::Merge.as_str() });
    }
    Ok(m.files.iter().filter_map(|f| f.split('/').next()).map(str::to_string).collect())
}

/// Opens (creating it when new) the folder of one shard and reads what an
/// earlier attempt left: its record and its whole runs. Temporary folders
/// of a killed attempt are removed; anything else unknown is refused.
pub fn open_shard(out: &Path, shard: &str) -> Result<ShardFolder, OutputError> {
    let dir = out.join(SHARDS).join(shard);
    fs::create_dir_all(dir.join("runs"))?;
    let record = read_if_present(&dir.join(SHARD_RECORD))?;
    for name in entries(&dir)? {
        if name.starts_with(TEMPORARY) {
            remove_temporary(&dir.join(&name))?;
        } else if name != SHARD_RECORD && name != "runs" {
            return Err(OutputError::Foreign(format!("{SHARDS}/{shard}/{name}")));
        }
    }
    let runs = whole_runs(&dir.join("runs"), shard)?;
    Ok(ShardFolder { dir, record, runs })
}

/// Removes what a killed attempt left, known by its name.
fn remove_temporary(path: &Path) -> Result<(), OutputError> {
    if path.is_dir() {
        fs::remove_dir_all(path)?;
    } else {
        fs::remove_file(path)?;
    }
    Ok(())
}

fn read_if_present(path: &Path) -> Result<Option<Vec<u8>>, OutputError> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The runs written whole (each has its run.json), after checking that
/// every entry is a run folder of plan files.
fn whole_runs(runs: &Path, shard: &str) -> Result<Vec<(String, Vec<u8>)>, OutputError> {
    let mut out = Vec::new();
    for name in entries(runs)? {
        let foreign = |f: &str| OutputError::Foreign(format!("{SHARDS}/{shard}/runs/{f}"));
        let dir = runs.join(&name);
        if !dir.is_dir() {
            return Err(foreign(&name));
        }
        let files = entries(&dir)?;
        if let Some(f) = files.iter().find(|f| *f != RUN_RECORD && !SOLVE_FILES.contains(&f.as_str())) {
            return Err(foreign(&format!("{name}/{f}")));
        }
        if files.contains(RUN_RECORD) {
            out.push((name.clone(), fs::read(dir.join(RUN_RECORD))?));
        }
    }
    Ok(out)
}

/// Removes every run of a shard folder that [`open_shard`] has checked:
/// all of them are rotaplan's plan files.
pub fn clear_runs(folder: &ShardFolder) -> Result<(), OutputError> {
    let runs = folder.dir.join("runs");
    for name in entries(&runs)? {
        fs::remove_dir_all(runs.join(name))?;
    }
    Ok(())
}

/// Writes shard.json whole (temporary file, then rename).
pub fn write_record(folder: &ShardFolder, bytes: &[u8]) -> Result<(), OutputError> {
    let tmp = folder.dir.join(format!("{TEMPORARY}{}", std::process::id()));
    write_synced(&tmp, bytes)?;
    fs::rename(&tmp, folder.dir.join(SHARD_RECORD))?;
    Ok(())
}

/// Writes one run folder whole: its files, then `record` as run.json, in a
/// temporary folder renamed to `runs/<name>/`.
pub fn write_run(
    folder: &ShardFolder,
    name: &str,
    files: &[(String, Vec<u8>)],
    record: &[u8],
) -> Result<(), OutputError> {
    let tmp = folder.dir.join(format!("{TEMPORARY}{name}-{}", std::process::id()));
    let result = fill_run(&tmp, files, record).and_then(|()| {
        let target = folder.dir.join("runs").join(name);
        if target.exists() {
            fs::remove_dir_all(&target)?; // a whole run of this shard, written by rotaplan
        }
        fs::rename(&tmp, &target)
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp); // our own temporary folder
    }
    Ok(result?)
}

fn fill_run(tmp: &Path, files: &[(String, Vec<u8>)], record: &[u8]) -> std::io::Result<()> {
    fs::create_dir_all(tmp)?;
    for (n, bytes) in files {
        write_synced(&tmp.join(n), bytes)?;
    }
    write_synced(&tmp.join(RUN_RECORD), record)
}

/// The shard folder names under `<out>/shards/`, sorted.
pub fn list_shards(out: &Path) -> Result<Vec<String>, OutputError> {
    let dir = out.join(SHARDS);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    Ok(entries(&dir)?.into_iter().filter(|n| !n.starts_with('.')).collect())
}

/// Reads one shard folder without changing it.
pub fn read_shard(out: &Path, shard: &str) -> Result<ShardFolder, OutputError> {
    let dir = out.join(SHARDS).join(shard);
    let record = read_if_present(&dir.join(SHARD_RECORD))?;
    let runs = if dir.join("runs").is_dir() { whole_runs(&dir.join("runs"), shard)? } else { Vec::new() };
    Ok(ShardFolder { dir, record, runs })
}

/// Writes a merge beside `shards/`: `summary.csv`, and `runs/<name>/` with
/// each run's plan files copied from its shard (`sources`: name, shard
/// folder), then the merge's manifest. An earlier merge is replaced.
pub fn write_merged(out: &Path, summary: &[u8], sources: &[(String, PathBuf)]) -> Result<(), OutputError> {
    check_sharded_target(out)?;
    for stale in entries(out)?.into_iter().filter(|n| n.starts_with(TEMPORARY)) {
        remove_temporary(&out.join(stale))?; // a killed merge's, by its name
    }
    let tmp = out.join(format!("{TEMPORARY}merge-{}", std::process::id()));
    let result = fill_merge(&tmp, summary, sources).and_then(|files| swap_merge(out, &tmp, files));
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp); // our own temporary folder
    }
    result
}

fn fill_merge(tmp: &Path, summary: &[u8], sources: &[(String, PathBuf)]) -> Result<Vec<String>, OutputError> {
    let mut files = vec!["summary.csv".to_string()];
    write_synced(&tmp.join("summary.csv"), summary)?;
    for (name, shard_dir) in sources {
        let from = shard_dir.join("runs").join(name);
        for f in entries(&from)?.into_iter().filter(|f| f != RUN_RECORD) {
            write_synced(&tmp.join("runs").join(name).join(&f), &fs::read(from.join(&f))?)?;
            files.push(format!("runs/{name}/{f}"));
        }
    }
    fs::create_dir_all(tmp.join("runs"))?; // a batch of no run still has runs/
    files.sort();
    Ok(files)
}

/// Puts `summary.csv` and `runs/` from `tmp` in place, the old ones aside
/// first, then the manifest; a merge killed half-way is repaired by the next.
fn swap_merge(out: &Path, tmp: &Path, files: Vec<String>) -> Result<(), OutputError> {
    let old = out.join(format!("{TEMPORARY}old-{}", std::process::id()));
    fs::create_dir_all(&old)?;
    for name in ["runs", "summary.csv"] {
        if out.join(name).exists() {
            fs::rename(out.join(name), old.join(name))?;
        }
        fs::rename(tmp.join(name), out.join(name))?;
    }
    let manifest = Manifest { command: Kind::Merge, files, rotaplan_version: env!("CARGO_PKG_VERSION").into() };
    let mut json = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
    json.push(b'\n');
    write_synced(&tmp.join(MANIFEST), &json)?;
    fs::rename(tmp.join(MANIFEST), out.join(MANIFEST))?;
    fs::remove_dir_all(tmp)?;
    fs::remove_dir_all(&old)?; // the previous merge's files, listed by its manifest
    Ok(())
}
