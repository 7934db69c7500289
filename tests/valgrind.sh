#!/bin/sh
# Test driver for 'make check-valgrind' (and --enable-valgrind): a unit test
# program runs under valgrind; a shell test runs as usual but with RC
# pointing back at this script, so that every run of resilience-check it
# makes is under valgrind too. Any valgrind error or leak exits 99, which
# fails the test (and its report lands in the compared standard error).
set -u
VALGRIND=${VALGRIND:-valgrind}
# Found next to this script, wherever a test links it from (a shell test
# passes the path on to the runs it makes).
: "${RC_VALGRIND_SUPP:=$(dirname "$(readlink -f "$0")")/valgrind.supp}"
SUPP=$RC_VALGRIND_SUPP
export RC_VALGRIND_SUPP
vg() {
	exec $VALGRIND -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
	    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
	    --suppressions="$SUPP" --trace-children=no "$@"
}
if [ -n "${RC_VALGRIND_REAL:-}" ]; then
	vg "$RC_VALGRIND_REAL" "$@"
fi
case $1 in
*.sh)
	RC_VALGRIND_REAL=${RC:?}
	self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
	RC=$self
	export RC RC_VALGRIND_REAL
	exec sh "$@"
	;;
*)
	vg "$@"
	;;
esac
