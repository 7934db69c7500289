#!/bin/sh
# Hostile inputs: files written to make the tool's tables and checks slow,
# timed beside ordinary files of the same size. Run by "make bench-hostile";
# never by "make check" (the test suite reads smaller such inputs for
# correctness only).
#
# 1. Entity ids: a long self-report of HOSTILE_IDS (default 100,000) ids,
#    one row each, whose FNV-1a hashes agree in their low 20 bits (the
#    string table before it was keyed put them all in one slot), and one of
#    ordinary ids of the same lengths. Times -j1 -f json on each; the
#    crafted file should take at most twice the ordinary one.
# 2. YAML: a waiver file whose one waiver repeats a key HOSTILE_KEYS
#    (default 200,000) times; it must be rejected (exit 3) within 2 s.
# 3. Waivers: HOSTILE_WAIVERS (default 5,000) waivers for 1,000 entities,
#    timed against the same report without them.
#
# Each run is one round; prints each median (RUNS rounds, default 3) with
# seconds and peak RSS. A run is stopped after HOSTILE_TIMEOUT seconds
# (default 300) and shown as such.
#
# Environment: top_srcdir, top_builddir (default: .), RC (the program to
# time; default: $top_builddir/resilience-check), BENCH_DIR (where the
# files go; default ${TMPDIR:-/tmp}/resilience-check-hostile), RUNS.
set -eu
bld=${top_builddir:-.}
rc=${RC:-$bld/resilience-check}
gen=$bld/bench/hostile
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/resilience-check-hostile}
runs=${RUNS:-3}
nids=${HOSTILE_IDS:-100000}
nkeys=${HOSTILE_KEYS:-200000}
nwaivers=${HOSTILE_WAIVERS:-5000}
limit=${HOSTILE_TIMEOUT:-300}
[ -x /usr/bin/time ] || { echo "bench-hostile: /usr/bin/time is missing (Debian package time)" >&2; exit 1; }
mkdir -p "$dir"
bad=0

# timed KEY ARG...: run the program once on ARG... unless an earlier run of
# KEY hit the time limit; append "seconds rss_kb status" to $dir/times.KEY.
timed() {
	key=$1
	shift
	if grep -q ' 124$' "$dir/times.$key" 2>/dev/null; then
		return 0
	fi
	t0=$(date +%s%N)
	status=0
	/usr/bin/time -v timeout "$limit" "$rc" "$@" > /dev/null 2> "$dir/time.err" || status=$?
	t1=$(date +%s%N)
	echo "$t0 $t1 $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.err") $status" |
	    awk '{ printf "%.4f %s %s\n", ($2 - $1) / 1e9, $3, $4 }' >> "$dir/times.$key"
}

# median KEY: "seconds rss_kb status" (median time, largest RSS, the
# status of the last run), or "stopped" when a run hit the limit.
median() {
	if grep -q ' 124$' "$dir/times.$1"; then
		echo stopped
		return 0
	fi
	sort -n "$dir/times.$1" | awk '{ t[NR] = $1; if ($2 > m) m = $2; s = $3 }
	    END { print t[int((NR + 1) / 2)], m, s }'
}

# show NAME FILE KEY: one line of the table.
show() {
	set -- "$1" "$2" $(median "$3")
	if [ "$3" = stopped ]; then
		printf '%-44s %6.1f %10s %8s\n' "$1" "$(wc -c < "$2" | awk '{ print $1 / 1e6 }')" \
		    "> $limit" "-"
	else
		printf '%-44s %6.1f %10.3f %8.1f\n' "$1" "$(wc -c < "$2" | awk '{ print $1 / 1e6 }')" \
		    "$3" "$(echo "$4" | awk '{ print $1 / 1024 }')"
	fi
}

# expect KEY STATUS...: complain unless the runs of KEY ended with one of
# these statuses (or were stopped at the time limit: 124).
expect() {
	key=$1
	shift
	for s in $(awk '$3 != 124 { print $3 }' "$dir/times.$key" | sort -u); do
		case " $* " in
		*" $s "*) ;;
		*) echo "bench-hostile: $key: unexpected exit status $s" >&2; bad=1 ;;
		esac
	done
}

echo "program: $rc"

# 1. Entity ids.
"$gen" -n "$nids" ordinary > "$dir/ids-ordinary.csv"
"$gen" -n "$nids" -b 20 crafted > "$dir/ids-crafted.csv"
: > "$dir/times.ordinary"
: > "$dir/times.crafted"
i=0
while [ $i -lt "$runs" ]; do
	timed ordinary -j 1 -q -f json -o /dev/null "$dir/ids-ordinary.csv"
	timed crafted -j 1 -q -f json -o /dev/null "$dir/ids-crafted.csv"
	i=$((i + 1))
done
echo
echo "== entity ids: $nids per file, one row each (median of $runs; $(nproc) cores) =="
printf '%-44s %6s %10s %8s\n' input MB seconds "RSS MB"
show "ordinary ids" "$dir/ids-ordinary.csv" ordinary
show "ids colliding in FNV-1a's low 20 bits" "$dir/ids-crafted.csv" crafted
expect ordinary 0 1
expect crafted 0 1
o=$(median ordinary | cut -d' ' -f1)
c=$(median crafted | cut -d' ' -f1)
if [ "$c" = stopped ]; then
	echo "crafted / ordinary: more than $(echo "$limit $o" | awk '{ printf "%.0f", $1 / $2 }') (target: at most 2)"
else
	echo "crafted / ordinary: $(echo "$c $o" | awk '{ printf "%.2f", $1 / $2 }') (target: at most 2)"
fi

# 2. Duplicate YAML keys.
"$gen" -n "$nkeys" dupkeys > "$dir/dupkeys.yaml"
"$gen" -n 1000 ordinary > "$dir/ids-1000.csv"
: > "$dir/times.dupkeys"
i=0
while [ $i -lt "$runs" ]; do
	timed dupkeys -q --waivers "$dir/dupkeys.yaml" "$dir/ids-1000.csv"
	i=$((i + 1))
done
echo
echo "== YAML: one waiver repeating a key $nkeys times (median of $runs) =="
printf '%-44s %6s %10s %8s\n' input MB seconds "RSS MB"
show "waiver file of duplicate keys (exit 3)" "$dir/dupkeys.yaml" dupkeys
expect dupkeys 3
set -- $(median dupkeys)
[ "$1" = stopped ] || echo "rejected in $(printf %.2f "$1") s (target: at most 2 s)"

# 3. Many waivers.
"$gen" -n "$nwaivers" -e 1000 waivers $("$rc" --list-rules | sed -n 's/^  \([^ ]*\) .*/\1/p') \
    > "$dir/waivers.yaml"
: > "$dir/times.nowaivers"
: > "$dir/times.waivers"
i=0
while [ $i -lt "$runs" ]; do
	timed nowaivers -j 1 -q -f json -o /dev/null "$dir/ids-1000.csv"
	timed waivers -j 1 -q -f json -o /dev/null --waivers "$dir/waivers.yaml" "$dir/ids-1000.csv"
	i=$((i + 1))
done
echo
echo "== waivers: $nwaivers for 1000 entities, one row each (median of $runs) =="
printf '%-44s %6s %10s %8s\n' input MB seconds "RSS MB"
show "1000 entities, no waivers" "$dir/ids-1000.csv" nowaivers
show "1000 entities, $nwaivers waivers" "$dir/waivers.yaml" waivers
expect nowaivers 0 1
expect waivers 0 1
exit $bad
