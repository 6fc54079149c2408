#!/usr/bin/env bash
# Instructions per call of one benchmark workload, by function: a measure that a shared,
# noisy machine does not move (wall-clock ratios on it drift by 10-30 %). The hot loops here
# retire about 4.5 instructions a cycle, so for them fewer instructions is less time.
#
#   Benchmarks/count-instructions.sh [workload] [functions]
#   Benchmarks/count-instructions.sh w2tape        # W2 gradient on a kept tape (default)
#   Benchmarks/count-instructions.sh tinytape 12   # the tiny function, 12 functions listed
#
# The workload is a name of `AutoDiffBenchmarks profile` (PerformanceWorkloads.swift), run
# under valgrind's callgrind for its four seconds (a few dozen calls under valgrind). Needs
# valgrind. Debug information is stripped from a copy of the executable first, because
# valgrind 3.19 cannot read the DWARF 5 that Swift emits. `rep movs`/`rep stos` count once
# per iteration, so memcpy and memset rows overstate their cost.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
workload="${1:-w2tape}"
rows="${2:-8}"
scratch="${SCRATCH:-.build-perf}"
cd "$root"
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
swift build -c release --product AutoDiffBenchmarks --scratch-path "$scratch" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
objcopy --strip-debug "$scratch/release/AutoDiffBenchmarks" "$work/bench"
calls="$(valgrind --tool=callgrind --callgrind-out-file="$work/out" "$work/bench" profile "$workload" 2>&1 \
  | grep -oE '[0-9]+ calls' | grep -oE '[0-9]+')"
echo "$workload: $calls calls under callgrind; instructions per call:"
callgrind_annotate "$work/out" | grep -E '^ *[0-9,]+ ' | head -n "$((rows + 1))" \
  | awk -v calls="$calls" '{
      n = $1; gsub(",", "", n)
      line = $0; sub(/^ *[0-9,]+ +\([^)]*\) +/, "", line); sub(/ \[[^]]*\]$/, "", line)
      if (line ~ /PROGRAM TOTALS/) line = "(whole program, set-up included)"
      else sub(/^[^$]*:/, "", line)
      printf "%12.0f  %s\n", n / calls, line }' \
  | swift demangle --simplified | cut -c1-150
