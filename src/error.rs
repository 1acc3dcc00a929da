//! The errors a command can end with, and their exit codes (contract section 6).

use std::path::PathBuf;

use crate::check::Violation;
use crate::explain::infeasible::InfeasibilityReport;
use crate::explain::ExplainError;
use crate::output::OutputError;
use crate::scenario::xlsx::WorkbookError;
use crate::scenario::InputErrors;
use crate::solve::SolveError;

/// How a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input files: exit 2.
    #[error("{0}")]
    Input(#[from] InputErrors),
    /// Bad command-line usage: exit 2.
    #[error("{0}")]
    Usage(String),
    /// The output cannot be written where asked: exit 2, nothing written.
    #[error("cannot write {}: {source}", path.display())]
    Output { path: PathBuf, source: OutputError },
    /// No plan exists: exit 3.
    #[error("no plan satisfies every rule, pin and hard target")]
    Infeasible(Box<InfeasibilityReport>),
    /// A plan given to `check` breaks rules: exit 4.
    #[error("the plan breaks {} rule(s)", .0.len())]
    Violations(Vec<Violation>),
    /// The solver's own plan fails the independent check: a bug, exit 1.
    #[error("the solver's plan fails the independent check (a bug)")]
    CheckFailed(Vec<Violation>),
    /// The solver backend failed: exit 1.
    #[error(transparent)]
    Solver(#[from] SolveError),
    /// Already reported on standard output (e.g. as JSON): exit with this code, print nothing more.
    #[error("exit {0}")]
    Exit(i32),
    /// A bug: exit 1.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// The process exit code.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) | Error::Output { .. } => 2,
            Error::Infeasible(_) => 3,
            Error::Violations(_) => 4,
            Error::Solver(SolveError::TimeLimit { .. }) => 5,
            Error::CheckFailed(_) | Error::Solver(_) | Error::Internal(_) => 1,
            Error::Exit(code) => *code,
        }
    }

    /// An output that could not be written at `path`.
    pub fn output(path: &std::path::Path) -> impl FnOnce(OutputError) -> Error + '_ {
        move |source| Error::Output { path: path.to_path_buf(), source }
    }

    /// Rendering a CSV into memory failed: a bug.
    pub fn csv(e: csv::Error) -> Error {
        Error::Internal(format!("rendering CSV: {e}"))
    }
}

impl From<WorkbookError> for Error {
    fn from(e: WorkbookError) -> Self {
        match e {
            WorkbookError::Input(i) => Error::Input(i),
            other => Error::Internal(other.to_string()),
        }
    }
}

impl From<ExplainError> for Error {
    fn from(e: ExplainError) -> Self {
        match e {
            ExplainError::Solve(s) => Error::Solver(s),
            ExplainError::Csv(c) => Error::csv(c),
        }
    }
}

impl Error {
    /// The error as the terminal shows it.
    pub fn to_text(&self) -> String {
        match self {
            Error::Input(errs) => format!("error: {errs}"),
            Error::Usage(m) => format!("error: {m}\n"),
            Error::Output { source, .. } => format!("error: {self}\n  hint: {}\n", source.hint()),
            Error::Infeasible(r) => r.to_text(),
            Error::Violations(v) => violation_list(&format!("the plan breaks {} rule(s):\n", v.len()), v),
            Error::CheckFailed(v) => violation_list(&format!("internal error: {self}:\n"), v),
            Error::Solver(e @ SolveError::TimeLimit { .. }) => format!(
                "error: {e}; nothing written\n  hint: give a longer --time-limit (or solver.time_limit_s), or use --solver highs\n"
            ),
            Error::Solver(e) => format!("internal error: {e}\n"),
            Error::Internal(m) => format!("internal error: {m}\n"),
            Error::Exit(_) => String::new(),
        }
    }
}

fn violation_list(head: &str, violations: &[Violation]) -> String {
    let mut s = head.to_string();
    for x in violations {
        s.push_str(&format!("  - [{}] {}\n", x.rule, x.message));
    }
    s
}
