package org.newsroom.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** CORS for publishers' pages only where a page needs it, browser protections on pages, body size limits. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "PUBLISHER_ORIGINS=https://news.example")
@AutoConfigureWebTestClient
class GatewayBrowserProtectionTest {

    private static final WireMockServer services = Upstreams.started();

    @Autowired
    WebTestClient client;

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

    private WebTestClient.ResponseSpec preflight(String path, String origin) {
        return client.method(HttpMethod.OPTIONS).uri(path).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,idempotency-key").exchange();
    }

    @Test
    void aPublishersPageMayAskForAdsBeaconsCheckoutsAndTheTicker() {
        for (String path : new String[] {"/api/ads/decisions", "/api/ads/i", "/api/donations/checkouts",
                "/api/donations/ticker"}) {
            preflight(path, "https://news.example").expectStatus().isOk()
                    .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://news.example");
        }
    }

    @Test
    void anotherSiteIsRefusedAndFinanceOrManagementAreNotCorsOpen() {
        preflight("/api/donations/checkouts", "https://evil.example").expectStatus().isForbidden()
                .expectHeader().doesNotExist("Access-Control-Allow-Origin");
        for (String path : new String[] {"/api/donations/finance/contributions", "/api/ads/admin/campaigns",
                "/api/ads/reports"}) {
            preflight(path, "https://news.example").expectHeader().doesNotExist("Access-Control-Allow-Origin");
        }
    }

    @Test
    void pagesCarryAContentSecurityPolicyThatForbidsFramingAndEveryAnswerRefusesSniffing() {
        String page = client.get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", SecurityHeadersFilter.PAGE_POLICY)
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Referrer-Policy", "strict-origin-when-cross-origin")
                .expectBody(String.class).returnResult().getResponseBody();
        // The policy allows no inline code: the page must not need any.
        org.assertj.core.api.Assertions.assertThat(page).doesNotContain("<style", "style=\"", "<script>", "onclick=");
        services.stubFor(any(anyUrl()).willReturn(aResponse().withBody("{}")));
        client.get().uri("/api/donations/ticker").exchange()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().doesNotExist("Content-Security-Policy");
    }

    @Test
    void anOversizedCheckoutIsRefusedBeforeReachingTheService() {
        services.resetAll();
        String huge = "{\"amount\":100,\"padding\":\"" + "x".repeat(20_000) + "\"}";

        client.post().uri("/api/donations/checkouts").contentType(MediaType.APPLICATION_JSON)
                .header("Content-Length", String.valueOf(huge.length())).bodyValue(huge)
                .exchange().expectStatus().isEqualTo(413);

        services.verify(0, postRequestedFor(urlPathEqualTo("/api/donations/checkouts")));
    }
}
