#!/usr/bin/env bash
# End-to-end tests of the fact-check library and claim matching through the
# vox command line: import (JSONL + ClaimReview, a bad record -> exit 3),
# idempotent re-import, matching at ingest and after import, match --json,
# match --text, staff decisions, calibrate, add/edit, search, and an export
# that is valid ClaimReview JSON-LD.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
e2e_setup "$1"

expect_exit 0 "init" -- v init

# --- items first: nothing to match yet
cat >"$TMP/items.jsonl" <<'JSONL'
{"id":"p1","source":"fb","text":"nuoc may o phuong an hoa bi nhiem doc ko dc uong 😱 #canhbao","published_at":"2026-10-03T08:00:00+07:00"}
{"id":"p2","source":"fb","text":"Đội bóng thiếu niên của tỉnh vừa thắng trận chung kết giải bóng đá hôm qua","published_at":"2026-10-03T09:00:00+07:00"}
{"id":"p3","source":"fb","text":"nghe nói toàn thành phố sẽ mất điện ba ngày liên tục từ thứ hai","published_at":"2026-10-03T10:00:00+07:00"}
JSONL
expect_exit 0 "ingest items" -- v ingest "$TMP/items.jsonl"
expect_exit 0 "match --json with an empty library" -- v match --json
check "no matches yet" jq_ok "d == []"

# --- import: JSONL with a bad record -> exit 3, the rest kept
cat >"$TMP/fc.jsonl" <<'JSONL'
{"id":"fc-nuoc","claim":"Nước máy ở phường An Hòa bị nhiễm độc, không được uống","verdict":"Sai","body":"Kết quả xét nghiệm của Trung tâm kiểm soát bệnh tật cho thấy nước máy đạt quy chuẩn an toàn.","url":"https://ubnd.example/fc/nuoc","published_at":"2026-10-02T08:00:00+07:00","own":true}
{"id":"fc-bad","verdict":"Sai","body":"no claim"}
{"id":"fc-dien","claim":"Toàn thành phố sẽ mất điện ba ngày liên tục từ thứ hai","verdict":"Sai","body":"Điện lực chỉ cắt điện bảo trì tại hai phường trong bốn giờ sáng chủ nhật.","url":"https://ubnd.example/fc/dien"}
JSONL
expect_exit 3 "import with a bad record exits 3" -- v factcheck import "$TMP/fc.jsonl"
check "import summary" grep -q "2 added, 0 updated, 0 unchanged, 1 rejected" "$TMP/out"
check "bad record reported with file:line and field" grep -q "fc.jsonl:2: field 'claim'" "$TMP/err"
check "import re-matched the store" grep -q "re-matched 3 items: 2 matches" "$TMP/out"
expect_exit 3 "re-import" -- v factcheck import "$TMP/fc.jsonl"
check "re-import is idempotent" grep -q "0 added, 0 updated, 2 unchanged, 1 rejected" "$TMP/out"

# --- ClaimReview JSON-LD (a single object over several lines)
cat >"$TMP/review.json" <<'JSON'
{
  "@context": "https://schema.org",
  "@type": "ClaimReview",
  "url": "https://factcheck.example/gia-lua",
  "claimReviewed": "Giá lúa giảm một nửa vì thương lái ngừng thu mua",
  "reviewBody": "Sở Nông nghiệp cho biết giá lúa tuần này chỉ giảm nhẹ, thương lái vẫn thu mua bình thường.",
  "datePublished": "2026-10-04",
  "author": {"@type": "Organization", "name": "Báo Ví Dụ"},
  "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "alternateName": "Sai"},
  "itemReviewed": {"@type": "Claim", "appearance": [{"@type": "CreativeWork", "url": "https://fb.example/p/9"}]}
}
JSON
expect_exit 0 "import ClaimReview" -- v factcheck import --json "$TMP/review.json"
check "ClaimReview added" jq_ok "d['added'] == 1 and d['rejected'] == 0"
echo '[{"@type":"ClaimReview","claimReviewed":"x"},' >"$TMP/broken.json"
expect_exit 1 "a broken JSON array is unusable" -- v factcheck import "$TMP/broken.json"
expect_exit 1 "unreadable file exits 1" -- v factcheck import "$TMP/nope.json"

# --- matches of stored items
expect_exit 0 "match --json" -- v match --json
check "best match per item with its fields" jq_ok "len(d) == 2 and all(set(m) >= {'item_id','factcheck_id','score','state','source'} for m in d)"
check "teencode post without diacritics matched the accented fact-check" \
  jq_ok "any(m['item_id']=='p1' and m['factcheck_id']=='fc-nuoc' and m['state']=='auto' and m['score'] >= 0.8 for m in d)"
check "paraphrase matched" jq_ok "any(m['item_id']=='p3' and m['factcheck_id']=='fc-dien' for m in d)"
check "unrelated post not matched" jq_ok "not any(m['item_id']=='p2' for m in d)"
expect_exit 0 "match --state auto" -- v match --json --state auto
check "state filter" jq_ok "all(m['state']=='auto' for m in d)"
expect_exit 2 "bad --state is a usage error" -- v match --state maybe

# --- ingest after the library exists: matched on arrival
cat >"$TMP/items2.jsonl" <<'JSONL'
{"id":"p4","source":"zalo","text":"GIA LUA GIAM MOT NUA VI THUONG LAI NGUNG THU MUA ‼️","published_at":"2026-10-05T08:00:00+07:00"}
JSONL
expect_exit 0 "ingest matches on arrival" -- v ingest "$TMP/items2.jsonl"
v match --json >"$TMP/out"
check "new item matched at ingest" jq_ok "any(m['item_id']=='p4' and m['factcheck_id']=='https://factcheck.example/gia-lua' for m in d)"

# --- match one text
expect_exit 0 "match --text" -- v match --json --text "Nuoc may phuong An Hoa bi nhiem doc khong uong duoc"
check "match --text finds the fact-check" jq_ok "d['factcheck_id']=='fc-nuoc' and d['verdict']=='Sai'"
expect_exit 0 "match --text short" -- v match --json --text "mất điện"
check "very short text is never auto" jq_ok "d is None or d['state'] != 'auto'"
expect_exit 0 "match --text unrelated" -- v match --json --text "Lễ hội hoa xuân khai mạc tại công viên trung tâm"
check "unrelated text: no match" jq_ok "d is None"

# --- staff decisions are kept across re-matching
expect_exit 0 "reject a match" -- v match decide --source fb --item p3 --factcheck fc-dien reject
expect_exit 0 "accept a match" -- v match decide --source fb --item p1 --factcheck fc-nuoc accept
expect_exit 1 "deciding an unknown item fails" -- v match decide --source fb --item nope --factcheck fc-dien accept
expect_exit 2 "a bad decision is a usage error" -- v match decide --source fb --item p1 --factcheck fc-nuoc maybe
expect_exit 3 "re-import re-matches" -- v factcheck import "$TMP/fc.jsonl"
expect_exit 0 "match --state rejected" -- v match --json --state rejected
check "rejection kept after re-matching" jq_ok "[m['item_id'] for m in d] == ['p3']"
expect_exit 0 "match --state accepted" -- v match --json --state accepted
check "acceptance kept after re-matching" jq_ok "[m['item_id'] for m in d] == ['p1']"
expect_exit 0 "rejected matches are hidden by default" -- v match --json
check "default listing hides the rejection" jq_ok "not any(m['item_id']=='p3' for m in d)"

# --- calibrate: too few decisions
expect_exit 0 "calibrate with few decisions" -- v match calibrate --json
check "calibrate says too few and keeps defaults" jq_ok "d['decisions']==2 and not d['fitted'] and d['current']['auto'] > 0"

# --- calibrate with enough decisions (30 items, decided by staff)
for i in $(seq 1 30); do
  echo "{\"id\":\"c$i\",\"source\":\"fb\",\"text\":\"toàn thành phố sẽ mất điện ba ngày liên tục từ thứ hai, bài số $i\",\"published_at\":\"2026-10-06T08:00:00+07:00\"}"
done >"$TMP/many.jsonl"
expect_exit 0 "ingest 30 more" -- v ingest "$TMP/many.jsonl"
for i in $(seq 1 30); do
  d=accept; [[ $i -le 3 ]] && d=reject
  v match decide --source fb --item "c$i" --factcheck fc-dien $d >/dev/null || bad "decide c$i"
done
expect_exit 0 "calibrate" -- v match calibrate --json
check "calibrate fits from 32 decisions" jq_ok "d['decisions']==32 and d['fitted'] and 0 < d['proposed']['auto'] <= 1 and 0 <= d['proposed']['precision'] <= 1"
expect_exit 0 "calibrate text" -- v match calibrate --dry-run
check "calibrate reports precision" grep -q "precision" "$TMP/out"

# --- add / edit / search / list
expect_exit 0 "add an own fact-check" -- v factcheck add --id own-1 --claim "Trường tiểu học Lê Lợi cho học sinh nghỉ cả tuần" --verdict "Sai" --body "Phòng giáo dục xác nhận trường vẫn dạy bình thường." --url "https://ubnd.example/fc/truong"
check "add reports the id" grep -q "own-1 added" "$TMP/out"
expect_exit 0 "edit it" -- v factcheck add --id own-1 --claim "Trường tiểu học Lê Lợi cho học sinh nghỉ cả tuần" --verdict "Sai sự thật"
check "edit reports updated" grep -q "own-1 updated" "$TMP/out"
expect_exit 2 "add without a verdict is a usage error" -- v factcheck add --claim "x"
expect_exit 0 "search without diacritics" -- v factcheck search --json "truong tieu hoc le loi"
check "search finds it" jq_ok "d[0]['id']=='own-1'"
expect_exit 0 "list" -- v factcheck list --json
check "list holds the library" jq_ok "len(d)==4"

# --- export: valid ClaimReview JSON-LD of own fact-checks
expect_exit 0 "export" -- v factcheck export --out "$TMP/export.json"
cp "$TMP/export.json" "$TMP/out"
check "export is a ClaimReview array of own fact-checks" jq_ok "sorted(x['identifier'] for x in d)==['fc-nuoc','own-1'] and all(x['@context']=='https://schema.org' and x['@type']=='ClaimReview' and x['claimReviewed'] and x['reviewRating']['alternateName'] and x['author']['name'] for x in d)"
cp "$TMP/export.json" "$TMP/export2.json"
expect_exit 0 "second store" -- "$VOX" --db "$TMP/other.db" init
expect_exit 0 "export imports elsewhere" -- "$VOX" --db "$TMP/other.db" factcheck import --json "$TMP/export2.json"
check "export round trip" jq_ok "d['added']==2 and d['rejected']==0"
expect_exit 0 "export re-imported into its own store" -- v factcheck import --json "$TMP/export2.json"
v factcheck export >"$TMP/out"
check "own fact-checks stay own after re-importing the export" jq_ok "len(d)==2"

# --- import from a URL: a fact-check article page served on loopback whose
# ClaimReview has no rating value and no date, and an author known by url
mkdir -p "$TMP/www/kiem-chung"
cat >"$TMP/www/kiem-chung/cat-dien.html" <<'HTML'
<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Kiểm chứng: cắt điện cả tuần?</title>
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"ClaimReview","url":"https://kiemchung.example/cat-dien",
 "claimReviewed":"Cả quận Hải Châu bị cắt điện suốt một tuần",
 "author":{"@type":"Organization","url":"https://kiemchung.example/"},
 "reviewRating":{"@type":"Rating","alternateName":"Gây hiểu lầm"}}
</script></head><body><p>Điện lực chỉ cắt điện theo lịch bảo trì.</p></body></html>
HTML
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$TMP/www" >"$TMP/http.out" 2>&1 &
HTTP_PID=$!
trap 'kill $HTTP_PID 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 1 100); do grep -q "port" "$TMP/http.out" && break; sleep 0.05; done
PORT=$(grep -o 'port [0-9]*' "$TMP/http.out" | head -1 | cut -d' ' -f2)
check "local HTTP server announced its port ($PORT)" test -n "$PORT"
expect_exit 0 "import a fact-check page by URL" -- v factcheck import --json "http://127.0.0.1:$PORT/kiem-chung/cat-dien.html"
check "the page's ClaimReview added" jq_ok "d['added'] == 1 and d['rejected'] == 0"
expect_exit 0 "list after the URL import" -- v factcheck list --json
check "absent rating and date are null, the author keeps its url" jq_ok "[(f['rating'], f['published_at'], f['author']) for f in d if f['id'] == 'https://kiemchung.example/cat-dien'] == [(None, None, 'https://kiemchung.example/')]"
check "a given rating and date stay" jq_ok "[(f['rating'], f['published_at'][:10]) for f in d if f['id'] == 'https://factcheck.example/gia-lua'] == [(1.0, '2026-10-04')]"
expect_exit 1 "a URL that is not found exits 1" -- v factcheck import "http://127.0.0.1:$PORT/kiem-chung/khong-co.html"
check "the failure names the HTTP status" grep -q "404" "$TMP/err"
kill $HTTP_PID 2>/dev/null

finish
