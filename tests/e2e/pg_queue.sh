#!/usr/bin/env bash
# End-to-end tests of a PostgreSQL store at a province's scale:
#  - items kept in monthly partitions: `vox purge` drops the months before
#    the cutoff's whole and deletes rows only in the cutoff's month; stories
#    and counts stay right; a re-run of the same input doubles nothing;
#  - work handed out through the database: inputs queued with `vox queue
#    add`, two `vox ingest --queue` workers taking them (FOR UPDATE SKIP
#    LOCKED), one killed with kill -9 while it holds one: every input is done
#    once, every item stored once and in a story, nothing lost.
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
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  for s in "${SCHEMAS[@]}"; do psql -q "$VOX_TEST_PG" -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1; done
  rm -rf "$TMP"
}
trap cleanup EXIT
sep='?'; [[ $VOX_TEST_PG == *\?* ]] && sep='&'
new_schema() {
  local s="${1}_$$_$RANDOM"
  SCHEMAS+=("$s")
  psql -q "$VOX_TEST_PG" -c "CREATE SCHEMA $s" >/dev/null || return 1
  echo "$VOX_TEST_PG${sep}options=-csearch_path%3D$s"
}
cd "$TMP" || exit 1
KEY=$TMP/w.key
sqlq() { psql -At "$1" -c "$2"; }
counters() {
  sqlq "$1" "SELECT count(*) FROM stories s WHERE size <> (SELECT count(*) FROM items i WHERE i.story_id = s.id)"
}

# ---------------------------------------------------------------- months
# The demo town spread over three months (the generator's month, shifted).
"$VOX" demo --generate "$TMP/month.jsonl" --items 3000 --seed 5 >/dev/null
python3 - "$TMP/month.jsonl" "$TMP/months.jsonl" <<'PY'
import json, sys, datetime
out = open(sys.argv[2], 'w')
for shift, tag in ((-62, 'a'), (-31, 'b'), (0, 'c')):
    for line in open(sys.argv[1]):
        d = json.loads(line)
        t = datetime.datetime.fromisoformat(d['published_at'].replace('Z', '+00:00')) + datetime.timedelta(days=shift)
        d['published_at'] = t.isoformat()
        d['id'] = tag + str(d['id'])
        if d.get('parent_id'): d['parent_id'] = tag + str(d['parent_id'])
        out.write(json.dumps(d, ensure_ascii=False) + '\n')
PY
M=$(new_schema months)
m() { "$VOX" --db "$M" --key-file "$KEY" "$@"; }
expect_exit 0 "init" -- m init
expect_exit 0 "ingest three months of the demo town" -- m ingest "$TMP/months.jsonl"
total=$(wc -l <"$TMP/months.jsonl")
check "every item stored once ($total)" test "$(sqlq "$M" 'SELECT count(*) FROM items')" = "$total"
parts=$(sqlq "$M" "SELECT count(*) FROM item_partitions WHERE name LIKE 'items_2%'")
check "items are in monthly partitions ($parts months)" test "$parts" -ge 3
check "no row outside the monthly partitions" test \
  "$(sqlq "$M" 'SELECT (SELECT count(*) FROM items_before) + (SELECT count(*) FROM items_after)')" = 0
expect_exit 0 "the same input again" -- m ingest --json "$TMP/months.jsonl"
check "the re-run finds every item unchanged, adds none" python3 -c "
import json; d = json.loads(open('$TMP/out').read().splitlines()[-1]); assert d['added'] == 0 and d['unchanged'] == $total, d"
check "still every item once" test "$(sqlq "$M" 'SELECT count(*), count(DISTINCT (source_id, ext_id)) FROM items')" = "$total|$total"
# A cutoff inside the middle month: the first month goes whole, the middle
# one loses its rows before the cutoff. The store's clock is now; the
# window is from now back to the cutoff.
cut=$(sqlq "$M" "SELECT lo + 10 * 86400 FROM item_partitions WHERE name LIKE 'items_2%' ORDER BY lo OFFSET 1 LIMIT 1")
first=$(sqlq "$M" "SELECT name FROM item_partitions WHERE name LIKE 'items_2%' ORDER BY lo LIMIT 1")
before=$(sqlq "$M" "SELECT count(*) FROM items WHERE published_at < $cut")
older=$(( $(date +%s) - cut ))
expect_exit 0 "purge before a day inside the middle month" -- m purge --older-than "$((older / 3600))h" --json
check "purge reports the items and one whole month dropped" python3 -c "
import json; d = json.load(open('$TMP/out')); assert d['months_dropped'] >= 1 and abs(d['items'] - $before) < 200, d"
check "the first month's partition is gone" test "$(sqlq "$M" "SELECT to_regclass('$first') IS NULL")" = t
check "no item before the cutoff left" test "$(sqlq "$M" "SELECT count(*) FROM items WHERE published_at < $(python3 -c "import json; from datetime import datetime; print(int(datetime.fromisoformat(json.load(open('$TMP/out'))['before'].replace('Z', '+00:00')).timestamp()))")")" = 0
check "stories' sizes are their member counts" test "$(counters "$M")" = 0
check "no story without members" test "$(sqlq "$M" 'SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id)')" = 0
check "index totals match the items" test "$(sqlq "$M" 'SELECT (SELECT count(*) FROM items) = rows AND (SELECT sum(term_count) FROM items) = positions FROM index_totals')" = t
check "no tags or revisions of purged items" test "$(sqlq "$M" 'SELECT count(*) FROM item_tags t WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = t.item_id)')" = 0
left=$(sqlq "$M" 'SELECT count(*) FROM items')
expect_exit 0 "the same input once more after the purge" -- m ingest --json "$TMP/months.jsonl"
check "the purged items come back once, nothing doubled" test "$(sqlq "$M" 'SELECT count(*), count(DISTINCT (source_id, ext_id)) FROM items')" = "$total|$total"
expect_exit 0 "stats after all that" -- m stats --json

# ---------------------------------------------------------------- queue
expect_exit 1 "the queue needs PostgreSQL" -- "$VOX" --db "$TMP/x.db" queue add "$TMP/month.jsonl"
check "it says so" grep -q "PostgreSQL" "$TMP/err"
# The town in 10 pieces of consecutive lines (the generator writes in time order).
"$VOX" demo --generate "$TMP/town.jsonl" --items 10000 --seed 29 >/dev/null
split -n l/10 -d "$TMP/town.jsonl" "$TMP/piece."
Q=$(new_schema queue)
q() { "$VOX" --db "$Q" --key-file "$KEY" "$@"; }
q init >/dev/null
expect_exit 0 "queue ten inputs" -- q queue add --json "$TMP"/piece.0*
check "ten ids" python3 -c "import json; assert len(json.load(open('$TMP/out'))) == 10"
expect_exit 2 "ingest --queue takes no inputs" -- q ingest --queue "$TMP/piece.00"
# (vox itself in the background, not a shell function: kill -9 must reach it)
"$VOX" --db "$Q" --key-file "$KEY" ingest --queue --batch-size 100 >"$TMP/w1.out" 2>&1 &
p1=$!; PIDS+=("$p1")
"$VOX" --db "$Q" --key-file "$KEY" ingest --queue --batch-size 100 >"$TMP/w2.out" 2>&1 &
p2=$!; PIDS+=("$p2")
for _ in $(seq 1 1500); do
  n=$(sqlq "$Q" "SELECT count(*) FROM items" 2>/dev/null || echo 0)
  [[ ${n:-0} -ge 3000 ]] && break
  sleep 0.02
done
held=$(sqlq "$Q" "SELECT count(*) FROM ingest_queue WHERE state = 'queued'")
kill -9 $p1 2>/dev/null; wait $p1 2>/dev/null
check "worker 1 is gone" test ! -e /proc/$p1
killed_at=$(sqlq "$Q" "SELECT count(*) FROM items")
check "worker 1 killed mid-run at $killed_at items, $held inputs not yet done" test "$held" -ge 2
wait $p2; r2=$?
check "worker 2 finishes ($r2)" test "$r2" = 0
# A third worker takes whatever is left (the input worker 1 held is free
# again the moment its connection closed).
expect_exit 0 "a third worker drains the queue" -- q ingest --queue --batch-size 100
check "every input done once" test "$(sqlq "$Q" "SELECT count(*) FILTER (WHERE state = 'done'), count(*) FROM ingest_queue")" = "10|10"
check "every item stored once" test "$(sqlq "$Q" 'SELECT count(*), count(DISTINCT (source_id, ext_id)) FROM items')" = "10000|10000"
check "the input the killed worker held was taken again: its committed items found unchanged" test \
  "$(sqlq "$Q" 'SELECT count(*) FROM ingest_queue WHERE unchanged > 0')" -ge 1
check "each input's counts add up to its lines" test "$(sqlq "$Q" 'SELECT sum(added + updated + unchanged + rejected) FROM ingest_queue')" = 10000
check "no item counted as added twice" test "$(sqlq "$Q" 'SELECT sum(added) FROM ingest_queue')" -le 10000
check "every item has a story" test "$(sqlq "$Q" 'SELECT count(*) FROM items WHERE story_id = 0')" = 0
check "every story's size is its member count" test "$(counters "$Q")" = 0
check "index totals match the items" test "$(sqlq "$Q" 'SELECT (SELECT count(*) FROM items) = rows AND (SELECT sum(term_count) FROM items) = positions FROM index_totals')" = t
expect_exit 0 "queue list" -- q queue list --json
check "the list shows ten done inputs with their counts" python3 -c "
import json; d = json.load(open('$TMP/out')); assert len(d) == 10 and all(e['state'] == 'done' and e['finished_at'] for e in d), d"
expect_exit 0 "an empty queue: a worker has nothing to do" -- q ingest --queue

finish
