#!/bin/sh
# bench/layouts.sh JIXIAO: reading speed per text layout.  Each layout's
# corpus file (the fixture's 16 forms, tests/layouts/corpus) is repeated to
# 25,008 forms and checked with --format json (read, score, audit, render).
set -eu
JX=$1
COPIES=${BENCH_LAYOUT_COPIES:-1563}
mkdir -p build/bench
forms=$((COPIES * 16))
echo "per layout: $forms forms each (check --format json)"
for f in tests/layouts/corpus/*; do
	name=$(basename "$f")
	layout=${name%%.*}
	in=build/bench/layout-$COPIES-$name
	if [ ! -f "$in" ]; then
		i=0
		while [ $i -lt "$COPIES" ]; do cat "$f"; echo; i=$((i + 1)); done >"$in"
	fi
	bytes=$(wc -c <"$in")
	t0=$(date +%s.%N)
	/usr/bin/time -f %M -o build/bench/rss "$JX" check --format json "$in" >build/bench/out.json 2>/dev/null || true
	t1=$(date +%s.%N)
	got=$(jq '.forms | length' build/bench/out.json)
	awk -v l="$layout" -v t0="$t0" -v t1="$t1" -v f="$forms" -v got="$got" -v b="$bytes" \
		-v rss="$(tail -n 1 build/bench/rss)" 'BEGIN {
		s = t1 - t0
		printf "%-10s %7.2f s  %8.0f forms/s  %6.1f MB/s  peak RSS %6.1f MB  (%d of %d forms read)\n",
			l, s, f / s, b / s / 1048576, rss / 1024, got, f
	}'
done
