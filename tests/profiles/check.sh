# tests/profiles/check.sh: the scoring profiles' data-driven tests.
#   bad/*.ini    each file's first line is "# expect: <the error line>";
#                `jixiao profile show FILE` must print exactly that on
#                stderr and exit 2, and `check --profile FILE` must refuse
#                to score (exit 2, same message).
#   moves/*.ini  each changes one rule of national (a few change a pair that
#                only makes sense together); moves/NAME.expect lists every
#                number and finding it moves on the input named in its
#                "# input:" line (default: the bundled example), as
#                moves.jq prints them.  Reviewed by hand: see README there.
#   round trip   `profile show NAME`, renamed, is itself a profile that
#                scores the example exactly as NAME does.
# Sourced by tests/run.sh (uses its pass counter, failed, JX and T).
#   JX_UPDATE=1 sh tests/run.sh   rewrites moves/*.expect from the binary,
#                                 for review with `git diff` (never unread).
ok() { pass=$((pass + 1)); }
no() { failed "profiles: $*"; }
EX=examples/jinfeng-shanghaixilu-2023.txt

for f in tests/profiles/bad/*.ini; do
	want=$(head -n 1 "$f" | sed 's/^# expect: //')
	"$JX" profile show "$f" >"$T/p.out" 2>"$T/p.err"
	code=$?
	got=$(cat "$T/p.err")
	if [ "$code" = 2 ] && [ "$got" = "$want" ] && [ ! -s "$T/p.out" ]; then ok; else
		no "$f: exit $code"; echo "  want: $want"; echo "  got:  $got"; fi
	"$JX" check --profile "$f" "$EX" >"$T/c.out" 2>"$T/c.err"
	code=$?
	if [ "$code" = 2 ] && [ "$(cat "$T/c.err")" = "$want" ] && [ ! -s "$T/c.out" ]; then ok; else
		no "check --profile $f: exit $code, scored anyway or another message"; fi
done

for f in tests/profiles/moves/*.ini; do
	name=${f%.ini}
	input=$(sed -n 's/^# input: //p' "$f")
	input=${input:-$EX}
	"$JX" check --format json "$input" >"$T/base.json" 2>/dev/null
	"$JX" check --format json --profile "$f" "$input" >"$T/new.json" 2>"$T/new.err"
	if [ -s "$T/new.err" ]; then no "$f: $(cat "$T/new.err")"; continue; fi
	jq -rn --slurpfile a "$T/base.json" --slurpfile b "$T/new.json" \
		-f tests/profiles/moves.jq >"$T/moves"
	if [ "${JX_UPDATE:-}" = 1 ]; then cp "$T/moves" "$name.expect"; fi
	if cmp -s "$T/moves" "$name.expect"; then ok; else
		no "$f moved other numbers than $name.expect lists"
		diff "$name.expect" "$T/moves" | head -n 20
	fi
done

# (under another name: shipped names are reserved for the shipped files)
for p in national central-2021 provincial-example; do
	"$JX" profile show "$p" >"$T/$p.ini" 2>&1
	"$JX" check --format json --profile "$T/$p.ini" "$EX" >/dev/null 2>"$T/same-name.err"
	if grep -q "$p.ini:[0-9]*: error: 「$p」是内置规则的名称" "$T/same-name.err"; then ok; else
		no "a file named $p was accepted"; fi
	sed "s/^name = $p /name = $p-copy /" "$T/$p.ini" >"$T/$p-copy.ini"
	"$JX" check --format json --profile "$p" "$EX" >"$T/a.json" 2>/dev/null
	"$JX" check --format json --profile "$T/$p-copy.ini" "$EX" 2>/dev/null |
		sed "s/$p-copy/$p/g" >"$T/b.json"
	if [ -s "$T/a.json" ] && cmp -s "$T/a.json" "$T/b.json"; then ok; else
		no "profile show $p does not score as $p"; diff "$T/a.json" "$T/b.json" | head -n 5; fi
done

# a directory or a FIFO is refused at once (reading a FIFO would wait forever)
"$JX" profile show tests >/dev/null 2>"$T/dir.err"
if [ $? = 2 ] && grep -q "不是普通文件" "$T/dir.err"; then ok; else no "a directory as a profile"; fi
rm -f "$T/fifo"
if mkfifo "$T/fifo" 2>/dev/null; then
	timeout 10 "$JX" profile show "$T/fifo" >/dev/null 2>"$T/fifo.err"
	if [ $? = 2 ] && grep -q "不是普通文件" "$T/fifo.err"; then ok; else no "a FIFO as a profile"; fi
	printf 'extends = %s\n' "$T/fifo" >"$T/via-fifo.ini"
	timeout 10 "$JX" check --profile "$T/via-fifo.ini" "$EX" >/dev/null 2>"$T/fifo.err"
	if [ $? = 2 ] && grep -q "via-fifo.ini:1: error: .*不是普通文件" "$T/fifo.err"; then ok; else
		no "extends naming a FIFO"; fi
fi
