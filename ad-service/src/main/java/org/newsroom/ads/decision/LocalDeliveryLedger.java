package org.newsroom.ads.decision;

import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts this instance's decisions in memory: the stand-in for delivered impressions until tracking exists. */
public final class LocalDeliveryLedger implements DeliveryLedger {

    private record DayKey(String campaignId, LocalDate day) {
    }

    private final ConcurrentMap<String, LongAdder> totals = new ConcurrentHashMap<>();
    private final ConcurrentMap<DayKey, LongAdder> daily = new ConcurrentHashMap<>();

    @Override
    public long deliveredOn(String campaignId, LocalDate day) {
        LongAdder count = daily.get(new DayKey(campaignId, day));
        return count == null ? 0 : count.sum();
    }

    @Override
    public long deliveredInTotal(String campaignId) {
        LongAdder count = totals.get(campaignId);
        return count == null ? 0 : count.sum();
    }

    @Override
    public void recordServed(String campaignId, LocalDate day) {
        totals.computeIfAbsent(campaignId, id -> new LongAdder()).increment();
        daily.computeIfAbsent(new DayKey(campaignId, day), key -> new LongAdder()).increment();
        // Keep only today's and yesterday's daily counters per campaign.
        if (daily.size() > 4 * totals.size() + 16) {
            LocalDate oldestKept = day.minusDays(1);
            daily.keySet().removeIf(key -> key.day().isBefore(oldestKept));
        }
    }
}
