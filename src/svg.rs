//! The hand-written SVG charts (sweep lines, target bars, share columns):
//! plain strings with every text escaped, so that pages embed them as they are.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::plan::fmt_num;

/// Escapes text for XML and HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const COLORS: &[&str] = &["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

/// One line chart panel: x values, named series (None = no value, e.g. infeasible).
pub fn panel(svg: &mut String, y0: f64, title: &str, xlabel: &str, xs: &[f64], series: &[(String, Vec<Option<f64>>)]) {
    let (left, width, height) = (70.0, 560.0, 220.0);
    let vals: Vec<f64> = series.iter().flat_map(|s| s.1.iter().flatten().copied()).collect();
    let (xmin, xmax) =
        (xs.iter().copied().fold(f64::INFINITY, f64::min), xs.iter().copied().fold(f64::NEG_INFINITY, f64::max));
    let (mut ymin, mut ymax) =
        (vals.iter().copied().fold(f64::INFINITY, f64::min), vals.iter().copied().fold(f64::NEG_INFINITY, f64::max));
    if !ymin.is_finite() {
        (ymin, ymax) = (0.0, 1.0);
    }
    if (ymax - ymin).abs() < 1e-9 {
        ymin -= 1.0;
        ymax += 1.0;
    }
    let xspan = if (xmax - xmin).abs() < 1e-12 { 1.0 } else { xmax - xmin };
    let px = |x: f64| left + (x - xmin) / xspan * width;
    let py = |y: f64| y0 + 30.0 + height - (y - ymin) / (ymax - ymin) * height;
    let _ =
        writeln!(svg, r#"<text x="{left}" y="{}" font-size="15" font-weight="bold">{}</text>"#, y0 + 18.0, esc(title));
    let _ = writeln!(
        svg,
        r##"<rect x="{left}" y="{}" width="{width}" height="{height}" fill="none" stroke="#999"/>"##,
        y0 + 30.0
    );
    for i in 0..=4 {
        let y = ymin + (ymax - ymin) * i as f64 / 4.0;
        let (right, yy, tx, ty, label) =
            (left + width, py(y), left - 6.0, py(y) + 4.0, fmt_num((y * 100.0).round() / 100.0));
        let _ = writeln!(
            svg,
            r##"<line x1="{left}" x2="{right}" y1="{yy:.1}" y2="{yy:.1}" stroke="#eee"/><text x="{tx}" y="{ty:.1}" font-size="11" text-anchor="end">{label}</text>"##
        );
    }
    for &x in xs {
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"#,
            px(x),
            y0 + 30.0 + height + 16.0,
            fmt_num(x)
        );
    }
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="{}" font-size="12" text-anchor="middle">{}</text>"#,
        left + width / 2.0,
        y0 + 30.0 + height + 34.0,
        esc(xlabel)
    );
    for (i, (name, ys)) in series.iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        let pts: Vec<String> =
            xs.iter().zip(ys).filter_map(|(x, y)| y.map(|y| format!("{:.1},{:.1}", px(*x), py(y)))).collect();
        let _ =
            writeln!(svg, r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"/>"#, pts.join(" "));
        for p in &pts {
            let (cx, cy) = p.split_once(',').unwrap_or(("0", "0"));
            let _ = writeln!(svg, r#"<circle cx="{cx}" cy="{cy}" r="3" fill="{color}"/>"#);
        }
        let ly = y0 + 44.0 + i as f64 * 16.0;
        let _ = writeln!(
            svg,
            r#"<rect x="{}" y="{:.1}" width="10" height="10" fill="{color}"/><text x="{}" y="{:.1}" font-size="11">{}</text>"#,
            left + width + 12.0,
            ly - 9.0,
            left + width + 26.0,
            ly,
            esc(name)
        );
    }
}

/// Horizontal bars: (label, achieved, required), with the required level marked.
pub fn target_bars(rows: &[(String, f64, f64, bool)]) -> String {
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

/// Width of a character of the share chart's labels (font-size 10), a
/// generous estimate, so that the room left for the rotated labels holds them.
const LABEL_CHAR: f64 = 6.0;
/// The labels' slant: 35 degrees.
const SLANT: f64 = 35.0;

/// Vertical bars of shares (0..1) per (group, level), each labelled under
/// its bar at a slant; the chart leaves room on the left and below for the
/// longest label, so that none is cut off.
pub fn share_chart(shares: &BTreeMap<String, f64>) -> String {
    let n = shares.len().max(1) as f64;
    let (h, bw, step) = (200.0, 36.0, 60.0);
    let longest = shares.keys().map(|k| k.chars().count()).max().unwrap_or(0) as f64 * LABEL_CHAR;
    let (cos, sin) = (SLANT.to_radians().cos(), SLANT.to_radians().sin());
    let left = (longest * cos - bw / 2.0 + 10.0).max(90.0);
    let (w, total_h) = (left + step * n + 10.0, h + 14.0 + longest * sin + 16.0);
    let mut s = format!(
        r#"<svg class="shares" xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{total_h:.0}" role="img" aria-label="shares">"#
    );
    let _ = write!(s, r##"<line x1="20" x2="{w:.0}" y1="{h}" y2="{h}" stroke="#555"/>"##);
    for (i, (k, v)) in shares.iter().enumerate() {
        let x = left + i as f64 * step;
        let bh = v * (h - 20.0);
        let _ = write!(
            s,
            r##"<rect x="{x}" y="{:.1}" width="{bw}" height="{bh:.1}" fill="#4a7ab0"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{:.0}%</text><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="end" transform="rotate(-{SLANT} {:.1} {:.1})">{}</text>"##,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every slanted label of the share chart lies inside the drawing: its
    /// far end (the label's length along the slant from its anchor) is
    /// neither left of 0 nor below the height.
    #[test]
    fn share_labels_are_not_cut_off() {
        let shares: BTreeMap<String, f64> = ["ethnic_minority/commune successors", "female/province", "young/commune"]
            .iter()
            .map(|k| (k.to_string(), 0.4))
            .collect();
        let svg = share_chart(&shares);
        let number = |s: &str, attr: &str| -> f64 {
            let v = s.split(&format!("{attr}=\"")).nth(1).and_then(|r| r.split('"').next()).unwrap_or("nan");
            v.parse().unwrap_or(f64::NAN)
        };
        let height = number(&svg, "height");
        let (cos, sin) = (SLANT.to_radians().cos(), SLANT.to_radians().sin());
        let labels: Vec<&str> = svg.split("<text ").filter(|t| t.contains("text-anchor=\"end\"")).collect();
        assert_eq!(labels.len(), 3);
        for t in labels {
            let text = t.split('>').nth(1).and_then(|r| r.split('<').next()).unwrap_or("");
            let len = text.chars().count() as f64 * LABEL_CHAR;
            let (x, y) = (number(t, "x"), number(t, "y"));
            assert!(x - len * cos >= 0.0, "{text}: left end at {}", x - len * cos);
            assert!(y + len * sin <= height, "{text}: bottom at {} of {height}", y + len * sin);
        }
    }
}
