#!/bin/sh
# The html report in a real browser: headless Chromium renders the
# member-state sample's page to a PNG, which must be a PNG of the window's
# size and not blank (many colours, a fair share of non-white pixels). The
# PNG is decoded with Python's zlib alone. Skipped (exit 77) without chromium.
set -u
: "${top_srcdir:?}" "${RC:?}"
PYTHON=${PYTHON:-python3}
CHROMIUM=
for c in chromium chromium-browser; do
	if command -v "$c" >/dev/null 2>&1; then
		CHROMIUM=$c
		break
	fi
done
if [ -z "$CHROMIUM" ]; then
	echo "SKIP: chromium is not installed"
	exit 77
fi
if ! command -v "$PYTHON" >/dev/null 2>&1; then
	echo "SKIP: $PYTHON is not installed"
	exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-browser.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH
pass=0
fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

"$RC" -f "html:$work/report.html" "$top_srcdir/samples/member-states.csv" >/dev/null 2>"$work/rc.err"
status=$?
if [ "$status" -le 1 ] && [ -s "$work/report.html" ]; then
	ok "report written (exit $status)"
else
	bad "report: exit status $status"
	cat "$work/rc.err"
fi

timeout=
command -v timeout >/dev/null 2>&1 && timeout="timeout 180"
mkdir "$work/profile"
(cd "$work" && $timeout "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	--disable-background-networking --disable-component-update --disable-sync \
	--no-first-run --user-data-dir="$work/profile" --screenshot="$work/out.png" \
	--window-size=1280,2000 "file://$work/report.html") >"$work/chromium.log" 2>&1
if [ -s "$work/out.png" ]; then
	ok "screenshot written ($(wc -c <"$work/out.png") bytes)"
else
	bad "no screenshot"
	tail -n 20 "$work/chromium.log"
fi

cat >"$work/png.py" <<'EOF'
# Decode an 8-bit RGB or RGBA PNG (non-interlaced) with zlib and report
# whether it is a 1280x2000 image that is not blank.
import struct, sys, zlib

data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("not a PNG (bad signature)")
pos, idat, ihdr = 8, [], None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if zlib.crc32(kind + body) != struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]:
        sys.exit("bad CRC in chunk %r" % kind)
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat.append(body)
    elif kind == b"IEND":
        break
    pos += 12 + n
w, h, depth, ctype, _, _, interlace = ihdr
if (w, h) != (1280, 2000):
    sys.exit("size %dx%d, expected 1280x2000" % (w, h))
if depth != 8 or ctype not in (2, 6) or interlace:
    sys.exit("unexpected PNG format (depth %d, colour type %d)" % (depth, ctype))
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(b"".join(idat))
stride = w * bpp
prev = bytearray(stride)
colours, ink = set(), 0
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1:
            line[i] = (line[i] + a) & 255
        elif f == 2:
            line[i] = (line[i] + b) & 255
        elif f == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
            line[i] = (line[i] + pr) & 255
    if y % 4 == 0:                      # sample every fourth row
        for x in range(0, stride, bpp * 2):
            px = bytes(line[x:x + 3])
            colours.add(px)
            if px != b"\xff\xff\xff":
                ink += 1
    prev = line
sampled = (h // 4) * (w // 2)
share = ink / sampled
print("  %dx%d, %d colours, %.1f%% non-white" % (w, h, len(colours), 100 * share))
if len(colours) < 16 or share < 0.02:
    sys.exit("the page looks blank")
EOF
if [ -s "$work/out.png" ] && "$PYTHON" "$work/png.py" "$work/out.png"; then
	ok "screenshot is a 1280x2000 PNG with content"
else
	bad "screenshot is not a PNG with content"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
