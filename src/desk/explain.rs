//! The post and cadre pages: the library's explanations (`crate::explain`)
//! rendered, with a pin or forbid form beside each pair.

use maud::{html, Markup};
use rust_i18n::t;

use super::pages::{change_text, decide_form, layout, tr, Lang};
use super::workspace::Solution;
use super::Desk;
use crate::explain::{Alternative, CadreOption, Price};

/// The solution of candidate `n` (1-based), when it has one.
pub(super) fn solution(desk: &Desk, n: usize) -> Option<(String, std::sync::Arc<Solution>)> {
    let open = desk.opened();
    let work = open.work();
    let c = work.candidates.get(n.checked_sub(1)?)?;
    Some((c.name.clone(), c.result.as_ref().ok()?.clone()))
}

/// Why post `id` of plan `n` has its holder; `prices` re-solves once per alternative.
pub fn post(desk: &Desk, lang: Lang, n: usize, id: &str, prices: bool, user: &str) -> Option<Markup> {
    let (name, s) = solution(desk, n)?;
    let sc = &s.scenario;
    let p = *sc.position_index.get(id)?;
    let opts = crate::pipeline::solver_options(sc, desk.opts.run.solver.as_deref(), desk.opts.run.time_limit).ok()?;
    let x = crate::explain::explain_position(sc, &s.eligibility, &s.plan, p, prices.then_some(&opts)).ok()?;
    let back = format!("/plans/{n}/posts/{id}");
    let ro = desk.opts.read_only;
    let body = html! {
        p { a href={ "/plans/" (n) } { "← " (name) } }
        @match &x.holder {
            Some(h) => p.holder {
                (tr(lang, "post.holder")) ": " strong { (h.name) " (" (h.cadre_id) ")" } " — " (change_text(lang, h.change))
                "; " (tr(lang, "post.score")) " " (h.score)
                " (" (tr(lang, "post.rating")) " " (h.terms.rating) ", " (tr(lang, "post.planning")) " " (h.terms.planning)
                ", " (tr(lang, "post.continuity")) " " (h.terms.continuity) ")"
            }
            None => p { (t!("post.vacant", locale = lang.code(), penalty = x.vacancy_penalty)) }
        }
        @if let (Some(h), false) = (&x.holder, ro) { (decide_form(desk, lang, user, "forbid", &h.cadre_id, id, &back)) }
        h2 { (tr(lang, "post.alternatives")) }
        @if !prices { p { a href={ (back) "?price=1" } { (tr(lang, "post.prices")) } } }
        table {
            tr { th { (tr(lang, "col.cadre")) } th { (tr(lang, "post.score")) } th { (tr(lang, "post.placed")) } th { (tr(lang, "post.price")) } th {} }
            @for a in &x.alternatives { (alternative(desk, lang, user, a, id, &back, ro)) }
        }
    };
    Some(layout(lang, &x.post, body))
}

fn alternative(desk: &Desk, lang: Lang, user: &str, a: &Alternative, post: &str, back: &str, ro: bool) -> Markup {
    match a {
        Alternative::Excluded { cadre_id, name, exclusions } => html! {
            tr.excluded {
                td { (name) " (" (cadre_id) ")" }
                td colspan="4" { @for e in exclusions { (exclusion(lang, e)) br; } }
            }
        },
        Alternative::Eligible { cadre_id, name, score, placed_at, price, .. } => html! {
            tr {
                td { (name) " (" (cadre_id) ")" }
                td { (score) }
                td { (placed_at.as_deref().unwrap_or("—")) }
                td { (price_text(lang, price.as_ref())) }
                td { @if !ro { (decide_form(desk, lang, user, "pin", cadre_id, post, back)) } }
            }
        },
    }
}

/// An exclusion: the rule's heading in the page's language, then the rule's
/// own sentence with its numbers and dates, and its code.
fn exclusion(lang: Lang, e: &crate::rules::Exclusion) -> Markup {
    html! { strong { (tr(lang, &format!("rule.{}", e.rule))) } ": " (e.fact) " [" (e.rule) "]" }
}

fn price_text(lang: Lang, price: Option<&Price>) -> String {
    match price {
        None => String::new(),
        Some(Price { loss: Some(l), .. }) => t!("post.loss", locale = lang.code(), loss = l).into_owned(),
        Some(Price { note, .. }) => note.clone().unwrap_or_default(),
    }
}

/// Where cadre `id` goes in plan `n`, and every post they were considered for.
pub fn cadre(desk: &Desk, lang: Lang, n: usize, id: &str) -> Option<Markup> {
    let (name, s) = solution(desk, n)?;
    let sc = &s.scenario;
    let c = *sc.cadre_index.get(id)?;
    let x = crate::explain::explain_cadre(sc, &s.eligibility, &s.plan, c, None).ok()?;
    let body = html! {
        p { a href={ "/plans/" (n) } { "← " (name) } }
        p { (tr(lang, "cadre.post")) ": " @if let Some(post) = &x.post { strong { (post) } } @else { (tr(lang, "cadre.none")) } }
        table {
            tr { th { (tr(lang, "col.post")) } th { (tr(lang, "post.score")) } th { (tr(lang, "post.holder")) } }
            @for o in &x.options {
                @match o {
                    CadreOption::Excluded { post, exclusions, .. } => tr.excluded { td { (post) } td colspan="2" { @for e in exclusions { (exclusion(lang, e)) br; } } },
                    CadreOption::Eligible { position_id, post, score, holder_name, .. } => tr {
                        td { a href={ "/plans/" (n) "/posts/" (position_id) } { (post) } } td { (score) } td { (holder_name.as_deref().unwrap_or("—")) }
                    },
                }
            }
        }
    };
    Some(layout(lang, &x.name, body))
}
