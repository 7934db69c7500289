#!/bin/sh
# The html report: well-formed (a strict tag-balance check with Python's
# html.parser, and xmllint --html when installed), no reference to a
# network resource other than evidence links, every hostile value from the
# inputs escaped, and byte-identical output for the same inputs under
# SOURCE_DATE_EPOCH. Runs the member-state sample and a hostile input.
set -u
: "${top_srcdir:?}" "${RC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-html.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
SOURCE_DATE_EPOCH=1767225600   # 2026-01-01T00:00:00Z
NO_COLOR=1
export SOURCE_DATE_EPOCH NO_COLOR
pass=0
fail=0
PYTHON=${PYTHON:-python3}

ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

if ! command -v "$PYTHON" >/dev/null 2>&1; then
	echo "SKIP: $PYTHON is not installed"
	exit 77
fi

# The checker: argv[1] the page, argv[2] the input CSV (for its evidence
# column), argv[3..] strings from the inputs that must show as text.
cat >"$work/check.py" <<'EOF'
import csv, re, sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
# Elements that would load or run something: none may appear.
FORBIDDEN = {"script", "link", "img", "iframe", "object", "embed", "frame",
             "base", "video", "audio", "source", "picture", "form", "image",
             "use", "foreignobject", "feimage", "noscript", "template"}
URL_ATTRS = {"src", "href", "xlink:href", "action", "formaction", "poster",
             "srcset", "data", "background", "cite", "longdesc", "ping"}
NET = re.compile(r"(?i)https?://")

class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.text = [], [], []
        self.svg = 0
        self.ev_links = []          # hrefs of evidence links
        self.ev_text_net = 0        # network-looking texts inside them
        self.in_ev = 0
        self.doctype = False
        self.styles = []

    def err(self, msg):
        line, col = self.getpos()
        self.errors.append("line %d col %d: %s" % (line, col + 1, msg))

    def attrs_check(self, tag, attrs):
        names = [n for n, _ in attrs]
        if len(names) != len(set(names)):
            self.err("duplicate attribute on <%s>" % tag)
        d = dict(attrs)
        for n, v in attrs:
            v = v or ""
            if n.startswith("on"):
                self.err("event handler attribute %s on <%s>" % (n, tag))
            if n == "style":
                self.styles.append(v)
            if n in URL_ATTRS or (n in ("fill", "stroke", "filter", "mask",
                                        "clip-path", "marker-end") and "url(" in v):
                if n in URL_ATTRS and tag == "a" and n == "href" and \
                        d.get("class") == "ev" and re.match(r"(?i)https?://", v):
                    self.ev_links.append(v)
                elif n in URL_ATTRS and not v.startswith("#"):
                    self.err("<%s %s=%r> refers outside the page" % (tag, n, v))
                elif "url(" in v and not re.fullmatch(r"url\(#[\w-]+\)", v):
                    self.err("<%s %s=%r>: url() not to a fragment" % (tag, n, v))

    def handle_decl(self, decl):
        if decl.lower() == "doctype html":
            self.doctype = True

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN:
            self.err("forbidden element <%s>" % tag)
        self.attrs_check(tag, attrs)
        if tag == "a" and dict(attrs).get("class") == "ev":
            self.in_ev += 1
        if tag in VOID and not self.svg:
            return
        if tag == "svg":
            self.svg += 1
        self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        if tag in FORBIDDEN:
            self.err("forbidden element <%s/>" % tag)
        self.attrs_check(tag, attrs)
        if not self.svg and tag not in VOID:
            self.err("self-closing <%s/> outside SVG" % tag)

    def handle_endtag(self, tag):
        if tag in VOID and not self.svg:
            self.err("end tag of void element </%s>" % tag)
            return
        if not self.stack:
            self.err("</%s> with nothing open" % tag)
            return
        top, pos = self.stack.pop()
        if top != tag:
            self.err("</%s> closes <%s> opened at line %d" % (tag, top, pos[0]))
        if tag == "svg":
            self.svg -= 1
        if tag == "a" and self.in_ev:
            self.in_ev -= 1

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "style":
            self.styles.append(data)
        self.text.append(data)
        if self.in_ev:
            self.ev_text_net += len(NET.findall(data))

page, incsv, hostile = sys.argv[1], sys.argv[2], sys.argv[3:]
raw = open(page, encoding="utf-8").read()
p = Checker()
p.feed(raw)
p.close()
for tag, pos in p.stack:
    p.errors.append("<%s> opened at line %d is never closed" % (tag, pos[0]))
if not p.doctype:
    p.errors.append("no <!DOCTYPE html>")
for s in p.styles:
    for u in re.findall(r"(?i)url\(\s*([^)]*)\)", s):
        if not u.strip("'\" ").startswith("#"):
            p.errors.append("CSS url(%s) refers outside the page" % u)
    if re.search(r"(?i)@import|@font-face|image-set\(", s):
        p.errors.append("CSS loads something")
# Every network-looking string in the raw page is an evidence link's href or
# its text; nothing else (no xmlns, no stray URL) may mention one.
raw_net = len(NET.findall(raw))
if raw_net != len(p.ev_links) + p.ev_text_net:
    p.errors.append("%d http(s):// strings, but %d evidence links and %d link texts"
                    % (raw_net, len(p.ev_links), p.ev_text_net))
with open(incsv, encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
evidence = {(r.get("evidence") or "").strip() for r in rows}
for href in p.ev_links:
    if href not in evidence:
        p.errors.append("evidence link %r is not an evidence value of the input" % href)
text = "".join(p.text)
for h in hostile:
    if h not in text:
        p.errors.append("%r does not show as text" % h)
    if "<" in h and h in raw:
        p.errors.append("%r appears unescaped in the page" % h)
if re.search(r"(?i)<script", raw):
    p.errors.append("script markup in the page")
for e in p.errors[:20]:
    print("  " + e)
sys.exit(1 if p.errors else 0)
EOF

# xmllint's HTML parser knows HTML 4 only; the HTML5 and SVG elements the
# report uses are all it may complain about.
xmllint_check() {
	command -v xmllint >/dev/null 2>&1 || return 0
	xmllint --html --noout "$1" >"$work/xmllint.err" 2>&1
	grep 'error :' "$work/xmllint.err" |
	    grep -Ev 'Tag (details|summary|section|header|footer|figure|figcaption|time|svg|g|rect|line|text|path|pattern|defs|title) invalid' \
	    >"$work/xmllint.bad"
	if [ -s "$work/xmllint.bad" ]; then
		head -n 10 "$work/xmllint.bad"
		return 1
	fi
	return 0
}

# One page: exit status 0 or 1 (gate), checks, reproducibility.
check_page() {
	name=$1 input=$2
	shift 2
	# The arguments up to "--" are options, the rest hostile strings.
	opts=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts="$opts $1"
		shift
	done
	[ $# -gt 0 ] && shift
	# shellcheck disable=SC2086
	"$RC" $opts -f "html:$work/$name.html" "$input" >"$work/$name.out" 2>"$work/$name.err"
	status=$?
	if [ "$status" -le 1 ] && [ -s "$work/$name.html" ]; then
		ok "$name: written (exit $status)"
	else
		bad "$name: exit status $status"
		cat "$work/$name.err"
		return
	fi
	if "$PYTHON" "$work/check.py" "$work/$name.html" "$input" "$@"; then
		ok "$name: well-formed, no network references, values escaped"
	else
		bad "$name: page check"
	fi
	if xmllint_check "$work/$name.html"; then
		ok "$name: xmllint --html"
	else
		bad "$name: xmllint --html"
	fi
	if grep -q '2026-01-01T00:00:00Z' "$work/$name.html"; then
		ok "$name: generation time from SOURCE_DATE_EPOCH"
	else
		bad "$name: generation time from SOURCE_DATE_EPOCH"
	fi
	# shellcheck disable=SC2086
	"$RC" $opts -f "html:$work/$name.2.html" "$input" >/dev/null 2>&1
	if cmp -s "$work/$name.html" "$work/$name.2.html"; then
		ok "$name: byte-identical on a second run"
	else
		bad "$name: differs on a second run"
	fi
}

check_page sample "$top_srcdir/samples/member-states.csv"
check_page sample-gate "$top_srcdir/samples/member-states.csv" --fail-under 50
if grep -q 'fail-under 50</text>' "$work/sample-gate.html"; then
	ok "sample-gate: threshold marked"
else
	bad "sample-gate: threshold marked"
fi
if ! grep -q 'class="thr"' "$work/sample.html" 2>/dev/null; then
	ok "sample: no threshold without --fail-under"
else
	bad "sample: no threshold without --fail-under"
fi

# Hostile values: entity ids, text values and evidence with markup, quotes,
# ampersands and a javascript: URL, evaluated with the hand-worked rules.
cat >"$work/hostile.csv" <<'EOF'
entity,subject,indicator,value,year,evidence
<script>alert(1)</script>,state,a_score,2.5,2023,"https://example.org/a?x=1&y=<2>""q"
<script>alert(1)</script>,state,e_plan,<b>Plan</b> & co,2023,javascript:alert(3)
"""&'",enterprise,a_score,3.5,2023,"say ""hi"" <i>it</i>"
"""&'",enterprise,c_share,90,2023,
</details></section><img src=x onerror=alert(2)>,state,b_days,40,2023,HTTPS://example.org/<q>
EOF
check_page hostile "$work/hostile.csv" -r "$top_srcdir/tests/fixtures/hw" --fail-under 60 -- \
	'<script>alert(1)</script>' '"&'"'" '<b>Plan</b> & co' 'javascript:alert(3)' \
	'say "hi" <i>it</i>' '</details></section><img src=x onerror=alert(2)>' \
	'https://example.org/a?x=1&y=<2>"q'
if grep -q 'href="javascript' "$work/hostile.html" 2>/dev/null; then
	bad "hostile: javascript: evidence is not a link"
else
	ok "hostile: javascript: evidence is not a link"
fi
if grep -q 'href="https://example.org/a?x=1&amp;y=&lt;2&gt;&quot;q"' "$work/hostile.html" 2>/dev/null; then
	ok "hostile: evidence URL is a link, escaped"
else
	bad "hostile: evidence URL is a link, escaped"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
