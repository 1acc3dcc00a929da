//! Cadres' wishes in generated version-2 scenarios (contract section
//! 10.15), synthetic and drawn from the seed: for each planning row by post
//! in a commune, one in ten ranks the commune (rank 1 to 3), and one in ten
//! rows for a disadvantaged commune asks to avoid it, with a reason. The
//! weights are the committee's choice; README.md compares the plans with
//! and without them.

use std::collections::BTreeMap;

use super::version2::{render, stable_hash, table};

/// Keys added under `[objective]`.
const OBJECTIVE: &str = "preference_points = 20   # section 10.15: a commune a cadre ranks first ...\n\
preference_rank_step = 5   # ... 5 less for each rank below\n\
avoid_penalty = 60         # a post a cadre asked to avoid\n";

/// Synthetic reasons (personal data in a real scenario).
const REASONS: &[&str] = &["family hardship", "health", "caring for a young child"];

/// Adds preferences.csv and the weights.
pub fn apply(files: &mut Vec<(String, Vec<u8>)>, seed: u64) {
    let text = |name: &str| files.iter().find(|f| f.0 == name).map(|f| String::from_utf8_lossy(&f.1).into_owned());
    let units = table(&text("units.csv").unwrap_or_default());
    let communes: BTreeMap<&str, bool> = units
        .1
        .iter()
        .filter(|r| r[2] == "commune" && r[6].is_empty())
        .map(|r| (r[0].as_str(), r[4] == "true"))
        .collect();
    let positions = table(&text("positions.csv").unwrap_or_default());
    let unit_of: BTreeMap<&str, &str> = positions.1.iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
    let mut wishes: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    for r in table(&text("candidates.csv").unwrap_or_default()).1 {
        let Some(&unit) = unit_of.get(r[1].as_str()) else { continue };
        let Some(&hard) = communes.get(unit) else { continue };
        let h = stable_hash(seed, r[0].as_bytes(), format!("wish/{unit}").as_bytes());
        let wish = match h % 10 {
            0 if hard => ("avoid".to_string(), REASONS[(h / 10 % 3) as usize].to_string()),
            1 | 2 => ((1 + h / 10 % 3).to_string(), String::new()),
            _ => continue,
        };
        wishes.entry((r[0].clone(), unit.to_string())).or_insert(wish);
    }
    let header = ["cadre_id", "unit_id", "title", "rank", "reason"].map(String::from).to_vec();
    let rows = wishes.into_iter().map(|((c, u), (rank, reason))| vec![c, u, String::new(), rank, reason]).collect();
    files.push(("preferences.csv".into(), render(&(header, rows))));
    for (_, bytes) in files.iter_mut().filter(|f| f.0 == "scenario.toml") {
        let s = String::from_utf8_lossy(bytes).replacen("[objective]\n", &format!("[objective]\n{OBJECTIVE}"), 1);
        *bytes = s.into_bytes();
    }
}

/// What the README of the version-2 Nghệ An says of the wishes. The optimum
/// it quotes is asserted by tests/nghe_an.rs.
pub const NGHE_AN_README: &str = r#"
## Cadres' wishes (docs/scenario-format.md section 10.15)

- preferences.csv is synthetic: for one in ten planning rows for a commune
  post the cadre ranks the commune (1 to 3), and for one in ten rows for a
  disadvantaged commune the cadre asks to avoid it, with a reason (family
  hardship, health, caring for a young child). Real reasons are personal
  data: `compare` and `report` show counts unless `--show-reasons`.
- Weights: `preference_points = 20`, `preference_rank_step = 5`,
  `avoid_penalty = 60`.
- The optimum (release build, microlp): **objective -2531.8**, 648 posts
  filled. Of the 420 cadres with wishes, 153 get a post they ranked and 3 a
  post they asked to avoid (32 blocking pairs). With the weights at 0
  (`--set objective.preference_points=0 --set objective.avoid_penalty=0`):
  87 and 7 (39 blocking pairs).
"#;
