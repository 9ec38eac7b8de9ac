#!/usr/bin/env bash
# The delivery engine's own throughput, without PutEvents competing for the CPU: N deliveries due
# at once, spread over DESTINATIONS API destinations (rate 300/s each) that call a trivial Java
# receiver (bench/TrivialServer.java), are written straight into a stopped server's database; the
# server is started on it and the time until the table is empty is measured (read-only polls of
# the database every 0.2 s). BK_JAR runs another build's jar instead (an A/B against an older
# engine: each jar makes its own data dir, so a schema it does not know is never involved).
#   N=20000 DESTINATIONS=20 RUNS=3 bench/drain.sh
#   BK_JAR=/path/to/other/bridgekeeper.jar bench/drain.sh
#   BRIDGEKEEPER_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/drain.jfr,settings=profile bench/drain.sh
#     (a JFR profile of the drain: the last start's recording is left in the file; BK_JAR's too)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
N="${N:-20000}"
DESTINATIONS="${DESTINATIONS:-20}"
RUNS="${RUNS:-3}"
PORT="${PORT:-4881}"
RECEIVER_PORT="${RECEIVER_PORT:-4882}"
WORK="$(mktemp -d /tmp/drain-bench.XXXXXX)"
SERVER=""; RECEIVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; [ -n "$RECEIVER" ] && kill "$RECEIVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
command -v sqlite3 >/dev/null || { echo "drain.sh: needs sqlite3" >&2; exit 1; }

if [ -z "${BK_JAR:-}" ]; then "$ROOT/bridgekeeper" server --help >/dev/null; fi
JAVA="$(. "$ROOT/tools/find-jdk.sh" && bk_find_jdk && echo "$bk_java_home/bin/java")"
"$JAVA" "$HERE/TrivialServer.java" "$RECEIVER_PORT" >"$WORK/receiver.log" 2>&1 &
RECEIVER=$!

start() {
  if [ -n "${BK_JAR:-}" ]; then
    "$JAVA" -Xmx256m -XX:+UseSerialGC ${BRIDGEKEEPER_JAVA_OPTS:-} -jar "$BK_JAR" server --port "$PORT" --data-dir "$1" --allow-http-endpoints \
      --egress-allow 127.0.0.0/8 >>"$WORK/server.log" 2>&1 &
  else
    "$ROOT/bridgekeeper" server --port "$PORT" --data-dir "$1" --allow-http-endpoints --egress-allow 127.0.0.0/8 \
      >>"$WORK/server.log" 2>&1 &
  fi
  SERVER=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return 0; sleep 0.1; done
  echo "drain.sh: the server did not start" >&2; tail -20 "$WORK/server.log" >&2; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
call() {
  curl -sf "http://127.0.0.1:$PORT/" -H "X-Amz-Target: AWSEvents.$1" -H "Content-Type: application/x-amz-json-1.1" -d "$2"
}

echo "N $N, destinations $DESTINATIONS, $RUNS runs, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg); ${BK_JAR:-./bridgekeeper}" >&2
rates=(); cpus=(); coress=()
TICKS=$(getconf CLK_TCK)
# utime + stime of the server (java itself: both ways of starting it exec the JVM), in clock ticks.
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for run in $(seq "$RUNS"); do
  data="$WORK/data-$run"
  start "$data"
  call CreateConnection '{"Name":"drain","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key","ApiKeyValue":"bench-secret"}}}' >/dev/null
  for _ in $(seq 100); do call DescribeConnection '{"Name":"drain"}' | grep -q '"AUTHORIZED"' && break; sleep 0.1; done
  conn=$(call DescribeConnection '{"Name":"drain"}' | sed 's/.*"ConnectionArn":"\([^"]*\)".*/\1/')
  : >"$WORK/arns"
  for k in $(seq 0 $((DESTINATIONS - 1))); do
    call CreateApiDestination "{\"Name\":\"drain-$k\",\"ConnectionArn\":\"$conn\",\"InvocationEndpoint\":\"http://127.0.0.1:$RECEIVER_PORT/hook\",\"HttpMethod\":\"POST\",\"InvocationRateLimitPerSecond\":300}" \
      | sed 's/.*"ApiDestinationArn":"\([^"]*\)".*/\1/' >>"$WORK/arns"
    echo >>"$WORK/arns"
  done
  stop
  now_ms=$(( $(date +%s) * 1000 ))
  { echo "CREATE TEMP TABLE arns (k INTEGER PRIMARY KEY, arn TEXT);"
    k=0; while read -r arn; do [ -n "$arn" ] && echo "INSERT INTO arns VALUES ($k, '$arn');" && k=$((k + 1)); done <"$WORK/arns"
    cat <<SQL
WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < $N - 1)
INSERT INTO deliveries (id, account, region, event_id, bus, rule, target_id, target_arn, payload, http_parameters,
    attempts, max_attempts, max_age_seconds, first_time, due_time, last_reason, last_status)
SELECT 'drain-' || i, '000000000000', 'us-east-1', 'event-' || i, 'default', 'r', 't',
    (SELECT arn FROM arns WHERE k = i % $DESTINATIONS),
    '{"source":"bench","detail-type":"drain","detail":{"n":' || i || '}}', NULL, 0, 185, 86400, $now_ms, $now_ms, NULL, 0 FROM seq;
SQL
  } | sqlite3 "$data/bridgekeeper.db" >/dev/null
  start "$data"
  c0=$(cpu "$SERVER")
  t0=$(date +%s.%N)
  while true; do
    left=$(sqlite3 "file:$data/bridgekeeper.db?mode=ro" "SELECT COUNT(*) FROM deliveries" 2>/dev/null || echo busy)
    [ "$left" = 0 ] && break
    sleep 0.2
  done
  t1=$(date +%s.%N)
  c1=$(cpu "$SERVER")
  stop
  rate=$(python3 -c "print(round($N / ($t1 - $t0)))")
  rates+=("$rate")
  per=$(python3 -c "print(round(($c1 - $c0) * 1000 / $TICKS * 1000 / $N))")
  cpus+=("$per")
  # Cores used over the drain: near the machine's cores, the server is CPU-bound; well below, it waits
  # (fsync, the receiver, the rate limits).
  cores=$(python3 -c "print(round(($c1 - $c0) / $TICKS / ($t1 - $t0), 2))")
  coress+=("$cores")
  echo "run $run: $N delivered in $(python3 -c "print(round($t1 - $t0, 2))") s: $rate deliveries/s; server CPU $per ms per 1,000 ($cores cores); load average $(cut -d' ' -f1 /proc/loadavg)" >&2
done
python3 -c "import statistics,sys; print('median of', len(sys.argv)-1, 'runs:', int(statistics.median(map(int, sys.argv[1:]))), 'deliveries/s')" "${rates[@]}"
python3 -c "import statistics,sys; print('median server CPU:', int(statistics.median(map(int, sys.argv[1:]))), 'ms per 1,000 deliveries')" "${cpus[@]}"
python3 -c "import statistics,sys; print('median server cores used:', statistics.median(map(float, sys.argv[1:])))" "${coress[@]}"
