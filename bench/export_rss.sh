#!/usr/bin/env bash
# Peak memory of `vox ingest` on Facebook and Zalo exports of two sizes,
# for two builds side by side (numbers go to BENCHMARKS.md "streaming
# Facebook and Zalo exports"; not a test).
#
#   bench/export_rss.sh BEFORE_VOX AFTER_VOX [SMALL_MB=10] [LARGE_MB=400] [DIR=/tmp/vox-export-rss] [full]
#
# Inputs, from `vox demo --generate` (seed 7):
#   fb-N.json         bench/make_facebook_export.py N: {"data": [posts with comments], "paging": {...}}
#   fb-notext-N.json  the same shape, no message text: every record is skipped, nothing is stored
#   zalo-N.json       bench/make_zalo_events.py N: {"oa_id": ..., "events": [...]}
#   zalo-notext-N.json every event a follow event: skipped, nothing stored
# The -notext inputs measure the reader alone (the store's caches, which grow
# with the items stored, are not the reader's). With `full` the stored inputs
# are ingested too, into a new store each (`vox init`, every stage on).
# Prints one line per run: binary, input, peak RSS (kB, /usr/bin/time -v),
# wall time, and the summary line of `vox ingest`.
set -euo pipefail
BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
SMALL=${3:-10}
LARGE=${4:-400}
DIR=${5:-/tmp/vox-export-rss}
FULL=${6:-}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$DIR"
cd "$DIR"
if [[ ! -s demo.jsonl ]]; then
  "$AFTER" demo --generate demo.jsonl --items 1500000 --seed 7 >/dev/null
fi
for mb in "$SMALL" "$LARGE"; do
  [[ -s fb-$mb.json ]] || "$HERE/make_facebook_export.py" "$mb" <demo.jsonl >"fb-$mb.json"
  [[ -s fb-notext-$mb.json ]] || "$HERE/make_facebook_export.py" "$mb" --no-text <demo.jsonl >"fb-notext-$mb.json"
  [[ -s zalo-$mb.json ]] || "$HERE/make_zalo_events.py" "$mb" <demo.jsonl >"zalo-$mb.json"
  [[ -s zalo-notext-$mb.json ]] || "$HERE/make_zalo_events.py" "$mb" --no-text <demo.jsonl >"zalo-notext-$mb.json"
done
ls -l fb-*.json zalo-*.json | awk '{print $5, $9}'
run() {  # run NAME VOX INPUT FORMAT
  rm -f "r.db" "r.db-wal" "r.db-shm"
  "$2" --db r.db init >/dev/null 2>&1
  /usr/bin/time -v -o time.out "$2" --db r.db ingest --format "$4" "$3" >ingest.out 2>ingest.err || true
  local rss wall
  rss=$(grep "Maximum resident set size" time.out | awk '{print $NF}')
  wall=$(grep "Elapsed (wall clock)" time.out | awk '{print $NF}')
  printf "%-7s %-22s %10s kB %9s  %s\n" "$1" "$(basename "$3")" "$rss" "$wall" \
    "$(cat ingest.out ingest.err | grep -v '^ *$' | tail -1 | cut -c1-120)"
}
for mb in "$SMALL" "$LARGE"; do
  for kind in fb-notext zalo-notext; do
    fmt=facebook; [[ $kind == zalo* ]] && fmt=zalo
    run before "$BEFORE" "$kind-$mb.json" "$fmt"
    run after "$AFTER" "$kind-$mb.json" "$fmt"
  done
done
# stdin from a pipe: cannot seek, so the export is copied to a scratch file first.
for kind in fb-notext zalo-notext; do
  fmt=facebook; [[ $kind == zalo* ]] && fmt=zalo
  for who in before after; do
    bin=$BEFORE; [[ $who == after ]] && bin=$AFTER
    rm -f "r.db" "r.db-wal" "r.db-shm"
    "$bin" --db r.db init >/dev/null 2>&1
    cat "$kind-$LARGE.json" | /usr/bin/time -v -o time.out "$bin" --db r.db ingest --format "$fmt" - >ingest.out 2>ingest.err || true
    printf "%-7s %-22s %10s kB %9s  %s\n" "$who" "stdin<$kind-$LARGE" \
      "$(grep 'Maximum resident set size' time.out | awk '{print $NF}')" \
      "$(grep 'Elapsed (wall clock)' time.out | awk '{print $NF}')" "$(cat ingest.out ingest.err | grep -v '^ *$' | tail -1 | cut -c1-120)"
  done
done
if [[ $FULL == full ]]; then
  for mb in "$SMALL" "$LARGE"; do
    for kind in fb zalo; do
      fmt=facebook; [[ $kind == zalo ]] && fmt=zalo
      run before "$BEFORE" "$kind-$mb.json" "$fmt"
      run after "$AFTER" "$kind-$mb.json" "$fmt"
    done
  done
fi
