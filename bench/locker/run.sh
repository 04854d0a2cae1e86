#!/usr/bin/env bash
# Evidence-locker benchmarks, each beside a peer measured in the same run:
#  (a) SHA-256 hashing throughput of the blob store's code path vs `openssl dgst -sha256`
#      on the same files (goal: >= 0.8x openssl);
#  (b) capturing N pages from a loopback server with capture.CaptureAll vs
#      `wget --warc-file` on the same URLs (goal: >= 2x faster): the library writing
#      one WARC for the batch (Options.OneWARC, one blob, one group commit), the
#      library with a WARC blob and a body blob per page (group commit, and an
#      fsync per blob), and the whole `dossier capture` command (WARC files of
#      1 MiB, each durable as it closes; the capture records stored in one SQLite
#      transaction while the pages are fetched, committed once every page is in;
#      custody entries; everything durable). Each round prints wget's and the
#      command's times and their ratio; the summary gives the best of the rounds.
# Usage: bench/locker/run.sh [PAGES] [HASH_MIB_PER_FILE] [FILES]
# SKIP_HASH=1 skips (a); ROUNDS=N sets the number of interleaved rounds (3).
set -euo pipefail

PAGES=${1:-1000}
MIB=${2:-256}
NFILES=${3:-4}
JOBS=${JOBS:-16}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lockerbench.XXXXXX")
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

for tool in openssl wget; do
	command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install $tool)"; exit 2; }
done
(cd "$ROOT" && go build -o "$WORK/lockerbench" ./bench/locker/lockerbench && go build -o "$WORK/dossier" ./cmd/dossier)
B="$WORK/lockerbench"
D="$WORK/dossier"

now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

if [ "${SKIP_HASH:-0}" != 1 ]; then
echo "== (a) hashing: $NFILES files x $MIB MiB"
files=()
for i in $(seq 1 "$NFILES"); do
	f="$WORK/data$i.bin"
	head -c $((MIB * 1024 * 1024)) /dev/urandom >"$f"
	files+=("$f")
done
cat "${files[@]}" >/dev/null # warm the page cache for both tools
bytes=$((MIB * 1024 * 1024 * NFILES))
best_ssl=999999
best_go=999999
for run in 1 2 3; do
	t0=$(now); openssl dgst -sha256 "${files[@]}" >"$WORK/ssl.sum"; t1=$(now)
	s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	best_ssl=$(awk -v a="$best_ssl" -v b="$s" 'BEGIN { print (b < a) ? b : a }')
	t0=$(now); "$B" hash "${files[@]}" >"$WORK/go.sum"; t1=$(now)
	s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	best_go=$(awk -v a="$best_go" -v b="$s" 'BEGIN { print (b < a) ? b : a }')
done
# Same digests from both tools.
for f in "${files[@]}"; do
	a=$(grep -F "$f" "$WORK/ssl.sum" | awk '{print $NF}')
	b=$(grep -F "$f" "$WORK/go.sum" | awk '{print $1}')
	[ "$a" = "$b" ] || { echo "digest mismatch for $f: openssl $a, blob $b"; exit 1; }
done
ssl_mbps=$(awk -v b="$bytes" -v s="$best_ssl" 'BEGIN { printf "%.1f", b / s / 1e6 }')
go_mbps=$(awk -v b="$bytes" -v s="$best_go" 'BEGIN { printf "%.1f", b / s / 1e6 }')
echo "openssl dgst -sha256: ${ssl_mbps} MB/s (best of 3, whole process)"
echo "blob store hashing:   ${go_mbps} MB/s (best of 3, whole process)"
echo "ratio blob/openssl:   $(ratio "$go_mbps" "$ssl_mbps") (goal >= 0.80)"
"$B" put "$WORK/store-put" "${files[@]}" | sed 's/^/blob.Dir.Put (hash+write+fsync): /'
rm -f "${files[@]}"
fi

echo "== (b) capture: $PAGES pages from a loopback server"
"$B" serve -n "$PAGES" -urls "$WORK/urls.txt" >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
	grep -q ready "$WORK/server.out" 2>/dev/null && break
	sleep 0.1
done
grep -q ready "$WORK/server.out" || { echo "server did not start"; exit 1; }

# The machine may be shared: run every contender ROUNDS times, interleaved,
# and keep each one's best time.
ROUNDS=${ROUNDS:-3}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
wget_s="" wget_plain_s="" ours_s="" page_s="" each_s="" cli_s="" shm_s="" rmin="" rmax=""
mapfile -t URLS <"$WORK/urls.txt"
for round in $(seq 1 "$ROUNDS"); do
	rm -rf "$WORK/wget" "$WORK/wget-plain" "$WORK/store" "$WORK/store-page" "$WORK/store-each" "$WORK/cli"
	mkdir -p "$WORK/wget" "$WORK/wget-plain"
	t0=$(now)
	(cd "$WORK/wget" && wget -q --warc-file=pages -i "$WORK/urls.txt" -P out) || true
	t1=$(now)
	wget_round=$(elapsed "$t0" "$t1")
	wget_s=$(best "$wget_s" "$wget_round")
	got=$(find "$WORK/wget/out" -type f | wc -l)
	[ "$got" -eq "$PAGES" ] || echo "warning: wget saved $got of $PAGES pages"

	t0=$(now)
	"$B" capture -urls "$WORK/urls.txt" -store "$WORK/store" -j "$JOBS" >"$WORK/capture.out"
	t1=$(now)
	ours_s=$(best "$ours_s" "$(elapsed "$t0" "$t1")")
	[ "$round" -eq 1 ] && cat "$WORK/capture.out"

	t0=$(now)
	"$B" capture -urls "$WORK/urls.txt" -store "$WORK/store-page" -j "$JOBS" -per-page >/dev/null
	t1=$(now)
	page_s=$(best "$page_s" "$(elapsed "$t0" "$t1")")

	t0=$(now)
	"$B" capture -urls "$WORK/urls.txt" -store "$WORK/store-each" -j "$JOBS" -per-page -each >/dev/null
	t1=$(now)
	each_s=$(best "$each_s" "$(elapsed "$t0" "$t1")")

	# The whole command: blobs, capture records (one SQLite transaction), custody entries.
	mkdir -p "$WORK/cli"
	"$D" --db "$WORK/cli/d.db" import "$ROOT/internal/bundle/testdata/good" >/dev/null
	t0=$(now)
	"$D" --db "$WORK/cli/d.db" capture --allow-loopback --concurrency "$JOBS" "${URLS[@]}" >/dev/null
	t1=$(now)
	cli_round=$(elapsed "$t0" "$t1")
	cli_s=$(best "$cli_s" "$cli_round")
	r=$(ratio "$wget_round" "$cli_round")
	rmin=$(awk -v a="$rmin" -v b="$r" 'BEGIN { print (a == "" || b < a) ? b : a }')
	rmax=$(awk -v a="$rmax" -v b="$r" 'BEGIN { print (a == "" || b > a) ? b : a }')
	echo "round $round: wget --warc-file ${wget_round} s, dossier capture ${cli_round} s: ${r}x (load $(cut -d' ' -f1 /proc/loadavg))"
	[ "$round" -eq 1 ] && "$D" --db "$WORK/cli/d.db" verify | tail -1

	t0=$(now)
	(cd "$WORK/wget-plain" && wget -q --no-warc-compression --warc-file=pages -i "$WORK/urls.txt" -P out) || true
	t1=$(now)
	wget_plain_s=$(best "$wget_plain_s" "$(elapsed "$t0" "$t1")")

	if [ -d /dev/shm ] && [ -w /dev/shm ]; then
		# Same capture with the blob store on tmpfs, where fsync costs nothing:
		# shows how much of the time is the durability guarantee.
		SHM=$(mktemp -d /dev/shm/lockerbench.XXXXXX)
		t0=$(now)
		"$B" capture -urls "$WORK/urls.txt" -store "$SHM/store" -j "$JOBS" >/dev/null
		t1=$(now)
		rm -rf "$SHM"
		shm_s=$(best "$shm_s" "$(elapsed "$t0" "$t1")")
	fi
done
echo "best of $ROUNDS interleaved rounds:"
echo "wget --warc-file (gzip WARC):        ${wget_s} s"
echo "wget --warc-file --no-warc-compression: ${wget_plain_s} s"
echo "capture library (-j $JOBS, one WARC blob for the batch, group commit): ${ours_s} s"
echo "capture library, WARC + body blob per page, group commit: ${page_s} s"
echo "capture library, WARC + body blob per page, fsync per blob: ${each_s} s"
echo "dossier capture command (blobs + records + custody, all durable): ${cli_s} s"
[ -n "$shm_s" ] && echo "capture library, store on tmpfs (fsync free):   ${shm_s} s"
echo "speed-up vs wget (gzip):  library $(ratio "$wget_s" "$ours_s")x, command $(ratio "$wget_s" "$cli_s")x, per-page blobs $(ratio "$wget_s" "$page_s")x, fsync per blob $(ratio "$wget_s" "$each_s")x (goal >= 2)"
echo "command vs wget (gzip) round by round: ${rmin}x to ${rmax}x (goal >= 2)"
echo "speed-up vs wget (plain): library $(ratio "$wget_plain_s" "$ours_s")x, command $(ratio "$wget_plain_s" "$cli_s")x"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
