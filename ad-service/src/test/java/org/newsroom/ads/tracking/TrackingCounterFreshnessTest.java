package org.newsroom.ads.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.newsroom.ads.inventory.store.InventoryStore;
import org.newsroom.ads.inventory.store.LiveInventory;
import org.newsroom.events.Topics;
import org.newsroom.events.ads.AdTrackingEvent;

/**
 * The freshness the dashboards and alerts show ("beacon to counted in MongoDB") ends when the counts are stored,
 * so a slow store shows up in it. The store is stubbed here to take a known time; the real store is exercised by
 * {@code TrackingPipelineTest}.
 */
class TrackingCounterFreshnessTest {

    private static final Instant BEACON = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void freshnessIncludesTheTimeTheStoreTookToCount() {
        MovingClock clock = new MovingClock(BEACON.plusSeconds(1)); // counting starts 1 s after the beacon
        CountingStore store = mock(CountingStore.class);
        when(store.count(anyList(), any(), any())).thenAnswer(call -> {
            clock.advance(Duration.ofSeconds(3)); // the store takes 3 s to write the batch
            return call.getArgument(0);
        });
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TrackingCounter counter = new TrackingCounter(store, new LiveInventory(mock(InventoryStore.class)), clock,
                meters);

        counter.count(List.of(new ConsumerRecord<>(Topics.AD_TRACKING, 0, 0L, "cmp_1", impression())));

        assertThat(meters.get("ads.tracking.freshness").timer().max(TimeUnit.MILLISECONDS)).isEqualTo(4_000);
    }

    private static AdTrackingEvent impression() {
        return new AdTrackingEvent(AdTrackingEvent.SCHEMA_VERSION, "dec_1/inline-1/impression",
                AdTrackingEvent.Kind.IMPRESSION, "dec_1", "inline-1", "adv_1", "cmp_1", "crv_1", 300, "USD",
                BEACON.minusMillis(200), BEACON, AdTrackingEvent.Traffic.HUMAN);
    }

    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
