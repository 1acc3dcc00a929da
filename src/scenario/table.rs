//! A CSV reader that keeps going: every row and cell problem is recorded with
//! its line and column, and the caller gets typed accessors.

use std::collections::HashMap;
use std::path::Path;

use unicode_normalization::{is_nfc, UnicodeNormalization};

use super::problems::Problems;

/// One data row of a CSV file, with its line number.
pub struct Row {
    pub line: u64,
    cells: Vec<String>,
    /// Cells changed by [`clean`]: (column index, the cell as written).
    altered: Vec<(usize, String)>,
    /// Columns whose cell had white space around it.
    trimmed: Vec<usize>,
}

impl Row {
    fn new(line: u64, record: &csv::StringRecord) -> Row {
        let mut row = Row { line, cells: Vec::with_capacity(record.len()), altered: Vec::new(), trimmed: Vec::new() };
        for (i, raw) in record.iter().enumerate() {
            let (cell, trimmed) = clean(raw);
            if cell != raw {
                row.altered.push((i, raw.to_string()));
            }
            if trimmed {
                row.trimmed.push(i);
            }
            row.cells.push(cell);
        }
        row
    }
}

/// A CSV file read into memory with its header.
pub struct Table {
    pub file: String,
    columns: HashMap<String, usize>,
    pub rows: Vec<Row>,
    /// The header's line (1 unless blank lines come first).
    pub header_line: u64,
    /// False when reading stopped early or a row swallowed the lines after it
    /// (an unclosed quote): ids missing from such a file are not reported as
    /// unknown, since the root cause is already reported.
    pub whole: bool,
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

/// Why an input file could not be read at all; each reason has its own fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Missing, or the operating system refused it.
    Io(String),
    /// A folder, a device (`/dev/zero`), a pipe: never read, since it may not end.
    NotRegular(String),
    /// Larger than the size cap.
    TooBig { path: String, max: u64 },
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Io(m) => f.write_str(m),
            Unreadable::NotRegular(p) => write!(f, "{p} is not a regular file"),
            Unreadable::TooBig { path, max } => write!(f, "{path} is larger than {max} bytes"),
        }
    }
}

impl Unreadable {
    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Unreadable::Io(_) => "check that the file exists and is readable",
            Unreadable::NotRegular(_) => "give a regular file (not a folder, device or pipe)",
            Unreadable::TooBig { .. } => {
                "set ROTAPLAN_MAX_INPUT_BYTES to a larger number of bytes if the file is meant to be this large"
            }
        }
    }
}

/// Reads one input file whole: only a regular file, and at most the size cap.
/// Every input file of rotaplan is read through here.
pub fn read_bytes(dir: &Path, file: &str) -> Result<Vec<u8>, Unreadable> {
    let path = dir.join(file);
    let shown = path.display().to_string();
    let io = |e: std::io::Error| Unreadable::Io(format!("cannot read {shown}: {e}"));
    let meta = std::fs::metadata(&path).map_err(io)?;
    if !meta.is_file() {
        return Err(Unreadable::NotRegular(shown));
    }
    let max = max_input_bytes();
    let too_big = || Unreadable::TooBig { path: shown.clone(), max };
    if meta.len() > max {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let f = std::fs::File::open(&path).map_err(io)?;
    // The cap holds even when the file grows while it is read.
    std::io::Read::read_to_end(&mut std::io::Read::take(f, max + 1), &mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Reads `dir/file`. Missing required columns, bad UTF-8 and malformed rows are
/// recorded; `None` when the file cannot be used at all.
pub fn read(dir: &Path, file: &str, required: &[&str], problems: &mut Problems) -> Option<Table> {
    match read_bytes(dir, file) {
        Ok(b) => parse(file, &b, required, problems),
        Err(e) => {
            problems.file(file, e.to_string(), e.hint());
            None
        }
    }
}

/// Parses CSV bytes (the contents of `file`).
pub fn parse(file: &str, bytes: &[u8], required: &[&str], problems: &mut Problems) -> Option<Table> {
    // Spreadsheet programs often add a byte-order mark; it is not part of the header.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        let hint = format!("the file needs at least its header row: {}", required.join(","));
        problems.file(file, "is empty", hint);
        return None;
    }
    let lines = Lines::of(bytes);
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(bytes);
    let (header_line, columns) = header(file, &mut rdr, &lines, required, problems)?;
    let (rows, whole) = rows(file, &mut rdr, &lines, columns.len(), problems);
    let mut t = Table { file: file.to_string(), columns, rows, header_line, whole };
    t.warn_trimmed_ids(problems);
    Some(t)
}

/// Line numbers from byte offsets: the CSV reader's own line count drifts
/// on blank lines and CRLF endings.
struct Lines<'a> {
    newlines: Vec<usize>,
    bytes: &'a [u8],
}

impl<'a> Lines<'a> {
    fn of(bytes: &'a [u8]) -> Lines<'a> {
        Lines { newlines: bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i).collect(), bytes }
    }

    /// The 1-based line where the record starting at byte `offset` begins:
    /// the reader's offset counts the blank lines it skipped before it.
    fn at(&self, offset: u64) -> u64 {
        let mut at = offset as usize;
        while self.bytes.get(at).is_some_and(|b| *b == b'\n' || *b == b'\r') {
            at += 1;
        }
        self.newlines.partition_point(|&nl| nl < at) as u64 + 1
    }
}

/// The header: its line and column index. `None` when a required column is missing.
fn header(
    file: &str,
    rdr: &mut csv::Reader<&[u8]>,
    lines: &Lines,
    required: &[&str],
    problems: &mut Problems,
) -> Option<(u64, HashMap<String, usize>)> {
    let (headers, line) = match rdr.headers() {
        Ok(h) => (h.clone(), h.position().map_or(1, |p| lines.at(p.byte()))),
        Err(e) => {
            problems.at(file, 1, None, format!("cannot read the header row: {e}"), "save the file as UTF-8 CSV");
            return None;
        }
    };
    if headers.len() == 1 && headers.get(0).is_some_and(|h| h.contains(';')) {
        let hint = "save it as \"CSV UTF-8 (comma delimited)\"; rotaplan reads commas only";
        problems.at(file, line, None, "the file looks separated by `;`, not by commas", hint);
        return None;
    }
    let mut columns = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = clean(h).0;
        if columns.insert(h.clone(), i).is_some() {
            let msg = format!("column `{h}` appears twice in the header");
            problems.at(file, line, Some((i as u64 + 1, &h)), msg, "keep one column of each name");
        }
    }
    let missing: Vec<&&str> = required.iter().filter(|r| !columns.contains_key(**r)).collect();
    for r in &missing {
        let hint = format!("add a `{r}` column (header: {})", required.join(","));
        problems.at(file, line, None, format!("required column `{r}` is missing from the header"), hint);
    }
    missing.is_empty().then_some((line, columns))
}

/// The rows read, and whether the file was read whole (see [`Table::whole`]).
fn rows(
    file: &str,
    rdr: &mut csv::Reader<&[u8]>,
    lines: &Lines,
    ncols: usize,
    problems: &mut Problems,
) -> (Vec<Row>, bool) {
    let mut rows = Vec::new();
    let mut whole = true;
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| lines.at(p.byte()));
                if record.iter().all(|c| clean(c).0.is_empty()) {
                    continue; // a blank line, or a row of empty cells as spreadsheets write them
                }
                if record.len() != ncols {
                    whole &= !swallowed_lines(&record);
                    problems.at(file, line, None, field_count(&record, ncols), field_hint(&record));
                    continue;
                }
                rows.push(Row::new(line, &record));
            }
            Err(e) => {
                let line = e.position().map_or(1, |p| lines.at(p.byte()));
                let hint = "save the file as UTF-8 CSV with RFC 4180 quoting";
                problems.at(file, line, None, format!("cannot read row: {e}"), hint);
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    whole = false;
                    break;
                }
            }
        }
    }
    (rows, whole)
}

/// A cell holding a line break: an unclosed quote took the lines after it.
fn swallowed_lines(record: &csv::StringRecord) -> bool {
    record.iter().any(|c| c.contains('\n'))
}

/// What is wrong with a row whose field count differs from the header's.
fn field_count(record: &csv::StringRecord, ncols: usize) -> String {
    if swallowed_lines(record) {
        return "a quote opened on this line is not closed where the row should end".into();
    }
    format!("row has {} fields but the header has {ncols}", record.len())
}

fn field_hint(record: &csv::StringRecord) -> &'static str {
    if swallowed_lines(record) {
        "close the quote (a quote inside a quoted cell is written twice: \"\")"
    } else {
        "quote cells that contain commas, and give every row the header's columns"
    }
}

/// Text in Unicode NFC.
pub fn clean_text(text: &str) -> String {
    if is_nfc(text) {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

/// A cell as rotaplan reads it: Unicode NFC (so that the same visible text
/// is the same id), without surrounding white space (non-breaking spaces
/// included). The flag says whether anything was trimmed.
pub fn clean(cell: &str) -> (String, bool) {
    let trimmed = cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let nfc: String = if is_nfc(trimmed) { trimmed.to_string() } else { trimmed.nfc().collect() };
    (nfc, trimmed.len() != cell.len())
}

/// True for columns holding identifiers: `*_id` and `title`.
pub fn is_id_column(name: &str) -> bool {
    name.ends_with("_id") || name == "title"
}

impl Table {
    /// The cell as written in the file, when rotaplan normalised or trimmed it.
    pub fn written<'a>(&self, row: &'a Row, name: &str) -> Option<&'a str> {
        let i = *self.columns.get(name)?;
        row.altered.iter().find(|(c, _)| *c == i).map(|(_, raw)| raw.as_str())
    }

    /// One warning per id column whose cells had white space around them.
    fn warn_trimmed_ids(&mut self, problems: &mut Problems) {
        let mut names: Vec<(&String, &usize)> = self.columns.iter().filter(|(n, _)| is_id_column(n)).collect();
        names.sort();
        for (name, &i) in names {
            let lines: Vec<u64> = self.rows.iter().filter(|r| r.trimmed.contains(&i)).map(|r| r.line).collect();
            if let Some(first) = lines.first() {
                let msg = format!(
                    "{} `{name}` cell(s) had spaces or non-breaking spaces around the id (first at line {first}); rotaplan trimmed them",
                    lines.len()
                );
                let hint = "remove the spaces in the file so that every program reads the same id";
                problems.warn_at(&self.file, *first, Some((i as u64 + 1, name)), msg, hint);
            }
        }
    }

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

/// The years rotaplan accepts anywhere (contract section 1): a birth, a
/// tenure's start or end, a term start.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Parses a whole year within [`YEARS`].
pub fn parse_year(s: &str) -> Option<i32> {
    s.parse::<i32>().ok().filter(|y| YEARS.contains(y))
}

/// Parses a month (`YYYY-MM` or `YYYY-MM-DD`) within [`YEARS`] (version 2).
pub fn parse_month(s: &str) -> Option<crate::model::YearMonth> {
    crate::model::YearMonth::parse(s).filter(|m| YEARS.contains(&m.year))
}

/// The largest magnitude of a candidate score (contract section 2).
pub const MAX_SCORE: f64 = 1e6;

/// Parses a candidate score: a number from -[`MAX_SCORE`] to [`MAX_SCORE`].
pub fn parse_score(s: &str) -> Option<f64> {
    parse_number(s).filter(|v| v.abs() <= MAX_SCORE)
}

/// Parses a finite number.
pub fn parse_number(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}
