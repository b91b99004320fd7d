#!/usr/bin/env bash
# scripts/check-layers on small trees: it passes the real tree and reports
# each kind of violation with file and line.
set -u
cd "$(dirname "$0")/../.."
pass=0 fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "not ok - $1"; fail=$((fail + 1)); }

if out=$(scripts/check-layers .); then ok "the tree respects its layers"; else bad "the tree: $out"; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mk() { mkdir -p "$(dirname "$tmp/src/$1")"; printf '%s\n' "${@:2}" > "$tmp/src/$1"; }
mk common/status.h '#pragma once'
mk store/store.h '#pragma once' '#include "common/status.h"'
mk store/sqlite/sqlite_store.h '#pragma once' '#include "store/store.h"'
mk text/text.h '#pragma once'
mk text/internal.h '#pragma once'
mk stories/stories.h '#pragma once' '#include "store/store.h"'
if scripts/check-layers "$tmp" >/dev/null; then ok "a clean small tree passes"; else bad "a clean small tree fails"; fi

mk store/up.cc '#include "store/store.h"' '#include "stories/stories.h"'
mk claims/claims.cc '#include "stories/stories.h"'
mk search/search.cc '#include "store/sqlite/sqlite_store.h"' '#include "text/internal.h"'
mk widgets/w.cc '#include "text/text.h"'
out=$(scripts/check-layers "$tmp"); rc=$?
[[ $rc -eq 1 ]] && ok "violations exit 1" || bad "violations exit $rc"
grep -q '^src/store/up.cc:2: .*higher layer' <<<"$out" && ok "an include going up is named with its line" || bad "up: $out"
grep -q '^src/claims/claims.cc:1: .*same layer' <<<"$out" && ok "a stage including another stage" || bad "same layer: $out"
grep -q '^src/search/search.cc:1: .*internal header of store/' <<<"$out" && ok "a backend's header from above" || bad "backend: $out"
grep -q '^src/search/search.cc:2: .*internal header of text/' <<<"$out" && ok "an internal header from above" || bad "internal: $out"
grep -q "folder 'widgets' has no layer" <<<"$out" && ok "a folder without a layer" || bad "no layer: $out"

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
