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


# ---------------------------------------------------------------- two ingest workers
# partition DB: the stories as sets of members ("source/id"), one story a
# line, sorted: equal outputs are the same stories up to ids.
partition() {
  "$VOX" --db "$1" --key-file "$TMP/w.key" export items | python3 -c "
import json, sys
g = {}
for line in sys.stdin:
    d = json.loads(line)
    g.setdefault(d['story_id'] or 'alone:' + d['source'] + '/' + d['id'], []).append(d['source'] + '/' + d['id'])
for m in sorted(sorted(x) for x in g.values()): print(' '.join(m))"
}
# counters DB: stories whose stored size is not their number of members.
counters() {
  psql -At "$1" -c "SELECT count(*) FROM stories s WHERE size <> (SELECT count(*) FROM items i WHERE i.story_id = s.id)"
}
fresh_store() { local u; u=$(new_schema "$1") && "$VOX" --db "$u" --key-file "$TMP/w.key" init >/dev/null && echo "$u"; }

# Reposts: 250 stories of 4 near-identical posts each (a word dropped, a
# prefix, a hashtag), the four spread over the two halves, all in two days,
# shuffled: who sees a repost first is a race between the workers.
python3 "$HERE/reposts.py" "$TMP/reposts.jsonl"
awk 'NR % 2 == 1' "$TMP/reposts.jsonl" >"$TMP/reposts.a"
awk 'NR % 2 == 0' "$TMP/reposts.jsonl" >"$TMP/reposts.b"
W1=$(fresh_store one)
"$VOX" --db "$W1" --key-file "$TMP/w.key" ingest "$TMP/reposts.jsonl" >/dev/null 2>&1
partition "$W1" >"$TMP/one.txt"
check "one worker: 250 stories of 4" test "$(wc -l <"$TMP/one.txt")" = 250
for round in 1 2 3; do
  W2=$(fresh_store two)
  "$VOX" --db "$W2" --key-file "$TMP/w.key" ingest --batch-size 7 "$TMP/reposts.a" >/dev/null 2>&1 &
  p1=$!
  "$VOX" --db "$W2" --key-file "$TMP/w.key" ingest --batch-size 7 "$TMP/reposts.b" >/dev/null 2>&1 &
  p2=$!
  wait $p1; r1=$?; wait $p2; r2=$?
  check "round $round: both workers succeed ($r1, $r2)" test "$r1$r2" = 00
  partition "$W2" >"$TMP/two.txt"
  check "round $round: two workers on interleaved halves give the same stories as one" cmp -s "$TMP/one.txt" "$TMP/two.txt"
  check "round $round: every story's size is its member count" test "$(counters "$W2")" = 0
done

# The demo town (replies, links, articles, a month of items). Which worker
# commits first changes the order items are assigned in, and stories depend
# on that order (a reply before its parent, the active window): the two
# workers' stories must be exactly one worker's on the items in the order
# they were committed (row ids grow in commit order under the writer lock).
"$VOX" demo --generate "$TMP/town.jsonl" --items 8000 --seed 23 >/dev/null
awk 'NR % 2 == 1' "$TMP/town.jsonl" >"$TMP/town.a"
awk 'NR % 2 == 0' "$TMP/town.jsonl" >"$TMP/town.b"
# replay DB OUT: the input lines in the order DB stored them.
replay() {
  psql -At -F $'\t' "$1" -c "SELECT s.name, i.ext_id FROM items i JOIN sources s ON s.id = i.source_id ORDER BY i.id" |
    python3 -c "
import json, sys
lines = {}
for line in open('$TMP/town.jsonl'):
    d = json.loads(line); lines[(d.get('source') or 'default', d['id'])] = line
out = open(sys.argv[1], 'w')
for row in sys.stdin:
    src, ext = row.rstrip('\n').split('\t'); out.write(lines[(src, ext)])" "$2"
}
# town_invariants DB: every item once and in a story, counters right.
town_invariants() {
  check "$2: every item stored once" test "$(psql -At "$1" -c 'SELECT count(*), count(DISTINCT (source_id, ext_id)) FROM items')" = "8000|8000"
  check "$2: every item has a story" test "$(psql -At "$1" -c 'SELECT count(*) FROM items WHERE story_id = 0')" = 0
  check "$2: every story's size is its member count" test "$(counters "$1")" = 0
  check "$2: no story without members" test "$(psql -At "$1" -c 'SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id)')" = 0
  check "$2: index totals match the items" test "$(psql -At "$1" -c 'SELECT (SELECT count(*) FROM items) = rows AND (SELECT sum(term_count) FROM items) = positions FROM index_totals')" = t
}
W3=$(fresh_store town)
"$VOX" --db "$W3" --key-file "$TMP/w.key" ingest --batch-size 150 "$TMP/town.a" >/dev/null 2>&1 &
p1=$!
"$VOX" --db "$W3" --key-file "$TMP/w.key" ingest --batch-size 150 "$TMP/town.b" >/dev/null 2>&1 &
p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
check "demo town, two workers: both succeed ($r1, $r2)" test "$r1$r2" = 00
town_invariants "$W3" "demo town, two workers"
replay "$W3" "$TMP/town.order"
W4=$(fresh_store replay)
"$VOX" --db "$W4" --key-file "$TMP/w.key" ingest "$TMP/town.order" >/dev/null 2>&1
partition "$W3" >"$TMP/two.txt"
partition "$W4" >"$TMP/one.txt"
check "two workers = one worker on the committed order ($(wc -l <"$TMP/two.txt") stories)" cmp -s "$TMP/one.txt" "$TMP/two.txt"

# One worker killed mid-batch (kill -9) and started again on its half: it
# loses nothing and doubles nothing. (A process started afresh loads the
# index from the store, which holds only a story's current representative,
# so its stories are compared with one worker's as a share, with a floor.)
W5=$(fresh_store killed)
"$VOX" --db "$W5" --key-file "$TMP/w.key" ingest --batch-size 150 "$TMP/town.a" >/dev/null 2>&1 &
p1=$!
"$VOX" --db "$W5" --key-file "$TMP/w.key" ingest --batch-size 150 "$TMP/town.b" >/dev/null 2>&1 &
p2=$!
for _ in $(seq 1 600); do
  n=$(psql -At "$W5" -c "SELECT count(*) FROM items" 2>/dev/null || echo 0)
  [[ ${n:-0} -ge 2500 ]] && break
  sleep 0.02
done
kill -9 $p1 2>/dev/null; wait $p1 2>/dev/null
killed_at=$(psql -At "$W5" -c "SELECT count(*) FROM items")
"$VOX" --db "$W5" --key-file "$TMP/w.key" ingest --batch-size 150 "$TMP/town.a" >/dev/null 2>&1
r1=$?
wait $p2; r2=$?
check "worker killed at $killed_at items, run again: both succeed ($r1, $r2)" test "$r1$r2" = 00
town_invariants "$W5" "demo town, a worker killed"
replay "$W5" "$TMP/killed.order"
W6=$(fresh_store replay2)
"$VOX" --db "$W6" --key-file "$TMP/w.key" ingest "$TMP/killed.order" >/dev/null 2>&1
partition "$W5" >"$TMP/two.txt"
partition "$W6" >"$TMP/one.txt"
agree=$(python3 -c "
a = set(open('$TMP/one.txt')); b = set(open('$TMP/two.txt'))
print(round(sum(len(l.split()) for l in a & b) / 8000, 3))")
check "items in the same stories as one worker on the committed order: $agree >= 0.97" python3 -c "assert $agree >= 0.97"

finish
