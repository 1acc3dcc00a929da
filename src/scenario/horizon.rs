//! The version-2 keys of the horizon in scenario.toml (contract sections
//! 10.11 to 10.13): the fair-rotation rules, the disadvantaged vacancy
//! penalty, the priority levels and rotation with a return. Each is refused
//! in version 1.

use toml::Spanned;

use super::config::{int_in, Ctx, RawObjective, RawRules};
use super::version2::needs_v2;
use crate::model::{ObjectiveWeights, Priority, Rules};

/// `no_consecutive_disadvantaged` and `max_rotation_share_per_department`.
pub fn rules(ctx: &mut Ctx, r: &RawRules, contract: u8, rules: &mut Rules) {
    if let Some(v) = &r.no_consecutive_disadvantaged {
        if needs_v2(ctx, contract, v.span(), "rules.no_consecutive_disadvantaged") {
            rules.no_consecutive_disadvantaged = *v.get_ref();
        }
    }
    rotation(ctx, r, contract, rules);
    if let Some(v) = &r.max_succession_titles {
        if needs_v2(ctx, contract, v.span(), "rules.max_succession_titles") {
            rules.max_succession_titles = int_in::<u32>(ctx, v, "rules.max_succession_titles", 1, 100);
        }
    }
    let Some(v) = &r.max_rotation_share_per_department else { return };
    let key = "rules.max_rotation_share_per_department";
    if !needs_v2(ctx, contract, v.span(), key) {
        return;
    }
    let s = *v.get_ref();
    if !(s > 0.0 && s <= 1.0) {
        ctx.at(v.span(), key, format!("`{key}` = {s} is out of range"), "give a share above 0 and at most 1");
        return;
    }
    rules.max_rotation_share_per_department = Some(s);
}

/// `rotation_period_months` (1 to 1200) and `rotation_origin` (`kept` or `released`).
fn rotation(ctx: &mut Ctx, r: &RawRules, contract: u8, rules: &mut Rules) {
    if let Some(v) = &r.rotation_period_months {
        if needs_v2(ctx, contract, v.span(), "rules.rotation_period_months") {
            rules.rotation_period_months = int_in::<i32>(ctx, v, "rules.rotation_period_months", 1, 1200);
        }
    }
    let Some(v) = &r.rotation_origin else { return };
    if !needs_v2(ctx, contract, v.span(), "rules.rotation_origin") {
        return;
    }
    match v.get_ref().as_str() {
        "kept" => rules.rotation_keep_origin = true,
        "released" => rules.rotation_keep_origin = false,
        other => {
            let msg = format!("unknown rotation_origin `{other}`");
            ctx.at(v.span(), "rules.rotation_origin", msg, "use \"kept\" or \"released\"");
        }
    }
}

/// The largest penalty or tolerance (as for every other penalty).
const MAX_POINTS: f64 = super::config::MAX_POINTS;

/// `disadvantaged_vacancy_penalty`, `levels` and `level_tolerance`.
pub fn objective(ctx: &mut Ctx, o: &RawObjective, contract: u8, w: &mut ObjectiveWeights) {
    let points = |ctx: &mut Ctx, v: &Spanned<f64>, key: &str| {
        let x = *v.get_ref();
        let ok = needs_v2(ctx, contract, v.span(), key);
        if ok && !(0.0..=MAX_POINTS).contains(&x) {
            ctx.at(
                v.span(),
                key,
                format!("`{key}` = {x} is out of range"),
                format!("give a number from 0 to {MAX_POINTS}"),
            );
            return None;
        }
        ok.then_some(x)
    };
    if let Some(x) =
        o.disadvantaged_vacancy_penalty.as_ref().and_then(|v| points(ctx, v, "objective.disadvantaged_vacancy_penalty"))
    {
        w.disadvantaged_vacancy_penalty = x;
    }
    let weights = [
        (&o.successor_points, "objective.successor_points", &mut w.successor_points),
        (&o.preference_points, "objective.preference_points", &mut w.preference_points),
        (&o.preference_rank_step, "objective.preference_rank_step", &mut w.preference_rank_step),
        (&o.avoid_penalty, "objective.avoid_penalty", &mut w.avoid_penalty),
    ];
    for (raw, key, slot) in weights {
        if let Some(x) = raw.as_ref().and_then(|v| points(ctx, v, key)) {
            *slot = x;
        }
    }
    if let Some(x) = o.level_tolerance.as_ref().and_then(|v| points(ctx, v, "objective.level_tolerance")) {
        w.level_tolerance = x;
    }
    if let Some(v) = &o.rotation_bonus_requires_rules {
        if needs_v2(ctx, contract, v.span(), "objective.rotation_bonus_requires_rules") {
            w.rotation_bonus_requires_rules = *v.get_ref();
        }
    }
    if let Some(ls) = &o.levels {
        if needs_v2(ctx, contract, ls.span(), "objective.levels") {
            w.levels = levels(ctx, ls);
        }
    }
}

/// The level names, each known and given once.
fn levels(ctx: &mut Ctx, ls: &Spanned<Vec<Spanned<String>>>) -> Vec<Priority> {
    let mut out = Vec::new();
    for l in ls.get_ref() {
        match Priority::parse(l.get_ref()) {
            None => {
                let hint = format!("use some of: {}", Priority::WORDS.join(", "));
                ctx.at(l.span(), "objective.levels", format!("unknown level `{}`", l.get_ref()), hint);
            }
            Some(p) if out.contains(&p) => {
                let msg = format!("level `{}` is given twice", l.get_ref());
                ctx.at(l.span(), "objective.levels", msg, "give each level once");
            }
            Some(p) => out.push(p),
        }
    }
    if ls.get_ref().is_empty() {
        ctx.at(ls.span(), "objective.levels", "`levels` is empty", "list at least one level, or leave the key out");
    }
    out
}
