#!/bin/sh
# The built-in rule set must lint clean and pass every test written in it.
set -u
: "${RC:?}"
pass=0
fail=0
if "$RC" --lint-rules; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
if "$RC" --test-rules; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
# The installed copies of the rules are the same files: lint them as a folder.
if "$RC" --lint-rules "${top_srcdir:?}/rules"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
