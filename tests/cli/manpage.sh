#!/bin/sh
# Drift test for the man pages: both pages are clean under mandoc's lint,
# every option of --help (and of the option table in src/cli_options.c) is
# documented in resilience-check(1), every option the page documents is
# accepted by the program, and both pages render as text.
#
# Environment (set by make check): top_srcdir, RC (the built program).
# Exit: 0 all passed, 1 a check failed, 77 mandoc is missing (and nothing
# else failed), 99 the test could not run.
set -u
: "${top_srcdir:?}" "${RC:?}"

man1="$top_srcdir/man/resilience-check.1"
man5="$top_srcdir/man/resilience-rules.5"
clisrc="$top_srcdir/src/cli_options.c"
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-manpage.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
pass=0
fail=0

ok() {
	echo "ok   $1"
	pass=$((pass + 1))
}

not_ok() {
	echo "FAIL $1"
	[ -s "$work/detail" ] && sed 's/^/     /' "$work/detail"
	fail=$((fail + 1))
}

for f in "$man1" "$man5"; do
	[ -r "$f" ] || { echo "cannot read $f"; exit 99; }
done
if ! "$RC" --help >"$work/help" 2>"$work/help.err"; then
	echo "'$RC --help' failed:"
	cat "$work/help.err"
	exit 99
fi

# Long option names (without the dashes), one per line, sorted.
long_opts() {
	grep -o -- '--[a-z][a-z0-9-]*' | sed 's/^--//' | sort -u
}
# The .It lines of a section of the page.
section_items() {
	awk -v sec="$2" '
		/^\.Sh / { on = (substr($0, 5) == sec); next }
		on && /^\.It / { print }' "$1"
}
# Every line of a section of the page.
section_lines() {
	awk -v sec="$2" '
		/^\.Sh / { on = (substr($0, 5) == sec); next }
		on { print }' "$1"
}
# Option names the page writes as "Fl \-NAME" (or "Fl -NAME").
page_long_opts() {
	grep -o 'Fl \\\{0,1\}-[a-z][a-z0-9-]*' | sed 's/^Fl \\\{0,1\}-//' | sort -u
}
# Is NAME written as a long option in the lines on standard input?
has_long() {
	grep -Eq "Fl \\\\?-$1([^a-z0-9-]|\$)"
}

long_opts <"$work/help" >"$work/help.opts"
section_items "$man1" OPTIONS >"$work/items"
page_long_opts <"$work/items" >"$work/page.opts"

# 1, 2: lint.
have_mandoc=yes
command -v mandoc >/dev/null 2>&1 || have_mandoc=no
for f in "$man1" "$man5"; do
	name=$(basename "$f")
	if [ $have_mandoc = no ]; then
		echo "skip mandoc -T lint -W warning $name: mandoc not found"
		continue
	fi
	if mandoc -T lint -W warning "$f" >"$work/detail" 2>&1 &&
	    [ ! -s "$work/detail" ]; then
		ok "mandoc -T lint -W warning $name"
	else
		not_ok "mandoc -T lint -W warning $name"
	fi
done

# 3: every long option of --help has an entry in OPTIONS.
: >"$work/detail"
while read -r opt; do
	has_long "$opt" <"$work/items" ||
	    echo "--$opt is in --help but has no .It entry in OPTIONS" >>"$work/detail"
done <"$work/help.opts"
if [ -s "$work/help.opts" ] && [ ! -s "$work/detail" ]; then
	ok "every long option of --help ($(wc -l <"$work/help.opts" | tr -d ' ')) is documented in OPTIONS"
else
	[ -s "$work/help.opts" ] || echo "no long options found in --help" >>"$work/detail"
	not_ok "every long option of --help is documented in OPTIONS"
fi

# 4: every short form of --help ("-r, --rules") is on its option's entry.
: >"$work/detail"
grep -E '^ +-[A-Za-z], --[a-z]' "$work/help" |
    sed -E 's/^ +-([A-Za-z]), --([a-z][a-z0-9-]*).*/\1 \2/' >"$work/shorts"
while read -r s l; do
	grep -Eq "^\\.It Fl $s( |\$).*Fl \\\\?-$l([^a-z0-9-]|\$)" "$work/items" ||
	    echo "'-$s, --$l' has no entry '.It Fl $s ... Fl \\-$l' in OPTIONS" >>"$work/detail"
done <"$work/shorts"
if [ -s "$work/shorts" ] && [ ! -s "$work/detail" ]; then
	ok "every short option of --help ($(wc -l <"$work/shorts" | tr -d ' ')) is documented with its long form"
else
	[ -s "$work/shorts" ] || echo "no short options found in --help" >>"$work/detail"
	not_ok "every short option of --help is documented with its long form"
fi

# 5: every long option the page documents is accepted by the program:
# listed by --help, or else (a synonym --help does not show) not refused
# as unknown by the program and either in the option table of src/cli_options.c
# or, without that file, not a mere abbreviation of a --help option.
refused() {
	"$RC" "--$1" </dev/null 2>&1 >/dev/null | grep -q "unknown option"
}
: >"$work/detail"
while read -r opt; do
	grep -qx -- "$opt" "$work/help.opts" && continue
	if [ -r "$clisrc" ]; then
		grep -q "{ *\"$opt\"," "$clisrc" && ! refused "$opt" && continue
	else
		! grep -q "^$opt" "$work/help.opts" && ! refused "$opt" && continue
	fi
	echo "--$opt is documented in OPTIONS but the program does not accept it" >>"$work/detail"
done <"$work/page.opts"
if [ -s "$work/page.opts" ] && [ ! -s "$work/detail" ]; then
	ok "every long option in OPTIONS ($(wc -l <"$work/page.opts" | tr -d ' ')) is accepted by the program"
else
	not_ok "every long option in OPTIONS is accepted by the program"
fi

# 6: every entry of the option table in src/cli_options.c is documented (this
# catches synonyms that --help does not show).
if [ -r "$clisrc" ]; then
	: >"$work/detail"
	sed -n 's/^[[:space:]]*{ *"\([a-z][a-z0-9-]*\)",.*/\1/p' "$clisrc" | sort -u >"$work/cli.opts"
	while read -r opt; do
		has_long "$opt" <"$work/items" ||
		    echo "--$opt is in src/cli_options.c but has no .It entry in OPTIONS" >>"$work/detail"
	done <"$work/cli.opts"
	if [ -s "$work/cli.opts" ] && [ ! -s "$work/detail" ]; then
		ok "every long option of src/cli_options.c ($(wc -l <"$work/cli.opts" | tr -d ' ')) is documented in OPTIONS"
	else
		[ -s "$work/cli.opts" ] || echo "no long options found in $clisrc" >>"$work/detail"
		not_ok "every long option of src/cli_options.c is documented in OPTIONS"
	fi
else
	echo "skip src/cli_options.c check: $clisrc not found"
fi

# 7: the usage lines of --help and the SYNOPSIS name the same long options.
: >"$work/detail"
sed -n '/^Usage:/,/^$/p' "$work/help" | long_opts >"$work/usage.opts"
section_lines "$man1" SYNOPSIS | page_long_opts >"$work/synopsis.opts"
if ! cmp -s "$work/usage.opts" "$work/synopsis.opts"; then
	diff "$work/usage.opts" "$work/synopsis.opts" |
	    sed -n 's/^< /in --help usage only: --/p; s/^> /in SYNOPSIS only: --/p' >"$work/detail"
	not_ok "SYNOPSIS names the options of the --help usage lines"
else
	ok "SYNOPSIS names the options of the --help usage lines"
fi

# 10, 11: the source of each page is clean beyond what mandoc checks: every
# .Sh names a section in capitals (no leftover text such as a quote and the
# rest of an editing note), no request sits in the middle of a text line,
# no section is given twice, and every .Sx names a heading of the page.
for f in "$man1" "$man5"; do
	name=$(basename "$f")
	python3 - "$f" >"$work/detail" 2>&1 <<'PY'
import re, sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().split("\n")
heads, problems = [], []
for i, l in enumerate(lines, 1):
    m = re.match(r"^\.(Sh|Ss) (.*)$", l)
    if m:
        heads.append(m.group(2).strip())
        if m.group(1) == "Sh" and not re.fullmatch(r"[A-Z][A-Z0-9 -]*", m.group(2)):
            problems.append("%d: malformed section heading: %s" % (i, l))
    elif not l.startswith(".") and not l.startswith("\\\"") and \
            re.search(r"(^|[^\\])\.(Sh|Ss|Bl|El|It|Pp|Bd|Ed|Xr|Sx) ", l):
        problems.append("%d: a request inside a text line: %s" % (i, l))
for h in set(heads):
    if heads.count(h) > 1:
        problems.append("heading given %d times: %s" % (heads.count(h), h))
known = set(heads)
for i, l in enumerate(lines, 1):
    for m in re.finditer(r"(?:^\.| )Sx ((?:\S+ ?)+)", l):
        toks = m.group(1).split()
        if not any(" ".join(toks[:k]) in known for k in range(len(toks), 0, -1)):
            problems.append("%d: .Sx to a heading the page does not have: %s" % (i, l))
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY
	if [ $? -eq 0 ]; then
		ok "$name: headings well formed, no stray requests, every .Sx leads somewhere"
	else
		not_ok "$name: headings well formed, no stray requests, every .Sx leads somewhere"
	fi
done

# 8, 9: rendering.
for f in "$man1" "$man5"; do
	name=$(basename "$f")
	[ $have_mandoc = yes ] || {
		echo "skip mandoc -T ascii $name: mandoc not found"
		continue
	}
	mandoc -T ascii -W error "$f" >"$work/out" 2>"$work/detail"
	st=$?
	if [ $st -eq 0 ] && [ -s "$work/out" ] && [ ! -s "$work/detail" ]; then
		ok "mandoc -T ascii $name renders ($(wc -l <"$work/out" | tr -d ' ') lines)"
	else
		echo "mandoc exited with status $st" >>"$work/detail"
		not_ok "mandoc -T ascii $name renders"
	fi
done

echo "$pass passed, $fail failed"
[ $fail -gt 0 ] && exit 1
[ $have_mandoc = no ] && exit 77
exit 0
