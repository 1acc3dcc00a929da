//! units.csv: the province, its departments and communes, and units outside
//! the area that are somebody's home. Parents lead up to a root (the province).
//! In version 2 also the historic units (valid dates, districts, mergers:
//! see [`super::mergers`]).

use std::collections::BTreeMap;
use std::path::Path;

use super::columns;
use super::problems::Problems;
use super::refs::Ids;
use super::table::{self, parse_bool, parse_month, Table};
use super::{mergers, Era};
use crate::model::{Level, Unit};

pub(super) const FILE: &str = "units.csv";

/// Reads units.csv: units sorted by id, with parents, roots and (version 2)
/// mergers resolved.
pub fn read(dir: &Path, era: Era, problems: &mut Problems) -> (Vec<Unit>, Ids) {
    let Some(t) = table::read(dir, FILE, &columns::UNITS[..4], problems) else {
        return (Vec::new(), Ids::default());
    };
    super::unique_ids(&t, "unit_id", problems);
    share_columns_present(&t, era, problems);
    let mut raw: Vec<(Unit, Option<String>)> = t.rows.iter().filter_map(|r| row(&t, r, era, problems)).collect();
    raw.sort_by(|a, b| a.0.id.cmp(&b.0.id).then(a.0.line.cmp(&b.0.line)));
    raw.dedup_by(|a, b| a.0.id == b.0.id);
    let ids = Ids {
        index: raw.iter().enumerate().map(|(i, u)| (u.0.id.clone(), i)).collect(),
        written: Ids::written_in(&t, "unit_id"),
        read: t.whole,
    };
    let parents: Vec<Option<String>> = raw.iter().map(|u| u.1.clone()).collect();
    let mut units: Vec<Unit> = raw.into_iter().map(|u| u.0).collect();
    link_parents(&t, &mut units, &parents, &ids, problems);
    find_roots(&t, &mut units, problems);
    communes_without_parent(&t, &units, &parents, problems);
    if era.contract >= 2 {
        mergers::resolve(&t, &mut units, &ids, era.reference, problems);
    }
    (units, ids)
}

fn row(t: &Table, r: &table::Row, era: Era, problems: &mut Problems) -> Option<(Unit, Option<String>)> {
    let id = t.required(r, "unit_id", problems);
    let level = match era.contract {
        1 => t.parsed(r, "level", problems, Level::parse, "`province` or `commune`"),
        _ => t.parsed(r, "level", problems, parse_level_v2, "`province`, `commune` or (historic) `district`"),
    };
    let disadvantaged = t.optional(r, "disadvantaged", problems, parse_bool, "`true` or `false`").flatten();
    let (valid_from, valid_to) = match era.contract {
        1 => (Some(None), Some(None)),
        _ => (
            t.optional(r, "valid_from", problems, parse_month, "a month as YYYY-MM, such as 2025-07"),
            t.optional(r, "valid_to", problems, parse_month, "a month as YYYY-MM, such as 2025-07"),
        ),
    };
    let values = share_columns(t, r, era, problems);
    let location = if era.contract >= 2 { location(t, r, problems) } else { Some(None) };
    let (id, level, valid_from, valid_to, values, location) = (id?, level?, valid_from?, valid_to?, values?, location?);
    let name = t.get(r, "name").unwrap_or(id);
    let unit = Unit {
        id: id.to_string(),
        name: name.to_string(),
        level,
        parent: None,
        disadvantaged: disadvantaged.unwrap_or(false),
        province: 0,
        line: r.line,
        valid_from,
        valid_to,
        values,
        merged_into: Vec::new(),
        successors: Vec::new(),
        current: true,
        location,
    };
    Some((unit, t.get(r, "parent_id").map(String::from)))
}

/// Version 2: the optional `lat` and `lon` columns, in degrees, given
/// together or not at all.
fn location(t: &Table, r: &table::Row, problems: &mut Problems) -> Option<Option<(f64, f64)>> {
    let degrees = |max: f64| move |s: &str| s.parse::<f64>().ok().filter(|v| v.abs() <= max);
    let lat = t.optional(r, "lat", problems, degrees(90.0), "a latitude in degrees from -90 to 90, such as 18.67497");
    let lon =
        t.optional(r, "lon", problems, degrees(180.0), "a longitude in degrees from -180 to 180, such as 105.66002");
    match (lat?, lon?) {
        (Some(la), Some(lo)) => Some(Some((la, lo))),
        (None, None) => Some(None),
        (la, _) => {
            let (given, missing) = if la.is_some() { ("lat", "lon") } else { ("lon", "lat") };
            let col = t.col(given).map(|c| (c, given));
            let msg = format!("`{given}` is given without `{missing}`");
            problems.at(FILE, r.line, col, msg, "give both lat and lon, or neither");
            None
        }
    }
}

/// The columns targets read a per-unit share from (`min_share_from`).
fn share_column_names<'a>(era: Era<'a>) -> Vec<&'a str> {
    let targets = era.config.map(|c| c.targets.as_slice()).unwrap_or_default();
    let mut names: Vec<&str> = targets.iter().filter_map(|t| t.share_from.as_deref()).collect();
    names.sort();
    names.dedup();
    names
}

/// A row's values in the share columns: each a number from 0 to 1, or empty.
fn share_columns(t: &Table, r: &table::Row, era: Era, problems: &mut Problems) -> Option<BTreeMap<String, f64>> {
    let mut values = BTreeMap::new();
    let mut ok = true;
    for col in share_column_names(era).into_iter().filter(|c| t.col(c).is_some()) {
        let parse = |s: &str| s.parse::<f64>().ok().filter(|v| (0.0..=1.0).contains(v));
        match t.optional(r, col, problems, parse, "a share from 0 to 1, such as 0.35") {
            Some(Some(v)) => {
                values.insert(col.to_string(), v);
            }
            Some(None) => {}
            None => ok = false,
        }
    }
    ok.then_some(values)
}

/// Each column a target reads must be in units.csv.
fn share_columns_present(t: &Table, era: Era, problems: &mut Problems) {
    for col in share_column_names(era).into_iter().filter(|c| t.col(c).is_none()) {
        let msg = format!("units.csv has no column `{col}`, which a target reads (min_share_from)");
        problems.at(FILE, t.header_line, None, msg, "add the column, with each unit's share from 0 to 1");
    }
}

/// Every unit a `min_share_from` target reads (one holding a post in its
/// scope) needs its value.
pub fn check_share_values(
    config: &super::config::Config,
    units: &[Unit],
    positions: &[crate::model::Position],
    problems: &mut Problems,
) {
    for t in config.targets.iter().filter(|t| t.share_from.is_some()) {
        let col = t.share_from.as_deref().unwrap_or_default();
        let mut missing: Vec<usize> = positions
            .iter()
            .filter(|p| t.titles.is_empty() || t.titles.contains(&p.title))
            .filter(|p| t.level.is_none_or(|l| units[p.unit].level == l))
            .map(|p| p.unit)
            .filter(|&u| !units[u].values.contains_key(col))
            .collect();
        missing.sort();
        missing.dedup();
        for u in missing {
            let msg = format!("unit `{}` has no `{col}`, which target `{}` reads", units[u].id, t.name);
            problems.at(FILE, units[u].line, None, msg, "give the unit's share from 0 to 1");
        }
    }
}

/// Version 2 adds the historic `district` level.
fn parse_level_v2(s: &str) -> Option<Level> {
    match s {
        "district" => Some(Level::District),
        _ => Level::parse(s),
    }
}

fn link_parents(t: &Table, units: &mut [Unit], parents: &[Option<String>], ids: &Ids, problems: &mut Problems) {
    for i in 0..units.len() {
        let Some(pid) = &parents[i] else { continue };
        let (id, line) = (units[i].id.clone(), units[i].line);
        match ids.index.get(pid) {
            None if ids.written.contains(pid) => {} // the parent's row has a problem of its own
            None => problems.at(
                FILE,
                line,
                t.loc("parent_id"),
                format!("parent `{pid}` of unit `{id}` is not in units.csv"),
                "use the unit_id of the province (or leave parent_id empty for the province itself)",
            ),
            Some(&p) if !parent_fits(units[i].level, units[p].level) => problems.at(
                FILE,
                line,
                t.loc("parent_id"),
                format!(
                    "parent `{pid}` of unit `{id}` is a {}; a parent must be a province-level unit{}",
                    units[p].level.as_str(),
                    if units[i].level == Level::Commune { " (or, for a historic commune, its district)" } else { "" }
                ),
                "a commune's parent is its province; a department's parent is the province",
            ),
            Some(&p) => units[i].parent = Some(p),
        }
    }
}

/// A commune may sit in a (historic) district; everything else sits in a province.
fn parent_fits(child: Level, parent: Level) -> bool {
    parent == Level::Province || (child == Level::Commune && parent == Level::District)
}

/// Sets each unit's root, reporting parent cycles.
fn find_roots(t: &Table, units: &mut [Unit], problems: &mut Problems) {
    for i in 0..units.len() {
        let (mut cur, mut steps) = (i, 0);
        while let Some(p) = units[cur].parent {
            cur = p;
            steps += 1;
            if steps > units.len() {
                let msg = format!("unit `{}` is part of a parent cycle", units[i].id);
                problems.at(
                    FILE,
                    units[i].line,
                    t.loc("parent_id"),
                    msg,
                    "parents must lead up to a unit with an empty parent_id",
                );
                break;
            }
        }
        units[i].province = cur;
    }
}

/// A commune whose parent_id is empty (a wrong parent is reported by [`link_parents`]).
fn communes_without_parent(t: &Table, units: &[Unit], parents: &[Option<String>], problems: &mut Problems) {
    for (u, parent) in units.iter().zip(parents) {
        if u.level != Level::Province && parent.is_none() {
            let msg = format!("{} `{}` has no parent", u.level.as_str(), u.id);
            problems.at(FILE, u.line, t.loc("parent_id"), msg, "set parent_id to its province (or district)");
        }
    }
}
