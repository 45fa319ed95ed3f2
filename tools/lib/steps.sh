# tools/lib/steps.sh — sourced by tools/demo, tools/system and
# tools/lib/build.sh: says on stderr each step of a long set-up as it
# begins and how long it took, and the progress of a counted one.
#
# On a terminal (stderr a tty) a step's line is finished when the step is
# ("demo: migrating... 0.4 s") and a progress is a bar redrawn in place
# with \r ("build  [#####.....]  83/212 files"). Otherwise every line is
# written whole and a progress is a plain line each 10 % ("build  83/212
# files (39%)"). No escape sequence is ever written, \r only to a terminal.
#
#   steps_init NAME            say steps as "NAME: ..." (before it: nothing is said)
#   step TEXT [DONE]           a step begins: "NAME: TEXT..."
#   step_done [DONE]           it ended: " 1.2 s" on its line, or, when
#                              something came between (a progress), a line
#                              "NAME: DONE in 1.2 s" (DONE: step's, else "TEXT: done")
#   step_fail                  it failed: its line is ended (" failed")
#   step_progress LABEL N TOTAL UNIT
#                              N of TOTAL UNIT done (TOTAL empty or 0: unknown)
#   say TEXT                   a line of its own: "NAME: TEXT"
#   steps_now                  the time in microseconds, in $REPLY
#   steps_elapsed FROM         "1.2 s" or "52 s" since FROM (microseconds), in $REPLY
#   commas N                   N with thousands separated: 1,200,000, in $REPLY

_steps_name=""  # "" says nothing
_steps_tty=0
_steps_open=0   # a step's line is on stderr without its end
_steps_bar=0    # a bar (terminal) or progress lines (otherwise) follow the step's line
_steps_width=0  # the width of the bar line on the terminal
_steps_text="" _steps_done="" _steps_t0=0 _steps_tenth=0

steps_init() {
	_steps_name=$1
	_steps_tty=0
	[ -t 2 ] && _steps_tty=1
	return 0
}

steps_now() {
	# EPOCHREALTIME (bash 5) has six decimals; its separator follows the locale.
	if [ -n "${EPOCHREALTIME:-}" ]; then
		REPLY=${EPOCHREALTIME//[!0-9]/}
	else
		REPLY=$(($(date +%s) * 1000000))
	fi
}

steps_elapsed() {
	local ms
	steps_now
	ms=$(((REPLY - $1) / 1000))
	[ $ms -ge 0 ] || ms=0
	if [ $ms -lt 10000 ]; then
		REPLY="$((ms / 1000)).$((ms % 1000 / 100)) s"
	else
		REPLY="$(((ms + 500) / 1000)) s"
	fi
}

commas() {
	local n=$1 out=""
	while [ ${#n} -gt 3 ]; do
		out=",${n: -3}$out"
		n=${n:0:${#n}-3}
	done
	REPLY=$n$out
}

# Ends what is on the current line: the bar, or a step's open line.
_steps_endline() {
	if [ $_steps_tty -eq 1 ] && [ $_steps_bar -eq 1 ] && [ $_steps_width -gt 0 ]; then
		printf '\r%*s\r' "$_steps_width" "" >&2
		_steps_width=0
	elif [ $_steps_open -eq 1 ] && [ $_steps_bar -eq 0 ]; then
		printf '\n' >&2
	fi
}

say() {
	[ -n "$_steps_name" ] || return 0
	[ $_steps_open -eq 0 ] || { _steps_endline; _steps_bar=1; }
	printf '%s: %s\n' "$_steps_name" "$1" >&2
}

step() {
	[ -n "$_steps_name" ] || return 0
	[ $_steps_open -eq 0 ] || step_done
	_steps_text=$1
	_steps_done=${2:-"$1: done"}
	_steps_open=1 _steps_bar=0 _steps_width=0 _steps_tenth=0
	steps_now; _steps_t0=$REPLY
	printf '%s: %s...' "$_steps_name" "$1" >&2
}

step_done() {
	[ -n "$_steps_name" ] && [ $_steps_open -eq 1 ] || return 0
	steps_elapsed "$_steps_t0"
	if [ $_steps_bar -eq 0 ]; then
		printf ' %s\n' "$REPLY" >&2
	else
		_steps_endline
		printf '%s: %s in %s\n' "$_steps_name" "${1:-$_steps_done}" "$REPLY" >&2
	fi
	_steps_open=0 _steps_bar=0
}

step_fail() {
	[ -n "$_steps_name" ] && [ $_steps_open -eq 1 ] || return 0
	if [ $_steps_bar -eq 0 ]; then
		printf ' failed\n' >&2
	else
		_steps_endline
		printf '%s: %s: failed\n' "$_steps_name" "$_steps_text" >&2
	fi
	_steps_open=0 _steps_bar=0
}

step_progress() {
	[ -n "$_steps_name" ] && [ $_steps_open -eq 1 ] || return 0
	local label=$1 n=$2 total=${3:-0} unit=$4 line cn ct pct fill bar rest
	[[ $n =~ ^[0-9]+$ ]] || return 0
	[[ $total =~ ^[0-9]+$ ]] || total=0
	# A total found too small (an estimate) never shows more than 100 %.
	[ "$total" -eq 0 ] || [ "$n" -le "$total" ] || total=$n
	if [ $_steps_bar -eq 0 ]; then
		printf '\n' >&2 # the step's line ends here; the progress follows it
		_steps_bar=1
	fi
	commas "$n"; cn=$REPLY
	commas "$total"; ct=$REPLY
	if [ $_steps_tty -eq 1 ]; then
		if [ "$total" -gt 0 ]; then
			fill=$((n * 30 / total))
			printf -v bar '%*s' "$fill" ""
			printf -v rest '%*s' $((30 - fill)) ""
			printf -v line '%-6s [%s%s]  %s/%s %s' "$label" "${bar// /#}" "${rest// /.}" "$cn" "$ct" "$unit"
		else
			printf -v line '%-6s %s %s' "$label" "$cn" "$unit"
		fi
		# Padded over what the last one wrote, so nothing of it is left.
		printf '\r%s%*s' "$line" $((_steps_width > ${#line} ? _steps_width - ${#line} : 0)) "" >&2
		_steps_width=${#line}
	elif [ "$total" -gt 0 ]; then
		pct=$((n * 100 / total))
		if [ $((pct / 10)) -gt $_steps_tenth ]; then
			_steps_tenth=$((pct / 10))
			printf '%-6s %s/%s %s (%d%%)\n' "$label" "$cn" "$ct" "$unit" "$pct" >&2
		fi
	fi
}
