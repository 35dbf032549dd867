#!/usr/bin/env python3
"""xlsx_cached.py WORKBOOK EXPECT.tsv: every formula cell of a jixiao workbook
(written without --expect) carries a cached value, and it is jixiao's own
result as EXPECT.tsv (a --expect run of the same input) lists it.  A viewer
that shows cached values (a phone, a preview, a program that does not
calculate) then prints what LibreOffice would compute.  Prints one line per
cell that is uncached or differs and "cached: N cells agree, N differ".
"""
import re
import sys
import zipfile
from decimal import Decimal
from xml.etree import ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
book, expect = sys.argv[1], sys.argv[2]
want = {}
with open(expect, encoding="utf-8") as f:
    for line in f:
        name, ref, value = line.rstrip("\n").split("\t")
        want[(name.strip("'"), ref)] = value

z = zipfile.ZipFile(book)
wb = ET.fromstring(z.read("xl/workbook.xml"))
rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
target = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", NS)}
strings = []
if "xl/sharedStrings.xml" in z.namelist():
    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
        strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))

agree = differ = 0
for sh in wb.find("m:sheets", NS):
    name = sh.get("name")
    path = "xl/" + target[sh.get("{%s}id" % NS["r"])].lstrip("/").removeprefix("xl/")
    for c in ET.fromstring(z.read(path)).iter("{%s}c" % NS["m"]):
        if c.find("m:f", NS) is None:
            continue
        ref = c.get("r")
        v = c.find("m:v", NS)
        got = v.text if v is not None and v.text is not None else None
        if got is not None and c.get("t") == "s":
            got = strings[int(got)]
        w = want.get((name, ref))
        ok = False
        if got is not None and w is not None:
            try:
                ok = abs(Decimal(got) - Decimal(w)) <= Decimal("5e-7")
            except Exception:
                ok = got == w
        if ok:
            agree += 1
        else:
            differ += 1
            print(f"{name}!{ref}: cached {got!r}, jixiao {w!r}")
print(f"cached: {agree} cells agree, {differ} differ")
sys.exit(1 if differ or not agree else 0)
