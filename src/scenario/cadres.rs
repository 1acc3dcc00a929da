//! cadres.csv: every person who may hold or leave a post.

use std::path::Path;

use super::columns;
use super::problems::Problems;
use super::refs::{Ids, Refs};
use super::table::{self, parse_bool, parse_year, Row, Table};
use crate::model::{Cadre, Education, Gender, Rating, Theory};

const FILE: &str = "cadres.csv";

/// Reads cadres.csv: cadres sorted by id, with home and work units resolved.
pub fn read(dir: &Path, refs: &Refs, term_start: Option<i32>, problems: &mut Problems) -> (Vec<Cadre>, Ids) {
    let Some(t) = table::read(dir, FILE, &columns::CADRES[..10], problems) else {
        return (Vec::new(), Ids::default());
    };
    super::unique_ids(&t, "cadre_id", problems);
    let mut cadres: Vec<Cadre> = t.rows.iter().filter_map(|r| row(&t, r, refs, problems)).collect();
    if let Some(start) = term_start {
        check_ages(&t, &cadres, start, problems);
    }
    cadres.sort_by(|a, b| a.id.cmp(&b.id).then(a.line.cmp(&b.line)));
    cadres.dedup_by(|a, b| a.id == b.id);
    let ids = Ids {
        index: cadres.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect(),
        written: Ids::written_in(&t, "cadre_id"),
        read: t.whole,
    };
    (cadres, ids)
}

fn row(t: &Table, r: &Row, refs: &Refs, problems: &mut Problems) -> Option<Cadre> {
    let id = t.required(r, "cadre_id", problems);
    let name = t.required(r, "name", problems);
    let gender = t.parsed(r, "gender", problems, Gender::parse, "`F` or `M`");
    let birth_year = t.parsed(r, "birth_year", problems, parse_year, "a year from 1900 to 2100, such as 1975");
    let ethnicity = t.required(r, "ethnicity", problems);
    let home = unit(t, r, "home_unit_id", refs, problems);
    let unit = unit(t, r, "unit_id", refs, problems);
    let education = t.parsed(r, "education", problems, Education::parse, &Education::WORDS.join(", "));
    let theory = t.parsed(r, "theory", problems, Theory::parse, &Theory::WORDS.join(", "));
    let rating = t.parsed(r, "rating", problems, Rating::parse, &Rating::WORDS.join(", "));
    let available = t.optional(r, "available", problems, parse_bool, "`true` or `false`")?;
    Some(Cadre {
        id: id?.to_string(),
        name: name?.to_string(),
        gender: gender?,
        birth_year: birth_year?,
        ethnicity: ethnicity?.to_string(),
        home_unit: home?,
        unit: unit?,
        education: education?,
        theory: theory?,
        rating: rating?,
        available: available.unwrap_or(true),
        incumbent_of: None,
        tenures: Vec::new(),
        line: r.line,
    })
}

/// The ages rotaplan accepts at the term start (contract section 2).
pub const AGES: std::ops::RangeInclusive<i32> = 15..=100;

fn check_ages(t: &Table, cadres: &[Cadre], term_start: i32, problems: &mut Problems) {
    for c in cadres.iter().filter(|c| !AGES.contains(&(term_start - c.birth_year))) {
        let msg = format!(
            "born in {}, the cadre would be {} at the term start {term_start}",
            c.birth_year,
            term_start - c.birth_year
        );
        let hint = format!(
            "a cadre is {} to {} years old at the term start; correct the birth year",
            AGES.start(),
            AGES.end()
        );
        problems.at(FILE, c.line, t.loc("birth_year"), msg, hint);
    }
}

/// A required unit reference. A unit that cannot be resolved because
/// units.csv could not be read leaves the cadre out without a second report.
fn unit(t: &Table, r: &Row, col: &str, refs: &Refs, problems: &mut Problems) -> Option<usize> {
    let v = t.required(r, col, problems)?;
    refs.unit(t, r, col, v, problems)
}
