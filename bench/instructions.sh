#!/usr/bin/env bash
# Instructions per input byte of one pass of each text function over the
# news articles, counted by cachegrind: (Ir of 3 passes - Ir of 1 pass) / 2,
# so loading the corpus and the first, cache-filling pass cancel out.
# Usage: bench/instructions.sh [BUILD_DIR] [MAX_DOCS]   (needs valgrind)
set -euo pipefail
build=${1:-build/release}
docs=${2:-1327}
bin=$build/bench/bench_text_passes
for mode in normalize tokenize canonicalize icu-nfc; do
  bytes=$("$bin" 1 "$mode" "$docs" | sed 's/.*bytes=\([0-9]*\).*/\1/')
  ir() { valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$bin" "$1" "$mode" "$docs" 2>&1 |
           awk '/I[[:space:]]+refs/ {gsub(",", "", $NF); print $NF}'; }
  i1=$(ir 1)
  i3=$(ir 3)
  awk -v a="$i1" -v b="$i3" -v n="$bytes" -v m="$mode" 'BEGIN { printf "%-13s %6.2f instructions/byte\n", m, (b - a) / 2 / n }'
done
