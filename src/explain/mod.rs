//! Explanations as data: why a post went to its holder, where a cadre went and
//! why, what the choice costs, and why no plan exists. Renderers turn the data
//! into text; JSON is the data itself.

pub mod infeasible;
pub mod succession;

use serde::Serialize;

use crate::eligibility::{Eligibility, Variant};
use crate::model::{CadreIdx, PosIdx, Scenario};
use crate::objective::{self, ScoreBreakdown};
use crate::plan::{fmt_num, Change, Plan};
use crate::rules::Exclusion;
use crate::solve::{self, SolveError, SolveOptions};

/// A cadre with the score terms of one pair.
#[derive(Debug, Clone, Serialize)]
pub struct Holder {
    pub cadre_id: String,
    pub name: String,
    pub change: Change,
    pub terms: ScoreBreakdown,
    pub score: f64,
    /// Set when a pin put the cadre there.
    pub pinned_by: Option<String>,
}

/// What the best plan looks like when a post goes to a given cadre.
#[derive(Debug, Clone, Serialize)]
pub struct Price {
    pub cadre_id: String,
    /// Objective of the best plan with this cadre in the post (`None`: no such plan).
    pub objective: Option<f64>,
    /// How much lower than the explained plan's objective.
    pub loss: Option<f64>,
    /// Why no such plan exists, when it does not.
    pub note: Option<String>,
}

/// Another candidate of a post.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Alternative {
    /// A rule excludes the pair.
    Excluded { cadre_id: String, name: String, exclusions: Vec<Exclusion> },
    /// Eligible: the score here and where the plan put the cadre instead.
    Eligible {
        cadre_id: String,
        name: String,
        terms: ScoreBreakdown,
        score: f64,
        placed_at: Option<String>,
        placed_score: Option<f64>,
        price: Option<Price>,
    },
}

/// Why a post has its holder (or none).
#[derive(Debug, Clone, Serialize)]
pub struct PositionExplanation {
    pub position_id: String,
    pub post: String,
    pub plan_objective: f64,
    pub holder: Option<Holder>,
    pub vacancy_penalty: f64,
    pub alternatives: Vec<Alternative>,
    /// The alternative whose best plan scores highest.
    pub runner_up: Option<Price>,
    /// Version 2: when the holder will leave the post (the vacancy forecast).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<crate::forecast::Forecast>,
    /// Version 2: the fair-rotation rules that bear on the post (section 10.11).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<RuleNote>,
    /// Version 2: the post is kept for its incumbent's return from a rotation (section 10.13).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved: Option<String>,
    /// Version 2: the post's succession pool, when its title names successors (section 10.14).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub succession: Option<succession::PoolExplanation>,
}

/// A rule that bears on a post or a cadre without excluding a pair: its code and the fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleNote {
    pub rule: &'static str,
    pub fact: String,
}

/// The notes on post `p`: the extra vacancy penalty of a disadvantaged unit,
/// and the share of each unit that sends a cadre rotated down to the post or
/// could (`candidates`).
fn post_notes(sc: &Scenario, plan: &Plan, p: PosIdx, candidates: &[CadreIdx]) -> Vec<RuleNote> {
    let mut out: Vec<RuleNote> = objective::disadvantaged_note(sc, p)
        .map(|fact| RuleNote { rule: "disadvantaged_vacancy", fact })
        .into_iter()
        .collect();
    let senders: std::collections::BTreeSet<usize> =
        candidates.iter().filter_map(|&c| crate::rules::rotation_spread::sender(sc, c, p)).collect();
    out.extend(spread_notes(sc, plan, &senders));
    let avoided = plan.assignment[p].and_then(|c| sc.avoided(c, p).map(|w| (c, w)));
    out.extend(avoided.map(|(c, w)| RuleNote {
        rule: "preference",
        fact: format!("{} asked to avoid this post ({})", sc.cadre_label(c), w.reason),
    }));
    out
}

/// The sending units' shares of the cadres rotated down, for `senders`.
fn spread_notes(sc: &Scenario, plan: &Plan, senders: &std::collections::BTreeSet<usize>) -> Vec<RuleNote> {
    let shares = crate::rules::rotation_spread::shares(sc, &plan.assignment);
    let cap = sc.rules.max_rotation_share_per_department.unwrap_or(1.0);
    let total = shares.first().map_or(0, |s| s.total);
    let share_of = |u: usize| {
        shares.iter().find(|s| s.unit == u).cloned().unwrap_or(crate::rules::rotation_spread::SenderShare {
            unit: u,
            sent: 0,
            total,
            cap,
        })
    };
    let rule = crate::rules::rotation_spread::CODE;
    senders.iter().map(|&u| RuleNote { rule, fact: share_of(u).describe(sc) }).collect()
}

/// One post a cadre was considered for.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CadreOption {
    Excluded {
        position_id: String,
        post: String,
        exclusions: Vec<Exclusion>,
    },
    Eligible {
        position_id: String,
        post: String,
        score: f64,
        holder_id: Option<String>,
        holder_name: Option<String>,
        holder_score: Option<f64>,
        /// Holder's score minus this cadre's score on the post.
        difference: Option<f64>,
        /// The best plan with this cadre in the post.
        price: Option<Price>,
    },
}

/// Where a cadre goes and why.
#[derive(Debug, Clone, Serialize)]
pub struct CadreExplanation {
    pub cadre_id: String,
    pub name: String,
    pub assigned_to: Option<String>,
    pub post: Option<String>,
    pub holder: Option<Holder>,
    /// Version 2: the other posts of the cadre's bundle of concurrent posts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub concurrent: Vec<ConcurrentPost>,
    pub options: Vec<CadreOption>,
    /// Version 2: the share of the cadre's sending unit when the cadre is or
    /// could be rotated down (section 10.11).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<RuleNote>,
}

/// A post held concurrently with the cadre's base post.
#[derive(Debug, Clone, Serialize)]
pub struct ConcurrentPost {
    pub position_id: String,
    pub post: String,
    pub holder: Holder,
}

fn holder(sc: &Scenario, el: &Eligibility, plan: &Plan, p: PosIdx, c: CadreIdx) -> Holder {
    let terms = objective::breakdown(sc, c, p);
    Holder {
        cadre_id: sc.cadres[c].id.clone(),
        name: sc.cadres[c].name.clone(),
        change: plan.change(sc, p),
        score: terms.total(),
        terms,
        pinned_by: el.pins.iter().find(|q| q.position == p && q.cadre == c).map(|q| q.source.describe(sc)),
    }
}

/// Cadres considered for a post other than `except`: eligible ones and those a rule excludes.
fn considered(el: &Eligibility, p: PosIdx) -> Vec<(CadreIdx, Option<&Vec<Exclusion>>)> {
    let mut v: Vec<(CadreIdx, Option<&Vec<Exclusion>>)> = el.candidates_of(p).map(|c| (c, None)).collect();
    let start = el.excluded.range((p, 0)..(p + 1, 0));
    v.extend(start.map(|(&(_, c), why)| (c, Some(why))));
    v.sort_by_key(|x| x.0);
    v
}

/// The best objective when `c` holds `p` (a re-solve with the pair pinned).
pub fn price(
    sc: &Scenario,
    el: &Eligibility,
    opts: &SolveOptions,
    p: PosIdx,
    c: CadreIdx,
    base: f64,
) -> Result<Price, SolveError> {
    let cadre_id = sc.cadres[c].id.clone();
    let variant = Variant { pin: vec![(p, c)], forbid: vec![] };
    let el2 = match el.with_variant(sc, &variant) {
        Ok(e) => e,
        Err(note) => return Ok(Price { cadre_id, objective: None, loss: None, note: Some(note) }),
    };
    match solve::solve(sc, &el2, opts) {
        Ok(s) => {
            let obj = s.plan.evaluate(sc).objective;
            Ok(Price { cadre_id, objective: Some(obj), loss: Some(base - obj + 0.0), note: None })
        }
        Err(SolveError::Infeasible(_)) => Ok(Price {
            cadre_id,
            objective: None,
            loss: None,
            note: Some("no plan meets every hard target and pin with this cadre in the post".into()),
        }),
        Err(e) => Err(e),
    }
}

/// Explains a post of a plan; `opts` set = compute the price of every alternative.
pub fn explain_position(
    sc: &Scenario,
    el: &Eligibility,
    plan: &Plan,
    p: PosIdx,
    opts: Option<&SolveOptions>,
) -> Result<PositionExplanation, SolveError> {
    let base = plan.evaluate(sc).objective;
    let current = plan.assignment[p];
    let mut where_is = vec![None; sc.cadres.len()];
    for (q, a) in plan.assignment.iter().enumerate() {
        if let Some(c) = *a {
            where_is[c] = Some(q);
        }
    }
    let mut alternatives = Vec::new();
    let mut prices = Vec::new();
    for (c, why) in considered(el, p) {
        if Some(c) == current {
            continue;
        }
        let cad = &sc.cadres[c];
        match why {
            Some(ex) => alternatives.push(Alternative::Excluded {
                cadre_id: cad.id.clone(),
                name: cad.name.clone(),
                exclusions: ex.clone(),
            }),
            None => {
                let terms = objective::breakdown(sc, c, p);
                let price = match opts {
                    Some(o) => {
                        let pr = price(sc, el, o, p, c, base)?;
                        prices.push((pr.objective, terms.total(), pr.clone()));
                        Some(pr)
                    }
                    None => None,
                };
                alternatives.push(Alternative::Eligible {
                    cadre_id: cad.id.clone(),
                    name: cad.name.clone(),
                    score: terms.total(),
                    terms,
                    placed_at: where_is[c].map(|q| sc.positions[q].id.clone()),
                    placed_score: where_is[c].map(|q| objective::score(sc, c, q)),
                    price,
                });
            }
        }
    }
    // Runner-up: the alternative whose best plan scores highest, then by score, then by id.
    prices.sort_by(|a, b| {
        let oa = a.0.unwrap_or(f64::NEG_INFINITY);
        let ob = b.0.unwrap_or(f64::NEG_INFINITY);
        ob.total_cmp(&oa).then(b.1.total_cmp(&a.1)).then(a.2.cadre_id.cmp(&b.2.cadre_id))
    });
    Ok(PositionExplanation {
        position_id: sc.positions[p].id.clone(),
        post: sc.position_label(p),
        plan_objective: base,
        holder: current.map(|c| holder(sc, el, plan, p, c)),
        vacancy_penalty: objective::vacancy_penalty(sc, p),
        alternatives,
        runner_up: prices.into_iter().next().map(|x| x.2),
        forecast: (sc.contract >= 2 && plan.assignment[p].is_some()).then(|| crate::forecast::of_post(sc, plan, p)),
        notes: post_notes(sc, plan, p, &el.candidates_of(p).collect::<Vec<_>>()),
        reserved: crate::rules::rotation::reserved_for(sc, &plan.assignment, p)
            .map(|(c, q)| crate::rules::rotation::describe_reserved(sc, c, q)),
        succession: succession::of_post(sc, plan, p),
    })
}

/// Explains where a cadre goes in a plan; `opts` set = price every eligible post.
pub fn explain_cadre(
    sc: &Scenario,
    el: &Eligibility,
    plan: &Plan,
    c: CadreIdx,
    opts: Option<&SolveOptions>,
) -> Result<CadreExplanation, SolveError> {
    let base = plan.evaluate(sc).objective;
    let held = plan.posts_by_cadre(sc).swap_remove(c);
    let at = sc.bundle_base(&held).or(held.first().copied());
    let mut options = Vec::new();
    let mut posts: Vec<(PosIdx, Option<&Vec<Exclusion>>)> =
        el.pairs.iter().filter(|x| x.1 == c).map(|x| (x.0, None)).collect();
    posts.extend(el.excluded.iter().filter(|(k, _)| k.1 == c).map(|(k, why)| (k.0, Some(why))));
    posts.sort_by_key(|x| x.0);
    for (p, why) in posts {
        if held.contains(&p) {
            continue;
        }
        let pos_id = sc.positions[p].id.clone();
        match why {
            Some(ex) => options.push(CadreOption::Excluded {
                position_id: pos_id,
                post: sc.position_label(p),
                exclusions: ex.clone(),
            }),
            None => {
                let score = objective::score(sc, c, p);
                let h = plan.assignment[p];
                let hs = h.map(|h| objective::score(sc, h, p));
                options.push(CadreOption::Eligible {
                    position_id: pos_id,
                    post: sc.position_label(p),
                    score,
                    holder_id: h.map(|h| sc.cadres[h].id.clone()),
                    holder_name: h.map(|h| sc.cadres[h].name.clone()),
                    holder_score: hs,
                    difference: hs.map(|x| x - score + 0.0),
                    price: match opts {
                        Some(o) => Some(price(sc, el, o, p, c, base)?),
                        None => None,
                    },
                });
            }
        }
    }
    Ok(CadreExplanation {
        cadre_id: sc.cadres[c].id.clone(),
        name: sc.cadres[c].name.clone(),
        assigned_to: at.map(|p| sc.positions[p].id.clone()),
        post: at.map(|p| sc.position_label(p)),
        holder: at.map(|p| holder(sc, el, plan, p, c)),
        concurrent: held
            .iter()
            .filter(|&&p| Some(p) != at)
            .map(|&p| ConcurrentPost {
                position_id: sc.positions[p].id.clone(),
                post: sc.position_label(p),
                holder: holder(sc, el, plan, p, c),
            })
            .collect(),
        notes: cadre_notes(sc, el, plan, c),
        options,
    })
}

/// The share of the cadre's sending unit, when some eligible post would rotate the cadre down.
fn cadre_notes(sc: &Scenario, el: &Eligibility, plan: &Plan, c: CadreIdx) -> Vec<RuleNote> {
    let senders: std::collections::BTreeSet<usize> = el
        .pairs
        .iter()
        .filter(|x| x.1 == c)
        .filter_map(|&(p, c)| crate::rules::rotation_spread::sender(sc, c, p))
        .collect();
    let mut out = spread_notes(sc, plan, &senders);
    out.extend(rotation_note(sc, plan, c));
    out.extend(succession::cadre_notes(sc, plan, c));
    out.extend(wish_notes(sc, plan, c));
    out
}

/// The cadre's wishes (section 10.15), reasons included (the committee's
/// view), and what the plan gives: a ranked post, an avoided post, or neither.
fn wish_notes(sc: &Scenario, plan: &Plan, c: CadreIdx) -> Vec<RuleNote> {
    let about = |w: &crate::model::Preference| {
        let unit = w.unit.map(|u| sc.units[u].name.clone());
        let title = w.title.map(|t| sc.titles[t].display());
        [title, unit].into_iter().flatten().collect::<Vec<_>>().join(" in ")
    };
    let mut out: Vec<RuleNote> = sc.cadres[c]
        .preferences
        .iter()
        .map(|w| RuleNote { rule: "preference", fact: format!("{}: {}", about(w), crate::preferences::describe(w)) })
        .collect();
    for p in plan.posts_by_cadre(sc).swap_remove(c) {
        let got = match (sc.preferred_rank(c, p), sc.avoided(c, p)) {
            (_, Some(w)) => format!("the plan gives {}, which they asked to avoid ({})", sc.positions[p].id, w.reason),
            (Some(r), None) => format!("the plan gives {}, which they ranked {r}", sc.positions[p].id),
            (None, None) if !out.is_empty() => format!("the plan gives {}, which no wish names", sc.positions[p].id),
            (None, None) => continue,
        };
        out.push(RuleNote { rule: "preference", fact: got });
    }
    out
}

/// Where a rotated cadre goes, for how long, and what becomes of the posts held now.
fn rotation_note(sc: &Scenario, plan: &Plan, c: CadreIdx) -> Option<RuleNote> {
    use crate::rules::rotation;
    let q = rotation::rotated_to(sc, &plan.assignment, c)?;
    let back = rotation::earliest_return(sc, q).map(|m| format!(" from {m}")).unwrap_or_default();
    let kept: Vec<String> = rotation::origins(sc, c, q).iter().map(|&o| sc.positions[o].id.clone()).collect();
    let origin = match kept.is_empty() {
        true => "no post is kept for the return (rotation_origin = \"released\", or none held)".to_string(),
        false => format!("{} kept for the return", kept.join(", ")),
    };
    let fact = format!("on rotation to {}, may return{back}; {origin}", sc.position_label(q));
    Some(RuleNote { rule: "rotation", fact })
}

fn terms_text(t: &ScoreBreakdown) -> String {
    let wish = if t.preference == 0.0 { String::new() } else { format!(" + preference {}", fmt_num(t.preference)) };
    format!(
        "{} = rating {} + planning {} + continuity {} + rotation-down {}{wish}",
        fmt_num(t.total()),
        fmt_num(t.rating),
        fmt_num(t.planning),
        fmt_num(t.continuity),
        fmt_num(t.rotation_down)
    )
}

fn price_text(pr: &Price) -> String {
    match (pr.objective, pr.loss) {
        (Some(o), Some(l)) => format!(
            "the best plan with {} in this post scores {}: {} {} this plan",
            pr.cadre_id,
            fmt_num(o),
            fmt_num(l.abs()),
            if l >= 0.0 { "less than" } else { "more than" }
        ),
        _ => format!("no plan with {} here: {}", pr.cadre_id, pr.note.clone().unwrap_or_default()),
    }
}

/// One indented line per rule that excludes a pair: "rule (section): fact".
fn exclusions_text(exclusions: &[Exclusion]) -> String {
    exclusions.iter().map(|e| format!("      {} ({}): {}\n", e.rule, e.section, e.fact)).collect()
}

impl PositionExplanation {
    /// Plain-language report.
    pub fn to_text(&self) -> String {
        let mut s = format!("Post {}\n", self.post);
        match &self.holder {
            Some(h) => {
                s += &format!("  Holder: {} ({}), {}\n", h.name, h.cadre_id, h.change.as_str());
                s += &format!("    score {}\n", terms_text(&h.terms));
                if let Some(pin) = &h.pinned_by {
                    s += &format!("    placed by {pin}\n");
                }
            }
            None => match &self.reserved {
                Some(r) => s += &format!("  {r} (no vacancy penalty)\n"),
                None => s += &format!("  Vacant (vacancy penalty {})\n", fmt_num(self.vacancy_penalty)),
            },
        }
        if let Some(f) = &self.forecast {
            s += &format!("  Forecast: {}\n", f.detail);
        }
        for n in &self.notes {
            s += &format!("  {}: {}\n", n.rule, n.fact);
        }
        if let Some(pool) = &self.succession {
            s += &pool.to_text();
        }
        if self.alternatives.is_empty() {
            s += "  No other cadre was considered for this post.\n";
        } else {
            s += "  Other candidates:\n";
        }
        for a in &self.alternatives {
            match a {
                Alternative::Excluded { cadre_id, name, exclusions } => {
                    s += &format!("  - {name} ({cadre_id}): not eligible\n");
                    s += &exclusions_text(exclusions);
                }
                Alternative::Eligible { cadre_id, name, terms, placed_at, placed_score, price, .. } => {
                    s += &format!("  - {name} ({cadre_id}): eligible, score here {}\n", terms_text(terms));
                    match (placed_at, placed_score) {
                        (Some(q), Some(sc)) => {
                            s += &format!("      the plan puts them at {q} (score {})\n", fmt_num(*sc))
                        }
                        _ => s += "      the plan does not appoint them\n",
                    }
                    if let Some(pr) = price {
                        s += &format!("      {}\n", price_text(pr));
                    }
                }
            }
        }
        s += &format!("  Plan objective: {}\n", fmt_num(self.plan_objective));
        match &self.runner_up {
            Some(pr) => s += &format!("  Price of the choice: runner-up {}; {}\n", pr.cadre_id, price_text(pr)),
            None if self.alternatives.iter().any(|a| matches!(a, Alternative::Eligible { .. })) => {
                s += "  (prices not computed)\n"
            }
            None => s += "  No eligible alternative: the choice costs nothing.\n",
        }
        s
    }
}

impl CadreExplanation {
    /// Plain-language report.
    pub fn to_text(&self) -> String {
        let mut s = format!("Cadre {} ({})\n", self.name, self.cadre_id);
        match (&self.post, &self.holder) {
            (Some(post), Some(h)) => {
                s += &format!("  Appointed to {post} ({}), score {}\n", h.change.as_str(), terms_text(&h.terms));
                if let Some(pin) = &h.pinned_by {
                    s += &format!("    placed by {pin}\n");
                }
            }
            _ => s += "  Not appointed.\n",
        }
        for q in &self.concurrent {
            s += &format!(
                "  Also holds, concurrently, {} ({}), score {}\n",
                q.post,
                q.holder.change.as_str(),
                terms_text(&q.holder.terms)
            );
        }
        for n in &self.notes {
            s += &format!("  {}: {}\n", n.rule, n.fact);
        }
        if self.options.is_empty() {
            s += "  Not considered for any other post (no planning row).\n";
        } else {
            s += "  Other posts considered:\n";
        }
        for o in &self.options {
            match o {
                CadreOption::Excluded { post, exclusions, .. } => {
                    s += &format!("  - {post}: not eligible\n");
                    s += &exclusions_text(exclusions);
                }
                CadreOption::Eligible {
                    post, score, holder_id, holder_name, holder_score, difference, price, ..
                } => {
                    match (holder_id, holder_name, holder_score, difference) {
                        (Some(id), Some(n), Some(hs), Some(d)) => {
                            let cmp = if *d > 0.0 {
                                format!("{} more than", fmt_num(*d))
                            } else if *d < 0.0 {
                                format!("{} less than", fmt_num(-d))
                            } else {
                                "the same as".to_string()
                            };
                            s += &format!(
                                "  - {post}: eligible (score {}); held by {n} ({id}), score {} ({cmp} this cadre)\n",
                                fmt_num(*score),
                                fmt_num(*hs),
                            )
                        }
                        _ => {
                            s += &format!("  - {post}: eligible (score {}), left vacant by the plan\n", fmt_num(*score))
                        }
                    }
                    if let Some(pr) = price {
                        s += &format!("      {}\n", price_text(pr));
                    }
                }
            }
        }
        s
    }
}

/// explanations.csv: one row per post (positions.csv order) with the holder's
/// score terms and the runner-up. Without `prices` the runner-up is the
/// best-scoring other eligible cadre; with `prices` every alternative is
/// priced by a re-solve with it pinned to the post, the runner-up is the one
/// whose best plan scores highest, and its objective and loss are given.
pub fn explanations_csv(
    sc: &Scenario,
    el: &Eligibility,
    plan: &Plan,
    prices: Option<&SolveOptions>,
) -> Result<Vec<u8>, ExplainError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // The wish term gets a column only when some cadre states a wish (section 10.15).
    let wishes = sc.has_preferences();
    let mut header = vec![
        "position_id",
        "cadre_id",
        "change",
        "rating",
        "planning",
        "continuity",
        "rotation_down",
        "score",
        "pinned_by",
        "runner_up_id",
        "runner_up_score",
        "score_difference",
        "runner_up_objective",
        "runner_up_loss",
    ];
    if wishes {
        header.insert(7, "preference");
    }
    w.write_record(header)?;
    for p in sc.positions_in_file_order() {
        let cur = plan.assignment[p];
        let t = cur.map(|c| objective::breakdown(sc, c, p));
        let pinned =
            cur.and_then(|c| el.pins.iter().find(|q| q.position == p && q.cadre == c)).map(|q| q.source.describe(sc));
        // Without prices the runner-up is the best-scoring other eligible cadre; with
        // prices it is the one whose best plan scores highest (as in `explain --position`).
        let (runner, priced) = match prices {
            None => (
                el.candidates_of(p)
                    .filter(|&c| Some(c) != cur)
                    .map(|c| (objective::score(sc, c, p), c))
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1))),
                None,
            ),
            Some(o) => {
                let x = explain_position(sc, el, plan, p, Some(o))?;
                let r = x.runner_up.map(|pr| {
                    let c = sc.cadre_index[&pr.cadre_id];
                    ((objective::score(sc, c, p), c), pr)
                });
                (r.as_ref().map(|r| r.0), r.map(|r| r.1))
            }
        };
        let num = |x: Option<f64>| x.map(fmt_num).unwrap_or_default();
        let mut row = vec![
            sc.positions[p].id.clone(),
            cur.map(|c| sc.cadres[c].id.clone()).unwrap_or_default(),
            plan.change(sc, p).as_str().to_string(),
            num(t.map(|t| t.rating)),
            num(t.map(|t| t.planning)),
            num(t.map(|t| t.continuity)),
            num(t.map(|t| t.rotation_down)),
            num(t.map(|t| t.total())),
            pinned.unwrap_or_default(),
            runner.map(|r| sc.cadres[r.1].id.clone()).unwrap_or_default(),
            num(runner.map(|r| r.0)),
            num(runner.and_then(|r| t.map(|t| t.total() - r.0))),
            num(priced.as_ref().and_then(|p| p.objective)),
            num(priced.as_ref().and_then(|p| p.loss)),
        ];
        if wishes {
            row.insert(7, num(t.map(|t| t.preference)));
        }
        w.write_record(row)?;
    }
    w.into_inner().map_err(|e| ExplainError::Csv(e.into_error().into()))
}

/// Writing explanations failed.
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    /// A re-solve for a price failed.
    #[error(transparent)]
    Solve(#[from] SolveError),
    /// Rendering explanations.csv failed.
    #[error("explanations.csv: {0}")]
    Csv(#[from] csv::Error),
}
