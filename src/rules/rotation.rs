//! Rotation with a period and a return (version 2, section 10.13). A
//! *rotation* is an appointment of cadre c to post q whose planning row is
//! marked `move = rotation`. With `rotation_origin = "kept"`, the posts c
//! holds now (the *origin*) are reserved for c's return: nobody else holds
//! them in the plan, they carry no vacancy penalty and count for no target.
//! With `released` (the default) the origin is filled like any other post.
//! The rotation lasts at least `rotation_period_months`.

use crate::model::{CadreIdx, PosIdx, Scenario, YearMonth};

/// The violation code: a kept origin post is held by somebody else.
pub const CODE: &str = "reserved_post";

/// True when appointing `c` to `q` is a rotation: the planning row is marked
/// `move = rotation` and `q` is not a post `c` holds now (staying is no rotation).
pub fn is_rotation(sc: &Scenario, c: CadreIdx, q: PosIdx) -> bool {
    sc.is_rotation(c, q) && !sc.cadres[c].incumbent_of.contains(&q)
}

/// The origin posts that appointing `c` to `q` reserves: every post `c`
/// holds now, when the move is a rotation and origins are kept.
pub fn origins(sc: &Scenario, c: CadreIdx, q: PosIdx) -> Vec<PosIdx> {
    if !sc.rules.rotation_keep_origin || !is_rotation(sc, c, q) {
        return Vec::new();
    }
    sc.cadres[c].incumbent_of.clone()
}

/// The rotation of `c` under `assignment`: the post `c` is rotated to, if any.
pub fn rotated_to(sc: &Scenario, assignment: &[Option<CadreIdx>], c: CadreIdx) -> Option<PosIdx> {
    (0..assignment.len()).find(|&q| assignment[q] == Some(c) && is_rotation(sc, c, q))
}

/// The cadre post `o` is reserved for under `assignment` and where that cadre
/// serves meanwhile: `o`'s incumbent, rotated away while origins are kept.
pub fn reserved_for(sc: &Scenario, assignment: &[Option<CadreIdx>], o: PosIdx) -> Option<(CadreIdx, PosIdx)> {
    let c = sc.positions[o].incumbent?;
    let q = rotated_to(sc, assignment, c)?;
    origins(sc, c, q).contains(&o).then_some((c, q))
}

/// The first month the cadre rotated to `q` may return: `q`'s reference date
/// plus `rotation_period_months`; `None` without a period.
pub fn earliest_return(sc: &Scenario, q: PosIdx) -> Option<YearMonth> {
    sc.rules.rotation_period_months.map(|m| sc.reference_of(q).plus_months(m))
}

/// Kept origin posts that somebody holds, the rotated cadre included (a
/// cadre on rotation leaves the posts kept for the return): (post, its
/// holder, the rotated cadre, where to).
pub fn broken(sc: &Scenario, assignment: &[Option<CadreIdx>]) -> Vec<(PosIdx, CadreIdx, CadreIdx, PosIdx)> {
    let mut out = Vec::new();
    for c in 0..sc.cadres.len() {
        let Some(q) = rotated_to(sc, assignment, c) else { continue };
        for o in origins(sc, c, q) {
            if let Some(h) = assignment[o] {
                out.push((o, h, c, q));
            }
        }
    }
    out
}

/// The fact behind a broken reservation, in plain language.
pub fn describe_broken(sc: &Scenario, o: PosIdx, holder: CadreIdx, c: CadreIdx, q: PosIdx) -> String {
    if holder == c {
        return format!(
            "{} is on rotation to {} yet still holds {}, which is kept for the return: a rotated cadre leaves it",
            sc.cadre_label(c),
            sc.position_label(q),
            sc.position_label(o)
        );
    }
    format!(
        "{} holds {}, which is kept for {} while on rotation to {} (rotation_origin = \"kept\")",
        sc.cadre_label(holder),
        sc.position_label(o),
        sc.cadre_label(c),
        sc.position_label(q)
    )
}

/// "Reserved for X while on rotation to Y (earliest return 2028-07)".
pub fn describe_reserved(sc: &Scenario, c: CadreIdx, q: PosIdx) -> String {
    let back = earliest_return(sc, q).map(|m| format!(", earliest return {m}")).unwrap_or_default();
    format!("Reserved for {} while on rotation to {}{back}", sc.cadre_label(c), sc.position_label(q))
}
