//! The statutory retirement schedule (Labour Code 2019, art. 169(2);
//! Decree 135/2020/ND-CP of 2020-11-18, art. 3 and 4, Appendix I).
//!
//! From 2021 the retirement age under normal working conditions is 60 years
//! 3 months for men and 55 years 4 months for women, rising each calendar year
//! by 3 months for men up to 62 (reached in 2028) and by 4 months for women up
//! to 60 (reached in 2035) (art. 4(1)). A person retires in the month they
//! reach the age that applies in that calendar year; the time of retirement is
//! the last day of that month, and the pension starts the month after
//! (art. 3(1)-(2)): Appendix I lists that first pension month. When only the
//! year of birth is known, 1 January is used (art. 3(3)).

use crate::model::{Gender, YearMonth};

/// The first year of the schedule; before it the Labour Code 2012 ages (60, 55) applied.
pub const FIRST_YEAR: i32 = 2021;

/// The retirement age, in months, that applies in calendar `year`.
pub fn age_in_months(gender: Gender, year: i32) -> i32 {
    let (start, step, end) = match gender {
        Gender::M => (60 * 12 + 3, 3, 62 * 12),
        Gender::F => (55 * 12 + 4, 4, 60 * 12),
    };
    if year < FIRST_YEAR {
        return start - step - (start - step) % 12; // 60 or 55 whole years
    }
    (start + step * (year - FIRST_YEAR)).min(end)
}

/// The month in which a person born in `birth` reaches the retirement age
/// that applies in that month's calendar year.
pub fn retirement_month(gender: Gender, birth: YearMonth) -> YearMonth {
    // The age rises by at most 4 months a year while a person ages 12, so the
    // first year whose required age is reached within that year is the answer.
    let mut year = birth.year;
    loop {
        let reached = birth.plus_months(age_in_months(gender, year));
        if reached.year <= year {
            // Reached during this year (or already at its start, when the
            // previous year's age was missed only by its last months).
            return reached.max(YearMonth { year, month: 1 });
        }
        year += 1;
    }
}

/// The first month of the pension: the month after retirement (Appendix I lists this one).
pub fn first_pension_month(gender: Gender, birth: YearMonth) -> YearMonth {
    retirement_month(gender, birth).plus_months(1)
}
