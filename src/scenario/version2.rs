//! The keys of contract version 2 in scenario.toml (docs/scenario-format.md
//! section 10): `contract`, `reference_date`, `[calendars]`, the titles'
//! calendar, reference date, rank and remaining service, and the rules'
//! `retirement` and `remaining_service`. Each is refused in version 1.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::config::{fixed_ages, int_in, Ctx, RawRetirement, RawRules, RawScenario, RawTarget, RawTitle};
use crate::model::{
    Calendar, MoveKind, RemainingOverride, Retirement, Rules, Target, TargetOn, TermLimitMode, Title, YearMonth,
};
use crate::policy::presets::{self, Preset};

/// `retirement`: a schedule's name or fixed ages.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum RawRetirementRule {
    Schedule(String),
    Fixed(RawRetirement),
}

/// `remaining_service`, in months, by kind of move.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRemaining {
    first: Option<Spanned<i64>>,
    stay: Option<Spanned<i64>>,
    lateral: Option<Spanned<i64>>,
    rotation: Option<Spanned<i64>>,
}

/// A reference date: one month, or one per level.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum RawReference {
    One(String),
    ByLevel { province: Option<String>, commune: Option<String> },
}

/// `[calendars.<name>]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    term_start: Spanned<String>,
    term_years: Spanned<i64>,
    reference_date: Option<Spanned<RawReference>>,
}

/// `[policy]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    preset: Spanned<String>,
}

/// `[policy] preset`.
pub fn preset(ctx: &mut Ctx, raw: &RawScenario, contract: u8) -> Option<&'static Preset> {
    let name = &raw.policy.as_ref()?.preset;
    if !needs_v2(ctx, contract, name.span(), "policy.preset") {
        return None;
    }
    let found = presets::find(name.get_ref());
    if found.is_none() {
        let names: Vec<&str> = presets::PRESETS.iter().map(|p| p.name).collect();
        let hint = format!("use one of: {}", names.join(", "));
        ctx.at(name.span(), "policy.preset", format!("unknown preset `{}`", name.get_ref()), hint);
    }
    found
}

/// The scenario's own term, as read from its top-level keys.
#[derive(Clone, Copy)]
pub struct Span {
    pub term_start: Option<i32>,
    pub term_years: Option<i32>,
    pub reference: Option<YearMonth>,
}

/// The name of the scenario's own calendar.
pub const DEFAULT_CALENDAR: &str = "default";

/// The most months of remaining service a rule may ask for (100 years).
const MAX_MONTHS: i64 = 1200;

/// True in version 2; otherwise records that `key` needs `contract = 2`.
pub fn needs_v2(ctx: &mut Ctx, contract: u8, span: std::ops::Range<usize>, key: &str) -> bool {
    if contract < 2 {
        let hint = "add `contract = 2` at the top of scenario.toml (docs/scenario-format.md, version 2)";
        ctx.at(span, key, format!("`{key}` is a key of contract version 2"), hint);
    }
    contract >= 2
}

/// `language` (version 2): `vi` or `en`, the words of the report and of
/// plan.xlsx when the command line does not choose.
pub fn language(ctx: &mut Ctx, raw: &RawScenario, contract: u8) -> Option<crate::lang::Lang> {
    let v = raw.language.as_ref()?;
    if !needs_v2(ctx, contract, v.span(), "language") {
        return None;
    }
    let lang = crate::lang::Lang::parse(v.get_ref());
    if lang.is_none() {
        let hint = "write `language = \"vi\"` (Vietnamese) or `language = \"en\"` (English)";
        ctx.at(
            v.span(),
            "language",
            format!("`language = \"{}\"` is not a language rotaplan writes", v.get_ref()),
            hint,
        );
    }
    lang
}

/// `contract`: 1 (the default) or 2.
pub fn contract(ctx: &mut Ctx, raw: &RawScenario) -> Option<u8> {
    match &raw.contract {
        None => Some(1),
        Some(v) => int_in::<u8>(ctx, v, "contract", 1, 2),
    }
}

/// A month written as `YYYY-MM` at `key`.
fn month(ctx: &mut Ctx, text: &str, span: std::ops::Range<usize>, key: &str) -> Option<YearMonth> {
    let m = YearMonth::parse(text).filter(|m| super::table::YEARS.contains(&m.year));
    if m.is_none() {
        let msg = format!("`{text}` is not a valid {key}");
        ctx.at(span, key, msg, "write the month as YYYY-MM, such as 2025-07");
    }
    m
}

/// `reference_date`, or January of `term_start`.
pub fn reference(ctx: &mut Ctx, raw: &RawScenario, contract: u8, term_start: Option<i32>) -> Option<YearMonth> {
    let Some(v) = &raw.reference_date else { return term_start.map(YearMonth::january) };
    if !needs_v2(ctx, contract, v.span(), "reference_date") {
        return None;
    }
    month(ctx, v.get_ref(), v.span(), "reference_date")
}

/// The scenario's own calendar first, then by name those of `[calendars]`
/// and of the preset (a calendar the scenario defines replaces the preset's).
pub fn calendars(ctx: &mut Ctx, raw: &RawScenario, contract: u8, own: Span, preset: Option<&Preset>) -> Vec<Calendar> {
    let start = YearMonth::january(own.term_start.unwrap_or(2025));
    let reference = own.reference.unwrap_or(start);
    let default = Calendar {
        name: DEFAULT_CALENDAR.into(),
        term_start: start,
        term_years: own.term_years.unwrap_or(5),
        reference_province: reference,
        reference_commune: reference,
    };
    let mut named: BTreeMap<String, Calendar> =
        preset.map(presets::calendars).unwrap_or_default().into_iter().map(|c| (c.name.clone(), c)).collect();
    for (name, cal) in &raw.calendars {
        let key = format!("calendars.{}", name.get_ref());
        if needs_v2(ctx, contract, name.span(), &key) {
            named.extend(calendar(ctx, name, cal.get_ref(), &key).map(|c| (c.name.clone(), c)));
        }
    }
    std::iter::once(default).chain(named.into_values()).collect()
}

fn calendar(ctx: &mut Ctx, name: &Spanned<String>, cal: &RawCalendar, key: &str) -> Option<Calendar> {
    if name.get_ref() == DEFAULT_CALENDAR {
        let hint = "the scenario's own term_start and term_years are the calendar `default`; rename this one";
        ctx.at(name.span(), key, "`default` is the scenario's own calendar", hint);
        return None;
    }
    let term_start = month(ctx, cal.term_start.get_ref(), cal.term_start.span(), &format!("{key}.term_start"));
    let term_years = int_in::<i32>(ctx, &cal.term_years, &format!("{key}.term_years"), 1, 50);
    let (province, commune) = match &cal.reference_date {
        None => (term_start, term_start),
        Some(r) => by_level(ctx, r, &format!("{key}.reference_date"), term_start),
    };
    Some(Calendar {
        name: name.get_ref().clone(),
        term_start: term_start?,
        term_years: term_years?,
        reference_province: province?,
        reference_commune: commune?,
    })
}

/// A reference date for each level; a level left out takes the term start.
fn by_level(
    ctx: &mut Ctx,
    r: &Spanned<RawReference>,
    key: &str,
    term_start: Option<YearMonth>,
) -> (Option<YearMonth>, Option<YearMonth>) {
    let mut one = |text: &Option<String>| match text {
        Some(t) => month(ctx, t, r.span(), key),
        None => term_start,
    };
    match r.get_ref() {
        RawReference::One(t) => {
            let m = one(&Some(t.clone()));
            (m, m)
        }
        RawReference::ByLevel { province, commune } => (one(province), one(commune)),
    }
}

/// The version-2 keys of a title: calendar, reference date, rank, remaining service.
pub fn title(ctx: &mut Ctx, title: &mut Title, raw: &RawTitle, calendars: &[Calendar], contract: u8) {
    let key = format!("titles.{}", title.key);
    if let Some(c) = &raw.calendar {
        if needs_v2(ctx, contract, c.span(), &format!("{key}.calendar")) {
            title.calendar = calendar_index(ctx, c, calendars, &key);
        }
    }
    if let Some(r) = &raw.reference_date {
        let k = format!("{key}.reference_date");
        if needs_v2(ctx, contract, r.span(), &k) {
            title.reference = month(ctx, r.get_ref(), r.span(), &k);
        }
    }
    if let Some(r) = &raw.rank {
        let k = format!("{key}.rank");
        if needs_v2(ctx, contract, r.span(), &k) {
            title.rank = int_in::<i32>(ctx, r, &k, -1000, 1000);
        }
    }
    if let Some(l) = &raw.label {
        let k = format!("{key}.label");
        if needs_v2(ctx, contract, l.span(), &k) {
            title.label = label(ctx, l, &k);
        }
    }
    if let Some(k) = &raw.succession {
        let name = format!("{key}.succession");
        if needs_v2(ctx, contract, k.span(), &name) {
            title.succession = int_in::<u32>(ctx, k, &name, 0, 20).unwrap_or(0);
        }
    }
    if let Some(rs) = &raw.remaining_service {
        let k = format!("{key}.remaining_service");
        if needs_v2(ctx, contract, rs.span(), &k) {
            title.remaining = overrides(ctx, rs.get_ref(), &k);
        }
    }
}

/// A title's display name: one line of at most 120 characters.
fn label(ctx: &mut Ctx, l: &Spanned<String>, key: &str) -> Option<String> {
    let text = l.get_ref().trim();
    if text.is_empty() || text.chars().count() > 120 || text.contains(['\n', '\r']) {
        ctx.at(
            l.span(),
            key,
            format!("`{key}` must be one line of 1 to 120 characters"),
            "such as \"Bí thư Đảng ủy xã\"",
        );
        return None;
    }
    Some(text.to_string())
}

fn calendar_index(ctx: &mut Ctx, c: &Spanned<String>, calendars: &[Calendar], key: &str) -> usize {
    match calendars.iter().position(|cal| &cal.name == c.get_ref()) {
        Some(i) => i,
        None => {
            let names: Vec<&str> = calendars.iter().map(|c| c.name.as_str()).collect();
            let msg = format!("calendar `{}` is not defined", c.get_ref());
            let hint = format!("add [calendars.{}], or use one of: {}", c.get_ref(), names.join(", "));
            ctx.at(c.span(), &format!("{key}.calendar"), msg, hint);
            0
        }
    }
}

/// The months given per kind of move.
fn overrides(ctx: &mut Ctx, rs: &RawRemaining, key: &str) -> RemainingOverride {
    let mut get = |v: &Option<Spanned<i64>>, kind: MoveKind| {
        v.as_ref().and_then(|v| int_in::<i32>(ctx, v, &format!("{key}.{}", kind.as_str()), 0, MAX_MONTHS))
    };
    RemainingOverride {
        first: get(&rs.first, MoveKind::First),
        stay: get(&rs.stay, MoveKind::Stay),
        lateral: get(&rs.lateral, MoveKind::Lateral),
        rotation: get(&rs.rotation, MoveKind::Rotation),
    }
}

/// The `[rules]` keys of version 2: `retirement` and `remaining_service`.
pub fn rules(ctx: &mut Ctx, r: &RawRules, contract: u8, rules: &mut Rules) {
    if let Some(rr) = &r.retirement {
        if needs_v2(ctx, contract, rr.span(), "rules.retirement") {
            if r.retirement_age.is_some() {
                let hint = "keep one: `retirement` (version 2) replaces `retirement_age`";
                ctx.at(rr.span(), "rules.retirement", "both `retirement` and `retirement_age` are given", hint);
            }
            rules.retirement = retirement_rule(ctx, rr);
        }
    }
    if let Some(rs) = &r.remaining_service {
        if needs_v2(ctx, contract, rs.span(), "rules.remaining_service") {
            remaining(ctx, r, rs, rules);
        }
    }
    term_limit(ctx, r, contract, rules);
    mergers(ctx, r, contract, rules);
}

/// `locality_through_merger` (default true) and `term_limit_through_merger`
/// (`successor`, the default, or `off`): how history in historic units counts.
fn mergers(ctx: &mut Ctx, r: &RawRules, contract: u8, rules: &mut Rules) {
    if let Some(v) = &r.locality_through_merger {
        if needs_v2(ctx, contract, v.span(), "rules.locality_through_merger") {
            rules.locality_through_merger = *v.get_ref();
        }
    }
    let Some(mode) = &r.term_limit_through_merger else { return };
    if !needs_v2(ctx, contract, mode.span(), "rules.term_limit_through_merger") {
        return;
    }
    match mode.get_ref().as_str() {
        "successor" => rules.term_limit_through_merger = true,
        "off" => rules.term_limit_through_merger = false,
        other => {
            let msg = format!("unknown term_limit_through_merger `{other}`");
            ctx.at(mode.span(), "rules.term_limit_through_merger", msg, "use \"successor\" or \"off\"");
        }
    }
}

/// `term_limit` (`consecutive_terms` or `continuous_months`) with
/// `term_limit_months` (required for the latter) and `term_limit_gap_months` (default 0).
fn term_limit(ctx: &mut Ctx, r: &RawRules, contract: u8, rules: &mut Rules) {
    let months =
        r.term_limit_months.as_ref().and_then(|v| int_in::<i32>(ctx, v, "rules.term_limit_months", 1, MAX_MONTHS));
    let gap = r
        .term_limit_gap_months
        .as_ref()
        .and_then(|v| int_in::<i32>(ctx, v, "rules.term_limit_gap_months", 0, MAX_MONTHS));
    let Some(mode) = &r.term_limit else {
        if let Some(v) = r.term_limit_months.as_ref().or(r.term_limit_gap_months.as_ref()) {
            let hint = "add term_limit = \"continuous_months\", or remove the key";
            ctx.at(v.span(), "rules.term_limit_months", "these keys need term_limit = \"continuous_months\"", hint);
        }
        return;
    };
    if !needs_v2(ctx, contract, mode.span(), "rules.term_limit") {
        return;
    }
    rules.term_limit = match mode.get_ref().as_str() {
        TermLimitMode::CONSECUTIVE_TERMS => TermLimitMode::ConsecutiveTerms,
        TermLimitMode::CONTINUOUS_MONTHS => match months {
            Some(months) => TermLimitMode::ContinuousMonths { months, gap: gap.unwrap_or(0) },
            None => {
                let hint = "give term_limit_months, the months held continuously that end eligibility (such as 96)";
                ctx.at(mode.span(), "rules.term_limit", "continuous_months needs term_limit_months", hint);
                TermLimitMode::ConsecutiveTerms
            }
        },
        other => {
            let hint =
                format!("use \"{}\" or \"{}\"", TermLimitMode::CONSECUTIVE_TERMS, TermLimitMode::CONTINUOUS_MONTHS);
            ctx.at(mode.span(), "rules.term_limit", format!("unknown term_limit `{other}`"), hint);
            TermLimitMode::ConsecutiveTerms
        }
    };
}

fn retirement_rule(ctx: &mut Ctx, rr: &Spanned<RawRetirementRule>) -> Retirement {
    match rr.get_ref() {
        RawRetirementRule::Fixed(ra) => Retirement::Fixed(fixed_ages(ctx, ra, "retirement")),
        RawRetirementRule::Schedule(name) if name == Retirement::LABOUR_CODE_2019 => Retirement::LabourCode2019,
        RawRetirementRule::Schedule(name) => {
            let hint = format!("use \"{}\" or fixed ages such as {{ F = 60, M = 62 }}", Retirement::LABOUR_CODE_2019);
            ctx.at(rr.span(), "rules.retirement", format!("unknown retirement schedule `{name}`"), hint);
            Retirement::None
        }
    }
}

/// `remaining_service` in months; the year key for the same kind may not be given too.
fn remaining(ctx: &mut Ctx, r: &RawRules, rs: &Spanned<RawRemaining>, rules: &mut Rules) {
    let o = overrides(ctx, rs.get_ref(), "rules.remaining_service");
    let clash = [
        (o.first.is_some() && r.new_appointment_min_years.is_some(), "first", "new_appointment_min_years"),
        (o.stay.is_some() && r.stay_min_years.is_some(), "stay", "stay_min_years"),
    ];
    for (_, kind, year_key) in clash.iter().filter(|c| c.0) {
        let key = format!("rules.remaining_service.{kind}");
        let hint = format!("keep one: `{key}` (months) or `rules.{year_key}` (years)");
        ctx.at(rs.span(), &key, format!("both `{key}` and `rules.{year_key}` are given"), hint);
    }
    rules.first_min_months = o.first.unwrap_or(rules.first_min_months);
    rules.stay_min_months = o.stay.unwrap_or(rules.stay_min_months);
    rules.lateral_min_months = o.lateral;
    rules.rotation_min_months = o.rotation;
}

/// The version-2 keys of a target: `min_unit_share` and `min_share_from`,
/// both for `per_unit` targets only.
pub fn target(ctx: &mut Ctx, target: &mut Target, raw: &Spanned<RawTarget>, contract: u8) {
    let t = raw.get_ref();
    let label = format!("target `{}`", target.name);
    let per_unit = target.per_unit;
    let needs_per_unit = |ctx: &mut Ctx, span: std::ops::Range<usize>, key: &str| {
        if !per_unit {
            let msg = format!("{label}: `{key}` needs per_unit = true");
            ctx.at(span, key, msg, "add per_unit = true (the bound is read in each unit)");
        }
    };
    if let Some(v) = &t.min_unit_share {
        if needs_v2(ctx, contract, v.span(), "min_unit_share") {
            needs_per_unit(ctx, v.span(), "min_unit_share");
            let share = *v.get_ref();
            if !(0.0..=1.0).contains(&share) {
                let msg = format!("{label}: min_unit_share = {share} is out of range");
                ctx.at(v.span(), "min_unit_share", msg, "a share of units is a number from 0 to 1, such as 0.75");
            }
            target.unit_share = Some(share);
        }
    }
    if let Some(col) = &t.min_share_from {
        if needs_v2(ctx, contract, col.span(), "min_share_from") {
            needs_per_unit(ctx, col.span(), "min_share_from");
            target.share_from = Some(col.get_ref().clone());
        }
    }
    if let Some(on) = &t.on {
        if needs_v2(ctx, contract, on.span(), "on") {
            target_on(ctx, target, on, &label);
        }
    }
}

/// `on = "holders"` (the default) or `"succession"` (section 10.14); a
/// target on the pools reads one bound per scope, not a share of units.
fn target_on(ctx: &mut Ctx, target: &mut Target, on: &Spanned<String>, label: &str) {
    match on.get_ref().as_str() {
        "holders" => target.on = TargetOn::Holders,
        "succession" if target.unit_share.is_some() => {
            let msg = format!("{label}: `on = \"succession\"` cannot be used with min_unit_share");
            ctx.at(on.span(), "on", msg, "keep one: a bound on the pools, or a share of units meeting it");
        }
        "succession" => target.on = TargetOn::Succession,
        other => {
            let msg = format!("{label}: unknown `on = \"{other}\"`");
            ctx.at(on.span(), "on", msg, "use on = \"holders\" (the default) or on = \"succession\"");
        }
    }
}

/// `concurrent_with` and `concurrent` of each title: the titles (same level)
/// whose holder in the same unit may, or must, also hold it. A title that
/// has `concurrent_with` may not itself be named by another's, so that a
/// bundle is one base post and the posts concurrent with it.
pub fn concurrency(ctx: &mut Ctx, titles: &mut [Title], raw: &RawScenario, contract: u8) {
    let index: BTreeMap<String, usize> = titles.iter().enumerate().map(|(i, t)| (t.key.clone(), i)).collect();
    for (key, t) in &raw.titles {
        let (Some(&i), t) = (index.get(key.get_ref()), t.get_ref()) else { continue };
        if let Some(mode) = &t.concurrent {
            concurrent_mode(ctx, &mut titles[i], mode, t.concurrent_with.is_some(), contract);
        }
        let Some(with) = &t.concurrent_with else { continue };
        let k = format!("titles.{}.concurrent_with", key.get_ref());
        if !needs_v2(ctx, contract, with.span(), &k) {
            continue;
        }
        for name in with.get_ref() {
            match index.get(name) {
                Some(&j) if j == i => {
                    ctx.at(with.span(), &k, format!("`{k}` names the title itself"), "name the other titles")
                }
                Some(&j) if titles[j].level != titles[i].level => {
                    let msg = format!("`{k}`: `{name}` is a {}-level title", titles[j].level.as_str());
                    ctx.at(
                        with.span(),
                        &k,
                        msg,
                        "a title is held concurrently with titles of its own level (the same unit)",
                    )
                }
                Some(&j) => titles[i].concurrent_with.push(j),
                None => ctx.at(
                    with.span(),
                    &k,
                    format!("`{k}`: title `{name}` is not defined"),
                    "define it as [titles.<key>]",
                ),
            }
        }
    }
    no_chains(ctx, titles, raw);
}

fn concurrent_mode(ctx: &mut Ctx, title: &mut Title, mode: &Spanned<String>, has_with: bool, contract: u8) {
    let k = format!("titles.{}.concurrent", title.key);
    if !needs_v2(ctx, contract, mode.span(), &k) {
        return;
    }
    match mode.get_ref().as_str() {
        "required" => title.concurrent_required = true,
        "allowed" => {}
        other => ctx.at(mode.span(), &k, format!("unknown `{k}` `{other}`"), "use \"allowed\" or \"required\""),
    }
    if !has_with {
        ctx.at(mode.span(), &k, format!("`{k}` needs concurrent_with"), "name the titles it is held with");
    }
}

fn no_chains(ctx: &mut Ctx, titles: &[Title], raw: &RawScenario) {
    for (key, t) in &raw.titles {
        let Some(with) = &t.get_ref().concurrent_with else { continue };
        for name in with.get_ref() {
            if titles.iter().any(|o| &o.key == name && !o.concurrent_with.is_empty()) {
                let k = format!("titles.{}.concurrent_with", key.get_ref());
                let msg = format!("`{k}`: `{name}` is itself held concurrently with other titles");
                ctx.at(with.span(), &k, msg, "name base titles only (those without concurrent_with)");
            }
        }
    }
}
