//! rotaplan: plans the rotation and appointment of public-sector cadres to
//! leadership posts, to a proven optimum, with the reasons behind it.
//!
//! Data flow: [`scenario::load`] → [`eligibility::build`] → [`solve::solve`] →
//! [`plan::Plan`] → [`check::check`], run by [`pipeline::solve`]; the
//! commands in [`commands`] only parse arguments, call the library and print.
//! See ARCHITECTURE.md.
#![forbid(unsafe_code)]

// The message catalogue (locales/desk.yml for the desk, locales/report.yml
// for the report, plan.xlsx and the solve summary), compiled in.
rust_i18n::i18n!("locales", fallback = "en");

pub mod batch;
pub mod check;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod desk;
pub mod eligibility;
pub mod error;
pub mod explain;
pub mod forecast;
pub mod generate;
pub mod heartbeat;
pub mod lang;
pub mod model;
pub mod objective;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod policy;
pub mod preferences;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod shard;
pub mod solve;
pub mod svg;
pub mod sweep;
pub mod targets;
pub mod text;

pub use error::Error;

pub use pipeline::{prepare, prepare_with};
