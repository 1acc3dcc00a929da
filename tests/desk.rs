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

/// A desk whose workspace is in `ws` (tests never write beside the committed scenarios).
fn desk(scenario: std::path::PathBuf, read_only: bool, ws: &tempfile::TempDir) -> Arc<Desk> {
    let workspace = Some(ws.path().join("desk"));
    let opts =
        DeskOptions { scenario, read_only, run: Default::default(), workspace, program: None, pseudonymize: false };
    Arc::new(Desk::new(opts, PORT).unwrap())
}

/// A desk that solves in children of the rotaplan binary, as `serve` does.
fn desk_with_children(scenario: std::path::PathBuf, ws: &tempfile::TempDir, pseudonymize: bool) -> Arc<Desk> {
    let workspace = Some(ws.path().join("desk"));
    let program = Some(env!("CARGO_BIN_EXE_rotaplan").into());
    let opts = DeskOptions { scenario, read_only: false, run: Default::default(), workspace, program, pseudonymize };
    Arc::new(Desk::new(opts, PORT).unwrap())
}

struct Reply {
    status: StatusCode,
    location: String,
    cookie: String,
    body: String,
}

/// One runtime for every request: a solve runs on as its own task after
/// the request that asked for it has been answered.
fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Runtime::new().unwrap())
}

fn send(desk: &Arc<Desk>, req: Request<Body>) -> Reply {
    runtime().block_on(async {
        let res = router(desk.clone()).oneshot(req).await.unwrap();
        let header = |h| res.headers().get(h).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        let (location, cookie) = (header(header::LOCATION), header(header::SET_COOKIE));
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
        Reply { status, location, cookie, body: String::from_utf8_lossy(&bytes).into_owned() }
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
    let ws = tempfile::tempdir().unwrap();
    let d = desk(common::scenario_path("nghe-an"), false, &ws);
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
    let ws = tempfile::tempdir().unwrap();
    let d = desk(common::scenario_path("nghe-an"), false, &ws);
    let mut req = get("/", &signed_in(&d));
    req.headers_mut().insert(header::HOST, "attacker.example:18999".parse().unwrap());
    assert_eq!(send(&d, req).status, StatusCode::FORBIDDEN);
}

#[test]
fn a_post_without_the_forgery_token_or_from_another_origin_changes_nothing() {
    let ws = tempfile::tempdir().unwrap();
    let d = desk(common::scenario_path("nghe-an"), false, &ws);
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
    let ws = tempfile::tempdir().unwrap();
    let d = desk(common::scenario_path("nghe-an"), true, &ws);
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
    let ws = tempfile::tempdir().unwrap();
    let d = desk(common::scenario_path("nghe-an"), false, &ws);
    let c = signed_in(&d);
    let form = format!("csrf={}&name=Phương+án+A", d.csrf());
    let origin = format!("http://127.0.0.1:{PORT}");
    let r = send(&d, post("/solve", &c, &form, Some(&origin)));
    assert_eq!((r.status, r.location.as_str()), (StatusCode::SEE_OTHER, "/solves/1"), "{}", r.body);
    assert_eq!(finished(&d, &c, "/solves/1"), "/plans/1");
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
    // The map: each of the 130 communes once, coloured by one state.
    let map = send(&d, get("/plans/1/map", &c)).body;
    let dots = map.matches("<circle class=\"dot ").count();
    let by_state: usize = ["vacant", "missed", "changed", "kept"]
        .iter()
        .map(|s| map.matches(&format!("class=\"dot {s}\"")).count())
        .sum();
    assert_eq!((dots, by_state), (130, 130), "{map}");
    assert!(map.contains("có vị trí để trống") && !map.contains("http://") && !map.contains("https://"));
    // By group: every holder shown is a woman (cadres.csv), and some posts are not shown.
    let scenario = rotaplan::scenario::load(&common::scenario_path("nghe-an")).unwrap();
    let women = send(&d, get("/plans/1?group=female", &c)).body;
    let ids: Vec<&str> = women
        .split("<tr class=")
        .skip(1)
        .map(|r| r.split("/cadres/").nth(1).unwrap().split('"').next().unwrap())
        .collect();
    assert!(!ids.is_empty() && ids.len() < 685, "{}", ids.len());
    for id in &ids {
        let k = &scenario.cadres[scenario.cadre_index[*id]];
        assert_eq!(k.gender, rotaplan::model::Gender::F, "{id}");
    }
    // Concurrent titles: the rows whose holder holds another post too, marked.
    let both = send(&d, get("/plans/1?change=concurrent", &c)).body;
    assert!(
        rows(&both) > 0 && rows(&both) == both.matches("<span class=\"concurrent\">kiêm nhiệm</span>").count(),
        "{both}"
    );
    // A post's excluded alternatives: each rule named in Vietnamese, then its own sentence.
    let post = send(&d, get("/plans/1/posts/16681-CTUB", &c)).body;
    let excluded: Vec<&str> = post.split("<tr class=\"excluded\">").skip(1).collect();
    assert!(!excluded.is_empty(), "{post}");
    let headings = [
        "Không sẵn sàng",
        "Chưa đủ tiêu chuẩn",
        "Không có trong quy hoạch",
        "không bố trí người địa phương",
        "hai nhiệm kỳ",
        "Không đủ tuổi",
        "vùng khó khăn",
        "Ban Thường vụ",
    ];
    for row in &excluded {
        let strong = row.split("<strong>").nth(1).unwrap().split("</strong>").next().unwrap();
        assert!(headings.iter().any(|h| strong.contains(h)), "{strong}");
    }
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
    let ws = tempfile::tempdir().unwrap();
    let d = desk(dir.path().to_path_buf(), false, &ws);
    let page = send(&d, get("/", &signed_in(&d))).body;
    assert!(page.contains("Lỗi dữ liệu") && page.contains("positions.csv:2"), "{page}");
}

fn solve_into(d: &Arc<Desk>, c: &str, name: &str, base: usize) -> String {
    let form = format!("csrf={}&name={name}&base={base}", d.csrf());
    let r = send(d, post("/solve", c, &form, None));
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location.starts_with("/solves/"), "{}", r.location);
    finished(d, c, &r.location)
}

/// Follows a solve's page, which refreshes itself, until it sends the
/// browser to the new plan; that plan's address.
fn finished(d: &Arc<Desk>, c: &str, page: &str) -> String {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let r = send(d, get(page, c));
        if r.status == StatusCode::SEE_OTHER {
            return r.location;
        }
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("http-equiv=\"refresh\"") && r.body.contains("/cancel"), "{}", r.body);
        assert!(std::time::Instant::now() < until, "the solve did not end: {}", r.body);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The what-if loop: a pin from a post page (who and why recorded), a
/// re-solve into a new candidate that honours it, the log and its
/// decisions.csv, and the comparison of the two candidates.
#[test]
fn a_pin_with_its_reason_re_solves_into_a_new_candidate_and_is_logged() {
    let ws = tempfile::tempdir().unwrap();
    let d = desk(common::scenario_path("nghe-an"), false, &ws);
    let c = signed_in(&d);
    assert_eq!(solve_into(&d, &c, "A", 0), "/plans/1");
    // A post with a holder and an eligible alternative to pin instead.
    let page = send(&d, get("/plans/1/posts/16681-CTUB", &c)).body;
    assert!(page.contains("Người đảm nhiệm"), "{page}");
    let alt = page
        .split("name=\"action\" value=\"pin\"><input type=\"hidden\" name=\"cadre\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a cadre to pin")
        .to_string();
    // No reason: refused, nothing recorded.
    let form = format!("csrf={}&action=pin&cadre={alt}&post=16681-CTUB&who=Tr%E1%BA%A7n+An&why=", d.csrf());
    let r = send(&d, post("/decide", &c, &form, None));
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("cần có lý do"), "{}", r.body);
    let form = format!(
        "csrf={}&action=pin&cadre={alt}&post=16681-CTUB&who=Tr%E1%BA%A7n+An&why=Kinh+nghi%E1%BB%87m&back=/plans/1/posts/16681-CTUB",
        d.csrf()
    );
    let r = send(&d, post("/decide", &c, &form, None));
    assert_eq!((r.status, r.location.as_str()), (StatusCode::SEE_OTHER, "/plans/1/posts/16681-CTUB"));
    assert!(r.cookie.starts_with("rotaplan_user=Tr%E1%BA%A7n%20An;"), "{}", r.cookie);
    let plans = send(&d, get("/plans", &c)).body;
    assert!(plans.contains(&format!("{alt} → 16681-CTUB")) && plans.contains("Kinh nghiệm"), "{plans}");
    assert_eq!(solve_into(&d, &c, "B", 1), "/plans/2");
    let b = send(&d, get("/plans/2", &c)).body;
    let row = b.split("16681-CTUB</a>").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row.contains(&alt), "{row}");
    assert!(send(&d, get("/plans", &c)).body.contains("Không có thay đổi nào đang chờ"));
    let csv = send(&d, get("/log/decisions.csv", &c)).body;
    assert_eq!(csv, format!("cadre_id,position_id,decision\n{alt},16681-CTUB,pin\n"));
    let audit = send(&d, get("/log/audit.jsonl", &c)).body;
    let line: serde_json::Value = serde_json::from_str(audit.lines().next().unwrap()).unwrap();
    assert_eq!((line["who"].as_str(), line["why"].as_str()), (Some("Trần An"), Some("Kinh nghiệm")));
    let cmp = send(&d, get("/compare?pick=1&pick=2", &c)).body;
    assert!(cmp.contains("16681") && cmp.contains("vị trí có người đảm nhiệm khác nhau"), "{cmp}");
    // nghe-an has preferences.csv: the wishes are compared too.
    assert!(cmp.contains("cán bộ được vị trí mình đề nghị") && cmp.contains("cặp chặn"), "{cmp}");
    let cadre = send(&d, get(&format!("/plans/2/cadres/{alt}"), &c)).body;
    assert!(cadre.contains("Vị trí trong phương án"), "{cadre}");
}

/// The workspace survives a restart: candidates (re-read from their plan
/// files and checked again), pending decisions and the log; a folder that
/// rotaplan did not write is refused as a workspace, and left alone.
#[test]
fn a_restart_loses_nothing_and_a_foreign_folder_is_never_a_workspace() {
    let ws = tempfile::tempdir().unwrap();
    let sc = common::scenario_path("nghe-an");
    let first = desk(sc.clone(), false, &ws);
    let c = signed_in(&first);
    solve_into(&first, &c, "Phương+án+A", 0);
    let form = format!("csrf={}&action=set&set=targets.female_share.value%3D0.3&who=An&why=Th%E1%BB%AD", first.csrf());
    assert_eq!(send(&first, post("/decide", &c, &form, None)).status, StatusCode::SEE_OTHER);
    let before = send(&first, get("/plans/1", &c)).body;
    drop(first);
    let second = desk(sc.clone(), false, &ws);
    let c = signed_in(&second);
    let after = send(&second, get("/plans/1", &c)).body;
    let headline =
        |p: &str| p.split("<p class=\"headline\">").nth(1).unwrap().split("</p>").next().unwrap().to_string();
    assert_eq!(headline(&after), headline(&before));
    assert_eq!(after.matches("<tr class=").count(), 685);
    let plans = send(&second, get("/plans", &c)).body;
    assert!(
        plans.contains("Phương án A") && plans.contains("targets.female_share.value=0.3") && plans.contains("Thử"),
        "{plans}"
    );
    assert!(ws.path().join("desk/workspace.json").exists() && ws.path().join("desk/plans/1/plan.csv").exists());
    // A folder holding someone else's file is not taken over.
    let foreign = tempfile::tempdir().unwrap();
    std::fs::write(foreign.path().join("notes.txt"), "mine").unwrap();
    let workspace = Some(foreign.path().into());
    let opts = DeskOptions {
        scenario: sc,
        read_only: false,
        run: Default::default(),
        workspace,
        program: None,
        pseudonymize: false,
    };
    let err = Desk::new(opts, PORT).err().expect("refused");
    assert!(err.to_string().contains("notes.txt"), "{err}");
    assert_eq!(std::fs::read_to_string(foreign.path().join("notes.txt")).unwrap(), "mine");
}

/// A candidate's files are those of the command line: plan.csv byte for
/// byte as `rotaplan solve` writes it (and it passes `check`), plan.xlsx a
/// workbook, the report an HTML page the browser shows. The plan is solved
/// in a child process, as `serve` solves.
#[test]
fn a_candidates_files_are_the_command_lines() {
    let ws = tempfile::tempdir().unwrap();
    let sc = common::scenario_path("nghe-an");
    let d = desk_with_children(sc.clone(), &ws, false);
    let c = signed_in(&d);
    solve_into(&d, &c, "A", 0);
    let csv = send(&d, get("/plans/1/files/plan.csv", &c));
    assert_eq!(csv.status, StatusCode::OK);
    let out = ws.path().join("cli");
    assert_eq!(
        common::rotaplan(&["solve", sc.to_str().unwrap(), "--out", out.to_str().unwrap(), "-q"]).status.code(),
        Some(0)
    );
    assert_eq!(csv.body, std::fs::read_to_string(out.join("plan.csv")).unwrap());
    let file = ws.path().join("desk-plan.csv");
    std::fs::write(&file, &csv.body).unwrap();
    assert_eq!(common::rotaplan(&["check", sc.to_str().unwrap(), file.to_str().unwrap()]).status.code(), Some(0));
    let xlsx = send(&d, get("/plans/1/files/plan.xlsx", &c));
    assert!(
        xlsx.status == StatusCode::OK && xlsx.body.starts_with("PK"),
        "a zip: {}",
        &xlsx.body[..20.min(xlsx.body.len())]
    );
    let report = send(&d, get("/plans/1/files/report.html", &c));
    assert!(report.body.contains("Nghe An") && report.body.contains("<svg class=\"shares\""));
    assert_eq!(send(&d, get("/plans/1/files/secrets.txt", &c)).status, StatusCode::NOT_FOUND);
    // Who took which file is in the audit, not among the decisions.
    let audit = send(&d, get("/log/audit.jsonl", &c)).body;
    let files: Vec<String> = audit
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["change"]["kind"] == "export")
        .map(|v| v["change"]["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, ["plan.csv", "plan.xlsx", "report.html"]);
    assert_eq!(send(&d, get("/log/decisions.csv", &c)).body, "cadre_id,position_id,decision\n");
}

fn upload(d: &Arc<Desk>, c: &str, name: &str, bytes: &[u8]) -> Reply {
    let boundary = "rotaplanTestBoundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"workbook\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n",
        d.csrf()
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post("/open/upload")
        .header(header::HOST, format!("127.0.0.1:{PORT}"))
        .header(header::COOKIE, c)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    send(d, req)
}

/// The Open screen: a broken workbook, a workbook with problems and a path
/// that is no scenario are each refused with a clear message on the page,
/// and change nothing (the scenario open stays, no upload is kept); a good
/// workbook is kept once and opened with a workspace of its own; a folder
/// on this machine opens by its path.
#[test]
fn the_open_screen_refuses_bad_uploads_and_opens_good_ones() {
    let ws = tempfile::tempdir().unwrap();
    let d = desk(common::scenario_path("nghe-an"), false, &ws);
    let c = signed_in(&d);
    let uploads = ws.path().join("desk-uploads");
    let kept = || std::fs::read_dir(&uploads).map(|r| r.count()).unwrap_or(0);
    let r = upload(&d, &c, "hỏng.xlsx", b"this is not a workbook");
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("hỏng.xlsx") && r.body.contains("cannot open the workbook"), "{}", r.body);
    assert!(r.body.contains("không thay đổi"), "{}", r.body);
    assert_eq!(kept(), 0, "a refused upload is not kept");
    // A workbook whose data has a problem: shown by sheet and line.
    let broken = common::copy_scenario("nghe-an");
    let positions = broken.path().join("positions.csv");
    let text = std::fs::read_to_string(&positions).unwrap();
    std::fs::write(&positions, text.replacen('\n', "\nBROKEN-POST,NO-SUCH-UNIT,no_such_title,\n", 1)).unwrap();
    let bad_book = rotaplan::scenario::xlsx::dir_to_workbook(broken.path()).unwrap();
    let r = upload(&d, &c, "loi.xlsx", &bad_book);
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("loi.xlsx[sheet positions]") && r.body.contains("NO-SUCH-UNIT"), "{}", r.body);
    assert_eq!(kept(), 0);
    let r = send(&d, post("/open", &c, &format!("csrf={}&path=/no/such/folder", d.csrf()), None));
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("/no/such/folder") && r.body.contains("neither a scenario folder"), "{}", r.body);
    assert!(send(&d, get("/open", &c)).body.contains("nghe-an"), "the scenario open is unchanged");
    // A good workbook (nghe-an renamed), uploaded twice: kept once, opened.
    let renamed = common::copy_scenario("nghe-an");
    let toml = renamed.path().join("scenario.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replacen("name = \"", "name = \"Tải lên ", 1)).unwrap();
    let book = rotaplan::scenario::xlsx::dir_to_workbook(renamed.path()).unwrap();
    for _ in 0..2 {
        let r = upload(&d, &c, "Nghệ An mới.xlsx", &book);
        assert_eq!((r.status, r.location.as_str()), (StatusCode::SEE_OTHER, "/"), "{}", r.body);
    }
    assert_eq!(kept(), 1, "{:?}", std::fs::read_dir(&uploads).unwrap().collect::<Vec<_>>());
    let overview = send(&d, get("/", &c)).body;
    assert!(overview.contains("Tải lên"), "{overview}");
    assert_eq!(solve_into(&d, &c, "U", 0), "/plans/1");
    let kept_book = std::fs::read_dir(&uploads)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .unwrap();
    assert!(kept_book.with_extension("xlsx.desk").join("plans/1/plan.csv").exists(), "its own workspace");
    // Back to a folder by its path: the first workspace, without plan U.
    let path = common::scenario_path("nghe-an");
    let r = send(&d, post("/open", &c, &format!("csrf={}&path={}", d.csrf(), path.display()), None));
    assert_eq!((r.status, r.location.as_str()), (StatusCode::SEE_OTHER, "/"), "{}", r.body);
    assert!(send(&d, get("/plans", &c)).body.contains("Chưa có phương án"));
}

/// A read-only desk opens nothing and keeps no upload.
#[test]
fn a_read_only_desk_refuses_to_open_or_upload() {
    let ws = tempfile::tempdir().unwrap();
    let d = desk(common::scenario_path("nghe-an"), true, &ws);
    let c = signed_in(&d);
    let book = rotaplan::scenario::xlsx::dir_to_workbook(&common::scenario_path("nghe-an")).unwrap();
    assert_eq!(upload(&d, &c, "a.xlsx", &book).status, StatusCode::FORBIDDEN);
    let r = send(&d, post("/open", &c, &format!("csrf={}&path=/tmp", d.csrf()), None));
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!ws.path().join("desk-uploads").exists());
}

/// The entries of a zip, by name.
fn unzipped(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut out).unwrap();
            (f.name().unwrap().to_string(), out)
        })
        .collect()
}

fn send_bytes(d: &Arc<Desk>, req: Request<Body>) -> Vec<u8> {
    runtime().block_on(async {
        let res = router(d.clone()).oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap().to_vec()
    })
}

/// A candidate exported as a plan folder: one zip with plan.csv (the same
/// bytes as its own export), explanations.csv, plan.xlsx, report.html,
/// decisions.csv with its pins, and candidate.json.
#[test]
fn a_candidate_exports_as_a_plan_folder() {
    let ws = tempfile::tempdir().unwrap();
    let d = desk(common::scenario_path("nghe-an"), false, &ws);
    let c = signed_in(&d);
    solve_into(&d, &c, "A", 0);
    let post = send(&d, get("/plans/1/posts/16681-CTUB", &c)).body;
    let alternative = post.split("name=\"cadre\" value=\"").nth(2).unwrap().split('"').next().unwrap().to_string();
    let form = format!("csrf={}&action=pin&cadre={alternative}&post=16681-CTUB&who=An&why=x", d.csrf());
    assert_eq!(send(&d, post_req(&d, &c, &form)).status, StatusCode::SEE_OTHER);
    assert_eq!(solve_into(&d, &c, "B", 1), "/plans/2");
    let files = unzipped(&send_bytes(&d, get("/plans/2/files/plan-folder.zip", &c)));
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "plan/candidate.json",
            "plan/decisions.csv",
            "plan/explanations.csv",
            "plan/plan.csv",
            "plan/plan.xlsx",
            "plan/report.html"
        ]
    );
    assert_eq!(files["plan/plan.csv"], send_bytes(&d, get("/plans/2/files/plan.csv", &c)));
    let decisions = String::from_utf8(files["plan/decisions.csv"].clone()).unwrap();
    assert_eq!(decisions, format!("cadre_id,position_id,decision\n{alternative},16681-CTUB,pin\n"));
    let about: serde_json::Value = serde_json::from_slice(&files["plan/candidate.json"]).unwrap();
    assert_eq!((about["name"].as_str(), about["pseudonymized"].as_bool()), (Some("B"), Some(false)), "{about}");
}

fn post_req(_d: &Arc<Desk>, c: &str, form: &str) -> Request<Body> {
    post("/decide", c, form, None)
}

/// `--pseudonymize`: every export carries stable codes in place of the
/// cadres' names and ids (the same code in each file and after a restart),
/// and the audit says the export was coded.
#[test]
fn pseudonymized_exports_name_no_cadre_and_keep_their_codes() {
    let ws = tempfile::tempdir().unwrap();
    let sc = common::scenario_path("nghe-an");
    let d = desk_with_children(sc.clone(), &ws, true);
    let c = signed_in(&d);
    solve_into(&d, &c, "A", 0);
    let page = send(&d, get("/plans/1", &c)).body;
    let scenario = rotaplan::scenario::load(&sc).unwrap();
    let csv = String::from_utf8(send_bytes(&d, get("/plans/1/files/plan.csv", &c))).unwrap();
    let report = String::from_utf8(send_bytes(&d, get("/plans/1/files/report.html", &c))).unwrap();
    let folder = unzipped(&send_bytes(&d, get("/plans/1/files/plan-folder.zip", &c)));
    let explanations = String::from_utf8(folder["plan/explanations.csv"].clone()).unwrap();
    let held: Vec<&rotaplan::model::Cadre> =
        scenario.cadres.iter().filter(|k| page.contains(&format!("({})", k.id))).collect();
    assert!(held.len() > 600, "the desk's own page shows the holders: {}", held.len());
    for k in &held {
        for text in [&csv, &report, &explanations] {
            assert!(!text.contains(&k.name) && !text.contains(&format!(",{},", k.id)), "{} leaks", k.id);
        }
    }
    let codes: Vec<&str> = csv.lines().skip(1).filter_map(|l| l.split(',').find(|f| f.starts_with("CB-"))).collect();
    assert!(codes.len() > 600, "{csv}");
    let in_report = codes.iter().filter(|code| report.contains(*code)).count();
    assert!(in_report > 0 && report.matches("CB-").count() >= in_report, "the report uses the same codes");
    assert_eq!(folder["plan/plan.csv"], csv.as_bytes());
    let audit = send(&d, get("/log/audit.jsonl", &c)).body;
    assert_eq!(audit.matches("\"pseudonymized\":true").count(), 3, "{audit}");
    drop(d);
    let again = desk_with_children(sc, &ws, true);
    let c = signed_in(&again);
    assert_eq!(String::from_utf8(send_bytes(&again, get("/plans/1/files/plan.csv", &c))).unwrap(), csv);
}

/// Candidates solved under the same changes share one scenario and one
/// eligibility (the desk's memory grows with the distinct sets of changes,
/// not with the candidates), also after a restart; a pin makes its own.
#[test]
fn candidates_under_the_same_changes_share_their_scenario() {
    let ws = tempfile::tempdir().unwrap();
    let sc = common::scenario_path("nghe-an");
    let d = desk(sc.clone(), false, &ws);
    let c = signed_in(&d);
    solve_into(&d, &c, "A", 0);
    solve_into(&d, &c, "B", 1);
    let post = send(&d, get("/plans/1/posts/16681-CTUB", &c)).body;
    let alternative = post.split("name=\"cadre\" value=\"").nth(2).unwrap().split('"').next().unwrap().to_string();
    let form = format!("csrf={}&action=pin&cadre={alternative}&post=16681-CTUB&who=An&why=x", d.csrf());
    assert_eq!(send(&d, post_req(&d, &c, &form)).status, StatusCode::SEE_OTHER);
    solve_into(&d, &c, "C", 1);
    let shares = |d: &Arc<Desk>| {
        let open = d.opened();
        let work = open.work();
        let s: Vec<_> = work.candidates.iter().map(|k| k.result.as_ref().unwrap().clone()).collect();
        (
            Arc::ptr_eq(&s[0].scenario, &s[1].scenario) && Arc::ptr_eq(&s[0].eligibility, &s[1].eligibility),
            Arc::ptr_eq(&s[0].eligibility, &s[2].eligibility),
        )
    };
    assert_eq!(shares(&d), (true, false));
    drop(d);
    assert_eq!(shares(&desk(sc, false, &ws)), (true, false), "after a restart too");
}
