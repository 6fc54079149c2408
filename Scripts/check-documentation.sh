#!/usr/bin/env bash
# Builds the DocC documentation of the AutoDiff module (Sources/AutoDiff/AutoDiff.docc and
# the doc comments) and fails, printing what is wrong, if
#   - the build prints any warning or error: a symbol link that does not resolve or is
#     ambiguous, an undocumented parameter, an image or article that is not found, and
#     also a compiler warning while the plugin builds the module (--warnings-as-errors
#     makes DocC exit non-zero on its own warnings; the log is searched as well);
#   - a public symbol has no documentation, read from the symbol graphs the build extracts
#     (Scripts/undocumented-symbols.swift: a doc comment of its own or inherited from the
#     requirement it implements, or a documentation extension file in the catalog).
# CI runs it as its last step (.ci/run). SCRATCH (default .build-docc) is the scratch path,
# so that it does not disturb another build.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH="${SCRATCH:-.build-docc}"
CATALOG=Sources/AutoDiff/AutoDiff.docc
mkdir -p "$SCRATCH"
log="$SCRATCH/check-documentation.log"
stamp="$SCRATCH/check-documentation.stamp"
touch "$stamp"

status=0
swift package --scratch-path "$SCRATCH" generate-documentation --target AutoDiff \
  --warnings-as-errors >"$log" 2>&1 || status=$?
problems='(^|: )(warning|error):'
if [ "$status" -ne 0 ] || grep -qE "$problems" "$log"; then
  echo "The documentation build reported problems (exit status $status; full output: $log):"
  grep -E -A12 "$problems" "$log" || tail -40 "$log"
  exit 1
fi
echo "DocC: the documentation builds with no warnings"

graphs=()
while IFS= read -r graph; do graphs+=("$graph"); done < <(
  find "$SCRATCH" -path '*/extracted-symbols/*/AutoDiff/AutoDiff*.symbols.json' -newer "$stamp")
if [ "${#graphs[@]}" -eq 0 ]; then
  echo "No symbol graph of AutoDiff was written under $SCRATCH by this build; cannot check coverage"
  exit 1
fi
swift Scripts/undocumented-symbols.swift "$CATALOG" "${graphs[@]}"
