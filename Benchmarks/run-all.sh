#!/usr/bin/env bash
# Issue 7 in one command: builds the benchmark executable in release, runs the `perf`
# suite and the JAX/PyTorch peers (Benchmarks/peers/peers.py) with two threads each, and
# prints one table of medians and ratios (Benchmarks/peers/merge.py).
#
#   Benchmarks/run-all.sh                 # peers from ../venv (outside the repository)
#   PYTHON=/path/to/python Benchmarks/run-all.sh [--markdown]
#
# The virtual environment is not part of the repository; create it once with
#   python3 -m venv ../venv && ../venv/bin/pip install torch jax
set -euo pipefail
cd "$(dirname "$0")/.."

export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2
export XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=2"
PYTHON="${PYTHON:-../venv/bin/python}"
SCRATCH="${SCRATCH:-.build-perf}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "load:   $(uptime)"
swift build -c release --product AutoDiffBenchmarks --scratch-path "$SCRATCH" >&2
"$SCRATCH/release/AutoDiffBenchmarks" perf-tsv > "$out/ours.tsv"
if [ -x "$PYTHON" ]; then
  "$PYTHON" Benchmarks/peers/peers.py --tsv > "$out/peers.tsv" 2> "$out/peers.err" \
    || { cat "$out/peers.err" >&2; exit 1; }
else
  echo "no Python at $PYTHON: peers skipped (set PYTHON=…)" >&2
  : > "$out/peers.tsv"
fi
echo "load after: $(uptime)"
echo
python3 Benchmarks/peers/merge.py "$out/ours.tsv" "$out/peers.tsv" "$@"
