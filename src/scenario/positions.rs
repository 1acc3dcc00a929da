//! positions.csv: the posts to fill, with today's incumbent.

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
    let mut positions = Vec::new();
    for (i, r) in t.rows.iter().enumerate() {
        let incumbent = incumbent(&t, r, cx.refs, problems);
        if let Some(p) = row(&t, r, i, cx, problems) {
            positions.push(Position { incumbent, ..p });
        }
    }
    positions.sort_by(|a, b| a.id.cmp(&b.id).then(a.line.cmp(&b.line)));
    positions.dedup_by(|a, b| a.id == b.id);
    for (p, pos) in positions.iter().enumerate() {
        if let Some(c) = pos.incumbent {
            cadres[c].incumbent_of.push(p);
        }
    }
    for c in cadres.iter_mut().filter(|c| c.incumbent_of.len() > 1) {
        incumbent_bundle(c, &positions, cx.titles, t.loc("incumbent_id"), problems);
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

/// The incumbent of a row.
fn incumbent(t: &Table, r: &Row, refs: &Refs, problems: &mut Problems) -> Option<usize> {
    let c = t.get(r, "incumbent_id")?;
    let nf = NotFound {
        message: |v| format!("incumbent `{v}` is not in cadres.csv"),
        hint: "add the cadre to cadres.csv, correct the id, or leave the cell empty for a vacant post",
    };
    refs.cadres.resolve(t, r, "incumbent_id", c, problems, nf)
}

/// A cadre incumbent of several posts holds them as one bundle of concurrent
/// titles (version 2), or it is bad input naming the rows. The base post comes first.
fn incumbent_bundle(
    c: &mut Cadre,
    positions: &[Position],
    titles: &[Title],
    loc: Option<(u64, &str)>,
    problems: &mut Problems,
) {
    c.incumbent_of.sort_by_key(|&p| positions[p].line);
    match crate::model::bundle_base(positions, titles, &c.incumbent_of) {
        Some(base) => {
            c.incumbent_of.retain(|&p| p != base);
            c.incumbent_of.insert(0, base);
        }
        None => {
            let (first, rest) = (&positions[c.incumbent_of[0]], &c.incumbent_of[1..]);
            for &p in rest {
                let msg = format!(
                    "cadre `{}` is already incumbent of post `{}` (line {}); a cadre holds one post, or posts whose titles are declared concurrent in the same unit",
                    c.id, first.id, first.line
                );
                let hint = "keep the cadre as incumbent of one post, or declare the title concurrent_with the other (version 2)";
                problems.at(FILE, positions[p].line, loc, msg, hint);
            }
            c.incumbent_of.truncate(1);
        }
    }
}
