#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for benchmarks, from Debian's postgresql-15 binaries, on 127.0.0.1.
#
#   bench/postgres.sh start DIR     # initdb + start in DIR (created); prints the port
#   bench/postgres.sh stop DIR      # stops it and removes DIR
#   bench/postgres.sh createdb DIR  # a new empty database bk_<random>; prints its JDBC URL
#
# PostgreSQL refuses to run as root: as root, DIR is given to the postgres user and the server runs
# as that user. Durable settings (fsync on), unlike the test cluster: figures must be comparable with
# SQLite's synchronous=FULL.
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?start, stop or createdb}; dir=${2:?the cluster directory}
[[ -x "$BIN/postgres" ]] || { echo "postgres.sh: no PostgreSQL in $BIN (apt-get install postgresql-15)" >&2; exit 1; }
as_pg=(); if [[ "$(id -u)" == 0 ]]; then as_pg=(runuser -u postgres --); fi

case $cmd in
  start)
    mkdir -p "$dir"; chmod 755 "$dir"
    if [[ "$(id -u)" == 0 ]]; then chown postgres: "$dir"; fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "${as_pg[@]}" "$BIN/initdb" -D "$dir/data" -U bk --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    "${as_pg[@]}" "$BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB" start >/dev/null
    echo "$port" >"$dir/port"
    echo "$port"
    ;;
  stop)
    "${as_pg[@]}" "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  createdb)
    port=$(cat "$dir/port")
    db=bk_$(python3 -c 'import secrets; print(secrets.token_hex(6))')
    "$BIN/psql" -q -h 127.0.0.1 -p "$port" -U bk -d postgres -c "CREATE DATABASE $db" >/dev/null
    echo "jdbc:postgresql://127.0.0.1:$port/$db?user=bk"
    ;;
  *) echo "postgres.sh: start, stop or createdb" >&2; exit 1 ;;
esac
