#!/usr/bin/env bash
# End-to-end tests of vox on a PostgreSQL store: init, ingest (idempotent,
# bad records, kill -9 mid-ingest), search (the same answers as on SQLite
# for the same data), stories, export, purge, the desk's accounts and audit
# chain, and `vox serve`. Needs VOX_TEST_PG (a database to make a schema in:
# scripts/test.sh starts a throwaway cluster); without it the test is
# skipped (exit 77).
set -u
VOX=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
if [[ -z ${VOX_TEST_PG:-} ]]; then
  echo "skipped: VOX_TEST_PG is not set (scripts/test.sh sets it)"
  exit 77
fi
TMP=$(mktemp -d)
SCHEMA="e2e_$$_$RANDOM"
SERVER_PID=
trap 'kill $SERVER_PID 2>/dev/null; psql -q "$VOX_TEST_PG" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1; rm -rf "$TMP"' EXIT
psql -q "$VOX_TEST_PG" -c "CREATE SCHEMA $SCHEMA" || exit 1
sep='?'; [[ $VOX_TEST_PG == *\?* ]] && sep='&'
DB="$VOX_TEST_PG${sep}options=-csearch_path%3D$SCHEMA"
sql() { psql -At "$DB" -c "$1"; }
cd "$TMP" || exit 1
v() { "$VOX" --db "$DB" --key-file "$TMP/vox.key" "$@"; }

# --- init
expect_exit 1 "a missing store says to run init" -- v stats
check "message names vox init" grep -q "vox init" "$TMP/err"
expect_exit 0 "init" -- v init
check "key file created with mode 600" test "$(stat -c %a "$TMP/vox.key")" = 600
expect_exit 0 "init again is idempotent" -- v init
check "schema version 12 in meta" test "$(sql "SELECT value FROM meta WHERE key = 'schema_version'")" = 12

# --- ingest with bad records
cat >"$TMP/mixed.jsonl" <<'JSONL'
{"id":"1","source":"fb","text":"Mất điện ở phường An Hòa từ 7h","published_at":"2026-10-01T08:00:00+07:00","author":"Trần Thị Bưởi"}
{"id":"2","source":"fb","text":"ko co dien tu sang, goi 0912345678 ko ai nghe","published_at":"2026-10-01T09:00:00+07:00","author":"user-42"}
{"id":"3","source":"fb","text":"thiếu ngày","author":"x"}
{"id":"4","source":"fb","text":"ngập nước đường Lê Lợi","published_at":"2026-10-01T10:00:00+07:00"}
JSONL
expect_exit 3 "partial ingest exits 3" -- v ingest "$TMP/mixed.jsonl"
check "summary counts" grep -q "3 added, 0 updated, 0 unchanged, 1 rejected" "$TMP/out"
expect_exit 3 "same input again" -- v ingest "$TMP/mixed.jsonl"
check "second ingest adds nothing" grep -q "0 added, 0 updated, 3 unchanged" "$TMP/out"
pg_dump "$DB" -n "$SCHEMA" >"$TMP/dump.sql" 2>/dev/null
check "dump taken" test -s "$TMP/dump.sql"
check "raw author not stored" bash -c "! grep -q 'Trần Thị Bưởi' '$TMP/dump.sql'"
check "raw author id not stored" bash -c "! grep -q 'user-42' '$TMP/dump.sql'"
check "phone number not stored" bash -c "! grep -q '0912345678' '$TMP/dump.sql'"
check "index terms stored: folded and as written" test "$(sql "SELECT count(*) FROM items WHERE terms @@ '''mat'' & ''=mất'''::tsquery")" = 1

# --- search
expect_exit 0 "search json" -- v search --json "mat dien"
check "search finds the accented item" grep -q '"id":"1"' "$TMP/out"
check "snippet highlights" grep -q '<mark>Mất</mark>' "$TMP/out"
expect_exit 0 "teencode query" -- v search --json "không có điện"
check "ko matches không" grep -q '"id":"2"' "$TMP/out"
expect_exit 0 "stats" -- v stats --json
check "stats counts 3 items" grep -q '"items":3' "$TMP/out"
check "stats never shows a password" bash -c "v() { '$VOX' --db 'postgresql://vox:s3cret@127.0.0.1:1/x?connect_timeout=1' stats; }; ! v 2>&1 | grep -q s3cret"

# --- the same data and queries answer the same on SQLite and PostgreSQL
"$VOX" demo --generate "$TMP/demo.jsonl" --items 3000 >/dev/null
SDB=$TMP/same.db
"$VOX" --db "$SDB" init >/dev/null
"$VOX" --db "$SDB" ingest "$TMP/mixed.jsonl" >/dev/null 2>&1
"$VOX" --db "$SDB" ingest "$TMP/demo.jsonl" >/dev/null 2>&1
expect_exit 0 "demo data ingested into PostgreSQL" -- v ingest "$TMP/demo.jsonl"
same=0; total=0
for q in "mat dien" "ngap nuoc" "điện" "nuoc may" "rac thai" "hoc phi" "đường" "\"mất điện\"" "ngap -mua" "benh vien" "cho*"; do
  total=$((total + 1))
  a=$("$VOX" --db "$SDB" search --json --limit 10 "$q" | python3 -c "import json,sys; print([r['id'] for r in json.load(sys.stdin)])")
  b=$(v search --json --limit 10 "$q" | python3 -c "import json,sys; print([r['id'] for r in json.load(sys.stdin)])")
  if [[ $a == "$b" && $a != "[]" ]]; then same=$((same + 1)); else echo "  differs for $q: sqlite $a, postgresql $b"; fi
done
check "same top 10 in the same order for $same of $total queries" test "$same" -ge $((total - 1))
expect_exit 0 "stories on PostgreSQL" -- v stories --json
check "stories listed" python3 -c "import json; d=json.load(open('$TMP/out')); assert len(d) > 10"
n_sqlite=$("$VOX" --db "$SDB" stories --json --limit 100000 | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
n_pg=$(v stories --json --limit 100000 | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
check "as many stories as on SQLite ($n_pg, $n_sqlite)" test "$n_pg" = "$n_sqlite"
v export items >"$TMP/export.jsonl"
check "export has every item" test "$(wc -l <"$TMP/export.jsonl")" = "$(sql 'SELECT count(*) FROM items')"

# --- kill -9 mid-ingest: the re-run completes without duplicates
"$VOX" demo --generate "$TMP/big.jsonl" --items 12000 --seed 7 >/dev/null
v ingest "$TMP/big.jsonl" >/dev/null 2>&1 &
PID=$!
before=$(sql "SELECT count(*) FROM items")
for _ in $(seq 1 400); do
  n=$(sql "SELECT count(*) FROM items" 2>/dev/null || echo 0)
  [[ ${n:-0} -gt $((before + 500)) ]] && break
  sleep 0.05
done
kill -9 $PID 2>/dev/null; wait $PID 2>/dev/null
PARTIAL=$(sql "SELECT count(*) FROM items")
check "killed mid-ingest with part committed ($PARTIAL)" test "$PARTIAL" -gt "$before"
v ingest "$TMP/big.jsonl" >/dev/null 2>&1
check "no duplicate (source, id)" test "$(sql 'SELECT count(*) FROM (SELECT source_id, ext_id FROM items GROUP BY 1,2 HAVING count(*) > 1) d')" = 0
check "index totals match the items" test "$(sql 'SELECT (SELECT count(*) FROM items) = rows AND (SELECT sum(term_count) FROM items) = positions FROM index_totals')" = t

# --- desk: accounts and the audit chain
expect_exit 0 "user add" -- v user add lan --role admin --generate-password
expect_exit 0 "unit add" -- v unit add "UBND phường Vân Hà" --kind ward
expect_exit 0 "audit verify" -- v audit verify
check "audit chain has entries" test "$(sql 'SELECT count(*) FROM audit')" -ge 2

# --- serve
"$VOX" --db "$DB" --key-file "$TMP/vox.key" serve --listen 127.0.0.1:0 >"$TMP/serve.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q "serving" "$TMP/serve.out" && break; sleep 0.05; done
URL=$(grep -o 'http://[^/]*' "$TMP/serve.out" | head -1)
check "server announced its address ($URL)" test -n "$URL"
check "healthz" test "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" = 200
curl -s "$URL/api/search?q=mat+dien" >"$TMP/api.json"
v search --json "mat dien" >"$TMP/cli.json"
check "API search answers from PostgreSQL as the CLI does" python3 -c "
import json; a = [h['id'] for h in json.load(open('$TMP/api.json'))]; b = [h['id'] for h in json.load(open('$TMP/cli.json'))]
assert a and a == b, (a, b)"
curl -s "$URL/api/items?limit=2" >"$TMP/items.json"
check "API items lists two" python3 -c "import json; assert len(json.load(open('$TMP/items.json'))) == 2"
kill $SERVER_PID; wait $SERVER_PID 2>/dev/null; SERVER_PID=

# --- purge
expect_exit 0 "purge everything older than 1 day" -- v purge --older-than 1d --json
expect_exit 0 "stats after purge" -- v stats --json
check "store is empty" grep -q '"items":0' "$TMP/out"
check "index totals back to zero" test "$(sql 'SELECT rows::text || positions::text FROM index_totals')" = 00

finish
