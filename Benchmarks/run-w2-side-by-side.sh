#!/usr/bin/env bash
# W2 (Rosenbrock element loop, n = 100,000) through AutoDiff's tape and through the
# toolchain's `_Differentiation`, built in release and run one after the other, each
# against its own plain-Double baseline. The two Σg checksums must be equal.
#
#   Benchmarks/run-w2-side-by-side.sh
#
# SCRATCH sets AutoDiff's build directory (default .build-bench, so that a release build
# does not wait on the lock of a debug build in .build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${SCRATCH:-.build-bench}"
export OPENBLAS_NUM_THREADS=1

cd "$root"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
build() {
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "build failed: $*" >&2
    exit 1
  fi
}
build swift build -c release --product AutoDiffBenchmarks --scratch-path "$scratch"
build swift build -c release --package-path Benchmarks/ToolchainAD

echo "AutoDiff (Tracked<Double> on the tape):"
"$scratch/release/AutoDiffBenchmarks" w2
echo
echo "Toolchain _Differentiation (gradient(at:of:) on a @differentiable(reverse) function):"
"Benchmarks/ToolchainAD/.build/release/ToolchainAD" w2
