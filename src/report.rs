//! A self-contained HTML report of a plan for the committee: headline,
//! targets as bars, shares by level, posts per unit with change markers,
//! rotations, violations and, optionally, a comparison with other plans.
//! No network, inline CSS and SVG, A4 print layout. The page is a maud
//! template (compile-time, every text auto-escaped); the charts come from
//! [`crate::svg`].

use std::collections::BTreeMap;

use maud::{html, Markup, PreEscaped, DOCTYPE};
use rust_i18n::t;

use crate::check::Violation;
use crate::compare::{Comparison, PlanMetrics};
use crate::lang::Lang;
use crate::model::{Level, PosIdx, Scenario};
use crate::plan::{fmt_num, Change, Evaluation, Plan};
use crate::svg;

/// The generator marker in every report: `report --out` overwrites a file
/// only when it carries it (or with `--force`).
pub const MARKER: &str = "<meta name=\"generator\" content=\"rotaplan\">";

const STYLE: &str = "
body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;margin:24px;color:#222;font-size:13px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:22px 0 8px;border-bottom:2px solid #345} h3{font-size:14px;margin:14px 0 4px}
table{border-collapse:collapse;margin:4px 0 10px;width:100%} th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eef2f6} .num{text-align:right} .kpi{display:inline-block;margin:6px 18px 6px 0} .kpi b{display:block;font-size:20px}
.kept{color:#2a6} .moved{color:#26a} .new{color:#a60} .vacant{color:#a22} .bad{color:#a22;font-weight:bold}
.unit{break-inside:avoid} @page{size:A4;margin:14mm} @media print{body{margin:0} h2{break-after:avoid}}
";

/// What the report shows.
pub struct ReportInput<'a> {
    pub sc: &'a Scenario,
    pub plan: &'a Plan,
    pub eval: &'a Evaluation,
    pub violations: &'a [Violation],
    /// The solver's status from plan.json, when the plan has one.
    pub status: Option<&'a str>,
    pub comparison: Option<&'a Comparison>,
    /// The cadres' wishes under the plan (version 2, section 10.15).
    pub wishes: Option<&'a crate::preferences::Wishes>,
    /// List each avoided post's reason and the blocking pairs (personal data; counts otherwise).
    pub show_reasons: bool,
    /// The language of its words (`locales/report.yml`); names stay as written.
    pub lang: Lang,
}

/// The whole report as one HTML document.
pub fn html(r: &ReportInput) -> String {
    let (sc, lang) = (r.sc, r.lang);
    let metrics = crate::compare::metrics(sc, r.plan, "plan", None);
    let term = t!("report.term", locale = lang.code(), from = sc.term_start, to = sc.term_start + sc.term_years);
    let page = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                (PreEscaped(MARKER))
                title { "rotaplan: " (sc.name) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { (sc.name) }
                p { (term) }
                (headline(r))
                (violations(r.violations, lang))
                (targets(r.eval, lang))
                (shares(&metrics, lang))
                (rotations(sc, r.plan, lang))
                @if let Some(w) = r.wishes { (wishes(w, r.show_reasons, lang)) }
                (units(sc, r.plan, lang))
                @if let Some(c) = r.comparison { (comparison(c, lang)) }
                p { small { "rotaplan " (env!("CARGO_PKG_VERSION")) " · " (lang.tr("report.input")) " " (&sc.input_hash[..12.min(sc.input_hash.len())]) } }
            }
        }
    };
    page.into_string() + "\n"
}

fn kpi(label: &str, value: impl std::fmt::Display) -> Markup {
    html! { span.kpi { (label) b { (value) } } }
}

fn headline(r: &ReportInput) -> Markup {
    let (c, lang) = (r.eval.counts, r.lang);
    let draft = lang.tr(if r.violations.is_empty() { "report.valid_draft" } else { "report.draft_with_violations" });
    let status = r.status.map_or(draft, |s| lang.tr(&format!("report.status.{s}")));
    let of = |part: usize, whole: usize| t!("report.of", locale = lang.code(), part = part, whole = whole).into_owned();
    let k = |key: &str, value: String| kpi(&lang.tr(key), value);
    html! {
        section #headline {
            (k("report.status", status))
            (k("report.objective", fmt_num(r.eval.objective)))
            (k("report.posts_filled", of(c.filled, c.posts)))
            (k("report.kept", c.kept.to_string())) (k("report.moved", c.moved.to_string()))
            (k("report.new", c.new.to_string())) (k("report.vacant", c.vacant.to_string()))
            @if let Some(n) = r.eval.succession {
                (k("report.successors_named", n.named.to_string())) (k("report.full_pools", of(n.full, n.posts)))
            }
        }
    }
}

fn violations(v: &[Violation], lang: Lang) -> Markup {
    html! {
        @if !v.is_empty() {
            h2 #violations { (t!("report.violations", locale = lang.code(), n = v.len())) }
            ul { @for x in v { li.bad { "[" (x.rule) "] " (x.message) } } }
        }
    }
}

fn targets(eval: &Evaluation, lang: Lang) -> Markup {
    let hard = lang.tr("report.hard_suffix");
    let rows: Vec<(String, f64, f64, bool)> = eval
        .targets
        .iter()
        .map(|t| (format!("{}{}", t.name, if t.hard { hard.as_str() } else { "" }), t.achieved, t.required, t.met))
        .collect();
    let col = |k: &str| lang.tr(&format!("report.col.{k}"));
    let share = |u: f64| t!("report.unit_share", locale = lang.code(), share = fmt_num(u)).into_owned();
    html! {
        h2 #targets { (lang.tr("report.targets")) }
        (PreEscaped(svg::target_bars(&rows)))
        table {
            tr { th { (col("target")) } th { (col("group")) } th { (col("bound")) } th.num { (col("required")) } th.num { (col("achieved")) } th.num { (col("shortfall")) } th { (col("units_missed")) } }
            @for t in &eval.targets {
                tr {
                    td { (t.name) } td { (t.group) }
                    td { (t.bound) " " (fmt_num(t.value)) @if t.hard { (lang.tr("report.hard")) } @if let Some(u) = t.unit_share { (share(u)) } }
                    td.num { (fmt_num(t.required)) } td.num { (fmt_num(t.achieved)) } td.num { (fmt_num(t.shortfall)) }
                    td { (t.units_missed.as_deref().unwrap_or_default().join(", ")) }
                }
            }
        }
    }
}

fn shares(m: &PlanMetrics, lang: Lang) -> Markup {
    html! {
        h2 #shares { (lang.tr("report.shares")) }
        (PreEscaped(svg::share_chart(&m.shares)))
        p { (lang.tr("report.rotated_down")) b { (m.rotated_down) } "." }
    }
}

/// The cadres' wishes: counts, and with `reasons` each avoided post with its
/// reason and every blocking pair.
fn wishes(w: &crate::preferences::Wishes, reasons: bool, lang: Lang) -> Markup {
    let c = w.counts();
    let col = |k: &str| lang.tr(&format!("report.col.{k}"));
    let counts = t!(
        "report.wishes_counts",
        locale = lang.code(),
        preferred = c.preferred,
        cadres = c.cadres,
        avoided = c.avoided,
        blocking = c.blocking_pairs
    );
    html! {
        h2 #wishes { (lang.tr("report.wishes")) }
        p { (counts) }
        @if reasons && !w.avoided.is_empty() {
            table {
                tr { th { (col("cadre")) } th { (col("post")) } th { (col("reason")) } }
                @for a in &w.avoided { tr { td { (a.cadre_id) } td { (a.position_id) } td { (a.reason) } } }
            }
        }
        @if reasons && !w.blocking.is_empty() {
            table {
                tr { th { (col("cadre")) } th { (col("wanted")) } th { (col("held")) } th.num { (col("score_there")) } th.num { (col("holder_score")) } }
                @for b in &w.blocking {
                    tr {
                        td { (b.cadre_id) } td { (b.position_id) " (" (b.rank) ")" }
                        td { (b.assigned.clone().unwrap_or_else(|| lang.tr("report.none"))) @if let Some(r) = b.assigned_rank { " (" (r) ")" } }
                        td.num { (fmt_num(b.score)) } td.num { (b.holder_score.map(fmt_num).unwrap_or_else(|| lang.tr("report.vacant"))) }
                    }
                }
            }
        }
        @if !reasons && c.avoided > 0 { p { small { (lang.tr("report.reasons_note")) } } }
    }
}

fn rotations(sc: &Scenario, plan: &Plan, lang: Lang) -> Markup {
    let moved =
        sc.positions_in_file_order().into_iter().filter(|&p| plan.change(sc, p) == Change::Moved).filter_map(|p| {
            let c = plan.assignment[p]?;
            Some((c, sc.cadres[c].incumbent_of.first().copied()?, p))
        });
    html! {
        h2 #rotations { (lang.tr("report.rotations")) }
        table {
            tr { th { (lang.tr("report.col.cadre")) } th { (lang.tr("report.col.from")) } th { (lang.tr("report.col.to")) } }
            @for (c, from, to) in moved {
                tr { td { (sc.cadre_label(c)) } td { (sc.position_label(from)) } td { (sc.position_label(to)) } }
            }
        }
    }
}

/// Posts grouped by unit: the province-level units first, then communes, by id.
fn posts_by_unit(sc: &Scenario) -> BTreeMap<(u8, String), Vec<PosIdx>> {
    let mut by_unit: BTreeMap<(u8, String), Vec<PosIdx>> = BTreeMap::new();
    for p in sc.positions_in_file_order() {
        let u = sc.unit_of(p);
        let order = if u.level == Level::Province { 0 } else { 1 };
        by_unit.entry((order, u.id.clone())).or_default().push(p);
    }
    by_unit
}

fn units(sc: &Scenario, plan: &Plan, lang: Lang) -> Markup {
    let col = |k: &str| lang.tr(&format!("report.col.{k}"));
    html! {
        h2 #units { (lang.tr("report.units")) }
        @for ((_, uid), posts) in &posts_by_unit(sc) {
            div.unit {
                h3 { (sc.units[sc.unit_index[uid]].name) " " small { "(" (uid) ")" } }
                table {
                    tr { th { (col("post")) } th { (col("holder")) } th { (col("change")) } th.num { (col("score")) } }
                    @for &p in posts { (post_row(sc, plan, p, lang)) }
                }
            }
        }
    }
}

fn post_row(sc: &Scenario, plan: &Plan, p: PosIdx, lang: Lang) -> Markup {
    let ch = plan.change(sc, p).as_str();
    let shown = lang.tr(&format!("report.{ch}"));
    let (holder, score) = match plan.assignment[p] {
        Some(c) => (sc.cadre_label(c), fmt_num(crate::objective::score(sc, c, p))),
        None => ("—".to_string(), String::new()),
    };
    html! {
        tr { td { (sc.titles[sc.positions[p].title].display()) } td { (holder) } td class=(ch) { (shown) } td.num { (score) } }
    }
}

fn comparison(cmp: &Comparison, lang: Lang) -> Markup {
    let holder = |h: &Option<(String, String, f64)>| match h {
        Some((id, name, score)) => format!("{name} ({id}, {})", fmt_num(*score)),
        None => lang.tr("report.vacant"),
    };
    html! {
        h2 #compare { (lang.tr("report.comparison")) }
        table {
            tr { th {} @for m in &cmp.plans { th { (m.plan) } } }
            @for (k, vals) in cmp.rows() { tr { td { (k) } @for v in vals { td.num { (v) } } } }
        }
        h3 { (t!("report.differences", locale = lang.code(), n = cmp.differences.len())) }
        table {
            @for d in &cmp.differences { tr { td { (d.post) } @for h in &d.holders { td { (holder(h)) } } } }
        }
    }
}
