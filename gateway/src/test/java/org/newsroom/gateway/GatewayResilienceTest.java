package org.newsroom.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
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

/** Each route's fallback when its service is down, slow or failing; circuits opening and closing; retries; request ids. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "GATEWAY_CIRCUIT_OPEN_WAIT=1s")
@AutoConfigureWebTestClient(timeout = "10s")
class GatewayResilienceTest {

    private static final WireMockServer ads = Upstreams.started();
    private static final WireMockServer donations = Upstreams.started();
    private static final String PAGE = "{\"slots\":[{\"slot\":\"banner-top\"},{\"slot\":\"article-1\"}]}";

    @Autowired
    WebTestClient client;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        GatewayInfrastructure.register(registry);
        registry.add("AD_SERVICE_URL", ads::baseUrl);
        registry.add("DONATION_SERVICE_URL", donations::baseUrl);
    }


    @AfterAll
    static void stop() {
        ads.stop();
        donations.stop();
    }

    @BeforeEach
    void healthyBreakers() {
        ads.resetAll();
        donations.resetAll();
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        GatewayInfrastructure.emptyBudgets(redis); // these tests are about failures, not about limits
    }

    private static void down(WireMockServer service) {
        service.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    private WebTestClient.ResponseSpec decide() {
        return client.post().uri("/api/ads/decisions").contentType(MediaType.APPLICATION_JSON).bodyValue(PAGE).exchange();
    }

    @Test
    void aSlowAdServiceGivesThePageEveryAskedSlotEmptyInsteadOfWaiting() {
        ads.stubFor(post(urlPathEqualTo("/api/ads/decisions")).willReturn(aResponse().withFixedDelay(3_000)
                .withHeader("Content-Type", "application/json").withBody("{\"decisions\":{}}")));

        long started = System.nanoTime();
        decide().expectStatus().isOk()
                .expectBody().jsonPath("$.decisions.banner-top").isEmpty()
                .jsonPath("$.decisions.article-1").isEmpty()
                .jsonPath("$.decisions.length()").isEqualTo(2);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not held up by the slow service")
                .isLessThan(Duration.ofMillis(2_000));
    }

    @Test
    void aDownOrFailingAdServiceStillGivesThePageA200() {
        down(ads);
        decide().expectStatus().isOk().expectBody().jsonPath("$.decisions.length()").isEqualTo(2);

        ads.resetAll();
        ads.stubFor(post(urlPathEqualTo("/api/ads/decisions")).willReturn(aResponse().withStatus(500)));
        decide().expectStatus().isOk().expectBody().jsonPath("$.decisions.banner-top").isEmpty();
    }

    @Test
    void theDecisionCircuitOpensUnderFailuresStopsCallingAndClosesWhenTheServiceRecovers() throws Exception {
        ads.stubFor(post(urlPathEqualTo("/api/ads/decisions")).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 12; i++) {
            decide().expectStatus().isOk();
        }
        assertThat(breakers.circuitBreaker("ad-decisions").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int calledWhileClosed = ads.findAll(postRequestedFor(urlPathEqualTo("/api/ads/decisions"))).size();
        decide().expectStatus().isOk();
        assertThat(ads.findAll(postRequestedFor(urlPathEqualTo("/api/ads/decisions")))).as("open: not called")
                .hasSize(calledWhileClosed);

        ads.resetAll();
        ads.stubFor(post(urlPathEqualTo("/api/ads/decisions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"decisionId\":\"d1\",\"decisions\":{}}")));
        Thread.sleep(1_200); // the configured wait in the open state (1 s here)
        for (int i = 0; i < 3; i++) {
            decide().expectStatus().isOk().expectBody().jsonPath("$.decisionId").isEqualTo("d1");
        }
        assertThat(breakers.circuitBreaker("ad-decisions").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void beaconsAreAcceptedAndCountedAsDroppedWhileAClickNeverRedirectsUnverified() {
        down(ads);
        double before = meters.counter("gateway.beacons.dropped", "kind", "impression").count();

        client.get().uri("/api/ads/i?t=abc").exchange().expectStatus().isNoContent()
                .expectHeader().valueEquals("X-Beacon-Dropped", "ad-service unavailable");
        client.post().uri("/api/ads/v?t=abc").exchange().expectStatus().isNoContent();
        client.get().uri("/api/ads/c?t=abc").exchange().expectStatus().isEqualTo(503)
                .expectHeader().doesNotExist("Location")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(meters.counter("gateway.beacons.dropped", "kind", "impression").count()).isEqualTo(before + 1);
    }

    @Test
    void aCheckoutWhileDonationsAreDownIsA503WithRetryAfterAndWordsForAPerson() {
        down(donations);

        client.post().uri("/api/donations/checkouts").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "30")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("Nothing was charged"));
    }

    @Test
    void stripeWebhooksNeverGetASuccessTheyDidNotEarn() {
        down(donations);
        client.post().uri("/api/donations/stripe/webhooks").bodyValue("{}").exchange().expectStatus().isEqualTo(503);

        donations.resetAll();
        donations.stubFor(post(urlPathEqualTo("/api/donations/stripe/webhooks")).willReturn(aResponse().withStatus(400)));
        client.post().uri("/api/donations/stripe/webhooks").bodyValue("{}").exchange().expectStatus().isEqualTo(400);
    }

    @Test
    void financeReportsAndManagementAre503ProblemsWhenTheirServiceIsDown() {
        down(donations);
        down(ads);
        for (String path : new String[] {"/api/donations/finance/contributions", "/api/ads/reports?from=2026-11-01&to=2026-11-02",
                "/api/ads/admin/campaigns", "/api/donations/ticker"}) {
            client.get().uri(path).header("Authorization", EdgeTokens.bearer("AD_OPS", "FINANCE")).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(String.class).value(body -> assertThat(body).doesNotContain("localhost", "127.0.0.1",
                            "Exception"));
        }
    }

    @Test
    void readsAreRetriedWithBackoffAndWritesAreNot() {
        ads.stubFor(get(urlPathEqualTo("/api/ads/reports")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        ads.stubFor(get(urlPathEqualTo("/api/ads/reports")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"rows\":[]}")));
        ads.stubFor(post(urlPathEqualTo("/api/ads/admin/advertisers")).willReturn(aResponse().withStatus(503)));

        client.get().uri("/api/ads/reports").header("Authorization", EdgeTokens.bearer("AD_OPS")).exchange()
                .expectStatus().isOk();
        client.post().uri("/api/ads/admin/advertisers").header("Authorization", EdgeTokens.bearer("AD_OPS"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isEqualTo(503);

        assertThat(ads.getAllServeEvents()).as(ads.getAllServeEvents().stream()
                .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl() + " -> " + e.getResponse().getStatus())
                .toList().toString()).hasSize(3);
        ads.verify(2, getRequestedFor(urlPathEqualTo("/api/ads/reports")));
        ads.verify(1, postRequestedFor(urlPathEqualTo("/api/ads/admin/advertisers")));
    }

    @Test
    void everyAnswerCarriesARequestIdThatTheServiceSawToo() {
        ads.stubFor(get(urlPathEqualTo("/api/ads/openapi")).willReturn(aResponse().withBody("{}")));

        String id = client.get().uri("/api/ads/openapi").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");
        assertThat(id).isNotBlank();
        ads.verify(getRequestedFor(urlPathEqualTo("/api/ads/openapi"))
                .withHeader("X-Request-Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(id)));

        client.get().uri("/api/ads/openapi").header("X-Request-Id", "publisher-trace-42").exchange()
                .expectHeader().valueEquals("X-Request-Id", "publisher-trace-42");
        client.get().uri("/api/ads/openapi").header("X-Request-Id", "<script>").exchange()
                .expectHeader().value("X-Request-Id", value -> assertThat(value).doesNotContain("<"));
        down(ads);
        decide().expectHeader().exists("X-Request-Id");
        client.get().uri("/no/such/page").exchange().expectStatus().isNotFound().expectHeader().exists("X-Request-Id");
    }
}
