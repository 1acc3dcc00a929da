//! Identifiers read so far, shared by the per-file readers, so that a
//! reference to a row is resolved in one place. A reference to an id that is
//! written in its file but whose row has a problem of its own (or to a file
//! that could not be read at all) is not reported again: only root causes are.

use std::collections::{HashMap, HashSet};

use super::problems::Problems;
use super::table::{Row, Table};

/// The ids of one contract file.
#[derive(Default)]
pub struct Ids {
    /// Id -> index, for rows that were read whole.
    pub index: HashMap<String, usize>,
    /// Every id written in the file, including rows with problems.
    pub written: HashSet<String>,
    /// False when the file (or scenario.toml) could not be read at all.
    pub read: bool,
}

impl Ids {
    /// Ids of a table's `col`, all rows.
    pub fn written_in(t: &Table, col: &str) -> HashSet<String> {
        t.rows.iter().filter_map(|r| t.get(r, col).map(String::from)).collect()
    }

    /// Resolves `v`; records "`what` `v` is not in `file`" unless the row
    /// exists with a problem of its own or the file could not be read.
    pub fn resolve(
        &self,
        t: &Table,
        r: &Row,
        col: &str,
        v: &str,
        p: &mut Problems,
        not_found: NotFound,
    ) -> Option<usize> {
        let i = self.index.get(v).copied();
        if i.is_none() && self.read && !self.written.contains(v) {
            p.at(&t.file, r.line, t.loc(col), (not_found.message)(v), not_found.hint);
        }
        i
    }
}

/// What to say when a reference is not found.
#[derive(Clone, Copy)]
pub struct NotFound {
    pub message: fn(&str) -> String,
    pub hint: &'static str,
}

/// Every file's ids.
#[derive(Default)]
pub struct Refs {
    pub units: Ids,
    /// Version 2: units that do not exist at the reference date, with when they ended.
    pub historic_units: HashMap<String, String>,
    pub titles: Ids,
    pub cadres: Ids,
    pub positions: Ids,
}

impl Refs {
    /// A unit id in `col`.
    pub fn unit(&self, t: &Table, r: &Row, col: &str, v: &str, p: &mut Problems) -> Option<usize> {
        let nf = NotFound {
            message: |v| format!("unit `{v}` is not in units.csv"),
            hint: "add the unit to units.csv (units outside the planned area may be listed without posts) or correct the id",
        };
        self.units.resolve(t, r, col, v, p, nf)
    }

    /// A unit id in `col` that must exist at the reference date (a post's
    /// unit, a cadre's working unit): history and homes may name historic units.
    pub fn current_unit(&self, t: &Table, r: &Row, col: &str, v: &str, p: &mut Problems) -> Option<usize> {
        let u = self.unit(t, r, col, v, p)?;
        match self.historic_units.get(v) {
            None => Some(u),
            Some(when) => {
                let msg = format!("unit `{v}` in {col} is a historic unit ({when})");
                p.at(&t.file, r.line, t.loc(col), msg, "use the unit that exists now (the one it was merged into)");
                None
            }
        }
    }

    /// A cadre id in `cadre_id` (required).
    pub fn cadre(&self, t: &Table, r: &Row, p: &mut Problems) -> Option<usize> {
        let v = t.required(r, "cadre_id", p)?;
        let nf = NotFound {
            message: |v| format!("cadre `{v}` is not in cadres.csv"),
            hint: "add the cadre to cadres.csv or correct the id",
        };
        self.cadres.resolve(t, r, "cadre_id", v, p, nf)
    }

    /// A position id in `position_id`.
    pub fn position(&self, t: &Table, r: &Row, v: &str, p: &mut Problems) -> Option<usize> {
        let nf = NotFound {
            message: |v| format!("position `{v}` is not in positions.csv"),
            hint: "correct the id or add the post to positions.csv",
        };
        self.positions.resolve(t, r, "position_id", v, p, nf)
    }

    /// A title key in `col`.
    pub fn title(&self, t: &Table, r: &Row, col: &str, v: &str, p: &mut Problems) -> Option<usize> {
        let i = self.titles.index.get(v).copied();
        if i.is_none() && self.titles.read {
            let mut known: Vec<&str> = self.titles.index.keys().map(|s| s.as_str()).collect();
            known.sort();
            p.at(
                &t.file,
                r.line,
                t.loc(col),
                format!("title `{v}` is not defined in scenario.toml"),
                format!("add [titles.{v}] to scenario.toml, or use one of: {}", known.join(", ")),
            );
        }
        i
    }
}
