package org.newsroom.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** An address whose checkout attempts keep being refused is stopped sooner than the ordinary rate limit would. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "GATEWAY_CHECKOUT_RATE_BURST=1200", "GATEWAY_CHECKOUT_MAX_FAILURES=3"})
@AutoConfigureWebTestClient
class GatewayFailureGuardTest {

    private static final WireMockServer donations = Upstreams.started();

    @Autowired
    WebTestClient client;

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
        donations.stop();
    }

    @BeforeEach
    void fresh() {
        GatewayInfrastructure.emptyBudgets(redis);
        donations.resetAll();
    }

    private WebTestClient.ResponseSpec checkout() {
        return client.post().uri("/api/donations/checkouts").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\":1}").exchange();
    }

    @Test
    void afterThreeRefusedAttemptsTheAddressIsStoppedForTheWindow() {
        donations.stubFor(post(urlPathEqualTo("/api/donations/checkouts")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":400}")));

        for (int i = 0; i < 3; i++) {
            checkout().expectStatus().isBadRequest();
        }
        checkout().expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("Retry-After", seconds -> assertThat(Long.parseLong(seconds)).isBetween(500L, 600L));

        donations.verify(3, postRequestedFor(urlPathEqualTo("/api/donations/checkouts")));
    }

    @Test
    void successfulCheckoutsDoNotCount() {
        donations.stubFor(post(urlPathEqualTo("/api/donations/checkouts")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"checkoutUrl\":\"x\"}")));

        for (int i = 0; i < 8; i++) {
            checkout().expectStatus().isCreated();
        }
    }
}
