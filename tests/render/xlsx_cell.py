#!/usr/bin/env python3
"""xlsx_cell.py CSVDIR STEM SHEET CELL: one cell of LibreOffice's CSV export."""
import csv
import os
import re
import sys

d, stem, sheet, ref = sys.argv[1:5]
with open(os.path.join(d, f"{stem}-{sheet}.csv"), encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
m = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
col = 0
for ch in m.group(1):
    col = col * 26 + ord(ch) - 64
print(rows[int(m.group(2)) - 1][col - 1])
