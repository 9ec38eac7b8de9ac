#!/usr/bin/env bash
# Secret leak scan: drive connections with known secrets through every available client at debug
# logging (AWS CLI v1 --debug, boto3 DEBUG, `./bridgekeeper events --debug` when it exists) against
# a server logging at debug level, then search the data dir (db, WAL, SHM, key ring), the server
# log, every response and the clients' logs for the secrets. Exit 0 clean, 1 leak or failed
# check, 2 setup failure.
#
#   bench/leak-scan.sh                 # COUNT=2 rounds of BASIC, API_KEY and OAuth lives per client
#   COUNT=1 PORT=4821 bench/leak-scan.sh
#   REQUIRE=aws-cli-v1,boto3 bench/leak-scan.sh   # a missing client fails instead of being skipped
#
# The logic is in leak_scan.py (see its docstring). Clients that are not installed are skipped
# and reported as skipped.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
# The AWS CLI v1 and boto3 of these machines live in pyenv.
for d in "$HOME/.pyenv/shims" "$HOME/.pyenv/bin"; do
  case ":$PATH:" in *":$d:"*) ;; *) [ -d "$d" ] && PATH="$d:$PATH" ;; esac
done
export PATH
if [ -z "${BK_SERVER_CMD:-}" ]; then
  "$ROOT/bridgekeeper" server --help >/dev/null   # build the jar outside the scan
fi
exec python3 "$HERE/leak_scan.py" "$@"
