package org.newsroom.donations.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.newsroom.events.Topics;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import tools.jackson.databind.JsonNode;

/** The public ticker: exact totals toward the goal, moved by contribution events, cacheable, no personal data. */
class SupportersTickerIntegrationTest extends FinanceTestSupport {

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void theTickerMovesWithinSecondsOfAContributionEvent() throws Exception {
        store(entry("PAID", 10_000, "USD", "ONE_OFF", Instant.parse("2026-06-01T10:00:00Z"))
                .paid(Instant.parse("2026-06-01T10:00:00Z"), 320, "ch_t1"));
        store(entry("PARTIALLY_REFUNDED", 5_000, "GBP", "ONE_OFF", Instant.parse("2026-06-02T10:00:00Z"))
                .paid(Instant.parse("2026-06-02T10:00:00Z"), 175, "ch_t2").refunded(1_000, Instant.now()));
        store(entry("PAID", 10_000, "USD", "ONE_OFF", Instant.parse("2025-12-31T10:00:00Z"))
                .paid(Instant.parse("2025-12-31T10:00:00Z"), 320, "ch_before")); // before the appeal: not counted
        store(entry("PENDING", 99_999, "USD", "ONE_OFF", Instant.parse("2026-06-03T10:00:00Z")));
        nudge();
        // $100.00 + £40.00 x 1.27 = $150.80 of a $1,000 goal.
        JsonNode ticker = awaitRaised(15_080);
        assertThat(ticker.path("goal").path("minorUnits").asLong()).isEqualTo(100_000);
        assertThat(ticker.path("percentOfGoal").asInt()).isEqualTo(15);
        assertThat(ticker.path("contributions").asLong()).isEqualTo(2);
        assertThat(ticker.toString()).doesNotContain("@example.org", "reader");

        store(entry("PAID", 2_500, "USD", "MONTHLY", Instant.parse("2026-07-01T10:00:00Z"))
                .paid(Instant.parse("2026-07-01T10:00:00Z"), 100, "ch_t3"));
        nudge();
        assertThat(awaitRaised(17_580).path("contributions").asLong()).isEqualTo(3);
    }

    @Test
    void theTickerIsPublicAndCacheable() throws Exception {
        HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/donations/ticker")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control")).hasValueSatisfying(
                value -> assertThat(value).contains("public", "max-age=5"));
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/donations/ticker")).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
    }

    /** What the outbox relay does after a state change: any contribution event tells the ticker to recount. */
    private void nudge() throws Exception {
        // The ticker listens from the latest offset: only events after its partitions are assigned reach it.
        ContainerTestUtils.waitForAssignment(listeners.getListenerContainer("supporters-ticker"),
                3); // the topic's partitions (OutboxConfiguration)
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONTRIBUTIONS, "ctb_any", "{\"type\":\"PAID\"}")).get();
        }
    }

    private JsonNode awaitRaised(long minorUnits) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode ticker = null;
        while (System.nanoTime() < deadline) {
            ticker = get("/api/donations/ticker", null).json();
            if (ticker.path("raised").path("minorUnits").asLong() == minorUnits) {
                return ticker;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("ticker never reached " + minorUnits + ": " + ticker);
    }
}
