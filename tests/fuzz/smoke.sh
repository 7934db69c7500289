#!/bin/sh
# Fuzzing smoke run: each libFuzzer target under tests/fuzz runs for
# FUZZ_SECONDS (default 20) on a scratch copy of its seed corpus. Prints
# the executions per target and whether it found anything; exits non-zero
# when a target crashed, leaked, timed out or ran out of memory.
# Usage: smoke.sh BUILDDIR_WITH_FUZZ_BINARIES [TARGET...]
set -u
bindir=${1:?usage: smoke.sh DIR-WITH-FUZZ-BINARIES [TARGET...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
seconds=${FUZZ_SECONDS:-20}
targets=${*:-csvin scan maps rules expr economies}
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-fuzz.XXXXXX") || exit 99
keep=0
trap '[ $keep = 1 ] || rm -rf "$work"' EXIT INT TERM
failed=0
total=0

for t in $targets; do
	bin=$bindir/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "fuzz_$t: not built (configure CC=clang --enable-fuzzing)"
		failed=1
		continue
	fi
	mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
	seeds=$t
	[ "$t" = scan ] && seeds=csv      # the scanner takes the reader's seeds
	if [ -d "$here/corpus/$seeds" ]; then
		cp "$here/corpus/$seeds"/* "$work/$t/corpus/" 2>/dev/null
	fi
	log=$work/$t/log
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$work/$t/artifacts/" \
	    "$work/$t/corpus" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	total=$((total + ${execs:-0}))
	found=$(ls "$work/$t/artifacts" 2>/dev/null)
	if [ $rc = 0 ] && [ -z "$found" ]; then
		echo "fuzz_$t: ${execs:-0} executions in ${seconds}s, ${cov:-cov: ?}, nothing found"
	else
		echo "fuzz_$t: ${execs:-0} executions, FOUND A PROBLEM (exit $rc)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n 5
		for a in $found; do
			echo "  reproducer: $work/$t/artifacts/$a"
		done
		echo "  log: $log"
		keep=1
		failed=1
	fi
done
echo "total: $total executions"
exit $failed
