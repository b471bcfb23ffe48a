package org.newsroom.ads.tracking;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.newsroom.events.ads.AdTrackingEvent;
import org.newsroom.events.ads.AdTrackingEvent.Kind;
import org.newsroom.events.ads.AdTrackingEvent.Traffic;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies tracking events to MongoDB exactly once, without multi-document transactions.
 *
 * <ol>
 * <li>Duplicate beacons: each event id is inserted into {@code counted_events} (unique {@code _id}) with its
 * partition and offset. An id already there with another offset is a repeated beacon: skipped. With the same
 * offset it is this very record delivered again after a crash: it goes on to step 2.</li>
 * <li>Redelivery: every aggregate document remembers, per partition, the offset of the last record applied to it.
 * Records at or below it are skipped, and the increment is written in one atomic update conditional on that
 * offset being unchanged, together with the new offset. A replayed batch finds its offsets already applied.</li>
 * </ol>
 * Both work because events are keyed by campaign: one partition, so one consumer, owns a campaign's documents.
 */
@Component
class CountingStore {

    static final String HOURLY = "tracking_hourly";
    static final String DELIVERY = "campaign_delivery";
    static final String COUNTED = "counted_events";

    private final MongoCollection<Document> hourly;
    private final MongoCollection<Document> delivery;
    private final MongoCollection<Document> counted;
    /**
     * 100,000 ids, about 18 MB of heap: 10 s of events at 10,000/s, while a repeat beacon (a resent sendBeacon, a
     * restored tab) comes within seconds. 500,000 (90 MB) were most of ad-service's live heap in the local stack:
     * each entry lived long enough to be promoted, and the old generation filled with them (14 full collections of
     * about 340 ms over three benchmark runs, against 9 of about 280 ms with 100,000).
     */
    private final RecentlyCounted recentlyCounted = new RecentlyCounted(100_000);

    CountingStore(MongoTemplate mongo) {
        this.hourly = mongo.getCollection(HOURLY);
        this.delivery = mongo.getCollection(DELIVERY);
        this.counted = mongo.getCollection(COUNTED);
        // Beacon tokens live 2 h, so a duplicate cannot arrive after 30 days (TTL: enforced by real MongoDB only).
        counted.createIndex(Indexes.ascending("at"), new IndexOptions().expireAfter(30L, java.util.concurrent.TimeUnit.DAYS));
        hourly.createIndex(Indexes.ascending("hour", "advertiserId"));
    }

    /** Thrown when another consumer updated a document concurrently (a rebalance in progress): retry the batch. */
    static class ConcurrentCountingException extends RuntimeException {
        ConcurrentCountingException(String id) {
            super("Aggregate " + id + " was updated concurrently; the batch will be retried");
        }
    }

    /** @return the records counted for the first time, after both steps */
    List<ConsumerRecord<String, AdTrackingEvent>> count(List<ConsumerRecord<String, AdTrackingEvent>> records,
            Function<String, ZoneId> campaignZone, Instant now) {
        List<ConsumerRecord<String, AdTrackingEvent>> unknown = new ArrayList<>(records.size());
        for (ConsumerRecord<String, AdTrackingEvent> record : records) {
            if (!recentlyCounted.isRepeat(record)) {
                unknown.add(record);
            }
        }
        List<ConsumerRecord<String, AdTrackingEvent>> fresh = withoutRepeatedBeacons(unknown, now);
        fresh.forEach(recentlyCounted::remember);
        applyGuarded(hourly, group(fresh, CountingStore::hourlyId), CountingStore::hourlyIncrements,
                CountingStore::hourlyDimensions);
        List<ConsumerRecord<String, AdTrackingEvent>> billable = fresh.stream()
                .filter(r -> r.value().kind() == Kind.IMPRESSION && r.value().traffic() == Traffic.HUMAN).toList();
        applyGuarded(delivery, group(billable, r -> r.value().campaignId()),
                records2 -> deliveryIncrements(records2, campaignZone), first -> new Document());
        return fresh;
    }

    /**
     * The event ids this consumer counted lately, with the record that counted them: a repeat beacon is recognised
     * here without a MongoDB round trip. Only a shortcut: what it forgot (it is bounded, and empty after a restart)
     * the counted_events collection still knows.
     */
    static final class RecentlyCounted {

        private final Map<String, Long> byEventId;

        RecentlyCounted(int capacity) {
            this.byEventId = new java.util.LinkedHashMap<>(capacity / 4, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized boolean isRepeat(ConsumerRecord<String, AdTrackingEvent> record) {
            Long countedAt = byEventId.get(record.value().eventId());
            return countedAt != null && countedAt != position(record);
        }

        synchronized void remember(ConsumerRecord<String, AdTrackingEvent> record) {
            byEventId.put(record.value().eventId(), position(record));
        }

        private static long position(ConsumerRecord<?, ?> record) {
            return ((long) record.partition() << 48) | record.offset();
        }
    }

    private List<ConsumerRecord<String, AdTrackingEvent>> withoutRepeatedBeacons(
            List<ConsumerRecord<String, AdTrackingEvent>> records, Instant now) {
        if (records.isEmpty()) {
            return records;
        }
        List<Document> marks = new ArrayList<>(records.size());
        for (ConsumerRecord<String, AdTrackingEvent> record : records) {
            marks.add(new Document("_id", record.value().eventId()).append("p", record.partition())
                    .append("o", record.offset()).append("at", Date.from(now)));
        }
        Set<Integer> alreadyMarked = new HashSet<>();
        try {
            counted.insertMany(marks, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException partly) {
            for (BulkWriteError error : partly.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw partly;
                }
                alreadyMarked.add(error.getIndex());
            }
        }
        if (alreadyMarked.isEmpty()) {
            return records;
        }
        Set<Object> ids = new HashSet<>();
        alreadyMarked.forEach(i -> ids.add(marks.get(i).get("_id")));
        Map<Object, Document> owners = new HashMap<>();
        counted.find(Filters.in("_id", ids)).forEach(doc -> owners.put(doc.get("_id"), doc));
        List<ConsumerRecord<String, AdTrackingEvent>> kept = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, AdTrackingEvent> record = records.get(i);
            if (!alreadyMarked.contains(i)) {
                kept.add(record);
                continue;
            }
            Document owner = owners.get(record.value().eventId());
            boolean sameRecordAgain = owner != null && ((Number) owner.get("p")).intValue() == record.partition()
                    && ((Number) owner.get("o")).longValue() == record.offset();
            if (sameRecordAgain) {
                kept.add(record);
            }
        }
        return kept;
    }

    private static void applyGuarded(MongoCollection<Document> collection,
            Map<String, List<ConsumerRecord<String, AdTrackingEvent>>> groups,
            Function<List<ConsumerRecord<String, AdTrackingEvent>>, Document> increments,
            Function<AdTrackingEvent, Document> dimensions) {
        if (groups.isEmpty()) {
            return;
        }
        Map<Object, Document> applied = new HashMap<>();
        collection.find(Filters.in("_id", groups.keySet())).projection(new Document("offsets", 1))
                .forEach(doc -> applied.put(doc.get("_id"), doc.get("offsets", Document.class)));
        groups.forEach((id, records) -> {
            Document offsets = applied.get(id);
            List<ConsumerRecord<String, AdTrackingEvent>> pending = records.stream()
                    .filter(r -> r.offset() > appliedOffset(offsets, r.partition())).toList();
            if (pending.isEmpty()) {
                return;
            }
            Document filter = new Document("_id", id);
            Document newOffsets = new Document();
            for (ConsumerRecord<String, AdTrackingEvent> record : pending) {
                String path = "offsets." + record.partition();
                long current = appliedOffset(offsets, record.partition());
                filter.put(path, current < 0 ? new Document("$exists", false) : current);
                newOffsets.merge(path, record.offset(), (a, b) -> Math.max((Long) a, (Long) b));
            }
            Document update = new Document("$inc", increments.apply(pending)).append("$set", newOffsets);
            Document insertOnly = dimensions.apply(pending.getFirst().value());
            if (!insertOnly.isEmpty()) {
                update.append("$setOnInsert", insertOnly);
            }
            try {
                collection.updateOne(filter, update, new UpdateOptions().upsert(true));
            } catch (MongoWriteException conflict) {
                if (conflict.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    throw new ConcurrentCountingException(id);
                }
                throw conflict;
            }
        });
    }

    private static long appliedOffset(Document offsets, int partition) {
        Object offset = offsets == null ? null : offsets.get(String.valueOf(partition));
        return offset == null ? -1 : ((Number) offset).longValue();
    }

    private static Map<String, List<ConsumerRecord<String, AdTrackingEvent>>> group(
            List<ConsumerRecord<String, AdTrackingEvent>> records,
            Function<ConsumerRecord<String, AdTrackingEvent>, String> key) {
        Map<String, List<ConsumerRecord<String, AdTrackingEvent>>> groups = new LinkedHashMap<>();
        records.forEach(record -> groups.computeIfAbsent(key.apply(record), k -> new ArrayList<>()).add(record));
        return groups;
    }

    static Instant hourOf(AdTrackingEvent event) {
        return event.occurredAt().truncatedTo(ChronoUnit.HOURS);
    }

    private static String hourlyId(ConsumerRecord<String, AdTrackingEvent> record) {
        AdTrackingEvent e = record.value();
        return e.campaignId() + "|" + e.creativeId() + "|" + e.slot() + "|" + hourOf(e).getEpochSecond();
    }

    private static Document hourlyDimensions(AdTrackingEvent e) {
        return new Document("advertiserId", e.advertiserId()).append("campaignId", e.campaignId())
                .append("creativeId", e.creativeId()).append("slot", e.slot())
                .append("hour", Date.from(hourOf(e))).append("currency", e.currency());
    }

    private static Document hourlyIncrements(List<ConsumerRecord<String, AdTrackingEvent>> records) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (ConsumerRecord<String, AdTrackingEvent> record : records) {
            AdTrackingEvent e = record.value();
            boolean human = e.traffic() == Traffic.HUMAN;
            String field = switch (e.kind()) {
                case IMPRESSION -> human ? "impressions" : "botImpressions";
                case VIEWABLE -> human ? "viewables" : "botViewables";
                case CLICK -> human ? "clicks" : "botClicks";
            };
            totals.merge(field, 1L, Long::sum);
            if (human && e.kind() == Kind.IMPRESSION) {
                // Spend in thousandths of a minor unit: CPM / 1000 per impression, kept exact as an integer.
                totals.merge("spendMilliMinor", e.cpmMinorUnits(), Long::sum);
            }
        }
        return new Document(totals);
    }

    private static Document deliveryIncrements(List<ConsumerRecord<String, AdTrackingEvent>> records,
            Function<String, ZoneId> campaignZone) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (ConsumerRecord<String, AdTrackingEvent> record : records) {
            AdTrackingEvent e = record.value();
            totals.merge("lifetime", 1L, Long::sum);
            String day = e.occurredAt().atZone(campaignZone.apply(e.campaignId())).toLocalDate().toString();
            totals.merge("days." + day, 1L, Long::sum);
        }
        return new Document(totals);
    }
}
