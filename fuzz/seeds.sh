#!/bin/sh
# fuzz/seeds.sh TARGET DIR: seed inputs for fuzz_TARGET.
#   text:    every layout corpus file and every bad input, prefixed by the
#            byte that selects a layout (0 = detect);
#   profile: the shipped profiles, the test profiles, and `profile show`
#            style files (values with comments after them).
set -eu
target=$1
out=$2
mkdir -p "$out"
if [ "$target" = profile ]; then
	for f in profiles/*.ini tests/profiles/*/*.ini; do
		cp "$f" "$out/$(echo "$f" | tr / _)"
	done
	exit 0
fi
i=0
for name in auto tab pipe markdown html cells paragraph space oneline; do
	for f in tests/layouts/corpus/$name.* examples/*.txt tests/variants/*.txt tests/variants/*.md; do
		[ -f "$f" ] || continue
		case $f in tests/layouts/corpus/*) ;; *) [ "$name" = auto ] || continue ;; esac
		{ printf "\\$(printf '%03o' "$i")"; cat "$f"; } >"$out/$name-$(basename "$f")"
	done
	i=$((i + 1))
done
for f in tests/bad/*; do
	[ -f "$f" ] && { printf '\000'; cat "$f"; } >"$out/bad-$(basename "$f")"
done
