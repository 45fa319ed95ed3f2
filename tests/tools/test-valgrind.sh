#!/bin/sh
# valgrind memcheck over the client's integration tests and one of the
# console's screen tests (tools/valgrind runs every screen test): each test
# must pass under valgrind, and every process valgrind watched must end
# with its summary, no error and nothing definitely lost. The client tests
# run under `libtool --mode=execute valgrind`; the console through the
# screen harness's GOVDX_TEST_WRAP.
#
# Skips without valgrind, without the running system (GOVDX_URL), on a
# sanitizer build (AddressSanitizer and valgrind do not run together), and
# outside tools/check's main stage (GOVDX_STAGE).
# VALGRIND_TESTS replaces the list.
top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-.}
default="tests/integration/test_client tests/integration/test_client_requests
tests/integration/test_client_objections tests/screen/test-console-browse.py"
tests=${VALGRIND_TESTS:-$default}

if ! command -v valgrind >/dev/null 2>&1; then
	echo "1..0 # SKIP valgrind is not installed"; exit 0
fi
if [ -z "${GOVDX_URL:-}" ]; then
	echo "1..0 # SKIP no running system (GOVDX_URL is not set)"; exit 0
fi
case ${GOVDX_STAGE:-main} in
main|stress) ;;
*) echo "1..0 # SKIP the ${GOVDX_STAGE} stage leaves it to the main stage, which ran it on the same sources"; exit 0 ;;
esac
if grep -q -- '-fsanitize=' "$top_builddir/Makefile" 2>/dev/null; then
	echo "1..0 # SKIP a sanitizer build: valgrind cannot watch it"; exit 0
fi

logs=$(mktemp -d /tmp/govdx-valgrind.XXXXXX)
trap 'rm -rf "$logs"' EXIT
vg="valgrind --child-silent-after-fork=yes --leak-check=full --errors-for-leak-kinds=definite"
n=0; failed=0
for t in $tests; do
	n=$((n + 1))
	dir=$logs/$n; mkdir -p "$dir"
	wrap="$top_builddir/libtool --mode=execute $vg --log-file=$dir/vg.%p"
	case $t in
	*.py) GOVDX_TEST_WRAP=$wrap GOVDX_TEST_TIME_SCALE=5 python3 "$top_srcdir/$t" >"$dir/out" 2>&1 ;;
	*) $wrap "$top_builddir/$t" >"$dir/out" 2>&1 ;;
	esac
	rc=$?
	# A console the harness closed is still writing its leak summary under
	# valgrind: wait (with a deadline) for each watched process to end.
	for log in "$dir"/vg.*; do
		[ -e "$log" ] || continue
		pid=${log##*.}; waited=0
		while kill -0 "$pid" 2>/dev/null && [ $waited -lt 1200 ]; do
			sleep 0.05 # the poll interval, bounded by the 60 s deadline
			waited=$((waited + 1))
		done
	done
	procs=0; bad=""
	for log in "$dir"/vg.*; do
		[ -s "$log" ] || continue
		procs=$((procs + 1))
		if ! grep -q "ERROR SUMMARY: 0 errors" "$log"; then
			bad="$bad $log"
		fi
	done
	if [ $rc -eq 0 ] && [ $procs -gt 0 ] && [ -z "$bad" ]; then
		echo "ok $n - $t under valgrind: passes; $procs processes, no error, nothing definitely lost"
	else
		failed=$((failed + 1))
		echo "not ok $n - $t under valgrind (exit $rc, $procs processes watched)"
		grep -E '^(not ok|Bail)' "$dir/out" | head -n 5 | sed 's/^/# /'
		for log in $bad; do
			echo "# --- $log"; grep -E 'ERROR SUMMARY|definitely lost|^==[0-9]+== +(at|by|Invalid|Conditional)' "$log" |
				head -n 30 | sed 's/^/# /'
			grep -q "ERROR SUMMARY" "$log" || echo "# the process ended without valgrind's summary (killed?)"
		done
	fi
done
echo "1..$n"
[ $failed -eq 0 ]
