//! A scenario as one Excel workbook: one sheet per file of the contract
//! (`units`, `positions`, `cadres`, `history`, `candidates`, `decisions`,
//! same columns, header in row 1) and a sheet `scenario` holding the lines of
//! scenario.toml in column A. Read with calamine, written with rust_xlsxwriter.

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};

use super::problems::{InputErrors, Problems};

/// CSV files of the contract and their sheet names.
pub const SHEETS: &[(&str, &str)] = &[
    ("units.csv", "units"),
    ("positions.csv", "positions"),
    ("cadres.csv", "cadres"),
    ("history.csv", "history"),
    ("candidates.csv", "candidates"),
    ("decisions.csv", "decisions"),
    ("training.csv", "training"),
    ("preferences.csv", "preferences"),
];

/// Sheet holding scenario.toml, one line per row.
pub const TOML_SHEET: &str = "scenario";

/// True when `path` names a workbook.
pub fn is_workbook(path: &Path) -> bool {
    path.is_file() && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => crate::plan::fmt_num(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(dt) => crate::plan::fmt_num(dt.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn problem(book: &Path, message: String, hint: &str) -> InputErrors {
    InputErrors::one(&book.display().to_string(), message, hint)
}

/// The sheets a scenario workbook must have.
const REQUIRED_SHEETS: &[&str] = &[TOML_SHEET, "units", "positions", "cadres"];

/// Writes the workbook's sheets as a scenario folder in `dir` (created).
pub fn workbook_to_dir(book: &Path, dir: &Path) -> Result<(), InputErrors> {
    let mut wb = open_workbook_auto(book)
        .map_err(|e| problem(book, format!("cannot open the workbook: {e}"), "save it as an .xlsx workbook"))?;
    let names = wb.sheet_names().to_vec();
    check_sheets(book, &names)?;
    std::fs::create_dir_all(dir).map_err(|e| problem(book, format!("cannot create {}: {e}", dir.display()), ""))?;
    let mut problems = Problems::default();
    for name in &names {
        let file = if name == TOML_SHEET {
            "scenario.toml"
        } else if let Some((file, _)) = SHEETS.iter().find(|(_, s)| s == name) {
            file
        } else {
            continue; // other sheets (notes, pivots) are the committee's own
        };
        let range =
            wb.worksheet_range(name).map_err(|e| problem(book, format!("cannot read sheet `{name}`: {e}"), ""))?;
        let sheet = format!("{}[sheet {name}]", book.display());
        let text = if name == TOML_SHEET { toml_text(&range) } else { csv_text(&range, &sheet, &mut problems) };
        std::fs::write(dir.join(file), text).map_err(|e| problem(book, format!("cannot write {file}: {e}"), ""))?;
    }
    problems.finish()
}

/// Every required sheet is there; a sheet named with other capitals is named in the hint.
fn check_sheets(book: &Path, names: &[String]) -> Result<(), InputErrors> {
    let mut problems = Problems::default();
    for want in REQUIRED_SHEETS.iter().filter(|w| !names.iter().any(|n| n == *w)) {
        let close = names.iter().find(|n| n.trim().eq_ignore_ascii_case(want));
        let hint = match close {
            Some(n) => format!("rename sheet `{n}` to `{want}` (sheet names are lower case)"),
            None => format!("add a sheet `{want}` (one sheet per file of the scenario: see the contract)"),
        };
        let msg = format!("the workbook has no sheet `{want}`; its sheets are: {}", names.join(", "));
        problems.file(&book.display().to_string(), msg, hint);
    }
    problems.finish()
}

/// The `scenario` sheet: scenario.toml's lines in column A, Excel rows kept as lines.
fn toml_text(range: &calamine::Range<Data>) -> String {
    let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut text = "\n".repeat(start_row);
    for row in range.rows() {
        text.push_str(&row.first().map(cell_text).unwrap_or_default());
        text.push('\n');
    }
    text
}

/// The columns of contract version 2 that hold months: a date cell there is
/// read as its date (`YYYY-MM-DD`).
pub const MONTH_COLUMNS: &[&str] =
    &["birth_date", "retirement_date", "start", "end", "valid_from", "valid_to", "completion"];

/// A date cell as `YYYY-MM-DD`.
fn date_text(d: &Data) -> Option<String> {
    match d {
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            Some(format!("{y:04}-{m:02}-{day:02}"))
        }
        Data::DateTimeIso(s) => s.get(..10).map(String::from),
        _ => None,
    }
}

/// A data sheet as CSV, Excel rows kept as lines. Date cells are refused
/// (Excel turns typed ids and years into dates, and their serial numbers
/// would be read silently), except in the month columns of version 2.
fn csv_text(range: &calamine::Range<Data>, sheet: &str, problems: &mut Problems) -> String {
    let (start_row, start_col) = range.start().map(|(r, c)| (r as usize, c as usize)).unwrap_or((0, 0));
    let header: Vec<String> = match start_row {
        0 => range.rows().next().map(|r| r.iter().map(cell_text).collect()).unwrap_or_default(),
        _ => Vec::new(),
    };
    let is_month_col = |j: usize| header.get(j).is_some_and(|h| MONTH_COLUMNS.contains(&h.trim()));
    let mut text = "\n".repeat(start_row);
    for (i, row) in range.rows().enumerate() {
        let cell = |(j, d): (usize, &Data)| match date_text(d).filter(|_| i > 0 && is_month_col(j)) {
            Some(date) => date,
            None => cell_text(d),
        };
        let refused = |(j, d): &(usize, &Data)| {
            matches!(d, Data::DateTime(_) | Data::DateTimeIso(_)) && !(i > 0 && is_month_col(*j))
        };
        for (j, d) in row.iter().enumerate().filter(refused) {
            let msg = format!(
                "cell {} holds a date (Excel serial {}), not text",
                cell_name(start_row + i, start_col + j),
                cell_text(d)
            );
            let hint =
                "format the column as Text in Excel and type the value again (ids and years are text or whole numbers)";
            problems.at(sheet, (start_row + i + 1) as u64, Some(((start_col + j + 1) as u64, "")), msg, hint);
        }
        let cells: Vec<String> =
            std::iter::repeat_n(String::new(), start_col).chain(row.iter().enumerate().map(cell)).collect();
        if cells.iter().all(|c| c.is_empty()) {
            text.push('\n');
            continue;
        }
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        // Writing into memory cannot fail; a row that did would be missing and reported by the reader.
        if let Some(bytes) = w.write_record(&cells).ok().and_then(|()| w.into_inner().ok()) {
            text.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    text
}

/// Excel's name of a cell: column letters and 1-based row (`C5`).
fn cell_name(row: usize, col: usize) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        letters.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// Writing a workbook failed.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// A scenario file to convert cannot be read.
    #[error("{0}")]
    Input(#[from] InputErrors),
    /// The workbook writer failed (a bug).
    #[error("writing the workbook: {0}")]
    Writer(#[from] rust_xlsxwriter::XlsxError),
    /// The CSV to convert is malformed.
    #[error("reading CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// The creator recorded in every workbook rotaplan writes: `convert`
/// overwrites a workbook only when it carries it (or with `--force`).
pub const CREATOR: &str = "rotaplan";

fn new_workbook() -> rust_xlsxwriter::Workbook {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_author(CREATOR));
    wb
}

/// True when the workbook at `path` was written by rotaplan (its author is [`CREATOR`]).
pub fn written_by_rotaplan(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else { return false };
    let Ok(mut zip) = zip::ZipArchive::new(file) else { return false };
    let Ok(core) = zip.by_name("docProps/core.xml") else { return false };
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(core, 1 << 20), &mut text).is_ok()
        && text.contains(&format!("<dc:creator>{CREATOR}</dc:creator>"))
}

/// A scenario folder as one workbook (every cell as text, so that
/// identifiers such as `01` keep their form).
pub fn dir_to_workbook(dir: &Path) -> Result<Vec<u8>, WorkbookError> {
    let mut wb = new_workbook();
    let toml = std::fs::read_to_string(dir.join("scenario.toml"))
        .map_err(|e| problem(&dir.join("scenario.toml"), format!("cannot read: {e}"), "every scenario needs one"))?;
    let ws = wb.add_worksheet();
    ws.set_name(TOML_SHEET)?;
    for (i, line) in toml.lines().enumerate() {
        ws.write_string(i as u32, 0, line)?;
    }
    for (file, sheet) in SHEETS {
        let path = dir.join(file);
        if path.exists() {
            csv_to_sheet(wb.add_worksheet(), sheet, &path)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

fn csv_to_sheet(ws: &mut rust_xlsxwriter::Worksheet, sheet: &str, path: &Path) -> Result<(), WorkbookError> {
    ws.set_name(sheet)?;
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(path)?;
    for (r, rec) in rdr.records().enumerate() {
        for (c, cell) in rec?.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, cell)?;
            }
        }
    }
    Ok(())
}

/// A scenario folder for `path`: itself, or a temporary folder holding the
/// workbook's sheets (removed when the guard drops).
pub struct Source {
    pub dir: PathBuf,
    temp: bool,
    book: Option<PathBuf>,
}

impl Source {
    /// Opens a folder or a workbook.
    pub fn open(path: &Path) -> Result<Source, InputErrors> {
        if !is_workbook(path) {
            return Ok(Source { dir: path.to_path_buf(), temp: false, book: None });
        }
        let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "scenario".into());
        // Unique per call: parallel batch runs may open the same workbook.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("rotaplan-{}-{n}-{stem}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let src = Source { dir: dir.join(&stem), temp: true, book: Some(path.to_path_buf()) };
        workbook_to_dir(path, &src.dir)?;
        Ok(src)
    }

    /// Renames problems in the temporary CSV files to the workbook's sheets.
    pub fn relabel(&self, mut e: InputErrors) -> InputErrors {
        if let Some(book) = &self.book {
            for p in e.problems.iter_mut().chain(e.warnings.iter_mut()) {
                let sheet = SHEETS.iter().find(|(f, _)| *f == p.file).map(|(_, s)| *s);
                let sheet = sheet.or((p.file == "scenario.toml").then_some(TOML_SHEET));
                if let Some(s) = sheet {
                    p.file = format!("{}[sheet {s}]", book.display());
                }
            }
        }
        e
    }
}

impl Drop for Source {
    fn drop(&mut self) {
        if self.temp {
            if let Some(parent) = self.dir.parent() {
                let _ = std::fs::remove_dir_all(parent);
            }
        }
    }
}

/// A workbook from CSV tables: one sheet per (name, CSV bytes). Cells of the
/// listed numeric columns that read as numbers are written as numbers.
pub fn csv_tables_to_workbook(sheets: &[(&str, &[u8])], numeric: &[&str]) -> Result<Vec<u8>, WorkbookError> {
    let mut wb = new_workbook();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (name, bytes) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name)?;
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(*bytes);
        let mut header: Vec<String> = Vec::new();
        for (r, rec) in rdr.records().enumerate() {
            let rec = rec?;
            for (c, cell) in rec.iter().enumerate() {
                let (row, col) = (r as u32, c as u16);
                if r == 0 {
                    header.push(cell.to_string());
                    ws.write_string_with_format(row, col, cell, &bold)?;
                    continue;
                }
                let is_numeric = header.get(c).is_some_and(|h| numeric.contains(&h.as_str()));
                match cell.parse::<f64>() {
                    Ok(v) if is_numeric && v.is_finite() => ws.write_number(row, col, v).map(|_| ()),
                    _ if cell.is_empty() => Ok(()),
                    _ => ws.write_string(row, col, cell).map(|_| ()),
                }?;
            }
        }
    }
    Ok(wb.save_to_buffer()?)
}
