//! A candidate's files, as the command line writes them: plan.csv, plan.xlsx
//! (sheets plan, targets, explanations) and the HTML report, which the
//! browser prints to PDF; and the candidate as a plan folder in one zip.
//! With `--pseudonymize` every export carries stable codes in place of the
//! cadres' names and ids (Decree 13/2023/ND-CP on personal data).

use std::io::Write;

use sha2::{Digest, Sha256};

use super::workspace::{decisions_csv, Candidate, Solution};
use crate::lang::Lang;

/// One exported file: its bytes, its type and whether the browser shows it
/// (the report) or saves it.
pub struct Export {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub inline: bool,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The file `name` of candidate `c` solved as `s`, its cadres coded with
/// `pseudonym` when given; `None` for a name the desk does not export.
pub fn file(
    c: &Candidate,
    s: &Solution,
    name: &str,
    lang: Lang,
    pseudonym: Option<&str>,
) -> Option<Result<Export, String>> {
    let coded;
    let s = match pseudonym {
        Some(key) => {
            coded = pseudonymized(s, key);
            match &coded {
                Ok(x) => x,
                Err(e) => return Some(Err(e.clone())),
            }
        }
        None => s,
    };
    let export = |bytes, mime, inline| Export { bytes, mime, inline };
    Some(match name {
        "plan.csv" => Ok(export(s.plan_csv.clone(), "text/csv; charset=utf-8", false)),
        "plan.xlsx" => workbook(s, lang).map(|b| export(b, XLSX, false)),
        "report.html" => Ok(export(report(s, lang).into_bytes(), "text/html; charset=utf-8", true)),
        "plan-folder.zip" => folder(c, s, lang, pseudonym.is_some()).map(|b| export(b, "application/zip", false)),
        _ => return None,
    })
}

fn explanations(s: &Solution) -> Result<Vec<u8>, String> {
    crate::explain::explanations_csv(&s.scenario, &s.eligibility, &s.plan, None).map_err(|e| e.to_string())
}

fn workbook(s: &Solution, lang: Lang) -> Result<Vec<u8>, String> {
    crate::pipeline::plan_workbook(&s.plan_csv, &s.eval, &explanations(s)?, lang).map_err(|e| e.to_string())
}

fn report(s: &Solution, lang: Lang) -> String {
    crate::report::html(&crate::report::ReportInput {
        sc: &s.scenario,
        plan: &s.plan,
        eval: &s.eval,
        violations: &[],
        status: Some(s.status.as_str()),
        comparison: None,
        wishes: None,
        show_reasons: false,
        lang,
    })
}

/// What a plan folder says of its candidate (`candidate.json`).
#[derive(serde::Serialize)]
struct About<'a> {
    name: &'a str,
    scenario: &'a str,
    status: crate::plan::Status,
    objective: f64,
    bound: Option<f64>,
    input_hash: &'a str,
    pseudonymized: bool,
    /// The decisions it was solved under: who, when, why (none of the cadres' names).
    decisions: &'a [super::workspace::Decision],
}

/// The candidate as a plan folder, zipped: plan.csv, explanations.csv,
/// plan.xlsx, report.html, decisions.csv (its pins and forbids) and
/// candidate.json (its name, status, bound and decisions).
fn folder(c: &Candidate, s: &Solution, lang: Lang, pseudonymized: bool) -> Result<Vec<u8>, String> {
    let sc = &s.scenario;
    let about = About {
        name: &c.name,
        scenario: &sc.name,
        status: s.status,
        objective: s.eval.objective,
        bound: s.bound,
        input_hash: &sc.input_hash,
        pseudonymized,
        decisions: &c.decisions,
    };
    // Coded exports name no cadre: their pins and forbids stay in the audit only.
    let decisions = if pseudonymized { decisions_csv(&[]) } else { decisions_csv(&c.decisions) };
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("plan.csv", s.plan_csv.clone()),
        ("explanations.csv", explanations(s)?),
        ("plan.xlsx", workbook(s, lang)?),
        ("report.html", report(s, lang).into_bytes()),
        ("decisions.csv", decisions.map_err(|e| e.to_string())?),
        ("candidate.json", serde_json::to_vec_pretty(&about).map_err(|e| e.to_string())?),
    ];
    zipped(&files).map_err(|e| format!("cannot zip the plan folder: {e}"))
}

fn zipped(files: &[(&str, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in files {
        zip.start_file(format!("plan/{name}"), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The stable code of cadre `id` under the workspace's `key`: the same
/// cadre gets the same code in every export of the workspace, and the code
/// does not give the id back without the key.
pub fn code(key: &str, id: &str) -> String {
    let digest = Sha256::digest(format!("{key}\u{0}{id}").as_bytes());
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("CB-{hex}")
}

/// The solution with every cadre's id and name replaced by its code, and
/// the reasons of their wishes left out.
fn pseudonymized(s: &Solution, key: &str) -> Result<Solution, String> {
    let mut sc = (*s.scenario).clone();
    for c in &mut sc.cadres {
        c.id = code(key, &c.id);
        c.name = c.id.clone();
        c.preferences.iter_mut().for_each(|p| p.reason.clear());
    }
    sc.cadre_index = sc.cadres.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
    let plan_csv = crate::plan::plan_csv(&sc, &s.plan).map_err(|e| e.to_string())?;
    Ok(Solution {
        scenario: std::sync::Arc::new(sc),
        eligibility: s.eligibility.clone(),
        plan: s.plan.clone(),
        plan_csv,
        status: s.status,
        bound: s.bound,
        eval: s.eval.clone(),
    })
}
