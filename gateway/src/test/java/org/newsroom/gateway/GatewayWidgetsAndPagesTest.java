package org.newsroom.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What publishers embed and what readers load: the widgets (within their size budgets) and the demo page. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayWidgetsAndPagesTest {

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GatewayInfrastructure.register(registry);
    }

    private static int gzippedSize(String resource) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (InputStream in = new ClassPathResource(resource).getInputStream();
                GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            in.transferTo(gzip);
        }
        return compressed.size();
    }

    @Test
    void theWidgetsStayWithinTheirSizeBudgets() throws IOException {
        assertThat(gzippedSize("static/widgets/ads.js")).as("ads.js gzipped").isLessThanOrEqualTo(8 * 1024);
        assertThat(gzippedSize("static/widgets/donate.js")).as("donate.js gzipped").isLessThanOrEqualTo(12 * 1024);
    }

    @Test
    void theWidgetsAreServedAsCacheableScripts() {
        for (String widget : new String[] {"/widgets/ads.js", "/widgets/donate.js"}) {
            client.get().uri(widget).exchange().expectStatus().isOk()
                    .expectHeader().value("Content-Type", type -> assertThat(type).contains("javascript"))
                    .expectHeader().value("Cache-Control", cache -> assertThat(cache).contains("max-age=300", "public"));
        }
    }

    @Test
    void theDemoPageEmbedsOnlyTheWidgetsLikeAPublisherWould() {
        String page = client.get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("script-src 'self'"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("data-ad-slot=\"banner-top\"", "data-ad-slot=\"inline-1\"", "data-ad-slot=\"inline-2\"",
                "data-ad-slot=\"right-mpu\"", "data-donate-epic", "src=\"/widgets/ads.js\"", "src=\"/widgets/donate.js\"",
                "Message from the CEO").doesNotContainPattern("<script(?![^>]*\\ssrc=)");
    }

    @Test
    void demoAdvertisersHaveLandingPagesAndChartsAreServedLocally() {
        client.get().uri("/demo/landing/meridian-air.html").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("Meridian Air"));
        client.get().uri("/demo/landing/evil.html").exchange().expectStatus().isNotFound();
        client.get().uri("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").exchange().expectStatus().isOk();
    }
}
