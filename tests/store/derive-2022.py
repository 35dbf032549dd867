#!/usr/bin/env python3
"""derive-2022.py FIXTURE OUT: the bundled example as its own previous year.

The year-over-year tests need two years of the same unit.  This writes the
2023 example back to 2022 with a few deliberate differences, each of which
the comparison of 2022 with 2023 must report (tests/store/check.sh pins the
findings):

  line 119  社区党建经费 街道社区数: target 8 个 in 2022, 7 个 in 2023
            -> yoy-target-lowered (a positive target lowered)
  line 94   人民调解工作经费 接待群众法律咨询: 2022 actual 600 人次 against
            the same target 200 人次 -> yoy-target-stale (3 x the target,
            then the target copied unchanged)
  line 272  综合执法专项经费 资金成本 (a cost, reverse): 4 万 in 2022, 5 万
            in 2023 -> yoy-target-lowered (a limit raised)
  line 20   妇联工作经费 妇联工作完成率: weight 15 in 2022, 10 in 2023
  line 21   妇联工作经费 资金使用时间: weight 15 in 2022, 20 in 2023
            -> two yoy-weight-moved (2022 still adds up to 100)

Everything else is the same text with 2022 for 2023, so every indicator
whose actual copies its target in 2023 did so in 2022 too
(yoy-actual-is-target).
"""
import sys

src, out = sys.argv[1], sys.argv[2]
lines = open(src, encoding="utf-8").read().split("\n")

def change(n, old, new):
    """Replace old by new in 1-based line n; fail loudly if it is not there."""
    if old not in lines[n - 1]:
        sys.exit(f"derive-2022: line {n} has no {old!r}: {lines[n - 1]!r}")
    lines[n - 1] = lines[n - 1].replace(old, new, 1)

change(119, "\t7 个\t7 个\t", "\t8 个\t8 个\t")
change(94, "\t664 人 次\t", "\t600 人次\t")
change(272, "\t5 万\t5 万\t", "\t4 万\t4 万\t")
change(20, "\t10\t10\t", "\t15\t15\t")
change(21, "\t20\t20\t", "\t15\t15\t")
text = "\n".join(lines).replace("(2023 年度)", "(2022 年度)")
open(out, "w", encoding="utf-8").write(text)
