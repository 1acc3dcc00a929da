//! Writing result folders atomically: everything goes to a temporary folder
//! beside the target, which then replaces the target in one rename. A failed
//! or interrupted run never leaves a half-written plan.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Files that rotaplan writes at the top of an output folder; an existing
/// folder with anything else in it is not replaced. Batch runs write one
/// subfolder per run beside `summary.csv`.
pub const OWN_FILES: &[&str] =
    &["plan.csv", "plan.json", "plan.xlsx", "explanations.csv", "summary.csv", "sweep.csv", "sweep.svg", "runs"];

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "out".into());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Writes `files` (paths relative to `out`, subfolders allowed) into folder
/// `out`, replacing it only when all are written.
pub fn write_folder(out: &Path, files: &[(String, Vec<u8>)]) -> io::Result<()> {
    if out.exists() {
        if !out.is_dir() {
            return Err(io::Error::other(format!("{} exists and is not a folder", out.display())));
        }
        for entry in fs::read_dir(out)? {
            let name = entry?.file_name().to_string_lossy().to_string();
            if !OWN_FILES.contains(&name.as_str()) {
                return Err(io::Error::other(format!(
                    "{} holds `{name}`, which rotaplan did not write; give --out a new or empty folder",
                    out.display()
                )));
            }
        }
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let tmp = sibling(out, "tmp");
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir(&tmp)?;
    let result = (|| {
        for (name, bytes) in files {
            let path = tmp.join(name);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            let mut f = fs::File::create(path)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        if out.exists() {
            let old = sibling(out, "old");
            let _ = fs::remove_dir_all(&old);
            fs::rename(out, &old)?;
            if let Err(e) = fs::rename(&tmp, out) {
                let _ = fs::rename(&old, out);
                return Err(e);
            }
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&tmp, out)?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}
