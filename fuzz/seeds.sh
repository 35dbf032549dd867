#!/bin/sh
# fuzz/seeds.sh TARGET DIR: seed inputs for fuzz_TARGET.
#   text:    every layout corpus file and every bad input, prefixed by the
#            byte that selects a layout (0 = detect);
#   profile: the shipped profiles, the test profiles, and `profile show`
#            style files (values with comments after them);
#   xlsx:    workbooks render writes, whole and as XML parts (fuzz_xlsx.c);
#   csv:     render's CSV (UTF-8, GBK, without its header), check's JSON and
#            a stored form's fields;
#   grid:    the regression forms of tests/realforms/, tests/schemes/ and the variants (as read,
#            by a template) and the template files (fuzz_grid.c);
#   docx:    the Word documents of tests/documents/made/, whole and their XML;
#   pdfgrid: pages of its PDFs as words and rules (fuzz/pdfgrid_seed.py);
#   units:   registry CSVs of units (jixiao unit import).
set -eu
target=$1
out=$2
mkdir -p "$out"
jx=${JX:-build/jixiao}
if [ "$target" = xlsx ]; then
	# raw (byte 0): workbooks as render writes them; parts (byte 1): one
	# form's XML parts joined by "\n@@\n", as fuzz_xlsx.c packs them
	tmp=$(mktemp -d)
	"$jx" render --format xlsx -o "$tmp/all.xlsx" examples/*.txt
	"$jx" render --format xlsx --project 妇联工作经费 -o "$tmp/one.xlsx" examples/*.txt
	"$jx" render --format xlsx -o "$tmp/sichuan.xlsx" tests/variants/sichuan.txt
	for f in "$tmp"/*.xlsx; do
		{ printf '\000'; cat "$f"; } >"$out/raw-$(basename "$f")"
		mkdir -p "$tmp/x" && rm -rf "$tmp/x"/* && python3 -m zipfile -e "$f" "$tmp/x"
		{
			printf '\001'
			first=1
			for p in xl/workbook.xml xl/_rels/workbook.xml.rels xl/sharedStrings.xml xl/styles.xml \
				xl/worksheets/sheet1.xml xl/worksheets/sheet2.xml; do
				[ $first = 1 ] || printf '\n@@\n'
				first=0
				[ -f "$tmp/x/$p" ] && cat "$tmp/x/$p"
			done
		} >"$out/parts-$(basename "$f")"
	done
	rm -rf "$tmp"
	exit 0
fi
if [ "$target" = units ]; then
	# the registry CSVs the tests import, UTF-8 and GBK, and broken ones
	printf '单位名称,主管部门,单位代码\r\n甲单位,某局,001\r\n"乙,单位",某局,\r\n' >"$out/units.csv"
	printf '\357\273\277单位,主管单位\n甲,乙\n' >"$out/bom.csv"
	printf '实施单位,主管部门\n甲单位,某局\n' | iconv -f UTF-8 -t GBK >"$out/gbk.csv"
	printf '单位名称,主管部门\n"甲\n' >"$out/quote.csv"
	printf '单位名称,主管部门\n' >"$out/empty.csv"
	exit 0
fi
if [ "$target" = csv ]; then
	# headed (byte 0): render's CSV without its header line; raw (byte 1):
	# CSV, GBK CSV and check's JSON as they are
	tmp=$(mktemp -d)
	for f in examples/*.txt tests/variants/sichuan.txt tests/variants/central.md \
		tests/realforms/ocr-rate.txt tests/realforms/fragment.txt; do
		b=$(basename "$f")
		"$jx" render --format csv -o "$tmp/$b.csv" "$f"
		{ printf '\000'; tail -n +2 "$tmp/$b.csv"; } >"$out/headed-$b.csv"
		{ printf '\001'; cat "$tmp/$b.csv"; } >"$out/raw-$b.csv"
		{ printf '\001'; sed '1s/^\xEF\xBB\xBF//' "$tmp/$b.csv" | iconv -f UTF-8 -t GBK; } >"$out/gbk-$b.csv"
		{ printf '\001'; "$jx" check --format json "$f" || true; } >"$out/raw-$b.json"
		# a stored form's fields (jx_render_form_fields), as the store keeps them
		rm -f "$tmp/s.db"
		if "$jx" import --db "$tmp/s.db" "$f" >/dev/null 2>&1; then
			{ printf '\001'; sqlite3 "$tmp/s.db" "SELECT source FROM forms LIMIT 1"; } >"$out/fields-$b.json"
		fi
	done
	# forms of each scoring scheme, with split fund rows and 资金管理情况
	for f in tests/schemes/*.json; do
		{ printf '\001'; cat "$f"; } >"$out/scheme-$(basename "$f")"
	done
	for f in tests/schemes/*.txt; do
		{ printf '\001'; "$jx" check --format json "$f" || true; } >"$out/scheme-$(basename "$f").json"
	done
	rm -rf "$tmp"
	exit 0
fi
if [ "$target" = grid ]; then
	# byte 0: as users read them; 1..9: by one template; 10: a template file
	for f in tests/realforms/*.txt tests/variants/*.txt tests/schemes/*.txt; do
		b=$(basename "$f")
		{ printf '\000'; cat "$f"; } >"$out/auto-$b"
		{ printf '\001'; cat "$f"; } >"$out/national-$b"
		{ printf '\004'; cat "$f"; } >"$out/transfer-$b"
	done
	for f in templates/*.tpl tests/realforms/*.tpl tests/realforms/bad/*.tpl; do
		{ printf '\012'; cat "$f"; } >"$out/tpl-$(basename "$f")"
	done
	exit 0
fi
if [ "$target" = docx ]; then
	# byte 0: the documents whole; byte 1: their word/document.xml
	tmp=$(mktemp -d)
	for f in tests/documents/made/*.docx; do
		{ printf '\000'; cat "$f"; } >"$out/raw-$(basename "$f")"
		python3 -m zipfile -e "$f" "$tmp/x"
		{ printf '\001'; cat "$tmp/x/word/document.xml"; } >"$out/xml-$(basename "$f")"
		rm -rf "$tmp/x"
	done
	rm -rf "$tmp"
	exit 0
fi
if [ "$target" = pdfgrid ]; then
	for f in forms-browser forms-word-12pt provincial; do
		python3 fuzz/pdfgrid_seed.py "tests/documents/made/$f.pdf" 3 "$out/$f"
	done
	exit 0
fi
if [ "$target" = profile ]; then
	for f in profiles/*.ini tests/profiles/*/*.ini; do
		cp "$f" "$out/$(echo "$f" | tr / _)"
	done
	exit 0
fi
i=0
for name in auto tab pipe markdown html cells paragraph space oneline; do
	for f in tests/layouts/corpus/$name.* examples/*.txt tests/variants/*.txt tests/variants/*.md; do
		[ -f "$f" ] || continue
		case $f in tests/layouts/corpus/*) ;; *) [ "$name" = auto ] || continue ;; esac
		{ printf "\\$(printf '%03o' "$i")"; cat "$f"; } >"$out/$name-$(basename "$f")"
	done
	i=$((i + 1))
done
for f in tests/bad/*; do
	[ -f "$f" ] && { printf '\000'; cat "$f"; } >"$out/bad-$(basename "$f")"
done
