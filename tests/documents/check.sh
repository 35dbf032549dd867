# tests/documents/check.sh: Word and PDF files and the text encodings users
# save (issue 15).  Sourced by tests/run.sh (uses its pass counter, failed,
# JX and T).  The documents in tests/documents/made/ were written by
# generate.sh from the bundled example and provincial.html (see there):
# every one must read field for field like the text it was made from, with
# the same findings, or be refused with its own message and exit 2.
ok() { pass=$((pass + 1)); }
no() { failed "documents: $*"; }
is() { if [ "$2" = "$3" ]; then ok; else no "$1: got «$2», want «$3»"; fi; }
EX=examples/jinfeng-shanghaixilu-2023.txt
DD=tests/documents
M=$DD/made
O=$T/documents
mkdir -p "$O"

# The model and findings of check --format json, without where they came
# from (file, lines, layout, and the lines messages name: 「第 12 行」 in a
# text is 「表1第 4 行」 in a Word file, 「第1页第 6 行」 in a PDF), and without what only a document can have: a
# row joined across pages (row-continued), a cell's text over its rule
# (cell-overflow).  `loose`: spaces next to a CJK character removed from
# every text (see below).
model() {
	"$JX" check --format json "$1" 2>/dev/null | jq -S --arg loose "${2:-}" '
		def sq: if $loose == "" then . else
			gsub("(?<a>\\p{Han}|[，。：；（）、]) +"; "\(.a)") | gsub(" +(?<b>\\p{Han}|[，。：；（）、])"; "\(.b)") end;
		{forms: [.forms[] | del(.file, .line, .layout) | .indicators |= map(del(.line))
			 | walk(if type == "string" then sq else . end)],
		 findings: ([.findings[] | select(.id != "row-continued" and .id != "cell-overflow")
			     | del(.file, .line) | .message |= (gsub("(表[0-9]+|第[0-9]+页)?第 [0-9]+ 行"; "第 N 行") | sq)]
			    | sort_by(.project, .id, .message))}'
}
same() { # same DESCRIPTION FILE_A FILE_B
	if cmp -s "$2" "$3"; then ok; else
		no "$1: $(diff "$2" "$3" | head -n 8 | tr '\n' ' ')"
	fi
}
# the exit status and the one message of an input refused
refused() { # refused DESCRIPTION FILE TEXT: exit 2, an unparsed error containing TEXT
	out=$("$JX" check "$2" 2>&1)
	rc=$?
	is "$1: exit" "$rc" 2
	case "$out" in
	*"$3"*"[unparsed]"*) ok ;;
	*) no "$1: want «$3», got «$(printf '%s' "$out" | head -n 2 | tr '\n' ' ')»" ;;
	esac
}

model "$EX" >"$O/text.model"
model "$EX" loose >"$O/text.loose"
is "the example's model has 16 forms" "$(jq '.forms | length' "$O/text.model")" 16

# --- text encodings ---------------------------------------------------------------------------
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$EX"; } >"$O/utf16le-bom.txt"
iconv -f UTF-8 -t UTF-16BE "$EX" >"$O/utf16be.txt"
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$EX"; } >"$O/utf16be-bom.txt"
iconv -f UTF-8 -t UTF-16LE "$EX" >"$O/utf16le.txt"
iconv -f UTF-8 -t UTF-32 "$EX" >"$O/utf32.txt"
iconv -f UTF-8 -t GB18030 "$EX" >"$O/gb18030.txt"
sed 's/$/\r/' "$EX" | iconv -f UTF-8 -t GBK >"$O/gbk-crlf.txt"
# (utf16le-bom is Excel's 「Unicode 文本」 export: the tab layout in UTF-16LE)
for e in utf16le-bom utf16be utf16be-bom utf16le utf32 gb18030 gbk-crlf; do
	model "$O/$e.txt" >"$O/$e.model"
	same "$e copy of the example -> the example's model" "$O/text.model" "$O/$e.model"
done
# a UTF-8 file with one damaged byte stays UTF-8: read, the byte reported
L=$(grep -n 妇联工作经费 "$EX" | head -n 1 | cut -d: -f1)
sed "${L}s/妇联/\xff联/" "$EX" >"$O/damaged.txt"
is "UTF-8 with one bad byte: still 16 forms" \
	"$("$JX" check --format json "$O/damaged.txt" 2>/dev/null | jq '.forms | length')" 16
case "$("$JX" check "$O/damaged.txt" 2>&1)" in
*"不是有效的 UTF-8"*) ok ;; *) no "a damaged byte is reported" ;;
esac
# binary: said so, no encoding guessed
head -c 3000 "$JX" >"$O/binary.dat"
refused "a binary file" "$O/binary.dat" "不是文本文件"
case "$("$JX" check "$O/binary.dat" 2>&1)" in
*GBK*) no "a binary file's message guesses GBK" ;; *) ok ;;
esac
# UTF-16 cut in the middle of a character
head -c 1001 "$O/utf16le-bom.txt" >"$O/utf16-cut.txt"
refused "UTF-16 cut inside a character" "$O/utf16-cut.txt" "截断"
# a bad unit on line 3, after lines full of 上 (U+4E0A, whose low byte is
# a line feed's): the line is counted in units
{ printf '\377\376'; printf '上上上上上上\n上上上\n' | iconv -f UTF-8 -t UTF-16LE; printf '\000\330A\000'; } >"$O/utf16-bad.txt"
refused "a lone surrogate is named on its line" "$O/utf16-bad.txt" "第 3 行"
# a text that mentions %PDF- is a text; vertical tabs (Word's line breaks) are text
{ echo "备注：附件为扫描件（%PDF-1.4 格式）"; cat "$EX"; } >"$O/mentions-pdf.txt"
is "a text mentioning %PDF- is read as text" \
	"$("$JX" check --format json "$O/mentions-pdf.txt" 2>/dev/null | jq '.forms | length')" 16
awk '{ gsub(/完成情况/, "完成\v情况"); print }' "$EX" >"$O/vt.txt"
is "vertical tabs leave a text a text" \
	"$("$JX" check --format json "$O/vt.txt" 2>/dev/null | jq '.forms | length')" 16

# --- the printable form, clean -----------------------------------------------------------------
"$JX" render --format html --clean "$EX" -o "$O/clean.html"
is "render --clean: exit 0" "$?" 0
# the document's markup, its style sheet aside (which names the classes)
markup() { sed 's|<style>.*</style>||' "$1" | grep -o '复核\|class="re\|class="findings\|data-trace\|class="toolbar\|flag-\|无法评分' | sort -u | tr '\n' ' '; }
is "the clean HTML has no review markup (复核, class=re, findings, traces, toolbar)" "$(markup "$O/clean.html")" ""
"$JX" render --format html "$EX" -o "$O/review.html"
is "the reviewed HTML has it" "$(markup "$O/review.html")" 'class="findings class="re class="toolbar data-trace flag- 复核 '
model "$O/clean.html" >"$O/clean.model"
same "the clean HTML reads like the text" "$O/text.model" "$O/clean.model"
"$JX" render --format csv --clean "$EX" >/dev/null 2>"$O/clean-csv.err"
is "--clean only for html: exit 2" "$?" 2

# --- Word ------------------------------------------------------------------------------------------
for f in forms-python-docx forms-libreoffice forms-from-html; do
	model "$M/$f.docx" >"$O/$f.model"
	same "$f.docx reads like the text" "$O/text.model" "$O/$f.model"
done
# the same grid written otherwise: w:gridBefore for a leading merged cell,
# w:vMerge="continue", every form inside a layout table with a text box's
# VML copy and deleted text beside it (crafted.py)
python3 "$DD/crafted.py" "$M/forms-python-docx.docx" "$O/crafted"
for f in gridbefore vmerge nested; do
	model "$O/crafted/$f.docx" >"$O/crafted-$f.model"
	same "$f.docx reads like the text" "$O/text.model" "$O/crafted-$f.model"
done
out=$("$JX" check "$M/forms-python-docx.docx" 2>&1)
case "$out" in
*"forms-python-docx.docx:表1:4: warning: 妇联工作经费: 年度资金总额申报执行率"*) ok ;;
*) no "a DOCX finding names its table and row: $(printf '%s' "$out" | head -n 1)" ;;
esac
# (an inconsistent-method message names the other forms' places: 表4第 14 行)
case "$out" in
*"（表4第 14 行）"*) ok ;;
*) no "a message's own line is the document's place too" ;;
esac
is "a DOCX form's layout is tab" \
	"$("$JX" check --format json "$M/forms-python-docx.docx" | jq -r '.forms[0].layout')" tab

# --- PDF -------------------------------------------------------------------------------------------
# Printed by a browser, re-printed by cairo, from Excel: every text as in
# the source.
for f in forms-browser forms-cairo forms-excel rotated; do
	model "$M/$f.pdf" >"$O/$f.model"
	same "$f.pdf reads like the text" "$O/text.model" "$O/$f.model"
done
# (rotated.pdf: Excel's pages laid on their side with /Rotate 90, which
# pdftotext sizes unturned and pdftoppm draws turned)
# Word's PDFs: the same, but for the spaces beside CJK characters.  A space
# where a line wraps is not in a PDF (the renderer drops it), and Word's
# automatic gap between CJK and Latin text looks like one: 「12 月 31 日」
# over two lines and 「12月31日」 differ only in what the PDF cannot show.
# Every value is read the same (the value grammar ignores those spaces).
for f in forms-word forms-word-12pt; do
	model "$M/$f.pdf" loose >"$O/$f.loose"
	same "$f.pdf reads like the text (spaces beside CJK aside)" "$O/text.loose" "$O/$f.loose"
done
out=$("$JX" check "$M/forms-word.pdf" 2>&1)
case "$out" in
*"forms-word.pdf:第1页:6: warning: 妇联工作经费: 年度资金总额申报执行率"*) ok ;;
*) no "a PDF finding names its page and row: $(printf '%s' "$out" | head -n 1)" ;;
esac
is "9 pt: no row broken across pages" \
	"$("$JX" check --format json "$M/forms-word.pdf" | jq '[.findings[] | select(.id == "row-continued")] | length')" 0
n=$("$JX" check --format json "$M/forms-word-12pt.pdf" | jq '[.findings[] | select(.id == "row-continued")] | length')
is "12 pt: the rows broken across pages are joined and reported" "$([ "$n" -ge 5 ] && echo yes)" yes
is "no cell overflows in a PDF whose rows fit" \
	"$(for f in forms-word forms-excel forms-browser forms-cairo; do "$JX" check --format json "$M/$f.pdf"; done |
		jq -s '[.[].findings[] | select(.id == "cell-overflow")] | length')" 0
# an Excel PDF whose rows are too low: the text over the rules is reported
n=$("$JX" check --format json "$M/overflow-excel.pdf" | jq '[.findings[] | select(.id == "cell-overflow")] | length')
is "text over its cell's rules is reported" "$([ "$n" -ge 8 ] && echo yes)" yes

# --- the made-up provincial form --------------------------------------------------------------------
model "$DD/provincial.txt" >"$O/prov.model"
is "the provincial text is read by its template" \
	"$("$JX" check --format json "$DD/provincial.txt" | jq -r '.forms[0].template.name')" yunnan-20-80
for f in provincial.docx provincial.pdf; do
	model "$M/$f" >"$O/$f.model"
	same "$f reads like its text" "$O/prov.model" "$O/$f.model"
done

# --- what is refused, each with its own message ------------------------------------------------------
refused "a scan" "$M/scan.pdf" "没有文字层"
refused "an encrypted PDF" "$M/encrypted.pdf" "打开密码"
refused "a PDF without ToUnicode" "$M/no-tounicode.pdf" "ToUnicode"
refused "a Word 97 file" "$M/provincial.doc" "Word 97–2003"
refused "a PNG" "$M/scan.png" "图片"
for f in scan.pdf no-tounicode.pdf provincial.doc scan.png; do
	case "$("$JX" check "$M/$f" 2>&1)" in
	*未找到*标题*|*二进制*|*GBK*) no "$f gets the text reader's message" ;; *) ok ;;
	esac
done

# --- a scan by OCR (--ocr): marked, never imported unchecked -----------------------------------------
mkdir -p "$O/ocrtmp"
TMPDIR=$O/ocrtmp "$JX" check --ocr --format json "$M/scan.pdf" >"$O/ocr.json" 2>/dev/null
is "--ocr: one form, marked ocr" "$(jq -c '[(.forms | length), .forms[0].ocr]' "$O/ocr.json")" "[1,true]"
is "--ocr: an ocr finding first" "$(jq -r '.findings[0].id' "$O/ocr.json")" ocr
"$JX" check --format json "$EX" | jq '.forms[0]' >"$O/want0.json"
jq '.forms[0]' "$O/ocr.json" >"$O/got0.json"
set -- $(python3 "$DD/fields.py" "$O/want0.json" "$O/got0.json")
# measured 53 right, 3 wrong of 82 (tesseract 5.3, chi_sim): a floor below it
is "--ocr reads most fields of the 200-dpi scan ($2 right, $4 wrong of $6)" \
	"$([ "$2" -ge 45 ] && [ "$4" -le 6 ] && echo yes)" yes
is "no form of a text is marked ocr" \
	"$("$JX" check --ocr --format json "$M/forms-word.pdf" | jq '[.forms[] | select(.ocr)] | length')" 0
"$JX" import --db "$O/ocr.db" --ocr "$M/scan.pdf" >"$O/ocr-import.out" 2>&1
is "import --ocr without --accept-ocr: exit 2" "$?" 2
case "$(cat "$O/ocr-import.out")" in *"--accept-ocr"*) ok ;; *) no "the refusal says --accept-ocr" ;; esac
is "… nothing stored" "$(sqlite3 "$O/ocr.db" 'select count(*) from forms' 2>/dev/null || echo 0)" 0
"$JX" import --db "$O/ocr.db" --ocr --accept-ocr "$M/scan.pdf" >"$O/ocr-import2.out" 2>&1
is "--accept-ocr: still refused while OCR left cells unread (exit 2)" "$?" 2
case "$(cat "$O/ocr-import2.out")" in *"--accept-ocr 导入"*) no "--accept-ocr still names --accept-ocr" ;; *) ok ;; esac
is "OCR writes nothing to disk (its pieces are a TIFF in memory)" "$(ls -A "$O/ocrtmp" | wc -l)" 0
# check's JSON of an OCR'd form stays marked: import refuses it too
"$JX" check --format json "$EX" >"$O/all.json"
jq '.forms |= map(.ocr = true)' "$O/all.json" >"$O/ocr-marked.json"
"$JX" import --db "$O/ocr2.db" "$O/ocr-marked.json" >"$O/ocr-json.out" 2>&1
is "a JSON form marked ocr is not imported without --accept-ocr" "$?" 2
"$JX" import --db "$O/ocr3.db" --accept-ocr "$O/ocr-marked.json" >/dev/null 2>&1
is "… with --accept-ocr it is, and stays marked" \
	"$("$JX" render --format json --db "$O/ocr3.db" | jq '[.forms[] | select(.ocr)] | length')" 16
# a scanned page among text pages: said, per page; --ocr reads both, marked
pdfseparate -f 3 -l 3 "$M/forms-word.pdf" "$O/w3.pdf"
pdfunite "$O/w3.pdf" "$M/scan.pdf" "$O/mixed.pdf"
out=$("$JX" check "$O/mixed.pdf" 2>&1)
case "$out" in *"第 2 页没有文字层"*"--ocr"*) ok ;; *) no "a scanned page among text pages is named: $(printf '%s' "$out" | head -n 1)" ;; esac
is "… --ocr reads both pages' forms, marked" \
	"$("$JX" check --ocr --format json "$O/mixed.pdf" | jq -c '[.forms[] | .ocr]')" "[true,true]"
# a PDF from standard input, with standard input closed, after white space or a BOM
is "a PDF on standard input" "$("$JX" check --format json - <"$M/forms-word.pdf" | jq '.forms | length')" 16
is "a PDF read with standard input closed" \
	"$("$JX" check --format json "$M/forms-word.pdf" <&- | jq '.forms | length')" 16
{ printf '\357\273\277\n'; cat "$M/forms-word.pdf"; } >"$O/bom.pdf"
is "a PDF after a BOM and a line break" "$("$JX" check --format json "$O/bom.pdf" | jq '.forms | length')" 16

# --- hostile files: refused within the caps and the child's limits ----------------------------------
python3 "$DD/hostile.py" "$O/h"
refused "a DOCX zip bomb" "$O/h/bomb.docx" "ZIP 炸弹"
refused "a DOCX declaring entities" "$O/h/entities.docx" "实体"
refused "a DOCX of 10^6 cells" "$O/h/cells.docx" "200000 格"
refused "tables nested 40 deep" "$O/h/nested.docx" "嵌套"
refused "a cut DOCX" "$O/h/cut.docx" "ZIP"
refused "10,000 pages" "$O/h/pages.pdf" "10000 页"
refused "a stream bomb" "$O/h/stream-bomb.pdf" "可能是恶意文件"
refused "objects nested 100,000 deep" "$O/h/nested.pdf" "PDF"
refused "a page 200 m square" "$O/h/huge-page.pdf" "没有文字层"
refused "a cut PDF" "$O/h/cut.pdf" "不是可读的 PDF"
# the parent's own memory stays small whatever the child does (the child
# has its own cap); CPU time of the parent is bounded too
for f in stream-bomb.pdf bomb.docx cells.docx; do
	m=$( (ulimit -t 60; /usr/bin/time -f '%M' "$JX" check "$O/h/$f" 2>&1 >/dev/null | tail -n 1) )
	is "$f: the parent stays under 200 MB" "$([ "${m:-999999}" -lt 204800 ] && echo yes)" yes
done
# a PDF reader's programs missing: said what to install
mkdir -p "$O/nopath"
ln -sf "$(command -v jq)" "$O/nopath/jq"
out=$(PATH=$O/nopath "$JX" check "$M/forms-word.pdf" 2>&1)
case "$out" in *poppler-utils*) ok ;; *) no "poppler missing: $out" ;; esac
