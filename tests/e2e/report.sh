#!/usr/bin/env bash
# End-to-end tests of `vox report` and GET /api/v1/report on the demo month
# (2026-10): the HTML and the PDF are written; the PDF renders to pages that
# are not blank (pdftoppm) and its text (pdftotext) holds the period and every
# section title with its Vietnamese letters; every figure equals the API's
# answer for the same period; no pseudonym and no raw phone number of the
# input is anywhere in the output.
#   tests/e2e/report.sh PATH/TO/vox
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
e2e_setup "$1"

# Cases are opened through the API at a time inside the demo month.
export VOX_NOW=2026-10-20T10:00:00+07:00
expect_exit 0 "demo store of 3000 items" -- v demo --items 3000 --no-serve
expect_exit 0 "the demo's raw input (for the personal-data check)" -- v demo --items 3000 --generate "$TMP/input.jsonl"
expect_exit 0 "the office's name" -- v settings set office_name "UBND phường Bến Nghé <Q.1>"
expect_exit 0 "a unit" -- v unit add "UBND phường Bến Nghé" --kind ward
expect_exit 0 "an analyst's token" -- v token add reportbot --role analyst
TOKEN=$(tail -n 1 "$TMP/out" | tr -d '[:space:]')

expect_exit 0 "report --month 2026-10 --out HTML" -- v report --month 2026-10 --out "$TMP/r.html"
check "the HTML is written" test -s "$TMP/r.html"
check "the office's name, escaped" grep -q "UBND phường Bến Nghé &lt;Q.1&gt;" "$TMP/r.html"
check "nothing fetched from elsewhere" python3 -c "
import re, sys; t = open('$TMP/r.html', encoding='utf-8').read()
sys.exit(1 if re.search(r'(src|href)=\"(https?:)?//|@import|url\\((?!#)', t) else 0)"
expect_exit 0 "report --lang en" -- v report --month 2026-10 --lang en --out "$TMP/en.html"
check "English on request" grep -q "The period at a glance" "$TMP/en.html"
expect_exit 2 "a bad week is a usage error" -- v report --week 2026-W54 --out "$TMP/x.html"
expect_exit 2 "two periods at once are refused" -- v report --month 2026-10 --week 2026-W40 --out "$TMP/x.html"
expect_exit 2 "--out must be .html or .pdf" -- v report --month 2026-10 --out "$TMP/x.txt"
expect_exit 1 "PDF without chromium on PATH: exit 1 with a clear message" -- env PATH=/nonexistent "$VOX" --db "$DB" report --month 2026-10 --out "$TMP/x.pdf"
check "the message names chromium" grep -q "chromium" "$TMP/err"

# The ward map: the demo saves its town's boundaries; a file given to one
# report replaces them; a file that is not an area map is refused naming the
# feature, and the saved one is left as it was.
check "the demo's map: every ward and commune drawn with its count" python3 - "$TMP/r.html" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
assert "Bản đồ mối quan tâm theo phường, xã" in t
areas = re.findall(r'<path d="M[^"]+" fill="(#[0-9a-f]{6})" fill-rule="evenodd"[^>]*><title>([^<:]+): (\d+)</title>', t)
assert len(areas) == 13, areas
assert any(int(n) > 0 for _, _, n in areas), areas
# the most items get the darkest shade
top = max(areas, key=lambda a: int(a[2]))
assert top[0] == "#3d3d3d", top
PY
cat >"$TMP/two.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"ten_xa":"Phường Vân Hà"},"geometry":{"type":"Polygon","coordinates":[[[106.0,10.0],[106.1,10.0],[106.1,10.1],[106.0,10.0]]]}},
 {"type":"Feature","properties":{"NAME_3":"Tân Khê"},"geometry":{"type":"MultiPolygon","coordinates":[[[[106.1,10.0],[106.2,10.0],[106.2,10.1],[106.1,10.0]]]]}}]}
JSON
expect_exit 0 "report --boundaries FILE" -- v report --month 2026-10 --boundaries "$TMP/two.geojson" --out "$TMP/two.html"
check "the given boundaries are drawn, the wards not on them listed" python3 - "$TMP/two.html" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
names = re.findall(r'<title>([^<:]+): \d+</title></path>', t)
assert names == ["Phường Vân Hà", "Tân Khê"], names
m = re.search(r"Địa bàn không có trên bản đồ: ([^<]+)", t)
assert m and "Bến Cũ" in m.group(1) and "Vân Hà" not in m.group(1), m
PY
cat >"$TMP/line.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"Đê sông Vân"},"geometry":{"type":"LineString","coordinates":[[106.0,10.0],[106.1,10.1]]}}]}
JSON
expect_exit 0 "the demo's saved map" -- v settings get report.boundaries
cp "$TMP/out" "$TMP/demo.geojson"
expect_exit 2 "a line is not a ward map" -- v report --month 2026-10 --boundaries "$TMP/line.geojson" --out "$TMP/x.html"
check "the message names the file and the feature" grep -q "line.geojson: boundaries: feature 1 (Đê sông Vân): geometry 'LineString' is not an area" "$TMP/err"
expect_exit 2 "settings refuse it too" -- v settings set report.boundaries "@$TMP/line.geojson"
expect_exit 0 "the saved map is still there" -- v settings get report.boundaries
check "… unchanged" grep -q '"name":"phường Bến Cũ"' "$TMP/out"
expect_exit 0 "settings save another map" -- v settings set report.boundaries "@$TMP/two.geojson"
expect_exit 0 "report with the saved map" -- v report --month 2026-10 --out "$TMP/saved.html"
check "the saved map is the one drawn" grep -q "<title>Tân Khê: " "$TMP/saved.html"
expect_exit 0 "the demo's map back" -- v settings set report.boundaries "@$TMP/demo.geojson"

HAVE_PDF=0
if command -v chromium >/dev/null && command -v pdftoppm >/dev/null; then
  HAVE_PDF=1
  expect_exit 0 "report --month 2026-10 --out PDF" -- v report --month 2026-10 --out "$TMP/r.pdf"
  mkdir -p "$TMP/png"
  check "pdftoppm renders the PDF" pdftoppm -r 40 -gray "$TMP/r.pdf" "$TMP/png/p"
  check "at least 2 pages, none blank" python3 - "$TMP/png" <<'PY'
import os, sys
d = sys.argv[1]
pages = sorted(f for f in os.listdir(d) if f.endswith(".pgm"))
assert len(pages) >= 2, pages
for f in pages:
    data = open(os.path.join(d, f), "rb").read()
    # P5 header: magic, width, height, maxval, then one byte per pixel.
    parts = data.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    pix = parts[4][-w * h:]
    dark = sum(1 for b in pix if b < 200) / len(pix)
    assert dark > 0.002, (f, dark)
print(len(pages), "pages")
PY
  pdftotext -layout "$TMP/r.pdf" "$TMP/r.txt"
  check "the PDF's text names the period and every section, in Vietnamese letters" python3 - "$TMP/r.txt" <<'PY'
import re, sys, unicodedata
# Lines wrap where the page is narrow: compare with whitespace collapsed.
t = re.sub(r"\s+", " ", unicodedata.normalize("NFC", open(sys.argv[1], encoding="utf-8").read()))
for s in ["2026-10", "01/10/2026", "UBND phường Bến Nghé <Q.1>", "Báo cáo tình hình dư luận và xử lý phản ánh",
          "Tổng quan kỳ báo cáo", "Những câu chuyện nổi bật", "Mối quan tâm theo lĩnh vực và địa bàn",
          "Thông tin được đối chiếu kiểm chứng", "Hồ sơ phản ánh và kết quả xử lý", "Trả lời đã công bố",
          "chưa đo lường"]:
    assert s in t, s
PY
else
  bad "chromium and pdftoppm are needed for the PDF checks (scripts/install-deps.sh)"
fi

# ---- a running server: cases opened through the API, then every figure compared.
LOG=$TMP/serve.log
"$VOX" --db "$DB" serve --listen 127.0.0.1:0 --require-login >"$LOG" 2>&1 &
SRV=$!
trap 'kill $SRV 2>/dev/null; rm -rf "$TMP"' EXIT
PORT=""
for _ in $(seq 200); do
  PORT=$(grep -o 'http://127.0.0.1:[0-9]*/' "$LOG" | head -1 | sed 's/.*:\([0-9]*\)\//\1/')
  [[ -n $PORT ]] && break
  sleep 0.05
done
check "server announced its port" test -n "$PORT"

check "cases opened through the API" python3 - "$PORT" "$TOKEN" <<'PY'
import json, sys, urllib.request
port, token = sys.argv[1], sys.argv[2]
def call(method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())
for i, kind in enumerate(["concern", "rumour", "question"]):
    c = call("POST", "/api/v1/cases", {"kind": kind, "title": f"Hồ sơ thử {i}", "category": "", "place": ""})
    assert c["id"] > 0, c
PY

expect_exit 0 "report --json (after the cases)" -- v report --month 2026-10 --json
cp "$TMP/out" "$TMP/report.json"
expect_exit 0 "report HTML again" -- v report --month 2026-10 --out "$TMP/r2.html"

check "every figure equals the API's answer for the same period" python3 - "$PORT" "$TOKEN" "$TMP" "$DB" <<'PY'
import json, re, sqlite3, sys, urllib.parse, urllib.request
port, token, tmp, db = sys.argv[1:5]
def get(path, raw=False):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req) as r:
        body = r.read()
        return (body, r.headers) if raw else json.loads(body)
rep = json.load(open(f"{tmp}/report.json"))
# The HTML carries the same figures in its data block.
html = open(f"{tmp}/r2.html", encoding="utf-8").read()
block = re.search(r'<script type="application/json" id="vox-report-data">(.*?)</script>', html, re.S).group(1)
data = json.loads(block)
data.pop("generated_at"); r0 = dict(rep); r0.pop("generated_at")
assert data == r0, "the HTML's data block differs from --json"
q = lambda p: urllib.parse.quote(p, safe="")
since, until = rep["period"]["from"], rep["period"]["to"]
psince, puntil = rep["previous"]["from"], rep["previous"]["to"]
assert since == "2026-09-30T17:00:00Z" and until == "2026-10-31T17:00:00Z", (since, until)
# 1. volumes
assert get(f"/api/v1/volumes?since={q(since)}&until={q(until)}") == rep["volumes"]
assert get(f"/api/v1/volumes?since={q(psince)}&until={q(puntil)}") == rep["previous_volumes"]
assert rep["volumes"]["items"] > 2000, rep["volumes"]["items"]
# 3. concerns (every place)
assert get(f"/api/v1/concerns?since={q(since)}&until={q(until)}&places=0") == rep["concerns"]
assert get(f"/api/v1/concerns?since={q(psince)}&until={q(puntil)}&places=0") == rep["previous_concerns"]
assert rep["concerns"]["items"] == rep["volumes"]["items"]
# 2. stories: sizes and labels as /api/v1/stories; rising as /api/v1/trends over the period's hours
stories = {s["id"]: s for s in get("/api/v1/stories?sort=size&limit=1000")}
assert rep["stories"]["largest"], "no largest stories"
for s in rep["stories"]["largest"]:
    a = stories[s["id"]]
    assert (a["size"], a["voices"], a["label"]) == (s["size"], s["voices"], s["label"]), (a, s)
hours = rep["stories"]["trend_window_hours"]
trends = [t for t in get(f"/api/v1/trends?hours={hours}&limit=200") if t["kind"] == "story"][:10]
assert [(t["story_id"], t["count"]) for t in trends] == [(s["id"], s["count"]) for s in rep["stories"]["rising"]]
# 4. claims: the API's best matches of the items published in the period, by state
con = sqlite3.connect(db)
pub = {}
for src, ext, t in con.execute("SELECT s.name, i.ext_id, i.published_at FROM items i JOIN sources s ON s.id = i.source_id"):
    pub[(src, ext)] = t
from datetime import datetime
ts = lambda s: int(datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp())
cur, prev = {}, {}
for m in get("/api/v1/matches"):
    t = pub[(m["source"], m["item_id"])]
    if ts(since) <= t < ts(until): cur[m["state"]] = cur.get(m["state"], 0) + 1
    elif ts(psince) <= t < ts(psince) + (ts(until) - ts(since)): prev[m["state"]] = prev.get(m["state"], 0) + 1
assert cur == rep["claims"]["matches"], (cur, rep["claims"]["matches"])
assert prev == rep["claims"]["previous_matches"]
# 5. cases as /api/v1/cases lists them
cases = get("/api/v1/cases?limit=500")
opened = sum(1 for c in cases if ts(since) <= ts(c["created_at"]) < ts(until))
# The demo's own desk (a month of cases) plus the three opened above.
assert opened == rep["cases"]["total"]["opened"] and opened >= 3, (opened, rep["cases"]["total"])
assert rep["cases"]["total"]["answered"] > 0 and rep["cases"]["total"]["median_answer_seconds"] > 0, rep["cases"]["total"]
assert rep["answers"]["reach"] == "not measured"
# The dashboard's download: the same figures from GET /api/v1/report.
body, headers = get("/api/v1/report?from=2026-10-01&to=2026-11-01", raw=True)
assert headers["Content-Type"].startswith("text/html"), headers["Content-Type"]
assert "attachment" in headers["Content-Disposition"]
srv = json.loads(re.search(r'id="vox-report-data">(.*?)</script>', body.decode(), re.S).group(1))
for k in ["volumes", "previous_volumes", "concerns", "previous_concerns", "stories", "claims", "cases"]:
    assert srv[k] == rep[k], k
PY

if [[ $HAVE_PDF == 1 ]]; then
  check "GET /api/v1/report?format=pdf is a PDF" python3 - "$PORT" "$TOKEN" <<'PY'
import sys, urllib.request
port, token = sys.argv[1], sys.argv[2]
req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/report?from=2026-10-01&to=2026-11-01&format=pdf&lang=en",
                             headers={"Authorization": "Bearer " + token})
with urllib.request.urlopen(req, timeout=120) as r:
    body = r.read()
    assert r.headers["Content-Type"] == "application/pdf" and body[:5] == b"%PDF-", r.headers
PY
fi
check "a report needs a sign-in" python3 - "$PORT" <<'PY'
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/v1/report?from=2026-10-01&to=2026-11-01")
    sys.exit(1)
except urllib.error.HTTPError as e:
    sys.exit(0 if e.code == 401 else 1)
PY

# ---- aggregates only: no pseudonym, no raw phone number of the input.
OUTS=("$TMP/r.html" "$TMP/r2.html" "$TMP/en.html" "$TMP/report.json")
[[ $HAVE_PDF == 1 ]] && OUTS+=("$TMP/r.txt")
check "no pseudonym and no raw phone number in any output" python3 - "$DB" "$TMP/input.jsonl" "${OUTS[@]}" <<'PY'
import json, re, sqlite3, sys
db, inp, outs = sys.argv[1], sys.argv[2], sys.argv[3:]
con = sqlite3.connect(db)
pseud = {r[0] for r in con.execute("SELECT DISTINCT author_key FROM items WHERE author_key <> ''")}
assert len(pseud) > 100, len(pseud)
authors, phones = set(), set()
for line in open(inp, encoding="utf-8"):
    rec = json.loads(line)
    if rec.get("author"): authors.add(rec["author"])
    for m in re.finditer(r"(?:\+84|0)(?:[\s.]?\d){9,10}", rec.get("text", "") + " " + rec.get("title", "")):
        phones.add(re.sub(r"\D", "", m.group(0)))
assert phones, "the demo input has phone numbers to look for"
for path in outs:
    text = open(path, encoding="utf-8").read()
    digits = re.sub(r"\D", "", text)
    words = set(re.findall(r"[\w.-]+", text))
    hits = [p for p in pseud if p in text]
    assert not hits, (path, hits[:3])
    assert not [a for a in authors if len(a) > 5 and a in words], path
    assert not [p for p in phones if p in re.sub(r"[\s.]", "", text)], path
PY

finish
