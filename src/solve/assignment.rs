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
    let posts = pr.pairs.iter().map(|p| p.0 + 1).max().unwrap_or(0);
    let cadres = pr.pairs.iter().map(|p| p.1 + 1).max().unwrap_or(0);
    let mut chosen = vec![false; pr.pairs.len()];
    let (mut post_taken, mut cadre_taken) = (vec![false; posts], vec![false; cadres]);
    let mut fixed = 0i64;
    for (i, &(p, c)) in pr.pairs.iter().enumerate().filter(|(i, _)| pr.pinned[*i]) {
        if post_taken[p] || cadre_taken[c] {
            return None;
        }
        post_taken[p] = true;
        cadre_taken[c] = true;
        chosen[i] = true;
        fixed += pr.weights[i];
    }
    let taken = |i: usize| post_taken[pr.pairs[i].0] || cadre_taken[pr.pairs[i].1];
    // Only pairs that can gain anything over a vacancy take part: a pair of
    // weight ≤ 0 is never better than the post's own vacancy.
    let free: Vec<usize> = (0..pr.pairs.len()).filter(|&i| !pr.pinned[i] && pr.weights[i] > 0 && !taken(i)).collect();
    let graph = Graph::of(pr, &free, posts, cadres);
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
            } else if taken(i) {
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
    /// Each post's row and each cadre's column (`usize::MAX`: not in the graph).
    row_of: Vec<usize>,
    col_of: Vec<usize>,
}

/// A dense index of the values in `items` (sorted, so that rows and columns
/// keep the order of posts and cadres): value → position, `usize::MAX` where absent.
fn index(items: impl Iterator<Item = usize>, size: usize) -> (Vec<usize>, usize) {
    let mut present = vec![false; size];
    items.for_each(|x| present[x] = true);
    let mut next = 0;
    let of = present
        .iter()
        .map(|&here| {
            next += usize::from(here);
            if here {
                next - 1
            } else {
                usize::MAX
            }
        })
        .collect();
    (of, next)
}

impl Graph {
    fn of(pr: &Problem, free: &[usize], posts: usize, cadres: usize) -> Graph {
        let (row_of, rows) = index(free.iter().map(|&i| pr.pairs[i].0), posts);
        let (col_of, cols) = index(free.iter().map(|&i| pr.pairs[i].1), cadres);
        let mut adj = vec![Vec::new(); rows];
        for &i in free {
            let (p, c) = pr.pairs[i];
            adj[row_of[p]].push((col_of[c], -pr.weights[i], i));
        }
        for row in &mut adj {
            row.sort_unstable();
        }
        Graph { adj, cols, row_of, col_of }
    }

    /// A post's dual; 0 for a post outside the graph (no pair can gain there).
    fn post_dual(&self, d: &Duals, p: usize) -> i64 {
        self.row_of.get(p).and_then(|&r| d.post.get(r)).copied().unwrap_or(0)
    }

    fn cadre_dual(&self, d: &Duals, c: usize) -> i64 {
        self.col_of.get(c).and_then(|&k| d.cadre.get(k)).copied().unwrap_or(0)
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
        let rows = self.adj.len();
        let mut st = State::new(rows, self.cols + rows);
        for s in 0..rows {
            self.augment(s, &mut st);
        }
        let matching = st.row_col.iter().map(|c| c.filter(|&c| c < self.cols)).collect();
        // Potentials of the minimisation: u free, v ≤ 0 (they only fall), and
        // u_r + v_j ≤ cost on every edge, the vacancy's (cost 0) included.
        // Post r's dual −u_r − v_vacancy(r) is then ≥ 0, cadre k's −v_k ≥ 0,
        // and post + cadre ≥ −cost = weight on every edge, with the same sum.
        let post = (0..rows).map(|r| -st.u[r] - st.v[self.cols + r]).collect();
        let cadre = st.v[..self.cols].iter().map(|x| -x).collect();
        (matching, Duals { post, cadre })
    }

    /// Dijkstra's step from row r at distance d: every column it reaches
    /// no further than the nearest free column seen (`State::reach`). A
    /// column further away would be settled after that free column ends
    /// the search, so leaving it out changes nothing but the work.
    fn scan(&self, r: usize, d: i64, st: &mut State) {
        let base = d - st.u[r];
        for (j, c) in self.edges(r) {
            let nd = base + c - st.v[j];
            if nd < st.dist[j] && nd <= st.reach {
                if st.dist[j] == UNREACHED {
                    st.touched.push(j);
                }
                st.dist[j] = nd;
                st.pred[j] = r;
                st.heap.push(Reverse((nd, j)));
                if st.col_row[j].is_none() {
                    st.reach = nd;
                }
            }
        }
    }

    /// One shortest augmenting path from row s (Dijkstra on reduced costs),
    /// then the potential update that keeps every reduced cost ≥ 0 and the
    /// matched ones 0. Ties go to the lowest column, so the result is fixed.
    fn augment(&self, s: usize, st: &mut State) {
        st.u[s] = self.edges(s).map(|(j, c)| c - st.v[j]).min().unwrap_or(0);
        self.scan(s, 0, st);
        let found = loop {
            let Some(Reverse((d, j))) = st.heap.pop() else { break None };
            if st.finished[j] || st.dist[j] != d {
                continue;
            }
            st.finished[j] = true;
            st.done.push(j);
            match st.col_row[j] {
                None => break Some((j, d)),
                Some(r) => self.scan(r, d, st),
            }
        };
        if let Some((end, total)) = found {
            st.settle(s, end, total);
        }
        st.reset();
    }
}

const UNREACHED: i64 = i64::MAX;

/// The Hungarian method's state: potentials, the matching, and Dijkstra's
/// scratch, which each augmentation clears only where it wrote (a fresh
/// array per row would cost more than the search on millions of pairs).
struct State {
    u: Vec<i64>,
    v: Vec<i64>,
    row_col: Vec<Option<usize>>,
    col_row: Vec<Option<usize>>,
    /// Per column: its distance so far, `UNREACHED` when none.
    dist: Vec<i64>,
    /// The distance of the nearest free column reached so far.
    reach: i64,
    pred: Vec<usize>,
    finished: Vec<bool>,
    touched: Vec<usize>,
    done: Vec<usize>,
    heap: BinaryHeap<Reverse<(i64, usize)>>,
}

impl State {
    fn new(rows: usize, cols: usize) -> State {
        State {
            u: vec![0; rows],
            v: vec![0; cols],
            row_col: vec![None; rows],
            col_row: vec![None; cols],
            dist: vec![UNREACHED; cols],
            reach: UNREACHED,
            pred: vec![usize::MAX; cols],
            finished: vec![false; cols],
            touched: Vec::new(),
            done: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// The potential update along the path found from row s to the free
    /// column `end` at distance `total`, then the flip of the path.
    fn settle(&mut self, s: usize, end: usize, total: i64) {
        self.u[s] += total;
        for &j in &self.done {
            let shift = total - self.dist[j];
            if let Some(r) = self.col_row[j].filter(|_| j != end) {
                self.u[r] += shift;
            }
            self.v[j] -= shift;
        }
        let mut j = end;
        loop {
            let r = self.pred[j];
            let prev = self.row_col[r];
            self.row_col[r] = Some(j);
            self.col_row[j] = Some(r);
            match prev {
                Some(k) if r != s => j = k,
                _ => break,
            }
        }
    }

    fn reset(&mut self) {
        for &j in &self.touched {
            self.dist[j] = UNREACHED;
            self.pred[j] = usize::MAX;
            self.finished[j] = false;
        }
        self.touched.clear();
        self.reach = UNREACHED;
        self.done.clear();
        self.heap.clear();
    }
}
