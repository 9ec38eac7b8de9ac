#!/usr/bin/env bash
# Crash test: kill -9 at a random moment under a create/update/delete load, ROUNDS times (20 by
# default); after every restart each acknowledged write must be there (and no acknowledged
# delete undone), and the database must pass PRAGMA integrity_check. Exit 0 when all held.
#
#   bench/crash.sh                    # 20 rounds, 8 client threads, port 4810
#   ROUNDS=5 THREADS=4 PORT=4811 bench/crash.sh
#   SEED=123 bench/crash.sh           # repeat a run's random choices (kill moments, operations)
#
# The logic is in crash.py (see its docstring); this wrapper builds the jar first, so that the
# first round's start is not a build.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
PY=${PYTHON:-python3}
"$ROOT/bridgekeeper" server --help >/dev/null
exec "$PY" "$HERE/crash.py" "$@"
