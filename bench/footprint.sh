#!/usr/bin/env bash
# Start-up time and idle memory, side by side with moto. Loopback only.
#
#   bench/footprint.sh            # 5 starts of each server
#   STARTS=10 bench/footprint.sh
#   LOAD=100000 bench/footprint.sh   # also: RSS after 100,000 creates (bench/load.py), each server
#   STARTS=0 LOAD=100000 bench/footprint.sh   # only the after-load figures
#
# Start-up: from launching the process to the first successful answer (Bridgekeeper /health,
# moto /moto-api/), polled every 10 ms; the median of STARTS starts. Memory: VmRSS of the server
# process (the JVM for Bridgekeeper, started from the built jar as the launcher does) 2 s after
# its first answer. Bridgekeeper's jar is built first (not timed).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
STARTS=${STARTS:-5}
LOAD=${LOAD:-0}
LOAD_THREADS=${LOAD_THREADS:-8}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bk-footprint.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Build once, outside the measurement, by asking the launcher for its help.
"$ROOT/bridgekeeper" server --help >/dev/null

measure() { # name, ready path, command...
  local name=$1 ready=$2; shift 2
  local times=() rss=()
  for i in $(seq "$STARTS"); do
    local port; port=$(free_port)
    local cmd=("${@//\{port\}/$port}")
    cmd=("${cmd[@]//\{dir\}/$WORK/data-$name-$i}")
    local t0; t0=$(date +%s%N)
    setsid "${cmd[@]}" >"$WORK/$name-$i.log" 2>&1 &
    local pid=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$port$ready"; do
      sleep 0.01
      kill -0 "$pid" 2>/dev/null || { echo "$name exited: $(tail -3 "$WORK/$name-$i.log")" >&2; exit 1; }
    done
    local t1; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
    sleep 2
    # the process that holds the port (the JVM, not the launcher script)
    local server; server=$(ss -ltnp "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
    rss+=($(awk '/VmRSS/ {print int($2/1024)}' "/proc/${server:-$pid}/status"))
    kill -TERM -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  python3 - "$name" "${times[*]}" "${rss[*]}" <<'PY'
import statistics, sys
name, times, rss = sys.argv[1], [int(x) for x in sys.argv[2].split()], [int(x) for x in sys.argv[3].split()]
print(f"| {name} | {statistics.median(times)} | {min(times)}-{max(times)} | {statistics.median(rss)} |")
PY
}

if (( STARTS > 0 )); then
  echo "| server | start to first answer, median ms | range ms | idle RSS, median MB |"
  echo "|---|---:|---:|---:|"
  measure moto /moto-api/ python3 -m moto.server -H 127.0.0.1 -p "{port}"
  measure bridgekeeper /health "$ROOT/bridgekeeper" server --port "{port}" --data-dir "{dir}"
fi

# after_load NAME READY COMMAND...: RSS (and peak RSS) of the server after LOAD creates through
# the API, 5 s after the last answer; the same loader and accounts for both servers.
after_load() {
  local name=$1 ready=$2; shift 2
  local port; port=$(free_port)
  local cmd=("${@//\{port\}/$port}")
  cmd=("${cmd[@]//\{dir\}/$WORK/load-$name}")
  setsid "${cmd[@]}" >"$WORK/load-$name.log" 2>&1 &
  local pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port$ready"; do
    sleep 0.05
    kill -0 "$pid" 2>/dev/null || { echo "$name exited: $(tail -3 "$WORK/load-$name.log")" >&2; exit 1; }
  done
  sleep 2
  local server; server=$(ss -ltnp "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
  local idle; idle=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$server/status")
  local out; out=$(python3 "$HERE/load.py" --port "$port" --count "$LOAD" --threads "$LOAD_THREADS" 2>&1) || true
  sleep 5
  local rss hwm
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$server/status")
  hwm=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$server/status")
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "| $name | $idle | $rss | $hwm | ${out#load: } |"
}

if (( LOAD > 0 )); then
  echo
  echo "| server | RSS before, MB | RSS after $LOAD creates, MB | peak RSS, MB | load |"
  echo "|---|---:|---:|---:|---|"
  after_load bridgekeeper /health "$ROOT/bridgekeeper" server --port "{port}" --data-dir "{dir}" --max-connections 1000000
  after_load moto /moto-api/ python3 -m moto.server -H 127.0.0.1 -p "{port}"
fi
