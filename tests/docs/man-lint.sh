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

# The pages against the code they describe. Section text with roff's \-
# turned back into -, one word per line.
section() { # section PAGE TITLE
	sed -n "/^\.SH \"*$2\"*\$/,/^\.SH /p" "$top/docs/man/$1" | sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' |
		tr -s ' \t",;()[]|' '\n'
}
# has_all WHAT PAGE SECTION WORD... : every WORD is a word of the section
has_all() {
	what=$1 page=$2 sec=$3
	shift 3
	if [ $# -eq 0 ]; then
		not_ok "$page $sec names every $what"
		echo "# found none in the source: the pattern in this test is stale"
		return
	fi
	words=$(section "$page" "$sec")
	missing=""
	for w in "$@"; do
		printf '%s\n' "$words" | grep -qxF -e "$w" -e ".B $w" -e ".BR $w" -e ".BI $w" -e ".TP $w" ||
			missing="$missing $w"
	done
	if [ -z "$missing" ]; then
		ok "$page $sec names every $what"
	else
		not_ok "$page $sec names every $what"
		echo "# missing:$missing"
	fi
}

cmd_c=$top/tui/cmd.c
if [ -f "$cmd_c" ]; then
	# The action table: REQ("name", ...) and { "name", ... } rows.
	cmds=$(sed -n -e 's/^[[:space:]]*REQ("\([a-z-]*\)".*/\1/p' \
		-e 's/^[[:space:]]*{ *"\([a-z-]*\)", *\(NULL\|"[a-z]*"\), *"[a-z]*",.*/\1/p' "$cmd_c")
	has_all "command of tui/cmd.c" govdx.1 COMMANDS $cmds
	# The built-in bindings: "bind VIEW KEY COMMAND" lines.
	keys=$(sed -n 's/^[[:space:]]*"bind [a-z]* \([^ ]*\) .*/\1/p' "$top/tui/cmd-config.c" | sort -u)
	has_all "built-in key of tui/cmd-config.c" govdx.1 KEYS $keys
	opts=$(sed -n 's/^[[:space:]]*{ *"\([a-z-]*\)", *\(no\|required\)_argument.*/--\1/p' "$top/tui/main.c")
	has_all "option of tui/main.c" govdx.1 OPTIONS $opts
fi
svc_main=$top/exchange-service/main.c
if [ -f "$svc_main" ]; then
	opts=$(sed -n 's/^[[:space:]]*{ *"\([a-z-]*\)", *\(no\|required\)_argument.*/--\1/p' "$svc_main")
	has_all "option of exchange-service/main.c" govdx-exchanged.1 SYNOPSIS $opts
fi

echo "1..$n"
[ $failed -eq 0 ]
