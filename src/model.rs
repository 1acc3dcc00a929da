//! Domain types: what a scenario is made of once it has been read and validated.
//!
//! Every collection is sorted by identifier, so that the model built from a
//! scenario does not depend on the order of rows in its files. Each record keeps
//! the file line it came from, for messages.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Index of a unit in [`Scenario::units`].
pub type UnitIdx = usize;
/// Index of a position in [`Scenario::positions`].
pub type PosIdx = usize;
/// Index of a cadre in [`Scenario::cadres`].
pub type CadreIdx = usize;
/// Index of a title in [`Scenario::titles`].
pub type TitleIdx = usize;

/// Level of an administrative unit (2-level local government).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Province,
    Commune,
    /// A district: historic only (abolished by the 2025 reform; version 2).
    District,
}

impl Level {
    /// Parses the contract spelling (`province`, `commune`).
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "province" => Some(Level::Province),
            "commune" => Some(Level::Commune),
            _ => None,
        }
    }
    /// The contract spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Commune => "commune",
            Level::District => "district",
        }
    }
}

/// An administrative unit: the province, a provincial department, a commune,
/// or a unit outside the planned area that only serves as somebody's home.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub level: Level,
    pub parent: Option<UnitIdx>,
    pub disadvantaged: bool,
    /// The root of this unit's tree (the ancestor with no parent; itself for a root).
    pub province: UnitIdx,
    pub line: u64,
    /// Version 2: the months the unit existed, `[valid_from, valid_to)`.
    pub valid_from: Option<YearMonth>,
    pub valid_to: Option<YearMonth>,
    /// Version 2: numeric units.csv columns that a target reads
    /// (`min_share_from`), by column name.
    pub values: BTreeMap<String, f64>,
    /// Version 2: the units a historic unit went into (`merged_into`).
    pub merged_into: Vec<UnitIdx>,
    /// The current units this unit is now part of: itself when it is current;
    /// for a historic unit, those its `merged_into` (or, for a district or a
    /// province without one, its communes') lead to. Empty when none does.
    pub successors: Vec<UnitIdx>,
    /// False for a unit that does not exist at the scenario's reference date.
    pub current: bool,
    /// Version 2: (latitude, longitude) in degrees, for the desk's map.
    pub location: Option<(f64, f64)>,
}

impl Unit {
    /// True when the unit does not exist at the scenario's reference date.
    pub fn is_historic(&self) -> bool {
        !self.current
    }
}

/// A calendar month: dates in personnel records are counted by month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
}

impl YearMonth {
    /// `None` unless the month is 1 to 12.
    pub fn new(year: i32, month: u8) -> Option<YearMonth> {
        (1..=12).contains(&month).then_some(YearMonth { year, month })
    }

    /// January of `year`: what a year alone means (version 1, `birth_year`).
    pub fn january(year: i32) -> YearMonth {
        YearMonth { year, month: 1 }
    }

    /// The month after this one.
    pub fn next(self) -> YearMonth {
        self.plus_months(1)
    }

    /// Months since year 0.
    fn index(self) -> i32 {
        self.year * 12 + i32::from(self.month) - 1
    }

    fn from_index(i: i32) -> YearMonth {
        YearMonth { year: i.div_euclid(12), month: (i.rem_euclid(12) + 1) as u8 }
    }

    /// This month moved by `n` months (negative: back).
    pub fn plus_months(self, n: i32) -> YearMonth {
        YearMonth::from_index(self.index() + n)
    }

    /// Whole months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: YearMonth) -> i32 {
        later.index() - self.index()
    }

    /// Reads `YYYY-MM` or `YYYY-MM-DD` (the day is not used).
    pub fn parse(s: &str) -> Option<YearMonth> {
        let mut parts = s.trim().split('-');
        let year = parts.next()?.parse::<i32>().ok().filter(|y| (1000..=9999).contains(y))?;
        let month = parts.next()?.parse::<u8>().ok()?;
        let day_ok = parts.next().is_none_or(|d| d.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d)));
        (day_ok && parts.next().is_none()).then_some(())?;
        YearMonth::new(year, month)
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Gender as recorded in cadres.csv.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    F,
    M,
}

/// Education, ordered from lowest to highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Education {
    Secondary,
    College,
    Bachelor,
    Master,
    Doctor,
}

/// Political theory training, ordered from lowest to highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Theory {
    None,
    Elementary,
    Intermediate,
    Advanced,
}

/// Latest annual evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rating {
    Excellent,
    Good,
    Complete,
    Incomplete,
}

macro_rules! keyword_enum {
    ($ty:ident { $($word:literal => $variant:ident),+ $(,)? }) => {
        impl $ty {
            /// Every accepted spelling, in order.
            pub const WORDS: &'static [&'static str] = &[$($word),+];
            /// Parses the contract spelling.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($word => Some($ty::$variant),)+ _ => None }
            }
            /// The contract spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $word,)+ }
            }
        }
    };
}
keyword_enum!(Gender { "F" => F, "M" => M });
keyword_enum!(Education { "secondary" => Secondary, "college" => College, "bachelor" => Bachelor, "master" => Master, "doctor" => Doctor });
keyword_enum!(Theory { "none" => None, "elementary" => Elementary, "intermediate" => Intermediate, "advanced" => Advanced });
keyword_enum!(Rating { "excellent" => Excellent, "good" => Good, "complete" => Complete, "incomplete" => Incomplete });

/// A person who may hold or leave a post.
#[derive(Debug, Clone)]
pub struct Cadre {
    pub id: String,
    pub name: String,
    pub gender: Gender,
    /// Month of birth; January when only the year is known (contract section 2).
    pub birth: YearMonth,
    /// The month of retirement when cadres.csv gives one (version 2:
    /// early retirement, special cases); otherwise the rules decide.
    pub retirement_date: Option<YearMonth>,
    pub ethnicity: String,
    pub home_unit: UnitIdx,
    /// Where the cadre works now.
    pub unit: UnitIdx,
    pub education: Education,
    pub theory: Theory,
    pub rating: Rating,
    pub available: bool,
    /// The posts this cadre holds now (positions.csv): one, or a bundle of
    /// concurrent titles (version 2), the base post first.
    pub incumbent_of: Vec<PosIdx>,
    /// This cadre's tenures, sorted.
    pub tenures: Vec<Tenure>,
    /// Qualifications in training (version 2, training.csv), by completion.
    pub training: Vec<Training>,
    /// The cadre's own wishes (version 2, preferences.csv), in file order.
    pub preferences: Vec<Preference>,
    pub line: u64,
}

/// A cadre's wish about posts (version 2, preferences.csv, section 10.15):
/// a unit, a title or both, ranked or avoided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preference {
    /// The unit the wish is about: its posts and, for a province-level unit, those of its communes.
    pub unit: Option<UnitIdx>,
    pub title: Option<TitleIdx>,
    pub wish: Wish,
    /// Why (personal data, Decree 13/2023/ND-CP): shown to the committee, counted elsewhere.
    pub reason: String,
    pub line: u64,
}

/// Preferred at a rank (1 = most wanted), or avoided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wish {
    Rank(u32),
    Avoid,
}

/// A qualification a cadre is training for (version 2, training.csv): it
/// counts from its completion month on (section 10.14).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub requirement: Requirement,
    /// The month the training completes.
    pub completion: YearMonth,
    pub line: u64,
}

/// A qualification of rule 2 at a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Education(Education),
    Theory(Theory),
}

/// A post to be filled for the planned term.
#[derive(Debug, Clone)]
pub struct Position {
    pub id: String,
    pub unit: UnitIdx,
    pub title: TitleIdx,
    pub incumbent: Option<CadreIdx>,
    /// Row number in positions.csv (0-based): the order of plan.csv.
    pub row: usize,
    pub line: u64,
}

/// [`Scenario::bundle_base`] over the posts and titles alone (for the loader).
pub fn bundle_base(positions: &[Position], titles: &[Title], posts: &[PosIdx]) -> Option<PosIdx> {
    if posts.len() <= 1 {
        return posts.first().copied();
    }
    posts.iter().copied().find(|&q| {
        posts.iter().filter(|&&p| p != q).all(|&p| {
            positions[p].unit == positions[q].unit
                && titles[positions[p].title].concurrent_with.contains(&positions[q].title)
        })
    })
}

/// A past or current tenure from history.csv.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tenure {
    pub unit: UnitIdx,
    /// The title key as written; it may name a title scenario.toml does not define.
    pub title: String,
    /// First month served (January of `start_year` in version 1).
    pub start: YearMonth,
    /// First month no longer served (end exclusive); `None` = still holding it.
    pub end: Option<YearMonth>,
    pub line: u64,
}

impl Tenure {
    /// The months this tenure covers before `reference` (end exclusive; an
    /// open tenure runs to `reference`).
    pub fn months_before(&self, reference: YearMonth) -> std::ops::Range<YearMonth> {
        let end = self.end.unwrap_or(reference).min(reference);
        self.start..end.max(self.start)
    }
}

/// A committee decision on a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionKind {
    Pin,
    Forbid,
}

/// A row of decisions.csv.
#[derive(Debug, Clone)]
pub struct Decision {
    pub cadre: CadreIdx,
    pub position: PosIdx,
    pub kind: DecisionKind,
    pub line: u64,
}

/// A title defined under `[titles.<key>]`.
#[derive(Debug, Clone)]
pub struct Title {
    pub key: String,
    pub level: Level,
    pub head: bool,
    pub non_local: bool,
    pub min_education: Option<Education>,
    pub min_theory: Option<Theory>,
    pub vacancy_penalty: Option<f64>,
    /// Index in [`Scenario::calendars`] (0: the scenario's own term).
    pub calendar: usize,
    /// The title's own reference date, over its calendar's (version 2).
    pub reference: Option<YearMonth>,
    /// Seniority for telling a lateral move (version 2): higher is more senior.
    pub rank: Option<i32>,
    /// The title's own months of remaining service, over `[rules]`'s.
    pub remaining: RemainingOverride,
    /// The display name (version 2), such as "Bí thư Đảng ủy xã".
    pub label: Option<String>,
    /// Version 2, `concurrent_with`: titles whose holder in the same unit may
    /// (or, when `concurrent_required`, must) also hold this title.
    pub concurrent_with: Vec<TitleIdx>,
    pub concurrent_required: bool,
    /// Version 2 (section 10.14): successors to name for each post of the title (0 = none).
    pub succession: u32,
}

impl Title {
    /// The title as people read it: "Bí thư Đảng ủy xã [party_secretary]", or
    /// the key alone when the title has no label.
    pub fn display(&self) -> String {
        match &self.label {
            Some(l) => format!("{l} [{}]", self.key),
            None => self.key.clone(),
        }
    }
}

/// A term calendar (version 2): party committees, People's Councils and
/// Committees, the Fatherland Front each run their own terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// `default` for the scenario's own `term_start` and `term_years`.
    pub name: String,
    /// The first month of the planned term; past terms are counted back from it.
    pub term_start: YearMonth,
    pub term_years: i32,
    /// The reference date for posts at each level (province, commune).
    pub reference_province: YearMonth,
    pub reference_commune: YearMonth,
}

impl Calendar {
    /// The calendar's reference date for a post at `level`.
    pub fn reference(&self, level: Level) -> YearMonth {
        match level {
            Level::Province => self.reference_province,
            // A district's tenures are history; they end before any reference date.
            Level::Commune | Level::District => self.reference_commune,
        }
    }
}

/// The kinds of move whose remaining service is set apart (version 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MoveKind {
    /// New to this post and its title.
    First,
    /// To a post of equal or lower rank than one the cadre holds now, or of a title held now.
    Lateral,
    /// The incumbent stays in the post.
    Stay,
    /// A rotation for training, marked in candidates.csv.
    Rotation,
}

keyword_enum!(MoveKind { "first" => First, "lateral" => Lateral, "stay" => Stay, "rotation" => Rotation });

/// Months of remaining service per kind of move; `None` = as `[rules]` says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RemainingOverride {
    pub first: Option<i32>,
    pub stay: Option<i32>,
    pub lateral: Option<i32>,
    pub rotation: Option<i32>,
}

impl RemainingOverride {
    /// The override for one kind.
    pub fn get(&self, kind: MoveKind) -> Option<i32> {
        match kind {
            MoveKind::First => self.first,
            MoveKind::Stay => self.stay,
            MoveKind::Lateral => self.lateral,
            MoveKind::Rotation => self.rotation,
        }
    }
}

/// Retirement ages by gender; a gender left out has no limit.
#[derive(Debug, Clone, Default)]
pub struct RetirementAge {
    pub f: Option<i32>,
    pub m: Option<i32>,
}

impl RetirementAge {
    /// The retirement age for a gender, if one is set.
    pub fn for_gender(&self, g: Gender) -> Option<i32> {
        match g {
            Gender::F => self.f,
            Gender::M => self.m,
        }
    }
}

/// How rule 5, the term limit, is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermLimitMode {
    /// At least half of each of the last `max_consecutive_terms` terms of
    /// the post's calendar (version 1's reading, the default).
    ConsecutiveTerms,
    /// `months` or more held continuously up to the reference date, a break
    /// of at most `gap` months not ending the run (version 2).
    ContinuousMonths { months: i32, gap: i32 },
}

impl TermLimitMode {
    /// The contract spellings.
    pub const CONSECUTIVE_TERMS: &'static str = "consecutive_terms";
    pub const CONTINUOUS_MONTHS: &'static str = "continuous_months";
}

/// How a cadre's retirement month is found (rule 6).
#[derive(Debug, Clone, Default)]
pub enum Retirement {
    /// No retirement rule (the default).
    #[default]
    None,
    /// Fixed ages in whole years by gender (`retirement_age`, or
    /// `retirement = { F = .., M = .. }` in version 2).
    Fixed(RetirementAge),
    /// The statutory schedule of the Labour Code 2019 and Decree 135/2020
    /// (`retirement = "vn-labour-code-2019"`, version 2).
    LabourCode2019,
}

impl Retirement {
    /// The contract spelling of the statutory schedule.
    pub const LABOUR_CODE_2019: &'static str = "vn-labour-code-2019";
}

/// The `[rules]` table, with the contract's defaults filled in. Durations
/// are held in months: a version-1 year is 12 months.
#[derive(Debug, Clone)]
pub struct Rules {
    pub max_consecutive_terms: u32,
    /// How rule 5 reads "not more than two consecutive terms".
    pub term_limit: TermLimitMode,
    pub min_months_in_post: i32,
    pub retirement: Retirement,
    /// Months of service that must remain at the reference date for anyone
    /// who is not the incumbent staying in the post (`first` in version 2).
    pub first_min_months: i32,
    /// ... and for an incumbent who stays (`stay`).
    pub stay_min_months: i32,
    /// ... for a lateral move and a rotation (version 2; `None` = as `first`).
    pub lateral_min_months: Option<i32>,
    pub rotation_min_months: Option<i32>,
    pub local_if_served_months: i32,
    pub require_planning: bool,
    /// Version 2: a home or service in a historic unit counts in the units it went into.
    pub locality_through_merger: bool,
    /// Version 2 (`successor`): a head term in a historic unit counts for the same title in its successors.
    pub term_limit_through_merger: bool,
    /// Version 2 (section 10.11): nobody who served in a disadvantaged unit
    /// in the previous term is sent to another one.
    pub no_consecutive_disadvantaged: bool,
    /// Version 2 (section 10.11): the largest share of the cadres rotated
    /// down that one sending unit (a department) may give; `None` = no cap.
    pub max_rotation_share_per_department: Option<f64>,
    /// Version 2 (section 10.13): the least months a rotation lasts.
    pub rotation_period_months: Option<i32>,
    /// Version 2: a rotated cadre's posts now are kept for the return (`rotation_origin = "kept"`).
    pub rotation_keep_origin: bool,
    /// Version 2 (section 10.14): the most posts a cadre may be named successor of; `None` = no limit.
    pub max_succession_titles: Option<u32>,
}

/// How membership of a group is decided.
#[derive(Debug, Clone)]
pub enum GroupRule {
    /// Built-in: the cadre is local to the post's unit (rule 3.4).
    Local,
    /// Built-in: the cadre works now at a province-level unit.
    FromProvince,
    /// Defined in scenario.toml: every condition given must hold.
    Filter(GroupFilter),
}

impl Rules {
    /// The contract's defaults (section 3) for a term of `term_years`. The
    /// loader replaces `require_planning` when candidates.csv is absent.
    pub fn defaults(term_years: i32) -> Rules {
        Rules {
            max_consecutive_terms: 2,
            term_limit: TermLimitMode::ConsecutiveTerms,
            min_months_in_post: 0,
            retirement: Retirement::None,
            first_min_months: 12 * term_years,
            stay_min_months: 0,
            lateral_min_months: None,
            rotation_min_months: None,
            local_if_served_months: 0,
            require_planning: true,
            locality_through_merger: true,
            term_limit_through_merger: true,
            no_consecutive_disadvantaged: false,
            max_rotation_share_per_department: None,
            rotation_period_months: None,
            rotation_keep_origin: false,
            max_succession_titles: None,
        }
    }
}

/// Conditions of a group defined in scenario.toml; absent conditions always hold.
#[derive(Debug, Clone, Default)]
pub struct GroupFilter {
    pub gender: Option<Gender>,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub ethnicity: Vec<String>,
    pub ethnicity_not: Vec<String>,
}

/// A named group of cadres used by targets.
#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    pub rule: GroupRule,
}

/// The one bound a target sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    MinCount(f64),
    MinShare(f64),
    MaxCount(f64),
    MaxShare(f64),
}

impl Bound {
    /// The same kind of bound with another value.
    pub fn with_value(self, v: f64) -> Bound {
        match self {
            Bound::MinCount(_) => Bound::MinCount(v),
            Bound::MinShare(_) => Bound::MinShare(v),
            Bound::MaxCount(_) => Bound::MaxCount(v),
            Bound::MaxShare(_) => Bound::MaxShare(v),
        }
    }

    /// The contract key of this bound.
    pub fn key(&self) -> &'static str {
        match self {
            Bound::MinCount(_) => "min_count",
            Bound::MinShare(_) => "min_share",
            Bound::MaxCount(_) => "max_count",
            Bound::MaxShare(_) => "max_share",
        }
    }
    /// The number given with the bound.
    pub fn value(&self) -> f64 {
        match *self {
            Bound::MinCount(v) | Bound::MinShare(v) | Bound::MaxCount(v) | Bound::MaxShare(v) => v,
        }
    }
    /// True for the lower bounds (`min_*`).
    pub fn is_min(&self) -> bool {
        matches!(self, Bound::MinCount(_) | Bound::MinShare(_))
    }
    /// The required number of group members for `filled` filled posts.
    pub fn required(&self, filled: f64) -> f64 {
        match *self {
            Bound::MinCount(n) | Bound::MaxCount(n) => n,
            Bound::MinShare(s) | Bound::MaxShare(s) => s * filled,
        }
    }
    /// By how much `achieved` members out of `filled` miss the bound (0 when met).
    pub fn shortfall(&self, achieved: f64, filled: f64) -> f64 {
        let req = self.required(filled);
        let miss = if self.is_min() { req - achieved } else { achieved - req };
        if miss > 1e-9 {
            miss
        } else {
            0.0
        }
    }
}

/// A diversity (or other) target from `[[targets]]`.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: String,
    /// Stable key: the name turned into a slug.
    pub key: String,
    pub group: usize,
    /// Empty = every title.
    pub titles: Vec<TitleIdx>,
    pub level: Option<Level>,
    pub bound: Bound,
    pub per_unit: bool,
    pub hard: bool,
    /// Per appointment short; required for soft targets (per unit short
    /// for a target with `unit_share`).
    pub penalty: f64,
    /// Version 2, `min_unit_share`: the share of the target's units that must
    /// meet the per-unit bound (the bound then binds no unit by itself).
    pub unit_share: Option<f64>,
    /// Version 2, `min_share_from`: the units.csv column giving each unit its
    /// own `min_share`.
    pub share_from: Option<String>,
    /// Version 2, `on`: whom the target counts, the posts' holders (the
    /// default) or their named successors (section 10.14).
    pub on: TargetOn,
}

/// Whom a target counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TargetOn {
    /// The holders of the posts in scope.
    #[default]
    Holders,
    /// The successors named for the posts in scope.
    Succession,
}

/// Rating points by rating.
#[derive(Debug, Clone, Default)]
pub struct RatingPoints {
    pub excellent: f64,
    pub good: f64,
    pub complete: f64,
    pub incomplete: f64,
}

impl RatingPoints {
    /// Points for a rating.
    pub fn get(&self, r: Rating) -> f64 {
        match r {
            Rating::Excellent => self.excellent,
            Rating::Good => self.good,
            Rating::Complete => self.complete,
            Rating::Incomplete => self.incomplete,
        }
    }
}

/// The `[objective]` table with defaults filled in.
#[derive(Debug, Clone)]
pub struct ObjectiveWeights {
    pub rating_points: RatingPoints,
    pub continuity_bonus: f64,
    pub rotation_down_bonus: f64,
    pub candidate_score_weight: f64,
    pub vacancy_penalty: f64,
    /// Version 2: added to the vacancy penalty of a post in a disadvantaged unit.
    pub disadvantaged_vacancy_penalty: f64,
    /// Version 2 (section 10.12): solve these levels in order instead of the
    /// weighted objective alone; empty = the weighted objective (the default).
    pub levels: Vec<Priority>,
    /// How far below its optimum a level may be fixed for the next (absolute, in the level's units).
    pub level_tolerance: f64,
    /// Version 2: the rotation-down bonus only for moves marked `rotation` (which meet the rotation rules).
    pub rotation_bonus_requires_rules: bool,
    /// Version 2 (section 10.14): points for each successor named, over the successor's fit.
    pub successor_points: f64,
    /// Version 2 (section 10.15): points for a post a cadre prefers at rank 1 ...
    pub preference_points: f64,
    /// ... less this for each rank below 1 (never below 0).
    pub preference_rank_step: f64,
    /// ... and the cost of a post a cadre asked to avoid.
    pub avoid_penalty: f64,
}

/// A level of a lexicographic objective (`[objective] levels`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// The number of posts filled.
    Fill,
    /// The number of posts filled in disadvantaged units.
    Disadvantaged,
    /// Minus the soft targets' penalties.
    Targets,
    /// Rating points plus the weighted planning scores of the holders.
    Fit,
    /// Minus the number of posts whose holder changes (moved or new).
    Disruption,
    /// The weighted objective of section 4.
    Weighted,
    /// The number of successors named (section 10.14).
    Succession,
}

keyword_enum!(Priority { "fill" => Fill, "disadvantaged" => Disadvantaged, "targets" => Targets, "fit" => Fit, "disruption" => Disruption, "weighted" => Weighted, "succession" => Succession });

impl Default for ObjectiveWeights {
    /// The contract's defaults (section 3): no rating points or bonuses,
    /// candidate scores as written, 1000 points per vacant post.
    fn default() -> Self {
        ObjectiveWeights {
            rating_points: RatingPoints::default(),
            continuity_bonus: 0.0,
            rotation_down_bonus: 0.0,
            candidate_score_weight: 1.0,
            vacancy_penalty: 1000.0,
            disadvantaged_vacancy_penalty: 0.0,
            levels: Vec::new(),
            level_tolerance: 0.0,
            rotation_bonus_requires_rules: false,
            successor_points: 100.0,
            preference_points: 0.0,
            preference_rank_step: 0.0,
            avoid_penalty: 0.0,
        }
    }
}

/// The `[solver]` table.
#[derive(Debug, Clone, Default)]
pub struct SolverSettings {
    pub time_limit_s: Option<f64>,
    pub mip_gap: f64,
}

/// A whole validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    /// `language` (version 2): the words of the report and plan.xlsx unless
    /// the command line chooses (`--lang`); English when neither does.
    pub language: Option<crate::lang::Lang>,
    /// The contract version the scenario declares (`contract`, default 1).
    pub contract: u8,
    /// The month ages, remaining service and every duration are counted at
    /// (`reference_date`; January of `term_start` by default, and always in
    /// version 1). Months from it on do not count as served.
    pub reference: YearMonth,
    pub term_start: i32,
    pub term_years: i32,
    /// Term calendars; `calendars[0]` is the scenario's own (`default`).
    pub calendars: Vec<Calendar>,
    /// The name of `[policy] preset` (version 2), known to `policy::presets`.
    pub preset: Option<&'static str>,
    /// The line of every key written in scenario.toml, by dotted path.
    pub key_lines: BTreeMap<String, u64>,
    pub titles: Vec<Title>,
    pub rules: Rules,
    pub groups: Vec<Group>,
    pub targets: Vec<Target>,
    pub objective: ObjectiveWeights,
    pub solver: SolverSettings,
    pub units: Vec<Unit>,
    pub positions: Vec<Position>,
    pub cadres: Vec<Cadre>,
    /// Planning rows naming a post: (cadre, position) -> score.
    pub planned_position: BTreeMap<(CadreIdx, PosIdx), f64>,
    /// Planning rows naming a title: (cadre, title) -> score.
    pub planned_title: BTreeMap<(CadreIdx, TitleIdx), f64>,
    /// Planning rows marked `move = rotation` (version 2), by post and by title.
    pub rotation_position: BTreeSet<(CadreIdx, PosIdx)>,
    pub rotation_title: BTreeSet<(CadreIdx, TitleIdx)>,
    pub decisions: Vec<Decision>,
    /// Forbidden pairs (cadre, position), for fast lookup.
    pub forbidden: HashSet<(CadreIdx, PosIdx)>,
    /// Identifier lookups.
    pub unit_index: HashMap<String, UnitIdx>,
    pub position_index: HashMap<String, PosIdx>,
    pub cadre_index: HashMap<String, CadreIdx>,
    pub title_index: HashMap<String, TitleIdx>,
    /// Warnings from reading the input, rendered (file:line: message, fix).
    pub warnings: Vec<String>,
    /// SHA-256 of the scenario's files, in hex.
    pub input_hash: String,
}

impl Scenario {
    /// True when preference row `w` of a cadre is about post p: p's title (when
    /// the row names one) in the row's unit or one of its communes (when it names one).
    pub fn wish_covers(&self, w: &Preference, p: PosIdx) -> bool {
        let u = self.positions[p].unit;
        let in_unit = w.unit.is_none_or(|x| x == u || self.units[u].parent == Some(x));
        in_unit && w.title.is_none_or(|t| t == self.positions[p].title)
    }

    /// The cadre's best rank for post p, if a preference row covers it.
    pub fn preferred_rank(&self, c: CadreIdx, p: PosIdx) -> Option<u32> {
        let covering = self.cadres[c].preferences.iter().filter(|w| self.wish_covers(w, p));
        covering.filter_map(|w| if let Wish::Rank(r) = w.wish { Some(r) } else { None }).min()
    }

    /// The first avoid row of the cadre that covers post p.
    pub fn avoided(&self, c: CadreIdx, p: PosIdx) -> Option<&Preference> {
        self.cadres[c].preferences.iter().find(|w| w.wish == Wish::Avoid && self.wish_covers(w, p))
    }

    /// True when some cadre states a preference (version 2).
    pub fn has_preferences(&self) -> bool {
        self.cadres.iter().any(|c| !c.preferences.is_empty())
    }

    /// Age in whole years at the scenario's reference date.
    pub fn age(&self, c: CadreIdx) -> i32 {
        self.age_months(c).div_euclid(12)
    }

    /// Age in months at the scenario's reference date.
    pub fn age_months(&self, c: CadreIdx) -> i32 {
        self.cadres[c].birth.months_until(self.reference)
    }

    /// Age in whole years at the reference date of post `p`.
    pub fn age_for(&self, c: CadreIdx, p: PosIdx) -> i32 {
        self.cadres[c].birth.months_until(self.reference_of(p)).div_euclid(12)
    }

    /// The calendar of post `p`'s title.
    pub fn calendar_of(&self, p: PosIdx) -> &Calendar {
        &self.calendars[self.title_of(p).calendar]
    }

    /// The reference date of post `p`: its title's own, else its calendar's
    /// for the post's level. Ages, remaining service and service are counted at it.
    pub fn reference_of(&self, p: PosIdx) -> YearMonth {
        let title = self.title_of(p);
        title.reference.unwrap_or_else(|| self.calendars[title.calendar].reference(self.unit_of(p).level))
    }

    /// Months of remaining service a move of `kind` to post `p` needs.
    pub fn remaining_needed(&self, p: PosIdx, kind: MoveKind) -> i32 {
        let r = &self.rules;
        let general = match kind {
            MoveKind::First => r.first_min_months,
            MoveKind::Stay => r.stay_min_months,
            MoveKind::Lateral => r.lateral_min_months.unwrap_or(r.first_min_months),
            MoveKind::Rotation => r.rotation_min_months.unwrap_or(r.first_min_months),
        };
        self.title_of(p).remaining.get(kind).unwrap_or(general)
    }

    /// True when the planning row of (c, p), by post or by title, is marked as a rotation.
    pub fn is_rotation(&self, c: CadreIdx, p: PosIdx) -> bool {
        self.rotation_position.contains(&(c, p)) || self.rotation_title.contains(&(c, self.positions[p].title))
    }

    /// A month as the scenario's contract writes it: the year alone in
    /// version 1 (where every date is a January), `YYYY-MM` in version 2.
    pub fn date_label(&self, m: YearMonth) -> String {
        if self.contract == 1 {
            m.year.to_string()
        } else {
            m.to_string()
        }
    }

    /// A number of months in the scenario's unit: years in version 1.
    pub fn duration_label(&self, months: i32) -> String {
        match (self.contract, months % 12) {
            (1, 0) => plural(months / 12, "year"),
            _ => plural(months, "month"),
        }
    }

    /// The title of a position.
    pub fn title_of(&self, p: PosIdx) -> &Title {
        &self.titles[self.positions[p].title]
    }

    /// The unit of a position.
    pub fn unit_of(&self, p: PosIdx) -> &Unit {
        &self.units[self.positions[p].unit]
    }

    /// True when unit `u` lies in the locality of unit `of` (contract section 2):
    /// a commune's locality is itself; a province-level unit's is its whole province.
    /// A historic `u` lies where its successors do, when `locality_through_merger` holds.
    pub fn lies_in_locality(&self, u: UnitIdx, of: UnitIdx) -> bool {
        if !self.units[u].is_historic() {
            return self.lies_in_current_locality(u, of);
        }
        self.rules.locality_through_merger
            && self.units[u].successors.iter().any(|&s| self.lies_in_current_locality(s, of))
    }

    fn lies_in_current_locality(&self, u: UnitIdx, of: UnitIdx) -> bool {
        match self.units[of].level {
            Level::Commune | Level::District => u == of,
            Level::Province => self.units[u].province == self.units[of].province,
        }
    }

    /// True when a tenure at unit `u` was at post unit `of` for the term limit
    /// and the time in post: the same unit, or (`term_limit_through_merger =
    /// "successor"`) a historic unit that went into it.
    pub fn same_post_unit(&self, u: UnitIdx, of: UnitIdx) -> bool {
        u == of
            || (self.rules.term_limit_through_merger
                && self.units[u].is_historic()
                && self.units[u].successors.contains(&of))
    }

    /// True when unit `u` is marked disadvantaged in units.csv, or is a
    /// historic unit that went into one that is.
    pub fn is_disadvantaged(&self, u: UnitIdx) -> bool {
        let unit = &self.units[u];
        unit.disadvantaged || (unit.is_historic() && unit.successors.iter().any(|&s| self.units[s].disadvantaged))
    }

    /// True when appointing `c` to `p` rotates a cadre down: `c` works now at
    /// a province-level unit and `p` is a commune post (the rotation-down bonus).
    pub fn moves_down(&self, c: CadreIdx, p: PosIdx) -> bool {
        self.units[self.cadres[c].unit].level == Level::Province && self.unit_of(p).level == Level::Commune
    }

    /// A unit's name, with where a historic unit went: "Xã Nghi Kim (merged
    /// into Phường Vinh Hưng in 2025-07)".
    pub fn unit_history_label(&self, u: UnitIdx) -> String {
        let unit = &self.units[u];
        if !unit.is_historic() {
            return unit.name.clone();
        }
        let names: Vec<&str> = unit.successors.iter().map(|&s| self.units[s].name.as_str()).collect();
        let when = unit.valid_to.map(|m| format!(" in {m}")).unwrap_or_default();
        match names.is_empty() {
            true => format!("{} (until{when})", unit.name),
            false => format!("{} (merged into {}{when})", unit.name, names.join(", ")),
        }
    }

    /// A short label for a position: "pc_chair of Xã Yên Thành (P-001)".
    pub fn position_label(&self, p: PosIdx) -> String {
        let pos = &self.positions[p];
        format!("{} of {} ({})", self.titles[pos.title].display(), self.units[pos.unit].name, pos.id)
    }

    /// The posts in `p`'s unit whose holder may also hold `p` (titles in
    /// `p`'s `concurrent_with`); empty when `p`'s title has none.
    pub fn partners(&self, p: PosIdx) -> Vec<PosIdx> {
        let (unit, title) = (self.positions[p].unit, &self.titles[self.positions[p].title]);
        if title.concurrent_with.is_empty() {
            return Vec::new();
        }
        (0..self.positions.len())
            .filter(|&q| self.positions[q].unit == unit && title.concurrent_with.contains(&self.positions[q].title))
            .collect()
    }

    /// The base post of `posts` held by one cadre, when they form a bundle:
    /// one post, or a post whose every other member is in its unit with a
    /// title that lists the base post's title in `concurrent_with`.
    pub fn bundle_base(&self, posts: &[PosIdx]) -> Option<PosIdx> {
        bundle_base(&self.positions, &self.titles, posts)
    }

    /// A short label for a cadre: "Nguyễn Văn An (C-001)".
    pub fn cadre_label(&self, c: CadreIdx) -> String {
        let cad = &self.cadres[c];
        format!("{} ({})", cad.name, cad.id)
    }

    /// Whether the cadre is planned for the post (a post row, a title row, or
    /// being its incumbent), and the planning score that applies to the pair.
    pub fn planning_score(&self, c: CadreIdx, p: PosIdx) -> Option<f64> {
        if let Some(s) = self.planned_position.get(&(c, p)) {
            return Some(*s);
        }
        self.planned_title.get(&(c, self.positions[p].title)).copied()
    }

    /// Positions in the order of positions.csv.
    pub fn positions_in_file_order(&self) -> Vec<PosIdx> {
        let mut v: Vec<PosIdx> = (0..self.positions.len()).collect();
        v.sort_by_key(|&p| self.positions[p].row);
        v
    }
}

/// Formats a number for output: integers without a fraction, others in the
/// shortest form that reads back to the same value.
pub fn fmt_num(x: f64) -> String {
    let x = if x == 0.0 { 0.0 } else { x };
    // Round away float noise below 1e-9 so that sums of decimal scores read cleanly.
    let r = (x * 1e9).round() / 1e9;
    format!("{r}")
}

/// "1 year", "3 years".
pub fn plural(n: i32, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}
