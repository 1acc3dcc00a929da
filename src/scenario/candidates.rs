//! candidates.csv (optional): planning pools, by post or by title, with
//! suitability scores.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::problems::Problems;
use super::refs::Refs;
use super::table::{self, parse_score, Row, Table};
use crate::model::{CadreIdx, PosIdx, TitleIdx};

const FILE: &str = "candidates.csv";

/// The planning pools read from candidates.csv.
#[derive(Default)]
pub struct Pools {
    /// True when candidates.csv exists (it sets require_planning's default).
    pub present: bool,
    pub by_position: BTreeMap<(CadreIdx, PosIdx), f64>,
    pub by_title: BTreeMap<(CadreIdx, TitleIdx), f64>,
    /// Rows marked `move = rotation` (version 2).
    pub rotation_position: BTreeSet<(CadreIdx, PosIdx)>,
    pub rotation_title: BTreeSet<(CadreIdx, TitleIdx)>,
}

/// One row: a cadre planned for a post or for a title.
enum Planned {
    Post(PosIdx),
    Title(TitleIdx),
}

/// Reads candidates.csv; one row per cadre and post, and per cadre and title.
pub fn read(dir: &Path, refs: &Refs, contract: u8, problems: &mut Problems) -> Pools {
    let mut pools = Pools { present: dir.join(FILE).exists(), ..Pools::default() };
    if !pools.present {
        return pools;
    }
    let Some(t) = table::read(dir, FILE, &["cadre_id"], problems) else { return pools };
    if t.col("position_id").is_none() && t.col("title").is_none() {
        let hint = "use the header cadre_id,position_id,title,score";
        problems.at(FILE, t.header_line, None, "the header has neither `position_id` nor `title`", hint);
    }
    let mut seen: HashMap<(CadreIdx, String), u64> = HashMap::new();
    for r in &t.rows {
        let Some((c, planned, score)) = row(&t, r, refs, problems) else { continue };
        if contract >= 2 && is_rotation(&t, r, problems) {
            match planned {
                Planned::Post(p) => pools.rotation_position.insert((c, p)),
                Planned::Title(ti) => pools.rotation_title.insert((c, ti)),
            };
        }
        let (key, what) = match planned {
            Planned::Post(p) => (format!("p:{p}"), "post"),
            Planned::Title(ti) => (format!("t:{ti}"), "title"),
        };
        if let Some(prev) = seen.insert((c, key), r.line) {
            let col = if what == "post" { "position_id" } else { "title" };
            let cid = t.get(r, "cadre_id").unwrap_or("");
            let v = t.get(r, col).unwrap_or("");
            let msg = format!("cadre `{cid}` is already planned for {what} `{v}` at line {prev}");
            problems.at(FILE, r.line, t.loc(col), msg, format!("keep one row per cadre and {what}"));
        }
        match planned {
            Planned::Post(p) => pools.by_position.insert((c, p), score),
            Planned::Title(ti) => pools.by_title.insert((c, ti), score),
        };
    }
    pools
}

fn row(t: &Table, r: &Row, refs: &Refs, problems: &mut Problems) -> Option<(CadreIdx, Planned, f64)> {
    let c = refs.cadre(t, r, problems);
    let score = t.optional(r, "score", problems, parse_score, "a number from -1000000 to 1000000, such as 7.5");
    let score = score.map(|s| s.unwrap_or(0.0));
    let planned = match (t.get(r, "position_id"), t.get(r, "title")) {
        (Some(_), Some(_)) => {
            let hint = "set exactly one: position_id plans the cadre for that post, title for the title in any unit";
            problems.at(FILE, r.line, t.loc("title"), "both position_id and title are set", hint);
            None
        }
        (None, None) => {
            let hint = "set exactly one of position_id and title";
            problems.at(FILE, r.line, t.loc("position_id"), "neither position_id nor title is set", hint);
            None
        }
        (Some(pv), None) => refs.position(t, r, pv, problems).map(Planned::Post),
        (None, Some(tv)) => refs.title(t, r, "title", tv, problems).map(Planned::Title),
    };
    Some((c?, planned?, score?))
}

/// The `move` column (version 2): empty, or `rotation` for a rotation for training.
fn is_rotation(t: &Table, r: &Row, problems: &mut Problems) -> bool {
    let parse = |s: &str| (s == "rotation").then_some(true);
    t.optional(r, "move", problems, parse, "`rotation`").flatten().unwrap_or(false)
}
