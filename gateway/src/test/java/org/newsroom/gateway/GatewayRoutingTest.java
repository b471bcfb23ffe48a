package org.newsroom.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;


import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@AutoConfigureTracing
class GatewayRoutingTest {

    /** A page asking for one slot, as ads.js sends it. */
    private static final String PAGE = "{\"slots\":[{\"slot\":\"banner-top\"}]}";

    private static final WireMockServer adService = Upstreams.started();
    private static final int closedPort = Upstreams.closedPort();

    @Autowired
    private WebTestClient client;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        GatewayInfrastructure.register(registry);
        registry.add("AD_SERVICE_URL", adService::baseUrl);
        registry.add("gateway.reader-country-header", () -> "CloudFront-Viewer-Country");
        // Nothing listens here: the donation service is "down" for these tests.
        registry.add("DONATION_SERVICE_URL", () -> "http://127.0.0.1:" + closedPort);
    }

    @AfterAll
    static void stopUpstreams() {
        adService.stop();
    }

    @Test
    void adsPathIsRoutedToTheAdServiceWithItsPrefixAndQueryKept() {
        adService.stubFor(get(urlEqualTo("/api/ads/openapi?group=public"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"from\":\"ads\"}")));

        client.get().uri("/api/ads/openapi?group=public").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.from").isEqualTo("ads");

        adService.verify(getRequestedFor(urlEqualTo("/api/ads/openapi?group=public")));
    }

    @Test
    void aClientCannotForgeTheHeadersOnlyTheGatewayMaySet() {
        adService.stubFor(post(urlEqualTo("/api/ads/decisions"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));

        client.post().uri("/api/ads/decisions").header("X-Reader-Country", "GB")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(PAGE).exchange().expectStatus().isOk();

        adService.verify(postRequestedFor(urlEqualTo("/api/ads/decisions"))
                .withoutHeader("X-Reader-Country"));
    }

    @Test
    void theCallersTraceContinuesToTheServiceAndATraceStartsHereWhenThereIsNone() {
        adService.stubFor(get(urlEqualTo("/api/ads/openapi"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        client.get().uri("/api/ads/openapi").header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .exchange().expectStatus().isOk();
        client.get().uri("/api/ads/openapi").exchange().expectStatus().isOk();

        var forwarded = adService.findAll(getRequestedFor(urlEqualTo("/api/ads/openapi")));
        assertThat(forwarded).hasSize(2);
        String continued = forwarded.get(0).getHeader("traceparent");
        assertThat(continued).matches("00-" + traceId + "-[0-9a-f]{16}-01")
                .as("the gateway's own span is the parent").doesNotContain("00f067aa0ba902b7");
        assertThat(forwarded.get(1).getHeader("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")
                .doesNotContain(traceId);
    }

    @Test
    void theReadersCountryComesFromTheGatewayNeverFromTheClient() {
        adService.stubFor(post(urlEqualTo("/api/ads/decisions"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));

        client.post().uri("/api/ads/decisions").header("X-Reader-Country", "FR")
                .header("Accept-Language", "de-DE,de;q=0.9,en;q=0.5")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(PAGE).exchange().expectStatus().isOk();
        // A CDN's country header counts only from a trusted proxy; this test's client is not one.
        client.post().uri("/api/ads/decisions").header("CloudFront-Viewer-Country", "FR")
                .header("Accept-Language", "en, en-GB;q=0.8")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(PAGE).exchange().expectStatus().isOk();

        assertThat(adService.findAll(postRequestedFor(urlEqualTo("/api/ads/decisions"))
                .withHeader("Accept-Language", equalTo("de-DE,de;q=0.9,en;q=0.5"))))
                .allSatisfy(request -> assertThat(request.getHeader("X-Reader-Country")).isEqualTo("DE")).isNotEmpty();
        assertThat(adService.findAll(postRequestedFor(urlEqualTo("/api/ads/decisions"))
                .withHeader("Accept-Language", equalTo("en, en-GB;q=0.8"))))
                .allSatisfy(request -> assertThat(request.getHeader("X-Reader-Country")).isEqualTo("GB")).isNotEmpty();
        assertThat(ReaderCountryFilter.fromLanguage("en")).isNull();
        assertThat(ReaderCountryFilter.fromLanguage("*;q=0.1, xx-;;")).isNull();
    }

    @Test
    void unreachableServiceIsA503ProblemThatNamesNoInternalAddress() {
        String body = client.get().uri("/api/donations/openapi").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).contains("\"status\":503").doesNotContain("127.0.0.1", String.valueOf(closedPort), "Exception");
    }

    @Test
    void unknownPathIsA404Problem() {
        client.get().uri("/no-such-page").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.title").isEqualTo("Not Found")
                .jsonPath("$.instance").isEqualTo("/no-such-page");
    }

    @Test
    void rootServesTheDemoArticleWithLinksToTheApis() {
        String page = client.get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("<title>US-backed forces launch final push against Isis in Syria | The Newsroom</title>")
                .contains("/api/ads/openapi", "/api/donations/openapi", "/dashboards/finance");
    }

    @Test
    void healthIsUpAndMetricsAreScrapable() {
        client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(text -> assertThat(text).contains("jvm_memory_used_bytes"));
    }


}
