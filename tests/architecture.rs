//! The invariants of ARCHITECTURE.md, checked on the source: the layers (no
//! import runs up), who may touch good_lp and the file system, commands that
//! never import each other, and rules that are registered whole.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rotaplan::check::PLAN_CHECKS;
use rotaplan::rules::PAIR_RULES;

/// The layers, lowest first: a module may import only modules of a lower layer.
const LAYERS: &[&[&str]] = &[
    &["lang"],
    &["model", "output", "heartbeat", "text"],
    &["policy"],
    &["rules", "objective"],
    &["targets", "preferences"],
    &["plan"],
    &["scenario", "check", "svg", "forecast"],
    &["eligibility", "compare"],
    &["solve", "report"],
    &["explain"],
    &["error"],
    &["pipeline", "generate"],
    &["batch"],
    &["sweep", "shard", "desk"],
    &["cli"],
    &["commands"],
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p.strip_prefix(root().join("src")).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The top-level module a source file belongs to (`scenario/table.rs` -> `scenario`).
fn module_of(rel: &str) -> &str {
    rel.split('/').next().unwrap().trim_end_matches(".rs")
}

/// Modules named as `crate::<name>` in a source text.
fn imports(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .match_indices("crate::")
        .map(|(i, _)| text[i + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

#[test]
fn every_module_has_a_layer_and_no_import_runs_upward() {
    let mut upward = Vec::new();
    for (rel, text) in sources() {
        let m = module_of(&rel);
        if matches!(m, "lib" | "main") {
            continue;
        }
        let own = layer(m).unwrap_or_else(|| panic!("src/{rel}: module `{m}` has no layer in ARCHITECTURE.md"));
        for i in imports(&text).into_iter().filter(|i| i != m && i != "Error") {
            match layer(&i) {
                Some(l) if l < own => {}
                _ => upward.push(format!("src/{rel} imports crate::{i}")),
            }
        }
    }
    assert!(upward.is_empty(), "imports that run up the layers:\n{}", upward.join("\n"));
}

#[test]
fn no_command_imports_another_command() {
    let commands: Vec<String> = sources()
        .iter()
        .filter(|(r, _)| r.starts_with("commands/") && !r.ends_with("mod.rs"))
        .map(|(r, _)| r.trim_start_matches("commands/").trim_end_matches(".rs").to_string())
        .collect();
    for (rel, text) in sources().iter().filter(|(r, _)| r.starts_with("commands/")) {
        for other in &commands {
            let me = rel.trim_start_matches("commands/").trim_end_matches(".rs");
            if other != me {
                for pat in [format!("super::{other}::"), format!("commands::{other}::")] {
                    assert!(!text.contains(&pat), "src/{rel} uses `{pat}`: move what they share into the library");
                }
            }
        }
    }
}

#[test]
fn only_solve_knows_good_lp_and_only_input_and_output_touch_files() {
    for (rel, text) in sources() {
        if !rel.starts_with("solve/") {
            assert!(!text.contains("good_lp"), "src/{rel} names good_lp; only src/solve/ may");
            assert!(!text.contains("microlp::"), "src/{rel} calls microlp; only src/solve/ may");
        }
        let io_module = rel.starts_with("scenario/") || rel.starts_with("output/");
        if !io_module {
            assert!(
                !text.contains("std::fs") && !text.contains("fs::"),
                "src/{rel} touches files; only src/scenario/ (input) and src/output/ may"
            );
        }
    }
}

#[test]
fn library_code_never_panics_on_purpose() {
    for (rel, text) in sources() {
        for pat in ["panic!(", "unimplemented!(", "todo!(", ".unwrap()", ".expect("] {
            let hits: Vec<usize> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.contains(pat) && !l.trim_start().starts_with("//"))
                .map(|(i, _)| i + 1)
                .collect();
            assert!(hits.is_empty(), "src/{rel} lines {hits:?}: `{pat}` in library code; return an error instead");
        }
    }
}

/// Every violation code, pair rules and plan checks alike, with a hand-made
/// draft that breaks exactly it (tests/check.rs runs them) and a line in the
/// contract's table of codes.
#[test]
fn every_rule_is_registered_whole() {
    let contract = std::fs::read_to_string(root().join("docs/scenario-format.md")).unwrap();
    let drafts: Vec<PathBuf> =
        std::fs::read_dir(root().join("tests/drafts")).unwrap().map(|e| e.unwrap().path()).collect();
    let mut codes: BTreeMap<&str, &str> = BTreeMap::new();
    for r in PAIR_RULES {
        codes.insert(r.code(), "pair rule");
        let n = r.section().trim_start_matches("rule ");
        assert!(
            contract.contains(&format!("\n{n}. **")),
            "rule `{}`: no item {n}. in the contract's list of rules",
            r.code()
        );
    }
    for c in PLAN_CHECKS {
        assert!(codes.insert(c.code, "plan check").is_none(), "code `{}` registered twice", c.code);
    }
    for (code, kind) in codes {
        assert!(
            drafts.iter().any(|d| d.join(format!("{code}.csv")).exists()),
            "{kind} `{code}`: add tests/drafts/<scenario>/{code}.csv, a draft that breaks exactly it"
        );
        assert!(
            contract.contains(&format!("| `{code}` |")),
            "{kind} `{code}`: add it to the table of violation codes in docs/scenario-format.md"
        );
    }
}
