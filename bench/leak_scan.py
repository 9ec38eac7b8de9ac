#!/usr/bin/env python3
"""Secret leak scan: known secret strings through every connection call, then a search for them.

    python3 bench/leak_scan.py [--count 2] [--port 4820]      (bench/leak-scan.sh wraps this)

Starts Bridgekeeper with --log-level debug, --allow-http-endpoints and --egress-allow 127.0.0.0/8,
plus a local HTTP server that plays the OAuth token endpoint (its access token is a secret too)
and an invocation receiver. Then each available client (AWS CLI v1 with --debug, boto3 with DEBUG logging on
botocore and urllib3, and `./bridgekeeper events --debug` when `./bridgekeeper events --version`
works) drives, COUNT times: CreateConnection for BASIC, API_KEY and OAUTH_CLIENT_CREDENTIALS, each
with IsValueSecret header, query string and body parameters (and OAuth's own HTTP parameters);
UpdateConnection with new secrets; DescribeConnection; ListConnections; DeauthorizeConnection;
DeleteConnection. Once per auth type, raw calls also create an API destination and run
Bridgekeeper.TestInvokeApiDestination, so that the invoker injects each secret into a real
outbound request (its debug log and its answer must not show them).

Every secret is unique to the client that sent it. Then it searches (bytes, so binary files too):

- server side, strict: every file in the data dir (the SQLite db, -wal and -shm files, the key
  ring) while the server runs and again after it stopped; the server's log; every response
  body (the AWS CLI's stdout, boto3's raw HTTP answers, the raw calls' answers). Forms searched:
  the secret itself, its UTF-16LE form, and for BASIC base64("user:password").
- client logs, reported per client: a client that logs the request bodies it sends shows its
  own secrets in its own debug log; that is the client's behaviour and is reported, not failed.
  A secret in a client's log that this client never sent (another client's, or the token that
  only the server ever saw) can only have come from a server answer: a failure.
- positive control: the receiver and the token endpoint must have seen the secrets (proves the
  secrets were really in use and that the search finds them).

Exit status: 0 clean, 1 any server-side hit or failed control, 2 setup failure.
"""
import argparse
import base64
import http.client
import http.server
import json
import logging
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ACCOUNT = "123456789012"


class Secrets:
    """Generates and remembers secret strings, each tagged with its owner (a client or 'server')."""

    def __init__(self):
        self.run = uuid.uuid4().hex[:8]
        self.owner = {}      # secret -> (owner, kind)
        self.forms = {}      # searched bytes -> secret
        self.n = 0

    def new(self, owner, kind):
        self.n += 1
        s = f"LEAK{self.run}{self.n:04d}{kind}"
        self.owner[s] = (owner, kind)
        self.forms[s.encode()] = s
        self.forms[s.encode("utf-16-le")] = s
        return s

    def basic(self, user, password):
        self.forms[base64.b64encode(f"{user}:{password}".encode())] = password

    def find(self, data):
        """Yields (secret, offset) for every form found in data."""
        for form, secret in self.forms.items():
            i = data.find(form)
            while i >= 0:
                yield secret, i
                i = data.find(form, i + 1)


# ---- the local token endpoint and invocation receiver -------------------------------------

class Peer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, secrets):
        super().__init__(("127.0.0.1", 0), PeerHandler)
        self.secrets = secrets
        self.received = []   # raw requests (the positive control)
        self.lock = threading.Lock()


class PeerHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        raw = f"{self.command} {self.path}\n{self.headers}".encode() + body
        with self.server.lock:
            self.server.received.append(raw)
        if self.path.startswith("/token"):
            answer = json.dumps({"access_token": self.server.secrets.new("server", "token"),
                                 "token_type": "Bearer", "expires_in": 3600}).encode()
        elif self.path.startswith("/echo/"):
            # An endpoint that echoes what it received, secrets included: the delivery history keeps
            # the start of every answer, and must keep it with the secrets masked.
            answer = raw
        else:
            answer = b'{"ok":true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PUT = _handle


# ---- request bodies ----------------------------------------------------------------------

def params(secrets, owner, tag):
    """InvocationHttpParameters with one secret and one plain value in each place."""
    return {"HeaderParameters": [{"Key": "x-secret", "Value": secrets.new(owner, tag + "-header"), "IsValueSecret": True},
                                 {"Key": "x-plain", "Value": "plain", "IsValueSecret": False}],
            "QueryStringParameters": [{"Key": "qs", "Value": secrets.new(owner, tag + "-query"), "IsValueSecret": True}],
            "BodyParameters": [{"Key": "bs", "Value": secrets.new(owner, tag + "-body"), "IsValueSecret": True}]}


def auth_for(kind, secrets, owner, token_url, update=False):
    tag = "upd" if update else "new"
    if kind == "BASIC":
        user = f"user-{owner}"
        pw = secrets.new(owner, f"{tag}-password")
        secrets.basic(user, pw)
        auth = {"BasicAuthParameters": {"Username": user, "Password": pw}}
    elif kind == "API_KEY":
        auth = {"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": secrets.new(owner, f"{tag}-apikey")}}
    else:
        cs = secrets.new(owner, f"{tag}-clientsecret")
        secrets.basic(f"client-{owner}", cs)   # the token request sends it as HTTP Basic
        auth = {"OAuthParameters": {
            "ClientParameters": {"ClientID": f"client-{owner}", "ClientSecret": cs},
            "AuthorizationEndpoint": token_url, "HttpMethod": "POST",
            "OAuthHttpParameters": params(secrets, owner, f"{tag}-oauth")}}
    auth["InvocationHttpParameters"] = params(secrets, owner, f"{tag}-invocation")
    return auth


# ---- clients -----------------------------------------------------------------------------

class Raw:
    """Direct AWS JSON 1.1 calls (for what no client has: the TestInvoke extension, API destinations)."""

    def __init__(self, port, responses):
        self.port, self.responses = port, responses

    def call(self, target, body):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.request("POST", "/", json.dumps(body), {
            "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target,
            "Authorization": f"AWS4-HMAC-SHA256 Credential={ACCOUNT}/20261125/us-east-1/events/aws4_request, "
                             "SignedHeaders=host, Signature=" + "0" * 64})
        r = c.getresponse()
        data = r.read()
        c.close()
        self.responses.append(("raw " + target, data))
        return r.status, json.loads(data or b"{}")


def cli_steps(name, kind, create_auth, update_auth):
    """The calls of one connection's life, as (operation, AWS CLI arguments)."""
    return [("create-connection", ["--name", name, "--authorization-type", kind, "--auth-parameters", json.dumps(create_auth)]),
            ("update-connection", ["--name", name, "--authorization-type", kind, "--auth-parameters", json.dumps(update_auth),
                                   "--description", "updated"]),
            ("describe-connection", ["--name", name]),
            ("list-connections", ["--name-prefix", name]),
            ("deauthorize-connection", ["--name", name]),
            ("describe-connection", ["--name", name]),
            ("delete-connection", ["--name", name])]


def run_cli(label, argv_prefix, env, port, secrets, token_url, count, log_path, responses, failures, settle, types):
    """A command-line client (AWS CLI v1 or ./bridgekeeper events) with --debug; stderr is its log.
    The connection lives run side by side (each one's calls in order), one log file each."""
    lives = []
    for i in range(count):
        for kind in types:
            name = f"{label}-{kind.lower().replace('_', '-')}-{i}"
            lives.append((name, kind, auth_for(kind, secrets, label, token_url),
                          auth_for(kind, secrets, label, token_url, update=True)))

    def life(name, kind, create, update):
        with open(f"{log_path}.{name}", "ab") as log:
            for op, args in cli_steps(name, kind, create, update):
                if op == "deauthorize-connection" or op == "delete-connection":
                    time.sleep(settle)  # let AUTHORIZING / DEAUTHORIZING settle, as a user would
                cmd = argv_prefix + [op] + args + ["--endpoint-url", f"http://127.0.0.1:{port}",
                                                   "--region", "us-east-1", "--output", "json", "--debug"]
                p = subprocess.run(cmd, env=env, capture_output=True, timeout=120, cwd=ROOT)
                log.write(f"\n===== {op} {name}: exit {p.returncode}\n".encode())
                log.write(p.stderr)
                responses.append((f"{label} {op} {name} (stdout)", p.stdout))
                if p.returncode != 0:
                    failures.append(f"{label}: {op} {name} exited {p.returncode}: "
                                    f"{p.stderr.decode(errors='replace').strip().splitlines()[-1:]}")

    threads = [threading.Thread(target=life, args=l) for l in lives]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


BOTO3_DRIVER = r'''
import json, logging, sys, time
import boto3
port, log_path, out_path, plan_path, settle = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
logging.basicConfig(filename=log_path, level=logging.DEBUG, format="%(asctime)s %(name)s %(levelname)s %(message)s")
boto3.set_stream_logger("botocore", logging.DEBUG)   # the documented switch, besides the file
boto3.set_stream_logger("urllib3", logging.DEBUG)
client = boto3.client("events", endpoint_url="http://127.0.0.1:" + port, region_name="us-east-1",
                      aws_access_key_id="123456789012", aws_secret_access_key="x")
answers = []
client.meta.events.register("after-call.events.*",
    lambda http_response, model, **kw: answers.append([model.name, http_response.content.decode("latin-1")]))
failures = []
for name, kind, create, update in json.load(open(plan_path)):
    steps = [("create_connection", dict(Name=name, AuthorizationType=kind, AuthParameters=create)),
             ("update_connection", dict(Name=name, AuthorizationType=kind, AuthParameters=update, Description="updated")),
             ("describe_connection", dict(Name=name)),
             ("list_connections", dict(NamePrefix=name)),
             ("deauthorize_connection", dict(Name=name)),
             ("describe_connection", dict(Name=name)),
             ("delete_connection", dict(Name=name))]
    for op, kwargs in steps:
        if op in ("deauthorize_connection", "delete_connection"):
            time.sleep(settle)
        try:
            getattr(client, op)(**kwargs)
        except Exception as e:
            failures.append(f"boto3: {op} {name}: {e}")
json.dump({"answers": answers, "failures": failures}, open(out_path, "w"))
'''


def run_boto3(python, port, secrets, token_url, count, work, log_path, responses, failures, settle):
    plan = []
    for i in range(count):
        for kind in ("BASIC", "API_KEY", "OAUTH_CLIENT_CREDENTIALS"):
            plan.append([f"boto3-{kind.lower().replace('_', '-')}-{i}", kind,
                         auth_for(kind, secrets, "boto3", token_url), auth_for(kind, secrets, "boto3", token_url, True)])
    plan_path, out_path, driver = (os.path.join(work, f) for f in ("boto3-plan.json", "boto3-out.json", "boto3-driver.py"))
    json.dump(plan, open(plan_path, "w"))
    open(driver, "w").write(BOTO3_DRIVER)
    # Its stderr (set_stream_logger) is part of its log too.
    with open(log_path + ".stderr", "wb") as err:
        p = subprocess.run([python, driver, str(port), log_path, out_path, plan_path, str(settle)],
                           stdout=err, stderr=subprocess.STDOUT, timeout=300)
    os.remove(plan_path)  # the plan holds the secrets: it is input, not a log
    if p.returncode != 0:
        failures.append(f"boto3 driver exited {p.returncode} (see {log_path}.stderr)")
        return
    out = json.load(open(out_path))
    os.remove(out_path)
    for op, content in out["answers"]:
        responses.append((f"boto3 {op} (raw HTTP answer)", content.encode("latin-1")))
    failures += out["failures"]


def invoke_each_type(raw, secrets, token_url, receiver_url, failures, settle):
    """One connection per auth type through the invoker (API destination + TestInvokeApiDestination)."""
    for kind in ("BASIC", "API_KEY", "OAUTH_CLIENT_CREDENTIALS"):
        name = f"raw-{kind.lower().replace('_', '-')}"
        st, c = raw.call("AWSEvents.CreateConnection",
                         {"Name": name, "AuthorizationType": kind, "AuthParameters": auth_for(kind, secrets, "raw", token_url)})
        if st != 200:
            failures.append(f"raw: create {name}: {st} {c}")
            continue
        time.sleep(settle)
        st, d = raw.call("AWSEvents.CreateApiDestination", {"Name": name, "ConnectionArn": c["ConnectionArn"],
                                                            "InvocationEndpoint": receiver_url + "/in/*",
                                                            "HttpMethod": "POST"})
        if st != 200:
            failures.append(f"raw: create API destination {name}: {st} {d}")
            continue
        st, out = raw.call("Bridgekeeper.TestInvokeApiDestination",
                           {"Name": name, "Payload": json.dumps({"hello": "world"}),
                            "HttpParameters": {"PathParameterValues": ["p"]}})
        if st != 200 or not out.get("Delivered"):
            failures.append(f"raw: TestInvokeApiDestination {name}: {st} {out}")
        # An event through a rule to an endpoint that echoes the request: every secret the invoker
        # sends comes back in the answer the delivery history keeps (masked), and DescribeDelivery
        # answers it (scanned with every other response).
        st, e = raw.call("AWSEvents.CreateApiDestination", {"Name": name + "-echo", "ConnectionArn": c["ConnectionArn"],
                                                            "InvocationEndpoint": receiver_url + "/echo/*",
                                                            "HttpMethod": "POST"})
        ok = st == 200
        ok = ok and raw.call("AWSEvents.PutRule", {"Name": name, "EventPattern": json.dumps({"source": [name]})})[0] == 200
        ok = ok and raw.call("AWSEvents.PutTargets", {"Rule": name, "Targets": [{
            "Id": "echo", "Arn": e["ApiDestinationArn"], "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/leak-scan",
            "HttpParameters": {"PathParameterValues": ["p"]}}]})[0] == 200
        ok = ok and raw.call("AWSEvents.PutEvents", {"Entries": [{"Source": name, "DetailType": "leak-scan",
                                                                  "Detail": json.dumps({"hello": "world"})}]})[0] == 200
        if not ok:
            failures.append(f"raw: routing an event for {name} failed")
            continue
        deadline = time.time() + 20
        delivered = []
        while time.time() < deadline and not delivered:
            st, page = raw.call("Bridgekeeper.ListDeliveries", {"Rule": name, "State": "DELIVERED"})
            delivered = page.get("Deliveries", []) if st == 200 else []
            if not delivered:
                time.sleep(0.2)
        if not delivered:
            failures.append(f"raw: the event for {name} was not delivered within 20 s")
            continue
        st, detail = raw.call("Bridgekeeper.DescribeDelivery", {"Id": delivered[0]["Id"]})
        body = (detail.get("Attempts") or [{}])[-1].get("ResponseBody", "")
        if st != 200 or "***" not in body:
            failures.append(f"raw: DescribeDelivery {name}: {st}: the echoed answer shows no masked secret: {body[:200]}")


# ---- the server --------------------------------------------------------------------------

def start_server(cmd_prefix, port, data_dir, log_path, timeout):
    cmd = cmd_prefix + ["server", "--port", str(port), "--data-dir", data_dir, "--log-level", "debug",
                        "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8", "--settle-delay-ms", "200", "--authorization-retry-delay-ms", "100"]
    log = open(log_path, "ab")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True, cwd=ROOT)
    log.close()
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {open(log_path, errors='replace').read()[-2000:]}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/health")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("server not ready")


def scan_dir(path, secrets, where):
    hits = []
    for base, _, files in os.walk(path):
        for f in files:
            p = os.path.join(base, f)
            try:
                data = open(p, "rb").read()
            except OSError:
                continue
            hits += [f"{where}: {secret} ({secrets.owner[secret][1]}) in {p} at byte {off}"
                     for secret, off in secrets.find(data)]
    return hits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=int(os.environ.get("COUNT", 2)),
                    help="rounds of the three connection lives per client")
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT", 4820)))
    ap.add_argument("--server-cmd", default=os.environ.get("BK_SERVER_CMD", os.path.join(ROOT, "bridgekeeper")),
                    help="how to run Bridgekeeper (its 'server' arguments are appended)")
    ap.add_argument("--aws-v1", default=os.environ.get("AWS_CLI_V1", ""), help="the AWS CLI v1 command (default: found)")
    ap.add_argument("--aws-v2", default=os.environ.get("AWS_CLI_V2", ""), help="the AWS CLI v2 command (default: found)")
    ap.add_argument("--boto3-python", default=os.environ.get("BOTO3_PYTHON", ""))
    ap.add_argument("--clients", default=os.environ.get("CLIENTS", "aws-cli-v1,aws-cli-v2,boto3,bridgekeeper-events"))
    ap.add_argument("--require", default=os.environ.get("REQUIRE", ""),
                    help="comma-separated clients whose absence is a failure (default: skipped and reported)")
    ap.add_argument("--cli-types", default=os.environ.get("CLI_TYPES", "BASIC,API_KEY,OAUTH_CLIENT_CREDENTIALS"),
                    help="authorization types the command-line clients drive (boto3 and the raw calls always do all three)")
    ap.add_argument("--start-timeout", type=float, default=120)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--sabotage", action="store_true",
                    help="test the scan: write one secret into the server log before searching it (must FAIL)")
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="bk-leak.", dir=os.environ.get("TMPDIR", "/tmp"))
    data_dir, logs = os.path.join(work, "data"), os.path.join(work, "logs")
    os.makedirs(logs)
    server_log = os.path.join(logs, "server.log")
    secrets = Secrets()
    failures, responses, skipped, ran = [], [], {}, []
    wanted = [c.strip() for c in a.clients.split(",") if c.strip()]
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCOUNT, AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="us-east-1",
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_PAGER="")
    settle = 0.4
    cli_types = [t.strip() for t in a.cli_types.split(",") if t.strip()]

    # Which clients exist?
    clients = {}
    def aws_cli(major, candidates):
        tried = []
        for cmd in candidates:
            if not cmd:
                continue
            try:
                v = subprocess.run([cmd, "--version"], capture_output=True, timeout=60, env=env)
            except (OSError, subprocess.TimeoutExpired) as e:
                tried.append(f"{cmd}: {e.__class__.__name__}")
                continue
            text = (v.stdout + v.stderr).decode().strip()
            if v.returncode == 0 and text.startswith(f"aws-cli/{major}."):
                return cmd, text.split()[0], None
            tried.append(f"{cmd}: {text[:40]!r}")
        return None, None, "no AWS CLI v%d (%s)" % (major, "; ".join(tried) or "none found")

    pyenv_aws = ""
    if shutil.which("pyenv"):
        w = subprocess.run(["pyenv", "which", "aws"], capture_output=True)
        pyenv_aws = w.stdout.decode().strip() if w.returncode == 0 else ""
    path_aws = shutil.which("aws") or ""
    for label, major, candidates in (("aws-cli-v1", 1, [a.aws_v1, pyenv_aws, os.path.expanduser("~/.pyenv/shims/aws"), path_aws]),
                                     ("aws-cli-v2", 2, [a.aws_v2, path_aws, "/usr/bin/aws", "/usr/local/bin/aws"])):
        if label in wanted:
            cmd, version, why = aws_cli(major, list(dict.fromkeys(candidates)))
            if cmd:
                clients[label] = (cmd, version)
            else:
                skipped[label] = why
    if "boto3" in wanted:
        for py in [a.boto3_python] if a.boto3_python else [sys.executable, "python3",
                                                            os.path.expanduser("~/.pyenv/shims/python3")]:
            try:
                v = subprocess.run([py, "-c", "import boto3; print(boto3.__version__)"], capture_output=True, timeout=60)
            except OSError:
                continue
            if v.returncode == 0:
                clients["boto3"] = (py, "boto3 " + v.stdout.decode().strip())
                break
        else:
            skipped["boto3"] = "no python with boto3"
    events_cmd = shlex.split(a.server_cmd) + ["events"]
    shown = " ".join(events_cmd if len(events_cmd) <= 3 else [events_cmd[0], "..."] + events_cmd[-2:])
    if "bridgekeeper-events" in wanted:
        try:
            v = subprocess.run(events_cmd + ["--version"], capture_output=True, timeout=300, env=env, cwd=ROOT)
            if v.returncode == 0 and v.stdout.strip():
                clients["bridgekeeper-events"] = (events_cmd, v.stdout.decode().strip().splitlines()[0])
            else:
                skipped["bridgekeeper-events"] = f"`{shown} --version` exits {v.returncode} (not built yet)"
        except (OSError, subprocess.TimeoutExpired) as e:
            skipped["bridgekeeper-events"] = f"`bridgekeeper events` unavailable ({e})"
    for r in [r.strip() for r in a.require.split(",") if r.strip()]:
        if r in skipped:
            failures.append(f"required client {r} is missing: {skipped[r]}")

    peer = Peer(secrets)
    threading.Thread(target=peer.serve_forever, daemon=True).start()
    peer_url = f"http://127.0.0.1:{peer.server_address[1]}"
    token_url = peer_url + "/token"
    proc = None
    started = time.time()
    try:
        try:
            proc = start_server(shlex.split(a.server_cmd), a.port, data_dir, server_log, a.start_timeout)
        except RuntimeError as e:
            print(f"leak-scan: setup failed: {e}", file=sys.stderr)
            sys.exit(2)
        print(f"leak-scan: server on port {a.port} (debug logging), work dir {work}", flush=True)
        raw = Raw(a.port, responses)
        invoke_each_type(raw, secrets, token_url, peer_url, failures, settle)
        def drive(label):
            t0 = time.time()
            log_path = os.path.join(logs, f"{label}.log")
            if label == "boto3":
                run_boto3(clients["boto3"][0], a.port, secrets, token_url, a.count, work, log_path, responses, failures, settle)
            else:
                prefix = [clients[label][0], "events"] if label.startswith("aws-cli") else events_cmd
                run_cli(label, prefix, env, a.port, secrets, token_url, a.count, log_path, responses, failures, settle,
                        cli_types)
            print(f"  {label}: done in {time.time() - t0:.1f} s", flush=True)

        # The clients run side by side (they share the server, as real users would).
        order = [c for c in ("aws-cli-v1", "aws-cli-v2", "boto3", "bridgekeeper-events") if c in clients]
        threads = [threading.Thread(target=drive, args=(c,)) for c in order]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        ran += order
        # A list over everything left, as the last answer (raw).
        raw.call("AWSEvents.ListConnections", {})
        running_files = sorted(os.listdir(data_dir))
        server_hits = scan_dir(data_dir, secrets, "data dir (server running)")
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        proc = None
        server_hits += scan_dir(data_dir, secrets, "data dir (server stopped)")
    finally:
        if proc is not None:
            proc.kill()
            proc.wait()
        peer.shutdown()

    if a.sabotage:
        with open(server_log, "ab") as f:
            f.write(f"sabotage: {next(iter(secrets.owner))}\n".encode())
    log_bytes = open(server_log, "rb").read()
    server_hits += [f"server log: {s} ({secrets.owner[s][1]}) at byte {off}" for s, off in secrets.find(log_bytes)]
    for where, body in responses:
        server_hits += [f"response {where}: {s} ({secrets.owner[s][1]})" for s, _ in secrets.find(body)]
    data_files = f"{running_files} while running, {sorted(os.listdir(data_dir))} after stop"

    # Client logs: own secrets are the client's business; anybody else's came from a server answer.
    client_rows = []
    for label in ran:
        log_path = os.path.join(logs, f"{label}.log")
        data = b""
        for f in sorted(os.listdir(logs)):
            if f.startswith(label + ".log"):
                data += open(os.path.join(logs, f), "rb").read()
        own, foreign = set(), []
        for s, off in secrets.find(data):
            if secrets.owner[s][0] == label:
                own.add(s)
            else:
                foreign.append(f"{label} log: {s} ({secrets.owner[s][0]}'s {secrets.owner[s][1]}) at byte {off}")
        sent = sum(1 for o, _ in secrets.owner.values() if o == label)
        kinds = sorted({secrets.owner[s][1].split("-", 1)[1] for s in own})
        client_rows.append((label, len(data), len(own), sent, kinds))
        server_hits += foreign

    # Positive control: the secrets were in use, and the search finds them.
    seen = set(s for s, _ in secrets.find(b"\n".join(peer.received)))
    seen_kinds = {secrets.owner[s][1] for s in seen}
    missing_control = [k for k in ("password", "apikey", "clientsecret", "header", "query", "body", "token")
                       if not any(kind.endswith(k) for kind in seen_kinds)]
    if missing_control:
        failures.append(f"positive control: the receiver and token endpoint never saw a secret of kind {missing_control}")

    print(f"leak-scan: {len(secrets.owner)} distinct secrets, {len(responses)} responses, "
          f"{len(log_bytes.splitlines())} server log lines, data dir files {data_files}, {time.time() - started:.0f} s")
    print("clients:")
    for label, v in clients.items():
        print(f"  {label}: {v[1]} ({v[0] if isinstance(v[0], str) else shown})" + ("" if label in ran else " (not run)"))
    for label, why in skipped.items():
        print(f"  {label}: skipped: {why}")
    print("server side (data dir, server log at debug, every response, other clients' logs): "
          + ("CLEAN" if not server_hits else f"{len(server_hits)} HITS"))
    for h in server_hits[:40]:
        print("  LEAK:", h)
    print("client debug logs, the client's own secrets (what a client logs of its own requests; not a server leak):")
    for label, size, own, sent, kinds in client_rows:
        print(f"  {label}: {own} of its {sent} secrets appear in its {size}-byte debug log"
              + (f" (kinds: {', '.join(kinds)})" if kinds else ""))
    print(f"positive control: the token endpoint and receiver saw {len(seen)} secrets "
          f"({', '.join(sorted({secrets.owner[s][1] for s in seen}))})")
    for f in failures[:20]:
        print("FAIL:", f)
    bad = bool(server_hits or failures)
    if bad or a.keep:
        print(f"leak-scan: logs and data dir kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print("leak-scan: " + ("FAILED" if bad else "OK"))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
