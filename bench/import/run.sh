#!/usr/bin/env bash
# Benchmark: import of a synthetic bundle of N sources (default 1,000,000) with dossier, beside
# the sqlite3 shell importing the same rows as CSV, in the same run.
#
#   bench/import/run.sh                 # 1M sources
#   N=100000 bench/import/run.sh        # smaller
#   KEEP=1 WORK=/tmp/bench bench/import/run.sh   # keep the files (the bundle is reused)
#   SKIP_BUILD=1 DOSSIER_BIN=/path/to/dossier bench/import/run.sh
#   ROUNDS=5 bench/import/run.sh        # rounds of the three contenders (default 3)
#
# Prints wall time and peak RSS (from /usr/bin/time -v) of:
#   dossier import      dossier --db DB import BUNDLE (YAML parse + validation + one transaction)
#   sqlite3 .import     sqlite3 DB ".mode csv" ".import rows.csv sources" (no index, no FTS)
#   sqlite3 +index+fts  the same rows into a table with a primary key on id and an FTS5 index on
#                       the title only
#   sqlite3 same work   the store's own rows (every column of dossier's `records` table, from a
#                       second CSV) into dossier's exact schema, read from the store's migrations:
#                       the unique key, the text column and the FTS5 index over that text, built
#                       in the same transaction. This is the work `dossier import` does to the
#                       database, done by the C shell; it bounds what any importer that keeps the
#                       full-text index current could reach.
# and the ratios. The first CSV has the fields id, kind, title, container-title, issued, URL and
# the record's JSON, extracted from dossier's own store so both import exactly the same rows.
set -euo pipefail

N=${N:-1000000}
BIN=${DOSSIER_BIN:-/tmp/dossier}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/dossier-bench-import.XXXXXX)}
mkdir -p "$WORK"
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$WORK"' EXIT; fi

for tool in /usr/bin/time sqlite3 go; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 2; }
done

if [[ -z "${SKIP_BUILD:-}" ]]; then
	echo "== build"
	(cd "$ROOT" && go build -o "$BIN" ./cmd/dossier)
fi

BUNDLE=$WORK/bundle
if [[ ! -f $BUNDLE/case.yaml ]]; then
	echo "== synth $N sources"
	"$BIN" synth --sources "$N" --facts 0 --out "$BUNDLE" >/dev/null
fi
du -shL "$BUNDLE" | awk '{print "bundle size: " $1}'

# measure LABEL CMD... : runs CMD under /usr/bin/time -v, records seconds and peak RSS (MiB).
declare -A SECS RSS CPU
measure() {
	local label=$1; shift
	local log=$WORK/time.$RANDOM.log
	if ! /usr/bin/time -v "$@" >"$WORK/out.log" 2>"$log"; then
		cat "$WORK/out.log" "$log" >&2
		echo "run.sh: $label failed" >&2
		exit 1
	fi
	local el rss
	CPU[$label]=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$log")
	el=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
	# h:mm:ss or m:ss.ss -> seconds
	SECS[$label]=$(echo "$el" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
	RSS[$label]=$(( rss / 1024 ))
	printf '%-20s %8.2f s wall  %8.2f s CPU  %6d MiB peak RSS\n' "$label" "${SECS[$label]}" "${CPU[$label]}" "${RSS[$label]}"
}

DB=$WORK/dossier.db
rm -f "$DB" "$DB"-wal "$DB"-shm "$DB"-journal
echo "== dossier import (first run; its store gives the CSV)"
measure "dossier import" "$BIN" --db "$DB" import "$BUNDLE"
tail -1 "$WORK/out.log"
ALL_D=${SECS[dossier import]} ALL_DC=${CPU[dossier import]} ALL_DR=${RSS[dossier import]}

echo "== CSV of the same rows (from dossier's store)"
CSV=$WORK/rows.csv
sqlite3 "$DB" >"$CSV" <<'SQL'
.headers on
.mode csv
SELECT json_extract(data, '$.id') AS id, json_extract(data, '$.kind') AS kind,
       json_extract(data, '$.title') AS title, json_extract(data, '$."container-title"') AS "container-title",
       json_extract(data, '$.issued') AS issued, json_extract(data, '$.URL') AS URL, data
FROM records WHERE kind = 'source' ORDER BY id;
SQL
ROWS=$(( $(wc -l <"$CSV") - 1 ))
du -h "$CSV" | awk -v n="$ROWS" '{print "rows.csv: " n " rows, " $1}'
[[ $ROWS -ge $N ]] || { echo "run.sh: CSV has $ROWS rows, expected at least $N (multi-line fields?)" >&2; }

# The same records, every column of the store's table (seq first), for the same-work peer.
CSV2=$WORK/records.csv
sqlite3 "$DB" >"$CSV2" <<'SQL'
.headers off
.mode csv
SELECT seq, case_id, kind, id, rev, op, data, sort_lo, sort_hi, text, deleted, at, who, why FROM records ORDER BY seq;
SQL
du -h "$CSV2" | awk '{print "records.csv: every column of the store'"'"'s records, " $1}'
SCHEMA=$WORK/schema.sql
cat "$ROOT"/internal/store/sqlite/migrations/*.sql >"$SCHEMA"

# The machine may be shared: ROUNDS rounds (default 3), each running the three contenders one
# after the other; every figure below is the range over the rounds.
ROUNDS=${ROUNDS:-3}
ALL_P="" ALL_PC="" ALL_Q="" ALL_QC=""
PEER=$WORK/peer.db
PEER2=$WORK/peer2.db
PEER3=$WORK/peer3.db
ALL_S="" ALL_SC=""
for round in $(seq 1 "$ROUNDS"); do
	echo "== round $round"
	if [[ $round -gt 1 ]]; then
		rm -f "$DB" "$DB"-wal "$DB"-shm "$DB"-journal
		measure "dossier import" "$BIN" --db "$DB" import "$BUNDLE"
		ALL_D="$ALL_D ${SECS[dossier import]}" ALL_DC="$ALL_DC ${CPU[dossier import]}" ALL_DR="$ALL_DR ${RSS[dossier import]}"
	fi
	rm -f "$PEER"
	measure "sqlite3 .import" sqlite3 "$PEER" ".mode csv" ".import $CSV sources"
	ALL_P="$ALL_P ${SECS[sqlite3 .import]}" ALL_PC="$ALL_PC ${CPU[sqlite3 .import]}"
	rm -f "$PEER2"
	measure "sqlite3 +index+fts" sqlite3 "$PEER2" \
		"CREATE TABLE sources (id TEXT PRIMARY KEY, kind TEXT, title TEXT, \"container-title\" TEXT, issued TEXT, URL TEXT, data TEXT)" \
		"CREATE VIRTUAL TABLE sources_fts USING fts5(title, content='sources', tokenize='unicode61 remove_diacritics 2')" \
		".mode csv" "BEGIN" ".import --skip 1 $CSV sources" "INSERT INTO sources_fts (rowid, title) SELECT rowid, title FROM sources" "COMMIT"
	ALL_Q="$ALL_Q ${SECS[sqlite3 +index+fts]}" ALL_QC="$ALL_QC ${CPU[sqlite3 +index+fts]}"
	rm -f "$PEER3" "$PEER3"-journal
	# dossier's page size and page cache (sqlite.Open), its schema, one transaction.
	measure "sqlite3 same work" sqlite3 "$PEER3" "PRAGMA page_size = 16384" "PRAGMA cache_size = -262144" \
		".read $SCHEMA" ".mode csv" "BEGIN" ".import $CSV2 records" \
		"INSERT INTO records_fts (rowid, text) SELECT seq, text FROM records WHERE text <> ''" "COMMIT"
	ALL_S="$ALL_S ${SECS[sqlite3 same work]}" ALL_SC="$ALL_SC ${CPU[sqlite3 same work]}"
done
same=$(sqlite3 "$PEER3" "SELECT count(*) FROM records; SELECT count(*) FROM records_fts WHERE records_fts MATCH 'artillery'" | paste -sd' ')
mine=$(sqlite3 "$DB" "SELECT count(*) FROM records; SELECT count(*) FROM records_fts WHERE records_fts MATCH 'artillery'" | paste -sd' ')
echo "same-work peer rows and hits for 'artillery': $same (dossier's store: $mine)"
[[ $same == "$mine" ]] || echo "run.sh: the same-work peer's store differs from dossier's" >&2
sqlite3 "$PEER" "SELECT count(*) FROM sources" | awk '{print "peer rows: " $1}'

echo "== result (N=$N, $ROUNDS rounds)"
nproc | awk '{print "CPUs: " $1}'; uptime
range() { echo "$1" | tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {printf "%.2f-%.2f", v[1], v[NR]}'; }
printf 'dossier import        %s s wall  %s s CPU  %s MiB peak RSS\n' "$(range "$ALL_D")" "$(range "$ALL_DC")" "$(range "$ALL_DR")"
printf 'sqlite3 .import       %s s wall  %s s CPU\n' "$(range "$ALL_P")" "$(range "$ALL_PC")"
printf 'sqlite3 +index+fts    %s s wall  %s s CPU\n' "$(range "$ALL_Q")" "$(range "$ALL_QC")"
printf 'sqlite3 same work     %s s wall  %s s CPU\n' "$(range "$ALL_S")" "$(range "$ALL_SC")"
# Ratios per round (the contenders of a round ran minutes apart, under the same load).
d=($ALL_D) p=($ALL_P) q=($ALL_Q) w=($ALL_S)
for i in "${!d[@]}"; do
	awk -v r=$((i + 1)) -v d="${d[$i]}" -v p="${p[$i]}" -v q="${q[$i]}" -v w="${w[$i]}" 'BEGIN {
		printf "round %d: dossier / sqlite3 .import %.2fx (goal: <= 2x), dossier / sqlite3 +index+fts %.2fx, dossier / sqlite3 same work %.2fx; sqlite3 same work / sqlite3 .import %.2fx\n", r, d/p, d/q, d/w, w/p }'
done
awk -v d="$(range "$ALL_D")" 'BEGIN { split(d, a, "-"); printf "dossier import under 60 s: %s\n", (a[2] < 60 ? "yes" : "no") }'
