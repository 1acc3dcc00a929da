#!/usr/bin/env bash
# Measures what BENCHMARKS.md's "Scale on paper" section computes from:
# each province's sparse scenario (generate national --provinces CODE) and
# the national one, solved alone as a one-shard batch, three times each; the
# shard line gives the run's size (posts x eligible pairs), run.json its
# seconds. Writes benches/scale-on-paper.csv, then prints the estimate.
#
#   cargo build --release --features highs &&
#     benches/scale-on-paper.sh [target/release/rotaplan [batch options, e.g. --solver highs]]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/rotaplan}
shift || true
opts=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csv=benches/scale-on-paper.csv
echo "scenario,size,seconds_1,seconds_2,seconds_3" >"$csv"
measure() { # name, generate arguments...
  local name=$1
  shift
  "$bin" generate "$@" --out "$work/$name" >/dev/null
  rm -f "$work/$name/rotaplan-manifest.json"
  local size="" secs=()
  for i in 1 2 3; do
    local out="$work/out-$name-$i"
    size=$("$bin" batch "$work/$name" --out "$out" --shard 1/1 "${opts[@]}" 2>&1 >/dev/null | sed -n 's/.*size \([0-9]*\) .*/\1/p' | head -1)
    secs+=("$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['seconds'])" "$out/shards/1-of-1/runs/$name/run.json")")
    rm -rf "$out"
  done
  echo "$name,$size,${secs[0]},${secs[1]},${secs[2]}" | tee -a "$csv"
}
codes=$(tail -n +2 ../shared/data/vn-admin-2025/provinces.csv | cut -d, -f1)
[ -n "$codes" ] || { echo "../shared/data/vn-admin-2025/provinces.csv is missing"; exit 2; }
for code in $codes; do
  measure "p$code" national --provinces "$code"
done
measure national national
python3 benches/scale-on-paper.py "$csv"
