package org.newsroom.ads.token;

import java.time.Instant;

import org.newsroom.ads.inventory.Money;

/**
 * What a beacon or click URL proves: this decision put this creative of this campaign in this slot at this time,
 * at this price (so spend is counted at the price in force when the ad was chosen).
 * One token serves the impression, viewability and click URLs of a placement; the endpoint says which event it is.
 */
public record AdToken(String decisionId, String slot, String advertiserId, String campaignId, String creativeId,
        Money cpm, Instant issuedAt, Instant expiresAt) {
}
