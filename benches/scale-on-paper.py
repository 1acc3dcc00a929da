#!/usr/bin/env python3
"""The central level's batch on paper (BENCHMARKS.md, "Scale on paper").

Reads benches/scale-on-paper.csv (from scale-on-paper.sh: each scenario's
size, posts x eligible pairs, and three measured run times) and estimates the
wall time of every province x 20 variants plus a national sweep of 17
levels, on 1 machine and on 10 and 100 nodes. Each variant is taken to cost
what its scenario's baseline run cost (measured).

The slices are rotaplan's own rule (src/shard/mod.rs, `partition`): runs by
size, largest first, each to the shard with the least size so far, ties to
the earlier run and the lower shard. Every node is a 2-core machine running
its shard with --jobs 2, so its wall time is at least its largest run and at
least half its runs' total (the same bound for 1 machine).
"""
import csv
import statistics
import sys

VARIANTS, SWEEP = 20, 17


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {r["scenario"]: (int(r["size"]), statistics.median(float(r[f"seconds_{i}"]) for i in (1, 2, 3))) for r in rows}


def runs(measured):
    out = []
    for name, (size, secs) in measured.items():
        out += [(size, secs)] * (SWEEP if name == "national" else VARIANTS)
    return out


def partition(sizes, count):
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    load, shard_of = [0] * count, [0] * len(sizes)
    for i in order:
        s = min(range(count), key=lambda k: (load[k], k))
        load[s] += sizes[i]
        shard_of[i] = s
    return shard_of


def wall(seconds):
    return max(max(seconds, default=0), sum(seconds) / 2)


def main(path):
    all_runs = runs(read(path))
    sizes = [s for s, _ in all_runs]
    total = sum(t for _, t in all_runs)
    print(f"{len(all_runs)} runs, {total / 3600:.2f} h of solving in all (one core)")
    print(f"1 machine (2 cores, --jobs 2): {wall([t for _, t in all_runs]) / 60:.1f} min")
    for nodes in (10, 100):
        shard_of = partition(sizes, nodes)
        by_size = [0] * nodes
        by_time = [[] for _ in range(nodes)]
        for i, s in enumerate(shard_of):
            by_size[s] += sizes[i]
            by_time[s].append(all_runs[i][1])
        size_balance = max(by_size) * nodes / sum(by_size)
        walls = [wall(t) for t in by_time]
        time_balance = max(walls) / (sum(walls) / nodes)
        print(
            f"{nodes} nodes: {max(walls) / 60:.1f} min (balance by size {size_balance:.3f}, "
            f"by time {time_balance:.3f}; perfect: {total / 2 / nodes / 60:.1f} min)"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benches/scale-on-paper.csv")
