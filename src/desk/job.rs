//! A solve the desk runs for a new candidate plan. It waits its turn (one
//! solve per core), then runs in a child process, the rotaplan binary in
//! its hidden desk-solve mode, whose JSON progress lines (the schema of
//! `solve --progress json`) the solve page shows as they come, and which
//! a cancel kills at once. The child sends back the plan's assignment; the
//! desk checks it again before it becomes a candidate. A program that links
//! the library without naming the binary solves in its own thread: the
//! same plan, with the phase only, and a cancel that discards the result.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::opened::Opened;
use super::workspace::{self, Decision, Solution};
use crate::pipeline::RunOptions;
use crate::plan::{Plan, Status};

/// The first argument that starts the binary in desk-solve mode.
pub const CHILD_ARG: &str = "__desk-solve";

/// How often the child writes a progress line.
const EVERY: Duration = Duration::from_millis(500);

/// One progress line as the child writes it (`crate::heartbeat::Line`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Progress {
    pub phase: String,
    pub elapsed_s: f64,
    pub parts: usize,
    pub parts_solved: usize,
    pub best: Option<f64>,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
}

/// Where a job is.
#[derive(Debug, Clone)]
pub enum State {
    /// Queued behind other solves.
    Waiting,
    /// Solving; the last progress line, once one came.
    Running(Option<Progress>),
    /// Candidate `n` (1-based) of its workspace holds the result;
    /// `unsaved` says why the workspace could not be saved, if so.
    Done {
        n: usize,
        unsaved: Option<String>,
    },
    Cancelled,
}

/// A solve asked for at the desk.
pub struct Job {
    /// The scenario it solves, and whose workspace gets the candidate.
    pub opened: Arc<Opened>,
    /// The candidate's name (empty: numbered when it lands).
    pub name: String,
    pub decisions: Vec<Decision>,
    pub started: Instant,
    cancelled: AtomicBool,
    state: Mutex<State>,
}

impl Job {
    pub fn new(opened: Arc<Opened>, name: String, decisions: Vec<Decision>) -> Job {
        let (cancelled, state) = (AtomicBool::new(false), Mutex::new(State::Waiting));
        Job { opened, name, decisions, started: Instant::now(), cancelled, state }
    }

    pub fn state(&self) -> State {
        self.state.lock().map(|s| s.clone()).unwrap_or(State::Cancelled)
    }

    pub(super) fn set(&self, state: State) {
        if let Ok(mut s) = self.state.lock() {
            *s = state;
        }
    }

    /// Asks the job to stop: a waiting job never starts, a running child is killed.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    fn progress(&self, p: Progress) {
        if let Ok(mut s) = self.state.lock() {
            if matches!(*s, State::Running(_)) {
                *s = State::Running(Some(p));
            }
        }
    }
}

/// What the desk asks its child.
#[derive(Serialize, Deserialize)]
struct Request {
    scenario: PathBuf,
    decisions: Vec<Decision>,
    solver: Option<String>,
    time_limit: Option<f64>,
}

/// What the child answers: the plan by post and cadre index of the same
/// scenario (the desk loads it too, and checks the plan again).
#[derive(Serialize, Deserialize)]
enum Reply {
    Solved { assignment: Vec<Option<usize>>, successors: Vec<Vec<usize>>, status: Status, bound: Option<f64> },
    Failed(String),
}

/// Solves `job` (already running), in a child of `program` when given.
/// `Err` carries why there is no plan, or that the job was cancelled.
pub(super) fn solve(job: &Job, program: Option<&Path>, run: &RunOptions) -> Result<Solution, String> {
    let shared = job.opened.work().shared(&job.decisions);
    match program {
        Some(p) => in_child(job, p, run, shared),
        None => workspace::solve(&job.opened.path, &job.decisions, run, None, shared),
    }
}

fn in_child(
    job: &Job,
    program: &Path,
    run: &RunOptions,
    shared: Option<workspace::Prepared>,
) -> Result<Solution, String> {
    let request = Request {
        scenario: job.opened.path.clone(),
        decisions: job.decisions.clone(),
        solver: run.solver.clone(),
        time_limit: run.time_limit,
    };
    let body = serde_json::to_vec(&request).map_err(|e| e.to_string())?;
    let mut child = Command::new(program)
        .arg(CHILD_ARG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the solver process {}: {e}", program.display()))?;
    let reply = talk(job, &mut child, &body);
    let _ = child.kill();
    let _ = child.wait();
    match reply? {
        Reply::Solved { assignment, successors, status, bound } => {
            let plan = Plan { assignment, successors };
            workspace::adopt(&job.opened.path, &job.decisions, shared, plan, status, bound)
        }
        Reply::Failed(e) => Err(e),
    }
}

/// Sends the request, reads progress lines and the reply, and kills the
/// child as soon as the job is cancelled.
fn talk(job: &Job, child: &mut Child, body: &[u8]) -> Result<Reply, String> {
    let (Some(mut stdin), Some(mut stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err("the solver process has no pipes".into());
    };
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let _ = stdin.write_all(body);
        });
        let said = scope.spawn(move || listen(job, stderr));
        let answer = scope.spawn(move || {
            let mut bytes = Vec::new();
            stdout.read_to_end(&mut bytes).map(|_| bytes)
        });
        while !answer.is_finished() {
            if job.is_cancelled() {
                let _ = child.kill();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let other = said.join().unwrap_or_default();
        if job.is_cancelled() {
            return Err("cancelled".into());
        }
        let bytes = answer.join().map_err(|_| "the solver process's reply was lost".to_string())?;
        let bytes = bytes.map_err(|e| e.to_string())?;
        serde_json::from_slice(&bytes).map_err(|_| format!("the solver process ended without a plan: {other}"))
    })
}

/// Progress lines become the job's progress; the last few other lines
/// (a solver's log can be long) are kept for an error message.
fn listen(job: &Job, stderr: impl Read) -> String {
    const KEPT: usize = 20;
    let mut other = std::collections::VecDeque::with_capacity(KEPT);
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        match serde_json::from_str::<Progress>(&line) {
            Ok(p) => job.progress(p),
            Err(_) => {
                if other.len() == KEPT {
                    other.pop_front();
                }
                other.push_back(line.trim().to_string());
            }
        }
    }
    Vec::from(other).join(" ")
}

/// The desk-solve mode: reads one request on standard input, solves it with
/// progress lines on standard error, and writes the reply on standard output.
pub fn serve_child() -> i32 {
    let mut input = Vec::new();
    if std::io::stdin().read_to_end(&mut input).is_err() {
        return 1;
    }
    let reply = match serde_json::from_slice::<Request>(&input) {
        Ok(r) => answer(r),
        Err(e) => Reply::Failed(format!("unreadable request: {e}")),
    };
    let mut out = std::io::stdout().lock();
    match serde_json::to_writer(&mut out, &reply).map(|()| out.flush()) {
        Ok(Ok(())) => 0,
        _ => 1,
    }
}

fn answer(r: Request) -> Reply {
    let run = RunOptions { solver: r.solver, time_limit: r.time_limit, ..RunOptions::default() };
    let beat = crate::heartbeat::Heartbeat::start(crate::heartbeat::Format::Json, EVERY);
    stall_for_tests();
    let solved = workspace::solve(&r.scenario, &r.decisions, &run, Some(&beat), None);
    beat.finish();
    match solved {
        Ok(s) => Reply::Solved {
            assignment: s.plan.assignment,
            successors: s.plan.successors,
            status: s.status,
            bound: s.bound,
        },
        Err(e) => Reply::Failed(e),
    }
}

/// A test hook: `ROTAPLAN_DESK_STALL_S` seconds of waiting before the solve,
/// so that a test can cancel a solve that is surely still running.
fn stall_for_tests() {
    let stall = std::env::var("ROTAPLAN_DESK_STALL_S").ok().and_then(|s| s.parse::<f64>().ok());
    if let Some(s) = stall.filter(|s| s.is_finite() && *s > 0.0) {
        std::thread::sleep(Duration::from_secs_f64(s.min(3600.0)));
    }
}
