#!/bin/sh
# Every command of the EXAMPLES section of resilience-check(1) runs against
# the samples with the exit status given below. The commands are taken from
# the page itself ("$ " lines of literal displays, with "\e" continuations),
# so an example that stops working, or a new one without an expected
# status here, fails the test.
set -u
: "${top_srcdir:?}" "${RC:?}"
page="$top_srcdir/man/resilience-check.1"
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-examples.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/bin" && ln -s "$RC" "$work/bin/resilience-check" &&
	ln -s "$top_srcdir/samples" "$work/samples" || exit 99

# The expected exit status of each example, by its first words. The samples
# have gaps, so evaluating them fails the default gate (1).
expect() {
	case "$1" in
	"resilience-check --template"*|"resilience-check --explain"*|\
	"resilience-check --lint-rules"*|"resilience-check --test-rules"*|\
	"resilience-check --tailoring "*" --explain "*|*" --print-config"|\
	"cp "*|"jq "*|"parallel "*)
		echo 0 ;;
	"resilience-check "*)
		echo 1 ;;
	*)
		echo unknown ;;
	esac
}

# Extract the "$ " commands, joining lines that end in "\e".
awk '
/^\.Sh EXAMPLES/ { on = 1; next }
/^\.Sh / { on = 0 }
on && /^\.Bd -literal/ { lit = 1; next }
on && /^\.Ed/ { lit = 0; next }
on && lit {
	line = $0
	gsub(/\\e/, "\\", line)
	if (cmd != "") { cmd = cmd (cmd ~ /\047/ && gsub(/\047/, "\047", cmd) % 2 == 1 ? "\001" : " ") line } else if (line ~ /^\$ /) { cmd = substr(line, 3) } else next
	if (cmd ~ /\\$/) { sub(/\\$/, "", cmd); next }
	# A quoted argument may run over several lines.
	if (gsub(/\047/, "\047", cmd) % 2 == 1) next
	print cmd; cmd = ""
}' "$page" >"$work/commands"

pass=0
fail=0
cd "$work" || exit 99
export PATH="$work/bin:$PATH"
while IFS= read -r cmd; do
	cmd=$(printf '%s' "$cmd" | tr '\001' '\n')
	want=$(expect "$cmd")
	case "$cmd" in
	"jq "*) command -v jq >/dev/null || { echo "skip (no jq): $cmd"; continue; } ;;
	"parallel "*) command -v parallel >/dev/null ||
		{ echo "skip (no GNU parallel): $cmd"; continue; } ;;
	esac
	# The installed rules are the ones in the source tree.
	cmd=$(printf '%s' "$cmd" | sed "s|/usr/local/share/resilience-check/rules|$top_srcdir/rules|")
	sh -c "$cmd" >/dev/null 2>"$work/err" </dev/null
	got=$?
	if [ "$got" = "$want" ]; then
		echo "ok   ($got) $cmd"
		pass=$((pass + 1))
	else
		echo "FAIL (exit $got, expected $want) $cmd"
		sed 's/^/     /' "$work/err" | head -n 5
		fail=$((fail + 1))
	fi
done <"$work/commands"

# The CI gate example is a script of its own: a failed gate exits 1.
awk '/^\.Sh EXAMPLES/ { on = 1 } on && /^resilience-check --fail-under/ { s = 1 }
	s && /^\.Ed/ { exit } s { gsub(/\\e/, "\\"); print }' "$page" >"$work/gate.sh"
sh "$work/gate.sh" >"$work/out" 2>&1
got=$?
if [ "$got" = 1 ] && grep -q "gate failed" "$work/out"; then
	echo "ok   (1) CI gate example"
	pass=$((pass + 1))
else
	echo "FAIL (exit $got) CI gate example"
	cat "$work/out"
	fail=$((fail + 1))
fi
[ "$pass" -ge 10 ] || { echo "FAIL: only $pass examples found"; fail=$((fail + 1)); }
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
