//! Every key of scenario.toml checked at once against the contract's keys
//! (section 3), before the typed reading: a misspelt key is reported with
//! all the others, each at its line and column, with the keys allowed there.

use toml::de::{DeTable, DeValue};

use super::config::{line_col, FILE};
use super::problems::Problems;

/// What a TOML value may hold.
enum Shape {
    /// A value checked by the typed reader.
    Leaf,
    /// A table with these keys.
    Table(&'static [(&'static str, Shape)]),
    /// A table whose keys are free (names), each value of this shape.
    MapOf(&'static Shape),
    /// An array of values of this shape.
    ArrayOf(&'static Shape),
}

use Shape::{ArrayOf, Leaf, MapOf, Table};

const TITLE: Shape = Table(&[
    ("level", Leaf),
    ("head", Leaf),
    ("non_local", Leaf),
    ("min_education", Leaf),
    ("min_theory", Leaf),
    ("vacancy_penalty", Leaf),
    ("calendar", Leaf),
    ("reference_date", Table(&[("province", Leaf), ("commune", Leaf)])),
    ("rank", Leaf),
    ("label", Leaf),
    ("concurrent_with", Leaf),
    ("concurrent", Leaf),
    ("remaining_service", REMAINING),
    ("succession", Leaf),
]);
const REMAINING: Shape = Table(&[("first", Leaf), ("stay", Leaf), ("lateral", Leaf), ("rotation", Leaf)]);
const CALENDAR: Shape = Table(&[
    ("term_start", Leaf),
    ("term_years", Leaf),
    ("reference_date", Table(&[("province", Leaf), ("commune", Leaf)])),
]);
const RULES: Shape = Table(&[
    ("max_consecutive_terms", Leaf),
    ("min_years_in_post", Leaf),
    ("retirement_age", Table(&[("F", Leaf), ("M", Leaf)])),
    ("retirement", Table(&[("F", Leaf), ("M", Leaf)])),
    ("remaining_service", REMAINING),
    ("term_limit", Leaf),
    ("term_limit_months", Leaf),
    ("term_limit_gap_months", Leaf),
    ("new_appointment_min_years", Leaf),
    ("stay_min_years", Leaf),
    ("local_if_served_years", Leaf),
    ("require_planning", Leaf),
    ("locality_through_merger", Leaf),
    ("term_limit_through_merger", Leaf),
    ("no_consecutive_disadvantaged", Leaf),
    ("max_rotation_share_per_department", Leaf),
    ("rotation_period_months", Leaf),
    ("rotation_origin", Leaf),
    ("max_succession_titles", Leaf),
]);
const GROUP: Shape =
    Table(&[("gender", Leaf), ("min_age", Leaf), ("max_age", Leaf), ("ethnicity", Leaf), ("ethnicity_not", Leaf)]);
const TARGET: Shape = Table(&[
    ("name", Leaf),
    ("key", Leaf),
    ("group", Leaf),
    ("titles", Leaf),
    ("level", Leaf),
    ("min_share", Leaf),
    ("min_count", Leaf),
    ("max_share", Leaf),
    ("max_count", Leaf),
    ("per_unit", Leaf),
    ("min_unit_share", Leaf),
    ("min_share_from", Leaf),
    ("on", Leaf),
    ("hard", Leaf),
    ("penalty", Leaf),
]);
const OBJECTIVE: Shape = Table(&[
    ("rating_points", Table(&[("excellent", Leaf), ("good", Leaf), ("complete", Leaf), ("incomplete", Leaf)])),
    ("continuity_bonus", Leaf),
    ("rotation_down_bonus", Leaf),
    ("candidate_score_weight", Leaf),
    ("vacancy_penalty", Leaf),
    ("disadvantaged_vacancy_penalty", Leaf),
    ("levels", Leaf),
    ("level_tolerance", Leaf),
    ("rotation_bonus_requires_rules", Leaf),
    ("successor_points", Leaf),
    ("preference_points", Leaf),
    ("preference_rank_step", Leaf),
    ("avoid_penalty", Leaf),
]);
const SCENARIO: Shape = Table(&[
    ("name", Leaf),
    ("language", Leaf),
    ("contract", Leaf),
    ("reference_date", Leaf),
    ("term_start", Leaf),
    ("term_years", Leaf),
    ("policy", Table(&[("preset", Leaf)])),
    ("calendars", MapOf(&CALENDAR)),
    ("titles", MapOf(&TITLE)),
    ("rules", RULES),
    ("groups", MapOf(&GROUP)),
    ("targets", ArrayOf(&TARGET)),
    ("objective", OBJECTIVE),
    ("solver", Table(&[("time_limit_s", Leaf), ("mip_gap", Leaf)])),
]);

/// The line of every key written, by dotted path (`rules.retirement`), for
/// saying where an effective value came from (`rotaplan policy show`).
pub type KeyLines = std::collections::BTreeMap<String, u64>;

/// Records every TOML syntax error and every unknown key; the lines of the
/// keys when there were none.
pub fn check(text: &str, problems: &mut Problems) -> Option<KeyLines> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    for e in &errors {
        let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
        problems.at(FILE, line, Some((col, "")), e.message().trim(), "correct the TOML at this place");
    }
    let mut unknown = Unknown { text, problems, found: 0, lines: KeyLines::new() };
    unknown.table(doc.get_ref(), &SCENARIO, "");
    (errors.is_empty() && unknown.found == 0).then_some(unknown.lines)
}

struct Unknown<'a> {
    text: &'a str,
    problems: &'a mut Problems,
    found: usize,
    lines: KeyLines,
}

impl Unknown<'_> {
    fn value(&mut self, v: &DeValue, shape: &Shape, path: &str) {
        match (v, shape) {
            (DeValue::Table(t), Table(_) | MapOf(_)) => self.table(t, shape, path),
            (DeValue::Array(items), ArrayOf(inner)) => {
                for item in items {
                    self.value(item.get_ref(), inner, path);
                }
            }
            _ => {} // a wrong type is reported by the typed reader, with its expected type
        }
    }

    fn table(&mut self, t: &DeTable, shape: &Shape, path: &str) {
        for (k, v) in t.iter() {
            let key: &str = k.get_ref();
            let inner = match shape {
                Table(keys) => keys.iter().find(|(name, _)| *name == key).map(|(_, s)| s),
                MapOf(inner) => Some(*inner),
                _ => None,
            };
            let full = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
            match inner {
                Some(s) => {
                    let line = line_col(self.text, k.span().start).0;
                    self.lines.entry(full.clone()).or_insert(line);
                    self.value(v.get_ref(), s, &full)
                }
                None => self.report(k.span(), &full, shape),
            }
        }
    }

    fn report(&mut self, span: std::ops::Range<usize>, key: &str, shape: &Shape) {
        self.found += 1;
        let (line, col) = line_col(self.text, span.start);
        let allowed: Vec<&str> = match shape {
            Table(keys) => keys.iter().map(|(k, _)| *k).collect(),
            _ => Vec::new(),
        };
        let hint = format!("remove or correct the key; allowed here: {}", allowed.join(", "));
        self.problems.at(FILE, line, Some((col, key)), format!("unknown key `{key}`"), hint);
    }
}
