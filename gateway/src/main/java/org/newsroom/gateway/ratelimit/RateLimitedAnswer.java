package org.newsroom.gateway.ratelimit;

import java.nio.charset.StandardCharsets;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's rate limiter answers a bare 429. This gives it the suite's error format and a
 * {@code Retry-After} computed from the limiter's own figures (tokens a request costs / tokens refilled per second).
 */
@Component
class RateLimitedAnswer implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpResponse original = exchange.getResponse();
        ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(original) {
            @Override
            public Mono<Void> setComplete() {
                if (!HttpStatus.TOO_MANY_REQUESTS.equals(getStatusCode())) {
                    return super.setComplete();
                }
                HttpHeaders headers = getHeaders();
                if (!headers.containsHeader(HttpHeaders.RETRY_AFTER)) {
                    headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds(headers)));
                }
                headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
                byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
                        + "\"detail\":\"Too many requests from your address. Please wait a moment and try again.\"}")
                        .getBytes(StandardCharsets.UTF_8);
                return writeWith(Mono.just(bufferFactory().wrap(body)));
            }
        };
        return chain.filter(exchange.mutate().response(response).build());
    }

    private static long retryAfterSeconds(HttpHeaders headers) {
        try {
            long cost = Long.parseLong(headers.getFirst("X-RateLimit-Requested-Tokens"));
            long refill = Long.parseLong(headers.getFirst("X-RateLimit-Replenish-Rate"));
            return Math.max(1, (cost + refill - 1) / refill);
        } catch (RuntimeException missing) {
            return 1;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
