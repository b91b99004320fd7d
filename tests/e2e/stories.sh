#!/usr/bin/env bash
# End-to-end tests of stories and trends on the vox command line: reposts
# join one story across ingests (and restarts), dated templates stay apart,
# a link-only comment joins by its canonical link, JSON shapes, export
# carries story_id, trends explain a burst; two `vox ingest` at once on one
# file give the stories of one.
#   tests/e2e/stories.sh PATH/TO/vox
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
e2e_setup "$1"

expect_exit 0 "init" -- v init

cat >"$TMP/a.jsonl" <<'JSONL'
{"id":"p1","source":"fb","kind":"article","text":"UBND phường An Hòa thông báo: do sự cố đường dây, tổ 3 và tổ 4 sẽ bị cắt điện từ 7h đến 17h ngày 28/4. Người dân chủ động sắp xếp công việc, tích trữ nước sinh hoạt và không đến gần khu vực sửa chữa.","url":"https://baodiaphuong.vn/xa-hoi/an-hoa-cat-dien-28-4.html","published_at":"2026-04-27T08:00:00+07:00","author":"page"}
{"id":"p2","source":"fb","text":"UBND phuong An Hoa thong bao: do su co duong day, to 3 va to 4 se bi cat dien tu 7h den 17h ngay 28/4. Nguoi dan chu dong sap xep cong viec, tich tru nuoc sinh hoat va khong den gan khu vuc sua chua.","published_at":"2026-04-27T08:20:00+07:00","author":"u1"}
{"id":"p3","source":"fb","text":"NÓNG: UBND phường An Hòa thông báo: do sự cố đường dây, tổ 3 và tổ 4 sẽ bị cắt điện từ 7h đến 17h ngày 28/4... xem thêm 😱 #matdien","published_at":"2026-04-27T08:40:00+07:00","author":"u2"}
{"id":"p4","source":"fb","kind":"comment","text":"đọc đi http://www.baodiaphuong.vn/xa-hoi/an-hoa-cat-dien-28-4.html?utm_source=fb&fbclid=IwAR0#top","published_at":"2026-04-27T09:00:00+07:00","author":"u3"}
{"id":"p5","source":"fb","text":"UBND phường Phú Hội thông báo: do sự cố đường dây, tổ 5 và tổ 6 sẽ bị cắt điện từ 8h đến 16h ngày 30/4. Người dân chủ động sắp xếp công việc, tích trữ nước sinh hoạt và không đến gần khu vực sửa chữa.","published_at":"2026-04-29T08:00:00+07:00","author":"page"}
JSONL
expect_exit 0 "ingest" -- v ingest "$TMP/a.jsonl"
expect_exit 0 "stories --json --with-items" -- v stories --json --with-items
check "two stories" jq_ok "len(d) == 2"
check "the power cut of 28/4 has 4 members incl. the link-only comment" \
  jq_ok "any(sorted(s['items']) == ['p1','p2','p3','p4'] for s in d)"
check "the notice for another ward and day is its own story" jq_ok "any(s['items'] == ['p5'] for s in d)"
check "fields" jq_ok "all(set(['id','size','voices','label','first_seen','last_seen','items']) <= set(s) for s in d)"
check "voices are counted" jq_ok "any(s['size'] == 4 and s['voices'] == 4 for s in d)"
check "label is the article's first sentence, with diacritics" \
  jq_ok "any(s['label'].startswith('UBND phường An Hòa thông báo') and len(s['label']) <= 91 for s in d if s['size'] == 4)"
check "key phrases are a separate field" jq_ok "any(any('an hòa' in p for p in s['key_phrases']) for s in d if s['size'] == 4)"

# A later run (new process) keeps joining the old story.
cat >"$TMP/b.jsonl" <<'JSONL'
{"id":"p6","source":"zalo","text":"Chia sẻ: UBND phường An Hòa thông báo: do sự cố đường dây, tổ 3 và tổ 4 sẽ bị cắt điện từ 7h đến 17h ngày 28/4. Người dân chủ động sắp xếp công việc, tích trữ nước sinh hoạt và không đến gần khu vực sửa chữa. 🙏","published_at":"2026-04-28T06:00:00+07:00","author":"u9"}
JSONL
expect_exit 0 "ingest again" -- v ingest "$TMP/b.jsonl"
expect_exit 0 "export items" -- v export items
check "export carries story_id and the repost shares p1's story" python3 -c "
import json
rows = {r['id']: r for r in map(json.loads, open('$TMP/out'))}
assert rows['p6']['story_id'] == rows['p1']['story_id'] != None, rows['p6']
assert rows['p5']['story_id'] != rows['p1']['story_id']
"
expect_exit 0 "stories --limit 1" -- v stories --json --limit 1
check "limit" jq_ok "len(d) == 1 and 'items' not in d[0]"
expect_exit 0 "stories --since" -- v stories --json --since 2026-04-29
check "since filters by last_seen" jq_ok "len(d) == 1 and d[0]['size'] == 1"
expect_exit 2 "bad --since is a usage error" -- v stories --since yesterday-ish
expect_exit 0 "stories --sort size" -- v stories --json --sort size
check "largest first" jq_ok "len(d) == 2 and d[0]['size'] >= d[1]['size']"
expect_exit 0 "stories --sort rising" -- v stories --json --sort rising --limit 1
check "rising keeps the fields" jq_ok "len(d) == 1 and set(d[0]) >= {'id', 'size', 'voices', 'sources', 'engagement', 'label', 'first_seen', 'last_seen'}"
expect_exit 2 "bad --sort is a usage error" -- v stories --sort biggest
expect_exit 0 "stories as text" -- v stories
check "text lists the label" grep -q "An Hòa" "$TMP/out"

# --- trends: a quiet baseline, then a burst.
python3 - "$TMP/c.jsonl" <<'PY'
import json, sys
out = open(sys.argv[1], "w")
for d in range(1, 11):
    out.write(json.dumps({"id": f"q{d}", "source": "fb", "text": f"Họp tổ dân phố số {d} về sửa chợ Tây Lộc",
                          "published_at": f"2026-05-{d:02d}T10:00:00+07:00", "author": f"z{d}"}, ensure_ascii=False) + "\n")
base = "Đường Lê Lợi ngập sâu 50cm sau trận mưa lớn chiều 12/5, nhiều xe máy chết máy, người dân phải dắt bộ qua đoạn trước chợ Đông Ba."
for i in range(14):
    out.write(json.dumps({"id": f"r{i}", "source": "fb", "text": ("Chia sẻ: " if i % 2 else "") + base,
                          "published_at": f"2026-05-12T{15 + i // 5:02d}:{(i % 5) * 10:02d}:00+07:00",
                          "author": f"v{i % 11}", "labels": ["flooding"]}, ensure_ascii=False) + "\n")
PY
expect_exit 0 "ingest burst" -- v ingest "$TMP/c.jsonl"
expect_exit 0 "trends --json" -- v trends --window 24h --json
check "the burst is the top trend" jq_ok "d[0]['kind'] == 'story' and d[0]['count'] == 14 and d[0]['voices'] == 11"
check "explained for a person" jq_ok "'14 posts from 11 voices in 3 h' in d[0]['explanation']"
check "the concern rises too" jq_ok "any(t['kind'] == 'concern' and t['key'] == 'flooding' for t in d)"
expect_exit 0 "trends as text" -- v trends
check "text explanation" grep -q "expected" "$TMP/out"
expect_exit 2 "bad --window is a usage error" -- v trends --window soon

# --- rebuild: the same stories again, under new ids; --continue has nothing to do
expect_exit 0 "stories before rebuild" -- v export items
cp "$TMP/out" "$TMP/before.jsonl"
expect_exit 0 "stories rebuild --json" -- v stories rebuild --json
check "rebuild read and assigned every item" jq_ok "d['items'] == d['assigned'] and d['items'] > 20 and d['stories'] > 3"
expect_exit 0 "stories after rebuild" -- v export items
cp "$TMP/out" "$TMP/after.jsonl"
check "same partition of items, new ids" python3 - "$TMP/before.jsonl" "$TMP/after.jsonl" <<'PY'
import json, sys
def load(p):
    return {(j["source"], j["id"]): j["story_id"] for j in map(json.loads, open(p))}
a, b = load(sys.argv[1]), load(sys.argv[2])
pairs = {}
for k in a:
    pairs.setdefault(a[k], set()).add(b[k])
ok = a.keys() == b.keys() and all(len(v) == 1 for v in pairs.values()) \
     and len({next(iter(v)) for v in pairs.values()}) == len(pairs) and min(b.values()) > max(a.values())
sys.exit(0 if ok else 1)
PY
expect_exit 0 "stories rebuild --continue" -- v stories rebuild --continue --json
check "nothing left to assign" jq_ok "d['assigned'] == 0"
expect_exit 0 "stories rebuild as text" -- v stories rebuild
check "text summary" grep -q "assigned to stories" "$TMP/out"

# --- purge: the stories of purged items shrink or go
expect_exit 0 "purge everything" -- v purge --older-than 0d --json
check "purge reports the stories it removed" jq_ok "d['stories'] > 0"
expect_exit 0 "stories after purge" -- v stories --json
check "no story left of purged items" jq_ok "d == []"

# Two `vox ingest` at once on one SQLite file, on interleaved halves of 250
# stories of 4 reposts, in small batches: the same stories as one ingest.
python3 "$HERE/reposts.py" "$TMP/reposts.jsonl"
awk 'NR % 2 == 1' "$TMP/reposts.jsonl" >"$TMP/reposts.a"
awk 'NR % 2 == 0' "$TMP/reposts.jsonl" >"$TMP/reposts.b"
partition() {
  "$VOX" --db "$1" export items | python3 -c "
import json, sys
g = {}
for line in sys.stdin:
    d = json.loads(line)
    g.setdefault(d['story_id'] or 'alone:' + d['id'], []).append(d['id'])
for m in sorted(sorted(x) for x in g.values()): print(' '.join(m))"
}
"$VOX" --db "$TMP/one.db" init >/dev/null
"$VOX" --db "$TMP/one.db" ingest "$TMP/reposts.jsonl" >/dev/null 2>&1
"$VOX" --db "$TMP/two.db" init >/dev/null
"$VOX" --db "$TMP/two.db" ingest --batch-size 7 "$TMP/reposts.a" >/dev/null 2>&1 &
p1=$!
"$VOX" --db "$TMP/two.db" ingest --batch-size 7 "$TMP/reposts.b" >/dev/null 2>&1 &
p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
check "two ingests at once on one file both succeed ($r1, $r2)" test "$r1$r2" = 00
partition "$TMP/one.db" >"$TMP/one.txt"
partition "$TMP/two.db" >"$TMP/two.txt"
check "one ingest: 250 stories" test "$(wc -l <"$TMP/one.txt")" = 250
check "two ingests at once: the same stories" cmp -s "$TMP/one.txt" "$TMP/two.txt"
check "story sizes are their member counts" test "$(sqlite3 "$TMP/two.db" 'SELECT count(*) FROM stories s WHERE size <> (SELECT count(*) FROM items i WHERE i.story_id = s.id)')" = 0

# Short links: with links.expand on, a share through a short link joins the
# story of the page it leads to (a local server plays the shortener, named
# in links.shorteners); the answer is kept, so `vox stories rebuild` joins the
# same items with the shortener gone; with expansion off nothing is asked.
cat >"$TMP/shortener.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        if self.path == "/Ab3X":
            self.send_response(301)
            self.send_header("Location", "https://baodiaphuong.vn/xa-hoi/an-hoa-cat-dien-28-4.html?utm_source=zalo")
        else:
            self.send_response(404)
        self.end_headers()
        with open(sys.argv[1], "a") as f: f.write(self.command + " " + self.path + "\n")
    def do_GET(self):
        if self.path != "/bai/an-hoa-ngap.htm":
            return self.do_HEAD()
        body = ("<html><body><nav><p>Trang chủ | Thời sự | Kinh tế</p></nav><article><h1>Phường An Hòa ngập sâu</h1>"
                "<p>Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường của phường An Hòa ngập sâu.</p>"
                "<p>Theo UBND phường, nước rút chậm do cống thoát nước bị rác bịt kín ở ba điểm dọc đường Lê Lợi "
                "và Hùng Vương.</p></article><footer><p>Bản quyền thuộc về tòa soạn báo</p></footer></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        with open(sys.argv[1], "a") as f: f.write("GET " + self.path + "\n")
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
python3 -u "$TMP/shortener.py" "$TMP/asked.log" >"$TMP/shortener.port" &
SHORT_PID=$!
for _ in $(seq 1 50); do [[ -s "$TMP/shortener.port" ]] && break; sleep 0.1; done
SPORT=$(head -1 "$TMP/shortener.port")
SDB=$TMP/short.db
sv() { "$VOX" --db "$SDB" "$@"; }
sv init >/dev/null
cat >"$TMP/short.jsonl" <<JSONL
{"id":"a1","source":"news","kind":"article","title":"Phường An Hòa cắt điện ngày 28/4","text":"UBND phường An Hòa thông báo tổ 3 và tổ 4 sẽ bị cắt điện từ 7h đến 17h ngày 28/4 để sửa chữa đường dây.","url":"https://baodiaphuong.vn/xa-hoi/an-hoa-cat-dien-28-4.html","published_at":"2026-04-27T08:00:00+07:00"}
{"id":"s1","source":"fb","text":"Chia sẻ cho mọi người cùng biết http://127.0.0.1:$SPORT/Ab3X","published_at":"2026-04-27T09:00:00+07:00","author":"u1"}
{"id":"s2","source":"fb","text":"Chia sẻ cho mọi người cùng biết http://127.0.0.1:$SPORT/Zz99","published_at":"2026-04-27T09:05:00+07:00","author":"u2"}
JSONL
expect_exit 2 "links.expand takes on or off" -- sv settings set links.expand maybe
check "the message names the setting" grep -q "links.expand" "$TMP/err"
sv settings set links.shorteners "127.0.0.1:$SPORT" >/dev/null
sv settings set links.allow_private on >/dev/null
expect_exit 0 "ingest with expansion off" -- sv ingest "$TMP/short.jsonl"
check "nothing asked while links.expand is off" test ! -s "$TMP/asked.log"
sv stories rebuild >/dev/null 2>&1
sv settings set links.expand on >/dev/null
expect_exit 0 "stories rebuild with links.expand on" -- sv stories rebuild
expect_exit 0 "stories" -- sv stories --json --with-items
check "the short link's share joins the article's story" jq_ok "any(sorted(s['items']) == ['a1','s1'] for s in d)"
check "an unknown short link joins nothing" jq_ok "any(s['items'] == ['s2'] for s in d)"
check "each short link asked once (HEAD, then GET for the one not redirected)" \
  test "$(grep -c 'Ab3X' "$TMP/asked.log")" = 1
check "the answer is kept in the store" \
  test "$(sqlite3 "$SDB" "SELECT count(*) FROM link_targets WHERE target LIKE 'https://baodiaphuong.vn/%'")" = 1
# Article pages: with links.fetch_pages on, the page of a feed item that
# carried only its lead is fetched and read, and a quote of its body joins
# (the site is "localhost", not the shortener's host).
cat >"$TMP/page.jsonl" <<JSONL
{"id":"n1","source":"news","kind":"article","title":"Phường An Hòa ngập sâu","text":"Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường của phường An Hòa ngập sâu.","url":"http://localhost:$SPORT/bai/an-hoa-ngap.htm","published_at":"2026-05-02T08:00:00+07:00"}
{"id":"q1","source":"fb","text":"Trời ơi, nước rút chậm do cống thoát nước bị rác bịt kín ở ba điểm dọc đường Lê Lợi và Hùng Vương","published_at":"2026-05-02T09:00:00+07:00","author":"u5"}
JSONL
sv settings set links.fetch_pages on >/dev/null
expect_exit 0 "ingest an article and a quote of its body" -- sv ingest "$TMP/page.jsonl"
expect_exit 0 "stories" -- sv stories --json --with-items
check "the quote of the page's body joins the article's story" jq_ok "any(sorted(s['items']) == ['n1','q1'] for s in d)"
check "the page was fetched once" test "$(grep -c 'GET /bai/an-hoa-ngap.htm' "$TMP/asked.log")" = 1
check "the page's text is kept, without its chrome" \
  test "$(sqlite3 "$SDB" "SELECT count(*) FROM link_pages WHERE text LIKE '%cống thoát nước%' AND text NOT LIKE '%Bản quyền%'")" = 1
check "the article keeps the text it came with" \
  test "$(sv export items | grep -c 'Hùng Vương')" = 1
kill $SHORT_PID 2>/dev/null; wait $SHORT_PID 2>/dev/null
sv settings set links.expand off >/dev/null
sv settings set links.fetch_pages off >/dev/null
expect_exit 0 "rebuild again with the shortener gone and expansion off" -- sv stories rebuild
expect_exit 0 "stories" -- sv stories --json --with-items
check "what was learnt still joins the share to its article" jq_ok "any(sorted(s['items']) == ['a1','s1'] for s in d)"
check "... and the quote to the article whose page was read" jq_ok "any(sorted(s['items']) == ['n1','q1'] for s in d)"

finish
