#!/usr/bin/env bash
# Retention on PostgreSQL: `vox purge` dropping a month of items whole
# against the same rows deleted one by one (what an unpartitioned items table
# needs: DELETE, then VACUUM), on two copies of a large store's items (numbers
# go to BENCHMARKS.md; not a test).
#
#   bench/pg_purge.sh VOX BASE_URI SRC_SCHEMA
#
# BASE_URI: a PostgreSQL database; SRC_SCHEMA: a schema of it holding a vox
# store of one month of items (e.g. `vox migrate` of /work/benchdata/d1m/r.db,
# 2026-09-30 to 2026-10-30). The items are copied into two fresh stores (schemas
# p2, p3) moved 15 days earlier, so that about 40 % fall in September; their
# tags, revisions and stories are left out (deleting them is the same
# row-by-row work both ways). Then, at a cutoff just after 2026-10-01:
# p2 `vox purge` (September dropped whole, the first minutes of October deleted
# row by row, VACUUM), p3 the same rows deleted with one DELETE and a VACUUM.
set -u
V=$(realpath "$1")
BASE=$2
SRC=$3
sep='?'; [[ $BASE == *\?* ]] && sep='&'
KD=$(mktemp -d)
trap 'rm -rf "$KD"' EXIT
cd "$KD" || exit 1
for s in p2 p3; do
  psql -q "$BASE" -c "DROP SCHEMA IF EXISTS $s CASCADE; CREATE SCHEMA $s" 2>/dev/null
  U="$BASE${sep}options=-csearch_path%3D$s"
  "$V" --db "$U" init >/dev/null
  psql -q "$U" >/dev/null <<SQL
INSERT INTO sources SELECT * FROM $SRC.sources;
SELECT vox_item_partition(1788220800), vox_item_partition(1790812800);
INSERT INTO items(id, source_id, ext_id, kind, title, text, url, author_key, published_at, ingested_at, parent_id,
  reactions, shares, comments, views, place, story_id, content_hash, terms, term_count)
  SELECT id, source_id, ext_id, kind, title, text, url, author_key, published_at - 15 * 86400, ingested_at, parent_id,
  reactions, shares, comments, views, place, 0, content_hash, terms, term_count FROM $SRC.items;
UPDATE index_totals SET rows = (SELECT count(*) FROM items), positions = (SELECT sum(term_count) FROM items);
VACUUM ANALYZE;
SQL
  echo "$s: $(psql -At "$U" -c 'SELECT count(*) FROM items') items, $(psql -At "$U" -c 'SELECT count(*) FROM items WHERE published_at < 1790812800') before 2026-10-01"
done
H=$(( ($(date +%s) - 1790812800) / 3600 ))
CUT=$(( $(date +%s) - H * 3600 ))
echo "cutoff $CUT ($(date -u -d @$CUT +%FT%TZ)); load $(cut -d' ' -f1-3 /proc/loadavg)"
U="$BASE${sep}options=-csearch_path%3Dp2"
/usr/bin/time -f "p2 vox purge --older-than ${H}h (whole month dropped, VACUUM): %e s" "$V" --db "$U" purge --older-than ${H}h --json
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
U="$BASE${sep}options=-csearch_path%3Dp3"
t0=$(date +%s.%N)
psql -q "$U" -c "BEGIN; DELETE FROM items WHERE published_at < $CUT; COMMIT;"
t1=$(date +%s.%N)
psql -q "$U" -c "VACUUM items"
t2=$(date +%s.%N)
python3 -c "print(f'p3 row by row: DELETE {$t1 - $t0:.1f} s, then VACUUM {$t2 - $t1:.1f} s')"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
