//! Progress of one solve for a log or a program (issue 15): a line on
//! standard error at least every 10 s while the solve runs, with the phase,
//! the seconds elapsed and the independent parts solved, as text or as one
//! JSON object per line. The MIP backends report nothing while they search
//! (the solver library offers no callback), so a line carries no incumbent or bound.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::Serialize;

/// How progress lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// What the solver counts while it runs: independent parts, and those solved.
#[derive(Debug, Default)]
pub struct Parts {
    pub total: AtomicUsize,
    pub solved: AtomicUsize,
}

/// One progress line.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub phase: &'static str,
    pub elapsed_s: f64,
    pub parts: usize,
    pub parts_solved: usize,
}

impl Line {
    fn render(&self, format: Format) -> String {
        match format {
            Format::Json => serde_json::to_string(self).unwrap_or_default(),
            Format::Text => format!(
                "rotaplan: {}, {:.0} s, {} of {} independent part(s) solved",
                self.phase, self.elapsed_s, self.parts_solved, self.parts
            ),
        }
    }
}

/// A running heartbeat; [`Heartbeat::finish`] prints the last line (`done`) and stops it.
pub struct Heartbeat {
    phase: Arc<Mutex<&'static str>>,
    pub parts: Arc<Parts>,
    stop: mpsc::Sender<()>,
    thread: Option<JoinHandle<()>>,
    started: Instant,
    format: Format,
}

impl Heartbeat {
    /// Starts writing a line every `every` to standard error.
    pub fn start(format: Format, every: Duration) -> Heartbeat {
        let (phase, parts) = (Arc::new(Mutex::new("load")), Arc::new(Parts::default()));
        let (stop, rx) = mpsc::channel::<()>();
        let started = Instant::now();
        let (p, n) = (phase.clone(), parts.clone());
        let thread = std::thread::spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = rx.recv_timeout(every) {
                eprintln!("{}", line(&p, &n, started).render(format));
            }
        });
        Heartbeat { phase, parts, stop, thread: Some(thread), started, format }
    }

    /// Enters a phase (`eligibility`, `search`, `check`, `explanations`).
    pub fn phase(&self, name: &'static str) {
        if let Ok(mut p) = self.phase.lock() {
            *p = name;
        }
    }

    /// Stops the heartbeat; a JSON heartbeat ends with a `done` line.
    pub fn finish(mut self) {
        let _ = self.stop.send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if self.format == Format::Json {
            self.phase("done");
            eprintln!("{}", line(&self.phase, &self.parts, self.started).render(self.format));
        }
    }
}

fn line(phase: &Mutex<&'static str>, parts: &Parts, started: Instant) -> Line {
    Line {
        phase: phase.lock().map(|p| *p).unwrap_or("search"),
        elapsed_s: (started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
        parts: parts.total.load(Ordering::Relaxed),
        parts_solved: parts.solved.load(Ordering::Relaxed),
    }
}
