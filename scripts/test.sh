#!/usr/bin/env bash
# The whole test suite: unit, golden, integration and end-to-end tests (CTest),
# then every fuzz target for a short bounded time. Exit code non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
scripts/build.sh ci
ctest --preset ci -j2
FUZZ_SECONDS=${FUZZ_SECONDS:-20} scripts/fuzz.sh
