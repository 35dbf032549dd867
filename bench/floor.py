#!/usr/bin/env python3
"""bench/floor.py FILE: the floor `make bench` sets jixiao's reading against.

The least a reader of the bench corpus must do: find each form's title and
its 全年预算数 (the second amount of the 年度资金总额 row, after 年初预算数),
and add them up.  No scoring, no audit, no output but two numbers; a line is
looked at once.  jixiao's speed is printed as a ratio to this script's and
to `wc -l`, measured in the same run (bench/bench.sh), never as a bare
number of seconds.
"""
import sys

forms = 0
budget = 0.0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if "项目支出绩效自评表" in line:
            forms += 1
        elif "年度资金总额" in line:
            cells = line.rstrip("\n").split("\t")
            at = next(i for i, c in enumerate(cells) if "年度资金总额" in c)
            amounts = [c for c in cells[at + 1:] if c.strip()]
            if len(amounts) >= 2:
                try:
                    budget += float(amounts[1])
                except ValueError:
                    pass
print(f"{forms} forms, 全年预算数 {budget:.2f} 万元")
