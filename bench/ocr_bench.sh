#!/usr/bin/env bash
# OCR benchmark (docs/channels.md "Screenshots"): character accuracy on phone
# screenshots rendered from real Vietnamese text, and the share of
# screenshot-only rumours that still meet their fact-check.
#
#   bench/ocr_bench.sh VOX CORPUS.jsonl [N] [OFFSET]
#
# The development look was N=12, OFFSET=0 (articles 0, 110, 220, ...); report
# runs use another N and an odd OFFSET, which share no article with it.
#
# 1. bench/ocr_screens.mjs renders N posts (lead sentence, or two) as a post
#    card, a chat bubble or a note; light or dark; three typefaces, four
#    sizes; clean PNG at 2-3x and noisy JPEG (quality 35-55, 1.5x).
# 2. `vox ocr --json` reads them all (one process, as the server would).
# 3. Accuracy: 1 - edit distance / truth length over NFC code points; for
#    the card and chat layouts the truth is the post's text only, aligned
#    within what was read (the name, time and counters on the image are
#    neither counted nor penalized).
# 4. Matching: a library of fact-checks, one per article of the corpus (the
#    lead sentence as the claim, the next sentences as the body); each
#    screenshot's text is ingested as an item; counted: items whose best
#    match (suggested or automatic) is their own article's fact-check. The
#    same posts typed (the truth text) in the same run are the peer.
set -euo pipefail
VOX=$(realpath "$1"); CORPUS=$(realpath "$2"); N=${3:-120}; OFFSET=${4:-3}
cd "$(dirname "$0")/.."
W=$(mktemp -d /tmp/vox-ocr-bench.XXXXXX)
[[ -n "${KEEP:-}" ]] && echo "work: $W" >&2 || trap 'rm -rf "$W"' EXIT
node bench/ocr_screens.mjs "$CORPUS" "$W/img" "$N" "$OFFSET" >&2
mapfile -t files < <(python3 -c "import json,sys; [print('$W/img/'+json.loads(l)['file']) for l in open('$W/img/manifest.jsonl')]")
start=$(date +%s.%N)
"$VOX" ocr --json "${files[@]}" >"$W/read.json" || [[ $? -eq 3 ]]
end=$(date +%s.%N)
python3 bench/ocr_score.py "$CORPUS" "$W/img/manifest.jsonl" "$W/read.json" "$W" "$(echo "$end - $start" | bc)"
"$VOX" --db "$W/s.db" init >/dev/null
"$VOX" --db "$W/s.db" factcheck import "$W/fc.jsonl" >/dev/null
for what in read typed; do
  "$VOX" --db "$W/s.db" ingest "$W/items-$what.jsonl" >/dev/null 2>&1 || true
done
"$VOX" --db "$W/s.db" match --json >"$W/match.json"
python3 bench/ocr_score.py --matches "$W/match.json" "$W/img/manifest.jsonl"
