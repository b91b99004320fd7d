#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for FUZZ_SECONDS
# (default 20) from its seed corpus in fuzz/corpus/<name>. New inputs found go
# to build/fuzz/corpus/<name>, not into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-20}
scripts/build.sh fuzz
status=0
for bin in build/fuzz/fuzz/fuzz_*; do
  [[ -x $bin ]] || continue
  name=$(basename "$bin"); name=${name#fuzz_}
  work=build/fuzz/corpus/$name
  mkdir -p "$work"
  echo "fuzz $name for ${secs}s"
  seeds=()
  [[ -d fuzz/corpus/$name ]] && seeds=("fuzz/corpus/$name")
  if ! "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        "$work" "${seeds[@]}" >"build/fuzz/$name.log" 2>&1; then
    echo "fuzz $name FAILED:"; tail -40 "build/fuzz/$name.log"; status=1
  else
    grep -E "stat::number_of_executed_units" "build/fuzz/$name.log" || true
  fi
done
exit $status
