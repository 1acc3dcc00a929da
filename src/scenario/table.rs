//! A CSV reader that keeps going: every row and cell problem is recorded with
//! its line and column, and the caller gets typed accessors.

use std::collections::HashMap;
use std::path::Path;

use super::problems::Problems;

/// One data row of a CSV file, with its line number.
pub struct Row {
    pub line: u64,
    cells: Vec<String>,
}

/// A CSV file read into memory with its header.
pub struct Table {
    pub file: String,
    columns: HashMap<String, usize>,
    pub rows: Vec<Row>,
}

/// The default cap on one input file's size (1 GiB), well above the largest
/// benchmark input; `ROTAPLAN_MAX_INPUT_BYTES` overrides it.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 1 << 30;

fn max_input_bytes() -> u64 {
    std::env::var("ROTAPLAN_MAX_INPUT_BYTES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_MAX_INPUT_BYTES)
}

/// Reads one input file whole: only a regular file, and at most the size cap.
/// Every input file of rotaplan is read through here.
pub fn read_bytes(dir: &Path, file: &str) -> Result<Vec<u8>, String> {
    let path = dir.join(file);
    let meta = std::fs::metadata(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a regular file", path.display()));
    }
    let max = max_input_bytes();
    let too_big = || {
        format!(
            "{} is larger than {max} bytes; set ROTAPLAN_MAX_INPUT_BYTES to a larger number to read it",
            path.display()
        )
    };
    if meta.len() > max {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let f = std::fs::File::open(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    std::io::Read::read_to_end(&mut std::io::Read::take(f, max + 1), &mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > max {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Reads `dir/file`. Missing required columns, bad UTF-8 and malformed rows are
/// recorded; `None` when the file cannot be used at all.
pub fn read(dir: &Path, file: &str, required: &[&str], problems: &mut Problems) -> Option<Table> {
    let bytes = match read_bytes(dir, file) {
        Ok(b) => b,
        Err(e) => {
            problems.file(file, e, "check that the file exists, is a regular file and is readable");
            return None;
        }
    };
    // Spreadsheet programs often add a byte-order mark; it is not part of the header.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(bytes);
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.at(file, 1, None, format!("cannot read the header row: {e}"), "save the file as UTF-8 CSV");
            return None;
        }
    };
    let mut columns = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        if columns.insert(h.to_string(), i).is_some() {
            problems.at(
                file,
                1,
                Some((i as u64 + 1, h)),
                format!("column `{h}` appears twice in the header"),
                "keep one column of each name",
            );
        }
    }
    let mut missing = false;
    for r in required {
        if !columns.contains_key(*r) {
            missing = true;
            problems.at(
                file,
                1,
                None,
                format!("required column `{r}` is missing from the header"),
                format!("add a `{r}` column (header: {})", required.join(",")),
            );
        }
    }
    let ncols = headers.len();
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                if record.len() == 1 && record.get(0).is_some_and(|s| s.trim().is_empty()) {
                    continue; // a blank line
                }
                if record.len() != ncols {
                    problems.at(
                        file,
                        line,
                        None,
                        format!("row has {} fields but the header has {ncols}", record.len()),
                        "quote cells that contain commas, and give every row the header's columns",
                    );
                    continue;
                }
                // Cells are kept as written: identifiers are compared exactly.
                rows.push(Row { line, cells: record.iter().map(String::from).collect() });
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                problems.at(
                    file,
                    line.max(1),
                    None,
                    format!("cannot read row: {e}"),
                    "save the file as UTF-8 CSV with RFC 4180 quoting",
                );
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
    if missing {
        return None;
    }
    Some(Table { file: file.to_string(), columns, rows })
}

impl Table {
    /// 1-based column number of a column name.
    pub fn col(&self, name: &str) -> Option<u64> {
        self.columns.get(name).map(|i| *i as u64 + 1)
    }

    /// The cell, `None` when the column is absent or the cell is empty.
    pub fn get<'a>(&self, row: &'a Row, name: &str) -> Option<&'a str> {
        let i = *self.columns.get(name)?;
        row.cells.get(i).map(|s| s.as_str()).filter(|s| !s.is_empty())
    }

    /// A cell located for messages.
    pub fn loc<'n>(&self, name: &'n str) -> Option<(u64, &'n str)> {
        self.columns.get(name).map(|i| (*i as u64 + 1, name))
    }

    /// A required cell; records a problem when it is empty.
    pub fn required<'a>(&self, row: &'a Row, name: &str, problems: &mut Problems) -> Option<&'a str> {
        let v = self.get(row, name);
        if v.is_none() {
            problems.at(
                &self.file,
                row.line,
                self.loc(name),
                format!("`{name}` is empty"),
                format!("give a value for `{name}`"),
            );
        }
        v
    }

    /// A required cell parsed by `parse`; records a problem naming the accepted values.
    pub fn parsed<T>(
        &self,
        row: &Row,
        name: &str,
        problems: &mut Problems,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Option<T> {
        let v = self.required(row, name, problems)?;
        let out = parse(v.trim());
        if out.is_none() {
            problems.at(
                &self.file,
                row.line,
                self.loc(name),
                format!("`{v}` is not a valid {name}"),
                format!("use {expected}"),
            );
        }
        out
    }

    /// An optional cell parsed by `parse`; empty gives `Some(None)`.
    pub fn optional<T>(
        &self,
        row: &Row,
        name: &str,
        problems: &mut Problems,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Option<Option<T>> {
        match self.get(row, name) {
            None => Some(None),
            Some(v) => match parse(v.trim()) {
                Some(t) => Some(Some(t)),
                None => {
                    problems.at(
                        &self.file,
                        row.line,
                        self.loc(name),
                        format!("`{v}` is not a valid {name}"),
                        format!("use {expected}, or leave the cell empty"),
                    );
                    None
                }
            },
        }
    }
}

/// Parses `true`/`false`.
pub fn parse_bool(s: &str) -> Option<bool> {
    // Spreadsheets write TRUE/FALSE: accept any case.
    match s.to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Parses a whole year.
pub fn parse_year(s: &str) -> Option<i32> {
    s.parse::<i32>().ok().filter(|y| (1000..=9999).contains(y))
}

/// Parses a finite number.
pub fn parse_number(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}
