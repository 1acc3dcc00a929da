//! Command-line types (clap) only.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Plans the rotation and appointment of cadres to leadership posts, to a proven optimum.
#[derive(Debug, Parser)]
#[command(name = "rotaplan", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Language of what people read (the report, plan.xlsx's labels, the
    /// solve summary): en or vi; default: scenario.toml's `language`, else en.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<crate::lang::Lang>,
}

/// Output format of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `solve --lagrange` and `solve --probe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LagrangeMode {
    Auto,
    Always,
    Off,
}

/// Format of `solve --progress` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressFormat {
    Text,
    Json,
}

/// Output format of tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Text,
    Csv,
    Json,
}

/// How the runs of a batch or sweep are solved.
#[derive(Debug, Clone, clap::Args)]
pub struct RunOptions {
    /// Runs at once (each uses one solver thread).
    #[arg(long, default_value_t = 1)]
    pub jobs: usize,
    /// Solver backend: microlp or highs (when compiled in).
    #[arg(long)]
    pub solver: Option<String>,
    /// Time limit per run, in seconds.
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
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
        /// Also compute, for every post, the best plan with its runner-up in it (re-solves per post).
        #[arg(long)]
        prices: bool,
        /// Change a scenario.toml value for this run, e.g. targets.<key>.min_share=0.3 (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
        /// Also write plan.xlsx (sheets plan, targets, explanations).
        #[arg(long)]
        xlsx: bool,
        /// A progress line on standard error every 10 s: `text` (the default
        /// when standard error is not a terminal) or `json` (one object per line).
        #[arg(long, value_enum)]
        progress: Option<ProgressFormat>,
        /// When the Lagrangian relaxation runs before the search: `auto`
        /// (small parts and dense pools), `always` or `off`. The optimum is
        /// the same; this is for comparisons and benchmarks.
        #[arg(long, value_enum, default_value = "auto")]
        lagrange: LagrangeMode,
        /// When probing strengthens microlp's search (caps on the holders of
        /// share scopes that every better plan keeps, with rounding cuts):
        /// `auto` (after a first second that did not prove the optimum),
        /// `always` or `off`. The optimum is the same; this is for
        /// comparisons and benchmarks.
        #[arg(long, value_enum, default_value = "auto")]
        probe: LagrangeMode,
        /// No neighbourhood search for a better plan after the Lagrangian
        /// relaxation. The optimum is the same; this is for comparisons and
        /// benchmarks.
        #[arg(long)]
        no_neighbourhood: bool,
    },
    /// Convert a scenario folder to one .xlsx workbook, or a workbook to a folder.
    Convert {
        /// Scenario folder or .xlsx workbook.
        source: PathBuf,
        /// Target: a .xlsx file (from a folder) or a folder (from a workbook).
        #[arg(long)]
        to: PathBuf,
        /// Overwrite an existing .xlsx that rotaplan did not write.
        #[arg(long)]
        force: bool,
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
        /// Change a scenario.toml value (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
    },
    /// Check a plan (plan.csv format) against every rule.
    Check {
        /// Scenario folder.
        scenario: PathBuf,
        /// Plan file: only position_id and cadre_id are read.
        plan: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Change a scenario.toml value for this check (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
    },
    /// Write a self-contained HTML report of a plan (A4, charts, tables per unit).
    Report {
        /// Scenario folder.
        scenario: PathBuf,
        /// Plan file (plan.csv format).
        plan: PathBuf,
        /// Other plans to compare with (repeatable).
        #[arg(long)]
        compare: Vec<PathBuf>,
        /// Output HTML file.
        #[arg(long)]
        out: PathBuf,
        /// Overwrite an existing file that rotaplan did not write.
        #[arg(long)]
        force: bool,
        /// Change a scenario.toml value (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
        /// List each avoided post with the cadre's reason, and the blocking
        /// pairs (reasons are personal data: counts only by default).
        #[arg(long)]
        show_reasons: bool,
    },
    /// Compare two or more plans (solver-made or drafts) side by side.
    Compare {
        /// Plan files (plan.csv format).
        #[arg(required = true, num_args = 2..)]
        plans: Vec<PathBuf>,
        /// Scenario folder the plans belong to.
        #[arg(long)]
        scenario: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: TableFormat,
        /// Change a scenario.toml value (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
        /// List each avoided post with the cadre's reason, and the blocking
        /// pairs (reasons are personal data: counts only by default).
        #[arg(long)]
        show_reasons: bool,
    },
    /// Solve many scenarios, or one scenario under many overrides, in parallel.
    Batch {
        /// Scenario folders (or use --spec).
        scenarios: Vec<PathBuf>,
        /// A batch.toml naming runs and their overrides.
        #[arg(long)]
        spec: Option<PathBuf>,
        /// Output folder: summary.csv and one subfolder per run (replaced atomically).
        #[arg(long)]
        out: PathBuf,
        /// Change a scenario.toml value in every run (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
        /// Run only the I-th of N slices into <out>/shards/I-of-N/ (then `rotaplan merge <out>`):
        /// I/N, auto (Slurm's array variables) or auto/N (Slurm's, or Kubernetes' JOB_COMPLETION_INDEX).
        #[arg(long, value_name = "I/N|auto|auto/N")]
        shard: Option<String>,
        #[command(flatten)]
        run: RunOptions,
    },
    /// Merge a sharded batch: check every shard, then write <out>/summary.csv and <out>/runs/.
    Merge {
        /// The --out folder the shards wrote into.
        out: PathBuf,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Open the committee's desk: a local web app (Vietnamese by default) on 127.0.0.1.
    Serve {
        /// Scenario folder or .xlsx workbook.
        scenario: PathBuf,
        /// Port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 8737)]
        port: u16,
        /// Show the scenario and plans; refuse solves and changes.
        #[arg(long)]
        read_only: bool,
        /// Folder for candidate plans and the decision log (default: <scenario>.desk beside it).
        #[arg(long)]
        workspace: Option<PathBuf>,
        /// Solver backend: microlp or highs (when compiled in).
        #[arg(long)]
        solver: Option<String>,
        /// Time limit per solve, in seconds (overrides [solver] time_limit_s).
        #[arg(long)]
        time_limit: Option<f64>,
        /// Exports carry stable codes in place of the cadres' names and ids.
        #[arg(long)]
        pseudonymize: bool,
    },
    /// Solve a grid of variants: --set KEY=FROM..TO:STEP (and fixed KEY=VALUE).
    Sweep {
        /// Scenario folder.
        scenario: PathBuf,
        /// KEY=FROM..TO:STEP to sweep, or KEY=VALUE to fix (repeatable).
        #[arg(long = "set", value_name = "KEY=RANGE", required = true)]
        sets: Vec<String>,
        /// Output folder: sweep.csv, sweep.svg, summary.csv and the runs.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        run: RunOptions,
    },
    /// Write a synthetic scenario on real units (seeded, deterministic).
    Generate {
        /// Named size: nghe-an (~700 posts), national (~17k posts, ~50k cadres), national-x2 (~34k posts);
        /// nghe-an-rotation and national-rotation plan by title within each province (dense pools).
        preset: Option<String>,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Random seed (default: the preset's; nghe-an is committed with seed 1).
        #[arg(long)]
        seed: Option<u64>,
        /// Provinces: `all` or comma-separated codes (40 = Nghệ An); overrides the preset's.
        #[arg(long)]
        provinces: Option<String>,
        /// Posts per commune, 2 to 10 (most senior titles first).
        #[arg(long)]
        posts_per_commune: Option<usize>,
        /// Planned candidates per post: K or MIN..MAX.
        #[arg(long)]
        candidates_per_post: Option<String>,
    },
    /// Rewrite a version-1 scenario as version 2 with the same meaning.
    Migrate {
        /// Version-1 scenario folder or workbook.
        scenario: PathBuf,
        /// Output folder for the version-2 scenario.
        #[arg(long)]
        out: PathBuf,
    },
    /// The policy in force: `policy show <scenario>` prints the effective rules, each with its source.
    Policy {
        #[command(subcommand)]
        action: PolicyAction,
    },
}

/// What `rotaplan policy` does.
#[derive(Debug, Subcommand)]
pub enum PolicyAction {
    /// Print the effective rules of a scenario, each with where its value came from.
    Show {
        /// Scenario folder or workbook.
        scenario: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}
