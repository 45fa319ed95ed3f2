#!/usr/bin/env bash
# tools/lib/bench-standby.sh STATE [SECONDS] — reads served per node with a
# read standby (docs/benchmarks.md, "Read standby").
#
# STATE is a running tools/system state (its cluster is the primary). The
# script starts a standby of it (tools/system start-standby) and a second
# govdx-exchanged on a free port, then runs three phases of SECONDS (5)
# each, wrk at 8 connections over six directory reads as nat-official
# (tools/lib/bench-standby.lua):
#   primary  the service without --read-dsn (the baseline);
#   standby  with --read-dsn, while hebei-official writes (a POST every
#            0.2 s) and reads right after each write;
#   paused   the same (a new service: its counts start at 0) with the
#            standby's replay paused (lagging after --read-max-lag 2 s).
# For each: wrk's p50/p95 (ms) and req/s, and the reads the service counted
# by node and its fallbacks by reason (GET /v1/metrics). The standby and the
# second service are stopped at the end; the standby's cluster is kept
# (tools/system stop-standby STATE --remove removes it).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
state=${1:?usage: tools/lib/bench-standby.sh STATE [SECONDS]}
seconds=${2:-5}
state=$(cd "$state" && pwd)
command -v wrk >/dev/null || { echo "bench-standby: wrk is needed (apt-get install wrk)" >&2; exit 1; }
exchanged=$(cat "$state/exchanged")
set -a; . "$state/env"; set +a
tokens=$GOVDX_TOKENS
admin=$(cat "$tokens/nat-admin.token")
tmp=$(mktemp -d /tmp/govdx-bench-standby-XXXXXX)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	[ -n "${sbsock:-}" ] && psql -X -q -h "$sbsock" -U postgres -d govdx -c "select pg_wal_replay_resume()" >/dev/null 2>&1
	"$root/tools/system" stop-standby "$state" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

read_dsn=$("$root/tools/system" start-standby "$state" --test)
sbsock=$(sed 's/^host=\([^ ]*\).*/\1/' <<<"$read_dsn")

# serve [ARGS...]: a service of our own on a free port; sets url.
serve() {
	[ -n "$pid" ] && { kill "$pid"; wait "$pid" 2>/dev/null || true; }
	rm -f "$tmp/port"
	"$exchanged" serve --data-dir "$root/exchange-service" --listen 127.0.0.1:0 \
		--port-file "$tmp/port" --request-log off --rate-limit-user 0 --rate-limit-address 0 "$@" 2>>"$tmp/service.log" &
	pid=$!
	local end=$((SECONDS + 20))
	until [ -s "$tmp/port" ]; do
		[ $SECONDS -lt $end ] || { cat "$tmp/service.log" >&2; exit 1; }
		sleep 0.05 # polling for the port file, bounded by the deadline
	done
	url="http://127.0.0.1:$(cat "$tmp/port")"
}

reads() {
	curl -fsS -H "Authorization: Bearer $admin" "$url/v1/metrics" |
		awk '/^govdx_db_read/ { sub(/govdx_db_/, ""); printf "%s ", $0 }'
}

entry=$(curl -fsS -H "Authorization: Bearer $(cat "$tokens/nat-official.token")" \
	"$GOVDX_URL/v1/entries?platform=130000&limit=1" | sed 's/.*"code":"\([^"]*\)".*/\1/')
# The writer: an objection raised and the entry read back, at most five pairs a
# second, paced by curl's own rate limit (--rate, 10 transfers a second) in
# one process that reads its transfers and the token from a 0600 config
# file (never argv); each raise answered counts one line in $tmp/writes.
writer() {
	local tok i
	tok=$(cat "$tokens/hebei-official.token")
	(
		umask 077
		for i in $(seq 1 5000); do
			printf 'silent\noutput = "/dev/null"\nheader = "Authorization: Bearer %s"\n' "$tok"
			printf 'header = "Content-Type: application/json"\n'
			printf 'data = "{\\"entry_code\\":\\"%s\\",\\"kind\\":\\"other\\",\\"description\\":\\"bench\\"}"\n' "$entry"
			printf 'url = "%s/v1/objections"\nwrite-out = "w\\n"\nnext\n' "$url"
			printf 'silent\noutput = "/dev/null"\nheader = "Authorization: Bearer %s"\n' "$tok"
			printf 'url = "%s/v1/entries/%s"\nnext\n' "$url" "$entry"
		done | sed '$d' >"$tmp/writer.curl" # no "next" after the last transfer
	)
	# Line-buffered: the phase ends the writer with a signal.
	exec stdbuf -oL curl --rate 10/s -K "$tmp/writer.curl" >>"$tmp/writes"
}

phase() {
	local name=$1 w=""
	shift
	: >"$tmp/writes"
	if [ "$1" = writer ]; then writer & w=$!; fi
	local out
	out=$(GOVDX_BENCH_TOKEN="$tokens/nat-official.token" GOVDX_BENCH_ENTRY=$entry \
		wrk -t 2 -c 8 -d "${seconds}s" -s "$root/tools/lib/bench-standby.lua" "$url" | tail -n 1)
	[ -n "$w" ] && { kill "$w"; wait "$w" 2>/dev/null || true; }
	printf '%-8s %s writes=%s  %s\n' "$name" "$out" "$(wc -l <"$tmp/writes")" "$(reads)"
}

echo "# tools/lib/bench-standby.sh — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${seconds} s per phase, wrk -c 8"
serve
phase primary none
serve --read-dsn "$read_dsn" --read-max-lag 2
phase standby writer
serve --read-dsn "$read_dsn" --read-max-lag 2
psql -X -q -h "$sbsock" -U postgres -d govdx -c "select pg_wal_replay_pause()" >/dev/null
phase paused writer
