#!/bin/sh
# Make the documents the reading tests read (tests/documents/check.sh), from
# the bundled example and from provincial.html, and write them into
# tests/documents/made/.  Run by hand after a change to what they show, then
# review and commit the outputs: they are not byte-reproducible (dates,
# font subsets, LibreOffice's ids), so the tests read the committed files.
#
#   sh tests/documents/generate.sh [build/jixiao]
#
# Needs Debian's python3-docx, python3-openpyxl, libreoffice-writer-nogui,
# libreoffice-calc-nogui, chromium, poppler-utils, ghostscript, img2pdf and
# python3-pikepdf and fonts-wqy-zenhei (scripts/deps.sh documents installs them).
set -eu
JX=${1:-build/jixiao}
D=$(cd "$(dirname "$0")" && pwd)
OUT=$D/made
EX=$D/../../examples/jinfeng-shanghaixilu-2023.txt
PY=/usr/bin/python3
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$OUT" "$W/lo/profile"
lo() { # lo FILTER FILE OUTDIR
	soffice -env:UserInstallation=file://$W/lo/profile --headless --convert-to "$1" \
		--outdir "$3" "$2" >/dev/null 2>&1
}

# the example's 16 forms as printed: jixiao's clean HTML
"$JX" render --format html --clean "$EX" -o "$W/forms.html"

# Word and Excel from the HTML tables (python-docx, openpyxl), 9 pt and 12 pt
$PY "$D/forms.py" "$W/forms.html" "$W" --name forms
$PY "$D/forms.py" "$W/forms.html" "$W" --name forms-12pt --font-pt 12 --no-xlsx
$PY "$D/forms.py" "$W/forms.html" "$W" --name overflow --overflow
cp "$W/forms.docx" "$OUT/forms-python-docx.docx"

# LibreOffice: the DOCX re-saved, the HTML converted to DOCX, .doc, PDFs
mkdir -p "$W/re"
lo 'docx:MS Word 2007 XML' "$W/forms.docx" "$W/re"
cp "$W/re/forms.docx" "$OUT/forms-libreoffice.docx"
lo 'docx:MS Word 2007 XML' "$W/forms.html" "$W/re"
cp "$W/re/forms.docx" "$OUT/forms-from-html.docx"
lo pdf "$W/forms.xlsx" "$W/re"
cp "$W/re/forms.pdf" "$OUT/forms-excel.pdf"
lo pdf "$W/forms.docx" "$W"
cp "$W/forms.pdf" "$OUT/forms-word.pdf"
lo pdf "$W/forms-12pt.docx" "$W"
cp "$W/forms-12pt.pdf" "$OUT/forms-word-12pt.pdf"
lo pdf "$W/overflow.xlsx" "$W"
cp "$W/overflow.pdf" "$OUT/overflow-excel.pdf"

# the browser's print of the clean HTML, and a cairo re-print of the Excel PDF
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
	--print-to-pdf="$OUT/forms-browser.pdf" "file://$W/forms.html" >/dev/null 2>&1
pdftocairo -pdf "$OUT/forms-excel.pdf" "$OUT/forms-cairo.pdf"

# a PDF whose fonts lost their ToUnicode map (through PostScript), one page
gs -q -dFirstPage=1 -dLastPage=1 -sDEVICE=ps2write -o "$W/p1.ps" "$W/forms.pdf"
gs -q -sDEVICE=pdfwrite -o "$OUT/no-tounicode.pdf" "$W/p1.ps"

# a scan: the first page as an image at 200 dpi, and that image in a PDF
pdftoppm -r 200 -gray -png -f 1 -l 1 -singlefile "$W/forms.pdf" "$OUT/scan"
img2pdf "$OUT/scan.png" -o "$OUT/scan.pdf"

# Excel's PDF with every page's content turned and the page given
# /Rotate 90 (as virtual printers write a form), and the same PDF with an
# open password (pikepdf)
$PY "$D/pdfvariants.py" "$OUT/forms-excel.pdf" "$OUT/rotated.pdf" "$OUT/encrypted.pdf"

# the made-up provincial form as DOCX and as Word's PDF
$PY "$D/forms.py" "$D/provincial.html" "$W" --name provincial --no-xlsx
cp "$W/provincial.docx" "$OUT/provincial.docx"
lo pdf "$W/provincial.docx" "$W"
cp "$W/provincial.pdf" "$OUT/provincial.pdf"
# and as Word 97 (.doc), which jixiao names and refuses
lo 'doc:MS Word 97' "$W/provincial.docx" "$W"
cp "$W/provincial.doc" "$OUT/provincial.doc"
ls -l "$OUT"
