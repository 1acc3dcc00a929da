//! The statutory retirement schedule (Decree 135/2020/ND-CP, art. 3 and 4,
//! Appendix I): the age per calendar year, the month each birth month
//! retires, and the first pension month the appendix lists (one month later).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use rotaplan::model::{Gender, YearMonth};
use rotaplan::policy::retirement::{age_in_months, first_pension_month, retirement_month};

fn ym(s: &str) -> YearMonth {
    YearMonth::parse(s).unwrap()
}

/// Art. 4(1): the age that applies in each year, as the decree's table gives it.
#[test]
fn the_age_rises_by_the_decrees_steps() {
    let men = [(2021, 60, 3), (2022, 60, 6), (2023, 60, 9), (2024, 61, 0), (2025, 61, 3), (2026, 61, 6), (2027, 61, 9)];
    for (year, y, m) in men {
        assert_eq!(age_in_months(Gender::M, year), y * 12 + m, "men, {year}");
    }
    for year in [2028, 2030, 2050] {
        assert_eq!(age_in_months(Gender::M, year), 62 * 12, "men from 2028, {year}");
    }
    let women = [
        (2021, 55, 4),
        (2022, 55, 8),
        (2023, 56, 0),
        (2024, 56, 4),
        (2025, 56, 8),
        (2026, 57, 0),
        (2027, 57, 4),
        (2028, 57, 8),
        (2029, 58, 0),
        (2030, 58, 4),
        (2031, 58, 8),
        (2032, 59, 0),
        (2033, 59, 4),
        (2034, 59, 8),
    ];
    for (year, y, m) in women {
        assert_eq!(age_in_months(Gender::F, year), y * 12 + m, "women, {year}");
    }
    assert_eq!(age_in_months(Gender::F, 2035), 60 * 12);
    assert_eq!(age_in_months(Gender::M, 2020), 60 * 12, "Labour Code 2012 before 2021");
    assert_eq!(age_in_months(Gender::F, 2020), 55 * 12);
}

/// Rows of Appendix I (the first pension month, the month after retirement).
#[test]
fn appendix_rows_give_the_first_pension_month() {
    let rows = [
        (Gender::M, "1961-01", "2021-05"),
        (Gender::M, "1961-10", "2022-05"),
        (Gender::M, "1964-09", "2026-01"),
        (Gender::M, "1965-02", "2026-09"),
        (Gender::F, "1966-01", "2021-06"),
        (Gender::F, "1969-04", "2026-01"),
        (Gender::F, "1970-01", "2027-06"),
        (Gender::F, "1970-09", "2028-06"),
    ];
    for (g, birth, pension) in rows {
        assert_eq!(first_pension_month(g, ym(birth)), ym(pension), "{g:?} born {birth}");
    }
}

/// The months the age is reached, with the age: the worked rows of the policy notes.
#[test]
fn worked_rows_retire_in_the_month_the_age_is_reached() {
    let rows = [
        (Gender::M, "1961-01", "2021-04", 60, 3),
        (Gender::M, "1961-10", "2022-04", 60, 6),
        (Gender::M, "1965-02", "2026-08", 61, 6),
        (Gender::F, "1966-01", "2021-05", 55, 4),
        (Gender::F, "1970-01", "2027-05", 57, 4),
        (Gender::F, "1970-09", "2028-05", 57, 8),
    ];
    for (g, birth, month, y, m) in rows {
        let r = retirement_month(g, ym(birth));
        assert_eq!(r, ym(month), "{g:?} born {birth}");
        assert_eq!(ym(birth).months_until(r), y * 12 + m, "{g:?} born {birth}: age at retirement");
    }
}

/// Every birth month from 1955 to 1995: the retirement month is the first in
/// which the age reaches the one that applies in that month's year.
#[test]
fn every_birth_month_retires_at_the_first_month_the_age_is_reached() {
    for g in [Gender::M, Gender::F] {
        for i in 0..(41 * 12) {
            let birth = ym("1955-01").plus_months(i);
            let r = retirement_month(g, birth);
            let reached = |m: YearMonth| birth.months_until(m) >= age_in_months(g, m.year);
            assert!(reached(r), "{g:?} born {birth}: not of age at {r}");
            assert!(!reached(r.plus_months(-1)), "{g:?} born {birth}: already of age before {r}");
        }
    }
}

#[test]
fn months_are_read_from_records() {
    assert_eq!(YearMonth::parse("1970-01"), YearMonth::new(1970, 1));
    assert_eq!(YearMonth::parse("1970-09-30"), YearMonth::new(1970, 9));
    for bad in ["1970-13", "1970-00", "1970", "70-01", "1970-01-32", "1970-01-01-01", "x"] {
        assert_eq!(YearMonth::parse(bad), None, "{bad}");
    }
    assert_eq!(ym("2025-11").plus_months(3), ym("2026-02"));
    assert_eq!(ym("2025-01").plus_months(-1), ym("2024-12"));
    assert_eq!(ym("2025-07").to_string(), "2025-07");
}
