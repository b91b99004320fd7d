#!/usr/bin/env bash
# Ingest speed as the store grows (numbers go to BENCHMARKS.md; not a test).
#
#   bench/ingest_curve.sh VOX [N=2000000] [realistic|small] [DIR=/tmp/vox-curve]
#
# Starts from the demo workspace (`vox demo --no-serve`: fact-check library,
# concern rules, every ingest stage on), then ingests N more items in files
# of 100,000 with `vox ingest`, one process per file as an office's hourly
# job would, and prints items/s per file. The cost per item must stay flat
# as the store grows, whatever the text:
#   realistic  the demo generator's month of a town's activity (posts,
#              comments, news, citizen messages), cut into files of 100,000;
#   small      40-word items drawn from 22 common words (a flood of bot posts,
#              short repetitive comments): every item shares bands and
#              anchors with thousands of stories.
set -euo pipefail
VOX=$(realpath "$1")
N=${2:-2000000}
KIND=${3:-realistic}
DIR=${4:-/tmp/vox-curve}
CHUNK=100000
rm -rf "$DIR"
mkdir -p "$DIR/chunks"
cd "$DIR"
"$VOX" --db v.db demo --no-serve >/dev/null
if [[ $KIND == realistic ]]; then
  # Another seed than the workspace's: other ids, the same kind of month.
  "$VOX" demo --generate all.jsonl --items "$N" --seed 7 >/dev/null
  head -n "$N" all.jsonl | split -l $CHUNK -d -a 3 - chunks/c
  rm all.jsonl
else
  python3 - "$N" <<'PY' | split -l $CHUNK -d -a 3 - chunks/c
import json, random, sys, time
words = ["điện", "nước", "mất", "ngập", "đường", "phường", "xã", "dân", "hỏi", "giá", "tiền",
         "nhà", "đất", "cấp", "sổ", "cháy", "trường", "học", "bệnh", "viện", "xe", "chợ"]
rng = random.Random(22)
n = int(sys.argv[1])
t0 = 1793552400  # 2026-11-01T00:00+07:00, after the demo workspace's month; 30 days of items
out = sys.stdout
for i in range(n):
    t = t0 + i * (30 * 86400) // n
    text = " ".join(rng.choice(words) for _ in range(40))
    out.write(json.dumps({"id": f"s{i}", "source": "bot", "text": text, "published_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)),
                          "author": f"a{rng.randrange(50000)}"}, ensure_ascii=False) + "\n")
PY
fi
# items/s: over the ingest itself, and over the whole process (start-up,
# loading the stories of the active window, the fact-check library and the
# model included).
printf "%-6s %10s %10s %10s %8s\n" file items_total ingest/s process/s rss_MB
total=0
for f in chunks/c*; do
  /usr/bin/time -f "%e %M" -o time.txt "$VOX" --db v.db ingest --json "$f" >out.json
  read -r added secs < <(python3 -c "import json; d=json.load(open('out.json')); print(d['added'], d['seconds'])")
  read -r wall rss < time.txt
  total=$((total + added))
  printf "%-6s %10d %10.0f %10.0f %8d\n" "$(basename "$f")" "$total" "$(python3 -c "print($added / $secs)")" \
    "$(python3 -c "print($added / max($wall, 0.01))")" $((rss / 1024))
done
