#!/usr/bin/env python3
"""The driver of bench/overload.sh: a hostile/fast/slow receiver, the review's cases, /health polling.

Usage: overload.py SERVER_PORT RECEIVER_PORT SERVER_PID PARTIAL FAST_SECONDS "CASES"
"""
import json
import socket
import statistics
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
from botocore.config import Config

PORT, RPORT, PID, PARTIAL, FAST_SECONDS = (int(a) for a in sys.argv[1:6])
CASES = sys.argv[6].split()
BASE = f"http://127.0.0.1:{PORT}"
RECV = f"http://127.0.0.1:{RPORT}"
ROLE = "arn:aws:iam::000000000000:role/bench"

fast_latencies = []
counts = {"sink": 0, "slow": 0, "stall": 0}
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?")[0]
        if path == "/stall":
            with lock:
                counts["stall"] += 1
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"{")
            self.wfile.flush()
            time.sleep(600)  # headers sent, then nothing
            return
        if path == "/slow":
            time.sleep(1)
            with lock:
                counts["slow"] += 1
        elif path == "/fast":
            try:
                sent = json.loads(body)["detail"]["sent"]
                with lock:
                    fast_latencies.append(time.time() * 1000 - sent)
            except (ValueError, KeyError, TypeError):
                pass
        else:
            with lock:
                counts["sink"] += 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


health = {"ok": 0, "other": 0, "errors": 0}
rss_peak_kb = 0
stop = threading.Event()


def poll_health():
    global rss_peak_kb
    while not stop.is_set():
        try:
            with urllib.request.urlopen(BASE + "/health", timeout=2) as r:
                health["ok" if r.status == 200 else "other"] += 1
        except urllib.error.HTTPError:
            health["other"] += 1
        except OSError:
            health["errors"] += 1
        try:
            for line in open(f"/proc/{PID}/status"):
                if line.startswith("VmRSS:"):
                    rss_peak_kb = max(rss_peak_kb, int(line.split()[1]))
        except OSError:
            pass
        stop.wait(0.5)


def alive():
    try:
        with open(f"/proc/{PID}/status"):
            return True
    except OSError:
        return False


def extension(operation, body):
    request = urllib.request.Request(BASE + "/", data=json.dumps(body).encode(), method="POST", headers={
        "X-Amz-Target": "Bridgekeeper." + operation, "Content-Type": "application/x-amz-json-1.1"})
    with urllib.request.urlopen(request, timeout=120) as r:
        return json.loads(r.read())


events = boto3.client("events", endpoint_url=BASE, region_name="us-east-1", aws_access_key_id="test",
                      aws_secret_access_key="test",
                      config=Config(retries={"max_attempts": 1}, read_timeout=120, max_pool_connections=32))


def destination(name, path, rate=300):
    conn = events.create_connection(Name=name, AuthorizationType="API_KEY", AuthParameters={
        "ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "bench"}})["ConnectionArn"]
    return events.create_api_destination(Name=name, ConnectionArn=conn, InvocationEndpoint=RECV + path,
                                         HttpMethod="POST", InvocationRateLimitPerSecond=rate)["ApiDestinationArn"]


def rule(name, source, arn, bus="default", **extra):
    events.put_rule(Name=name, EventBusName=bus, EventPattern=json.dumps({"source": [source]}))
    events.put_targets(Rule=name, EventBusName=bus, Targets=[dict(Id="t", Arn=arn, RoleArn=ROLE, **extra)])


def put(source, detail, n=1, bus="default"):
    for i in range(0, n, 10):
        events.put_events(Entries=[{"Source": source, "DetailType": "bench", "Detail": json.dumps(detail),
                                    "EventBusName": bus} for _ in range(min(10, n - i))])


def case_stall():
    destination("stall", "/stall")
    rule("stall", "bench.stall", events.describe_api_destination(Name="stall")["ApiDestinationArn"])
    put("bench.stall", {"n": 1}, 70)
    durations = []

    def invoke():
        started = time.time()
        answer = extension("TestInvokeApiDestination", {"Name": "stall"})
        durations.append((time.time() - started, answer.get("Reason")))
    threads = [threading.Thread(target=invoke) for _ in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    worst = max(d for d, _ in durations)
    print(f"stall: 70 events queued to a stalled endpoint; 8 concurrent TestInvokes took at most {worst:.1f} s "
          f"({durations[0][1]!r})")


def case_partial():
    sockets = []
    refused = 0
    started = time.time()
    for _ in range(PARTIAL):
        s = socket.socket()
        try:
            s.connect(("127.0.0.1", PORT))
            s.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sockets.append(s)
        except OSError:
            refused += 1
            s.close()
    opened = time.time() - started
    time.sleep(15)
    closed = 0
    for s in sockets:
        s.setblocking(False)
        try:
            if s.recv(1) == b"":
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        s.close()
    print(f"partial: {PARTIAL} sockets sent partial requests ({opened:.1f} s to open, {refused} refused); "
          f"15 s later the server had closed {closed} of {len(sockets)}")


def case_fanout():
    events.create_event_bus(Name="fan")
    sink = destination("sink", "/sink")
    for i in range(300):
        events.put_rule(Name=f"fan{i}", EventBusName="fan", EventPattern=json.dumps({"source": ["bench.fan"]}))
        events.put_targets(Rule=f"fan{i}", EventBusName="fan",
                           Targets=[{"Id": f"t{t}", "Arn": sink, "RoleArn": ROLE} for t in range(5)])
    started = time.time()
    put("bench.fan", {"pad": "z" * 10_000}, 1, bus="fan")
    accepted = time.time() - started
    deadline = time.time() + 180
    while counts["sink"] < 1500 and time.time() < deadline:
        time.sleep(0.5)
    print(f"fanout: one 10 KB event to 300 rules x 5 targets: accepted in {accepted:.2f} s, "
          f"{counts['sink']} of 1500 delivered after {time.time() - started:.1f} s")


def case_bounds():
    ors = {"detail": {f"f{f}": {"$or": [{f"b{b}": [1]} for b in range(3)]} for f in range(14)}}
    text = json.dumps(ors, separators=(",", ":"))
    try:
        events.put_rule(Name="ors", EventPattern=text)
        pattern = "accepted (!)"
    except events.exceptions.InvalidEventPatternException as e:
        pattern = "refused (" + e.response["Error"]["Message"].split("Reason: ")[-1][:70] + "...)"
    sink = events.describe_api_destination(Name="sink")["ApiDestinationArn"] if "fanout" in CASES else destination("sink", "/sink")
    template = "[" + ",".join(["<d>"] * 2047) + "]"
    rule("tpl", "bench.tpl", sink, InputTransformer={"InputPathsMap": {"d": "$.detail"}, "InputTemplate": template})
    put("bench.tpl", {"pad": "x" * 50_000}, 1)
    time.sleep(2)
    letters = extension("ListDeadLetters", {"Rule": "tpl"}).get("DeadLetters", [])
    print(f"bounds: a {len(text)}-character $or pattern (3^14 combinations) {pattern}; "
          f"a 50 KB event through 2,047 placeholders: {len(letters)} dead letter(s)"
          + (f" ({letters[0]['Reason'][:60]}...)" if letters else ""))


def case_slow():
    slow = destination("slow", "/slow", rate=1)
    fast = destination("fast", "/fast", rate=300)
    rule("slow", "bench.slow", slow)
    rule("fast", "bench.fast", fast)
    put("bench.slow", {"n": 1}, 100)
    end = time.time() + FAST_SECONDS
    sent = 0
    while time.time() < end:
        put("bench.fast", {"sent": time.time() * 1000}, 1)
        sent += 1
        time.sleep(0.1)
    deadline = time.time() + 60
    while len(fast_latencies) < sent and time.time() < deadline:
        time.sleep(0.5)
    lat = sorted(fast_latencies)
    if lat:
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        print(f"slow: a 1/s destination with 100 queued events beside a fast one: fast {len(lat)}/{sent} delivered, "
              f"p50 {statistics.median(lat):.0f} ms, p99 {p99:.0f} ms")
    else:
        print(f"slow: the fast destination received none of {sent} events")


def main():
    receiver = Server(("127.0.0.1", RPORT), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    poller = threading.Thread(target=poll_health, daemon=True)
    poller.start()
    failed = False
    for case in CASES:
        try:
            globals()["case_" + case]()
        except Exception as e:  # report and go on: the point is whether the server stays up
            failed = True
            print(f"{case}: failed: {type(e).__name__}: {str(e)[:200]}")
        if not alive():
            break
    time.sleep(1)
    stop.set()
    poller.join()
    total = sum(health.values())
    up = alive()
    print(f"server up: {'yes' if up else 'NO'}; /health 200 in {health['ok']} of {total} polls "
          f"({health['other']} other answers, {health['errors']} unanswered); peak RSS {rss_peak_kb / 1024:.0f} MB")
    sys.exit(0 if up and not failed else 1)


main()
