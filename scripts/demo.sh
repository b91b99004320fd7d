#!/usr/bin/env bash
# The main job: install what is needed, build, create the demo workspace from
# the built-in generator, ingest it, print what was ingested and serve it on
# http://127.0.0.1:8080/ (override with VOX_LISTEN=HOST:PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release vox
mkdir -p workspace
rm -f workspace/demo.db workspace/demo.db-wal workspace/demo.db-shm workspace/demo.db.key workspace/demo.db.contact-key
exec build/release/src/cli/vox --db workspace/demo.db demo --listen "${VOX_LISTEN:-127.0.0.1:8080}" "$@"
