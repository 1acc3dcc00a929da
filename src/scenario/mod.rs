//! Reading and validating a scenario folder (contract sections 1–3).
//!
//! Only this module reads input files. Every problem is collected, with file,
//! line, column and a fix, before anything fails.

pub mod config;
pub mod overrides;
pub mod problems;
pub mod table;
pub mod xlsx;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::model::*;
pub use overrides::Override;
pub use problems::{InputErrors, Problem, Problems};
use table::{parse_bool, parse_number, parse_year, Table};

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
pub const FILES: &[&str] =
    &["scenario.toml", "units.csv", "positions.csv", "cadres.csv", "history.csv", "candidates.csv", "decisions.csv"];

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
    problems.finish()?;
    sc.ok_or_else(|| InputErrors {
        problems: vec![Problem {
            file: dir.display().to_string(),
            line: None,
            column: None,
            field: None,
            message: "the scenario could not be read".into(),
            hint: "see the problems above".into(),
        }],
    })
}

/// Hash of every scenario file present (name, length and bytes) and of the overrides.
pub fn input_hash(dir: &Path, sets: &[Override]) -> String {
    let mut h = Sha256::new();
    for o in sets {
        h.update(o.to_arg().as_bytes());
        h.update([0]);
    }
    for f in FILES {
        if let Ok(bytes) = std::fs::read(dir.join(f)) {
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

struct RawUnit {
    id: String,
    name: String,
    level: Level,
    parent: Option<(String, u64)>,
    disadvantaged: bool,
    line: u64,
}

struct RawCadre {
    cadre: Cadre,
    home: String,
    unit: String,
}

fn unique_ids<'a>(
    table: &Table,
    rows: impl Iterator<Item = (&'a str, u64)>,
    col: &str,
    problems: &mut Problems,
) -> HashSet<String> {
    let mut seen: HashMap<&str, u64> = HashMap::new();
    let mut out = HashSet::new();
    for (id, line) in rows {
        if let Some(prev) = seen.insert(id, line) {
            problems.at(
                &table.file,
                line,
                table.loc(col),
                format!("duplicate {col} `{id}` (first at line {prev})"),
                format!("give every row its own {col}, or remove the repeated row"),
            );
        }
        out.insert(id.to_string());
    }
    out
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
    let default_name = dir.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "scenario".into());
    let config = match std::fs::read(dir.join(config::FILE)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => config_with(&text, &default_name, sets, problems),
            Err(_) => {
                problems.file(config::FILE, "is not valid UTF-8", "save the file as UTF-8");
                None
            }
        },
        Err(e) => {
            problems.file(
                config::FILE,
                format!("cannot read: {e}"),
                "every scenario needs a scenario.toml (contract section 3)",
            );
            None
        }
    };

    // ---- units.csv
    let units_t = table::read(dir, "units.csv", &columns::UNITS[..4], problems);
    let mut raw_units = Vec::new();
    if let Some(t) = &units_t {
        unique_ids(t, t.rows.iter().filter_map(|r| t.get(r, "unit_id").map(|id| (id, r.line))), "unit_id", problems);
        for r in &t.rows {
            let id = t.required(r, "unit_id", problems);
            let name = t.get(r, "name").unwrap_or("");
            let level = t.parsed(r, "level", problems, Level::parse, "`province` or `commune`");
            let disadvantaged =
                t.optional(r, "disadvantaged", problems, parse_bool, "`true` or `false`").flatten().unwrap_or(false);
            if let (Some(id), Some(level)) = (id, level) {
                raw_units.push(RawUnit {
                    id: id.to_string(),
                    name: if name.is_empty() { id.to_string() } else { name.to_string() },
                    level,
                    parent: t.get(r, "parent_id").map(|p| (p.to_string(), r.line)),
                    disadvantaged,
                    line: r.line,
                });
            }
        }
    }
    raw_units.sort_by(|a, b| a.id.cmp(&b.id).then(a.line.cmp(&b.line)));
    raw_units.dedup_by(|a, b| a.id == b.id);
    let unit_index: HashMap<String, UnitIdx> = raw_units.iter().enumerate().map(|(i, u)| (u.id.clone(), i)).collect();
    let mut units: Vec<Unit> = Vec::with_capacity(raw_units.len());
    for u in &raw_units {
        let mut parent = None;
        if let Some((pid, line)) = &u.parent {
            match unit_index.get(pid) {
                None => problems.at(
                    "units.csv",
                    *line,
                    units_t.as_ref().and_then(|t| t.loc("parent_id")),
                    format!("parent `{pid}` of unit `{}` is not in units.csv", u.id),
                    "use the unit_id of the province (or leave parent_id empty for the province itself)",
                ),
                Some(&pi) if raw_units[pi].level != Level::Province => problems.at(
                    "units.csv",
                    *line,
                    units_t.as_ref().and_then(|t| t.loc("parent_id")),
                    format!("parent `{pid}` of unit `{}` is a commune; a parent must be a province-level unit", u.id),
                    "a commune's parent is its province; a department's parent is the province",
                ),
                Some(&pi) => parent = Some(pi),
            }
        }
        units.push(Unit {
            id: u.id.clone(),
            name: u.name.clone(),
            level: u.level,
            parent,
            disadvantaged: u.disadvantaged,
            province: 0,
            line: u.line,
        });
    }
    // Roots, with cycle detection.
    for i in 0..units.len() {
        let mut cur = i;
        let mut steps = 0;
        while let Some(p) = units[cur].parent {
            cur = p;
            steps += 1;
            if steps > units.len() {
                problems.at(
                    "units.csv",
                    units[i].line,
                    units_t.as_ref().and_then(|t| t.loc("parent_id")),
                    format!("unit `{}` is part of a parent cycle", units[i].id),
                    "parents must lead up to a unit with an empty parent_id",
                );
                break;
            }
        }
        units[i].province = cur;
        if units[i].level == Level::Commune && units[i].parent.is_none() && units_t.is_some() {
            problems.at(
                "units.csv",
                units[i].line,
                units_t.as_ref().and_then(|t| t.loc("parent_id")),
                format!("commune `{}` has no parent", units[i].id),
                "set parent_id to the commune's province",
            );
        }
    }

    let titles = config.as_ref().map(|c| c.titles.clone()).unwrap_or_default();
    let title_index: HashMap<String, TitleIdx> = titles.iter().enumerate().map(|(i, t)| (t.key.clone(), i)).collect();

    // Ids of rows that have problems of their own: references to them are not reported again.
    let unit_ids: HashSet<String> = units_t
        .as_ref()
        .map(|t| t.rows.iter().filter_map(|r| t.get(r, "unit_id").map(String::from)).collect())
        .unwrap_or_default();

    // ---- cadres.csv
    let cadres_t = table::read(dir, "cadres.csv", &columns::CADRES[..10], problems);
    let mut raw_cadres: Vec<RawCadre> = Vec::new();
    if let Some(t) = &cadres_t {
        unique_ids(t, t.rows.iter().filter_map(|r| t.get(r, "cadre_id").map(|id| (id, r.line))), "cadre_id", problems);
        for r in &t.rows {
            let id = t.required(r, "cadre_id", problems);
            let name = t.required(r, "name", problems);
            let gender = t.parsed(r, "gender", problems, Gender::parse, "`F` or `M`");
            let birth_year = t.parsed(r, "birth_year", problems, parse_year, "a four-digit year such as 1975");
            let ethnicity = t.required(r, "ethnicity", problems);
            let home = t.required(r, "home_unit_id", problems);
            let unit = t.required(r, "unit_id", problems);
            let education = t.parsed(r, "education", problems, Education::parse, &Education::WORDS.join(", "));
            let theory = t.parsed(r, "theory", problems, Theory::parse, &Theory::WORDS.join(", "));
            let rating = t.parsed(r, "rating", problems, Rating::parse, &Rating::WORDS.join(", "));
            let available = t.optional(r, "available", problems, parse_bool, "`true` or `false`");
            for (col, v) in [("home_unit_id", home), ("unit_id", unit)] {
                if let Some(v) = v {
                    if !unit_index.contains_key(v) && units_t.is_some() && !unit_ids.contains(v) {
                        problems.at("cadres.csv", r.line, t.loc(col), format!("unit `{v}` is not in units.csv"), "add the unit to units.csv (units outside the planned area may be listed without posts) or correct the id");
                    }
                }
            }
            if let (
                Some(id),
                Some(name),
                Some(gender),
                Some(birth_year),
                Some(ethnicity),
                Some(home),
                Some(unit),
                Some(education),
                Some(theory),
                Some(rating),
                Some(available),
            ) = (id, name, gender, birth_year, ethnicity, home, unit, education, theory, rating, available)
            {
                raw_cadres.push(RawCadre {
                    cadre: Cadre {
                        id: id.to_string(),
                        name: name.to_string(),
                        gender,
                        birth_year,
                        ethnicity: ethnicity.to_string(),
                        home_unit: 0,
                        unit: 0,
                        education,
                        theory,
                        rating,
                        available: available.unwrap_or(true),
                        incumbent_of: None,
                        tenures: Vec::new(),
                        line: r.line,
                    },
                    home: home.to_string(),
                    unit: unit.to_string(),
                });
            }
        }
    }
    raw_cadres.sort_by(|a, b| a.cadre.id.cmp(&b.cadre.id).then(a.cadre.line.cmp(&b.cadre.line)));
    raw_cadres.dedup_by(|a, b| a.cadre.id == b.cadre.id);
    let mut cadres: Vec<Cadre> = raw_cadres
        .into_iter()
        .map(|rc| {
            let mut c = rc.cadre;
            c.home_unit = unit_index.get(&rc.home).copied().unwrap_or(usize::MAX);
            c.unit = unit_index.get(&rc.unit).copied().unwrap_or(usize::MAX);
            c
        })
        .collect();
    let cadre_index: HashMap<String, CadreIdx> = cadres.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
    // Ids of rows that have problems of their own: references to them are not reported again.
    let cadre_ids: HashSet<String> = cadres_t
        .as_ref()
        .map(|t| t.rows.iter().filter_map(|r| t.get(r, "cadre_id").map(String::from)).collect())
        .unwrap_or_default();
    let cadres_ok = cadres_t.is_some();

    // ---- positions.csv
    let positions_t = table::read(dir, "positions.csv", columns::POSITIONS, problems);
    let mut positions: Vec<Position> = Vec::new();
    if let Some(t) = &positions_t {
        unique_ids(
            t,
            t.rows.iter().filter_map(|r| t.get(r, "position_id").map(|id| (id, r.line))),
            "position_id",
            problems,
        );
        let mut incumbents: HashMap<String, (u64, String)> = HashMap::new();
        for (row, r) in t.rows.iter().enumerate() {
            let id = t.required(r, "position_id", problems);
            let unit = t.required(r, "unit_id", problems).and_then(|u| {
                let i = unit_index.get(u).copied();
                if i.is_none() && units_t.is_some() && !unit_ids.contains(u) {
                    problems.at(
                        "positions.csv",
                        r.line,
                        t.loc("unit_id"),
                        format!("unit `{u}` is not in units.csv"),
                        "add the unit to units.csv or correct the id",
                    );
                }
                i
            });
            let title = t.required(r, "title", problems).and_then(|ti| {
                let i = title_index.get(ti).copied();
                if i.is_none() && config.is_some() {
                    let mut known: Vec<&str> = title_index.keys().map(|s| s.as_str()).collect();
                    known.sort();
                    problems.at(
                        "positions.csv",
                        r.line,
                        t.loc("title"),
                        format!("title `{ti}` is not defined in scenario.toml"),
                        format!("add [titles.{ti}] to scenario.toml, or use one of: {}", known.join(", ")),
                    );
                }
                i
            });
            if let (Some(u), Some(ti)) = (unit, title) {
                if units[u].level != titles[ti].level {
                    problems.at(
                        "positions.csv",
                        r.line,
                        t.loc("title"),
                        format!(
                            "title `{}` exists at {} level but unit `{}` is {}-level",
                            titles[ti].key,
                            titles[ti].level.as_str(),
                            units[u].id,
                            units[u].level.as_str()
                        ),
                        "put the post in a unit of the title's level, or correct the title's level in scenario.toml",
                    );
                }
            }
            let incumbent = t.get(r, "incumbent_id").and_then(|c| {
                if let Some((prev, pos)) = incumbents.insert(c.to_string(), (r.line, id.unwrap_or("").to_string())) {
                    problems.at("positions.csv", r.line, t.loc("incumbent_id"), format!("cadre `{c}` is already incumbent of post `{pos}` (line {prev}); a cadre holds at most one post"), "keep the cadre as incumbent of one post only");
                }
                let i = cadre_index.get(c).copied();
                if i.is_none() && cadres_ok && !cadre_ids.contains(c) {
                    problems.at("positions.csv", r.line, t.loc("incumbent_id"), format!("incumbent `{c}` is not in cadres.csv"), "add the cadre to cadres.csv, correct the id, or leave the cell empty for a vacant post");
                }
                i
            });
            if let (Some(id), Some(unit), Some(title)) = (id, unit, title) {
                positions.push(Position { id: id.to_string(), unit, title, incumbent, row, line: r.line });
            }
        }
    }
    positions.sort_by(|a, b| a.id.cmp(&b.id).then(a.line.cmp(&b.line)));
    positions.dedup_by(|a, b| a.id == b.id);
    let position_index: HashMap<String, PosIdx> =
        positions.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
    for (p, pos) in positions.iter().enumerate() {
        if let Some(c) = pos.incumbent {
            if cadres[c].incumbent_of.is_none() {
                cadres[c].incumbent_of = Some(p);
            }
        }
    }

    let cadre_ref = |t: &Table, r: &table::Row, problems: &mut Problems| -> Option<CadreIdx> {
        let c = t.required(r, "cadre_id", problems)?;
        let i = cadre_index.get(c).copied();
        if i.is_none() && cadres_ok && !cadre_ids.contains(c) {
            problems.at(
                &t.file,
                r.line,
                t.loc("cadre_id"),
                format!("cadre `{c}` is not in cadres.csv"),
                "add the cadre to cadres.csv or correct the id",
            );
        }
        i
    };
    let position_ref = |t: &Table, r: &table::Row, v: &str, problems: &mut Problems| -> Option<PosIdx> {
        let i = position_index.get(v).copied();
        if i.is_none() && positions_t.is_some() {
            problems.at(
                &t.file,
                r.line,
                t.loc("position_id"),
                format!("position `{v}` is not in positions.csv"),
                "correct the id or add the post to positions.csv",
            );
        }
        i
    };

    // ---- history.csv (optional)
    if dir.join("history.csv").exists() {
        if let Some(t) = table::read(dir, "history.csv", columns::HISTORY, problems) {
            for r in &t.rows {
                let c = cadre_ref(&t, r, problems);
                let u = t.required(r, "unit_id", problems).and_then(|u| {
                    let i = unit_index.get(u).copied();
                    if i.is_none() && units_t.is_some() && !unit_ids.contains(u) {
                        problems.at("history.csv", r.line, t.loc("unit_id"), format!("unit `{u}` is not in units.csv"), "every unit in the history must be listed in units.csv (units outside the planned area may be listed without posts)");
                    }
                    i
                });
                let title = t.required(r, "title", problems);
                let start = t.parsed(r, "start_year", problems, parse_year, "a four-digit year such as 2015");
                let end = t.optional(r, "end_year", problems, parse_year, "a four-digit year such as 2020");
                if let (Some(s), Some(Some(e))) = (start, end) {
                    if e < s {
                        problems.at(
                            "history.csv",
                            r.line,
                            t.loc("end_year"),
                            format!("end_year {e} is before start_year {s}"),
                            "end_year is the first year no longer served (end exclusive); correct the years",
                        );
                    }
                }
                if let (Some(c), Some(u), Some(title), Some(s), Some(e)) = (c, u, title, start, end) {
                    cadres[c].tenures.push(Tenure {
                        unit: u,
                        title: title.to_string(),
                        start_year: s,
                        end_year: e,
                        line: r.line,
                    });
                }
            }
        }
    }
    for c in &mut cadres {
        c.tenures.sort();
    }

    // ---- candidates.csv (optional)
    let has_candidates = dir.join("candidates.csv").exists();
    let mut planned_position = BTreeMap::new();
    let mut planned_title = BTreeMap::new();
    if has_candidates {
        if let Some(t) = table::read(dir, "candidates.csv", &["cadre_id"], problems) {
            if t.col("position_id").is_none() && t.col("title").is_none() {
                problems.at(
                    "candidates.csv",
                    1,
                    None,
                    "the header has neither `position_id` nor `title`",
                    "use the header cadre_id,position_id,title,score",
                );
            }
            let mut seen: HashMap<(CadreIdx, String), u64> = HashMap::new();
            for r in &t.rows {
                let c = cadre_ref(&t, r, problems);
                let pos = t.get(r, "position_id");
                let title = t.get(r, "title");
                let score =
                    t.optional(r, "score", problems, parse_number, "a number such as 7.5").map(|s| s.unwrap_or(0.0));
                match (pos, title) {
                    (Some(_), Some(_)) => problems.at(
                        "candidates.csv",
                        r.line,
                        t.loc("title"),
                        "both position_id and title are set",
                        "set exactly one: position_id plans the cadre for that post, title for the title in any unit",
                    ),
                    (None, None) => problems.at(
                        "candidates.csv",
                        r.line,
                        t.loc("position_id"),
                        "neither position_id nor title is set",
                        "set exactly one of position_id and title",
                    ),
                    (Some(pv), None) => {
                        let p = position_ref(&t, r, pv, problems);
                        if let (Some(c), Some(p), Some(score)) = (c, p, score) {
                            if let Some(prev) = seen.insert((c, format!("p:{pv}")), r.line) {
                                problems.at(
                                    "candidates.csv",
                                    r.line,
                                    t.loc("position_id"),
                                    format!(
                                        "cadre `{}` is already planned for post `{pv}` at line {prev}",
                                        cadres[c].id
                                    ),
                                    "keep one row per cadre and post",
                                );
                            }
                            planned_position.insert((c, p), score);
                        }
                    }
                    (None, Some(tv)) => {
                        let ti = title_index.get(tv).copied();
                        if ti.is_none() && config.is_some() {
                            problems.at(
                                "candidates.csv",
                                r.line,
                                t.loc("title"),
                                format!("title `{tv}` is not defined in scenario.toml"),
                                "use a title key defined under [titles]",
                            );
                        }
                        if let (Some(c), Some(ti), Some(score)) = (c, ti, score) {
                            if let Some(prev) = seen.insert((c, format!("t:{tv}")), r.line) {
                                problems.at(
                                    "candidates.csv",
                                    r.line,
                                    t.loc("title"),
                                    format!(
                                        "cadre `{}` is already planned for title `{tv}` at line {prev}",
                                        cadres[c].id
                                    ),
                                    "keep one row per cadre and title",
                                );
                            }
                            planned_title.insert((c, ti), score);
                        }
                    }
                }
            }
        }
    }

    // ---- decisions.csv (optional)
    let mut decisions = Vec::new();
    if dir.join("decisions.csv").exists() {
        if let Some(t) = table::read(dir, "decisions.csv", columns::DECISIONS, problems) {
            let mut seen: HashMap<(CadreIdx, PosIdx), u64> = HashMap::new();
            for r in &t.rows {
                let c = cadre_ref(&t, r, problems);
                let p = t.required(r, "position_id", problems).and_then(|v| position_ref(&t, r, v, problems));
                let kind = t.parsed(
                    r,
                    "decision",
                    problems,
                    |s| match s {
                        "pin" => Some(DecisionKind::Pin),
                        "forbid" => Some(DecisionKind::Forbid),
                        _ => None,
                    },
                    "`pin` or `forbid`",
                );
                if let (Some(c), Some(p), Some(kind)) = (c, p, kind) {
                    if let Some(prev) = seen.insert((c, p), r.line) {
                        problems.at(
                            "decisions.csv",
                            r.line,
                            t.loc("position_id"),
                            format!(
                                "a decision on cadre `{}` and post `{}` is already given at line {prev}",
                                cadres[c].id, positions[p].id
                            ),
                            "keep one decision per pair",
                        );
                        continue;
                    }
                    decisions.push(Decision { cadre: c, position: p, kind, line: r.line });
                }
            }
        }
    }
    decisions.sort_by_key(|d| (d.position, d.cadre));
    let forbidden =
        decisions.iter().filter(|d| d.kind == DecisionKind::Forbid).map(|d| (d.cadre, d.position)).collect();

    let config = config?;
    if !problems.is_empty() {
        return None;
    }
    let mut rules = config.rules;
    // Contract: require_planning defaults to true only when candidates.csv exists.
    rules.require_planning = config.require_planning.unwrap_or(has_candidates);
    Some(Scenario {
        name: config.name,
        term_start: config.term_start,
        term_years: config.term_years,
        titles,
        rules,
        groups: config.groups,
        targets: config.targets,
        objective: config.objective,
        solver: config.solver,
        units,
        positions,
        cadres,
        planned_position,
        planned_title,
        decisions,
        forbidden,
        unit_index,
        position_index,
        cadre_index,
        title_index,
        input_hash: input_hash(dir, sets),
    })
}

/// Reads a plan in plan.csv format: only `position_id` and `cadre_id` are
/// read; posts missing from the file are vacant; unknown posts or cadres and
/// repeated posts are input errors.
pub fn read_plan(sc: &Scenario, path: &Path) -> Result<crate::plan::Plan, InputErrors> {
    let mut problems = Problems::default();
    let dir = path.parent().unwrap_or(Path::new("."));
    let file = path.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let mut plan = crate::plan::Plan::vacant(sc);
    if let Some(t) = table::read(dir, &file, &["position_id", "cadre_id"], &mut problems) {
        let mut seen: HashMap<PosIdx, u64> = HashMap::new();
        for r in &t.rows {
            let Some(pid) = t.required(r, "position_id", &mut problems) else {
                continue;
            };
            let Some(&p) = sc.position_index.get(pid) else {
                problems.at(
                    &file,
                    r.line,
                    t.loc("position_id"),
                    format!("position `{pid}` is not in the scenario's positions.csv"),
                    "correct the id or remove the row",
                );
                continue;
            };
            if let Some(prev) = seen.insert(p, r.line) {
                problems.at(
                    &file,
                    r.line,
                    t.loc("position_id"),
                    format!("position `{pid}` appears again (first at line {prev})"),
                    "give each post one row",
                );
                continue;
            }
            if let Some(cid) = t.get(r, "cadre_id") {
                match sc.cadre_index.get(cid) {
                    Some(&c) => plan.assignment[p] = Some(c),
                    None => problems.at(
                        &file,
                        r.line,
                        t.loc("cadre_id"),
                        format!("cadre `{cid}` is not in the scenario's cadres.csv"),
                        "correct the id, or leave the cell empty for a vacant post",
                    ),
                }
            }
        }
    }
    problems.finish()?;
    Ok(plan)
}
