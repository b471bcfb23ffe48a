package org.newsroom.ads.inventory;

import java.time.Duration;

/** At most {@code impressions} of the campaign per reader in any window of {@code periodHours}. */
public record FrequencyCap(int impressions, int periodHours) {

    public Duration period() {
        return Duration.ofHours(periodHours);
    }
}
