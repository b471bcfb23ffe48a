package org.newsroom.ads.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.newsroom.ads.inventory.store.LiveInventory;
import org.newsroom.events.Topics;
import org.newsroom.events.ads.AdTrackingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes tracking events in batches and counts them exactly once into hourly aggregates and campaign delivery
 * (see {@link CountingStore}). Offsets are committed after the batch is stored; a crash in between replays the
 * batch, which the store recognises.
 */
@Component
class TrackingCounter {

    static final String LISTENER_ID = "tracking-counter";
    private static final Logger log = LoggerFactory.getLogger(TrackingCounter.class);

    private final CountingStore store;
    private final LiveInventory inventory;
    private final Clock clock;
    private final Counter counted;
    private final Counter repeated;
    private final Counter unreadable;
    private final Timer freshness;

    TrackingCounter(CountingStore store, LiveInventory inventory, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.inventory = inventory;
        this.clock = clock;
        this.counted = meters.counter("ads.tracking.events.counted", "outcome", "counted");
        this.repeated = meters.counter("ads.tracking.events.counted", "outcome", "repeated");
        this.unreadable = meters.counter("ads.tracking.events.counted", "outcome", "unreadable");
        this.freshness = Timer.builder("ads.tracking.freshness")
                .description("From beacon to counted in MongoDB")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .register(meters);
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.AD_TRACKING,
            autoStartup = "${ads.tracking.counting.enabled:true}")
    void count(List<ConsumerRecord<String, AdTrackingEvent>> records) {
        List<ConsumerRecord<String, AdTrackingEvent>> readable = new ArrayList<>(records.size());
        for (ConsumerRecord<String, AdTrackingEvent> record : records) {
            if (record.value() == null) {
                unreadable.increment();
                log.warn("Unreadable tracking event at {}-{}@{} skipped", record.topic(), record.partition(),
                        record.offset());
            } else {
                readable.add(record);
            }
        }
        Instant now = clock.instant();
        List<ConsumerRecord<String, AdTrackingEvent>> fresh = store.count(readable, inventory.current()::campaignZone,
                now);
        counted.increment(fresh.size());
        repeated.increment(readable.size() - fresh.size());
        Instant stored = clock.instant(); // freshness ends when the counts are in MongoDB, not when counting began
        for (ConsumerRecord<String, AdTrackingEvent> record : fresh) {
            Duration lag = Duration.between(record.value().occurredAt(), stored);
            freshness.record(lag.isNegative() ? Duration.ZERO : lag);
        }
    }
}
