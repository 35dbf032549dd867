#!/bin/sh
# tests/run.sh [BUILD_DIR]: run every test against the binaries in BUILD_DIR
# (default build).  Run from the repository root.  Three kinds:
#   1. C unit tests (BUILD_DIR/tests/*), each ending "name: N passed, N failed";
#   2. golden cases, tests/golden/NAME/: `cmd` (a shell line using $JX and
#      $T, a scratch dir), expected `stdout` and `exit`, and `stderr` when
#      present; the real binary is run and its output compared byte for byte;
#      or, for a JSON output, `fields` instead of `stdout`: one jq expression
#      and its expected compact value a line, compared field by field;
#   3. the properties of tests/props.sh (the SPEC §6 facts, JSON validity)
#      and of tests/layouts/check.sh (every layout reads like the tab one),
#      tests/profiles/check.sh (malformed profiles, what each rule moves) and
#      tests/store/check.sh (the database: import, history, kill, summary, yoy)
#      and tests/render/check.sh (documents: LibreOffice, Chromium, escaping)
#      and tests/inputs/check.sh (workbooks, CSV, JSON, the template, hostile files)
#      and tests/documents/check.sh (Word, PDF, text encodings, hostile documents)
#      and tests/realforms/check.sh (published forms: the template reader)
#      and tests/jobs/check.sh (--jobs N gives what one reader gives)
#      and tests/web/check.sh (serve: the API, security, a browser walk).
# The last line is "N passed, N failed"; the exit status is 1 on any failure.
#
# JX_SECTION (from `make test T=...`) runs only the named sections, separated
# by commas: unit, golden, props, layouts, profiles, store, render, inputs,
# documents, realforms, jobs, web.  An unknown name is an error (exit 2), never an empty pass.
#
#   make golden-update            build, then rewrite the golden files from the
#                                 new binary, for review with `git diff` before
#                                 committing (never commit them unread).
set -u
B=${1:-build}
UPDATE=${2:-}
JX="$PWD/$B/jixiao"
export JX
T=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-test.XXXXXX")
export T
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0
SECTIONS="unit golden props layouts profiles schemes store render inputs documents realforms jobs web"
WANT=$(printf '%s' "${JX_SECTION:-}" | tr ',' ' ')
for w in $WANT; do
	case " $SECTIONS " in
	*" $w "*) ;;
	*)
		echo "tests/run.sh: no section «$w»; sections: $SECTIONS" >&2
		exit 2
		;;
	esac
done
# wanted NAME: the section runs (all of them when none is named)
wanted() {
	[ -z "$WANT" ] && return 0
	case " $WANT " in *" $1 "*) return 0 ;; esac
	return 1
}

failed() {
	fail=$((fail + 1))
	echo "FAIL: $*"
}

# prop DESCRIPTION CMD...: passes when CMD exits 0 (props.sh, layouts/check.sh)
prop() {
	desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		pass=$((pass + 1))
	else
		failed "property: $desc"
	fi
}

# 1. unit tests
wanted unit || B_UNIT=
for t in ${B_UNIT-"$B"/tests/*}; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1)
	last=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s\n' "$last" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s\n' "$last" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		failed "$t ended without a summary (crashed?)"
		printf '%s\n' "$out" | tail -n 20
		continue
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$f" -eq 0 ] || printf '%s\n' "$out" | grep -v '^test_' | head -n 40
done

# 2. golden cases
wanted golden || G_DIRS=
for d in ${G_DIRS-tests/golden/*/}; do
	name=$(basename "$d")
	[ -f "$d/cmd" ] || continue
	sh -c "$(cat "$d/cmd")" >"$T/out" 2>"$T/err"
	code=$?
	if [ "$UPDATE" = "--update" ]; then
		[ -f "$d/fields" ] || cp "$T/out" "$d/stdout"
		echo "$code" >"$d/exit"
		[ -f "$d/stderr" ] && cp "$T/err" "$d/stderr"
	fi
	ok=1
	if [ -f "$d/fields" ]; then
		# per field: each line "JQ-EXPRESSION<TAB>EXPECTED" of a JSON output,
		# so that a message's wording is not pinned in every case
		if [ "$UPDATE" = "--update" ]; then
			while IFS='	' read -r expr want; do
				case "$expr" in '' | '#'*) printf '%s\n' "$expr" ;;
				*) printf '%s\t%s\n' "$expr" "$(jq -c "$expr" "$T/out" 2>&1)" ;; esac
			done <"$d/fields" >"$T/fields" && cp "$T/fields" "$d/fields"
		fi
		while IFS='	' read -r expr want; do
			case "$expr" in '' | '#'*) continue ;; esac
			got=$(jq -c "$expr" "$T/out" 2>&1)
			if [ "$got" != "$want" ]; then
				ok=0
				echo "--- $name: $expr"
				printf '  want %.300s\n  got  %.300s\n' "$want" "$got"
			fi
		done <"$d/fields"
	elif ! cmp -s "$T/out" "$d/stdout"; then
		ok=0
		echo "--- $name: stdout differs"
		diff "$d/stdout" "$T/out" | head -n 20
	fi
	if [ "$code" != "$(cat "$d/exit")" ]; then
		ok=0
		echo "--- $name: exit $code, expected $(cat "$d/exit")"
	fi
	if [ -f "$d/stderr" ] && ! cmp -s "$T/err" "$d/stderr"; then
		ok=0
		echo "--- $name: stderr differs"
		diff "$d/stderr" "$T/err" | head -n 20
	fi
	# sanitizer reports go to stderr: any is a failure
	if grep -q -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T/err"; then
		ok=0
		echo "--- $name: sanitizer report"
		head -n 30 "$T/err"
	fi
	if [ $ok -eq 1 ]; then pass=$((pass + 1)); else failed "golden $name"; fi
done

# 3. properties
wanted props && . tests/props.sh
for sec in layouts profiles schemes store render inputs documents realforms jobs web; do
	if wanted "$sec"; then . "tests/$sec/check.sh"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
