//! training.csv (version 2, optional): qualifications a cadre is training
//! for, each with its completion month (contract section 10.14).

use std::path::Path;

use super::cadres::MONTH_HINT;
use super::problems::Problems;
use super::refs::Refs;
use super::table::{self, parse_month, Row, Table};
use crate::model::{Cadre, Education, Requirement, Theory, Training};

pub const FILE: &str = "training.csv";
pub const COLUMNS: &[&str] = &["cadre_id", "requirement", "level", "completion"];

/// Reads training.csv into each cadre's `training`, sorted by completion.
/// Version 1 does not know the file: it is ignored there, with a warning.
pub fn read(dir: &Path, refs: &Refs, contract: u8, cadres: &mut [Cadre], problems: &mut Problems) {
    let Some(t) = read_version_2(dir, FILE, COLUMNS, contract, problems) else { return };
    for r in &t.rows {
        if let Some((c, training)) = row(&t, r, refs, problems) {
            cadres[c].training.push(training);
        }
    }
    for c in cadres.iter_mut() {
        c.training.sort_by_key(|t| (t.completion, t.line));
    }
}

/// An optional file of contract version 2: `None` when absent, and in a
/// version-1 scenario (which ignores it, with a warning).
pub(super) fn read_version_2(
    dir: &Path,
    file: &str,
    columns: &[&str],
    contract: u8,
    problems: &mut Problems,
) -> Option<Table> {
    if !dir.join(file).exists() {
        return None;
    }
    if contract < 2 {
        let msg = format!("{file} is a file of contract version 2; this version-1 scenario ignores it");
        problems.warn_at(file, 1, None, msg, "write `contract = 2` in scenario.toml to use it, or remove the file");
        return None;
    }
    table::read(dir, file, columns, problems)
}

fn row(t: &Table, r: &Row, refs: &Refs, problems: &mut Problems) -> Option<(usize, Training)> {
    let c = refs.cadre(t, r, problems);
    let kind = t.parsed(
        r,
        "requirement",
        problems,
        |s| ["education", "theory"].contains(&s).then_some(s.to_string()),
        "`education` or `theory`",
    );
    let completion = t.parsed(r, "completion", problems, parse_month, MONTH_HINT);
    let requirement = match kind?.as_str() {
        "education" => {
            t.parsed(r, "level", problems, Education::parse, &Education::WORDS.join(", ")).map(Requirement::Education)
        }
        _ => t.parsed(r, "level", problems, Theory::parse, &Theory::WORDS.join(", ")).map(Requirement::Theory),
    };
    Some((c?, Training { requirement: requirement?, completion: completion?, line: r.line }))
}
