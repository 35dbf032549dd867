#!/usr/bin/python3
"""pdfvariants.py IN.pdf ROTATED.pdf ENCRYPTED.pdf (Debian's python3-pikepdf):

ROTATED: every page laid on its side — the MediaBox turned to landscape,
its content drawn turned by a quarter, the page given /Rotate 90 — so
that it displays exactly as IN does; ENCRYPTED: IN with an open password."""
import sys

import pikepdf

src, rotated, encrypted = sys.argv[1:4]
with pikepdf.open(src) as pdf:
    for page in pdf.pages:
        x0, y0, x1, y1 = [float(v) for v in page.MediaBox]
        w, h = x1 - x0, y1 - y0
        # displayed (x, y) = (v, w_landscape - u) after a clockwise quarter:
        # draw (x, y) at u = h - y, v = x
        page.contents_add(pikepdf.Stream(pdf, b"q 0 1 -1 0 %f 0 cm" % h), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"Q"))
        page.MediaBox = [0, 0, h, w]
        page.Rotate = 90
    pdf.save(rotated)
with pikepdf.open(src) as pdf:
    pdf.save(encrypted, encryption=pikepdf.Encryption(user="u", owner="o"))
