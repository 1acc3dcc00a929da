//! Writing results without losing anybody's files.
//!
//! A result folder is written whole into a temporary folder beside the
//! target, then put in place by rename: a failed or interrupted run never
//! leaves a half-written plan. An existing folder is replaced only when
//! rotaplan can show that it wrote it, for the same command: through the
//! manifest written with every output folder, or, for a folder from a
//! rotaplan that wrote no manifest, because it holds exactly that command's
//! files. Anything else is refused (exit 2), never deleted.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub mod shards;

/// A file of a folder rotaplan wrote (`None` when the folder or the file is
/// absent): how the desk reads its workspace back.
pub fn read_written(dir: &Path, name: &str) -> Result<Option<Vec<u8>>, OutputError> {
    match fs::read(dir.join(name)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(OutputError::Io(e)),
    }
}

/// The manifest written into every output folder.
pub const MANIFEST: &str = "rotaplan-manifest.json";

/// The command whose output a folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Solve,
    Batch,
    Sweep,
    /// A synthetic scenario folder from `generate`.
    Generate,
    /// A version-2 scenario folder from `migrate`.
    Migrate,
    /// A sharded batch's `summary.csv` and `runs/`, beside its `shards/`.
    Merge,
    /// The desk's workspace: candidate plans and the decision log.
    Desk,
}

impl Kind {
    /// The command's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Solve => "solve",
            Kind::Batch => "batch",
            Kind::Sweep => "sweep",
            Kind::Generate => "generate",
            Kind::Migrate => "migrate",
            Kind::Merge => "merge",
            Kind::Desk => "serve",
        }
    }

    /// Top-level names this command writes (for folders without a manifest),
    /// and the one that must be there to call the folder this command's.
    fn legacy_files(self) -> (&'static [&'static str], &'static str) {
        match self {
            Kind::Solve => (SOLVE_FILES, "plan.csv"),
            Kind::Batch => (&["summary.csv", "runs"], "summary.csv"),
            Kind::Sweep => (&["summary.csv", "runs", "sweep.csv", "sweep.svg"], "sweep.csv"),
            Kind::Generate | Kind::Migrate => (GENERATE_FILES, "scenario.toml"),
            Kind::Merge => (&["summary.csv", "runs", "shards"], "shards"),
            Kind::Desk => (&["workspace.json", "plans"], "workspace.json"),
        }
    }
}

const SOLVE_FILES: &[&str] =
    &["plan.csv", "plan.json", "plan.xlsx", "explanations.csv", "forecast.csv", "rotation.csv", "succession.csv"];
const GENERATE_FILES: &[&str] = &[
    "scenario.toml",
    "units.csv",
    "positions.csv",
    "cadres.csv",
    "history.csv",
    "candidates.csv",
    "decisions.csv",
    "training.csv",
    "preferences.csv",
    "batch.toml",
    "README.md",
];

/// What the manifest says.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub command: Kind,
    /// Every file written, relative to the folder, sorted.
    pub files: Vec<String>,
    pub rotaplan_version: String,
}

/// Why an output could not be written there: a user error (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("it exists and is not a folder")]
    NotAFolder,
    #[error("it is the current folder or one of its parents")]
    CurrentFolder,
    #[error("it holds `{0}`, which rotaplan did not write")]
    Foreign(String),
    #[error("it holds the output of `rotaplan {found}`, which a `rotaplan {want}` never replaces")]
    OtherCommand { found: &'static str, want: &'static str },
    #[error("its {MANIFEST} cannot be read ({0})")]
    BadManifest(String),
    #[error("it holds a sharded batch (`shards/`), which only a `batch --shard` or a `merge` writes into")]
    Sharded,
    #[error("it is not a sharded batch's folder (it has no `shards/`)")]
    NotSharded,
    #[error("the file exists and was not written by rotaplan")]
    ForeignFile,
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl OutputError {
    /// How to get past it.
    pub fn hint(&self) -> &'static str {
        match self {
            OutputError::ForeignFile => "choose another file name, or add --force to overwrite it",
            OutputError::Io(_) => "check that the folder exists, is writable and has free space",
            OutputError::Sharded => "add --shard I/N to run one shard into it, or give --out a new folder",
            OutputError::NotSharded => "give --shard an --out folder that is new, empty or an earlier sharded batch",
            _ => "give --out a new or empty folder, or the folder of an earlier run of the same command",
        }
    }
}

/// Writes `files` (paths relative to `out`, subfolders allowed) and a
/// manifest into folder `out`, replacing it only when all are written and
/// [`may_replace`] allows it.
pub fn write_folder(out: &Path, kind: Kind, files: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
    check_target(out, kind)?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let tmp = sibling(out, "tmp");
    fs::create_dir(&tmp)?;
    let result = fill(&tmp, kind, files).and_then(|()| swap_in(&tmp, out));
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp); // our own temporary folder
    }
    Ok(result?)
}

/// Fails early, before any work, when `out` may not receive a `kind` output.
pub fn check_target(out: &Path, kind: Kind) -> Result<(), OutputError> {
    refuse_current_folder(out)?;
    if out.exists() {
        may_replace(out, kind)?;
    }
    Ok(())
}

fn refuse_current_folder(out: &Path) -> Result<(), OutputError> {
    let (Ok(cwd), Ok(target)) = (std::env::current_dir(), fs::canonicalize(out)) else {
        return Ok(()); // a folder that does not exist yet is not the current one
    };
    if cwd.starts_with(&target) {
        return Err(OutputError::CurrentFolder);
    }
    Ok(())
}

/// True when rotaplan may replace the existing `out` with a `kind` output.
pub fn may_replace(out: &Path, kind: Kind) -> Result<(), OutputError> {
    if !out.is_dir() {
        return Err(OutputError::NotAFolder);
    }
    let names = entries(out)?;
    if names.is_empty() {
        return Ok(());
    }
    if names.contains(shards::SHARDS) && kind == Kind::Batch {
        return Err(OutputError::Sharded);
    }
    if names.contains(MANIFEST) {
        return by_manifest(out, kind, &names);
    }
    by_legacy_files(out, kind, &names)
}

fn entries(dir: &Path) -> Result<BTreeSet<String>, OutputError> {
    let mut names = BTreeSet::new();
    for e in fs::read_dir(dir)? {
        names.insert(e?.file_name().to_string_lossy().to_string());
    }
    Ok(names)
}

fn by_manifest(out: &Path, kind: Kind, names: &BTreeSet<String>) -> Result<(), OutputError> {
    let text = fs::read_to_string(out.join(MANIFEST))?;
    let m: Manifest = serde_json::from_str(&text).map_err(|e| OutputError::BadManifest(e.to_string()))?;
    if m.command != kind {
        return Err(OutputError::OtherCommand { found: m.command.as_str(), want: kind.as_str() });
    }
    let listed: BTreeSet<&str> = m.files.iter().filter_map(|f| f.split('/').next()).collect();
    match names.iter().find(|n| n.as_str() != MANIFEST && !listed.contains(n.as_str())) {
        Some(n) => Err(OutputError::Foreign(n.clone())),
        None => Ok(()),
    }
}

/// A folder from a rotaplan that wrote no manifest: only that command's files.
fn by_legacy_files(out: &Path, kind: Kind, names: &BTreeSet<String>) -> Result<(), OutputError> {
    match legacy_kind(out, names) {
        Some(k) if k == kind => Ok(()),
        Some(found) => Err(OutputError::OtherCommand { found: found.as_str(), want: kind.as_str() }),
        None => Err(foreign_entry(out, kind, names)),
    }
}

/// The command whose files, and only those, the folder holds.
fn legacy_kind(out: &Path, names: &BTreeSet<String>) -> Option<Kind> {
    let holds_only = |k: Kind| {
        let (own, marker) = k.legacy_files();
        names.contains(marker) && names.iter().all(|n| own.contains(&n.as_str()))
    };
    let kind = [Kind::Sweep, Kind::Batch, Kind::Solve, Kind::Generate].into_iter().find(|k| holds_only(*k))?;
    let runs_ok = !names.contains("runs") || runs_hold_only_plans(&out.join("runs")).is_ok();
    runs_ok.then_some(kind)
}

/// The first entry that shows the folder is not `kind`'s output.
fn foreign_entry(out: &Path, kind: Kind, names: &BTreeSet<String>) -> OutputError {
    let (own, _) = kind.legacy_files();
    if let Some(n) = names.iter().find(|n| !own.contains(&n.as_str())) {
        return OutputError::Foreign(n.clone());
    }
    if names.contains("runs") {
        if let Err(e) = runs_hold_only_plans(&out.join("runs")) {
            return e;
        }
    }
    OutputError::Foreign(names.iter().next().cloned().unwrap_or_default())
}

fn runs_hold_only_plans(runs: &Path) -> Result<(), OutputError> {
    for run in fs::read_dir(runs)? {
        let run = run?.path();
        let foreign = |n: &str| OutputError::Foreign(format!("runs/{n}"));
        let name = run.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        if !run.is_dir() {
            return Err(foreign(&name));
        }
        if let Some(f) = entries(&run)?.into_iter().find(|f| !SOLVE_FILES.contains(&f.as_str())) {
            return Err(foreign(&format!("{name}/{f}")));
        }
    }
    Ok(())
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "out".into());
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    out.with_file_name(format!(".{name}.{tag}-{}-{nanos}", std::process::id()))
}

fn fill(tmp: &Path, kind: Kind, files: &[(String, Vec<u8>)]) -> io::Result<()> {
    for (name, bytes) in files {
        write_synced(&tmp.join(name), bytes)?;
    }
    let mut listed: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
    listed.sort();
    let manifest = Manifest { command: kind, files: listed, rotaplan_version: env!("CARGO_PKG_VERSION").into() };
    let mut json = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
    json.push(b'\n');
    write_synced(&tmp.join(MANIFEST), &json)
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut f = fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Puts the finished `tmp` in place of `out`: one rename when `out` is new;
/// otherwise two (old aside, new in), restoring the old folder if the second fails.
fn swap_in(tmp: &Path, out: &Path) -> io::Result<()> {
    if !out.exists() {
        return fs::rename(tmp, out);
    }
    let old = sibling(out, "old");
    fs::rename(out, &old)?;
    if let Err(e) = fs::rename(tmp, out) {
        let _ = fs::rename(&old, out);
        return Err(e);
    }
    // `old` is the folder that may_replace showed to be rotaplan's own output.
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// Writes one file atomically (temporary file, then rename). An existing
/// file is replaced only with `force` or when `ours` recognises rotaplan's marker in it.
pub fn write_file(path: &Path, bytes: &[u8], force: bool, ours: fn(&Path) -> bool) -> Result<(), OutputError> {
    if path.is_dir() {
        return Err(OutputError::Io(io::Error::other("it is a folder")));
    }
    if path.exists() && !force && !ours(path) {
        return Err(OutputError::ForeignFile);
    }
    let name = path.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = write_synced(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp); // our own temporary file
    }
    Ok(result?)
}

/// True when the file at `path` holds `marker` (read up to 64 MiB): how
/// rotaplan recognises a single file it wrote.
pub fn file_contains(path: &Path, marker: &str) -> bool {
    let Ok(f) = fs::File::open(path) else { return false };
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut io::Read::take(f, 64 << 20), &mut bytes).is_ok()
        && String::from_utf8_lossy(&bytes).contains(marker)
}

/// True when `dir` does not exist or is an empty folder.
pub fn is_new_or_empty(dir: &Path) -> bool {
    !dir.exists() || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Keeps `bytes` as the new file `path` when `accept` accepts them as a
/// file: they are written to a temporary file beside `path` (its folder
/// created), which `accept` reads; it is renamed into place when accepted
/// and removed otherwise. An existing `path` is never replaced: then
/// nothing is written and `Ok(Ok(()))` says it is there already.
pub fn keep_if<E>(
    path: &Path,
    bytes: &[u8],
    accept: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<Result<(), E>, OutputError> {
    if path.exists() {
        return Ok(Ok(()));
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_string()).unwrap_or_default();
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    // The same extension: readers that go by it (workbooks) read the temporary file too.
    let tmp = path.with_file_name(format!(".{stem}.tmp-{}.{ext}", std::process::id()));
    write_synced(&tmp, bytes)?;
    let verdict = accept(&tmp);
    let kept = match verdict {
        Ok(()) => fs::rename(&tmp, path).map_err(OutputError::from),
        Err(_) => Ok(()),
    };
    let _ = fs::remove_file(&tmp); // our own temporary file (gone once renamed)
    kept.map(|()| verdict)
}
