#!/bin/sh
# test-tui-layers — the console's folders keep their layers
# (docs/architecture.md): tui/model/ knows no curses and no struct app,
# tui/model/ and tui/ui/ include nothing from a layer above them (views/,
# cmd/, app*.h), the views include no cmd.h and app.c no cmd/ header
# (tests/tools/test-tui-circles.py checks the calls too). Each quoted include of a lower folder must name a header of
# that folder or one of those shared by all (config.h, xalloc.h, i18n.h, common/).
# TAP output.
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
tui=$top/tui

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { # check NAME OUTPUT : ok when the output is empty
	if [ -z "$2" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '%s\n' "$2" | head -n 30 | sed 's/^/# /'
	fi
}

# The headers of some folders, one name a line.
headers() {
	for d in "$@"; do
		ls "$tui/$d" | grep '\.h$'
	done
}

# includes FOLDER ALLOWED: every quoted include of FOLDER's files that is
# not in the list ALLOWED (one name a line), as "file: name".
includes() {
	for f in "$tui/$1"/*.[ch]; do
		sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
			while read -r h; do
				printf '%s\n' "$2" | grep -qxF "$h" || echo "${f#"$top"/}: $h"
			done
	done
}

# Below every layer: config.h, xalloc.h, i18n.h (gettext's marks) and the
# headers of common/ (the UTF-8, width and Beijing-time part all programs
# link), once it exists.
shared="config.h
xalloc.h
i18n.h"
if [ -d "$top/common" ]; then
	shared="$shared
$(ls "$top/common" | grep '\.h$')"
fi

for d in model ui views cmd; do
	if [ -d "$tui/$d" ] && ls "$tui/$d"/*.c >/dev/null 2>&1; then
		ok "tui/$d/ holds its layer's sources"
	else
		not_ok "tui/$d/ holds its layer's sources"
	fi
done

check "tui/model/ mentions neither curses nor app.h" \
	"$(grep -l 'curses\|app\.h' "$tui"/model/* 2>&1)"
check "tui/model/ includes no system curses header" \
	"$(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*<\(n\?curses\|ncursesw/\|term\.h\|panel\.h\)' \
		"$tui"/model/* 2>&1)"
check "tui/model/ includes only model headers and the shared ones" \
	"$(includes model "$(headers model)
$shared")"
check "tui/ui/ includes only ui headers and the shared ones" \
	"$(includes ui "$(headers ui)
$shared")"

check "tui/views/ include no cmd.h (the dispatcher and the handlers are above them)" \
	"$(grep -ln '^[[:space:]]*#[[:space:]]*include[[:space:]]*"cmd\.h"' "$tui"/views/* 2>&1)"
check "app.c and app-prompt.c include nothing from cmd/ (they are below it)" \
	"$(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"cmd' "$tui"/app.c "$tui"/app-prompt.c 2>&1)"

echo "1..$n"
[ $failed -eq 0 ]
