#!/usr/bin/python3
"""Office files of forms from the tables of an HTML page (jixiao's
`render --format html --clean`, or a form written as an HTML table):

    forms.py FORMS.html OUT_DIR [--font-pt N] [--name STEM]

writes OUT_DIR/STEM.docx (python-docx: one table per form, merged cells as
Word merges: w:gridSpan and w:vMerge, the title and year as paragraphs
above it) and OUT_DIR/STEM.xlsx (openpyxl: one sheet per form, merged
ranges, every cell as the text printed).  Debian's python3-docx and
python3-openpyxl; run with /usr/bin/python3.
"""
import argparse
import html.parser
import os

import docx
import docx.shared
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side


class Tables(html.parser.HTMLParser):
    """Each <section>'s h1, year line and table: rows of (text, colspan, rowspan)."""

    def __init__(self):
        super().__init__()
        self.forms, self.text, self.cell = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.forms.append({"title": self.title if hasattr(self, "title") else "",
                               "year": getattr(self, "year", ""), "rows": []})
        elif tag == "tr" and self.forms:
            self.forms[-1]["rows"].append([])
        elif tag == "td" and self.forms:
            self.cell = [[], int(a.get("colspan", 1)), int(a.get("rowspan", 1))]
        elif tag in ("h1", "p"):
            self.text = []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.forms[-1]["rows"][-1].append(("".join(self.cell[0]).strip(), self.cell[1], self.cell[2]))
            self.cell = None
        elif tag == "h1" and self.text is not None:
            self.title, self.text = "".join(self.text).strip(), None
        elif tag == "p" and self.text is not None:
            self.year, self.text = "".join(self.text).strip(), None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0].append(data)
        elif self.text is not None:
            self.text.append(data)


def grid(rows):
    """The table as a grid: cells[(r, c)] = (text, colspan, rowspan) at each
    merged cell's top left; covered[(r, c)] for the cells it covers."""
    cells, covered, width = {}, set(), 0
    for r, row in enumerate(rows):
        c = 0
        for text, cs, rs in row:
            while (r, c) in covered:
                c += 1
            cells[(r, c)] = (text, cs, rs)
            for dr in range(rs):
                for dc in range(cs):
                    if dr or dc:
                        covered.add((r + dr, c + dc))
            c += cs
            width = max(width, c)
    return cells, covered, width, len(rows)


def set_cell_font(cell, pt):
    for p in cell.paragraphs:
        for run in p.runs:
            run.font.size = docx.shared.Pt(pt)
            run.font.name = "WenQuanYi Zen Hei"
            run._element.rPr.rFonts.set(qn("w:eastAsia"), "WenQuanYi Zen Hei")


def write_docx(forms, path, pt):
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = docx.shared.Mm(210), docx.shared.Mm(297)
    sec.orientation = WD_ORIENT.PORTRAIT
    for m in ("left_margin", "right_margin"):
        setattr(sec, m, docx.shared.Mm(12))
    for i, f in enumerate(forms):
        if i:
            d.add_page_break()
        for text, size in ((f["title"], pt + 6), (f["year"], pt)):
            p = d.add_paragraph()
            p.alignment = 1
            run = p.add_run(text)
            run.font.size = docx.shared.Pt(size)
        cells, covered, width, height = grid(f["rows"])
        t = d.add_table(rows=height, cols=width)
        t.style = "Table Grid"
        for (r, c), (text, cs, rs) in cells.items():
            cell = t.cell(r, c)
            if cs > 1 or rs > 1:
                cell = cell.merge(t.cell(r + rs - 1, c + cs - 1))
            cell.text = text
            set_cell_font(cell, pt)
    d.save(path)


def write_xlsx(forms, path, overflow=False):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="000000")
    for i, f in enumerate(forms):
        ws = wb.create_sheet("表%d" % (i + 1))
        cells, covered, width, height = grid(f["rows"])
        ws.cell(row=1, column=1, value=f["title"]).font = Font(size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws.cell(row=2, column=1, value=f["year"])
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        for r in range(height):
            for c in range(width):
                x = ws.cell(row=r + 3, column=c + 1)
                x.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                x.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
                x.font = Font(size=9)
        for (r, c), (text, cs, rs) in cells.items():
            x = ws.cell(row=r + 3, column=c + 1)
            x.value = text  # a string: the text as printed, never a number Excel reformats
            x.number_format = "@"
            if cs > 1 or rs > 1:
                ws.merge_cells(start_row=r + 3, start_column=c + 1, end_row=r + 3 + rs - 1,
                               end_column=c + cs)
        widths = [w * 1.3 for w in (6, 9, 10, 15, 11, 11, 6, 10, 22)]
        widths += [12] * (width - len(widths))
        for c in range(width):
            ws.column_dimensions[openpyxl.utils.get_column_letter(c + 1)].width = widths[c]
        if not overflow:  # rows as tall as their wrapped text (openpyxl does not fit them)
            for r in range(height):
                lines = 1
                for (rr, c), (text, cs, rs) in cells.items():
                    if rr == r and rs == 1:
                        units = sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text)
                        lines = max(lines, int(units * 1.9 / sum(widths[c:c + cs])) + 1)
                ws.row_dimensions[r + 3].height = lines * 12.5 + 3
        ws.page_setup.orientation = "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.save(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("html")
    ap.add_argument("out")
    ap.add_argument("--font-pt", type=float, default=9)
    ap.add_argument("--name", default="forms")
    ap.add_argument("--no-xlsx", action="store_true")
    ap.add_argument("--overflow", action="store_true",
                    help="xlsx rows of the default height: wrapped text overflows its cells")
    a = ap.parse_args()
    p = Tables()
    p.feed(open(a.html, encoding="utf-8").read())
    os.makedirs(a.out, exist_ok=True)
    write_docx(p.forms, os.path.join(a.out, a.name + ".docx"), a.font_pt)
    if not a.no_xlsx:
        write_xlsx(p.forms, os.path.join(a.out, a.name + ".xlsx"), a.overflow)
    print("%d forms" % len(p.forms))


if __name__ == "__main__":
    main()
