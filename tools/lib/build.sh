# tools/lib/build.sh — sourced by tools/demo and tools/check: (re)build govdx
# out of tree in a build directory. Generated files stay out of git:
# autoreconf runs here, never in a commit.

# build_tree DIR [configure options...]
# build_tree DIR --keep: a tree configured already (by tools/check, a
# packager, an earlier run) keeps its configuration; make brings it up to date.
build_tree() {
	local dir=$1; shift
	local keep=0
	if [ "${1:-}" = --keep ]; then keep=1; shift; fi
	local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	if [ ! -x "$root/configure" ] || [ "$root/configure.ac" -nt "$root/configure" ]; then
		(cd "$root" && autoreconf -fi >/dev/null 2>"$root/.autoreconf.log") ||
			{ cat "$root/.autoreconf.log" >&2; return 1; }
	fi
	mkdir -p "$dir"
	local want="$*"
	if [ ! -f "$dir/Makefile" ] ||
		{ [ $keep -eq 0 ] && [ "$(cat "$dir/.configured-with" 2>/dev/null)" != "$want" ]; }; then
		(cd "$dir" && "$root/configure" -q "$@" >"$dir/configure.out" 2>&1) ||
			{ tail -n 30 "$dir/configure.out" >&2; return 1; }
		echo "$want" >"$dir/.configured-with"
	fi
	make -C "$dir" -j"$(nproc)" >"$dir/make.out" 2>&1 || { grep -E 'error|Error' -A3 "$dir/make.out" | head -n 60 >&2; return 1; }
}
