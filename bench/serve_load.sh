#!/usr/bin/env bash
# Load run against `vox serve` on loopback with wrk (Debian package).
#
#   bench/serve_load.sh PATH/TO/vox STORE [SECONDS=60]
#
# 1. /api/stats and /api/search (a rotating set of 25 desk queries) for SECONDS
#    each at 16 connections: requests/s, latency, errors, server RSS before/after.
# 2. /api/search with a query never asked before on every request (no answer
#    cache), SECONDS/2; then /api/stats with 8 requests pipelined per write.
# 3. The hostile query of the review (`n* n* ...`, 998 bytes) and an expensive
#    legal one (four 2-letter prefixes), 8 clients at a time in loops, while
#    wrk measures /healthz on one connection: its p99 must stay under 100 ms.
set -euo pipefail
VOX=$(realpath "$1"); DB=$2; SECS=${3:-60}
export VOX_LOAD_DIR=$(cd "$(dirname "$0")/load" && pwd)
out=$(mktemp)
"$VOX" --db "$DB" serve --listen 127.0.0.1:0 >"$out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q "http://" "$out" && break; sleep 0.1; done
base=$(grep -oE 'http://127.0.0.1:[0-9]+' "$out")
# Anonymous and file-backed resident memory (each store handle maps the file,
# so mapped pages are counted once per handle).
rss() { awk '/RssAnon|RssFile/ {printf "%s %.0f MB ", $1, $2/1024}' "/proc/$server/status"; }
run() {  # run NAME WRK-ARGS...
  local name=$1; shift
  local before; before=$(rss)
  local r; r=$(wrk "$@" 2>&1)
  echo "$name: $(echo "$r" | grep -E 'Requests/sec' | awk '{print $2}') req/s," \
       "latency $(echo "$r" | grep -E '^ +Latency +[0-9]' | awk '{print "avg", $2, "max", $4}')," \
       "p99 $(echo "$r" | grep -E '^ +99%' | awk '{print $2}')," \
       "errors: $(echo "$r" | grep -E 'Non-2xx|Socket errors' | tr -s ' ' | tr '\n' ';' || true)" \
       "RSS $before -> $(rss)"
}
curl -s "$base/api/stats" >/dev/null
run "stats  " -t2 -c16 -d"${SECS}s" --latency "$base/api/stats"
run "search " -t2 -c16 -d"${SECS}s" --latency -s "$VOX_LOAD_DIR/search.lua" "$base"
run "search, every query new" -t2 -c16 -d"$((SECS / 2))s" --latency -s "$VOX_LOAD_DIR/unique.lua" "$base"
run "stats, 8 pipelined per write" -t2 -c16 -d"$((SECS / 2))s" --latency -s "$VOX_LOAD_DIR/pipeline.lua" "$base"
hostile=$(python3 -c 'print("n* " * 332)')
legal="th* ng* ph* kh*"
pids=()
for i in $(seq 8); do
  q=$([[ $((i % 2)) == 0 ]] && echo "$hostile" || echo "$legal")
  (end=$((SECONDS + SECS / 2)); while ((SECONDS < end)); do
     curl -s -o /dev/null --get --data-urlencode "q=$q" "$base/api/search"; done) &
  pids+=($!)
done
run "healthz under 8 hostile/expensive searchers" -t1 -c1 -d"$((SECS / 2))s" --latency "$base/healthz"
wait "${pids[@]}"
