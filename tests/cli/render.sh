#!/bin/sh
# The json report holds every fact of a run: rendered again with --render,
# it gives the same bytes, in every format, as the run that wrote it, and the
# same exit status. Tried on every end-to-end case that evaluates (a 'cmd'
# whose run succeeds), on the samples and on the World Bank files. Then a
# damaged or foreign report is refused with the JSON path of the problem.
#
# Environment (set by make check): top_srcdir, RC.
set -u
: "${top_srcdir:?}" "${RC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-render.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
SOURCE_DATE_EPOCH=1767225600
NO_COLOR=1
export SOURCE_DATE_EPOCH NO_COLOR
formats="text json csv markdown junit sarif html"
pass=0
fail=0

# round_trip NAME DIR ARGS...: run ARGS in DIR writing every format, render
# the json, and compare.
round_trip() {
	name=$1
	dir=$2
	shift 2
	out="$work/$name"
	mkdir -p "$out"
	# The run and the render write the same file names (a cut markdown
	# report names the json file beside it); the run's are kept aside.
	set -- "$@"
	for f in $formats; do
		set -- "$@" -f "$f:$out/report.$f"
	done
	(cd "$dir" && "$RC" "$@") >/dev/null 2>"$out/run.err"
	st=$?
	if [ $st -gt 1 ]; then
		return 0                # not an evaluation that writes reports
	fi
	for f in $formats; do
		mv "$out/report.$f" "$out/run.$f"
	done
	set --
	for f in $formats; do
		set -- "$@" -f "$f:$out/report.$f"
	done
	"$RC" --render "$out/run.json" "$@" >/dev/null 2>"$out/render.err"
	rst=$?
	ok=1
	if [ "$rst" != "$st" ]; then
		echo "FAIL $name: --render exits $rst, the run $st"
		cat "$out/render.err"
		ok=0
	fi
	for f in $formats; do
		if ! cmp -s "$out/run.$f" "$out/report.$f"; then
			echo "FAIL $name: $f differs"
			diff -u "$out/run.$f" "$out/report.$f" | head -n 20
			ok=0
		fi
	done
	if [ $ok = 1 ]; then
		echo "ok   $name ($(echo $formats | wc -w) formats, exit $st)"
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
}

# The cases run in a copy, as cases.sh runs them (relative paths hold).
mkdir -p "$work/t" && cp -R "$top_srcdir/tests/cases" "$work/t/cases" &&
	ln -s "$top_srcdir/tests/fixtures" "$work/t/fixtures" &&
	ln -s "$top_srcdir/tests/data" "$work/t/data" &&
	ln -s "$top_srcdir/samples" "$work/t/samples" || exit 99
chmod -R u+w "$work/t/cases"
for dir in "$work"/t/cases/*/; do
	name=$(basename "$dir")
	[ -f "$dir/cmd" ] || continue
	# Standard input is not there to read twice.
	grep -q "\(^\| \)-\( \|$\)" "$dir/cmd" && continue
	# shellcheck disable=SC2046
	eval "set -- $(cat "$dir/cmd")"
	round_trip "$name" "$dir" "$@"
done
round_trip member-states "$top_srcdir" samples/member-states.csv
round_trip enterprises "$top_srcdir" --waivers samples/waivers.yaml samples/enterprises.csv
round_trip member-states-skip "$top_srcdir" --missing skip --fail-under 40 samples/member-states.csv
round_trip member-states-entity "$top_srcdir" --entity DEU --entity ARG samples/member-states.csv
round_trip wdi "$top_srcdir" tests/data/world-bank-wdi-2013/*.csv

# Damaged and foreign reports: an input error naming the JSON path, and no
# report written.
r="$work/member-states/run.json"
check_refused() {
	name=$1
	want=$2
	"$RC" --render "$work/bad.json" -f text:"$work/bad.txt" >/dev/null 2>"$work/bad.err"
	st=$?
	# Standard output as the one output: not a byte of a refused report.
	"$RC" --render "$work/bad.json" -f csv >"$work/bad.out" 2>/dev/null
	st2=$?
	if [ $st = 3 ] && [ $st2 = 3 ] && grep -q -- "$want" "$work/bad.err" &&
	    [ ! -e "$work/bad.txt" ] && [ ! -s "$work/bad.out" ]; then
		echo "ok   refused: $name"
		pass=$((pass + 1))
	else
		echo "FAIL refused: $name: exit $st, expected 3 and '$want'"
		cat "$work/bad.err"
		fail=$((fail + 1))
	fi
	rm -f "$work/bad.txt"
}
# A report ends with the SHA-256 of what precedes it: an edited report is
# refused for that first. To reach the checks behind it, the edits below
# are sealed again with a digest that matches (seal).
. "$top_srcdir/tests/fixtures/seal.sh"
sed 's/"entity": "ARG"/"entity": "ARX"/' "$r" >"$work/bad.json"
check_refused "an entity edited after the report was written" "report_sha256 does not match its content"
sed 's/"report_format": 1/"report_format": 2/' "$r" >"$work/bad.json"
seal "$work/bad.json"
check_refused "another report format" "report format 2"
sed 's/"version": "[^"]*"/"version": "0.0.1"/' "$r" >"$work/bad.json"
seal "$work/bad.json"
check_refused "another tool version" "written by version 0.0.1"
python3 - "$r" "$work/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["entities"][2]["commitments"][0]["rules"][1]["status"] = "passed"
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
seal "$work/bad.json"
check_refused "an unknown status" "entities\[2\].commitments\[0\].rules\[1\].status: unknown value 'passed'"
python3 - "$r" "$work/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = d["entities"][0]
e["gate"] = "pass"
e["gate_reasons"] = []
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
seal "$work/bad.json"
check_refused "a gate edited to pass" "entities\[0\]: gate 'pass' does not follow from the results"
python3 - "$r" "$work/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["entities"][0]["commitments"][0]["rules"][0]["max_age"] = 40
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
seal "$work/bad.json"
check_refused "a rule result's max_age edited" "entities\[0\].commitments\[0\].rules\[0\].max_age: is not the rule's max_age"
python3 - "$r" "$work/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["rules"][5]["alternatives"] = ["HI-99.1"]
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
seal "$work/bad.json"
check_refused "an alternative that is no rule" "rules\[5\].alternatives\[0\]: unknown rule 'HI-99.1'"
# Fields that must follow from one another, in a report sealed again after
# the edit: what anyone can recompute must still add up (edit PYTHON: d is
# the report).
edit() {
	python3 - "$r" "$work/bad.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
	seal "$work/bad.json"
}
edit 'd["rulesets"][-1]["rules"] -= 1
for e in d["entities"]: e["commitments"][-1]["rules"].pop()'
check_refused "a rule left out of every entity" "entities\[0\]: commitments hold 101 rules, the report defines 102"
edit 'd["entities"].append(d["entities"][0]); d["entity_count"] += 1'
check_refused "an entity given twice" "entities\[8\]: entity 'ARG' after 'SRB': entities are sorted by id, each once"
edit 'd["entities"][1]["statuses"]["pass"] += 5'
check_refused "a count of statuses edited" "entities\[1\]: statuses: 17 'pass', but the rules give 12"
edit 'r = d["entities"][0]["commitments"][0]["rules"][0]; r["status"] = "pass"'
check_refused "a failing rule edited to pass" "entities\[0\]: rule 'HI-1.1': score 0 does not go with status 'pass'"
edit 'd["entities"][0]["commitments"][1]["score"] = 97.5'
check_refused "a commitment score edited" "entities\[0\]: commitment 'HI-2': score or coverage does not follow from its rules"
edit 'd["entities"][0]["score"] = 97.5'
check_refused "an overall score edited" "entities\[0\]: score or coverage does not follow from the commitments"
edit 'd["entities"][0]["coverage"] = -50'
check_refused "a coverage out of range" "entities\[0\]: score or coverage does not follow"
edit 'd["summary"]["min_score"] = 99'
check_refused "the summary's lowest score edited" "summary.min_score: does not follow from the entities"
edit 'd["entities"][-1]["gate"] = "pass"; d["entities"][-1]["gate_reasons"] = []'
check_refused "the last entity's gate edited (nothing on standard output)" "entities\[7\]: gate 'pass' does not follow"
edit 'd["inputs"][0]["rows"]["used"] = 5000'
check_refused "rows used beyond rows read" "inputs\[0\].rows: read 356, used 5000, ignored 0 (by reason 0): they do not add up"
head -c 1000 "$r" >"$work/bad.json"
check_refused "a cut report" "not a json report"
echo '[1, 2]' >"$work/bad.json"
check_refused "not an object" "does not end with its report_sha256"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
