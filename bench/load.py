#!/usr/bin/env python3
"""Creates COUNT API_KEY connections through the API, from THREADS client threads; loopback only.

    python3 bench/load.py --port 4750 --count 100000 [--threads 8] [--per-account 1000] [--prefix L]

Connection n is PREFIX-n in account 400000000000 + n // PER_ACCOUNT, given both as a 12-digit
access key id (Bridgekeeper's convention) and as x-moto-account-id (moto's), so the same command
loads either server the same way. Prints the answers by status and the rate; exit 1 when fewer
than 99% of the creates succeeded.
"""
import argparse
import http.client
import json
import sys
import threading
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, default=100000)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--per-account", type=int, default=1000)
    p.add_argument("--prefix", default="L")
    a = p.parse_args()
    statuses, lock = {}, threading.Lock()
    nxt = iter(range(a.count))

    def worker():
        conn = None
        while True:
            with lock:
                n = next(nxt, None)
            if n is None:
                break
            account = f"{400000000000 + n // a.per_account:012d}"
            body = json.dumps({"Name": f"{a.prefix}-{n}", "AuthorizationType": "API_KEY", "AuthParameters": {
                "ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": f"secret-value-{n}"}}})
            headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSEvents.CreateConnection",
                       "x-moto-account-id": account,
                       "Authorization": f"AWS4-HMAC-SHA256 Credential={account}/20261125/us-east-1/events/aws4_request, "
                                        "SignedHeaders=host, Signature=" + "0" * 64}
            for attempt in range(3):
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=60)
                    conn.request("POST", "/", body, headers)
                    r = conn.getresponse()
                    r.read()
                    status = r.status
                    if r.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = None
                    break
                except (OSError, http.client.HTTPException):
                    if conn is not None:
                        conn.close()
                    conn = None
                    status = 0
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    started = time.time()
    threads = [threading.Thread(target=worker) for _ in range(a.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs = time.time() - started
    ok = statuses.get(200, 0)
    print(f"load: {a.count} creates in {secs:.0f} s ({a.count / secs:.0f}/s), answers {dict(sorted(statuses.items()))}")
    sys.exit(0 if ok >= 0.99 * a.count else 1)


if __name__ == "__main__":
    main()
