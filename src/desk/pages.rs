//! The desk's pages, rendered on the server with maud. Every word a person
//! reads comes from `locales/desk.yml` through [`t`]; the style sheet is
//! embedded, so a page loads nothing from anywhere else.

use std::collections::BTreeSet;

use axum::http::HeaderMap;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use rust_i18n::t;

use super::{auth, Desk, Filters, PlanView, PostRow};
use crate::model::{Level, Scenario};
use crate::plan::{Change, Status};
use crate::scenario::InputErrors;

/// The desk's languages: Vietnamese by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the request's cookie asks for (Vietnamese when none).
    pub fn of(headers: &HeaderMap) -> Lang {
        auth::cookie(headers, "rotaplan_lang").and_then(|c| Lang::parse(&c)).unwrap_or_default()
    }

    fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

/// A message of the catalogue in `lang`.
fn tr(lang: Lang, key: &str) -> String {
    t!(key, locale = lang.code()).into_owned()
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a}\
header{background:#7a1f1f;color:#fff;padding:.6em 1em;display:flex;gap:1.5em;align-items:center}\
header a{color:#fff}main{padding:1em}table{border-collapse:collapse;margin:.5em 0}\
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}th{background:#f3f3f3}\
.kept{background:#fff}.moved{background:#fff4d6}.new{background:#e3f4e3}.vacant{background:#fbe3e3}\
.reserved{background:#e6ecfb}.problem{color:#a00}form{margin:.5em 0}";

fn layout(lang: Lang, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                title { (title) " — " (tr(lang, "app.name")) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    strong { (tr(lang, "app.name")) }
                    a href="/" { (tr(lang, "nav.overview")) }
                    a href="/plans" { (tr(lang, "nav.plans")) }
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

/// The scenario's units, titles and targets, or its problems.
pub fn overview(desk: &Desk, lang: Lang) -> Markup {
    match &desk.scenario {
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

/// The candidate plans, and the form that solves a new one.
pub fn plans(desk: &Desk, lang: Lang) -> Markup {
    let list = desk.candidates();
    let body = html! {
        @if list.is_empty() { p { (tr(lang, "plans.none")) } }
        @else {
            table {
                tr { th { (tr(lang, "col.name")) } th { (tr(lang, "col.status")) } th { (tr(lang, "col.objective")) } }
                @for (i, c) in list.iter().enumerate() {
                    tr {
                        td { a href={ "/plans/" (i + 1) } { (c.name) } }
                        @match &c.result {
                            Ok(v) => { td { (status_text(lang, v.status)) } td { (v.objective) } }
                            Err(e) => { td.problem colspan="2" { (t!("plan.failed", locale = lang.code(), error = e)) } }
                        }
                    }
                }
            }
        }
        @if desk.opts.read_only { p { (tr(lang, "plans.read_only")) } }
        @else {
            form method="post" action="/solve" {
                input type="hidden" name="csrf" value=(desk.csrf);
                label { (tr(lang, "col.name")) " " input type="text" name="name"; }
                " " button type="submit" { (tr(lang, "plans.solve")) }
            }
        }
    };
    layout(lang, &tr(lang, "nav.plans"), body)
}

fn status_text(lang: Lang, s: Status) -> String {
    tr(lang, if s == Status::Optimal { "status.optimal" } else { "status.feasible" })
}

fn change_text(lang: Lang, c: Change) -> String {
    tr(lang, &format!("change.{}", c.as_str()))
}

/// Plan `n` (1-based) with its filters applied; `None` when there is no such plan.
pub fn plan(desk: &Desk, lang: Lang, n: usize, filters: &Filters) -> Option<Markup> {
    let list = desk.candidates();
    let candidate = list.get(n.checked_sub(1)?)?;
    let body = match &candidate.result {
        Ok(view) => plan_body(view, lang, filters),
        Err(e) => html! { p.problem { (t!("plan.failed", locale = lang.code(), error = e)) } },
    };
    Some(layout(lang, &candidate.name, body))
}

fn plan_body(view: &PlanView, lang: Lang, f: &Filters) -> Markup {
    let c = &view.counts;
    let headline = t!(
        "plan.headline",
        locale = lang.code(),
        status = status_text(lang, view.status),
        objective = view.objective,
        filled = c.filled,
        posts = c.posts,
        kept = c.kept,
        moved = c.moved,
        new = c.new,
        vacant = c.vacant
    );
    let shown: Vec<&PostRow> = view.rows.iter().filter(|r| shows(r, f)).collect();
    html! {
        p { (headline) }
        (filter_form(view, lang, f))
        p { (t!("plan.shown", locale = lang.code(), shown = shown.len(), total = view.rows.len())) }
        table {
            tr { th { (tr(lang, "col.unit")) } th { (tr(lang, "col.post")) } th { (tr(lang, "col.title")) } th { (tr(lang, "col.cadre")) } th { (tr(lang, "col.change")) } }
            @for r in shown {
                tr class=(r.change.as_str()) {
                    td { (r.unit) } td { (r.post) } td { (r.title) }
                    td { @if let Some((id, name)) = &r.cadre { (name) " (" (id) ")" } }
                    td { (change_text(lang, r.change)) }
                }
            }
        }
    }
}

/// Whether a post passes the filters: unit and title exactly, the change
/// by its contract name, and the search on the holder's name or id with
/// tone marks and đ folded.
fn shows(r: &PostRow, f: &Filters) -> bool {
    (f.unit.is_empty() || r.unit == f.unit)
        && (f.title.is_empty() || r.title == f.title)
        && (f.change.is_empty() || r.change.as_str() == f.change)
        && (f.q.trim().is_empty()
            || r.cadre.as_ref().is_some_and(|(id, name)| {
                crate::text::matches(name, f.q.trim()) || crate::text::matches(id, f.q.trim())
            }))
}

fn filter_form(view: &PlanView, lang: Lang, f: &Filters) -> Markup {
    let units: BTreeSet<&str> = view.rows.iter().map(|r| r.unit.as_str()).collect();
    let titles: BTreeSet<&str> = view.rows.iter().map(|r| r.title.as_str()).collect();
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
            " " select name="change" {
                option value="" { (tr(lang, "change.any")) }
                @for c in changes { option value=(c.as_str()) selected[c.as_str() == f.change] { (change_text(lang, c)) } }
            }
            " " input type="search" name="q" value=(f.q) placeholder=(tr(lang, "plan.search"));
            " " button type="submit" { (tr(lang, "plan.filter")) }
        }
    }
}
