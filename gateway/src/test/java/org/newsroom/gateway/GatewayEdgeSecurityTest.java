package org.newsroom.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.newsroom.platform.testing.TestIdentityProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Tokens are checked at the edge: protected routes need the right role before any service is called. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayEdgeSecurityTest {

    private static final WireMockServer services = Upstreams.started();

    /** Each protected route, the method to call it with, and a role that may. */
    private record Protected(HttpMethod method, String path, String role) {
    }

    private static final List<Protected> PROTECTED = List.of(
            new Protected(HttpMethod.GET, "/api/ads/admin/campaigns", "AD_OPS"),
            new Protected(HttpMethod.POST, "/api/ads/admin/advertisers", "AD_OPS"),
            new Protected(HttpMethod.GET, "/api/ads/reports?from=2026-11-01&to=2026-11-02", "ADVERTISER"),
            new Protected(HttpMethod.GET, "/api/donations/finance/contributions", "FINANCE"),
            new Protected(HttpMethod.GET, "/api/donations/finance/payouts", "FINANCE_ADMIN"),
            new Protected(HttpMethod.POST, "/api/donations/finance/refunds", "FINANCE_ADMIN"));

    @Autowired
    WebTestClient client;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        GatewayInfrastructure.register(registry);
        registry.add("AD_SERVICE_URL", services::baseUrl);
        registry.add("DONATION_SERVICE_URL", services::baseUrl);
    }

    @AfterAll
    static void stop() {
        services.stop();
    }

    @BeforeEach
    void answering() {
        GatewayInfrastructure.emptyBudgets(redis);
        services.resetAll();
        services.stubFor(any(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{}")));
    }

    private WebTestClient.ResponseSpec call(Protected route, String authorization) {
        WebTestClient.RequestBodySpec request = client.method(route.method()).uri(route.path())
                .contentType(MediaType.APPLICATION_JSON);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return route.method() == HttpMethod.POST ? request.bodyValue("{}").exchange() : request.exchange();
    }

    @Test
    void withoutAValidTokenOrWithTheWrongRoleNoServiceIsCalled() {
        String forged = "Bearer " + TestIdentityProvider.forgedToken("mallory", List.of("AD_OPS", "FINANCE", "FINANCE_ADMIN"));
        for (Protected route : PROTECTED) {
            call(route, null).expectStatus().isUnauthorized()
                    .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            call(route, forged).expectStatus().isUnauthorized();
            String wrongRole = route.role().startsWith("FINANCE") ? "AD_OPS" : "FINANCE";
            call(route, EdgeTokens.bearer(wrongRole)).expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        call(new Protected(HttpMethod.POST, "/api/donations/finance/refunds", null), EdgeTokens.bearer("FINANCE"))
                .expectStatus().isForbidden();
        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theRightRoleReachesTheServiceWithItsToken() {
        for (Protected route : PROTECTED) {
            call(route, EdgeTokens.bearer(route.role())).expectStatus().is2xxSuccessful();
        }
        services.verify(PROTECTED.size(), anyRequestedFor(anyUrl()).withHeader("Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.matching("Bearer .+")));
    }

    @Test
    void pagesAndStripeNeedNoToken() {
        client.post().uri("/api/ads/decisions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"slots\":[{\"slot\":\"a\"}]}").exchange().expectStatus().isOk();
        client.post().uri("/api/donations/checkouts").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isOk();
        client.post().uri("/api/donations/stripe/webhooks").bodyValue("{}").exchange().expectStatus().isOk();
        client.get().uri("/api/donations/ticker").exchange().expectStatus().isOk();
        client.get().uri("/").exchange().expectStatus().isOk();
    }

    @Test
    void withoutItsOidcClientTheGatewayStillServesPagesAndSaysSignInIsUnavailable() {
        // This context has no dashboard client secret: sign-in cannot work, everything public still does.
        client.get().uri("/oauth2/authorization/newsroom").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("Dashboard sign-in is not configured on this gateway.");
        client.get().uri("/dashboards/finance").exchange().expectStatus().isFound()
                .expectHeader().valueEquals("Location", "/oauth2/authorization/newsroom");
        client.get().uri("/api/donations/ticker").exchange().expectStatus().isOk();
    }
}
