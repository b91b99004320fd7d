#!/usr/bin/env bash
# Builds the dashboard (web/: TypeScript, Vite) into $VOX_WEB_OUT (default
# web/dist): index.html, app.js, app.css, which the build embeds in `vox`.
# Installs web/'s npm packages from package-lock.json when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [[ ! -x node_modules/.bin/vite || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node_modules/.bin/tsc --noEmit -p tsconfig.json
VOX_WEB_OUT=${VOX_WEB_OUT:-dist} node_modules/.bin/vite build --logLevel warn
