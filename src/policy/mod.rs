//! Statutory schedules that the rules read: each module cites its text, and
//! docs/policy-sources.md lists every value with its regulation, article and date.

pub mod presets;
pub mod retirement;
pub mod show;
