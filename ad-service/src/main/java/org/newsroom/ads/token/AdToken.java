package org.newsroom.ads.token;

import java.time.Instant;

/**
 * What a beacon or click URL proves: this decision put this creative of this campaign in this slot at this time.
 * One token serves the impression, viewability and click URLs of a placement; the endpoint says which event it is.
 */
public record AdToken(String decisionId, String slot, String campaignId, String creativeId, Instant issuedAt,
        Instant expiresAt) {
}
