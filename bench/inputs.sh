#!/bin/sh
# bench/inputs.sh JIXIAO: reading forms from workbooks, CSV and JSON: the
# same 4,000 forms (250 units) as the text, as an XLSX (a sheet per form),
# as a LibreOffice .xls when LibreOffice is installed, as render's CSV and
# as check's JSON; each read by `check --format json` (read, score, audit).
set -eu
JX=$1
mkdir -p build/bench
X=build/bench/render-250.txt
[ -f "$X" ] || sh bench/gen.sh 250 "$X"
D=build/bench/inputs
mkdir -p "$D"
"$JX" render --format xlsx -o "$D/f.xlsx" "$X"
"$JX" render --format csv -o "$D/f.csv" "$X"
"$JX" check --format json "$X" >"$D/f.json" || true
sed '1s/^\xEF\xBB\xBF//' "$D/f.csv" | iconv -f UTF-8 -t GBK >"$D/gbk.csv"
if command -v soffice >/dev/null 2>&1; then
	soffice -env:UserInstallation=file://$PWD/$D/lo --headless --convert-to 'xls:MS Excel 97' \
		--outdir "$D" "$D/f.xlsx" >/dev/null 2>&1 || true
fi
now() { date +%s.%N; }
run() {
	label=$1 file=$2
	[ -f "$file" ] || return 0
	t0=$(now)
	/usr/bin/time -f %M -o build/bench/rss "$JX" check --format json "$file" >"$D/out.json" 2>/dev/null || true
	t1=$(now)
	n=$(jq '.forms | length' "$D/out.json")
	awk -v l="$label" -v t0="$t0" -v t1="$t1" -v f="$n" -v rss="$(tail -n 1 build/bench/rss)" \
		-v size="$(stat -c %s "$file")" 'BEGIN {
		s = t1 - t0
		printf "%-24s %6d forms %7.2f s  %8.0f forms/s  %6.1f MB/s  peak RSS %.1f MB\n",
			l, f, s, f / s, size / 1048576 / s, rss / 1024 }'
}
echo "inputs: the forms of $X in each format, read by check --format json"
run "text (tab)" "$X"
run "xlsx" "$D/f.xlsx"
run "xls (LibreOffice)" "$D/f.xls"
run "csv (UTF-8)" "$D/f.csv"
run "csv (GBK)" "$D/gbk.csv"
run "json" "$D/f.json"
