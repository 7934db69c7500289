#!/bin/sh
# Validate the machine-readable reports against their schemas: json against
# man/report.schema.json, sarif against the OASIS SARIF 2.1.0 schema (both
# with Python's jsonschema), junit against the Jenkins xUnit XSD (xmllint).
# Runs on the hand-worked case, the trend/expression case, a waiver case
# and every sample.
set -u
: "${top_srcdir:?}" "${RC:?}"
S="$top_srcdir/tests/data/schemas"
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-schemas.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
pass=0
fail=0
export SOURCE_DATE_EPOCH=1767225600

if ! python3 -c 'import jsonschema' 2>/dev/null || ! command -v xmllint >/dev/null; then
	echo "SKIP: needs python3-jsonschema and xmllint (libxml2-utils)"
	exit 77
fi

check() {
	name=$1
	shift
	if "$@" >"$work/log" 2>&1; then
		echo "ok   $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name"
		sed 's/^/     /' "$work/log" | head -n 20
		fail=$((fail + 1))
	fi
}

validate_json() {
	python3 - "$1" "$2" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:10]:
    print("/".join(str(p) for p in e.path), ":", e.message)
sys.exit(1 if errors else 0)
PY
}

run() {
	label=$1
	shift
	"$RC" -f json:"$work/$label.json" -f sarif:"$work/$label.sarif" \
	    -f junit:"$work/$label.xml" "$@" >/dev/null 2>"$work/$label.err"
	status=$?
	if [ "$status" -gt 1 ]; then
		echo "FAIL $label: exit status $status"
		cat "$work/$label.err"
		fail=$((fail + 1))
		return
	fi
	check "$label json" validate_json "$top_srcdir/man/report.schema.json" "$work/$label.json"
	check "$label sarif" validate_json "$S/sarif-schema-2.1.0.json" "$work/$label.sarif"
	check "$label junit" xmllint --noout --schema "$S/junit-10.xsd" "$work/$label.xml"
}

H="$top_srcdir/tests/fixtures/hw"
T="$top_srcdir/tests/fixtures/tx"
run handworked -r "$H" "$H/long.csv"
run trends -r "$T" "$T/long.csv"
run waivers -r "$H" --waivers "$top_srcdir/tests/cases/waivers/waivers.yaml" "$H/wide.csv"
run member-states "$top_srcdir/samples/member-states.csv"
run enterprises --waivers "$top_srcdir/samples/waivers.yaml" "$top_srcdir/samples/enterprises.csv"
run world-bank "$top_srcdir/samples/world-bank-lpi-customs.csv"
# A tailored run with a rule selection and a project file: the json records
# all three.
run tailored --config "$top_srcdir/samples/project.yaml" --skip-rule HI-7.2 \
    --commitment 6 --commitment 7 "$top_srcdir/samples/member-states.csv"
# Against a baseline (the member states as of 2020): every sarif result has
# a baselineState, closed gaps included, and the new json fields validate.
"$RC" --year 2020 -f json -o "$work/base2020.json" "$top_srcdir/samples/member-states.csv" \
    >/dev/null 2>&1
run baseline --baseline "$work/base2020.json" "$top_srcdir/samples/member-states.csv"
check "baseline sarif: every result has a baselineState" python3 -c '
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
res = [r for run in runs for r in run["results"]]
states = {r.get("baselineState") for r in res}
sys.exit(0 if res and None not in states and "absent" in states and "new" in states else 1)
' "$work/baseline.sarif"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
