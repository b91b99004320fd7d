#!/usr/bin/env bash
# End-to-end tests of the vox command line, part two: the input shapes
# (spreadsheets, whole-file JSON, Facebook exports) and inputs read as streams
# (CSV, .xlsx, large feeds, stdin, URLs), with kill -9 mid-ingest and re-runs.
# Part one (cli.sh) covers exit codes, privacy, search, purge and the API.
set -u
VOX=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
TMP=$(mktemp -d)
trap 'kill $SERVER_PID 2>/dev/null; rm -rf "$TMP"' EXIT
SERVER_PID=
"$VOX" demo --generate "$TMP/big.jsonl" --items 150000 >/dev/null

# --- spreadsheets: .xlsx (written here with python3's zipfile) and .xls (the
# reader tests' fixture, written by python3-xlwt)
SDB=$TMP/sheets.db
sv() { "$VOX" --db "$SDB" "$@"; }
sv init >/dev/null 2>&1
python3 - "$TMP/phan-anh.xlsx" <<'PY'
import sys, zipfile
ns = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
def cell(ref, v):
    if isinstance(v, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'
    return f'<c r="{ref}"><v>{v}</v></c>'
rows = [["BÁO CÁO PHẢN ÁNH"], [], ["STT", "Ngày", "Nội dung", "Địa chỉ"],
        [1, "15/10/2026 08:30", "Đường Lê Lợi ngập sâu", "Phường 1"],
        [2, 46311.416666666664, "Mất điện khu phố 3", "Phường 2"],
        [3, "31/02/2026", "Ngày không có thật", "Phường 3"]]
data = "".join(f'<row r="{i+1}">' + "".join(cell(f"{'ABCD'[j]}{i+1}", v) for j, v in enumerate(r)) + "</row>"
               for i, r in enumerate(rows) if r)
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", f'<workbook {ns}><sheets><sheet name="Tháng 10" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr("xl/worksheets/sheet1.xml", f'<worksheet {ns}><sheetData>{data}</sheetData></worksheet>')
PY
expect_exit 3 "xlsx: a Vietnamese complaint log, one bad date" -- sv ingest --json "$TMP/phan-anh.xlsx"
check "xlsx: two rows added, one rejected" jq_ok "d['added']==2 and d['rejected']==1"
check "xlsx: the bad row named by sheet and row" grep -q "phan-anh.xlsx: sheet 'Tháng 10' row 6: field 'published_at': '31/02/2026' is not a date" "$TMP/err"
expect_exit 0 "xlsx items" -- sv items --json --source default
check "xlsx: text date and serial date both read in the office's zone" \
  jq_ok "sorted(i['published_at'] for i in d) == ['2026-10-15T01:30:00Z', '2026-10-16T03:00:00Z']"
cp "$TMP/phan-anh.xlsx" "$TMP/renamed.bin"
expect_exit 3 "xlsx: found by its signature whatever the name" -- sv ingest "$TMP/renamed.bin"
check "xlsx: re-import is unchanged" grep -q "0 added, 0 updated, 2 unchanged, 1 rejected" "$TMP/out"
expect_exit 1 "xlsx: an unknown --sheet fails before reading" -- sv ingest --sheet "Tháng 11" "$TMP/phan-anh.xlsx"
check "xlsx: the message lists the sheets" grep -q "no such sheet; the workbook has 1 'Tháng 10'" "$TMP/err"
printf '<!DOCTYPE html><html><body><table><tr><td>STT</td></tr></table></body></html>' >"$TMP/bao-cao.xls"
expect_exit 1 "xls: an HTML table saved as .xls is one clear error" -- sv ingest "$TMP/bao-cao.xls"
check "xls: says it looks like an HTML page" grep -q "bao-cao.xls: not an .xls workbook: it looks like an HTML page" "$TMP/err"
check "xls: one line of error, not one per row" test "$(grep -c . "$TMP/err")" = 1
XLS="$HERE/../../src/ingest/testdata/complaints_vn.xls"
expect_exit 3 "xls: complaint log written by xlwt" -- sv ingest --source tiep-dan --json "$XLS"
check "xls: four added, bad date and totals row rejected" jq_ok "d['added']==4 and d['rejected']==2"
check "xls: the totals row is named" grep -q "complaints_vn.xls: sheet 'Phản ánh' row 10: field 'text'" "$TMP/err"
expect_exit 0 "xls: the second sheet by name" -- sv ingest --sheet "Ghi chú" --source ghi-chu "$XLS"
check "xls: one item from the second sheet" grep -q "1 added" "$TMP/out"


# --- whole-file shapes: a JSON array, pretty-printed and concatenated objects
# are read record by record; an HTML page or binary junk is one clear error
WDB=$TMP/shapes.db
wv() { "$VOX" --db "$WDB" "$@"; }
wv init >/dev/null 2>&1
cat >"$TMP/array.json" <<'JSON'
[
  {"id": "a1", "source": "shape", "text": "Mất điện ở phường An Hòa", "published_at": "2026-10-01T08:00:00+07:00"},
  {
    "id": "a2",
    "source": "shape",
    "text": "Ngập nước đường Lê Lợi",
    "published_at": "2026-10-01T09:00:00+07:00"
  },
  {"id": "a3", "source": "shape", "text": "thiếu ngày"}
]
JSON
expect_exit 3 "JSON array: records kept, the bad one rejected by its line" -- wv ingest "$TMP/array.json"
check "JSON array: summary" grep -q "2 added, 0 updated, 0 unchanged, 1 rejected" "$TMP/out"
check "JSON array: the bad record's line" grep -q "array.json:9: field 'published_at'" "$TMP/err"
{ printf '{\n  "id": "c1", "source": "shape",\n  "text": "Rác tồn đọng",\n  "published_at": "2026-10-02T08:00:00+07:00"\n}\n'
  printf '{"id":"c2","source":"shape","text":"Nước máy có mùi","published_at":"2026-10-02T09:00:00+07:00"}{"id":"c3","source":"shape","text":"Đèn đường hỏng","published_at":"2026-10-02T10:00:00+07:00"}\n'; } >"$TMP/concat.json"
expect_exit 0 "concatenated and pretty-printed objects" -- wv ingest --format jsonl "$TMP/concat.json"
check "concatenated: three added" grep -q "3 added, 0 updated, 0 unchanged, 0 rejected" "$TMP/out"
printf '<!DOCTYPE html>\n<html><head><title>Trang tin</title></head>\n<body>\n%s</body></html>\n' \
  "$(for i in $(seq 1 60); do echo "<p>đoạn $i</p>"; done)" >"$TMP/page.json"
expect_exit 1 "an HTML page given as JSON is one error" -- wv ingest "$TMP/page.json"
check "the error says it looks like an HTML page" grep -q "page.json: not JSON Lines or JSON .*it looks like an HTML page" "$TMP/err"
check "one line on stderr, not one per line of the page" test "$(grep -c . "$TMP/err")" = 1
printf '\x13\x88\x01\x02garbage\xff\xfe\x05\x06\nmore\x07\n%.0s' $(seq 1 50) >"$TMP/junk.jsonl"
expect_exit 1 "binary junk given as JSON Lines is one error" -- wv ingest "$TMP/junk.jsonl"
check "the error says binary data" grep -q "junk.jsonl: not JSON Lines or JSON .*binary data" "$TMP/err"
expect_exit 1 "factcheck import of an HTML page is one error" -- wv factcheck import "$TMP/page.json"
check "factcheck: says what it looks like" grep -q "page.json: not JSON Lines, JSON or ClaimReview JSON-LD: it looks like an HTML page" "$TMP/err"
check "factcheck: one line on stderr" test "$(grep -c . "$TMP/err")" = 1
{ printf '{\n  "id": "fc-1",\n  "claim": "Nước máy nhiễm độc",\n  "verdict": "Sai"\n}\n'
  printf '{\n  "id": "fc-2",\n  "verdict": "Sai"\n}\n'
  printf '{"id":"fc-3","claim":"Mất điện ba ngày","verdict":"Sai"}\n'; } >"$TMP/fc-concat.json"
expect_exit 3 "factcheck: concatenated pretty objects" -- wv factcheck import "$TMP/fc-concat.json"
check "factcheck: two added, one rejected" grep -q "2 added, 0 updated, 0 unchanged, 1 rejected" "$TMP/out"
check "factcheck: the bad one named by its first line" grep -q "fc-concat.json:6: field 'claim'" "$TMP/err"


# --- Facebook: webhook payloads saved to a file, the /comments edge, Messenger
FDB=$TMP/fb.db
fv() { "$VOX" --db "$FDB" "$@"; }
fv init >/dev/null 2>&1
FBDATA="$HERE/../../src/ingest/testdata"
expect_exit 3 "webhook payloads: items kept, other events skipped, a non-page payload rejected" -- fv ingest --json "$FBDATA/facebook_webhooks.json"
check "webhooks: counts by kind" jq_ok "d['added']==4 and d['rejected']==1 and d['skipped_by']=={'reaction':1,'removed or hidden comment':1,'other Page change':1,'message without text':1,\"Page's own message\":1,'read receipt':1,'delivery receipt':1}"
check "webhooks: the rejected payload named with its line and field" grep -q "facebook_webhooks.json:25: field 'object'" "$TMP/err"
expect_exit 0 "webhooks: items" -- fv items --json --source facebook
check "webhooks: comments, a post and a message by kind" jq_ok "sorted(i['kind'] for i in d) == ['comment','comment','message','post']"
expect_exit 3 "Messenger export: the message received by webhook is the same item" -- fv ingest --json "$FBDATA/facebook_conversations.json"
check "Messenger export: nothing added, the message unchanged" jq_ok "d['added']==0 and d['unchanged']==1"
expect_exit 0 "comments edge" -- fv ingest --json "$FBDATA/facebook_comments_edge.json"
check "comments edge: two comments added, the sticker skipped" jq_ok "d['added']==2 and d['skipped_by']=={'comment without text':1}"
expect_exit 0 "comments are stored as comments of their post" -- fv items --json --kind comment
check "comments edge: parent is the post the paging URL names" jq_ok "any(i['id']=='2001_3001' and i['parent_id']=='1001_2001' for i in d)"


# --- CSV and URLs read as streams: kill -9 in the middle of a CSV (its
# second pass), re-run completes; stdin through a pipe (second pass from the
# scratch copy) and URLs from a local server give what the file gives
python3 "$HERE/../../bench/make_csv.py" <"$TMP/big.jsonl" >"$TMP/big.csv"
CSV_UNIQUE=$(python3 -c "
import csv,sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))[1:]
print(len({(r[4], r[0]) for r in rows}))" "$TMP/big.csv")
KDB=$TMP/csvcrash.db
"$VOX" --db "$KDB" init >/dev/null
"$VOX" --db "$KDB" ingest "$TMP/big.csv" >/dev/null 2>&1 &
PID=$!
for _ in $(seq 1 400); do
  n=$(sqlite3 "$KDB" "SELECT count(*) FROM items" 2>/dev/null || echo 0)
  [[ ${n:-0} -gt 20000 ]] && break
  sleep 0.05
done
kill -9 $PID 2>/dev/null; wait $PID 2>/dev/null
PARTIAL=$(sqlite3 "$KDB" "SELECT count(*) FROM items")
check "CSV killed mid-ingest with part committed ($PARTIAL of $CSV_UNIQUE)" test "$PARTIAL" -gt 0 -a "$PARTIAL" -lt "$CSV_UNIQUE"
check "store intact after kill -9 in a CSV" test "$(sqlite3 "$KDB" 'PRAGMA integrity_check')" = ok
expect_exit 0 "CSV re-run" -- "$VOX" --db "$KDB" ingest --json "$TMP/big.csv"
check "CSV re-run completes: the rest added" jq_ok "d['added']==$CSV_UNIQUE-$PARTIAL and d['unchanged']==$PARTIAL and d['rejected']==0"
check "CSV: no duplicate (source,id)" test "$(sqlite3 "$KDB" 'SELECT count(*) FROM (SELECT source_id, ext_id FROM items GROUP BY 1,2 HAVING count(*)>1)')" = 0
head -n 20001 "$TMP/big.jsonl" >"$TMP/part.jsonl"
python3 "$HERE/../../bench/make_csv.py" <"$TMP/part.jsonl" >"$TMP/part.csv"
PDB=$TMP/pipe.db
"$VOX" --db "$PDB" init >/dev/null
expect_exit 0 "CSV from a file" -- "$VOX" --db "$PDB" ingest --json "$TMP/part.csv"
cp "$TMP/out" "$TMP/part-file.json"
FILE_ADDED=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['added'])" "$TMP/part-file.json")
check "CSV from a file: rows added ($FILE_ADDED)" test "$FILE_ADDED" -gt 19000
PDB2=$TMP/pipe2.db
"$VOX" --db "$PDB2" init >/dev/null
expect_exit 0 "CSV through a pipe on stdin" -- bash -c "cat '$TMP/part.csv' | '$VOX' --db '$PDB2' ingest --json --format csv -"
check "CSV from a pipe: what the file gave" jq_ok "d['added']==$FILE_ADDED and d['rejected']==0"
mkdir -p "$TMP/www" && cp "$TMP/part.csv" "$TMP/part.jsonl" "$TMP/www/"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$TMP/www" >"$TMP/http.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q "port [0-9]" "$TMP/http.out" && break; sleep 0.05; done
PORT=$(grep -o 'port [0-9]*' "$TMP/http.out" | head -1 | cut -d' ' -f2)
check "local HTTP server announced its port ($PORT)" test -n "$PORT"
UDB=$TMP/url.db
"$VOX" --db "$UDB" init >/dev/null
expect_exit 0 "CSV from a URL" -- "$VOX" --db "$UDB" ingest --json "http://127.0.0.1:$PORT/part.csv"
check "CSV from a URL: what the file gave" jq_ok "d['added']==$FILE_ADDED and d['rejected']==0"
expect_exit 0 "CSV from a URL with --date-format (one pass, stored as it downloads)" -- "$VOX" --db "$UDB" ingest --json --date-format dd/mm/yyyy "http://127.0.0.1:$PORT/part.csv"
check "CSV from a URL again: all unchanged" jq_ok "d['unchanged']==$FILE_ADDED and d['added']==0"
JDB=$TMP/url-jsonl.db
"$VOX" --db "$JDB" init >/dev/null
expect_exit 0 "JSON Lines from a URL" -- "$VOX" --db "$JDB" ingest --json "http://127.0.0.1:$PORT/part.jsonl"
check "JSON Lines from a URL: one item a line" jq_ok "d['added']==$FILE_ADDED and d['rejected']==0"
# .xlsx read a row at a time: kill -9 mid-ingest, re-run completes without
# duplicates; stdin (a scratch copy) and a URL give what the file gives
python3 "$HERE/../../bench/make_xlsx.py" <"$TMP/big.jsonl" >"$TMP/big.xlsx"
XLSX_ROWS=$(grep -c . "$TMP/big.jsonl")
XDB=$TMP/xlsxcrash.db
"$VOX" --db "$XDB" init >/dev/null
"$VOX" --db "$XDB" ingest "$TMP/big.xlsx" >/dev/null 2>&1 &
PID=$!
for _ in $(seq 1 600); do
  n=$(sqlite3 "$XDB" "SELECT count(*) FROM items" 2>/dev/null || echo 0)
  [[ ${n:-0} -gt 20000 ]] && break
  sleep 0.05
done
kill -9 $PID 2>/dev/null; wait $PID 2>/dev/null
PARTIAL=$(sqlite3 "$XDB" "SELECT count(*) FROM items")
check "xlsx killed mid-ingest with part committed ($PARTIAL of $XLSX_ROWS)" test "$PARTIAL" -gt 0 -a "$PARTIAL" -lt "$XLSX_ROWS"
check "store intact after kill -9 in an xlsx" test "$(sqlite3 "$XDB" 'PRAGMA integrity_check')" = ok
expect_exit 0 "xlsx re-run" -- "$VOX" --db "$XDB" ingest --json "$TMP/big.xlsx"
check "xlsx re-run completes: the rest added" jq_ok "d['added']==$XLSX_ROWS-$PARTIAL and d['unchanged']==$PARTIAL and d['rejected']==0"
check "xlsx: no duplicate (source,id)" test "$(sqlite3 "$XDB" 'SELECT count(*) FROM (SELECT source_id, ext_id FROM items GROUP BY 1,2 HAVING count(*)>1)')" = 0
python3 "$HERE/../../bench/make_xlsx.py" <"$TMP/part.jsonl" >"$TMP/www/part.xlsx"
XLSX_PART=$(grep -c . "$TMP/part.jsonl")
XDB2=$TMP/xlsxpipe.db
"$VOX" --db "$XDB2" init >/dev/null
expect_exit 0 "xlsx through a pipe on stdin" -- bash -c "cat '$TMP/www/part.xlsx' | '$VOX' --db '$XDB2' ingest --json --format xlsx -"
check "xlsx from a pipe: every row added" jq_ok "d['added']==$XLSX_PART and d['rejected']==0"
expect_exit 0 "xlsx from a URL" -- "$VOX" --db "$XDB2" ingest --json "http://127.0.0.1:$PORT/part.xlsx"
check "xlsx from a URL: what the pipe gave, unchanged" jq_ok "d['unchanged']==$XLSX_PART and d['added']==0"
# A feed larger than the first MiB is read an item at a time: a file and a
# pipe give the same items, and reading it again changes nothing
python3 "$HERE/../../bench/make_rss.py" 3 <"$TMP/big.jsonl" >"$TMP/big-feed.xml"
FDB2=$TMP/bigfeed.db
"$VOX" --db "$FDB2" init >/dev/null
expect_exit 0 "a 3 MB feed from a file" -- "$VOX" --db "$FDB2" ingest --json "$TMP/big-feed.xml"
FEED_ADDED=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['added'])" "$TMP/out")
check "3 MB feed: every item added ($FEED_ADDED)" test "$FEED_ADDED" = "$(grep -c '<item>' "$TMP/big-feed.xml")"
expect_exit 0 "the same feed through a pipe" -- bash -c "cat '$TMP/big-feed.xml' | '$VOX' --db '$FDB2' ingest --json --format rss -"
check "3 MB feed from a pipe: all unchanged" jq_ok "d['unchanged']==$FEED_ADDED and d['added']==0"
expect_exit 1 "a URL that is not found exits 1" -- "$VOX" --db "$UDB" ingest "http://127.0.0.1:$PORT/nope.csv"
check "not found names the status" grep -q "HTTP status 404" "$TMP/err"
kill $SERVER_PID; wait $SERVER_PID 2>/dev/null; SERVER_PID=

finish
