#!/bin/sh
# run-isolation — PostgreSQL isolation specs of the sharing-request, objection and revision state
# machines (tests/isolation/specs/*.spec): concurrent transitions of one
# request or objection, run by PostgreSQL's isolationtester against the real database
# ($GOVDX_DB, a libpq connection string) and compared with
# tests/isolation/expected/NAME.out. One TAP line per spec; a difference is
# printed as diagnostics. Skips without GOVDX_DB or isolationtester (Debian's
# postgresql-client ships it in $(pg_config --pkglibdir)/pgxs/src/test/isolation/;
# $ISOLATIONTESTER overrides the search).
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
dir="$top/tests/isolation"

if [ -z "${GOVDX_DB:-}" ]; then
	echo "1..0 # SKIP GOVDX_DB is not set: run tools/check, which starts PostgreSQL"
	exit 0
fi

it=${ISOLATIONTESTER:-}
if [ -z "$it" ]; then
	for cand in "$(pg_config --pkglibdir 2>/dev/null)/pgxs/src/test/isolation/isolationtester" \
	            $(ls -d /usr/lib/postgresql/*/lib/pgxs/src/test/isolation/isolationtester 2>/dev/null | sort -r); do
		if [ -x "$cand" ]; then it=$cand; break; fi
	done
fi
if [ -z "$it" ] || [ ! -x "$it" ]; then
	echo "1..0 # SKIP isolationtester not found: install postgresql-client (tools/install-deps)"
	exit 0
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/govdx-isolation.XXXXXX") || exit 1
trap 'rm -rf "$out"' EXIT INT TERM

n=0
failed=0
for spec in "$dir"/specs/*.spec; do
	name=$(basename "$spec" .spec)
	n=$((n + 1))
	# A spec that hangs (a lock nobody releases) must not hang make check.
	if command -v timeout >/dev/null 2>&1; then
		timeout 180 "$it" "$GOVDX_DB" <"$spec" >"$out/$name.out" 2>"$out/$name.err"
	else
		"$it" "$GOVDX_DB" <"$spec" >"$out/$name.out" 2>"$out/$name.err"
	fi
	rc=$?
	if [ $rc -eq 0 ] && diff -u "$dir/expected/$name.out" "$out/$name.out" >"$out/$name.diff"; then
		echo "ok $n - $name: exactly one write wins, the other is refused (as expected/$name.out)"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name (isolationtester exit $rc)"
		{ head -n 20 "$out/$name.err"; head -n 60 "$out/$name.diff"; } | sed 's/^/# /'
	fi
done
echo "1..$n"
[ $failed -eq 0 ]
