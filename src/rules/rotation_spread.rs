//! Fair rotation burden across senders (version 2, section 10.11): with
//! `max_rotation_share_per_department = s`, no sending unit (the
//! province-level unit a cadre works at now: a department, the provincial
//! office) gives more than the share `s` of all the cadres the plan rotates
//! down to communes. The solver writes one row per sending unit; `check`
//! counts the plan's rotations with [`over_cap`].

use crate::model::fmt_num;
use crate::model::{CadreIdx, PosIdx, Scenario, UnitIdx};

/// The violation code.
pub const CODE: &str = "rotation_spread";

/// The sending unit of `c` when appointing `c` to `p` rotates `c` down, and a cap is set.
pub fn sender(sc: &Scenario, c: CadreIdx, p: PosIdx) -> Option<UnitIdx> {
    sc.rules.max_rotation_share_per_department?;
    sc.moves_down(c, p).then_some(sc.cadres[c].unit)
}

/// One sending unit's share of the cadres rotated down.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SenderShare {
    pub unit: UnitIdx,
    /// Cadres it sends down under the plan.
    pub sent: usize,
    /// Cadres the plan rotates down in all.
    pub total: usize,
    pub cap: f64,
}

impl SenderShare {
    /// True when the unit sends more than its share.
    pub fn over(&self) -> bool {
        self.sent as f64 > self.cap * self.total as f64 + 1e-9
    }

    /// The fact in plain language.
    pub fn describe(&self, sc: &Scenario) -> String {
        format!(
            "{} sends {} of the {} cadres rotated down to communes; at most {} (share {}) may come from one sending unit",
            sc.units[self.unit].name,
            self.sent,
            self.total,
            fmt_num((self.cap * self.total as f64 * 1e9).floor() / 1e9),
            fmt_num(self.cap)
        )
    }
}

/// Every sending unit's share under `assignment` (sorted by unit), empty when no cap is set.
pub fn shares(sc: &Scenario, assignment: &[Option<CadreIdx>]) -> Vec<SenderShare> {
    let Some(cap) = sc.rules.max_rotation_share_per_department else { return Vec::new() };
    let mut sent: std::collections::BTreeMap<UnitIdx, std::collections::BTreeSet<CadreIdx>> = Default::default();
    for (p, c) in assignment.iter().enumerate().filter_map(|(p, a)| a.map(|c| (p, c))) {
        if let Some(u) = sender(sc, c, p) {
            sent.entry(u).or_default().insert(c);
        }
    }
    let total = sent.values().map(|s| s.len()).sum();
    sent.into_iter().map(|(unit, s)| SenderShare { unit, sent: s.len(), total, cap }).collect()
}

/// The sending units over their share.
pub fn over_cap(sc: &Scenario, assignment: &[Option<CadreIdx>]) -> Vec<SenderShare> {
    shares(sc, assignment).into_iter().filter(SenderShare::over).collect()
}
