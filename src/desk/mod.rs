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
pub mod job;
mod map;
pub mod opened;
mod pages;
pub mod workspace;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use axum::extract::{Form, Path, Query, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::pipeline::RunOptions;
use job::{Job, State as JobState};
use opened::{Opened, Snapshot};
use workspace::{Candidate, Change, Decision};

pub use pages::{lang_of, Lang};

/// How the desk was started.
#[derive(Debug, Clone)]
pub struct DeskOptions {
    /// The scenario folder.
    pub scenario: PathBuf,
    pub read_only: bool,
    /// How each solve runs (solver, time limit).
    pub run: RunOptions,
    /// Where candidate plans and the log persist (`None`: `<scenario>.desk`
    /// beside the scenario folder). Scenarios opened later at the desk
    /// always use `<scenario>.desk`.
    pub workspace: Option<PathBuf>,
    /// The rotaplan binary, to solve in child processes (live progress, a
    /// cancel that stops at once); `None`: solves run in this process.
    pub program: Option<PathBuf>,
    /// Exports carry stable codes in place of the cadres' names and ids.
    pub pseudonymize: bool,
}

impl DeskOptions {
    /// The workspace folder: as given, or `<scenario>.desk` beside the scenario.
    pub fn workspace_folder(&self) -> PathBuf {
        self.workspace.clone().unwrap_or_else(|| opened::default_folder(&self.scenario))
    }

    /// Where uploaded workbooks are kept: `<workspace>-uploads`.
    pub fn uploads_folder(&self) -> PathBuf {
        let ws = self.workspace_folder();
        let name = ws.file_name().map_or("desk".into(), |n| n.to_string_lossy().into_owned());
        ws.with_file_name(format!("{name}-uploads"))
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
    /// The scenario open now, with its workspace.
    opened: RwLock<Arc<Opened>>,
    /// Every solve asked for, numbered from 1.
    jobs: Mutex<Vec<Arc<Job>>>,
    /// At most one solve per core; the others wait their turn.
    solves: tokio::sync::Semaphore,
    queue: SolveQueue,
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
        let opened = Opened::open(&opts.scenario, opts.workspace_folder())?;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ok(Desk {
            opts,
            token: auth::random_token(),
            csrf: auth::random_token(),
            port,
            opened: RwLock::new(Arc::new(opened)),
            jobs: Mutex::new(Vec::new()),
            solves: tokio::sync::Semaphore::new(cores),
            queue: SolveQueue::default(),
        })
    }

    /// The scenario open now.
    pub fn opened(&self) -> Arc<Opened> {
        self.opened.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Opens another scenario in place of this one.
    fn reopen(&self, opened: Opened) {
        *self.opened.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(opened);
    }

    /// Solve `id` (1-based).
    fn job(&self, id: usize) -> Option<Arc<Job>> {
        let jobs = self.jobs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        jobs.get(id.checked_sub(1)?).cloned()
    }

    /// Files a solve; its number.
    fn add_job(&self, job: Arc<Job>) -> usize {
        let mut jobs = self.jobs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        jobs.push(job);
        jobs.len()
    }

    /// The open scenario's workspace files now, unless read-only.
    fn snapshot(&self, open: &Opened, work: &workspace::Workspace) -> Result<Option<Snapshot>, String> {
        open.snapshot(work, self.opts.read_only)
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
            candidates: self.opened().work().candidates.len(),
        }
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
        .route("/open", get(open_page).post(open_path))
        .route("/open/upload", post(open_upload).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD)))
        .route("/solve", post(solve))
        .route("/solves/{id}", get(solve_page))
        .route("/solves/{id}/cancel", post(cancel))
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

/// The largest workbook the Open screen takes (the national scenario's is about 8 MiB).
const MAX_UPLOAD: usize = 256 << 20;

async fn overview(State(desk): Shared, headers: HeaderMap) -> Response {
    pages::overview(&desk, lang_of(&headers)).into_response()
}

async fn plans(State(desk): Shared, headers: HeaderMap) -> Response {
    pages::plans(&desk, lang_of(&headers), &auth::user(&headers)).into_response()
}

/// The plan page's filters (`?unit=&title=&group=&change=&q=`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Filters {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub title: String,
    /// A group of scenario.toml (or a built-in one): posts whose holder is a member.
    #[serde(default)]
    pub group: String,
    /// A change's contract name, or `concurrent` (the holder holds more than one post).
    #[serde(default)]
    pub change: String,
    #[serde(default)]
    pub q: String,
}

async fn plan(State(desk): Shared, headers: HeaderMap, Path(n): Path<usize>, Query(f): Query<Filters>) -> Response {
    let lang = lang_of(&headers);
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
    let (lang, user) = (lang_of(&headers), auth::user(&headers));
    let worker = desk.clone();
    let page = tokio::task::spawn_blocking(move || explain::post(&worker, lang, n, &id, q.price == 1, &user)).await;
    page.ok().flatten().map_or_else(|| not_found_in(lang), IntoResponse::into_response)
}

async fn cadre_page(State(desk): Shared, headers: HeaderMap, Path((n, id)): Path<(usize, String)>) -> Response {
    let lang = lang_of(&headers);
    explain::cadre(&desk, lang, n, &id).map_or_else(|| not_found_in(lang), IntoResponse::into_response)
}

async fn map_page(State(desk): Shared, headers: HeaderMap, Path(n): Path<usize>) -> Response {
    let lang = lang_of(&headers);
    map::page(&desk, lang, n).map_or_else(|| not_found_in(lang), IntoResponse::into_response)
}

/// `/plans/{n}/files/{plan.csv|plan.xlsx|report.html}`: a candidate's files.
async fn export_file(State(desk): Shared, headers: HeaderMap, Path((n, name)): Path<(usize, String)>) -> Response {
    let lang = lang_of(&headers);
    let open = desk.opened();
    let (candidate, key) = {
        let work = open.work();
        (work.candidates.get(n.saturating_sub(1)).filter(|_| n > 0).cloned(), work.key.clone())
    };
    let Some(c) = candidate else { return not_found_in(lang) };
    let Ok(s) = c.result.clone() else { return not_found_in(lang) };
    let pseudonymized = desk.opts.pseudonymize;
    let (plan, file) = (c.name.clone(), name.clone());
    let made =
        tokio::task::spawn_blocking(move || export::file(&c, &s, &name, lang, pseudonymized.then_some(key.as_str())))
            .await;
    match made.ok().flatten() {
        None => not_found_in(lang),
        Some(Err(e)) => (StatusCode::INTERNAL_SERVER_ERROR, pages::problem(lang, &e)).into_response(),
        Some(Ok(x)) => {
            let who = auth::user(&headers);
            let exported = Decision::now(Change::Export { plan, file: file.clone(), pseudonymized }, &who, "");
            let snapshot = {
                let mut work = open.work();
                work.log.push(exported);
                desk.snapshot(&open, &work)
            };
            if let Err(e) = persist(&open, snapshot).await {
                return (StatusCode::INTERNAL_SERVER_ERROR, pages::problem(lang, &e)).into_response();
            }
            let disposition = if x.inline { "inline".to_string() } else { format!("attachment; filename=\"{file}\"") };
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
    pages::compare(&desk, lang_of(&headers), &picked).into_response()
}

async fn log(State(desk): Shared, headers: HeaderMap) -> Response {
    pages::log(&desk, lang_of(&headers)).into_response()
}

async fn log_csv(State(desk): Shared) -> Response {
    let bytes = workspace::decisions_csv(&desk.opened().work().log);
    download(bytes.map_err(|e| e.to_string()), "text/csv; charset=utf-8", "decisions.csv")
}

async fn log_audit(State(desk): Shared) -> Response {
    let bytes = workspace::audit_jsonl(&desk.opened().work().log);
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

async fn open_page(State(desk): Shared, headers: HeaderMap) -> Response {
    pages::open(&desk, lang_of(&headers), None).into_response()
}

/// The Open screen's folder form: a scenario folder or workbook on this machine.
#[derive(Debug, serde::Deserialize)]
pub struct OpenForm {
    pub csrf: String,
    #[serde(default)]
    pub path: String,
}

async fn open_path(State(desk): Shared, headers: HeaderMap, Form(form): Form<OpenForm>) -> Response {
    let lang = lang_of(&headers);
    if let Err(refusal) = auth::may_post(&desk, &headers, &form.csrf) {
        return refusal.response(lang);
    }
    let path = PathBuf::from(form.path.trim());
    let opened = tokio::task::spawn_blocking(move || opened::open_valid(&path)).await;
    switch(&desk, lang, opened.unwrap_or_else(|e| Err(opened::Refused::Message(e.to_string()))))
}

/// The Open screen's upload form (multipart: `csrf`, then `workbook`).
async fn open_upload(State(desk): Shared, headers: HeaderMap, multipart: axum::extract::Multipart) -> Response {
    let lang = lang_of(&headers);
    let (csrf, upload) = match read_upload(multipart).await {
        Ok(x) => x,
        Err(e) => {
            return (StatusCode::BAD_REQUEST, pages::open(&desk, lang, Some(&opened::Refused::Message(e))))
                .into_response()
        }
    };
    if let Err(refusal) = auth::may_post(&desk, &headers, &csrf) {
        return refusal.response(lang);
    }
    let Some((name, bytes)) = upload else {
        let none = opened::Refused::Message(pages::tr(lang, "open.no_file"));
        return (StatusCode::UNPROCESSABLE_ENTITY, pages::open(&desk, lang, Some(&none))).into_response();
    };
    let folder = desk.opts.uploads_folder();
    let opened = tokio::task::spawn_blocking(move || opened::open_upload(&folder, &name, &bytes)).await;
    switch(&desk, lang, opened.unwrap_or_else(|e| Err(opened::Refused::Message(e.to_string()))))
}

/// The forgery token and the uploaded file (name, bytes), if any.
async fn read_upload(mut multipart: axum::extract::Multipart) -> Result<(String, Option<(String, Vec<u8>)>), String> {
    let (mut csrf, mut file) = (String::new(), None);
    while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|e| e.body_text())?,
            Some("workbook") => {
                let name = field.file_name().unwrap_or("workbook.xlsx").to_string();
                let bytes = field.bytes().await.map_err(|e| e.body_text())?;
                file = (!bytes.is_empty()).then(|| (name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    Ok((csrf, file))
}

/// Opens the scenario in place of the current one and shows its overview;
/// a refusal is shown on the Open screen and changes nothing.
fn switch(desk: &Desk, lang: Lang, opened: Result<Opened, opened::Refused>) -> Response {
    match opened {
        Ok(o) => {
            desk.reopen(o);
            Redirect::to("/").into_response()
        }
        Err(r) => (StatusCode::UNPROCESSABLE_ENTITY, pages::open(desk, lang, Some(&r))).into_response(),
    }
}

/// Files the solve and sends the browser to its page (`/solves/{id}`).
async fn solve(State(desk): Shared, headers: HeaderMap, Form(form): Form<SolveForm>) -> Response {
    let lang = lang_of(&headers);
    if let Err(refusal) = auth::may_post(&desk, &headers, &form.csrf) {
        return refusal.response(lang);
    }
    let open = desk.opened();
    let Some(decisions) = next_decisions(&open, form.base) else { return not_found_in(lang) };
    let job = Arc::new(Job::new(open, form.name.trim().to_string(), decisions));
    let id = desk.add_job(job.clone());
    // Its own task: a browser that goes away does not stop the solve.
    tokio::spawn(run_job(desk.clone(), job));
    Redirect::to(&format!("/solves/{id}")).into_response()
}

/// Waits for a core, solves, and files the result as a new candidate of
/// the workspace the solve was asked in (unless cancelled meanwhile).
async fn run_job(desk: Arc<Desk>, job: Arc<Job>) {
    let q = &desk.queue;
    let waiting = Counted::new(&q.waiting);
    let Ok(_turn) = desk.solves.acquire().await else { return job.set(JobState::Cancelled) };
    drop(waiting);
    if job.is_cancelled() {
        return job.set(JobState::Cancelled);
    }
    job.set(JobState::Running(None));
    let running = Counted::new(&q.running);
    q.peak.fetch_max(running.now, Ordering::SeqCst);
    let (worker, program, run) = (job.clone(), desk.opts.program.clone(), desk.opts.run.clone());
    let result = tokio::task::spawn_blocking(move || job::solve(&worker, program.as_deref(), &run))
        .await
        .unwrap_or_else(|e| Err(format!("the solve stopped: {e}")))
        .map(Arc::new);
    drop(running);
    q.done.fetch_add(1, Ordering::SeqCst);
    if job.is_cancelled() {
        return job.set(JobState::Cancelled);
    }
    let open = &job.opened;
    let (n, snapshot) = {
        let mut work = open.work();
        let n = work.candidates.len() + 1;
        let name = if job.name.is_empty() { format!("#{n}") } else { job.name.clone() };
        work.pending.retain(|d| !job.decisions.contains(d));
        work.candidates.push(Candidate { name, decisions: job.decisions.clone(), result });
        (n, desk.snapshot(open, &work))
    };
    let unsaved = persist(open, snapshot).await.err();
    job.set(JobState::Done { n, unsaved });
}

/// The decisions of candidate `base` (none for 0) followed by the pending ones.
fn next_decisions(open: &Opened, base: usize) -> Option<Vec<Decision>> {
    let work = open.work();
    let mut out = match base {
        0 => Vec::new(),
        n => work.candidates.get(n - 1)?.decisions.clone(),
    };
    out.extend(work.pending.iter().cloned());
    Some(out)
}

/// A solve's page: its place in the queue or its progress, refreshed every
/// second, with a cancel button; once done, the new candidate's page.
async fn solve_page(State(desk): Shared, headers: HeaderMap, Path(id): Path<usize>) -> Response {
    let lang = lang_of(&headers);
    let Some(job) = desk.job(id) else { return not_found_in(lang) };
    match job.state() {
        JobState::Done { n, unsaved: None } if Arc::ptr_eq(&job.opened, &desk.opened()) => {
            Redirect::to(&format!("/plans/{n}")).into_response()
        }
        state => pages::solving(&desk, lang, id, &job, &state).into_response(),
    }
}

/// The cancel button of a solve's page.
#[derive(Debug, serde::Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

async fn cancel(
    State(desk): Shared,
    headers: HeaderMap,
    Path(id): Path<usize>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let lang = lang_of(&headers);
    if let Err(refusal) = auth::may_post(&desk, &headers, &form.csrf) {
        return refusal.response(lang);
    }
    let Some(job) = desk.job(id) else { return not_found_in(lang) };
    job.cancel();
    Redirect::to(&format!("/solves/{id}")).into_response()
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
    let lang = lang_of(&headers);
    if let Err(refusal) = auth::may_post(&desk, &headers, &form.csrf) {
        return refusal.response(lang);
    }
    let change = match decision_change(&form) {
        Ok(c) => c,
        Err(key) => return (StatusCode::BAD_REQUEST, pages::message(lang, key)).into_response(),
    };
    let decision = Decision::now(change, &form.who, &form.why);
    let open = desk.opened();
    let snapshot = {
        let mut work = open.work();
        work.pending.push(decision.clone());
        work.log.push(decision);
        desk.snapshot(&open, &work)
    };
    // Only a desk page: never an address elsewhere.
    let back = if form.back.starts_with('/') && !form.back.starts_with("//") { form.back.as_str() } else { "/plans" };
    let cookie = format!("rotaplan_user={}; Path=/; SameSite=Strict; HttpOnly", auth::cookie_value(&form.who));
    ([(header::SET_COOKIE, cookie)], saved(&open, snapshot, lang, back).await).into_response()
}

/// Saves the workspace, then sends the browser to `to`; a page that says
/// so when the workspace cannot be written (the change stays in memory).
async fn saved(open: &Arc<Opened>, snapshot: Result<Option<Snapshot>, String>, lang: Lang, to: &str) -> Response {
    match persist(open, snapshot).await {
        Ok(()) => Redirect::to(to).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, pages::problem(lang, &e)).into_response(),
    }
}

async fn persist(open: &Arc<Opened>, snapshot: Result<Option<Snapshot>, String>) -> Result<(), String> {
    open.write(snapshot?).await
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
    let lang = Lang::parse(&code).unwrap_or(Lang::Vi);
    let cookie = format!("rotaplan_lang={}; Path=/; SameSite=Strict; HttpOnly", lang.code());
    ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response()
}

async fn not_found(headers: HeaderMap) -> Response {
    not_found_in(lang_of(&headers))
}

fn not_found_in(lang: Lang) -> Response {
    (StatusCode::NOT_FOUND, pages::message(lang, "error.not_found")).into_response()
}
