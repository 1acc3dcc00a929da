//! Policy presets (contract version 2, `[policy] preset`): the numbers of the
//! regulations in force for a term, each with its text, article and date.
//! docs/policy-sources.md lists the same values; `rotaplan policy show`
//! prints them with where each effective value came from.
//!
//! A value is **confirmed** when it was read in the text itself (or its
//! official translation), and *unconfirmed* when it was only found quoted or
//! summarised by legal portals and the press: it is still in the preset, so
//! that a committee starts from the reported figure, and the scenario can
//! override it. A figure found nowhere is not in the preset at all.

use crate::model::{Calendar, Retirement, Rules, YearMonth};

/// How sure a preset value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Confirmed,
    Unconfirmed,
}

/// One value a preset sets, with its source.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PresetValue {
    /// The scenario.toml key it stands for (`rules.remaining_service.first`).
    pub key: &'static str,
    /// The value as scenario.toml would write it.
    pub value: &'static str,
    /// Regulation, article and date.
    pub source: &'static str,
    pub status: Status,
}

/// A preset: its values, and the reported figures it leaves to the scenario.
#[derive(Debug, Clone)]
pub struct Preset {
    pub name: &'static str,
    pub values: &'static [PresetValue],
    /// Keys the preset does not set, with why (shown by `policy show`).
    pub left_out: &'static [(&'static str, &'static str)],
}

const DIRECTIVE_45: &str = "Directive 45-CT/TW of 2025-04-14 (Politburo), section on the time of counting ages, as quoted by Thư viện Pháp luật and Lao Động Thủ đô (2025-04)";

/// `vn-2025`: the 2025–2030 party term and the 2026–2031 People's Councils and Committees.
pub const VN_2025: Preset = Preset {
    name: "vn-2025",
    values: &[
        PresetValue {
            key: "rules.retirement",
            value: "\"vn-labour-code-2019\"",
            source: "Labour Code 2019 (Law 45/2019/QH14), art. 169(2); Decree 135/2020/ND-CP of 2020-11-18, art. 3, 4 and Appendix I",
            status: Status::Confirmed,
        },
        PresetValue {
            key: "rules.remaining_service.first",
            value: "60",
            source: "Directive 45-CT/TW of 2025-04-14: a first-time member of a party committee, government or Front must have at least one full term (5 years) of service left at the reference date",
            status: Status::Unconfirmed,
        },
        PresetValue {
            key: "rules.remaining_service.stay",
            value: "48",
            source: "Directive 45-CT/TW of 2025-04-14: re-election to a party committee needs at least 48 months of service left at the start of the congress (42 for a provincial deputy secretary)",
            status: Status::Unconfirmed,
        },
        PresetValue {
            key: "calendars.party",
            value: "{ term_start = \"2025-07\", term_years = 5, reference_date = { commune = \"2025-07\", province = \"2025-09\" } }",
            source: DIRECTIVE_45,
            status: Status::Unconfirmed,
        },
        PresetValue {
            key: "calendars.council",
            value: "{ term_start = \"2026-03\", term_years = 5, reference_date = \"2026-03\" }",
            source: "Directive 45-CT/TW of 2025-04-14 (ages of People's Council and People's Committee leaders counted at 2026-03); election of 2026-03-15",
            status: Status::Unconfirmed,
        },
        PresetValue {
            key: "calendars.government",
            value: "{ term_start = \"2026-03\", term_years = 5, reference_date = \"2026-03\" }",
            source: "Directive 45-CT/TW of 2025-04-14 (as for the People's Councils); the People's Committees are elected by the new Councils",
            status: Status::Unconfirmed,
        },
        PresetValue {
            key: "rules.term_limit",
            value: "\"consecutive_terms\"",
            source: "Regulation 65-QĐ/TW of 2022-04-28, art. 3: its own definition of \"two consecutive terms\" was not read in a primary text, so the preset keeps version 1's reading",
            status: Status::Unconfirmed,
        },
    ],
    left_out: &[
        ("rules.remaining_service.rotation", "reported as 10 years (Decree 138/2020 and Regulation 65-QĐ/TW, press summaries); no text was found: set it in the scenario"),
        ("rules.remaining_service.lateral", "a lateral move is reported as possibly exempt; no figure was found: it takes `first` unless the scenario sets it"),
        ("calendars.front", "the Fatherland Front counts ages at each organisation's own congress (Directive 45-CT/TW): define [calendars.front] with its date"),
    ],
};

/// Every preset by name.
pub const PRESETS: &[&Preset] = &[&VN_2025];

/// The preset named `name`.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().copied().find(|p| p.name == name)
}

/// Applies `vn-2025` to the rules, before the scenario's own keys.
pub fn apply_rules(preset: &Preset, rules: &mut Rules) {
    if preset.name == VN_2025.name {
        rules.retirement = Retirement::LabourCode2019;
        rules.first_min_months = 60;
        rules.stay_min_months = 48;
    }
}

/// The preset's calendars (the scenario may define its own of the same name instead).
pub fn calendars(preset: &Preset) -> Vec<Calendar> {
    if preset.name != VN_2025.name {
        return Vec::new();
    }
    let m = |y, mo| YearMonth { year: y, month: mo };
    let cal = |name: &str, start, province, commune| Calendar {
        name: name.into(),
        term_start: start,
        term_years: 5,
        reference_province: province,
        reference_commune: commune,
    };
    vec![
        cal("party", m(2025, 7), m(2025, 9), m(2025, 7)),
        cal("council", m(2026, 3), m(2026, 3), m(2026, 3)),
        cal("government", m(2026, 3), m(2026, 3), m(2026, 3)),
    ]
}
