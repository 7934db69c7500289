#!/bin/sh
# Shards: a run split with --shard K/N and its parts' json reports joined
# with --merge give the whole run's report, in every format, byte for byte
# but for the record of the parts (json merged_from and, following from
# it, report_sha256; lines naming a part or its SHA-256 in text, markdown
# and html). Tried for N = 2, 3 and 7 on the end-to-end fixtures, the
# World Bank files and a generated file of SHARD_ROWS rows (default
# 1000000) and published tables read through import maps, merging the
# parts in order and in reverse; then the row
# accounting of a shard, the entities of each shard against the hash that
# resilience-check(1) documents, and, when GNU parallel is installed, the
# manual's parallel recipe.
#
# Environment (set by make check): top_srcdir, top_builddir, RC;
# SHARD_ROWS (the sanitizer build of .ci/run makes it smaller).
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${RC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-shards.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
SOURCE_DATE_EPOCH=1767225600
NO_COLOR=1
export SOURCE_DATE_EPOCH NO_COLOR
formats="text json csv markdown junit sarif html"
rows=${SHARD_ROWS:-1000000}
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok: $*"; }
not_ok() { fail=$((fail + 1)); echo "FAIL: $*"; }

# outputs PREFIX: the -f arguments that write every format to PREFIX.FMT.
outputs() {
	for f in $formats; do
		printf ' -f %s:%s.%s' "$f" "$1" "$f"
	done
}

# differs_only_in_parts A B: whether every line that differs between the
# merged report A and the whole run's report B records a part: its file
# (a .json path), its SHA-256, json's merged_from and report_sha256, or the
# markup of the "merged from" tables.
differs_only_in_parts() {
	ndiff=$(diff "$1" "$2" | grep '^[<>]' |
	    grep -v -e '\.json' -e 'report_sha256' -e 'merged_from' -e '[0-9a-f]\{64\}' \
	    -e 'Merged from' -e '^[<>] *[]{}[],*$' -e '^[<>] *</*t[a-z]*>$' \
	    -e '^< | --- | --- |$' -e '^< <thead><tr><th>Part' -e '^[<>] *$' | wc -l)
	[ "$ndiff" -eq 0 ]
}

# split_merge NAME DIR N ARGS...: the whole run of ARGS in DIR against its
# N shards merged, in every format, the parts in order and reversed.
split_merge() {
	name=$1
	dir=$2
	n=$3
	shift 3
	out="$work/$name-$n"
	mkdir -p "$out"
	# shellcheck disable=SC2046
	(cd "$dir" && "$RC" "$@" --markdown-budget 0 $(outputs "$out/whole")) \
	    >/dev/null 2>"$out/whole.err"
	whole=$?
	k=1
	parts=
	rparts=
	while [ $k -le "$n" ]; do
		(cd "$dir" && "$RC" "$@" --shard "$k/$n" -f json:"$out/part$k.json") \
		    >/dev/null 2>>"$out/parts.err"
		st=$?
		if [ $st -gt 1 ]; then
			not_ok "$name: shard $k/$n exits $st"
			sed 's/^/  /' "$out/parts.err"
			return
		fi
		parts="$parts $out/part$k.json"
		rparts="$out/part$k.json $rparts"
		k=$((k + 1))
	done
	for order in forward reverse; do
		if [ $order = forward ]; then set -- $parts; else set -- $rparts; fi
		# shellcheck disable=SC2046
		"$RC" --merge --markdown-budget 0 $(outputs "$out/$order") "$@" \
		    >/dev/null 2>"$out/merge.err"
		st=$?
		if [ $st -ne $whole ]; then
			not_ok "$name: $n shards merged ($order) exit $st, the whole run $whole"
			sed 's/^/  /' "$out/merge.err"
			continue
		fi
		bad=
		for f in $formats; do
			differs_only_in_parts "$out/$order.$f" "$out/whole.$f" || bad="$bad $f"
		done
		if [ -n "$bad" ]; then
			not_ok "$name: $n shards merged ($order) differ from the whole run in:$bad"
			for f in $bad; do
				diff "$out/$order.$f" "$out/whole.$f" | head -n 10 | sed 's/^/  /'
			done
		else
			ok "$name: $n shards merged ($order) give the whole run's reports"
		fi
	done
	rm -f "$out"/*.text "$out"/*.html "$out"/*.csv "$out"/*.junit "$out"/*.sarif
}

fixtures="$top_srcdir/tests/fixtures"
wdi="$top_srcdir/tests/data/world-bank-wdi-2013"
big="$work/long-$rows.csv"
"$top_builddir/bench/gen" -l long -r "$rows" -s 7 "$top_srcdir/rules" >"$big" ||
	{ echo "cannot generate $big"; exit 99; }
for n in 2 3 7; do
	split_merge samples "$top_srcdir/samples" $n member-states.csv enterprises.csv
	for fx in hw tx ages; do
		split_merge "fixtures-$fx" "$fixtures/$fx" $n --rules . $(cd "$fixtures/$fx" && ls ./*.csv)
	done
	split_merge wdi "$wdi" $n $(cd "$wdi" && ls ./*.csv)
	# Published tables read through import maps: economy names resolved
	# to codes (the part is the code's), quarters averaged into years.
	split_merge downloads "$top_srcdir/tests/data/downloads" $n \
	    lpi_2018_sheet_aperezace20_fromxlsx.csv@2018 \
	    unctad_lsci_quarterly_hkbharti77_cut.csv \
	    wb_databank_lpi_giftahmed_fromxlsx.csv \
	    unctad_container_port_throughput_etorresram.csv
	# A map's filter: the rows it leaves out are counted by one part only.
	split_merge portcalls "$top_srcdir/tests/data" $n unctad_portcalls_annual_tentu.csv
	split_merge "generated-$rows" "$work" $n "$big"
done

# A shard reads every row: rows of other shards' entities are counted as
# "other shard", and the shards' used rows add up to the whole run's.
python3 - "$work/samples-3" <<'PY' && ok "the used rows of 3 shards add up to the whole run's" || not_ok "the row accounting of 3 shards"
import json, sys
d = sys.argv[1]
whole = json.load(open(f"{d}/whole.json"))["inputs"]
parts = [json.load(open(f"{d}/part{k}.json"))["inputs"] for k in (1, 2, 3)]
for i, w in enumerate(whole):
    rows = [p[i]["rows"] for p in parts]
    assert all(r["read"] == w["rows"]["read"] for r in rows)
    assert all(r["read"] == r["used"] + r["ignored"] for r in rows)
    assert sum(r["used"] for r in rows) == w["rows"]["used"]
    # each row is kept by one part and counted as another part's by the others
    other = sum(r["ignored_by"].get("other_shard", 0) for r in rows)
    assert other == 2 * w["rows"]["read"], (other, w["rows"]["read"])
PY

# The entities of shard K are those whose FNV-1a 64 hash of the id is
# K - 1 modulo N, worked out here without the program.
python3 - "$work/wdi-7" <<'PY' && ok "each of 7 shards holds the entities the documented hash gives it" || not_ok "the shards' entities do not follow FNV-1a 64 mod N + 1"
import json, sys
def fnv(s):
    h = 14695981039346656037
    for b in s.encode():
        h = ((h ^ b) * 1099511628211) % (1 << 64)
    return h
seen = set()
for k in range(1, 8):
    rep = json.load(open(f"{sys.argv[1]}/part{k}.json"))
    assert rep["shard"] == {"k": k, "n": 7}, rep["shard"]
    for e in rep["entities"]:
        assert fnv(e["entity"]) % 7 + 1 == k, (e["entity"], k)
        assert e["entity"] not in seen
        seen.add(e["entity"])
whole = json.load(open(f"{sys.argv[1]}/whole.json"))
assert seen == {e["entity"] for e in whole["entities"]}
PY

# An empty shard is not a failure: exit 0, no entity, the rows counted.
printf 'entity,indicator,year,value\nCHN,lpi_overall,2023,3.7\n' >"$work/one.csv"
empty=0
for k in 1 2 3 4; do
	"$RC" --shard $k/4 -f json:"$work/one-$k.json" "$work/one.csv" 2>"$work/one.err"
	st=$?
	if python3 -c 'import json, sys; sys.exit(len(json.load(open(sys.argv[1]))["entities"]))' \
	    "$work/one-$k.json"; then
		empty=$((empty + 1))
		[ $st -eq 0 ] || not_ok "empty shard $k/4 exits $st"
	fi
done
[ $empty -eq 3 ] && ok "3 empty shards of 4 exit 0" || not_ok "$empty empty shards of 4"

# The recipe of resilience-check(1): GNU parallel runs the shards, --merge
# joins them.
(cd "$top_srcdir/samples" && "$RC" -f json:"$work/par-whole.json" member-states.csv) \
    >/dev/null 2>&1
if command -v parallel >/dev/null 2>&1; then
	(cd "$top_srcdir/samples" &&
	    parallel --will-cite --halt never "$RC" --shard {}/4 -f json:"$work/par-{}.json" \
	    member-states.csv ::: 1 2 3 4 ; "$RC" --merge -f json:"$work/par.json" \
	    "$work"/par-[1-4].json) >/dev/null 2>"$work/par.err"
	if differs_only_in_parts "$work/par.json" "$work/par-whole.json"; then
		ok "the GNU parallel recipe gives the whole run's report"
	else
		not_ok "the GNU parallel recipe"
		sed 's/^/  /' "$work/par.err"
	fi
else
	echo "skip: GNU parallel is not installed (Debian package parallel)"
fi

# The Slurm and Kubernetes recipes of resilience-check(1), with the
# variables their schedulers set: Slurm's task ids run from 1, a
# Kubernetes Indexed Job's completion index from 0.
recipes_ok() {
	(
		cd "$top_srcdir/samples" || exit 1
		for t in 1 2 3; do
			SLURM_ARRAY_TASK_ID=$t sh -c '"$RC" --shard "$SLURM_ARRAY_TASK_ID/3" \
			    -f json:"$1/slurm-$SLURM_ARRAY_TASK_ID.json" member-states.csv
			    test $? -le 1' sh "$work" || exit 1
		done
		for t in 0 1 2; do
			JOB_COMPLETION_INDEX=$t sh -c '"$RC" --shard $((JOB_COMPLETION_INDEX + 1))/3 \
			    -f json:"$1/k8s-$((JOB_COMPLETION_INDEX + 1)).json" member-states.csv
			    test $? -le 1' sh "$work" || exit 1
		done
	) >/dev/null 2>&1 || return 1
	for r in slurm k8s; do
		"$RC" --merge -f json:"$work/$r.json" "$work/$r"-[1-3].json >/dev/null 2>&1
		[ $? -le 1 ] && differs_only_in_parts "$work/$r.json" "$work/par-whole.json" ||
		    return 1
	done
}
if recipes_ok; then
	ok "the Slurm array and Kubernetes Indexed Job recipes give the whole run's report"
else
	not_ok "the Slurm array or Kubernetes Indexed Job recipe"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
