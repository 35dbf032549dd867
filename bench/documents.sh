#!/bin/sh
# bench/documents.sh JIXIAO: reading Word and PDF files.  The example's 16
# forms as python-docx wrote them (tests/documents/made/), its body repeated
# to 800 forms; Word's PDF of them (16 pages) joined to 160 pages with
# pdfunite.  Each read by `check --format json`; beside it the floor of the
# same run: the poppler programs jixiao runs on that PDF (pdftotext
# -bbox-layout, pdftoppm at jixiao's settings) alone, and the same 800 forms
# as text.  Peak memory: jixiao's process tree (/usr/bin/time: the larger of
# jixiao and the child it ran), and each poppler program's alone.
set -eu
JX=$1
D=build/bench/documents
mkdir -p "$D"
M=tests/documents/made
python3 - "$M/forms-python-docx.docx" "$D/800.docx" <<'PY'
import re, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z:
    parts = [(i.filename, z.read(i)) for i in z.infolist()]
doc = dict(parts)["word/document.xml"].decode()
a, b = doc.index("<w:body>") + 8, doc.rindex("<w:sectPr")
doc = doc[:a] + doc[a:b] * 50 + doc[b:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as o:
    for f, d in parts:
        o.writestr(f, doc.encode() if f == "word/document.xml" else d)
PY
set -- "$M/forms-word.pdf"
for i in 1 2 3 4 5 6 7 8 9 10; do set -- "$@" "$M/forms-word.pdf"; done
shift
pdfunite "$@" "$D/160.pdf"
for i in $(seq 50); do cat examples/jinfeng-shanghaixilu-2023.txt; done >"$D/800.txt"
now() { date +%s.%N; }
# run LABEL UNIT COUNT_JQ FILE COMMAND...: time and peak RSS of COMMAND
run() {
	label=$1 unit=$2 count=$3 file=$4
	shift 4
	t0=$(now)
	/usr/bin/time -f %M -o "$D/rss" "$@" >"$D/out" 2>/dev/null || true
	t1=$(now)
	n=$count
	[ "$count" = forms ] && n=$(jq '.forms | length' "$D/out")
	awk -v l="$label" -v u="$unit" -v t0="$t0" -v t1="$t1" -v n="$n" -v rss="$(tail -n 1 "$D/rss")" 'BEGIN {
		s = t1 - t0
		printf "%-34s %5d %-5s %6.2f s %8.1f %s/s  peak RSS %6.1f MB\n", l, n, u, s, n / s, u, rss / 1024 }'
}
pages=$(pdfinfo "$D/160.pdf" | awk '/^Pages:/ {print $2}')
echo "documents: Word and PDF read by check --format json (the floor beside each)"
run "docx: 800 forms" forms forms "$D/800.docx" "$JX" check --format json "$D/800.docx"
run "  floor: the same forms as text" forms forms "$D/800.txt" "$JX" check --format json "$D/800.txt"
run "pdf: Word's, $pages pages" pages "$pages" "$D/160.pdf" "$JX" check --format json "$D/160.pdf"
run "  pdftotext -bbox-layout alone" pages "$pages" "$D/160.pdf" pdftotext -bbox-layout -enc UTF-8 -q "$D/160.pdf" -
run "  pdftoppm (jixiao's settings) alone" pages "$pages" "$D/160.pdf" \
	pdftoppm -gray -scale-to 1600 -aa no -aaVector no -thinlinemode solid -q "$D/160.pdf"
