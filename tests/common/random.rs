//! Random small scenarios for property tests: every feature of the contract
//! drawn at random from a seed.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Sc;

const UNITS: &[(&str, &str)] = &[("A", "commune"), ("B", "commune"), ("C", "commune"), ("PD", "province")];

/// A random scenario with at most `max_posts` posts and `max_cadres` cadres.
pub fn scenario(seed: u64, max_posts: usize, max_cadres: usize) -> Sc {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    let n_posts = r.random_range(1..=max_posts);
    let n_cadres = r.random_range(1..=max_cadres);
    let edu = ["secondary", "college", "bachelor", "master", "doctor"];
    let th = ["none", "elementary", "intermediate", "advanced"];
    let ratings = ["excellent", "good", "complete", "incomplete"];

    // Titles: two commune titles and one provincial.
    let mut toml = String::from("name = \"random\"\nterm_start = 2025\n");
    let term_years = r.random_range(3..=5);
    toml.push_str(&format!("term_years = {term_years}\n\n"));
    for (t, level) in [("t0", "commune"), ("t1", "commune"), ("t2", "province")] {
        toml.push_str(&format!(
            "[titles.{t}]\nlevel = \"{level}\"\nhead = {}\nnon_local = {}\n",
            r.random_bool(0.6),
            r.random_bool(0.4)
        ));
        if r.random_bool(0.3) {
            toml.push_str(&format!("min_education = \"{}\"\n", edu[r.random_range(1..4)]));
        }
        if r.random_bool(0.3) {
            toml.push_str(&format!("min_theory = \"{}\"\n", th[r.random_range(1..4)]));
        }
        if r.random_bool(0.3) {
            toml.push_str(&format!("vacancy_penalty = {}\n", r.random_range(0..60)));
        }
        toml.push('\n');
    }
    toml.push_str("[rules]\n");
    toml.push_str(&format!("max_consecutive_terms = {}\n", r.random_range(1..=3)));
    toml.push_str(&format!("min_years_in_post = {}\n", r.random_range(0..=4)));
    if r.random_bool(0.6) {
        toml.push_str("retirement_age = { F = 60, M = 62 }\n");
        toml.push_str(&format!(
            "new_appointment_min_years = {}\nstay_min_years = {}\n",
            r.random_range(0..=6),
            r.random_range(0..=3)
        ));
    }
    toml.push_str(&format!("local_if_served_years = {}\n", [0, 3, 6][r.random_range(0..3)]));
    let with_candidates = r.random_bool(0.6);
    if with_candidates && r.random_bool(0.3) {
        toml.push_str("require_planning = false\n");
    }
    toml.push_str("\n[groups]\nfemale = { gender = \"F\" }\nyoung = { max_age = 40 }\nminority = { ethnicity_not = \"Kinh\" }\n\n");
    let groups = ["female", "young", "minority", "local", "from_province"];
    for i in 0..r.random_range(0..=3) {
        toml.push_str(&format!(
            "[[targets]]\nname = \"target {i}\"\ngroup = \"{}\"\n",
            groups[r.random_range(0..groups.len())]
        ));
        match r.random_range(0..4) {
            0 => toml.push_str(&format!("min_count = {}\n", r.random_range(0..=3))),
            1 => toml.push_str(&format!("min_share = {}\n", [0.25, 0.5, 0.75, 1.0][r.random_range(0..4)])),
            2 => toml.push_str(&format!("max_count = {}\n", r.random_range(0..=2))),
            _ => toml.push_str(&format!("max_share = {}\n", [0.0, 0.25, 0.5][r.random_range(0..3)])),
        }
        if r.random_bool(0.3) {
            toml.push_str("titles = [\"t0\", \"t2\"]\n");
        }
        if r.random_bool(0.2) {
            toml.push_str("level = \"commune\"\n");
        }
        if r.random_bool(0.3) {
            toml.push_str("per_unit = true\n");
        }
        if r.random_bool(0.3) {
            toml.push_str("hard = true\n");
        } else {
            toml.push_str(&format!("penalty = {}\n", r.random_range(0..=60)));
        }
        toml.push('\n');
    }
    toml.push_str(&format!(
        "[objective]\nrating_points = {{ excellent = {}, good = {}, complete = {}, incomplete = {} }}\ncontinuity_bonus = {}\nrotation_down_bonus = {}\ncandidate_score_weight = {}\nvacancy_penalty = {}\n",
        r.random_range(0..=30),
        r.random_range(0..=20),
        r.random_range(-5..=10),
        r.random_range(-40..=0),
        r.random_range(0..=10),
        r.random_range(0..=10),
        [0.0, 0.5, 1.0, 2.0][r.random_range(0..4)],
        r.random_range(0..=50),
    ));

    let mut s = Sc::basic();
    s.toml = toml;
    s.units = vec![
        "P,Province,province,,false".into(),
        "PD,Department,province,P,false".into(),
        "A,Commune A,commune,P,false".into(),
        "B,Commune B,commune,P,true".into(),
        "C,Commune C,commune,P,false".into(),
        "X,Elsewhere,province,,false".into(),
    ];
    let all_units = ["P", "PD", "A", "B", "C", "X"];
    s.positions.clear();
    let mut posts = Vec::new();
    for i in 0..n_posts {
        let (u, level) = UNITS[r.random_range(0..UNITS.len())];
        let title = if level == "province" {
            "t2"
        } else if r.random_bool(0.5) {
            "t0"
        } else {
            "t1"
        };
        posts.push((format!("P{i}"), u, title));
    }
    let mut incumbents: Vec<Option<usize>> = vec![None; n_posts];
    let mut cadre_ids: Vec<usize> = (0..n_cadres).collect();
    cadre_ids.shuffle(&mut r);
    for (i, inc) in incumbents.iter_mut().enumerate() {
        if i < n_cadres && r.random_bool(0.6) {
            *inc = Some(cadre_ids[i]);
        }
    }
    for (i, (id, u, t)) in posts.iter().enumerate() {
        let inc = incumbents[i].map(|c| format!("K{c}")).unwrap_or_default();
        s.positions.push(format!("{id},{u},{t},{inc}"));
    }
    for c in 0..n_cadres {
        s.cadres.push(format!(
            "K{c},Cadre {c},{},{},{},{},{},{},{},{},{}",
            if r.random_bool(0.4) { "F" } else { "M" },
            r.random_range(1958..=1995),
            if r.random_bool(0.3) { "Thai" } else { "Kinh" },
            all_units[r.random_range(0..all_units.len())],
            all_units[r.random_range(0..all_units.len())],
            edu[r.random_range(0..5)],
            th[r.random_range(0..4)],
            ratings[r.random_range(0..4)],
            r.random_bool(0.9),
        ));
    }
    // History: the incumbents' current tenures and random past ones.
    for (i, (_, u, t)) in posts.iter().enumerate() {
        if let Some(c) = incumbents[i] {
            if r.random_bool(0.8) {
                s.history.push(format!("K{c},{u},{t},{},", r.random_range(2008..=2024)));
            }
        }
    }
    for _ in 0..r.random_range(0..=2 * n_cadres) {
        let c = r.random_range(0..n_cadres);
        let (u, level) = UNITS[r.random_range(0..UNITS.len())];
        let t = if level == "province" {
            "t2"
        } else if r.random_bool(0.5) {
            "t0"
        } else {
            "other"
        };
        let start = r.random_range(2005..=2024);
        let end = start + r.random_range(1..=10);
        s.history.push(format!(
            "K{c},{u},{t},{start},{}",
            if end >= 2025 && r.random_bool(0.5) { String::new() } else { end.to_string() }
        ));
    }
    if with_candidates {
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..r.random_range(1..=4 * n_posts) {
            let c = r.random_range(0..n_cadres);
            let score = [0.0, 1.0, 2.5, 5.0, 8.0][r.random_range(0..5)];
            if r.random_bool(0.8) {
                let p = r.random_range(0..n_posts);
                if seen.insert((c, format!("p{p}"))) {
                    s = s.plan(&format!("K{c},P{p},,{score}"));
                }
            } else {
                let t = ["t0", "t1", "t2"][r.random_range(0..3)];
                if seen.insert((c, t.to_string())) {
                    s = s.plan(&format!("K{c},,{t},{score}"));
                }
            }
        }
    }
    // Decisions: a forbid and a pin, on distinct pairs; invalid pins are dropped by the caller.
    let mut used = std::collections::BTreeSet::new();
    for kind in ["forbid", "pin"] {
        if r.random_bool(0.3) {
            let (c, p) = (r.random_range(0..n_cadres), r.random_range(0..n_posts));
            if used.insert((c, p)) {
                s.decisions.push(format!("K{c},P{p},{kind}"));
            }
        }
    }
    s
}

/// The scenario with commune C under a second province, Q: two regions
/// for the solver's search by region (`neighbourhood::improve_by_region`).
pub fn two_provinces(mut s: Sc) -> Sc {
    let extra = s.units.first().map_or(0, |u| u.matches(',').count().saturating_sub(4));
    for u in s.units.iter_mut().filter(|u| u.starts_with("C,")) {
        let mut fields: Vec<&str> = u.split(',').collect();
        fields[3] = "Q";
        *u = fields.join(",");
    }
    s.units.push(format!("Q,Province Q,province,,false{}", ",".repeat(extra)));
    s
}

/// Writes the scenario with the rows of every CSV file in a random order.
pub fn shuffled(s: &Sc, seed: u64) -> Sc {
    let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let mut t = s.clone();
    t.units.shuffle(&mut r);
    t.positions.shuffle(&mut r);
    t.cadres.shuffle(&mut r);
    t.history.shuffle(&mut r);
    if let Some(c) = &mut t.candidates {
        c.shuffle(&mut r);
    }
    t.decisions.shuffle(&mut r);
    t.training.shuffle(&mut r);
    t.preferences.shuffle(&mut r);
    t
}

/// A random scenario in contract version 2: the version-1 scenario of the
/// same seed with months everywhere, a reference date, a second calendar,
/// ranks, the retirement schedule or fixed ages, remaining service by kind
/// of move (rotation marks included), and either term-limit mode.
pub fn scenario_v2(seed: u64, max_posts: usize, max_cadres: usize) -> Sc {
    let mut s = scenario(seed, max_posts, max_cadres);
    let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x0002_0002);
    let m = |r: &mut ChaCha8Rng| r.random_range(1..=12);
    let reference = format!("2025-{:02}", m(&mut r));
    let cal = format!(
        "calendars.c1 = {{ term_start = \"{}-{:02}\", term_years = {}, reference_date = {{ commune = \"2025-{:02}\", province = \"2026-{:02}\" }} }}\n",
        r.random_range(2024..=2026),
        m(&mut r),
        r.random_range(3..=5),
        m(&mut r),
        m(&mut r)
    );
    let mut toml = format!("contract = 2\nreference_date = \"{reference}\"\n{cal}{}", s.toml);
    for t in ["t0", "t1", "t2"] {
        let mut extra = format!("rank = {}\n", r.random_range(0..3));
        if r.random_bool(0.5) {
            extra.push_str("calendar = \"c1\"\n");
        }
        toml = toml.replace(&format!("[titles.{t}]\n"), &format!("[titles.{t}]\n{extra}"));
    }
    toml = v2_rules(&toml, &mut r);
    s.toml = toml;
    s.cadres_header = "cadre_id,name,gender,birth_date,ethnicity,home_unit_id,unit_id,education,theory,rating,available,retirement_date".into();
    s.history_header = "cadre_id,unit_id,title,start,end".into();
    for row in &mut s.cadres {
        let mut cells: Vec<String> = row.split(',').map(String::from).collect();
        cells[3] = format!("{}-{:02}", cells[3], m(&mut r));
        let given = r.random_bool(0.15).then(|| format!("{}-{:02}", r.random_range(2025..=2032), m(&mut r)));
        cells.push(given.unwrap_or_default());
        *row = cells.join(",");
    }
    for row in &mut s.history {
        let mut cells: Vec<String> = row.split(',').map(String::from).collect();
        for i in [3, 4] {
            if !cells[i].is_empty() {
                cells[i] = format!("{}-{:02}", cells[i], m(&mut r));
            }
        }
        if !cells[4].is_empty() && cells[4] < cells[3] {
            cells.swap(3, 4);
        }
        *row = cells.join(",");
    }
    if let Some(rows) = &mut s.candidates {
        s.candidates_header = "cadre_id,position_id,title,score,move".into();
        for row in rows.iter_mut() {
            row.push_str(if r.random_bool(0.2) { ",rotation" } else { "," });
        }
    }
    let s = with_fairness(with_concurrency(with_unit_targets(with_merger(s, seed), seed), seed), seed);
    with_preferences(with_succession(s, seed), seed)
}

/// Sometimes cadres' wishes (section 10.15): ranks and avoids by unit, by
/// title or both, with weights that may be 0.
fn with_preferences(mut s: Sc, seed: u64) -> Sc {
    let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x0012_0015);
    if r.random_bool(0.5) {
        return s;
    }
    let units: Vec<String> = s
        .units
        .iter()
        .map(|u| u.split(',').next().unwrap_or_default().to_string())
        .filter(|u| !u.starts_with("old:"))
        .collect();
    let ids: Vec<String> = s.cadres.iter().map(|c| c.split(',').next().unwrap_or_default().to_string()).collect();
    let mut seen = std::collections::BTreeSet::new();
    for id in &ids {
        for _ in 0..r.random_range(0..=2) {
            let unit = if r.random_bool(0.7) { units[r.random_range(0..units.len())].clone() } else { String::new() };
            let title =
                if unit.is_empty() || r.random_bool(0.3) { ["t0", "t1", "t2"][r.random_range(0..3)] } else { "" };
            let rank = if r.random_bool(0.25) { "avoid".to_string() } else { r.random_range(1..=3).to_string() };
            if seen.insert((id.clone(), unit.clone(), title)) {
                s.preferences.push(format!("{id},{unit},{title},{rank},reason {}", seen.len()));
            }
        }
    }
    let weights = format!(
        "[objective]\npreference_points = {}\npreference_rank_step = {}\navoid_penalty = {}\n",
        [0, 5, 20][r.random_range(0..3)],
        [0, 3][r.random_range(0..2)],
        [0, 10, 50][r.random_range(0..3)]
    );
    s.toml = s.toml.replacen("[objective]\n", &weights, 1);
    s
}

/// Sometimes succession pools (section 10.14) on title t0: k of 1 or 2, a
/// limit on pools per cadre, points per successor, a target on the pools,
/// and trainings that complete before or after the next term.
fn with_succession(mut s: Sc, seed: u64) -> Sc {
    let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x0012_0014);
    if r.random_bool(0.6) {
        return s;
    }
    let k = r.random_range(1..=2);
    s.toml = s.toml.replacen("[titles.t0]\n", &format!("[titles.t0]\nsuccession = {k}\n"), 1);
    if r.random_bool(0.5) {
        s.toml =
            s.toml.replacen("[rules]\n", &format!("[rules]\nmax_succession_titles = {}\n", r.random_range(1..=2)), 1);
    }
    let points = [0, 10, 100][r.random_range(0..3)];
    s.toml = s.toml.replacen("[objective]\n", &format!("[objective]\nsuccessor_points = {points}\n"), 1);
    if r.random_bool(0.4) {
        let group = ["female", "young", "minority"][r.random_range(0..3)];
        let kind = if r.random_bool(0.2) {
            "hard = true".to_string()
        } else {
            format!("penalty = {}", r.random_range(0..=40))
        };
        s.toml.push_str(&format!(
            "\n[[targets]]\nname = \"pools\"\ngroup = \"{group}\"\ntitles = [\"t0\"]\non = \"succession\"\nmin_count = {}\n{kind}\n",
            r.random_range(0..=2)
        ));
    }
    for row in &s.cadres {
        let id = row.split(',').next().unwrap_or_default().to_string();
        let planned = |rows: &[String]| rows.iter().any(|x| x.starts_with(&format!("{id},,t0,")));
        if let Some(rows) = s.candidates.as_mut().filter(|rows| !planned(rows) && r.random_bool(0.4)) {
            rows.push(format!("{id},,t0,{},", r.random_range(0..=9)));
        }
        if r.random_bool(0.3) {
            let (req, level) = if r.random_bool(0.5) { ("theory", "advanced") } else { ("education", "master") };
            s.training.push(format!(
                "{id},{req},{level},{}-{:02}",
                r.random_range(2025..=2032),
                r.random_range(1..=12)
            ));
        }
    }
    s
}

/// Sometimes the fair-rotation rules (section 10.11): rule 8, a cap on each
/// sending unit's share of the cadres rotated down, an extra vacancy penalty
/// in disadvantaged units, and commune C disadvantaged as well as B; and the
/// rotation keys of section 10.13 (origins kept, a period, the bonus only for
/// marked rotations).
fn with_fairness(mut s: Sc, seed: u64) -> Sc {
    let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x0012_0005);
    let mut rules = String::new();
    if r.random_bool(0.4) {
        rules.push_str("no_consecutive_disadvantaged = true\n");
    }
    if r.random_bool(0.3) {
        rules.push_str(&format!(
            "max_rotation_share_per_department = {}\n",
            [0.34, 0.5, 0.67, 1.0][r.random_range(0..4)]
        ));
    }
    if r.random_bool(0.5) {
        rules.push_str("rotation_origin = \"kept\"\n");
        rotate_an_incumbent(&mut s, &mut r);
    }
    if r.random_bool(0.3) {
        rules.push_str(&format!("rotation_period_months = {}\n", r.random_range(12..=48)));
    }
    s.toml = s.toml.replacen("[rules]\n", &format!("[rules]\n{rules}"), 1);
    if r.random_bool(0.3) {
        s.toml = s.toml.replacen("[objective]\n", "[objective]\nrotation_bonus_requires_rules = true\n", 1);
    }
    if r.random_bool(0.4) {
        let extra = format!("[objective]\ndisadvantaged_vacancy_penalty = {}\n", r.random_range(0..=40));
        s.toml = s.toml.replacen("[objective]\n", &extra, 1);
    }
    if r.random_bool(0.5) {
        for u in &mut s.units {
            if u.starts_with("C,Commune C,commune,P,false") {
                *u = u.replacen("C,Commune C,commune,P,false", "C,Commune C,commune,P,true", 1);
            }
        }
    }
    s
}

/// Marks a rotation from an incumbent's post to another post (when
/// candidates.csv exists), so that kept posts have something to keep.
fn rotate_an_incumbent(s: &mut Sc, r: &mut ChaCha8Rng) {
    let posts: Vec<(String, String)> = s
        .positions
        .iter()
        .map(|p| p.split(',').collect::<Vec<_>>())
        .map(|c| (c[0].to_string(), c[3].to_string()))
        .collect();
    let Some((own, who)) = posts.iter().find(|(_, c)| !c.is_empty()).cloned() else { return };
    let others: Vec<&String> = posts.iter().map(|p| &p.0).filter(|p| **p != own).collect();
    let (Some(rows), false) = (&mut s.candidates, others.is_empty()) else { return };
    let to = others[r.random_range(0..others.len())];
    if !rows.iter().any(|row| row.starts_with(&format!("{who},{to},"))) {
        rows.push(format!("{who},{to},,{},rotation", r.random_range(0..=9)));
    }
}

/// The level names of `[objective] levels` (section 10.12).
pub const LEVELS: &[&str] = &["fill", "disadvantaged", "targets", "fit", "disruption", "weighted", "succession"];

/// `[objective] levels` drawn at random: one to four distinct levels in a random order.
pub fn with_levels(mut s: Sc, seed: u64) -> Sc {
    let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x0012_0004);
    let mut names: Vec<&str> = LEVELS.to_vec();
    names.shuffle(&mut r);
    names.truncate(r.random_range(1..=4));
    let list: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    s.toml = s.toml.replacen("[objective]\n", &format!("[objective]\nlevels = [{}]\n", list.join(", ")), 1);
    s
}

/// Sometimes the commune title t1 may (or must) be held with t0 in the same commune.
fn with_concurrency(mut s: Sc, seed: u64) -> Sc {
    let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x0011_0003);
    if r.random_bool(0.3) {
        return s;
    }
    let mode = if r.random_bool(0.3) { "required" } else { "allowed" };
    let keys = format!("[titles.t1]\nconcurrent_with = [\"t0\"]\nconcurrent = \"{mode}\"\n");
    s.toml = s.toml.replacen("[titles.t1]\n", &keys, 1);
    s
}

/// Targets over units: per-unit targets may ask for a share of units, and a
/// target may read each unit's share from a units.csv column.
fn with_unit_targets(mut s: Sc, seed: u64) -> Sc {
    let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x0011_0075);
    let parts: Vec<String> = s.toml.split("per_unit = true\n").map(String::from).collect();
    let mut toml = parts[0].clone();
    for rest in &parts[1..] {
        toml.push_str("per_unit = true\n");
        if r.random_bool(0.5) {
            toml.push_str(&format!("min_unit_share = {}\n", [0.34, 0.5, 0.67, 1.0][r.random_range(0..4)]));
        }
        toml.push_str(rest);
    }
    s.toml = toml;
    if r.random_bool(0.4) {
        s.units_header.push_str(",pop_share");
        for u in &mut s.units {
            let commune = u.contains(",commune,");
            u.push_str(&if commune { format!(",{}", [0.0, 0.25, 0.5, 1.0][r.random_range(0..4)]) } else { ",".into() });
        }
        let kind = if r.random_bool(0.3) {
            "hard = true".to_string()
        } else {
            format!("penalty = {}", r.random_range(0..=40))
        };
        let unit_share = if r.random_bool(0.3) { "min_unit_share = 0.5\n" } else { "" };
        s.toml.push_str(&format!(
            "\n[[targets]]\nname = \"from units\"\ngroup = \"{}\"\nmin_share_from = \"pop_share\"\nper_unit = true\nlevel = \"commune\"\n{unit_share}{kind}\n",
            ["minority", "female"][r.random_range(0..2)]
        ));
    }
    s
}

/// Half the time, the communes' pre-merger units: `old:A1` went into A,
/// `old:AB` partly into A and partly into B, `old:C1` into C, all in the
/// district `old:D` of `old:P`, ending 2025-01; homes and ended tenures in a
/// commune move at random to one of its old units, and the two switches are drawn.
fn with_merger(mut s: Sc, seed: u64) -> Sc {
    let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x0011_2025);
    if r.random_bool(0.5) {
        return s;
    }
    s.units_header = "unit_id,name,level,parent_id,disadvantaged,valid_from,valid_to,merged_into".into();
    for u in &mut s.units {
        u.push_str(",,,");
    }
    s.units.extend(
        [
            "old:P,Old province,province,,false,,2025-01,",
            "old:D,Old district,district,old:P,false,,2025-01,",
            "old:A1,Old A1,commune,old:D,false,,2025-01,A",
            "old:AB,Old AB,commune,old:D,false,,2025-01,A;B",
            "old:C1,Old C1,commune,old:D,false,,2025-01,C",
        ]
        .map(String::from),
    );
    let olds = |u: &str| -> &'static [&'static str] {
        match u {
            "A" => &["old:A1", "old:AB", "old:D"],
            "B" => &["old:AB"],
            "C" => &["old:C1", "old:D"],
            _ => &[],
        }
    };
    for row in &mut s.cadres {
        let mut cells: Vec<String> = row.split(',').map(String::from).collect();
        let choices = olds(&cells[5]);
        if !choices.is_empty() && r.random_bool(0.5) {
            cells[5] = choices[r.random_range(0..choices.len())].to_string();
        }
        *row = cells.join(",");
    }
    for row in &mut s.history {
        let mut cells: Vec<String> = row.split(',').map(String::from).collect();
        let choices: Vec<&str> = olds(&cells[1]).iter().copied().filter(|u| *u != "old:D").collect();
        if !choices.is_empty() && !cells[4].is_empty() && cells[4].as_str() <= "2025-01" && r.random_bool(0.6) {
            cells[1] = choices[r.random_range(0..choices.len())].to_string();
        }
        *row = cells.join(",");
    }
    let mut switches = String::new();
    if r.random_bool(0.3) {
        switches.push_str("locality_through_merger = false\n");
    }
    if r.random_bool(0.3) {
        switches.push_str("term_limit_through_merger = \"off\"\n");
    }
    s.toml = s.toml.replacen("[rules]\n", &format!("[rules]\n{switches}"), 1);
    s
}

/// The `[rules]` of version 2: a retirement rule, months by kind of move, a term-limit mode.
fn v2_rules(toml: &str, r: &mut ChaCha8Rng) -> String {
    let mut out = toml.replace("retirement_age = { F = 60, M = 62 }\n", "");
    let mut lines: Vec<String> = out.lines().map(String::from).collect();
    lines.retain(|l| !l.starts_with("new_appointment_min_years") && !l.starts_with("stay_min_years"));
    out = lines.join("\n") + "\n";
    let mut rules = String::new();
    match r.random_range(0..3) {
        0 => rules.push_str("retirement = \"vn-labour-code-2019\"\n"),
        1 => rules.push_str("retirement = { F = 60, M = 62 }\n"),
        _ => {}
    }
    rules.push_str(&format!(
        "remaining_service = {{ first = {}, stay = {}, lateral = {}, rotation = {} }}\n",
        r.random_range(0..=72),
        r.random_range(0..=48),
        r.random_range(0..=48),
        r.random_range(0..=120)
    ));
    if r.random_bool(0.5) {
        rules.push_str(&format!(
            "term_limit = \"continuous_months\"\nterm_limit_months = {}\nterm_limit_gap_months = {}\n",
            r.random_range(12..=120),
            r.random_range(0..=24)
        ));
    }
    out.replace("[rules]\n", &format!("[rules]\n{rules}"))
}
