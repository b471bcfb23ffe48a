package org.newsroom.gateway;

import java.util.List;

import org.newsroom.platform.testing.TestIdentityProvider;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The identity provider the gateway's tests trust, and tokens from it. */
final class EdgeTokens {

    static final TestIdentityProvider PROVIDER = new TestIdentityProvider();

    private EdgeTokens() {
    }

    static void register(DynamicPropertyRegistry registry) {
        PROVIDER.register(registry);
    }

    static String bearer(String... roles) {
        return "Bearer " + PROVIDER.token("tester", List.of(roles));
    }
}
