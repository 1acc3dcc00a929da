#!/usr/bin/env bash
# Peak memory (max RSS) and wall time of `rotaplan solve` on each benchmark
# scenario, from GNU time. National scenarios are generated into
# target/bench-scenarios/ when missing.
#   bash benches/peak-memory.sh                  # default build (microlp; national skipped)
#   FEATURES=highs bash benches/peak-memory.sh   # HiGHS
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time"; exit 1; }
args=(--release -q)
[ -n "${FEATURES:-}" ] && args+=(--features "$FEATURES")
cargo build "${args[@]}"
bin=target/release/rotaplan
list=(scenarios/tiny scenarios/nghe-an-v1 scenarios/nghe-an)
[ -n "${FEATURES:-}" ] && list+=(target/bench-scenarios/national target/bench-scenarios/national-x2)
for s in "${list[@]}"; do
  if [ ! -d "$s" ]; then "$bin" generate "$(basename "$s")" --out "$s"; fi
  out=$(mktemp -d)
  /usr/bin/time -f "$(basename "$s"): %e s wall, %M KB peak" "$bin" solve "$s" --out "$out/plan" -q
  rm -rf "$out"
done
