#!/usr/bin/env bash
# Wall time of one CLI call, ours against Debian's awscli 2.9.19, side by side (hyperfine).
#   bench/cli-startup.sh            starts a server on :4750 (data in /tmp/bk-cli-bench) unless one answers
# Needs hyperfine and /usr/bin/aws (apt-get install -y hyperfine awscli; without awscli only ours is
# timed). Calls /usr/bin/aws explicitly: pyenv may put an AWS CLI v1 `aws` first on the PATH.
# RUNS=20 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${BRIDGEKEEPER_PORT:-4750}"
endpoint="http://127.0.0.1:$port"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""

started=""
if ! curl -fs "$endpoint/health" >/dev/null 2>&1; then
  rm -rf /tmp/bk-cli-bench
  ./bridgekeeper server --port "$port" --data-dir /tmp/bk-cli-bench >/tmp/bk-cli-bench.log 2>&1 &
  started=$!
  trap '[ -n "$started" ] && kill "$started"' EXIT
  for _ in $(seq 100); do curl -fs "$endpoint/health" >/dev/null 2>&1 && break; sleep 0.1; done
fi

# The connection to describe, and one warm-up call that builds the jar and the class-data archive.
./bridgekeeper events create-connection --name c --authorization-type BASIC \
  --auth-parameters 'BasicAuthParameters={Username=u,Password=p}' --endpoint-url "$endpoint" >/dev/null 2>&1 || true
./bridgekeeper events describe-connection --name c --endpoint-url "$endpoint" >/dev/null

# Ours with the launcher's start-up cache (JDK 25+: the AOT cache), and, to compare, with the class-data
# archive it uses on JDK 21-24 (BRIDGEKEEPER_CLI_CACHE=cds). Warm-up runs make both caches.
BRIDGEKEEPER_CLI_CACHE=cds ./bridgekeeper events describe-connection --name c --endpoint-url "$endpoint" >/dev/null
for _ in 1 2 3; do ./bridgekeeper events describe-connection --name c --endpoint-url "$endpoint" >/dev/null; sleep 2; done
commands=()
[ -x /usr/bin/aws ] && commands+=("/usr/bin/aws events describe-connection --name c --endpoint-url $endpoint")
commands+=("./bridgekeeper events describe-connection --name c --endpoint-url $endpoint"
           "env BRIDGEKEEPER_CLI_CACHE=cds ./bridgekeeper events describe-connection --name c --endpoint-url $endpoint")
uptime
hyperfine -N -w 3 -r "${RUNS:-20}" --export-markdown /tmp/cli-startup.md --export-json /tmp/cli-startup.json "${commands[@]}"
cat /tmp/cli-startup.md
python3 - <<'PY'
import json
r = json.load(open('/tmp/cli-startup.json'))['results']
def name(x):
    return 'aws' if 'usr/bin/aws' in x['command'] else 'ours (cds)' if 'CACHE=cds' in x['command'] else 'ours'
for x in r:
    print('%-10s mean %.3f s  median %.3f s  user %.3f s  sys %.3f s' % (
        name(x), x['mean'], x['median'], x['user'], x['system']))
base = [x for x in r if name(x) == 'aws']
for x in r:
    if base and x is not base[0]:
        b = base[0]
        print('ratio %s/aws: mean %.2f  median %.2f  cpu (user+sys) %.2f' % (name(x),
            x['mean'] / b['mean'], x['median'] / b['median'], (x['user'] + x['system']) / (b['user'] + b['system'])))
ours = [x for x in r if name(x) == 'ours'][0]
cds = [x for x in r if name(x) == 'ours (cds)'][0]
print('ours/ours (cds): mean %.2f  median %.2f  cpu %.2f' % (ours['mean'] / cds['mean'], ours['median'] / cds['median'],
    (ours['user'] + ours['system']) / (cds['user'] + cds['system'])))
PY
uptime
