package org.newsroom.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Card-testing bots get 429s: per client address, on a budget every gateway instance shares through Redis. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GatewayRateLimitTest {

    private static final WireMockServer donations = Upstreams.started();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static ConfigurableApplicationContext secondGateway;

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        GatewayInfrastructure.register(registry);
        registry.add("DONATION_SERVICE_URL", donations::baseUrl);
        registry.add("AD_SERVICE_URL", donations::baseUrl);
    }

    @AfterAll
    static void stop() {
        if (secondGateway != null) {
            secondGateway.close();
        }
        donations.stop();
    }

    @BeforeEach
    void freshBudgets() {
        GatewayInfrastructure.emptyBudgets(redis);
        donations.resetAll();
        donations.stubFor(post(urlPathEqualTo("/api/donations/checkouts")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"checkoutUrl\":\"x\"}")));
    }

    private static HttpResponse<String> checkout(int gatewayPort, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort
                        + "/api/donations/checkouts")).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":100}"));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBurstOfCheckoutsFromOneAddressIsCutAfterFiveWithRetryAfter() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 20; i++) {
            // A bot inventing X-Forwarded-For addresses does not get a fresh budget: the peer is not a trusted proxy.
            HttpResponse<String> response = checkout(port, "203.0.113." + i);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                refused = response;
            }
        }

        assertThat(statuses.subList(0, 5)).containsOnly(201);
        assertThat(statuses.subList(5, 20)).containsOnly(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("12");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"status\":429");
        donations.verify(5, postRequestedFor(urlPathEqualTo("/api/donations/checkouts")));
    }

    @Test
    void twoGatewayInstancesShareOneBudgetThroughRedis() throws Exception {
        int second = secondGatewayPort();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(checkout(i % 2 == 0 ? port : second, null).statusCode());
        }

        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(5);
        assertThat(statuses.stream().filter(status -> status == 429)).hasSize(5);
        donations.verify(5, postRequestedFor(urlPathEqualTo("/api/donations/checkouts")));
    }

    private static synchronized int secondGatewayPort() {
        if (secondGateway == null) {
            secondGateway = new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
                    "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + EmbeddedRedis.port(),
                    "--DONATION_SERVICE_URL=" + donations.baseUrl(), "--AD_SERVICE_URL=" + donations.baseUrl(),
                    "--gateway.instance-readiness.enabled=false",
                    "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + EdgeTokens.PROVIDER.jwkSetUri());
        }
        return ((WebServerApplicationContext) secondGateway).getWebServer().getPort();
    }
}
