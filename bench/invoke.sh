#!/usr/bin/env bash
# The invoker against a local receiver: calls per second, and how closely the per-destination
# rate limit holds. Loopback only; stops everything it started.
#
#   bench/invoke.sh                       # rates "50 300", 10 s each, 64 concurrent callers
#   RATES="50" DURATION=10 bench/invoke.sh
#
# For each rate R it creates an API destination with InvocationRateLimitPerSecond=R and drives
# it through the TestInvokeApiDestination extension with wrk (64 connections, more than R can
# serve, so the limiter is what paces the calls). The receiver counts what arrives: calls/s =
# arrived / duration, accuracy = calls/s / R.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
RATES=${RATES:-"50 300"}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bk-invoke.XXXXXX")
BK_PORT=$(free_port); RX_PORT=$(free_port)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; rm -rf "$WORK/data"; }
trap cleanup EXIT

setsid python3 "$HERE/receiver.py" "$RX_PORT" >"$WORK/receiver.log" 2>&1 & PIDS+=($!)
setsid "$ROOT/bridgekeeper" server --port "$BK_PORT" --data-dir "$WORK/data" --allow-http-endpoints --egress-allow 127.0.0.0/8 \
  >"$WORK/server.log" 2>&1 & PIDS+=($!)
for _ in $(seq 600); do curl -fs "http://127.0.0.1:$BK_PORT/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$BK_PORT/health" >/dev/null || { echo "bridgekeeper did not start" >&2; exit 1; }

call() { curl -fs -H "X-Amz-Target: AWSEvents.$1" -H 'Content-Type: application/x-amz-json-1.1' -d "$2" "http://127.0.0.1:$BK_PORT/"; }
ARN=$(call CreateConnection '{"Name":"bench","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key","ApiKeyValue":"bench-secret"}}}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["ConnectionArn"])')

echo "| InvocationRateLimitPerSecond | window s | calls arrived in the window | calls/s | accuracy | wrk non-2xx |"
echo "|---:|---:|---:|---:|---:|---:|"
for rate in $RATES; do
  call CreateApiDestination "{\"Name\":\"bench-$rate\",\"ConnectionArn\":\"$ARN\",\"InvocationEndpoint\":\"http://127.0.0.1:$RX_PORT/in\",\"HttpMethod\":\"POST\",\"InvocationRateLimitPerSecond\":$rate}" >/dev/null
  # wrk runs past both ends of the measured window, so the window sees the steady state only.
  start=$(curl -fs "http://127.0.0.1:$RX_PORT/count")
  wrk -t2 -c"$CONNECTIONS" -d"$((DURATION + 4))s" --timeout 30s -s "$HERE/lua/test-invoke.lua" \
    "http://127.0.0.1:$BK_PORT/" -- "bench-$rate" >"$WORK/wrk-$rate.txt" &
  wrk_pid=$!
  sleep 2
  before=$(curl -fs "http://127.0.0.1:$RX_PORT/count")
  sleep "$DURATION"
  after=$(curl -fs "http://127.0.0.1:$RX_PORT/count")
  wait "$wrk_pid"
  sleep 2 # calls still waiting for their slot when wrk stopped are delivered, not dropped
  total=$(( $(curl -fs "http://127.0.0.1:$RX_PORT/count") - start ))
  answered=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$WORK/wrk-$rate.txt")
  arrived=$((after - before))
  non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *//p' "$WORK/wrk-$rate.txt"); non2xx=${non2xx:-0}
  echo "  rate $rate: wrk got $answered answers, the receiver $total calls (a call whose answer wrk did not wait for still arrives)" >&2
  python3 - "$rate" "$DURATION" "$arrived" "$non2xx" <<'PY'
import sys
rate, duration, arrived, non2xx = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
per_s = arrived / duration
print(f"| {rate} | {duration:g} | {arrived} | {per_s:.1f} | {per_s / rate * 100:.1f}% | {non2xx} |")
PY
done
