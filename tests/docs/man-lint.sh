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

# The pages against the code they describe (for govdx.1: against what the
# built console prints, so the page cannot drift from its tables). Section text with roff's \-
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

# Commands, views, keymaps and built-in keys come from the console itself:
# `govdx --dump-commands` prints its tables (docs/testing.md says the format).
govdx=${top_builddir:-$top}/govdx
if [ -f "$top/tui/main.c" ]; then
	if [ -x "$govdx" ] && dump=$("$govdx" --dump-commands) && [ -n "$dump" ]; then
		ok "govdx --dump-commands prints the tables"
		field() { printf '%s\n' "$dump" | awk -F '\t' -v k="$1" -v f="$2" '$1 == k { print $f }'; }
		cmds=$(field command 2)
		has_all "command of govdx --dump-commands" govdx.1 COMMANDS $cmds
		# The views and keymaps bind takes, where bind is described.
		has_all "view and keymap of govdx --dump-commands" govdx.1 COMMANDS $(field keymap 2)
		# Every built-in key, and every command a key is bound to (;
		# is punctuation in roff text: its name is Semicolon).
		keys=$(field bind 3 | sed 's/^;$/Semicolon/' | sort -u)
		has_all "built-in key of govdx --dump-commands" govdx.1 KEYS $keys
		bound=$(field bind 4 | sed 's/ .*//' | sort -u)
		has_all "command bound to a built-in key" govdx.1 KEYS $bound
		# The keymaps of typing and questions have their own subsection.
		missing=""
		for m in $(printf '%s\n' "$dump" | awk -F '\t' '$1 == "keymap" && $3 == "input" { print $2 }'); do
			grep '^\.SS ' "$top/docs/man/govdx.1" | grep -qF "(\\fB$m\\fR)" || missing="$missing $m"
		done
		if [ -z "$missing" ]; then
			ok "govdx.1 KEYS has a subsection per input keymap"
		else
			not_ok "govdx.1 KEYS has a subsection per input keymap"
			printf '# missing a line .SS ... (%s) for:%s\n' '\fBKEYMAP\fR' "$missing"
		fi
	else
		not_ok "govdx --dump-commands prints the tables"
		echo "# $govdx is not built, or --dump-commands failed"
	fi
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
