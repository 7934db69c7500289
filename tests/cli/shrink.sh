#!/bin/sh
# An input that another process truncates while the program reads it (a
# large file is mapped: reads past its new end raise SIGBUS) ends the run
# with a message and the input-error status, and no report is written.
# The run is stopped (SIGSTOP) once the file is mapped, the file cut to
# 1 MB, and the run let go on, so the test does not depend on timing.
#
# Environment (set by make check): top_srcdir, top_builddir, RC.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${RC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-shrink.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
pass=0
fail=0
big="$work/big.csv"
"$top_builddir/bench/gen" -l long -r 3000000 -s 5 "$top_srcdir/rules" >"$big" || exit 99

"$RC" -j 1 -f json -o "$work/report.json" "$big" 2>"$work/err" &
pid=$!
i=0
while ! grep -q "$big" "/proc/$pid/maps" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 3000 ] || ! kill -0 $pid 2>/dev/null; then
		echo "the run ended or never mapped the file; cannot test"
		wait $pid
		exit 99
	fi
	sleep 0.01
done
kill -STOP $pid
truncate -s 1000000 "$big"
kill -CONT $pid
wait $pid
st=$?
if [ $st -eq 3 ]; then
	pass=$((pass + 1)); echo "ok: exit 3"
else
	fail=$((fail + 1)); echo "FAIL: exit $st, not 3"
fi
if grep -q "^resilience-check: an input file shrank while it was being read; run again when the file is complete$" "$work/err"; then
	pass=$((pass + 1)); echo "ok: the message says what happened"
else
	fail=$((fail + 1)); echo "FAIL: standard error:"; cat "$work/err"
fi
if [ ! -e "$work/report.json" ] && [ -z "$(ls "$work" | grep -v -e '^big.csv$' -e '^err$')" ]; then
	pass=$((pass + 1)); echo "ok: no report and no temporary file is left"
else
	fail=$((fail + 1)); echo "FAIL: files left:"; ls -a "$work"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
