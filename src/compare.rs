//! Plan metrics and comparison: plans of one scenario side by side
//! (re-scored by the checker's rules, so drafts and solver plans alike), then
//! the posts whose holder differs. Used by `compare` and the HTML report.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Gender, GroupRule, Level, Scenario};
use crate::plan::{fmt_num, Plan};

/// Headline figures of one plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanMetrics {
    pub plan: String,
    pub valid: bool,
    pub violations: usize,
    pub objective: f64,
    /// From a plan.json beside the plan, when there is one.
    pub bound: Option<f64>,
    pub filled: usize,
    pub vacant: usize,
    pub kept: usize,
    pub moved: usize,
    pub new: usize,
    pub rotated_down: usize,
    /// Target key -> members achieved.
    pub targets: BTreeMap<String, f64>,
    /// Per-unit target key -> the units that miss it (an empty list when every
    /// unit meets it); targets that are not per-unit have no entry, as in plan.json.
    pub units_missed: BTreeMap<String, Vec<String>>,
    /// "group/level" -> share of filled posts at that level.
    pub shares: BTreeMap<String, f64>,
    /// Each level of `[objective] levels` (version 2), in order; absent without levels.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<crate::plan::LevelValue>,
    /// Version 2: the succession pools, when a title names successors (section 10.14).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub succession: Option<crate::plan::SuccessionCounts>,
    /// Version 2: the cadres' wishes, as counts (section 10.15); absent without preferences.csv.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wishes: Option<crate::preferences::WishCounts>,
}

/// A post whose holder differs between plans.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    pub position_id: String,
    pub post: String,
    /// Per plan: (cadre id, name, score), or `None` when vacant.
    pub holders: Vec<Option<(String, String, f64)>>,
}

/// The comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub plans: Vec<PlanMetrics>,
    pub differences: Vec<Difference>,
    /// Per plan, the avoided posts with their reasons and the blocking pairs:
    /// only when asked (`--show-reasons`), as reasons are personal data.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wishes: Vec<crate::preferences::Wishes>,
}

/// A group whose share of holders is reported.
#[derive(Debug, Clone, Copy)]
enum ShareGroup {
    /// A group the scenario defines (`female`, `young`, `ethnic_minority`).
    Named(usize),
    Female,
    Young,
    Minority,
    /// Not local to the post's unit (rule 4).
    NonLocal,
}

/// The groups whose shares are reported: the scenario's own `female`,
/// `young`, `ethnic_minority` when defined, else gender F, age ≤ 40,
/// ethnicity other than Kinh; plus `non_local`.
fn share_groups(sc: &Scenario) -> Vec<(&'static str, ShareGroup)> {
    let named = |name: &str| sc.groups.iter().position(|g| g.name == name && matches!(g.rule, GroupRule::Filter(_)));
    vec![
        ("female", named("female").map(ShareGroup::Named).unwrap_or(ShareGroup::Female)),
        ("young", named("young").map(ShareGroup::Named).unwrap_or(ShareGroup::Young)),
        ("ethnic_minority", named("ethnic_minority").map(ShareGroup::Named).unwrap_or(ShareGroup::Minority)),
        ("non_local", ShareGroup::NonLocal),
    ]
}

fn is_in(sc: &Scenario, g: ShareGroup, c: usize, p: usize) -> bool {
    match g {
        ShareGroup::Named(i) => crate::targets::is_member(sc, i, c, p),
        ShareGroup::Female => sc.cadres[c].gender == Gender::F,
        ShareGroup::Young => sc.age_for(c, p) <= 40,
        ShareGroup::Minority => sc.cadres[c].ethnicity != "Kinh",
        ShareGroup::NonLocal => crate::rules::non_local::local_reason(sc, c, p).is_none(),
    }
}

/// "group/level{suffix}" -> the share of the (cadre, post) pairs at each
/// level whose cadre is in the group (levels without pairs are left out).
fn shares_by_level(sc: &Scenario, pairs: &[(usize, usize)], suffix: &str) -> BTreeMap<String, f64> {
    let mut shares = BTreeMap::new();
    for level in [Level::Province, Level::Commune] {
        let at: Vec<&(usize, usize)> = pairs.iter().filter(|&&(_, p)| sc.unit_of(p).level == level).collect();
        if at.is_empty() {
            continue;
        }
        for (gname, g) in share_groups(sc) {
            let n = at.iter().filter(|&&&(c, p)| is_in(sc, g, c, p)).count();
            shares.insert(format!("{gname}/{}{suffix}", level.as_str()), n as f64 / at.len() as f64);
        }
    }
    shares
}

/// Figures of one plan.
pub fn metrics(sc: &Scenario, plan: &Plan, name: &str, bound: Option<f64>) -> PlanMetrics {
    let ev = plan.evaluate(sc);
    let violations = crate::check::check(sc, plan).len();
    let held: Vec<(usize, usize)> = plan.assignment.iter().enumerate().filter_map(|(p, a)| a.map(|c| (c, p))).collect();
    let named: Vec<(usize, usize)> =
        plan.successors.iter().enumerate().flat_map(|(p, s)| s.iter().map(move |&c| (c, p))).collect();
    let mut shares = shares_by_level(sc, &held, "");
    shares.extend(shares_by_level(sc, &named, " successors"));
    let rotated_down = plan
        .assignment
        .iter()
        .enumerate()
        .filter_map(|(p, a)| a.map(|c| (c, p)))
        .filter(|&(c, p)| sc.moves_down(c, p))
        .count();
    PlanMetrics {
        plan: name.to_string(),
        valid: violations == 0,
        violations,
        objective: ev.objective,
        bound,
        filled: ev.counts.filled,
        vacant: ev.counts.vacant,
        kept: ev.counts.kept,
        moved: ev.counts.moved,
        new: ev.counts.new,
        rotated_down,
        targets: ev.targets.iter().map(|t| (t.key.clone(), t.achieved)).collect(),
        units_missed: ev.targets.iter().filter_map(|t| Some((t.key.clone(), t.units_missed.clone()?))).collect(),
        shares,
        levels: ev.levels,
        succession: ev.succession,
        wishes: crate::preferences::of_plan(sc, &plan.assignment).map(|w| w.counts()),
    }
}

/// Compares plans of one scenario; `show_reasons` adds each plan's avoided
/// posts with their reasons and its blocking pairs (section 10.15).
pub fn compare(sc: &Scenario, plans: &[(String, Plan, Option<f64>)], show_reasons: bool) -> Comparison {
    let metrics: Vec<PlanMetrics> = plans.iter().map(|(n, p, b)| metrics(sc, p, n, *b)).collect();
    let mut differences = Vec::new();
    for p in sc.positions_in_file_order() {
        let holders: Vec<Option<usize>> = plans.iter().map(|(_, plan, _)| plan.assignment[p]).collect();
        if holders.windows(2).any(|w| w[0] != w[1]) {
            differences.push(Difference {
                position_id: sc.positions[p].id.clone(),
                post: sc.position_label(p),
                holders: holders
                    .iter()
                    .map(|h| {
                        h.map(|c| {
                            (sc.cadres[c].id.clone(), sc.cadres[c].name.clone(), crate::objective::score(sc, c, p))
                        })
                    })
                    .collect(),
            });
        }
    }
    let wishes = match show_reasons {
        true => plans.iter().filter_map(|(_, p, _)| crate::preferences::of_plan(sc, &p.assignment)).collect(),
        false => Vec::new(),
    };
    Comparison { plans: metrics, differences, wishes }
}

/// The avoided posts with their reasons and the blocking pairs of one plan.
fn wishes_text(plan: &str, w: &crate::preferences::Wishes) -> String {
    let mut s = format!("\n{plan}: {} avoided post(s), {} blocking pair(s)\n", w.avoided.len(), w.blocking.len());
    for a in &w.avoided {
        s += &format!("  avoided: {} holds {} ({})\n", a.cadre_id, a.position_id, a.reason);
    }
    for b in &w.blocking {
        let has = b.assigned.as_deref().unwrap_or("no post");
        let holder = b.holder_score.map_or("vacant".to_string(), |h| format!("holder's score {}", fmt_num(h)));
        s += &format!(
            "  blocking: {} ranks {} {} above {has}; score there {} against {holder}\n",
            b.cadre_id,
            b.position_id,
            b.rank,
            fmt_num(b.score)
        );
    }
    s
}

impl Comparison {
    /// Rows of the metrics table: (metric, one value per plan).
    pub fn rows(&self) -> Vec<(String, Vec<String>)> {
        let col = |f: &dyn Fn(&PlanMetrics) -> String| self.plans.iter().map(f).collect::<Vec<String>>();
        let mut rows = vec![
            ("valid".to_string(), col(&|m| if m.valid { "yes".into() } else { format!("no ({})", m.violations) })),
            ("objective".to_string(), col(&|m| fmt_num(m.objective))),
            ("bound".to_string(), col(&|m| m.bound.map(fmt_num).unwrap_or_default())),
            ("filled".to_string(), col(&|m| m.filled.to_string())),
            ("vacant".to_string(), col(&|m| m.vacant.to_string())),
            ("kept".to_string(), col(&|m| m.kept.to_string())),
            ("moved".to_string(), col(&|m| m.moved.to_string())),
            ("new".to_string(), col(&|m| m.new.to_string())),
            ("rotated down".to_string(), col(&|m| m.rotated_down.to_string())),
        ];
        if self.plans.iter().any(|m| m.succession.is_some()) {
            let pools = |f: fn(&crate::plan::SuccessionCounts) -> usize| {
                col(&|m| m.succession.as_ref().map(|s| f(s).to_string()).unwrap_or_default())
            };
            rows.push(("successors named".to_string(), pools(|s| s.named)));
            rows.push(("posts with full pools".to_string(), pools(|s| s.full)));
        }
        if self.plans.iter().any(|m| m.wishes.is_some()) {
            let wish = |f: fn(&crate::preferences::WishCounts) -> usize| {
                col(&|m| m.wishes.as_ref().map(|w| f(w).to_string()).unwrap_or_default())
            };
            rows.push(("cadres with wishes".to_string(), wish(|w| w.cadres)));
            rows.push(("got a preferred post".to_string(), wish(|w| w.preferred)));
            rows.push(("got an avoided post".to_string(), wish(|w| w.avoided)));
            rows.push(("blocking pairs".to_string(), wish(|w| w.blocking_pairs)));
        }
        let levels = self.plans.first().map(|m| m.levels.len()).unwrap_or_default();
        for i in 0..levels {
            let name = format!("level {} {}", i + 1, self.plans[0].levels[i].level);
            rows.push((name, col(&|m| m.levels.get(i).map(|l| fmt_num(l.value)).unwrap_or_default())));
        }
        let keys: Vec<String> = self.plans.first().map(|m| m.targets.keys().cloned().collect()).unwrap_or_default();
        for k in keys {
            rows.push((format!("target {k}"), col(&|m| m.targets.get(&k).map(|v| fmt_num(*v)).unwrap_or_default())));
            if self.plans.first().is_some_and(|m| m.units_missed.contains_key(&k)) {
                let missed = |m: &PlanMetrics| m.units_missed.get(&k).map(|u| u.len().to_string()).unwrap_or_default();
                rows.push((format!("units missing {k}"), col(&missed)));
            }
        }
        let share_keys: Vec<String> = {
            let mut v: Vec<String> = self.plans.iter().flat_map(|m| m.shares.keys().cloned()).collect();
            v.sort();
            v.dedup();
            v
        };
        for k in share_keys {
            rows.push((
                format!("share {k}"),
                col(&|m| m.shares.get(&k).map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_default()),
            ));
        }
        rows
    }

    /// Text report: the metrics table, then the differing posts.
    pub fn to_text(&self) -> String {
        let rows = self.rows();
        let names: Vec<String> = self.plans.iter().map(|m| m.plan.clone()).collect();
        let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(6).max(6);
        let widths: Vec<usize> = (0..names.len())
            .map(|i| rows.iter().map(|r| r.1[i].chars().count()).chain([names[i].chars().count()]).max().unwrap_or(4))
            .collect();
        let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
        let mut s = pad("", w0);
        for (n, w) in names.iter().zip(&widths) {
            s += &format!("  {}", pad(n, *w));
        }
        s += "\n";
        for (k, vals) in &rows {
            s += &pad(k, w0);
            for (v, w) in vals.iter().zip(&widths) {
                s += &format!("  {}", pad(v, *w));
            }
            s += "\n";
        }
        for (m, w) in self.plans.iter().zip(&self.wishes) {
            s += &wishes_text(&m.plan, w);
        }
        s += &format!("\n{} post(s) with different holders:\n", self.differences.len());
        for d in &self.differences {
            let hs: Vec<String> = d
                .holders
                .iter()
                .map(|h| match h {
                    Some((id, name, score)) => format!("{name} ({id}, score {})", fmt_num(*score)),
                    None => "vacant".to_string(),
                })
                .collect();
            s += &format!("  {}: {}\n", d.post, hs.join("  |  "));
        }
        s
    }

    /// CSV: `section,key,<plan>...` with metric rows then post rows.
    pub fn to_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["section".to_string(), "key".to_string()];
        header.extend(self.plans.iter().map(|m| m.plan.clone()));
        w.write_record(&header)?;
        for (k, vals) in self.rows() {
            let mut r = vec!["metric".to_string(), k];
            r.extend(vals);
            w.write_record(&r)?;
        }
        for d in &self.differences {
            let mut r = vec!["post".to_string(), d.position_id.clone()];
            r.extend(d.holders.iter().map(|h| match h {
                Some((id, _, score)) => format!("{id} ({})", fmt_num(*score)),
                None => String::new(),
            }));
            w.write_record(&r)?;
        }
        w.into_inner().map_err(|e| e.into_error().into())
    }
}
