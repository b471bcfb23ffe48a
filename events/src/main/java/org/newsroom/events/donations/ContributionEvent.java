package org.newsroom.events.donations;

import java.time.Instant;

/**
 * Something finance or the supporters' ticker must know about a contribution: version 1 of topic
 * {@code donations.contributions.v1}, keyed by contribution id (so one contribution's events stay in order).
 * JSON Schema: {@code schemas/contribution-event.v1.schema.json}. Published at least once through an outbox:
 * consumers deduplicate by {@code eventId}.
 *
 * @param amountMinorUnits   the contribution's amount in minor units of {@code currency}
 * @param refundedMinorUnits the total refunded so far (REFUNDED, PARTIALLY_REFUNDED), else 0
 */
public record ContributionEvent(
        int schemaVersion,
        String eventId,
        Type type,
        String contributionId,
        String frequency,
        long amountMinorUnits,
        String currency,
        long refundedMinorUnits,
        String country,
        String variant,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    /** SUBSCRIPTION_* events carry the subscription's first contribution id, frequency and amount. */
    public enum Type {
        PAID, FAILED, EXPIRED, PARTIALLY_REFUNDED, REFUNDED, DISPUTED, DISPUTE_WON, DISPUTE_LOST,
        SUBSCRIPTION_STARTED, SUBSCRIPTION_CANCELED
    }
}
