#!/usr/bin/env python3
"""Render-beacon load against a running local stack (./local-stack/run), measured with wrk.

1. creates 4 benchmark slots with one campaign each (through the gateway's admin API),
2. collects unique render-beacon URLs from real decisions (wrk straight at ad-service), one per impression,
3. warms up on some of them, waits for the counter to catch up, then runs wrk (POST, as navigator.sendBeacon
   does) over the others, through the gateway or straight to ad-service: every measured beacon is new,
4. reads ad-service's own counters: events delivered to Kafka (acks=all) and beacon-to-count freshness p99.

Usage: ad-service/bench/beacon-load.py [--target gateway|ad-service] [--urls 300000] [--warmup-urls 150000] [--duration 30] [--warmup 0] [--connections 64] [--rate 0]
Needs: python3, wrk (apt-get install wrk).
"""
import argparse, base64, json, os, re, subprocess, tempfile, time, urllib.request
from datetime import datetime, timedelta, timezone

TOKEN = [None]

def access_token(issuer, data_dir):
    """Ad operations' automation client (client credentials) of the local stack's identity provider."""
    secret = open(os.path.join(data_dir, "secrets", "oauth-client-ad-ops-automation")).read().strip()
    basic = base64.b64encode(("ad-ops-automation:" + secret).encode()).decode()
    req = urllib.request.Request(issuer + "/oauth2/token", data=b"grant_type=client_credentials", method="POST",
                                 headers={"Authorization": "Basic " + basic,
                                          "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read().decode())["access_token"]

def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if TOKEN[0]:
        headers["Authorization"] = "Bearer " + TOKEN[0]
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read().decode()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        if e.code == 409:
            return None
        raise

def metric(text, name, labels=""):
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name) and labels in line:
            total += float(line.rsplit(" ", 1)[1])
    return total

def histogram_quantile(text, name, q):
    """Like PromQL's histogram_quantile over the cumulative _bucket lines of one histogram."""
    buckets = []
    for line in text.splitlines():
        m = re.match(r'^%s_bucket\{.*le="([^"]+)".*\} (\S+)$' % name, line)
        if m:
            buckets.append((float("inf") if m.group(1) == "+Inf" else float(m.group(1)), float(m.group(2))))
    buckets.sort()
    if not buckets or buckets[-1][1] == 0:
        return float("nan")
    rank = q * buckets[-1][1]
    for le, count in buckets:
        if count >= rank:
            return le
    return float("inf")

def delta_text(before, after):
    """The histogram of what happened between two scrapes: bucket counts subtracted line by line."""
    old = {}
    for line in before.splitlines():
        if " " in line and not line.startswith("#"):
            key, value = line.rsplit(" ", 1)
            old[key] = float(value)
    lines = []
    for line in after.splitlines():
        if " " in line and not line.startswith("#"):
            key, value = line.rsplit(" ", 1)
            lines.append("%s %s" % (key, float(value) - old.get(key, 0.0)))
    return "\n".join(lines)

def caught_up(ads, since):
    """Waits until the counter has counted (or recognised as a repeat) every event delivered to Kafka."""
    deadline = time.time() + 300
    while True:
        scrape = urllib.request.urlopen(ads + "/actuator/prometheus").read().decode()
        published = metric(scrape, "ads_tracking_events_published_total", 'outcome="delivered"')
        counted = metric(scrape, "ads_tracking_events_counted_total", "")
        if counted >= published or time.time() > deadline:
            break
        time.sleep(1)
    print("counter caught up %.0f s after the load ended" % (time.time() - since))
    return scrape

COLLECT = """
local dir, slots = [[%s]], [[%s]]
local n = 0
setup = function(thread) n = n + 1; thread:set("id", n) end
init = function(args) out = io.open(dir .. "/urls-" .. id .. ".txt", "a") end -- appends: each round adds
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"slots":[' .. slots .. ']}'
response = function(status, headers, body)
  for url in string.gmatch(body, '"impressionUrl":"([^"]+)"') do out:write(url, "\\n") end
  out:flush()
end
"""

def collect_urls(ads, slots, needed, threads):
    """Render-beacon URLs of real 4-slot decisions, requested by wrk until there are enough."""
    urls = []
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "collect.lua")
        with open(script, "w") as f:
            f.write(COLLECT % (tmp, ",".join('{"slot":"%s"}' % s for s in slots)))
        for _ in range(10):
            if len(urls) >= needed:
                break
            seconds = max(2, min(60, (needed - len(urls)) // 4 // 1500 + 1))
            subprocess.run(["wrk", "-t%d" % threads, "-c16", "-d%ds" % seconds, "-s", script, ads + "/api/ads/decisions"],
                           capture_output=True, text=True)
            urls = []
            for name in os.listdir(tmp):
                if name.startswith("urls-"):
                    urls += [line for line in open(os.path.join(tmp, name)).read().splitlines() if line]
    urls = list(dict.fromkeys(urls))[:needed]
    print("collected %d unique render-beacon URLs" % len(urls))
    return urls

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--gateway", default=os.environ.get("GATEWAY", "http://localhost:8080"))
    p.add_argument("--ad-service", default=os.environ.get("AD_SERVICE", "http://localhost:8081"))
    p.add_argument("--target", choices=["gateway", "ad-service"], default="gateway")
    p.add_argument("--urls", type=int, default=300000, help="unique beacons for the measured run (one per impression)")
    p.add_argument("--warmup-urls", type=int, default=150000, help="unique beacons for the warm-up")
    p.add_argument("--duration", type=int, default=30)
    p.add_argument("--warmup", type=int, default=0, help="seconds of the same load before measuring (JIT)")
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--rate", type=float, default=0,
                   help="beacons per second offered in the measured run (0: as many as ad-service answers)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--issuer", default=os.environ.get("OIDC_ISSUER_URI", "http://localhost:9000"))
    p.add_argument("--data-dir", default=os.environ.get("LOCAL_STACK_DATA_DIR", ".local-data"))
    a = p.parse_args()
    TOKEN[0] = access_token(a.issuer, a.data_dir)
    gw, ads = a.gateway, a.ad_service
    now = datetime.now(timezone.utc)
    adv = call("POST", gw + "/api/ads/admin/advertisers", {"name": "Beacon benchmark"})["id"]
    # Slots of this run only: campaigns of earlier runs (on a reused data dir) must not share the decisions.
    run_id = now.strftime("%Y%m%d%H%M%S")
    slots = ["bench-%s-%d" % (run_id, i) for i in range(4)]
    for s in slots:
        call("POST", gw + "/api/ads/admin/slots", {"key": s, "name": s, "sizes": ["300x250"]})
        cmp = call("POST", gw + "/api/ads/admin/campaigns", {
            "advertiserId": adv, "name": "bench " + s, "status": "active", "tier": "sponsorship", "weight": 1,
            "startsAt": (now - timedelta(hours=1)).isoformat(), "endsAt": (now + timedelta(days=1)).isoformat(),
            "cpm": {"minorUnits": 300, "currency": "USD"}, "pacing": "asap", "targeting": {"slots": [s]}})["id"]
        call("POST", gw + "/api/ads/admin/creatives", {"campaignId": cmp, "size": "300x250", "format": "native",
            "headline": "Benchmark", "body": "Load", "clickUrl": "https://bench.example/", "reviewStatus": "approved"})
    time.sleep(2)
    # Every beacon of the load is a different impression (as from real pages), so the counter does the full work
    # for each: the URLs come from real decisions, made by wrk straight at ad-service (through the gateway, a cold
    # decision over its 150 ms budget is answered with every slot empty).
    warmup_urls = a.warmup_urls if a.warmup else 0
    needed = a.urls + warmup_urls
    urls = collect_urls(ads, slots, needed, a.threads)
    if len(urls) < needed * 0.9:
        raise SystemExit("only %d of %d beacon URLs collected: the benchmark campaigns are not being served"
                         % (len(urls), needed))
    base = gw if a.target == "gateway" else ads
    paths = [re.sub(r"^https?://[^/]+", "", u) for u in urls]
    print("loading %s for %ds with %d connections" % (base, a.duration, a.connections))
    with tempfile.TemporaryDirectory() as tmp:
        def wrk_script(name, chosen, rate=0):
            """A wrk script POSTing the given beacon paths in turn (as navigator.sendBeacon does), at the given total
            rate per second (0: each connection sends its next beacon as soon as the last one is answered)."""
            with open(os.path.join(tmp, name + ".txt"), "w") as f:
                f.write("\n".join(chosen))
            path = os.path.join(tmp, name + ".lua")
            with open(path, "w") as f:
                f.write("""
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
-- Each wrk thread has its own Lua state: thread k of n sends paths k, k+n, k+2n, ... so no two threads send
-- the same beacon (otherwise every thread would walk the same list and half the load would be repeats).
local threads, created = %d, 0
setup = function(thread) thread:set("id", created); created = created + 1 end
local i = -1
wrk.method = "POST"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"
request = function()
  i = i + 1
  return wrk.format(nil, paths[((i * threads + id) %% #paths) + 1])
end
-- A fixed rate: each thread keeps a schedule of send times 1/(rate/threads) apart and delays each request to its
-- slot, so the offered load does not drop when answers slow down (up to the number of connections in flight).
local rate = %f
if rate > 0 then
  local ffi = require("ffi")
  ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } bench_timespec; int clock_gettime(int, bench_timespec *); ]]
  local ts = ffi.new("bench_timespec")
  local interval, next_ms = 1000.0 * threads / rate, nil
  delay = function()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    local now = tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
    if next_ms == nil or next_ms < now - 1000 then next_ms = now end -- never a backlog of more than 1 s
    local wait = next_ms - now
    next_ms = next_ms + interval
    return wait > 0 and wait or 0
  end
end
""" % (os.path.join(tmp, name + ".txt"), a.threads, rate))
            return path
        if a.warmup:
            # URLs of its own: the measured run's beacons must be new to be counted (and timed) at all.
            warm, paths = paths[:warmup_urls], paths[warmup_urls:]
            print("warming up for %ds on %d other URLs" % (a.warmup, len(warm)))
            subprocess.run(["wrk", "-t%d" % a.threads, "-c%d" % a.connections, "-d%ds" % a.warmup,
                            "-s", wrk_script("warm-up", warm), base], capture_output=True, text=True)
            caught_up(ads, time.time())
        script = wrk_script("measured", paths, a.rate)
        before = urllib.request.urlopen(ads + "/actuator/prometheus").read().decode()
        start = time.time()
        out = subprocess.run(["wrk", "-t%d" % a.threads, "-c%d" % a.connections, "-d%ds" % a.duration,
                              "--latency", "-s", script, base], capture_output=True, text=True).stdout
        end = time.time()
    print(out)
    after = caught_up(ads, end)
    run = delta_text(before, after)  # what changed during the run, counters and histogram buckets alike
    delivered = metric(run, "ads_tracking_events_published_total", 'outcome="delivered"')
    refused = metric(run, "ads_tracking_events_published_total", 'outcome="refused"')
    print("events delivered to Kafka (acks=all) during the run: %d  = %.0f/s over %ds; refused: %d"
          % (delivered, delivered / a.duration, a.duration, refused))
    print("counted as new impressions: %d; recognised as repeats: %d"
          % (metric(run, "ads_tracking_events_counted_total", 'outcome="counted"'),
             metric(run, "ads_tracking_events_counted_total", 'outcome="repeated"')))
    print("beacon-to-count freshness of this run's unique events (histogram bucket bounds): p50 <= %.3f s, p99 <= %.3f s"
          % (histogram_quantile(run, "ads_tracking_freshness_seconds", 0.5),
             histogram_quantile(run, "ads_tracking_freshness_seconds", 0.99)))

if __name__ == "__main__":
    main()
