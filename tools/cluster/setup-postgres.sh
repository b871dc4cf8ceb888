#!/usr/bin/env bash
# A PostgreSQL for Partitioner's cluster mode on this machine: its own database cluster in a folder, listening only on
# 127.0.0.1, run by the postgres user (never by root), with a role and database "partitioner" and the schema applied
# (src/Partitioner.Cluster/Storage/Schema.sql: Orleans membership, reminders and grain state, and the jobs tables).
#
#   setup-postgres.sh start  [--dir DIR] [--port PORT]   create the cluster if needed, start it, create the role, the
#                                                          database and the tables; prints the connection string
#   setup-postgres.sh stop   [--dir DIR]                  stop the server (the data stays)
#   setup-postgres.sh remove [--dir DIR]                  stop the server and delete the folder
#
# Defaults: --dir /tmp/partitioner-postgres, --port 5433. The password of the partitioner role is
# $PARTITIONER_PG_PASSWORD (default "partitioner": a local development database, reachable only from this machine).
# Needs the Debian postgresql package (apt-get install postgresql); the Debian service itself is not used.
set -euo pipefail

action="${1:-}"; shift || true
dir=/tmp/partitioner-postgres
port=5433
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "Unknown argument $1 (use --dir DIR, --port PORT)" >&2; exit 2 ;;
  esac
done
password="${PARTITIONER_PG_PASSWORD:-partitioner}"
here="$(cd "$(dirname "$0")" && pwd)"
schema="$here/../../src/Partitioner.Cluster/Storage/Schema.sql"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "PostgreSQL is not installed: apt-get install -y postgresql (Debian), then run this again." >&2
  exit 3
fi

# As root, everything runs as the postgres user; otherwise as the calling user (who then owns the folder).
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

data="$dir/data"
socket="$dir"
# The Unix socket lives in the folder (mode 700), so only its owner reaches it: trusted there; TCP needs the password.
psql_admin() { as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket" -p "$port" -U postgres -d postgres "$@"; }

case "$action" in
  start)
    mkdir -p "$dir"
    chown "$owner" "$dir"
    chmod 700 "$dir"
    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$socket -c max_connections=200" start >/dev/null
    fi
    psql_admin -c "DO \$\$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'partitioner') THEN CREATE ROLE partitioner LOGIN CREATEDB; END IF;
      END \$\$;" -c "ALTER ROLE partitioner PASSWORD '$password'"
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'partitioner'")" ]; then
      psql_admin -c "CREATE DATABASE partitioner OWNER partitioner"
    fi
    psql_admin -d partitioner -c "SET client_min_messages = warning" -c "SET ROLE partitioner" -f "$schema" >/dev/null
    echo "Host=127.0.0.1;Port=$port;Database=partitioner;Username=partitioner;Password=$password"
    ;;
  stop)
    [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  remove)
    [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "Usage: $0 start|stop|remove [--dir DIR] [--port PORT]" >&2
    exit 2
    ;;
esac
