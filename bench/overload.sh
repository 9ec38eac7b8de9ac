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
# The slow-beside-fast case measures fairness, which the delivery engine's work (issue 13, engine
# branch) provides; before it, expect the fast destination's p99 to suffer.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
PORT="${PORT:-4797}"
RECEIVER_PORT="${RECEIVER_PORT:-4798}"
PARTIAL="${PARTIAL:-8000}"
FAST_SECONDS="${FAST_SECONDS:-20}"
CASES="${CASES:-stall partial fanout bounds slow}"
WORK="$(mktemp -d /tmp/overload-XXXXXX)"
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

"$ROOT/bridgekeeper" server --help >/dev/null   # builds the jar when needed
"$ROOT/bridgekeeper" server --port "$PORT" --data-dir "$WORK/data" --allow-http-endpoints \
  --egress-allow 127.0.0.0/8 >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
echo "overload: server pid $SERVER on $PORT; cases: $CASES; partial sockets $PARTIAL; $(nproc) cores; $(date -u +%F)" >&2
python3 "$HERE/overload.py" "$PORT" "$RECEIVER_PORT" "$SERVER" "$PARTIAL" "$FAST_SECONDS" "$CASES"
status=$?
if ! kill -0 "$SERVER" 2>/dev/null; then
  echo "overload: the server process is gone; its log's tail:" >&2
  tail -20 "$WORK/server.log" >&2
fi
exit $status
