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
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Several instances per service: requests spread over them, and one that is down costs the page nothing. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayLoadBalancingTest {

    private static final WireMockServer first = Upstreams.started();
    private static final WireMockServer second = Upstreams.started();
    private static final int stopped = Upstreams.closedPort();

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        GatewayInfrastructure.register(registry);
        registry.add("AD_SERVICE_URL", () -> first.baseUrl() + "," + second.baseUrl());
        // Two donation-service instances, one of them down.
        registry.add("DONATION_SERVICE_URL", () -> "http://127.0.0.1:" + stopped + "," + first.baseUrl());
        // Where decisions go is tested here, not the readers' 150 ms budget (GatewayResilienceTest): this class often
        // runs first in a cold JVM, whose first decisions took longer than that on two busy cores.
        registry.add("GATEWAY_DECISION_BUDGET", () -> "5s");
    }

    @AfterAll
    static void stop() {
        first.stop();
        second.stop();
    }

    @BeforeEach
    void answering() {
        for (WireMockServer instance : new WireMockServer[] {first, second}) {
            instance.resetAll();
            instance.stubFor(post(urlPathEqualTo("/api/ads/decisions")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json").withBody("{\"decisionId\":\"real\",\"decisions\":{}}")));
            instance.stubFor(post(urlPathEqualTo("/api/donations/checkouts")).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json").withBody("{\"checkoutUrl\":\"x\"}")));
        }
    }

    @Test
    void decisionsAreSpreadOverEveryInstance() {
        for (int i = 0; i < 10; i++) {
            client.post().uri("/api/ads/decisions").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"slots\":[{\"slot\":\"a\"}]}").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.decisionId").isEqualTo("real");
        }
        assertThat(first.findAll(postRequestedFor(urlPathEqualTo("/api/ads/decisions")))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(second.findAll(postRequestedFor(urlPathEqualTo("/api/ads/decisions")))).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void anInstanceThatRefusesConnectionsIsSkippedEvenForWrites() {
        for (int i = 0; i < 4; i++) {
            client.post().uri("/api/donations/checkouts").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"amount\":100}").exchange().expectStatus().isCreated();
        }
        assertThat(first.findAll(postRequestedFor(urlPathEqualTo("/api/donations/checkouts")))).hasSize(4);
    }
}
