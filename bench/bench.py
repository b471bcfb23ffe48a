#!/usr/bin/env python3
"""The suite's benchmark, on one machine in one run, as ratios to what the machine itself can do.

Starts the local stack on fresh data, then measures with wrk (same connections and duration for every HTTP figure):
  1. the machine's HTTP ceiling: nginx serving a static JSON file the size of a 4-slot decision response;
  2. 4-slot ad decisions straight to ad-service and through the gateway;
  3. render beacons through the gateway, durably in Kafka (acks=all), and beacon-to-report freshness p50/p99
     (ad-service/bench/beacon-load.py), against the raw Kafka producer ceiling on the same broker
     (org.apache.kafka.tools.ProducerPerformance, same record size, same producer settings);
  4. checkout creation against the Stripe emulator and webhook processing (donation-service/bench/donation-load.py);
  5. resident memory (RSS) of each JVM after the load.
Prints one Markdown table and writes it to bench/target/results.md; with --update-docs it also replaces the table
in docs/performance.md. Run through bench/run, which installs wrk and nginx and picks the JDK.
"""
import argparse, json, os, platform, random, re, shutil, signal, string, subprocess, sys, tempfile, time, urllib.request
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "bench", "target")
GATEWAY, AD_SERVICE, DONATIONS = "http://localhost:8080", "http://localhost:8081", "http://localhost:8082"
KAFKA = "localhost:9092"
NGINX_PORT = 18090
# The producer settings ad-service's tracking publisher uses (ad-service/src/main/resources/application.yml).
PRODUCER_PROPS = ["acks=all", "enable.idempotence=true", "compression.type=lz4", "linger.ms=10", "batch.size=131072",
                  "buffer.memory=67108864"]


def log(message):
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), message), flush=True)


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, check=True, **kwargs).stdout


def latency_ms(wrk_output, p):
    """The p-th percentile from wrk's --latency distribution, in milliseconds."""
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\b" % p, wrk_output, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def wrk(url, connections, duration, script=None):
    """One wrk run; returns throughput and latency percentiles parsed from its --latency output."""
    command = ["wrk", "-t2", "-c%d" % connections, "-d%ds" % duration, "--latency"]
    if script:
        command += ["-s", script]
    out = run(command + [url])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": latency_ms(out, 50), "p99": latency_ms(out, 99),
            "non2xx": int(non2xx.group(1)) if non2xx else 0}


def fetch(url, body=None, headers=None):
    request = urllib.request.Request(url, data=body.encode() if body else None, headers=headers or {},
                                     method="POST" if body else "GET")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


class Stack:
    """./local-stack/run on a fresh data directory, stopped with Ctrl-C (SIGINT) like a user would."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.log_path = os.path.join(TARGET, "stack.log")

    def __enter__(self):
        shutil.rmtree(self.data_dir, ignore_errors=True)
        env = dict(os.environ, LOCAL_STACK_DATA_DIR=self.data_dir)
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen([os.path.join(ROOT, "local-stack", "run")], cwd=ROOT, env=env,
                                        stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 600
        while time.time() < deadline:
            with open(self.log_path) as f:
                text = f.read()
            if "Suite ready" in text:
                log("local stack ready (%s)" % re.search(r"Suite ready in ([\d.]+ s)", text).group(1))
                return self
            if self.process.poll() is not None:
                sys.exit("the local stack stopped while starting; see " + self.log_path)
            time.sleep(2)
        sys.exit("the local stack did not start within 10 minutes; see " + self.log_path)

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log_file.close()


def nginx_ceiling(decision_body, connections, duration):
    """The machine's HTTP ceiling: nginx serving the decision response's bytes as a static file."""
    prefix = tempfile.mkdtemp(prefix="bench-nginx-")
    os.chmod(prefix, 0o755)
    with open(os.path.join(prefix, "decision.json"), "w") as f:
        f.write(decision_body)
    os.chmod(os.path.join(prefix, "decision.json"), 0o644)
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""%sworker_processes auto;
daemon off;
pid %s/nginx.pid;
error_log %s/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path %s; proxy_temp_path %s; fastcgi_temp_path %s; uwsgi_temp_path %s; scgi_temp_path %s;
  server { listen 127.0.0.1:%d; location / { root %s; default_type application/json; } }
}
""" % ((user, prefix, prefix) + (prefix,) * 5 + (NGINX_PORT, prefix)))
    nginx = subprocess.Popen(["nginx", "-c", conf, "-p", prefix], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1)
        url = "http://127.0.0.1:%d/decision.json" % NGINX_PORT
        wrk(url, connections, 5)  # warm-up
        return wrk(url, connections, duration)
    finally:
        nginx.terminate()
        nginx.wait()
        shutil.rmtree(prefix, ignore_errors=True)


def decisions(connections, duration):
    script = os.path.join(ROOT, "gateway", "bench", "decision.lua")
    # The JIT needs about a minute of load per path on two shared cores before throughput settles.
    log("warming up decisions (60 s direct, 90 s through the gateway)")
    wrk(AD_SERVICE + "/api/ads/decisions", connections, 60, script)
    wrk(GATEWAY + "/api/ads/decisions", connections, 90, script)
    direct = wrk(AD_SERVICE + "/api/ads/decisions", connections, duration, script)
    through = wrk(GATEWAY + "/api/ads/decisions", connections, duration, script)
    return direct, through


def beacons(data_dir, connections, duration):
    out = run([sys.executable, os.path.join(ROOT, "ad-service", "bench", "beacon-load.py"), "--target", "gateway",
               "--urls", "60000", "--warmup-urls", "60000", "--duration", str(duration), "--warmup", "60",
               "--connections", str(connections),
               "--data-dir", data_dir])
    print(out, flush=True)
    delivered = float(re.search(r"= (\d+)/s over", out).group(1))
    freshness = re.search(r"p50 <= ([\d.]+) s, p99 <= ([\d.]+) s", out)
    record_size = 0
    metrics = fetch(AD_SERVICE + "/actuator/prometheus")
    for line in metrics.splitlines():
        if line.startswith("kafka_producer_record_size_avg{") and float(line.rsplit(" ", 1)[1]) > record_size:
            record_size = float(line.rsplit(" ", 1)[1])
    return {"rps": delivered, "p50": latency_ms(out, 50), "p99": latency_ms(out, 99),
            "fresh_p50": float(freshness.group(1)), "fresh_p99": float(freshness.group(2)),
            "record_size": int(record_size) or 330}


def producer_ceiling(record_size, java):
    """Kafka's own producer benchmark on the same broker, with records like the tracking events."""
    classpath_file = os.path.join(ROOT, "bench", "kafka-tools", "target", "classpath.txt")
    run([os.path.join(ROOT, "mvnw"), "-q", "-B", "-f", os.path.join(ROOT, "bench", "kafka-tools", "pom.xml"),
         "dependency:build-classpath", "-Dmdep.outputFile=target/classpath.txt"], cwd=ROOT)
    classpath = open(classpath_file).read().strip()
    payloads = os.path.join(TARGET, "tracking-events.jsonl")
    with open(payloads, "w") as f:  # tracking-event-shaped JSON, padded to the measured average size
        for i in range(10000):
            event = json.dumps({"schemaVersion": 1, "eventId": "%s/banner-top/impression" % rid(26), "kind": "IMPRESSION",
                                "decisionId": rid(26), "slot": "banner-top", "advertiserId": "adv_" + rid(12),
                                "campaignId": "cmp_" + rid(12), "creativeId": "crv_" + rid(12), "cpmMinorUnits": 400,
                                "currency": "USD", "decidedAt": "2026-11-27T10:00:00.123Z",
                                "occurredAt": "2026-11-27T10:00:01.456Z", "traffic": "HUMAN", "pad": ""})
            f.write(event.replace('"pad": ""', '"pad": "%s"' % ("x" * max(0, record_size - len(event)))) + "\n")
    topic = "bench.producer-ceiling"
    run([java, "-cp", classpath, "org.apache.kafka.tools.TopicCommand", "--bootstrap-server", KAFKA, "--create",
         "--if-not-exists", "--topic", topic, "--partitions", "6", "--replication-factor", "1"])
    out = run([java, "-cp", classpath, "org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
               "--num-records", "2000000", "--throughput", "-1", "--payload-file", payloads,
               "--producer-props", "bootstrap.servers=" + KAFKA] + PRODUCER_PROPS)
    last = [line for line in out.splitlines() if "records sent" in line][-1]
    print(last, flush=True)
    m = re.search(r"([\d.]+) records/sec .* ([\d.]+) ms 50th, ([\d.]+) ms 95th, ([\d.]+) ms 99th", last)
    return {"rps": float(m.group(1)), "p50": float(m.group(2)), "p99": float(m.group(4))}


def rid(length):
    return "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(length))


def donations(data_dir):
    out = run([sys.executable, os.path.join(ROOT, "donation-service", "bench", "donation-load.py"),
               "--checkouts", "1000", "--senders", "16", "--data-dir", data_dir])
    print(out, flush=True)
    checkout = re.search(r"latency p50 ([\d.]+) ms, p99 ([\d.]+) ms", out)
    rate = re.search(r"= (\d+) checkouts/s", out)
    webhooks = re.search(r"= (\d+) events/s", out)
    return ({"rps": float(rate.group(1)), "p50": float(checkout.group(1)), "p99": float(checkout.group(2))},
            {"rps": float(webhooks.group(1))})


def resident_memory():
    """RSS of every JVM the stack started, by the service it runs."""
    sizes = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = open("/proc/%s/cmdline" % pid).read().split("\0")
            status = open("/proc/%s/status" % pid).read()
        except OSError:
            continue
        if not cmdline or not cmdline[0].endswith("java"):
            continue
        joined = " ".join(cmdline)
        rss = re.search(r"VmRSS:\s+(\d+) kB", status)
        if not rss:  # exiting
            continue
        megabytes = int(rss.group(1)) // 1024
        for name in ("gateway", "ad-service", "donation-service", "identity-dev"):
            if re.search(r"%s/target/%s\.jar|-Dspring.application.name=%s" % (name, name, name), joined):
                sizes[name] = megabytes
        if "org.newsroom.localstack.LocalStack" in joined:
            sizes["local-stack (Kafka client side, MongoDB wire server, Stripe emulator)"] = megabytes
        if "kafka.Kafka" in joined:
            sizes["Kafka broker"] = megabytes
    return sizes


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    memory = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1)) // 1024 // 1024
    return "%s, %d cores, %d GB, %s %s" % (cpu, os.cpu_count(), memory, platform.system(), platform.release())


def table(r, args):
    def row(name, m, ceiling=None, target=None, unit="req/s"):
        ratio = "%s of %s" % (percent(m["rps"] / ceiling[1]["rps"]), ceiling[0]) if ceiling else ""
        p50 = "%.2f" % m["p50"] if "p50" in m else ""
        p99 = "%.2f" % m["p99"] if "p99" in m else ""
        return "| %s | %s %s | %s | %s | %s | %s |" % (name, "{:,.0f}".format(m["rps"]), unit, p50, p99, ratio, target or "")
    nginx = ("nginx", r["nginx"])
    producer = ("the producer ceiling", r["producer"])
    decision_ratio = r["decisions_gateway"]["rps"] / r["nginx"]["rps"]
    beacon_ratio = r["beacons"]["rps"] / r["producer"]["rps"]
    lines = [
        "Ran %s on %s; wrk -t2 -c%d -d%ds for every HTTP row; `bench/run`." % (
            r["ran_at"], machine(), args.connections, args.duration),
        "",
        "| Measure | Throughput | p50 ms | p99 ms | Ratio | Target |",
        "|---|---|---|---|---|---|",
        row("HTTP ceiling: nginx, static JSON of a decision's size (%d B)" % r["decision_bytes"], r["nginx"]),
        row("4-slot decisions, direct to ad-service", r["decisions_direct"], nginx),
        row("4-slot decisions through the gateway", r["decisions_gateway"], nginx,
            "≥ 25 %% of nginx: %s" % ("met" if decision_ratio >= 0.25 else "**not met**")),
        "| Gateway overhead on decisions | | %+.2f | %+.2f | %s of direct | |" % (
            r["decisions_gateway"]["p50"] - r["decisions_direct"]["p50"],
            r["decisions_gateway"]["p99"] - r["decisions_direct"]["p99"],
            percent(r["decisions_gateway"]["rps"] / r["decisions_direct"]["rps"])),
        row("Kafka producer ceiling (ProducerPerformance, %d B records, acks=all, lz4)" % r["beacons"]["record_size"],
            r["producer"], unit="records/s"),
        row("Render beacons through the gateway, durably in Kafka", r["beacons"], producer,
            "≥ 30 %% of the producer: %s" % ("met" if beacon_ratio >= 0.30 else "**not met**"), unit="beacons/s"),
        "| Beacon-to-report freshness | | %.2f s | %.2f s | | p99 < 5 s: %s |" % (
            r["beacons"]["fresh_p50"], r["beacons"]["fresh_p99"], "met" if r["beacons"]["fresh_p99"] < 5 else "**not met**"),
        row("Checkout creation (one client, Stripe emulator)", r["checkouts"], unit="checkouts/s"),
        "| Webhooks applied (16 senders) | %s events/s | | | | |" % "{:,.0f}".format(r["webhooks"]["rps"]),
    ]
    for name, mb in sorted(r["rss"].items()):
        target = ("< 512 MB: %s" % ("met" if mb < 512 else "**not met**")) if name in (
            "gateway", "ad-service", "donation-service") else ""
        lines.append("| Resident memory after the load: %s | %d MB | | | | %s |" % (name, mb, target))
    return "\n".join(lines)


def percent(fraction):
    return ("%.1f %%" if fraction < 0.1 else "%.0f %%") % (100 * fraction)


def update_docs(markdown):
    path = os.path.join(ROOT, "docs", "performance.md")
    text = open(path).read()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = "%s\n%s\n%s" % (start, markdown, end)
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S) if start in text \
        else text + "\n" + block + "\n"
    open(path, "w").write(text)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--duration", type=int, default=30)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--update-docs", action="store_true")
    p.add_argument("--table-only", action="store_true", help="print the table of the last run's results again")
    args = p.parse_args()
    if args.table_only:
        path = os.path.join(TARGET, "results.json")
        results = json.load(open(path))
        results.setdefault("ran_at", datetime.fromtimestamp(os.path.getmtime(path), timezone.utc)
                           .strftime("%Y-%m-%d %H:%M UTC"))
        markdown = table(results, args)
        print(markdown)
        if args.update_docs:
            update_docs(markdown)
        return
    os.makedirs(TARGET, exist_ok=True)
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java")
    data_dir = os.path.join(TARGET, "stack-data")
    results = {}
    with Stack(data_dir):
        body = '{"slots":[{"slot":"banner-top"},{"slot":"inline-1"},{"slot":"inline-2"},{"slot":"right-mpu"}]}'
        decision = fetch(AD_SERVICE + "/api/ads/decisions", body, {"Content-Type": "application/json"})
        results["decision_bytes"] = len(decision.encode())
        log("nginx ceiling")
        results["nginx"] = nginx_ceiling(decision, args.connections, args.duration)
        log("decisions")
        results["decisions_direct"], results["decisions_gateway"] = decisions(args.connections, args.duration)
        log("render beacons through the gateway")
        results["beacons"] = beacons(data_dir, args.connections, args.duration)
        log("Kafka producer ceiling")
        results["producer"] = producer_ceiling(results["beacons"]["record_size"], java)
        log("checkouts and webhooks")
        results["checkouts"], results["webhooks"] = donations(data_dir)
        results["rss"] = resident_memory()
    results["ran_at"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    markdown = table(results, args)
    with open(os.path.join(TARGET, "results.md"), "w") as f:
        f.write(markdown + "\n")
    with open(os.path.join(TARGET, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    print("\n" + markdown)
    if args.update_docs:
        update_docs(markdown)
        log("docs/performance.md updated")


if __name__ == "__main__":
    main()
