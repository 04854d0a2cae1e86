#!/usr/bin/env bash
# Lint benchmark on a synthetic brief (default 500 pages, about 1.6 MB of Markdown with one
# footnote per numbered paragraph). It times `dossier lint` (or, when the binary is not built,
# the equivalent bench/lint/lintfile driver) against pandoc reading the same Markdown with its
# footnotes and writing plain text, in the same run, and prints wall and CPU time for both and
# their ratio. Best of RUNS runs (default 3). CPU time (user+sys) is the fairer figure on a
# shared machine, where wall time includes waiting for a processor.
#
#   bench/lint/run.sh            # 500 pages
#   PAGES=100 RUNS=5 bench/lint/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PAGES=${PAGES:-500}
RUNS=${RUNS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go run ./bench/lint/genbrief -pages "$PAGES" > "$tmp/brief.md"
size=$(wc -c < "$tmp/brief.md")
notes=$(grep -c '^\[\^' "$tmp/brief.md" || true)

if [ -x ./dossier ] && ./dossier lint --help > /dev/null 2>&1; then
	lint=(./dossier lint "$tmp/brief.md")
	name="dossier lint"
else
	go build -o "$tmp/lintfile" ./bench/lint/lintfile
	lint=("$tmp/lintfile" "$tmp/brief.md")
	name="lintfile (docimport + lint)"
fi

# best WALL CPU over RUNS runs of a command; findings make dossier lint exit 1, which is fine
best() {
	local bw="" bc=""
	for _ in $(seq "$RUNS"); do
		/usr/bin/time -f "%e %U %S" -o "$tmp/t" "$@" > "$tmp/out" 2> "$tmp/err" || true
		read -r w u s < "$tmp/t"
		c=$(echo "$u + $s" | bc)
		if [ -z "$bw" ] || [ "$(echo "$w < $bw" | bc)" = 1 ]; then bw=$w; fi
		if [ -z "$bc" ] || [ "$(echo "$c < $bc" | bc)" = 1 ]; then bc=$c; fi
	done
	echo "$bw $bc"
}

read -r lw lc < <(best "${lint[@]}")
summary=$(head -c 300 "$tmp/out")
if command -v pandoc > /dev/null; then
	read -r pw pc < <(best pandoc -f markdown -t plain "$tmp/brief.md" -o /dev/null)
else
	pw=""
	pc=""
fi

printf 'brief: %d pages, %d bytes, %d footnotes\n' "$PAGES" "$size" "$notes"
printf '%-32s wall %6.2fs  cpu %6.2fs   %s\n' "$name" "$lw" "$lc" "$summary"
if [ -n "$pw" ]; then
	printf '%-32s wall %6.2fs  cpu %6.2fs\n' "pandoc -t plain (peer)" "$pw" "$pc"
	printf 'ratio lint/pandoc: wall %.2f  cpu %.2f\n' "$(echo "$lw / $pw" | bc -l)" "$(echo "$lc / $pc" | bc -l)"
else
	echo "pandoc not installed: no peer figure"
fi
