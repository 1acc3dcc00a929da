//! Reading and validating a scenario folder (contract sections 1–3).
//!
//! Only this module reads input files. Every problem is collected, with file,
//! line, column and a fix, before anything fails.

pub mod batch_spec;
pub(crate) mod cadres;
mod candidates;
pub mod config;
mod decisions;
mod history;
mod horizon;
mod mergers;
pub mod migrate;
pub mod overrides;
pub mod plan_file;
mod positions;
mod preferences;
pub mod problems;
mod refs;
pub mod table;
pub mod toml_keys;
mod training;
mod units;
mod version2;
pub mod xlsx;

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::model::*;
pub use overrides::Override;
pub use plan_file::{read_plan, PlanInfo};
pub use problems::{InputErrors, Problem, Problems};
use table::Table;

/// Columns of each CSV file of the contract (section 2), in contract order.
pub mod columns {
    pub const UNITS: &[&str] = &["unit_id", "name", "level", "parent_id", "disadvantaged"];
    pub const POSITIONS: &[&str] = &["position_id", "unit_id", "title", "incumbent_id"];
    pub const CADRES: &[&str] = &[
        "cadre_id",
        "name",
        "gender",
        "birth_year",
        "ethnicity",
        "home_unit_id",
        "unit_id",
        "education",
        "theory",
        "rating",
        "available",
    ];
    pub const HISTORY: &[&str] = &["cadre_id", "unit_id", "title", "start_year", "end_year"];
    pub const CANDIDATES: &[&str] = &["cadre_id", "position_id", "title", "score"];
    pub const DECISIONS: &[&str] = &["cadre_id", "position_id", "decision"];
}

/// The files of a scenario, in the order they are hashed.
pub const FILES: &[&str] = &[
    "scenario.toml",
    "units.csv",
    "positions.csv",
    "cadres.csv",
    "history.csv",
    "candidates.csv",
    "decisions.csv",
    "training.csv",
    "preferences.csv",
];

/// Reads and validates the scenario in `dir`.
pub fn load(dir: &Path) -> Result<Scenario, InputErrors> {
    load_with(dir, &[])
}

/// Reads and validates the scenario in `dir` (a folder, or an .xlsx
/// workbook with one sheet per file) with `--set` overrides applied to scenario.toml.
pub fn load_with(dir: &Path, sets: &[Override]) -> Result<Scenario, InputErrors> {
    let source = xlsx::Source::open(dir)?;
    load_folder(&source.dir, sets).map_err(|e| source.relabel(e))
}

fn load_folder(dir: &Path, sets: &[Override]) -> Result<Scenario, InputErrors> {
    let mut problems = Problems::default();
    let sc = load_inner(dir, sets, &mut problems);
    let warnings = problems.take_warnings();
    problems.finish().map_err(|e| InputErrors { warnings: warnings.clone(), ..e })?;
    let mut sc = sc.ok_or_else(|| {
        InputErrors::one(&dir.display().to_string(), "the scenario could not be read", "see the problems above")
    })?;
    sc.warnings = warnings.iter().map(|w| w.to_string()).collect();
    Ok(sc)
}

/// Hash of every scenario file present (name, length and bytes) and of the overrides.
pub fn input_hash(dir: &Path, sets: &[Override]) -> String {
    let mut h = Sha256::new();
    for o in sets {
        h.update(o.to_arg().as_bytes());
        h.update([0]);
    }
    for f in FILES {
        if let Ok(bytes) = table::read_bytes(dir, f) {
            h.update(f.as_bytes());
            h.update([0]);
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(&bytes);
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses scenario.toml; then, if it is sound, again with the overrides
/// applied, reporting problems the overrides cause against `--set`.
fn config_with(text: &str, default_name: &str, sets: &[Override], problems: &mut Problems) -> Option<config::Config> {
    let plain = config::parse(text, default_name, problems);
    if sets.is_empty() || plain.is_none() || !problems.is_empty() {
        return plain;
    }
    let changed = match overrides::apply(text, sets) {
        Ok(t) => t,
        Err(errors) => {
            for e in errors {
                problems.file("--set", e, "use a key of scenario.toml (targets by their key) and a value of its type");
            }
            return None;
        }
    };
    let mut inner = Problems::default();
    let config = config::parse(&changed, default_name, &mut inner);
    if let Err(errs) = inner.finish() {
        let keys: Vec<String> = sets.iter().map(|o| o.to_arg()).collect();
        for p in errs.problems {
            let field = p.field.filter(|f| !f.is_empty()).map(|f| format!(" ({f})")).unwrap_or_default();
            problems.file("--set", format!("{}{field}: {}", keys.join(" "), p.message), p.hint);
        }
        return None;
    }
    config
}

/// Reports repeated ids in `col` (the first row of each id is kept), saying
/// so when the two were written differently (Unicode forms, spaces), and
/// warns of ids that differ only by case.
fn unique_ids(table: &Table, col: &str, problems: &mut Problems) {
    let mut seen: HashMap<&str, &table::Row> = HashMap::new();
    let mut by_case: HashMap<String, (&str, u64)> = HashMap::new();
    for r in &table.rows {
        let Some(id) = table.get(r, col) else { continue };
        if let Some(prev) = seen.insert(id, r) {
            let (msg, hint) = duplicate(table, col, id, prev, r);
            problems.at(&table.file, r.line, table.loc(col), msg, hint);
            continue;
        }
        match by_case.insert(id.to_lowercase(), (id, r.line)) {
            Some((other, line)) if other != id => problems.warn_at(
                &table.file,
                r.line,
                table.loc(col),
                format!("{col} `{id}` differs only by case from `{other}` at line {line}; they are different ids"),
                "write each id the same way everywhere, or give them ids that differ by more than case",
            ),
            _ => {}
        }
    }
}

fn duplicate(table: &Table, col: &str, id: &str, prev: &table::Row, row: &table::Row) -> (String, String) {
    if table.written(prev, col).is_some() || table.written(row, col).is_some() {
        let msg = format!(
            "{col} `{id}` at line {} is the same id as at line {}: they differ only in Unicode form or surrounding spaces",
            row.line, prev.line
        );
        return (msg, "type the id the same way in both rows, or give them different ids".into());
    }
    let msg = format!("duplicate {col} `{id}` (first at line {})", prev.line);
    (msg, format!("give every row its own {col}, or remove the repeated row"))
}

/// Reads scenario.toml (with the overrides); `None` when it cannot be used.
fn read_config(dir: &Path, sets: &[Override], problems: &mut Problems) -> Option<config::Config> {
    let default_name = dir.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "scenario".into());
    let bytes = match table::read_bytes(dir, config::FILE) {
        Ok(b) => b,
        Err(e) => {
            let hint = match e {
                table::Unreadable::Io(_) => "every scenario needs a scenario.toml (contract section 3)",
                _ => e.hint(),
            };
            problems.file(config::FILE, e.to_string(), hint);
            return None;
        }
    };
    match String::from_utf8(bytes) {
        // NFC, as every CSV cell: an ethnicity typed in another Unicode form still matches.
        Ok(text) => config_with(&table::clean_text(&text), &default_name, sets, problems),
        Err(_) => {
            problems.file(config::FILE, "is not valid UTF-8", "save the file as UTF-8");
            None
        }
    }
}

fn load_inner(dir: &Path, sets: &[Override], problems: &mut Problems) -> Option<Scenario> {
    if !dir.is_dir() {
        problems.file(
            &dir.display().to_string(),
            "is not a scenario folder",
            "give the path of a folder holding scenario.toml, units.csv, positions.csv and cadres.csv",
        );
        return None;
    }
    let config = read_config(dir, sets, problems);
    let mut refs = refs::Refs::default();
    let titles = config.as_ref().map(|c| c.titles.clone()).unwrap_or_default();
    refs.titles = refs::Ids {
        index: titles.iter().enumerate().map(|(i, t)| (t.key.clone(), i)).collect(),
        written: Default::default(),
        read: config.is_some(),
    };
    let era = Era::of(config.as_ref());
    let (units, unit_ids) = units::read(dir, era, problems);
    refs.units = unit_ids;
    refs.historic_units = units.iter().filter(|u| u.is_historic()).map(|u| (u.id.clone(), historic_note(u))).collect();
    let (mut cadres, cadre_ids) = cadres::read(dir, &refs, era, problems);
    refs.cadres = cadre_ids;
    let cx = positions::Context { refs: &refs, units: &units, titles: &titles };
    let (positions, position_ids) = positions::read(dir, &cx, &mut cadres, problems);
    refs.positions = position_ids;
    history::read(dir, &refs, era, &units, &mut cadres, problems);
    training::read(dir, &refs, era.contract, &mut cadres, problems);
    preferences::read(dir, &refs, era.contract, &mut cadres, problems);
    if let Some(c) = &config {
        units::check_share_values(c, &units, &positions, problems);
    }
    let pools = candidates::read(dir, &refs, era.contract, problems);
    let decisions = decisions::read(dir, &refs, problems);
    let config = config?;
    if !problems.is_empty() {
        return None;
    }
    let read = Read { units, positions, cadres, pools, decisions, refs };
    Some(assemble(config, read, input_hash(dir, sets)))
}

/// When a historic unit ended, for messages.
fn historic_note(u: &crate::model::Unit) -> String {
    match (u.valid_from, u.valid_to) {
        (_, Some(to)) => format!("valid to {to}"),
        (Some(from), None) => format!("valid only from {from}"),
        (None, None) => "not valid at the reference date".into(),
    }
}

/// What the CSV readers need of scenario.toml: the contract version and the
/// reference date. When scenario.toml could not be read, the files are read
/// as version 2 (which accepts every version-1 column) without the checks
/// against the reference date, so that only root causes are reported.
#[derive(Clone, Copy)]
pub struct Era<'a> {
    pub contract: u8,
    pub reference: Option<YearMonth>,
    config: Option<&'a config::Config>,
}

impl Era<'_> {
    fn of(config: Option<&config::Config>) -> Era<'_> {
        match config {
            Some(c) => Era { contract: c.contract, reference: Some(c.reference), config: Some(c) },
            None => Era { contract: 2, reference: None, config: None },
        }
    }

    /// The reference date of a tenure's title at a unit of `level`: its
    /// calendar's, or the scenario's for a title scenario.toml does not define.
    pub fn reference_for(&self, title: &str, level: Level) -> Option<YearMonth> {
        let c = self.config?;
        match c.titles.iter().find(|t| t.key == title) {
            Some(t) => Some(t.reference.unwrap_or_else(|| c.calendars[t.calendar].reference(level))),
            None => self.reference,
        }
    }
}

/// Everything read from the CSV files.
struct Read {
    units: Vec<Unit>,
    positions: Vec<Position>,
    cadres: Vec<Cadre>,
    pools: candidates::Pools,
    decisions: Vec<Decision>,
    refs: refs::Refs,
}

fn assemble(config: config::Config, read: Read, input_hash: String) -> Scenario {
    let mut rules = config.rules;
    // Contract: require_planning defaults to true only when candidates.csv exists.
    rules.require_planning = config.require_planning.unwrap_or(read.pools.present);
    let forbidden =
        read.decisions.iter().filter(|d| d.kind == DecisionKind::Forbid).map(|d| (d.cadre, d.position)).collect();
    Scenario {
        name: config.name,
        language: config.language,
        contract: config.contract,
        reference: config.reference,
        term_start: config.term_start,
        term_years: config.term_years,
        calendars: config.calendars,
        preset: config.preset.map(|p| p.name),
        key_lines: config.key_lines,
        titles: config.titles,
        rules,
        groups: config.groups,
        targets: config.targets,
        objective: config.objective,
        solver: config.solver,
        units: read.units,
        positions: read.positions,
        cadres: read.cadres,
        planned_position: read.pools.by_position,
        planned_title: read.pools.by_title,
        rotation_position: read.pools.rotation_position,
        rotation_title: read.pools.rotation_title,
        decisions: read.decisions,
        forbidden,
        unit_index: read.refs.units.index,
        position_index: read.refs.positions.index,
        cadre_index: read.refs.cadres.index,
        title_index: read.refs.titles.index,
        input_hash,
        warnings: Vec::new(),
    }
}
