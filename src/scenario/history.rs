//! history.csv (optional): past and current tenures, for term limits,
//! locality by service and minimum time in post.

use std::path::Path;

use super::columns;
use super::problems::Problems;
use super::refs::Refs;
use super::table::{self, parse_year, Row, Table};
use crate::model::{Cadre, Tenure};

const FILE: &str = "history.csv";

/// Reads history.csv into each cadre's sorted tenures.
pub fn read(dir: &Path, refs: &Refs, cadres: &mut [Cadre], problems: &mut Problems) {
    if dir.join(FILE).exists() {
        if let Some(t) = table::read(dir, FILE, columns::HISTORY, problems) {
            for r in &t.rows {
                if let Some((c, tenure)) = row(&t, r, refs, problems) {
                    cadres[c].tenures.push(tenure);
                }
            }
        }
    }
    for c in cadres {
        c.tenures.sort();
    }
}

fn row(t: &Table, r: &Row, refs: &Refs, problems: &mut Problems) -> Option<(usize, Tenure)> {
    let c = refs.cadre(t, r, problems);
    let u = t.required(r, "unit_id", problems).and_then(|u| refs.unit(t, r, "unit_id", u, problems));
    let title = t.required(r, "title", problems);
    let start = t.parsed(r, "start_year", problems, parse_year, "a year from 1900 to 2100, such as 2015");
    let end = t.optional(r, "end_year", problems, parse_year, "a year from 1900 to 2100, such as 2020");
    if let (Some(s), Some(Some(e))) = (start, end) {
        if e < s {
            problems.at(
                FILE,
                r.line,
                t.loc("end_year"),
                format!("end_year {e} is before start_year {s}"),
                "end_year is the first year no longer served (end exclusive); correct the years",
            );
        }
    }
    let tenure = Tenure { unit: u?, title: title?.to_string(), start_year: start?, end_year: end?, line: r.line };
    Some((c?, tenure))
}
