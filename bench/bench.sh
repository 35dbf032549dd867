#!/bin/sh
# bench/bench.sh JIXIAO: throughput of the hot path (read, score, audit,
# render) on a generated file of 100,000 forms, and peak memory, each beside
# two floors measured in the same run: bench/floor.py (the least a reader
# must do: each title and its 全年预算数, a line looked at once) and
# `wc -l`.  Ratios to them say more than seconds on a busy machine; both
# change with the machine, so read them from the same run.  --jobs 1 is one
# core; without --jobs, check uses every core this process may use.
set -eu
JX=$1
COPIES=${BENCH_COPIES:-6250} # x 16 forms = 100,000
mkdir -p build/bench
F=build/bench/forms-$COPIES.txt
[ -f "$F" ] || sh bench/gen.sh "$COPIES" "$F"
forms=$((COPIES * 16))
bytes=$(wc -c <"$F")

now() { date +%s.%N; }

# elapsed LABEL CMD...: seconds into $secs, peak RSS (KB) into $rss
elapsed() {
	t0=$(now)
	/usr/bin/time -f %M -o build/bench/rss "$@" >/dev/null 2>&1 || true
	t1=$(now)
	rss=$(tail -n 1 build/bench/rss)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

elapsed python3 bench/floor.py "$F"
floor=$secs
elapsed wc -l "$F"
wc=$secs
echo "input: $F: $forms forms, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MB; $(nproc) CPUs"
awk -v f="$floor" -v w="$wc" -v b="$bytes" 'BEGIN {
	printf "floor: bench/floor.py %.2f s (%.1f MB/s), wc -l %.2f s (%.0f MB/s)\n", f, b / f / 1048576, w, b / w / 1048576 }'

run() {
	label=$1
	shift
	elapsed "$@"
	awk -v l="$label" -v s="$secs" -v f="$forms" -v b="$bytes" -v rss="$rss" -v fl="$floor" -v wc="$wc" 'BEGIN {
		printf "%-30s %7.2f s  %7.0f forms/s  %5.1f MB/s  peak RSS %5.1f MB  %5.1f× floor.py  %5.0f× wc -l\n",
			l, s, f / s, b / s / 1048576, rss / 1024, s / fl, s / wc
	}'
}

run "check --format json --jobs 1" "$JX" check --format json --jobs 1 "$F"
one=$secs
run "check --format json" "$JX" check --format json "$F"
awk -v a="$one" -v b="$secs" 'BEGIN { printf "  every core: %.2f× one core\n", a / b }'
run "check (text)" "$JX" check "$F"
run "check, audit silenced" "$JX" check --format json \
	$("$JX" check --list | awk '{ printf "--check %s=ignore ", $1 }') "$F"
# the profile that applies the most rules per form (caps, deviation penalty)
run "check --profile provincial" "$JX" check --format json --profile provincial-example "$F"
# the JSON round trip: check's own output of the 100,000 forms read back
# (mapped and read a form at a time: any size, memory of one form)
t0=$(now)
"$JX" check --format json "$F" >build/bench/forms.json 2>/dev/null || true
run "check of check's JSON" "$JX" check --format json build/bench/forms.json
t1=$(now)
echo "  JSON of them: $(awk -v b="$(wc -c <build/bench/forms.json)" 'BEGIN { printf "%.1f", b / 1048576 }') MB; written and read back in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"
rm -f build/bench/forms.json
# the other commands that read every form: into a new database, one HTML file, the report
rm -f build/bench/bench.db build/bench/bench.db-wal build/bench/bench.db-shm
run "import (new database)" "$JX" import --db build/bench/bench.db "$F"
echo "  database: $(($(wc -c <build/bench/bench.db) >> 20)) MB"
rm -f build/bench/bench.db build/bench/bench.db-wal build/bench/bench.db-shm
run "render --format html" "$JX" render --format html "$F"
run "report" "$JX" report -o build/bench/report "$F"
echo "  report.html: $(($(wc -c <build/bench/report/report.html) >> 20)) MB"
rm -rf build/bench/report
