#!/usr/bin/env bash
# End-to-end event throughput and delivery latency: PutEvents -> rule -> API destination -> a
# real HTTP receiver (bench/EventsLoad.java, which also plays the receiver). Several runs, the
# median reported. The destination's rate limit is 300/s (AWS's default and maximum), so
# DESTINATIONS spreads the load over that many destinations to measure past it.
# MIXED=1 adds an event bus target to each rule, whose bus delivers the event again through another
# API destination: two deliveries per event, one of them bus to bus ("delivered" counts both).
#   EVENTS=3000 CONCURRENCY=16 BATCH=1 RUNS=3 bench/events.sh
#   MIXED=1 bench/events.sh
#   EVENTS_RATE=500 EVENTS=5000 DESTINATIONS=2 bench/events.sh   # paced at 500 events/s: latency at that load
#   BK_JAR=/path/to/other/bridgekeeper.jar bench/events.sh          # another build's jar (A/B), as drain.sh runs it
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
EVENTS="${EVENTS:-3000}"
CONCURRENCY="${CONCURRENCY:-16}"
BATCH="${BATCH:-1}"
RUNS="${RUNS:-3}"
DESTINATIONS="${DESTINATIONS:-1}"
MIXED="${MIXED:-}"
PORT="${PORT:-4796}"
WORK="$(mktemp -d)"
trap 'kill $SERVER 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

# BK_ARGS: more server flags, e.g. BK_ARGS="--database-url jdbc:postgresql://..." (with
# BRIDGEKEEPER_MASTER_KEY and BRIDGEKEEPER_DATABASE_USER exported; bench/postgres.sh makes one).
if [ -n "${BK_JAR:-}" ]; then
  # Another build's jar, started as bench/drain.sh starts it (an A/B: run this twice, once with each jar).
  JAVA="$(. "$ROOT/tools/find-jdk.sh" && bk_find_jdk && echo "$bk_java_home/bin/java")"
  # shellcheck disable=SC2086
  "$JAVA" -Xmx256m -XX:+UseSerialGC ${BRIDGEKEEPER_JAVA_OPTS:-} -jar "$BK_JAR" server --port "$PORT" --data-dir "$WORK/data" \
    --allow-http-endpoints --egress-allow 127.0.0.0/8 ${BK_ARGS:-} >"$WORK/server.log" 2>&1 &
else
  "$ROOT/bridgekeeper" server --help >/dev/null   # builds the jar when needed
  # shellcheck disable=SC2086
  "$ROOT/bridgekeeper" server --port "$PORT" --data-dir "$WORK/data" --allow-http-endpoints --egress-allow 127.0.0.0/8 ${BK_ARGS:-} \
    >"$WORK/server.log" 2>&1 &
fi
SERVER=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done

JAVA_BIN="$(readlink -f "/proc/$SERVER/exe" 2>/dev/null || command -v java)"
echo "events $EVENTS, concurrency $CONCURRENCY, batch $BATCH, destinations $DESTINATIONS${MIXED:+, mixed targets}${EVENTS_RATE:+, paced at $EVENTS_RATE/s}, $RUNS runs; $(nproc) cores; $(date -u +%F)" >&2
for run in $(seq "$RUNS"); do
  "$JAVA_BIN" "$HERE/EventsLoad.java" "http://127.0.0.1:$PORT" "$EVENTS" "$CONCURRENCY" "$BATCH" "$DESTINATIONS" ${MIXED:+mixed} | tee "$WORK/run-$run.txt" >&2
done
python3 - "$WORK" "$RUNS" <<'PY'
import re, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
rows = []
for i in range(1, runs + 1):
    text = open(f"{work}/run-{i}.txt").read()
    put = float(re.search(r"PutEvents accepted: (\d+)", text).group(1))
    end = float(re.search(r"delivered end to end: (\d+)", text).group(1))
    lat = re.search(r"p50 ([\d.]+)  p90 ([\d.]+)  p99 ([\d.]+)", text)
    rows.append((put, end, float(lat.group(1)), float(lat.group(3))))
med = [statistics.median(c) for c in zip(*rows)]
print(f"median of {runs}: PutEvents {med[0]:,.0f} events/s accepted; {med[1]:,.0f} events/s delivered end to end; "
      f"delivery latency p50 {med[2]:.1f} ms, p99 {med[3]:.1f} ms")
PY
