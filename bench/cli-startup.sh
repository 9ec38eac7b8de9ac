#!/usr/bin/env bash
# Wall time of one CLI call, ours against Debian's awscli 2.9.19, side by side (hyperfine).
#   bench/cli-startup.sh            starts a server on :4750 (data in /tmp/bk-cli-bench) unless one answers
# Needs hyperfine and /usr/bin/aws (apt-get install -y hyperfine awscli). Calls /usr/bin/aws
# explicitly: pyenv may put an AWS CLI v1 `aws` first on the PATH.
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

hyperfine -N -w 3 -r 20 --export-markdown /tmp/cli-startup.md --export-json /tmp/cli-startup.json \
  "/usr/bin/aws events describe-connection --name c --endpoint-url $endpoint" \
  "./bridgekeeper events describe-connection --name c --endpoint-url $endpoint"
cat /tmp/cli-startup.md
python3 - <<'PY'
import json
r = json.load(open('/tmp/cli-startup.json'))['results']
for x in r:
    print('%-8s mean %.3f s  median %.3f s  user %.3f s  sys %.3f s' % (
        'aws' if 'usr/bin/aws' in x['command'] else 'ours', x['mean'], x['median'], x['user'], x['system']))
print('ratio ours/aws: mean %.2f  median %.2f  cpu (user+sys) %.2f' % (
    r[1]['mean'] / r[0]['mean'], r[1]['median'] / r[0]['median'],
    (r[1]['user'] + r[1]['system']) / (r[0]['user'] + r[0]['system'])))
PY
uptime
