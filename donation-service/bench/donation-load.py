#!/usr/bin/env python3
"""Donation-service figures against a running local stack (./local-stack/run; its Stripe emulator stands in for Stripe).

1. Checkout creation: N sequential POST /api/donations/checkouts straight to donation-service; latency p50/p99 as
   the client sees it, and the service's own time without the Stripe call, from its W3C Server-Timing header
   (app = time in the handler minus the Stripe call; stripe = the Stripe call, here the emulator).
2. Webhook processing: the N checkouts' `checkout.session.expired` events, signed with the local webhook secret,
   sent by T concurrent senders; events applied per second (each: signature check, dedup, ledger transition with
   its outbox event in one write).

Usage: donation-service/bench/donation-load.py [--checkouts 2000] [--senders 16]
"""
import argparse, hashlib, hmac, json, os, statistics, threading, time, urllib.request, uuid
from concurrent.futures import ThreadPoolExecutor

def post(url, body, headers, timings=None):
    req = urllib.request.Request(url, data=body.encode(), method="POST", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            if timings is not None:
                timings.append(r.headers.get("Server-Timing", ""))
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()

def server_timing(header, name):
    for metric in header.split(","):
        parts = [p.strip() for p in metric.split(";")]
        if parts[0] == name:
            for p in parts[1:]:
                if p.startswith("dur="):
                    return float(p[4:])
    return None

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--donations", default=os.environ.get("DONATION_SERVICE", "http://localhost:8082"))
    p.add_argument("--data-dir", default=os.environ.get("LOCAL_STACK_DATA_DIR", ".local-data"))
    p.add_argument("--checkouts", type=int, default=2000)
    p.add_argument("--senders", type=int, default=16)
    a = p.parse_args()
    base = a.donations
    secret = "whsec_" + open(os.path.join(a.data_dir, "secrets", "stripe-webhook-secret")).read().strip()

    body = json.dumps({"amount": 500, "currency": "usd", "frequency": "one_off", "email": "bench@example.org",
                       "returnUrl": "http://localhost:8080/bench", "context": {"variant": "bench", "country": "GB"}})
    for _ in range(50):  # warm-up
        post(base + "/api/donations/checkouts", body, {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})
    latencies, ids, timings = [], [], []
    run_start = time.perf_counter()
    for _ in range(a.checkouts):
        start = time.perf_counter()
        status, text = post(base + "/api/donations/checkouts", body,
                            {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}, timings)
        latencies.append((time.perf_counter() - start) * 1000)
        assert status == 201, text
        ids.append(json.loads(text)["contributionId"])
    run_elapsed = time.perf_counter() - run_start
    q = statistics.quantiles(latencies, n=100)
    print("checkouts: %d sequential, client-side latency p50 %.1f ms, p99 %.1f ms (Stripe emulator and client included)"
          % (len(latencies), q[49], q[98]))
    print("checkout rate: %d in %.1f s = %.0f checkouts/s from one client" % (len(latencies), run_elapsed,
                                                                             len(latencies) / run_elapsed))
    app = statistics.quantiles([server_timing(t, "app") for t in timings], n=100)
    stripe = statistics.quantiles([server_timing(t, "stripe") for t in timings], n=100)
    print("checkout overhead without the Stripe call (Server-Timing app): p50 %.1f ms, p99 %.1f ms; "
          "the Stripe call (emulator): p50 %.1f ms, p99 %.1f ms" % (app[49], app[98], stripe[49], stripe[98]))

    now = int(time.time())
    events = []
    for cid in ids:
        payload = json.dumps({"id": "evt_" + uuid.uuid4().hex, "object": "event", "api_version": "2026-07-29.dahlia",
                              "created": now, "livemode": False, "pending_webhooks": 1, "type": "checkout.session.expired",
                              "data": {"object": {"id": "cs_" + cid, "object": "checkout.session", "mode": "payment",
                                                  "client_reference_id": cid, "payment_status": "unpaid", "status": "expired"}}})
        sig = hmac.new(secret.encode(), ("%d.%s" % (now, payload)).encode(), hashlib.sha256).hexdigest()
        events.append((payload, "t=%d,v1=%s" % (now, sig)))
    ok = [0]
    lock = threading.Lock()
    def send(event):
        status, _ = post(base + "/api/donations/stripe/webhooks", event[0],
                         {"Content-Type": "application/json", "Stripe-Signature": event[1]})
        if status == 200:
            with lock:
                ok[0] += 1
    start = time.perf_counter()
    with ThreadPoolExecutor(a.senders) as pool:
        list(pool.map(send, events))
    elapsed = time.perf_counter() - start
    print("webhooks: %d checkout.session.expired events applied (200) of %d in %.1f s = %.0f events/s with %d senders"
          % (ok[0], len(events), elapsed, ok[0] / elapsed, a.senders))

if __name__ == "__main__":
    main()
