#!/usr/bin/env bash
# Scale: DescribeConnection p99 and ListConnections latency with 1,000 connections stored and
# with 1,000,000 (across accounts), side by side; prints both and their ratios. Loopback only.
#
#   bench/scale.sh                       # 1,000 vs 1,000,000; wrk c16, 3 runs x 10 s per case
#   TOTAL=200000 RUNS=1 bench/scale.sh   # a smaller second point
#
# 1. Starts two ./bridgekeeper servers (default quota of 3,000 per account and region): "small"
#    on PORT (default 4830) and "large" on PORT+1, each with a fresh data dir under TMPDIR.
# 2. Creates seed-0 .. seed-999 in the default account of both (the account describe.lua and
#    list.lua read), through the API with wrk (lua/load.lua).
# 3. Creates TOTAL - 1,000 more connections in "large", PER_ACCOUNT per account (accounts
#    300000000000 and up), through the API with wrk at concurrency 64 (durable, as always), and
#    reports the load rate, the database size and the server's RSS.
# 4. Warms both up, then measures describe (cycling through the 1,000 names) and list (Limit 100:
#    the first page of that account) at concurrency CONC, RUNS x DURATION s per server and case,
#    the two servers alternating (as compare.sh does), and prints medians and ratios.
# The data dirs are deleted at the end (KEEP=1 keeps them). Exit 1 on setup failure or when a
# create or a measured request failed. The machine is shared: the alternation is what makes
# the ratios comparable.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
PORT=${PORT:-4830}
TOTAL=${TOTAL:-1000000}
PER_ACCOUNT=${PER_ACCOUNT:-1000}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONC=${CONC:-16}
SMALL=1000
URL=http://127.0.0.1:$PORT/
PY=${PYTHON:-python3}

die() { echo "scale.sh: $*" >&2; exit 1; }
for tool in wrk curl "$PY"; do command -v "$tool" >/dev/null || die "$tool not found"; done
"$ROOT/bridgekeeper" server --help >/dev/null   # build outside the measurement

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bk-scale.XXXXXX")
declare -A PIDS=() PORTS=([small]=$PORT [large]=$((PORT + 1)))
cleanup() {
  local rc=$? p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "scale: work dir $WORK ($(df -h --output=avail "${TMPDIR:-/tmp}" | tail -1 | tr -d ' ') free)" >&2
for name in small large; do
  # The launcher execs java: the pid is the JVM's.
  "$ROOT/bridgekeeper" server --port "${PORTS[$name]}" --data-dir "$WORK/data-$name" >"$WORK/server-$name.log" 2>&1 &
  PIDS[$name]=$!
done
for name in small large; do
  for _ in $(seq 600); do
    curl -fs -o /dev/null "http://127.0.0.1:${PORTS[$name]}/health" && break
    kill -0 "${PIDS[$name]}" 2>/dev/null || die "$name server exited: $(tail -5 "$WORK/server-$name.log")"
    sleep 0.1
  done
done
DATA= URL= SERVER=
use() { SERVER=$1; DATA=$WORK/data-$1; PORT_NOW=${PORTS[$1]}; URL=http://127.0.0.1:$PORT_NOW/; }

rows() {
  "$PY" - "$DATA/bridgekeeper.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
print(db.execute("SELECT count(*) FROM connections").fetchone()[0])
PY
}

# topup COUNT PER_ACCOUNT ACCOUNT_BASE PREFIX: creates the names wrk did not (wrk 4.1 drops the
# first request() of its first thread), one by one; prints how many.
topup() {
  "$PY" - "$DATA/bridgekeeper.db" "$PORT_NOW" "$@" <<'PY'
import http.client, json, sqlite3, sys
path, port, count, per, base, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
have = {r[0] for r in db.execute("SELECT name FROM connections WHERE name LIKE ?", (prefix + "-%",))}
c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
made = 0
for n in range(count):
    name = f"{prefix}-{n}"
    if name in have:
        continue
    account = f"{base + n // per:012d}"
    c.request("POST", "/", json.dumps({"Name": name, "AuthorizationType": "API_KEY", "AuthParameters": {
        "ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "secret-value"}}}), {
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSEvents.CreateConnection",
        "Authorization": f"AWS4-HMAC-SHA256 Credential={account}/20261125/us-east-1/events/aws4_request, SignedHeaders=host, Signature=0"})
    r = c.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit(f"create {name} in {account}: {r.status} {body[:200]}")
    made += 1
print(made)
PY
}

# load COUNT PER_ACCOUNT ACCOUNT_BASE PREFIX EXPECTED [CONC]: creates exactly COUNT connections
# (wrk, stopped once the database holds EXPECTED rows or stops growing; then a top-up).
load() {
  local count=$1 per=$2 base=$3 prefix=$4 expected=$5 conc=${6:-64} wpid start=$SECONDS
  wrk -t2 -c"$conc" -d3600s --timeout 30s -s "$HERE/lua/load.lua" "$URL" -- "$count" "$per" "$base" "$prefix" 2 \
    >"$WORK/load-$SERVER-$prefix.txt" 2>&1 &
  wpid=$!
  local last=-1 now
  while :; do
    sleep 2
    now=$(rows)
    (( now >= expected || now == last )) && break
    kill -0 "$wpid" 2>/dev/null || die "wrk exited early: $(tail -5 "$WORK/load-$SERVER-$prefix.txt")"
    if (( last >= 0 && (now / 100000) != (last / 100000) )); then
      echo "  $now rows after $((SECONDS - start)) s" >&2
    fi
    last=$now
  done
  kill -INT "$wpid"; wait "$wpid" || true
  local secs=$((SECONDS - start))
  local errors; errors=$("$PY" -c 'import json,sys
for l in open(sys.argv[1]):
    if l.startswith("BENCH_RESULT "):
        e = json.loads(l.split(" ", 1)[1])["errors"]; print(sum(e.values()))' "$WORK/load-$SERVER-$prefix.txt")
  [[ "${errors:-x}" == 0 ]] || die "load $prefix: $errors failed requests ($WORK/load-$SERVER-$prefix.txt)"
  local added; added=$(topup "$count" "$per" "$base" "$prefix") || die "top-up failed: $added"
  now=$(rows)
  (( now == expected )) || die "load $prefix: $now rows, expected $expected"
  echo "  $SERVER: created $count ($prefix-*) in ${secs} s with wrk (+$added one by one): $((count / (secs > 0 ? secs : 1))) creates/s" >&2
}

# run_case SERVER CASE SECONDS RUN (RUN 0: warm-up, not recorded)
run_case() {
  local server=$1 case=$2 secs=$3 run=$4 args=() out
  use "$server"
  [[ $case == describe ]] && args=("$SMALL")
  out=$WORK/wrk-$server-$case-$run.txt
  wrk -t2 -c"$CONC" -d"${secs}s" --latency --timeout 5s -s "$HERE/lua/$case.lua" "$URL" -- "${args[@]}" \
    >"$out" 2>&1 || die "wrk failed: $(tail -3 "$out")"
  if (( run > 0 )); then
    echo "{\"label\":\"$server\",\"case\":\"$case\",\"run\":$run,\"r\":$(grep '^BENCH_RESULT ' "$out" | cut -d' ' -f2-)}" \
      >>"$WORK/results.jsonl"
  fi
}

rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/${PIDS[$1]}/status"; }
dbsize() { du -sm "$WORK/data-$1" | cut -f1; }

for name in small large; do
  use "$name"
  echo "scale: $name: seeding $SMALL connections in the default account" >&2
  load "$SMALL" 1000000000 0 seed "$SMALL" 16
done
use large
echo "scale: large: loading $((TOTAL - SMALL)) more, $PER_ACCOUNT per account" >&2
t0=$SECONDS
load "$((TOTAL - SMALL))" "$PER_ACCOUNT" 300000000000 s "$TOTAL" 64
load_secs=$((SECONDS - t0))
stored=$(rows)
echo "scale: large: $stored connections stored; data dir $(dbsize large) MB; RSS $(rss large) MB (small: $(rss small) MB)" >&2
for case in describe list; do
  for server in small large; do run_case "$server" "$case" "$WARMUP" 0; done
  for run in $(seq "$RUNS"); do
    order="small large"; (( run % 2 == 0 )) && order="large small"
    for server in $order; do run_case "$server" "$case" "$DURATION" "$run"; done
  done
done
echo "scale: RSS after the measurements: small $(rss small) MB, large $(rss large) MB" >&2

"$PY" - "$WORK/results.jsonl" "$SMALL" "$stored" "$load_secs" "$((TOTAL - SMALL))" "$(dbsize large)" "$(rss large)" "$CONC" <<'PY'
import json, statistics, sys
path, small, large, secs, loaded, mb, rss, conc = sys.argv[1:]
rows = [json.loads(l) for l in open(path)]
def med(label, case, key):
    vals = [(r["r"]["latency_us"][key] / 1000 if key != "rps" else r["r"]["rps"])
            for r in rows if r["label"] == label and r["case"] == case]
    return statistics.median(vals)
def runs(label, case):
    return " / ".join(f"{r['r']['latency_us']['p99'] / 1000:.1f}" for r in rows if r["label"] == label and r["case"] == case)
errors = sum(sum(r["r"]["errors"].values()) for r in rows)
print(f"\nscale: {int(loaded):,} connections loaded through the API in {secs} s "
      f"({int(loaded) / max(int(secs), 1):,.0f} creates/s, durable); data dir {int(mb):,} MB; server RSS {rss} MB")
print(f"\n| case (c{conc}) | figure | {int(small):,} stored | {int(large):,} stored | ratio |")
print("|---|---|---:|---:|---:|")
for case in ("describe", "list"):
    for key, name in (("p99", "p99 ms"), ("p50", "p50 ms"), ("mean", "mean ms"), ("rps", "req/s")):
        a, b = med("small", case, key), med("large", case, key)
        fmt = (lambda v: f"{v:,.0f}") if key == "rps" else (lambda v: f"{v:.2f}")
        print(f"| {case} | {name} | {fmt(a)} | {fmt(b)} | {b / a:.2f}x |")
print(f"\n(medians of the runs, the servers alternating; errors in measured requests: {errors})")
for case in ("describe", "list"):
    print(f"p99 ms per run, {case}: {int(small):,} stored {runs('small', case)}; {int(large):,} stored {runs('large', case)}")
sys.exit(1 if errors else 0)
PY
