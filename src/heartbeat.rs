//! Progress of one solve for a log or a program (issue 15): a line on
//! standard error at least every 10 s while the solve runs, with the phase,
//! the seconds elapsed and the independent parts solved, as text or as one
//! JSON object per line. The MIP backends report nothing while they search
//! (the solver library offers no callback); once every part has a plan and
//! a bound (from the Lagrangian relaxation, or its proof), a line carries
//! the best plan's objective, the bound and the gap.

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
    /// A terminal: the text line's content in a spinner's message, redrawn
    /// in place every `BAR_REFRESH` and cleared at the end.
    Bar,
}

/// How often a terminal's progress line is redrawn (a log gets a line
/// every 10 s, which a person watching a terminal would find slow).
const BAR_REFRESH: Duration = Duration::from_millis(250);

/// What the solver counts while it runs: independent parts, and those
/// solved; per part, its best plan and bound (model values) once known.
#[derive(Debug, Default)]
pub struct Parts {
    pub total: AtomicUsize,
    pub solved: AtomicUsize,
    known: Mutex<Known>,
}

/// Per part (best, bound), and the constant that turns their sums into the objective.
#[derive(Debug, Default)]
struct Known {
    parts: Vec<Option<(f64, f64)>>,
    constant: f64,
    /// The solve's result: the plan's objective and its bound, when known.
    settled: Option<(f64, Option<f64>)>,
}

impl Parts {
    /// Starts counting `n` parts; objective = Σ part values + `constant`.
    pub fn begin(&self, n: usize, constant: f64) {
        self.total.store(n, Ordering::Relaxed);
        if let Ok(mut k) = self.known.lock() {
            *k = Known { parts: vec![None; n], constant, settled: None };
        }
    }

    /// Part `i` has a plan worth `best` and a proven bound `bound`. The
    /// part keeps its best plan and its lowest bound so far: a search that
    /// resumes may report a weaker bound than one found before it, and
    /// every report holds, so the line never goes backwards.
    pub fn report(&self, i: usize, best: f64, bound: f64) {
        if let Ok(mut k) = self.known.lock() {
            if let Some(slot) = k.parts.get_mut(i) {
                *slot = Some(slot.map_or((best, bound), |(b, u)| (b.max(best), u.min(bound))));
            }
        }
    }

    /// The solve ended with a plan of this objective and this bound.
    pub fn settle(&self, objective: f64, bound: Option<f64>) {
        if let Ok(mut k) = self.known.lock() {
            k.settled = Some((objective, bound));
        }
    }

    /// (objective of the best plan, bound): the result once settled, else
    /// the parts' sums when every part has both.
    pub fn best_and_bound(&self) -> (Option<f64>, Option<f64>) {
        let Ok(k) = self.known.lock() else { return (None, None) };
        if let Some((best, bound)) = k.settled {
            return (Some(best), bound);
        }
        let all: Option<Vec<(f64, f64)>> = k.parts.iter().copied().collect();
        match all.filter(|a| !a.is_empty()) {
            Some(all) => {
                let (b, u) = all.iter().fold((k.constant, k.constant), |(b, u), (pb, pu)| (b + pb, u + pu));
                (Some(b), Some(u))
            }
            None => (None, None),
        }
    }
}

/// One progress line.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub phase: &'static str,
    pub elapsed_s: f64,
    pub parts: usize,
    pub parts_solved: usize,
    /// The best plan's objective, the proven bound and the gap (as in plan.json), once known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
}

impl Line {
    fn render(&self, format: Format) -> String {
        match format {
            Format::Json => serde_json::to_string(self).unwrap_or_default(),
            Format::Text | Format::Bar => {
                let known = match (self.best, self.bound, self.gap) {
                    (Some(b), Some(u), Some(g)) => format!(", best plan {b:.1}, bound {u:.1}, gap {:.2}%", g * 100.0),
                    (Some(b), _, _) => format!(", best plan {b:.1}"),
                    _ => String::new(),
                };
                format!(
                    "rotaplan: {}, {:.0} s, {} of {} independent part(s) solved{known}",
                    self.phase, self.elapsed_s, self.parts_solved, self.parts
                )
            }
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
    /// Starts writing a line every `every` to standard error (a terminal's
    /// line is redrawn every `BAR_REFRESH` instead).
    pub fn start(format: Format, every: Duration) -> Heartbeat {
        let (phase, parts) = (Arc::new(Mutex::new("load")), Arc::new(Parts::default()));
        let (stop, rx) = mpsc::channel::<()>();
        let started = Instant::now();
        let (p, n) = (phase.clone(), parts.clone());
        let thread = std::thread::spawn(move || match format {
            Format::Bar => redraw(&rx, || line(&p, &n, started).render(format)),
            _ => {
                while let Err(RecvTimeoutError::Timeout) = rx.recv_timeout(every) {
                    eprintln!("{}", line(&p, &n, started).render(format));
                }
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

/// A spinner on standard error whose message is `message()`, redrawn until
/// `stop` hears from the heartbeat (or it is gone), then cleared. indicatif
/// draws nothing when standard error is not a terminal.
fn redraw(stop: &mpsc::Receiver<()>, message: impl Fn() -> String) {
    let bar = indicatif::ProgressBar::new_spinner();
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg}") {
        bar.set_style(style);
    }
    loop {
        bar.set_message(message());
        bar.tick();
        if !matches!(stop.recv_timeout(BAR_REFRESH), Err(RecvTimeoutError::Timeout)) {
            break;
        }
    }
    bar.finish_and_clear();
}

fn line(phase: &Mutex<&'static str>, parts: &Parts, started: Instant) -> Line {
    let (best, bound) = parts.best_and_bound();
    Line {
        phase: phase.lock().map(|p| *p).unwrap_or("search"),
        elapsed_s: (started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
        parts: parts.total.load(Ordering::Relaxed),
        parts_solved: parts.solved.load(Ordering::Relaxed),
        best,
        bound,
        // The same figure as plan.json's gap.
        gap: best.zip(bound).map(|(b, u)| (u - b).abs() / b.abs().max(1.0)),
    }
}
