#!/usr/bin/env bash
# What the delivery history and the metrics cost on the hot path: bench/events.sh's load
# (PutEvents -> rule -> API destination -> a real receiver, bench/EventsLoad.java) against two
# servers side by side, one with the defaults (history kept 7 days, metrics on) and one with
# `--delivery-history-retention 0 --metrics off`, the runs alternating between them (on, off,
# off, on, ...) so that the machine's noise falls on both. Prints each run and the medians.
#   EVENTS=3000 CONCURRENCY=16 BATCH=1 DESTINATIONS=4 RUNS=3 bench/observability-cost.sh
# ON_ARGS and OFF_ARGS replace the two servers' extra flags (to measure one feature at a time:
# OFF_ARGS="--delivery-history-retention 0" measures the history alone).
# One build, two sets of flags: bench/ab-cost.sh's A/B with this checkout on both sides.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ON_ARGS="${ON_ARGS:-}"
OFF_ARGS="${OFF_ARGS:---delivery-history-retention 0 --metrics off}"
BASE_ROOT="$(dirname "$HERE")" NEW_ARGS="$ON_ARGS" OLD_ARGS="$OFF_ARGS" NEW_NAME=on OLD_NAME=off \
  NEW_LABEL="history + metrics on (defaults)" OLD_LABEL="history + metrics off" \
  WHAT="history + metrics" SLOWER="slower with them on" exec "$HERE/ab-cost.sh"
