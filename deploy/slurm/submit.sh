#!/bin/bash
# Submits a sharded rotaplan batch: an array of N tasks (batch.sbatch) and
# the merge that runs after all of them, even when one failed (merge.sbatch,
# --dependency=afterany). Prints the two job ids.
#
#   ROTAPLAN_SPEC=/shared/nghe-an/batch.toml ROTAPLAN_OUT=/shared/out/nghe-an \
#     deploy/slurm/submit.sh 4 [more sbatch options, e.g. --partition=long]
#
# Logs go to ROTAPLAN_LOGS (default: the current folder), never into
# ROTAPLAN_OUT, which holds only what rotaplan writes.
set -euo pipefail
n=${1:?give the number of shards (array tasks)}
shift
here=$(cd "$(dirname "$0")" && pwd)
logs=${ROTAPLAN_LOGS:-.}
: "${ROTAPLAN_SPEC:?set ROTAPLAN_SPEC}" "${ROTAPLAN_OUT:?set ROTAPLAN_OUT}"
array=$(sbatch --parsable --array="1-$n" --output="$logs/rotaplan-batch-%A_%a.log" "$@" "$here/batch.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterany:$array" --output="$logs/rotaplan-merge-%j.log" "$@" "$here/merge.sbatch")
echo "${array} ${merge%%;*}"
