#!/usr/bin/env python3
"""Write the forms of a jixiao JSON model in eight text layouts.

Usage:
    ./build/jixiao check --format json examples/jinfeng-shanghaixilu-2023.txt \
        | python3 tests/layouts/gen.py OUTDIR

Reads the JSON printed by `jixiao check --format json` on stdin (only
`.forms[]` is used; `.findings` and every `file`/`line` key are ignored) and
writes into OUTDIR (created if missing):

    tab.txt        one grid row per line, 9 cells joined by TAB
    pipe.txt       one grid row per line, cells followed by " |" without a
                   leading pipe (empty cell = nothing between two pipes, so a
                   row splits into exactly 9 cells on "|" once the one
                   trailing pipe is removed); a reason longer than 30
                   characters is broken after its 15th character: the first
                   line ends there without a pipe, the next line carries the
                   rest and the closing " |"
    markdown.md    "## 项目支出绩效自评表", the year line, a blank line, then
                   a 9-column markdown table, separator row after the first
                   grid row, empty cells as "|  |"
    html.html      a complete HTML5 document, one <table border="1"> per form,
                   rowspan/colspan where the grid merges cells
    cells.txt      one cell per line ending in " |" (an empty cell is a line
                   "|"), merged positions omitted; a cell with a newline
                   takes several lines, only the last one ending in " |"
    paragraph.txt  one non-empty cell per paragraph (paragraphs separated by
                   one blank line), empty cells and merged positions omitted
    space.txt      one grid row per line, non-empty cells joined by two
                   spaces, a line broken before the cell that would take it
                   past 80 display columns (CJK/full-width = 2 columns); a
                   cell is never split, a line never starts empty
    oneline.txt    a whole form on one line: title, year and every non-empty
                   cell joined by single spaces

Every file starts each form with the title 项目支出绩效自评表 and, when `year`
is not null, the line "(2023年度)" (plain text; markdown puts the title in a
"## " heading, html in <h2> and <p>).  Forms are separated by one blank line;
in oneline.txt each form is one line and there are no blank lines.  Every
file ends with a newline.  The output is deterministic: same input, same bytes.

The canonical grid of one form (9 columns, 0..8).  A position holds either a
cell (text, rowspan, colspan; text may be "", an empty cell the table has but
nobody filled) or MERGED (covered by another cell's span).  tab/pipe/markdown
print MERGED and "" alike as an empty cell; html emits no <td> for MERGED;
the stream layouts (cells, paragraph, space, oneline) skip MERGED.

 1. 项目名称 | project (colspan 8)
 2. 主管部门 | department (cols 1-3) | 实施单位 | implementer (cols 5-8)
 3. 项目资金（万元） (rowspan 1 + fund rows) | "" (colspan 2) | 年初预算数 |
    全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
 4. one row per fund in the order total, fiscal, carryover, other, for each
    whose JSON value is not null: MERGED | label (colspan 2) | initial |
    budget | executed | then for the total row execution.weight,
    execution.declared_rate as a percentage, execution.declared_score, and
    for the other rows "—" (colspan 2) | MERGED | "—"
 5. 年度总体目标 (rowspan 2) | 预期目标 (cols 1-4) | 实际完成情况 (cols 5-8);
    then MERGED | goal.expected (cols 1-4) | goal.actual (cols 5-8)
 6. 绩效指标 (rowspan 1 + indicators) | 一级指标 | 二级指标 | 三级指标 |
    年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
 7. per indicator: MERGED | level1 (rowspan over a run of equal level1,
    else MERGED) | level2 (rowspan over a run of equal (level1, level2),
    else MERGED) | name | target | actual | weight | declared_score | reason
 8. 总分 (cols 0-5) | total.weight | total.declared | ""

Decisions:
 * Numbers are parsed as decimal.Decimal (parse_float and parse_int) and
   printed with format(d, 'f'), so they keep their exact JSON text (0.22792
   stays 0.22792) and never use an exponent.  null prints as "".
 * The declared execution rate is shifted two places (Decimal.scaleb(2), an
   exact multiplication by 100 that adds no trailing zeros) and gets a "%":
   0.07599 -> 7.599%, 1 -> 100%, 0 -> 0%, null -> "".
 * A fund entry is a row when its JSON value is not null; an object whose
   three amounts are all null (as 上年结转资金/其他资金 usually are) is still
   a row, with empty amount cells.
 * The rate cell (col 7) of a fund sub-row holds funds.X.declared_rate when
  the row printed one; otherwise it is MERGED (blank): a rate
   printed there in the source (e.g. 100% or 0%) is not in the model and is
   lost.  A MERGED position must be covered by some span, so the "—" in the
   sub-row's 分值 cell (col 6) has colspan 2: html writes
   <td colspan="2">—</td><td>—</td>; every other layout is unaffected (the
   grid layouts print "—", an empty cell, "—"; the stream ones "—", "—").
 * An indicator whose method is "none" (a not-applicable row) gets 无 for
   name/target/actual/weight/declared_score when the value is null or the
   number 0, as the published forms write it.
 * Runs of level1/level2 compare the raw JSON values (null equals null).
 * Labels are the spec's canonical texts: 项目资金（万元） with full-width
   parentheses, 偏差原因分析及改进措施 without the source's stray spaces,
   and the year line "(2023年度)" without spaces.
 * Tab/newline/CR inside a cell: tab.txt, pipe.txt and markdown.md replace
   each by one space (a grid row must stay one line, a tab would shift the
   columns); html.html writes a newline as <br>; cells.txt gives each line
   of the cell its own line; paragraph.txt keeps the newline inside the
   paragraph; space.txt and oneline.txt collapse every run of whitespace
   (space, tab, newline) to one space and strip the cell's ends.
 * "|" in a cell is written "\\|" in pipe.txt and markdown.md only (in
   cells.txt only the line's final " |" ends a cell).  The pipe layout's
   reason break counts characters (code points) of the unescaped text.
 * Display width (space.txt): East Asian Wide and Fullwidth characters count
   2, combining marks 0, all others (including ambiguous ones such as "—")
   count 1.  The 80-column limit counts the two-space separators too.
 * html.html escapes & < > (and " never needs escaping in element text).
"""

import decimal
import json
import os
import re
import sys
import unicodedata

MERGED = None  # a grid position covered by another cell's span


class Cell:
    __slots__ = ("text", "rowspan", "colspan")

    def __init__(self, text, rowspan=1, colspan=1):
        self.text = text
        self.rowspan = rowspan
        self.colspan = colspan


def fmt(v):
    """Text of a JSON value: null -> "", numbers exactly as written."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    return str(v)


def fmt_rate(v):
    """Declared execution rate (a fraction) as a percentage string."""
    if v is None:
        return ""
    if not isinstance(v, decimal.Decimal):
        v = decimal.Decimal(str(v))
    return format(v.scaleb(2), "f") + "%"


def is_zero(v):
    return isinstance(v, (decimal.Decimal, int)) and not isinstance(v, bool) and v == 0


TITLE = "项目支出绩效自评表"

FUND_ROWS = [
    ("total", "年度资金总额"),
    ("fiscal", "其中：当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
    ("special", "财政专户管理资金"),
    ("unit", "单位资金"),
]


def place(row, col, cell):
    """Put cell at row[col] and MERGED over the rest of its colspan."""
    row[col] = cell
    for c in range(col + 1, col + cell.colspan):
        row[c] = MERGED


def new_row():
    return [Cell("") for _ in range(9)]


def build_grid(form):
    """The canonical 9-column grid of one form: a list of rows."""
    g = lambda obj, key: (obj or {}).get(key)
    rows = []

    r = new_row()
    place(r, 0, Cell("项目名称"))
    place(r, 1, Cell(fmt(form.get("project")), colspan=8))
    rows.append(r)

    r = new_row()
    place(r, 0, Cell("主管部门"))
    place(r, 1, Cell(fmt(form.get("department")), colspan=3))
    place(r, 4, Cell("实施单位"))
    place(r, 5, Cell(fmt(form.get("implementer")), colspan=4))
    rows.append(r)

    funds = form.get("funds") or {}
    execution = form.get("execution") or {}
    present = [(k, label) for k, label in FUND_ROWS if funds.get(k) is not None]
    r = new_row()
    place(r, 0, Cell("项目资金（万元）", rowspan=1 + len(present)))
    place(r, 1, Cell("", colspan=2))
    for i, h in enumerate(["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]):
        place(r, 3 + i, Cell(h))
    rows.append(r)
    for key, label in present:  # total first, then the sub-rows
        f = funds[key]
        r = new_row()
        r[0] = MERGED
        place(r, 1, Cell(label, colspan=2))
        place(r, 3, Cell(fmt(g(f, "initial"))))
        place(r, 4, Cell(fmt(g(f, "budget"))))
        place(r, 5, Cell(fmt(g(f, "executed"))))
        if key == "total":
            place(r, 6, Cell(fmt(execution.get("weight"))))
            place(r, 7, Cell(fmt_rate(execution.get("declared_rate"))))
            place(r, 8, Cell(fmt(execution.get("declared_score"))))
        elif f.get("declared_rate") is not None:
            # a sub-row that prints its own rate (信访津贴: 0%) keeps it
            place(r, 6, Cell("—"))
            place(r, 7, Cell(fmt_rate(f.get("declared_rate"))))
            place(r, 8, Cell("—"))
        else:
            place(r, 6, Cell("—", colspan=2))  # covers the MERGED rate cell
            place(r, 8, Cell("—"))
        rows.append(r)

    goal = form.get("goal") or {}
    r = new_row()
    place(r, 0, Cell("年度总体目标", rowspan=2))
    place(r, 1, Cell("预期目标", colspan=4))
    place(r, 5, Cell("实际完成情况", colspan=4))
    rows.append(r)
    r = new_row()
    r[0] = MERGED
    place(r, 1, Cell(fmt(goal.get("expected")), colspan=4))
    place(r, 5, Cell(fmt(goal.get("actual")), colspan=4))
    rows.append(r)

    inds = form.get("indicators") or []
    r = new_row()
    place(r, 0, Cell("绩效指标", rowspan=1 + len(inds)))
    for i, h in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值",
                           "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]):
        place(r, 1 + i, Cell(h))
    rows.append(r)

    def run_length(start, key):
        n = 1
        while start + n < len(inds) and key(inds[start + n]) == key(inds[start]):
            n += 1
        return n

    key1 = lambda ind: ind.get("level1")
    key2 = lambda ind: (ind.get("level1"), ind.get("level2"))
    for i, ind in enumerate(inds):
        r = new_row()
        r[0] = MERGED
        if i == 0 or key1(inds[i - 1]) != key1(ind):
            place(r, 1, Cell(fmt(ind.get("level1")), rowspan=run_length(i, key1)))
        else:
            r[1] = MERGED
        if i == 0 or key2(inds[i - 1]) != key2(ind):
            place(r, 2, Cell(fmt(ind.get("level2")), rowspan=run_length(i, key2)))
        else:
            r[2] = MERGED
        none = ind.get("method") == "none"
        for col, key in [(3, "name"), (4, "target"), (5, "actual"),
                         (6, "weight"), (7, "declared_score")]:
            v = ind.get(key)
            if none and (v is None or is_zero(v)):
                text = "无"
            else:
                text = fmt(v)
            place(r, col, Cell(text))
        place(r, 8, Cell(fmt(ind.get("reason"))))
        rows.append(r)

    total = form.get("total") or {}
    r = new_row()
    place(r, 0, Cell("总分", colspan=6))
    place(r, 6, Cell(fmt(total.get("weight"))))
    place(r, 7, Cell(fmt(total.get("declared"))))
    place(r, 8, Cell(""))
    rows.append(r)

    check_grid(rows)
    return rows


def check_grid(rows):
    """Every MERGED position must be covered by exactly one span."""
    covered = [[0] * 9 for _ in rows]
    for i, row in enumerate(rows):
        assert len(row) == 9
        for j, c in enumerate(row):
            if c is MERGED:
                continue
            for di in range(c.rowspan):
                for dj in range(c.colspan):
                    covered[i + di][j + dj] += 1
    for i, row in enumerate(rows):
        for j, c in enumerate(row):
            assert covered[i][j] == 1, ("grid overlap or hole", i, j)


def head_lines(form):
    lines = [TITLE]
    if form.get("year") is not None:
        lines.append("(%s年度)" % fmt(form["year"]))
    return lines


def text_of(c):
    return "" if c is MERGED else c.text


def one_line(s):
    """A cell's text on one line: tab, CR and LF become spaces."""
    return re.sub(r"[\t\r\n]", " ", s)


def squeeze(s):
    """Runs of whitespace collapsed to one space, ends stripped."""
    return re.sub(r"[ \t\r\n]+", " ", s).strip(" ")


def esc_pipe(s):
    return s.replace("|", "\\|")


# ---------------------------------------------------------------- layouts

def lay_tab(form, grid):
    out = head_lines(form)
    for row in grid:
        out.append("\t".join(one_line(text_of(c)) for c in row))
    return out


def lay_pipe(form, grid):
    out = head_lines(form)
    for row in grid:
        line = ""
        for j, c in enumerate(row):
            raw = one_line(text_of(c))
            if raw == "":
                line += "|"
                continue
            lead = "" if j == 0 else " "
            if j == 8 and len(raw) > 30:
                out.append(line + lead + esc_pipe(raw[:15]))
                line = esc_pipe(raw[15:]) + " |"
            else:
                line += lead + esc_pipe(raw) + " |"
        out.append(line)
    return out


def lay_markdown(form, grid):
    out = ["## " + TITLE]
    out += head_lines(form)[1:]
    out.append("")
    for i, row in enumerate(grid):
        out.append("|" + "|".join(" %s " % esc_pipe(one_line(text_of(c))) for c in row) + "|")
        if i == 0:
            out.append("|" + "|".join(["---"] * 9) + "|")
    return out


def html_esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>"))


def lay_html(form, grid):
    out = ["<h2>%s</h2>" % TITLE]
    if form.get("year") is not None:
        out.append("<p>%s</p>" % html_esc(head_lines(form)[1]))
    out.append('<table border="1">')
    for row in grid:
        tds = []
        for c in row:
            if c is MERGED:
                continue
            attrs = ""
            if c.rowspan > 1:
                attrs += ' rowspan="%d"' % c.rowspan
            if c.colspan > 1:
                attrs += ' colspan="%d"' % c.colspan
            tds.append("<td%s>%s</td>" % (attrs, html_esc(c.text)))
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return out


def stream_cells(grid):
    """Texts of the non-MERGED cells, row by row."""
    return [c.text for row in grid for c in row if c is not MERGED]


def lay_cells(form, grid):
    out = head_lines(form)
    for t in stream_cells(grid):
        parts = t.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        out += parts[:-1]
        out.append(parts[-1] + " |" if parts[-1] != "" else "|")
    return out


def lay_paragraph(form, grid):
    paras = head_lines(form)
    paras += [t.replace("\r\n", "\n").replace("\r", "\n")
              for t in stream_cells(grid) if squeeze(t) != ""]
    out = []
    for i, p in enumerate(paras):
        if i:
            out.append("")
        out.append(p)
    return out


def char_width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(s):
    return sum(char_width(ch) for ch in s)


LIMIT = 80


def lay_space(form, grid):
    out = head_lines(form)
    for row in grid:
        cells = [squeeze(text_of(c)) for c in row if c is not MERGED]
        cells = [t for t in cells if t != ""]
        line, w = "", 0
        for t in cells:
            tw = width(t)
            if line == "":
                line, w = t, tw
            elif w + 2 + tw <= LIMIT:
                line, w = line + "  " + t, w + 2 + tw
            else:
                out.append(line)
                line, w = t, tw
        if line != "":
            out.append(line)
    return out


def lay_oneline(form, grid):
    words = head_lines(form)
    words += [squeeze(t) for t in stream_cells(grid)]
    return [" ".join(squeeze(w) for w in words if squeeze(w) != "")]


LAYOUTS = [
    ("tab.txt", lay_tab, True),
    ("pipe.txt", lay_pipe, True),
    ("markdown.md", lay_markdown, True),
    ("html.html", lay_html, True),
    ("cells.txt", lay_cells, True),
    ("paragraph.txt", lay_paragraph, True),
    ("space.txt", lay_space, True),
    ("oneline.txt", lay_oneline, False),
]

HTML_HEAD = [
    "<!DOCTYPE html>",
    '<html lang="zh">',
    "<head>",
    '<meta charset="utf-8">',
    "<title>%s</title>" % TITLE,
    "</head>",
    "<body>",
]
HTML_TAIL = ["</body>", "</html>"]


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: jixiao check --format json FILE | gen.py OUTDIR\n")
        return 2
    outdir = argv[1]
    model = json.load(sys.stdin, parse_float=decimal.Decimal, parse_int=decimal.Decimal)
    forms = model.get("forms") or []
    if not forms:
        sys.stderr.write("gen.py: no forms in the JSON on stdin\n")
        return 1
    grids = [build_grid(f) for f in forms]
    os.makedirs(outdir, exist_ok=True)
    for name, lay, blank_between in LAYOUTS:
        lines = []
        if name == "html.html":
            lines += HTML_HEAD
        for i, (form, grid) in enumerate(zip(forms, grids)):
            if i and blank_between:
                lines.append("")
            lines += lay(form, grid)
        if name == "html.html":
            lines += HTML_TAIL
        with open(os.path.join(outdir, name), "w", encoding="utf-8", newline="\n") as fh:
            fh.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
