package org.newsroom.ads.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.events.Topics;
import org.newsroom.events.ads.AdTrackingEvent;
import org.newsroom.events.ads.AdTrackingEvent.Kind;
import org.newsroom.events.ads.AdTrackingEvent.Traffic;
import org.newsroom.platform.testing.InMemoryMongo;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The exactly-once store against the MongoDB wire protocol, with the replays a crash or rebalance causes. */
class CountingStoreTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:15:00Z");

    private final MongoClient client = MongoClients.create(InMemoryMongo.uri("counting"));
    private final String database = "counting-" + System.nanoTime();
    private final MongoTemplate mongo = new MongoTemplate(client, database);
    private final CountingStore store = new CountingStore(mongo);

    @AfterEach
    void close() {
        client.getDatabase(database).drop();
        client.close();
    }

    private static ConsumerRecord<String, AdTrackingEvent> record(long offset, String decisionId, Kind kind,
            Traffic traffic) {
        AdTrackingEvent event = new AdTrackingEvent(1, AdTrackingEvent.eventIdOf(decisionId, "banner-top", kind), kind,
                decisionId, "banner-top", "adv-1", "cmp-1", "crv-1", 2_500, "USD", AT, AT, traffic);
        return new ConsumerRecord<>(Topics.AD_TRACKING, 0, offset, "cmp-1", event);
    }

    private static List<ConsumerRecord<String, AdTrackingEvent>> impressions(long fromOffset, int count) {
        List<ConsumerRecord<String, AdTrackingEvent>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(fromOffset + i, "d" + (fromOffset + i), Kind.IMPRESSION, Traffic.HUMAN));
        }
        return records;
    }

    private void count(List<ConsumerRecord<String, AdTrackingEvent>> records) {
        store.count(records, campaign -> ZoneOffset.UTC, AT.plusSeconds(1));
    }

    private Document hourly() {
        return mongo.getCollection(CountingStore.HOURLY).find().first();
    }

    private Document delivery() {
        return mongo.getCollection(CountingStore.DELIVERY).find().first();
    }

    @Test
    void aReplayedBatchCountsNothingTwice() {
        List<ConsumerRecord<String, AdTrackingEvent>> batch = impressions(0, 10);

        count(batch);
        count(batch); // the consumer crashed before committing its offsets

        assertThat(hourly().get("impressions", Number.class).longValue()).isEqualTo(10);
        assertThat(hourly().get("spendMilliMinor", Number.class).longValue()).isEqualTo(25_000);
        assertThat(delivery().get("lifetime", Number.class).longValue()).isEqualTo(10);
        assertThat(delivery().get("days", Document.class).get("2026-11-27", Number.class).longValue()).isEqualTo(10);
    }

    @Test
    void anOverlappingRedeliveryCountsOnlyTheNewRecords() {
        count(impressions(0, 10));

        count(impressions(5, 10)); // after a rebalance: offsets 5..14, of which 5..9 were already counted

        assertThat(hourly().get("impressions", Number.class).longValue()).isEqualTo(15);
        assertThat(delivery().get("lifetime", Number.class).longValue()).isEqualTo(15);
    }

    @Test
    void aRepeatedBeaconCountsOnceWhetherInTheSameBatchOrALaterOne() {
        List<ConsumerRecord<String, AdTrackingEvent>> first = new ArrayList<>(impressions(0, 3));
        first.add(record(3, "d0", Kind.IMPRESSION, Traffic.HUMAN)); // d0 rendered twice
        count(first);
        count(List.of(record(4, "d1", Kind.IMPRESSION, Traffic.HUMAN), record(5, "d9", Kind.IMPRESSION, Traffic.HUMAN)));

        assertThat(hourly().get("impressions", Number.class).longValue()).isEqualTo(4);
    }

    @Test
    void aCrashBetweenDedupMarkAndCountStillCountsOnTheReplay() {
        // Simulates the first attempt having marked the event ids and died before updating the aggregates.
        List<ConsumerRecord<String, AdTrackingEvent>> batch = impressions(0, 3);
        for (ConsumerRecord<String, AdTrackingEvent> r : batch) {
            mongo.getCollection(CountingStore.COUNTED).insertOne(new Document("_id", r.value().eventId())
                    .append("p", r.partition()).append("o", r.offset()).append("at", new java.util.Date()));
        }

        count(batch);

        assertThat(hourly().get("impressions", Number.class).longValue()).isEqualTo(3);
    }

    @Test
    void botTrafficIsCountedSeparatelyAndNeverBilledOrPaced() {
        count(List.of(record(0, "a", Kind.IMPRESSION, Traffic.BOT), record(1, "b", Kind.IMPRESSION, Traffic.HUMAN),
                record(2, "b", Kind.VIEWABLE, Traffic.HUMAN), record(3, "b", Kind.CLICK, Traffic.HUMAN),
                record(4, "a", Kind.CLICK, Traffic.BOT)));

        Document hourly = hourly();
        assertThat(hourly.get("impressions", Number.class).longValue()).isEqualTo(1);
        assertThat(hourly.get("botImpressions", Number.class).longValue()).isEqualTo(1);
        assertThat(hourly.get("viewables", Number.class).longValue()).isEqualTo(1);
        assertThat(hourly.get("clicks", Number.class).longValue()).isEqualTo(1);
        assertThat(hourly.get("botClicks", Number.class).longValue()).isEqualTo(1);
        assertThat(hourly.get("spendMilliMinor", Number.class).longValue()).isEqualTo(2_500);
        assertThat(delivery().get("lifetime", Number.class).longValue()).isEqualTo(1);
    }
}
