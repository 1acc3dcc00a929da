//! `rotaplan sweep <scenario> --set KEY=FROM..TO:STEP`: the grid of variants
//! solved as a batch, `sweep.csv`, and `sweep.svg`, a self-contained chart of
//! the objective (and each target's achievement) against the swept value.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::batch::{self, Run, RunResult};
use crate::plan::fmt_num;
use crate::scenario::overrides::parse_value;
use crate::scenario::Override;
use crate::Error;

/// Arguments of `sweep`.
#[derive(Debug, Clone)]
pub struct Args {
    pub scenario: PathBuf,
    pub sets: Vec<String>,
    pub out: PathBuf,
    pub jobs: usize,
    pub solver: Option<String>,
    pub time_limit: Option<f64>,
    pub quiet: bool,
}

/// A swept key and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub key: String,
    pub values: Vec<f64>,
}

/// Parses `KEY=FROM..TO:STEP`; `Ok(None)` for a plain `KEY=VALUE`.
pub fn parse_axis(s: &str) -> Result<Option<Axis>, String> {
    let (key, raw) = s.split_once('=').ok_or_else(|| format!("`{s}`: expected KEY=FROM..TO:STEP or KEY=VALUE"))?;
    let Some((range, step)) = raw.split_once(':') else { return Ok(None) };
    let Some((from, to)) = range.split_once("..") else { return Ok(None) };
    let num = |x: &str| x.trim().parse::<f64>().map_err(|_| format!("`{s}`: `{x}` is not a number"));
    let (from, to, step) = (num(from)?, num(to)?, num(step)?);
    if step.is_nan() || step <= 0.0 || to < from {
        return Err(format!("`{s}`: need FROM <= TO and STEP > 0"));
    }
    let n = ((to - from) / step + 1e-9).floor() as usize + 1;
    if n > 10_000 {
        return Err(format!("`{s}`: {n} values is too many"));
    }
    // Round to 9 decimals so that 0.1 steps read 0.3, not 0.30000000000000004.
    let values = (0..n).map(|i| ((from + i as f64 * step) * 1e9).round() / 1e9).collect();
    Ok(Some(Axis { key: key.trim().to_string(), values }))
}

/// The grid: every combination of the axes' values, the first axis varying slowest.
pub fn grid(axes: &[Axis]) -> Vec<Vec<f64>> {
    let mut out: Vec<Vec<f64>> = vec![vec![]];
    for a in axes {
        out = out
            .into_iter()
            .flat_map(|prefix| a.values.iter().map(move |v| [prefix.clone(), vec![*v]].concat()))
            .collect();
    }
    out
}

fn short(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

fn sweep_csv(axes: &[Axis], points: &[Vec<f64>], results: &[RunResult]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let keys: Vec<String> = results
        .iter()
        .find(|r| !r.targets.is_empty())
        .map(|r| r.targets.iter().map(|t| t.0.clone()).collect())
        .unwrap_or_default();
    let mut header: Vec<String> = axes.iter().map(|a| a.key.clone()).collect();
    header.extend(["status", "objective", "bound", "filled"].iter().map(|s| s.to_string()));
    for k in &keys {
        header.push(format!("{k}:achieved"));
        header.push(format!("{k}:shortfall"));
    }
    w.write_record(&header)?;
    for (pt, r) in points.iter().zip(results) {
        let mut row: Vec<String> = pt.iter().map(|v| fmt_num(*v)).collect();
        row.push(r.status.clone());
        row.push(r.objective.map(fmt_num).unwrap_or_default());
        row.push(r.bound.map(fmt_num).unwrap_or_default());
        row.push(r.counts.map(|c| c.filled.to_string()).unwrap_or_default());
        for k in &keys {
            let t = r.targets.iter().find(|t| &t.0 == k);
            row.push(t.map(|t| fmt_num(t.1)).unwrap_or_default());
            row.push(t.map(|t| fmt_num(t.2)).unwrap_or_default());
        }
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const COLORS: &[&str] = &["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

/// One line chart panel: x values, named series (None = no value, e.g. infeasible).
fn panel(svg: &mut String, y0: f64, title: &str, xlabel: &str, xs: &[f64], series: &[(String, Vec<Option<f64>>)]) {
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

/// The chart: objective against the first swept value (one line per
/// combination of the other axes), then each target's achieved members.
pub fn chart(scenario: &str, axes: &[Axis], points: &[Vec<f64>], results: &[RunResult]) -> String {
    let first = &axes[0];
    let xs = first.values.clone();
    let n_other = points.len() / xs.len().max(1);
    // Points run with the first axis slowest: point index = i * n_other + j.
    let mut obj_series = Vec::new();
    for j in 0..n_other {
        let label = if axes.len() == 1 {
            "objective".to_string()
        } else {
            axes[1..]
                .iter()
                .zip(&points[j][1..])
                .map(|(a, v)| format!("{}={}", short(&a.key), fmt_num(*v)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let ys = (0..xs.len()).map(|i| results[i * n_other + j].objective).collect();
        obj_series.push((label, ys));
    }
    let keys: Vec<String> = results
        .iter()
        .find(|r| !r.targets.is_empty())
        .map(|r| r.targets.iter().map(|t| t.0.clone()).collect())
        .unwrap_or_default();
    let target_series: Vec<(String, Vec<Option<f64>>)> = keys
        .iter()
        .map(|k| {
            let ys =
                (0..xs.len()).map(|i| results[i * n_other].targets.iter().find(|t| &t.0 == k).map(|t| t.1)).collect();
            (k.clone(), ys)
        })
        .collect();
    let height = if target_series.is_empty() { 320.0 } else { 620.0 };
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="900" height="{height}" viewBox="0 0 900 {height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
"#
    );
    let infeasible = results.iter().filter(|r| r.objective.is_none()).count();
    let title = format!(
        "{}: objective vs {}{}",
        scenario,
        first.key,
        if infeasible > 0 { format!(" ({infeasible} infeasible points not drawn)") } else { String::new() }
    );
    panel(&mut svg, 0.0, &title, &first.key, &xs, &obj_series);
    if !target_series.is_empty() {
        panel(&mut svg, 300.0, "members achieved per target", &first.key, &xs, &target_series);
    }
    svg.push_str("</svg>\n");
    svg
}

/// Runs the command.
pub fn run(args: &Args) -> Result<(), Error> {
    let mut axes = Vec::new();
    let mut fixed = Vec::new();
    for s in &args.sets {
        match parse_axis(s).map_err(|e| Error::Usage(format!("--set {e}")))? {
            Some(a) => axes.push(a),
            None => fixed.push(Override::parse(s).map_err(|e| Error::Usage(format!("--set {e}")))?),
        }
    }
    if axes.is_empty() {
        return Err(Error::Usage("sweep needs at least one --set KEY=FROM..TO:STEP".into()));
    }
    let points = grid(&axes);
    let runs: Vec<Run> = points
        .iter()
        .map(|pt| Run {
            name: axes
                .iter()
                .zip(pt)
                .map(|(a, v)| format!("{}={}", short(&a.key), fmt_num(*v)))
                .collect::<Vec<_>>()
                .join(","),
            scenario: args.scenario.clone(),
            sets: axes
                .iter()
                .zip(pt)
                .map(|(a, v)| Override { key: a.key.clone(), value: parse_value(&fmt_num(*v)) })
                .collect(),
        })
        .collect();
    let results = batch::run_all(&runs, args.jobs, &fixed, args.solver.as_deref(), args.time_limit, args.quiet)?;
    let name = args.scenario.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let csv = sweep_csv(&axes, &points, &results).map_err(|e| Error::Internal(e.to_string()))?;
    let svg = chart(&name, &axes, &points, &results);
    let files = batch::batch_files(&results, vec![("sweep.csv".into(), csv), ("sweep.svg".into(), svg.into_bytes())])?;
    crate::output::write_folder(&args.out, &files)
        .map_err(|e| Error::Internal(format!("cannot write {}: {e}", args.out.display())))?;
    if !args.quiet {
        println!("{} variants; wrote {}/sweep.csv, sweep.svg and summary.csv", results.len(), args.out.display());
        for (pt, r) in points.iter().zip(&results) {
            let label: Vec<String> = axes.iter().zip(pt).map(|(a, v)| format!("{}={}", a.key, fmt_num(*v))).collect();
            println!("  {}: {} {}", label.join(" "), r.status, r.objective.map(fmt_num).unwrap_or_default());
        }
    }
    Ok(())
}
