#!/bin/sh
# bench/bench.sh JIXIAO: throughput of the hot path (read, score, audit,
# render) on a generated file of 100,000 forms, and peak memory.  Timings are
# wall-clock on this machine; run it twice and read the second.
set -eu
JX=$1
COPIES=${BENCH_COPIES:-6250} # x 16 forms = 100,000
mkdir -p build/bench
F=build/bench/forms-$COPIES.txt
[ -f "$F" ] || sh bench/gen.sh "$COPIES" "$F"
forms=$((COPIES * 16))
bytes=$(wc -c <"$F")

now() { date +%s.%N; }

run() {
	label=$1
	shift
	t0=$(now)
	/usr/bin/time -f %M -o build/bench/rss "$@" >/dev/null 2>&1 || true
	t1=$(now)
	rss=$(tail -n 1 build/bench/rss)
	awk -v l="$label" -v t0="$t0" -v t1="$t1" -v f="$forms" -v b="$bytes" -v rss="$rss" 'BEGIN {
		s = t1 - t0
		printf "%-28s %7.2f s  %9.0f forms/s  %6.1f MB/s  peak RSS %.1f MB\n", l, s, f / s, b / s / 1048576, rss / 1024
	}'
}

echo "input: $F: $forms forms, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MB"
run "check --format json" "$JX" check --format json "$F"
run "check (text)" "$JX" check "$F"
run "check, audit silenced" "$JX" check --format json \
	$("$JX" check --list | awk '{ printf "--check %s=ignore ", $1 }') "$F"
# the profile that applies the most rules per form (caps, deviation penalty)
run "check --profile provincial" "$JX" check --format json --profile provincial-example "$F"
# the JSON round trip: check's own output of the 100,000 forms read back
# (mapped and read a form at a time: any size, memory of one form)
"$JX" check --format json "$F" >build/bench/forms.json 2>/dev/null || true
bytes=$(wc -c <build/bench/forms.json)
echo "check's JSON of them: $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MB"
run "check of check's JSON" "$JX" check --format json build/bench/forms.json
rm -f build/bench/forms.json
