# shellcheck shell=bash
# Sourced by scripts/test.sh: provides a throwaway PostgreSQL for the store's conformance suite and
# exports RAMPART_TEST_POSTGRES_DSN. A DSN already in the environment is used as it is.
#
# Otherwise it finds Debian's server binaries (installing the `postgresql` package when missing and
# running as root), runs initdb into a temporary directory (as user `postgres` when we are root,
# because initdb refuses root), starts the server on a free 127.0.0.1 port with fsync off, and
# registers an EXIT trap that stops it and removes the directory.
#
# Under CI=true every failure to provision is fatal; locally it only warns, and the PostgreSQL part
# of the suite skips itself loudly.

. "$(dirname "${BASH_SOURCE[0]}")/provide.sh"

rampart_pg_fail() { rampart_missing postgres.sh "the PostgreSQL store tests" "$@"; }

# rampart_pg_bindir prints the directory holding initdb and pg_ctl, or fails.
rampart_pg_bindir() {
	local d
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir 2>/dev/null || true)
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return 0
		fi
	fi
	# Debian keeps the server binaries off PATH, one directory per major version; take the newest.
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
		echo "$d"
		return 0
	fi
	return 1
}

rampart_pg_install() {
	rampart_apt_install postgres.sh "the PostgreSQL store tests" postgresql
}

# rampart_pg_as_owner runs a server command as the data directory's owner.
rampart_pg_as_owner() {
	if [ "$(id -u)" = "0" ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

rampart_pg_start() {
	local bin dir port try
	bin=$(rampart_pg_bindir) || { rampart_pg_install || return 1; bin=$(rampart_pg_bindir); } ||
		{ rampart_pg_fail "no initdb/pg_ctl found even after installing postgresql"; return 1; }

	dir=$(mktemp -d "${TMPDIR:-/tmp}/rampart-pg.XXXXXX") || { rampart_pg_fail "mktemp failed"; return 1; }
	if [ "$(id -u)" = "0" ]; then
		chown postgres "$dir"
	fi
	RAMPART_PG_DIR=$dir
	RAMPART_PG_BIN=$bin
	rampart_pg_trap

	if ! rampart_pg_as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 \
		--locale=C >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		rampart_pg_fail "initdb failed"
		return 1
	fi

	for try in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + RANDOM % 40000))
		# Something already answers there: try another port.
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			continue
		fi
		if rampart_pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
			>/dev/null; then
			export RAMPART_TEST_POSTGRES_DSN="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
			echo "postgres.sh: PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
			return 0
		fi
	done
	cat "$dir/server.log" >&2 2>/dev/null || true
	rampart_pg_fail "could not start PostgreSQL (see the log above)"
	return 1
}

rampart_pg_stop() {
	if [ -n "${RAMPART_PG_DIR:-}" ] && [ -d "$RAMPART_PG_DIR" ]; then
		if [ -f "$RAMPART_PG_DIR/data/postmaster.pid" ]; then
			rampart_pg_as_owner "$RAMPART_PG_BIN/pg_ctl" -D "$RAMPART_PG_DIR/data" -m immediate -w stop \
				>/dev/null 2>&1 || true
		fi
		rm -rf "$RAMPART_PG_DIR"
	fi
}

# rampart_pg_trap adds rampart_pg_stop to the EXIT trap, keeping whatever trap is already there,
# and makes INT and TERM (unless already trapped) exit through it, so Ctrl-C leaves no server.
rampart_pg_trap() {
	local prev
	prev=$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")
	if [ -n "$prev" ]; then
		# shellcheck disable=SC2064
		trap "rampart_pg_stop; $prev" EXIT
	else
		trap rampart_pg_stop EXIT
	fi
	[ -n "$(trap -p INT)" ] || trap 'exit 130' INT
	[ -n "$(trap -p TERM)" ] || trap 'exit 143' TERM
}

if [ -n "${RAMPART_TEST_POSTGRES_DSN:-}" ]; then
	echo "postgres.sh: using RAMPART_TEST_POSTGRES_DSN from the environment"
else
	rampart_pg_start || true
fi
