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
import org.springframework.boot.test.web.server.LocalServerPort;
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

    @LocalServerPort
    int port;

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

    @Test
    void anOverlongUrlOrHeaderIsRefusedWithAProblemDetailBeforeAnyServiceIsCalled() {
        services.resetRequests();
        client.get().uri("/api/ads/reports?from=" + "9".repeat(10_000)).exchange()
                .expectStatus().isEqualTo(414)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(414);
        client.post().uri("/api/donations/stripe/webhooks").header("Stripe-Signature", "t=1,v1=" + "0".repeat(10_000))
                .bodyValue("{}").exchange()
                .expectStatus().isEqualTo(431)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(431);
        org.assertj.core.api.Assertions.assertThat(services.getAllServeEvents()).isEmpty();
    }

    @Test
    void aContentTypeThatIsNoMediaTypeOrAWildcardIsRefusedWith415AndAnEmptyDecisionRequestWith400() throws Exception {
        services.resetRequests();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String contentType : new String[] {"*/*", "application/*", "garbage", "application/json; charset=ebcdic"}) {
            java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + "/api/ads/decisions"))
                    .header("Content-Type", contentType)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"slots\":[]}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            org.assertj.core.api.Assertions.assertThat(answer.statusCode()).as(contentType).isEqualTo(415);
            org.assertj.core.api.Assertions.assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValue("application/problem+json");
            org.assertj.core.api.Assertions.assertThat(answer.body()).contains("\"status\":415");
        }
        java.net.http.HttpResponse<String> empty = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/ads/decisions"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThat(empty.statusCode()).as("an empty decision request").isEqualTo(400);
        org.assertj.core.api.Assertions.assertThat(services.getAllServeEvents()).isEmpty();
    }
}
