# tools/lib/build.sh — sourced by tools/demo and tools/check: (re)build govdx
# out of tree in a build directory. Generated files stay out of git:
# autoreconf runs here, never in a commit. After steps_init (tools/demo) it
# says its steps and draws the build's progress (tools/lib/steps.sh):
# the lines make writes for each file it makes (CC, CCLD, GEN, with
# V=0), counted against the same lines of a dry run (make -n); a dry run
# that fails or miscounts changes only what the bar shows.
. "$(dirname "${BASH_SOURCE[0]}")/steps.sh"

# build_tree DIR [configure options...]
# build_tree DIR --keep: a tree configured already (by tools/check, a
# packager, an earlier run) keeps its configuration; make brings it up to date.
build_tree() {
	local dir=$1; shift
	local keep=0
	if [ "${1:-}" = --keep ]; then keep=1; shift; fi
	local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	if [ ! -x "$root/configure" ] || [ "$root/configure.ac" -nt "$root/configure" ]; then
		step "generating configure (autoreconf)"
		(cd "$root" && autoreconf -fi >/dev/null 2>"$root/.autoreconf.log") ||
			{ step_fail; cat "$root/.autoreconf.log" >&2; return 1; }
		step_done
	fi
	mkdir -p "$dir"
	local want="$*"
	if [ ! -f "$dir/Makefile" ] ||
		{ [ $keep -eq 0 ] && [ "$(cat "$dir/.configured-with" 2>/dev/null)" != "$want" ]; }; then
		step "configuring $dir"
		(cd "$dir" && "$root/configure" -q "$@" >"$dir/configure.out" 2>&1) ||
			{ step_fail; tail -n 30 "$dir/configure.out" >&2; return 1; }
		echo "$want" >"$dir/.configured-with"
		step_done
	fi
	local jobs; jobs=$(nproc)
	if [ -z "$_steps_name" ]; then
		make -C "$dir" -j"$jobs" >"$dir/make.out" 2>&1 || { build_errors "$dir"; return 1; }
		return 0
	fi
	local total rc=0
	# What a dry run would make: one "echo "  CC      " FILE;..." per file.
	total=$(make -C "$dir" -n V=0 2>/dev/null | grep -c '^[[:space:]]*echo "  [A-Z][A-Z]* ' || true)
	[[ $total =~ ^[0-9]+$ ]] || total=0
	step "building in $dir (make, $jobs jobs)"
	# make in the foreground (Ctrl-C reaches it), its output counted by
	# this shell (lastpipe), and its status the pipeline's (pipefail).
	local -
	set -o pipefail
	local lastpipe=0
	shopt -q lastpipe && lastpipe=1
	shopt -s lastpipe
	make -C "$dir" -j"$jobs" V=0 2>&1 | build_count "$dir/make.out" "$total" || rc=$?
	[ $lastpipe -eq 1 ] || shopt -u lastpipe
	if [ $rc -ne 0 ]; then
		step_fail
		build_errors "$dir"
		return 1
	fi
	step_done "built $REPLY files"
}

# build_count FILE TOTAL: make's output (stdin) into FILE, its lines of a
# file made (CC, CCLD, GEN, ...) counted against TOTAL on the progress bar;
# the count in $REPLY.
build_count() {
	local line n=0 fd
	exec {fd}>"$1"
	while IFS= read -r line; do
		printf '%s\n' "$line" >&$fd
		if [[ $line =~ ^\ \ [A-Z]+\  ]]; then
			n=$((n + 1))
			step_progress build "$n" "$2" files
		fi
	done
	exec {fd}>&-
	REPLY=$n
}

# The errors of the last make in DIR, on stderr.
build_errors() {
	grep -E 'error|Error' -A3 "$1/make.out" | head -n 60 >&2
}
