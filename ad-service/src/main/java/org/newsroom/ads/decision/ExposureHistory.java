package org.newsroom.ads.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The capped campaigns one reader has been shown and when, oldest first. Held by the reader as a signed token
 * (see {@code ExposureTokenCodec}), so every ad-service instance sees the same history without shared state
 * or I/O on the decision path.
 */
public record ExposureHistory(List<Exposure> exposures) {

    public static final ExposureHistory EMPTY = new ExposureHistory(List.of());

    /** The most entries a history keeps, so the token stays well under a cookie's or header's size. */
    public static final int MAX_ENTRIES = 200;

    public record Exposure(String campaignId, Instant at) {
    }

    public ExposureHistory {
        exposures = List.copyOf(exposures);
    }

    public int countSince(String campaignId, Instant since) {
        int count = 0;
        for (Exposure exposure : exposures) {
            if (!exposure.at().isBefore(since) && exposure.campaignId().equals(campaignId)) {
                count++;
            }
        }
        return count;
    }

    /** Adds the exposures, drops those older than {@code retention}, and keeps the newest {@link #MAX_ENTRIES}. */
    public ExposureHistory plus(List<Exposure> added, Instant now, Duration retention) {
        Instant oldestKept = now.minus(retention);
        List<Exposure> kept = new ArrayList<>(exposures.size() + added.size());
        for (Exposure exposure : exposures) {
            if (!exposure.at().isBefore(oldestKept)) {
                kept.add(exposure);
            }
        }
        kept.addAll(added);
        int from = Math.max(0, kept.size() - MAX_ENTRIES);
        return new ExposureHistory(kept.subList(from, kept.size()));
    }
}
