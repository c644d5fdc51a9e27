#!/usr/bin/env bash
# Records the full calibration data sets on Go 1.19 (classic maps) and Go 1.26
# (Swiss maps, Green Tea GC), derives the cost constants and writes the tables.
#   data/<goversion>/*.jsonl     one result per line (FORMAT.md)
#   constants/go1.19.json, constants/go1.26.json
#   data/README.md               summary tables + agreement with reference/go1.19-shared
# Not run by CI (about 25-30 minutes on the 2-core machine, more under load).
# Override the toolchains with GO119=... GO126=...; pass runner flags after --,
# e.g. ./run-full.sh -- -filter churn
set -u
cd "$(dirname "$0")"
GO119=${GO119:-/usr/lib/go-1.19/bin/go}
GO126=${GO126:-go}
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
extra=()
if [ "${1:-}" = "--" ]; then shift; extra=("$@"); fi

fail() { echo "calibration/run-full.sh: FAILED: $*" >&2; exit 1; }
command -v "$GO119" >/dev/null 2>&1 || fail "Go 1.19 not found at $GO119. Install it with: apt-get install golang-1.19-go"
command -v "$GO126" >/dev/null 2>&1 || fail "Go 1.26 ('$GO126') not found"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$GO126" build -o "$tmp/runner" ./cmd/runner || fail "building cmd/runner"

timing=data/timing.md
mkdir -p data
start=$(date +%s)
lines=()
for g in "$GO119" "$GO126"; do
  v=$("$g" env GOVERSION)
  t0=$(date +%s)
  if ! "$tmp/runner" -go "$g" -plan full -out data "${extra[@]}"; then
    echo "run-full.sh: retrying the failed runs of $v once" >&2
    "$tmp/runner" -go "$g" -plan full -out data -retry-failed "${extra[@]}" ||
      echo "run-full.sh: some runs of $v failed again (kept in the data with their errors)" >&2
  fi
  t1=$(date +%s)
  lines+=("| $v | $(( (t1 - t0) / 60 )) min $(( (t1 - t0) % 60 )) s |")
done
end=$(date +%s)

"$GO126" run ./derive -data "data/$("$GO119" env GOVERSION)" -out constants/go1.19.json || fail "derive go1.19"
"$GO126" run ./derive -data "data/$("$GO126" env GOVERSION)" -out constants/go1.26.json || fail "derive go1.26"

{
  echo "Full run (\`./run-full.sh\`, finished $(date -u +%Y-%m-%dT%H:%MZ)): $(( (end - start) / 60 )) min $(( (end - start) % 60 )) s wall for both versions."
  echo
  echo "| data set | runner wall |"
  echo "|---|---|"
  printf '%s\n' "${lines[@]}"
} > "$timing"
"$GO126" run ./cmd/summarize -data data -ref reference/go1.19-shared -out data/README.md -timing "$timing" || fail "summarize"
echo "calibration/run-full.sh: done in $(( end - start ))s (+ derive and tables)"
