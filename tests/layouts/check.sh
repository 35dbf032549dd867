# tests/layouts/check.sh: every layout yields the tab layout's model and
# findings.  Sourced by tests/run.sh (uses prop, JX, T); runs alone too
# (make test T=layouts).
#
# The corpus (tests/layouts/corpus/) is the fixture's 16 forms written by
# gen.py from the parsed model in each layout; it is regenerated here and
# must be byte-identical to the committed one, so it stays in step with the
# model (after a deliberate change: `make layouts-update`, then review).

LX=tests/layouts
FX=examples/jinfeng-shanghaixilu-2023.txt
"$JX" check --format json "$FX" >"$T/fx.json" 2>/dev/null # also props.sh's: this runs alone too
# same JQ A B: the jq expression gives the same JSON on A and B
same() {
	jq -S "$1" "$2" >"$T/same1" && jq -S "$1" "$3" >"$T/same2" && cmp -s "$T/same1" "$T/same2"
}
mkdir -p "$T/lay"
"$JX" check --format json "$FX" | python3 "$LX/gen.py" "$T/lay"
for f in "$LX"/corpus/*; do
	prop "layout corpus in step with the model: $(basename "$f")" cmp "$f" "$T/lay/$(basename "$f")"
done

jq -S -f "$LX/norm.jq" "$T/fx.json" >"$T/lay-ref.json"
for f in "$LX"/corpus/*; do
	name=$(basename "$f")
	layout=${name%%.*}
	"$JX" check --format json "$f" >"$T/lay-$layout.json" 2>/dev/null
	prop "$layout: detected as $layout for all 16 forms" \
		jq -e --arg l "$layout" '[.forms[] | select(.layout == $l)] | length == 16' "$T/lay-$layout.json"
	"$JX" check --format json --layout "$layout" "$f" >"$T/lay-forced-$layout.json" 2>/dev/null
	prop "$layout: --layout $layout reads the same as detection" \
		cmp "$T/lay-$layout.json" "$T/lay-forced-$layout.json"
	[ "$layout" = oneline ] && continue
	jq -S -f "$LX/norm.jq" "$T/lay-$layout.json" >"$T/lay-$layout.norm"
	prop "$layout: same 16 forms, field for field, as the tab layout" \
		same .forms "$T/lay-ref.json" "$T/lay-$layout.norm"
	prop "$layout: same findings as the tab layout" \
		same .findings "$T/lay-ref.json" "$T/lay-$layout.norm"
done

# one line: best effort, but the projects, funds and declared totals are
# read exactly, every form says it was guessed, and what is misread is said
O="$T/lay-oneline.json"
prop "oneline: projects, funds, declared totals as in the tab layout" \
	same '[.forms[] | {project, department, implementer, funds, execution, total: .total.declared}]' "$T/fx.json" "$O"
prop "oneline: every form carries the one-line notice" \
	jq -e '[.findings[] | select(.id == "unparsed" and (.message | test("整张表写在一行")))] | length == 16' "$O"
# indicators read exactly as in the tab layout: 82 of 144 when this was
# written; the rest are reported.  A floor, so that it cannot regress unseen.
prop "oneline: at least 82 of the 144 indicators read exactly" \
	jq -n -e --slurpfile a "$T/fx.json" --slurpfile b "$O" '
	  [range(0; 16) as $i | ($b[0].forms[$i].indicators | map(del(.line))) as $y
	   | $a[0].forms[$i].indicators[] | del(.line) | select(. as $e | $y | index([$e]))]
	  | length >= 82'

# Truncated and shuffled inputs in every layout: no crash, no hang, and an
# `unparsed` finding that names a line.  Cut at three points (a third, a
# half, four fifths of the bytes, so the cut lands inside a line and inside
# a form); shuffle the lines (the words, for one line per form) with a
# fixed seed.
robust() { # robust LABEL FILE
	timeout 20 "$JX" check --format json "$2" >"$T/rb.json" 2>"$T/rb.err"
	code=$?
	prop "$1: exits 0-2 within 20 s (got $code)" test "$code" -le 2
	prop "$1: valid JSON" jq empty "$T/rb.json"
	prop "$1: an unparsed finding with a line" \
		jq -e '[.findings[] | select(.id == "unparsed" and .line > 0)] | length > 0' "$T/rb.json"
}
for f in "$LX"/corpus/*; do
	name=$(basename "$f")
	size=$(wc -c <"$f")
	for part in 3 2 1.25; do
		n=$(awk -v s="$size" -v p="$part" 'BEGIN { printf "%d", s / p }')
		head -c "$n" "$f" >"$T/cut-$name"
		robust "$name cut at $n of $size bytes" "$T/cut-$name"
	done
	if [ "$name" = oneline.txt ]; then
		awk 'BEGIN { srand(42) } { n = split($0, w, " "); for (i = n; i > 1; i--) { j = int(rand() * i) + 1; t = w[i]; w[i] = w[j]; w[j] = t }
		     s = ""; for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") w[i]; print s }' "$f" >"$T/shuf-$name"
	else
		awk 'BEGIN { srand(42) } { print rand() "\t" $0 }' "$f" | sort -k1,1 | cut -f2- >"$T/shuf-$name"
	fi
	robust "$name shuffled" "$T/shuf-$name"
done

# one cell per line without the " |" (a table pasted as plain lines, empty
# cells gone): read as paragraphs of one line each
sed 's/ |$//; /^|$/d' "$LX/corpus/cells.txt" >"$T/lines.txt"
"$JX" check --format json "$T/lines.txt" | jq -S -f "$LX/norm.jq" >"$T/lines.norm"
prop "plain lines (cells without the pipe): same forms as the tab layout" \
	same .forms "$T/lay-ref.json" "$T/lines.norm"
prop "plain lines: same findings as the tab layout" \
	same .findings "$T/lay-ref.json" "$T/lines.norm"
