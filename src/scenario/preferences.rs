//! preferences.csv (version 2, optional): each cadre's wishes about posts,
//! a unit, a title or both, ranked (1 = most wanted) or avoided, with a
//! reason (contract section 10.15). Reasons are personal data.

use std::collections::BTreeMap;
use std::path::Path;

use super::problems::Problems;
use super::refs::Refs;
use super::table::{Row, Table};
use super::training::read_version_2;
use crate::model::{Cadre, Preference, Wish};

pub const FILE: &str = "preferences.csv";
pub const COLUMNS: &[&str] = &["cadre_id", "unit_id", "title", "rank"];

/// Reads preferences.csv into each cadre's `preferences`.
pub fn read(dir: &Path, refs: &Refs, contract: u8, cadres: &mut [Cadre], problems: &mut Problems) {
    let Some(t) = read_version_2(dir, FILE, COLUMNS, contract, problems) else { return };
    let mut seen: BTreeMap<(usize, Option<usize>, Option<usize>), u64> = BTreeMap::new();
    for r in &t.rows {
        let Some((c, wish)) = row(&t, r, refs, problems) else { continue };
        match seen.insert((c, wish.unit, wish.title), r.line) {
            Some(first) => problems.at(
                FILE,
                r.line,
                t.loc("unit_id"),
                format!("cadre `{}` has a wish about the same unit and title at line {first}", cadres[c].id),
                "keep one row per cadre, unit and title",
            ),
            None => cadres[c].preferences.push(wish),
        }
    }
}

fn row(t: &Table, r: &Row, refs: &Refs, problems: &mut Problems) -> Option<(usize, Preference)> {
    let c = refs.cadre(t, r, problems);
    let unit = t.get(r, "unit_id").map(|v| refs.unit(t, r, "unit_id", v, problems));
    let title = t.get(r, "title").map(|v| refs.title(t, r, "title", v, problems));
    let wish = t.parsed(r, "rank", problems, parse_wish, "a rank from 1 to 99 (1 = most wanted) or `avoid`");
    if unit.is_none() && title.is_none() {
        let msg = "a wish names neither a unit nor a title";
        problems.at(FILE, r.line, t.loc("unit_id"), msg, "give a unit_id, a title or both");
        return None;
    }
    let reason = t.get(r, "reason").unwrap_or_default().to_string();
    let wish = Preference { unit: unit.flatten(), title: title.flatten(), wish: wish?, reason, line: r.line };
    // A unit or title that did not resolve was reported; skip the row.
    let resolved = unit.is_none_or(|u| u.is_some()) && title.is_none_or(|x| x.is_some());
    Some((c?, wish)).filter(|_| resolved)
}

/// `1` to `99`, or `avoid`.
fn parse_wish(s: &str) -> Option<Wish> {
    if s.eq_ignore_ascii_case("avoid") {
        return Some(Wish::Avoid);
    }
    s.parse::<u32>().ok().filter(|r| (1..=99).contains(r)).map(Wish::Rank)
}
