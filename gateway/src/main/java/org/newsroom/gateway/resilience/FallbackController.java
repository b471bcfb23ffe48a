package org.newsroom.gateway.resilience;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway answers when a route's circuit is open or its service failed or took longer than its budget:
 * each answer chosen for the caller it protects. Pages get an empty ad decision (every slot null: the widget collapses
 * them) or an accepted beacon (dropped, and counted as dropped); readers starting a checkout get a 503 problem
 * with Retry-After and words a person understands; management, reports and finance get a 503 problem.
 */
@RestController
class FallbackController {

    private static final Logger log = LoggerFactory.getLogger(FallbackController.class);

    private final JsonMapper json;
    private final MeterRegistry meters;

    FallbackController(JsonMapper json, MeterRegistry meters) {
        this.json = json;
        this.meters = meters;
    }

    /** Status 200 and every slot asked for without an ad: the page renders, its ad slots collapse. */
    @RequestMapping("/_fallback/decisions")
    ResponseEntity<Map<String, Object>> decisions(ServerWebExchange exchange) {
        count("ad-decisions", exchange);
        Map<String, Object> decisions = new LinkedHashMap<>();
        Object cached = exchange.getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR);
        try {
            // The cached body may already be released when the route gave up (time limit): then no slot keys.
            String body = cached instanceof DataBuffer buffer ? buffer.toString(StandardCharsets.UTF_8)
                    : cached instanceof String text ? text : null;
            JsonNode slots = body == null ? null : json.readTree(body).path("slots");
            if (slots != null) {
                for (JsonNode slot : slots) {
                    String key = slot.path("slot").asString();
                    if (!key.isEmpty() && decisions.size() < 50) {
                        decisions.put(key, null);
                    }
                }
            }
        } catch (RuntimeException unreadable) {
            // released, or a body ad-service would have refused anyway: no slots to answer for (the page collapses
            // every slot it got no decision for)
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("decisionId", null);
        answer.put("decisions", decisions);
        answer.put("frequencyToken", null);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store")
                .body(answer);
    }

    /**
     * Impression and viewability beacons: 204 as usual (a page never waits on them), said in a header and counted
     * in {@code gateway.beacons.dropped}. A click cannot be sent on without ad-service verifying its signed token:
     * the reader gets a 503 problem instead of an unverified redirect.
     */
    @RequestMapping("/_fallback/beacons/{kind:impression|viewable|click}")
    ResponseEntity<?> beacons(@PathVariable String kind, ServerWebExchange exchange) {
        meters.counter("gateway.beacons.dropped", "kind", kind).increment();
        count("ad-beacons", exchange);
        if (kind.equals("click")) {
            return unavailable(exchange, "This link cannot be followed right now. Please try again in a moment.");
        }
        return ResponseEntity.noContent().header("X-Beacon-Dropped", "ad-service unavailable").build();
    }

    @RequestMapping("/_fallback/checkouts")
    ResponseEntity<ProblemDetail> checkouts(ServerWebExchange exchange) {
        count("checkouts", exchange);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "We can't take contributions right now. Nothing was charged; please try again in a minute.");
        problem.setTitle("Contributions temporarily unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @RequestMapping("/_fallback/unavailable")
    ResponseEntity<ProblemDetail> unavailable(ServerWebExchange exchange) {
        count("service", exchange);
        return unavailable(exchange, "The service is temporarily unavailable. Please retry shortly.");
    }

    private static ResponseEntity<ProblemDetail> unavailable(ServerWebExchange exchange, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private void count(String route, ServerWebExchange exchange) {
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        String reason = cause == null ? "unknown" : cause.getClass().getSimpleName();
        meters.counter("gateway.fallbacks", "route", route, "reason", reason).increment();
        log.debug("Fallback for {} ({})", exchange.getRequest().getPath(), reason);
    }
}
