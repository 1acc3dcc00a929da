//! The bad-input corpus: every case in tests/corpus/bad/*.toml edits a copy
//! of a bundled scenario (or builds files of its own), runs one command, and
//! states the exit code and fragments of the message. Each run must leave
//! nothing written: no output, no file changed or added beside it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    description: String,
    #[serde(default = "tiny")]
    base: String,
    /// Command line; `{scenario}` is the edited copy, `{out}` a path beside it
    /// that must stay absent, `{work}` the folder holding both.
    #[serde(default = "solve")]
    args: Vec<String>,
    exit: i32,
    expect: Vec<String>,
    /// Fragments that must not appear (follow-on errors of the root cause).
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    edit: Vec<Edit>,
    /// Files created in `{work}` before the run (path relative to it, text).
    #[serde(default)]
    setup: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    replace: Option<String>,
    with: Option<String>,
    append: Option<String>,
    write: Option<String>,
    #[serde(default)]
    delete: bool,
}

fn tiny() -> String {
    "tiny".into()
}

fn solve() -> Vec<String> {
    ["solve", "{scenario}", "--out", "{out}"].iter().map(|s| s.to_string()).collect()
}

fn apply(dir: &Path, e: &Edit, case: &str) {
    let p = dir.join(&e.file);
    if e.delete {
        std::fs::remove_file(&p).unwrap();
        return;
    }
    if let Some(w) = &e.write {
        std::fs::write(&p, w).unwrap();
        return;
    }
    let mut text = std::fs::read_to_string(&p).unwrap_or_default();
    if let Some(from) = &e.replace {
        assert!(text.contains(from.as_str()), "{case}: {} lacks `{from}`", e.file);
        text = text.replacen(from.as_str(), e.with.as_deref().unwrap_or(""), 1);
    }
    if let Some(line) = &e.append {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(&p, text).unwrap();
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

fn run_case(path: &Path) -> Result<(), String> {
    let name = path.file_stem().unwrap().to_string_lossy().to_string();
    let case: Case = toml::from_str(&std::fs::read_to_string(path).unwrap()).map_err(|e| format!("{name}: {e}"))?;
    let work = tempfile::tempdir().unwrap();
    let scenario = work.path().join("scenario");
    common::copy_dir(&common::scenario_path(&case.base), &scenario);
    for e in &case.edit {
        apply(&scenario, e, &name);
    }
    for (rel, text) in &case.setup {
        let p = work.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let out = work.path().join("out");
    let before = snapshot(work.path());
    let fill = |a: &String| {
        a.replace("{scenario}", scenario.to_str().unwrap())
            .replace("{out}", out.to_str().unwrap())
            .replace("{work}", work.path().to_str().unwrap())
    };
    let args: Vec<String> = case.args.iter().map(fill).collect();
    let o = common::rotaplan(&args.iter().map(|s| s.as_str()).collect::<Vec<_>>());
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let mut wrong = Vec::new();
    if o.status.code() != Some(case.exit) {
        wrong.push(format!("exit {:?}, expected {}", o.status.code(), case.exit));
    }
    for e in case.expect.iter().map(fill) {
        if !text.contains(&e) {
            wrong.push(format!("no `{e}` in the output"));
        }
    }
    for a in case.absent.iter().map(fill) {
        if text.contains(&a) {
            wrong.push(format!("`{a}` in the output (a follow-on error)"));
        }
    }
    if text.contains("panicked") {
        wrong.push("it panicked".into());
    }
    if snapshot(work.path()) != before {
        wrong.push("files were written, changed or removed".into());
    }
    match wrong.is_empty() {
        true => Ok(()),
        false => Err(format!("{name} ({}): {}\n--- output:\n{text}", case.description, wrong.join("; "))),
    }
}

#[test]
fn every_bad_input_is_refused_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/bad");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 60, "the corpus has {} cases; keep at least 60", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c).err()).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}
