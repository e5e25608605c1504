#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the audit-log tests and prints its JDBC URL.
#
#   .ci/start-postgres.sh                 # start (or reuse) the server
#   export CREDENCE_TEST_PG_URL=$(.ci/start-postgres.sh | tail -n 1)
#
# Idempotent: installs PostgreSQL with apt-get only when initdb cannot be found, initialises the
# cluster only once, starts the server only when it is not running, creates the role and the
# database only when missing. Listens on 127.0.0.1 only; TCP logins need the password (SCRAM),
# the admin steps use the server's Unix socket. The server refuses to run as root, so as root
# everything runs as the OS user "postgres" (created when missing); as any other user it runs as
# that user.
#
# Environment (all optional):
#   CREDENCE_PG_PORT  port, default 55432
#   CREDENCE_PG_DATA  data directory, default /tmp/credence-pg/data
set -euo pipefail

PORT="${CREDENCE_PG_PORT:-55432}"
BASE="${CREDENCE_PG_DATA:-/tmp/credence-pg/data}"
RUN_DIR="$(dirname "$BASE")"
LOG="$RUN_DIR/postgres.log"

find_bin() {
  local name="$1"
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  local candidate
  for candidate in /usr/lib/postgresql/*/bin/"$name"; do
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

if ! find_bin initdb >/dev/null; then
  echo "initdb not found; installing postgresql with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q postgresql >&2
fi
INITDB="$(find_bin initdb)"
PG_CTL="$(find_bin pg_ctl)"
PSQL="$(find_bin psql)"
BIN_DIR="$(dirname "$PG_CTL")"

if [ "$(id -u)" = "0" ]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir "$RUN_DIR" --shell /bin/bash postgres
  fi
  as_postgres() { su postgres -s /bin/bash -c "$1"; }
else
  as_postgres() { bash -c "$1"; }
fi

mkdir -p "$RUN_DIR"
if [ "$(id -u)" = "0" ]; then
  chown postgres:postgres "$RUN_DIR"
fi
chmod 700 "$RUN_DIR"

if [ ! -f "$BASE/PG_VERSION" ]; then
  as_postgres "'$INITDB' -D '$BASE' --auth-local=trust --auth-host=scram-sha-256 --username=postgres \
    --encoding=UTF8 --no-locale >'$RUN_DIR/initdb.log' 2>&1"
fi

if ! as_postgres "'$PG_CTL' -D '$BASE' status" >/dev/null 2>&1; then
  # The socket directory must be writable by postgres; /var/run/postgresql may not exist.
  as_postgres "'$PG_CTL' -D '$BASE' -l '$LOG' -w -t 60 -o \"-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$RUN_DIR' -c fsync=on -c synchronous_commit=on\" start" >&2
fi

psql_admin() {
  as_postgres "'$PSQL' -h '$RUN_DIR' -p $PORT -U postgres -d postgres -v ON_ERROR_STOP=1 -qtAc \"$1\""
}

if [ "$(psql_admin "select 1 from pg_roles where rolname = 'credence'")" != "1" ]; then
  psql_admin "create role credence login password 'credence'" >&2
fi
# CREATEROLE: the read-only verification test makes (and drops) an auditor role with SELECT only.
if [ "$(psql_admin "select rolcreaterole from pg_roles where rolname = 'credence'")" != "t" ]; then
  psql_admin "alter role credence createrole" >&2
fi
if [ "$(psql_admin "select 1 from pg_database where datname = 'credence'")" != "1" ]; then
  psql_admin "create database credence owner credence" >&2
fi

echo "PostgreSQL ($BIN_DIR) running on 127.0.0.1:$PORT, data in $BASE, user/password credence/credence" >&2
echo "jdbc:postgresql://127.0.0.1:$PORT/credence"
