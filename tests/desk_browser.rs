//! The desk as a person uses it (issue 16): headless Chromium, driven
//! through chromedriver, opens the printed address, solves nghe-an, pins an
//! alternative with a reason, re-solves from the first plan, compares the
//! two and exports the decisions, asserting what each page shows. The
//! screenshots go to `<target>/tmp/desk-e2e/` and their paths are printed.
//! Skipped with a message when chromedriver is absent, except under CI
//! (`.ci/run` installs chromium and chromium-driver), where that fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod common;

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// A child process killed when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromedriver() -> Option<PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join("chromedriver")).find(|p| p.exists())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap().local_addr().unwrap().port()
}

fn wait_for_port(port: u16) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "nothing listens on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts the desk on nghe-an; returns it with its address (token included).
fn desk(workspace: &Path) -> (Killed, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rotaplan"))
        .args(["serve", common::scenario_path("nghe-an").to_str().unwrap(), "--port", "0", "--workspace"])
        .arg(workspace)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    (Killed(child), url)
}

/// A GET with the access token, outside the browser (for the downloads).
fn fetch(url: &str, path: &str) -> String {
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
    let (port, token) = rest.split_once("/?token=").unwrap();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())).unwrap();
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: rotaplan_token={token}\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.split_once("\r\n\r\n").map(|x| x.1.to_string()).unwrap_or_default()
}

async fn browser(driver_port: u16) -> Client {
    let mut caps = serde_json::Map::new();
    let args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,900"];
    caps.insert("goog:chromeOptions".into(), serde_json::json!({ "args": args }));
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a chromium session")
}

async fn shot(c: &Client, dir: &Path, name: &str) {
    let path = dir.join(name);
    std::fs::write(&path, c.screenshot().await.unwrap()).unwrap();
    println!("screenshot: {}", path.display());
}

async fn page(c: &Client) -> String {
    c.source().await.unwrap()
}

async fn fill(c: &Client, css: &str, text: &str) {
    c.find(Locator::Css(css)).await.unwrap().send_keys(text).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
}

/// Waits for the page a click navigates to: a click returns once the
/// navigation starts, and a solve takes a moment.
async fn arrive(c: &Client, css: &str) {
    c.wait().at_most(Duration::from_secs(120)).for_element(Locator::Css(css)).await.unwrap();
}

#[test]
fn a_committee_member_solves_pins_re_solves_compares_and_exports_in_chromium() {
    let Some(driver) = chromedriver() else {
        assert!(std::env::var_os("CI").is_none(), "CI must run the browser test: install chromium-driver");
        eprintln!("skipped: no chromedriver on PATH (apt-get install chromium chromium-driver)");
        return;
    };
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("desk-e2e");
    std::fs::create_dir_all(&shots).unwrap();
    let ws = tempfile::tempdir().unwrap();
    let book = ws.path().join("nghe-an.xlsx");
    let nghe_an = common::scenario_path("nghe-an");
    let converted = common::rotaplan(&["convert", nghe_an.to_str().unwrap(), "--to", book.to_str().unwrap()]);
    assert_eq!(converted.status.code(), Some(0));
    let (_desk, url) = desk(&ws.path().join("desk"));
    let port = free_port();
    let _driver = Killed(Command::new(driver).arg(format!("--port={port}")).stdout(Stdio::null()).spawn().unwrap());
    wait_for_port(port);
    let base = url.split("/?token=").next().unwrap().to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let c = browser(port).await;
        let result = journey(&c, &url, &base, &shots, &book).await;
        let _ = c.close().await;
        result
    });
    let csv = fetch(&url, "/log/decisions.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.first(), Some(&"cadre_id,position_id,decision"), "{csv}");
    assert!(lines.len() == 2 && lines[1].ends_with(",16681-CTUB,pin"), "{csv}");
}

async fn journey(c: &Client, url: &str, base: &str, shots: &Path, book: &Path) {
    // The printed address signs in and lands on the overview, in Vietnamese.
    c.goto(url).await.unwrap();
    let overview = page(c).await;
    assert!(overview.contains("Tổng quan") && overview.contains("Bí thư Đảng ủy xã, phường"), "{overview}");

    // Open: upload the same scenario as a workbook; the overview is then the workbook's.
    c.find(Locator::LinkText("Mở kịch bản")).await.unwrap().click().await.unwrap();
    arrive(c, "form[action='/open/upload']").await;
    shot(c, shots, "open.png").await;
    fill(c, "input[name=workbook]", book.to_str().unwrap()).await;
    click(c, "form[action='/open/upload'] button").await;
    arrive(c, "main table").await;
    let overview = page(c).await;
    assert!(overview.contains("Bí thư Đảng ủy xã, phường") && overview.contains("Nghe An"), "{overview}");
    c.find(Locator::LinkText("Mở kịch bản")).await.unwrap().click().await.unwrap();
    arrive(c, "form[action='/open/upload']").await;
    assert!(page(c).await.contains("nghe-an-"), "the workbook open now is the upload kept");
    c.find(Locator::LinkText("Tổng quan")).await.unwrap().click().await.unwrap();
    arrive(c, "main table").await;
    shot(c, shots, "overview.png").await;

    // Solve the scenario as it is.
    c.find(Locator::LinkText("Phương án")).await.unwrap().click().await.unwrap();
    arrive(c, "form[action='/solve']").await;
    fill(c, "form[action='/solve'] input[name=name]", "Phương án A").await;
    click(c, "form[action='/solve'] button").await;
    arrive(c, "p.headline").await;
    let plan = page(c).await;
    assert!(plan.contains("Phương án A") && plan.contains("tối ưu (đã chứng minh)"), "{plan}");
    assert_eq!(plan.matches("<tr class=").count(), 685);
    shot(c, shots, "plan.png").await;

    // The map: every 2025 commune with a post, drawn from its coordinates.
    click(c, "a[href='/plans/1/map']").await;
    arrive(c, "svg.map").await;
    let map = page(c).await;
    assert_eq!(map.matches("<circle class=\"dot ").count(), 130, "the communes of nghe-an");
    shot(c, shots, "map.png").await;
    c.back().await.unwrap();
    arrive(c, "p.headline").await;

    // Search without tone marks.
    fill(c, "input[name=q]", "Nguyen Van").await;
    click(c, "form[method=get] button").await;
    arrive(c, "input[name=q][value='Nguyen Van']").await;
    let found = page(c).await;
    let rows = found.matches("<tr class=").count();
    assert!(rows > 0 && rows < 685 && rows == found.matches("Nguyễn Văn").count(), "{rows} rows");

    // A post page: pin the first eligible alternative, with a name and a reason.
    c.goto(&format!("{base}/plans/1/posts/16681-CTUB")).await.unwrap();
    let post = page(c).await;
    assert!(post.contains("Người đảm nhiệm") && post.contains("Các phương án khác"), "{post}");
    shot(c, shots, "post.png").await;
    let form = c.find(Locator::Css("tr form.decide")).await.unwrap();
    let pinned = form.find(Locator::Css("input[name=cadre]")).await.unwrap().attr("value").await.unwrap().unwrap();
    form.find(Locator::Css("input[name=who]")).await.unwrap().send_keys("Trần An").await.unwrap();
    form.find(Locator::Css("input[name=why]")).await.unwrap().send_keys("Kinh nghiệm cơ sở").await.unwrap();
    form.find(Locator::Css("button")).await.unwrap().click().await.unwrap();
    arrive(c, "input[name=who][type=hidden]").await;
    assert!(c.current_url().await.unwrap().as_str().ends_with("/plans/1/posts/16681-CTUB"));

    // Re-solve from plan A with the pin, into plan B: the pin holds.
    c.goto(&format!("{base}/plans")).await.unwrap();
    let plans = page(c).await;
    assert!(plans.contains(&format!("{pinned} → 16681-CTUB")) && plans.contains("Kinh nghiệm cơ sở"), "{plans}");
    c.find(Locator::Css("select[name=base]")).await.unwrap().select_by_value("1").await.unwrap();
    fill(c, "form[action='/solve'] input[name=name]", "Phương án B").await;
    click(c, "form[action='/solve'] button").await;
    arrive(c, "p.headline").await;
    let b = page(c).await;
    let row = b.split("16681-CTUB</a>").nth(1).unwrap_or_else(|| panic!("{b}")).split("</tr>").next().unwrap();
    assert!(b.contains("Phương án B") && row.contains(&pinned), "{row}");

    // Export B: the report opens in the browser (to print to PDF), in the desk's
    // language; the plan folder's zip is one link away (its content: tests/desk.rs).
    c.find(Locator::Css("a[href='/plans/2/files/plan-folder.zip']")).await.unwrap();
    c.goto(&format!("{base}/plans/2/files/report.html")).await.unwrap();
    arrive(c, "svg.shares").await;
    let report = page(c).await;
    assert!(report.contains("Vị trí theo đơn vị") && report.contains("Nhiệm kỳ 2025–2030"), "{report}");
    shot(c, shots, "report.png").await;

    // Compare A and B.
    c.goto(&format!("{base}/plans")).await.unwrap();
    click(c, "input[name=pick][value='1']").await;
    click(c, "input[name=pick][value='2']").await;
    click(c, "form[action='/compare'] button").await;
    arrive(c, "table.compare").await;
    let cmp = page(c).await;
    assert!(cmp.contains("So sánh phương án") && cmp.contains("vị trí có người đảm nhiệm khác nhau"), "{cmp}");
    assert!(cmp.contains("Phương án A") && cmp.contains("Phương án B"));
    shot(c, shots, "compare.png").await;

    // The log, with who and why, and its exports; then the English switch.
    c.find(Locator::LinkText("Nhật ký quyết định")).await.unwrap().click().await.unwrap();
    arrive(c, "a[href='/log/audit.jsonl']").await;
    let log = page(c).await;
    assert!(log.contains("Trần An") && log.contains("decisions.csv") && log.contains("audit.jsonl"), "{log}");
    c.find(Locator::LinkText("English")).await.unwrap().click().await.unwrap();
    arrive(c, "a[href='/lang/vi']").await;
    let english = page(c).await;
    assert!(english.contains("Overview") && english.contains("Titles and posts"), "{english}");
}
