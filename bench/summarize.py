#!/usr/bin/env python3
"""Turns the runs.jsonl written by compare.sh into Markdown tables.

Usage: summarize.py RUNS_JSONL [SEED]

One line per wrk run: {"server", "case", "concurrency", "run", "wrk": {...}} where "wrk" is the
BENCH_RESULT object printed by bench/lua/common.lua (times in microseconds).
Exit status 2 when any measured Bridgekeeper request failed (non-2xx, socket error, timeout),
else 0. Failures on moto are reported as loudly but do not fail the script: moto 5.2.1 has a known
race that answers some concurrent CreateConnection calls with 500 (see README.md).
"""
import json
import os
import statistics
import sys
from collections import defaultdict

# The two slots' names: moto and bridgekeeper, or auth-off and auth-verify (compare.sh MODE=auth).
PEER, OURS = os.environ.get("BENCH_PEER", "moto"), os.environ.get("BENCH_OURS", "bridgekeeper")


def main() -> int:
    path = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    cells = defaultdict(list)  # (case, concurrency, server) -> [wrk result]
    order = []                 # (case, concurrency) in the order they were run
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            key = (r["case"], r["concurrency"])
            if key not in order:
                order.append(key)
            cells[key + (r["server"],)].append(r["wrk"])

    def med(case, conc, server, metric):
        runs = cells.get((case, conc, server), [])
        return statistics.median(metric(w) for w in runs) if runs else None

    def errors(case, conc, server):
        return sum(sum(w["errors"].values()) for w in cells.get((case, conc, server), []))

    def fmt(x, digits=0):
        return "n/a" if x is None else f"{x:,.{digits}f}"

    rps = lambda w: w["rps"]
    p99 = lambda w: w["latency_us"]["p99"] / 1000.0

    print(f"| case | concurrency | {PEER} req/s | {OURS} req/s | ratio ({OURS}/{PEER}) "
          f"| {PEER} p99 ms | {OURS} p99 ms | errors ({PEER} / {OURS}) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    peer_errors = our_errors = 0
    for case, conc in order:
        a, b = med(case, conc, PEER, rps), med(case, conc, OURS, rps)
        ratio = f"{b / a:.1f}x" if a and b is not None else "n/a"
        ea, eb = errors(case, conc, PEER), errors(case, conc, OURS)
        peer_errors += ea
        our_errors += eb
        flag = " ⚠" if ea or eb else ""
        print(f"| {case}{flag} | {conc} | {fmt(a)} | {fmt(b)} | {ratio} "
              f"| {fmt(med(case, conc, PEER, p99), 1)} | {fmt(med(case, conc, OURS, p99), 1)} "
              f"| {ea} / {eb} |")

    print()
    print("Medians over the measured runs (req/s and p99 taken separately). Per-run req/s, to judge the noise:")
    print()
    print(f"| case | concurrency | {PEER} runs | {OURS} runs |")
    print("|---|---:|---|---|")
    for case, conc in order:
        runs = [" / ".join(f"{w['rps']:,.0f}" for w in cells.get((case, conc, s), []))
                for s in (PEER, OURS)]
        print(f"| {case} | {conc} | {runs[0]} | {runs[1]} |")

    print()
    if any(case == "list" for case, _ in order) and PEER == "moto":
        print(f"- list: ListConnections with Limit 100 on an account holding {seed} connections. "
              f"moto ignores Limit and returns all of them"
              + (f", so here it returned {seed} items against Bridgekeeper's 100: not comparable."
                 if seed > 100 else f", which here is the same {seed} items as Bridgekeeper."))
    if any(case == "create" for case, _ in order):
        print("- create: every request creates a new connection (unique name, one account per wrk "
              "thread); each server's store grows by everything created in earlier runs.")
    for server, n in ((PEER, peer_errors), (OURS, our_errors)):
        if n:
            print(f"- **WARNING: {n} failed {server} requests (non-2xx answers, socket errors or "
                  f"timeouts) in the measured runs; rows marked ⚠ are not clean figures.** "
                  f"See the wrk-*.txt files and {server}.log; BENCH_DEBUG=1 prints the answers.")
    if peer_errors and PEER == "moto" and any(c == "create" for c, _ in order):
        print(f"- moto's CreateConnection is not thread-safe: concurrent creates can fail with HTTP "
              f"500 `RuntimeError: dictionary changed size during iteration` (in its Secrets "
              f"Manager store); see moto.log.")
    if not peer_errors and not our_errors:
        print("- no failed requests: every measured answer was 2xx.")
    # In MODE=auth both slots are Bridgekeeper: a failure on either is a failure.
    return 2 if our_errors or (peer_errors and PEER != "moto") else 0


if __name__ == "__main__":
    sys.exit(main())
