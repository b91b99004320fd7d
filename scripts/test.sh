#!/usr/bin/env bash
# The whole test suite: unit, golden, integration and end-to-end tests (CTest),
# then every fuzz target for a short bounded time. Ends with one summary line
# "tests: N passed, M failed"; exit code non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
scripts/build.sh ci || exit 1
log=$(mktemp)
ctest --preset ci -j2 2>&1 | tee "$log"
ctest_rc=${PIPESTATUS[0]}
total=$(grep -oE 'out of [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -oE '[0-9]+ tests failed' "$log" | tail -1 | grep -oE '^[0-9]+' || echo 0)
[[ $ctest_rc -ne 0 && ${failed:-0} -eq 0 ]] && failed=1
FUZZ_SECONDS=${FUZZ_SECONDS:-20} scripts/fuzz.sh 2>&1 | tee "$log"
fuzz_rc=${PIPESTATUS[0]}
fuzz_ok=$(grep -c '^fuzz .* for ' "$log" || true)
fuzz_failed=$(grep -c 'FAILED:' "$log" || true)
[[ $fuzz_rc -ne 0 && $fuzz_failed -eq 0 ]] && fuzz_failed=1
rm -f "$log"
passed=$(( ${total:-0} - ${failed:-0} + ${fuzz_ok:-0} - ${fuzz_failed:-0} ))
echo "tests: $passed passed, $(( ${failed:-0} + ${fuzz_failed:-0} )) failed"
[[ $ctest_rc -eq 0 && $fuzz_rc -eq 0 ]]
