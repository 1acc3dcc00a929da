//! Shared test fixtures: small scenarios written to temporary folders.
#![allow(dead_code)]

pub mod random;

use std::path::{Path, PathBuf};
use std::process::Output;

use rotaplan::eligibility::Eligibility;
use rotaplan::model::Scenario;

/// A scenario under construction: the TOML text and CSV data rows (no headers).
#[derive(Clone)]
pub struct Sc {
    pub toml: String,
    pub units: Vec<String>,
    pub positions: Vec<String>,
    pub cadres: Vec<String>,
    pub history: Vec<String>,
    pub candidates: Option<Vec<String>>,
    pub decisions: Vec<String>,
    /// Headers of cadres.csv and history.csv (version 2 scenarios use others).
    pub cadres_header: String,
    pub history_header: String,
    pub candidates_header: String,
    pub units_header: String,
    /// training.csv rows (version 2), written when not empty.
    pub training: Vec<String>,
    /// preferences.csv rows (version 2), written when not empty.
    pub preferences: Vec<String>,
}

pub const UNITS_HEADER: &str = "unit_id,name,level,parent_id,disadvantaged";
pub const POSITIONS_HEADER: &str = "position_id,unit_id,title,incumbent_id";
pub const CADRES_HEADER: &str =
    "cadre_id,name,gender,birth_year,ethnicity,home_unit_id,unit_id,education,theory,rating,available";
pub const HISTORY_HEADER: &str = "cadre_id,unit_id,title,start_year,end_year";
pub const CANDIDATES_HEADER: &str = "cadre_id,position_id,title,score";
pub const DECISIONS_HEADER: &str = "cadre_id,position_id,decision";

/// TOML of the basic scenario; `{rules}` and `{extra}` are filled in by [`Sc::with_rules`] etc.
pub fn basic_toml(term_years: i32, rules: &str, extra: &str) -> String {
    format!(
        r#"name = "test"
term_start = 2025
term_years = {term_years}

[titles.sec]
level = "commune"
head = true
non_local = true
min_education = "bachelor"
min_theory = "advanced"

[titles.chair]
level = "commune"
head = true

[titles.dir]
level = "province"
head = true
non_local = true

[rules]
{rules}

[objective]
rating_points = {{ excellent = 30, good = 20, complete = 5, incomplete = -100 }}
continuity_bonus = 10
rotation_down_bonus = 5
vacancy_penalty = 1000
{extra}
"#
    )
}

impl Sc {
    /// Province P with department PD, communes A and B, outside root X; posts
    /// SEC-A (sec of A), CHAIR-A (chair of A), DIR (dir of PD); no cadres.
    pub fn basic() -> Sc {
        Sc {
            toml: basic_toml(5, "", ""),
            units: vec![
                "P,Province,province,,false".into(),
                "PD,Department,province,P,false".into(),
                "A,Commune A,commune,P,false".into(),
                "B,Commune B,commune,P,false".into(),
                "X,Elsewhere,province,,false".into(),
            ],
            positions: vec!["SEC-A,A,sec,".into(), "CHAIR-A,A,chair,".into(), "DIR,PD,dir,".into()],
            cadres: vec![],
            history: vec![],
            candidates: None,
            decisions: vec![],
            cadres_header: CADRES_HEADER.into(),
            history_header: HISTORY_HEADER.into(),
            candidates_header: CANDIDATES_HEADER.into(),
            units_header: UNITS_HEADER.into(),
            training: vec![],
            preferences: vec![],
        }
    }

    /// Contract version 2: `contract = 2` and `extra_toml` at the top of
    /// scenario.toml, and the given headers for cadres.csv and history.csv.
    pub fn v2(mut self, extra_toml: &str, cadres_header: &str, history_header: &str) -> Sc {
        self.toml = format!("contract = 2\n{extra_toml}\n{}", self.toml);
        self.cadres_header = cadres_header.into();
        self.history_header = history_header.into();
        self
    }

    /// Replaces the `[rules]` body and the trailing TOML.
    pub fn with_toml(mut self, term_years: i32, rules: &str, extra: &str) -> Sc {
        self.toml = basic_toml(term_years, rules, extra);
        self
    }

    /// Adds a cadre: id, gender, birth year, ethnicity, home, unit, education, theory, rating, available.
    pub fn cadre(mut self, line: &str) -> Sc {
        self.cadres.push(line.into());
        self
    }

    /// A standard cadre `id` (M, born 1980, Kinh, home B, works at B, master, advanced, good).
    pub fn plain(self, id: &str) -> Sc {
        self.cadre(&format!("{id},Name {id},M,1980,Kinh,B,B,master,advanced,good,true"))
    }

    /// Adds a history row.
    pub fn tenure(mut self, line: &str) -> Sc {
        self.history.push(line.into());
        self
    }

    /// Adds a planning row.
    pub fn plan(mut self, line: &str) -> Sc {
        self.candidates.get_or_insert_with(Vec::new).push(line.into());
        self
    }

    /// Sets the incumbent of a post.
    pub fn incumbent(mut self, post: &str, cadre: &str) -> Sc {
        for p in &mut self.positions {
            if p.starts_with(&format!("{post},")) {
                let mut parts: Vec<String> = p.split(',').map(String::from).collect();
                parts[3] = cadre.into();
                *p = parts.join(",");
            }
        }
        self
    }

    /// Writes the scenario to a new temporary folder.
    pub fn write(&self) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let put = |name: &str, header: &str, rows: &[String]| {
            let mut s = String::from(header);
            s.push('\n');
            for r in rows {
                s.push_str(r);
                s.push('\n');
            }
            std::fs::write(dir.path().join(name), s).expect("write");
        };
        std::fs::write(dir.path().join("scenario.toml"), &self.toml).expect("write toml");
        put("units.csv", &self.units_header, &self.units);
        put("positions.csv", POSITIONS_HEADER, &self.positions);
        put("cadres.csv", &self.cadres_header, &self.cadres);
        put("history.csv", &self.history_header, &self.history);
        if let Some(c) = &self.candidates {
            put("candidates.csv", &self.candidates_header, c);
        }
        if !self.decisions.is_empty() {
            put("decisions.csv", DECISIONS_HEADER, &self.decisions);
        }
        if !self.training.is_empty() {
            put("training.csv", "cadre_id,requirement,level,completion", &self.training);
        }
        if !self.preferences.is_empty() {
            put("preferences.csv", "cadre_id,unit_id,title,rank,reason", &self.preferences);
        }
        dir
    }

    /// Writes and loads the scenario, returning the input problems as text.
    pub fn try_load(&self) -> Result<Scenario, String> {
        let dir = self.write();
        rotaplan::scenario::load(dir.path()).map_err(|e| e.to_string())
    }

    /// Writes and loads the scenario (panics on input errors: tests build valid input).
    pub fn load(&self) -> Scenario {
        let dir = self.write();
        match rotaplan::scenario::load(dir.path()) {
            Ok(sc) => sc,
            Err(e) => panic!("test scenario is invalid:\n{e}"),
        }
    }

    /// Loads and builds the eligibility graph.
    pub fn prepare(&self) -> (Scenario, Eligibility) {
        let dir = self.write();
        match rotaplan::prepare(dir.path()) {
            Ok(x) => x,
            Err(e) => panic!("test scenario is invalid:\n{e}"),
        }
    }
}

/// Every excluded pair as (cadre id, post id, rule codes), sorted.
pub fn exclusions(sc: &Scenario, el: &Eligibility) -> Vec<(String, String, Vec<&'static str>)> {
    let mut got: Vec<_> = el
        .excluded
        .iter()
        .map(|(&(p, c), why)| {
            (sc.cadres[c].id.clone(), sc.positions[p].id.clone(), why.iter().map(|e| e.rule).collect())
        })
        .collect();
    got.sort();
    got
}

/// The same listing written by hand as (cadre, post, rules).
pub fn owned(expected: &[(&str, &str, Vec<&'static str>)]) -> Vec<(String, String, Vec<&'static str>)> {
    expected.iter().map(|(c, p, r)| (c.to_string(), p.to_string(), r.clone())).collect()
}

/// Every pin (committee or rule 3.6) as (cadre id, post id), in the order found.
pub fn pin_ids<'a>(sc: &'a Scenario, el: &Eligibility) -> Vec<(&'a str, &'a str)> {
    el.pins.iter().map(|p| (sc.cadres[p.cadre].id.as_str(), sc.positions[p.position].id.as_str())).collect()
}

/// Rule codes that exclude cadre `c` from post `p` (by id).
pub fn excluded_by(sc: &Scenario, c: &str, p: &str) -> Vec<&'static str> {
    let ci = sc.cadre_index[c];
    let pi = sc.position_index[p];
    rotaplan::rules::exclusions(sc, ci, pi).into_iter().map(|e| e.rule).collect()
}

/// Runs the rotaplan binary.
pub fn rotaplan(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rotaplan")).args(args).output().expect("run rotaplan")
}

/// Path of a committed scenario.
pub fn scenario_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

/// Copies a committed scenario into a temporary folder.
pub fn copy_scenario(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(scenario_path(name)).expect("scenario dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    dir
}

/// Copies the files of folder `from` into `to` (created).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for entry in std::fs::read_dir(from).expect("dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

/// One HTTP/1.1 request to a desk on 127.0.0.1:`port` with its access
/// token (a form body for a POST); the whole response as text.
#[allow(dead_code)] // not every test binary talks to a desk
pub fn desk_request(port: u16, token: &str, method: &str, path: &str, body: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: rotaplan_token={token}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}
