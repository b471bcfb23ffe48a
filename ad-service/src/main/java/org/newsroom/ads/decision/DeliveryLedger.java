package org.newsroom.ads.decision;

import java.time.LocalDate;

/**
 * Delivered impressions per campaign, the input of pacing and goals. Until tracking feeds counted impressions
 * back, {@link LocalDeliveryLedger} counts this instance's decisions; a reporting-backed ledger replaces it
 * without touching the engine.
 */
public interface DeliveryLedger {

    long deliveredOn(String campaignId, LocalDate day);

    long deliveredInTotal(String campaignId);

    /** Called once per slot the engine fills; {@code day} is the campaign's local day. */
    void recordServed(String campaignId, LocalDate day);
}
