#!/usr/bin/env python3
"""crafted.py EXAMPLE.txt DIR: workbooks made by hand from the example's
first form, each in a shape an office suite may write (tests/inputs/check.sh):
  offset.xlsx    the form at C5, numbers as numbers, text as inline strings;
  styles.xlsx    the same through shared strings, with the declared 执行率
                 and every 100% target as numbers in a percent format
                 (0.07599, 1);
  date.xlsx      an indicator's name as the date serial 45291 in a
                 Chinese date format;
  escapes.xlsx   the project name written as rich text with a phonetic run
                 and Excel's _x000D_ escape for a pasted carriage return.
Also writes DIR/form1.txt, the first form as text, to compare with."""
import os
import re
import sys
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ooxml import SHEET_HEAD, SHEET_TAIL, package  # noqa: E402

src, out = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
lines = open(src, encoding="utf-8").read().split("\n")
titles = [i for i, l in enumerate(lines) if "项目支出绩效自评表" in l]
form = lines[titles[0]:titles[1]]
open(os.path.join(out, "form1.txt"), "w", encoding="utf-8").write("\n".join(form) + "\n")


def col(c):
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


# cellXfs: 0 general, 1 percent (built-in 10), 2 a Chinese date (built-in 31)
STYLES = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="31"/></cellXfs></styleSheet>')


def sheet(r0, c0, shared, special):
    """The form's cells from row r0, column c0; special maps a cell's text
    on the form to the XML of its cell (r is filled in)."""
    sst, rows = [], []
    for i, l in enumerate(form):
        cells = []
        for j, v in enumerate(l.split("\t")):
            v = v.strip()
            ref = f"{col(c0 + j)}{r0 + i}"
            if v in special:
                cells.append(special[v].replace("REF", ref))
            elif not v:
                continue
            elif re.fullmatch(r"-?\d+(\.\d+)?", v):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif shared:
                sst.append(v)
                cells.append(f'<c r="{ref}" t="s"><v>{len(sst) - 1}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
        rows.append(f'<row r="{r0 + i}">' + "".join(cells) + "</row>")
    xml = SHEET_HEAD + "".join(rows) + SHEET_TAIL
    return xml, sst


def book(name, xml, sst, sst_extra=""):
    sst_xml = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + "".join(f"<si><t>{escape(s)}</t></si>" for s in sst) + sst_extra + "</sst>")
    with package(os.path.join(out, name), "妇联", {"xl/styles.xml": STYLES, "xl/sharedStrings.xml": sst_xml,
                                                 "xl/worksheets/sheet1.xml": xml}):
        pass


xml, sst = sheet(5, 3, False, {})
book("offset.xlsx", xml, sst)
xml, sst = sheet(1, 1, True, {"7.599%": '<c r="REF" s="1"><v>0.07599</v></c>',
                              "100%": '<c r="REF" s="1"><v>1</v></c>'})
book("styles.xlsx", xml, sst)
# the date: the first 时效 actual 1月1日-12月31日 stays; a cell of its own
# row gets the serial of 2023-12-31 (checked by its text in the model)
xml, sst = sheet(1, 1, True, {"妇联活动次数": '<c r="REF" s="2"><v>45291</v></c>'})
book("date.xlsx", xml, sst)
# the project name as rich text: a run, a phonetic guide (not text), and
# _x000D_ (a pasted CR, which a cell's one line reads as a space)
xml, sst = sheet(1, 1, True, {"妇联工作经费": '<c r="REF" t="s"><v>999</v></c>'})
pad = "".join("<si><t>-</t></si>" for _ in range(999 - len(sst)))
rich = ('<si><r><t>妇联</t></r><r><rPr><b/></rPr><t>工作经费_x000D_</t></r>'
        '<rPh sb="0" eb="2"><t>フレン</t></rPh></si>')
book("escapes.xlsx", xml, sst, pad + rich)
