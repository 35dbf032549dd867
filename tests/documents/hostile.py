#!/usr/bin/env python3
"""hostile.py DIR: write the hostile Word and PDF files of
tests/documents/check.sh into DIR.  Each must be refused with a clear
message and exit 2, inside the reader's caps and the child's limits."""
import os
import sys
import zipfile
import zlib

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
      'officedocument.wordprocessingml.document.main+xml"/></Types>')


def docx(name, write_body):
    """A .docx whose word/document.xml body write_body(f) writes."""
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            write_body(f)


def bomb(f):
    """300 MB of white space inside the body (past the 128 MB cap)."""
    f.write(('<w:document %s><w:body>' % W).encode())
    chunk = b" " * (1 << 20)
    for _ in range(300):
        f.write(chunk)
    f.write(b"</w:body></w:document>")


def entities(f):
    """A billion laughs: entities declared (refused before any expansion)."""
    f.write(('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
             + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10)
                       for i in range(9))
             + ']><w:document %s><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>'
             % W).encode())


def cells(f):
    """10^6 table cells: 20,000 rows of 50."""
    f.write(('<w:document %s><w:body><w:tbl>' % W).encode())
    row = "<w:tr>" + "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>" * 50 + "</w:tr>"
    for _ in range(20000):
        f.write(row.encode())
    f.write(b"</w:tbl></w:body></w:document>")


def nested(f):
    """Tables nested 40 deep."""
    f.write(('<w:document %s><w:body>' % W).encode())
    f.write(b"<w:tbl><w:tr><w:tc>" * 40)
    f.write(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>")
    f.write(b"</w:tc></w:tr></w:tbl>" * 40)
    f.write(b"</w:body></w:document>")


docx("bomb.docx", bomb)
docx("entities.docx", entities)
docx("cells.docx", cells)
docx("nested.docx", nested)
# a .docx that is no ZIP at all past its signature
with open(os.path.join(out, "cut.docx"), "wb") as f:
    f.write(b"PK\x03\x04" + b"\0" * 100)


def pdf(name, objects, root=1):
    """A PDF of the given object bodies (1-based), with a valid xref."""
    body, offs = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), []
    for i, o in enumerate(objects, 1):
        offs.append(len(body))
        body += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offs:
        body += b"%010d 00000 n \n" % o
    body += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, x)
    with open(os.path.join(out, name), "wb") as f:
        f.write(body)


def stream(data, compress=True):
    d = zlib.compress(data, 9) if compress else data
    return b"<< /Length %d%s >>\nstream\n" % (len(d), b" /Filter /FlateDecode" if compress else b"") \
        + d + b"\nendstream"


# 10,000 pages sharing one empty content stream
N = 10000
kids = b" ".join(b"%d 0 R" % (i + 4) for i in range(N))
pdf("pages.pdf", [b"<< /Type /Catalog /Pages 2 0 R >>",
                  b"<< /Type /Pages /Count %d /Kids [%s] >>" % (N, kids),
                  stream(b"")]
    + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * N)

# a content stream that inflates to 2 GB of path operators (a few MB compressed)
comp = zlib.compressobj(9)
parts = []
op = b"0 0 m 1 1 l S\n" * 100000
for _ in range(1500):
    parts.append(comp.compress(op))
parts.append(comp.flush())
data = b"".join(parts)
pdf("stream-bomb.pdf", [b"<< /Type /Catalog /Pages 2 0 R >>",
                        b"<< /Type /Pages /Count 1 /Kids [4 0 R] >>",
                        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data
                        + b"\nendstream",
                        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"])

# objects nested 100,000 arrays deep
deep = b"[" * 100000 + b"]" * 100000
pdf("nested.pdf", [b"<< /Type /Catalog /Pages 2 0 R /X %s >>" % deep,
                   b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
                   b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])

# a page 200 m square (its image is capped, not 56,000 pixels wide)
pdf("huge-page.pdf", [b"<< /Type /Catalog /Pages 2 0 R >>",
                      b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>"])

# not a PDF past its header
with open(os.path.join(out, "cut.pdf"), "wb") as f:
    f.write(b"%PDF-1.7\n1 0 obj\n<< /Type")
