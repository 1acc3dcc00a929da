//! history.csv (optional): past and current tenures, for term limits,
//! locality by service and minimum time in post. Version 2 also takes months
//! (`start`, `end` as YYYY-MM); a year alone means January.

use std::path::Path;

use super::cadres::MONTH_HINT;
use super::problems::Problems;
use super::refs::Refs;
use super::table::{self, parse_month, parse_year, Row, Table};
use super::Era;
use crate::model::{Cadre, Tenure, Unit, YearMonth};

const FILE: &str = "history.csv";

/// Reads history.csv into each cadre's sorted tenures.
pub fn read(dir: &Path, refs: &Refs, era: Era, units: &[Unit], cadres: &mut [Cadre], problems: &mut Problems) {
    if dir.join(FILE).exists() {
        if let Some(t) = table(dir, era, problems) {
            for r in &t.rows {
                if let Some((c, tenure)) = row(&t, r, refs, era, problems) {
                    if era.contract >= 2 && !within_unit(&t, &tenure, &units[tenure.unit], problems) {
                        continue;
                    }
                    let reference = era.reference_for(&tenure.title, units[tenure.unit].level);
                    keep(tenure, era.contract, reference, &mut cadres[c], problems);
                }
            }
        }
    }
    for c in cadres {
        c.tenures.sort();
    }
}

/// The table, with its columns: `start_year` (version 1), or in version 2
/// `start` or `start_year` (and `end` or `end_year`).
fn table(dir: &Path, era: Era, problems: &mut Problems) -> Option<Table> {
    if era.contract < 2 {
        return table::read(dir, FILE, super::columns::HISTORY, problems);
    }
    let t = table::read(dir, FILE, &["cadre_id", "unit_id", "title"], problems)?;
    if t.col("start").is_none() && t.col("start_year").is_none() {
        let hint = "add `start` and `end` columns (YYYY-MM), or `start_year` and `end_year`";
        problems.at(FILE, t.header_line, None, "history.csv has neither `start` nor `start_year`", hint);
        return None;
    }
    Some(t)
}

/// Version 2: a tenure lies within its unit's valid dates (a historic unit's
/// tenures end by the time the unit does).
fn within_unit(t: &Table, tenure: &Tenure, unit: &Unit, problems: &mut Problems) -> bool {
    let start_col = t.loc("start").or(t.loc("start_year"));
    let end_col = t.loc("end").or(t.loc("end_year"));
    let (id, line) = (&unit.id, tenure.line);
    if let Some(from) = unit.valid_from.filter(|&f| tenure.start < f) {
        let msg = format!("the tenure starts {}, before unit `{id}` existed (valid from {from})", tenure.start);
        problems.at(
            FILE,
            line,
            start_col,
            msg,
            "correct the start, or record the tenure in the unit that existed then",
        );
        return false;
    }
    let Some(to) = unit.valid_to else { return true };
    match tenure.end {
        Some(end) if end <= to => true,
        Some(end) => {
            let msg = format!("the tenure ends {end}, after unit `{id}` ceased to exist (valid to {to})");
            problems.at(
                FILE,
                line,
                end_col,
                msg,
                "end it by the unit's valid_to and record the rest in the unit it went into",
            );
            false
        }
        None => {
            let msg = format!("the tenure in unit `{id}` has no end, but the unit ceased to exist in {to}");
            problems.at(
                FILE,
                line,
                end_col,
                msg,
                "give the end (at the latest the unit's valid_to) and record the rest in the unit it went into",
            );
            false
        }
    }
}

/// Version 2 ignores a tenure that starts on or after its reference date
/// (its title's calendar), with a warning, as version 1 ignores the years from
/// `term_start` on.
fn keep(tenure: Tenure, contract: u8, reference: Option<YearMonth>, cadre: &mut Cadre, problems: &mut Problems) {
    match reference {
        Some(reference) if contract >= 2 && tenure.start >= reference => problems.warn_at(
            FILE,
            tenure.line,
            None,
            format!("the tenure starts {}, on or after the reference date {reference}; it is ignored", tenure.start),
            "only service before the reference date counts; remove the row or correct its start",
        ),
        _ => cadre.tenures.push(tenure),
    }
}

/// One end of a tenure: the month column (version 2) or January of the year column.
fn month(t: &Table, r: &Row, era: Era, cols: (&str, &str), problems: &mut Problems) -> Option<Option<YearMonth>> {
    let (month_col, year_col) = cols;
    if era.contract >= 2 && t.get(r, month_col).is_some() {
        if t.get(r, year_col).is_some() {
            let msg = format!("both `{month_col}` and `{year_col}` are given");
            problems.at(
                FILE,
                r.line,
                t.loc(year_col),
                msg,
                format!("keep one: `{month_col}` (YYYY-MM) or `{year_col}`"),
            );
            return None;
        }
        return t.optional(r, month_col, problems, parse_month, MONTH_HINT);
    }
    let hint = "a year from 1900 to 2100, such as 2015";
    t.optional(r, year_col, problems, parse_year, hint).map(|y| y.map(YearMonth::january))
}

fn row(t: &Table, r: &Row, refs: &Refs, era: Era, problems: &mut Problems) -> Option<(usize, Tenure)> {
    let c = refs.cadre(t, r, problems);
    let u = t.required(r, "unit_id", problems).and_then(|u| refs.unit(t, r, "unit_id", u, problems));
    let title = t.required(r, "title", problems);
    let start = start(t, r, era, problems);
    let end = month(t, r, era, ("end", "end_year"), problems);
    if let (Some(s), Some(Some(e))) = (start, end) {
        if e < s {
            end_before_start(t, r, era, s, e, problems);
        }
    }
    let tenure = Tenure { unit: u?, title: title?.to_string(), start: start?, end: end?, line: r.line };
    Some((c?, tenure))
}

/// The required start of a tenure: `start` (version 2) or January of `start_year`.
fn start(t: &Table, r: &Row, era: Era, problems: &mut Problems) -> Option<YearMonth> {
    if era.contract >= 2 && (t.get(r, "start").is_some() || t.col("start_year").is_none()) {
        if t.get(r, "start_year").is_some() {
            let msg = "both `start` and `start_year` are given";
            problems.at(FILE, r.line, t.loc("start_year"), msg, "keep one: `start` (YYYY-MM) or `start_year`");
            return None;
        }
        return t.parsed(r, "start", problems, parse_month, MONTH_HINT);
    }
    let hint = "a year from 1900 to 2100, such as 2015";
    t.parsed(r, "start_year", problems, parse_year, hint).map(YearMonth::january)
}

fn end_before_start(t: &Table, r: &Row, era: Era, s: YearMonth, e: YearMonth, problems: &mut Problems) {
    if era.contract >= 2 && t.get(r, "end").is_some() {
        let msg = format!("end {e} is before start {s}");
        let hint = "end is the first month no longer served (end exclusive); correct the months";
        problems.at(FILE, r.line, t.loc("end"), msg, hint);
        return;
    }
    problems.at(
        FILE,
        r.line,
        t.loc("end_year"),
        format!("end_year {} is before start_year {}", e.year, s.year),
        "end_year is the first year no longer served (end exclusive); correct the years",
    );
}
