#!/usr/bin/env bash
# Peak memory and wall time of `vox ingest` on .xlsx workbooks of several
# sizes (and on feeds and single JSON documents, see below), for two builds
# side by side (numbers go to BENCHMARKS.md "streaming workbooks"; not a test).
#
#   bench/workbook_rss.sh BEFORE_VOX AFTER_VOX [DIR=/tmp/vox-wb-rss] [SIZES="10 50 200"] [STORED="10 50"]
#
# Inputs, from `vox demo --generate` (seed 7; 1,100,000 items):
#   log-N.xlsx   bench/make_xlsx.py N: one sheet of about N MB of XML (Mã, Ngày
#                dd/mm/yyyy HH:MM as inline strings, Nội dung and Địa chỉ as
#                shared strings, as Excel writes them)
# Runs per input and binary:
#   reader   `--map published_at=Địa chỉ`: every row is read, parsed and
#            rejected (its place is not a date), nothing is stored: the
#            reader's memory alone (rejections go to a file)
#   stdin    the same, the workbook on stdin (`cat FILE | vox ingest --format xlsx -`)
#   stored   (sizes in STORED) a plain `vox ingest` into a new store
#            (`vox init`, every stage on)
# Prints one line per run: binary, run, input, peak RSS (kB, /usr/bin/time
# -v), wall time, and the last line of `vox ingest`'s output.
set -euo pipefail
BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
DIR=${3:-/tmp/vox-wb-rss}
SIZES=${4:-"10 50 200"}
STORED=${5:-"10 50"}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$DIR"
cd "$DIR"
if [[ ! -s demo-big.jsonl ]]; then
  "$AFTER" demo --generate demo-big.jsonl --items 1100000 --seed 7 >/dev/null
fi
for mb in $SIZES; do
  [[ -s log-$mb.xlsx ]] || "$HERE/make_xlsx.py" "$mb" <demo-big.jsonl >"log-$mb.xlsx"
done
ls -l log-*.xlsx | awk '{print $5, $9}'
run() {  # run NAME VOX KIND INPUT
  rm -f r.db r.db-wal r.db-shm
  "$2" --db r.db init >/dev/null 2>&1
  local cmd=("$2" --db r.db ingest --format xlsx)
  case $3 in
    reader) cmd+=(--map "published_at=Địa chỉ" "$4") ;;
    stdin) cmd+=(--map "published_at=Địa chỉ" -) ;;
    stored) cmd+=("$4") ;;
  esac
  if [[ $3 == stdin ]]; then
    /usr/bin/time -v -o time.out "${cmd[@]}" <"$4" >ingest.out 2>ingest.err || true
  else
    /usr/bin/time -v -o time.out "${cmd[@]}" >ingest.out 2>ingest.err || true
  fi
  local rss wall
  rss=$(grep "Maximum resident set size" time.out | awk '{print $NF}')
  wall=$(grep "Elapsed (wall clock)" time.out | awk '{print $NF}')
  printf "%-7s %-7s %-14s %10s kB %9s  %s\n" "$1" "$3" "$(basename "$4")" "$rss" "$wall" \
    "$(grep -v '^ *$' ingest.out | tail -1 | cut -c1-150)"
}
for mb in $SIZES; do
  for kind in reader stdin; do
    run before "$BEFORE" "$kind" "log-$mb.xlsx"
    run after "$AFTER" "$kind" "log-$mb.xlsx"
  done
done
for mb in $STORED; do
  run before "$BEFORE" stored "log-$mb.xlsx"
  run after "$AFTER" stored "log-$mb.xlsx"
done
