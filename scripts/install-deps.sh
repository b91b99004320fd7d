#!/usr/bin/env bash
# Installs everything Vox needs to build, run and test on Debian 12.
# Idempotent: does nothing when all packages are already there.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
  libicu-dev libsimdjson-dev libsqlite3-dev sqlite3 libxxhash-dev libcurl4-openssl-dev
  libpugixml-dev libsodium-dev libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev
  libcpp-httplib-dev libpq-dev postgresql libfasttext-dev fasttext libutf8proc-dev
  libgtest-dev libgmock-dev libbenchmark-dev libtomlplusplus-dev libgumbo-dev
  libzip-dev libfreexl-dev
  # Screenshots read (src/ocr): Tesseract with its Vietnamese and English models.
  libtesseract-dev tesseract-ocr-vie tesseract-ocr-eng
  curl ca-certificates python3 chromium wrk time
  # The published feeds' test reads the ClaimReview feed with a JSON-LD processor.
  python3-pyld
  # Reports (docs/reports.md): pdftoppm/pdftotext for their tests, and a font with every Vietnamese
  # letter (DejaVu Sans has all 146: every vowel with each tone, đ and Đ) for chromium's PDF.
  poppler-utils fonts-dejavu-core
  # The PostgreSQL store's tests start a throwaway cluster (scripts/pg-cluster.sh); Debian's package
  # also starts a cluster of its own, which the tests leave alone.
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node.js for the browser tests (the machine image may already have a newer one).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
# The dashboard's build (web/: Vite, TypeScript, uPlot) and the browser tests
# (playwright-core, axe-core), each from its package-lock.json.
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/web"
if [[ ! -x node_modules/.bin/vite || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
cd "$root/tests/e2e/web"
if [[ ! -d node_modules/playwright-core || ! -d node_modules/axe-core ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
