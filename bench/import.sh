#!/bin/sh
# bench/import.sh JIXIAO: `jixiao import` throughput into a fresh SQLite
# database, the same file again (every form replaced, the old versions to
# history), and the database size per 10,000 forms; on one core (--jobs 1)
# and on every core.
set -eu
JX=$1
COPIES=${BENCH_IMPORT_COPIES:-625} # x 16 forms = 10,000
mkdir -p build/bench
F=build/bench/import-$COPIES.txt
DB=build/bench/import.db
[ -f "$F" ] || sh bench/gen.sh "$COPIES" "$F"
forms=$((COPIES * 16))
rm -f "$DB" "$DB-wal" "$DB-shm"

now() { date +%s.%N; }

run() {
	label=$1
	shift
	t0=$(now)
	/usr/bin/time -f %M -o build/bench/rss "$@" >/dev/null 2>&1
	t1=$(now)
	rss=$(tail -n 1 build/bench/rss)
	size=$(stat -c %s "$DB")
	awk -v l="$label" -v t0="$t0" -v t1="$t1" -v f="$forms" -v rss="$rss" -v size="$size" 'BEGIN {
		s = t1 - t0
		printf "%-28s %7.2f s  %9.0f forms/s  peak RSS %.1f MB  database %.1f MB (%.1f MB per 10,000 forms)\n",
			l, s, f / s, rss / 1024, size / 1048576, size / 1048576 / f * 10000
	}'
}

echo "import: $F: $forms forms"
run "import --jobs 1 (new forms)" "$JX" import --jobs 1 --db "$DB" "$F"
rm -f "$DB" "$DB-wal" "$DB-shm"
run "import (new forms)" "$JX" import --db "$DB" "$F"
run "import again (replace all)" "$JX" import --db "$DB" "$F"
t0=$(now)
"$JX" summary --db "$DB" --by unit --format json >/dev/null
t1=$(now)
awk -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%-28s %7.2f s\n", "summary --by unit", t1 - t0 }'
