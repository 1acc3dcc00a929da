//! The 2025 merger in generated version-2 scenarios: the pre-merger units of
//! each generated province (its old province, districts and communes, from
//! data/vn-admin-pre2025, MIT) are added to units.csv with `merged_into`, and
//! records before 2025-07 move to them, as real records read: homes in old
//! communes, tenures before the merger in the old commune that went into the
//! new one. The `merged_from` text of data/vn-admin-2025 is cross-checked
//! against the links, and what disagrees is reported, never guessed.

use std::collections::{BTreeMap, BTreeSet};

use crate::text::fold;
use unicode_normalization::UnicodeNormalization;

const OLD_UNITS_CSV: &str = include_str!("../../data/vn-admin-pre2025/old_units.csv");
const MERGER_LINKS_CSV: &str = include_str!("../../data/vn-admin-pre2025/merger_links.csv");
const NEW_UNITS_CSV: &str = include_str!("../../data/vn-admin-2025/units.csv");

/// The month the 2-level local government took effect.
pub const MERGER: &str = "2025-07";
/// The prefix of historic unit ids (contract section 10.7).
pub const OLD: &str = "old:";

/// One pre-merger unit.
#[derive(Debug, Clone)]
struct OldUnit {
    code: String,
    name: String,
    level: String,
    parent: Option<String>,
}

/// The pre-merger units of some provinces and their links to new communes.
#[derive(Debug, Default)]
pub struct Merger {
    units: Vec<OldUnit>,
    /// New commune -> its old communes (sorted).
    predecessors: BTreeMap<String, Vec<String>>,
    /// Old commune -> its new communes (sorted), within the scenario's communes.
    successors: BTreeMap<String, Vec<String>>,
    /// Links read from merger_links.csv that lead to the scenario's communes.
    pub links_used: usize,
    pub partial_links: usize,
}

fn records(text: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().cloned().unwrap_or_default();
    (headers, rdr.records().flatten().collect())
}

fn col(headers: &csv::StringRecord, name: &str) -> usize {
    headers.iter().position(|h| h == name).unwrap_or(usize::MAX)
}

fn cell(r: &csv::StringRecord, i: usize) -> String {
    r.get(i).unwrap_or_default().to_string()
}

impl Merger {
    /// The merger of the new communes `communes` (their 5-digit codes).
    pub fn of(communes: &BTreeSet<String>) -> Merger {
        let mut m = Merger::default();
        let (h, links) = records(MERGER_LINKS_CSV);
        let (old_c, new_c, kind) = (col(&h, "old_commune_code"), col(&h, "new_commune_code"), col(&h, "kind"));
        for l in links.iter().filter(|l| communes.contains(&cell(l, new_c))) {
            m.links_used += 1;
            m.partial_links += usize::from(cell(l, kind) == "partial");
            m.predecessors.entry(cell(l, new_c)).or_default().push(cell(l, old_c));
            m.successors.entry(cell(l, old_c)).or_default().push(cell(l, new_c));
        }
        m.predecessors.values_mut().chain(m.successors.values_mut()).for_each(|v| {
            v.sort();
            v.dedup();
        });
        m.units = old_units(&m.successors);
        m
    }

    /// The old communes that went (wholly or partly) into `commune`.
    pub fn predecessors(&self, commune: &str) -> &[String] {
        self.predecessors.get(commune).map(Vec::as_slice).unwrap_or_default()
    }

    /// units.csv rows (unit_id, name, level, parent_id, disadvantaged,
    /// valid_from, valid_to, merged_into) of the old units, provinces first.
    pub fn unit_rows(&self) -> Vec<Vec<String>> {
        let rank = |l: &str| match l {
            "province" => 0,
            "district" => 1,
            _ => 2,
        };
        let mut units: Vec<&OldUnit> = self.units.iter().collect();
        units.sort_by(|a, b| rank(&a.level).cmp(&rank(&b.level)).then(a.code.cmp(&b.code)));
        units
            .into_iter()
            .map(|u| {
                let merged = self.successors.get(&u.code).map(|s| s.join(";")).unwrap_or_default();
                let parent = u.parent.as_ref().map(|p| format!("{OLD}{p}")).unwrap_or_default();
                let name = u.name.clone();
                vec![
                    format!("{OLD}{}", u.code),
                    name,
                    u.level.clone(),
                    parent,
                    "false".into(),
                    String::new(),
                    MERGER.into(),
                    merged,
                ]
            })
            .collect()
    }
}

/// The old communes with a successor, and their districts and provinces.
fn old_units(successors: &BTreeMap<String, Vec<String>>) -> Vec<OldUnit> {
    let (h, rows) = records(OLD_UNITS_CSV);
    let (code, name, level) = (col(&h, "old_code"), col(&h, "name"), col(&h, "level"));
    let (district, province) = (col(&h, "district_code"), col(&h, "province_code"));
    let all: BTreeMap<String, OldUnit> = rows
        .iter()
        .map(|r| {
            let parent = [cell(r, district), cell(r, province)].into_iter().find(|p| !p.is_empty());
            (cell(r, code), OldUnit { code: cell(r, code), name: cell(r, name), level: cell(r, level), parent })
        })
        .collect();
    let mut keep: BTreeSet<String> = successors.keys().cloned().collect();
    let mut frontier: Vec<String> = keep.iter().cloned().collect();
    while let Some(c) = frontier.pop() {
        if let Some(p) = all.get(&c).and_then(|u| u.parent.clone()) {
            if keep.insert(p.clone()) {
                frontier.push(p);
            }
        }
    }
    keep.iter().filter_map(|c| all.get(c).cloned()).collect()
}

/// What the `merged_from` text of data/vn-admin-2025 says against the links.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CrossCheck {
    /// Names listed in the text.
    pub names: usize,
    /// Communes whose text says "giữ nguyên" (kept as it was): read as the old commune of the same name.
    pub kept_whole: usize,
    /// Items of the text that are not a unit name (with their commune).
    pub unparsed: Vec<(String, String)>,
    /// Per new commune: names only in the text, and names only in the links.
    pub disagreements: Vec<(String, Vec<String>, Vec<String>)>,
    /// Names that match only once spelling is folded (Hoà/Hòa, Thuỷ/Thủy, Unicode forms).
    pub spelling_only: usize,
}

/// Compares, for each new commune, the names in `merged_from` with the names of its linked old communes.
pub fn cross_check(m: &Merger) -> CrossCheck {
    let (h, rows) = records(NEW_UNITS_CSV);
    let (code, full, from) = (col(&h, "unit_code"), col(&h, "unit_full_name"), col(&h, "merged_from"));
    let names: BTreeMap<&str, &str> = m.units.iter().map(|u| (u.code.as_str(), u.name.as_str())).collect();
    let mut out = CrossCheck::default();
    for r in rows.iter().filter(|r| m.predecessors.contains_key(&cell(r, code))) {
        let linked: BTreeSet<String> = m
            .predecessors(&cell(r, code))
            .iter()
            .filter_map(|c| names.get(c.as_str()))
            .map(|n| n.to_string())
            .collect();
        let text = text_names(&cell(r, from), &cell(r, full), &cell(r, code), &mut out);
        compare(&cell(r, code), &text, &linked, &mut out);
    }
    out
}

/// The unit names of one `merged_from` text.
fn text_names(text: &str, own_name: &str, code: &str, out: &mut CrossCheck) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if item.nfc().collect::<String>() == "giữ nguyên" {
            out.kept_whole += 1;
            names.insert(own_name.to_string());
            continue;
        }
        match unit_name(item) {
            Some(n) => {
                names.insert(n);
            }
            None => out.unparsed.push((code.to_string(), item.to_string())),
        }
    }
    out.names += names.len();
    names
}

/// "Phường Nghi Đức" or "Xã A (phần còn lại ...)": the name without the remark.
fn unit_name(item: &str) -> Option<String> {
    let bare = match item.find('(') {
        Some(i) => item[..i].trim(),
        None => item,
    };
    let known = ["Phường ", "Xã ", "Thị trấn "];
    known.iter().any(|k| bare.starts_with(k) && bare.len() > k.len()).then(|| bare.to_string())
}

fn compare(code: &str, text: &BTreeSet<String>, linked: &BTreeSet<String>, out: &mut CrossCheck) {
    let folded = |s: &BTreeSet<String>| s.iter().map(|n| fold(n)).collect::<BTreeSet<String>>();
    let (ft, fl) = (folded(text), folded(linked));
    out.spelling_only += text.iter().filter(|n| !linked.contains(*n) && fl.contains(&fold(n))).count();
    let only_text: Vec<String> = text.iter().filter(|n| !fl.contains(&fold(n))).cloned().collect();
    let only_links: Vec<String> = linked.iter().filter(|n| !ft.contains(&fold(n))).cloned().collect();
    if !only_text.is_empty() || !only_links.is_empty() {
        out.disagreements.push((code.to_string(), only_text, only_links));
    }
}

/// A stable choice among `n` for a cadre and unit (FNV-1a, as the months of version 2).
pub fn pick(seed: u64, cadre: &str, unit: &str, n: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.to_le_bytes().iter().chain(cadre.as_bytes()).chain(b"/").chain(unit.as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h % n.max(1) as u64) as usize
}

/// The README section on the merger: the data used and what the cross-check found.
pub fn report(m: &Merger) -> String {
    let count = |level: &str| m.units.iter().filter(|u| u.level == level).count();
    let check = cross_check(m);
    let mut s = format!(
        "\n## The 2025 merger\n\nRecords before 2025-07 point at the pre-merger units (data/vn-admin-pre2025, MIT): \
         {} old province(s), {} districts and {} old communes, ids `old:<GSO code>`, valid to 2025-07, each commune \
         `merged_into` its new commune(s). {} links of merger_links.csv were used ({} of them partial). Homes in a \
         merged commune are one of its old communes, and tenures before 2025-07 lie in one of them (the same one per \
         cadre and commune, drawn from the seed); a tenure running past the merger is split there, and its part from \
         2025-07 is kept for council and government titles only (reference 2026-03; a party record from the 2025-07 \
         reference date would not count).\n\n\
         Cross-check of the `merged_from` text of data/vn-admin-2025 against the links: {} names read, {} communes \
         \"giữ nguyên\" (kept as they were: read as the old commune of the same name), {} names that match only once \
         the spelling is folded (Hoà/Hòa, Thuỷ/Thủy, Unicode forms), {} items that are not a unit name, and {} communes \
         where text and links disagree:\n\n",
        count("province"),
        count("district"),
        count("commune"),
        m.links_used,
        m.partial_links,
        check.names,
        check.kept_whole,
        check.spelling_only,
        check.unparsed.len(),
        check.disagreements.len()
    );
    for (code, text, links) in &check.disagreements {
        s += &format!("- {code}: only in the text: {}; only in the links: {}\n", list(text), list(links));
    }
    for (code, item) in &check.unparsed {
        s += &format!("- {code}: not a unit name: \"{item}\"\n");
    }
    s + "\nThe links are used as they are; the text is only a cross-check.\n"
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}
