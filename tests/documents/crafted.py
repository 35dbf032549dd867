#!/usr/bin/env python3
"""crafted.py DOCX OUT_DIR: variants of a Word file of forms that must read
exactly like it (tests/documents/check.sh):

  gridbefore.docx  a row's first cell, when it only continues the merged
                   cell above (<w:vMerge/>), removed and the row given
                   <w:gridBefore w:val="1"/> instead: the same grid;
  nested.docx      every table put inside the one cell of an outer table
                   (a layout table around the form), text boxes' VML copy
                   (mc:Fallback) and deleted text (w:delText) added, which
                   are not what Word shows;
  vmerge.docx      every <w:vMerge/> written <w:vMerge w:val="continue"/>.
"""
import os
import re
import sys
import zipfile

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(src) as z:
    parts = [(i.filename, z.read(i)) for i in z.infolist()]
doc = dict(parts)["word/document.xml"].decode()


def write(name, xml):
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as o:
        for filename, data in parts:
            o.writestr(filename, xml.encode() if filename == "word/document.xml" else data)


def grid_before(m):
    row = m.group(0)
    first = re.match(r"<w:tr>(<w:tc>.*?</w:tc>)", row)
    if not first or "<w:vMerge/>" not in first.group(1) or "gridSpan" in first.group(1):
        return row
    return "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" + row[len("<w:tr>") + len(first.group(1)):]


write("gridbefore.docx", re.sub(r"<w:tr>.*?</w:tr>", grid_before, doc))

noise = ('<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
         '<mc:Choice Requires="wps"/><mc:Fallback><w:pict><w:t>不是表中的字</w:t></w:pict></mc:Fallback>'
         '</mc:AlternateContent></w:r><w:del><w:r><w:delText>已删除的字</w:delText></w:r></w:del></w:p>')
nested = re.sub(r"(<w:tbl>.*?</w:tbl>)",
                lambda m: "<w:tbl><w:tr><w:tc>" + noise + m.group(1) + "<w:p/></w:tc></w:tr></w:tbl>",
                doc, flags=re.S)
write("nested.docx", nested)
write("vmerge.docx", doc.replace("<w:vMerge/>", '<w:vMerge w:val="continue"/>'))
