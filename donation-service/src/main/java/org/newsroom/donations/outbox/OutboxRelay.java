package org.newsroom.donations.outbox;

import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.events.Topics;
import org.newsroom.events.donations.ContributionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Publishes the events waiting in contributions' outboxes, then removes them. An event leaves the outbox only after
 * Kafka acknowledged it (acks=all), so neither a Kafka outage nor a crash loses one; a crash between the
 * acknowledgement and the removal publishes it again, with the same event id, for consumers to deduplicate.
 */
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, ContributionEvent> kafka;
    private final Counter published;

    public OutboxRelay(MongoTemplate mongo, KafkaTemplate<String, ContributionEvent> kafka, MeterRegistry meters) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.published = meters.counter("donations.outbox.published");
    }

    /** @return how many events were published in this round */
    @Scheduled(fixedDelayString = "${donations.outbox.interval:500ms}")
    public int relay() {
        int count = 0;
        Query pending = Query.query(Criteria.where("outbox.0").exists(true)).limit(100);
        for (Document contribution : mongo.find(pending, Document.class, ContributionLedger.CONTRIBUTIONS)) {
            for (Document entry : contribution.getList("outbox", Document.class)) {
                try {
                    ContributionEvent event = toEvent(contribution, entry);
                    kafka.send(Topics.CONTRIBUTIONS, event.contributionId(), event).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.warn("Outbox relay paused, {} will be retried: {}", entry.getString("eventId"),
                            NestedExceptionUtils.getMostSpecificCause(e).toString());
                    return count;
                }
                mongo.updateFirst(Query.query(Criteria.where("_id").is(contribution.get("_id"))),
                        new Update().pull("outbox", new Document("eventId", entry.getString("eventId"))),
                        ContributionLedger.CONTRIBUTIONS);
                published.increment();
                count++;
            }
        }
        return count;
    }

    private static ContributionEvent toEvent(Document contribution, Document entry) {
        Document amount = contribution.get("amount", Document.class);
        Object occurred = entry.get("occurredAt");
        Instant occurredAt = occurred instanceof Date date ? date.toInstant() : Instant.parse(String.valueOf(occurred));
        return new ContributionEvent(ContributionEvent.SCHEMA_VERSION, entry.getString("eventId"),
                ContributionEvent.Type.valueOf(entry.getString("type")), contribution.getString("_id"),
                contribution.getString("frequency"), ((Number) amount.get("minorUnits")).longValue(),
                amount.getString("currency"), ((Number) entry.get("refundedMinorUnits")).longValue(),
                contribution.getString("country"), contribution.getString("variant"), occurredAt);
    }
}
