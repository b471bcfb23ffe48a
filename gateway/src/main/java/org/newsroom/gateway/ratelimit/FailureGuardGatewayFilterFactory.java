package org.newsroom.gateway.ratelimit;

import java.time.Duration;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A tighter limit for an address whose attempts keep failing (card testers probe with invalid requests): every 4xx
 * answer (other than 429) on the route counts against the address in Redis for a window; at the limit, further
 * requests get 429 until the window has passed, however much of the ordinary rate-limit budget is left. Shared by
 * every gateway instance, like the rate limits. Used on checkouts as {@code FailureGuard}.
 */
@Component
public class FailureGuardGatewayFilterFactory extends AbstractGatewayFilterFactory<FailureGuardGatewayFilterFactory.Config> {

    public static class Config {
        private int maxFailures = 5;
        private Duration window = Duration.ofMinutes(10);
        private String name = "route";

        public int getMaxFailures() {
            return maxFailures;
        }

        public void setMaxFailures(int maxFailures) {
            this.maxFailures = maxFailures;
        }

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    private final ReactiveStringRedisTemplate redis;
    private final ClientAddressResolver clientAddress;

    public FailureGuardGatewayFilterFactory(ReactiveStringRedisTemplate redis, ClientAddressResolver clientAddress) {
        super(Config.class);
        this.redis = redis;
        this.clientAddress = clientAddress;
    }

    @Override
    public GatewayFilter apply(Config config) {
        return (exchange, chain) -> clientAddress.resolve(exchange).flatMap(client -> {
            String key = "failures:" + config.getName() + ":" + client;
            return redis.opsForValue().get(key).map(Long::parseLong).defaultIfEmpty(0L)
                    // Counters unreachable: let the request through, as the rate limiter itself does.
                    .onErrorReturn(0L)
                    .flatMap(failures -> {
                        if (failures >= config.getMaxFailures()) {
                            return refuse(exchange.getResponse(), key);
                        }
                        return chain.filter(exchange).then(Mono.defer(() -> {
                            HttpStatusCode status = exchange.getResponse().getStatusCode();
                            boolean failed = status != null && status.is4xxClientError()
                                    && status.value() != HttpStatus.TOO_MANY_REQUESTS.value();
                            return failed ? count(key, config.getWindow()) : Mono.empty();
                        }));
                    });
        });
    }

    private Mono<Void> count(String key, Duration window) {
        return redis.opsForValue().increment(key)
                .flatMap(count -> count == 1 ? redis.expire(key, window) : Mono.just(true))
                .onErrorResume(unreachable -> Mono.just(false))
                .then();
    }

    private Mono<Void> refuse(org.springframework.http.server.reactive.ServerHttpResponse response, String key) {
        return redis.getExpire(key).map(Duration::toSeconds).defaultIfEmpty(60L).onErrorReturn(60L)
                .flatMap(seconds -> {
                    response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
                    response.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, seconds)));
                    return response.setComplete(); // rendered as a problem detail by RateLimitedAnswer
                });
    }
}
