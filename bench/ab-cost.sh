#!/usr/bin/env bash
# Two builds side by side (A/B): bench/events.sh's load (PutEvents -> rule -> API destination -> a
# real receiver, bench/EventsLoad.java) against a server of this checkout ("new") and one of
# another checkout ("old", BASE_ROOT, e.g. a worktree at the commit before a change), the runs
# alternating between them (new, old, old, new, ...) so that the machine's noise falls on both,
# with each server's CPU time per 1,000 events. Prints each run and the medians.
#   BASE_ROOT=/path/to/checkout-before EVENTS=3000 BATCH=1 DESTINATIONS=4 RUNS=5 bench/ab-cost.sh
# NEW_ARGS and OLD_ARGS add flags to one side each; with BASE_ROOT the same checkout, the two sides
# are one build with different flags (bench/observability-cost.sh measures a feature so). The
# labels of the report: NEW_NAME/OLD_NAME (each run's line), NEW_LABEL/OLD_LABEL (the table), WHAT
# and SLOWER (the verdict: "cost of $WHAT ... (positive = $SLOWER)").
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
BASE_ROOT="${BASE_ROOT:?BASE_ROOT: the checkout to compare with}"
EVENTS="${EVENTS:-3000}"
CONCURRENCY="${CONCURRENCY:-16}"
BATCH="${BATCH:-1}"
RUNS="${RUNS:-3}"
DESTINATIONS="${DESTINATIONS:-4}"
PORT="${PORT:-4797}"
WARMUP="${WARMUP:-1}"   # unmeasured runs per server first: the JIT is still compiling in the first ones
NEW_ARGS="${NEW_ARGS:-}"
OLD_ARGS="${OLD_ARGS:-}"
NEW_NAME="${NEW_NAME:-new}"
OLD_NAME="${OLD_NAME:-old}"
NEW_LABEL="${NEW_LABEL:-new (this checkout)}"
OLD_LABEL="${OLD_LABEL:-old (BASE_ROOT)}"
WHAT="${WHAT:-the change}"
SLOWER="${SLOWER:-slower after it}"
WORK="$(mktemp -d)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$ROOT/bridgekeeper" server --help >/dev/null   # builds the jars when needed
[ "$BASE_ROOT" = "$ROOT" ] || "$BASE_ROOT/bridgekeeper" server --help >/dev/null
start() { # name root port args...
  local name="$1" root="$2" port="$3"; shift 3
  "$root/bridgekeeper" server --port "$port" --data-dir "$WORK/$name" --allow-http-endpoints --egress-allow 127.0.0.0/8 "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && return; sleep 0.1; done
  echo "server $name did not start" >&2; exit 1
}
# shellcheck disable=SC2086 # the flags are words
start on "$ROOT" "$PORT" $NEW_ARGS
# shellcheck disable=SC2086
start off "$BASE_ROOT" "$((PORT + 1))" $OLD_ARGS
echo "$NEW_NAME: $ROOT ($(git -C "$ROOT" rev-parse --short HEAD)) ${NEW_ARGS}; $OLD_NAME: $BASE_ROOT ($(git -C "$BASE_ROOT" rev-parse --short HEAD)) ${OLD_ARGS}" >&2
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
    echo "run $run, $([ "$side" = on ] && echo "$NEW_NAME" || echo "$OLD_NAME"): $(grep -E 'PutEvents accepted|delivered end to end|cpu ticks' "$WORK/$side-$run.txt" | tr '\n' ' ')" >&2
  done
done
python3 - "$WORK" "$RUNS" "$EVENTS" "$NEW_LABEL" "$OLD_LABEL" "$WHAT" "$SLOWER" <<'PY'
import re, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
new_label, old_label, what, slower = sys.argv[4:8]
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
for side, label in (("on", new_label), ("off", old_label)):
    m = med[side]
    print(f"| {label} | {m[0]:,.0f} | {m[1]:,.0f} | {m[2]:.1f} / {m[3]:.1f} | {m[4]:,.0f} |")
print(f"cost of {what}, medians of {runs}: PutEvents {1 - med['on'][0] / med['off'][0]:+.1%}, "
      f"delivered {1 - med['on'][1] / med['off'][1]:+.1%} (positive = {slower}); "
      f"server CPU per event {med['on'][4] / med['off'][4] - 1:+.1%}")
PY
