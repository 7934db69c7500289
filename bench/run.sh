#!/bin/sh
# Benchmark: generate long self-reports of the given numbers of rows (by
# default 1 M and 10 M), each twice: with 0.4 % of rows quoted, and with one
# row in five carrying a quoted note with commas, as real self-reports
# have; then time on the same file resilience-check with
# every built-in rule (-f json -o /dev/null, --jobs 1 and --jobs 2, and
# one shard of four: its peak memory against the whole run's), the
# reader alone, the bare libcsv parse (the floor) and the peers that are
# installed (mawk, Miller, Python csv) doing one equivalent threshold check
# (rows of lpi_overall with a value >= 3), and, with the openssl command,
# the SHA-256 of the input and of the json report, which every run must
# compute (the report records the input's digest and ends with its own):
# a part of resilience-check's time that no reader can save. The tools
# run in RUNS rounds (default 5) of one run each; prints each tool's
# median: seconds, MB/s, peak RSS from /usr/bin/time -v, and the ratio to
# the floor; then how the time scales from the smallest to the largest
# file. Run by "make bench";
# never by "make check".
#
# Environment: top_srcdir, top_builddir (default: .), BENCH_DIR (where the
# generated files go; default ${TMPDIR:-/tmp}/resilience-check-bench), RUNS.
set -eu
src=${top_srcdir:-.}
bld=${top_builddir:-.}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/resilience-check-bench}
runs=${RUNS:-5}
[ $# -gt 0 ] || set -- 1000000 10000000
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (Debian package time)" >&2; exit 1; }
mkdir -p "$dir"

# run_once KEY: run tool KEY once on "$f"; append "seconds rss_kb" to
# $dir/times.KEY. The time is taken with nanosecond clock readings around
# the run (time -v shows hundredths, too coarse for the small file's
# scaling line); time -v gives the peak RSS.
run_once() {
	key=$1
	case $key in
	floor)  set -- "$bld/bench/csvfloor" "$f" ;;
	rc1)    set -- "$bld/resilience-check" -j 1 -q -f json -o /dev/null "$f" ;;
	rc2)    set -- "$bld/resilience-check" -j 2 -q -f json -o /dev/null "$f" ;;
	shard)  set -- "$bld/resilience-check" -j 2 -q --shard 1/4 -f json -o /dev/null "$f" ;;
	read1)  set -- "$bld/bench/csvread" -j 1 "$f" ;;
	read2)  set -- "$bld/bench/csvread" -j 2 "$f" ;;
	mawk)   set -- mawk -F, '$3 == "lpi_overall" && $5 != "" && $5 != "NA" && $5 + 0 >= 3 { n++ } END { print n + 0 }' "$f" ;;
	mlr)    set -- mlr --icsv --ojson filter '$indicator == "lpi_overall" && $value != "" && $value != "NA" && $value >= 3' then count "$f" ;;
	python) set -- python3 "$dir/peer.py" "$f" ;;
	sha)    set -- openssl dgst -sha256 "$f" "$dir/report.json" ;;
	esac
	t0=$(date +%s%N)
	/usr/bin/time -v "$@" > /dev/null 2> "$dir/time.err" || true
	t1=$(date +%s%N)
	echo "$t0 $t1 $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.err")" |
	    awk '{ printf "%.4f %s\n", ($2 - $1) / 1e9, $3 }' >> "$dir/times.$key"
}

# median KEY: "seconds rss_kb" of KEY's runs (median time; largest RSS).
median() {
	sort -n "$dir/times.$1" | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
	    END { print t[int((NR + 1) / 2)], m }'
}

cat > "$dir/peer.py" <<'PY'
import csv, sys
n = 0
with open(sys.argv[1], newline='') as f:
    r = csv.reader(f)
    h = next(r)
    ci, cv = h.index('indicator'), h.index('value')
    for row in r:
        if len(row) > cv and row[ci] == 'lpi_overall' and row[cv] not in ('', 'NA'):
            if float(row[cv]) >= 3:
                n += 1
print(n)
PY

first_t=
first_rows=
for spec in $(for r in "$@"; do echo "$r:4 $r:200"; done); do
	rows=${spec%%:*}
	quoted=${spec##*:}
	f="$dir/long-$rows-q$quoted.csv"
	[ -s "$f" ] || "$bld/bench/gen" -l long -r "$rows" -s 1 -q "$quoted" "$src/rules" > "$f"
	bytes=$(wc -c < "$f")
	cat "$f" > /dev/null    # into the page cache
	echo
	echo "== $rows rows, $((bytes / 1000000)) MB, long layout, $(awk "BEGIN { print $quoted / 10 }") % of rows with a quoted note (median of $runs; $(nproc) cores) =="
	printf '%-34s %8s %8s %10s %8s\n' tool seconds MB/s "RSS MB" "x floor"
	# The tools present, in the order of the table.
	keys="floor rc1 rc2 shard read1 read2"
	command -v mawk > /dev/null && keys="$keys mawk"
	command -v mlr > /dev/null && keys="$keys mlr"
	command -v python3 > /dev/null && keys="$keys python"
	if command -v openssl > /dev/null; then
		keys="$keys sha"
		"$bld/resilience-check" -j 2 -q -f json -o "$dir/report.json" "$f" || [ $? -eq 1 ]
	fi
	# Rounds of one run per tool, so that a slow spell of the machine
	# weighs on every tool alike rather than on the one running then.
	for key in $keys; do
		: > "$dir/times.$key"
	done
	i=0
	while [ $i -lt "$runs" ]; do
		for key in $keys; do
			run_once "$key"
		done
		i=$((i + 1))
	done
	floor=$(median floor | cut -d' ' -f1)
	for key in $keys; do
		case $key in
		floor)  name="bare libcsv parse (floor)" ;;
		rc1)    name="resilience-check -j1 (all rules)" ;;
		rc2)    name="resilience-check -j2 (all rules)" ;;
		shard)  name="resilience-check -j2 --shard 1/4" ;;
		read1)  name="reader only -j1 (bench/csvread)" ;;
		read2)  name="reader only -j2 (bench/csvread)" ;;
		mawk)   name="mawk threshold" ;;
		mlr)    name="Miller threshold" ;;
		python) name="Python csv threshold" ;;
		sha)    name="SHA-256 of input + json report" ;;
		esac
		set -- $(median "$key")
		printf '%-34s %8.3f %8.0f %10.1f %8.2f\n' "$name" "$1" \
		    "$(echo "$bytes $1" | awk '{ print ($2 > 0 ? $1 / $2 / 1e6 : 0) }')" \
		    "$(echo "$2" | awk '{ print $1 / 1024 }')" \
		    "$(echo "$1 $floor" | awk '{ print ($2 > 0 ? $1 / $2 : 0) }')"
	done
	echo "$(median shard | cut -d' ' -f2) $(median rc2 | cut -d' ' -f2)" |
	    awk '{ printf "shard 1/4 peak memory: %.0f %% of the whole run'"'"'s (-j2)\n", 100 * $1 / $2 }'
	rm -f "$dir/report.json"
	rc1=$(median rc1 | cut -d' ' -f1)
	[ "$quoted" = 4 ] || continue   # the scaling line compares like with like
	if [ -z "$first_t" ]; then
		first_t=$rc1
		first_rows=$rows
	else
		echo "$first_rows $rows $first_t $rc1" | awk '{ printf "scaling: %d rows take %.2fx the time of %d rows (%.0fx the rows)\n", $2, $4 / $3, $1, $2 / $1 }'
	fi
done
