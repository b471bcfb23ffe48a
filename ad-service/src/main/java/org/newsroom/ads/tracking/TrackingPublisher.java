package org.newsroom.ads.tracking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.newsroom.events.Topics;
import org.newsroom.events.ads.AdTrackingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands tracking events to the Kafka producer without waiting for the broker: the beacon answers at once,
 * the producer batches, and its idempotent, acks=all delivery (retried up to delivery.timeout.ms) makes an
 * accepted event durable. What the producer finally fails to deliver is counted and logged, never silent.
 */
@Component
class TrackingPublisher {

    private static final Logger log = LoggerFactory.getLogger(TrackingPublisher.class);

    private final KafkaTemplate<String, AdTrackingEvent> kafka;
    private final Counter delivered;
    private final Counter failed;

    TrackingPublisher(KafkaTemplate<String, AdTrackingEvent> kafka, MeterRegistry meters) {
        this.kafka = kafka;
        this.delivered = meters.counter("ads.tracking.events.published", "outcome", "delivered");
        this.failed = meters.counter("ads.tracking.events.published", "outcome", "failed");
    }

    /** Keyed by campaign: all events of a campaign land on one partition, so one consumer counts them. */
    void publish(AdTrackingEvent event) {
        kafka.send(Topics.AD_TRACKING, event.campaignId(), event).whenComplete((result, error) -> {
            if (error == null) {
                delivered.increment();
            } else {
                failed.increment();
                log.error("Tracking event {} of campaign {} not delivered to Kafka: {}", event.eventId(),
                        event.campaignId(), error.toString());
            }
        });
    }
}
