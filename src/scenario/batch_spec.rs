//! batch.toml: a default `scenario` (relative to the file) and `[[runs]]`,
//! each with a `name` (its output folder), an optional `scenario` and a `set`
//! table of overrides.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{table, InputErrors, Override, Problems};

/// One run of a batch.
#[derive(Debug, Clone)]
pub struct Run {
    pub name: String,
    pub scenario: PathBuf,
    pub sets: Vec<Override>,
}

/// True when a run name can be a folder name.
pub fn safe_name(n: &str) -> bool {
    !n.is_empty() && n != "." && n != ".." && n.chars().all(|c| c.is_alphanumeric() || "-_.=+,".contains(c))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    scenario: Option<String>,
    #[serde(default)]
    runs: Vec<toml::Spanned<RawRun>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRun {
    name: String,
    scenario: Option<String>,
    #[serde(default)]
    set: BTreeMap<String, toml::Value>,
}

/// Reads batch.toml: a default `scenario` (relative to the file) and `[[runs]]`
/// with a `name`, an optional `scenario` and a `set` table of overrides.
pub fn read_spec(path: &Path) -> Result<Vec<Run>, InputErrors> {
    let file = path.display().to_string();
    let mut problems = Problems::default();
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let text = match table::read_bytes(dir, &name)
        .map_err(|e| e.to_string())
        .and_then(|b| String::from_utf8(b).map_err(|_| "is not valid UTF-8".to_string()))
    {
        Ok(t) => t,
        Err(e) => {
            problems.file(&file, format!("cannot read: {e}"), "give the path of a batch.toml");
            return Err(problems.finish().err().unwrap_or_default());
        }
    };
    let raw: RawSpec = match toml::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            let (line, col) = e.span().map(|s| super::config::line_col(&text, s.start)).unwrap_or((1, 1));
            problems.at(&file, line, Some((col, "")), e.message().trim(), "see the batch.toml format in the README");
            return Err(problems.finish().err().unwrap_or_default());
        }
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let mut runs = Vec::new();
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    for r in &raw.runs {
        let (line, _) = super::config::line_col(&text, r.span().start);
        let r = r.get_ref();
        if !safe_name(&r.name) {
            problems.at(
                &file,
                line,
                None,
                format!("run name `{}` cannot be a folder name", r.name),
                "use letters, digits and - _ . = + ,",
            );
        }
        if let Some(prev) = seen.insert(r.name.clone(), line) {
            problems.at(
                &file,
                line,
                None,
                format!("run `{}` is already named at line {prev}", r.name),
                "give every run its own name",
            );
        }
        let Some(sc) = r.scenario.as_ref().or(raw.scenario.as_ref()) else {
            problems.at(
                &file,
                line,
                None,
                format!("run `{}` has no scenario", r.name),
                "set scenario = \"<folder>\" at the top or in the run",
            );
            continue;
        };
        let sets = r.set.iter().map(|(k, v)| Override { key: k.clone(), value: v.clone() }).collect();
        runs.push(Run { name: r.name.clone(), scenario: base.join(sc), sets });
    }
    if raw.runs.is_empty() {
        problems.file(&file, "no [[runs]]", "add at least one [[runs]] table with a name");
    }
    problems.finish()?;
    Ok(runs)
}
