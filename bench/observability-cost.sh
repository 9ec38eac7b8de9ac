#!/usr/bin/env bash
# What the delivery history and the metrics cost on the hot path: bench/events.sh's load
# (PutEvents -> rule -> API destination -> a real receiver, bench/EventsLoad.java) against two
# servers side by side, one with the defaults (history kept 7 days, metrics on) and one with
# `--delivery-history-retention 0 --metrics off`, the runs alternating between them (on, off,
# off, on, ...) so that the machine's noise falls on both. Prints each run and the medians.
#   EVENTS=3000 CONCURRENCY=16 BATCH=1 DESTINATIONS=4 RUNS=3 bench/observability-cost.sh
# ON_ARGS and OFF_ARGS replace the two servers' extra flags (to measure one feature at a time:
# OFF_ARGS="--delivery-history-retention 0" measures the history alone).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
EVENTS="${EVENTS:-3000}"
CONCURRENCY="${CONCURRENCY:-16}"
BATCH="${BATCH:-1}"
RUNS="${RUNS:-3}"
DESTINATIONS="${DESTINATIONS:-4}"
PORT="${PORT:-4797}"
WARMUP="${WARMUP:-1}"   # unmeasured runs per server first: the JIT is still compiling in the first ones
WORK="$(mktemp -d)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$ROOT/bridgekeeper" server --help >/dev/null   # builds the jar when needed
start() { # name port args...
  local name="$1" port="$2"; shift 2
  "$ROOT/bridgekeeper" server --port "$port" --data-dir "$WORK/$name" --allow-http-endpoints --egress-allow 127.0.0.0/8 "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && return; sleep 0.1; done
  echo "server $name did not start" >&2; exit 1
}
ON_ARGS="${ON_ARGS:-}"
OFF_ARGS="${OFF_ARGS:---delivery-history-retention 0 --metrics off}"
# shellcheck disable=SC2086 # the flags are words
start on "$PORT" $ON_ARGS
# shellcheck disable=SC2086
start off "$((PORT + 1))" $OFF_ARGS
echo "on: defaults ${ON_ARGS}; off: ${OFF_ARGS}" >&2
JAVA_BIN="$(readlink -f "/proc/${PIDS[0]}/exe" 2>/dev/null || command -v java)"
# utime + stime of a process (the launcher execs the JVM, so the started PID is the JVM's), in clock ticks.
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
echo "events $EVENTS, concurrency $CONCURRENCY, batch $BATCH, destinations $DESTINATIONS, $WARMUP warm-up and $RUNS runs per side, alternating; $(nproc) cores; $(date -u +%F)" >&2
for _ in $(seq "$WARMUP"); do
  for port in "$PORT" "$((PORT + 1))"; do
    "$JAVA_BIN" "$HERE/EventsLoad.java" "http://127.0.0.1:$port" "$EVENTS" "$CONCURRENCY" "$BATCH" "$DESTINATIONS" >/dev/null
  done
done
for run in $(seq "$RUNS"); do
  if [ $((run % 2)) = 1 ]; then order="on off"; else order="off on"; fi
  for side in $order; do
    port="$PORT"; [ "$side" = off ] && port=$((PORT + 1))
    pid="${PIDS[0]}"; [ "$side" = off ] && pid="${PIDS[1]}"
    before="$(cpu "$pid")"
    "$JAVA_BIN" "$HERE/EventsLoad.java" "http://127.0.0.1:$port" "$EVENTS" "$CONCURRENCY" "$BATCH" "$DESTINATIONS" \
      >"$WORK/$side-$run.txt"
    # The server's CPU time for the run (user + system, clock ticks): less sensitive than events/s to
    # what else the machine runs, since it counts only the server's own work.
    echo "server cpu ticks: $(( $(cpu "$pid") - before ))" >>"$WORK/$side-$run.txt"
    echo "run $run, $side: $(grep -E 'PutEvents accepted|delivered end to end|cpu ticks' "$WORK/$side-$run.txt" | tr '\n' ' ')" >&2
  done
done
python3 - "$WORK" "$RUNS" "$EVENTS" <<'PY'
import re, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
med = {}
for side in ("on", "off"):
    rows = []
    for i in range(1, runs + 1):
        text = open(f"{work}/{side}-{i}.txt").read()
        put = float(re.search(r"PutEvents accepted: (\d+)", text).group(1))
        end = float(re.search(r"delivered end to end: (\d+)", text).group(1))
        lat = re.search(r"p50 ([\d.]+)  p90 ([\d.]+)  p99 ([\d.]+)", text)
        ticks = float(re.search(r"server cpu ticks: (\d+)", text).group(1))
        rows.append((put, end, float(lat.group(1)), float(lat.group(3)), ticks * 10.0 / (int(sys.argv[3]) / 1000)))
    med[side] = [statistics.median(c) for c in zip(*rows)]
print("| server | PutEvents accepted, events/s | delivered end to end, events/s | latency p50 / p99 ms | server CPU ms per 1,000 events |")
print("|---|---:|---:|---:|---:|")
for side, label in (("on", "history + metrics on (defaults)"), ("off", "history + metrics off")):
    m = med[side]
    print(f"| {label} | {m[0]:,.0f} | {m[1]:,.0f} | {m[2]:.1f} / {m[3]:.1f} | {m[4]:,.0f} |")
print(f"cost of history + metrics, medians of {runs}: PutEvents {1 - med['on'][0] / med['off'][0]:+.1%}, "
      f"delivered {1 - med['on'][1] / med['off'][1]:+.1%} (positive = slower with them on); "
      f"server CPU per event {med['on'][4] / med['off'][4] - 1:+.1%}")
PY
