#!/usr/bin/env bash
# End-to-end event throughput and delivery latency: PutEvents -> rule -> API destination -> a
# real HTTP receiver (bench/EventsLoad.java, which also plays the receiver). Several runs, the
# median reported. The destination's rate limit is 300/s (AWS's default and maximum), so
# DESTINATIONS spreads the load over that many destinations to measure past it.
# MIXED=1 adds an event bus target to each rule, whose bus delivers the event again through another
# API destination: two deliveries per event, one of them bus to bus ("delivered" counts both).
# WARMUP (default 1) unmeasured runs of WARMUP_EVENTS events come first, not paced, so that the
# measured runs find the server's JIT warm; each measured run also reports the CPU time of the server and of the load tool per 1,000
# delivered events and the cores each used: whichever is near the machine's cores is the limit.
#   EVENTS=3000 CONCURRENCY=16 BATCH=1 RUNS=3 bench/events.sh
#   MIXED=1 bench/events.sh
#   EVENTS_RATE=500 EVENTS=5000 DESTINATIONS=2 bench/events.sh   # paced at 500 events/s: latency at that load
#   BK_JAR=/path/to/other/bridgekeeper.jar bench/events.sh          # another build's jar (A/B), as drain.sh runs it
#   EVENTS_LOAD=/path/to/other/EventsLoad.java bench/events.sh      # another load tool (an A/B of the tool itself)
#   EVENTS_LOAD_JAVA_OPTS=-agentpath:... bench/events.sh             # the load tool's JVM flags (profile the tool)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
EVENTS="${EVENTS:-3000}"
CONCURRENCY="${CONCURRENCY:-16}"
BATCH="${BATCH:-1}"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-1}"
DESTINATIONS="${DESTINATIONS:-1}"
MIXED="${MIXED:-}"
# The server's CPU per event fell over the first ~30,000 events of a cold server (1,152, 754, 527,
# then ~410 ms per 1,000 over runs of 10,000): by default the warm-up is EVENTS or about 10 s of the
# destinations' rate limits (300/s each) up to 30,000, whichever is more.
warm=$((3000 * DESTINATIONS)); [ "$warm" -le 30000 ] || warm=30000; [ "$warm" -ge "$EVENTS" ] || warm="$EVENTS"
WARMUP_EVENTS="${WARMUP_EVENTS:-$warm}"
PORT="${PORT:-4796}"
EVENTS_LOAD="${EVENTS_LOAD:-$HERE/EventsLoad.java}"
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
# The JVM itself: both ways of starting it exec java, so its /proc/$SERVER/stat is the server's CPU.
SERVER=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done

JAVA_BIN="$(readlink -f "/proc/$SERVER/exe" 2>/dev/null || command -v java)"
TICKS=$(getconf CLK_TCK)
# utime + stime of the server, in clock ticks.
cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
# shellcheck disable=SC2086 # EVENTS_LOAD_JAVA_OPTS: the load tool's JVM flags (a profiler agent), words
load() { "$JAVA_BIN" ${EVENTS_LOAD_JAVA_OPTS:-} "$EVENTS_LOAD" "http://127.0.0.1:$PORT" "$1" "$CONCURRENCY" "$BATCH" "$DESTINATIONS" ${MIXED:+mixed}; }
echo "events $EVENTS, concurrency $CONCURRENCY, batch $BATCH, destinations $DESTINATIONS${MIXED:+, mixed targets}${EVENTS_RATE:+, paced at $EVENTS_RATE/s}, $WARMUP warm-up run(s) of $WARMUP_EVENTS events, unpaced and unmeasured (the server's JIT), then $RUNS runs; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %H:%M') UTC" >&2
for run in $(seq "$WARMUP"); do
  EVENTS_RATE='' load "$WARMUP_EVENTS" >"$WORK/warmup-$run.txt" || { echo "warm-up run $run failed:" >&2; cat "$WORK/warmup-$run.txt" >&2; exit 1; }
  echo "warm-up run $run: $(grep 'delivered end to end' "$WORK/warmup-$run.txt")" >&2
done
for run in $(seq "$RUNS"); do
  before=$(cpu)
  load "$EVENTS" | tee "$WORK/run-$run.txt" >&2
  # The server's CPU over the whole run of the tool (its setup calls included: a few dozen requests).
  echo "server CPU ticks: $(( $(cpu) - before )); load average $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$WORK/run-$run.txt" >&2
done
python3 - "$WORK" "$RUNS" "$TICKS" <<'PY'
import re, statistics, sys
work, runs, ticks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = []
for i in range(1, runs + 1):
    text = open(f"{work}/run-{i}.txt").read()
    put = float(re.search(r"PutEvents accepted: (\d+)", text).group(1))
    end = re.search(r"delivered end to end: (\d+) events/s \((\d+) of \d+ in ([\d.]+) s\)", text)
    delivered, seconds = int(end.group(2)), float(end.group(3))
    lat = re.search(r"p50 ([\d.]+)  p90 ([\d.]+)  p99 ([\d.]+)", text)
    server_s = int(re.search(r"server CPU ticks: (\d+)", text).group(1)) / ticks
    tool = re.search(r"load tool CPU: (\d+) ms", text)   # absent from an older EventsLoad (EVENTS_LOAD)
    tool_s = int(tool.group(1)) / 1000 if tool else float("nan")
    per = lambda s: s * 1000 / max(delivered, 1) * 1000   # CPU ms per 1,000 delivered events
    row = (put, float(end.group(1)), float(lat.group(1)), float(lat.group(3)),
           per(server_s), server_s / seconds, per(tool_s), tool_s / seconds)
    rows.append(row)
    print(f"run {i}: server CPU {row[4]:,.0f} ms per 1,000 delivered ({row[5]:.2f} cores); "
          f"load tool {row[6]:,.0f} ms per 1,000 ({row[7]:.2f} cores)", file=sys.stderr)
med = [statistics.median(c) for c in zip(*rows)]
print(f"median of {runs}: PutEvents {med[0]:,.0f} events/s accepted; {med[1]:,.0f} events/s delivered end to end; "
      f"delivery latency p50 {med[2]:.1f} ms, p99 {med[3]:.1f} ms; "
      f"server CPU {med[4]:,.0f} ms per 1,000 delivered ({med[5]:.2f} cores); load tool {med[6]:,.0f} ms per 1,000 ({med[7]:.2f} cores)")
PY
