//! The desk's pages, rendered on the server with maud. Every word a person
//! reads comes from `locales/desk.yml` through [`t`]; the style sheet is
//! embedded, so a page loads nothing from anywhere else.

use std::collections::BTreeSet;

use axum::http::HeaderMap;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use rust_i18n::t;

use super::job::{Job, Progress, State as JobState};
use super::opened::Refused;
use super::workspace::{self, Solution};
use super::{auth, Desk, Filters};
use crate::model::{CadreIdx, Level, PosIdx, Scenario};
use crate::plan::{Change, Status};
use crate::scenario::InputErrors;

pub use crate::lang::Lang;

/// The language the request's cookie asks for: the desk speaks Vietnamese
/// unless asked otherwise.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    auth::cookie(headers, "rotaplan_lang").and_then(|c| Lang::parse(&c)).unwrap_or(Lang::Vi)
}

/// A message of the catalogue in `lang`.
pub(super) fn tr(lang: Lang, key: &str) -> String {
    lang.tr(key)
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a}\
header{background:#7a1f1f;color:#fff;padding:.6em 1em;display:flex;gap:1.5em;align-items:center}\
header a{color:#fff}main{padding:1em}table{border-collapse:collapse;margin:.5em 0}\
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}th{background:#f3f3f3}\
.kept{background:#fff}.moved{background:#fff4d6}.new{background:#e3f4e3}.vacant{background:#fbe3e3}\
.reserved{background:#e6ecfb}.problem{color:#a00}form{margin:.5em 0}.concurrent{font-weight:bold;color:#5a2a82}";

pub(super) fn layout(lang: Lang, title: &str, body: Markup) -> Markup {
    layout_refreshed(lang, title, body, None)
}

/// [`layout`], reloaded by the browser every `refresh` seconds when given
/// (a solve's page: progress without a script).
fn layout_refreshed(lang: Lang, title: &str, body: Markup, refresh: Option<u32>) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                @if let Some(s) = refresh { meta http-equiv="refresh" content=(s); }
                title { (title) " — " (tr(lang, "app.name")) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    strong { (tr(lang, "app.name")) }
                    a href="/" { (tr(lang, "nav.overview")) }
                    a href="/plans" { (tr(lang, "nav.plans")) }
                    a href="/open" { (tr(lang, "nav.open")) }
                    a href="/log" { (tr(lang, "nav.log")) }
                    a href={ "/lang/" (lang.other().code()) } { (tr(lang, "nav.language")) }
                }
                main { h1 { (title) } (body) }
            }
        }
    }
}

/// A page with one message (errors, refusals).
pub fn message(lang: Lang, key: &str) -> Markup {
    let text = tr(lang, key);
    layout(lang, &tr(lang, "app.name"), html! { p.problem { (text) } })
}

/// A page with a problem in words rotaplan did not translate (a path, an error).
pub fn problem(lang: Lang, text: &str) -> Markup {
    layout(lang, &tr(lang, "app.name"), html! { p.problem { (text) } })
}

/// The scenario's units, titles and targets, or its problems.
pub fn overview(desk: &Desk, lang: Lang) -> Markup {
    match &desk.opened().scenario {
        Ok(sc) => layout(lang, &sc.name, scenario_summary(sc, lang)),
        Err(errors) => layout(lang, &tr(lang, "overview.problems"), problems(errors, lang)),
    }
}

fn scenario_summary(sc: &Scenario, lang: Lang) -> Markup {
    let count = |l: Level| sc.units.iter().filter(|u| u.level == l).count().to_string();
    let units = t!(
        "overview.communes",
        locale = lang.code(),
        provinces = count(Level::Province),
        communes = count(Level::Commune)
    );
    html! {
        h2 { (tr(lang, "overview.units")) }
        p { (units) "; " (t!("overview.cadres", locale = lang.code(), n = sc.cadres.len())) }
        h2 { (tr(lang, "overview.posts")) }
        table {
            tr { th { (tr(lang, "col.title")) } th { (tr(lang, "col.posts")) } }
            @for (ti, title) in sc.titles.iter().enumerate() {
                tr { td { (title.display()) } td { (sc.positions.iter().filter(|p| p.title == ti).count()) } }
            }
        }
        h2 { (tr(lang, "overview.targets")) }
        (targets(sc, lang))
        p { (tr(lang, "overview.no_problems")) }
    }
}

fn targets(sc: &Scenario, lang: Lang) -> Markup {
    if sc.targets.is_empty() {
        return html! { p { (tr(lang, "overview.no_targets")) } };
    }
    html! {
        table {
            tr { th { (tr(lang, "col.target")) } th { (tr(lang, "col.group")) } th { (tr(lang, "col.bound")) } th { (tr(lang, "col.kind")) } }
            @for t in &sc.targets {
                tr {
                    td { (t.name) }
                    td { (sc.groups[t.group].name) }
                    td { (t.bound.key()) " " (t.bound.value()) }
                    td { @if t.hard { (tr(lang, "overview.hard")) } @else { (t!("overview.soft", locale = lang.code(), penalty = t.penalty)) } }
                }
            }
        }
    }
}

/// The Open screen: the scenario open now, a folder or workbook on this
/// machine to open, a workbook to upload, and why the last try failed.
pub fn open(desk: &Desk, lang: Lang, refused: Option<&Refused>) -> Markup {
    let now = desk.opened().path.display().to_string();
    let body = html! {
        p { (tr(lang, "open.current")) ": " code { (now) } }
        @match refused {
            Some(Refused::Message(m)) => p.problem { (m) },
            Some(Refused::Problems(e)) => { p.problem { (tr(lang, "open.refused")) } (problems(e, lang)) },
            None => {},
        }
        @if desk.opts.read_only { p { (tr(lang, "plans.read_only")) } }
        @else {
            h2 { (tr(lang, "open.folder")) }
            form method="post" action="/open" {
                input type="hidden" name="csrf" value=(desk.csrf);
                input type="text" name="path" size="60" placeholder="/home/…/scenarios/nghe-an" required;
                " " button type="submit" { (tr(lang, "open.open")) }
            }
            h2 { (tr(lang, "open.upload")) }
            form method="post" action="/open/upload" enctype="multipart/form-data" {
                input type="hidden" name="csrf" value=(desk.csrf);
                input type="file" name="workbook" accept=".xlsx" required;
                " " button type="submit" { (tr(lang, "open.send")) }
            }
            p { (tr(lang, "open.where")) ": " code { (desk.opts.uploads_folder().display().to_string()) } }
        }
    };
    layout(lang, &tr(lang, "nav.open"), body)
}

fn problems(errors: &InputErrors, lang: Lang) -> Markup {
    html! {
        table {
            tr { th { (tr(lang, "col.file")) } th { (tr(lang, "col.problem")) } th { (tr(lang, "overview.fix")) } }
            @for p in &errors.problems {
                tr.problem {
                    td { (p.file) @if let Some(l) = p.line { ":" (l) } @if let Some(c) = p.column { ":" (c) } }
                    td { (p.message) }
                    td { (p.hint) }
                }
            }
        }
    }
}

/// The candidate plans (with the compare form), the pending decisions and
/// the form that solves a new candidate.
pub fn plans(desk: &Desk, lang: Lang, user: &str) -> Markup {
    let open = desk.opened();
    let work = open.work();
    let body = html! {
        @if work.candidates.is_empty() { p { (tr(lang, "plans.none")) } }
        @else {
            form method="get" action="/compare" {
                table {
                    tr { th {} th { (tr(lang, "col.name")) } th { (tr(lang, "col.status")) } th { (tr(lang, "col.objective")) } th { (tr(lang, "col.decisions")) } }
                    @for (i, c) in work.candidates.iter().enumerate() {
                        tr {
                            td { input type="checkbox" name="pick" value=(i + 1); }
                            td { a href={ "/plans/" (i + 1) } { (c.name) } }
                            @match &c.result {
                                Ok(s) => { td { (status_text(lang, s.status)) } td { (s.eval.objective) } }
                                Err(e) => { td.problem colspan="2" { (t!("plan.failed", locale = lang.code(), error = e)) } }
                            }
                            td { (c.decisions.len()) }
                        }
                    }
                }
                button type="submit" { (tr(lang, "plans.compare")) }
            }
        }
        h2 { (tr(lang, "plans.pending")) }
        @if work.pending.is_empty() { p { (tr(lang, "plans.no_pending")) } }
        @else { (decision_table(lang, &work.pending)) }
        @if desk.opts.read_only { p { (tr(lang, "plans.read_only")) } }
        @else {
            form method="post" action="/solve" {
                input type="hidden" name="csrf" value=(desk.csrf);
                label { (tr(lang, "col.name")) " " input type="text" name="name"; }
                " " label { (tr(lang, "plans.base")) " "
                    select name="base" {
                        option value="0" { (tr(lang, "plans.base_scenario")) }
                        @for (i, c) in work.candidates.iter().enumerate() { option value=(i + 1) { (c.name) } }
                    }
                }
                " " button type="submit" { (tr(lang, "plans.solve")) }
            }
            h2 { (tr(lang, "plans.set_title")) }
            (decide_form(desk, lang, user, "set", "", "", "/plans"))
        }
    };
    layout(lang, &tr(lang, "nav.plans"), body)
}

/// A decision form: `action` pin, forbid or set (with a KEY=VALUE field),
/// the user's name (asked until known) and the reason, always asked.
pub(super) fn decide_form(
    desk: &Desk,
    lang: Lang,
    user: &str,
    action: &str,
    cadre: &str,
    post: &str,
    back: &str,
) -> Markup {
    let label = tr(lang, &format!("decide.{action}"));
    html! {
        form.decide method="post" action="/decide" {
            input type="hidden" name="csrf" value=(desk.csrf);
            input type="hidden" name="action" value=(action);
            input type="hidden" name="cadre" value=(cadre);
            input type="hidden" name="post" value=(post);
            input type="hidden" name="back" value=(back);
            @if action == "set" { input type="text" name="set" placeholder="targets.female_share.value=0.35" required; " " }
            @if user.is_empty() { input type="text" name="who" placeholder=(tr(lang, "decide.who")) required; " " }
            @else { input type="hidden" name="who" value=(user); }
            input type="text" name="why" placeholder=(tr(lang, "decide.why")) required;
            " " button type="submit" { (label) }
        }
    }
}

fn decision_table(lang: Lang, decisions: &[workspace::Decision]) -> Markup {
    html! {
        table {
            tr { th { (tr(lang, "col.when")) } th { (tr(lang, "col.who")) } th { (tr(lang, "col.decision")) } th { (tr(lang, "col.why")) } }
            @for d in decisions {
                tr { td { (d.when) } td { (d.who) } td { (decision_text(lang, &d.change)) } td { (d.why) } }
            }
        }
    }
}

fn decision_text(lang: Lang, c: &workspace::Change) -> String {
    match c {
        workspace::Change::Pin { cadre_id, position_id } => {
            format!("{}: {cadre_id} → {position_id}", tr(lang, "decide.pin"))
        }
        workspace::Change::Forbid { cadre_id, position_id } => {
            format!("{}: {cadre_id} ↛ {position_id}", tr(lang, "decide.forbid"))
        }
        workspace::Change::Set { key_value } => format!("{}: {key_value}", tr(lang, "decide.set")),
        workspace::Change::Export { plan, file, pseudonymized } => {
            let coded = if *pseudonymized { format!(" ({})", tr(lang, "export.pseudonymized")) } else { String::new() };
            format!("{}: {plan} / {file}{coded}", tr(lang, "decide.export"))
        }
    }
}

/// Every decision recorded, with the exports.
pub fn log(desk: &Desk, lang: Lang) -> Markup {
    let open = desk.opened();
    let work = open.work();
    let body = html! {
        p { a href="/log/decisions.csv" { "decisions.csv" } " · " a href="/log/audit.jsonl" { "audit.jsonl" } }
        @if work.log.is_empty() { p { (tr(lang, "log.empty")) } } @else { (decision_table(lang, &work.log)) }
    };
    layout(lang, &tr(lang, "nav.log"), body)
}

pub(super) fn status_text(lang: Lang, s: Status) -> String {
    tr(lang, if s == Status::Optimal { "status.optimal" } else { "status.feasible" })
}

pub(super) fn change_text(lang: Lang, c: Change) -> String {
    tr(lang, &format!("change.{}", c.as_str()))
}

/// One post of a plan, as the plan page lists it.
struct PostRow<'a> {
    p: PosIdx,
    post: &'a str,
    unit: &'a str,
    title: String,
    holder: Option<CadreIdx>,
    cadre: Option<(&'a str, &'a str)>,
    change: Change,
    /// The holder holds other posts too (concurrent titles, version 2).
    concurrent: bool,
}

fn rows(s: &Solution) -> Vec<PostRow<'_>> {
    let sc = &s.scenario;
    let held = s.plan.posts_by_cadre(sc);
    (0..sc.positions.len())
        .map(|p| {
            let pos = &sc.positions[p];
            let holder = s.plan.assignment[p];
            PostRow {
                p,
                post: &pos.id,
                unit: &sc.units[pos.unit].name,
                title: sc.titles[pos.title].display(),
                holder,
                cadre: holder.map(|c| (sc.cadres[c].id.as_str(), sc.cadres[c].name.as_str())),
                change: s.plan.change(sc, p),
                concurrent: holder.is_some_and(|c| held[c].len() > 1),
            }
        })
        .collect()
}

/// Plan `n` (1-based) with its filters applied; `None` when there is no such plan.
pub fn plan(desk: &Desk, lang: Lang, n: usize, filters: &Filters) -> Option<Markup> {
    // Rendered without the workspace lock: other requests go on meanwhile.
    let (name, decisions, result) = {
        let open = desk.opened();
        let work = open.work();
        let c = work.candidates.get(n.checked_sub(1)?)?;
        (c.name.clone(), c.decisions.clone(), c.result.clone())
    };
    let body = match &result {
        Ok(s) => plan_body(s, lang, n, filters),
        Err(e) => html! { p.problem { (t!("plan.failed", locale = lang.code(), error = e)) } },
    };
    let body = html! { (body) @if !decisions.is_empty() { h2 { (tr(lang, "col.decisions")) } (decision_table(lang, &decisions)) } };
    Some(layout(lang, &name, body))
}

fn plan_body(s: &Solution, lang: Lang, n: usize, f: &Filters) -> Markup {
    let c = &s.eval.counts;
    let headline = t!(
        "plan.headline",
        locale = lang.code(),
        status = status_text(lang, s.status),
        objective = s.eval.objective,
        filled = c.filled,
        posts = c.posts,
        kept = c.kept,
        moved = c.moved,
        new = c.new,
        vacant = c.vacant
    );
    let all = rows(s);
    let group = s.scenario.groups.iter().position(|g| g.name == f.group);
    let shown: Vec<&PostRow> = all.iter().filter(|r| shows(&s.scenario, r, f, group)).collect();
    html! {
        p.headline { (headline) }
        p.exports {
            a href={ "/plans/" (n) "/map" } { (tr(lang, "map.title")) } " · "
            a href={ "/plans/" (n) "/files/report.html" } target="_blank" { (tr(lang, "export.report")) } " · "
            a href={ "/plans/" (n) "/files/plan.xlsx" } { "plan.xlsx" } " · "
            a href={ "/plans/" (n) "/files/plan.csv" } { "plan.csv" } " · "
            a href={ "/plans/" (n) "/files/plan-folder.zip" } { (tr(lang, "export.folder")) }
        }
        (filter_form(&s.scenario, &all, lang, f))
        p { (t!("plan.shown", locale = lang.code(), shown = shown.len(), total = all.len())) }
        table {
            tr { th { (tr(lang, "col.unit")) } th { (tr(lang, "col.post")) } th { (tr(lang, "col.title")) } th { (tr(lang, "col.cadre")) } th { (tr(lang, "col.change")) } }
            @for r in shown {
                tr class=(r.change.as_str()) {
                    td { (r.unit) } td { a href={ "/plans/" (n) "/posts/" (r.post) } { (r.post) } } td { (r.title) }
                    td { @if let Some((id, name)) = r.cadre { a href={ "/plans/" (n) "/cadres/" (id) } { (name) } " (" (id) ")" } }
                    td { (change_text(lang, r.change)) @if r.concurrent { " · " span.concurrent { (tr(lang, "change.concurrent")) } } }
                }
            }
        }
    }
}

/// Whether a post passes the filters: unit and title exactly, a holder in
/// the group, the change by its contract name (or `concurrent`), and the
/// search on the holder's name or id with tone marks and đ folded.
fn shows(sc: &Scenario, r: &PostRow, f: &Filters, group: Option<usize>) -> bool {
    let q = f.q.trim();
    let in_group = match group {
        Some(g) => r.holder.is_some_and(|c| crate::targets::is_member(sc, g, c, r.p)),
        None => f.group.is_empty(),
    };
    let change = match f.change.as_str() {
        "" => true,
        "concurrent" => r.concurrent,
        name => r.change.as_str() == name,
    };
    (f.unit.is_empty() || r.unit == f.unit)
        && (f.title.is_empty() || r.title == f.title)
        && in_group
        && change
        && (q.is_empty()
            || r.cadre.is_some_and(|(id, name)| crate::text::matches(name, q) || crate::text::matches(id, q)))
}

fn filter_form(sc: &Scenario, rows: &[PostRow], lang: Lang, f: &Filters) -> Markup {
    let units: BTreeSet<&str> = rows.iter().map(|r| r.unit).collect();
    let titles: BTreeSet<&str> = rows.iter().map(|r| r.title.as_str()).collect();
    let changes = [Change::Kept, Change::Moved, Change::New, Change::Vacant, Change::Reserved];
    html! {
        form method="get" {
            select name="unit" {
                option value="" { (tr(lang, "plan.all_units")) }
                @for u in &units { option value=(u) selected[*u == f.unit] { (u) } }
            }
            " " select name="title" {
                option value="" { (tr(lang, "plan.all_titles")) }
                @for t in &titles { option value=(t) selected[*t == f.title] { (t) } }
            }
            " " select name="group" {
                option value="" { (tr(lang, "plan.all_groups")) }
                @for g in &sc.groups { option value=(g.name) selected[g.name == f.group] { (g.name) } }
            }
            " " select name="change" {
                option value="" { (tr(lang, "change.any")) }
                @for c in changes { option value=(c.as_str()) selected[c.as_str() == f.change] { (change_text(lang, c)) } }
                option value="concurrent" selected[f.change == "concurrent"] { (tr(lang, "change.concurrent")) }
            }
            " " input type="search" name="q" value=(f.q) placeholder=(tr(lang, "plan.search"));
            " " button type="submit" { (tr(lang, "plan.filter")) }
        }
    }
}

/// Candidates side by side, metric by metric, and the posts whose holder differs.
pub fn compare(desk: &Desk, lang: Lang, picked: &[usize]) -> Markup {
    let open = desk.opened();
    let work = open.work();
    let chosen: Vec<(&str, &Solution)> = picked
        .iter()
        .filter_map(|&n| work.candidates.get(n.checked_sub(1)?))
        .filter_map(|c| Some((c.name.as_str(), c.result.as_ref().ok()?.as_ref())))
        .collect();
    let body = match chosen.first() {
        Some((_, first)) if chosen.len() >= 2 => comparison(lang, &first.scenario, &chosen),
        _ => html! { p { (tr(lang, "compare.pick")) } },
    };
    layout(lang, &tr(lang, "compare.title"), body)
}

fn comparison(lang: Lang, sc: &Scenario, chosen: &[(&str, &Solution)]) -> Markup {
    let plans: Vec<(String, crate::plan::Plan, Option<f64>)> =
        chosen.iter().map(|(n, s)| (n.to_string(), s.plan.clone(), s.bound)).collect();
    let cmp = crate::compare::compare(sc, &plans, false);
    let metric = |name: String, f: &dyn Fn(&crate::compare::PlanMetrics) -> String| {
        html! { tr { th { (name) } @for m in &cmp.plans { td { (f(m)) } } } }
    };
    let keys: Vec<&String> =
        cmp.plans.first().map(|m| m.targets.keys().chain(m.shares.keys()).collect()).unwrap_or_default();
    html! {
        table.compare {
            tr { th {} @for m in &cmp.plans { th { (m.plan) } } }
            (metric(tr(lang, "col.objective"), &|m| m.objective.to_string()))
            (metric(tr(lang, "change.kept"), &|m| m.kept.to_string()))
            (metric(tr(lang, "change.moved"), &|m| m.moved.to_string()))
            (metric(tr(lang, "change.new"), &|m| m.new.to_string()))
            (metric(tr(lang, "change.vacant"), &|m| m.vacant.to_string()))
            (metric(tr(lang, "compare.rotated_down"), &|m| m.rotated_down.to_string()))
            @for (i, level) in cmp.plans.first().map(|m| m.levels.clone()).unwrap_or_default().iter().enumerate() {
                (metric(t!("compare.level", locale = lang.code(), level = level.level).into_owned(), &|m| m.levels.get(i).map(|l| crate::plan::fmt_num(l.value)).unwrap_or_default()))
            }
            @if cmp.plans.iter().any(|m| m.wishes.is_some()) {
                (metric(tr(lang, "compare.preferred"), &|m| m.wishes.map(|w| w.preferred.to_string()).unwrap_or_default()))
                (metric(tr(lang, "compare.avoided"), &|m| m.wishes.map(|w| w.avoided.to_string()).unwrap_or_default()))
                (metric(tr(lang, "compare.blocking"), &|m| m.wishes.map(|w| w.blocking_pairs.to_string()).unwrap_or_default()))
            }
            @for k in keys {
                (metric(k.clone(), &|m| m.targets.get(k).or(m.shares.get(k)).map(|v| format!("{v:.3}")).unwrap_or_default()))
            }
        }
        h2 { (t!("compare.differ", locale = lang.code(), n = cmp.differences.len())) }
        table {
            tr { th { (tr(lang, "col.post")) } @for m in &cmp.plans { th { (m.plan) } } }
            @for d in &cmp.differences {
                tr { td { (d.post) } @for h in &d.holders { td { @if let Some((id, name, _)) = h { (name) " (" (id) ")" } @else { "—" } } } }
            }
        }
    }
}

/// A solve's page: waiting, its progress, cancelled, or done (with a
/// workspace that could not be saved, or under a scenario no longer open).
pub fn solving(desk: &Desk, lang: Lang, id: usize, job: &Job, state: &JobState) -> Markup {
    let elapsed = job.started.elapsed().as_secs();
    let cancel = html! {
        form method="post" action={ "/solves/" (id) "/cancel" } {
            input type="hidden" name="csrf" value=(desk.csrf);
            button.cancel type="submit" { (tr(lang, "solving.cancel")) }
        }
    };
    let (body, refresh) = match state {
        JobState::Waiting => {
            let ahead = desk.status().running;
            (
                html! { p.phase { (t!("solving.waiting", locale = lang.code(), running = ahead, s = elapsed)) } (cancel) },
                Some(1),
            )
        }
        JobState::Running(p) => (html! { (progress(lang, p.as_ref(), elapsed)) (cancel) }, Some(1)),
        JobState::Cancelled => (
            html! { p.phase { (tr(lang, "solving.cancelled")) } p { a href="/plans" { (tr(lang, "nav.plans")) } } },
            None,
        ),
        JobState::Done { n, unsaved } => {
            let link = html! { a href={ "/plans/" (n) } { (tr(lang, "solving.open_plan")) } };
            let text = unsaved.clone().unwrap_or_else(|| tr(lang, "solving.other_scenario"));
            (html! { p.problem { (text) } p { (link) } }, None)
        }
    };
    let title = if job.name.is_empty() { tr(lang, "solving.title") } else { job.name.clone() };
    layout_refreshed(lang, &title, body, refresh)
}

/// A progress line in words: the phase, the time, the parts, and the best
/// plan, bound and gap once known.
fn progress(lang: Lang, p: Option<&Progress>, elapsed: u64) -> Markup {
    let phase = p.map_or("start", |p| p.phase.as_str());
    let phase = tr(lang, &format!("phase.{phase}"));
    html! {
        p.phase { (t!("solving.running", locale = lang.code(), phase = phase, s = elapsed)) }
        @if let Some(p) = p {
            p { (t!("solving.parts", locale = lang.code(), solved = p.parts_solved, total = p.parts)) }
            @if let (Some(b), Some(u), Some(g)) = (p.best, p.bound, p.gap) {
                p.best { (t!("solving.best", locale = lang.code(), best = format!("{b:.1}"), bound = format!("{u:.1}"), gap = format!("{:.2}", g * 100.0))) }
            }
        }
    }
}
