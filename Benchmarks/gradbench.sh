#!/usr/bin/env bash
# Runs GradBench evals against AutoDiff (Benchmarks/GradBench), `manual` and every peer built
# in the kit's work folder, in one sitting, and prints per eval, function and size the
# medians and the ratios ours ÷ manual and ours ÷ best peer.
#
#   Benchmarks/gradbench.sh EVAL...              each eval in its CONFIGS.md configuration
#   Benchmarks/gradbench.sh 'gmm|-d 2 10' lse    an eval with the eval's own arguments
#
# Needs the kit (../shared/gradbench; run its setup.sh once: it makes $GB_WORK, default
# ~/gradbench-work, with the evals, `manual` and the peers whose sources it was given).
# Environment: SCRATCH (build folder, default .build-gradbench), TOOLS (the tools to run
# beside autodiff; default manual and every built peer), PEERS_MD (a peers table for the
# peers that did not run now; default the kit's PEERS.md, "none" to not use one),
# RUN (the logs' folder under $GB_WORK/logs; default autodiff-DATE). Run nothing else meanwhile: the
# times are medians of each tool's own timings, compared within this sitting.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIT=${KIT:-$(cd "$ROOT/../shared/gradbench" 2>/dev/null && pwd || echo /work/shared/gradbench)}
. "$KIT/env.sh"
if [ ! -d "$GB_WORK/src" ]; then
  echo "gradbench.sh: no kit work folder at $GB_WORK; run $KIT/setup.sh first" >&2
  exit 1
fi
[ $# -gt 0 ] || { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 1; }

SCRATCH=${SCRATCH:-.build-gradbench}
(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product GradBench) >&2 || exit 1
TOOL="$ROOT/$SCRATCH/release/GradBench"

# The parts of each eval's configuration (CONFIGS.md); one part is one bench.sh run.
parts_of() {
  case "$1" in
    det) printf '%s\n' 'l5-10|-l 5 6 7 8 9 10' 'l11|-l 11' ;;
    gmm) printf '%s\n' 'd2-20|-d 2 10 20' 'd32|-d 32' 'd64|-d 64' ;;
    kmeans) printf '%s\n' 'k10-100|-k 10 100' 'k1000|-k 1000' ;;
    ode) printf '%s\n' 'n1e3-1e4|-n 1000 10000' 'n1e5|-n 100000' ;;
    lstm) printf '%s\n' 'c1024-4096|-c 1024 4096' ;;
    ba) printf '%s\n' 'ba1-10|--min 1 --max 10' 'ba11-14|--min 11 --max 14' ;;
    ht) printf '%s\n' 'hand1-8|--min 1 --max 8' 'hand9-11|--min 9 --max 11' ;;
    *) printf '%s\n' 'all|' ;;
  esac
}

# Tools besides autodiff: manual and the peers built for this eval.
tools_for() {
  local ev=$1 t
  for t in ${TOOLS:-manual adol-c codipack cppad adept pytorch jax finite}; do
    case "$t" in
      pytorch) python3 -c 'import torch' 2>/dev/null || continue
        [ -d "$GB_WORK/src/python/gradbench/gradbench/tools/pytorch" ] || continue ;;
      jax) python3 -c 'import jax' 2>/dev/null || continue ;;
      finite) [ "$ev" = particle ] || [ "$ev" = saddle ] || continue
        [ -x "$GB_WORK/src/tools/finite/bin/$ev" ] || continue ;;
      *) [ -x "$GB_WORK/src/tools/$t/bin/$ev" ] || continue ;;
    esac
    # pytorch and jax implement only some evals (their evals.txt or module folder).
    if [ "$t" = pytorch ] || [ "$t" = jax ]; then
      [ -e "$GB_WORK/src/python/gradbench/gradbench/tools/$t/$ev.py" ] ||
        [ -d "$GB_WORK/src/python/gradbench/gradbench/tools/$t/$ev" ] || continue
    fi
    echo "$t"
  done
}

RUN=${RUN:-autodiff-$(date +%Y%m%d-%H%M%S)}
LOGS=$GB_WORK/logs/$RUN
mkdir -p "$LOGS"
for arg in "$@"; do
  ev=${arg%%|*}
  if [[ "$arg" == *"|"* ]]; then parts="custom|${arg#*|}"; else parts=$(parts_of "$ev"); fi
  while IFS='|' read -r part extra; do
    # shellcheck disable=SC2086  # the eval's arguments are words
    for t in autodiff $(tools_for "$ev"); do
      echo "=== $(date -Is) $ev [$part] $t" >&2
      if [ "$t" = autodiff ]; then
        TOOL_NAME=autodiff "$KIT/bench.sh" "$RUN/$ev.$part" "$ev" "cmd:$TOOL" $extra >&2
      else
        "$KIT/bench.sh" "$RUN/$ev.$part" "$ev" "$t" $extra >&2
      fi
    done
  done <<< "$parts"
done

PEERS_MD=${PEERS_MD:-$KIT/PEERS.md}
peers_arg=()
[ "$PEERS_MD" != none ] && [ -f "$PEERS_MD" ] && peers_arg=(--peers "$PEERS_MD")
echo "Logs: $LOGS"
python3 "$ROOT/Benchmarks/gradbench_table.py" "$LOGS" "${peers_arg[@]}" --md "$LOGS/table.md"
