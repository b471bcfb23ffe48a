package org.newsroom.ads.inventory;

import java.time.Instant;

/**
 * What the reader sees. An image banner has {@code imageUrl} and {@code altText}; a native text ad has
 * {@code headline}, {@code body} and optionally {@code imageUrl}.
 *
 * @param clickUrl the advertiser's https landing page; readers reach it through the signed click beacon
 */
public record Creative(
        String id,
        long version,
        String campaignId,
        AdSize size,
        Format format,
        String imageUrl,
        String altText,
        String headline,
        String body,
        String clickUrl,
        ReviewStatus reviewStatus,
        Instant updatedAt) {

    public enum Format { IMAGE, NATIVE }

    public enum ReviewStatus { PENDING, APPROVED, REJECTED }
}
