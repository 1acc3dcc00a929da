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
        if let Some(field) = &self.field {
            write!(f, " ({field})")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n    fix: {}", self.hint)?;
        }
        Ok(())
    }
}

/// Every problem found in a scenario, sorted by file and line.
#[derive(Debug, Clone, Default, thiserror::Error)]
pub struct InputErrors {
    pub problems: Vec<Problem>,
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(f, "{n} problem{} in the scenario input:", if n == 1 { "" } else { "s" })?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

/// Collects problems while reading; never stops at the first.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
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

    /// True when nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Sorted, de-duplicated problems, or `Ok(())`.
    pub fn finish(mut self) -> Result<(), InputErrors> {
        if self.list.is_empty() {
            return Ok(());
        }
        self.list.sort();
        self.list.dedup();
        Err(InputErrors { problems: self.list })
    }
}
