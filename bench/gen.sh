#!/bin/sh
# bench/gen.sh COPIES OUT: write COPIES copies of the bundled example (16
# forms each) to OUT, each copy as a different unit (实施单位 renamed), so
# that the cross-form audit sees many units of one year, as a finance
# bureau's collection does.
set -eu
copies=$1
out=$2
awk -v n="$copies" '
	{ lines[NR] = $0 }
	END {
		for (c = 1; c <= n; c++)
			for (i = 1; i <= NR; i++) {
				l = lines[i]
				gsub(/银川市金凤区上海西路办事处/, "测试单位" c, l)
				print l
			}
	}' examples/jinfeng-shanghaixilu-2023.txt >"$out"
