//! The errors a command can end with, and their exit codes (contract section 6).

use crate::check::Violation;
use crate::explain::infeasible::InfeasibilityReport;
use crate::scenario::InputErrors;

/// How a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: exit 2.
    #[error("{0}")]
    Input(#[from] InputErrors),
    /// Bad command-line usage: exit 2.
    #[error("{0}")]
    Usage(String),
    /// No plan exists: exit 3.
    #[error("no plan satisfies every rule, pin and hard target")]
    Infeasible(Box<InfeasibilityReport>),
    /// A plan breaks rules: exit 4 (from `check`), or 1 when the solver produced it.
    #[error("the plan breaks {} rule(s)", .0.len())]
    Violations(Vec<Violation>),
    /// Already reported on standard output (e.g. as JSON): exit with this code, print nothing more.
    #[error("exit {0}")]
    Exit(i32),
    /// Anything else: exit 1.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// The process exit code.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) => 2,
            Error::Infeasible(_) => 3,
            Error::Violations(_) => 4,
            Error::Internal(_) => 1,
            Error::Exit(code) => *code,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Internal(e.to_string())
    }
}
