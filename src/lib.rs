//! rotaplan: plans the rotation and appointment of public-sector cadres to
//! leadership posts, to a proven optimum, with the reasons behind it.
//!
//! Data flow: [`scenario::load`] → [`eligibility::build`] → [`solve::solve`] →
//! [`plan::Plan`] → [`check::check`]. See ARCHITECTURE.md.
#![forbid(unsafe_code)]

pub mod batch;
pub mod check;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod eligibility;
pub mod error;
pub mod explain;
pub mod generate;
pub mod model;
pub mod objective;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod solve;
pub mod svg;
pub mod sweep;
pub mod targets;

pub use error::Error;

/// Loads a scenario and builds its eligibility graph: the common first steps
/// of every command.
pub fn prepare(dir: &std::path::Path) -> Result<(model::Scenario, eligibility::Eligibility), scenario::InputErrors> {
    prepare_with(dir, &[])
}

/// [`prepare`] with `--set` overrides.
pub fn prepare_with(
    dir: &std::path::Path,
    sets: &[scenario::Override],
) -> Result<(model::Scenario, eligibility::Eligibility), scenario::InputErrors> {
    let sc = scenario::load_with(dir, sets)?;
    let el = eligibility::build(&sc)?;
    Ok((sc, el))
}
