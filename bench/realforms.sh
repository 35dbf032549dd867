#!/bin/sh
# bench/realforms.sh JIXIAO: what reading published forms costs.
#   1. `check --format json` on the 100,000-form corpus (bench.sh's), by this
#      binary and by the one of BENCH_BASE (default: the commit before the
#      template reader, 8bd7347), built from git in build/bench/base, in
#      paired runs (three each, the best kept): the ratio is the figure;
#      the corpus streams through the standard reader, so it should be ~1.
#   2. the template reader on the regression forms of tests/realforms/
#      (small texts read by both readers), forms per second.
# Timings are wall-clock on this machine; ratios are what to compare.
set -eu
JX=$1
BASE=${BENCH_BASE:-8bd7347}
COPIES=${BENCH_COPIES:-6250}
mkdir -p build/bench
F=build/bench/forms-$COPIES.txt
[ -f "$F" ] || sh bench/gen.sh "$COPIES" "$F"
B=build/bench/base
if [ ! -x "$B/build/jixiao" ] || [ "$(cat "$B/.rev" 2>/dev/null)" != "$BASE" ]; then
	rm -rf "$B" && mkdir -p "$B"
	git archive "$BASE" | tar -x -C "$B"
	(cd "$B" && make -s -j2 build/jixiao >/dev/null 2>&1)
	echo "$BASE" >"$B/.rev"
fi
best() { # best of three wall-clock seconds of "$@"
	b=
	for _ in 1 2 3; do
		t0=$(date +%s.%N)
		"$@" >/dev/null 2>&1 || true
		t1=$(date +%s.%N)
		b=$(awk -v a="$t1" -v c="$t0" -v b="$b" 'BEGIN { s = a - c; print (b == "" || s < b) ? s : b }')
	done
	echo "$b"
}
base=$(best "$B/build/jixiao" check --format json "$F")
new=$(best "$JX" check --format json "$F")
awk -v b="$base" -v n="$new" -v f=$((COPIES * 16)) 'BEGIN {
	printf "check --format json, %d forms: base %.2f s, now %.2f s: %.0f%% of the base speed\n", f, b, n, 100 * b / n
}'
# the template reader: every regression form, 50 times over
files=$(ls tests/realforms/*.txt)
nf=$(echo "$files" | wc -l)
t0=$(date +%s.%N)
i=0
while [ $i -lt 50 ]; do
	"$JX" check --format json $files >/dev/null 2>&1 || true
	i=$((i + 1))
done
t1=$(date +%s.%N)
awk -v a="$t1" -v c="$t0" -v n=$((nf * 50)) 'BEGIN {
	printf "published forms (tests/realforms, both readers tried): %d files in %.2f s, %.0f files/s\n", n, a - c, n / (a - c)
}'
