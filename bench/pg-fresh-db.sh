#!/usr/bin/env bash
# Prints the JDBC URL of a new, empty database on the cluster bench/postgres.sh started (from its
# BENCH_PG_URL and BRIDGEKEEPER_DATABASE_USER): compare.sh's MODE=postgres gives each server start
# a database of its own, as it gives each a fresh data dir.
set -euo pipefail
: "${BENCH_PG_URL:?start a cluster first: eval \"\$(bench/postgres.sh start)\"}"
base=${BENCH_PG_URL%/*}                 # jdbc:postgresql://127.0.0.1:PORT
port=${base##*:}
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
db=bk_$(python3 -c 'import secrets; print(secrets.token_hex(6))')
"$bin/psql" -q -h 127.0.0.1 -p "$port" -U "${BRIDGEKEEPER_DATABASE_USER:-bench}" -d postgres \
  -c "CREATE DATABASE $db" >/dev/null
echo "$base/$db"
