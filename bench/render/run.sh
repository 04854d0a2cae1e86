#!/bin/sh
# Render benchmark: a synthetic 500-paragraph indictment with 2,000 footnotes rendered to DOCX and
# PDF by dossier, beside pandoc converting the equivalent Markdown to DOCX in the same run.
# Usage: bench/render/run.sh [-paragraphs N] [-footnotes N] [-runs N] [-out DIR]
# Needs: go; pandoc for the comparison (apt-get install -y pandoc).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(mktemp -d)/renderbench
trap 'rm -rf "$(dirname "$bin")"' EXIT
(cd "$root" && go build -o "$bin" ./bench/render/cmd/renderbench)
echo "host: $(uname -sm), $(nproc 2>/dev/null || echo '?') CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
command -v pandoc >/dev/null && echo "pandoc: $(pandoc --version | head -1)"
"$bin" "$@"
echo
echo "go test -bench (internal/render, every format):"
(cd "$root" && go test -run '^$' -bench 'BenchmarkRender' -benchtime 5x ./internal/render | grep -E '^Benchmark')
