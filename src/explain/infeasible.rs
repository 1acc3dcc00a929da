//! Why no plan exists, searched in this order: (a) posts that must be filled
//! with no eligible candidate, (b) sets of posts with fewer eligible candidates
//! than they need (Hall's condition, by maximum bipartite matching), (c) the
//! smallest total relaxation of hard targets and pins (an elastic re-solve).

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::UnGraph;
use serde::Serialize;

use crate::eligibility::Eligibility;
use crate::model::{Bound, CadreIdx, PosIdx, Scenario};
use crate::plan::fmt_num;
use crate::solve::Relaxation;
use crate::targets;

/// A post that a hard target needs filled by a group member, with nobody eligible.
#[derive(Debug, Clone, Serialize)]
pub struct PostShortage {
    pub position_id: String,
    pub post: String,
    /// Eligible cadres who are not members of the target's group.
    pub eligible_non_members: usize,
    /// Considered candidates removed, by rule.
    pub removed_by_rule: BTreeMap<String, usize>,
}

/// (a) A hard count target whose scope has too few posts with an eligible member.
#[derive(Debug, Clone, Serialize)]
pub struct Unfillable {
    pub target: String,
    pub unit: Option<String>,
    pub required: f64,
    /// Posts in scope that do have an eligible member.
    pub fillable_posts: usize,
    pub posts_without_members: Vec<PostShortage>,
}

/// (b) A set of posts whose eligible members are fewer than the target needs.
#[derive(Debug, Clone, Serialize)]
pub struct HallViolation {
    pub target: String,
    pub unit: Option<String>,
    pub required: f64,
    /// Most members that can hold posts in the scope at once (maximum matching).
    pub max_members: usize,
    pub posts: Vec<String>,
    pub candidates: Vec<String>,
}

/// The whole diagnosis.
#[derive(Debug, Clone, Serialize)]
pub struct InfeasibilityReport {
    pub unfillable: Vec<Unfillable>,
    pub hall: Vec<HallViolation>,
    pub relaxations: Vec<Relaxation>,
}

/// Member candidates of each scope post, honouring pins.
fn member_candidates(sc: &Scenario, el: &Eligibility, t: usize, posts: &[PosIdx]) -> Vec<Vec<CadreIdx>> {
    let target = &sc.targets[t];
    let pinned_post: BTreeMap<PosIdx, CadreIdx> = el.pins.iter().map(|q| (q.position, q.cadre)).collect();
    let pinned_cadre: BTreeMap<CadreIdx, PosIdx> = el.pins.iter().map(|q| (q.cadre, q.position)).collect();
    posts
        .iter()
        .map(|&p| {
            el.candidates_of(p)
                .filter(|&c| pinned_post.get(&p).is_none_or(|&q| q == c))
                .filter(|&c| pinned_cadre.get(&c).is_none_or(|&q| q == p))
                .filter(|&c| targets::is_member(sc, target.group, c, p))
                .collect()
        })
        .collect()
}

/// Runs searches (a) and (b) over the hard count targets and adds the
/// relaxations found by the elastic re-solve (c).
pub fn analyse(sc: &Scenario, el: &Eligibility, relaxations: Vec<Relaxation>) -> InfeasibilityReport {
    let mut unfillable = Vec::new();
    let mut hall = Vec::new();
    for (ti, t) in sc.targets.iter().enumerate() {
        let need = match t.bound {
            Bound::MinCount(n) if t.hard && n > 0.0 => n.ceil() as usize,
            _ => continue,
        };
        for scope in targets::scopes(sc, t) {
            let unit = scope.unit.map(|u| sc.units[u].id.clone());
            let cands = member_candidates(sc, el, ti, &scope.positions);
            let fillable = cands.iter().filter(|c| !c.is_empty()).count();
            if fillable < need {
                let posts_without_members = scope
                    .positions
                    .iter()
                    .zip(&cands)
                    .filter(|(_, c)| c.is_empty())
                    .map(|(&p, _)| {
                        let mut removed = BTreeMap::new();
                        for (_, why) in el.excluded.range((p, 0)..(p + 1, 0)) {
                            for e in why {
                                *removed.entry(e.rule.to_string()).or_insert(0) += 1;
                            }
                        }
                        PostShortage {
                            position_id: sc.positions[p].id.clone(),
                            post: sc.position_label(p),
                            eligible_non_members: el
                                .candidates_of(p)
                                .filter(|&c| !targets::is_member(sc, t.group, c, p))
                                .count(),
                            removed_by_rule: removed,
                        }
                    })
                    .collect();
                unfillable.push(Unfillable {
                    target: t.name.clone(),
                    unit,
                    required: t.bound.value(),
                    fillable_posts: fillable,
                    posts_without_members,
                });
                continue;
            }
            // (b) Maximum matching between scope posts and member candidates.
            let mut g: UnGraph<(), ()> = UnGraph::new_undirected();
            let post_nodes: Vec<_> = scope.positions.iter().map(|_| g.add_node(())).collect();
            let mut cadre_nodes: BTreeMap<CadreIdx, petgraph::graph::NodeIndex> = BTreeMap::new();
            for (i, cs) in cands.iter().enumerate() {
                for &c in cs {
                    let n = *cadre_nodes.entry(c).or_insert_with(|| g.add_node(()));
                    g.add_edge(post_nodes[i], n, ());
                }
            }
            let matching = petgraph::algo::maximum_matching(&g);
            let size = matching.len();
            if size >= need {
                continue;
            }
            // König: posts reachable by alternating paths from unmatched posts
            // form the deficient set; their neighbours are all matched.
            let mut seen_posts = BTreeSet::new();
            let mut seen_cadres = BTreeSet::new();
            let mut stack: Vec<usize> = (0..post_nodes.len())
                .filter(|&i| !cands[i].is_empty() && matching.mate(post_nodes[i]).is_none())
                .collect();
            while let Some(i) = stack.pop() {
                if !seen_posts.insert(i) {
                    continue;
                }
                for &c in &cands[i] {
                    if seen_cadres.insert(c) {
                        if let Some(m) = matching.mate(cadre_nodes[&c]) {
                            if let Some(j) = post_nodes.iter().position(|&n| n == m) {
                                stack.push(j);
                            }
                        }
                    }
                }
            }
            hall.push(HallViolation {
                target: t.name.clone(),
                unit,
                required: t.bound.value(),
                max_members: size,
                posts: seen_posts.iter().map(|&i| sc.positions[scope.positions[i]].id.clone()).collect(),
                candidates: seen_cadres.iter().map(|&c| sc.cadres[c].id.clone()).collect(),
            });
        }
    }
    InfeasibilityReport { unfillable, hall, relaxations }
}

impl InfeasibilityReport {
    /// Plain-language report.
    pub fn to_text(&self) -> String {
        let mut s = String::from("No plan satisfies every rule, pin and hard target.\n");
        if !self.unfillable.is_empty() {
            s += "(a) Posts that must be filled but have no eligible candidate:\n";
            for u in &self.unfillable {
                let unit = u.unit.as_ref().map(|u| format!(" in unit {u}")).unwrap_or_default();
                s += &format!(
                    "  - hard target `{}`{unit} needs {} members, but only {} post(s) in its scope have an eligible member:\n",
                    u.target,
                    fmt_num(u.required),
                    u.fillable_posts
                );
                for p in &u.posts_without_members {
                    let removed: Vec<String> = p.removed_by_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
                    s += &format!(
                        "      {}: no eligible member; {} eligible non-member(s); candidates removed by rule: {}\n",
                        p.post,
                        p.eligible_non_members,
                        if removed.is_empty() { "none considered".to_string() } else { removed.join(", ") }
                    );
                }
            }
        }
        if !self.hall.is_empty() {
            s += "(b) Posts with fewer eligible candidates between them than they need:\n";
            for h in &self.hall {
                let unit = h.unit.as_ref().map(|u| format!(" in unit {u}")).unwrap_or_default();
                s += &format!(
                    "  - hard target `{}`{unit} needs {} members; at most {} can be placed: the {} post(s) {} share only {} eligible member(s): {}\n",
                    h.target,
                    fmt_num(h.required),
                    h.max_members,
                    h.posts.len(),
                    h.posts.join(", "),
                    h.candidates.len(),
                    h.candidates.join(", ")
                );
            }
        }
        if self.relaxations.is_empty() {
            s += "(c) No single hard target or pin was found to relax.\n";
        } else {
            s += "(c) The smallest total relaxation that lets a plan exist:\n";
            for r in &self.relaxations {
                s += &format!("  - {}\n", r.message);
            }
        }
        s
    }
}
