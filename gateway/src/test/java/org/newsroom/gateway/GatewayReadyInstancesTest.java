package org.newsroom.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway polls each instance's readiness: one that says it is not ready (starting, draining, its database gone)
 * gets no request at all until it is ready again; when no instance is ready, all are tried.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayReadyInstancesTest {

    private static final WireMockServer draining = Upstreams.started();
    private static final WireMockServer ready = Upstreams.started();
    /** Answers its readiness only after 3 polling intervals: every round is slower than the interval. */
    private static final WireMockServer slow = Upstreams.started();

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        EmbeddedRedis.register(registry);
        EdgeTokens.register(registry);
        registry.add("gateway.instance-readiness.interval", () -> "200ms");
        registry.add("AD_SERVICE_URL", () -> draining.baseUrl() + "," + ready.baseUrl());
        registry.add("gateway.instance-readiness.timeout", () -> "2s");
        registry.add("DONATION_SERVICE_URL", slow::baseUrl);
        slow.stubFor(get(urlPathEqualTo("/actuator/health/readiness")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(600).withHeader("Content-Type", "application/json").withBody("{\"status\":\"UP\"}")));
        for (WireMockServer instance : new WireMockServer[] {draining, ready}) {
            instance.stubFor(post(urlPathEqualTo("/api/ads/decisions")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json").withBody("{\"decisionId\":\"real\",\"decisions\":{}}")));
        }
        readiness(draining, 503);
        readiness(ready, 200);
    }

    private static void readiness(WireMockServer instance, int status) {
        instance.stubFor(get(urlPathEqualTo("/actuator/health/readiness")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(status == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}")));
    }

    @AfterAll
    static void stop() {
        draining.stop();
        ready.stop();
        slow.stop();
    }

    private void decide(int times) {
        for (int i = 0; i < times; i++) {
            client.post().uri("/api/ads/decisions").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"slots\":[{\"slot\":\"a\"}]}").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.decisionId").isEqualTo("real");
        }
    }

    private static int decisionsAt(WireMockServer instance) {
        return instance.findAll(postRequestedFor(urlPathEqualTo("/api/ads/decisions"))).size();
    }

    @Test
    void anInstanceThatIsNotReadyGetsNoTrafficUntilItIsReadyAgain() throws Exception {
        Thread.sleep(Duration.ofSeconds(1)); // a few polls
        decide(10);
        assertThat(decisionsAt(draining)).isZero();
        assertThat(decisionsAt(ready)).isEqualTo(10);

        readiness(draining, 200);
        Thread.sleep(Duration.ofSeconds(2)); // polling goes on although each round takes longer than the interval
        decide(10);
        assertThat(decisionsAt(draining)).as("back in rotation once ready").isGreaterThanOrEqualTo(3);

        readiness(draining, 503);
        readiness(ready, 503);
        Thread.sleep(Duration.ofSeconds(2));
        int before = decisionsAt(draining) + decisionsAt(ready);
        decide(4);
        assertThat(decisionsAt(draining) + decisionsAt(ready)).as("none ready: all are tried").isEqualTo(before + 4);
    }
}
