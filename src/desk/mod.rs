//! The committee's desk (issue 16): a local web app over the same pipeline
//! as the command line, in Vietnamese first. It serves on 127.0.0.1 only;
//! every request carries the random access token printed at start (as a
//! cookie once the printed address has been opened), every POST carries the
//! forgery token of the page it came from, and `--read-only` refuses every
//! POST. Pages are rendered on the server (`pages.rs`) from the messages in
//! `locales/desk.yml`; nothing is loaded from outside the binary.

mod auth;
mod pages;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::model::Scenario;
use crate::pipeline::{self, RunOptions};
use crate::plan::{Change, Counts, Status};
use crate::scenario::InputErrors;

pub use pages::Lang;

/// How the desk was started.
#[derive(Debug, Clone)]
pub struct DeskOptions {
    /// The scenario folder.
    pub scenario: PathBuf,
    pub read_only: bool,
    /// How each solve runs (solver, time limit).
    pub run: RunOptions,
}

/// The desk's state, shared by every request.
pub struct Desk {
    opts: DeskOptions,
    token: String,
    csrf: String,
    /// The port it listens on: requests must name 127.0.0.1 or localhost with it.
    port: u16,
    scenario: Result<Scenario, InputErrors>,
    plans: Mutex<Vec<Candidate>>,
    /// At most one solve per core; the others wait their turn.
    solves: tokio::sync::Semaphore,
}

/// A candidate plan solved on the desk.
pub struct Candidate {
    pub name: String,
    pub result: Result<PlanView, String>,
}

/// What the plan page shows of a solved plan.
pub struct PlanView {
    pub status: Status,
    pub objective: f64,
    pub counts: Counts,
    pub rows: Vec<PostRow>,
}

/// One post of a plan, as the plan page lists it.
pub struct PostRow {
    pub post: String,
    pub unit: String,
    pub title: String,
    pub cadre: Option<(String, String)>,
    pub change: Change,
}

impl Desk {
    /// A desk for `opts`, listening on `port`, with fresh random tokens.
    pub fn new(opts: DeskOptions, port: u16) -> Desk {
        let scenario = crate::scenario::load(&opts.scenario);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Desk {
            opts,
            token: auth::random_token(),
            csrf: auth::random_token(),
            port,
            scenario,
            plans: Mutex::new(Vec::new()),
            solves: tokio::sync::Semaphore::new(cores),
        }
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

    fn candidates(&self) -> std::sync::MutexGuard<'_, Vec<Candidate>> {
        self.plans.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Every route of the desk, behind the token and host checks.
pub fn router(desk: Arc<Desk>) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/plans", get(plans))
        .route("/plans/{n}", get(plan))
        .route("/solve", post(solve))
        .route("/lang/{code}", get(language))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(desk.clone(), auth::guard))
        .with_state(desk)
}

/// Serves `opts` on 127.0.0.1:`port` (0: any free port) until stopped,
/// after printing the address with its token.
pub fn serve(opts: DeskOptions, port: u16) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let desk = Arc::new(Desk::new(opts, listener.local_addr()?.port()));
        println!("rotaplan desk: open {}", desk.url());
        println!("(served on this machine only; stop with Ctrl-C)");
        axum::serve(listener, router(desk)).await
    })
}

async fn overview(State(desk): State<Arc<Desk>>, headers: HeaderMap) -> Response {
    let lang = Lang::of(&headers);
    pages::overview(&desk, lang).into_response()
}

async fn plans(State(desk): State<Arc<Desk>>, headers: HeaderMap) -> Response {
    let lang = Lang::of(&headers);
    pages::plans(&desk, lang).into_response()
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

async fn plan(
    State(desk): State<Arc<Desk>>,
    headers: HeaderMap,
    Path(n): Path<usize>,
    Query(filters): Query<Filters>,
) -> Response {
    let lang = Lang::of(&headers);
    match pages::plan(&desk, lang, n, &filters) {
        Some(page) => page.into_response(),
        None => not_found_in(lang),
    }
}

/// The form that starts a solve.
#[derive(Debug, serde::Deserialize)]
pub struct SolveForm {
    pub csrf: String,
    #[serde(default)]
    pub name: String,
}

async fn solve(State(desk): State<Arc<Desk>>, headers: HeaderMap, Form(form): Form<SolveForm>) -> Response {
    let lang = Lang::of(&headers);
    if let Err(refusal) = auth::may_post(&desk, &headers, &form.csrf) {
        return refusal.response(lang);
    }
    let Ok(_turn) = desk.solves.acquire().await else {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting down").into_response();
    };
    let worker = desk.clone();
    let result = tokio::task::spawn_blocking(move || solve_candidate(&worker))
        .await
        .unwrap_or_else(|e| Err(format!("the solve stopped: {e}")));
    let mut plans = desk.candidates();
    let name = if form.name.trim().is_empty() { format!("#{}", plans.len() + 1) } else { form.name.trim().into() };
    plans.push(Candidate { name, result });
    Redirect::to(&format!("/plans/{}", plans.len())).into_response()
}

/// Solves the scenario on disk as it is, into what the plan page shows.
fn solve_candidate(desk: &Desk) -> Result<PlanView, String> {
    let outcome = pipeline::solve(&desk.opts.scenario, &[], &desk.opts.run).map_err(|e| e.to_string())?;
    let sc = &outcome.scenario;
    let plan = &outcome.solved.plan;
    let rows = (0..sc.positions.len()).map(|p| post_row(sc, plan, p)).collect();
    Ok(PlanView { status: outcome.solved.status, objective: outcome.eval.objective, counts: outcome.eval.counts, rows })
}

fn post_row(sc: &Scenario, plan: &crate::plan::Plan, p: usize) -> PostRow {
    let pos = &sc.positions[p];
    PostRow {
        post: pos.id.clone(),
        unit: sc.units[pos.unit].name.clone(),
        title: sc.titles[pos.title].display(),
        cadre: plan.assignment[p].map(|c| (sc.cadres[c].id.clone(), sc.cadres[c].name.clone())),
        change: plan.change(sc, p),
    }
}

/// `/lang/vi` or `/lang/en`: remembers the language in a cookie.
async fn language(Path(code): Path<String>) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let cookie = format!("rotaplan_lang={}; Path=/; SameSite=Strict; HttpOnly", lang.code());
    ([(axum::http::header::SET_COOKIE, cookie)], Redirect::to("/")).into_response()
}

async fn not_found(headers: HeaderMap) -> Response {
    not_found_in(Lang::of(&headers))
}

fn not_found_in(lang: Lang) -> Response {
    (StatusCode::NOT_FOUND, pages::message(lang, "error.not_found")).into_response()
}
