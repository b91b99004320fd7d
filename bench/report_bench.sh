#!/usr/bin/env bash
# Time of a monthly report on a large store (numbers go to BENCHMARKS.md; not a test).
#
#   bench/report_bench.sh VOX DB [MONTH=2026-10] [ROUNDS=3]
#
# Runs `vox report --month MONTH` ROUNDS times each as HTML and as PDF, and
# prints the wall time of each run (the whole process: opening the store,
# every figure for the month and the month before, rendering, and for the
# PDF chromium's start and print). The store is only read; pass a copy when
# the original must not be touched (SQLite's WAL mode may create DB-shm).
set -euo pipefail
VOX=$(realpath "$1")
DB=$2
MONTH=${3:-2026-10}
ROUNDS=${4:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "store: $DB ($(du -h "$DB" | cut -f1)), month $MONTH"
for fmt in html pdf; do
  for r in $(seq "$ROUNDS"); do
    start=$(date +%s.%N)
    "$VOX" --db "$DB" report --month "$MONTH" --out "$OUT/r.$fmt" 2>/dev/null
    end=$(date +%s.%N)
    printf '%s round %d: %.2f s (%s bytes)\n' "$fmt" "$r" "$(echo "$end - $start" | bc -l)" "$(stat -c %s "$OUT/r.$fmt")"
  done
done
