//! scenario.toml: raw serde types, then checks that turn them into the domain's
//! settings with the contract's defaults. Problems carry line and column.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::problems::Problems;
use crate::model::*;

pub const FILE: &str = "scenario.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: Option<String>,
    term_start: Spanned<i64>,
    term_years: Spanned<i64>,
    #[serde(default)]
    titles: BTreeMap<Spanned<String>, Spanned<RawTitle>>,
    rules: Option<RawRules>,
    #[serde(default)]
    groups: BTreeMap<Spanned<String>, Spanned<RawGroup>>,
    #[serde(default)]
    targets: Vec<Spanned<RawTarget>>,
    objective: Option<RawObjective>,
    solver: Option<RawSolver>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTitle {
    level: Spanned<String>,
    head: Option<bool>,
    non_local: Option<bool>,
    min_education: Option<Spanned<String>>,
    min_theory: Option<Spanned<String>>,
    vacancy_penalty: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRetirement {
    #[serde(rename = "F")]
    f: Option<i64>,
    #[serde(rename = "M")]
    m: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    max_consecutive_terms: Option<Spanned<i64>>,
    min_years_in_post: Option<Spanned<i64>>,
    retirement_age: Option<RawRetirement>,
    new_appointment_min_years: Option<Spanned<i64>>,
    stay_min_years: Option<Spanned<i64>>,
    local_if_served_years: Option<Spanned<i64>>,
    require_planning: Option<bool>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    gender: Option<Spanned<String>>,
    min_age: Option<i64>,
    max_age: Option<i64>,
    ethnicity: Option<OneOrMany>,
    ethnicity_not: Option<OneOrMany>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    name: Spanned<String>,
    key: Option<Spanned<String>>,
    group: Spanned<String>,
    titles: Option<Vec<Spanned<String>>>,
    level: Option<Spanned<String>>,
    min_share: Option<f64>,
    min_count: Option<f64>,
    max_share: Option<f64>,
    max_count: Option<f64>,
    per_unit: Option<bool>,
    hard: Option<bool>,
    penalty: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRatingPoints {
    excellent: Option<f64>,
    good: Option<f64>,
    complete: Option<f64>,
    incomplete: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObjective {
    rating_points: Option<RawRatingPoints>,
    continuity_bonus: Option<f64>,
    rotation_down_bonus: Option<f64>,
    candidate_score_weight: Option<f64>,
    vacancy_penalty: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSolver {
    time_limit_s: Option<f64>,
    mip_gap: Option<f64>,
}

/// The settings read from scenario.toml.
pub struct Config {
    pub name: String,
    pub term_start: i32,
    pub term_years: i32,
    pub titles: Vec<Title>,
    pub rules: Rules,
    pub groups: Vec<Group>,
    pub targets: Vec<Target>,
    pub objective: ObjectiveWeights,
    pub solver: SolverSettings,
    /// `rules.require_planning` as written; its default depends on candidates.csv.
    pub require_planning: Option<bool>,
}

/// Built-in group names (contract section 3, `[groups]`).
pub const BUILTIN_GROUPS: &[&str] = &["local", "from_province"];

/// 1-based (line, column) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().map(|s| s.chars().count()).unwrap_or(0) as u64 + 1;
    (line, col)
}

/// Turns a name into a stable key: lower-case letters and digits joined by `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars().flat_map(|c| c.to_lowercase()) {
        if ch.is_alphanumeric() && ch.is_ascii() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

struct Ctx<'a> {
    text: &'a str,
    problems: &'a mut Problems,
}

impl Ctx<'_> {
    fn at(&mut self, span: std::ops::Range<usize>, key: &str, message: impl Into<String>, hint: impl Into<String>) {
        let (line, col) = line_col(self.text, span.start);
        self.problems.at(FILE, line, Some((col, key)), message, hint);
    }
}

fn int_in<T: TryFrom<i64>>(ctx: &mut Ctx, v: &Spanned<i64>, key: &str, min: i64, max: i64) -> Option<T> {
    let x = *v.get_ref();
    if x < min || x > max {
        ctx.at(
            v.span(),
            key,
            format!("`{key}` = {x} is out of range"),
            format!("use a whole number from {min} to {max}"),
        );
        return None;
    }
    T::try_from(x).ok()
}

/// Reads scenario.toml. `default_name` names a scenario that gives no `name`.
pub fn parse(text: &str, default_name: &str, problems: &mut Problems) -> Option<Config> {
    let raw: RawScenario = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            let msg = e.message().trim().to_string();
            let hint = if msg.contains("unknown field") {
                "remove or correct the key: the contract lists every allowed key (see docs and spec section 3)"
            } else if msg.contains("missing field") {
                "add the missing key"
            } else {
                "correct the TOML at this place"
            };
            problems.at(FILE, line, Some((col, "")), msg, hint);
            return None;
        }
    };
    let mut ctx = Ctx { text, problems };
    let term_start = int_in::<i32>(&mut ctx, &raw.term_start, "term_start", 1000, 9999);
    let term_years = int_in::<i32>(&mut ctx, &raw.term_years, "term_years", 1, 50);

    // Titles.
    let mut titles = Vec::new();
    for (key, t) in &raw.titles {
        let span = key.span();
        let key = key.get_ref().clone();
        let t = t.get_ref();
        let level = match Level::parse(t.level.get_ref()) {
            Some(l) => l,
            None => {
                ctx.at(
                    t.level.span(),
                    "level",
                    format!("title `{key}`: level `{}` is not `province` or `commune`", t.level.get_ref()),
                    "use level = \"commune\" or level = \"province\"",
                );
                Level::Commune
            }
        };
        let min_education = t.min_education.as_ref().and_then(|s| {
            let v = Education::parse(s.get_ref());
            if v.is_none() {
                ctx.at(
                    s.span(),
                    "min_education",
                    format!("title `{key}`: `{}` is not an education level", s.get_ref()),
                    format!("use one of {}", Education::WORDS.join(", ")),
                );
            }
            v
        });
        let min_theory = t.min_theory.as_ref().and_then(|s| {
            let v = Theory::parse(s.get_ref());
            if v.is_none() {
                ctx.at(
                    s.span(),
                    "min_theory",
                    format!("title `{key}`: `{}` is not a political theory level", s.get_ref()),
                    format!("use one of {}", Theory::WORDS.join(", ")),
                );
            }
            v
        });
        let vacancy_penalty = t.vacancy_penalty.as_ref().map(|v| {
            if !v.get_ref().is_finite() {
                ctx.at(
                    v.span(),
                    "vacancy_penalty",
                    "vacancy_penalty must be a finite number",
                    "give a number such as 1000",
                );
            }
            *v.get_ref()
        });
        if key.is_empty() {
            ctx.at(span, "titles", "a title key is empty", "name the title, e.g. [titles.pc_chair]");
        }
        titles.push(Title {
            key,
            level,
            head: t.head.unwrap_or(false),
            non_local: t.non_local.unwrap_or(false),
            min_education,
            min_theory,
            vacancy_penalty,
        });
    }
    titles.sort_by(|a, b| a.key.cmp(&b.key));
    let title_idx: BTreeMap<&str, usize> = titles.iter().enumerate().map(|(i, t)| (t.key.as_str(), i)).collect();

    // Rules.
    let tyears = term_years.unwrap_or(5);
    let rules = match &raw.rules {
        None => Rules {
            max_consecutive_terms: 2,
            min_years_in_post: 0,
            retirement_age: None,
            new_appointment_min_years: tyears,
            stay_min_years: 0,
            local_if_served_years: 0,
            require_planning: true, // replaced by the loader when candidates.csv is absent
        },
        Some(r) => {
            let opt = |ctx: &mut Ctx, v: &Option<Spanned<i64>>, key: &str, min: i64, def: i32| -> i32 {
                v.as_ref().and_then(|v| int_in::<i32>(ctx, v, key, min, 200)).unwrap_or(def)
            };
            let retirement_age = r
                .retirement_age
                .as_ref()
                .map(|ra| RetirementAge { f: ra.f.map(|v| v as i32), m: ra.m.map(|v| v as i32) });
            Rules {
                max_consecutive_terms: opt(&mut ctx, &r.max_consecutive_terms, "max_consecutive_terms", 1, 2) as u32,
                min_years_in_post: opt(&mut ctx, &r.min_years_in_post, "min_years_in_post", 0, 0),
                retirement_age,
                new_appointment_min_years: opt(
                    &mut ctx,
                    &r.new_appointment_min_years,
                    "new_appointment_min_years",
                    0,
                    tyears,
                ),
                stay_min_years: opt(&mut ctx, &r.stay_min_years, "stay_min_years", 0, 0),
                local_if_served_years: opt(&mut ctx, &r.local_if_served_years, "local_if_served_years", 0, 0),
                require_planning: r.require_planning.unwrap_or(true),
            }
        }
    };

    // Groups.
    let mut groups: Vec<Group> = vec![
        Group { name: "local".into(), rule: GroupRule::Local },
        Group { name: "from_province".into(), rule: GroupRule::FromProvince },
    ];
    for (name, g) in &raw.groups {
        if BUILTIN_GROUPS.contains(&name.get_ref().as_str()) {
            ctx.at(
                name.span(),
                name.get_ref(),
                format!("group `{}` is built in and cannot be redefined", name.get_ref()),
                "choose another name for your group",
            );
            continue;
        }
        let gr = g.get_ref();
        let gender = gr.gender.as_ref().and_then(|s| {
            let v = Gender::parse(s.get_ref());
            if v.is_none() {
                ctx.at(
                    s.span(),
                    "gender",
                    format!("group `{}`: gender `{}` is not F or M", name.get_ref(), s.get_ref()),
                    "use gender = \"F\" or gender = \"M\"",
                );
            }
            v
        });
        groups.push(Group {
            name: name.get_ref().clone(),
            rule: GroupRule::Filter(GroupFilter {
                gender,
                min_age: gr.min_age.map(|v| v as i32),
                max_age: gr.max_age.map(|v| v as i32),
                ethnicity: gr.ethnicity.as_ref().map(OneOrMany::to_vec).unwrap_or_default(),
                ethnicity_not: gr.ethnicity_not.as_ref().map(OneOrMany::to_vec).unwrap_or_default(),
            }),
        });
    }
    let group_idx: BTreeMap<&str, usize> = groups.iter().enumerate().map(|(i, g)| (g.name.as_str(), i)).collect();

    // Targets.
    let mut targets = Vec::new();
    let mut keys: BTreeMap<String, u64> = BTreeMap::new();
    for (i, t) in raw.targets.iter().enumerate() {
        let span = t.span();
        let t = t.get_ref();
        let tname = t.name.get_ref().clone();
        let label = format!("target `{tname}`");
        let group = match group_idx.get(t.group.get_ref().as_str()) {
            Some(g) => *g,
            None => {
                let known: Vec<&str> = group_idx.keys().copied().collect();
                ctx.at(
                    t.group.span(),
                    "group",
                    format!("{label}: group `{}` is not defined", t.group.get_ref()),
                    format!("define it under [groups] or use one of: {}", known.join(", ")),
                );
                0
            }
        };
        let mut tt = Vec::new();
        for ti in t.titles.iter().flatten() {
            match title_idx.get(ti.get_ref().as_str()) {
                Some(x) => tt.push(*x),
                None => ctx.at(
                    ti.span(),
                    "titles",
                    format!("{label}: title `{}` is not defined", ti.get_ref()),
                    "define it as [titles.<key>] or correct the spelling",
                ),
            }
        }
        tt.sort();
        tt.dedup();
        let level = t.level.as_ref().and_then(|l| {
            let v = Level::parse(l.get_ref());
            if v.is_none() {
                ctx.at(
                    l.span(),
                    "level",
                    format!("{label}: level `{}` is not `province` or `commune`", l.get_ref()),
                    "use level = \"commune\" or level = \"province\", or leave it out",
                );
            }
            v
        });
        let bounds: Vec<Bound> = [
            t.min_count.map(Bound::MinCount),
            t.min_share.map(Bound::MinShare),
            t.max_count.map(Bound::MaxCount),
            t.max_share.map(Bound::MaxShare),
        ]
        .into_iter()
        .flatten()
        .collect();
        let bound = match bounds.as_slice() {
            [b] => {
                let v = b.value();
                let share = matches!(b, Bound::MinShare(_) | Bound::MaxShare(_));
                if !v.is_finite() || v < 0.0 || (share && v > 1.0) {
                    ctx.at(
                        span.clone(),
                        b.key(),
                        format!("{label}: {} = {v} is out of range", b.key()),
                        if share {
                            "a share is a number from 0 to 1"
                        } else {
                            "a count is a number of posts, 0 or more"
                        },
                    );
                }
                *b
            }
            _ => {
                ctx.at(
                    span.clone(),
                    "targets",
                    format!("{label} has {} bounds", bounds.len()),
                    "give exactly one of min_count, min_share, max_count, max_share",
                );
                Bound::MinCount(0.0)
            }
        };
        let hard = t.hard.unwrap_or(false);
        let penalty = match (hard, t.penalty) {
            (false, None) => {
                ctx.at(
                    span.clone(),
                    "penalty",
                    format!("{label} is soft but has no penalty"),
                    "add penalty = <points per appointment short>, or set hard = true",
                );
                0.0
            }
            (_, Some(p)) if !p.is_finite() || p < 0.0 => {
                ctx.at(
                    span.clone(),
                    "penalty",
                    format!("{label}: penalty {p} must be 0 or more"),
                    "give a non-negative number",
                );
                0.0
            }
            (_, p) => p.unwrap_or(0.0),
        };
        let key = match &t.key {
            Some(k) => k.get_ref().clone(),
            None => {
                let s = slug(&tname);
                if s.is_empty() {
                    format!("target-{}", i + 1)
                } else {
                    s
                }
            }
        };
        let (line, _) = line_col(text, span.start);
        if let Some(prev) = keys.insert(key.clone(), line) {
            ctx.at(
                span.clone(),
                "key",
                format!("{label}: key `{key}` is already used by the target at line {prev}"),
                "give each target a distinct name or `key`",
            );
        }
        targets.push(Target {
            name: tname,
            key,
            group,
            titles: tt,
            level,
            bound,
            per_unit: t.per_unit.unwrap_or(false),
            hard,
            penalty,
        });
    }

    // Objective.
    let objective = {
        let o = raw.objective.as_ref();
        let rp = o.and_then(|o| o.rating_points.as_ref());
        ObjectiveWeights {
            rating_points: RatingPoints {
                excellent: rp.and_then(|r| r.excellent).unwrap_or(0.0),
                good: rp.and_then(|r| r.good).unwrap_or(0.0),
                complete: rp.and_then(|r| r.complete).unwrap_or(0.0),
                incomplete: rp.and_then(|r| r.incomplete).unwrap_or(0.0),
            },
            continuity_bonus: o.and_then(|o| o.continuity_bonus).unwrap_or(0.0),
            rotation_down_bonus: o.and_then(|o| o.rotation_down_bonus).unwrap_or(0.0),
            candidate_score_weight: o.and_then(|o| o.candidate_score_weight).unwrap_or(1.0),
            vacancy_penalty: o.and_then(|o| o.vacancy_penalty).unwrap_or(1000.0),
        }
    };
    let solver = SolverSettings {
        time_limit_s: raw.solver.as_ref().and_then(|s| s.time_limit_s),
        mip_gap: raw.solver.as_ref().and_then(|s| s.mip_gap).unwrap_or(0.0),
    };
    if solver.time_limit_s.is_some_and(|t| !(t > 0.0 && t.is_finite())) {
        ctx.problems.file(
            FILE,
            "[solver] time_limit_s must be a positive number of seconds",
            "give e.g. time_limit_s = 60, or leave it out for no limit",
        );
    }
    if !(solver.mip_gap >= 0.0 && solver.mip_gap.is_finite()) {
        ctx.problems.file(
            FILE,
            "[solver] mip_gap must be 0 or a small positive fraction",
            "use mip_gap = 0.0 for a proven optimum",
        );
    }
    Some(Config {
        name: raw.name.clone().unwrap_or_else(|| default_name.to_string()),
        term_start: term_start?,
        term_years: term_years?,
        titles,
        rules,
        groups,
        targets,
        objective,
        solver,
        require_planning: raw.rules.as_ref().and_then(|r| r.require_planning),
    })
}
