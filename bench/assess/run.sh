#!/bin/sh
# Benchmark of the assessment: a synthetic case of 10,000 sources, 100,000 facts and 1,000,000
# findings (dossier synth), imported into a fresh SQLite store, then assessed from the store
# (dossier assess --json). The in-process figures (full run and incremental update, without the
# store) come from the Go benchmarks in internal/assess. The peer is the sqlite3 shell reading the
# same findings table (when installed), so that the store's share of the time is visible.
# Usage: bench/assess/run.sh [WORKDIR]   (default: a temporary directory)
set -eu
cd "$(dirname "$0")/../.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
bin="$work/dossier"
go build -o "$bin" ./cmd/dossier
now() { date +%s.%N; }
el() { echo "$2 - $1" | bc; }

echo "== generate: dossier synth --sources 10000 --facts 100000 --findings 1000000"
t0=$(now); "$bin" synth --sources 10000 --facts 100000 --findings 1000000 --out "$work/case" >/dev/null; t1=$(now)
echo "synth: $(el "$t0" "$t1") s"

rm -f "$work/a.db"*
t0=$(now); "$bin" --db "$work/a.db" import "$work/case" >/dev/null; t1=$(now)
echo "import: $(el "$t0" "$t1") s"

t0=$(now); "$bin" --db "$work/a.db" assess --json >"$work/assessment.json"; t1=$(now)
assess=$(el "$t0" "$t1")
echo "dossier assess --json (load 1M findings from the store + assess + write JSON): $assess s"

if command -v sqlite3 >/dev/null 2>&1; then
  t0=$(now); sqlite3 "$work/a.db" "select count(*) from records where kind='finding'" >/dev/null 2>&1 || true; t1=$(now)
  peer=$(el "$t0" "$t1")
  echo "peer: sqlite3 shell counting the findings: $peer s (ratio assess/peer: $(echo "scale=1; $assess / $peer" | bc))"
else
  echo "peer: sqlite3 shell not installed (apt-get install sqlite3)"
fi

echo "== where dossier assess --json spends its time (bench/assess/phases, same store)"
go run ./bench/assess/phases "$work/a.db"

echo "== in-process (go test -bench, internal/assess): full run and incremental changes"
go test -run XXX -bench . -benchtime 5x ./internal/assess | grep -E '^Benchmark'
echo "machine: $(nproc) CPU(s), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
