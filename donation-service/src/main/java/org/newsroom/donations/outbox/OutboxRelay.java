package org.newsroom.donations.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.events.Topics;
import org.newsroom.events.donations.ContributionEvent;
import org.newsroom.platform.tracing.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Publishes the events waiting in contributions' outboxes, then removes them. An event leaves the outbox only after
 * Kafka acknowledged it (acks=all), so neither a Kafka outage nor a crash loses one; a crash between the
 * acknowledgement and the removal publishes it again, with the same event id, for consumers to deduplicate.
 * <p>
 * Two ways in: the ledger announces each contribution it gave an event (published within milliseconds, read by id),
 * and a periodic sweep finds whatever an announcement missed (a crash, Kafka down). Each round sends the oldest
 * waiting event of every contribution at once and waits for all acknowledgements, so a contribution's events stay
 * in order while many contributions share one round trip to Kafka.
 */
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int SWEEP_BATCH = 500;

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, ContributionEvent> kafka;
    private final Counter published;
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    /** Contributions with events still waiting, as the last sweep found them: what an alert watches. */
    private final AtomicLong backlog = new AtomicLong();

    public OutboxRelay(MongoTemplate mongo, KafkaTemplate<String, ContributionEvent> kafka, MeterRegistry meters) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.published = meters.counter("donations.outbox.published");
        meters.gauge("donations.outbox.announced", announced, Set::size);
        Gauge.builder("donations.outbox.backlog", backlog, AtomicLong::get)
                .description("Contributions whose events wait in the outbox, at the last sweep").register(meters);
    }

    /** The ledger gave this contribution an event to publish. */
    public void publishSoon(String contributionId) {
        announced.add(contributionId);
    }

    /** @return how many events were published */
    @Scheduled(fixedDelayString = "${donations.outbox.announced-interval:10ms}")
    public synchronized int relayAnnounced() {
        if (announced.isEmpty()) {
            return 0;
        }
        List<Object> ids = new ArrayList<>();
        for (Iterator<String> it = announced.iterator(); it.hasNext() && ids.size() < SWEEP_BATCH;) {
            ids.add(it.next());
            it.remove();
        }
        return publish(mongo.find(Query.query(Criteria.where("_id").in(ids)), Document.class,
                ContributionLedger.CONTRIBUTIONS));
    }

    /** @return how many events were published in this round */
    @Scheduled(fixedDelayString = "${donations.outbox.interval:10s}")
    public synchronized int relay() {
        Query pending = Query.query(Criteria.where("outbox.0").exists(true));
        backlog.set(mongo.count(pending, ContributionLedger.CONTRIBUTIONS));
        return publish(mongo.find(pending.limit(SWEEP_BATCH), Document.class, ContributionLedger.CONTRIBUTIONS));
    }

    /** Rounds of "the oldest waiting event of each contribution" until all are out or Kafka fails. */
    private int publish(List<Document> contributions) {
        int count = 0;
        List<Document> waiting = new ArrayList<>(contributions);
        int round = 0;
        while (!waiting.isEmpty()) {
            List<CompletableFuture<SendResult<String, ContributionEvent>>> sends = new ArrayList<>();
            RuntimeException kafkaDown = null;
            for (Document contribution : waiting) {
                if (kafkaDown != null) { // no need to wait max.block.ms once per event to learn it again
                    sends.add(CompletableFuture.failedFuture(kafkaDown));
                    continue;
                }
                Document entry = outbox(contribution).get(round);
                ContributionEvent event = toEvent(contribution, entry);
                ProducerRecord<String, ContributionEvent> record = new ProducerRecord<>(Topics.CONTRIBUTIONS,
                        event.contributionId(), event);
                TraceContext.addTo(record.headers(), entry.getString(TraceContext.TRACEPARENT));
                try {
                    sends.add(kafka.send(record));
                } catch (RuntimeException refusedAtOnce) { // e.g. no broker metadata within max.block.ms
                    kafkaDown = refusedAtOnce;
                    sends.add(CompletableFuture.failedFuture(refusedAtOnce));
                }
            }
            List<Document> next = new ArrayList<>();
            for (int i = 0; i < waiting.size(); i++) {
                Document contribution = waiting.get(i);
                String eventId = outbox(contribution).get(round).getString("eventId");
                try {
                    sends.get(i).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.warn("Outbox relay paused, {} will be retried: {}", eventId,
                            NestedExceptionUtils.getMostSpecificCause(e).toString());
                    continue; // this contribution's later events wait behind it
                }
                mongo.updateFirst(Query.query(Criteria.where("_id").is(contribution.get("_id"))),
                        new Update().pull("outbox", new Document("eventId", eventId)), ContributionLedger.CONTRIBUTIONS);
                published.increment();
                count++;
                if (outbox(contribution).size() > round + 1) {
                    next.add(contribution);
                }
            }
            waiting = next;
            round++;
        }
        return count;
    }

    private static List<Document> outbox(Document contribution) {
        return contribution.getList("outbox", Document.class, List.of());
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
