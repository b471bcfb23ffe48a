package org.newsroom.events.ads;

import java.time.Instant;

/**
 * An ad rendered, became viewable, or was clicked: version 1 of topic {@code ads.tracking.v1}, keyed by campaign id.
 * JSON Schema: {@code schemas/ad-tracking-event.v1.schema.json}.
 *
 * @param eventId       stable per decision, slot and kind: a repeated beacon yields the same id and counts once
 * @param cpmMinorUnits the price per thousand impressions when the ad was chosen, in minor units of {@code currency}
 * @param decidedAt     when the decision was made (from the signed token)
 * @param occurredAt    when the beacon reached ad-service
 * @param traffic       BOT when the request matched the bot filter: counted separately, never billed
 */
public record AdTrackingEvent(
        int schemaVersion,
        String eventId,
        Kind kind,
        String decisionId,
        String slot,
        String advertiserId,
        String campaignId,
        String creativeId,
        long cpmMinorUnits,
        String currency,
        Instant decidedAt,
        Instant occurredAt,
        Traffic traffic) {

    public static final int SCHEMA_VERSION = 1;

    public enum Kind { IMPRESSION, VIEWABLE, CLICK }

    public enum Traffic { HUMAN, BOT }

    public static String eventIdOf(String decisionId, String slot, Kind kind) {
        return decisionId + "/" + slot + "/" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
