#!/bin/sh
# An input that ends before the size the file system gave for it (another
# process truncated it while it was read) ends the run with a located
# message and the input-error status, and no report or temporary file is
# left. The unit tests cut a file between two reads (test_csvin); here a
# sysfs file stands in for one, as it reports a size of a page and holds a
# few bytes. Skipped where there is no such file.
#
# Environment (set by make check): top_srcdir, top_builddir, RC.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${RC:?}"
src=/sys/devices/system/cpu/online
if [ ! -r "$src" ] || [ "$(stat -c %s "$src" 2>/dev/null)" -le "$(wc -c <"$src")" ]; then
	echo "no file that holds less than its size; skipped"
	exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-shrink.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
pass=0
fail=0

for jobs in 1 2; do
	"$RC" -j $jobs -f json -o "$work/report.json" "$src" 2>"$work/err"
	st=$?
	if [ $st -eq 3 ]; then
		pass=$((pass + 1)); echo "ok: -j $jobs: exit 3"
	else
		fail=$((fail + 1)); echo "FAIL: -j $jobs: exit $st, not 3"
	fi
	if grep -qx "resilience-check: $src: the file shrank while it was being read; run again when it is complete" "$work/err"; then
		pass=$((pass + 1)); echo "ok: -j $jobs: the message says what happened"
	else
		fail=$((fail + 1)); echo "FAIL: -j $jobs: standard error:"; cat "$work/err"
	fi
	if [ -z "$(ls "$work" | grep -v -e '^err$')" ]; then
		pass=$((pass + 1)); echo "ok: -j $jobs: no report and no temporary file is left"
	else
		fail=$((fail + 1)); echo "FAIL: -j $jobs: files left:"; ls -a "$work"
	fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
