# tests/lib/db.sh: the database a suite runs on, SQLite or PostgreSQL, so
# that the same suite runs against both backends (issue 19).  Sourced; uses
# T (the scratch directory).  JX_DB_BACKEND=pg chooses PostgreSQL, on a
# server pg_up started; anything else SQLite.
#
#   pg_up           start a server of Debian's postgresql package: initdb as
#                   the unprivileged postgres user (when root) into a
#                   temporary directory, a Unix socket there, no TCP;
#                   false when the package is missing or it did not start
#   pg_down         stop it and remove its directory
#   db_new NAME     a new, empty database: prints its --db (a file in $T,
#                   or postgresql:///NAME?host=…&user=jixiao)
#   db_q DB SQL     run SQL on it, rows one a line, columns joined by |
#                   (sqlite3's output, psql -At); exit 1 on an SQL error
#   db_is_pg DB     whether DB is a PostgreSQL address
PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR=
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_up() {
	[ -x "$PG_BIN/initdb" ] || return 1
	PG_DIR=$(mktemp -d /tmp/jixiao-pg-XXXXXX) || return 1
	[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
	as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U jixiao -E UTF8 --locale=C.UTF-8 \
		--no-instructions >"$PG_DIR/initdb.log" 2>&1 || return 1
	as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -o "-k $PG_DIR -c listen_addresses='' -c max_connections=200" \
		-w -l "$PG_DIR/server.log" start >/dev/null 2>&1
}
pg_down() {
	[ -n "$PG_DIR" ] || return 0
	as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
	rm -rf "$PG_DIR"
	PG_DIR=
}
db_is_pg() { case $1 in postgres://* | postgresql://*) return 0 ;; esac; return 1; }
db_new() {
	if [ "${JX_DB_BACKEND:-}" = pg ]; then
		psql -X -q "host=$PG_DIR user=jixiao dbname=postgres" \
			-c "DROP DATABASE IF EXISTS \"$1\"" -c "CREATE DATABASE \"$1\"" >/dev/null 2>&1
		echo "postgresql:///$1?host=$PG_DIR&user=jixiao"
	else
		rm -f "$T/$1.db" "$T/$1.db-wal" "$T/$1.db-shm"
		echo "$T/$1.db"
	fi
}
db_q() {
	if db_is_pg "$1"; then
		psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -d "$1" -c "$2"
	else
		sqlite3 -cmd '.timeout 10000' "$1" "$2"
	fi
}
