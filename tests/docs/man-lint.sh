#!/bin/sh
# man-lint — the manual pages in docs/man format without a single warning
# (groff -ww, and mandoc -T lint when it is installed), carry a title that
# matches their file name, and have the sections a reader looks for.
# TAP output. Skips when no roff checker is installed (groff-base comes with
# tools/install-deps).
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
pages="govdx.1 govdx-exchanged.1"

have_groff=0; have_mandoc=0
command -v groff >/dev/null 2>&1 && have_groff=1
command -v mandoc >/dev/null 2>&1 && have_mandoc=1
if [ $have_groff -eq 0 ] && [ $have_mandoc -eq 0 ]; then
	echo "1..0 # SKIP neither groff nor mandoc is installed: run tools/install-deps"
	exit 0
fi

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { # check NAME COMMAND... : ok when the command succeeds and prints nothing
	name=$1; shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && [ -z "$out" ]; then
		ok "$name"
	else
		not_ok "$name"
		printf '%s\n' "$out" | head -n 30 | sed 's/^/# /'
	fi
}

for page in $pages; do
	f=$top/docs/man/$page
	if [ ! -f "$f" ]; then
		not_ok "$page exists"
		continue
	fi
	if [ $have_groff -eq 1 ]; then
		# -k: the pages hold UTF-8 (Chinese names), which groff reads through preconv.
		check "$page formats with groff -ww without warnings" \
			groff -k -man -Tutf8 -ww -z "$f"
	fi
	if [ $have_mandoc -eq 1 ]; then
		check "$page passes mandoc -T lint" mandoc -T lint -W warning "$f"
	fi
	# .TH NAME SECTION: the title is the file name, upper-cased.
	want=$(printf '%s' "${page%.*} ${page##*.}" | tr '[:lower:]' '[:upper:]')
	got=$(sed -n 's/^\.TH \([^ ]*\) \([^ ]*\).*/\1 \2/p' "$f" | tr '[:lower:]' '[:upper:]')
	if [ "$got" = "$want" ]; then
		ok "$page has title $want"
	else
		not_ok "$page has title $want"
		echo "# got: $got"
	fi
	missing=""
	for s in NAME SYNOPSIS DESCRIPTION ENVIRONMENT "EXIT STATUS" "SEE ALSO"; do
		grep -q "^\.SH \"*$s\"*\$" "$f" || missing="$missing [$s]"
	done
	if [ -z "$missing" ]; then
		ok "$page has the usual sections"
	else
		not_ok "$page has the usual sections"
		echo "# missing:$missing"
	fi
done

echo "1..$n"
[ $failed -eq 0 ]
