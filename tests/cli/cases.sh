#!/bin/sh
# End-to-end cases: each folder under tests/cases holds the inputs of one
# run, the arguments in 'cmd' (or a shell script 'script'), and the expected
# standard output, standard error and exit status. The real binary runs in
# that folder with a fixed clock and no colour; outputs are compared with
# diff -u. Run with UPDATE=1 to write the expected files (then review them).
set -u
: "${top_srcdir:?}" "${RC:?}"
cases="$top_srcdir/tests/cases"
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-cases.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
# Cases run in a copy, so that the source tree may be read-only (distcheck)
# and nothing a case writes can leak into it; their relative paths to
# ../../fixtures and ../../data still resolve.
mkdir -p "$work/t" && cp -R "$cases" "$work/t/cases" &&
	ln -s "$top_srcdir/tests/fixtures" "$work/t/fixtures" &&
	ln -s "$top_srcdir/tests/data" "$work/t/data" &&
	ln -s "$top_srcdir/samples" "$work/t/samples" || exit 99
chmod -R u+w "$work/t/cases"
pass=0
fail=0
SOURCE_DATE_EPOCH=1767225600   # 2026-01-01T00:00:00Z
NO_COLOR=1
export SOURCE_DATE_EPOCH NO_COLOR RC

for src in "$cases"/*/; do
	name=$(basename "$src")
	dir="$work/t/cases/$name"
	if [ -n "${CASES:-}" ]; then
		case " $CASES " in *" $name "*) ;; *) continue ;; esac
	fi
	out="$work/$name.out"
	err="$work/$name.err"
	if [ -f "$dir/script" ]; then
		(cd "$dir" && sh ./script) >"$out" 2>"$err" </dev/null
		status=$?
	elif [ -f "$dir/cmd" ]; then
		# shellcheck disable=SC2046
		(cd "$dir" && eval "set -- $(cat cmd)" && "$RC" "$@") >"$out" 2>"$err" </dev/null
		status=$?
	else
		echo "FAIL $name: no cmd or script"
		fail=$((fail + 1))
		continue
	fi
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$out" "$src/expected.out"
		cp "$err" "$src/expected.err"
		echo "$status" >"$src/expected.status"
		cp "$src/expected.out" "$src/expected.err" "$src/expected.status" "$dir/"
	fi
	ok=1
	want=$(cat "$dir/expected.status" 2>/dev/null || echo missing)
	if [ "$status" != "$want" ]; then
		echo "FAIL $name: exit status $status, expected $want"
		ok=0
	fi
	if ! diff -u "$dir/expected.out" "$out" >"$work/diff" 2>&1; then
		echo "FAIL $name: standard output differs"
		head -n 40 "$work/diff"
		ok=0
	fi
	if ! diff -u "$dir/expected.err" "$err" >"$work/diff" 2>&1; then
		echo "FAIL $name: standard error differs"
		head -n 40 "$work/diff"
		ok=0
	fi
	if [ $ok = 1 ]; then
		echo "ok   $name"
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
