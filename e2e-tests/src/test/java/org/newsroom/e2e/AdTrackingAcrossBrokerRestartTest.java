package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsroom.localstack.LocalStack;
import org.newsroom.localstack.StackSettings;

/**
 * Render beacons through the gateway are counted exactly once even when the Kafka broker goes down and comes back
 * in the middle: the producer holds what it accepted until the broker returns, and the counter resumes from its
 * committed offsets without counting anything twice.
 */
class AdTrackingAcrossBrokerRestartTest {

    private static LocalStack stack;
    private static AdOpsApi adOps;

    @BeforeAll
    static void startSuite() throws Exception {
        stack = SharedStack.get();
        adOps = new AdOpsApi(stack);
    }

    /** The ad-service's own tracking counters, to tell a lost event from a slow one when this test fails. */
    private static String trackingMetrics() throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                StackSettings.httpUrl(stack.settings().adServicePort()) + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("ads_")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void everyRenderCountsOnceAcrossABrokerOutage() throws Exception {
        AdOpsApi.OwnCampaign campaign = adOps.campaignOnOwnSlots("Outage", "e2e-outage");
        List<String> renders = adOps.renders(campaign, 50, Duration.ofSeconds(10));
        assertThat(renders).hasSize(50);

        for (int i = 0; i < 20; i++) {
            assertThat(AdOpsApi.beacon(renders.get(i))).isEqualTo(204);
        }
        stack.stopKafka();
        try {
            for (int i = 15; i < 40; i++) { // 5 repeats, 20 new renders while the broker is down
                assertThat(AdOpsApi.beacon(renders.get(i))).isEqualTo(204);
            }
        } finally {
            stack.startKafka();
        }
        for (int i = 35; i < 50; i++) { // 5 repeats, 10 new renders after it is back
            assertThat(AdOpsApi.beacon(renders.get(i))).isEqualTo(204);
        }

        assertThat(adOps.awaitReportedImpressions(campaign.advertiserId(), 50, Duration.ofSeconds(90)))
                .as(trackingMetrics()).isEqualTo(50);
    }
}
