#!/usr/bin/env bash
# The sharded batch on a real Slurm (issue 18), run by .ci/run:
#   1. installs Debian's slurm-wlm and munge when missing;
#   2. starts a one-node cluster on localhost (munged, slurmctld, slurmd) from
#      a generated slurm.conf, everything under one temporary folder;
#   3. submits the nghe-an batch with deploy/slurm/submit.sh: an array of 4
#      tasks and the merge job after them (afterany);
#   4. stops task 2's first attempt mid-way (SIGSTOP once it has written its
#      first run), checks that `rotaplan merge` then names shard 2-of-4 and
#      writes nothing, and requeues the task (scontrol requeue): Slurm kills
#      the first attempt and runs a second, which keeps the run written whole;
#   5. asserts that the merge job's summary equals the unsharded batch's,
#      timings excluded, on the highs build; that every run but the one the
#      batch makes an input error ends optimal; that no half-written run is
#      left; and that task 2 ran twice;
#   6. stops every daemon it started (also on failure).
# It skips, saying why, only where Slurm cannot be installed or started.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
skip() { echo "SKIPPED: the Slurm test: $*"; exit 0; }
fail() { echo "FAILED: the Slurm test: $*"; exit 1; }
deadline() { [ "$(date +%s)" -lt "$1" ] || fail "timed out: $2"; }

[ "$(id -u)" = 0 ] || skip "it must start munged, slurmctld and slurmd as root (run .ci/run as root)"
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "== installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq slurm-wlm munge >/dev/null; } ||
    skip "Debian's slurm-wlm and munge could not be installed"
fi

echo "== building rotaplan with HiGHS"
cargo build --features highs --quiet
bin=$root/target/debug/rotaplan

work=$(mktemp -d /tmp/rotaplan-slurm.XXXXXX)
export SLURM_CONF=$work/slurm.conf
started_munge=
cleanup() {
  set +e
  scancel --quiet --user root 2>/dev/null
  local pids=""
  for f in "$work/slurmd.pid" "$work/slurmctld.pid"; do
    [ -f "$f" ] && pids="$pids $(cat "$f")"
  done
  [ -n "$started_munge" ] && pids="$pids $(cat /run/munge/munged.pid 2>/dev/null)"
  # shellcheck disable=SC2086 # a list of pids
  [ -n "${pids// /}" ] && kill $pids 2>/dev/null
  for _ in $(seq 1 20); do
    # shellcheck disable=SC2086
    kill -0 $pids 2>/dev/null || break
    sleep 0.5
  done
  # shellcheck disable=SC2086
  [ -n "${pids// /}" ] && kill -9 $pids 2>/dev/null
  rm -rf "$work"
  echo "== stopped the Slurm and munge daemons this test started"
}
trap cleanup EXIT

echo "== starting munged, slurmctld and slurmd on localhost"
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  [ -f /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
  chown munge:munge /run/munge /var/log/munge /var/lib/munge /etc/munge /etc/munge/munge.key
  chmod 700 /etc/munge && chmod 600 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged || skip "munged did not start"
  started_munge=1
  sleep 1
fi
munge -n | unmunge >/dev/null || skip "munge does not answer"

mkdir -p "$work/state" "$work/spool" "$work/log" "$work/logs"
cat >"$SLURM_CONF" <<EOF
ClusterName=rotaplan-ci
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
KillWait=2
NodeName=localhost CPUs=$(nproc) State=UNKNOWN
PartitionName=ci Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
EOF
slurmctld -c || skip "slurmctld did not start (see $work/log/slurmctld.log)"
slurmd -N localhost || skip "slurmd did not start"
until sinfo -h -o %T 2>/dev/null | grep -q idle; do
  sleep 1
  [ $SECONDS -lt 600 ] || skip "the node never became idle"
done
sinfo

spec=$root/scenarios/nghe-an/batch.toml
echo "== the unsharded batch, for reference"
"$bin" batch --spec "$spec" --out "$work/plain" --solver highs --jobs 2 --quiet

echo "== the sharded batch: 4 array tasks and the merge job"
export ROTAPLAN=$bin ROTAPLAN_SPEC=$spec ROTAPLAN_OUT=$work/out ROTAPLAN_ARGS="--solver highs" ROTAPLAN_LOGS=$work/logs
read -r array merge < <(deploy/slurm/submit.sh 4)
echo "array job $array, merge job $merge"

echo "== stopping task 2's first attempt as soon as it runs"
pid=
until=$(( $(date +%s) + 300 ))
while [ -z "$pid" ]; do
  for p in $(pgrep -f "rotaplan batch .*--shard auto" || true); do
    if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "SLURM_ARRAY_TASK_ID=2"; then
      kill -STOP "$p" && pid=$p
    fi
  done
  deadline "$until" "task 2 never started"
  sleep 0.02
done
# Let it write its first run whole, then stop it again in the middle of the
# next one: the state a node failure leaves.
kill -CONT "$pid"
until=$(( $(date +%s) + 300 ))
until [ -n "$(ls "$work/out/shards/2-of-4/runs" 2>/dev/null)" ]; do
  deadline "$until" "task 2 never wrote a run"
  sleep 0.01
done
kill -STOP "$pid" 2>/dev/null || true
state=$(grep -o '"state": "[a-z]*"' "$work/out/shards/2-of-4/shard.json" 2>/dev/null || echo "no shard.json")
written=$(ls "$work/out/shards/2-of-4/runs" | wc -l)
echo "task 2's rotaplan (pid $pid) is stopped with $written run(s) written; its shard: $state"
midway=
[ "$state" = '"state": "running"' ] && midway=1
[ -n "$midway" ] || echo "note: task 2 had ended its shard before the second stop; the requeue reruns a complete shard"

# Let the other tasks end, then show what a merge says of the stopped shard.
until=$(( $(date +%s) + 600 ))
while squeue -h -j "$array" -o %i | grep -v "_2$" | grep -q .; do
  deadline "$until" "tasks 1, 3 and 4 never ended"
  sleep 1
done
set +e
"$bin" merge "$work/out" 2>"$work/merge-early.txt"
code=$?
set -e
cat "$work/merge-early.txt"
[ "$code" = 2 ] || fail "merge with shard 2 unfinished exited $code, not 2"
grep -q "2-of-4" "$work/merge-early.txt" || fail "the merge does not name shard 2-of-4"
[ ! -e "$work/out/summary.csv" ] || fail "the merge wrote a summary with a shard missing"

echo "== requeueing task 2: Slurm kills the first attempt and starts a second"
scontrol requeue "${array}_2"
until=$(( $(date +%s) + 120 ))
until squeue -h -j "${array}_2" -t PD -o %i 2>/dev/null | grep -q .; do
  deadline "$until" "task 2 never went back to pending"
  sleep 0.5
done
# A requeued job waits two minutes before it may start again; CI need not.
for _ in 1 2 3 4 5; do
  scontrol update jobid="${array}_2" StartTime=now && break
  sleep 1
done

echo "== waiting for the merge job"
until=$(( $(date +%s) + 1200 ))
while squeue -h -j "$array,$merge" -o %i 2>/dev/null | grep -q .; do
  deadline "$until" "the batch or its merge never ended"
  sleep 2
done
cat "$work"/logs/rotaplan-merge-*.log
grep -q "merged 4 shard(s): 10 runs" "$work"/logs/rotaplan-merge-*.log || fail "the merge job did not merge the 4 shards"

echo "== checking the merged batch"
log2=$(ls "$work"/logs/rotaplan-batch-*_2.log)
cat "$log2"
grep -q "attempt 1," "$log2" && grep -q "attempt 2," "$log2" || fail "task 2 did not run twice"
if [ -n "$midway" ]; then
  grep -q "shard 2/4: $(( 3 - written )) runs in .* $written kept from an earlier attempt" "$log2" ||
    fail "the second attempt did not keep the $written run(s) the first one wrote whole"
fi
python3 - "$work/plain/summary.csv" "$work/out/summary.csv" <<'PY'
import csv, sys
def rows(path):
    with open(path, newline="") as f:
        r = list(csv.reader(f))
    at = r[0].index("seconds")
    return [row[:at] + row[at + 1:] for row in r], r[0].index("status")
plain, status = rows(sys.argv[1])
merged, _ = rows(sys.argv[2])
assert plain == merged, "the merged summary differs from the unsharded one"
statuses = {row[0]: row[status] for row in merged[1:]}
# The batch's council-chair-non-local variant contradicts a committee pin in
# decisions.csv: an input error by design, in both batches alike.
assert statuses.pop("council-chair-non-local") == "input_error", statuses
assert set(statuses.values()) == {"optimal"}, statuses
print(f"the merged summary equals the unsharded one ({len(merged) - 1} runs, timings excluded)")
PY
if find "$work/out" -name '.rotaplan-tmp-*' | grep -q .; then fail "a temporary run folder is left"; fi
for run in "$work"/plain/runs/*; do
  cmp -s "$run/plan.csv" "$work/out/runs/$(basename "$run")/plan.csv" || fail "runs/$(basename "$run")/plan.csv differs"
done
echo "PASSED: the Slurm test: 4 shards, task 2 killed and requeued, merged summary equal to the unsharded batch"
