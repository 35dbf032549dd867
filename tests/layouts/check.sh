# tests/layouts/check.sh: every layout yields the tab layout's model and
# findings.  Sourced by tests/run.sh after tests/props.sh (uses prop, JX, T).
#
# The corpus (tests/layouts/corpus/) is the fixture's 16 forms written by
# gen.py from the parsed model in each layout; it is regenerated here and
# must be byte-identical to the committed one, so it stays in step with the
# model (after a deliberate change: `make layouts-update`, then review).

LX=tests/layouts
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
