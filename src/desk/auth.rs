//! Who may use the desk: requests addressed to this machine by name and
//! port (no other site can reach it by rebinding a domain name to
//! 127.0.0.1), with the access token; POSTs with the forgery token of a
//! desk page, from a desk page, and only when the desk is not read-only.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use rand::RngCore;

use super::{pages, Desk, Lang};

const TOKEN_COOKIE: &str = "rotaplan_token";

/// 128 random bits in hex (ChaCha seeded by the operating system).
pub(super) fn random_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs before every route: the host check, then the token. The printed
/// address (`/?token=...`) sets the cookie and drops the token from the
/// address bar.
pub(super) async fn guard(State(desk): State<Arc<Desk>>, request: Request, next: Next) -> Response {
    let lang = pages::lang_of(request.headers());
    if !local_host(&desk, request.headers()) {
        return refuse(StatusCode::FORBIDDEN, lang, "error.host");
    }
    if let Some(given) = query_token(request.uri().query()) {
        if same(&given, &desk.token) {
            let cookie = format!("{TOKEN_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict", desk.token);
            return ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response();
        }
    }
    match cookie(request.headers(), TOKEN_COOKIE) {
        Some(given) if same(&given, &desk.token) => next.run(request).await,
        _ => refuse(StatusCode::FORBIDDEN, lang, "error.forbidden"),
    }
}

/// Why a POST was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// The forgery token is wrong, or the request came from another site.
    Forgery,
    /// The desk was started with `--read-only`.
    ReadOnly,
}

impl Refusal {
    /// The page that says so.
    pub(super) fn response(self, lang: Lang) -> Response {
        let key = match self {
            Refusal::Forgery => "error.csrf",
            Refusal::ReadOnly => "error.read_only",
        };
        refuse(StatusCode::FORBIDDEN, lang, key)
    }
}

/// Whether a POST may change anything: the form's forgery token, an
/// `Origin` (when the browser sends one) that is the desk itself, and a
/// desk that is not read-only.
pub(super) fn may_post(desk: &Desk, headers: &HeaderMap, csrf: &str) -> Result<(), Refusal> {
    let origin_ok = headers.get(header::ORIGIN).is_none_or(|o| {
        let o = o.to_str().unwrap_or("");
        o == format!("http://127.0.0.1:{}", desk.port) || o == format!("http://localhost:{}", desk.port)
    });
    if !origin_ok || !same(csrf, &desk.csrf) {
        return Err(Refusal::Forgery);
    }
    if desk.opts.read_only {
        return Err(Refusal::ReadOnly);
    }
    Ok(())
}

fn refuse(status: StatusCode, lang: Lang, key: &str) -> Response {
    (status, pages::message(lang, key)).into_response()
}

fn local_host(desk: &Desk, headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    host == format!("127.0.0.1:{}", desk.port) || host == format!("localhost:{}", desk.port)
}

fn query_token(query: Option<&str>) -> Option<String> {
    query?.split('&').find_map(|kv| kv.strip_prefix("token=")).map(str::to_string)
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub(super) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The user's name, remembered from their first decision ("" until then).
pub(super) fn user(headers: &HeaderMap) -> String {
    let raw = cookie(headers, "rotaplan_user").unwrap_or_default();
    percent_encoding::percent_decode_str(&raw).decode_utf8_lossy().into_owned()
}

/// A name as a cookie value (cookies carry ASCII only).
pub(super) fn cookie_value(name: &str) -> String {
    percent_encoding::utf8_percent_encode(name.trim(), percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Compares tokens in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
