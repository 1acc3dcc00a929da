//! cadres.csv: every person who may hold or leave a post.

use std::path::Path;

use super::columns;
use super::problems::Problems;
use super::refs::{Ids, Refs};
use super::table::{self, parse_bool, parse_month, parse_year, Row, Table};
use super::Era;
use crate::model::{Cadre, Education, Gender, Rating, Theory, YearMonth};

const FILE: &str = "cadres.csv";

/// Reads cadres.csv: cadres sorted by id, with home and work units resolved.
pub fn read(dir: &Path, refs: &Refs, era: Era, problems: &mut Problems) -> (Vec<Cadre>, Ids) {
    let Some(t) = table::read(dir, FILE, &required_columns(era), problems) else {
        return (Vec::new(), Ids::default());
    };
    if era.contract >= 2 && t.col("birth_date").is_none() && t.col("birth_year").is_none() {
        let hint = "add a `birth_date` column (YYYY-MM or YYYY-MM-DD) or a `birth_year` column";
        problems.at(FILE, t.header_line, None, "cadres.csv has neither `birth_date` nor `birth_year`", hint);
        return (Vec::new(), Ids::default());
    }
    super::unique_ids(&t, "cadre_id", problems);
    let mut cadres: Vec<Cadre> = t.rows.iter().filter_map(|r| row(&t, r, refs, era, problems)).collect();
    match (era.contract, era.reference) {
        (1, Some(reference)) => check_ages(&t, &cadres, reference.year, problems),
        (_, Some(reference)) => check_ages_v2(&t, &cadres, reference, problems),
        _ => {}
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

/// The columns every row needs: in version 2 the birth may be a `birth_date`.
fn required_columns(era: Era) -> Vec<&'static str> {
    let cols = columns::CADRES[..10].iter().copied();
    if era.contract >= 2 {
        cols.filter(|c| *c != "birth_year").collect()
    } else {
        cols.collect()
    }
}

/// The month of birth: `birth_date` (version 2) or January of `birth_year`.
fn birth(t: &Table, r: &Row, era: Era, problems: &mut Problems) -> Option<YearMonth> {
    let year_hint = "a year from 1900 to 2100, such as 1975";
    if era.contract < 2 || t.get(r, "birth_date").is_none() {
        return t.parsed(r, "birth_year", problems, parse_year, year_hint).map(YearMonth::january);
    }
    let date = t.parsed(r, "birth_date", problems, parse_month, MONTH_HINT)?;
    let year = t.optional(r, "birth_year", problems, parse_year, year_hint)?;
    if year.is_some_and(|y| y != date.year) {
        let msg = format!("birth_date {date} and birth_year {} disagree", year.unwrap_or_default());
        problems.at(FILE, r.line, t.loc("birth_year"), msg, "correct one of them, or leave birth_year empty");
        return None;
    }
    Some(date)
}

/// How a month is written (version 2).
pub const MONTH_HINT: &str =
    "a month as YYYY-MM or a date as YYYY-MM-DD, with the month from 01 to 12, such as 1975-04";

fn row(t: &Table, r: &Row, refs: &Refs, era: Era, problems: &mut Problems) -> Option<Cadre> {
    let id = t.required(r, "cadre_id", problems);
    let name = t.required(r, "name", problems);
    let gender = t.parsed(r, "gender", problems, Gender::parse, "`F` or `M`");
    let birth = birth(t, r, era, problems);
    let retirement_date = match era.contract {
        1 => Some(None),
        _ => t.optional(r, "retirement_date", problems, parse_month, MONTH_HINT),
    };
    let ethnicity = t.required(r, "ethnicity", problems);
    let home = unit(t, r, "home_unit_id", refs, problems);
    let unit = t.required(r, "unit_id", problems).and_then(|v| refs.current_unit(t, r, "unit_id", v, problems));
    let education = t.parsed(r, "education", problems, Education::parse, &Education::WORDS.join(", "));
    let theory = t.parsed(r, "theory", problems, Theory::parse, &Theory::WORDS.join(", "));
    let rating = t.parsed(r, "rating", problems, Rating::parse, &Rating::WORDS.join(", "));
    let available = t.optional(r, "available", problems, parse_bool, "`true` or `false`")?;
    Some(Cadre {
        id: id?.to_string(),
        name: name?.to_string(),
        gender: gender?,
        birth: birth?,
        retirement_date: retirement_date?,
        ethnicity: ethnicity?.to_string(),
        home_unit: home?,
        unit: unit?,
        education: education?,
        theory: theory?,
        rating: rating?,
        available: available.unwrap_or(true),
        incumbent_of: Vec::new(),
        tenures: Vec::new(),
        training: Vec::new(),
        preferences: Vec::new(),
        line: r.line,
    })
}

/// The ages rotaplan accepts at the term start (contract section 2).
pub const AGES: std::ops::RangeInclusive<i32> = 15..=100;

fn check_ages(t: &Table, cadres: &[Cadre], term_start: i32, problems: &mut Problems) {
    for c in cadres.iter().filter(|c| !AGES.contains(&(term_start - c.birth.year))) {
        let msg = format!(
            "born in {}, the cadre would be {} at the term start {term_start}",
            c.birth.year,
            term_start - c.birth.year
        );
        let hint = format!(
            "a cadre is {} to {} years old at the term start; correct the birth year",
            AGES.start(),
            AGES.end()
        );
        problems.at(FILE, c.line, t.loc("birth_year"), msg, hint);
    }
}

/// The ages a cadre may have at the reference date in version 2.
pub const AGES_V2: std::ops::RangeInclusive<i32> = 18..=80;

fn check_ages_v2(t: &Table, cadres: &[Cadre], reference: YearMonth, problems: &mut Problems) {
    for c in cadres {
        let months = c.birth.months_until(reference);
        let col = t.loc("birth_date").or(t.loc("birth_year"));
        if months < 0 {
            let msg = format!("born {}, after the reference date {reference}", c.birth);
            problems.at(FILE, c.line, col, msg, "correct the birth date: a cadre is born before the reference date");
        } else if !AGES_V2.contains(&(months / 12)) {
            let msg = format!("born {}, the cadre would be {} at the reference date {reference}", c.birth, months / 12);
            let hint = format!(
                "a cadre is {} to {} years old at the reference date; correct the birth date",
                AGES_V2.start(),
                AGES_V2.end()
            );
            problems.at(FILE, c.line, col, msg, hint);
        }
    }
}

/// A required unit reference. A unit that cannot be resolved because
/// units.csv could not be read leaves the cadre out without a second report.
fn unit(t: &Table, r: &Row, col: &str, refs: &Refs, problems: &mut Problems) -> Option<usize> {
    let v = t.required(r, col, problems)?;
    refs.unit(t, r, col, v, problems)
}
