#!/bin/sh
# test-install — what `make install` lays down, as a packager gets it:
# make install DESTDIR=$tmp from $top_builddir, then the layout (the console
# in bin, the service in sbin, libgovdx.so.N with its soname, <govdx.h>,
# libgovdx.pc, the man pages of sections 1, 3, 5 and 8, the Chinese
# catalogue, the systemd unit, the examples); the installed programs run
# against the installed library; docs/examples/govdx-hello.c builds with
# `pkg-config --cflags --libs libgovdx` against the installed library alone
# and (with GOVDX_URL and GOVDX_TOKENS) talks to the running service; the
# unit passes systemd-analyze verify; make uninstall leaves no file.
# Writes only into a mktemp directory (it runs inside make distcheck too,
# where the source tree is read-only). TAP output.
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${top_builddir:-$top}
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { # check NAME COMMAND...: ok when the command succeeds
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
diag() { sed 's/^/# /' "$@" | head -n 30; }

if [ ! -f "$build/Makefile" ]; then
	echo "1..0 # SKIP $build has no Makefile: run configure first (make check sets top_builddir)"
	exit 0
fi
for t in make pkg-config; do
	command -v $t >/dev/null 2>&1 || {
		echo "1..0 # SKIP $t is not installed (tools/install-deps installs it)"
		exit 0
	}
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/govdx-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
work=$tmp/work
mkdir -p "$work"

# A make of its own, not the one running the tests: no jobserver, no
# variables handed down.
submake() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES make -C "$build" "$@"; }

# The directories as the build's Makefile has them.
vars="prefix bindir sbindir sysconfdir libdir includedir mandir localedir docdir pkgdatadir"
vars="$vars systemdsystemunitdir SYSTEMD_UNIT_TYPE PACKAGE_VERSION CC GOVDX_LDFLAGS"
{
	echo 'print-install-dirs:'
	for v in $vars; do printf '\t@echo "%s=$(%s)"\n' "$v" "$v"; done
} >"$work/print.mk"
if ! submake -s -f Makefile -f "$work/print.mk" print-install-dirs >"$work/dirs" 2>"$work/dirs.err"; then
	echo "1..0 # SKIP cannot read the directories from $build/Makefile"
	diag "$work/dirs.err"
	exit 0
fi
get() { sed -n "s/^$1=//p" "$work/dirs"; }
bindir=$(get bindir) sbindir=$(get sbindir) sysconfdir=$(get sysconfdir) libdir=$(get libdir) includedir=$(get includedir)
mandir=$(get mandir) localedir=$(get localedir) docdir=$(get docdir) pkgdatadir=$(get pkgdatadir)
unitdir=$(get systemdsystemunitdir) unittype=$(get SYSTEMD_UNIT_TYPE) version=$(get PACKAGE_VERSION)
cc=$(get CC)
# A sanitizer build's library needs its runtime in the program too.
ldflags=$(get GOVDX_LDFLAGS)

# ---- make install ------------------------------------------------------
if submake install DESTDIR="$root" >"$work/install.log" 2>&1; then
	ok "make install DESTDIR=\$tmp"
else
	not_ok "make install DESTDIR=\$tmp"
	tail -n 30 "$work/install.log" | sed 's/^/# /'
	echo "1..$n"
	exit 1
fi

# ---- the layout ----------------------------------------------------------
unit=$unitdir/govdx-exchanged.service
[ -n "$unitdir" ] || unit=$docdir/examples/govdx-exchanged.service
missing=""
for f in "$bindir/govdx" "$sbindir/govdx-exchanged" "$includedir/govdx.h" \
	"$libdir/pkgconfig/libgovdx.pc" "$mandir/man1/govdx.1" "$mandir/man3/libgovdx.3" \
	"$mandir/man5/govdx.conf.5" "$mandir/man5/govdx-theme.5" "$mandir/man8/govdx-exchanged.8" \
	"$mandir/zh_CN/man1/govdx.1" "$localedir/zh_CN/LC_MESSAGES/govdx.mo" \
	"$pkgdatadir/themes/default.theme" "$pkgdatadir/sql/functions/ORDER" \
	"$pkgdatadir/data/divisions.csv" "$unit" \
	"$docdir/examples/govdx.conf" "$docdir/examples/govdx-exchanged.default" \
	"$docdir/examples/govdx-exchanged.conf" "$docdir/examples/govdx-hello.c"; do
	[ -f "$root$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then
	ok "every file is where it belongs"
else
	not_ok "every file is where it belongs"
	echo "# missing:$missing"
	(cd "$root" && find . -type f | sort | sed 's/^/# installed: /')
fi
for f in "$bindir/govdx" "$sbindir/govdx-exchanged"; do
	check "$f is executable" test -x "$root$f"
done
# Nothing of the service in bin, nor of the console in sbin; the old names
# are gone.
stray=""
for f in "$bindir/govdx-exchanged" "$sbindir/govdx" "$mandir/man1/govdx-exchanged.1" \
	"$libdir/pkgconfig/govdx.pc"; do
	[ -e "$root$f" ] && stray="$stray $f"
done
if [ -z "$stray" ]; then ok "no file under an old or wrong name"; else not_ok "no file under an old or wrong name"; echo "# found:$stray"; fi

# libgovdx: a shared library with a versioned soname, the name a program
# links to a link to it, and only the govdx_ symbols exported.
so=$(cd "$root$libdir" && ls libgovdx.so.[0-9]* 2>/dev/null | sed -n 's/^\(libgovdx\.so\.[0-9]*\)$/\1/p' | head -n 1)
if [ -n "$so" ] && [ -f "$root$libdir/$so" ]; then
	ok "lib/$so is there"
else
	not_ok "lib/libgovdx.so.N is there"
	ls -l "$root$libdir" | sed 's/^/# /'
fi
check "lib/libgovdx.so links to it (for -lgovdx)" test -e "$root$libdir/libgovdx.so"
if command -v objdump >/dev/null 2>&1 && [ -n "$so" ]; then
	soname=$(objdump -p "$root$libdir/$so" | awk '$1 == "SONAME" { print $2 }')
	if [ "$soname" = "$so" ]; then ok "its soname is $so"; else not_ok "its soname is $so"; echo "# SONAME: $soname"; fi
	if command -v nm >/dev/null 2>&1; then
		others=$(nm -D --defined-only "$root$libdir/$so" | awk '$2 ~ /^[TDBR]$/ && $3 !~ /^govdx_/ { print $3 }')
		if [ -z "$others" ]; then ok "it exports only govdx_ symbols"; else not_ok "it exports only govdx_ symbols"; echo "# also:" $others; fi
	fi
else
	skip "its soname is libgovdx.so.N" "objdump is not installed (binutils)"
fi
check "no static library is installed" test ! -e "$root$libdir/libgovdx.a"

# libgovdx.pc names the installed library, and is found under that name.
pc() { PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_PATH=$root$libdir/pkgconfig pkg-config "$@"; }
got=$(pc --modversion libgovdx 2>&1)
if [ "$got" = "$version" ]; then ok "pkg-config libgovdx: version $version"; else not_ok "pkg-config libgovdx: version $version"; echo "# got: $got"; fi
flags=$(pc --cflags --libs libgovdx 2>&1)
bad=""
for want in "-L$root$libdir" -lgovdx; do
	case " $flags " in *" $want "*) ;; *) bad="$bad $want" ;; esac
done
# pkg-config leaves out an include directory the compiler searches anyway.
case $includedir in
/usr/include) ;;
*) case " $flags " in *" -I$root$includedir "*) ;; *) bad="$bad -I$root$includedir" ;; esac ;;
esac
if [ -z "$bad" ]; then
	ok "pkg-config --cflags --libs libgovdx names the installed library and header"
else
	not_ok "pkg-config --cflags --libs libgovdx names the installed library and header"
	echo "# got: $flags"
	echo "# missing:$bad"
fi
check "the installed header is the source's" cmp -s "$top/include/govdx.h" "$root$includedir/govdx.h"

# The installed programs run against the installed library.
run_installed() { LD_LIBRARY_PATH=$root$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$@"; }
got=$(run_installed "$root$bindir/govdx" --version 2>&1)
if [ "$got" = "govdx $version (libgovdx $version)" ]; then ok "bin/govdx --version: $got"; else not_ok "bin/govdx --version"; echo "# got: $got"; fi
got=$(run_installed "$root$sbindir/govdx-exchanged" --version 2>&1)
if [ "$got" = "govdx-exchanged $version" ]; then ok "sbin/govdx-exchanged --version: $got"; else not_ok "sbin/govdx-exchanged --version"; echo "# got: $got"; fi
if command -v ldd >/dev/null 2>&1; then
	if run_installed ldd "$root$bindir/govdx" | grep -q "libgovdx\.so\.[0-9]* => $root$libdir/"; then
		ok "bin/govdx loads the installed libgovdx"
	else
		not_ok "bin/govdx loads the installed libgovdx"
		run_installed ldd "$root$bindir/govdx" | sed 's/^/# /'
	fi
fi

# The man pages installed are the ones of the source tree.
missing=""
for m in man1/govdx.1 man3/libgovdx.3 man5/govdx.conf.5 man5/govdx-theme.5 man8/govdx-exchanged.8; do
	cmp -s "$top/docs/man/${m#*/}" "$root$mandir/$m" || missing="$missing $m"
done
check "the installed man pages are docs/man's" test -z "$missing"

# ---- the systemd unit ----------------------------------------------------
u=$root$unit
if [ -f "$u" ]; then
	bad=""
	grep -q "^ExecStart=$sbindir/govdx-exchanged serve --config $sysconfdir/govdx/govdx-exchanged.conf " "$u" ||
		bad="$bad ExecStart=$sbindir/govdx-exchanged serve --config $sysconfdir/govdx/govdx-exchanged.conf"
	grep -q "^Type=$unittype\$" "$u" || bad="$bad Type=$unittype"
	for want in DynamicUser=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
		NoNewPrivileges=yes "CapabilityBoundingSet=" "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6" \
		SystemCallFilter=@system-service "LoadCredential=db:" "Environment=GOVDX_DB_FILE=%d/db"; do
		grep -q "^$want" "$u" || bad="$bad [$want]"
	done
	grep -q '@[A-Za-z_]*@' "$u" && bad="$bad (a @VARIABLE@ left)"
	grep -q -- '--db ' "$u" && bad="$bad (the connection string on the command line)"
	if [ -z "$bad" ]; then
		ok "the unit runs $sbindir/govdx-exchanged serve with its config file, Type=$unittype, hardened, the database by credential"
	else
		not_ok "the unit runs $sbindir/govdx-exchanged serve with its config file, Type=$unittype, hardened, the database by credential"
		echo "# wrong or missing:$bad"
	fi
	if ! command -v systemd-analyze >/dev/null 2>&1; then
		skip "systemd-analyze verify accepts the unit" "systemd-analyze is not installed (package systemd)"
	else
		# As installed, but its ExecStart at the copy under $tmp, which
		# verify wants to find executable; its man page is found through
		# MANPATH in the installed tree.
		mkdir -p "$work/unit"
		sed "s|^ExecStart=$sbindir/|ExecStart=$root$sbindir/|" "$u" >"$work/unit/govdx-exchanged.service"
		if MANPATH=$root$mandir systemd-analyze verify "$work/unit/govdx-exchanged.service" \
			>"$work/verify.out" 2>&1 && [ ! -s "$work/verify.out" ]; then
			ok "systemd-analyze verify accepts the unit (and finds govdx-exchanged(8))"
		else
			not_ok "systemd-analyze verify accepts the unit (and finds govdx-exchanged(8))"
			diag "$work/verify.out"
		fi
		# The exposure systemd rates it at: 2.0 at most (OK).
		if systemd-analyze security --help 2>/dev/null | grep -q -- '--threshold' &&
			systemd-analyze security --help 2>/dev/null | grep -q -- '--offline'; then
			if systemd-analyze security --offline=yes --threshold=20 --no-pager \
				"$work/unit/govdx-exchanged.service" >"$work/security.out" 2>&1; then
				ok "systemd-analyze security: $(grep -o 'Overall exposure level.*' "$work/security.out" | sed 's/.*: //')"
			else
				not_ok "systemd-analyze security: exposure 2.0 or less"
				grep '✗\|Overall' "$work/security.out" | sed 's/^/# /'
			fi
		else
			skip "systemd-analyze security: exposure 2.0 or less" "this systemd-analyze has no --offline or --threshold"
		fi
	fi
else
	not_ok "the unit is installed"
fi

# ---- the example program, against the installed library -------------------
hello=$work/govdx-hello
# shellcheck disable=SC2046 # the flags are words
if ${cc:-cc} -std=c99 -Wall -Wextra -Werror $ldflags -o "$hello" "$root$docdir/examples/govdx-hello.c" \
	$(pc --cflags --libs libgovdx) >"$work/cc.out" 2>&1; then
	ok "govdx-hello.c builds with pkg-config --cflags --libs libgovdx"
else
	not_ok "govdx-hello.c builds with pkg-config --cflags --libs libgovdx"
	diag "$work/cc.out"
fi
if [ ! -x "$hello" ]; then
	skip "govdx-hello runs against the service" "it did not build"
elif [ -z "${GOVDX_URL:-}" ] || [ -z "${GOVDX_TOKENS:-}" ]; then
	skip "govdx-hello talks to the service" "GOVDX_URL or GOVDX_TOKENS is not set: run tools/check, which starts the service"
else
	if GOVDX_URL=$GOVDX_URL run_installed "$hello" "$GOVDX_TOKENS/nat-official.token" >"$work/hello.out" 2>&1 &&
		grep -q "^libgovdx $version, " "$work/hello.out" && grep -q '^service: ok, ' "$work/hello.out" &&
		grep -q '^platform: 000000 ' "$work/hello.out"; then
		ok "govdx-hello talks to the service: $(grep '^platform:' "$work/hello.out")"
	else
		not_ok "govdx-hello talks to the service"
		diag "$work/hello.out"
	fi
	if command -v ldd >/dev/null 2>&1; then
		if run_installed ldd "$hello" | grep -q "libgovdx\.so\.[0-9]* => $root$libdir/"; then
			ok "... with the installed libgovdx"
		else
			not_ok "... with the installed libgovdx"
			run_installed ldd "$hello" | sed 's/^/# /'
		fi
	fi
fi
# Without a URL it says how it is used, with status 2.
GOVDX_URL='' run_installed "$hello" x >/dev/null 2>&1
rc=$?
if [ ! -x "$hello" ]; then :; elif [ $rc -eq 2 ]; then ok "govdx-hello without GOVDX_URL: usage, status 2"; else not_ok "govdx-hello without GOVDX_URL: usage, status 2"; echo "# status $rc"; fi

# ---- make uninstall --------------------------------------------------------
if submake uninstall DESTDIR="$root" >"$work/uninstall.log" 2>&1; then
	ok "make uninstall DESTDIR=\$tmp"
else
	not_ok "make uninstall DESTDIR=\$tmp"
	tail -n 30 "$work/uninstall.log" | sed 's/^/# /'
fi
left=$(cd "$root" && find . ! -type d | sort)
if [ -z "$left" ]; then
	ok "make uninstall leaves no file"
else
	not_ok "make uninstall leaves no file"
	printf '%s\n' "$left" | head -n 30 | sed 's/^/# left: /'
fi

echo "1..$n"
[ $failed -eq 0 ]
