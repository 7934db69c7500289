#!/bin/sh
# --jobs N must not change anything: the same report, diagnostics and exit
# status as --jobs 1. RESILIENCE_CHECK_CHUNK_SIZE splits even small files
# into many chunks, so quoted commas, doubled quotes and line breaks inside
# quoted fields fall across chunk boundaries. The files hold more entities
# than one batch of the threaded evaluation (32 per thread), so batches
# follow one another too; and every report format is compared.
set -u
: "${RC:?RC must name the resilience-check binary}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH

# long: values, missing values, evidence, quoted notes with commas, quotes
# and line breaks, CRLF lines, an unknown indicator; entities run across
# chunks.
awk 'BEGIN {
	print "entity,subject,indicator,year,value,evidence,note"
	split("lpi_overall lpi_customs lpi_tracking not_an_indicator", ind, " ")
	for (e = 0; e < 150; e++)
		for (i = 1; i <= 4; i++)
			for (y = 2015; y <= 2024; y++) {
				n = e * 40 + i * 10 + y
				v = (n % 7 == 0) ? "" : sprintf("%.2f", 1 + (n % 400) / 100)
				ev = (n % 5 == 0) ? "https://example.org/e" e : ""
				if (n % 3 == 0)
					note = "\"see, also \"\"annex\"\"\nline two\""
				else if (n % 4 == 0)
					note = "\"a,b,c\""
				else
					note = ""
				eol = (n % 11 == 0) ? "\r" : ""
				printf "E%03d,%s,%s,%d,%s,%s,%s%s\n", e,
				    (e % 3 ? "state" : "enterprise"), ind[i], y, v, ev, note, eol
			}
}' > "$tmp/long.csv"
# wide
awk 'BEGIN {
	print "entity,year,lpi_overall,lpi_customs,lpi_overall.evidence"
	for (e = 0; e < 140; e++)
		for (y = 2018; y <= 2024; y++)
			printf "W%03d,%d,%.1f,%s,\"https://x.org/a,b\n%d\"\n", e, y,
			    1 + (e + y) % 4, (e % 4 ? "3" : "NA"), y
}' > "$tmp/wide.csv"
# errors: a conflicting value and a subject conflict far from their first
# rows, and a bad number; then a stray quote
cp "$tmp/long.csv" "$tmp/bad.csv"
printf 'E001,state,lpi_overall,2016,4.99,,\nE000,state,lpi_customs,2030,3,,\nE002,state,lpi_customs,2020,x,,\n' >> "$tmp/bad.csv"
cp "$tmp/long.csv" "$tmp/quote.csv"
printf 'E039,state,lpi_overall,2023,3"1,,\n' >> "$tmp/quote.csv"

pass=0
fail=0
for f in long wide bad quote; do
	"$RC" -j 1 -f json "$tmp/$f.csv" > "$tmp/expect.out" 2> "$tmp/expect.err"
	echo "exit $?" >> "$tmp/expect.out"
	for chunk in "" 37 64 100 1000 4096; do
		for j in 1 2 3 4; do
			RESILIENCE_CHECK_CHUNK_SIZE=$chunk "$RC" -j "$j" -f json \
			    "$tmp/$f.csv" > "$tmp/actual.out" 2> "$tmp/actual.err"
			echo "exit $?" >> "$tmp/actual.out"
			if cmp -s "$tmp/expect.out" "$tmp/actual.out" &&
			    cmp -s "$tmp/expect.err" "$tmp/actual.err"; then
				pass=$((pass + 1))
			else
				fail=$((fail + 1))
				echo "FAIL: $f.csv, chunk size '$chunk', --jobs $j"
				diff -u "$tmp/expect.err" "$tmp/actual.err" | head -20
				diff -u "$tmp/expect.out" "$tmp/actual.out" | head -20
			fi
		done
	done
done
# Every format at once, threads or not: the same bytes in each file.
formats="text json csv markdown junit sarif html"
outs() {
	dir=$1
	shift
	mkdir -p "$dir"
	set -- "$@"
	for fmt in $formats; do
		set -- "$@" -f "$fmt:$dir/$fmt"
	done
	"$@" > "$dir/stdout" 2> "$dir/stderr"
	echo "exit $?" >> "$dir/stdout"
}
# Each run writes into the same folder (a cut markdown report names the
# json file beside it); the first run's reports are kept aside.
for f in long wide; do
	rm -rf "$tmp/all1" "$tmp/allj"
	outs "$tmp/allj" "$RC" -j 1 "$tmp/$f.csv"
	mv "$tmp/allj" "$tmp/all1"
	for j in 2 3 4; do
		rm -rf "$tmp/allj"
		outs "$tmp/allj" "$RC" -j "$j" "$tmp/$f.csv"
		if diff -r "$tmp/all1" "$tmp/allj" > "$tmp/diff"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL: $f.csv, every format, --jobs $j"
			head -20 "$tmp/diff"
		fi
	done
	rm -rf "$tmp/all1"
done
# Every end-to-end case again, with one job, and with three jobs and chunks
# of 64 bytes (so that even small files are read in parallel): the same
# output, diagnostics and exit status as their expected files.
if [ -n "${top_srcdir:-}" ] && [ -f "$top_srcdir/tests/cli/cases.sh" ]; then
	RC_REAL=$RC
	export RC_REAL
	printf '#!/bin/sh\nexec "$RC_REAL" -j 1 "$@"\n' > "$tmp/rc-j1"
	# A case that sets the knob itself (to test its checks) keeps its value.
	printf '#!/bin/sh\nRESILIENCE_CHECK_CHUNK_SIZE=${RESILIENCE_CHECK_CHUNK_SIZE-64} exec "$RC_REAL" -j 3 "$@"\n' > "$tmp/rc-j3"
	chmod +x "$tmp/rc-j1" "$tmp/rc-j3"
	for w in rc-j1 rc-j3; do
		RC="$tmp/$w" sh "$top_srcdir/tests/cli/cases.sh" > "$tmp/cases.log" 2>&1
		set -- $(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$tmp/cases.log")
		if [ $# = 2 ] && [ "$2" = 0 ]; then
			pass=$((pass + $1))
		else
			fail=$((fail + ${2:-1}))
			echo "FAIL: the end-to-end cases with $w"
			grep -v '^ok ' "$tmp/cases.log" | head -40
		fi
	done
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
