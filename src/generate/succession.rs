//! Succession pools in generated version-2 scenarios (contract section
//! 10.14): the key titles name two successors for each post; a cadre stands
//! in the pools of at most 3 posts; targets on the pools for cadres under 40
//! and for women (Regulation 50-QĐ/TW of 2021 as reported, kept
//! configurable: docs/policy-sources.md); and training.csv, in which about
//! half of the pool members who lack a key title's education or political
//! theory are in training, completing between 2026-01 and 2031-12 (drawn
//! from the seed, so some finish after the next term's reference date).

use std::collections::{BTreeMap, BTreeSet};

use super::version2::{render, stable_hash, table};

/// The key titles that name successors, with the minimums a successor must reach.
const KEY_TITLES: &[(&str, &str, &str)] = &[
    ("party_secretary", "bachelor", "advanced"),
    ("pc_chair", "bachelor", "advanced"),
    ("prov_party_secretary", "master", "advanced"),
    ("prov_pc_chair", "master", "advanced"),
];

/// Successors named for each post of a key title.
const K: u32 = 2;

/// Keys added under `[rules]`.
const RULES: &str =
    "max_succession_titles = 3   # Regulation 50-QĐ/TW (2021), as reported; unconfirmed under Regulation 377-QĐ/TW\n";

/// The group and targets on the pools, added before `[objective]`.
const TARGETS: &str = r#"[[targets]]
name = "cadres under 40 among the successors of key posts"
key = "young_successors"
group = "under_40"
titles = ["party_secretary", "pc_chair", "prov_party_secretary", "prov_pc_chair"]
on = "succession"
min_share = 0.15   # Regulation 50-QĐ/TW (2021), as reported; unconfirmed under Regulation 377-QĐ/TW
penalty = 40

[[targets]]
name = "women among the successors of key posts"
key = "female_successors"
group = "female"
titles = ["party_secretary", "pc_chair", "prov_party_secretary", "prov_pc_chair"]
on = "succession"
min_share = 0.25   # Regulation 50-QĐ/TW (2021), as reported; unconfirmed under Regulation 377-QĐ/TW
penalty = 40

"#;

/// Applies succession to the files of a version-2 scenario and adds training.csv.
pub fn apply(files: &mut Vec<(String, Vec<u8>)>, seed: u64) {
    let text = |name: &str| files.iter().find(|f| f.0 == name).map(|f| String::from_utf8_lossy(&f.1).into_owned());
    let training = training_rows(
        &text("cadres.csv").unwrap_or_default(),
        &text("positions.csv").unwrap_or_default(),
        &text("candidates.csv").unwrap_or_default(),
        seed,
    );
    for (name, bytes) in files.iter_mut() {
        if name == "scenario.toml" {
            *bytes = scenario_toml(&String::from_utf8_lossy(bytes)).into_bytes();
        }
    }
    let header = ["cadre_id", "requirement", "level", "completion"].map(String::from).to_vec();
    files.push(("training.csv".into(), render(&(header, training))));
}

/// `succession = 2` on each key title, the limit per cadre, the group under 40 and the targets.
fn scenario_toml(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line == "[objective]" {
            out.push_str(TARGETS);
        }
        out.push_str(line);
        out.push('\n');
        let key = line.strip_prefix("[titles.").and_then(|l| l.strip_suffix(']'));
        if key.is_some_and(|k| KEY_TITLES.iter().any(|t| t.0 == k)) {
            out.push_str(&format!("succession = {K}\n"));
        }
        if line == "[rules]" {
            out.push_str(RULES);
        }
        if line == "[groups]" {
            out.push_str("under_40 = { max_age = 39 }   # \"under 40\" (Regulation 50-QĐ/TW, as reported)\n");
        }
    }
    out
}

/// The trainings of pool members of key titles: for each qualification a
/// member lacks, one in two (by the seed) is in training.
fn training_rows(cadres: &str, positions: &str, candidates: &str, seed: u64) -> Vec<Vec<String>> {
    let (cadres, positions, candidates) = (table(cadres), table(positions), table(candidates));
    let col = |t: &(Vec<String>, Vec<Vec<String>>), name: &str| t.0.iter().position(|h| h == name);
    let (Some(edu), Some(theory)) = (col(&cadres, "education"), col(&cadres, "theory")) else { return Vec::new() };
    let has: BTreeMap<&str, (&str, &str)> =
        cadres.1.iter().map(|r| (r[0].as_str(), (r[edu].as_str(), r[theory].as_str()))).collect();
    let title_of: BTreeMap<&str, &str> = positions.1.iter().map(|r| (r[0].as_str(), r[2].as_str())).collect();
    let mut out = BTreeSet::new();
    for r in &candidates.1 {
        let title = if r[1].is_empty() { r[2].as_str() } else { title_of.get(r[1].as_str()).copied().unwrap_or("") };
        let (Some(&(_, min_edu, min_theory)), Some(&(e, t))) =
            (KEY_TITLES.iter().find(|k| k.0 == title), has.get(r[0].as_str()))
        else {
            continue;
        };
        for (req, level, needs, order) in [("education", e, min_edu, EDUCATION), ("theory", t, min_theory, THEORY)] {
            let below = rank(order, level) < rank(order, needs);
            let drawn = stable_hash(seed, r[0].as_bytes(), req.as_bytes());
            if below && drawn.is_multiple_of(2) {
                out.insert((r[0].clone(), req, needs, completion(drawn)));
            }
        }
    }
    dedup_by_cadre(out)
}

const EDUCATION: &[&str] = &["secondary", "college", "bachelor", "master", "doctor"];
const THEORY: &[&str] = &["none", "elementary", "intermediate", "advanced"];

fn rank(order: &[&str], level: &str) -> usize {
    order.iter().position(|l| *l == level).unwrap_or(0)
}

/// A completion month from 2026-01 to 2031-12.
fn completion(drawn: u64) -> String {
    let m = (drawn / 2) % 72;
    format!("{}-{:02}", 2026 + m / 12, m % 12 + 1)
}

/// One training per cadre and requirement: the highest level asked, sorted by cadre.
fn dedup_by_cadre(rows: BTreeSet<(String, &str, &str, String)>) -> Vec<Vec<String>> {
    let mut best: BTreeMap<(String, &str), (&str, String)> = BTreeMap::new();
    for (c, req, level, month) in rows {
        let order = if req == "education" { EDUCATION } else { THEORY };
        let e = best.entry((c, req)).or_insert((level, month.clone()));
        if rank(order, level) > rank(order, e.0) {
            *e = (level, month);
        }
    }
    best.into_iter().map(|((c, req), (level, month))| vec![c, req.to_string(), level.to_string(), month]).collect()
}

/// What the README of the version-2 Nghệ An says of succession. The optimum
/// it quotes is asserted by tests/nghe_an.rs.
pub const NGHE_AN_README: &str = r#"
## Succession pools (docs/scenario-format.md section 10.14)

- The key titles (commune party secretary and PC chair, provincial party
  secretary and PC chair) name **two successors** for each post, from the
  planning pools, eligible at the next term's reference date (a term
  later). A cadre stands in at most 3 pools (`max_succession_titles = 3`),
  and the pools should hold at least 15 % of cadres under 40 and 25 % of
  women: Regulation 50-QĐ/TW (2021) as reported, not confirmed under
  Regulation 377-QĐ/TW that replaced it (docs/policy-sources.md); both are
  soft targets `on = "succession"`.
- training.csv: about half of the pool members of key titles who lack the
  title's education or political theory are in training, completing
  between 2026-01 and 2031-12 (synthetic, drawn from the seed). A training
  that completes before a post's reference date counts for it: before
  2026-03 for this term's council and government posts, before the next
  term's reference date for a successor; succession.csv says what each
  successor still lacks and when they are ready.
- Without the wishes' weights (section "Cadres' wishes" below): 648 posts
  filled, 37 vacant, 293 successors named; 104 of the 262 key posts have
  both successors; the objective is −4261. Without pools either
  (`--set titles.<key title>.succession=0` for the four titles) it is
  −39929 with the same 648 posts filled.
"#;
