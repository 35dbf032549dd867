#!/usr/bin/env python3
"""xlsx_edit.py IN.xlsx OUT.xlsx SHEET_NO CELL VALUE: set a number cell of
sheet SHEET_NO (1-based, as in xl/worksheets/sheetN.xml) and write a copy:
a user changing an actual value in the spreadsheet."""
import re
import sys
import zipfile

src, dst, sheet, ref, value = sys.argv[1:6]
name = f"xl/worksheets/sheet{sheet}.xml"
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == name:
            xml = data.decode("utf-8")
            new, n = re.subn(rf'(<c r="{ref}"[^>]*>)<v>[^<]*</v>', rf"\g<1><v>{value}</v>", xml)
            if n != 1:
                sys.exit(f"xlsx_edit: no number cell {ref} in {name}")
            data = new.encode("utf-8")
        zout.writestr(item, data)
