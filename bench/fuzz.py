#!/usr/bin/env python3
"""Wire fuzz: malformed and mutated requests against a running Bridgekeeper, loopback only.

    python3 bench/fuzz.py --port 4750 [--count 10000] [--seed 1]

Sends COUNT requests in batches of 500: random bytes, truncated and deeply nested JSON, wrong
member types, huge strings and bodies, bad and missing headers, unknown targets, valid requests
with one field mutated. Fails (exit 1) on any 5xx answer, any request that hangs past its
20 s timeout (the server cuts off a request not fully read within 10 s), a health check that does not answer 200 after a batch, or a server whose resident
memory grows past --max-rss-mb (read from /proc when --pid is given). Bounded in count and time.
"""
import argparse
import json
import random
import socket
import sys
import time

TARGETS = ["AWSEvents.CreateConnection", "AWSEvents.DescribeConnection", "AWSEvents.UpdateConnection",
           "AWSEvents.DeleteConnection", "AWSEvents.ListConnections", "AWSEvents.DeauthorizeConnection",
           "AWSEvents.CreateApiDestination", "AWSEvents.ListApiDestinations", "TrentService.CreateKey",
           "TrentService.DescribeKey", "Bridgekeeper.TestInvokeApiDestination", "AWSEvents.PutEvents",
           "AWSEvents.PutRule", "AWSEvents.PutTargets", "AWSEvents.RemoveTargets", "AWSEvents.ListTargetsByRule",
           "AWSEvents.DescribeRule", "AWSEvents.DeleteRule", "AWSEvents.ListRules", "AWSEvents.TestEventPattern",
           "AWSEvents.CreateEventBus", "AWSEvents.DescribeEventBus", "AWSEvents.ListEventBuses",
           "Bridgekeeper.ListDeadLetters", "Bridgekeeper.RedriveDeadLetters",
           "AWSEvents.UpdateEventBus", "AWSEvents.PutPermission", "AWSEvents.RemovePermission",
           "AWSEvents.TagResource", "AWSEvents.UntagResource", "AWSEvents.ListTagsForResource",
           "AWSEvents.ListRuleNamesByTarget",
           "AWSEvents.CreateArchive", "AWSEvents.DescribeArchive", "AWSEvents.UpdateArchive", "AWSEvents.ListArchives",
           "AWSEvents.DeleteArchive", "AWSEvents.StartReplay", "AWSEvents.DescribeReplay", "AWSEvents.ListReplays",
           "AWSEvents.CancelReplay",
           "TrentService.GetKeyPolicy", "TrentService.PutKeyPolicy", "TrentService.GetKeyRotationStatus",
           "TrentService.EnableKeyRotation", "TrentService.DisableKeyRotation", "TrentService.UntagResource",
           "TrentService.UpdateKeyDescription", "TrentService.CancelKeyDeletion", "TrentService.DeleteAlias",
           "TrentService.UpdateAlias", "TrentService.ListKeyPolicies", "secretsmanager.GetSecretValue", "secretsmanager.DescribeSecret",
           "secretsmanager.ListSecrets", "secretsmanager.PutSecretValue", "sts:GetCallerIdentity", "sts:AssumeRole",
           "Bridgekeeper.ListDeliveries", "Bridgekeeper.DescribeDelivery", "Bridgekeeper.RetryDelivery",
           "Bridgekeeper.CancelDelivery",
           "AWSEvents.Nope", "Nope.Nope", "", "AWSEvents.", "AWSEvents.CreateConnection.Extra"]

VALID = {
    "AWSEvents.CreateConnection": {"Name": "fz", "AuthorizationType": "BASIC",
                                   "AuthParameters": {"BasicAuthParameters": {"Username": "u", "Password": "p"},
                                                      "InvocationHttpParameters": {"HeaderParameters": [
                                                          {"Key": "k", "Value": "v", "IsValueSecret": True}]}}},
    "AWSEvents.UpdateConnection": {"Name": "fz", "AuthorizationType": "BASIC",
                                   "AuthParameters": {"BasicAuthParameters": {"Password": "p2"}}},
    "AWSEvents.ListConnections": {"NamePrefix": "f", "Limit": 5},
    "AWSEvents.CreateApiDestination": {"Name": "d", "ConnectionArn":
                                       "arn:aws:events:us-east-1:000000000000:connection/fz/00000000-0000-0000-0000-000000000000",
                                       "InvocationEndpoint": "https://example.com/x", "HttpMethod": "POST"},
    "AWSEvents.PutRule": {"Name": "fz", "EventPattern": "{\"source\":[\"fz\"],\"detail\":{\"n\":[{\"numeric\":[\">\",1]}]}}",
                          "State": "ENABLED", "Description": "d"},
    "AWSEvents.PutTargets": {"Rule": "fz", "Targets": [{
        "Id": "t", "Arn": "arn:aws:events:us-east-1:000000000000:api-destination/d/00000000-0000-0000-0000-000000000000",
        "RoleArn": "arn:aws:iam::000000000000:role/r", "HttpParameters": {"PathParameterValues": ["a"],
                                                                          "HeaderParameters": {"h": "v"}},
        "InputTransformer": {"InputPathsMap": {"n": "$.detail.n"}, "InputTemplate": "{\"n\": <n>}"},
        "RetryPolicy": {"MaximumRetryAttempts": 1, "MaximumEventAgeInSeconds": 60}}]},
    "AWSEvents.RemoveTargets": {"Rule": "fz", "Ids": ["t", "u"]},
    "AWSEvents.ListTargetsByRule": {"Rule": "fz", "Limit": 5},
    "AWSEvents.ListRules": {"NamePrefix": "f", "Limit": 5},
    "AWSEvents.TestEventPattern": {"EventPattern": "{\"source\":[\"fz\"]}", "Event": json.dumps({
        "id": "1", "account": "000000000000", "source": "fz", "time": "2026-01-01T00:00:00Z", "region": "us-east-1",
        "detail-type": "x", "resources": [], "detail": {"n": 2}})},
    "AWSEvents.PutEvents": {"Entries": [{"Source": "fz", "DetailType": "t", "Detail": "{\"n\": 2}",
                                         "Resources": ["arn:aws:s3:::b"]}]},
    "AWSEvents.CreateEventBus": {"Name": "fz-bus", "Description": "d", "KmsKeyIdentifier": "alias/k",
                                 "DeadLetterConfig": {"Arn": "arn:aws:sqs:us-east-1:000000000000:q"},
                                 "LogConfig": {"IncludeDetail": "FULL", "Level": "INFO"},
                                 "Tags": [{"Key": "k", "Value": "v"}]},
    "AWSEvents.UpdateEventBus": {"Name": "fz-bus", "Description": "d2", "LogConfig": {"Level": "ERROR"}},
    "AWSEvents.PutPermission": {"EventBusName": "fz-bus", "Action": "events:PutEvents", "Principal": "*",
                                "StatementId": "s", "Condition": {"Type": "StringEquals", "Key": "aws:PrincipalOrgID",
                                                                  "Value": "o-1"}},
    "AWSEvents.RemovePermission": {"EventBusName": "fz-bus", "StatementId": "s"},
    "AWSEvents.TagResource": {"ResourceARN": "arn:aws:events:us-east-1:000000000000:event-bus/fz-bus",
                              "Tags": [{"Key": "k2", "Value": "v2"}]},
    "AWSEvents.UntagResource": {"ResourceARN": "arn:aws:events:us-east-1:000000000000:rule/fz", "TagKeys": ["k"]},
    "AWSEvents.ListTagsForResource": {"ResourceARN": "arn:aws:events:us-east-1:000000000000:rule/fz"},
    "AWSEvents.ListRuleNamesByTarget": {"TargetArn":
                                        "arn:aws:events:us-east-1:000000000000:api-destination/d/00000000-0000-0000-0000-000000000000",
                                        "Limit": 2},
    "AWSEvents.DescribeEventBus": {"Name": "fz-bus"},
    "AWSEvents.ListEventBuses": {"NamePrefix": "fz", "Limit": 3},
    "Bridgekeeper.ListDeadLetters": {"Rule": "fz", "Limit": 5},
    "Bridgekeeper.RedriveDeadLetters": {"Ids": ["x"]},
    "AWSEvents.CreateArchive": {"ArchiveName": "fz", "EventSourceArn": "arn:aws:events:us-east-1:000000000000:event-bus/default",
                                "EventPattern": "{\"source\":[\"fz\"]}", "RetentionDays": 1, "Description": "d"},
    "AWSEvents.DescribeArchive": {"ArchiveName": "fz"},
    "AWSEvents.UpdateArchive": {"ArchiveName": "fz", "RetentionDays": 2},
    "AWSEvents.ListArchives": {"NamePrefix": "f", "Limit": 5},
    "AWSEvents.DeleteArchive": {"ArchiveName": "fz"},
    "AWSEvents.StartReplay": {"ReplayName": "fz", "EventSourceArn": "arn:aws:events:us-east-1:000000000000:archive/fz",
                              "EventStartTime": 1700000000, "EventEndTime": 1700000600,
                              "Destination": {"Arn": "arn:aws:events:us-east-1:000000000000:event-bus/default",
                                              "FilterArns": ["arn:aws:events:us-east-1:000000000000:rule/fz"]}},
    "AWSEvents.DescribeReplay": {"ReplayName": "fz"},
    "AWSEvents.ListReplays": {"NamePrefix": "f", "State": "COMPLETED", "Limit": 5},
    "AWSEvents.CancelReplay": {"ReplayName": "fz"},
    "TrentService.GetKeyPolicy": {"KeyId": "alias/fz", "PolicyName": "default"},
    "TrentService.PutKeyPolicy": {"KeyId": "alias/fz", "Policy": "{\"Statement\":[]}"},
    "TrentService.EnableKeyRotation": {"KeyId": "alias/fz", "RotationPeriodInDays": 90},
    "TrentService.UntagResource": {"KeyId": "alias/fz", "TagKeys": ["a"]},
    "TrentService.UpdateKeyDescription": {"KeyId": "alias/fz", "Description": "d"},
    "TrentService.UpdateAlias": {"AliasName": "alias/fz", "TargetKeyId": "alias/fz"},
    "secretsmanager.GetSecretValue": {"SecretId": "events!connection/fz/00000000-0000-0000-0000-000000000000"},
    "secretsmanager.ListSecrets": {"MaxResults": 2, "Filters": [{"Key": "name", "Values": ["!events"]}],
                                   "NextToken": "b2Zmc2V0OjE="},
    "Bridgekeeper.ListDeliveries": {"EventBusName": "default", "Rule": "fz", "TargetId": "t", "State": "PENDING",
                                    "ApiDestinationArn": "arn:aws:events:us-east-1:000000000000:api-destination/d/x",
                                    "Limit": 5},
    "Bridgekeeper.DescribeDelivery": {"Id": "x"},
    "Bridgekeeper.RetryDelivery": {"Id": "x"},
    "Bridgekeeper.CancelDelivery": {"Id": "x"},
}

JUNK = [None, True, False, 0, -1, 2**63, 1.5, "", "x" * 70000, [], {}, [1, [2, [3]]], {"a": {"b": {}}},
        "\u0000\u0001", "\ud7ff", "'; DROP TABLE connections; --", "../../etc/passwd", "%00", "a" * 65]


def mutate(value, rnd):
    if isinstance(value, dict) and value and rnd.random() < 0.7:
        value = dict(value)
        key = rnd.choice(list(value))
        if rnd.random() < 0.2:
            del value[key]
        else:
            value[key] = mutate(value[key], rnd)
        return value
    if isinstance(value, list) and value and rnd.random() < 0.5:
        return [mutate(v, rnd) for v in value] * rnd.choice([1, 1, 150])
    return rnd.choice(JUNK)


def body_for(rnd, target):
    if target.startswith("sts:"):  # the query protocol: a form body, no X-Amz-Target
        form = "Action=" + target[4:] + "&Version=2011-06-15"
        return rnd.choice([form, form[:rnd.randrange(len(form) + 1)], "Action=%zz&%", "&&==", "Action=" + "A" * 70000,
                           form + "&Action=X"]).encode()
    kind = rnd.randrange(8)
    if kind == 0:
        return bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(0, 300)))
    if kind == 1:
        text = json.dumps(VALID.get(target, {"Name": "fz"}))
        return text[:rnd.randrange(len(text) + 1)].encode()
    if kind == 2:
        depth = rnd.choice([10, 100, 1000, 5000])
        return (("[" * depth) + ("]" * depth)).encode()
    if kind == 3:
        return json.dumps({"Name": "n" * rnd.choice([65, 1000, 100000])}).encode()
    if kind == 4:
        return b"{" + b'"a":1,' * rnd.randrange(1, 20000) + b'"b":2}'
    if kind == 5:
        return json.dumps(mutate(VALID.get(target, {"Name": "fz"}), rnd), ensure_ascii=rnd.random() < 0.5).encode("utf-8", "surrogatepass")
    if kind == 6:
        return json.dumps(rnd.choice(JUNK)).encode()
    return json.dumps(VALID.get(target, {"Name": "fz"})).encode()


def request(port, method, headers, body, timeout=20.0):
    """Raw HTTP/1.1 with Connection: close; returns the status code (0: no parsable answer)."""
    head = f"{method} / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
    for k, v in headers.items():
        head += f"{k}: {v}\r\n"
    if body is not None and "Content-Length" not in headers and "Transfer-Encoding" not in headers:
        head += f"Content-Length: {len(body)}\r\n"
    data = head.encode("latin-1", "replace") + b"\r\n" + (body or b"")
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.settimeout(timeout)
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer (413) and close before reading everything
        answer = b""
        try:
            while b"\r\n" not in answer:
                chunk = s.recv(4096)
                if not chunk:
                    break
                answer += chunk
        except ConnectionResetError:
            pass
    try:
        return int(answer.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def _get(port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=5.0) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        answer = s.recv(4096)
    try:
        return int(answer.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, default=10000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--pid", type=int, help="server pid, to watch its resident memory")
    p.add_argument("--max-rss-mb", type=float, default=400)
    p.add_argument("--max-seconds", type=float, default=900)
    a = p.parse_args()
    rnd = random.Random(a.seed)
    started = time.time()
    statuses = {}
    failures = []
    for i in range(a.count):
        if time.time() - started > a.max_seconds:
            failures.append(f"time budget of {a.max_seconds} s spent after {i} requests")
            break
        target = rnd.choice(TARGETS)
        headers = {}
        if rnd.random() < 0.9 and target and not target.startswith("sts:"):
            headers["X-Amz-Target"] = target
        if rnd.random() < 0.8:
            headers["Content-Type"] = rnd.choice(["application/x-amz-json-1.1", "text/plain", "application/json", "\x7f",
                                                  "application/x-www-form-urlencoded; charset=utf-8"])
        if rnd.random() < 0.3:
            headers["Authorization"] = rnd.choice([
                "AWS4-HMAC-SHA256 Credential=123456789012/20261124/eu-west-1/events/aws4_request, SignedHeaders=host, Signature=0",
                "AWS4-HMAC-SHA256 Credential=/////", "Bearer x", "AWS4-HMAC-SHA256 Credential=A/B/" + "r" * 5000 + "/events/aws4_request"])
        if rnd.random() < 0.03:
            headers["Content-Length"] = rnd.choice(["-1", "abc", "99999999999", "5"])
        body = body_for(rnd, target)
        if rnd.random() < 0.02:
            body = b"x" * rnd.choice([2 * 1024 * 1024, 20 * 1024 * 1024])
        method = "POST" if rnd.random() < 0.95 else rnd.choice(["GET", "PUT", "DELETE", "OPTIONS"])
        try:
            status = request(a.port, method, headers, body)
        except socket.timeout:
            failures.append(f"request {i} ({method} {target}) hung past its timeout: headers {headers}, "
                            f"body {len(body)} bytes starting {body[:60]!r}")
            status = -1
        except OSError as e:
            failures.append(f"request {i} ({target}): {e}")
            status = -1
        statuses[status] = statuses.get(status, 0) + 1
        if status >= 500:
            failures.append(f"request {i} ({target}) answered {status}")
        if (i + 1) % 500 == 0 or i + 1 == a.count:
            h = _get(a.port, "/health")
            if h != 200:
                failures.append(f"health check after {i + 1} requests answered {h}")
            if a.pid:
                mb = rss_mb(a.pid)
                if mb > a.max_rss_mb:
                    failures.append(f"resident memory {mb:.0f} MB after {i + 1} requests (limit {a.max_rss_mb:.0f})")
            if failures:
                break
    print(f"fuzz: {sum(statuses.values())} requests in {time.time() - started:.1f} s, answers {dict(sorted(statuses.items()))}")
    for f in failures[:20]:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
