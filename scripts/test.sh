#!/usr/bin/env bash
# The whole test suite: unit, golden, integration and end-to-end tests (CTest),
# the same tests again under ASan+UBSan, the server's hostile suite under TSan,
# then every fuzz target for a short bounded time. Ends with one summary line
# "tests: N passed, M failed"; exit code non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1
# Includes that go up a layer fail before anything is built.
scripts/check-layers || exit 1
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Cache hits across clones in other directories (CI builds a fresh clone).
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=true
scripts/build.sh ci || exit 1
# The store suites run on PostgreSQL too (a throwaway cluster, removed at
# exit): VOX_TEST_PG adds the backend to them (src/store/backends_test_util.h)
# and runs tests/e2e/pg.sh.
. scripts/pg-cluster.sh
pg_cluster_start || exit 1
log=$(mktemp)
ctest --preset ci -j2 2>&1 | tee "$log"
ctest_rc=${PIPESTATUS[0]}
total=$(grep -oE 'out of [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -oE '[0-9]+ tests failed' "$log" | tail -1 | grep -oE '^[0-9]+' || echo 0)
[[ $ctest_rc -ne 0 && ${failed:-0} -eq 0 ]] && failed=1
# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
asan_log=$(mktemp)
asan_rc=0
if scripts/build.sh asan >"$asan_log" 2>&1; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset asan -j2 >"$asan_log" 2>&1 || asan_rc=$?
else
  asan_rc=1
fi
tail -n 25 "$asan_log"
asan_total=$(grep -oE 'out of [0-9]+' "$asan_log" | tail -1 | grep -oE '[0-9]+' || echo 0)
asan_failed=$(grep -oE '[0-9]+ tests failed' "$asan_log" | tail -1 | grep -oE '^[0-9]+' || echo 0)
[[ $asan_rc -ne 0 && ${asan_failed:-0} -eq 0 ]] && asan_failed=1
rm -f "$asan_log"
# The server under ThreadSanitizer: the binary built with -fsanitize=thread,
# driven by the hostile tests (concurrent searches, slow clients, two writers).
tsan_rc=0
if scripts/build.sh tsan vox >/dev/null 2>&1; then
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" bash tests/hostile/hostile.sh build/tsan/src/cli/vox \
    >"$log" 2>&1 || tsan_rc=$?
  tail -n 3 "$log"
else
  echo "tsan build failed"; tsan_rc=1
fi
FUZZ_SECONDS=${FUZZ_SECONDS:-20} scripts/fuzz.sh 2>&1 | tee "$log"
fuzz_rc=${PIPESTATUS[0]}
fuzz_ok=$(grep -c '^fuzz .* for ' "$log" || true)
fuzz_failed=$(grep -c 'FAILED:' "$log" || true)
[[ $fuzz_rc -ne 0 && $fuzz_failed -eq 0 ]] && fuzz_failed=1
rm -f "$log"
tsan_failed=$(( tsan_rc != 0 ))
passed=$(( ${total:-0} - ${failed:-0} + ${asan_total:-0} - ${asan_failed:-0} + 1 - tsan_failed + ${fuzz_ok:-0} - ${fuzz_failed:-0} ))
echo "tests: $passed passed, $(( ${failed:-0} + ${asan_failed:-0} + tsan_failed + ${fuzz_failed:-0} )) failed" \
     "(ASan+UBSan: ${asan_total:-0} tests; TSan: the server's hostile suite)"
[[ $ctest_rc -eq 0 && $asan_rc -eq 0 && $tsan_rc -eq 0 && $fuzz_rc -eq 0 ]]
