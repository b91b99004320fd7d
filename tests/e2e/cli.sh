#!/usr/bin/env bash
# End-to-end tests of the vox command line: exit codes, idempotent ingest,
# rejection messages, crash safety (kill -9 mid-ingest), search, export,
# purge and the HTTP API on loopback (including hostile requests).
set -u
VOX=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
TMP=$(mktemp -d)
trap 'kill $SERVER_PID 2>/dev/null; rm -rf "$TMP"' EXIT
SERVER_PID=
DB=$TMP/vox.db
v() { "$VOX" --db "$DB" "$@"; }

# --- usage and help
expect_exit 0 "help" -- "$VOX" --help
expect_exit 2 "no subcommand is a usage error" -- "$VOX"
expect_exit 2 "unknown flag is a usage error" -- "$VOX" ingest --bogus x
expect_exit 1 "a missing store says to run init" -- v stats
check "message names vox init" grep -q "vox init" "$TMP/err"

# --- init
expect_exit 0 "init" -- v init
check "key file created with mode 600" test "$(stat -c %a "$DB.key")" = 600
expect_exit 0 "init again is idempotent" -- v init

# --- ingest with bad records: exit 3, precise messages, the rest kept
cat >"$TMP/mixed.jsonl" <<'JSONL'
{"id":"1","source":"fb","text":"Mất điện ở phường An Hòa từ 7h","published_at":"2026-10-01T08:00:00+07:00","author":"Trần Thị Bưởi"}
{"id":"2","source":"fb","text":"ko co dien tu sang, goi 0912345678 ko ai nghe","published_at":"2026-10-01T09:00:00+07:00","author":"user-42"}
{"id":"3","source":"fb","text":"thiếu ngày","author":"x"}
{broken json
{"id":"4","source":"fb","text":"ngập nước đường Lê Lợi","published_at":"2026-10-01T10:00:00+07:00"}
JSONL
printf '{"id":"5","source":"fb","text":"bad \xff\xfe utf8","published_at":"2026-10-01T10:00:00+07:00"}\n' >>"$TMP/mixed.jsonl"
expect_exit 3 "partial ingest exits 3" -- v ingest "$TMP/mixed.jsonl"
check "summary counts" grep -q "3 added, 0 updated, 0 unchanged, 3 rejected" "$TMP/out"
check "missing field reported with file:line" grep -q "mixed.jsonl:3: field 'published_at'" "$TMP/err"
check "malformed JSON reported with its line" grep -q "mixed.jsonl:4" "$TMP/err"
check "invalid UTF-8 reported with its line" grep -q "mixed.jsonl:6" "$TMP/err"
expect_exit 3 "same input again" -- v ingest "$TMP/mixed.jsonl"
check "second ingest adds nothing" grep -q "0 added, 0 updated, 3 unchanged" "$TMP/out"
expect_exit 1 "unreadable file exits 1" -- v ingest "$TMP/nope.jsonl"
check "unreadable file message" grep -q "nope.jsonl" "$TMP/err"
expect_exit 2 "unknown format is a usage error" -- v ingest --format yaml "$TMP/mixed.jsonl"

# --- privacy: raw authors and phone numbers are nowhere in the files
check "raw author not stored" bash -c "! grep -qa 'Trần Thị Bưởi' '$DB' '$DB-wal' 2>/dev/null"
check "raw author id not stored" bash -c "! grep -qa 'user-42' '$DB' '$DB-wal' 2>/dev/null"
check "phone number not stored" bash -c "! grep -qa '0912345678' '$DB' '$DB-wal' 2>/dev/null"
v export items >"$TMP/export.jsonl"
check "export masks the phone" grep -q '\[SĐT\]' "$TMP/export.jsonl"
check "export has story_id" grep -q '"story_id"' "$TMP/export.jsonl"
check "export has no raw author" bash -c "! grep -q 'user-42' '$TMP/export.jsonl'"
check "export has no author pseudonym either" bash -c "! grep -q 'author' '$TMP/export.jsonl'"

# --- search
expect_exit 0 "search json" -- v search --json "mat dien"
check "search finds the accented item" grep -q '"id":"1"' "$TMP/out"
check "snippet highlights" grep -q '<mark>Mất</mark>' "$TMP/out"
expect_exit 0 "teencode query" -- v search --json "không có điện"
check "ko matches không" grep -q '"id":"2"' "$TMP/out"
expect_exit 2 "only exclusions is a usage error" -- v search -- "-mua"
expect_exit 0 "search with a window" -- v search --json --window 1 "mat dien"
check "window 1 ranks one match" python3 -c "import json,sys; sys.exit(0 if len(json.load(open('$TMP/out')))==1 else 1)"
expect_exit 2 "negative window is a usage error" -- v search --window -5 "mat dien"

# --- normalize
check "old and new tone placement normalize alike" test "$(echo 'Hoà Bình khoẻ' | "$VOX" normalize)" = "$(echo 'Hòa Bình khỏe' | "$VOX" normalize)"

# --- words: learned from the store, used by normalize --mode words
WDB=$TMP/words.db
"$VOX" --db "$WDB" demo --items 3000 --no-serve >/dev/null 2>&1
check "words learn writes a model" "$VOX" --db "$WDB" words learn --out "$TMP/words.tsv"
check "model lists pairs" grep -q "^2	" "$TMP/words.tsv"
check "normalize --mode words joins learned words" test "$(echo 'Bệnh viện báo mất điện' | "$VOX" normalize --mode words --words "$TMP/words.tsv")" = "bệnh_viện báo mất_điện"
expect_exit 2 "--mode words without a model is a usage error" -- bash -c "echo x | '$VOX' normalize --mode words"
printf '1\tx\tmany\n' >"$TMP/bad-words.tsv"
expect_exit 2 "a bad model file names the line" -- bash -c "echo x | '$VOX' normalize --mode words --words '$TMP/bad-words.tsv'"
check "message names file and line" grep -q "bad-words.tsv:1:" "$TMP/err"

# --- crash safety: kill -9 mid-ingest, re-run completes without duplicates
"$VOX" demo --generate "$TMP/big.jsonl" --items 150000 >/dev/null
LINES=$(wc -l <"$TMP/big.jsonl")
UNIQUE=$(python3 -c "
import json,sys
print(len({(json.loads(l).get('source'), json.loads(l)['id']) for l in open(sys.argv[1])}))" "$TMP/big.jsonl")
CDB=$TMP/crash.db
"$VOX" --db "$CDB" init >/dev/null
"$VOX" --db "$CDB" ingest "$TMP/big.jsonl" >/dev/null 2>&1 &
PID=$!
for _ in $(seq 1 200); do
  n=$(sqlite3 "$CDB" "SELECT count(*) FROM items" 2>/dev/null || echo 0)
  [[ ${n:-0} -gt 20000 ]] && break
  sleep 0.05
done
kill -9 $PID 2>/dev/null; wait $PID 2>/dev/null
PARTIAL=$(sqlite3 "$CDB" "SELECT count(*) FROM items")
check "killed mid-ingest with part committed ($PARTIAL of $UNIQUE)" test "$PARTIAL" -gt 0 -a "$PARTIAL" -lt "$UNIQUE"
check "store intact after kill -9" test "$(sqlite3 "$CDB" 'PRAGMA integrity_check')" = ok
"$VOX" --db "$CDB" ingest --json "$TMP/big.jsonl" >"$TMP/rerun.json" 2>/dev/null
FINAL=$(sqlite3 "$CDB" "SELECT count(*) FROM items")
check "re-run completes: $FINAL items == $UNIQUE unique" test "$FINAL" = "$UNIQUE"
check "re-run reports the rest as added" python3 -c "
import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r['added']+r['unchanged']+r['updated']==$UNIQUE and r['added']==$UNIQUE-$PARTIAL else 1)" "$TMP/rerun.json"
check "no duplicate (source,id)" test "$(sqlite3 "$CDB" 'SELECT count(*) FROM (SELECT source_id, ext_id FROM items GROUP BY 1,2 HAVING count(*)>1)')" = 0

# --- purge
expect_exit 0 "purge everything older than 1 day" -- v purge --older-than 1d --json
check "purge reports 3 items" grep -q '"items":3' "$TMP/out"
expect_exit 0 "stats after purge" -- v stats --json
check "store is empty" grep -q '"items":0' "$TMP/out"
expect_exit 2 "bad duration" -- v purge --older-than soon

# --- HTTP API on loopback
"$VOX" --db "$CDB" serve --listen 127.0.0.1:0 >"$TMP/serve.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q "serving" "$TMP/serve.out" && break; sleep 0.05; done
URL=$(grep -o 'http://[^/]*' "$TMP/serve.out" | head -1)
check "server announced its address ($URL)" test -n "$URL"
code() { curl -s -o "$TMP/body" -w '%{http_code}' "$@"; }
check "GET /api/stats 200" test "$(code "$URL/api/stats")" = 200
check "stats counts items" python3 -c "import json,sys; sys.exit(0 if json.load(open('$TMP/body'))['items']==$UNIQUE else 1)"
check "GET /api/search 200" test "$(code "$URL/api/search?q=mua&limit=5")" = 200
check "search returns id/source/score/snippet" python3 -c "
import json,sys; h=json.load(open('$TMP/body')); sys.exit(0 if h and set(h[0])=={'id','source','score','snippet'} else 1)"
check "missing q is 400" test "$(code "$URL/api/search")" = 400
check "bad limit is 400" test "$(code "$URL/api/search?q=x&limit=abc")" = 400
check "huge limit is 400" test "$(code "$URL/api/search?q=x&limit=99999999999999999999")" = 400
check "negative window is 400" test "$(code "$URL/api/search?q=mua&window=-1")" = 400
check "window=0 ranks every match" test "$(code "$URL/api/search?q=mua&window=0&limit=3")" = 200
# One JSON form (src/query/): the API answers what the command's --json prints
# for the same thing (the CLI's stats add the store's path, "db").
same_json() {  # same_json NAME API-PATH VOX-ARGS...
  local name=$1 path=$2; shift 2
  curl -s "$URL$path" >"$TMP/api.json"
  "$VOX" --db "$CDB" "$@" >"$TMP/cli.json" 2>/dev/null
  check "$name" python3 -c "
import json,sys; a=json.load(open('$TMP/api.json')); c=json.load(open('$TMP/cli.json'))
if isinstance(c, dict): c.pop('db', None)
sys.exit(0 if a==c else 1)"
}
same_json "/api/stats is vox stats --json" /api/stats stats --json
same_json "/api/stories is vox stories --json" "/api/stories?sort=size&limit=5&with_items=1" stories --json --sort size --limit 5 --with-items
same_json "/api/trends is vox trends --json" /api/trends trends --json
same_json "/api/concerns is vox concerns --json" /api/concerns concerns --json
same_json "/api/matches is vox match --json" /api/matches match --json
check "an API item is the CLI's item" python3 -c "
import json,subprocess,sys
a=json.loads(subprocess.check_output(['curl','-s','$URL/api/items?limit=1']))[0]
c=json.loads(subprocess.check_output(['$VOX','--db','$CDB','items','--json','--since',a['published_at']]))
sys.exit(0 if a in c and 'author' not in a else 1)"
check "bad stories sort is 400" test "$(code "$URL/api/stories?sort=votes")" = 400
check "bad matches state is 400" test "$(code "$URL/api/matches?state=maybe")" = 400
check "bad concerns since is 400" test "$(code "$URL/api/concerns?since=yesterday")" = 400
# Keyset paging and tag filters on /api/items and vox items.
check "pages of /api/items by X-Next-Cursor hold every item once" python3 -c "
import json,sys,urllib.request
seen=[]; cursor=''
for _ in range(10000):
    r=urllib.request.urlopen('$URL/api/items?limit=997'+('&cursor='+cursor if cursor else ''))
    page=json.load(r); seen+=[(i['source'],i['id']) for i in page]
    cursor=r.headers.get('X-Next-Cursor') or ''
    if not cursor: break
sys.exit(0 if len(seen)==$UNIQUE and len(set(seen))==$UNIQUE else 1)"
check "a cursor the API did not give is 400" test "$(code "$URL/api/items?cursor=yesterday")" = 400
LBL_ID=$(python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$URL/api/items?limit=1'))[0]['id'])")
LBL_SRC=$(python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$URL/api/items?limit=1'))[0]['source'])")
expect_exit 0 "vox label an item" -- "$VOX" --db "$CDB" label --source "$LBL_SRC" --item "$LBL_ID" ngap_moi_truong
check "/api/items?label= keeps items with the label, the one just labelled first" python3 -c "
import json,sys,urllib.request
d=json.load(urllib.request.urlopen('$URL/api/items?label=ngap_moi_truong&limit=1000'))
sys.exit(0 if d and d[0]['id']=='$LBL_ID' and all('ngap_moi_truong' in i['labels'] for i in d) else 1)"
check "/api/items?category= keeps items with the concern" python3 -c "
import json,sys,urllib.request
d=json.load(urllib.request.urlopen('$URL/api/items?category=dien_nuoc&limit=1000'))
sys.exit(0 if d and all(any(c.startswith('dien_nuoc:') for c in i['categories']) for i in d) else 1)"
expect_exit 0 "vox items --label" -- "$VOX" --db "$CDB" items --json --label ngap_moi_truong
check "vox items --label keeps items with the label" jq_ok "'$LBL_ID' in [i['id'] for i in d] and all('ngap_moi_truong' in i['labels'] for i in d)"
expect_exit 0 "vox items --limit says how to go on" -- "$VOX" --db "$CDB" items --json --limit 2
check "the next page's cursor is on stderr" grep -q "^more: --after [0-9]*\.[0-9]*$" "$TMP/err"
NEXT=$(sed -n 's/^more: --after //p' "$TMP/err")
expect_exit 0 "vox items --after CURSOR" -- "$VOX" --db "$CDB" items --json --limit 2 --after "$NEXT"
check "the next page starts after the first" jq_ok "len(d)==2"
expect_exit 2 "a bad --after is a usage error" -- "$VOX" --db "$CDB" items --after nope
check "unknown path is 404" test "$(code "$URL/../../etc/passwd")" = 404
check "oversized body refused" test "$(head -c 2000000 /dev/zero | code -X POST --data-binary @- "$URL/api/search")" != 200
check "invalid UTF-8 query gets a JSON answer" bash -c "c=\$(curl -s -o $TMP/body -w %{http_code} \"$URL/api/search?q=%ff%fe%80\"); [[ \$c == 200 || \$c == 400 ]] && grep -q . $TMP/body"
check "server still alive" test "$(code "$URL/healthz")" = 200
kill $SERVER_PID; wait $SERVER_PID 2>/dev/null; SERVER_PID=

# --- hostile input: what a hostile-input review found, one block per finding
HDB=$TMP/hostile.db
h() { "$VOX" --db "$HDB" "$@"; }
h init >/dev/null
cat >"$TMP/dup.jsonl" <<'JSONL'
{"id":"7","source":"fb","text":"Mất điện phường An Hòa","published_at":"2026-10-01T08:00:00+07:00"}
{"id":"7","source":"fb","text":"Có điện lại rồi","published_at":"2026-10-01T09:00:00+07:00"}
{"id":"8","source":"fb","text":"Ngập đường Lê Lợi","published_at":"2026-10-01T09:00:00+07:00"}
JSONL
expect_exit 0 "repeated id in one input is a skip, not a rejection" -- h ingest "$TMP/dup.jsonl"
check "summary counts the skip by kind" grep -q "2 added, 0 updated, 0 unchanged, 0 rejected, 1 skipped (1 duplicate id)" "$TMP/out"
check "skip names its line and the first's" grep -q "dup.jsonl:2: skipped: .*already read at dup.jsonl:1" "$TMP/err"
expect_exit 0 "same input with a repeated id again" -- h ingest --json "$TMP/dup.jsonl"
check "re-run: everything unchanged, skip in JSON" jq_ok "d['unchanged']==2 and d['updated']==0 and d['added']==0 and d['skipped']==1 and d['skipped_by']=={'duplicate id':1}"
expect_exit 0 "stats after re-runs" -- h stats --json
check "no revision from a repeated id" jq_ok "d['revisions']==0 and d['items']==2"
cat >"$TMP/dup.rss" <<'RSS'
<rss version="2.0"><channel><title>Báo</title>
<item><guid>g1</guid><title>Mưa lớn</title><pubDate>Tue, 24 Nov 2026 08:30:00 +0700</pubDate></item>
<item><guid>g1</guid><title>Mưa lớn (cập nhật)</title><pubDate>Tue, 24 Nov 2026 09:30:00 +0700</pubDate></item>
</channel></rss>
RSS
h ingest "$TMP/dup.rss" >/dev/null 2>&1
expect_exit 0 "feed repeating a guid, again" -- h ingest "$TMP/dup.rss"
check "repeated guid: unchanged on re-run" grep -q "0 added, 0 updated, 1 unchanged, 0 rejected, 1 skipped (1 duplicate id)" "$TMP/out"
check "repeated guid names the item" grep -q "dup.rss: item 2: skipped: .*dup.rss: item 1" "$TMP/err"

mkdir -p "$TMP/somedir"
expect_exit 1 "a directory is a clear failure" -- h ingest "$TMP/somedir/"
check "directory message" grep -q "somedir/ is a directory" "$TMP/err"
check "no internal error for a directory" bash -c "! grep -q 'internal error' '$TMP/err'"
expect_exit 1 "a directory among inputs: the others are still read" -- h ingest "$TMP/somedir" "$TMP/dup.jsonl"
check "the other input's summary is printed" grep -q "dup.jsonl: 0 added, 0 updated, 2 unchanged" "$TMP/out"

python3 - "$TMP" <<'PY'
import sys
d = sys.argv[1]
jsonl = ('{"id":"u1","source":"enc","text":"Mất điện 😡","published_at":"2026-10-01T08:00:00Z"}\r\n'
         '{"id":"u2","source":"enc","text":"Hòa Minh","published_at":"2026-10-01T09:00:00Z"}\r\n')
open(d + "/u16le.jsonl", "wb").write(jsonl.encode("utf-16"))  # BOM, little endian
open(d + "/u16be.jsonl", "wb").write(b"\xfe\xff" + jsonl.replace("u1", "b1").replace("u2", "b2").encode("utf-16-be"))
open(d + "/u32.jsonl", "wb").write(jsonl.replace("u1", "w1").replace("u2", "w2").encode("utf-32"))
open(d + "/u16.csv", "wb").write("id;source;text;published_at\r\nc1;enc;Ngập đường;2026-10-01\r\n".encode("utf-16"))
PY
expect_exit 0 "UTF-16LE JSON Lines with a BOM" -- h ingest "$TMP/u16le.jsonl"
check "UTF-16LE: both lines added" grep -q "2 added, 0 updated, 0 unchanged, 0 rejected" "$TMP/out"
expect_exit 0 "UTF-16BE JSON Lines with a BOM" -- h ingest "$TMP/u16be.jsonl"
check "UTF-16BE: both lines added" grep -q "2 added, 0 updated, 0 unchanged, 0 rejected" "$TMP/out"
expect_exit 0 "UTF-32 JSON Lines" -- h ingest "$TMP/u32.jsonl"
check "UTF-32: both lines added" grep -q "2 added, 0 updated, 0 unchanged, 0 rejected" "$TMP/out"
expect_exit 0 "UTF-16 CSV (Excel 'Unicode text')" -- h ingest "$TMP/u16.csv"
check "UTF-16 CSV: header understood, record added" grep -q "1 added, 0 updated, 0 unchanged, 0 rejected" "$TMP/out"
expect_exit 0 "converted text is stored as UTF-8" -- h items --json --source enc
check "UTF-16 text intact" jq_ok "sorted(i['text'] for i in d) == sorted(['Mất điện 😡', 'Hòa Minh']*3 + ['Ngập đường'])"

cat >"$TMP/zalo.jsonl" <<'JSONL'
{"event_name":"user_send_text","sender":{"id":"1"},"message":{"text":"Cho hỏi thủ tục","msg_id":"zs"},"timestamp":1790818200}
{"event_name":"user_send_text","sender":{"id":"1"},"message":{"text":"mili giây","msg_id":"zm"},"timestamp":"1790818200000"}
{"event_name":"user_send_text","sender":{"id":"1"},"message":{"text":"quá cũ","msg_id":"zo"},"timestamp":"1000"}
{"event_name":"user_send_text","sender":{"id":"1"},"message":{"text":"tương lai","msg_id":"zf"},"timestamp":"4102444800000"}
{"event_name":"follow","follower":{"id":"2"},"timestamp":"1790818200000"}
{"event_name":"follow","follower":{"id":"3"},"timestamp":"1790818200000"}
{"event_name":"user_submit_info","sender":{"id":"3"},"info":{"phone":"0912345678"},"timestamp":"1790818200000"}
JSONL
expect_exit 3 "Zalo: seconds and milliseconds kept, out-of-range times rejected" -- h ingest --json "$TMP/zalo.jsonl"
check "Zalo summary counts skips by event" jq_ok "d['added']==2 and d['rejected']==2 and d['skipped']==3 and d['skipped_by']=={'follow event':2,'user_submit_info event':1}"
check "before 2000 names the field" grep -q "zalo.jsonl:3: field 'timestamp': .*before 2000" "$TMP/err"
check "the future names the field" grep -q "zalo.jsonl:4: field 'timestamp': .*in the future" "$TMP/err"
expect_exit 0 "Zalo items" -- h items --json --source zalo
check "a timestamp in seconds is 2026, not 1970" jq_ok "sorted(i['published_at'] for i in d) == ['2026-10-01T01:30:00Z']*2"
expect_exit 3 "human summary of skips" -- h ingest "$TMP/zalo.jsonl"
check "skips listed by kind, most first" grep -q "2 rejected, 3 skipped (2 follow events, 1 user_submit_info event)" "$TMP/out"

printf '%s\n' \
  '{"id":"a\nb","source":"ctl","text":"xuống dòng","published_at":"2026-10-01T08:00:00Z"}' \
  '{"id":1e23,"source":"ctl","text":"số mũ","published_at":"2026-10-01T08:00:00Z"}' \
  '{"id":1.5,"source":"ctl","text":"phân số","published_at":"2026-10-01T08:00:00Z"}' \
  '{"id":"p","source":"ctl\u001b[2J","text":"escape","published_at":"2026-10-01T08:00:00Z"}' \
  '{"id":"c","source":"ctl","parent_id":"p\r","text":"cr","published_at":"2026-10-01T08:00:00Z"}' \
  '{"id":12345,"source":"ctl","text":"số nguyên","published_at":"2026-10-01T08:00:00Z"}' >"$TMP/ctl.jsonl"
expect_exit 3 "control characters and non-integer numbers in ids are rejected" -- h ingest "$TMP/ctl.jsonl"
check "one kept, five rejected" grep -q "1 added, 0 updated, 0 unchanged, 5 rejected" "$TMP/out"
check "line break in id names the field" grep -q "ctl.jsonl:1: field 'id': contains the control character U+000A" "$TMP/err"
check "1e23 id names the field" grep -q "ctl.jsonl:2: field 'id': must be a string or an integer" "$TMP/err"
check "1.5 id names the field" grep -q "ctl.jsonl:3: field 'id': must be a string or an integer" "$TMP/err"
check "escape in source names the field" grep -q "ctl.jsonl:4: field 'source': contains the control character U+001B" "$TMP/err"
check "CR in parent_id names the field" grep -q "ctl.jsonl:5: field 'parent_id': contains the control character U+000D" "$TMP/err"
expect_exit 0 "items table of the source" -- h items --source ctl
check "integer id kept as its digits, one row" test "$(grep -c . "$TMP/out")" = 1 -a "$(grep -c '12345' "$TMP/out")" = 1


finish
