//! scenario.toml: raw serde types, then checks that turn them into the domain's
//! settings with the contract's defaults. Problems carry line and column.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::problems::Problems;
use super::toml_keys::KeyLines;
use super::version2;
use crate::model::*;

pub const FILE: &str = "scenario.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    pub(super) name: Option<String>,
    pub(super) language: Option<Spanned<String>>,
    pub(super) contract: Option<Spanned<i64>>,
    pub(super) reference_date: Option<Spanned<String>>,
    pub(super) term_start: Spanned<i64>,
    pub(super) term_years: Spanned<i64>,
    pub(super) policy: Option<version2::RawPolicy>,
    #[serde(default)]
    pub(super) calendars: BTreeMap<Spanned<String>, Spanned<version2::RawCalendar>>,
    #[serde(default)]
    pub(super) titles: BTreeMap<Spanned<String>, Spanned<RawTitle>>,
    pub(super) rules: Option<RawRules>,
    #[serde(default)]
    groups: BTreeMap<Spanned<String>, Spanned<RawGroup>>,
    #[serde(default)]
    targets: Vec<Spanned<RawTarget>>,
    objective: Option<RawObjective>,
    solver: Option<RawSolver>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTitle {
    pub(super) level: Spanned<String>,
    pub(super) head: Option<bool>,
    pub(super) non_local: Option<bool>,
    pub(super) min_education: Option<Spanned<String>>,
    pub(super) min_theory: Option<Spanned<String>>,
    pub(super) vacancy_penalty: Option<Spanned<f64>>,
    // Version 2.
    pub(super) calendar: Option<Spanned<String>>,
    pub(super) reference_date: Option<Spanned<String>>,
    pub(super) rank: Option<Spanned<i64>>,
    pub(super) label: Option<Spanned<String>>,
    pub(super) concurrent_with: Option<Spanned<Vec<String>>>,
    pub(super) concurrent: Option<Spanned<String>>,
    pub(super) remaining_service: Option<Spanned<version2::RawRemaining>>,
    pub(super) succession: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRetirement {
    #[serde(rename = "F")]
    pub(super) f: Option<i64>,
    #[serde(rename = "M")]
    pub(super) m: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRules {
    pub(super) max_consecutive_terms: Option<Spanned<i64>>,
    pub(super) min_years_in_post: Option<Spanned<i64>>,
    pub(super) retirement_age: Option<RawRetirement>,
    pub(super) retirement: Option<Spanned<version2::RawRetirementRule>>,
    pub(super) remaining_service: Option<Spanned<version2::RawRemaining>>,
    pub(super) term_limit: Option<Spanned<String>>,
    pub(super) term_limit_months: Option<Spanned<i64>>,
    pub(super) term_limit_gap_months: Option<Spanned<i64>>,
    pub(super) new_appointment_min_years: Option<Spanned<i64>>,
    pub(super) stay_min_years: Option<Spanned<i64>>,
    pub(super) local_if_served_years: Option<Spanned<i64>>,
    pub(super) require_planning: Option<bool>,
    pub(super) locality_through_merger: Option<Spanned<bool>>,
    pub(super) term_limit_through_merger: Option<Spanned<String>>,
    pub(super) no_consecutive_disadvantaged: Option<Spanned<bool>>,
    pub(super) max_rotation_share_per_department: Option<Spanned<f64>>,
    pub(super) rotation_period_months: Option<Spanned<i64>>,
    pub(super) rotation_origin: Option<Spanned<String>>,
    pub(super) max_succession_titles: Option<Spanned<i64>>,
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
pub(super) struct RawTarget {
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
    // Version 2.
    pub(super) min_unit_share: Option<Spanned<f64>>,
    pub(super) min_share_from: Option<Spanned<String>>,
    pub(super) on: Option<Spanned<String>>,
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
pub(super) struct RawObjective {
    rating_points: Option<RawRatingPoints>,
    continuity_bonus: Option<f64>,
    rotation_down_bonus: Option<f64>,
    candidate_score_weight: Option<f64>,
    vacancy_penalty: Option<f64>,
    // Version 2.
    pub(super) disadvantaged_vacancy_penalty: Option<Spanned<f64>>,
    pub(super) levels: Option<Spanned<Vec<Spanned<String>>>>,
    pub(super) level_tolerance: Option<Spanned<f64>>,
    pub(super) rotation_bonus_requires_rules: Option<Spanned<bool>>,
    pub(super) successor_points: Option<Spanned<f64>>,
    pub(super) preference_points: Option<Spanned<f64>>,
    pub(super) preference_rank_step: Option<Spanned<f64>>,
    pub(super) avoid_penalty: Option<Spanned<f64>>,
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
    /// `language` (version 2): the report's and plan.xlsx's words.
    pub language: Option<crate::lang::Lang>,
    /// The contract version (1 or 2).
    pub contract: u8,
    /// `reference_date`, or January of `term_start`.
    pub reference: YearMonth,
    /// `calendars[0]` is the scenario's own term.
    pub calendars: Vec<Calendar>,
    /// `[policy] preset`, when given.
    pub preset: Option<&'static crate::policy::presets::Preset>,
    /// The line of every key written in scenario.toml.
    pub key_lines: KeyLines,
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

pub(super) struct Ctx<'a> {
    pub text: &'a str,
    pub problems: &'a mut Problems,
}

impl Ctx<'_> {
    pub fn at(&mut self, span: std::ops::Range<usize>, key: &str, message: impl Into<String>, hint: impl Into<String>) {
        let (line, col) = line_col(self.text, span.start);
        self.problems.at(FILE, line, Some((col, key)), message, hint);
    }
}

pub(super) fn int_in<T: TryFrom<i64>>(ctx: &mut Ctx, v: &Spanned<i64>, key: &str, min: i64, max: i64) -> Option<T> {
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
    let (raw, key_lines) = parse_raw(text, problems)?;
    let mut ctx = Ctx { text, problems };
    let contract = version2::contract(&mut ctx, &raw);
    let term_start = int_in::<i32>(&mut ctx, &raw.term_start, "term_start", 1900, 2100);
    let term_years = int_in::<i32>(&mut ctx, &raw.term_years, "term_years", 1, 50);
    let reference = version2::reference(&mut ctx, &raw, contract.unwrap_or(1), term_start);
    let preset = version2::preset(&mut ctx, &raw, contract.unwrap_or(1));
    let span = version2::Span { term_start, term_years, reference };
    let calendars = version2::calendars(&mut ctx, &raw, contract.unwrap_or(1), span, preset);
    let titles = titles(&mut ctx, &raw, &calendars, contract.unwrap_or(1));
    let rules = rules(&mut ctx, raw.rules.as_ref(), term_years.unwrap_or(5), contract.unwrap_or(1), preset);
    let groups = groups(&mut ctx, &raw);
    let targets = targets(&mut ctx, &raw, &titles, &groups, contract.unwrap_or(1));
    let solver = solver(&mut ctx, raw.solver.as_ref());
    Some(Config {
        name: raw.name.clone().unwrap_or_else(|| default_name.to_string()),
        language: version2::language(&mut ctx, &raw, contract.unwrap_or(1)),
        contract: contract?,
        reference: reference?,
        calendars,
        preset,
        key_lines,
        term_start: term_start?,
        term_years: term_years?,
        titles,
        rules,
        groups,
        targets,
        objective: objective(&mut ctx, raw.objective.as_ref(), contract.unwrap_or(1)),
        solver,
        require_planning: raw.rules.as_ref().and_then(|r| r.require_planning),
    })
}

fn parse_raw(text: &str, problems: &mut Problems) -> Option<(RawScenario, KeyLines)> {
    let lines = super::toml_keys::check(text, problems)?;
    match toml::from_str(text) {
        Ok(r) => Some((r, lines)),
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
            None
        }
    }
}

/// A word of a closed list (`Level`, `Education`, ...), reported when it is not one.
fn word<T>(
    ctx: &mut Ctx,
    v: &Spanned<String>,
    key: &str,
    parse: fn(&str) -> Option<T>,
    what: String,
    hint: String,
) -> Option<T> {
    let out = parse(v.get_ref());
    if out.is_none() {
        ctx.at(v.span(), key, what, hint);
    }
    out
}

fn titles(ctx: &mut Ctx, raw: &RawScenario, calendars: &[Calendar], contract: u8) -> Vec<Title> {
    let mut titles: Vec<Title> = raw
        .titles
        .iter()
        .map(|(key, t)| {
            let mut title = title(ctx, key, t.get_ref());
            version2::title(ctx, &mut title, t.get_ref(), calendars, contract);
            title
        })
        .collect();
    titles.sort_by(|a, b| a.key.cmp(&b.key));
    version2::concurrency(ctx, &mut titles, raw, contract);
    titles
}

fn title(ctx: &mut Ctx, key: &Spanned<String>, t: &RawTitle) -> Title {
    let k = key.get_ref().clone();
    if k.is_empty() {
        ctx.at(key.span(), "titles", "a title key is empty", "name the title, e.g. [titles.pc_chair]");
    }
    let level_msg = format!("title `{k}`: level `{}` is not `province` or `commune`", t.level.get_ref());
    let level =
        word(ctx, &t.level, "level", Level::parse, level_msg, "use level = \"commune\" or level = \"province\"".into());
    let min_education = t.min_education.as_ref().and_then(|s| {
        let msg = format!("title `{k}`: `{}` is not an education level", s.get_ref());
        word(ctx, s, "min_education", Education::parse, msg, format!("use one of {}", Education::WORDS.join(", ")))
    });
    let min_theory = t.min_theory.as_ref().and_then(|s| {
        let msg = format!("title `{k}`: `{}` is not a political theory level", s.get_ref());
        word(ctx, s, "min_theory", Theory::parse, msg, format!("use one of {}", Theory::WORDS.join(", ")))
    });
    let vacancy_penalty = t.vacancy_penalty.as_ref().map(|v| {
        if !v.get_ref().is_finite() || v.get_ref().abs() > MAX_POINTS {
            ctx.at(
                v.span(),
                "vacancy_penalty",
                "vacancy_penalty is out of range",
                format!("give a number from -{MAX_POINTS} to {MAX_POINTS}, such as 1000"),
            );
        }
        *v.get_ref()
    });
    Title {
        key: k,
        level: level.unwrap_or(Level::Commune),
        head: t.head.unwrap_or(false),
        non_local: t.non_local.unwrap_or(false),
        min_education,
        min_theory,
        vacancy_penalty,
        calendar: 0,
        reference: None,
        rank: None,
        remaining: RemainingOverride::default(),
        label: None,
        concurrent_with: Vec::new(),
        concurrent_required: false,
        succession: 0,
    }
}

/// The largest magnitude of any score, weight or penalty (contract section 3):
/// far above any real value, and far enough below f64's range that sums stay exact enough.
pub const MAX_POINTS: f64 = 1e9;

fn rules(
    ctx: &mut Ctx,
    raw: Option<&RawRules>,
    term_years: i32,
    contract: u8,
    preset: Option<&crate::policy::presets::Preset>,
) -> Rules {
    let mut rules = Rules::defaults(term_years);
    if let Some(p) = preset {
        crate::policy::presets::apply_rules(p, &mut rules);
    }
    let Some(r) = raw else { return rules };
    if let Some(n) =
        r.max_consecutive_terms.as_ref().and_then(|v| int_in::<u32>(ctx, v, "max_consecutive_terms", 1, 200))
    {
        rules.max_consecutive_terms = n;
    }
    // Durations are held in months; these keys give whole years.
    let mut years = |v: &Option<Spanned<i64>>, key: &str, into: &mut i32| {
        if let Some(x) = v.as_ref().and_then(|v| int_in::<i32>(ctx, v, key, 0, 200)) {
            *into = 12 * x;
        }
    };
    years(&r.min_years_in_post, "min_years_in_post", &mut rules.min_months_in_post);
    years(&r.new_appointment_min_years, "new_appointment_min_years", &mut rules.first_min_months);
    years(&r.stay_min_years, "stay_min_years", &mut rules.stay_min_months);
    years(&r.local_if_served_years, "local_if_served_years", &mut rules.local_if_served_months);
    if let Some(ra) = &r.retirement_age {
        rules.retirement = Retirement::Fixed(fixed_ages(ctx, ra, "retirement_age"));
    }
    version2::rules(ctx, r, contract, &mut rules);
    super::horizon::rules(ctx, r, contract, &mut rules);
    rules.require_planning = r.require_planning.unwrap_or(true);
    rules
}

pub(super) fn fixed_ages(ctx: &mut Ctx, ra: &RawRetirement, key: &str) -> RetirementAge {
    RetirementAge {
        f: ra.f.and_then(|v| age_in(ctx, v, &format!("{key}.F"))),
        m: ra.m.and_then(|v| age_in(ctx, v, &format!("{key}.M"))),
    }
}

fn age_in(ctx: &mut Ctx, v: i64, key: &str) -> Option<i32> {
    if !(18..=100).contains(&v) {
        let msg = format!("`{key}` = {v} is out of range");
        ctx.problems.file(FILE, msg, "give a retirement age from 18 to 100");
        return None;
    }
    Some(v as i32)
}

fn groups(ctx: &mut Ctx, raw: &RawScenario) -> Vec<Group> {
    let mut groups: Vec<Group> = vec![
        Group { name: "local".into(), rule: GroupRule::Local },
        Group { name: "from_province".into(), rule: GroupRule::FromProvince },
    ];
    for (name, g) in &raw.groups {
        if BUILTIN_GROUPS.contains(&name.get_ref().as_str()) {
            let msg = format!("group `{}` is built in and cannot be redefined", name.get_ref());
            ctx.at(name.span(), name.get_ref(), msg, "choose another name for your group");
            continue;
        }
        groups.push(group(ctx, name.get_ref(), g.get_ref()));
    }
    groups
}

fn group(ctx: &mut Ctx, name: &str, g: &RawGroup) -> Group {
    let gender = g.gender.as_ref().and_then(|s| {
        let msg = format!("group `{name}`: gender `{}` is not F or M", s.get_ref());
        word(ctx, s, "gender", Gender::parse, msg, "use gender = \"F\" or gender = \"M\"".into())
    });
    let filter = GroupFilter {
        gender,
        min_age: g.min_age.map(|v| v.clamp(-1000, 1000) as i32),
        max_age: g.max_age.map(|v| v.clamp(-1000, 1000) as i32),
        ethnicity: g.ethnicity.as_ref().map(OneOrMany::to_vec).unwrap_or_default(),
        ethnicity_not: g.ethnicity_not.as_ref().map(OneOrMany::to_vec).unwrap_or_default(),
    };
    Group { name: name.to_string(), rule: GroupRule::Filter(filter) }
}

fn targets(ctx: &mut Ctx, raw: &RawScenario, titles: &[Title], groups: &[Group], contract: u8) -> Vec<Target> {
    let title_idx: BTreeMap<&str, usize> = titles.iter().enumerate().map(|(i, t)| (t.key.as_str(), i)).collect();
    let group_idx: BTreeMap<&str, usize> = groups.iter().enumerate().map(|(i, g)| (g.name.as_str(), i)).collect();
    let mut keys: BTreeMap<String, u64> = BTreeMap::new();
    let mut targets = Vec::new();
    for (i, t) in raw.targets.iter().enumerate() {
        let mut target = target(ctx, t, i, &title_idx, &group_idx);
        version2::target(ctx, &mut target, t, contract);
        let (line, _) = line_col(ctx.text, t.span().start);
        if let Some(prev) = keys.insert(target.key.clone(), line) {
            let msg =
                format!("target `{}`: key `{}` is already used by the target at line {prev}", target.name, target.key);
            ctx.at(t.span(), "key", msg, "give each target a distinct name or `key`");
        }
        targets.push(target);
    }
    targets
}

fn target(
    ctx: &mut Ctx,
    spanned: &Spanned<RawTarget>,
    i: usize,
    title_idx: &BTreeMap<&str, usize>,
    group_idx: &BTreeMap<&str, usize>,
) -> Target {
    let t = spanned.get_ref();
    let label = format!("target `{}`", t.name.get_ref());
    let group = group_idx.get(t.group.get_ref().as_str()).copied().unwrap_or_else(|| {
        let known: Vec<&str> = group_idx.keys().copied().collect();
        let msg = format!("{label}: group `{}` is not defined", t.group.get_ref());
        ctx.at(t.group.span(), "group", msg, format!("define it under [groups] or use one of: {}", known.join(", ")));
        0
    });
    let mut titles: Vec<usize> =
        t.titles.iter().flatten().filter_map(|ti| target_title(ctx, &label, ti, title_idx)).collect();
    titles.sort();
    titles.dedup();
    let level = t.level.as_ref().and_then(|l| {
        let msg = format!("{label}: level `{}` is not `province` or `commune`", l.get_ref());
        word(
            ctx,
            l,
            "level",
            Level::parse,
            msg,
            "use level = \"commune\" or level = \"province\", or leave it out".into(),
        )
    });
    let hard = t.hard.unwrap_or(false);
    Target {
        name: t.name.get_ref().clone(),
        key: target_key(t, i),
        group,
        titles,
        level,
        bound: bound(ctx, spanned, &label),
        per_unit: t.per_unit.unwrap_or(false),
        hard,
        penalty: penalty(ctx, spanned, &label, hard),
        unit_share: None,
        share_from: None,
        on: TargetOn::Holders,
    }
}

fn target_title(ctx: &mut Ctx, label: &str, ti: &Spanned<String>, title_idx: &BTreeMap<&str, usize>) -> Option<usize> {
    let found = title_idx.get(ti.get_ref().as_str()).copied();
    if found.is_none() {
        let msg = format!("{label}: title `{}` is not defined", ti.get_ref());
        ctx.at(ti.span(), "titles", msg, "define it as [titles.<key>] or correct the spelling");
    }
    found
}

/// The target's `key`, else a slug of its name, else `target-N`.
fn target_key(t: &RawTarget, i: usize) -> String {
    match &t.key {
        Some(k) => k.get_ref().clone(),
        None => Some(slug(t.name.get_ref())).filter(|s| !s.is_empty()).unwrap_or_else(|| format!("target-{}", i + 1)),
    }
}

/// A count is at most this many posts: far above any province or the country.
pub const MAX_COUNT: f64 = 1e7;

fn bound(ctx: &mut Ctx, spanned: &Spanned<RawTarget>, label: &str) -> Bound {
    let t = spanned.get_ref();
    let bounds: Vec<Bound> = [
        t.min_count.map(Bound::MinCount),
        t.min_share.map(Bound::MinShare),
        t.max_count.map(Bound::MaxCount),
        t.max_share.map(Bound::MaxShare),
    ]
    .into_iter()
    .flatten()
    .chain(t.min_share_from.as_ref().map(|_| Bound::MinShare(0.0)))
    .collect();
    let [b] = bounds.as_slice() else {
        let msg = format!("{label} has {} bounds", bounds.len());
        ctx.at(
            spanned.span(),
            "targets",
            msg,
            "give exactly one of min_count, min_share, max_count, max_share (or min_share_from)",
        );
        return Bound::MinCount(0.0);
    };
    let v = b.value();
    let share = matches!(b, Bound::MinShare(_) | Bound::MaxShare(_));
    let max = if share { 1.0 } else { MAX_COUNT };
    if !(v >= 0.0 && v <= max) {
        let hint = if share {
            "a share is a number from 0 to 1".to_string()
        } else {
            format!("a count is a number of posts from 0 to {MAX_COUNT}")
        };
        ctx.at(spanned.span(), b.key(), format!("{label}: {} = {v} is out of range", b.key()), hint);
    }
    *b
}

fn penalty(ctx: &mut Ctx, spanned: &Spanned<RawTarget>, label: &str, hard: bool) -> f64 {
    match (hard, spanned.get_ref().penalty) {
        (false, None) => {
            let msg = format!("{label} is soft but has no penalty");
            ctx.at(spanned.span(), "penalty", msg, "add penalty = <points per appointment short>, or set hard = true");
            0.0
        }
        (_, Some(p)) if !(0.0..=MAX_POINTS).contains(&p) => {
            let msg = format!("{label}: penalty {p} is out of range");
            ctx.at(spanned.span(), "penalty", msg, format!("give a number from 0 to {MAX_POINTS}"));
            0.0
        }
        (_, p) => p.unwrap_or(0.0),
    }
}

/// The largest magnitude of a rating point or bonus, and of a candidate score weight.
pub const MAX_WEIGHT: f64 = 1e6;

/// 1-based line of the first `key =` in the text, for keys read without a span.
fn line_of_key(text: &str, key: &str) -> Option<u64> {
    let at = |l: &str| {
        let l = l.trim_start().trim_start_matches('{').trim_start();
        l.starts_with(key) && l[key.len()..].trim_start().starts_with('=')
    };
    let found = text.lines().position(|l| at(l) || l.split([',', '{']).any(&at));
    found.map(|i| i as u64 + 1)
}

/// Records a problem about a key read without a span, at its line when found.
fn at_key(ctx: &mut Ctx, key: &str, message: String, hint: String) {
    match line_of_key(ctx.text, key.rsplit('.').next().unwrap_or(key)) {
        Some(line) => ctx.problems.at(FILE, line, Some((1, key)), message, hint),
        None => ctx.problems.file(FILE, message, hint),
    }
}

/// Objective weights must be finite and within their documented ranges.
fn check_weights(ctx: &mut Ctx, w: &ObjectiveWeights) {
    let rp = &w.rating_points;
    let bounded = [
        ("objective.rating_points.excellent", rp.excellent, MAX_WEIGHT),
        ("objective.rating_points.good", rp.good, MAX_WEIGHT),
        ("objective.rating_points.complete", rp.complete, MAX_WEIGHT),
        ("objective.rating_points.incomplete", rp.incomplete, MAX_WEIGHT),
        ("objective.continuity_bonus", w.continuity_bonus, MAX_WEIGHT),
        ("objective.rotation_down_bonus", w.rotation_down_bonus, MAX_WEIGHT),
        ("objective.candidate_score_weight", w.candidate_score_weight, MAX_WEIGHT),
        ("objective.vacancy_penalty", w.vacancy_penalty, MAX_POINTS),
    ];
    for (key, v, max) in bounded {
        if !v.is_finite() || v.abs() > max {
            at_key(ctx, key, format!("`{key}` = {v} is out of range"), format!("give a number from -{max} to {max}"));
        }
    }
}

fn objective(ctx: &mut Ctx, o: Option<&RawObjective>, contract: u8) -> ObjectiveWeights {
    let mut w = weights(o);
    check_weights(ctx, &w);
    if let Some(o) = o {
        super::horizon::objective(ctx, o, contract, &mut w);
    }
    w
}

fn weights(o: Option<&RawObjective>) -> ObjectiveWeights {
    let d = ObjectiveWeights::default();
    let rp = o.and_then(|o| o.rating_points.as_ref());
    let pick = |v: Option<f64>, def: f64| v.unwrap_or(def);
    ObjectiveWeights {
        rating_points: RatingPoints {
            excellent: pick(rp.and_then(|r| r.excellent), d.rating_points.excellent),
            good: pick(rp.and_then(|r| r.good), d.rating_points.good),
            complete: pick(rp.and_then(|r| r.complete), d.rating_points.complete),
            incomplete: pick(rp.and_then(|r| r.incomplete), d.rating_points.incomplete),
        },
        continuity_bonus: pick(o.and_then(|o| o.continuity_bonus), d.continuity_bonus),
        rotation_down_bonus: pick(o.and_then(|o| o.rotation_down_bonus), d.rotation_down_bonus),
        candidate_score_weight: pick(o.and_then(|o| o.candidate_score_weight), d.candidate_score_weight),
        vacancy_penalty: pick(o.and_then(|o| o.vacancy_penalty), d.vacancy_penalty),
        ..d
    }
}

fn solver(ctx: &mut Ctx, raw: Option<&RawSolver>) -> SolverSettings {
    let solver = SolverSettings {
        time_limit_s: raw.and_then(|s| s.time_limit_s),
        mip_gap: raw.and_then(|s| s.mip_gap).unwrap_or(0.0),
    };
    if solver.time_limit_s.is_some_and(|t| !(t > 0.0 && t <= MAX_TIME_LIMIT_S)) {
        let msg = "[solver] time_limit_s must be a positive number of seconds, at most one year".to_string();
        at_key(ctx, "solver.time_limit_s", msg, "give e.g. time_limit_s = 60, or leave it out for no limit".into());
    }
    if !(0.0..=1.0).contains(&solver.mip_gap) {
        let msg = "[solver] mip_gap must be 0 or a small positive fraction".to_string();
        at_key(ctx, "solver.mip_gap", msg, "use mip_gap = 0.0 for a proven optimum".into());
    }
    solver
}

/// The longest time limit accepted (one year): longer ones overflow clocks.
pub const MAX_TIME_LIMIT_S: f64 = 365.0 * 24.0 * 3600.0;
