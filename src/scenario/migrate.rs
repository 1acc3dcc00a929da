//! `rotaplan migrate`: a version-1 scenario rewritten as version 2 with the
//! same meaning (docs/scenario-format.md section 10.1): `contract = 2` and
//! the reference date January of `term_start` in scenario.toml, and every
//! year column as the month January of that year. The other files and keys
//! are version 2 as they are.

use std::path::Path;

use super::problems::InputErrors;
use super::{table, xlsx, FILES};

/// The files of the migrated scenario, and what the user should know.
pub struct Migrated {
    pub files: Vec<(String, Vec<u8>)>,
    pub notes: Vec<String>,
}

/// The year columns of version 1 and the month columns they become.
const RENAMES: &[(&str, &[(&str, &str)])] = &[
    ("cadres.csv", &[("birth_year", "birth_date")]),
    ("history.csv", &[("start_year", "start"), ("end_year", "end")]),
];

/// Reads the version-1 scenario in `dir` (a folder or a workbook) and writes it as version 2.
pub fn migrate(dir: &Path) -> Result<Migrated, InputErrors> {
    let sc = super::load(dir)?;
    if sc.contract != 1 {
        return Err(InputErrors::one(
            "scenario.toml",
            "the scenario is already version 2",
            "migrate a version-1 scenario",
        ));
    }
    let source = xlsx::Source::open(dir)?;
    let mut out = Migrated { files: Vec::new(), notes: Vec::new() };
    for file in FILES {
        let Ok(bytes) = table::read_bytes(&source.dir, file) else { continue };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let new = match *file {
            "scenario.toml" => toml_v2(&text, sc.term_start),
            _ => match RENAMES.iter().find(|(f, _)| f == file) {
                Some((_, cols)) => months(&text, cols, file, sc.term_start, &mut out.notes)?,
                None => text,
            },
        };
        out.files.push((file.to_string(), new.into_bytes()));
    }
    Ok(out)
}

/// scenario.toml with `contract = 2` and the reference date first.
fn toml_v2(text: &str, term_start: i32) -> String {
    format!("# Migrated from contract version 1 by rotaplan migrate: the same meaning.\ncontract = 2\nreference_date = \"{term_start}-01\"\n{text}")
}

/// A CSV file whose year columns `cols` become month columns (`Y` -> `Y-01`).
fn months(
    text: &str,
    cols: &[(&str, &str)],
    file: &str,
    term_start: i32,
    notes: &mut Vec<String>,
) -> Result<String, InputErrors> {
    let bad = |e: csv::Error| InputErrors::one(file, format!("cannot read: {e}"), "validate the scenario first");
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let mut at: Vec<(usize, &str)> = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let mut row: Vec<String> = rec.map_err(bad)?.iter().map(String::from).collect();
        if i == 0 {
            rename(&mut row, cols, &mut at);
        } else {
            to_months(&mut row, &at, file, i + 1, term_start, notes);
        }
        w.write_record(&row).map_err(bad)?;
    }
    let bytes = w.into_inner().map_err(|e| InputErrors::one(file, e.to_string(), "report this as a bug"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Renames the year columns of the header; `at` gets their indexes and new names.
fn rename<'a>(header: &mut [String], cols: &[(&str, &'a str)], at: &mut Vec<(usize, &'a str)>) {
    for (i, h) in header.iter_mut().enumerate() {
        if let Some((_, to)) = cols.iter().find(|(from, _)| table::clean(h).0 == *from) {
            *h = to.to_string();
            at.push((i, to));
        }
    }
}

fn to_months(
    row: &mut [String],
    at: &[(usize, &str)],
    file: &str,
    line: usize,
    term_start: i32,
    notes: &mut Vec<String>,
) {
    for &(i, name) in at {
        let Some(cell) = row.get_mut(i) else { continue };
        let year = table::clean(cell).0;
        if year.is_empty() {
            continue;
        }
        if name == "start" && year.parse::<i32>().is_ok_and(|y| y >= term_start) {
            notes.push(format!(
                "{file}:{line}: the tenure starts in {year}, not before term_start {term_start}: version 2 ignores it with a warning (version 1 counted no year of it, but rule 3.6 read its start)"
            ));
        }
        *cell = format!("{year}-01");
    }
}
