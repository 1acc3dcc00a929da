//! The horizon in generated version-2 scenarios (contract sections 10.11 to
//! 10.13): about half of the planning rows that send a provincial cadre to a
//! commune (drawn from the seed) are marked `move = rotation`, the rotations
//! for training the committee designates, and scenario.toml turns on the fair-rotation rule 8,
//! the disadvantaged vacancy penalty, the rotation period (reported, not
//! confirmed: docs/policy-sources.md) and the bonus only for marked rotations.

use std::collections::BTreeMap;

use super::version2::{render, stable_hash, table};

/// Keys added under `[rules]`.
const RULES: &str = "no_consecutive_disadvantaged = true   # section 10.11\n\
rotation_period_months = 36   # reported (Decree 138/2020, Regulation 65-QĐ/TW), unconfirmed\n\
rotation_origin = \"released\"\n\
remaining_service = { rotation = 120 }   # Decree 138/2020, art. 56(4)(a), as quoted: two terms (10 years)\n";

/// Keys added under `[objective]`.
const OBJECTIVE: &str = "disadvantaged_vacancy_penalty = 500\nrotation_bonus_requires_rules = true\n";

/// Applies the horizon to the files of a version-2 scenario.
pub fn apply(files: &mut [(String, Vec<u8>)], seed: u64) {
    let text = |name: &str| files.iter().find(|f| f.0 == name).map(|f| String::from_utf8_lossy(&f.1).into_owned());
    let levels: BTreeMap<String, String> =
        table(&text("units.csv").unwrap_or_default()).1.into_iter().map(|r| (r[0].clone(), r[2].clone())).collect();
    let level_of = |rows: &str, col: usize| -> BTreeMap<String, String> {
        let t = table(&text(rows).unwrap_or_default());
        t.1.into_iter().map(|r| (r[0].clone(), levels.get(&r[col]).cloned().unwrap_or_default())).collect()
    };
    let (works, posts) = (level_of("cadres.csv", 6), level_of("positions.csv", 1));
    let commune_titles = commune_titles(&text("scenario.toml").unwrap_or_default());
    for (name, bytes) in files.iter_mut() {
        match name.as_str() {
            "candidates.csv" => {
                let down = |r: &[String]| {
                    let to_commune = posts.get(&r[1]).is_some_and(|l| l == "commune") || commune_titles.contains(&r[2]);
                    let drawn =
                        stable_hash(seed, r[0].as_bytes(), format!("{}/{}", r[1], r[2]).as_bytes()).is_multiple_of(2);
                    to_commune && drawn && works.get(&r[0]).is_some_and(|l| l == "province")
                };
                let mut t = table(&String::from_utf8_lossy(bytes));
                t.0.push("move".into());
                for r in &mut t.1 {
                    let mark = if down(r) { "rotation" } else { "" };
                    r.push(mark.into());
                }
                *bytes = render(&t);
            }
            "scenario.toml" => {
                let s = String::from_utf8_lossy(bytes).replacen("[rules]\n", &format!("[rules]\n{RULES}"), 1);
                *bytes = s.replacen("[objective]\n", &format!("[objective]\n{OBJECTIVE}"), 1).into_bytes();
            }
            _ => {}
        }
    }
}

/// The keys of the titles at commune level in scenario.toml.
fn commune_titles(toml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = None;
    for line in toml.lines() {
        if let Some(k) = line.strip_prefix("[titles.").and_then(|l| l.strip_suffix(']')) {
            current = Some(k.to_string());
        } else if line.starts_with('[') {
            current = None;
        } else if line.replace(' ', "") == "level=\"commune\"" {
            out.extend(current.clone());
        }
    }
    out
}

/// What the README of the version-2 Nghệ An says of the horizon. The
/// optimum it quotes is asserted by tests/nghe_an.rs.
pub const NGHE_AN_README: &str = r#"
## The horizon (docs/scenario-format.md sections 10.11 to 10.13)

- **Rotations for training**: about half of the planning rows that send a
  provincial cadre to a commune (drawn from the seed) are marked `move =
  rotation`; `rotation_period_months = 36` (reported, not confirmed in a
  text: docs/policy-sources.md) and `rotation_origin = "released"` (the
  department posts they leave are filled like any other). A rotation needs
  120 months of service left (`remaining_service.rotation`: Decree
  138/2020/ND-CP art. 56(4)(a), "at least two terms (10 years) from the
  time of rotation", as quoted). rotation.csv lists every rotation in the plan.
- `rotation_bonus_requires_rules = true`: the rotation-down bonus (15) goes
  only to those marked rotations, which eligibility holds to the planning
  and the remaining service of a rotation.
- **Fair rotation burden**: the 28 western communes are marked
  disadvantaged in units.csv; rule 8 (`no_consecutive_disadvantaged`) keeps
  anyone who served in one during 2020–2024 from being sent to another, and
  a vacancy there costs 500 more (`disadvantaged_vacancy_penalty`).
- Without rule 8 (`--set rules.no_consecutive_disadvantaged=false`) 653
  posts are filled instead of 648; without the bonus switch
  (`--set objective.rotation_bonus_requires_rules=false`), the unmarked
  moves down earn the bonus again.
- Priority levels instead of the weighted objective: `--set
  'objective.levels=["fill","disadvantaged","targets","fit","disruption"]'`,
  then `rotaplan compare` of both plans with the same `--set` shows them
  level by level.
"#;
