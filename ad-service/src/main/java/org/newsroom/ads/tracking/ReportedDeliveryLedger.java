package org.newsroom.ads.tracking;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.bson.Document;
import org.newsroom.ads.decision.DeliveryLedger;
import org.newsroom.ads.decision.LocalDeliveryLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Delivered impressions as counted from render beacons (campaign_delivery), reloaded every second on every
 * instance, plus the decisions this instance made since the last reload so a burst between reloads is paced too.
 * Over-delivery past a goal is bounded by the impressions decided but not yet counted: roughly, across all
 * instances, the campaign's decision rate times (beacon-to-count lag + one reload interval).
 */
public class ReportedDeliveryLedger implements DeliveryLedger {

    private static final Logger log = LoggerFactory.getLogger(ReportedDeliveryLedger.class);

    private record Delivered(long lifetime, Map<LocalDate, Long> byDay) {
    }

    private final MongoTemplate mongo;
    private volatile Map<String, Delivered> counted = Map.of();
    private volatile LocalDeliveryLedger decidedSinceReload = new LocalDeliveryLedger();

    public ReportedDeliveryLedger(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public long deliveredOn(String campaignId, LocalDate day) {
        Delivered delivered = counted.get(campaignId);
        long reported = delivered == null ? 0 : delivered.byDay().getOrDefault(day, 0L);
        return reported + decidedSinceReload.deliveredOn(campaignId, day);
    }

    @Override
    public long deliveredInTotal(String campaignId) {
        Delivered delivered = counted.get(campaignId);
        return (delivered == null ? 0 : delivered.lifetime()) + decidedSinceReload.deliveredInTotal(campaignId);
    }

    @Override
    public void recordServed(String campaignId, LocalDate day) {
        decidedSinceReload.recordServed(campaignId, day);
    }

    @Scheduled(fixedDelayString = "${ads.tracking.delivery-refresh:1s}")
    public void reload() {
        try {
            Map<String, Delivered> fresh = new HashMap<>();
            for (Document doc : mongo.getCollection(CountingStore.DELIVERY).find()) {
                Map<LocalDate, Long> byDay = new HashMap<>();
                Document days = doc.get("days", Document.class);
                if (days != null) {
                    days.forEach((day, count) -> byDay.put(LocalDate.parse(day), ((Number) count).longValue()));
                }
                Number lifetime = (Number) doc.get("lifetime");
                fresh.put(doc.getString("_id"), new Delivered(lifetime == null ? 0 : lifetime.longValue(), byDay));
            }
            counted = fresh;
            decidedSinceReload = new LocalDeliveryLedger();
        } catch (RuntimeException e) {
            log.warn("Delivery counts not reloaded, pacing on the previous ones: {}", e.toString());
        }
    }
}
