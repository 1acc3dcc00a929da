//! The committee's desk at the handler level (issue 16): the access token,
//! the host check, forgery protection, read-only mode, a solve, the
//! Vietnamese pages with their English switch, the search without tone
//! marks, and a broken scenario shown with its problems.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use rotaplan::desk::{router, Desk, DeskOptions};
use tower::ServiceExt;

const PORT: u16 = 18_999;

fn desk(scenario: std::path::PathBuf, read_only: bool) -> Arc<Desk> {
    Arc::new(Desk::new(DeskOptions { scenario, read_only, run: Default::default() }, PORT))
}

struct Reply {
    status: StatusCode,
    location: String,
    cookie: String,
    body: String,
}

fn send(desk: &Arc<Desk>, req: Request<Body>) -> Reply {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let res = router(desk.clone()).oneshot(req).await.unwrap();
        let header = |h| res.headers().get(h).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        let (location, cookie) = (header(header::LOCATION), header(header::SET_COOKIE));
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
        Reply { status, location, cookie, body: String::from_utf8(bytes.to_vec()).unwrap() }
    })
}

fn get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, format!("127.0.0.1:{PORT}"))
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

fn post(path: &str, cookie: &str, form: &str, origin: Option<&str>) -> Request<Body> {
    let mut r = Request::post(path)
        .header(header::HOST, format!("127.0.0.1:{PORT}"))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(o) = origin {
        r = r.header(header::ORIGIN, o);
    }
    r.body(Body::from(form.to_string())).unwrap()
}

fn signed_in(desk: &Desk) -> String {
    format!("rotaplan_token={}", desk.token())
}

#[test]
fn without_the_token_nothing_is_served_and_the_printed_address_signs_in() {
    let d = desk(common::scenario_path("nghe-an"), false);
    for path in ["/", "/plans", "/plans/1"] {
        let r = send(&d, get(path, ""));
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(r.body.contains("Thiếu mã truy cập"), "{}", r.body);
        assert!(!r.body.contains("Nghe An"), "{path} leaks the scenario");
    }
    assert_eq!(send(&d, get("/", "rotaplan_token=0123456789abcdef0123456789abcdef")).status, StatusCode::FORBIDDEN);
    let url = d.url();
    assert!(url.starts_with(&format!("http://127.0.0.1:{PORT}/?token=")), "{url}");
    let r = send(&d, get(&format!("/?token={}", d.token()), ""));
    assert_eq!((r.status, r.location.as_str()), (StatusCode::SEE_OTHER, "/"));
    assert!(r.cookie.contains(&signed_in(&d)) && r.cookie.contains("HttpOnly") && r.cookie.contains("SameSite=Strict"));
    let r = send(&d, get("/", &signed_in(&d)));
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Tổng quan") && r.body.contains("Bí thư Đảng ủy xã, phường"), "{}", r.body);
}

#[test]
fn a_request_naming_another_host_is_refused_even_with_the_token() {
    let d = desk(common::scenario_path("nghe-an"), false);
    let mut req = get("/", &signed_in(&d));
    req.headers_mut().insert(header::HOST, "attacker.example:18999".parse().unwrap());
    assert_eq!(send(&d, req).status, StatusCode::FORBIDDEN);
}

#[test]
fn a_post_without_the_forgery_token_or_from_another_origin_changes_nothing() {
    let d = desk(common::scenario_path("nghe-an"), false);
    let c = signed_in(&d);
    let r = send(&d, post("/solve", &c, "csrf=wrong&name=x", None));
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("chống giả mạo"), "{}", r.body);
    let form = format!("csrf={}&name=x", d.csrf());
    let r = send(&d, post("/solve", &c, &form, Some("http://evil.example")));
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(send(&d, get("/plans", &c)).body.contains("Chưa có phương án"), "a refused POST solved");
}

#[test]
fn a_read_only_desk_shows_but_refuses_every_change() {
    let d = desk(common::scenario_path("nghe-an"), true);
    let c = signed_in(&d);
    let page = send(&d, get("/plans", &c)).body;
    assert!(page.contains("Chế độ chỉ xem") && !page.contains("action=\"/solve\""), "{page}");
    let r = send(&d, post("/solve", &c, &format!("csrf={}&name=x", d.csrf()), None));
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("chỉ xem"), "{}", r.body);
    assert!(send(&d, get("/plans", &c)).body.contains("Chưa có phương án"));
}

#[test]
fn a_solve_gives_a_plan_page_with_filters_search_and_both_languages() {
    let d = desk(common::scenario_path("nghe-an"), false);
    let c = signed_in(&d);
    let form = format!("csrf={}&name=Phương+án+A", d.csrf());
    let origin = format!("http://127.0.0.1:{PORT}");
    let r = send(&d, post("/solve", &c, &form, Some(&origin)));
    assert_eq!((r.status, r.location.as_str()), (StatusCode::SEE_OTHER, "/plans/1"), "{}", r.body);
    let page = send(&d, get("/plans/1", &c)).body;
    assert!(page.contains("Phương án A") && page.contains("tối ưu (đã chứng minh)"), "{page}");
    let rows = |p: &str| p.matches("<tr class=").count();
    assert_eq!(rows(&page), 685, "every post of nghe-an is listed");
    // The search folds tone marks and đ: an unaccented query finds accented holders only.
    let found = send(&d, get("/plans/1?q=Nguyen+Van", &c)).body;
    assert!(rows(&found) > 0 && rows(&found) < 685, "{}", rows(&found));
    assert_eq!(rows(&found), found.matches("Nguyễn Văn").count(), "each row shown holds a Nguyễn Văn");
    let vacant = send(&d, get("/plans/1?change=vacant", &c)).body;
    assert!(vacant.contains("685") && rows(&vacant) > 0, "{vacant}");
    assert_eq!(rows(&vacant), vacant.matches("<tr class=\"vacant\">").count());
    let english = send(&d, get("/plans/1", &format!("{c}; rotaplan_lang=en"))).body;
    assert!(english.contains("optimal (proven)") && english.contains("Find a cadre"), "{english}");
    assert_eq!(send(&d, get("/plans/2", &c)).status, StatusCode::NOT_FOUND);
}

#[test]
fn a_broken_scenario_is_shown_with_its_problems_by_file_and_line() {
    let dir = common::copy_scenario("nghe-an");
    let positions = dir.path().join("positions.csv");
    let text = std::fs::read_to_string(&positions).unwrap();
    let broken = text.replacen('\n', "\nBROKEN-POST,NO-SUCH-UNIT,no_such_title,\n", 1);
    std::fs::write(&positions, broken).unwrap();
    let d = desk(dir.path().to_path_buf(), false);
    let page = send(&d, get("/", &signed_in(&d))).body;
    assert!(page.contains("Lỗi dữ liệu") && page.contains("positions.csv:2"), "{page}");
}
