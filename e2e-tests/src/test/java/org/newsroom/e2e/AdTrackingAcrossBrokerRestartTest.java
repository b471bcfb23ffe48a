package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsroom.localstack.DemoIdentity;
import org.newsroom.localstack.LocalStack;
import org.newsroom.localstack.StackSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Render beacons through the gateway are counted exactly once even when the Kafka broker goes down and comes back
 * in the middle: the producer holds what it accepted until the broker returns, and the counter resumes from its
 * committed offsets without counting anything twice.
 */
class AdTrackingAcrossBrokerRestartTest {

    private static final String READER_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Safari/605.1.15";
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper json = JsonMapper.builder().build();

    private static LocalStack stack;

    /** Ad operations' automation: manages inventory and reads every advertiser's report. */
    private static String adOps;

    @BeforeAll
    static void startSuite() throws Exception {
        stack = SharedStack.get();
        adOps = DevLogin.clientCredentials(stack, DemoIdentity.AD_OPS_AUTOMATION_CLIENT);
    }

    private static JsonNode send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.settings().gatewayUrl() + path))
                .timeout(Duration.ofSeconds(10)).header("User-Agent", READER_UA)
                .header("Authorization", "Bearer " + adOps);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
    }

    private static int beacon(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", READER_UA)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long reportedImpressions(String advertiser) throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        return send("GET", "/api/ads/reports?from=%s&to=%s&advertiserId=%s".formatted(today, today, advertiser), null)
                .path("totals").path("impressions").asLong();
    }

    /** The ad-service's own tracking counters, to tell a lost event from a slow one when this test fails. */
    private static String trackingMetrics() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(StackSettings.httpUrl(stack.settings().adServicePort())
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("ads_")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void everyRenderCountsOnceAcrossABrokerOutage() throws Exception {
        send("POST", "/api/ads/admin/slots", "{\"key\":\"e2e-outage\",\"name\":\"e2e\",\"sizes\":[\"300x250\"]}");
        String advertiser = send("POST", "/api/ads/admin/advertisers", "{\"name\":\"Outage Ltd\"}").path("id").asString();
        Instant now = Instant.now();
        String campaign = send("POST", "/api/ads/admin/campaigns", """
                {"advertiserId":"%s","name":"Outage","status":"active","startsAt":"%s","endsAt":"%s","tier":"sponsorship",
                 "weight":1,"cpm":{"minorUnits":400,"currency":"USD"},"pacing":"asap","targeting":{"slots":["e2e-outage"]}}
                """.formatted(advertiser, now.minusSeconds(60), now.plusSeconds(86_400))).path("id").asString();
        send("POST", "/api/ads/admin/creatives", """
                {"campaignId":"%s","size":"300x250","format":"native","headline":"Still counting","body":"Through outages",
                 "clickUrl":"https://outage.example/","reviewStatus":"approved"}
                """.formatted(campaign));

        List<String> renders = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (renders.size() < 50 && System.nanoTime() < deadline) {
            JsonNode ad = send("POST", "/api/ads/decisions", "{\"slots\":[{\"slot\":\"e2e-outage\"}]}")
                    .path("decisions").path("e2e-outage");
            // Until the new campaign reaches the index, the demo's house campaigns fill the slot: not ours to count.
            if (campaign.equals(ad.path("campaignId").asString())) {
                renders.add(ad.path("impressionUrl").asString());
            }
        }
        assertThat(renders).hasSize(50);

        for (int i = 0; i < 20; i++) {
            assertThat(beacon(renders.get(i))).isEqualTo(204);
        }
        stack.stopKafka();
        try {
            for (int i = 15; i < 40; i++) { // 5 repeats, 20 new renders while the broker is down
                assertThat(beacon(renders.get(i))).isEqualTo(204);
            }
        } finally {
            stack.startKafka();
        }
        for (int i = 35; i < 50; i++) { // 5 repeats, 10 new renders after it is back
            assertThat(beacon(renders.get(i))).isEqualTo(204);
        }

        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (reportedImpressions(advertiser) < 50 && System.nanoTime() < until) {
            Thread.sleep(500);
        }
        Thread.sleep(2_000); // a double count would show by now
        assertThat(reportedImpressions(advertiser)).as(trackingMetrics()).isEqualTo(50);
    }
}
