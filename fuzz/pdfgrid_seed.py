#!/usr/bin/env python3
"""pdfgrid_seed.py PDF PAGES OUT: the first PAGES pages of a PDF as
fuzz_pdfgrid.c's records (see there): its words from pdftotext
-bbox-layout, its ruling lines from pdftoppm's image (long dark runs)."""
import re
import subprocess
import sys

pdf, npages, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
q = lambda v: max(0, min(255, int(float(v) / 4)))
rec = bytearray()
xml = subprocess.run(["pdftotext", "-bbox-layout", "-l", str(npages), pdf, "-"],
                     capture_output=True, check=True).stdout.decode()
for p, page in enumerate(re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S)):
    w, h, body = float(page[0]), float(page[1]), page[2]
    rec += b"P" + bytes([q(w), q(h)])
    for ln, line in enumerate(re.findall(r"<line[^>]*>(.*?)</line>", body, re.S)):
        for x0, y0, x1, y1, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', line):
            tb = t.encode()[:255]
            rec += b"W" + bytes([q(x0), q(y0), q(x1), q(y1), ln % 256, len(tb)]) + tb
    img = subprocess.run(["pdftoppm", "-gray", "-r", "36", "-f", str(p + 1), "-l", str(p + 1), pdf],
                         capture_output=True, check=True).stdout
    head = img.split(b"\n", 3)
    W, H = map(int, head[1].split())
    px = head[3]
    s = w / W  # points per pixel
    # long dark runs along each row (H) and each column (V)
    for tag, lines, length, at in ((b"H", H, W, lambda k, i: px[k * W + i]),
                                   (b"V", W, H, lambda k, i: px[i * W + k])):
        for k in range(lines):
            i = 0
            while i < length:
                if at(k, i) < 160:
                    a = i
                    while i < length and at(k, i) < 160:
                        i += 1
                    if i - a > 8:
                        rec += tag + bytes([q(k * s), q(a * s), q(i * s)])
                i += 1
open(out, "wb").write(rec)
