#!/usr/bin/env python3
"""fill_template.py TEMPLATE.xlsx FILL.json OUT.xlsx: type values into the
cells of a `jixiao template` workbook, as a clerk would in Excel, and write
a copy.  FILL.json maps a sheet name to {cell: value}: a number is written
as a number, a string as text, {"formula": F} as a formula without its
result (as a program that cannot compute writes it), {"formula": F, "v": ""}
with an empty result element (<v></v>, as openpyxl and others write it); a formula cell written to (a qualitative
score) loses its formula, as when a clerk types over it.  The copy has no
computed results: LibreOffice computes them when it saves it
(tests/inputs/check.sh)."""
import json
import re
import sys
import zipfile
from xml.sax.saxutils import escape

src, spec, dst = sys.argv[1:4]
fill = json.load(open(spec, encoding="utf-8"))

with zipfile.ZipFile(src) as z:
    book = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    paths = {}
    for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', book):
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
            re.search(rf'Target="([^"]+)"[^>]*Id="{rid}"', rels)
        paths["xl/" + target.group(1)] = name
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for item in z.infolist():
            data = z.read(item.filename)
            sheet = paths.get(item.filename)
            if sheet in fill:
                xml = data.decode("utf-8")
                for ref, value in fill[sheet].items():
                    if isinstance(value, dict):  # {"formula": "1+1"}: no computed result
                        v = f"<v>{escape(value['v'])}</v>" if "v" in value else ""
                        body = f"><f>{escape(value['formula'])}</f>{v}</c>"
                    elif isinstance(value, str):
                        body = f' t="inlineStr"><is><t>{escape(value)}</t></is></c>'
                    else:
                        body = f"><v>{value}</v></c>"
                    pat = rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)'

                    def cell(m):
                        style = re.search(r' s="\d+"', m.group(1))
                        return f'<c r="{ref}"{style.group(0) if style else ""}{body}'
                    xml, n = re.subn(pat, cell, xml, count=1)
                    if n != 1:
                        sys.exit(f"fill_template: no cell {ref} in sheet {sheet}")
                data = xml.encode("utf-8")
            out.writestr(item, data)
