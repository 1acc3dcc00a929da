//! The model's rows read by variable, for the Lagrangian and the repair.
//! Compressed: one array of entries and each variable's start, rather than
//! one vector per variable (2.1M allocations on national-rotation, where
//! building this now takes 0.27 s).

use super::Lp;

/// Per variable: (k, coefficient) for each k-th of the rows it was built
/// from that holds the variable, in the order of k.
pub(super) struct Columns {
    start: Vec<usize>,
    entries: Vec<(usize, f64)>,
    rows: usize,
}

impl Columns {
    /// The columns of `rows` (indices into the model's rows).
    pub fn new(lp: &Lp, rows: &[usize]) -> Columns {
        let mut start = vec![0usize; lp.vars.len() + 1];
        for &r in rows {
            for &(v, _) in &lp.rows[r].terms {
                start[v + 1] += 1;
            }
        }
        for v in 0..lp.vars.len() {
            start[v + 1] += start[v];
        }
        let mut next = start.clone();
        let mut entries = vec![(0, 0.0); start[lp.vars.len()]];
        for (k, &r) in rows.iter().enumerate() {
            for &(v, a) in &lp.rows[r].terms {
                entries[next[v]] = (k, a);
                next[v] += 1;
            }
        }
        Columns { start, entries, rows: rows.len() }
    }

    /// Variable v's entries.
    pub fn of(&self, v: usize) -> &[(usize, f64)] {
        &self.entries[self.start[v]..self.start[v + 1]]
    }

    /// Σ coef·x of each row, read by column over x's nonzero values only:
    /// a plan sets a few hundred of nghe-an-rotation's 193,611 variables,
    /// where reading each row whole took about 4 ms. The variables are
    /// added in their order, as the model's rows list them, so each sum is
    /// the row's own to the last bit.
    pub fn sums(&self, x: &[f64]) -> Vec<f64> {
        let mut sums = vec![0.0; self.rows];
        for (v, &xv) in x.iter().enumerate().filter(|(_, xv)| **xv != 0.0) {
            for &(k, a) in self.of(v) {
                sums[k] += a * xv;
            }
        }
        sums
    }
}

/// How many distinct posts `pairs` (post, cadre) name.
pub(super) fn distinct_posts(pairs: &[(usize, usize)]) -> usize {
    let mut seen = vec![false; pairs.iter().map(|p| p.0 + 1).max().unwrap_or(0)];
    pairs.iter().filter(|p| !std::mem::replace(&mut seen[p.0], true)).count()
}

#[cfg(test)]
mod tests {
    use super::super::{Row, Sense, Var};
    use super::*;

    #[test]
    fn columns_list_each_variable_in_the_order_of_the_rows() {
        let var = Var { integer: true, lower: 0.0, upper: 1.0, cost: 1.0 };
        let row = |terms: Vec<(usize, f64)>| Row { terms, sense: Sense::Le, rhs: 1.0 };
        let lp = Lp {
            vars: vec![var; 3],
            rows: vec![row(vec![(0, 1.0), (2, 2.0)]), row(vec![(2, 3.0)]), row(vec![(1, 4.0)])],
        };
        let c = Columns::new(&lp, &[1, 0]);
        assert_eq!(c.of(0), &[(1, 1.0)]);
        assert!(c.of(1).is_empty());
        assert_eq!(c.of(2), &[(0, 3.0), (1, 2.0)]);
        let x = [0.5, 7.0, 2.0];
        let by_row: Vec<f64> = [1, 0].iter().map(|&r| lp.rows[r].lhs(&x)).collect();
        assert_eq!(c.sums(&x), by_row);
        assert_eq!(by_row, vec![6.0, 4.5]);
        assert_eq!(distinct_posts(&[(3, 0), (3, 1), (0, 2)]), 2);
    }
}
