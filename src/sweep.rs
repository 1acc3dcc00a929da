//! Sweeps: a grid of variants of one scenario (`KEY=FROM..TO:STEP` axes),
//! solved as a batch, with `sweep.csv` and `sweep.svg`, a self-contained
//! chart of the objective (and each target's achievement) against the swept value.

use std::path::Path;

use crate::batch::{self, Run, RunResult};
use crate::plan::fmt_num;
use crate::scenario::overrides::parse_value;
use crate::scenario::Override;
use crate::svg;

/// A swept key and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub key: String,
    pub values: Vec<f64>,
}

/// The most variants one sweep may have (the product of its axes).
pub const MAX_VARIANTS: usize = 10_000;

/// Parses `KEY=FROM..TO:STEP`; `Ok(None)` for a plain `KEY=VALUE`.
pub fn parse_axis(s: &str) -> Result<Option<Axis>, String> {
    let (key, raw) = s.split_once('=').ok_or_else(|| format!("`{s}`: expected KEY=FROM..TO:STEP or KEY=VALUE"))?;
    let Some((range, step)) = raw.split_once(':') else { return Ok(None) };
    let Some((from, to)) = range.split_once("..") else { return Ok(None) };
    let num = |x: &str| match x.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(format!("`{s}`: `{x}` is not a finite number")),
        Err(_) => Err(format!("`{s}`: `{x}` is not a number")),
    };
    let (from, to, step) = (num(from)?, num(to)?, num(step)?);
    if step <= 0.0 || to < from {
        return Err(format!("`{s}`: need FROM <= TO and STEP > 0"));
    }
    let n = (to - from) / step + 1e-9;
    if n >= MAX_VARIANTS as f64 {
        return Err(format!("`{s}`: more than {MAX_VARIANTS} values; use a larger STEP or a shorter range"));
    }
    let n = n.floor() as usize + 1;
    // Round to 9 decimals so that 0.1 steps read 0.3, not 0.30000000000000004.
    let values = (0..n).map(|i| ((from + i as f64 * step) * 1e9).round() / 1e9).collect();
    Ok(Some(Axis { key: key.trim().to_string(), values }))
}

/// The grid: every combination of the axes' values, the first axis varying
/// slowest; refused when it would hold more than [`MAX_VARIANTS`].
pub fn grid(axes: &[Axis]) -> Result<Vec<Vec<f64>>, String> {
    let total = axes.iter().try_fold(1usize, |acc, a| acc.checked_mul(a.values.len()).filter(|&n| n <= MAX_VARIANTS));
    if total.is_none() {
        let sizes: Vec<String> = axes.iter().map(|a| a.values.len().to_string()).collect();
        return Err(format!(
            "the axes give {} variants, more than {MAX_VARIANTS}; use fewer values per axis",
            sizes.join(" × ")
        ));
    }
    let mut out: Vec<Vec<f64>> = vec![vec![]];
    for a in axes {
        out = out
            .into_iter()
            .flat_map(|prefix| a.values.iter().map(move |v| [prefix.clone(), vec![*v]].concat()))
            .collect();
    }
    Ok(out)
}

/// One batch run per grid point, named by its values (`min_share=0.3,...`).
pub fn runs(scenario: &Path, axes: &[Axis], points: &[Vec<f64>]) -> Vec<Run> {
    let run = |pt: &Vec<f64>| Run {
        name: axes
            .iter()
            .zip(pt)
            .map(|(a, v)| format!("{}={}", short(&a.key), fmt_num(*v)))
            .collect::<Vec<_>>()
            .join(","),
        scenario: scenario.to_path_buf(),
        sets: axes
            .iter()
            .zip(pt)
            .map(|(a, v)| Override { key: a.key.clone(), value: parse_value(&fmt_num(*v)) })
            .collect(),
    };
    points.iter().map(run).collect()
}

fn short(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

/// sweep.csv: one row per grid point, the swept values first.
pub fn sweep_csv(axes: &[Axis], points: &[Vec<f64>], results: &[RunResult]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let keys = batch::target_keys(results);
    let mut header: Vec<String> = axes.iter().map(|a| a.key.clone()).collect();
    header.extend(["status", "objective", "bound", "filled"].iter().map(|s| s.to_string()));
    header.extend(batch::target_header(&keys));
    w.write_record(&header)?;
    for (pt, r) in points.iter().zip(results) {
        let mut row: Vec<String> = pt.iter().map(|v| fmt_num(*v)).collect();
        row.push(r.status.as_str().to_string());
        row.push(r.objective.map(fmt_num).unwrap_or_default());
        row.push(r.bound.map(fmt_num).unwrap_or_default());
        row.push(r.counts.map(|c| c.filled.to_string()).unwrap_or_default());
        row.extend(batch::target_cells(r, &keys));
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
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
    svg::panel(&mut svg, 0.0, &title, &first.key, &xs, &obj_series);
    if !target_series.is_empty() {
        svg::panel(&mut svg, 300.0, "members achieved per target", &first.key, &xs, &target_series);
    }
    svg.push_str("</svg>\n");
    svg
}
