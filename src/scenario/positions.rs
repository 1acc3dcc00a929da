//! positions.csv: the posts to fill, with today's incumbent.

use std::collections::HashMap;
use std::path::Path;

use super::columns;
use super::problems::Problems;
use super::refs::{Ids, NotFound, Refs};
use super::table::{self, Row, Table};
use crate::model::{Cadre, Position, Title, Unit};

const FILE: &str = "positions.csv";

/// What positions.csv needs to know of the other files.
pub struct Context<'a> {
    pub refs: &'a Refs,
    pub units: &'a [Unit],
    pub titles: &'a [Title],
}

/// Reads positions.csv: posts sorted by id; marks each incumbent's post on `cadres`.
pub fn read(dir: &Path, cx: &Context, cadres: &mut [Cadre], problems: &mut Problems) -> (Vec<Position>, Ids) {
    let Some(t) = table::read(dir, FILE, columns::POSITIONS, problems) else {
        return (Vec::new(), Ids::default());
    };
    super::unique_ids(&t, "position_id", problems);
    let mut incumbents: HashMap<String, (u64, String)> = HashMap::new();
    let mut positions = Vec::new();
    for (i, r) in t.rows.iter().enumerate() {
        let incumbent = incumbent(&t, r, cx.refs, &mut incumbents, problems);
        if let Some(p) = row(&t, r, i, cx, problems) {
            positions.push(Position { incumbent, ..p });
        }
    }
    positions.sort_by(|a, b| a.id.cmp(&b.id).then(a.line.cmp(&b.line)));
    positions.dedup_by(|a, b| a.id == b.id);
    for (p, pos) in positions.iter().enumerate() {
        if let Some(c) = pos.incumbent.filter(|&c| cadres[c].incumbent_of.is_none()) {
            cadres[c].incumbent_of = Some(p);
        }
    }
    let ids = Ids {
        index: positions.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect(),
        written: Ids::written_in(&t, "position_id"),
        read: t.whole,
    };
    (positions, ids)
}

fn row(t: &Table, r: &Row, order: usize, cx: &Context, problems: &mut Problems) -> Option<Position> {
    let id = t.required(r, "position_id", problems);
    let unit = t.required(r, "unit_id", problems).and_then(|u| cx.refs.current_unit(t, r, "unit_id", u, problems));
    let title = t.required(r, "title", problems).and_then(|v| cx.refs.title(t, r, "title", v, problems));
    let (id, unit, title) = (id?, unit?, title?);
    let (u, ti) = (&cx.units[unit], &cx.titles[title]);
    if u.level != ti.level {
        problems.at(
            FILE,
            r.line,
            t.loc("title"),
            format!(
                "title `{}` exists at {} level but unit `{}` is {}-level",
                ti.key,
                ti.level.as_str(),
                u.id,
                u.level.as_str()
            ),
            "put the post in a unit of the title's level, or correct the title's level in scenario.toml",
        );
    }
    Some(Position { id: id.to_string(), unit, title, incumbent: None, row: order, line: r.line })
}

/// The incumbent of a row, reporting a cadre who is incumbent twice.
fn incumbent(
    t: &Table,
    r: &Row,
    refs: &Refs,
    seen: &mut HashMap<String, (u64, String)>,
    problems: &mut Problems,
) -> Option<usize> {
    let c = t.get(r, "incumbent_id")?;
    let post = t.get(r, "position_id").unwrap_or("").to_string();
    if let Some((prev, pos)) = seen.insert(c.to_string(), (r.line, post)) {
        problems.at(
            FILE,
            r.line,
            t.loc("incumbent_id"),
            format!("cadre `{c}` is already incumbent of post `{pos}` (line {prev}); a cadre holds at most one post"),
            "keep the cadre as incumbent of one post only",
        );
    }
    let nf = NotFound {
        message: |v| format!("incumbent `{v}` is not in cadres.csv"),
        hint: "add the cadre to cadres.csv, correct the id, or leave the cell empty for a vacant post",
    };
    refs.cadres.resolve(t, r, "incumbent_id", c, problems, nf)
}
