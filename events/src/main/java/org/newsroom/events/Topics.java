package org.newsroom.events;

/**
 * Kafka topic names, the one place producers and consumers agree on them.
 * A breaking change to a payload gets a new topic version suffix rather than an in-place edit,
 * so consumers deployed before the change keep reading what they understand.
 */
public final class Topics {

    /** Ad impressions, viewable impressions and clicks, keyed by campaign id. */
    public static final String AD_TRACKING = "ads.tracking.v1";

    /** Contribution lifecycle events (created, paid, refunded, disputed), keyed by contribution id. */
    public static final String CONTRIBUTIONS = "donations.contributions.v1";

    private Topics() {
    }
}
