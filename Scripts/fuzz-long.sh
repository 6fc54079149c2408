#!/usr/bin/env bash
# Runs the differential fuzzer long, in release: AUTODIFF_FUZZ_PROGRAMS programs (default
# one million), starting at AUTODIFF_FUZZ_SEED. A failure prints its seed and a shrunk
# program; rerun one seed with AUTODIFF_FUZZ_SEED=<seed> AUTODIFF_FUZZ_PROGRAMS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
export AUTODIFF_FUZZ_PROGRAMS="${AUTODIFF_FUZZ_PROGRAMS:-1000000}"
export AUTODIFF_FUZZ_SEED="${AUTODIFF_FUZZ_SEED:-61474}"
echo "Fuzzing $AUTODIFF_FUZZ_PROGRAMS programs from seed $AUTODIFF_FUZZ_SEED"
time swift test -c release --scratch-path .build-fuzz --filter DifferentialFuzzTests
