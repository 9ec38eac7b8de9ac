#!/usr/bin/env python3
"""Crash test: kill -9 under a create/update/delete load, ROUNDS times, and check what survived.

    python3 bench/crash.py [--rounds 20] [--threads 8] [--port 4810] [--seed N]

(bench/crash.sh builds the jar and runs this.) Each round starts `./bridgekeeper server` on one
data dir, runs THREADS client threads that create, update (Description and the API key value, so
that the envelope-encrypted secret is rewritten too) and delete connections, each thread in its
own account, and sends SIGKILL to the JVM at a random moment (uniform in --min-load..--max-load
seconds). Then, with the server down, `PRAGMA integrity_check` runs on a copy of the database
files as the kill left them (db, -wal, -shm), and the server is restarted on the same data dir
and every connection ever touched is described:

- a create that was acknowledged (HTTP 200 read in full) must be describable, unless its delete
  was acknowledged;
- a delete that was acknowledged must answer ResourceNotFoundException (the settle delay is
  short, so DELETING has settled by then);
- the Description must be the one of the last acknowledged update (or the create's), or the
  value of an update that was in flight when the server died (not acknowledged, so either
  outcome is allowed);
- a request in flight at the kill may or may not have happened: what the restarted server shows
  becomes the new expectation.

After the last round, ListConnections of every account must list exactly the expected names
(nothing resurrected, nothing extra). Any other answer to a request before the kill (a 4xx or
5xx) is a failure too. Exit status 0 when every check passed, 1 otherwise; a summary either way.
Requests are raw AWS JSON 1.1 with a SigV4-shaped header (the server does not verify signatures),
over keep-alive http.client connections, to load the server harder than boto3 could.
"""
import argparse
import http.client
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def headers(target, account):
    return {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AWSEvents." + target,
        "X-Amz-Date": "20261125T000000Z",
        "Authorization": f"AWS4-HMAC-SHA256 Credential={account}/20261125/us-east-1/events/aws4_request, "
                         "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64,
    }


class Client:
    """One keep-alive connection; call() returns (status, json) or raises OSError when the server is gone."""

    def __init__(self, port, timeout=30):
        self.port, self.timeout, self.conn = port, timeout, None

    def call(self, target, account, body):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self.conn.request("POST", "/", json.dumps(body), headers(target, account))
            r = self.conn.getresponse()
            data = r.read()
        except (OSError, http.client.HTTPException) as e:
            self.close()
            raise OSError(str(e)) from e
        try:
            return r.status, json.loads(data) if data else {}
        except ValueError:
            return r.status, {"raw": data[:200].decode("latin-1")}

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Name:
    """What a client knows about one connection."""
    __slots__ = ("account", "exists", "desc", "pending")

    def __init__(self, account):
        self.account = account
        self.exists = None     # True / False once known; None while only an unacknowledged create was sent
        self.desc = None       # the Description that must be shown (when it exists)
        self.pending = None    # the in-flight operation at the kill: ("create"|"update"|"delete", desc)


class Worker(threading.Thread):
    def __init__(self, t, port, names, rnd, stop, failures, counts, rnd_round):
        super().__init__(daemon=True)
        # Listed here, before any worker runs: the workers add to names concurrently.
        self.mine = [n for n, s in names.items() if s.account == f"2000000000{t:02d}" and s.exists]
        self.t, self.port, self.names, self.rnd, self.stop = t, port, names, rnd, stop
        self.failures, self.counts, self.round = failures, counts, rnd_round
        self.account = f"2000000000{t:02d}"

    def run(self):
        try:
            self.load()
        except Exception as e:  # a bug in this script must not pass for a quiet round
            self.failures.append(f"round {self.round}: worker {self.t} crashed: {e!r}")

    def load(self):
        client = Client(self.port)
        mine = self.mine
        i = 0
        while not self.stop.is_set():
            r = self.rnd.random()
            if r < 0.5 or len(mine) < 5:
                op, name = "create", f"r{self.round}-t{self.t}-{i}"
                i += 1
                desc = f"c-{name}"
                body = {"Name": name, "Description": desc, "AuthorizationType": "API_KEY",
                        "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key",
                                                                    "ApiKeyValue": f"k-{name}"}}}
                state = Name(self.account)
                self.names[name] = state
            elif r < 0.8:
                op, name = "update", self.rnd.choice(mine)
                state = self.names[name]
                desc = f"u{self.rnd.randrange(10**9)}"
                body = {"Name": name, "Description": desc, "AuthorizationType": "API_KEY",
                        "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyValue": f"k-{desc}"}}}
            else:
                op, name = "delete", mine.pop(self.rnd.randrange(len(mine)))
                state = self.names[name]
                desc = None
                body = {"Name": name}
            state.pending = (op, desc)
            try:
                status, answer = client.call({"create": "CreateConnection", "update": "UpdateConnection",
                                              "delete": "DeleteConnection"}[op], self.account, body)
            except OSError as e:
                if not self.stop.is_set():
                    # The server went away (the kill, a moment before stop is set); stop here.
                    self.counts["inflight"] += 1
                return
            if status != 200:
                state.pending = None
                self.failures.append(f"round {self.round}: {op} {name} answered {status} {answer} before the kill")
                if op == "create":
                    del self.names[name]
                return
            state.pending = None
            self.counts[op] += 1
            if op == "create":
                state.exists, state.desc = True, desc
                mine.append(name)
            elif op == "update":
                state.desc = desc
            else:
                state.exists = False
        client.close()


def start_server(args, data_dir, log_path):
    cmd = [os.path.join(ROOT, "bridgekeeper"), "server", "--port", str(args.port), "--data-dir", data_dir,
           "--max-connections", "1000000", "--settle-delay-ms", "100"]
    log = open(log_path, "ab")
    # The launcher execs java: this pid is the JVM's, so SIGKILL reaches the server itself.
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True, cwd=ROOT)
    log.close()
    deadline = time.time() + args.start_timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; log {log_path}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            c.request("GET", "/health")
            if c.getresponse().status == 200:
                c.close()
                return proc
        except OSError:
            pass
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"server not ready after {args.start_timeout} s; log {log_path}")


def integrity_check(data_dir, scratch):
    """PRAGMA integrity_check on a copy of the files as the kill left them (the original stays untouched)."""
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    for f in os.listdir(data_dir):
        if f.startswith("bridgekeeper.db"):
            shutil.copy2(os.path.join(data_dir, f), scratch)
    db = sqlite3.connect(os.path.join(scratch, "bridgekeeper.db"))
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    finally:
        db.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return [r[0] for r in rows]


def verify(port, names, round_no, threads=4):
    """Describes every known name; returns failures and resolves the in-flight operations."""
    failures = []
    items = list(names.items())
    chunks = [items[i::threads] for i in range(threads)]
    lock = threading.Lock()

    def check(chunk):
        client = Client(port)
        for name, s in chunk:
            if s.exists is None and s.pending is None:
                continue
            try:
                status, answer = client.call("DescribeConnection", s.account, {"Name": name})
            except OSError as e:
                with lock:
                    failures.append(f"round {round_no}: describe {name}: {e}")
                continue
            found = status == 200
            if status not in (200, 400) or (status == 400 and answer.get("__type") != "ResourceNotFoundException"):
                with lock:
                    failures.append(f"round {round_no}: describe {name} answered {status} {answer}")
                continue
            op, pdesc = s.pending or (None, None)
            problem = None
            if found:
                desc = answer.get("Description")
                if s.exists is False and op is None:
                    problem = f"acknowledged delete undone: {name} is back ({answer.get('ConnectionState')})"
                elif s.exists is True and desc != s.desc and not (op == "update" and desc == pdesc):
                    problem = f"{name}: Description {desc!r}, expected {s.desc!r}" + (
                        f" or the in-flight {pdesc!r}" if op == "update" else "")
                elif s.exists is None and desc != pdesc:
                    problem = f"{name}: unacknowledged create shows Description {desc!r}, sent {pdesc!r}"
                elif answer.get("ConnectionState") == "DELETING":
                    problem = f"{name}: still DELETING after restart"
                if problem is None:
                    s.exists, s.desc = True, desc
            else:
                if s.exists is True and op != "delete":
                    problem = f"acknowledged create lost: {name}" + (f" (an {op} was in flight)" if op else "")
                if problem is None:
                    s.exists = False
            s.pending = None
            if problem:
                with lock:
                    failures.append(f"round {round_no}: {problem}")

    ts = [threading.Thread(target=check, args=(c,)) for c in chunks]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return failures


def list_check(port, names):
    failures = []
    client = Client(port)
    accounts = sorted({s.account for s in names.values()})
    for account in accounts:
        listed, token = set(), None
        while True:
            body = {"Limit": 100}
            if token:
                body["NextToken"] = token
            status, answer = client.call("ListConnections", account, body)
            if status != 200:
                failures.append(f"list {account} answered {status} {answer}")
                break
            listed.update(c["Name"] for c in answer.get("Connections", []))
            token = answer.get("NextToken")
            if not token:
                break
        expected = {n for n, s in names.items() if s.account == account and s.exists}
        if listed != expected:
            failures.append(f"list {account}: {len(listed - expected)} unexpected "
                            f"{sorted(listed - expected)[:5]}, {len(expected - listed)} missing {sorted(expected - listed)[:5]}")
    client.close()
    return failures


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", 20)))
    p.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", 8)))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", 4810)))
    p.add_argument("--seed", type=int, default=int(os.environ.get("SEED", time.time_ns() % 1000000)))
    p.add_argument("--min-load", type=float, default=0.5, help="seconds of load before the kill, at least")
    p.add_argument("--max-load", type=float, default=4.0, help="seconds of load before the kill, at most")
    p.add_argument("--start-timeout", type=float, default=120)
    p.add_argument("--keep", action="store_true", help="keep the data dir and logs")
    p.add_argument("--sabotage", action="store_true",
                   help="test the checker: after the first kill, delete one acknowledged row behind the server's back (must FAIL)")
    a = p.parse_args()
    rnd = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="bk-crash.", dir=os.environ.get("TMPDIR", "/tmp"))
    data_dir = os.path.join(work, "data")
    log_path = os.path.join(work, "server.log")
    names, failures = {}, []
    totals = {"create": 0, "update": 0, "delete": 0, "inflight": 0}
    print(f"crash: {a.rounds} rounds, {a.threads} threads, seed {a.seed}, work dir {work}", flush=True)
    started = time.time()
    proc = None
    try:
        for rnd_no in range(1, a.rounds + 1):
            proc = start_server(a, data_dir, log_path)
            if rnd_no > 1:
                # the restarted server, after the previous round's kill: everything as expected?
                t0 = time.time()
                fails = verify(a.port, names, rnd_no - 1)
                failures += fails
                print(f"  after kill {rnd_no - 1}: {sum(1 for s in names.values() if s.exists)} connections "
                      f"verified in {time.time() - t0:.1f} s, {len(fails)} failures", flush=True)
                if fails:
                    break
            stop = threading.Event()
            counts = {"create": 0, "update": 0, "delete": 0, "inflight": 0}
            workers = [Worker(t, a.port, names, random.Random(rnd.random()), stop, failures, counts, rnd_no)
                       for t in range(a.threads)]
            for w in workers:
                w.start()
            load = rnd.uniform(a.min_load, a.max_load)
            time.sleep(load)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            stop.set()
            for w in workers:
                w.join(30)
            for k in counts:
                totals[k] += counts[k]
            check = integrity_check(data_dir, os.path.join(work, "copy"))
            ok = check == ["ok"]
            if not ok:
                failures.append(f"round {rnd_no}: integrity_check {check[:10]}")
            if a.sabotage and rnd_no == 1:
                victim = next(n for n, s in names.items() if s.exists and s.pending is None)
                db = sqlite3.connect(os.path.join(data_dir, "bridgekeeper.db"))
                db.execute("DELETE FROM connections WHERE name = ?", (victim,))
                db.commit()
                db.close()
                print(f"  sabotage: deleted {victim} from the database", flush=True)
            print(f"round {rnd_no}: killed after {load:.2f} s; acknowledged {counts['create']} creates, "
                  f"{counts['update']} updates, {counts['delete']} deletes; {counts['inflight']} in flight; "
                  f"integrity_check {'ok' if ok else 'FAILED'}", flush=True)
            if failures:
                break
        if not failures:
            proc = start_server(a, data_dir, log_path)
            failures += verify(a.port, names, a.rounds)
            failures += list_check(a.port, names)
            proc.terminate()
            proc.wait(30)
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
    live = sum(1 for s in names.values() if s.exists)
    print(f"crash: {a.rounds} rounds in {time.time() - started:.0f} s; acknowledged {totals['create']} creates, "
          f"{totals['update']} updates, {totals['delete']} deletes; {totals['inflight']} requests in flight at "
          f"the kills; {live} connections at the end, in {a.threads} accounts")
    for f in failures[:30]:
        print("FAIL:", f)
    if failures:
        print(f"crash: FAILED ({len(failures)} failures); data dir and server log kept in {work}")
        sys.exit(1)
    print("crash: OK (every acknowledged write survived every kill; integrity_check ok after each)")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
