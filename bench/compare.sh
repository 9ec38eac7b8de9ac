#!/usr/bin/env bash
# Side-by-side wrk benchmark: Bridgekeeper vs the peer emulator moto, on loopback only.
#
#   bench/compare.sh                 # 3 runs x 10 s, concurrency 1 16 64, cases describe list create
#   QUICK=1 bench/compare.sh         # smoke check: 1 run x 3 s, concurrency 16
#   RUNS=5 DURATION=20 CONCURRENCY="16 64" CASES="describe" bench/compare.sh
#   MODE=auth bench/compare.sh       # Bridgekeeper --auth off vs --auth verify (one jar, every
#                                    # request signed for real), instead of moto vs Bridgekeeper
#   MODE=postgres bench/compare.sh   # Bridgekeeper on SQLite vs one node on PostgreSQL (a throwaway
#                                    # cluster from bench/postgres.sh, a fresh database per start:
#                                    # bench/pg-fresh-db.sh)
#
# Exit status: 0 done; 1 setup failure (missing tool, a server that does not start or does not
# answer); 2 the benchmark ran but some measured Bridgekeeper request failed (non-2xx, socket
# error or timeout). Failed requests on either server are marked in the table and warned about;
# moto's own failures (a known race in its CreateConnection) do not change the exit status.
# See bench/README.md for what the figures mean and the caveats.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")

# ---- settings (environment) --------------------------------------------------------------
if [[ "${QUICK:-0}" == 1 ]]; then
  # Only fills what the caller left unset, so QUICK=1 CASES=create still works.
  : "${RUNS:=1}" "${DURATION:=3}" "${CONCURRENCY:=16}" "${WARMUP:=1}"
fi
RUNS=${RUNS:-3}                         # measured runs per server, case and concurrency
DURATION=${DURATION:-10}                # seconds per measured wrk run
CONCURRENCY=${CONCURRENCY:-"1 16 64"}   # wrk connections (-c)
CASES=${CASES:-"describe list create"}  # create last: it only grows other accounts, but keep
                                        # the store small while describe/list are measured
WARMUP=${WARMUP:-5}                     # seconds of unmeasured load per server and case
SEED=${SEED:-100}                       # connections created before describe/list
WRK_TIMEOUT=${WRK_TIMEOUT:-5s}          # a slower answer counts as a timeout error
START_TIMEOUT=${START_TIMEOUT:-600}     # seconds; generous because ./bridgekeeper may build the jar
KEEP_RESULTS=${KEEP_RESULTS:-}          # directory for raw results; default: a new temp dir
# Server commands, run from the repository root with {port} (a free loopback port) and {dir} (a
# fresh temp data dir) substituted. Overridable, e.g. to dry-run the side-by-side logic with moto
# in both slots, or to run a prebuilt jar with java directly.
MODE=${MODE:-moto}                      # moto: moto vs Bridgekeeper; auth: --auth off vs --auth verify
BK_CMD=${BK_CMD:-"$ROOT/bridgekeeper server --port {port} --data-dir {dir} --max-connections 100000000"}
BK_READY=${BK_READY:-/health}
if [[ "$MODE" == auth ]]; then
  # Both slots run the same Bridgekeeper; every request of both is signed for real (bench/lua/sigv4.lua
  # with BENCH_SECRET, curl --aws-sigv4 for the seeds), so that the client does the same work for
  # both and the difference is the server's verification. {creds} is a credentials file written
  # below with the keys the wrk scripts use.
  : "${PEER_NAME:=auth-off}" "${OURS_NAME:=auth-verify}"
  MOTO_CMD=${MOTO_CMD:-"$BK_CMD --auth off"}
  MOTO_READY=${MOTO_READY:-/health}
  BK_CMD="$BK_CMD --auth verify --credentials-file {creds}"
  export BENCH_SECRET=${BENCH_SECRET:-bench-secret-not-for-production}
elif [[ "$MODE" == postgres ]]; then
  # Both slots run the same Bridgekeeper: the peer on SQLite in its data dir, ours on PostgreSQL.
  : "${PEER_NAME:=sqlite}" "${OURS_NAME:=postgresql}"
  MOTO_CMD=${MOTO_CMD:-"$BK_CMD"}
  MOTO_READY=${MOTO_READY:-/health}
  BK_CMD="env BRIDGEKEEPER_DATABASE_URL=\$($HERE/pg-fresh-db.sh) $BK_CMD"
  export BRIDGEKEEPER_MASTER_KEY=${BRIDGEKEEPER_MASTER_KEY:-$(python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')}
elif [[ "$MODE" != moto ]]; then
  echo "compare.sh: MODE must be moto, auth or postgres" >&2; exit 1
fi
MOTO_CMD=${MOTO_CMD:-"python3 -m moto.server -H 127.0.0.1 -p {port}"}
MOTO_READY=${MOTO_READY:-/moto-api/}
# The names of the two slots in the report (the peer's first).
PEER_NAME=${PEER_NAME:-moto}
OURS_NAME=${OURS_NAME:-bridgekeeper}
export BENCH_PEER=$PEER_NAME BENCH_OURS=$OURS_NAME
# Belt and braces for the quota: the flag above is the documented way, this env var the other.
export BRIDGEKEEPER_MAX_CONNECTIONS=${BRIDGEKEEPER_MAX_CONNECTIONS:-100000000}

die() { echo "compare.sh: $*" >&2; exit 1; }

for tool in wrk curl python3 setsid; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get update && apt-get install -y wrk curl)"
done
if [[ "$MOTO_CMD" == "python3 -m moto.server"* ]]; then
  python3 -c 'import moto.server' 2>/dev/null \
    || die "moto is not importable by python3 (these machines ship it with Python 3.11 from pyenv)"
fi
[[ "$SEED" -ge 1 ]] || die "SEED must be >= 1 (describe needs seeded connections)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bk-bench.XXXXXX")
RESULTS_DIR=${KEEP_RESULTS:-$WORK/results}
mkdir -p "$RESULTS_DIR"
if [[ "$MODE" == postgres ]]; then
  # A throwaway cluster (exports BENCH_PG_DIR, BENCH_PG_URL, BRIDGEKEEPER_DATABASE_USER).
  pg_env=$("$HERE/postgres.sh" start) || die "could not start PostgreSQL (bench/postgres.sh)"
  eval "$pg_env"
  PGDIR=$BENCH_PG_DIR
fi
RESULTS=$RESULTS_DIR/runs.jsonl
: >"$RESULTS"

# The keys the wrk scripts sign with (MODE=auth): the seeded account's, and one account per wrk
# thread for create (12-digit access keys 1000000000<tt>, accounts of the same digits).
CREDS=$WORK/credentials
{
  printf '[seeded]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = %s\naws_account_id = 000000000000\n' \
    "${BENCH_SECRET:-unused}"
  for t in $(seq -w 1 16); do
    printf '[thread-%s]\naws_access_key_id = 1000000000%s\naws_secret_access_key = %s\naws_account_id = 1000000000%s\n' \
      "$t" "$t" "${BENCH_SECRET:-unused}" "$t"
  done
} >"$CREDS"
chmod 600 "$CREDS"

# ---- server lifecycle -------------------------------------------------------------------
# Each server runs in its own session (setsid), so stopping it means signalling exactly that
# process group: the ./bridgekeeper launcher and the JVM it starts, or moto and its threads.
declare -A PGID=() PORT=()
WRK_SEQ=0

stop_servers() {
  local name pg
  for name in "${!PGID[@]}"; do
    pg=${PGID[$name]}
    kill -TERM -- "-$pg" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 -- "-$pg" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pg" 2>/dev/null || true
  done
  PGID=()
}

cleanup() {
  local rc=$?
  stop_servers
  if [[ -n "${PGDIR:-}" ]]; then "$HERE/postgres.sh" stop "$PGDIR" || true; fi
  # Keep the raw results and server logs, drop the data dirs (they can be large after create).
  find "$WORK" -mindepth 1 -maxdepth 1 -type d -name '*-data.*' -exec rm -rf {} +
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  # The kernel picks a free loopback port; it is released before the server binds it, a race
  # that is harmless on a benchmark box.
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_server NAME CMD_TEMPLATE READY_PATH
start_server() {
  local name=$1 template=$2 ready=$3 port dir cmd pg code start=$SECONDS
  port=$(free_port)
  dir=$(mktemp -d "$WORK/$name-data.XXXXXX")
  cmd=${template//\{port\}/$port}
  cmd=${cmd//\{dir\}/$dir}
  cmd=${cmd//\{creds\}/$CREDS}
  echo "starting $name on 127.0.0.1:$port: $cmd" >&2
  # The inner shell records its own pid, which is the session and process-group id, then
  # becomes the server.
  (cd "$ROOT" && setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$WORK/$name.pid" \
      bash -c "exec $cmd" </dev/null >"$WORK/$name.log" 2>&1 &)
  for _ in $(seq 50); do [[ -s "$WORK/$name.pid" ]] && break; sleep 0.1; done
  pg=$(cat "$WORK/$name.pid" 2>/dev/null) || die "$name: did not start"
  PGID[$name]=$pg
  PORT[$name]=$port
  while :; do
    if ! kill -0 -- "-$pg" 2>/dev/null; then
      tail -n 30 "$WORK/$name.log" >&2 || true
      die "$name exited before it was ready (log: $WORK/$name.log)"
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port$ready" || true)
    [[ "$code" == 200 ]] && break
    if (( SECONDS - start >= START_TIMEOUT )); then
      tail -n 30 "$WORK/$name.log" >&2 || true
      die "$name not ready after ${START_TIMEOUT}s (GET $ready -> $code; log: $WORK/$name.log)"
    fi
    sleep 0.2
  done
  echo "$name ready after ~$((SECONDS - start))s" >&2
}

# ---- API calls (seed and sanity check) ----------------------------------------------------
AUTH='AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261124/us-east-1/events/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000'

# call PORT OPERATION BODY -> prints the HTTP status; the answer body goes to $WORK/last-body
call() {
  local auth=(-H 'X-Amz-Date: 20261124T000000Z' -H "Authorization: $AUTH")
  if [[ -n "${BENCH_SECRET:-}" ]]; then
    # A real signature (curl >= 7.75), for a server with --auth verify.
    auth=(--aws-sigv4 "aws:amz:us-east-1:events" --user "AKIAIOSFODNN7EXAMPLE:$BENCH_SECRET")
  fi
  curl -s -o "$WORK/last-body" -w '%{http_code}' --max-time 10 \
    -H 'Content-Type: application/x-amz-json-1.1' -H "X-Amz-Target: AWSEvents.$2" "${auth[@]}" \
    --data-binary "$3" "http://127.0.0.1:$1/" || echo 000
}

# seed NAME: creates seed-0 .. seed-<SEED-1> in the default account (the names describe.lua reads)
seed() {
  local name=$1 port=${PORT[$1]} i code
  for ((i = 0; i < SEED; i++)); do
    code=$(call "$port" CreateConnection \
      "{\"Name\":\"seed-$i\",\"AuthorizationType\":\"API_KEY\",\"AuthParameters\":{\"ApiKeyAuthParameters\":{\"ApiKeyName\":\"x-api-key\",\"ApiKeyValue\":\"secret-value\"}}}")
    [[ "$code" == 200 ]] || die "$name: seeding seed-$i -> HTTP $code: $(head -c 300 "$WORK/last-body")"
  done
  code=$(call "$port" DescribeConnection '{"Name":"seed-0"}')
  [[ "$code" == 200 ]] || die "$name: DescribeConnection seed-0 -> HTTP $code: $(head -c 300 "$WORK/last-body")"
  code=$(call "$port" ListConnections '{"Limit":100}')
  [[ "$code" == 200 ]] || die "$name: ListConnections -> HTTP $code: $(head -c 300 "$WORK/last-body")"
  echo "$name seeded with $SEED connections; ListConnections returned" \
    "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["Connections"]))' "$WORK/last-body")" >&2
}

# ---- wrk ---------------------------------------------------------------------------------
# run_wrk SERVER CASE CONCURRENCY SECONDS RUN   (RUN=0 is the warm-up, not recorded)
run_wrk() {
  local server=$1 case=$2 conc=$3 secs=$4 run=$5 threads out args=()
  threads=$(( conc < 2 ? conc : 2 ))
  case $case in
    describe) args=("$SEED") ;;
    create) args=("n$((++WRK_SEQ))") ;;   # name prefix, unique per wrk run in this invocation
  esac
  out=$RESULTS_DIR/wrk-$server-$case-c$conc-r$run.txt
  # BK_NODE_PORTS: Bridgekeeper's further nodes (bench/nodes.sh); wrk spreads only its threads over them.
  local spread=""
  [[ "$server" == "$OURS_NAME" ]] && spread=${BK_NODE_PORTS:-}
  BENCH_NODE_PORTS="$spread" wrk -t"$threads" -c"$conc" -d"${secs}s" --timeout "$WRK_TIMEOUT" --latency \
    -s "$HERE/lua/$case.lua" "http://127.0.0.1:${PORT[$server]}/" -- "${args[@]}" >"$out" 2>&1 \
    || die "wrk failed ($server $case c=$conc): $(tail -n 5 "$out")"
  kill -0 -- "-${PGID[$server]}" 2>/dev/null || die "$server died during $case c=$conc (log: $WORK/$server.log)"
  local line
  line=$(grep '^BENCH_RESULT ' "$out" | head -n 1) || die "no BENCH_RESULT line in $out"
  if (( run > 0 )); then
    printf '{"server":"%s","case":"%s","concurrency":%d,"run":%d,"wrk":%s}\n' \
      "$server" "$case" "$conc" "$run" "${line#BENCH_RESULT }" >>"$RESULTS"
  fi
  python3 - "$line" "$server" "$case" "$conc" "$run" <<'EOF' >&2
import json, sys
r = json.loads(sys.argv[1].split(" ", 1)[1]); e = sum(r["errors"].values())
tag = "warm-up" if sys.argv[5] == "0" else "run " + sys.argv[5]
print(f"  {sys.argv[3]:8} c={sys.argv[4]:>3} {sys.argv[2]:12} {tag:8} {r['rps']:10.1f} req/s"
      f"  p99 {r['latency_us']['p99']/1000:8.2f} ms" + (f"  ERRORS {e}" if e else ""))
EOF
}

# ---- main ----------------------------------------------------------------------------------
# Everything runs inside main() so that bash has parsed the whole file before the first server
# starts: editing this script while a benchmark runs would otherwise break the running copy.
main() {
  SERVERS=("$PEER_NAME" "$OURS_NAME")
  start_server "$PEER_NAME" "$MOTO_CMD" "$MOTO_READY"
  start_server "$OURS_NAME" "$BK_CMD" "$BK_READY"
  for s in "${SERVERS[@]}"; do seed "$s"; done

  echo "cases: $CASES; concurrency: $CONCURRENCY; $RUNS run(s) x ${DURATION}s; warm-up ${WARMUP}s" >&2
  for case in $CASES; do
    [[ -f "$HERE/lua/$case.lua" ]] || die "unknown case $case"
    max_conc=$(tr ' ' '\n' <<<"$CONCURRENCY" | sort -n | tail -n 1)
    # Warm-up per case, so the JVM has compiled that operation's path before it is measured.
    if (( WARMUP > 0 )); then
      for s in "${SERVERS[@]}"; do run_wrk "$s" "$case" "$max_conc" "$WARMUP" 0; done
    fi
    for conc in $CONCURRENCY; do
      for ((run = 1; run <= RUNS; run++)); do
        # Alternate which server goes first so that drift on the shared machine (other load,
        # thermal, the store growing during create) does not always favour the same one.
        if (( run % 2 )); then order=("$PEER_NAME" "$OURS_NAME"); else order=("$OURS_NAME" "$PEER_NAME"); fi
        for s in "${order[@]}"; do run_wrk "$s" "$case" "$conc" "$DURATION" "$run"; done
      done
    done
  done

  stop_servers

  # ---- report --------------------------------------------------------------------------------
  {
    echo "## $OURS_NAME vs $PEER_NAME ($(date -u +%Y-%m-%dT%H:%MZ))"
    echo
    echo "- machine: $(nproc) cores, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; wrk $(wrk -v 2>&1 | head -n 1 | awk '{print $2}')$([[ "$MOTO_CMD" == "python3 -m moto.server"* ]] && echo ", moto $(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?')")"
    echo "- bridgekeeper: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (dirty tree)'); command: \`${BK_CMD//$ROOT\//./}\`"
    [[ "$MODE" == auth ]] && echo "- $PEER_NAME command: \`${MOTO_CMD//$ROOT\//./}\`; every request of both signed (SigV4, bench/lua/sigv4.lua)"
    [[ "$MODE" != auth && "$MOTO_CMD" != "python3 -m moto.server"* ]] && echo "- $PEER_NAME command: \`${MOTO_CMD//$ROOT\//./}\`"
    echo "- $RUNS run(s) x ${DURATION}s per cell, servers alternating, ${WARMUP}s warm-up per case; wrk threads = min(concurrency, 2); seeded $SEED connections"
    echo
  } >"$RESULTS_DIR/report.md"
  set +e
  python3 "$HERE/summarize.py" "$RESULTS" "$SEED" >>"$RESULTS_DIR/report.md"
  rc=$?
  set -e
  cp "$WORK"/*.log "$RESULTS_DIR/" 2>/dev/null || true
  cat "$RESULTS_DIR/report.md"
  echo >&2
  echo "raw results, wrk output and server logs: $RESULTS_DIR" >&2
  return "$rc"
}

main "$@"; exit
