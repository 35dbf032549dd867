#!/usr/bin/env python3
"""xlsx_check.py EXPECT.tsv CSVDIR STEM: compare LibreOffice's recalculation
of a jixiao workbook with jixiao's own values.

EXPECT.tsv is written by `jixiao render --format xlsx --expect`: one line per
formula cell, "sheet<TAB>cell<TAB>value".  CSVDIR holds LibreOffice's CSV
export of every sheet (STEM-<sheet>.csv), made after a forced recalculation:
the workbook carries no cached results, so every number read here was
computed by LibreOffice from the formulas.  A number agrees when it is within
5e-7 of jixiao's (scores are exact to 2 decimals; rates are printed by jixiao
to 6 decimals, rounded); text must be equal.  Prints
one line per disagreement and "xlsx: N cells agree, N differ".
"""
import csv
import os
import re
import sys
from decimal import Decimal

expect, csvdir, stem = sys.argv[1], sys.argv[2], sys.argv[3]
sheets = {}


def sheet(name):
    if name not in sheets:
        path = os.path.join(csvdir, f"{stem}-{name}.csv")
        with open(path, encoding="utf-8", newline="") as f:
            sheets[name] = list(csv.reader(f))
    return sheets[name]


def cell(rows, ref):
    m = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    r = int(m.group(2)) - 1
    row = rows[r] if r < len(rows) else []
    return row[col - 1] if col - 1 < len(row) else ""


def number(text):
    text = text.strip()
    if text.endswith("%"):
        return Decimal(text[:-1]) / 100
    return Decimal(text)


agree = differ = 0
with open(expect, encoding="utf-8") as f:
    for line in f:
        name, ref, want = line.rstrip("\n").split("\t")
        name = name.strip("'")
        got = cell(sheet(name), ref)
        try:
            w = Decimal(want)
            ok = got != "" and abs(number(got) - w) <= Decimal("5e-7") + Decimal("1e-12")
        except Exception:
            ok = got == want
        if ok:
            agree += 1
        else:
            differ += 1
            print(f"{name}!{ref}: LibreOffice {got!r}, jixiao {want!r}")
print(f"xlsx: {agree} cells agree, {differ} differ")
sys.exit(1 if differ or not agree else 0)
