//! Cadres' wishes under a plan (contract section 10.15): who got a
//! preferred post, who got an avoided one and why, and the blocking pairs as
//! matching markets count them. Reasons are personal data (Decree
//! 13/2023/ND-CP): [`Wishes`] keeps them for `explain` and the committee's
//! desk; [`WishCounts`] is what reports and exports show unless asked.

use serde::Serialize;

use crate::model::{CadreIdx, PosIdx, Scenario, Wish};
use crate::objective;
use crate::rules;

/// A cadre who holds a post they asked to avoid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Avoided {
    pub cadre_id: String,
    pub position_id: String,
    pub reason: String,
}

/// An eligible cadre and post where the cadre ranks the post above what the
/// plan gives them, and the committee scores the cadre there above the holder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockingPair {
    pub cadre_id: String,
    pub position_id: String,
    /// The cadre's rank for the post.
    pub rank: u32,
    /// The post the plan gives the cadre, and its rank (`None`: unranked or no post).
    pub assigned: Option<String>,
    pub assigned_rank: Option<u32>,
    /// The committee's score of the cadre there (score(c, p) without the wish
    /// term) against the holder's (`None`: vacant).
    pub score: f64,
    pub holder_score: Option<f64>,
}

/// The wishes under a plan, with the reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wishes {
    /// Cadres who state at least one wish.
    pub cadres: usize,
    /// Cadres holding a post they ranked.
    pub preferred: usize,
    pub avoided: Vec<Avoided>,
    pub blocking: Vec<BlockingPair>,
}

/// The counts that reports and exports show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct WishCounts {
    pub cadres: usize,
    pub preferred: usize,
    pub avoided: usize,
    pub blocking_pairs: usize,
}

impl Wishes {
    pub fn counts(&self) -> WishCounts {
        WishCounts {
            cadres: self.cadres,
            preferred: self.preferred,
            avoided: self.avoided.len(),
            blocking_pairs: self.blocking.len(),
        }
    }
}

/// The wishes under `assignment`, or `None` when nobody states one.
pub fn of_plan(sc: &Scenario, assignment: &[Option<CadreIdx>]) -> Option<Wishes> {
    if !sc.has_preferences() {
        return None;
    }
    let held = held_by_cadre(sc, assignment);
    let with = (0..sc.cadres.len()).filter(|&c| !sc.cadres[c].preferences.is_empty());
    let preferred = with.clone().filter(|&c| held[c].iter().any(|&p| sc.preferred_rank(c, p).is_some())).count();
    let mut avoided = Vec::new();
    for (p, c) in assignment.iter().enumerate().filter_map(|(p, a)| a.map(|c| (p, c))) {
        if let Some(w) = sc.avoided(c, p) {
            let (cadre_id, position_id) = (sc.cadres[c].id.clone(), sc.positions[p].id.clone());
            avoided.push(Avoided { cadre_id, position_id, reason: w.reason.clone() });
        }
    }
    avoided.sort_by(|a, b| (&a.cadre_id, &a.position_id).cmp(&(&b.cadre_id, &b.position_id)));
    let blocking = with.clone().flat_map(|c| blocking_of(sc, assignment, &held[c], c)).collect();
    Some(Wishes { cadres: with.count(), preferred, avoided, blocking })
}

fn held_by_cadre(sc: &Scenario, assignment: &[Option<CadreIdx>]) -> Vec<Vec<PosIdx>> {
    let mut held = vec![Vec::new(); sc.cadres.len()];
    for (p, c) in assignment.iter().enumerate().filter_map(|(p, a)| a.map(|c| (p, c))) {
        held[c].push(p);
    }
    held
}

/// The blocking pairs of cadre c: each eligible post c ranks above the best
/// rank c holds, where the committee scores c above the holder (or the post
/// is vacant and not kept for a rotated cadre). The committee's score leaves
/// out the cadre's own wish term, so blocking pairs do not move with the weights.
fn blocking_of(sc: &Scenario, assignment: &[Option<CadreIdx>], held: &[PosIdx], c: CadreIdx) -> Vec<BlockingPair> {
    let best = held.iter().filter_map(|&q| sc.preferred_rank(c, q).map(|r| (r, q))).min();
    let assigned = best.map(|b| b.1).or(held.first().copied());
    let mut out = Vec::new();
    for p in (0..sc.positions.len()).filter(|p| !held.contains(p)) {
        let Some(rank) = sc.preferred_rank(c, p) else { continue };
        if best.is_some_and(|(r, _)| r <= rank) || !rules::is_eligible(sc, c, p) {
            continue;
        }
        let score = objective::committee_score(sc, c, p);
        let holder_score = assignment[p].map(|h| objective::committee_score(sc, h, p));
        let kept = assignment[p].is_none() && rules::rotation::reserved_for(sc, assignment, p).is_some();
        if !kept && holder_score.is_none_or(|h| score > h) {
            out.push(BlockingPair {
                cadre_id: sc.cadres[c].id.clone(),
                position_id: sc.positions[p].id.clone(),
                rank,
                assigned: assigned.map(|q| sc.positions[q].id.clone()),
                assigned_rank: best.map(|b| b.0),
                score,
                holder_score,
            });
        }
    }
    out
}

/// "rank 1" or "avoid (reason)" for a wish row, for the committee's eyes.
pub fn describe(w: &crate::model::Preference) -> String {
    match w.wish {
        Wish::Rank(r) => format!("rank {r}"),
        Wish::Avoid if w.reason.is_empty() => "avoid".into(),
        Wish::Avoid => format!("avoid ({})", w.reason),
    }
}
