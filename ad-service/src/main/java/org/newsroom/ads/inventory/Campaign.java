package org.newsroom.ads.inventory;

import java.time.Instant;
import java.util.Set;

/**
 * A line item: what an advertiser bought, when, where, and how it must be delivered.
 *
 * @param weight          share within its tier's lottery, relative to the other eligible campaigns of that tier
 * @param cpm             price per thousand impressions
 * @param frequencyCap    null when the campaign may be shown to a reader any number of times
 * @param exclusionLabels competitive-separation labels: two campaigns sharing one never appear on the same page
 */
public record Campaign(
        String id,
        long version,
        String advertiserId,
        String name,
        Status status,
        Instant startsAt,
        Instant endsAt,
        Tier tier,
        int weight,
        Money cpm,
        DeliveryGoal goal,
        Pacing pacing,
        FrequencyCap frequencyCap,
        Targeting targeting,
        Set<String> exclusionLabels,
        Instant updatedAt) {

    public enum Status { DRAFT, ACTIVE, PAUSED, ENDED }

    /** Priority tiers in serving order, as in Google Ad Manager: sponsorship before standard before house. */
    public enum Tier { SPONSORSHIP, STANDARD, HOUSE }

    public enum Pacing { EVEN, ASAP }

    public boolean isInFlight(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    public Campaign withStatus(Status newStatus, long newVersion, Instant now) {
        return new Campaign(id, newVersion, advertiserId, name, newStatus, startsAt, endsAt, tier, weight, cpm, goal,
                pacing, frequencyCap, targeting, exclusionLabels, now);
    }
}
