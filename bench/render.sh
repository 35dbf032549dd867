#!/bin/sh
# bench/render.sh JIXIAO: documents from 10,000 forms (625 units): the HTML
# of every form, the report, and an XLSX of 4,000 forms (a workbook holds
# at most 4,096 sheets); render and report on one core (--jobs 1) and on
# every core.
set -eu
JX=$1
COPIES=${BENCH_IMPORT_COPIES:-625}
mkdir -p build/bench
F=build/bench/import-$COPIES.txt
[ -f "$F" ] || sh bench/gen.sh "$COPIES" "$F"
X=build/bench/render-250.txt
[ -f "$X" ] || sh bench/gen.sh 250 "$X"
now() { date +%s.%N; }
run() {
	label=$1 forms=$2 out=$3
	shift 3
	t0=$(now)
	/usr/bin/time -f %M -o build/bench/rss "$@" >/dev/null 2>&1
	t1=$(now)
	awk -v l="$label" -v t0="$t0" -v t1="$t1" -v f="$forms" -v rss="$(tail -n 1 build/bench/rss)" \
		-v size="$(stat -c %s "$out")" 'BEGIN {
		s = t1 - t0
		printf "%-28s %7.2f s  %9.0f forms/s  peak RSS %.1f MB  output %.1f MB\n",
			l, s, f / s, rss / 1024, size / 1048576 }'
}
echo "render: $F: $((COPIES * 16)) forms"
run "render --format html --jobs 1" $((COPIES * 16)) build/bench/r.html "$JX" render --format html --jobs 1 -o build/bench/r.html "$F"
run "render --format html" $((COPIES * 16)) build/bench/r.html "$JX" render --format html -o build/bench/r.html "$F"
run "report --jobs 1" $((COPIES * 16)) build/bench/report/report.html "$JX" report --jobs 1 -o build/bench/report "$F"
run "report" $((COPIES * 16)) build/bench/report/report.html "$JX" report -o build/bench/report "$F"
run "render --format xlsx (4000)" 4000 build/bench/r.xlsx "$JX" render --format xlsx -o build/bench/r.xlsx "$X"
