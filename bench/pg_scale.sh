#!/usr/bin/env bash
# Search and the dashboard on one large store in SQLite and in PostgreSQL,
# the same run (numbers go to BENCHMARKS.md; not a test).
#
#   bench/pg_scale.sh BUILD_DIR SQLITE_COPY PG_URI [QUERIES=300] [REQUESTS=100]
#
# BUILD_DIR: the build folder (build/ci). SQLITE_COPY: a copy of a large store (it is migrated to this version and
# written to: dash_bench.py adds a user); PG_URI: an empty database or schema
# that receives it with `vox migrate` (skipped when it already holds the same
# number of items). Then bench_pg --stores (search p50/p99 on both, and how far
# the answers agree) and bench/dash_bench.py on each (the overview and the
# story lists through `vox serve`).
set -euo pipefail
B=$(realpath "$1")
DB=$(realpath "$2")
PG=$3
Q=${4:-300}
R=${5:-100}
HERE=$(cd "$(dirname "$0")" && pwd)
load() { echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; $(psql -At "$PG" -c 'SHOW server_version')"
load
"$B/src/cli/vox" --db "$DB" init >/dev/null
n_sq=$(sqlite3 "$DB" "SELECT count(*) FROM items")
n_pg=$(psql -At "$PG" -c "SELECT count(*) FROM items" 2>/dev/null || echo 0)
if [[ $n_pg != "$n_sq" ]]; then
  t0=$(date +%s.%N)
  "$B/src/cli/vox" migrate --from "sqlite:$DB" --to "$PG" --chunk 20000 --replace --json >/tmp/pg_scale_migrate.json
  python3 -c "
import json; d = json.load(open('/tmp/pg_scale_migrate.json')); rows = sum(t['target_rows'] for t in d['tables'])
s = $(date +%s.%N) - $t0; print(f'migrate: {rows} rows in {s:.0f} s = {rows / s:.0f} rows/s')"
  psql -q "$PG" -c "VACUUM ANALYZE"
fi
echo "items: sqlite $n_sq, postgresql $(psql -At "$PG" -c 'SELECT count(*) FROM items')" \
  "in $(psql -At "$PG" -c "SELECT count(*) FROM item_partitions WHERE name LIKE 'items_2%'") monthly partitions"
load
"$B/bench/bench_pg" --stores "$DB" "$PG" "$Q"
load
echo "== dashboard, sqlite"
python3 "$HERE/dash_bench.py" "$B/src/cli/vox" "$DB" "$R" 2>/dev/null
load
echo "== dashboard, postgresql"
# A server database has no folder for its key: vox reads ./vox.key, the SQLite store's key.
KD=$(mktemp -d)
cp "$DB.key" "$KD/vox.key"
(cd "$KD" && python3 "$HERE/dash_bench.py" "$B/src/cli/vox" "$PG" "$R" 2>/dev/null)
rm -rf "$KD"
load
