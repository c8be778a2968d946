#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL/PostGIS server on 127.0.0.1
# for the tests of internal/postgis and the registry's PostGIS store:
#
#   eval "$(examples/postgis_server.sh start DIR)"   # exports DIACHI_POSTGIS_URL
#   go test ./internal/postgis/ ./address/registry/...
#   examples/postgis_server.sh stop DIR
#
# DIR holds the cluster and is removed on stop. Needs Debian's postgresql
# and postgis packages; run as root, the server runs as the postgres user.
# The port is DIACHI_POSTGIS_PORT (54329 unless set), or the first free
# one after it.
set -euo pipefail
cmd=${1:?usage: postgis_server.sh start|stop DIR}
dir=${2:?usage: postgis_server.sh start|stop DIR}
port=${DIACHI_POSTGIS_PORT:-54329}
# The first free port from there: another server may hold the default.
free_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do
    p=$((p + 1))
    [ "$p" -lt $(( $1 + 50 )) ] || { echo "postgis_server.sh: no free port from $1" >&2; return 1; }
  done
  echo "$p"
}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "postgis_server.sh: PostgreSQL is not installed (Debian packages postgresql, postgis)" >&2; exit 1; }
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $cmd in
start)
  port=$(free_port "$port")
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE diachi" >/dev/null
  as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d diachi -qc "CREATE EXTENSION postgis" >/dev/null
  echo "export DIACHI_POSTGIS_URL=postgres://postgres@127.0.0.1:$port/diachi?sslmode=disable"
  ;;
stop)
  if [ -d "$dir/data" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true; fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: postgis_server.sh start|stop DIR" >&2; exit 2
  ;;
esac
