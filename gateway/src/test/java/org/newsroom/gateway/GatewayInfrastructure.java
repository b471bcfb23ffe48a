package org.newsroom.gateway;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What every gateway test context needs besides its upstreams: Redis for rate limits and a trusted token issuer. */
final class GatewayInfrastructure {

    private GatewayInfrastructure() {
    }

    static void register(DynamicPropertyRegistry registry) {
        EmbeddedRedis.register(registry);
        EdgeTokens.register(registry);
        // Stand-in upstreams answer only what a test stubs, and tests count the requests they get: readiness
        // polling has its own test (GatewayReadyInstancesTest).
        registry.add("gateway.instance-readiness.enabled", () -> "false");
    }

    /** Rate-limit budgets and failure counts live in the shared Redis: a test starts from none. */
    static void emptyBudgets(ReactiveStringRedisTemplate redis) {
        redis.execute(connection -> connection.serverCommands().flushAll()).blockLast();
    }
}
