//! `rotaplan policy show`: the effective rules of a scenario, each with where
//! its value came from (scenario.toml, the policy preset with its source, or
//! the contract's default). Structured first, then rendered.

use serde::Serialize;

use super::presets::{self, Status};
use crate::model::{Calendar, Retirement, Scenario, TermLimitMode, Title};

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum Origin {
    /// Written in scenario.toml at this line.
    Scenario { line: u64 },
    /// Set by the policy preset.
    Preset { preset: &'static str, source: &'static str, status: Status },
    /// The contract's default.
    Default,
}

/// One effective value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub key: String,
    pub value: String,
    pub origin: Origin,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scenario: String,
    pub contract: u8,
    pub preset: Option<&'static str>,
    pub entries: Vec<Entry>,
    /// Figures the preset leaves to the scenario, with why.
    pub left_out: Vec<(String, String)>,
}

/// The effective rules of `sc`.
pub fn report(sc: &Scenario) -> Report {
    let mut entries =
        vec![Entry { key: "contract".into(), value: sc.contract.to_string(), origin: origin(sc, &["contract"]) }];
    entries.extend(sc.calendars.iter().map(|c| calendar(sc, c)));
    entries.extend(rules(sc));
    entries.extend(sc.titles.iter().flat_map(|t| title(sc, t)));
    let preset = sc.preset.and_then(presets::find);
    let left_out = preset.map_or(Vec::new(), |p| {
        p.left_out
            .iter()
            .filter(|(k, _)| !sc.key_lines.contains_key(*k))
            .map(|(k, w)| (k.to_string(), w.to_string()))
            .collect()
    });
    Report { scenario: sc.name.clone(), contract: sc.contract, preset: sc.preset, entries, left_out }
}

/// The origin of a value written under any of `keys` (the first is its version-2 name).
fn origin(sc: &Scenario, keys: &[&str]) -> Origin {
    if let Some(line) = keys.iter().find_map(|k| sc.key_lines.get(*k)) {
        return Origin::Scenario { line: *line };
    }
    let preset = sc.preset.and_then(presets::find);
    match preset.and_then(|p| p.values.iter().find(|v| keys.contains(&v.key)).map(|v| (p, v))) {
        Some((p, v)) => Origin::Preset { preset: p.name, source: v.source, status: v.status },
        None => Origin::Default,
    }
}

fn entry(sc: &Scenario, keys: &[&str], value: String) -> Entry {
    Entry { key: keys[0].to_string(), value, origin: origin(sc, keys) }
}

fn calendar(sc: &Scenario, c: &Calendar) -> Entry {
    let refs = if c.reference_commune == c.reference_province {
        format!("reference {}", c.reference_commune)
    } else {
        format!("reference commune {}, province {}", c.reference_commune, c.reference_province)
    };
    let value = format!("term from {} for {} years, {refs}", c.term_start, c.term_years);
    if c.name == "default" {
        return entry(sc, &["reference_date", "term_start"], format!("{value} (the scenario's own term)"));
    }
    let key = format!("calendars.{}", c.name);
    entry(sc, &[key.as_str()], value)
}

fn months(m: i32) -> String {
    format!("{m} months")
}

fn as_first(m: Option<i32>, first: i32) -> String {
    m.map_or(format!("{first} months (as first)"), months)
}

fn rules(sc: &Scenario) -> Vec<Entry> {
    let r = &sc.rules;
    let retirement = match &r.retirement {
        Retirement::None => "none (rule 6 off)".to_string(),
        Retirement::Fixed(a) => format!("fixed ages: F {:?}, M {:?}", a.f, a.m),
        Retirement::LabourCode2019 => format!("\"{}\"", Retirement::LABOUR_CODE_2019),
    };
    let term_limit = match r.term_limit {
        TermLimitMode::ConsecutiveTerms => format!("consecutive_terms, at most {}", r.max_consecutive_terms),
        TermLimitMode::ContinuousMonths { months, gap } => {
            format!("continuous_months: {months} months held, breaks of at most {gap} months")
        }
    };
    let first = r.first_min_months;
    vec![
        entry(sc, &["rules.retirement", "rules.retirement_age"], retirement),
        entry(sc, &["rules.remaining_service.first", "rules.new_appointment_min_years"], months(first)),
        entry(sc, &["rules.remaining_service.stay", "rules.stay_min_years"], months(r.stay_min_months)),
        entry(sc, &["rules.remaining_service.lateral"], as_first(r.lateral_min_months, first)),
        entry(sc, &["rules.remaining_service.rotation"], as_first(r.rotation_min_months, first)),
        entry(sc, &["rules.term_limit", "rules.max_consecutive_terms"], term_limit),
        entry(sc, &["rules.min_years_in_post"], months(r.min_months_in_post)),
        entry(sc, &["rules.local_if_served_years"], months(r.local_if_served_months)),
    ]
}

/// The version-2 settings a title has of its own.
fn title(sc: &Scenario, t: &Title) -> Vec<Entry> {
    let key = |k: &str| format!("titles.{}.{k}", t.key);
    let mut out = Vec::new();
    let mut add = |k: &str, value: String| {
        let full = key(k);
        out.push(entry(sc, &[full.as_str()], value));
    };
    add("calendar", sc.calendars[t.calendar].name.clone());
    if let Some(r) = t.reference {
        add("reference_date", r.to_string());
    }
    if let Some(r) = t.rank {
        add("rank", r.to_string());
    }
    let o = t.remaining;
    let set: Vec<String> = [("first", o.first), ("stay", o.stay), ("lateral", o.lateral), ("rotation", o.rotation)]
        .iter()
        .filter_map(|(k, v)| v.map(|m| format!("{k} {m}")))
        .collect();
    if !set.is_empty() {
        add("remaining_service", format!("{} months", set.join(", ")));
    }
    out
}

/// The report as text for a terminal.
pub fn render_text(r: &Report) -> String {
    let preset = r.preset.map(|p| format!(", preset {p}")).unwrap_or_default();
    let mut out = format!("Policy of {} (contract {}{preset})\n", r.scenario, r.contract);
    let width = r.entries.iter().map(|e| e.key.chars().count()).max().unwrap_or(0);
    for e in &r.entries {
        out.push_str(&format!("  {:width$}  {}\n      {}\n", e.key, e.value, origin_text(&e.origin)));
    }
    if !r.left_out.is_empty() {
        out.push_str("Not set by the preset:\n");
        for (k, why) in &r.left_out {
            out.push_str(&format!("  {k}: {why}\n"));
        }
    }
    out
}

fn origin_text(o: &Origin) -> String {
    match o {
        Origin::Scenario { line } => format!("scenario.toml line {line}"),
        Origin::Preset { preset, source, status } => {
            let s = match status {
                Status::Confirmed => "confirmed",
                Status::Unconfirmed => "unconfirmed",
            };
            format!("preset {preset} [{s}]: {source}")
        }
        Origin::Default => "the contract's default".into(),
    }
}
