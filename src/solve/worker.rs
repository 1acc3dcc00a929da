//! A time limit that holds whatever the solver does. HiGHS does not check
//! its limit inside some steps of a large root LP: on national-rotation a
//! MIP given 10 s ran 111 s in its first dual simplex (BENCHMARKS.md, "Time
//! limits"). So a large model solved under a time limit goes to a child
//! process, the same binary in its hidden worker mode, which is killed when
//! the limit (plus a short grace) has passed. The caller then keeps the plan
//! it already had, exactly as when the solver stops by itself without one.
//!
//! The binary turns this on with [`enable`]; a program that links the
//! library without calling it solves every model in its own process.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{Backend, Lp, LpOutcome, SolveError};

/// The first argument that starts the binary in worker mode.
pub const WORKER_ARG: &str = "__solve-worker";

/// Models with fewer variables are solved in the process: their root LP
/// takes well under a second, and a child would cost more than it saves.
/// `ROTAPLAN_WORKER_MIN_VARS` overrides it (tests, experiments).
const MIN_VARS: usize = 20_000;

static PROGRAM: OnceLock<PathBuf> = OnceLock::new();
static SERVING: OnceLock<()> = OnceLock::new();

/// Lets [`super::Backend`] solve large time-limited models in child
/// processes running `program` (the rotaplan binary itself).
pub fn enable(program: PathBuf) {
    let _ = PROGRAM.set(program);
}

/// Whether this process is a worker.
#[allow(dead_code)] // read only by the HiGHS backend
pub(super) fn serving() -> bool {
    SERVING.get().is_some()
}

/// What the parent sends (borrowed: the model is not copied)...
#[derive(Serialize)]
struct Request<'a> {
    backend: &'a str,
    lp: &'a Lp,
    time_limit: f64,
    mip_gap: f64,
    granularity: Option<f64>,
    start: Option<&'a [f64]>,
    /// The child ends itself this long after it starts, should its parent die.
    die_after: f64,
}

/// ... and what the child reads: the same fields, owned (postcard encodes
/// a borrowed and an owned field alike).
#[derive(Deserialize)]
struct Received {
    backend: String,
    lp: Lp,
    time_limit: f64,
    mip_gap: f64,
    granularity: Option<f64>,
    start: Option<Vec<f64>>,
    die_after: f64,
}

/// What the child answers.
#[derive(Serialize, Deserialize)]
enum Reply {
    Solved { values: Vec<f64>, proven: bool },
    Infeasible,
    Failed(String),
}

/// The worker's program, when this model under this limit should go to one.
pub(super) fn program_for(lp: &Lp, time_limit: Option<f64>) -> Option<&'static PathBuf> {
    time_limit?;
    let min = std::env::var("ROTAPLAN_WORKER_MIN_VARS").ok().and_then(|v| v.parse().ok()).unwrap_or(MIN_VARS);
    PROGRAM.get().filter(|_| lp.vars.len() >= min)
}

/// How long before the kill the solver is told to stop, so that it can
/// hand back its plan: HiGHS ends a search a moment after its own limit,
/// and building its model in the child takes a moment before its clock starts.
fn grace(time_limit: f64) -> f64 {
    (1.0 + 0.02 * time_limit).min(time_limit / 2.0)
}

/// Solves in a child process that is told to stop at `time_limit` less the
/// grace and killed at `time_limit`. A killed or failed child is a solver
/// error, which callers treat as a search the time limit stopped.
pub(super) fn run(
    program: &PathBuf,
    backend: Backend,
    lp: &Lp,
    time_limit: f64,
    mip_gap: f64,
    granularity: Option<f64>,
    start: Option<&[f64]>,
) -> Result<LpOutcome, SolveError> {
    let kill_at = Instant::now() + Duration::from_secs_f64(time_limit);
    let fail = |m: String| SolveError::Solver { backend: backend.name(), message: m };
    let mut child = Command::new(program)
        .arg(WORKER_ARG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| fail(format!("cannot start the solver process {}: {e}", program.display())))?;
    let request = Request {
        backend: backend.name(),
        lp,
        time_limit: time_limit - grace(time_limit),
        mip_gap,
        granularity,
        start,
        die_after: time_limit + 1.0,
    };
    let answer = exchange(&mut child, &request, kill_at);
    let status = child.wait().map_err(|e| fail(e.to_string()))?;
    match answer {
        Some(bytes) => match postcard::from_bytes::<Reply>(&bytes) {
            Ok(Reply::Solved { values, proven }) => Ok(LpOutcome::Solved { values, proven }),
            Ok(Reply::Infeasible) => Ok(LpOutcome::Infeasible),
            Ok(Reply::Failed(m)) => {
                // A solver that stopped at its own limit without a plan
                // reports it at the caller's limit, which is how the
                // caller tells a stopped search from a broken solver.
                if Instant::now() + Duration::from_secs_f64(grace(time_limit)) >= kill_at {
                    std::thread::sleep(kill_at.saturating_duration_since(Instant::now()));
                }
                Err(fail(m))
            }
            Err(_) => Err(fail(format!("the solver process ended without a plan ({status})"))),
        },
        None => Err(fail(format!("the solver process was stopped at the time limit of {time_limit:.1} s"))),
    }
}

/// Sends the request and waits for the whole reply until `kill_at`; the
/// child is killed on the way out either way (a no-op once it has ended).
fn exchange(child: &mut Child, request: &Request, kill_at: Instant) -> Option<Vec<u8>> {
    let (stdin, mut stdout) = (child.stdin.take()?, child.stdout.take()?);
    // Both ends run on their own threads: a child that stops reading its
    // request, or never answers, must not block the parent past the limit.
    // Killing the child closes both pipes, which ends both threads.
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut w = BufWriter::new(stdin);
            if postcard::to_io(request, &mut w).is_ok() {
                let _ = w.flush();
            }
        });
        let (tx, rx) = mpsc::channel();
        scope.spawn(move || {
            let mut bytes = Vec::new();
            let _ = tx.send(stdout.read_to_end(&mut bytes).map(|_| bytes));
        });
        let answer = rx.recv_timeout(kill_at.saturating_duration_since(Instant::now())).ok().and_then(Result::ok);
        let _ = child.kill();
        answer
    })
}

/// The worker mode: reads one request on standard input, solves it in this
/// process and writes the reply on standard output. Returns the exit code.
pub fn serve() -> i32 {
    let _ = SERVING.set(());
    let started = Instant::now();
    let mut input = Vec::new();
    if BufReader::new(std::io::stdin().lock()).read_to_end(&mut input).is_err() {
        return 1;
    }
    let reply = match postcard::from_bytes::<Received>(&input) {
        Ok(request) => answer(request, started),
        Err(e) => Reply::Failed(format!("unreadable request: {e}")),
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written = postcard::to_io(&reply, &mut out).is_ok();
    if written && out.flush().is_ok() {
        0
    } else {
        1
    }
}

fn answer(request: Received, received: Instant) -> Reply {
    let die_after = Duration::from_secs_f64(request.die_after.max(0.0));
    std::thread::spawn(move || {
        std::thread::sleep(die_after);
        std::process::exit(3);
    });
    stall_for_tests();
    let backend = match Backend::parse(&request.backend) {
        Ok(b) => b,
        Err(e) => return Reply::Failed(e),
    };
    let (lp, start) = (request.lp, request.start);
    let time_limit = (request.time_limit - received.elapsed().as_secs_f64()).max(0.001);
    match backend.run_here(&lp, Some(time_limit), request.mip_gap, request.granularity, start.as_deref()) {
        Ok(LpOutcome::Solved { values, proven }) => Reply::Solved { values, proven },
        Ok(LpOutcome::Infeasible) => Reply::Infeasible,
        Err(SolveError::Solver { message, .. }) => Reply::Failed(message),
        Err(e) => Reply::Failed(e.to_string()),
    }
}

/// `ROTAPLAN_WORKER_STALL_S=S`: the worker waits S seconds before it
/// solves, as a solver stuck in its root LP would. For the tests of the kill.
fn stall_for_tests() {
    if let Some(s) = std::env::var("ROTAPLAN_WORKER_STALL_S").ok().and_then(|v| v.parse::<f64>().ok()) {
        std::thread::sleep(Duration::from_secs_f64(s.max(0.0)));
    }
}
