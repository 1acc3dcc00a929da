//! The scenario open at the desk and its workspace. The Open screen
//! replaces it as a whole: requests and solves that began under the
//! previous one finish with it (and save into its folder), so a switch
//! never mixes two scenarios' plans.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::workspace::Workspace;
use super::WorkspaceError;
use crate::model::Scenario;
use crate::scenario::InputErrors;

/// A scenario folder or workbook, its load, and its workspace.
pub struct Opened {
    /// The scenario folder or `.xlsx` workbook.
    pub path: PathBuf,
    pub scenario: Result<Scenario, InputErrors>,
    /// Where its candidate plans and log are saved.
    pub folder: PathBuf,
    work: Mutex<Workspace>,
    saves: Saves,
}

/// The workspace's files at one moment, numbered.
pub(super) struct Snapshot {
    generation: u64,
    files: Vec<(String, Vec<u8>)>,
}

/// The order of the workspace's snapshots: the last number taken, and
/// (held while writing) the last one written.
#[derive(Default)]
struct Saves {
    taken: AtomicU64,
    written: Mutex<u64>,
}

/// `<name>.desk` beside the scenario folder or workbook.
pub fn default_folder(path: &Path) -> PathBuf {
    let name = path.file_name().map_or("scenario".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!("{name}.desk"))
}

impl Opened {
    /// Loads the scenario at `path` and the workspace saved in `folder`, if any.
    pub fn open(path: &Path, folder: PathBuf) -> Result<Opened, WorkspaceError> {
        let scenario = crate::scenario::load(path);
        let fail = |message: String| WorkspaceError { path: folder.clone(), message };
        crate::output::check_target(&folder, crate::output::Kind::Desk).map_err(|e| fail(e.to_string()))?;
        let mut work = match &scenario {
            Ok(sc) => Workspace::restore(path, &folder, &sc.input_hash).map_err(fail)?,
            Err(_) => Workspace::default(),
        };
        if work.key.is_empty() {
            work.key = super::auth::random_token();
        }
        Ok(Opened { path: path.to_path_buf(), scenario, folder, work: Mutex::new(work), saves: Saves::default() })
    }

    /// The workspace, locked.
    pub fn work(&self) -> MutexGuard<'_, Workspace> {
        self.work.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The workspace's files now, numbered in the order of the changes
    /// (taken under the workspace lock: the plan files are ready-made
    /// bytes); `None` when nothing is saved (read-only, or no scenario).
    pub(super) fn snapshot(&self, work: &Workspace, read_only: bool) -> Result<Option<Snapshot>, String> {
        let Ok(sc) = &self.scenario else { return Ok(None) };
        if read_only {
            return Ok(None);
        }
        let generation = self.saves.taken.fetch_add(1, Ordering::SeqCst) + 1;
        Ok(Some(Snapshot { generation, files: work.files(&sc.input_hash)? }))
    }

    /// Writes a snapshot whole, off the request threads, unless a later one
    /// is already written (two requests may end in either order).
    pub(super) async fn write(self: &Arc<Self>, snapshot: Option<Snapshot>) -> Result<(), String> {
        let Some(snap) = snapshot else { return Ok(()) };
        let open = self.clone();
        let written = tokio::task::spawn_blocking(move || {
            let mut last = open.saves.written.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if snap.generation <= *last {
                return Ok(());
            }
            crate::output::write_folder(&open.folder, crate::output::Kind::Desk, &snap.files)
                .map_err(|e| format!("cannot save the workspace {}: {e}", open.folder.display()))?;
            *last = snap.generation;
            Ok(())
        });
        written.await.unwrap_or_else(|e| Err(e.to_string()))
    }
}

/// Why a scenario could not be opened: a path that is neither a folder nor
/// a workbook, a workspace that cannot be used, or the scenario's problems.
#[derive(Debug)]
pub enum Refused {
    Message(String),
    Problems(InputErrors),
}

/// Opens the scenario folder or workbook at `path` with its default
/// workspace, if it loads without problems.
pub fn open_valid(path: &Path) -> Result<Opened, Refused> {
    if !path.is_dir() && !crate::scenario::xlsx::is_workbook(path) {
        return Err(Refused::Message(format!("{}: neither a scenario folder nor an .xlsx workbook", path.display())));
    }
    let opened = Opened::open(path, default_folder(path)).map_err(|e| Refused::Message(e.to_string()))?;
    match opened.scenario {
        Ok(_) => Ok(opened),
        Err(e) => Err(Refused::Problems(e)),
    }
}

/// Keeps an uploaded workbook in `folder` as `<stem>-<first 8 hex of its
/// SHA-256>.xlsx` and opens it, when it loads without problems. A workbook
/// that does not is not kept, and its problems name the uploaded file.
/// The same workbook uploaded twice is one file (and one workspace).
pub fn open_upload(folder: &Path, name: &str, bytes: &[u8]) -> Result<Opened, Refused> {
    use sha2::{Digest, Sha256};
    let hash: String = Sha256::digest(bytes).iter().take(4).map(|b| format!("{b:02x}")).collect();
    let kept = folder.join(format!("{}-{hash}.xlsx", upload_stem(name)));
    let checked = crate::output::keep_if(&kept, bytes, |temp| match crate::scenario::load(temp) {
        Ok(_) => Ok(()),
        Err(e) => Err(renamed(Refused::Problems(e), temp, name)),
    });
    match checked {
        Err(e) => Err(Refused::Message(format!("cannot keep the upload in {}: {e}", folder.display()))),
        Ok(Err(refused)) => Err(refused),
        Ok(Ok(())) => open_valid(&kept).map_err(|r| renamed(r, &kept, name)),
    }
}

/// A file name's stem of letters, digits, `-` and `_` only (it names a file here).
fn upload_stem(name: &str) -> String {
    let stem = Path::new(name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let safe: String =
        stem.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    if safe.is_empty() {
        "workbook".into()
    } else {
        safe.chars().take(60).collect()
    }
}

/// Problems that name the file as kept here name it as uploaded.
fn renamed(r: Refused, path: &Path, name: &str) -> Refused {
    let shown = path.display().to_string();
    match r {
        Refused::Message(m) => Refused::Message(m.replace(&shown, name)),
        Refused::Problems(mut e) => {
            for p in e.problems.iter_mut().chain(e.warnings.iter_mut()) {
                p.file = p.file.replace(&shown, name);
                p.message = p.message.replace(&shown, name);
            }
            Refused::Problems(e)
        }
    }
}
