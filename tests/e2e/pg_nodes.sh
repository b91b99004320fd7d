#!/usr/bin/env bash
# End-to-end tests of vox growing past one machine, on PostgreSQL:
#  - `vox migrate` moves a whole SQLite store (items, stories, fact-checks,
#    matches, cases, the audit chain, settings, accounts) into a PostgreSQL
#    schema: counts verified, the same answers afterwards, a non-empty
#    target refused unless --replace, a run killed part-way resumed;
#  - two `vox ingest` workers on one database: interleaved halves of a data
#    set give the same stories as one worker (up to ids), also when one of
#    them is killed mid-batch and run again.
# Needs VOX_TEST_PG (scripts/test.sh starts a throwaway cluster); without it
# the test is skipped (exit 77).
set -u
VOX=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
if [[ -z ${VOX_TEST_PG:-} ]]; then
  echo "skipped: VOX_TEST_PG is not set (scripts/test.sh sets it)"
  exit 77
fi
TMP=$(mktemp -d)
SCHEMAS=()
cleanup() {
  for s in "${SCHEMAS[@]}"; do psql -q "$VOX_TEST_PG" -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1; done
  rm -rf "$TMP"
}
trap cleanup EXIT
sep='?'; [[ $VOX_TEST_PG == *\?* ]] && sep='&'
# new_schema NAME: creates a schema of this run and prints its URI.
new_schema() {
  local s="${1}_$$_$RANDOM"
  SCHEMAS+=("$s")
  psql -q "$VOX_TEST_PG" -c "CREATE SCHEMA $s" >/dev/null || return 1
  echo "$VOX_TEST_PG${sep}options=-csearch_path%3D$s"
}
cd "$TMP" || exit 1

# ---------------------------------------------------------------- migrate
SRC=$TMP/town.db
"$VOX" --db "$SRC" demo --no-serve --items 6000 >/dev/null 2>&1
"$VOX" --db "$SRC" user add lan --role admin --generate-password >/dev/null
T1=$(new_schema mig)
SQ=$(new_schema migsrc)
pg() { "$VOX" --db "$T1" --key-file "$SRC.key" "$@"; }
expect_exit 0 "migrate a demo office's store" -- "$VOX" migrate --from "sqlite:$SRC" --to "$T1" --json
check "every table's count verified" python3 -c "
import json; d = json.load(open('$TMP/out')); t = {x['table']: x for x in d['tables']}
assert all(x['source_rows'] == x['target_rows'] for x in d['tables']), d
for name in ('items', 'stories', 'story_state', 'factchecks', 'matches', 'cases', 'case_events', 'audit', 'users', 'units'):
    assert t[name]['target_rows'] > 0, name
assert d['audit_entries'] == t['audit']['target_rows'] and not d['resumed']"
for tbl in items item_tags stories story_state factchecks matches cases case_events case_links reports audit users units; do
  a=$(sqlite3 "$SRC" "SELECT count(*) FROM $tbl"); b=$(psql -At "$T1" -c "SELECT count(*) FROM $tbl")
  [[ $a == "$b" ]] || bad "$tbl: $a rows in SQLite, $b in PostgreSQL"
done
ok "row counts agree table by table (checked with sqlite3 and psql)"
check "audit hashes identical" test "$(sqlite3 "$SRC" 'SELECT group_concat(hash) FROM (SELECT hash FROM audit ORDER BY seq)')" = \
  "$(psql -At "$T1" -c 'SELECT string_agg(hash, $$,$$ ORDER BY seq) FROM audit')"
expect_exit 0 "audit chain verifies on the target" -- pg audit verify
same=0
for q in "mat dien" "ngap nuoc" "hoc phi" "\"mất điện\"" "rac -thai"; do
  a=$("$VOX" --db "$SRC" search --json "$q"); b=$(pg search --json "$q")
  [[ $a == "$b" && $a != "[]" ]] && same=$((same + 1))
done
check "searches answer the same after the move ($same of 5)" test "$same" = 5
check "stories list the same" test "$("$VOX" --db "$SRC" stories --json --limit 100000 | md5sum)" = \
  "$(pg stories --json --limit 100000 | md5sum)"
check "cases list the same" test "$("$VOX" --db "$SRC" case list --json | md5sum)" = "$(pg case list --json | md5sum)"
check "index totals rebuilt" test "$(psql -At "$T1" -c 'SELECT (SELECT count(*) FROM items) = rows AND (SELECT sum(term_count) FROM items) = positions FROM index_totals')" = t
expect_exit 0 "migrating again changes nothing" -- "$VOX" migrate --from "sqlite:$SRC" --to "$T1" --json
check "nothing copied the second time" python3 -c "
import json; d = json.load(open('$TMP/out')); assert d['resumed'] and all(x['copied'] == 0 for x in d['tables']), d"
"$VOX" demo --generate "$TMP/more.jsonl" --items 500 --seed 11 >/dev/null
expect_exit 0 "ingest into the migrated store with the source's key" -- pg ingest "$TMP/more.jsonl"
check "new items get new ids (sequences continue)" grep -q "added" "$TMP/out"
expect_exit 0 "a desk write after the move" -- pg user add binh --role editor --generate-password
expect_exit 0 "the chain still verifies" -- pg audit verify
expect_exit 1 "migrating again into a target written since fails the count check" -- "$VOX" migrate --from "$SRC" --to "$T1"
check "it names the table" grep -q "table audit" "$TMP/err"

# A target with data of its own is refused, and emptied with --replace.
T2=$(new_schema migfull)
"$VOX" --db "$T2" --key-file "$TMP/other.key" init >/dev/null
"$VOX" --db "$T2" --key-file "$TMP/other.key" ingest "$TMP/more.jsonl" >/dev/null 2>&1
expect_exit 1 "a non-empty target is refused" -- "$VOX" migrate --from "$SRC" --to "$T2"
check "the message says how to go on" grep -q -- "--replace" "$TMP/err"
check "the refused target is untouched" test "$(psql -At "$T2" -c 'SELECT count(*) FROM items')" = 500
expect_exit 0 "--replace empties it and copies" -- "$VOX" migrate --from "$SRC" --to "$T2" --replace --json
check "only the source's items are there" test "$(psql -At "$T2" -c 'SELECT count(*) FROM items')" = \
  "$(sqlite3 "$SRC" 'SELECT count(*) FROM items')"
expect_exit 1 "a SQLite target is refused" -- "$VOX" migrate --from "$SRC" --to "$TMP/x.db"

# Killed part-way (kill -9 between chunks): the run after resumes, copies
# each row once and verifies.
BIG=$TMP/big.db
"$VOX" demo --generate "$TMP/big.jsonl" --items 30000 --seed 5 >/dev/null
"$VOX" --db "$BIG" init >/dev/null
"$VOX" --db "$BIG" ingest "$TMP/big.jsonl" >/dev/null 2>&1
T3=$(new_schema migkill)
"$VOX" migrate --from "$BIG" --to "$T3" --chunk 200 >/dev/null 2>&1 &
PID=$!
for _ in $(seq 1 600); do
  n=$(psql -At "$T3" -c "SELECT coalesce(sum(rows), 0) FROM migrate_progress WHERE tbl = 'items'" 2>/dev/null || echo 0)
  [[ ${n:-0} -ge 3000 ]] && break
  sleep 0.05
done
kill -9 $PID 2>/dev/null; wait $PID 2>/dev/null
part=$(psql -At "$T3" -c "SELECT count(*) FROM items")
check "killed with part of the items copied ($part of 30000)" test "$part" -gt 0 -a "$part" -lt 30000
expect_exit 0 "the next run resumes" -- "$VOX" migrate --from "$BIG" --to "$T3" --json
check "it says so and copies only the rest" python3 -c "
import json; d = json.load(open('$TMP/out')); t = {x['table']: x for x in d['tables']}
assert d['resumed'] and t['items']['copied'] == 30000 - $part, (t['items'], $part)"
check "no item twice" test "$(psql -At "$T3" -c 'SELECT count(*) FROM (SELECT source_id, ext_id FROM items GROUP BY 1, 2 HAVING count(*) > 1) d')" = 0

finish
