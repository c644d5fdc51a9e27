#!/usr/bin/env bash
# CI subset of the calibration harness (target: well under 2 minutes).
#   1. go vet, on Go 1.19 (classic maps) and Go 1.26 (Swiss maps)
#   2. go test: gctrace parser (real lines of both versions), map layout
#      readers (exact bytes vs HeapAlloc), runner checks
#   3. the "ci" plan on both versions: small scenarios whose structure is
#      checked against the runtime's rules (cmd/runner/check.go)
# Exits non-zero with a message naming the failed step.
# Override the toolchains with GO119=/path/to/go and GO126=/path/to/go.
set -u
cd "$(dirname "$0")"
GO119=${GO119:-/usr/lib/go-1.19/bin/go}
GO126=${GO126:-go}
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
start=$(date +%s)

fail() { echo "calibration/ci.sh: FAILED: $*" >&2; exit 1; }

if ! command -v "$GO119" >/dev/null 2>&1; then
  fail "Go 1.19 not found at $GO119. Install it with: apt-get install golang-1.19-go (or set GO119=/path/to/go1.19/bin/go)"
fi
command -v "$GO126" >/dev/null 2>&1 || fail "Go 1.26 ('$GO126') not found; set GO126=/path/to/go1.26/bin/go"
v119=$("$GO119" env GOVERSION) ; v126=$("$GO126" env GOVERSION)
case "$v119" in go1.19.*) ;; *) fail "GO119 is $v119, expected go1.19.x" ;; esac
case "$v126" in go1.26.*) ;; *) fail "GO126 is $v126, expected go1.26.x" ;; esac
echo "calibration/ci.sh: $v119 and $v126"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for g in "$GO119" "$GO126"; do
  v=$("$g" env GOVERSION)
  "$g" vet ./... || fail "go vet on $v"
  "$g" test -count=1 ./... || fail "go test on $v"
done

"$GO126" build -o "$tmp/runner" ./cmd/runner || fail "building cmd/runner"
for g in "$GO119" "$GO126"; do
  v=$("$g" env GOVERSION)
  "$tmp/runner" -go "$g" -plan ci -out "$tmp/data" -check || fail "ci scenarios on $v (structure does not match the runtime's rules; see the FAIL lines above)"
done
echo "calibration/ci.sh: ok in $(( $(date +%s) - start ))s"
