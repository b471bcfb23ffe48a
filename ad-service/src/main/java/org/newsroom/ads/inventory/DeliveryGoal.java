package org.newsroom.ads.inventory;

/**
 * @param lifetimeImpressions the campaign stops once this many impressions are delivered; null for no goal
 * @param dailyImpressions    at most this many per day in the campaign's time zone; null for no daily cap
 */
public record DeliveryGoal(Long lifetimeImpressions, Long dailyImpressions) {

    public static final DeliveryGoal NONE = new DeliveryGoal(null, null);
}
