#!/usr/bin/env bash
# One and two `vox ingest` workers on SQLite and on PostgreSQL, and `vox
# migrate` of the result (numbers go to BENCHMARKS.md; not a test).
#
#   bench/pg_workers.sh VOX [N=40000] [DIR=/tmp/vox-workers]
#
# Needs VOX_TEST_PG (a database to make schemas in: `. scripts/pg-cluster.sh;
# pg_cluster_start`). The data is the demo generator's month of a town, N
# items; "two workers" run at once on the odd and the even lines ("queue of
# 8": the file in 8 pieces of consecutive lines, handed out to two `vox ingest
# --queue`). Prints the
# wall time and items/s of each run, the number of stories (two workers give
# one worker's stories on the order they committed, not on the file's order:
# docs/deployment.md), and the migration's rows/s.
set -euo pipefail
VOX=$(realpath "$1")
N=${2:-40000}
DIR=${3:-/tmp/vox-workers}
: "${VOX_TEST_PG:?set VOX_TEST_PG (scripts/pg-cluster.sh)}"
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
"$VOX" demo --generate all.jsonl --items "$N" --seed 31 >/dev/null
awk 'NR % 2 == 1' all.jsonl >a.jsonl
awk 'NR % 2 == 0' all.jsonl >b.jsonl
split -n l/8 -d all.jsonl piece.
sep='?'; [[ $VOX_TEST_PG == *\?* ]] && sep='&'
schema() {
  psql -q "$VOX_TEST_PG" -c "DROP SCHEMA IF EXISTS $1 CASCADE; CREATE SCHEMA $1" 2>/dev/null
  echo "$VOX_TEST_PG${sep}options=-csearch_path%3D$1"
}
now() { date +%s.%N; }
report() {  # report NAME DB SECONDS
  local stories
  if [[ $2 == postgres* ]]; then stories=$(psql -At "$2" -c "SELECT count(*) FROM stories")
  else stories=$(sqlite3 "$2" "SELECT count(*) FROM stories"); fi
  python3 -c "print(f'%-34s %8.1f s %9.0f items/s   %6s stories' % ('$1', $3, $N / $3, '$stories'))"
}
run_one() {  # run_one NAME DB [BATCH]
  "$VOX" --db "$2" --key-file "$DIR/k" init >/dev/null
  local t0; t0=$(now)
  "$VOX" --db "$2" --key-file "$DIR/k" ingest --batch-size "${3:-10000}" all.jsonl >/dev/null
  report "$1" "$2" "$(python3 -c "print($(now) - $t0)")"
}
run_two() {  # run_two NAME DB [BATCH]
  "$VOX" --db "$2" --key-file "$DIR/k" init >/dev/null
  local t0; t0=$(now)
  "$VOX" --db "$2" --key-file "$DIR/k" ingest --batch-size "${3:-10000}" a.jsonl >/dev/null &
  local p=$!
  "$VOX" --db "$2" --key-file "$DIR/k" ingest --batch-size "${3:-10000}" b.jsonl >/dev/null
  wait $p
  report "$1" "$2" "$(python3 -c "print($(now) - $t0)")"
}
echo "N=$N items; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run_queue() {  # run_queue NAME DB [BATCH]: the file in 8 pieces of consecutive lines, queued, 2 workers
  "$VOX" --db "$2" --key-file "$DIR/k" init >/dev/null
  "$VOX" --db "$2" queue add "$DIR"/piece.0* >/dev/null
  local t0; t0=$(now)
  "$VOX" --db "$2" --key-file "$DIR/k" ingest --queue --batch-size "${3:-10000}" >/dev/null &
  local p=$!
  "$VOX" --db "$2" --key-file "$DIR/k" ingest --queue --batch-size "${3:-10000}" >/dev/null
  wait $p
  report "$1" "$2" "$(python3 -c "print($(now) - $t0)")"
}
run_one "sqlite, 1 worker" "$DIR/one.db"
run_two "sqlite, 2 workers" "$DIR/two.db"
run_two "sqlite, 2 workers, batch 1000" "$DIR/two1k.db" 1000
run_one "postgresql, 1 worker" "$(schema w_one)"
run_two "postgresql, 2 workers" "$(schema w_two)"
run_two "postgresql, 2 workers, batch 1000" "$(schema w_two1k)" 1000
run_queue "postgresql, 2 workers, queue of 8" "$(schema w_queue)"
T=$(schema w_mig)
t0=$(now)
"$VOX" migrate --from "$DIR/one.db" --to "$T" --json >mig.json
python3 -c "
import json; d = json.load(open('mig.json')); rows = sum(t['target_rows'] for t in d['tables']); s = $(now) - $t0
print(f'migrate sqlite -> postgresql        {s:8.1f} s {rows / s:9.0f} rows/s   {rows} rows, {d[\"audit_entries\"]} audit entries')"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
