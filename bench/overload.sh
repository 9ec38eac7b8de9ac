#!/usr/bin/env bash
# The security review's overload cases (issue 13), re-run against a running server: an endpoint that
# stalls after its headers (TestInvoke and 70 queued deliveries), N sockets sending partial requests,
# one PutEvents fanned out to 300 rules x 5 targets, a 669-character nested $or pattern, a 50 KB
# event through a 2,047-placeholder template, and a slow destination (1/s, 100 queued events) beside
# a fast one. Throughout, /health is polled; at the end it reports whether the server stayed up,
# the share of /health answers that were 200, the server's peak RSS and the fast destination's
# delivery latency (p50/p99, measured at the receiver from the time each event was put).
#   bench/overload.sh                       # starts its own server (the launcher, as shipped)
#   PARTIAL=8000 FAST_SECONDS=30 bench/overload.sh
#   CASES="stall partial" bench/overload.sh   # a subset: stall partial fanout bounds slow
#   KEEP=1 bench/overload.sh                  # keep the work dir (server.log) for a look afterwards
# The slow-beside-fast case measures fairness, which the delivery engine's work (issue 13, engine
# branch) provides; before it, expect the fast destination's p99 to suffer.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
RECEIVER_PORT="${RECEIVER_PORT:-$(free_port)}"
PARTIAL="${PARTIAL:-8000}"
FAST_SECONDS="${FAST_SECONDS:-20}"
CASES="${CASES:-stall partial fanout bounds slow}"
WORK="$(mktemp -d /tmp/overload-XXXXXX)"
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

"$ROOT/bridgekeeper" server --help >/dev/null   # builds the jar when needed
# Port 0: other servers may run on this machine; the port is read from the start-up line.
"$ROOT/bridgekeeper" server --port 0 --data-dir "$WORK/data" --allow-http-endpoints \
  --egress-allow 127.0.0.0/8 >"$WORK/server.log" 2>&1 &
SERVER=$!
PORT=""
for _ in $(seq 300); do
  PORT="$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$WORK/server.log" | head -1)"
  [ -n "$PORT" ] && curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
echo "overload: server pid $SERVER on $PORT; cases: $CASES; partial sockets $PARTIAL; $(nproc) cores; $(date -u +%F)" >&2
status=0
python3 "$HERE/overload.py" "$PORT" "$RECEIVER_PORT" "$SERVER" "$PARTIAL" "$FAST_SECONDS" "$CASES" || status=$?
if ! kill -0 "$SERVER" 2>/dev/null; then
  echo "overload: the server process is gone; its log's tail:" >&2
  tail -20 "$WORK/server.log" >&2
fi
exit $status
