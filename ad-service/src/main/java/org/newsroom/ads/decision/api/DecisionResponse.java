package org.newsroom.ads.decision.api;

import java.util.Map;

/**
 * @param decisions      by slot key; null means no fill and the page collapses the slot
 * @param frequencyToken the reader's updated frequency history, to send with the next request; null without consent
 */
public record DecisionResponse(String decisionId, Map<String, AdView> decisions, String frequencyToken) {

    /** What a slot renders, and the signed URLs it calls when the ad renders, becomes viewable and is clicked. */
    public record AdView(
            String campaignId,
            String creativeId,
            String advertiserId,
            String format,
            int width,
            int height,
            String imageUrl,
            String altText,
            String headline,
            String body,
            String impressionUrl,
            String viewUrl,
            String clickUrl) {
    }
}
