-- wrk script: the demo page's 4-slot ad decision, as ads.js sends it.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"slots":[{"slot":"banner-top"},{"slot":"inline-1"},{"slot":"inline-2"},{"slot":"right-mpu"}],' ..
           '"pageUrl":"http://localhost:8080/world/syria","section":"world"}'

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests/s=%.0f p50_ms=%.2f p99_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
