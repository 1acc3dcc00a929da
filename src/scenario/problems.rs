//! Input problems: every one names file, line, column and a fix.

use std::fmt;

/// One problem found in a scenario's input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Problem {
    /// File name relative to the scenario folder (e.g. `cadres.csv`).
    pub file: String,
    /// 1-based line, when the problem sits on a line.
    pub line: Option<u64>,
    /// 1-based column, when the problem sits in one cell or key.
    pub column: Option<u64>,
    /// Column or key name, when known.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        if let Some(field) = self.field.as_ref().filter(|f| !f.is_empty()) {
            write!(f, " ({field})")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n    fix: {}", self.hint)?;
        }
        Ok(())
    }
}

/// Every problem found in a scenario, sorted by file and line, with the
/// warnings found on the way.
#[derive(Debug, Clone, Default, thiserror::Error)]
pub struct InputErrors {
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl InputErrors {
    /// One problem about a whole file.
    pub fn one(file: &str, message: impl Into<String>, hint: impl Into<String>) -> InputErrors {
        let mut p = Problems::default();
        p.file(file, message, hint);
        InputErrors { problems: p.list, warnings: Vec::new() }
    }
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(f, "{n} problem{} in the scenario input:", if n == 1 { "" } else { "s" })?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        Ok(())
    }
}

/// At most this many problems are listed per file and column; the rest are counted.
pub const MAX_PER_KIND: usize = 20;
/// At most this many problems are listed per file.
pub const MAX_PER_FILE: usize = 200;

/// Collects problems while reading; never stops at the first.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
    warnings: Vec<Problem>,
}

impl Problems {
    /// Records a problem.
    pub fn push(&mut self, p: Problem) {
        self.list.push(p);
    }

    /// Records a problem about a whole file.
    pub fn file(&mut self, file: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.push(Problem {
            file: file.to_string(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// Records a problem at a line and, optionally, a column.
    pub fn at(
        &mut self,
        file: &str,
        line: u64,
        column: Option<(u64, &str)>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Problem {
            file: file.to_string(),
            line: Some(line),
            column: column.map(|c| c.0),
            field: column.map(|c| c.1.to_string()),
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// Records a warning at a line: the input is read, but somebody should look.
    pub fn warn_at(
        &mut self,
        file: &str,
        line: u64,
        column: Option<(u64, &str)>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.warnings.push(Problem {
            file: file.to_string(),
            line: Some(line),
            column: column.map(|c| c.0),
            field: column.map(|c| c.1.to_string()),
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// The warnings recorded so far, sorted.
    pub fn take_warnings(&mut self) -> Vec<Problem> {
        let mut w = std::mem::take(&mut self.warnings);
        w.sort();
        w.dedup();
        w
    }

    /// True when nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Sorted, de-duplicated problems (capped per file and column, the rest
    /// counted), or `Ok(())`.
    pub fn finish(mut self) -> Result<(), InputErrors> {
        if self.list.is_empty() {
            return Ok(());
        }
        self.list.sort();
        self.list.dedup();
        let warnings = self.take_warnings();
        Err(InputErrors { problems: capped(self.list), warnings })
    }
}

/// Keeps the first [`MAX_PER_KIND`] problems of each (file, column) and the
/// first [`MAX_PER_FILE`] of each file, and says how many more there are.
fn capped(list: Vec<Problem>) -> Vec<Problem> {
    use std::collections::BTreeMap;
    let mut per_kind: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
    let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
    let mut kept = Vec::new();
    for p in list {
        let k = per_kind.entry((p.file.clone(), p.field.clone())).or_default();
        let f = per_file.entry(p.file.clone()).or_default();
        *k += 1;
        *f += 1;
        if *k <= MAX_PER_KIND && *f <= MAX_PER_FILE {
            kept.push(p);
        }
    }
    for ((file, field), n) in per_kind.into_iter().filter(|(_, n)| *n > MAX_PER_KIND) {
        let what = field.map(|f| format!(" in column `{f}`")).unwrap_or_default();
        kept.push(Problem {
            file,
            line: None,
            column: None,
            field: None,
            message: format!("... and {} more problem(s){what} not listed", n - MAX_PER_KIND),
            hint: "fix the ones listed; the rest are most likely of the same kind".into(),
        });
    }
    kept
}
