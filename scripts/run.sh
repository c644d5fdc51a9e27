#!/usr/bin/env bash
# The README's two commands:
#   scripts/run.sh serve   build the site (with the Go runner) and serve it at http://127.0.0.1:4321/
#   scripts/run.sh test    run every test: types, unit/property/comparison, calibration subset, browser tests
# Both first run scripts/setup.sh, which installs what a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
export ASTRO_TELEMETRY_DISABLED=1
case "${1:-}" in
  serve) scripts/setup.sh && exec npm run serve ;;
  dev) scripts/setup.sh && exec npm run dev ;;
  test) scripts/setup.sh && exec npm test ;;
  *) echo "usage: scripts/run.sh serve|test|dev" >&2; exit 2 ;;
esac
