# tools/lib/standby.sh — a streaming-replication standby of the cluster of
# a tools/system state: sourced by tools/system (start-standby,
# stop-standby), whose variables and helpers it uses (state, pgbin, pgdir,
# sock, testmode, as_pg, wait_for, die).
#
# The standby is a second PostgreSQL cluster on this machine, made by
# pg_basebackup -R from the running primary (standby.signal and
# primary_conninfo over the primary's Unix socket: initdb's pg_hba.conf
# already trusts "local replication"; wal_level replica and max_wal_senders
# are PostgreSQL's defaults), with a physical replication slot
# (govdx_standby): the primary keeps the WAL the standby has not received
# while it is stopped, so that it catches up when started again; removing
# the standby (stop-standby --remove) drops the slot, which would otherwise
# keep WAL for ever. It listens on its own Unix socket only. As
# root (PostgreSQL refuses to run as root) it lives in a directory of its
# own under /var/tmp owned by postgres (govdx-sb-*, named in its `owner`
# file), linked from STATE/standby; as another user it is STATE/standby.
# start-standby waits, with a deadline, until the standby accepts
# connections, is in recovery, streams, and has replayed the primary's WAL
# as it was when the standby started; then it writes STATE/standby.env
# (GOVDX_READ_DB=...) and prints the connection string.

standby_timeout=${GOVDX_STANDBY_TIMEOUT:-60}

# Where the standby lives (empty as root when there is none yet).
standby_home() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "$state/standby"
	elif [ -L "$state/standby" ] && [ -d "$(readlink "$state/standby")" ]; then
		readlink "$state/standby"
	fi
}

# As root: standbys whose state is gone or links to another one.
standby_reap() {
	[ "$(id -u)" -eq 0 ] || return 0
	local d owner
	for d in /var/tmp/govdx-sb-*; do
		[ -f "$d/owner" ] || continue
		owner=$(cat "$d/owner")
		[ "$(readlink "$owner/standby" 2>/dev/null)" = "$d" ] && continue
		if [ -f "$d/data/PG_VERSION" ]; then
			as_pg "$pgbin/pg_ctl" -D "$d/data" -m immediate -w stop >/dev/null 2>&1 || true
		fi
		rm -rf "$d"
	done
}

standby_sql() { psql -X -q -h "$1" -U postgres -d postgres -tAc "$2" 2>/dev/null; }

standby_slot=govdx_standby

# Drops the primary's slot of the standby (a new standby makes it again).
standby_drop_slot() {
	pg_running || return 0
	standby_sql "$sock" "select pg_drop_replication_slot(slot_name) from pg_replication_slots
		where slot_name = '$standby_slot' and not active" >/dev/null || true
}

standby_running() { [ -n "$1" ] && [ -f "$1/data/PG_VERSION" ] && as_pg "$pgbin/pg_ctl" -D "$1/data" status >/dev/null 2>&1; }

# Caught up with target: in recovery, streaming, replay at or past target.
standby_caught_up() {
	local out
	out=$(standby_sql "$1" "select pg_is_in_recovery() and exists (select 1 from pg_stat_wal_receiver)
		and pg_last_wal_replay_lsn() >= '$2'::pg_lsn") || return 1
	[ "$out" = t ]
}

standby_start() {
	command -v "$pgbin/pg_basebackup" >/dev/null || die "pg_basebackup not found in $pgbin"
	pg_running || die "the primary of $state is not running: tools/system start $state first"
	standby_reap
	local sbdir; sbdir=$(standby_home)
	if [ -z "$sbdir" ]; then
		rm -f "$state/standby"
		sbdir=$(mktemp -d /var/tmp/govdx-sb-XXXXXXXX) || die "cannot create a standby directory"
		chmod 700 "$sbdir"; chown postgres "$sbdir"
		ln -s "$sbdir" "$state/standby"
		echo "$state" >"$sbdir/owner"
	fi
	local sbsock="$sbdir/s"
	[ ${#sbsock} -le 80 ] || die "the standby's socket path $sbsock is too long"
	if [ ! -f "$sbdir/data/PG_VERSION" ]; then
		[ "$(id -u)" -eq 0 ] || mkdir -p -m 700 "$sbdir"
		rm -rf "$sbdir/data"
		standby_drop_slot
		as_pg "$pgbin/pg_basebackup" -h "$sock" -U postgres -D "$sbdir/data" -R -X stream \
			-C -S "$standby_slot" -c fast --no-sync >"$state/standby-basebackup.log" 2>&1 ||
			{ cat "$state/standby-basebackup.log" >&2; die "pg_basebackup failed"; }
	fi
	if [ ! -d "$sbsock" ]; then mkdir -m 700 "$sbsock"; fi
	[ "$(id -u)" -eq 0 ] && chown postgres "$sbsock"
	chmod 700 "$sbsock"
	if ! standby_running "$sbdir"; then
		local opts="-h '' -k $sbsock -c unix_socket_permissions=0700 -c hot_standby=on"
		[ "$testmode" -eq 1 ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
		as_pg "$pgbin/pg_ctl" -D "$sbdir/data" -o "$opts" -l "$sbdir/postgresql.log" -w \
			-t "$standby_timeout" start >/dev/null ||
			{ tail -n 20 "$sbdir/postgresql.log" >&2; die "the standby did not start"; }
	fi
	# Caught up with the primary as it is now, within the deadline.
	local target
	target=$(psql -X -q -h "$sock" -U postgres -d postgres -tAc "select pg_current_wal_flush_lsn()") ||
		die "cannot read the primary's WAL position"
	wait_for "$standby_timeout" standby_caught_up "$sbsock" "$target" ||
		{ tail -n 20 "$sbdir/postgresql.log" >&2; die "the standby did not catch up with $target in ${standby_timeout}s"; }
	local dsn="host=$sbsock dbname=govdx user=postgres"
	echo "GOVDX_READ_DB=\"$dsn\"" >"$state/standby.env"
	echo "$dsn"
}

standby_stop() {
	local sbdir; sbdir=$(standby_home)
	if standby_running "$sbdir"; then
		as_pg "$pgbin/pg_ctl" -D "$sbdir/data" -m fast -w stop >/dev/null || true
	fi
}

# Stops it and removes its cluster.
standby_remove() {
	local sbdir; sbdir=$(standby_home)
	standby_stop
	standby_drop_slot
	[ -n "$sbdir" ] && rm -rf "$sbdir"
	rm -f "$state/standby" "$state/standby.env"
}
