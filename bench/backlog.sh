#!/usr/bin/env bash
# The server's memory with a backlog of pending deliveries (issue 13: RSS flat from 1,000 to
# 1,000,000). For each count: starts a server on a fresh data dir (creating the schema) and stops
# it, fills its deliveries table directly with SQL (rows of ~450 bytes of payload, one API
# destination target), starts the server again on it, lets it settle, and reads VmRSS and VmHWM
# (peak) from /proc. DUE=later (default): the rows are due in an hour, so the server only holds
# the backlog (the case of a restart with a big backlog); DUE=now: due at once, to an API
# destination that does not exist, so the engine works through them (dead letters) while RSS is read.
#   COUNTS="1000 1000000" SETTLE=20 bench/backlog.sh
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
COUNTS="${COUNTS:-1000 1000000}"
SETTLE="${SETTLE:-20}"
DUE="${DUE:-later}"
PORT="${PORT:-4797}"
WORK="$(mktemp -d /tmp/backlog-bench.XXXXXX)"
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
command -v sqlite3 >/dev/null || { echo "backlog.sh: needs sqlite3 (apt-get install sqlite3)" >&2; exit 1; }

"$ROOT/bridgekeeper" server --help >/dev/null   # builds the jar when needed

start() {
  "$ROOT/bridgekeeper" server --port "$PORT" --data-dir "$1" >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return 0; sleep 0.1; done
  echo "backlog.sh: the server did not start (see $WORK/server.log)" >&2; tail -20 "$WORK/server.log" >&2; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$SERVER/status"; }

echo "pending deliveries | DUE | RSS after ${SETTLE} s | peak RSS (VmHWM) | database file | still pending"
echo "---|---|---|---|---|---"
for n in $COUNTS; do
  data="$WORK/data-$n"
  start "$data"; stop
  now_ms=$(( $(date +%s) * 1000 ))
  due=$now_ms; [ "$DUE" = later ] && due=$(( now_ms + 3600000 ))
  sqlite3 "$data/bridgekeeper.db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $n)
INSERT INTO deliveries (id, account, region, event_id, bus, rule, target_id, target_arn, payload, http_parameters,
    attempts, max_attempts, max_age_seconds, first_time, due_time, last_reason, last_status)
SELECT 'backlog-' || i, '000000000000', 'us-east-1', 'event-' || i, 'default', 'r', 't',
    'arn:aws:events:us-east-1:000000000000:api-destination/backlog/' || (i % 10),
    '{"source":"bench","detail-type":"backlog","detail":{"pad":"' || hex(randomblob(200)) || '"}}', NULL,
    0, 185, 86400, $now_ms, $due + i, NULL, 0 FROM seq;
SQL
  start "$data"
  sleep "$SETTLE"
  rss=$(kib VmRSS); hwm=$(kib VmHWM)
  size=$(du -m "$data/bridgekeeper.db" | cut -f1)
  left=$(sqlite3 "file:$data/bridgekeeper.db?mode=ro" "SELECT COUNT(*) FROM deliveries" 2>/dev/null || echo "?")
  stop
  printf '%s | %s | %d MB | %d MB | %s MB | %s\n' "$n" "$DUE" $((rss / 1024)) $((hwm / 1024)) "$size" "$left"
done
