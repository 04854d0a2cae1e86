#!/usr/bin/env bash
# Benchmark: ranked full-text search (top 20) over N synthetic source texts (default 1,000,000),
# through dossier's store, beside the same FTS5 MATCH expressions run raw in the sqlite3 shell on a
# plain FTS5 table holding exactly the same texts, in the same run. Reports p50 and p95 of both
# and their ratio (goal: dossier p95 <= 1.2x raw).
#
# dossier is timed twice: the default pure-Go build (modernc.org/sqlite) and the opt-in native
# build (-tags 'sqlite_native sqlite_fts5': mattn/go-sqlite3, cgo), each beside the same MATCH run
# raw through its own driver. Set NATIVE=0 to skip the native build (it needs gcc).
#
#   bench/search/run.sh                         # builds a 1M-source store (slow the first time)
#   STORE=/tmp/bench-import/dossier.db bench/search/run.sh   # reuse bench/import's store
set -euo pipefail
N=${N:-1000000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/dossier-bench-search}
mkdir -p "$WORK"
BIN=$WORK/dossier
NATIVE=${NATIVE:-1}
NATIVE_TAGS='sqlite_native sqlite_fts5'
(cd "$ROOT" && go build -o "$BIN" ./cmd/dossier && go build -o "$WORK/searchbench" ./bench/search/searchbench)
if [[ $NATIVE == 1 ]]; then
	(cd "$ROOT" && go build -tags "$NATIVE_TAGS" -o "$WORK/searchbench-native" ./bench/search/searchbench)
fi
command -v sqlite3 >/dev/null || { echo "run.sh: sqlite3 is required (apt-get install sqlite3)" >&2; exit 2; }

if [[ -n ${STORE:-} && ! -f $STORE ]]; then
	# Never build into a path someone else named (another benchmark may be rewriting it).
	echo "run.sh: STORE=$STORE does not exist (unset STORE to build one in $WORK)" >&2
	exit 2
fi
STORE=${STORE:-$WORK/dossier.db}
if [[ ! -f $STORE ]]; then
	echo "== synth and import $N sources"
	"$BIN" synth --sources "$N" --facts 0 --out "$WORK/bundle" >/dev/null
	"$BIN" --db "$STORE" import "$WORK/bundle" >/dev/null
fi
RAW=$WORK/raw.db
if [[ ! -f $RAW ]]; then
	echo "== raw FTS5 table over the same texts"
	sqlite3 "$RAW" "ATTACH '$STORE' AS d" \
		"CREATE VIRTUAL TABLE fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')" \
		"INSERT INTO fts(rowid, text) SELECT seq, text FROM d.records WHERE deleted = 0 AND text <> ''"
fi
echo "corpus: $(sqlite3 "$RAW" 'SELECT count(*) FROM fts') texts"
REPS=${REPS:-5}
"$WORK/searchbench" -db "$STORE" -raw "$RAW" -reps "$REPS" -match-out "$WORK/match.txt" | tee "$WORK/ours.txt"
if [[ $NATIVE == 1 ]]; then
	"$WORK/searchbench-native" -db "$STORE" -raw "$RAW" -reps "$REPS" | tee -a "$WORK/ours.txt"
fi

# The sqlite3 shell peer: the same MATCH expressions, warm-up round first, times from .timer.
{
	echo ".timer on"
	for r in $(seq 0 "$REPS"); do
		while IFS= read -r m; do
			q=${m//\'/\'\'}
			echo "SELECT rowid, bm25(fts) FROM fts WHERE fts MATCH '$q' ORDER BY rank LIMIT 20;"
		done <"$WORK/match.txt"
	done
} >"$WORK/peer.sql"
sqlite3 "$RAW" <"$WORK/peer.sql" 2>&1 | awk -v n="$(wc -l <"$WORK/match.txt")" '
	/^Run Time: real/ { i++; if (i > n) t[++k] = $4 * 1000 }
	END {
		asort(t)
		p50 = t[int(0.50 * (k - 1)) + 1]; p95 = t[int(0.95 * (k - 1)) + 1]
		printf "%-24s p50 %8.2f ms  p95 %8.2f ms  (%d runs)\n", "sqlite3 shell (raw)", p50, p95, k
		print p50, p95 > "/dev/stderr"
	}' 2>"$WORK/peer.p" | tee -a "$WORK/ours.txt"
read -r pp50 pp95 <"$WORK/peer.p"
for label in "dossier search" "dossier-native search"; do
	dp50= dp95=
	read -r dp50 dp95 < <(awk -v l="^$label" '$0 ~ l {print $4, $7}' "$WORK/ours.txt") || true
	[[ -n ${dp95:-} ]] || continue
	awk -v l="${label% search}" -v a="$dp50" -v b="$pp50" -v c="$dp95" -v d="$pp95" 'BEGIN {
		printf "%s / sqlite3 shell: p50 %.2fx  p95 %.2fx (goal p95 <= 1.2x)\n", l, a / b, c / d }'
done
