#!/usr/bin/env bash
# A throwaway PostgreSQL for the benchmarks: a fresh cluster in a temp dir on a loopback port,
# run as the `postgres` user when started as root (PostgreSQL refuses to run as root).
#   eval "$(bench/postgres.sh start)"   # prints: export BENCH_PG_DIR=... BENCH_PG_URL=jdbc:postgresql://...
#   bench/postgres.sh stop "$BENCH_PG_DIR"
# Binaries: PG_BIN, else Debian's /usr/lib/postgresql/<newest>/bin (apt-get install postgresql-15).
# Tuned like a benchmark box, not a production one, except durability: fsync and
# synchronous_commit stay on, so the figures compare with SQLite's synchronous=FULL.
set -euo pipefail

pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -n "$d" ]] || { echo "postgres.sh: no PostgreSQL binaries (apt-get install postgresql-15)" >&2; exit 1; }
  echo "$d"
}

as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(pg_bin)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/bk-pg.XXXXXX")
    [[ "$(id -u)" == 0 ]] && chown postgres "$dir"
    port=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
    as_owner "$bin/initdb" -D "$dir/data" -U bench --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U bench bridgekeeper
    echo "export BENCH_PG_DIR=$dir BENCH_PG_URL=jdbc:postgresql://127.0.0.1:$port/bridgekeeper BRIDGEKEEPER_DATABASE_USER=bench"
    ;;
  stop)
    dir=${2:?usage: postgres.sh stop DIR}
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: bench/postgres.sh start | stop DIR" >&2; exit 2 ;;
esac
