# tests/jobs/check.sh: --jobs N (issue 18) gives, byte for byte, what one
# reader gives (--jobs 1, which cuts nothing and runs on one thread): the
# example, every layout corpus, the variants, our own forms of each scheme,
# all of them in one run, a large text cut into pieces (each layout's forms
# together, and the 100,000 forms of the bench corpus), render and report;
# the same stdout, stderr and exit status.  Sourced by tests/run.sh (uses
# its pass counter, failed, JX and T).
ok() { pass=$((pass + 1)); }
no() { failed "jobs: $*"; }
is() { if [ "$2" = "$3" ]; then ok; else no "$1: got «$2», want «$3»"; fi; }
J=$T/jobs
mkdir -p "$J"

# same NAME ARGS...: the command with --jobs 1, then 2 and 3: the same bytes
same() {
	name=$1
	shift
	"$JX" "$@" --jobs 1 >"$J/1.out" 2>"$J/1.err"
	c1=$?
	for n in 2 3; do
		"$JX" "$@" --jobs "$n" >"$J/n.out" 2>"$J/n.err"
		cn=$?
		if cmp -s "$J/1.out" "$J/n.out" && cmp -s "$J/1.err" "$J/n.err" && [ "$c1" = "$cn" ]; then
			ok
		else
			no "$name: --jobs $n differs from --jobs 1 (exit $cn, $c1): $(diff "$J/1.out" "$J/n.out" | head -n 4 | tr '\n' ' ')"
		fi
	done
}

files=$(ls examples/*.txt tests/layouts/corpus/* tests/variants/*.txt tests/variants/*.md \
	tests/realforms/*.txt tests/schemes/*.txt tests/schemes/*.json)
for f in $files; do
	same "check $f" check "$f"
	same "check --format json $f" check --format json "$f"
done
# all of them in one run: findings that compare forms across files, a
# file that cannot be opened in the middle
# shellcheck disable=SC2086
same "check of $(echo $files | wc -w) files" check $files "$J/missing.txt" examples/*.txt
# shellcheck disable=SC2086
same "check --format json of every file" check --format json $files "$J/missing.txt"
is "… the missing file said once, exit 2" "$c1:$(grep -c 'missing.txt' "$J/1.err")" "2:1"

# one large text of every layout but HTML, whose forms are read as HTML to
# the end: past 4 MB it is read as a stream, and cut into pieces
# shellcheck disable=SC2086
cat $(printf '%s\n' $files | grep -v -e html -e json) >"$J/all.txt"
for i in $(seq 24); do cat "$J/all.txt"; done >"$J/big.txt"
same "check of every layout together ($(($(wc -c <"$J/big.txt") / 1024 / 1024)) MB)" check "$J/big.txt"
same "check --format json of every layout together" check --format json "$J/big.txt"
is "… all its forms read" "$(jq '.forms | length' "$J/n.out")" "$(($(jq '.forms | length' "$J/1.out")))"
same "render --format html of every layout together" render --format html "$J/big.txt"
is "… render wrote the forms (exit 0 or 1)" "$([ "$c1" -lt 2 ] && [ -s "$J/1.out" ] && echo yes)" yes
"$JX" report --jobs 1 -o "$J/r1" "$J/big.txt" >/dev/null 2>&1
c1=$?
"$JX" report --jobs 2 -o "$J/r2" "$J/big.txt" >/dev/null 2>&1
is "report of every layout together: --jobs 2 writes what --jobs 1 does" \
	"$?:$(cmp -s "$J/r1/report.html" "$J/r2/report.html" && echo same)" "$c1:same"
is "… and it is written" "$([ -s "$J/r2/report.html" ] && echo yes)" yes
# the same with HTML forms among them: no cut after the first
cat tests/layouts/corpus/html.html "$J/big.txt" >"$J/big-html.txt"
same "check of every layout with HTML first" check --format json "$J/big-html.txt"

# shapes at a form's edge where a cut would change what is read (the
# review of issue 18): a 金額單位：元 line in traditional script after the
# 总分 row (the next form's amounts are in 元), a running header repeating
# the title after an indicator whose name starts with 总计 (one form, not
# two), a title in bold that the builder does not take for one; each
# repeated past 4 MB, so that the text is read as a stream and cut
edge() { # edge NAME: $J/NAME.one repeated into $J/NAME.txt, then compared
	{ head -c 6000 /dev/zero | tr '\0' x; echo; for i in $(seq 220); do cat "$J/$1.one"; done; } >"$J/$1.txt"
	same "an edge of forms, $1" check --format json "$J/$1.txt"
}
sed 's/项目资金（万元）/项目资金/' tests/layouts/corpus/tab.txt |
	awk '{ print } /^总分/ { print "金額單位：元" }' >"$J/unit-trad.one"
edge unit-trad
sed 's/项目资金（万元）/项目资金/' tests/layouts/corpus/tab.txt |
	awk '{ print } /^总分/ { print "金额单 位：元" }' >"$J/unit-spaced.one"
edge unit-spaced
sp=$(head -c 520 /dev/zero | tr '\0' ' ')
sed 's/项目资金（万元）/项目资金/' tests/layouts/corpus/tab.txt |
	awk -v sp="$sp" '{ print } /^总分/ { print sp "金额单 位：元" }' >"$J/unit-long.one"
edge unit-long
# 600 KB of text before the first form, ending in a piece of a table with its
# 总分 row: never cut there (the first piece would hold no form)
{
	for i in $(seq 12000); do echo "附注：本单位的说明文字第 $i 行，供参考。"; done
	sed -n 1,4p tests/variants/noise.txt
	for i in $(seq 170); do cat tests/layouts/corpus/tab.txt; done
} >"$J/pre-title.txt"
same "text and a table's piece before the first form" check "$J/pre-title.txt"
awk '{ print } /数量指标/ { print "\t\t\t总计划完成率\t100%\t100%\t0\t0\t"; print "项目支出绩效自评表" }' \
	tests/layouts/corpus/tab.txt >"$J/running-header.one"
edge running-header
sed 's/^项目支出绩效自评表$/**项目支出绩效自评表**/' tests/layouts/corpus/tab.txt >"$J/bold-title.one"
edge bold-title
# import: each file its own transaction, stored in input order on the
# calling thread; the same messages, exit status and database (every form's
# JSON and source, every finding in order) whatever the number of workers
printf 'no form here\n' >"$J/noform.txt"
sh bench/gen.sh 250 "$J/units.txt" # 4,000 forms of 250 units, 6 MB: cut into pieces
for n in 1 2 3; do
	mkdir -p "$J/i$n"
	rm -f "$J/i$n/db" "$J/i$n/db-wal" "$J/i$n/db-shm"
	"$JX" import --jobs "$n" --db "$J/i$n/db" examples/jinfeng-shanghaixilu-2023.txt "$J/units.txt" \
		"$J/big.txt" "$J/noform.txt" "$J/missing.txt" tests/variants/central.md >"$J/i$n.raw" 2>"$J/i$n.err"
	echo "exit $?" >>"$J/i$n.raw"
	sed "s|$J/i$n/db|DB|" "$J/i$n.raw" >"$J/i$n.out"
	sqlite3 "$J/i$n/db" "SELECT id, import_id, json, source FROM forms ORDER BY id;
		SELECT form_id, check_id, line, message FROM findings ORDER BY id;
		SELECT id, file FROM imports ORDER BY id; SELECT count(*) FROM history" >"$J/i$n.dump"
done
for n in 2 3; do
	is "import --jobs $n: the messages, exit status and database of --jobs 1" \
		"$(cmp -s "$J/i1.out" "$J/i$n.out" && cmp -s "$J/i1.err" "$J/i$n.err" && cmp -s "$J/i1.dump" "$J/i$n.dump" && echo same)" same
done
is "… three files stored, three not (the layouts' joined text has a fragment), 4,017 forms" \
	"$(tail -n 2 "$J/i1.out" | tr '\n' ' '):$(sqlite3 "$J/i1/db" 'SELECT count(*) FROM forms')" \
	"3 个文件已导入，3 个未导入；数据库 DB 的历史表共 0 条 exit 2 :4017"
# standard input named twice: read once to its end, then empty
cat "$J/big.txt" | "$JX" check --jobs 1 - - >"$J/1.out" 2>&1
c1=$?
cat "$J/big.txt" | "$JX" check --jobs 2 - - >"$J/n.out" 2>&1
is "standard input named twice: --jobs 2 as --jobs 1" "$?:$(cmp -s "$J/1.out" "$J/n.out" && echo same)" "$c1:same"
# stdout and stderr in one stream keep their order: a PDF's reader (a
# child process) no longer flushes the command's output from a worker
if [ -f tests/documents/made/forms-word.pdf ]; then
	for n in 1 2; do
		"$JX" check --format json --jobs "$n" tests/layouts/corpus/tab.txt "$J/missing.txt" \
			tests/documents/made/forms-word.pdf tests/documents/made/encrypted.pdf >"$J/mixed.$n" 2>&1
	done
	is "stdout and stderr together: --jobs 2 as --jobs 1" "$(cmp -s "$J/mixed.1" "$J/mixed.2" && echo same)" same
fi

# a large text that is not cut (cells: a stream layout) is read as it comes,
# in the memory of one reader: its mapping only scanned where a cut could be
for i in $(seq 150); do cat tests/layouts/corpus/cells.txt; done >"$J/cells.txt"
/usr/bin/time -f '%M' -o "$J/c1" "$JX" check --format json --jobs 1 "$J/cells.txt" >/dev/null 2>&1
/usr/bin/time -f '%M' -o "$J/c2" "$JX" check --format json --jobs 2 "$J/cells.txt" >/dev/null 2>&1
if [ -z "${JX_SANITIZED:-}" ]; then
	is "a large text that is not cut: --jobs 2 within 8 MB of --jobs 1 ($(($(tail -n 1 "$J/c2") / 1024)) MB, $(($(tail -n 1 "$J/c1") / 1024)) MB)" \
		"$(awk -v a="$(tail -n 1 "$J/c1")" -v b="$(tail -n 1 "$J/c2")" 'BEGIN { print (b < a + 8192) }')" 1
fi

# the bench corpus: 100,000 forms (a tenth under a sanitizer, which is slower)
copies=6250
[ -n "${JX_SANITIZED:-}" ] && copies=625
sh bench/gen.sh "$copies" "$J/bench.txt"
/usr/bin/time -f '%M' -o "$J/t1" "$JX" check --format json --jobs 1 "$J/bench.txt" >"$J/b1.out" 2>&1
/usr/bin/time -f '%M' -o "$J/t2" "$JX" check --format json --jobs 2 "$J/bench.txt" >"$J/b2.out" 2>&1
if cmp -s "$J/b1.out" "$J/b2.out"; then ok; else no "check --format json of $((copies * 16)) forms: --jobs 2 differs from --jobs 1"; fi
is "… $((copies * 16)) forms" "$(jq '.forms | length' "$J/b2.out")" $((copies * 16))
# memory: the pieces read ahead and their pages are bounded (batch.c)
k1=$(tail -n 1 "$J/t1")
k2=$(tail -n 1 "$J/t2")
is "… --jobs 2 within 16 MB of --jobs 1's memory ($((k2 / 1024)) MB, $((k1 / 1024)) MB)" \
	"$(awk -v a="$k1" -v b="$k2" 'BEGIN { print (b < a + 16384) }')" 1
# issue 18: under 64 MB on both CPUs, the cross-form audit's memory of 6,250 units included (it
# took 50 MB of the 68 before its places were kept once each)
if [ -z "${JX_SANITIZED:-}" ]; then
	is "… --jobs 2 under 64 MB ($((k2 / 1024)) MB)" "$((k2 < 65536))" 1
fi
rm -f "$J/bench.txt" "$J/b1.out" "$J/b2.out"

# --jobs takes a number of threads
for bad in 0 -1 x 2x 257; do
	"$JX" check --jobs "$bad" examples/jinfeng-shanghaixilu-2023.txt >"$J/bad.out" 2>&1
	is "--jobs $bad: exit 2 with a message" "$?:$(grep -c -- '--jobs' "$J/bad.out")" "2:1"
done
