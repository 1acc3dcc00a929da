//! A scenario as one Excel workbook: one sheet per file of the contract
//! (`units`, `positions`, `cadres`, `history`, `candidates`, `decisions`,
//! same columns, header in row 1) and a sheet `scenario` holding the lines of
//! scenario.toml in column A. Read with calamine, written with rust_xlsxwriter.

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};

use super::problems::InputErrors;

/// CSV files of the contract and their sheet names.
pub const SHEETS: &[(&str, &str)] = &[
    ("units.csv", "units"),
    ("positions.csv", "positions"),
    ("cadres.csv", "cadres"),
    ("history.csv", "history"),
    ("candidates.csv", "candidates"),
    ("decisions.csv", "decisions"),
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

/// Writes the workbook's sheets as a scenario folder in `dir` (created).
pub fn workbook_to_dir(book: &Path, dir: &Path) -> Result<(), InputErrors> {
    let mut wb = open_workbook_auto(book)
        .map_err(|e| problem(book, format!("cannot open the workbook: {e}"), "save it as an .xlsx workbook"))?;
    let names = wb.sheet_names().to_vec();
    std::fs::create_dir_all(dir).map_err(|e| problem(book, format!("cannot create {}: {e}", dir.display()), ""))?;
    let write = |name: &str, text: String| {
        std::fs::write(dir.join(name), text).map_err(|e| problem(book, format!("cannot write {name}: {e}"), ""))
    };
    if !names.iter().any(|n| n == TOML_SHEET) {
        return Err(problem(
            book,
            format!("the workbook has no sheet `{TOML_SHEET}`"),
            "add a sheet `scenario` with the lines of scenario.toml in column A",
        ));
    }
    for name in &names {
        let range =
            wb.worksheet_range(name).map_err(|e| problem(book, format!("cannot read sheet `{name}`: {e}"), ""))?;
        // Keep Excel row numbers as CSV line numbers: blank lines for empty leading rows.
        let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
        if name == TOML_SHEET {
            let mut text = "\n".repeat(start_row);
            for row in range.rows() {
                text.push_str(&row.first().map(cell_text).unwrap_or_default());
                text.push('\n');
            }
            write("scenario.toml", text)?;
        } else if let Some((file, _)) = SHEETS.iter().find(|(_, s)| s == name) {
            let mut text = "\n".repeat(start_row);
            for row in range.rows() {
                let cells: Vec<String> = row.iter().map(cell_text).collect();
                if cells.iter().all(|c| c.is_empty()) {
                    text.push('\n');
                    continue;
                }
                let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
                w.write_record(&cells).map_err(|e| problem(book, e.to_string(), ""))?;
                let bytes = w.into_inner().map_err(|e| problem(book, e.to_string(), ""))?;
                text.push_str(&String::from_utf8_lossy(&bytes));
            }
            write(file, text)?;
        }
    }
    Ok(())
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
