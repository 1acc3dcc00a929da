//! A candidate's files, as the command line writes them: plan.csv, plan.xlsx
//! (sheets plan, targets, explanations) and the HTML report, which the
//! browser prints to PDF.

use super::workspace::Solution;

/// One exported file: its bytes, its type and whether the browser shows it
/// (the report) or saves it.
pub struct Export {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub inline: bool,
}

/// The file `name` of a solution; `None` for a name the desk does not export.
pub fn file(s: &Solution, name: &str) -> Option<Result<Export, String>> {
    let csv = || Ok::<_, String>(s.plan_csv.clone());
    Some(match name {
        "plan.csv" => csv().map(|bytes| Export { bytes, mime: "text/csv; charset=utf-8", inline: false }),
        "plan.xlsx" => workbook(s, csv).map(|bytes| Export {
            bytes,
            mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            inline: false,
        }),
        "report.html" => Ok(Export { bytes: report(s).into_bytes(), mime: "text/html; charset=utf-8", inline: true }),
        _ => return None,
    })
}

fn workbook(s: &Solution, csv: impl Fn() -> Result<Vec<u8>, String>) -> Result<Vec<u8>, String> {
    let explanations =
        crate::explain::explanations_csv(&s.scenario, &s.eligibility, &s.plan, None).map_err(|e| e.to_string())?;
    crate::pipeline::plan_workbook(&csv()?, &s.eval, &explanations).map_err(|e| e.to_string())
}

fn report(s: &Solution) -> String {
    crate::report::html(&crate::report::ReportInput {
        sc: &s.scenario,
        plan: &s.plan,
        eval: &s.eval,
        violations: &[],
        status: Some(s.status.as_str()),
        comparison: None,
        wishes: None,
        show_reasons: false,
    })
}
