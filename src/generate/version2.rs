//! A generated scenario in contract version 2: the same people, posts and
//! pools as version 1, with births and tenures by month, each title on its
//! term calendar with a rank, and the `vn-2025` preset for retirement and the
//! service that must remain. The months come from a hash of the seed, the
//! cadre and the year, so the draws of version 1 are untouched and one
//! cadre's tenures still meet end to start.

use std::collections::{BTreeMap, BTreeSet};

use super::mergers::{self, Merger, MERGER, OLD};

/// Each generated title's calendar, rank (higher is more senior) and label.
const TITLES: &[(&str, &str, i32, &str)] = &[
    ("party_secretary", "party", 5, "Bí thư Đảng ủy xã, phường"),
    ("deputy_secretary", "party", 3, "Phó Bí thư Đảng ủy xã, phường"),
    ("pc_chair", "government", 4, "Chủ tịch UBND xã, phường"),
    ("pc_vice_chair", "government", 2, "Phó Chủ tịch UBND xã, phường"),
    ("council_chair", "council", 4, "Chủ tịch HĐND xã, phường"),
    ("council_vice_chair", "council", 2, "Phó Chủ tịch HĐND xã, phường"),
    ("front_chair", "default", 2, "Chủ tịch Ủy ban MTTQ Việt Nam xã, phường"),
    ("youth_union_secretary", "default", 1, "Bí thư Đoàn Thanh niên xã, phường"),
    ("women_union_chair", "default", 1, "Chủ tịch Hội Liên hiệp Phụ nữ xã, phường"),
    ("veterans_chair", "default", 1, "Chủ tịch Hội Cựu chiến binh xã, phường"),
    ("prov_party_secretary", "party", 10, "Bí thư Tỉnh ủy"),
    ("prov_pc_chair", "government", 9, "Chủ tịch UBND tỉnh"),
    ("prov_council_chair", "council", 9, "Chủ tịch HĐND tỉnh"),
    ("director", "default", 6, "Giám đốc Sở"),
    ("deputy_director", "default", 4, "Phó Giám đốc Sở"),
];

/// The national gender-equality target as a share of units (Resolution
/// 28/NQ-CP of 2021-03-03: 60 % of local governments with a woman among
/// their key leaders by 2025, 75 % by 2030; docs/policy-sources.md).
const UNIT_SHARE_TARGET: &str = r#"[[targets]]
name = "a woman among the key leaders of 75% of communes"
key = "female_key_leader_communes"
group = "female"
titles = ["party_secretary", "deputy_secretary", "pc_chair", "council_chair"]
level = "commune"
min_count = 1
per_unit = true
min_unit_share = 0.75
penalty = 100

"#;

/// The inspection titles that Conclusion 201-KL/TW (2025-10-31, as
/// reported) requires to be non-local: the chief inspector of the province
/// and the chair of the provincial party committee's inspection committee.
const INSPECTION_TITLES: &[(&str, &str, &str, i32)] = &[
    ("chief_inspector", "Chánh Thanh tra tỉnh", "default", 7),
    ("inspection_chair", "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", "party", 8),
];

fn inspection_titles() -> String {
    let table = |(key, label, calendar, rank): &(&str, &str, &str, i32)| {
        format!(
            "[titles.{key}]\nlabel = \"{label}\"\ncalendar = \"{calendar}\"\nrank = {rank}\nlevel = \"province\"\nhead = true\n\
             non_local = true   # Conclusion 201-KL/TW (2025-10-31), as reported\nmin_education = \"bachelor\"\nmin_theory = \"advanced\"\n\n"
        )
    };
    INSPECTION_TITLES.iter().map(table).collect()
}

/// The province's inspection posts: a unit for the inspection committee,
/// the two posts (vacant today), and planning rows by title for the
/// deputy directors of provincial units and the cadres from outside the
/// province, score 5.
pub fn inspection_posts(files: &mut [(String, Vec<u8>)]) {
    let text = |files: &[(String, Vec<u8>)], name: &str| {
        files.iter().find(|f| f.0 == name).map(|f| String::from_utf8_lossy(&f.1).into_owned()).unwrap_or_default()
    };
    let positions = table(&text(files, "positions.csv"));
    let Some(inspectorate) = positions.1.iter().find(|r| r[1].ends_with("-TTR")).map(|r| r[1].clone()) else { return };
    let province = inspectorate.trim_end_matches("-TTR").to_string();
    let committee = format!("{province}-UBKTTU");
    // The pool: the deputy directors, and the cadres from outside the province
    // (the central pool and neighbouring provinces), whom the non-local rule allows.
    let cadres = table(&text(files, "cadres.csv"));
    let home = cadres.0.iter().position(|h| h == "home_unit_id").unwrap_or_default();
    let local = |u: &str| u.starts_with(&province) || u.starts_with(OLD) || u.chars().next().is_some_and(|c| c == '1');
    let outside = cadres.1.iter().filter(|r| !local(&r[home])).map(|r| r[0].clone());
    let deputies: Vec<String> = positions
        .1
        .iter()
        .filter(|r| r[2] == "deputy_director" && !r[3].is_empty())
        .map(|r| r[3].clone())
        .chain(outside)
        .collect();
    for (name, bytes) in files.iter_mut() {
        let mut t = table(&String::from_utf8_lossy(bytes));
        match name.as_str() {
            "units.csv" => {
                let mut row =
                    vec![committee.clone(), format!("Ủy ban Kiểm tra Tỉnh ủy ({province})"), "province".into()];
                row.extend([province.clone(), "false".into()]);
                row.resize(t.0.len(), String::new());
                t.1.push(row);
            }
            "positions.csv" => {
                t.1.push(vec![
                    format!("{inspectorate}-CT"),
                    inspectorate.clone(),
                    "chief_inspector".into(),
                    String::new(),
                ]);
                t.1.push(vec![format!("{committee}-CN"), committee.clone(), "inspection_chair".into(), String::new()]);
            }
            "candidates.csv" => {
                for d in &deputies {
                    for title in ["chief_inspector", "inspection_chair"] {
                        let mut row = vec![d.clone(), String::new(), title.to_string(), "5".into()];
                        row.resize(t.0.len(), String::new());
                        t.1.push(row);
                    }
                }
            }
            _ => continue,
        }
        *bytes = render(&t);
    }
}

/// The commune People's Council is usually chaired by the party secretary or
/// a deputy secretary (docs/policy-sources.md, concurrent titles).
const CONCURRENT_COUNCIL_CHAIR: &str =
    "concurrent_with = [\"party_secretary\", \"deputy_secretary\"]\nconcurrent = \"allowed\"\n";

/// The share of communes, out of 100, whose party secretary chairs the council today.
const CONCURRENT_PERCENT: usize = 70;

/// Today's concurrent holders: in most communes the party secretary is also
/// the council chair. The council chair's row in positions.csv names the
/// secretary; the former chair's tenure ends at the merger, and the
/// secretary's tenure as chair starts there.
pub fn concurrent_holders(files: &mut [(String, Vec<u8>)], seed: u64) -> usize {
    let text = |name: &str| {
        files.iter().find(|f| f.0 == name).map(|f| String::from_utf8_lossy(&f.1).into_owned()).unwrap_or_default()
    };
    let mut positions = table(&text("positions.csv"));
    let secretaries: BTreeMap<String, String> = positions
        .1
        .iter()
        .filter(|r| r[2] == "party_secretary" && !r[3].is_empty())
        .map(|r| (r[1].clone(), r[3].clone()))
        .collect();
    let mut moved: Vec<(String, String, Option<String>)> = Vec::new(); // (unit, secretary, former chair)
    for r in positions.1.iter_mut().filter(|r| r[2] == "council_chair") {
        let Some(sec) = secretaries.get(&r[1]) else { continue };
        if mergers::pick(seed, &r[1], "council_chair", 100) < CONCURRENT_PERCENT {
            moved.push((r[1].clone(), sec.clone(), Some(r[3].clone()).filter(|c| !c.is_empty())));
            r[3] = sec.clone();
        }
    }
    let history = chair_tenures(table(&text("history.csv")), &moved);
    for (name, bytes) in files.iter_mut() {
        match name.as_str() {
            "positions.csv" => *bytes = render(&positions),
            "history.csv" => *bytes = render(&history),
            _ => {}
        }
    }
    moved.len()
}

fn chair_tenures(mut t: Rows, moved: &[(String, String, Option<String>)]) -> Rows {
    let at = |n: &str| t.0.iter().position(|h| h == n).unwrap_or_default();
    let (cadre, unit, title, start, end) = (at("cadre_id"), at("unit_id"), at("title"), at("start"), at("end"));
    for (u, sec, former) in moved {
        let open_chair = |r: &Vec<String>| &r[unit] == u && r[title] == "council_chair" && r[end].is_empty();
        if let Some(former) = former {
            // The former chair's part from the merger on goes; the part before it ends at the merger.
            t.1.retain(|r| !(open_chair(r) && &r[cadre] == former && r[start] == MERGER));
            for r in t.1.iter_mut().filter(|r| open_chair(r) && &r[cadre] == former) {
                r[end] = MERGER.into();
            }
        }
        let mut row = vec![String::new(); t.0.len()];
        (row[cadre], row[unit], row[title], row[start]) =
            (sec.clone(), u.clone(), "council_chair".into(), MERGER.into());
        t.1.push(row);
    }
    t.1.sort_by(|a, b| a[cadre].cmp(&b[cadre]).then(a[start].cmp(&b[start])));
    t
}

/// The version-1 keys the preset replaces.
const REPLACED_RULES: &[&str] = &["retirement_age", "new_appointment_min_years", "stay_min_years"];

/// Rewrites scenario.toml, cadres.csv and history.csv of `files` as version 2.
pub fn rewrite(files: &mut [(String, Vec<u8>)], seed: u64) {
    for (name, bytes) in files.iter_mut() {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let new = match name.as_str() {
            "scenario.toml" => toml(&text),
            "cadres.csv" => months(&text, &[("birth_year", "birth_date")], seed),
            "history.csv" => months(&text, &[("start_year", "start"), ("end_year", "end")], seed),
            _ => continue,
        };
        *bytes = new.into_bytes();
    }
}

/// Moves the records of `files` to the pre-merger units (see [`super::mergers`]):
/// units.csv lists the old units, homes in a merged commune become one of its
/// old communes, and tenures in it before 2025-07 move to one of them (the
/// same one per cadre). Returns the merger, for the README's figures.
pub fn old_units(files: &mut [(String, Vec<u8>)], seed: u64) -> Merger {
    let text = |files: &[(String, Vec<u8>)], name: &str| {
        files.iter().find(|f| f.0 == name).map(|f| String::from_utf8_lossy(&f.1).into_owned()).unwrap_or_default()
    };
    let units = table(&text(files, "units.csv"));
    let communes: BTreeSet<String> = units.1.iter().filter(|r| r[2] == "commune").map(|r| r[0].clone()).collect();
    let merger = Merger::of(&communes);
    for (name, bytes) in files.iter_mut() {
        let t = table(&String::from_utf8_lossy(bytes));
        let new = match name.as_str() {
            "units.csv" => units_rows(t, &merger),
            "cadres.csv" => homes(t, &merger, seed),
            "history.csv" => tenures(t, &merger, seed),
            _ => continue,
        };
        *bytes = render(&new);
    }
    merger
}

pub(super) type Rows = (Vec<String>, Vec<Vec<String>>);

pub(super) fn table(text: &str) -> Rows {
    let mut lines = text.lines();
    let header = lines.next().map(split).unwrap_or_default();
    (header, lines.map(split).collect())
}

pub(super) fn render(t: &Rows) -> Vec<u8> {
    let mut out = join(&t.0) + "\n";
    for r in &t.1 {
        out.push_str(&join(r));
        out.push('\n');
    }
    out.into_bytes()
}

/// units.csv with the validity columns (merged communes exist from
/// 2025-07, the old units until then) and each 2025 commune's centroid as
/// `lat` and `lon` (for the desk's map).
fn units_rows(mut t: Rows, m: &Merger) -> Rows {
    let centroids: std::collections::BTreeMap<String, (f64, f64)> =
        super::unit_rows().into_iter().map(|u| (u.id, (u.lat, u.lon))).collect();
    t.0.extend(["valid_from", "valid_to", "merged_into", "lat", "lon"].map(String::from));
    for r in &mut t.1 {
        let merged = r[2] == "commune" && !m.predecessors(&r[0]).is_empty();
        let at = centroids.get(&r[0]).filter(|_| r[2] == "commune");
        let (lat, lon) = at.map_or((String::new(), String::new()), |(la, lo)| (la.to_string(), lo.to_string()));
        r.extend([if merged { MERGER.to_string() } else { String::new() }, String::new(), String::new(), lat, lon]);
    }
    let width = t.0.len();
    t.1.extend(m.unit_rows().into_iter().map(|mut r| {
        r.resize(width, String::new());
        r
    }));
    t
}

/// The old commune a cadre's record in `commune` points at, if it merged.
fn old_of(m: &Merger, seed: u64, cadre: &str, commune: &str) -> Option<String> {
    let olds = m.predecessors(commune);
    (!olds.is_empty()).then(|| format!("{OLD}{}", olds[mergers::pick(seed, cadre, commune, olds.len())]))
}

fn homes(mut t: Rows, m: &Merger, seed: u64) -> Rows {
    let home = t.0.iter().position(|h| h == "home_unit_id");
    for r in &mut t.1 {
        if let Some(old) = home.and_then(|i| old_of(m, seed, &r[0], &r[i])) {
            r[home.unwrap_or_default()] = old;
        }
    }
    t
}

/// Tenures before 2025-07 in a merged commune move to its old commune; one
/// that ran on past the merger is split there, and its part from 2025-07 is
/// kept only for titles whose reference date comes later (a record from the
/// reference date on is not counted, and would only warn).
fn tenures(t: Rows, m: &Merger, seed: u64) -> Rows {
    let at = |n: &str| t.0.iter().position(|h| h == n).unwrap_or_default();
    let (unit, title, start, end) = (at("unit_id"), at("title"), at("start"), at("end"));
    let mut rows = Vec::new();
    for r in &t.1 {
        let Some(old) = old_of(m, seed, &r[0], &r[unit]).filter(|_| r[start].as_str() < MERGER) else {
            rows.push(r.clone());
            continue;
        };
        let runs_on = r[end].is_empty() || r[end].as_str() > MERGER;
        let mut before = r.clone();
        before[unit] = old;
        if runs_on {
            before[end] = MERGER.into();
        }
        rows.push(before);
        if runs_on && counted_after_merger(&r[title]) {
            let mut after = r.clone();
            after[start] = MERGER.into();
            rows.push(after);
        }
    }
    (t.0, rows)
}

/// Titles on a calendar whose reference date is after 2025-07 (the councils' and governments', 2026-03).
fn counted_after_merger(title: &str) -> bool {
    TITLES.iter().any(|t| t.0 == title && (t.1 == "council" || t.1 == "government"))
}

/// scenario.toml: `contract = 2`, the reference date, the preset, calendars and ranks.
fn toml(text: &str) -> String {
    let mut out = String::from("contract = 2\nreference_date = \"2025-07\"\n");
    let mut policy_written = false;
    for line in text.lines() {
        if REPLACED_RULES.iter().any(|k| line.starts_with(&format!("{k} ="))) {
            continue;
        }
        if line == "[objective]" {
            out.push_str(UNIT_SHARE_TARGET);
        }
        if line == "[titles.director]" {
            out.push_str(&inspection_titles());
        }
        if line.starts_with("[titles.") && !policy_written {
            out.push_str("[policy]\npreset = \"vn-2025\"\n\n");
            policy_written = true;
        }
        out.push_str(line);
        out.push('\n');
        let key = line.strip_prefix("[titles.").and_then(|l| l.strip_suffix(']'));
        if let Some((_, calendar, rank, label)) = key.and_then(|k| TITLES.iter().find(|t| t.0 == k)) {
            out.push_str(&format!("label = \"{label}\"\ncalendar = \"{calendar}\"\nrank = {rank}\n"));
        }
        if key == Some("council_chair") {
            out.push_str(CONCURRENT_COUNCIL_CHAIR);
        }
        if key == Some("prov_pc_chair") {
            out.push_str("non_local = true   # Conclusion 201-KL/TW (2025-10-31), as reported\n");
        }
    }
    out
}

/// A CSV file whose year columns become months (`Y` -> `Y-MM`).
fn months(text: &str, cols: &[(&str, &str)], seed: u64) -> String {
    let mut lines = text.lines();
    let Some(header) = lines.next() else { return text.to_string() };
    let names: Vec<&str> = header.split(',').collect();
    let at: Vec<usize> =
        names.iter().enumerate().filter(|(_, n)| cols.iter().any(|c| c.0 == **n)).map(|(i, _)| i).collect();
    let renamed: Vec<&str> = names.iter().map(|n| cols.iter().find(|c| c.0 == *n).map_or(*n, |c| c.1)).collect();
    let mut out = renamed.join(",") + "\n";
    for line in lines {
        // Generated cells hold no commas or quotes except names, which come before these columns.
        let mut cells = split(line);
        let id = cells.first().cloned().unwrap_or_default();
        for &i in &at {
            if let Some(year) = cells.get(i).and_then(|c| c.parse::<i32>().ok()) {
                cells[i] = format!("{year}-{:02}", month_of(seed, &id, year));
            }
        }
        out.push_str(&join(&cells));
        out.push('\n');
    }
    out
}

fn split(line: &str) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
    rdr.records().next().and_then(|r| r.ok()).map(|r| r.iter().map(String::from).collect()).unwrap_or_default()
}

fn join(cells: &[String]) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let _ = w.write_record(cells);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end_matches('\n').to_string()
}

/// A month (1 to 12) for a cadre's year, the same wherever the pair appears.
fn month_of(seed: u64, cadre: &str, year: i32) -> u32 {
    (stable_hash(seed, cadre.as_bytes(), &year.to_le_bytes()) % 12) as u32 + 1
}

/// FNV-1a over the seed and two byte strings: stable across platforms and versions.
pub(super) fn stable_hash(seed: u64, a: &[u8], b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for x in seed.to_le_bytes().iter().chain(a).chain(b) {
        h ^= u64::from(*x);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// What the README of the version-2 Nghệ An says changed.
pub const NGHE_AN_CHANGES: &str = r#"
## Contract version 2 (what changed from the version-1 scenario, and why)

This scenario declares `contract = 2` (docs/scenario-format.md section 10).
The people, posts and planning pools are those of the version-1 scenario,
kept as `scenarios/nghe-an-v1` (`rotaplan generate nghe-an-v1`) for the
benchmarks; what changed is how time is counted, as a committee's records
count it:

- Births and tenures are months (`birth_date`, `start`, `end`), drawn for
  each cadre and year from the seed; ages and service are counted in months
  at the reference date **2025-07** (commune party congresses).
- `[policy] preset = "vn-2025"` replaces the fixed retirement ages 60/62
  with the statutory schedule of Decree 135/2020 (a woman born in 1970
  retires in 2027, not in 2030), and asks for 60 months of service left for a
  first appointment and 48 for a re-election (Directive 45-CT/TW, as quoted:
  see `rotaplan policy show scenarios/nghe-an`).
- Each title runs on its calendar: party posts on the party's (communes
  2025-07, the province 2025-09), People's Council and Committee posts on
  the 2026–2031 term (reference 2026-03), the others on the scenario's own;
  each title has a rank, so that a move to an equal or lower post is lateral.
- Titles carry their Vietnamese labels, which every output shows with the key.
- The commune People's Council chair may be held concurrently by the party
  secretary or a deputy secretary (`concurrent_with`, `concurrent =
  "allowed"`); today the secretary chairs the council in about 70 % of the
  communes (positions.csv names the secretary on both posts), as is usual.
- A target over units: a woman among the key leaders (secretary, deputy
  secretary, People's Committee and Council chairs) of at least 75 % of the
  communes (`min_unit_share = 0.75`; Resolution 28/NQ-CP, as quoted).
"#;
