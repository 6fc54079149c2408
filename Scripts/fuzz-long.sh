#!/usr/bin/env bash
# Runs the differential fuzzer long, in release: AUTODIFF_FUZZ_PROGRAMS programs (default
# one million), starting at AUTODIFF_FUZZ_SEED, in the scratch path SCRATCH (default
# .build-fuzz, so that it does not disturb another build). Prints the count of every kind
# of check (the "fuzz:" lines) and the test's verdict; the test fails if a kind falls
# below its minimum share. A failure prints its seed and a shrunk program; rerun one seed
# with AUTODIFF_FUZZ_SEED=<seed> AUTODIFF_FUZZ_PROGRAMS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
export AUTODIFF_FUZZ_PROGRAMS="${AUTODIFF_FUZZ_PROGRAMS:-1000000}"
export AUTODIFF_FUZZ_SEED="${AUTODIFF_FUZZ_SEED:-61474}"
SCRATCH="${SCRATCH:-.build-fuzz}"
echo "Fuzzing $AUTODIFF_FUZZ_PROGRAMS programs from seed $AUTODIFF_FUZZ_SEED (scratch path $SCRATCH)"
log="$SCRATCH/fuzz-long.log"
mkdir -p "$SCRATCH"
status=0
# swift test builds first (with testable imports, which swift build cannot ask for).
swift test -c release --scratch-path "$SCRATCH" --filter DifferentialFuzzTests >"$log" 2>&1 || status=$?
echo "full output: $log"
grep -E '^fuzz:|^  seed|minimal program|which gives|(✔|✘|━) Test ' "$log" || true
exit $status
