//! A self-contained HTML report of a plan for the committee: headline,
//! targets as bars, shares by level, posts per unit with change markers,
//! rotations, violations and, optionally, a comparison with other plans.
//! No network, inline CSS and SVG, A4 print layout.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::check::Violation;
use crate::commands::compare::Comparison;
use crate::model::{Level, Scenario};
use crate::plan::{fmt_num, Change, Evaluation, Plan};

/// HTML-escapes text.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const STYLE: &str = "
body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;margin:24px;color:#222;font-size:13px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:22px 0 8px;border-bottom:2px solid #345} h3{font-size:14px;margin:14px 0 4px}
table{border-collapse:collapse;margin:4px 0 10px;width:100%} th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eef2f6} .num{text-align:right} .kpi{display:inline-block;margin:6px 18px 6px 0} .kpi b{display:block;font-size:20px}
.kept{color:#2a6} .moved{color:#26a} .new{color:#a60} .vacant{color:#a22} .bad{color:#a22;font-weight:bold}
.unit{break-inside:avoid} @page{size:A4;margin:14mm} @media print{body{margin:0} h2{break-after:avoid}}
";

/// Horizontal bars: (label, achieved, required), with the required level marked.
fn target_bars(rows: &[(String, f64, f64, bool)]) -> String {
    let max = rows.iter().map(|r| r.1.max(r.2)).fold(1.0_f64, f64::max);
    let (label_w, bar_w, row_h) = (330.0, 330.0, 26.0);
    let h = row_h * rows.len() as f64 + 10.0;
    let mut s = format!(
        r#"<svg class="targets" xmlns="http://www.w3.org/2000/svg" width="{}" height="{h}" role="img" aria-label="targets">"#,
        label_w + bar_w + 120.0
    );
    for (i, (label, achieved, required, met)) in rows.iter().enumerate() {
        let y = 5.0 + i as f64 * row_h;
        let w = achieved / max * bar_w;
        let rx = label_w + required / max * bar_w;
        let color = if *met { "#3a8" } else { "#d55" };
        let _ = write!(
            s,
            r##"<text x="0" y="{:.1}" font-size="12">{}</text><rect class="bar" x="{label_w}" y="{y:.1}" width="{w:.1}" height="16" fill="{color}"/><line x1="{rx:.1}" x2="{rx:.1}" y1="{:.1}" y2="{:.1}" stroke="#000" stroke-width="2"/><text x="{:.1}" y="{:.1}" font-size="11">{} / {}</text>"##,
            y + 12.0,
            esc(label),
            y - 2.0,
            y + 18.0,
            label_w + bar_w + 8.0,
            y + 12.0,
            fmt_num(*achieved),
            fmt_num(*required)
        );
    }
    s.push_str("</svg>");
    s
}

/// Vertical bars of shares (0..1) per (group, level).
fn share_chart(shares: &BTreeMap<String, f64>) -> String {
    let n = shares.len().max(1) as f64;
    let (w, h, bw) = (60.0 * n + 100.0, 200.0, 36.0);
    let mut s = format!(
        r#"<svg class="shares" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{}" role="img" aria-label="shares">"#,
        h + 60.0
    );
    let _ = write!(s, r##"<line x1="20" x2="{w}" y1="{h}" y2="{h}" stroke="#555"/>"##);
    for (i, (k, v)) in shares.iter().enumerate() {
        let x = 90.0 + i as f64 * 60.0;
        let bh = v * (h - 20.0);
        let _ = write!(
            s,
            r##"<rect x="{x}" y="{:.1}" width="{bw}" height="{bh:.1}" fill="#4a7ab0"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{:.0}%</text><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="end" transform="rotate(-35 {:.1} {:.1})">{}</text>"##,
            h - bh,
            x + bw / 2.0,
            h - bh - 4.0,
            v * 100.0,
            x + bw / 2.0,
            h + 14.0,
            x + bw / 2.0,
            h + 14.0,
            esc(k)
        );
    }
    s.push_str("</svg>");
    s
}

/// The whole report as one HTML document.
pub fn html(
    sc: &Scenario,
    plan: &Plan,
    eval: &Evaluation,
    violations: &[Violation],
    status: Option<&str>,
    comparison: Option<&Comparison>,
) -> String {
    let c = eval.counts;
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n",
        esc(&format!("rotaplan: {}", sc.name))
    );
    let _ = write!(s, "<h1>{}</h1>\n<p>Term {}–{}</p>\n", esc(&sc.name), sc.term_start, sc.term_start + sc.term_years);
    let kpi = |label: &str, value: String| format!("<span class=\"kpi\">{}<b>{}</b></span>", esc(label), esc(&value));
    s += "<section id=\"headline\">";
    s += &kpi(
        "status",
        status.unwrap_or(if violations.is_empty() { "valid draft" } else { "draft with violations" }).to_string(),
    );
    s += &kpi("objective", fmt_num(eval.objective));
    s += &kpi("posts filled", format!("{} of {}", c.filled, c.posts));
    s += &kpi("kept", c.kept.to_string());
    s += &kpi("moved", c.moved.to_string());
    s += &kpi("new", c.new.to_string());
    s += &kpi("vacant", c.vacant.to_string());
    s += "</section>\n";

    if !violations.is_empty() {
        let _ = write!(s, "<h2 id=\"violations\">Rules broken ({})</h2><ul>", violations.len());
        for v in violations {
            let _ = write!(s, "<li class=\"bad\">[{}] {}</li>", esc(&v.rule), esc(&v.message));
        }
        s += "</ul>\n";
    }

    s += "<h2 id=\"targets\">Targets</h2>\n";
    let rows: Vec<(String, f64, f64, bool)> = eval
        .targets
        .iter()
        .map(|t| (format!("{}{}", t.name, if t.hard { " (hard)" } else { "" }), t.achieved, t.required, t.met))
        .collect();
    s += &target_bars(&rows);
    s += "<table><tr><th>target</th><th>group</th><th>bound</th><th class=num>required</th><th class=num>achieved</th><th class=num>shortfall</th><th>units missed</th></tr>";
    for t in &eval.targets {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{} {}{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td>{}</td></tr>",
            esc(&t.name),
            esc(&t.group),
            t.bound,
            fmt_num(t.value),
            if t.hard { ", hard" } else { "" },
            fmt_num(t.required),
            fmt_num(t.achieved),
            fmt_num(t.shortfall),
            esc(&t.units_missed.join(", "))
        );
    }
    s += "</table>\n";

    let m = crate::commands::compare::metrics(sc, plan, "plan", None);
    s += "<h2 id=\"shares\">Shares of holders by level</h2>\n";
    s += &share_chart(&m.shares);
    let _ = writeln!(s, "<p>Cadres rotated down from province-level units to communes: <b>{}</b>.</p>", m.rotated_down);

    s += "<h2 id=\"rotations\">Rotations</h2>\n<table><tr><th>cadre</th><th>from</th><th>to</th></tr>";
    for p in sc.positions_in_file_order() {
        if plan.change(sc, p) == Change::Moved {
            if let (Some(cad), Some(from)) =
                (plan.assignment[p], plan.assignment[p].and_then(|c| sc.cadres[c].incumbent_of))
            {
                let _ = write!(
                    s,
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&sc.cadre_label(cad)),
                    esc(&sc.position_label(from)),
                    esc(&sc.position_label(p))
                );
            }
        }
    }
    s += "</table>\n";

    s += "<h2 id=\"units\">Posts by unit</h2>\n";
    let mut by_unit: BTreeMap<(u8, String), Vec<usize>> = BTreeMap::new();
    for p in sc.positions_in_file_order() {
        let u = sc.unit_of(p);
        let order = if u.level == Level::Province { 0 } else { 1 };
        by_unit.entry((order, u.id.clone())).or_default().push(p);
    }
    for ((_, uid), posts) in &by_unit {
        let u = &sc.units[sc.unit_index[uid]];
        let _ = write!(s, "<div class=\"unit\"><h3>{} <small>({})</small></h3><table><tr><th>post</th><th>holder</th><th>change</th><th class=num>score</th></tr>", esc(&u.name), esc(uid));
        for &p in posts {
            let ch = plan.change(sc, p);
            let (holder, score) = match plan.assignment[p] {
                Some(c) => (sc.cadre_label(c), fmt_num(crate::objective::score(sc, c, p))),
                None => ("—".to_string(), String::new()),
            };
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td class=num>{}</td></tr>",
                esc(&sc.titles[sc.positions[p].title].key),
                esc(&holder),
                ch.as_str(),
                ch.as_str(),
                score
            );
        }
        s += "</table></div>\n";
    }

    if let Some(cmp) = comparison {
        s += "<h2 id=\"compare\">Comparison</h2>\n<table><tr><th></th>";
        for m in &cmp.plans {
            let _ = write!(s, "<th>{}</th>", esc(&m.plan));
        }
        s += "</tr>";
        for (k, vals) in cmp.rows() {
            let _ = write!(s, "<tr><td>{}</td>", esc(&k));
            for v in vals {
                let _ = write!(s, "<td class=num>{}</td>", esc(&v));
            }
            s += "</tr>";
        }
        let _ = write!(s, "</table><h3>{} post(s) with different holders</h3><table>", cmp.differences.len());
        for d in &cmp.differences {
            let _ = write!(s, "<tr><td>{}</td>", esc(&d.post));
            for h in &d.holders {
                let cell = h
                    .as_ref()
                    .map(|(id, name, sc)| format!("{name} ({id}, {})", fmt_num(*sc)))
                    .unwrap_or_else(|| "vacant".into());
                let _ = write!(s, "<td>{}</td>", esc(&cell));
            }
            s += "</tr>";
        }
        s += "</table>\n";
    }
    let _ = write!(
        s,
        "<p><small>rotaplan {} · input {}</small></p>\n</body></html>\n",
        env!("CARGO_PKG_VERSION"),
        &sc.input_hash[..12.min(sc.input_hash.len())]
    );
    s
}
