#!/usr/bin/env python3
"""hostile.py DIR: write the hostile inputs of tests/inputs/check.sh into DIR.
Each must be refused with a clear message and exit 2, within seconds and
in bounded memory (check.sh measures both)."""
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ooxml import SHEET_HEAD, SHEET_TAIL, package  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

HEAD, TAIL = SHEET_HEAD, SHEET_TAIL


def book(path, sheet_writer, sst=None):
    with package(path, "自评表", {} if sst is None else {"xl/sharedStrings.xml": sst}) as z:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            sheet_writer(f)


def bomb(f):
    """256 MB of white space (twice the cap): a quarter MB of ZIP."""
    f.write(HEAD.encode())
    chunk = b" " * (1 << 20)
    for _ in range(256):
        f.write(chunk)
    f.write(TAIL.encode())


def million_rows(f):
    f.write(HEAD.encode())
    rows = []
    for r in range(1, 1000001):
        rows.append(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>')
        if len(rows) == 10000:
            f.write("".join(rows).encode())
            rows = []
    f.write(TAIL.encode())


def small(f):
    f.write((HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + TAIL).encode())


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
          + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&j;</t></si></sst>')

book(os.path.join(out, "bomb.xlsx"), bomb)
book(os.path.join(out, "million-rows.xlsx"), million_rows)
book(os.path.join(out, "entities.xlsx"), small, LAUGHS)

# one 900 KB shared string used by 1,500 cells: 10 KB that expand to 1.3 GB
AMP_SST = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<si><t>项目支出绩效自评表</t></si><si><t>' + "长" * 300000 + '</t></si></sst>')


def amplify(f):
    f.write((HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
             + "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in range(2, 1502))
             + TAIL).encode())


def duplicate(f):
    f.write((HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
             '<row r="2"><c r="F2"><v>0.22792</v></c><c r="F2"><v>1</v></c></row>' + TAIL).encode())


book(os.path.join(out, "amplify.xlsx"), amplify, AMP_SST)
book(os.path.join(out, "duplicate.xlsx"), duplicate, AMP_SST)

# 9 MB of {} (json-c would take 3 GB) and 40 MB of blank CSV lines
with open(os.path.join(out, "nests.json"), "w") as f:
    f.write('{"forms":[{"project":"x","indicators":[' + ",".join(["{}"] * 3000000) + "]}]}")
with open(os.path.join(out, "blank-lines.csv"), "w") as f:
    f.write("file,form_line,project,level1,name\n" + "\n" * (40 << 20))

# a workbook cut short and overwritten in the middle
good = open(sys.argv[2], "rb").read() if len(sys.argv) > 2 else None
if good:
    cut = bytearray(good[: len(good) // 2])
    for i in range(len(cut) // 3, len(cut) // 3 + 200):
        cut[i] ^= 0x5A
    open(os.path.join(out, "corrupt.xlsx"), "wb").write(bytes(cut))

# a ZIP that is not a workbook
with zipfile.ZipFile(os.path.join(out, "not-a-book.xlsx"), "w") as z:
    z.writestr("content.xml", "<office:document/>")  # neither a workbook nor a Word file

# an OLE2 header and nothing a spreadsheet holds
open(os.path.join(out, "garbage.xls"), "wb").write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + os.urandom(4096))
