//! Seeded generator of synthetic example scenarios: real units of Nghệ An
//! (`data/vn-admin-2025`, MIT) with invented people. The same seed always gives
//! the same files.
//!
//! People are built from lists of common family, middle and given names; no
//! real person is described. Western, mountainous communes get a larger share
//! of Thai, Khmu and Mông cadres, as in the province.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The Nghệ An units file, embedded so that `generate` runs anywhere.
const NGHE_AN_UNITS: &str = include_str!("../data/vn-admin-2025/nghe_an_units.csv");

/// Communes west of this longitude are the mountainous west (disadvantaged,
/// larger ethnic-minority population).
const WEST_LON: f64 = 104.9;

const KINH_FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Đinh",
    "Trương", "Cao", "Thái", "Chu", "Hà",
];
const THAI_FAMILY: &[&str] = &["Lò", "Vi", "Lương", "Lang", "Sầm", "Lữ", "Quang", "Hà"];
const KHMU_FAMILY: &[&str] = &["Moong", "Xồng", "Kha", "Lô", "Cụt"];
const MONG_FAMILY: &[&str] = &["Vừ", "Lầu", "Và", "Thò", "Lỳ", "Mùa"];
const MIDDLE_M: &[&str] = &["Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Công", "Bá"];
const MIDDLE_F: &[&str] = &["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Kim"];
const GIVEN_M: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Mạnh", "Nam", "Phong", "Quân",
    "Sơn", "Thắng", "Tuấn", "Vinh", "Việt", "Trung", "Lâm", "Tú", "Kiên", "Toàn",
];
const GIVEN_F: &[&str] = &[
    "Anh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Nhung", "Oanh",
    "Phương", "Quyên", "Thảo", "Trang", "Vân", "Yến", "Huyền", "Loan",
];

/// Provincial departments and agencies: (id suffix, name).
const DEPARTMENTS: &[(&str, &str)] = &[
    ("VPTU", "Văn phòng Tỉnh ủy"),
    ("BTCTU", "Ban Tổ chức Tỉnh ủy"),
    ("SNV", "Sở Nội vụ"),
    ("STC", "Sở Tài chính"),
    ("SXD", "Sở Xây dựng"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SYT", "Sở Y tế"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("SCT", "Sở Công Thương"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("STP", "Sở Tư pháp"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo"),
    ("TTR", "Thanh tra tỉnh"),
    ("VPUBND", "Văn phòng UBND tỉnh"),
];

/// Commune titles: (key, share of posts filled now).
const COMMUNE_TITLES: &[&str] = &["party_secretary", "deputy_secretary", "pc_chair", "council_chair", "front_chair"];

#[derive(Clone)]
struct Commune {
    id: String,
    name: String,
    lon: f64,
    lat: f64,
}

#[derive(Clone)]
struct Person {
    id: String,
    name: String,
    gender: char,
    birth_year: i32,
    ethnicity: &'static str,
    home: String,
    unit: String,
    education: &'static str,
    theory: &'static str,
    rating: &'static str,
    available: bool,
}

struct Post {
    id: String,
    unit: String,
    title: &'static str,
    incumbent: Option<usize>,
}

struct Gen {
    rng: ChaCha8Rng,
    people: Vec<Person>,
    names: BTreeSet<String>,
}

impl Gen {
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        *xs.choose(&mut self.rng).unwrap_or(&xs[0])
    }

    /// A new synthetic person; `west` raises the chance of an ethnic minority.
    #[allow(clippy::too_many_arguments)]
    fn person(
        &mut self,
        home: &str,
        unit: &str,
        west: bool,
        female_share: f64,
        birth: (i32, i32),
        senior: bool,
    ) -> usize {
        let female = self.rng.random_bool(female_share);
        let minority = self.rng.random_bool(if west { 0.6 } else { 0.03 });
        let (ethnicity, family): (&'static str, &[&str]) = if !minority {
            ("Kinh", KINH_FAMILY)
        } else {
            match self.rng.random_range(0..10) {
                0..=5 => ("Thai", THAI_FAMILY),
                6..=7 => ("Khmu", KHMU_FAMILY),
                _ => ("Mong", MONG_FAMILY),
            }
        };
        let mut name;
        let mut tries = 0;
        loop {
            let f = self.pick(family);
            let m = self.pick(if female { MIDDLE_F } else { MIDDLE_M });
            let g = self.pick(if female { GIVEN_F } else { GIVEN_M });
            name = format!("{f} {m} {g}");
            tries += 1;
            if !self.names.contains(&name) || tries > 20 {
                break;
            }
        }
        self.names.insert(name.clone());
        let education = if senior {
            *["bachelor", "master", "master", "doctor"].choose(&mut self.rng).unwrap_or(&"master")
        } else {
            *["college", "bachelor", "bachelor", "bachelor", "master"].choose(&mut self.rng).unwrap_or(&"bachelor")
        };
        let theory = if senior {
            *["intermediate", "advanced", "advanced", "advanced"].choose(&mut self.rng).unwrap_or(&"advanced")
        } else {
            *["elementary", "intermediate", "intermediate", "advanced", "advanced"]
                .choose(&mut self.rng)
                .unwrap_or(&"intermediate")
        };
        let rating = match self.rng.random_range(0..100) {
            0..=24 => "excellent",
            25..=84 => "good",
            85..=97 => "complete",
            _ => "incomplete",
        };
        let id = format!("C{:05}", self.people.len() + 1);
        self.people.push(Person {
            id,
            name,
            gender: if female { 'F' } else { 'M' },
            birth_year: self.rng.random_range(birth.0..=birth.1),
            ethnicity,
            home: home.to_string(),
            unit: unit.to_string(),
            education,
            theory,
            rating,
            available: self.rng.random_bool(0.98),
        });
        self.people.len() - 1
    }
}

fn communes() -> Result<Vec<Commune>, String> {
    let mut rdr = csv::Reader::from_reader(NGHE_AN_UNITS.as_bytes());
    let headers = rdr.headers().map_err(|e| e.to_string())?.clone();
    let col = |n: &str| headers.iter().position(|h| h == n).ok_or(format!("embedded units file lacks `{n}`"));
    let (code, full, lon, lat) =
        (col("unit_code")?, col("unit_full_name")?, col("centroid_lon")?, col("centroid_lat")?);
    let mut out = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| e.to_string())?;
        out.push(Commune {
            id: r[code].to_string(),
            name: r[full].to_string(),
            lon: r[lon].parse().map_err(|_| "bad longitude".to_string())?,
            lat: r[lat].parse().map_err(|_| "bad latitude".to_string())?,
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(|e| e.to_string())?;
    for r in rows {
        w.write_record(&r).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

const SCENARIO_TOML: &str = r#"name = "Nghe An - key posts, term 2025-2030 (synthetic cadres)"
term_start = 2025
term_years = 5

[titles.party_secretary]
level = "commune"
head = true
non_local = true
min_education = "bachelor"
min_theory = "advanced"
vacancy_penalty = 1500

[titles.deputy_secretary]
level = "commune"
min_education = "bachelor"
min_theory = "intermediate"

[titles.pc_chair]
level = "commune"
head = true
non_local = true
min_education = "bachelor"
min_theory = "advanced"
vacancy_penalty = 1500

[titles.council_chair]
level = "commune"
head = true
min_education = "bachelor"
min_theory = "intermediate"

[titles.front_chair]
level = "commune"
min_education = "college"
min_theory = "intermediate"

[titles.prov_party_secretary]
level = "province"
head = true
non_local = true
min_education = "master"
min_theory = "advanced"
vacancy_penalty = 3000

[titles.prov_pc_chair]
level = "province"
head = true
min_education = "master"
min_theory = "advanced"
vacancy_penalty = 3000

[titles.prov_council_chair]
level = "province"
head = true
min_education = "master"
min_theory = "advanced"
vacancy_penalty = 3000

[titles.director]
level = "province"
head = true
min_education = "master"
min_theory = "advanced"

[titles.deputy_director]
level = "province"
min_education = "bachelor"
min_theory = "advanced"

[rules]
max_consecutive_terms = 2
min_years_in_post = 3
retirement_age = { F = 60, M = 62 }
new_appointment_min_years = 5
stay_min_years = 2
local_if_served_years = 10
require_planning = true

[groups]
female = { gender = "F" }
young = { max_age = 40 }
ethnic_minority = { ethnicity_not = "Kinh" }

[[targets]]
name = "female share of commune key posts"
key = "female_share"
group = "female"
titles = ["party_secretary", "pc_chair", "council_chair"]
level = "commune"
min_share = 0.4
penalty = 50

[[targets]]
name = "young share of all posts"
key = "young_share"
group = "young"
min_share = 0.4
penalty = 40

[[targets]]
name = "ethnic-minority share of commune posts"
key = "minority_share"
group = "ethnic_minority"
level = "commune"
min_share = 0.18
penalty = 40

[[targets]]
name = "women among department directors"
key = "female_directors"
group = "female"
titles = ["director"]
min_count = 2
hard = true

[[targets]]
name = "a woman in every commune's leadership"
key = "female_every_commune"
group = "female"
level = "commune"
min_count = 1
per_unit = true
penalty = 20

[objective]
rating_points = { excellent = 30, good = 20, complete = 5, incomplete = -100 }
continuity_bonus = 10
rotation_down_bonus = 15
candidate_score_weight = 1
vacancy_penalty = 1000

[solver]
time_limit_s = 60
mip_gap = 0.0
"#;

/// Writes the Nghệ An example scenario into `out` (created if needed).
pub fn nghe_an(out: &Path, seed: u64) -> Result<(), String> {
    let communes = communes()?;
    let mut g = Gen { rng: ChaCha8Rng::seed_from_u64(seed), people: Vec::new(), names: BTreeSet::new() };
    let province = "40".to_string();

    // Units: the province, its departments, outside roots, the communes.
    let mut units: Vec<Vec<String>> = vec![
        vec![province.clone(), "Tỉnh Nghệ An".into(), "province".into(), String::new(), "false".into()],
        vec!["38".into(), "Tỉnh Thanh Hóa".into(), "province".into(), String::new(), "false".into()],
        vec!["42".into(), "Tỉnh Hà Tĩnh".into(), "province".into(), String::new(), "false".into()],
        vec!["TW".into(), "Ban Tổ chức Trung ương".into(), "province".into(), String::new(), "false".into()],
    ];
    for (k, name) in DEPARTMENTS {
        units.push(vec![
            format!("40-{k}"),
            format!("{name} Nghệ An"),
            "province".into(),
            province.clone(),
            "false".into(),
        ]);
    }
    for c in &communes {
        units.push(vec![
            c.id.clone(),
            c.name.clone(),
            "commune".into(),
            province.clone(),
            (c.lon < WEST_LON).to_string(),
        ]);
    }

    // Neighbours: the six nearest communes of each commune.
    let near: Vec<Vec<usize>> = communes
        .iter()
        .map(|a| {
            let mut d: Vec<(f64, usize)> = communes
                .iter()
                .enumerate()
                .map(|(j, b)| ((a.lon - b.lon).powi(2) + (a.lat - b.lat).powi(2), j))
                .collect();
            d.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            d.into_iter().skip(1).take(6).map(|(_, j)| j).collect()
        })
        .collect();

    let mut posts: Vec<Post> = Vec::new();
    let mut history: Vec<Vec<String>> = Vec::new();
    let mut cand: Vec<(usize, String, String, i64)> = Vec::new(); // (person, position, title, score)
    let tenure_start = |g: &mut Gen| -> i32 {
        match g.rng.random_range(0..100) {
            0..=9 => 2010,
            10..=29 => g.rng.random_range(2013..=2015),
            30..=69 => g.rng.random_range(2018..=2020),
            70..=84 => g.rng.random_range(2021..=2022),
            _ => g.rng.random_range(2023..=2024),
        }
    };

    // Commune posts and incumbents.
    for (ci, c) in communes.iter().enumerate() {
        let west = c.lon < WEST_LON;
        for &title in COMMUNE_TITLES {
            let id = format!("{}-{}", c.id, abbreviation(title));
            let incumbent = if g.rng.random_bool(0.88) {
                let home = if g.rng.random_bool(0.55) {
                    c.id.clone()
                } else {
                    communes[*near[ci].choose(&mut g.rng).unwrap_or(&ci)].id.clone()
                };
                let p = g.person(&home, &c.id, west, 0.3, (1964, 1988), true);
                let start = tenure_start(&mut g);
                history.push(vec![
                    g.people[p].id.clone(),
                    c.id.clone(),
                    title.into(),
                    start.to_string(),
                    String::new(),
                ]);
                if start >= 2016 && g.rng.random_bool(0.5) {
                    // An earlier post in a neighbouring commune.
                    let prev = &communes[*near[ci].choose(&mut g.rng).unwrap_or(&ci)];
                    let from = start - g.rng.random_range(3..=6);
                    history.push(vec![
                        g.people[p].id.clone(),
                        prev.id.clone(),
                        "deputy_secretary".into(),
                        from.to_string(),
                        start.to_string(),
                    ]);
                }
                Some(p)
            } else {
                None
            };
            posts.push(Post { id, unit: c.id.clone(), title, incumbent });
        }
    }
    // Provincial posts.
    let mut prov_posts: Vec<(String, String, &'static str)> = vec![
        ("40-BT".into(), province.clone(), "prov_party_secretary"),
        ("40-CT".into(), province.clone(), "prov_pc_chair"),
        ("40-CTHD".into(), province.clone(), "prov_council_chair"),
    ];
    for (k, _) in DEPARTMENTS {
        prov_posts.push((format!("40-{k}-GD"), format!("40-{k}"), "director"));
        prov_posts.push((format!("40-{k}-PGD"), format!("40-{k}"), "deputy_director"));
    }
    for (id, unit, title) in prov_posts {
        let incumbent = if g.rng.random_bool(0.9) {
            let home = if g.rng.random_bool(0.5) {
                communes[g.rng.random_range(0..communes.len())].id.clone()
            } else {
                unit.clone()
            };
            let p = g.person(&home, &unit, false, 0.25, (1964, 1982), true);
            let start = tenure_start(&mut g);
            history.push(vec![g.people[p].id.clone(), unit.clone(), title.into(), start.to_string(), String::new()]);
            Some(p)
        } else {
            None
        };
        posts.push(Post { id, unit, title, incumbent });
    }

    // Planning pools: 2–4 planned cadres per post.
    let incumbent_of: Vec<Option<usize>> = {
        let mut v = vec![None; g.people.len()];
        for (i, p) in posts.iter().enumerate() {
            if let Some(c) = p.incumbent {
                v[c] = Some(i);
            }
        }
        v
    };
    let post_index: std::collections::BTreeMap<String, usize> =
        posts.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
    let commune_of: std::collections::BTreeMap<String, usize> =
        communes.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
    for pi in 0..posts.len() {
        let (unit, title) = (posts[pi].unit.clone(), posts[pi].title);
        let k = g.rng.random_range(2..=4);
        for _ in 0..k {
            let score = g.rng.random_range(0..=10);
            let roll = g.rng.random_range(0..100);
            let chosen = if let Some(&ci) = commune_of.get(&unit) {
                let west = communes[ci].lon < WEST_LON;
                let nb = *near[ci].choose(&mut g.rng).unwrap_or(&ci);
                if roll < 30 {
                    // An office holder of a neighbouring commune (a move).
                    let t = *COMMUNE_TITLES.choose(&mut g.rng).unwrap_or(&"deputy_secretary");
                    let other = post_index.get(&format!("{}-{}", communes[nb].id, abbreviation(t))).copied();
                    other.and_then(|o| posts[o].incumbent)
                } else if roll < 45 && matches!(title, "party_secretary" | "pc_chair") {
                    // A provincial cadre rotated down.
                    let (dk, _) = *DEPARTMENTS.choose(&mut g.rng).unwrap_or(&DEPARTMENTS[0]);
                    let home = communes[g.rng.random_range(0..communes.len())].id.clone();
                    let minority_home = west && g.rng.random_bool(0.3);
                    Some(g.person(&home, &format!("40-{dk}"), minority_home, 0.3, (1978, 1992), true))
                } else {
                    // A younger cadre of this or a neighbouring commune.
                    let home = if g.rng.random_bool(0.25) { unit.clone() } else { communes[nb].id.clone() };
                    let senior = g.rng.random_bool(0.85);
                    Some(g.person(&home, &communes[nb].id, west, 0.4, (1980, 1994), senior))
                }
            } else {
                // Provincial posts: a deputy director or a cadre from outside.
                let outside = if title.starts_with("prov_") { 70 } else { 50 };
                if roll < 35 && !title.starts_with("prov_") {
                    prov_posts_incumbent(&posts, &mut g)
                } else {
                    let (home, unit2) = if roll < outside {
                        let r = *["38", "42", "TW"].choose(&mut g.rng).unwrap_or(&"TW");
                        (r.to_string(), r.to_string())
                    } else {
                        (communes[g.rng.random_range(0..communes.len())].id.clone(), unit.clone())
                    };
                    let female = if title == "director" { 0.45 } else { 0.3 };
                    Some(g.person(&home, &unit2, false, female, (1970, 1988), true))
                }
            };
            if let Some(c) = chosen {
                if posts[pi].incumbent != Some(c) && !cand.iter().any(|x| x.0 == c && x.1 == posts[pi].id) {
                    cand.push((c, posts[pi].id.clone(), String::new(), score));
                }
            }
        }
    }
    // A pool of provincial cadres planned for commune leadership titles anywhere.
    for _ in 0..12 {
        let (dk, _) = *DEPARTMENTS.choose(&mut g.rng).unwrap_or(&DEPARTMENTS[0]);
        let home = communes[g.rng.random_range(0..communes.len())].id.clone();
        let p = g.person(&home, &format!("40-{dk}"), false, 0.35, (1980, 1990), true);
        let title = if g.rng.random_bool(0.5) { "party_secretary" } else { "pc_chair" };
        cand.push((p, String::new(), title.into(), g.rng.random_range(0..=5)));
    }
    let _ = incumbent_of;

    // Write everything.
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let write = |name: &str, bytes: Vec<u8>| {
        std::fs::write(out.join(name), bytes).map_err(|e| format!("cannot write {name}: {e}"))
    };
    write("scenario.toml", SCENARIO_TOML.as_bytes().to_vec())?;
    write("batch.toml", BATCH_TOML.as_bytes().to_vec())?;
    write("units.csv", csv_bytes(&["unit_id", "name", "level", "parent_id", "disadvantaged"], units)?)?;
    write(
        "positions.csv",
        csv_bytes(
            &["position_id", "unit_id", "title", "incumbent_id"],
            posts
                .iter()
                .map(|p| {
                    vec![
                        p.id.clone(),
                        p.unit.clone(),
                        p.title.into(),
                        p.incumbent.map(|c| g.people[c].id.clone()).unwrap_or_default(),
                    ]
                })
                .collect(),
        )?,
    )?;
    write(
        "cadres.csv",
        csv_bytes(
            &[
                "cadre_id",
                "name",
                "gender",
                "birth_year",
                "ethnicity",
                "home_unit_id",
                "unit_id",
                "education",
                "theory",
                "rating",
                "available",
            ],
            g.people
                .iter()
                .map(|p| {
                    vec![
                        p.id.clone(),
                        p.name.clone(),
                        p.gender.to_string(),
                        p.birth_year.to_string(),
                        p.ethnicity.into(),
                        p.home.clone(),
                        p.unit.clone(),
                        p.education.into(),
                        p.theory.into(),
                        p.rating.into(),
                        p.available.to_string(),
                    ]
                })
                .collect(),
        )?,
    )?;
    write("history.csv", csv_bytes(&["cadre_id", "unit_id", "title", "start_year", "end_year"], history)?)?;
    write(
        "candidates.csv",
        csv_bytes(
            &["cadre_id", "position_id", "title", "score"],
            cand.iter()
                .map(|(c, p, t, s)| vec![g.people[*c].id.clone(), p.clone(), t.clone(), s.to_string()])
                .collect(),
        )?,
    )?;
    write("decisions.csv", csv_bytes(&["cadre_id", "position_id", "decision"], Vec::new())?)?;

    // Committee decisions, chosen among pairs the rules allow: a few pins and forbids.
    let sc = crate::scenario::load(out).map_err(|e| e.to_string())?;
    let el = crate::eligibility::build(&sc).map_err(|e| e.to_string())?;
    let pinned_posts: BTreeSet<usize> = el.pins.iter().map(|p| p.position).collect();
    let pinned_cadres: BTreeSet<usize> = el.pins.iter().map(|p| p.cadre).collect();
    let mut used_posts = BTreeSet::new();
    let mut used_cadres = BTreeSet::new();
    let mut decisions = Vec::new();
    let mut pins = 0;
    let mut forbids = 0;
    let step = (el.pairs.len() / 97).max(1);
    for &(p, c) in el.pairs.iter().step_by(step) {
        if pinned_posts.contains(&p)
            || pinned_cadres.contains(&c)
            || used_posts.contains(&p)
            || used_cadres.contains(&c)
        {
            continue;
        }
        let kind = if pins < 5 && sc.positions[p].incumbent != Some(c) {
            pins += 1;
            "pin"
        } else if forbids < 5 {
            forbids += 1;
            "forbid"
        } else {
            break;
        };
        used_posts.insert(p);
        used_cadres.insert(c);
        decisions.push(vec![sc.cadres[c].id.clone(), sc.positions[p].id.clone(), kind.to_string()]);
    }
    write("decisions.csv", csv_bytes(&["cadre_id", "position_id", "decision"], decisions)?)?;
    let mut readme = String::new();
    let _ = writeln!(readme, "{}", NGHE_AN_README.trim_start());
    let _ = writeln!(
        readme,
        "\nGenerated by `rotaplan generate nghe-an --seed {seed}`: {} posts, {} cadres.",
        sc.positions.len(),
        sc.cadres.len()
    );
    write("README.md", readme.into_bytes())?;
    Ok(())
}

/// An incumbent of a provincial post (a deputy director moving up, say).
fn prov_posts_incumbent(posts: &[Post], g: &mut Gen) -> Option<usize> {
    let deputies: Vec<usize> =
        posts.iter().filter(|p| p.title == "deputy_director").filter_map(|p| p.incumbent).collect();
    deputies.choose(&mut g.rng).copied()
}

fn abbreviation(title: &str) -> &'static str {
    match title {
        "party_secretary" => "BT",
        "deputy_secretary" => "PBT",
        "pc_chair" => "CTUB",
        "council_chair" => "CTHD",
        _ => "CTMT",
    }
}

const BATCH_TOML: &str = r#"# What-if variants a committee runs before the term:
#   rotaplan batch --spec scenarios/nghe-an/batch.toml --out out/nghe-an-batch --jobs 2
scenario = "."

[[runs]]
name = "baseline"

[[runs]]
name = "female-30"
set = { "targets.female_share.min_share" = 0.3 }

[[runs]]
name = "female-50"
set = { "targets.female_share.min_share" = 0.5 }

[[runs]]
name = "female-40-hard"
set = { "targets.female_share.hard" = true }

[[runs]]
name = "minority-25"
set = { "targets.minority_share.min_share" = 0.25 }

[[runs]]
name = "pc-chair-may-be-local"
set = { "titles.pc_chair.non_local" = false }

[[runs]]
name = "council-chair-non-local"
set = { "titles.council_chair.non_local" = true }

[[runs]]
name = "three-terms"
set = { "rules.max_consecutive_terms" = 3 }

[[runs]]
name = "no-rotation-bonus"
set = { "objective.rotation_down_bonus" = 0 }

[[runs]]
name = "no-minimum-time-in-post"
set = { "rules.min_years_in_post" = 0 }
"#;

const NGHE_AN_README: &str = r#"
# scenarios/nghe-an: Nghệ An, key posts for the term 2025–2030

The 130 real communes and wards of Nghệ An after the 1 July 2025 reorganisation
(`data/vn-admin-2025/nghe_an_units.csv`, MIT licence, see its SOURCE.md), the
province, 15 provincial departments and agencies, and three units outside the
province (Thanh Hóa, Hà Tĩnh, a central agency) that are the home of cadres
who can hold non-local provincial posts.

Every person is synthetic: names are drawn from lists of common family, middle
and given names; ages, gender, ethnicity (Thai, Khmu and Mông in the western
communes), home communes, ratings, qualifications, histories and planning
pools are random with a fixed seed. No real person is described.

Posts: five per commune (party_secretary, deputy_secretary, pc_chair,
council_chair, front_chair), a director and a deputy director per department,
and the three provincial leaders. Rules: two-term limit on head posts,
non-local party secretaries and People's Committee chairs, retirement at 60/62,
three years minimum in post, planning required. Targets: women, young cadres
and ethnic minorities (soft shares), women among directors (hard), a woman in
every commune's leadership (soft, per unit). Rotation down from the province to
the communes earns a bonus.

Target keys (for `--set targets.<key>.<field>=...`): `female_share`,
`young_share`, `minority_share`, `female_directors`, `female_every_commune`.
`batch.toml` holds ten what-if variants:
`rotaplan batch --spec scenarios/nghe-an/batch.toml --out out/nghe-an-batch --jobs 2`.

Regenerate (byte-identical): `cargo run --release -- generate nghe-an --out scenarios/nghe-an`.
"#;
