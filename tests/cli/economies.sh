#!/bin/sh
# The generator of the economy tables: the lists of the repository give
# the tables the build compiled, byte for byte, and each kind of entry it
# cannot place stops it with a message that names the entry, so that a
# list updated without a look never turns into a silent guess.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${ISO_CODES_JSON_DIR:?}"
gen=$top_builddir/src/gen-economies
data=$top_srcdir/data/economies
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() {
	pass=$((pass + 1))
}

bad() {
	echo "FAIL: $*"
	fail=$((fail + 1))
}

if "$gen" "$ISO_CODES_JSON_DIR" "$data" > "$tmp/table.c" 2> "$tmp/err" &&
    cmp -s "$tmp/table.c" "$top_builddir/src/economies_table.c" && [ ! -s "$tmp/err" ]; then
	ok
else
	bad "the lists do not give the tables the build has"
fi

# refuse NAME FILE LINE MESSAGE: FILE of the lists with LINE appended is
# refused, with MESSAGE on standard error.
refuse() {
	rm -rf "$tmp/d"
	cp -R "$data" "$tmp/d"
	chmod -R u+w "$tmp/d"
	printf '%s\n' "$3" >> "$tmp/d/$2"
	if "$gen" "$ISO_CODES_JSON_DIR" "$tmp/d" > "$tmp/out" 2> "$tmp/err"; then
		bad "$1: accepted"
	elif ! grep -qF -- "$4" "$tmp/err"; then
		bad "$1: message is '$(cat "$tmp/err")', want '$4'"
	else
		ok
	fi
}

tab=$(printf '\t')
refuse "one name, two economies" exceptions.tsv \
    "name${tab}FRA${tab}Germany${tab}a test" \
    "gen-economies: name key 'germany' is both DEU (economy) and FRA (economy)"
refuse "an unknown code of WDI 2013" wb-wdi-2013.tsv "XXA${tab}Atlantis" \
    "gen-economies: wb-wdi-2013.tsv: line 255: code 'XXA' (Atlantis) is in no list and its name is no economy's: say what it is in exceptions.tsv"
refuse "an unknown UNCTAD economy" unctad-economies.tsv "999${tab}Atlantis" \
    "gen-economies: unctad-economies.tsv: line 268: code 999 'Atlantis' is no known economy: say what it is in exceptions.tsv"
refuse "an UNCTAD code against its label" unctad-economies.tsv "276${tab}France" \
    "gen-economies: unctad-economies.tsv: line 268: code 276 is DEU but 'France' is FRA"
refuse "an unknown LPI code" lpi-codes.tsv "XXB${tab}Atlantis${tab}2007" \
    "gen-economies: lpi-codes.tsv: line 480: code 'XXB' (Atlantis) is no known economy's"
refuse "an economy that is an aggregate elsewhere" wb-wdicountry-2019.tsv \
    "WLD${tab}1W${tab}1W${tab}0${tab}World${tab}World${tab}World" \
    "gen-economies: wb-wdicountry-2019.tsv: line 266: 'WLD' is an economy here, else an aggregate"
refuse "a current code of two economies" wb-wdicountry-2019.tsv \
    "XKX${tab}FR${tab}XK${tab}0${tab}Kosovo${tab}Kosovo${tab}Kosovo" \
    "gen-economies: wb-wdicountry-2019.tsv: code 'FR' is both FRA and XKX"
refuse "a line cut short" lpi-codes.tsv "DEU" \
    "gen-economies: lpi-codes.tsv: line 480: 1 fields, not 3"
refuse "a name that is not UTF-8" exceptions.tsv \
    "name${tab}DEU$(printf '\t\374\t')a test" \
    "is not valid text or too long"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
