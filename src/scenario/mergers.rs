//! Units over time (contract version 2, section 10): which units exist at
//! the reference date, where each historic unit went (`merged_into`, or
//! through its communes for a district or province without one), and the
//! problems a record of mergers can have: dangling or circular links, a
//! district still in force, a current unit that says it was merged.

use std::collections::BTreeSet;

use super::problems::Problems;
use super::refs::Ids;
use super::table::Table;
use super::units::FILE;
use crate::model::{Level, Unit, UnitIdx, YearMonth};

/// Resolves validity, `merged_into` and successors. Without a reference date
/// (scenario.toml unreadable) every unit is taken as current.
pub fn resolve(t: &Table, units: &mut [Unit], ids: &Ids, reference: Option<YearMonth>, problems: &mut Problems) {
    for u in units.iter_mut() {
        u.current = reference.is_none_or(|r| valid_at(u, r));
    }
    // Without a reference date (scenario.toml unreadable, already reported)
    // nothing can be said of which units are current.
    let Some(reference) = reference else {
        link(t, units, ids, None, problems);
        return;
    };
    check_dates(t, units, reference, problems);
    link(t, units, ids, Some(reference), problems);
    if circular(t, units, problems) {
        return;
    }
    let children = children(units);
    for i in 0..units.len() {
        let mut seen = BTreeSet::new();
        units[i].successors = successors(units, &children, i, &mut seen).into_iter().collect();
    }
}

/// True when the unit exists in month `m`.
pub fn valid_at(u: &Unit, m: YearMonth) -> bool {
    u.valid_from.is_none_or(|f| f <= m) && u.valid_to.is_none_or(|to| m < to)
}

fn check_dates(t: &Table, units: &[Unit], reference: YearMonth, problems: &mut Problems) {
    for u in units {
        if let (Some(from), Some(to)) = (u.valid_from, u.valid_to) {
            if to <= from {
                let msg = format!("unit `{}` is valid to {to}, not after it is valid from {from}", u.id);
                problems.at(
                    FILE,
                    u.line,
                    t.loc("valid_to"),
                    msg,
                    "valid_to is the first month the unit no longer exists",
                );
            }
        }
        if u.level == Level::District && u.current {
            let msg = format!(
                "district `{}` is in force at the reference date {reference}; districts were abolished on 2025-07-01",
                u.id
            );
            problems.at(
                FILE,
                u.line,
                t.loc("valid_to"),
                msg,
                "give the district valid_to = 2025-07 (or when it ended)",
            );
        }
    }
}

/// Reads `merged_into`: successor ids separated by `;`.
fn link(t: &Table, units: &mut [Unit], ids: &Ids, reference: Option<YearMonth>, problems: &mut Problems) {
    if t.col("merged_into").is_none() {
        return;
    }
    let by_line: std::collections::HashMap<u64, usize> = units.iter().enumerate().map(|(i, u)| (u.line, i)).collect();
    for r in &t.rows {
        let (Some(&i), Some(cell)) = (by_line.get(&r.line), t.get(r, "merged_into")) else { continue };
        for succ in cell.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            match ids.index.get(succ) {
                Some(&s) if s == i => problems.at(
                    FILE,
                    r.line,
                    t.loc("merged_into"),
                    format!("unit `{succ}` is merged into itself"),
                    "name the units it went into",
                ),
                Some(&s) => units[i].merged_into.push(s),
                None if ids.written.contains(succ) => {}
                None => problems.at(
                    FILE,
                    r.line,
                    t.loc("merged_into"),
                    format!("unit `{}` is merged into `{succ}`, which is not in units.csv", units[i].id),
                    "add the successor unit to units.csv, or correct the id (several successors are separated by `;`)",
                ),
            }
        }
        if reference.is_some() && units[i].current && !units[i].merged_into.is_empty() {
            let msg = format!(
                "unit `{}` is merged into another unit but is still in force at the reference date",
                units[i].id
            );
            problems.at(
                FILE,
                r.line,
                t.loc("merged_into"),
                msg,
                "give valid_to, the first month the unit no longer existed",
            );
        }
    }
}

/// Reports each unit on a cycle of `merged_into` links; true when there is one.
fn circular(t: &Table, units: &[Unit], problems: &mut Problems) -> bool {
    let mut found = false;
    for start in 0..units.len() {
        let mut stack: Vec<UnitIdx> = units[start].merged_into.clone();
        let mut seen = BTreeSet::new();
        while let Some(u) = stack.pop() {
            if u == start {
                let msg = format!("unit `{}` is merged, through other units, back into itself", units[start].id);
                problems.at(
                    FILE,
                    units[start].line,
                    t.loc("merged_into"),
                    msg,
                    "a merger leads from old units to new ones only",
                );
                found = true;
                break;
            }
            if seen.insert(u) {
                stack.extend(units[u].merged_into.iter().copied());
            }
        }
    }
    found
}

fn children(units: &[Unit]) -> Vec<Vec<UnitIdx>> {
    let mut out = vec![Vec::new(); units.len()];
    for (i, u) in units.iter().enumerate() {
        if let Some(p) = u.parent {
            out[p].push(i);
        }
    }
    out
}

/// The current units unit `u` is now part of.
fn successors(
    units: &[Unit],
    children: &[Vec<UnitIdx>],
    u: UnitIdx,
    seen: &mut BTreeSet<UnitIdx>,
) -> BTreeSet<UnitIdx> {
    if units[u].current {
        return BTreeSet::from([u]);
    }
    if !seen.insert(u) {
        return BTreeSet::new();
    }
    let next: &[UnitIdx] = match units[u].merged_into.is_empty() {
        true => &children[u],
        false => &units[u].merged_into,
    };
    next.iter().flat_map(|&n| successors(units, children, n, seen)).collect()
}
