//! The committee's desk (issue 16): a local web app over the same library
//! as the command line, in Vietnamese first. It serves on 127.0.0.1 only;
//! every request carries the random access token printed at start (as a
//! cookie once the printed address has been opened), every POST carries the
//! forgery token of the page it came from, and `--read-only` refuses every
//! POST. Pages are rendered on the server (`pages.rs`, `explain.rs`) from
//! the messages in `locales/desk.yml`; nothing is loaded from elsewhere.
//! Candidate plans and the decision log live in `workspace.rs`.

mod auth;
mod explain;
mod export;
mod map;
mod pages;
pub mod workspace;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{Form, Path, Query, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::model::Scenario;
use crate::pipeline::RunOptions;
use crate::scenario::InputErrors;
use workspace::{Candidate, Change, Decision, Workspace};

pub use pages::Lang;

/// How the desk was started.
#[derive(Debug, Clone)]
pub struct DeskOptions {
    /// The scenario folder.
    pub scenario: PathBuf,
    pub read_only: bool,
    /// How each solve runs (solver, time limit).
    pub run: RunOptions,
    /// Where candidate plans and the log persist (`None`: `<scenario>.desk`
    /// beside the scenario folder).
    pub workspace: Option<PathBuf>,
}

impl DeskOptions {
    /// The workspace folder: as given, or `<scenario>.desk` beside the scenario.
    pub fn workspace_folder(&self) -> PathBuf {
        self.workspace.clone().unwrap_or_else(|| {
            let name = self.scenario.file_name().map_or("scenario".into(), |n| n.to_string_lossy().into_owned());
            self.scenario.with_file_name(format!("{name}.desk"))
        })
    }
}

/// Why the desk cannot start: its workspace folder is not one it may use.
#[derive(Debug, thiserror::Error)]
#[error("workspace {}: {message}", path.display())]
pub struct WorkspaceError {
    pub path: PathBuf,
    pub message: String,
}

/// The desk's state, shared by every request.
pub struct Desk {
    opts: DeskOptions,
    token: String,
    csrf: String,
    /// The port it listens on: requests must name 127.0.0.1 or localhost with it.
    port: u16,
    scenario: Result<Scenario, InputErrors>,
    work: Mutex<Workspace>,
    /// At most one solve per core; the others wait their turn.
    solves: tokio::sync::Semaphore,
    queue: SolveQueue,
    saves: Saves,
}

/// The workspace's files at one moment, numbered.
struct Snapshot {
    generation: u64,
    files: Vec<(String, Vec<u8>)>,
}

/// The order of the workspace's snapshots: the last number taken, and
/// (held while writing) the last one written.
#[derive(Default)]
struct Saves {
    taken: std::sync::atomic::AtomicU64,
    written: Mutex<u64>,
}

/// Counts of the solves, for `/status` (and the load test).
#[derive(Default)]
struct SolveQueue {
    waiting: AtomicUsize,
    running: AtomicUsize,
    /// The most solves that ever ran at once.
    peak: AtomicUsize,
    done: AtomicUsize,
}

/// One more in a count while it lives: a request dropped halfway (the
/// browser went away) leaves the counts true.
struct Counted<'a> {
    count: &'a AtomicUsize,
    /// The count with this one.
    now: usize,
}

impl<'a> Counted<'a> {
    fn new(count: &'a AtomicUsize) -> Counted<'a> {
        Counted { count, now: count.fetch_add(1, Ordering::SeqCst) + 1 }
    }
}

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What `/status` reports.
#[derive(Debug, serde::Serialize)]
pub struct Status {
    pub cores: usize,
    pub waiting: usize,
    pub running: usize,
    pub peak_running: usize,
    pub solves_done: usize,
    pub candidates: usize,
}

impl Desk {
    /// A desk for `opts`, listening on `port`, with fresh random tokens and
    /// the workspace saved earlier, if any.
    pub fn new(opts: DeskOptions, port: u16) -> Result<Desk, WorkspaceError> {
        let scenario = crate::scenario::load(&opts.scenario);
        let folder = opts.workspace_folder();
        let fail = |message: String| WorkspaceError { path: folder.clone(), message };
        crate::output::check_target(&folder, crate::output::Kind::Desk).map_err(|e| fail(e.to_string()))?;
        let work = match &scenario {
            Ok(sc) => Workspace::restore(&opts.scenario, &folder, &sc.input_hash).map_err(fail)?,
            Err(_) => Workspace::default(),
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ok(Desk {
            opts,
            token: auth::random_token(),
            csrf: auth::random_token(),
            port,
            scenario,
            work: Mutex::new(work),
            solves: tokio::sync::Semaphore::new(cores),
            queue: SolveQueue::default(),
            saves: Saves::default(),
        })
    }

    /// The workspace's files now, numbered in the order of the changes
    /// (taken under the workspace lock: the plan files are ready-made
    /// bytes); `None` in read-only mode or without a scenario.
    fn snapshot(&self, work: &Workspace) -> Result<Option<Snapshot>, String> {
        let Ok(sc) = &self.scenario else { return Ok(None) };
        if self.opts.read_only {
            return Ok(None);
        }
        let generation = self.saves.taken.fetch_add(1, Ordering::SeqCst) + 1;
        Ok(Some(Snapshot { generation, files: work.files(&sc.input_hash)? }))
    }

    /// Writes a snapshot whole, off the request threads, unless a later one
    /// is already written (two requests may end in either order).
    async fn write(self: &Arc<Self>, snapshot: Option<Snapshot>) -> Result<(), String> {
        let Some(snap) = snapshot else { return Ok(()) };
        let desk = self.clone();
        let written = tokio::task::spawn_blocking(move || {
            let mut last = desk.saves.written.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if snap.generation <= *last {
                return Ok(());
            }
            let folder = desk.opts.workspace_folder();
            crate::output::write_folder(&folder, crate::output::Kind::Desk, &snap.files)
                .map_err(|e| format!("cannot save the workspace {}: {e}", folder.display()))?;
            *last = snap.generation;
            Ok(())
        });
        written.await.unwrap_or_else(|e| Err(e.to_string()))
    }

    /// The address to open: it carries the access token.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    /// The access token (tests and the printed address).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The forgery token every form carries.
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// The solve queue and the number of candidates now.
    pub fn status(&self) -> Status {
        let q = &self.queue;
        Status {
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            waiting: q.waiting.load(Ordering::SeqCst),
            running: q.running.load(Ordering::SeqCst),
            peak_running: q.peak.load(Ordering::SeqCst),
            solves_done: q.done.load(Ordering::SeqCst),
            candidates: self.work().candidates.len(),
        }
    }

    fn work(&self) -> MutexGuard<'_, Workspace> {
        self.work.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Every route of the desk, behind the token and host checks.
pub fn router(desk: Arc<Desk>) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/plans", get(plans))
        .route("/plans/{n}", get(plan))
        .route("/plans/{n}/posts/{id}", get(post_page))
        .route("/plans/{n}/cadres/{id}", get(cadre_page))
        .route("/plans/{n}/map", get(map_page))
        .route("/plans/{n}/files/{name}", get(export_file))
        .route("/compare", get(compare))
        .route("/log", get(log))
        .route("/log/decisions.csv", get(log_csv))
        .route("/log/audit.jsonl", get(log_audit))
        .route("/solve", post(solve))
        .route("/decide", post(decide))
        .route("/lang/{code}", get(language))
        .route("/status", get(status))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(desk.clone(), auth::guard))
        .with_state(desk)
}

/// Serves `opts` on 127.0.0.1:`port` (0: any free port) until stopped;
/// `ready` gets the address to open (with its token) once it listens.
pub fn serve(opts: DeskOptions, port: u16, ready: impl FnOnce(&str)) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let desk = Arc::new(Desk::new(opts, listener.local_addr()?.port()).map_err(std::io::Error::other)?);
        ready(&desk.url());
        axum::serve(listener, router(desk)).await
    })
}

type Shared = State<Arc<Desk>>;

async fn overview(State(desk): Shared, headers: HeaderMap) -> Response {
    pages::overview(&desk, Lang::of(&headers)).into_response()
}

async fn plans(State(desk): Shared, headers: HeaderMap) -> Response {
    pages::plans(&desk, Lang::of(&headers), &auth::user(&headers)).into_response()
}

/// The plan page's filters (`?unit=&title=&change=&q=`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Filters {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub change: String,
    #[serde(default)]
    pub q: String,
}

async fn plan(State(desk): Shared, headers: HeaderMap, Path(n): Path<usize>, Query(f): Query<Filters>) -> Response {
    let lang = Lang::of(&headers);
    pages::plan(&desk, lang, n, &f).map_or_else(|| not_found_in(lang), IntoResponse::into_response)
}

/// `?price=1` asks for the price of every alternative (one re-solve each).
#[derive(Debug, Default, serde::Deserialize)]
pub struct PriceQuery {
    #[serde(default)]
    pub price: u8,
}

async fn post_page(
    State(desk): Shared,
    headers: HeaderMap,
    Path((n, id)): Path<(usize, String)>,
    Query(q): Query<PriceQuery>,
) -> Response {
    let (lang, user) = (Lang::of(&headers), auth::user(&headers));
    let worker = desk.clone();
    let page = tokio::task::spawn_blocking(move || explain::post(&worker, lang, n, &id, q.price == 1, &user)).await;
    page.ok().flatten().map_or_else(|| not_found_in(lang), IntoResponse::into_response)
}

async fn cadre_page(State(desk): Shared, headers: HeaderMap, Path((n, id)): Path<(usize, String)>) -> Response {
    let lang = Lang::of(&headers);
    explain::cadre(&desk, lang, n, &id).map_or_else(|| not_found_in(lang), IntoResponse::into_response)
}

async fn map_page(State(desk): Shared, headers: HeaderMap, Path(n): Path<usize>) -> Response {
    let lang = Lang::of(&headers);
    map::page(&desk, lang, n).map_or_else(|| not_found_in(lang), IntoResponse::into_response)
}

/// `/plans/{n}/files/{plan.csv|plan.xlsx|report.html}`: a candidate's files.
async fn export_file(State(desk): Shared, headers: HeaderMap, Path((n, name)): Path<(usize, String)>) -> Response {
    let lang = Lang::of(&headers);
    let Some((plan, s)) = explain::solution(&desk, n) else { return not_found_in(lang) };
    match export::file(&s, &name) {
        None => not_found_in(lang),
        Some(Err(e)) => (StatusCode::INTERNAL_SERVER_ERROR, pages::problem(lang, &e)).into_response(),
        Some(Ok(x)) => {
            let who = auth::user(&headers);
            let exported = Decision::now(Change::Export { plan, file: name.clone() }, &who, "");
            let snapshot = {
                let mut work = desk.work();
                work.log.push(exported);
                desk.snapshot(&work)
            };
            if let Err(e) = persist(&desk, snapshot).await {
                return (StatusCode::INTERNAL_SERVER_ERROR, pages::problem(lang, &e)).into_response();
            }
            let disposition = if x.inline { "inline".to_string() } else { format!("attachment; filename=\"{name}\"") };
            ([(header::CONTENT_TYPE, x.mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], x.bytes)
                .into_response()
        }
    }
}

/// `?pick=1&pick=2` (the plans page's boxes) or `?plans=1,2`: the candidates to compare.
async fn compare(State(desk): Shared, headers: HeaderMap, RawQuery(q): RawQuery) -> Response {
    let q = q.unwrap_or_default();
    let picked: Vec<usize> = q
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .filter(|(k, _)| *k == "pick" || *k == "plans")
        .flat_map(|(_, v)| v.split("%2C").flat_map(|v| v.split(',')))
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    pages::compare(&desk, Lang::of(&headers), &picked).into_response()
}

async fn log(State(desk): Shared, headers: HeaderMap) -> Response {
    pages::log(&desk, Lang::of(&headers)).into_response()
}

async fn log_csv(State(desk): Shared) -> Response {
    let bytes = workspace::decisions_csv(&desk.work().log);
    download(bytes.map_err(|e| e.to_string()), "text/csv; charset=utf-8", "decisions.csv")
}

async fn log_audit(State(desk): Shared) -> Response {
    let bytes = workspace::audit_jsonl(&desk.work().log);
    download(bytes.map_err(|e| e.to_string()), "application/x-ndjson", "audit.jsonl")
}

fn download(bytes: Result<Vec<u8>, String>, mime: &'static str, name: &str) -> Response {
    match bytes {
        Ok(b) => {
            let disposition = format!("attachment; filename=\"{name}\"");
            ([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], b).into_response()
        }
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e).into_response(),
    }
}

/// The form that solves a new candidate: the decisions of plan `base`
/// (0: the scenario as it is) and every pending one.
#[derive(Debug, serde::Deserialize)]
pub struct SolveForm {
    pub csrf: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub base: usize,
}

async fn solve(State(desk): Shared, headers: HeaderMap, Form(form): Form<SolveForm>) -> Response {
    let lang = Lang::of(&headers);
    if let Err(refusal) = auth::may_post(&desk, &headers, &form.csrf) {
        return refusal.response(lang);
    }
    let Some(decisions) = next_decisions(&desk, form.base) else { return not_found_in(lang) };
    let q = &desk.queue;
    let waiting = Counted::new(&q.waiting);
    let Ok(_turn) = desk.solves.acquire().await else {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting down").into_response();
    };
    drop(waiting);
    let running = Counted::new(&q.running);
    q.peak.fetch_max(running.now, Ordering::SeqCst);
    let (dir, run, given) = (desk.opts.scenario.clone(), desk.opts.run.clone(), decisions.clone());
    let result = tokio::task::spawn_blocking(move || workspace::solve(&dir, &given, &run))
        .await
        .unwrap_or_else(|e| Err(format!("the solve stopped: {e}")))
        .map(Arc::new);
    drop(running);
    q.done.fetch_add(1, Ordering::SeqCst);
    let (n, snapshot) = {
        let mut work = desk.work();
        let n = work.candidates.len() + 1;
        let name = if form.name.trim().is_empty() { format!("#{n}") } else { form.name.trim().to_string() };
        work.pending.retain(|d| !decisions.contains(d));
        work.candidates.push(Candidate { name, decisions, result });
        (n, desk.snapshot(&work))
    };
    saved(&desk, snapshot, lang, &format!("/plans/{n}")).await
}

/// The decisions of candidate `base` (none for 0) followed by the pending ones.
fn next_decisions(desk: &Desk, base: usize) -> Option<Vec<Decision>> {
    let work = desk.work();
    let mut out = match base {
        0 => Vec::new(),
        n => work.candidates.get(n - 1)?.decisions.clone(),
    };
    out.extend(work.pending.iter().cloned());
    Some(out)
}

/// A pin, a forbid or an override, with who and why.
#[derive(Debug, serde::Deserialize)]
pub struct DecideForm {
    pub csrf: String,
    pub action: String,
    #[serde(default)]
    pub cadre: String,
    #[serde(default)]
    pub post: String,
    #[serde(default)]
    pub set: String,
    #[serde(default)]
    pub who: String,
    #[serde(default)]
    pub why: String,
    /// The desk page to return to.
    #[serde(default)]
    pub back: String,
}

async fn decide(State(desk): Shared, headers: HeaderMap, Form(form): Form<DecideForm>) -> Response {
    let lang = Lang::of(&headers);
    if let Err(refusal) = auth::may_post(&desk, &headers, &form.csrf) {
        return refusal.response(lang);
    }
    let change = match decision_change(&form) {
        Ok(c) => c,
        Err(key) => return (StatusCode::BAD_REQUEST, pages::message(lang, key)).into_response(),
    };
    let decision = Decision::now(change, &form.who, &form.why);
    let snapshot = {
        let mut work = desk.work();
        work.pending.push(decision.clone());
        work.log.push(decision);
        desk.snapshot(&work)
    };
    // Only a desk page: never an address elsewhere.
    let back = if form.back.starts_with('/') && !form.back.starts_with("//") { form.back.as_str() } else { "/plans" };
    let cookie = format!("rotaplan_user={}; Path=/; SameSite=Strict; HttpOnly", auth::cookie_value(&form.who));
    ([(header::SET_COOKIE, cookie)], saved(&desk, snapshot, lang, back).await).into_response()
}

/// Saves the workspace, then sends the browser to `to`; a page that says
/// so when the workspace cannot be written (the change stays in memory).
async fn saved(desk: &Arc<Desk>, snapshot: Result<Option<Snapshot>, String>, lang: Lang, to: &str) -> Response {
    match persist(desk, snapshot).await {
        Ok(()) => Redirect::to(to).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, pages::problem(lang, &e)).into_response(),
    }
}

async fn persist(desk: &Arc<Desk>, snapshot: Result<Option<Snapshot>, String>) -> Result<(), String> {
    desk.write(snapshot?).await
}

/// The change a decision form asks for, or the message key of what is missing.
fn decision_change(f: &DecideForm) -> Result<Change, &'static str> {
    if f.who.trim().is_empty() {
        return Err("error.no_name");
    }
    if f.why.trim().is_empty() {
        return Err("error.no_reason");
    }
    let pair = || (f.cadre.trim().to_string(), f.post.trim().to_string());
    match f.action.as_str() {
        "pin" => Ok(Change::Pin { cadre_id: pair().0, position_id: pair().1 }),
        "forbid" => Ok(Change::Forbid { cadre_id: pair().0, position_id: pair().1 }),
        "set" if crate::scenario::Override::parse(f.set.trim()).is_ok() => {
            Ok(Change::Set { key_value: f.set.trim().to_string() })
        }
        _ => Err("error.bad_decision"),
    }
}

async fn status(State(desk): Shared) -> Response {
    axum::Json(desk.status()).into_response()
}

/// `/lang/vi` or `/lang/en`: remembers the language in a cookie.
async fn language(Path(code): Path<String>) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let cookie = format!("rotaplan_lang={}; Path=/; SameSite=Strict; HttpOnly", lang.code());
    ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response()
}

async fn not_found(headers: HeaderMap) -> Response {
    not_found_in(Lang::of(&headers))
}

fn not_found_in(lang: Lang) -> Response {
    (StatusCode::NOT_FOUND, pages::message(lang, "error.not_found")).into_response()
}
