//! Command-line types (clap) only.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Plans the rotation and appointment of cadres to leadership posts, to a proven optimum.
#[derive(Debug, Parser)]
#[command(name = "rotaplan", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Output format of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read a scenario and report every input problem (exit 2) or a summary.
    Validate {
        /// Scenario folder.
        scenario: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Solve a scenario and write plan.csv and plan.json.
    Solve {
        /// Scenario folder.
        scenario: PathBuf,
        /// Output folder (replaced atomically).
        #[arg(long)]
        out: PathBuf,
        /// Solver backend: microlp (default) or highs (when compiled with --features highs).
        #[arg(long)]
        solver: Option<String>,
        /// Time limit in seconds (overrides [solver] time_limit_s).
        #[arg(long)]
        time_limit: Option<f64>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// Also compute, for every post, the best plan with its runner-up in it (one re-solve per post).
        #[arg(long)]
        prices: bool,
    },
    /// Explain a post or a cadre of a plan, or why no plan exists.
    Explain {
        /// Scenario folder.
        scenario: PathBuf,
        /// Plan to explain (plan.csv format); without it the optimal plan is solved for.
        #[arg(long)]
        plan: Option<PathBuf>,
        /// Explain this post.
        #[arg(long, conflicts_with = "cadre")]
        position: Option<String>,
        /// Explain this cadre.
        #[arg(long)]
        cadre: Option<String>,
        /// Skip the re-solves that price each alternative of a post.
        #[arg(long)]
        no_prices: bool,
        /// Solver backend for re-solves.
        #[arg(long)]
        solver: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Check a plan (plan.csv format) against every rule.
    Check {
        /// Scenario folder.
        scenario: PathBuf,
        /// Plan file: only position_id and cadre_id are read.
        plan: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Write a synthetic example scenario (seeded, deterministic).
    Generate {
        /// Preset: nghe-an.
        preset: String,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Random seed.
        #[arg(long, default_value_t = 2025)]
        seed: u64,
    },
}
