#!/bin/sh
# test-po — the Chinese catalogue is whole and well-formed: every string the
# console marks (and libgovdx's messages) has a translation in po/zh_CN.po
# that is not fuzzy, and msgfmt -c accepts it (each translation keeps its
# printf conversions). `make update-po` then translating what it adds is
# how to make this pass after new strings. TAP output.
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
po=$top/po/zh_CN.po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

if ! command -v xgettext >/dev/null 2>&1 || ! command -v msgcmp >/dev/null 2>&1; then
	echo "1..0 # SKIP gettext's tools are missing (tools/install-deps installs gettext)"
	exit 0
fi

if msgfmt -c --statistics -o "$tmp/zh_CN.mo" "$po" >"$tmp/stat" 2>&1 &&
	! grep -q 'untranslated\|fuzzy' "$tmp/stat"; then
	ok "msgfmt -c accepts po/zh_CN.po: $(cat "$tmp/stat")"
else
	not_ok "msgfmt -c accepts po/zh_CN.po, none fuzzy or untranslated"
	sed 's/^/# /' "$tmp/stat" | head -n 30
fi

(cd "$top" && find tui backend-client -name '*.c' | LC_ALL=C sort >"$tmp/files")
if (cd "$top" && xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	--keyword=P_:1,2 --keyword=errors_set:5 --flag=errors_set:5:c-format \
	-o "$tmp/govdx.pot" -f "$tmp/files") 2>"$tmp/xgettext.err"; then
	ok "xgettext reads the sources ($(grep -c '^msgid ' "$tmp/govdx.pot") strings)"
else
	not_ok "xgettext reads the sources"
	sed 's/^/# /' "$tmp/xgettext.err" | head -n 30
fi

if msgcmp "$po" "$tmp/govdx.pot" >"$tmp/cmp" 2>&1; then
	ok "every marked string has a Chinese translation"
else
	not_ok "every marked string has a Chinese translation"
	sed 's/^/# /' "$tmp/cmp" | head -n 40
fi

echo "1..$n"
[ "$failed" -eq 0 ]
