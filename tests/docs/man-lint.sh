#!/bin/sh
# man-lint — the manual pages in docs/man format without a single warning
# (groff -ww, and mandoc -T lint when it is installed), carry a title that
# matches their file name, and have the sections a reader looks for.
# A translation (docs/man/LL/PAGE) is held to its English page as well.
# TAP output. Skips when no roff checker is installed (groff-base comes with
# tools/install-deps).
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
pages="govdx.1 libgovdx.3 govdx.conf.5 govdx-theme.5 govdx-exchanged.8"

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
	# A library's page says what its functions return; a program's or a
	# file's, how the program ends.
	case $page in
	*.3) ending="RETURN VALUE" ;;
	*) ending="EXIT STATUS" ;;
	esac
	missing=""
	for s in NAME SYNOPSIS DESCRIPTION ENVIRONMENT "$ending" "SEE ALSO"; do
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
	sed -n "/^\.SH \"*$2\"*\$/,/^\.SH /p" "$top/docs/man/$1" | sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' \
		-e 's/\\[c:]/ /g' -e 's/、/ /g' -e 's/，/ /g' -e 's/。/ /g' -e 's/；/ /g' -e 's/：/ /g' \
		-e 's/（/ /g' -e 's/）/ /g' -e 's/“/ /g' -e 's/”/ /g' |
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
	has_all "option of exchange-service/main.c" govdx-exchanged.8 SYNOPSIS $opts
	# Every key of serve's config file (config_keys[] of main.c).
	has_all "config key of exchange-service/main.c" govdx-exchanged.8 "CONFIGURATION FILE" \
		$(sed -n '/config_keys\[\] = {/,/};/p' "$svc_main" | sed -n 's/^[[:space:]]*{"\([a-z-]*\)", O_[A-Z_]*},.*/\1/p')
fi
# govdx.conf.5 against the settings of tui/cmd/cmd-config.c: every set option
# and every context add setting.
config_c=$top/tui/cmd/cmd-config.c
if [ -f "$config_c" ]; then
	has_all "set option of tui/cmd/cmd-config.c" govdx.conf.5 OPTIONS \
		$(sed -n '/set_options\[\] = {/,/};/p' "$config_c" | grep -o '"[a-z-]*"' | tr -d '"')
	has_all "context add setting of tui/cmd/cmd-config.c" govdx.conf.5 CONTEXTS \
		$(sed -n 's/.*strncmp(argv\[i\], "\([a-z-]*\)", [0-9]*).*/\1=/p' "$config_c") \
		$(sed -n 's/.*strcmp(argv\[i\], "\([a-z-]*\)").*/\1/p' "$config_c")
fi
# libgovdx.3 against the public header: every call (a function returning
# govdx_call_id) in CALLS.
header=$top/include/govdx.h
if [ -f "$header" ]; then
	has_all "call of include/govdx.h" libgovdx.3 CALLS \
		$(sed -n 's/^govdx_call_id \(govdx_[a-z_]*\)(.*/\1/p' "$header")
fi
# govdx-theme.5 against the roles of tui/ui/ui-theme.c and the themes shipped.
theme_c=$top/tui/ui/ui-theme.c
if [ -f "$theme_c" ]; then
	roles=$(sed -n 's/^[[:space:]]*\[UI_ROLE_[A-Z_]*\] = "\([a-z_]*\)",.*/\1/p' "$theme_c")
	has_all "role of tui/ui/ui-theme.c" govdx-theme.5 ROLES $roles
	has_all "theme of themes/" govdx-theme.5 THEMES \
		$(cd "$top/themes" && ls -- *.theme | sed 's/\.theme$//')
fi

# Translations: docs/man/LL/PAGE is the LL translation of docs/man/PAGE,
# installed as $(mandir)/LL/manN/PAGE. Its prose and headings are translated;
# what a user types (commands, options, keys, views, keymaps, boxes, states,
# config keywords, paths, environment variables) is not. It formats as man(1)
# formats it in that language, keeps its English page's title, sections,
# structure and entries, and names, like the English page, everything the
# console's tables and options hold.
translations="zh_CN/govdx.1"
# heading LL TITLE: the title of an English page's section in the LL translation
heading() {
	case $1:$2 in
	zh_CN:NAME) echo 名称 ;;
	zh_CN:SYNOPSIS) echo 概述 ;;
	zh_CN:DESCRIPTION) echo 描述 ;;
	zh_CN:OPTIONS) echo 选项 ;;
	zh_CN:SCREEN) echo 屏幕 ;;
	zh_CN:VIEWS) echo 视图 ;;
	zh_CN:KEYS) echo 按键 ;;
	zh_CN:COMMANDS) echo 命令 ;;
	zh_CN:FILES) echo 文件 ;;
	zh_CN:ENVIRONMENT) echo 环境 ;;
	zh_CN:SIGNALS) echo 信号 ;;
	zh_CN:"EXIT STATUS") echo 退出状态 ;;
	zh_CN:EXAMPLES) echo 示例 ;;
	zh_CN:"SEE ALSO") echo 参见 ;;
	*) echo "$2 (untranslated)" ;;
	esac
}
# entries PAGE TITLE: the words in bold or italics on the tag lines (.TP) of
# a section, in order, one a line: the names its entries are listed under.
# Words with a non-ASCII character (a translated tag) are left out.
entries() {
	sed -n "/^\.SH \"*$2\"*\$/,/^\.SH /p" "$top/docs/man/$1" | awk '
	function flush() { if (word ~ /^[!-~]+$/) print word; word = "" }
	function scan(s, f,    i, c, d, prev) { # text s in font f
		prev = f
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "\\") {
				d = substr(s, ++i, 1)
				if (d == "f") {
					flush()
					d = substr(s, ++i, 1)
					if (d == "P") d = prev
					prev = f; f = d
				} else if (d == "-" || d == "e") {
					if (f == "B" || f == "I") word = word (d == "-" ? "-" : "\\")
				} else if (d == "(") {
					flush(); i += 2
				} else if (d == " " || d == "~")
					flush()
				# \c \: \& \/ \, ...: nothing
			} else if (index(" \t,;()[]|\"", c))
				flush()
			else if (f == "B" || f == "I")
				word = word c
			else
				flush()
		}
		flush()
	}
	function line(l,    m, rest, i, arg, k) {
		if (l ~ /^\.(B|I|BR|RB|BI|IB|IR|RI)( |$)/) {
			m = substr(l, 2); sub(/ .*/, "", m)
			rest = substr(l, length(m) + 3)
			for (k = 0; ; k++) {
				sub(/^ +/, "", rest)
				if (rest == "")
					break
				if (substr(rest, 1, 1) == "\"") {
					i = index(substr(rest, 2), "\"")
					if (i == 0) { arg = substr(rest, 2); rest = "" }
					else { arg = substr(rest, 2, i - 1); rest = substr(rest, i + 2) }
				} else {
					i = index(rest, " ")
					if (i == 0) { arg = rest; rest = "" }
					else { arg = substr(rest, 1, i - 1); rest = substr(rest, i + 1) }
				}
				scan(arg, length(m) == 1 ? m : substr(m, k % 2 + 1, 1))
			}
		} else if (l !~ /^\./)
			scan(l, "R")
	}
	tag { line($0); tag = 0 }
	$0 == ".TP" { tag = 1 }'
}
for tpage in $translations; do
	lang=${tpage%%/*} page=${tpage#*/}
	f=$top/docs/man/$tpage en=$top/docs/man/$page
	if [ ! -f "$f" ] || [ ! -f "$en" ]; then
		not_ok "$tpage and $page exist"
		continue
	fi
	if [ $have_groff -eq 1 ]; then
		# As man(1) formats a page of that language: man-db loads groff's
		# macros for it (zh.tmac: where Chinese lines may break); -K utf8:
		# the page is UTF-8, read through preconv.
		macros=${lang%%_*}
		if groff -m"$macros" -z </dev/null >/dev/null 2>&1; then
			check "$tpage formats with groff -ww without warnings" \
				groff -K utf8 -m"$macros" -man -Tutf8 -ww -z "$f"
		else
			ok "$tpage formats with groff -ww without warnings # SKIP groff has no $macros.tmac"
		fi
	fi
	if [ $have_mandoc -eq 1 ]; then
		check "$tpage passes mandoc -T lint" mandoc -T lint -W warning "$f"
	fi
	# .TH: name, section, date and source of the English page (the last
	# field, the manual's name, is translated).
	th() { sed -n 's/^\.TH \(.*\) "[^"]*"$/\1/p' "$1"; }
	if [ -n "$(th "$en")" ] && [ "$(th "$f")" = "$(th "$en")" ]; then
		ok "$tpage has the title of $page"
	else
		not_ok "$tpage has the title of $page"
		echo "# want .TH $(th "$en") ..., got .TH $(th "$f") ..."
	fi
	# The sections of the English page, in its order, with their titles
	# translated (heading above).
	want=$(sed -n 's/^\.SH "*\([^"]*\)"*$/\1/p' "$en" | while IFS= read -r s; do heading "$lang" "$s"; done)
	got=$(sed -n 's/^\.SH "*\([^"]*\)"*$/\1/p' "$f")
	if [ "$got" = "$want" ]; then
		ok "$tpage has the sections of $page, translated"
	else
		not_ok "$tpage has the sections of $page, translated"
		echo "# want:" $want
		echo "# got: " $got
	fi
	# As many subsections, entries, paragraphs, indents and examples.
	diffs=""
	for m in SH SS TP RS RE PP EX SY; do
		a=$(grep -c "^\.$m\( \|\$\)" "$en") b=$(grep -c "^\.$m\( \|\$\)" "$f")
		[ "$a" = "$b" ] || diffs="$diffs .$m: $b for $a;"
	done
	if [ -z "$diffs" ]; then
		ok "$tpage has the structure of $page"
	else
		not_ok "$tpage has the structure of $page"
		echo "#$diffs"
	fi
	# The synopsis is the English one, word for word; the entries of the
	# sections that list names carry the same names, in the same order.
	sy=$(heading "$lang" SYNOPSIS)
	body() { sed -n "/^\.SH \"*$2\"*\$/,/^\.SH /p" "$top/docs/man/$1" | sed '/^\.SH /d'; }
	if [ -n "$(body "$page" SYNOPSIS)" ] && [ "$(body "$tpage" "$sy")" = "$(body "$page" SYNOPSIS)" ]; then
		ok "$tpage $sy is the SYNOPSIS of $page"
	else
		not_ok "$tpage $sy is the SYNOPSIS of $page"
	fi
	for s in OPTIONS VIEWS KEYS COMMANDS FILES ENVIRONMENT "EXIT STATUS"; do
		grep -q "^\.SH \"*$s\"*\$" "$en" || continue
		t=$(heading "$lang" "$s")
		a=$(entries "$page" "$s") b=$(entries "$tpage" "$t")
		if [ -n "$a" ] && [ "$a" = "$b" ]; then
			ok "$tpage $t has the entries of $page $s"
		else
			not_ok "$tpage $t has the entries of $page $s"
			printf '%s\n' "$a" >"${TMPDIR:-/tmp}/man-lint.$$.a"
			printf '%s\n' "$b" >"${TMPDIR:-/tmp}/man-lint.$$.b"
			diff "${TMPDIR:-/tmp}/man-lint.$$.a" "${TMPDIR:-/tmp}/man-lint.$$.b" |
				grep '^[<>]' | sed -e 's/^</# only in English:/' -e 's/^>/# only translated:/' | head -n 20
			rm -f "${TMPDIR:-/tmp}/man-lint.$$.a" "${TMPDIR:-/tmp}/man-lint.$$.b"
		fi
	done
	# And against the console, as govdx.1 is (above).
	[ "$page" = govdx.1 ] || continue
	if [ -n "${dump:-}" ]; then
		tfield() { printf '%s\n' "$dump" | awk -F '\t' -v k="$1" -v f="$2" '$1 == k { print $f }'; }
		has_all "command of govdx --dump-commands" "$tpage" "$(heading "$lang" COMMANDS)" $(tfield command 2)
		has_all "view and keymap of govdx --dump-commands" "$tpage" "$(heading "$lang" COMMANDS)" $(tfield keymap 2)
		has_all "built-in key of govdx --dump-commands" "$tpage" "$(heading "$lang" KEYS)" \
			$(tfield bind 3 | sed 's/^;$/Semicolon/' | sort -u)
		has_all "command bound to a built-in key" "$tpage" "$(heading "$lang" KEYS)" \
			$(tfield bind 4 | sed 's/ .*//' | sort -u)
		missing=""
		for m in $(printf '%s\n' "$dump" | awk -F '\t' '$1 == "keymap" && $3 == "input" { print $2 }'); do
			grep '^\.SS ' "$f" | grep -qF -e "(\\fB$m\\fR)" -e "（\\fB$m\\fR）" || missing="$missing $m"
		done
		if [ -z "$missing" ]; then
			ok "$tpage $(heading "$lang" KEYS) has a subsection per input keymap"
		else
			not_ok "$tpage $(heading "$lang" KEYS) has a subsection per input keymap"
			echo "# missing:$missing"
		fi
	fi
	if [ -f "$top/tui/main.c" ]; then
		has_all "option of tui/main.c" "$tpage" "$(heading "$lang" OPTIONS)" \
			$(sed -n 's/^[[:space:]]*{ *"\([a-z-]*\)", *\(no\|required\)_argument.*/--\1/p' "$top/tui/main.c")
	fi
done

echo "1..$n"
[ $failed -eq 0 ]
