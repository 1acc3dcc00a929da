//! The map of a plan: each commune with a post, at its `lat`/`lon`
//! (units.csv, version 2), coloured by what the plan does there. Inline SVG
//! from the coordinates alone: no tiles, no network.

use maud::{html, Markup};
use rust_i18n::t;

use super::pages::{layout, tr, Lang};
use super::workspace::Solution;
use super::Desk;
use crate::model::{Level, Scenario};
use crate::plan::Change;

const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 640.0;
const MARGIN: f64 = 20.0;

/// What the map shows of a commune, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum State {
    Vacant,
    TargetMissed,
    Changed,
    Kept,
}

impl State {
    fn key(self) -> &'static str {
        match self {
            State::Vacant => "vacant",
            State::TargetMissed => "missed",
            State::Changed => "changed",
            State::Kept => "kept",
        }
    }

    fn colour(self) -> &'static str {
        match self {
            State::Vacant => "#c62828",
            State::TargetMissed => "#6a1b9a",
            State::Changed => "#f9a825",
            State::Kept => "#9e9e9e",
        }
    }
}

/// One commune on the map.
struct Dot<'a> {
    name: &'a str,
    lat: f64,
    lon: f64,
    state: State,
    posts: usize,
}

fn dots(s: &Solution) -> Vec<Dot<'_>> {
    let sc = &s.scenario;
    let missed: std::collections::BTreeSet<&str> =
        s.eval.targets.iter().flat_map(|t| t.units_missed.iter().flatten()).map(String::as_str).collect();
    let mut out = Vec::new();
    for (u, unit) in sc.units.iter().enumerate() {
        let Some((lat, lon)) = unit.location.filter(|_| unit.level == Level::Commune && unit.current) else { continue };
        let posts: Vec<usize> = (0..sc.positions.len()).filter(|&p| sc.positions[p].unit == u).collect();
        if posts.is_empty() {
            continue;
        }
        let state = posts.iter().map(|&p| state_of(sc, s, p, missed.contains(unit.id.as_str()))).min();
        out.push(Dot { name: &unit.name, lat, lon, state: state.unwrap_or(State::Kept), posts: posts.len() });
    }
    out
}

fn state_of(sc: &Scenario, s: &Solution, p: usize, missed: bool) -> State {
    match s.plan.change(sc, p) {
        Change::Vacant => State::Vacant,
        _ if missed => State::TargetMissed,
        Change::Moved | Change::New => State::Changed,
        Change::Kept | Change::Reserved => State::Kept,
    }
}

/// Projects degrees onto the drawing: longitudes shrunk by the cosine of
/// the middle latitude, so that the shape is true, and the whole fitted.
fn projection(dots: &[Dot]) -> impl Fn(f64, f64) -> (f64, f64) {
    let (mut la0, mut la1, mut lo0, mut lo1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for d in dots {
        (la0, la1, lo0, lo1) = (la0.min(d.lat), la1.max(d.lat), lo0.min(d.lon), lo1.max(d.lon));
    }
    let k = ((la0 + la1) / 2.0).to_radians().cos();
    let (w, h) = (((lo1 - lo0) * k).max(1e-6), (la1 - la0).max(1e-6));
    let scale = ((WIDTH - 2.0 * MARGIN) / w).min((HEIGHT - 2.0 * MARGIN) / h);
    move |lat, lon| (MARGIN + (lon - lo0) * k * scale, MARGIN + (la1 - lat) * scale)
}

/// The map page of plan `n` (1-based).
pub fn page(desk: &Desk, lang: Lang, n: usize) -> Option<Markup> {
    let (name, s) = super::explain::solution(desk, n)?;
    let dots = dots(&s);
    let at = projection(&dots);
    let states = [State::Vacant, State::TargetMissed, State::Changed, State::Kept];
    let body = html! {
        p { a href={ "/plans/" (n) } { "← " (name) } }
        @if dots.is_empty() { p { (tr(lang, "map.none")) } }
        @else {
            p.legend {
                @for st in states {
                    span style={ "color:" (st.colour()) } { "● " } (tr(lang, &format!("map.{}", st.key()))) " ("
                    (dots.iter().filter(|d| d.state == st).count()) ")  "
                }
            }
            svg.map width=(WIDTH) height=(HEIGHT) viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } {
                rect width=(WIDTH) height=(HEIGHT) fill="#f7f5ef" {}
                @for d in &dots {
                    @let (x, y) = at(d.lat, d.lon);
                    a href={ "/plans/" (n) "?unit=" (d.name) } {
                        circle class={ "dot " (d.state.key()) } cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="6" fill=(d.state.colour()) stroke="#333" stroke-width="0.5" {
                            title { (d.name) ": " (t!("map.posts", locale = lang.code(), n = d.posts)) " — " (tr(lang, &format!("map.{}", d.state.key()))) }
                        }
                    }
                }
            }
        }
    };
    Some(layout(lang, &format!("{} — {name}", tr(lang, "map.title")), body))
}
