//! The exact fast path: a part of the model with only the capacity rows (one
//! post per cadre, one cadre per post) is a maximum-weight bipartite
//! assignment. It is solved by successive shortest augmenting paths with
//! potentials (the Hungarian method over a sparse graph), on integer
//! weights, so the optimum is exact; the potentials give the dual bound that
//! proves it. Each post may stay vacant (a private dummy column of weight 0);
//! pinned pairs are fixed first.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The assignment problem of one part: eligible pairs (post, cadre) with
/// integer weights, and the pairs that are pinned.
pub struct Problem<'a> {
    pub pairs: &'a [(usize, usize)],
    pub weights: &'a [i64],
    pub pinned: &'a [bool],
}

/// The optimum: which pairs are chosen, their total weight, the dual bound
/// the potentials prove (equal to the total), and each pair's reduced cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Optimum {
    pub chosen: Vec<bool>,
    pub total: i64,
    pub dual: i64,
    /// Per pair: weight − (post's dual + cadre's dual), never positive. A
    /// plan that uses the pair weighs at most `dual + reduced`. `None` when
    /// a pin takes the pair's post or cadre, so that no plan can use it.
    pub reduced: Vec<Option<i64>>,
}

/// Solves the problem; `None` when a pinned post or cadre appears in two
/// pins (eligibility never lets that happen).
pub fn solve(pr: &Problem) -> Option<Optimum> {
    let mut chosen = vec![false; pr.pairs.len()];
    let (mut post_taken, mut cadre_taken) = (Vec::new(), Vec::new());
    let mut fixed = 0i64;
    for (i, &(p, c)) in pr.pairs.iter().enumerate().filter(|(i, _)| pr.pinned[*i]) {
        if post_taken.contains(&p) || cadre_taken.contains(&c) {
            return None;
        }
        post_taken.push(p);
        cadre_taken.push(c);
        chosen[i] = true;
        fixed += pr.weights[i];
    }
    // Only pairs that can gain anything over a vacancy take part: a pair of
    // weight ≤ 0 is never better than the post's own vacancy.
    let free: Vec<usize> = (0..pr.pairs.len())
        .filter(|&i| !pr.pinned[i] && pr.weights[i] > 0)
        .filter(|&i| !post_taken.contains(&pr.pairs[i].0) && !cadre_taken.contains(&pr.pairs[i].1))
        .collect();
    let graph = Graph::of(pr, &free);
    let (matching, duals) = graph.hungarian();
    let mut total = fixed;
    for (row, col) in matching.iter().enumerate() {
        if let Some(&i) = col.and_then(|c| graph.pair_of(row, c)) {
            chosen[i] = true;
            total += pr.weights[i];
        }
    }
    let dual = duals.post.iter().chain(&duals.cadre).sum::<i64>() + fixed;
    let reduced = (0..pr.pairs.len())
        .map(|i| {
            let (p, c) = pr.pairs[i];
            if pr.pinned[i] {
                Some(0)
            } else if post_taken.contains(&p) || cadre_taken.contains(&c) {
                None
            } else {
                Some(pr.weights[i] - graph.post_dual(&duals, p) - graph.cadre_dual(&duals, c))
            }
        })
        .collect();
    Some(Optimum { chosen, total, dual, reduced })
}

/// Dual values of the maximisation (each ≥ 0): one per graph row (post) and
/// one per graph column (cadre); post + cadre ≥ weight on every edge, and a
/// post's dual ≥ 0 is its vacancy's row.
struct Duals {
    post: Vec<i64>,
    cadre: Vec<i64>,
}

/// Rows are posts, columns cadres; costs are negated weights. Column
/// `cols + r` is row r's vacancy (cost 0).
struct Graph {
    /// Per row: (column, cost, pair index), sorted by column.
    adj: Vec<Vec<(usize, i64, usize)>>,
    cols: usize,
    /// The post of each row and the cadre of each column, sorted.
    posts: Vec<usize>,
    cadres: Vec<usize>,
}

impl Graph {
    fn of(pr: &Problem, free: &[usize]) -> Graph {
        let mut posts: Vec<usize> = free.iter().map(|&i| pr.pairs[i].0).collect();
        let mut cadres: Vec<usize> = free.iter().map(|&i| pr.pairs[i].1).collect();
        posts.sort_unstable();
        posts.dedup();
        cadres.sort_unstable();
        cadres.dedup();
        let mut adj = vec![Vec::new(); posts.len()];
        for &i in free {
            let (p, c) = pr.pairs[i];
            let (Ok(r), Ok(k)) = (posts.binary_search(&p), cadres.binary_search(&c)) else { continue };
            adj[r].push((k, -pr.weights[i], i));
        }
        for row in &mut adj {
            row.sort_unstable();
        }
        Graph { adj, cols: cadres.len(), posts, cadres }
    }

    /// A post's dual; 0 for a post outside the graph (no pair can gain there).
    fn post_dual(&self, d: &Duals, p: usize) -> i64 {
        self.posts.binary_search(&p).map_or(0, |r| d.post[r])
    }

    fn cadre_dual(&self, d: &Duals, c: usize) -> i64 {
        self.cadres.binary_search(&c).map_or(0, |k| d.cadre[k])
    }

    fn pair_of(&self, row: usize, col: usize) -> Option<&usize> {
        let edges = &self.adj[row];
        edges.binary_search_by_key(&col, |e| e.0).ok().map(|k| &edges[k].2)
    }

    /// Row r's edges, its vacancy column included.
    fn edges(&self, r: usize) -> impl Iterator<Item = (usize, i64)> + '_ {
        self.adj[r].iter().map(|e| (e.0, e.1)).chain(std::iter::once((self.cols + r, 0)))
    }

    /// Every row matched (to a cadre or its vacancy) at least total cost.
    /// Returns each row's cadre column (None = vacant) and the duals of the
    /// maximisation, whose sum is the maximum weight they prove.
    fn hungarian(&self) -> (Vec<Option<usize>>, Duals) {
        let (rows, cols) = (self.adj.len(), self.cols + self.adj.len());
        let mut u = vec![0i64; rows];
        let mut v = vec![0i64; cols];
        let mut col_row: Vec<Option<usize>> = vec![None; cols];
        let mut row_col: Vec<Option<usize>> = vec![None; rows];
        for s in 0..rows {
            self.augment(s, &mut u, &mut v, &mut row_col, &mut col_row);
        }
        let matching = row_col.iter().map(|c| c.filter(|&c| c < self.cols)).collect();
        // Potentials of the minimisation: u free, v ≤ 0 (they only fall), and
        // u_r + v_j ≤ cost on every edge, the vacancy's (cost 0) included.
        // Post r's dual −u_r − v_vacancy(r) is then ≥ 0, cadre k's −v_k ≥ 0,
        // and post + cadre ≥ −cost = weight on every edge, with the same sum.
        let post = (0..rows).map(|r| -u[r] - v[self.cols + r]).collect();
        let cadre = v[..self.cols].iter().map(|x| -x).collect();
        (matching, Duals { post, cadre })
    }

    /// One shortest augmenting path from row s (Dijkstra on reduced costs),
    /// then the potential update that keeps every reduced cost ≥ 0 and the
    /// matched ones 0. Ties go to the lowest column, so the result is fixed.
    fn augment(
        &self,
        s: usize,
        u: &mut [i64],
        v: &mut [i64],
        row_col: &mut [Option<usize>],
        col_row: &mut [Option<usize>],
    ) {
        u[s] = self.edges(s).map(|(j, c)| c - v[j]).min().unwrap_or(0);
        let mut dist: Vec<Option<i64>> = vec![None; v.len()];
        let mut pred = vec![usize::MAX; v.len()];
        let mut done: Vec<usize> = Vec::new();
        let mut heap = BinaryHeap::new();
        let relax = |r: usize,
                     d: i64,
                     dist: &mut Vec<Option<i64>>,
                     pred: &mut Vec<usize>,
                     heap: &mut BinaryHeap<Reverse<(i64, usize)>>,
                     u: &[i64],
                     v: &[i64]| {
            for (j, c) in self.edges(r) {
                let nd = d + c - u[r] - v[j];
                if dist[j].is_none_or(|old| nd < old) {
                    dist[j] = Some(nd);
                    pred[j] = r;
                    heap.push(Reverse((nd, j)));
                }
            }
        };
        relax(s, 0, &mut dist, &mut pred, &mut heap, u, v);
        let mut finished = vec![false; v.len()];
        let (end, total) = loop {
            let Some(Reverse((d, j))) = heap.pop() else { return };
            if finished[j] || dist[j] != Some(d) {
                continue;
            }
            finished[j] = true;
            done.push(j);
            match col_row[j] {
                None => break (j, d),
                Some(r) => relax(r, d, &mut dist, &mut pred, &mut heap, u, v),
            }
        };
        u[s] += total;
        for &j in &done {
            let shift = total - dist[j].unwrap_or(total);
            if let Some(r) = col_row[j].filter(|_| j != end) {
                u[r] += shift;
            }
            v[j] -= shift;
        }
        let mut j = end;
        loop {
            let r = pred[j];
            let prev = row_col[r];
            row_col[r] = Some(j);
            col_row[j] = Some(r);
            match prev {
                Some(k) if r != s => j = k,
                _ => break,
            }
        }
    }
}
