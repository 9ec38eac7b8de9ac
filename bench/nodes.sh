#!/usr/bin/env bash
# The side-by-side table (bench/compare.sh: Bridgekeeper vs moto) for each storage layout:
#   sqlite   one node, SQLite in its data dir (the default)
#   pg1      one node on a PostgreSQL database
#   pg2      two nodes on one PostgreSQL database; wrk's threads spread over both (BK_NODE_PORTS),
#            as a load balancer would; seeds are made through the first node, read through both
#   bench/nodes.sh                                  # every layout, compare.sh's defaults
#   LAYOUTS="pg1 pg2" CONCURRENCY="16 64" RUNS=1 DURATION=5 bench/nodes.sh
# PostgreSQL is a throwaway cluster (bench/postgres.sh), fresh for each layout. Each layout's
# report is compare.sh's own (its ratios are against moto run beside it in the same minutes).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
LAYOUTS=${LAYOUTS:-"sqlite pg1 pg2"}
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/bk-nodes.XXXXXX")}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$ROOT/bridgekeeper" server --help >/dev/null   # builds the jar when needed
BASE="$ROOT/bridgekeeper server --port {port} --data-dir {dir} --max-connections 100000000 --max-api-destinations 100000000"
for layout in $LAYOUTS; do
  pg_dir=""
  case "$layout" in
    sqlite)
      unset BK_NODE_PORTS
      BK_CMD="$BASE" ;;
    pg1|pg2)
      eval "$("$HERE/postgres.sh" start)"
      pg_dir=$BENCH_PG_DIR
      export BRIDGEKEEPER_DATABASE_USER
      export BRIDGEKEEPER_MASTER_KEY=${BRIDGEKEEPER_MASTER_KEY:-$(head -c 32 /dev/urandom | base64)}
      BK_CMD="$BASE --database-url $BENCH_PG_URL"
      if [[ "$layout" == pg2 ]]; then
        port_b=$(free_port)
        export BK_NODE_PORTS=$port_b
        # The second node: its own data dir and port, the same database and master key; stopped
        # with the first (same process group: compare.sh kills the group it started).
        # The first node starts once the second answers, so that compare.sh's readiness check covers both.
        node_b="$ROOT/bridgekeeper server --port $port_b --data-dir {dir}/node-b --max-connections 100000000 --max-api-destinations 100000000 --database-url $BENCH_PG_URL"
        BK_CMD="$node_b >{dir}/node-b.log 2>&1 & until curl -sf http://127.0.0.1:$port_b/health >/dev/null; do sleep 0.2; done; exec $BK_CMD"
      else
        unset BK_NODE_PORTS
      fi ;;
    *) echo "nodes.sh: unknown layout $layout (sqlite pg1 pg2)" >&2; exit 2 ;;
  esac
  echo "== $layout" >&2
  KEEP_RESULTS="$OUT/$layout" OURS_NAME="bk-$layout" BK_CMD="$BK_CMD" "$HERE/compare.sh" || status=$?
  [[ -z "$pg_dir" ]] || "$HERE/postgres.sh" stop "$pg_dir"
  if [[ "${status:-0}" != 0 ]]; then echo "nodes.sh: compare.sh failed for $layout (status $status)" >&2; exit "$status"; fi
done
echo "reports: $OUT/<layout>/ (compare.sh's report in each)" >&2
