#!/usr/bin/env bash
# DescribeConnection against the JDK HttpServer's own ceiling (a trivial POST handler, same
# stack), in one run: the same wrk script, request and concurrency for both. Loopback only.
#
#   bench/ceiling.sh                  # 3 runs x 10 s at concurrency 16, alternating
#   RUNS=5 DURATION=10 CONCURRENCY=64 bench/ceiling.sh
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
RUNS=${RUNS:-3}; DURATION=${DURATION:-10}; CONCURRENCY=${CONCURRENCY:-16}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bk-ceiling.XXXXXX")
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

"$ROOT/bridgekeeper" server --help >/dev/null # build first, untimed
BK=$(free_port); TRIVIAL=$(free_port)
setsid "$ROOT/bridgekeeper" server --port "$BK" --data-dir "$WORK/data" >"$WORK/bk.log" 2>&1 & PIDS+=($!)
# The trivial server runs on the JDK the launcher picked (the newest >= 21).
JDK=$(ls -d /usr/lib/jvm/*/ | sort -rV | while read -r d; do
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null); [ "${v:-0}" -ge 21 ] && { echo "$d"; break; }; done)
setsid "${JAVA_HOME:-${JDK%/}}/bin/java" -Xmx256m -XX:+UseSerialGC "$HERE/TrivialServer.java" "$TRIVIAL" >"$WORK/trivial.log" 2>&1 & PIDS+=($!)
for port in "$BK" "$TRIVIAL"; do
  for _ in $(seq 600); do curl -s -o /dev/null -X POST "http://127.0.0.1:$port/" && break; sleep 0.2; done
done
curl -fs -H 'X-Amz-Target: AWSEvents.CreateConnection' -d '{"Name":"c-1","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"}}}' "http://127.0.0.1:$BK/" >/dev/null
cat >"$WORK/describe.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"Name":"c-1"}'
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "AWSEvents.DescribeConnection"
wrk.headers["X-Amz-Date"] = "20261124T000000Z"
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261124/us-east-1/events/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000"
LUA
rps() { wrk -t2 -c"$CONCURRENCY" -d"${2}s" -s "$WORK/describe.lua" "http://127.0.0.1:$1/" | sed -n 's/^Requests\/sec: *//p'; }
rps "$BK" 5 >/dev/null; rps "$TRIVIAL" 5 >/dev/null # warm-up
bk=(); tr=()
for i in $(seq "$RUNS"); do bk+=("$(rps "$BK" "$DURATION")"); tr+=("$(rps "$TRIVIAL" "$DURATION")"); done
python3 - "${bk[*]}" "${tr[*]}" "$CONCURRENCY" <<'PY'
import statistics, sys
bk = [float(x) for x in sys.argv[1].split()]; tr = [float(x) for x in sys.argv[2].split()]
b, t = statistics.median(bk), statistics.median(tr)
print(f"| concurrency | trivial JDK handler req/s | DescribeConnection req/s | share of the ceiling |")
print(f"|---:|---:|---:|---:|")
print(f"| {sys.argv[3]} | {t:,.0f} | {b:,.0f} | {b / t * 100:.0f}% |")
print(f"runs: trivial {' / '.join(f'{x:,.0f}' for x in tr)}; describe {' / '.join(f'{x:,.0f}' for x in bk)}", file=sys.stderr)
PY
